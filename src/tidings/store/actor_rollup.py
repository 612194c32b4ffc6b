"""One row per actor as the actors listing shows it (a name with a country and a sector), kept
current as analyses are saved, so that the listing, its count and an actor's profile read a few
rows instead of grouping every actor row of every article.

    article_actors(conn, article_id)    what an article's actor rows add to the rollup now
    apply(conn, before, after)          move the rollup from one article's `before` to its `after`
    dated(conn, article_id)             an article's publication date was filled in: widen its actors' dates
    listed(conn, ...) / count_listed    a page of the actors listing, and how many it has in all
    backfill_actor_rollup(conn)         fill the rollup from the analyses stored before it existed

Tables (migration m008, the same on PostgreSQL); '' stands for no country, sector or CAMEO code,
because a key column cannot be NULL:
- actor_totals: name, country, sector; name_key (normalise_name of the name: a name is looked up
  by it); articles (articles with such an actor row), mentions (the
  rows' mentions in all), first_published and last_published (of those articles);
- actor_kinds: name, country, sector, kind, cameo; rows (actor rows so coded: the listing shows the
  most frequent kind and code) and articles (articles with such a row: an actor's codes count them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Final

from tidings.actors.names import normalise_name
from tidings.store.dialect import Connection, Param, dialect_of, one_row, optional_text, text, whole

__all__ = ["INDEXES", "SPARSE_ACTOR", "ArticleActors", "Usual", "apply", "article_actors", "articles_naming",
           "backfill_actor_rollup",
           "count_listed", "dated", "listed", "names_keyed", "stored_names", "usual_codes"]

# An actor named in more articles than this is read by walking a listing in its order and
# keeping its rows (soon found); a rarer one by its own rows first, which are few.
SPARSE_ACTOR = 5_000
Group = tuple[str, str, str]  # name, country, sector ('' for none)
Coded = tuple[str, str]  # kind, cameo ('' for none)
LISTING_ORDER: Final = "articles DESC, mentions DESC, name, country, sector"
# The same on SQLite and PostgreSQL: the listing's order whole, by country and by sector; a name's
# key; and the partial index of the actor rows that state a role (a profile reads those alone).
INDEXES: Final = (
    f"CREATE INDEX actor_totals_listed ON actor_totals ({LISTING_ORDER})",
    "CREATE INDEX actor_totals_country ON actor_totals (country, articles DESC, mentions DESC, name, sector)",
    "CREATE INDEX actor_totals_sector ON actor_totals (sector, articles DESC, mentions DESC, name, country)",
    "CREATE INDEX actor_totals_key ON actor_totals (name_key)",
    "CREATE INDEX actors_stated_roles ON actors (name) WHERE roles_json <> '[]'",
)


@dataclass(frozen=True, slots=True)
class ArticleActors:
    """What one article's actor rows add to the rollup: per group its mentions and its rows by
    kind and code, and the article's publication date."""

    published: str | None = None
    mentions: dict[Group, int] = field(default_factory=dict)
    coded: dict[Group, Counter[Coded]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Usual:
    """A listed actor's most frequent kind and CAMEO code."""

    kind: str
    cameo: str | None


def article_actors(conn: Connection, article_id: str) -> ArticleActors:
    """The article's actor rows as the rollup counts them (nothing when it has none)."""
    found = conn.execute(
        "SELECT a.name, coalesce(a.country, ''), coalesce(a.sector, ''), a.kind, coalesce(a.cameo, ''), "
        "count(*), CAST(sum((SELECT count(*) FROM mentions m WHERE m.article_id = a.article_id "
        "AND m.actor_id = a.id)) AS BIGINT), p.published "
        "FROM actors a JOIN articles p ON p.id = a.article_id WHERE a.article_id = ? "
        "GROUP BY 1, 2, 3, 4, 5, 8", (article_id,)).fetchall()
    published: str | None = None
    mentions: dict[Group, int] = {}
    coded: dict[Group, Counter[Coded]] = {}
    for name, country, sector, kind, cameo, rows, named, day in found:
        group = (text(name), text(country), text(sector))
        mentions[group] = mentions.get(group, 0) + whole(named or 0)
        coded.setdefault(group, Counter())[(text(kind), text(cameo))] += whole(rows)
        published = optional_text(day)
    return ArticleActors(published, mentions, coded)


def apply(conn: Connection, before: ArticleActors, after: ArticleActors) -> None:
    """Move the rollup from an article's actor rows `before` to its rows `after` (either may be
    empty: a new article, an analysis with no actors). An actor no article names any longer loses
    its rows; one whose first or last date was this article's is dated anew from its articles."""
    if before == after:
        return
    totals: list[tuple[Param, ...]] = []
    for group in sorted(before.mentions.keys() | after.mentions.keys()):
        articles = (group in after.mentions) - (group in before.mentions)
        mentions = after.mentions.get(group, 0) - before.mentions.get(group, 0)
        day = after.published if group in after.mentions else None
        totals.append((*group, normalise_name(group[0]), articles, mentions, day, day))
    conn.executemany(
        "INSERT INTO actor_totals (name, country, sector, name_key, articles, mentions, first_published, "
        "last_published) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, country, sector) DO UPDATE SET "
        "articles = actor_totals.articles + excluded.articles, "
        "mentions = actor_totals.mentions + excluded.mentions, "
        f"first_published = {_earlier('actor_totals.first_published', 'excluded.first_published')}, "
        f"last_published = {_later('actor_totals.last_published', 'excluded.last_published')}", totals)
    kinds: list[tuple[Param, ...]] = []
    for group in sorted(before.coded.keys() | after.coded.keys()):
        was, now = before.coded.get(group, Counter()), after.coded.get(group, Counter())
        for coded in sorted(was.keys() | now.keys()):
            kinds.append((*group, *coded, now[coded] - was[coded], (coded in now) - (coded in was)))
    conn.executemany(
        "INSERT INTO actor_kinds (name, country, sector, kind, cameo, rows, articles) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name, country, sector, kind, cameo) DO UPDATE SET "
        "rows = actor_kinds.rows + excluded.rows, articles = actor_kinds.articles + excluded.articles", kinds)
    gone = [group for group in before.mentions if group not in after.mentions]
    of_group = "name = ? AND country = ? AND sector = ?"
    conn.executemany(f"DELETE FROM actor_kinds WHERE {of_group} AND articles <= 0", list(before.coded))
    conn.executemany(f"DELETE FROM actor_totals WHERE {of_group} AND articles <= 0", gone)
    # a date leaving a group may have been its first or last: date those groups anew
    if before.published is not None:
        moved = [group for group in before.mentions
                 if group not in after.mentions or after.published != before.published]
        _redate(conn, moved, before.published)


def _earlier(stored: str, new: str) -> str:
    """SQL for the earlier of two dates, either of which may be NULL (SQL's min() would be NULL)."""
    return (f"CASE WHEN {new} IS NULL THEN {stored} WHEN {stored} IS NULL OR {new} < {stored} "
            f"THEN {new} ELSE {stored} END")


def _later(stored: str, new: str) -> str:
    """SQL for the later of two dates, either of which may be NULL."""
    return (f"CASE WHEN {new} IS NULL THEN {stored} WHEN {stored} IS NULL OR {new} > {stored} "
            f"THEN {new} ELSE {stored} END")


def _redate(conn: Connection, groups: Sequence[Group], left: str) -> None:
    """Date anew the groups whose first or last date was `left`, from their articles (a scan of
    the group's actor rows: only when an article's analysis or date is replaced)."""
    for group in groups:
        found = conn.execute("SELECT first_published, last_published FROM actor_totals "
                             "WHERE name = ? AND country = ? AND sector = ?", group).fetchone()
        if found is None or left not in (found[0], found[1]):
            continue
        first, last = one_row(conn.execute(
            "SELECT min(p.published), max(p.published) FROM actors a JOIN articles p ON p.id = a.article_id "
            "WHERE a.name = ? AND coalesce(a.country, '') = ? AND coalesce(a.sector, '') = ?", group))
        conn.execute("UPDATE actor_totals SET first_published = ?, last_published = ? "
                     "WHERE name = ? AND country = ? AND sector = ?",
                     (optional_text(first), optional_text(last), *group))


def dated(conn: Connection, article_id: str) -> None:
    """The article had no publication date and has one now: its actors' dates may widen."""
    actors = article_actors(conn, article_id)
    if actors.published is None:
        return
    conn.executemany(
        f"UPDATE actor_totals SET first_published = {_earlier('first_published', '?')}, "
        f"last_published = {_later('last_published', '?')} WHERE name = ? AND country = ? AND sector = ?",
        [(*[actors.published] * 6, *group) for group in actors.mentions])  # each CASE reads it thrice


# -- reading --------------------------------------------------------------------------------------

def _filter(country: str | None, sector: str | None, names: Sequence[str] | None,
            conn: Connection) -> tuple[str, list[Param]]:
    """WHERE for the listing's filters: codes already upper-cased ('' for none), names spelt."""
    clauses: list[str] = []
    params: list[Param] = []
    for column, value in (("country", country), ("sector", sector)):
        if value is not None:
            clauses.append(f"{column} = ?")
            params.append(value)
    if names is not None:
        dialect = dialect_of(conn)
        clauses.append(dialect.in_list("name"))
        params.append(dialect.list_param(list(names)))
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def listed(conn: Connection, *, country: str | None, sector: str | None, names: Sequence[str] | None,
           limit: int, offset: int) -> list[tuple[Group, int, int, str | None, str | None]]:
    """A page of the actors listing, most articles first: each group, its articles and mentions,
    and its first and last publication dates."""
    where, params = _filter(country, sector, names, conn)
    found = conn.execute(
        "SELECT name, country, sector, articles, mentions, first_published, last_published FROM actor_totals "
        f"{where} ORDER BY {LISTING_ORDER} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    return [((text(name), text(country_), text(sector_)), whole(articles), whole(mentions),
             optional_text(first), optional_text(last))
            for name, country_, sector_, articles, mentions, first, last in found]


def count_listed(conn: Connection, *, country: str | None, sector: str | None,
                 names: Sequence[str] | None) -> int:
    """How many rows the actors listing with these filters has in all (one per group)."""
    where, params = _filter(country, sector, names, conn)
    (count,) = one_row(conn.execute(f"SELECT count(*) FROM actor_totals {where}", params))
    return whole(count)


def usual_codes(conn: Connection, groups: Iterable[Group]) -> dict[Group, Usual]:
    """Each group's most frequent kind and code: most rows, then kind and code in order."""
    wanted = set(groups)
    if not wanted:
        return {}
    dialect = dialect_of(conn)
    found = conn.execute(
        f"SELECT name, country, sector, kind, cameo, rows FROM actor_kinds WHERE {dialect.in_list('name')}",
        [dialect.list_param(sorted({name for name, _, _ in wanted}))]).fetchall()
    best: dict[Group, tuple[int, str, str]] = {}
    for name, country, sector, kind, cameo, rows in found:
        group = (text(name), text(country), text(sector))
        if group not in wanted:
            continue
        ranked = (-whole(rows), text(kind), text(cameo))
        if group not in best or ranked < best[group]:
            best[group] = ranked
    return {group: Usual(kind, cameo or None) for group, (_, kind, cameo) in best.items()}


_EVERY_ROW: Final = """
SELECT a.name, coalesce(a.country, '') AS country, coalesce(a.sector, '') AS sector, a.kind,
       coalesce(a.cameo, '') AS cameo, a.article_id, p.published,
       (SELECT count(*) FROM mentions m WHERE m.article_id = a.article_id AND m.actor_id = a.id) AS mentions
FROM actors a JOIN articles p ON p.id = a.article_id
"""


def articles_naming(conn: Connection, names: Sequence[str]) -> int:
    """How many articles name any of `names` (counted per name and code, as the listing counts)."""
    dialect = dialect_of(conn)
    (count,) = one_row(conn.execute(
        "SELECT CAST(coalesce(sum(articles), 0) AS BIGINT) FROM actor_totals "
        f"WHERE {dialect.in_list('name')}", [dialect.list_param(list(names))]))
    return whole(count)


def stored_names(conn: Connection) -> list[str]:
    """Every stored actor name (one row of the rollup each, not every actor row)."""
    return [text(name) for (name,) in conn.execute("SELECT DISTINCT name FROM actor_totals").fetchall()]


def names_keyed(conn: Connection, key: str) -> list[str]:
    """The stored names whose normalise_name is `key`."""
    return [text(name) for (name,) in conn.execute(
        "SELECT DISTINCT name FROM actor_totals WHERE name_key = ?", (key,)).fetchall()]


def backfill_actor_rollup(conn: Connection) -> None:
    """Fill the rollup from the analyses stored before it existed, in one pass over the actor rows."""
    conn.execute("INSERT INTO actor_totals (name, country, sector, name_key, articles, mentions, "
                 "first_published, last_published) SELECT name, country, sector, '', "
                 "count(DISTINCT article_id), sum(mentions), min(published), max(published) "
                 f"FROM ({_EVERY_ROW}) AS every_row GROUP BY name, country, sector")
    names = [text(name) for (name,) in conn.execute("SELECT DISTINCT name FROM actor_totals").fetchall()]
    conn.executemany("UPDATE actor_totals SET name_key = ? WHERE name = ?",
                     [(normalise_name(name), name) for name in names])
    conn.execute("INSERT INTO actor_kinds (name, country, sector, kind, cameo, rows, articles) "
                 "SELECT name, country, sector, kind, cameo, count(*), count(DISTINCT article_id) "
                 f"FROM ({_EVERY_ROW}) AS every_row GROUP BY name, country, sector, kind, cameo")
