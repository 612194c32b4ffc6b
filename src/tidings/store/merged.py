"""Merged events in the store: the rows behind linking each article's event mentions to
real-world events, and listing those events with their counts (mentions, articles, outlets, first
and last report).

Linking is decided by tidings.events.linking; here are only its reads (an article's mentions in
text order, the canonical events linked within a root group's days, and with sides that could
agree, through the indexes on event_links, those events' mentions) and its write (`save_links`).
"""

from __future__ import annotations

import base64
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Unpack

from tidings.actors.names import normalise_name
from tidings.events.merge import EventLink, Side, SideCondition, StoredMention, StoredSide
from tidings.filters import EventKwargs, FilterError, iso_bound
from tidings.rows import EventRow, MergedEventRow, TellingRow
from tidings.store.dialect import (
    Connection,
    Param,
    dialect_of,
    one_row,
    optional_number,
    optional_text,
    row_dicts,
    text,
    whole,
)
from tidings.store.events import KEY_SEPARATOR, _event_filter, _select, event_fields, event_key, event_row
from tidings.store.rollup import (
    EVERY,
    EventSummary,
    refresh,
    rollup_count,
    rollup_filters,
    rollup_page,
    rollup_summaries,
    saved_canonicals,
)
from tidings.store.timeline import DayCount, day_counts
from tidings.stories import StoryArticle


def _mention_rows(conn: Connection, where: str, params: Sequence[Param], *,
                  with_coder: bool = True, linked: bool = False) -> list[dict[str, object]]:
    select = _select(dialect_of(conn), with_coder=with_coder, linked=linked)
    return row_dicts(conn.execute(f"{select} {where} ORDER BY e.article_id, e.span_start, e.id", params))


def _mentions(conn: Connection, where: str, params: Sequence[Param], *,
              linked: bool = False) -> list[EventRow]:
    return [event_row(row) for row in _mention_rows(conn, where, params, linked=linked)]


# -- linking ------------------------------------------------------------------------------------

def has_links(conn: Connection, article_id: str) -> bool:
    """True when the article's mentions are linked already."""
    found = conn.execute("SELECT 1 FROM event_links WHERE article_id = ? LIMIT 1", (article_id,)).fetchone()
    return found is not None


def _stored_mentions(conn: Connection, where: str, params: Sequence[Param], *,
                     linked: bool = False) -> list[StoredMention]:
    # Without the coder: merging does not read it, and reading it from the article's analysis
    # parses the whole analysis once per event.
    # Read from the columns alone (no extra_json): linking reads every candidate's mentions.
    return [_stored(row) for row in _mention_rows(conn, where, params, with_coder=False, linked=linked)]


def _stored(row: Mapping[str, object]) -> StoredMention:
    def side(prefix: str) -> StoredSide | None:
        if row[prefix] is None:
            return None
        return StoredSide(optional_text(row[f"{prefix}_name"]), optional_text(row[f"{prefix}_country"]),
                          optional_text(row[f"{prefix}_sector"]))

    return StoredMention(text(row["article_id"]), text(row["id"]), text(row["canonical"]),
                         text(row["cameo"]), optional_text(row["root"]), optional_text(row["modality"]),
                         optional_text(row["date"]), optional_text(row["date_precision"]),
                         optional_text(row["published"]), side("source"), side("target"))


def article_mentions(conn: Connection, article_id: str) -> list[StoredMention]:
    """The article's event mentions in text order."""
    return _stored_mentions(conn, "WHERE e.article_id = ?", [article_id])


# The widest span (last_day minus first_day, in days) of each class of linked mentions: a day; a
# week, or an undated mention's window; a month; a year (tidings.events.merge.days_of). Any wider
# span is one class more. Linking reads each class through the index only up to its width past
# the days it looks for, so what it reads is the mentions near those days, not every later
# mention of the root group (which grows with the database).
SPAN_CLASS_DAYS = (0, 7, 31, 366)


def span_class(first_day: date | None, last_day: date | None) -> int | None:
    """The class (an index into SPAN_CLASS_DAYS, or its length) of a mention's days; None undated."""
    if first_day is None or last_day is None:
        return None
    span = (last_day - first_day).days
    return next((n for n, days in enumerate(SPAN_CLASS_DAYS) if span <= days), len(SPAN_CLASS_DAYS))


def fill_span_classes(conn: Connection) -> None:
    """Give every stored link the span class `span_class` gives it (for links made before it)."""
    plus_days = dialect_of(conn).plus_days
    classes = " ".join(f"WHEN last_day <= {plus_days('first_day', days)} THEN {n}"
                       for n, days in enumerate(SPAN_CLASS_DAYS))
    conn.execute("UPDATE event_links SET span_class = CASE WHEN first_day IS NULL OR last_day IS NULL "
                 f"THEN NULL {classes} ELSE {len(SPAN_CLASS_DAYS)} END")


def linked_canonicals(conn: Connection, root_group: str, first_day: date, last_day: date, *,
                      sources: Sequence[SideCondition] | None = None,
                      targets: Sequence[SideCondition] | None = None) -> set[str]:
    """The canonical events with a mention linked under `root_group` whose days overlap
    [first_day, last_day] and, when given, whose source meets one of `sources` and whose target
    one of `targets` (tidings.events.merge.agreeing_stored_sides; None: any side).

    Per span class, the links that end from first_day to the class's width after last_day:
    through the index on the root group, one condition on the side keys of the sources (else of
    the targets), the class and the last day; without sides, through the index on the root group,
    class and last day. The other side is checked on the rows that range holds."""
    first, last = first_day.isoformat(), last_day.isoformat()
    role, ranges, checked = ("source", sources, _any_of("target", targets)) if sources is not None else (
        "target", targets, ([], []))
    selects: list[str] = []
    params: list[Param] = []
    for condition in ranges if ranges is not None else [()]:
        keys, key_params = _side_terms(role, condition)
        for n, days in enumerate((*SPAN_CLASS_DAYS, None)):
            ends = "last_day >= ?" if days is None else "last_day BETWEEN ? AND ?"
            where = ["root_group = ?", *keys, "span_class = ?", ends, "first_day <= ?", *checked[0]]
            selects.append(f"SELECT canonical FROM event_links WHERE {' AND '.join(where)}")
            params += [root_group, *key_params, n, first]
            params += [] if days is None else [(last_day + timedelta(days=days)).isoformat()]
            params += [last, *checked[1]]
    found = conn.execute(" UNION ".join(selects), params).fetchall()
    return {text(canonical) for (canonical,) in found}


def _side_terms(role: str, condition: SideCondition) -> tuple[list[str], list[Param]]:
    """The terms that hold for a link whose `role` side meets `condition`, and their parameters."""
    terms = [f"{role}_{field}_key " + ("IS NULL" if value is None else "= ?") for field, value in condition]
    return terms, [value for _, value in condition if value is not None]


def _any_of(role: str, conditions: Sequence[SideCondition] | None) -> tuple[list[str], list[Param]]:
    """The term that holds for a link whose `role` side meets one of `conditions` (none for None)."""
    if conditions is None:
        return [], []
    terms = [_side_terms(role, condition) for condition in conditions]
    return (["(" + " OR ".join(f"({' AND '.join(sql)})" for sql, _ in terms) + ")"],
            [param for _, params in terms for param in params])


def m014_link_sides(conn: Connection, *, text_type: str = "TEXT") -> None:
    """The migration m014 (store.migrations; pg_schema's twin collates the columns): the keys of
    each link's sides as columns, filled for the links stored before, and indexed by root group,
    a side's name or country, span class and last day, through which linking reads only the links
    whose sides could agree with a mention's (linked_canonicals)."""
    sides = [f"{role}_{field}_key" for role in ("source", "target") for field in ("name", "country")]
    for column in sides:
        conn.execute(f"ALTER TABLE event_links ADD COLUMN {column} {text_type}")
    fill_link_sides(conn)
    for column in sides:
        conn.execute(f"CREATE INDEX event_links_{column}s ON event_links (root_group, {column}, span_class, "
                     "last_day)")


def fill_link_sides(conn: Connection) -> None:
    """Give every stored link the keys of its mention's sides (for links made before they were
    kept): each actor's normalised name (tidings.actors.names.normalise_name) and its country."""
    conn.execute("CREATE TEMPORARY TABLE link_side_names (raw TEXT PRIMARY KEY, name_key TEXT)")
    names = [text(raw) for (raw,) in conn.execute("SELECT DISTINCT name FROM actors WHERE name <> ''")]
    conn.executemany("INSERT INTO link_side_names (raw, name_key) VALUES (?, ?)",
                     [(raw, normalise_name(raw) or None) for raw in names])
    conn.execute("""UPDATE event_links SET (source_name_key, source_country_key, target_name_key,
                                            target_country_key) = (
        SELECT sn.name_key, nullif(s.country, ''), tn.name_key, nullif(t.country, '')
        FROM events e
        LEFT JOIN actors s ON s.article_id = e.article_id AND s.id = e.source
        LEFT JOIN link_side_names sn ON sn.raw = s.name
        LEFT JOIN actors t ON t.article_id = e.article_id AND t.id = e.target
        LEFT JOIN link_side_names tn ON tn.raw = t.name
        WHERE e.article_id = event_links.article_id AND e.id = event_links.event_id)""")
    conn.execute("DROP TABLE link_side_names")


def canonical_mentions(conn: Connection, canonicals: Sequence[str]) -> list[StoredMention]:
    """Every linked mention of these canonical events, by article, then in text order."""
    dialect = dialect_of(conn)
    return _stored_mentions(conn, f"WHERE {dialect.in_list('l.canonical')}",
                            [dialect.list_param(list(canonicals))], linked=True)


def save_links(conn: Connection, article_id: str, links: Iterable[EventLink]) -> None:
    """Insert the article's links; a mention linked already keeps its link. The rollup rows of
    the events they join, and of the mentions that were events of their own, follow."""
    saved = list(links)
    before = saved_canonicals(conn, article_id)
    conn.executemany(
        "INSERT INTO event_links (article_id, event_id, canonical, anchor, score, reason, root_group, "
        "first_day, last_day, span_class, source_name_key, source_country_key, target_name_key, "
        "target_country_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [(article_id, link.event_id, link.canonical, link.anchor, link.score, link.reason, link.root_group,
          _iso(link.first_day), _iso(link.last_day), span_class(link.first_day, link.last_day),
          *_side_keys(link.source), *_side_keys(link.target))
         for link in saved],
    )
    refresh(conn, before | {link.canonical for link in saved})


def _side_keys(side: Side | None) -> tuple[str | None, str | None]:
    """The normalised name and the country a side is filed under (None for none: a missing side
    is filed as one without either, which agrees with the same sides)."""
    return (side.name or None, side.country or None) if side is not None else (None, None)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


# -- listing ------------------------------------------------------------------------------------

def merged_events(conn: Connection, *, limit: int = 100, offset: int = 0,
                  **filters: Unpack[EventKwargs]) -> list[MergedEventRow]:
    """Real-world events, each once: the filters of store.events.events select mentions, and an
    event is listed when any of its mentions is selected.

    Each is its first mention's row (store.events.events' fields, `key` being the canonical key)
    plus mentions, articles, outlets (counts over all its mentions), first_report and
    last_report (publication times). Latest event date first.
    """
    return [row for row, _ in merged_page(conn, limit=limit, offset=offset, **filters)]


def merged_page(conn: Connection, *, limit: int = 100, offset: int = 0, after: str | None = None,
                **filters: Unpack[EventKwargs]) -> list[tuple[MergedEventRow, str]]:
    """merged_events' page, each row with its cursor: given as `after`, a row's cursor starts the
    page after that row, however deep, without counting the rows before it as `offset` does.
    FilterError for a cursor this did not make."""
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    dialect = dialect_of(conn)
    position = read_cursor(after) if after is not None else None
    facets = rollup_filters(conn, **filters)
    if facets is not None:
        page = rollup_page(conn, facets, limit=limit, offset=offset, after=position)
    else:  # filters only the mentions answer: group the matching mentions
        where, params = _event_filter(conn, **filters)
        having = ""
        if position is not None:
            having = "HAVING coalesce(max(date), '') < ? OR (coalesce(max(date), '') = ? AND canonical > ?)"
            params += [position[0], position[0], position[1]]
        found = conn.execute(
            f"SELECT canonical, coalesce(max(date), '') AS latest FROM ({_select(dialect)} {where}) "
            f"AS picked GROUP BY canonical {having} ORDER BY coalesce(max(date), '') DESC, canonical "
            "LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
        page = [(text(canonical), text(latest)) for canonical, latest in found]
    canonicals = [canonical for canonical, _ in page]
    if not canonicals:
        return []
    members: dict[str, list[EventRow]] = defaultdict(list)
    for row in _mentions(conn, f"WHERE {dialect.in_list('l.canonical')}", [dialect.list_param(canonicals)],
                         linked=True):
        members[row.canonical].append(row)
    # a mention saved without linking is an event of its own: all of them in one query
    unlinked = [canonical for canonical in canonicals if canonical not in members]
    if unlinked:
        # the articles' events through the index, then only the keys wanted, before the columns
        # of the rest of an article's events are read
        params = [dialect.list_param([canonical.rpartition(KEY_SEPARATOR)[0] for canonical in unlinked]),
                  dialect.list_param(unlinked)]
        exact = dialect.in_list(f"e.article_id || '{KEY_SEPARATOR}' || e.id")
        for row in _mentions(conn, f"WHERE {dialect.in_list('e.article_id')} AND {exact} "
                             "AND l.canonical IS NULL", params):
            members[row.canonical].append(row)
    return [(_merged(canonical, members[canonical]), make_cursor((canonical, latest)))
            for canonical, latest in page if members[canonical]]


def make_cursor(position: tuple[str, str]) -> str:
    """An opaque cursor for a place in the merged listing's order (its key, its date)."""
    canonical, latest = position
    encoded = base64.urlsafe_b64encode(json.dumps([latest, canonical]).encode("utf-8"))
    return encoded.decode("ascii").rstrip("=")


def read_cursor(cursor: str) -> tuple[str, str]:
    """The place a cursor of make_cursor names; FilterError for anything else."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        latest, canonical = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")).decode("utf-8"))
        if isinstance(latest, str) and isinstance(canonical, str):
            return latest, canonical
    except (ValueError, UnicodeError, TypeError):
        pass
    raise FilterError(f"after={cursor!r} is not a cursor this listing gave; start again without it "
                      "and follow the `next` link")


def _merged(canonical: str, group: list[EventRow]) -> MergedEventRow:
    """The real-world event `canonical` told by the mentions `group`: its first telling's row
    (the canonical mention, else the earliest published) with the group's counts."""
    first = next((row for row in group if row.key == canonical),
                 min(group, key=lambda row: (row.published or "", row.span_start or 0)))
    published = [row.published for row in group if row.published]
    return MergedEventRow(**(event_fields(first) | {"key": canonical}), mentions=len(group),
                          articles=len({row.article_id for row in group}),
                          outlets=len({row.outlet for row in group if row.outlet}),
                          first_report=min(published, default=None), last_report=max(published, default=None))


def event_summaries(conn: Connection, *, limit: int, **filters: Unpack[EventKwargs]) -> list[EventSummary]:
    """What a timeline counts of the latest `limit` real-world events merged_events lists (their
    first telling's date and publication, QuadClass, Goldstein): from the rollup alone when it
    answers the filters, else from the listing's rows."""
    facets = rollup_filters(conn, **filters)
    if facets is not None:
        return rollup_summaries(conn, facets, limit=limit)
    return [EventSummary(row.date, row.published, row.quad_class, row.goldstein)
            for row in merged_events(conn, limit=limit, **filters)]


def timeline_counts(conn: Connection, *, limit: int,
                    **filters: Unpack[EventKwargs]) -> tuple[list[DayCount] | list[EventSummary], bool]:
    """What a timeline counts of the events merged_events lists, and whether that is all of them:
    for one rollup key (a pair of countries, a country, an actor) and no dates, every event, a
    row per day and QuadClass (store.timeline); else the latest `limit` events' summaries."""
    facets = rollup_filters(conn, **filters)
    if facets is not None and facets.since is None and facets.until is None and len(facets.required) <= 1:
        facet, value = facets.required[0] if facets.required else EVERY
        return day_counts(conn, facet, value), True
    summaries = event_summaries(conn, limit=limit + 1, **filters)
    return summaries[:limit], len(summaries) <= limit


def count_merged_events(conn: Connection, **filters: Unpack[EventKwargs]) -> int:
    """How many real-world events `merged_events(conn, **filters)` would list without a limit."""
    facets = rollup_filters(conn, **filters)
    if facets is not None:
        return rollup_count(conn, facets)[0]
    where, params = _event_filter(conn, **filters)
    listed = _select(dialect_of(conn), with_coder=False)  # the coder does not change the count
    (count,) = one_row(conn.execute(f"SELECT count(DISTINCT canonical) FROM ({listed} {where}) AS picked",
                                    params))
    return whole(count)


def estimate_merged_events(conn: Connection, **filters: Unpack[EventKwargs]) -> tuple[int, bool]:
    """count_merged_events, or for a count that would read more than a deep page does, an
    estimate; and whether the figure is exact (store.rollup.rollup_count)."""
    facets = rollup_filters(conn, **filters)
    if facets is not None:
        return rollup_count(conn, facets, estimate=True)
    return count_merged_events(conn, **filters), True


def mentions_of(conn: Connection, canonical: str) -> list[TellingRow]:
    """Every mention of one canonical event, earliest report first, each with the mention it was
    matched to (`anchor`), the score and the reason (tidings event KEY shows them)."""
    rows = _mentions(conn, "WHERE l.canonical = ?", [canonical], linked=True)
    reasons = {event_key(text(article_id), text(event_id)): (optional_text(anchor), optional_number(score),
                                                             optional_text(reason))
               for article_id, event_id, anchor, score, reason in conn.execute(
                   "SELECT article_id, event_id, anchor, score, reason FROM event_links WHERE canonical = ?",
                   (canonical,)).fetchall()}
    tellings = [TellingRow(**event_fields(row), anchor=anchor, score=score, reason=reason)
                for row in rows for anchor, score, reason in [reasons.get(row.key, (None, None, None))]]
    return sorted(tellings, key=lambda row: (row.published or "", row.article_id, row.span_start or 0))


# -- stories ------------------------------------------------------------------------------------

def story_articles(conn: Connection, *, since: str | None = None, until: str | None = None,
                   lede_chars: int, limit: int = 5_000) -> list[StoryArticle]:
    """The analysed articles published in [since, until] (ISO dates, inclusive; the latest `limit`
    of them; an empty date is no bound), each with the merged events told in its first `lede_chars`
    characters. ValueError for a date that is not an ISO date."""
    since = iso_bound("since", since) if since else None
    until = iso_bound("until", until) if until else None
    clauses = ["analysis_json IS NOT NULL"]
    params: list[Param] = []
    if since:
        clauses.append("published >= ?")
        params.append(since)
    if until:
        clauses.append("substr(published, 1, length(?)) <= ?")
        params += [until, until]
    found = conn.execute(
        f"SELECT id, title, text, published, source FROM articles WHERE {' AND '.join(clauses)} "
        "ORDER BY published DESC NULLS LAST, id LIMIT ?", [*params, limit]).fetchall()
    if not found:
        return []
    dialect = dialect_of(conn)
    told: dict[str, set[str]] = defaultdict(set)
    for article_id, canonical in conn.execute(
            "SELECT l.article_id, l.canonical FROM event_links l JOIN events e "
            "ON e.article_id = l.article_id AND e.id = l.event_id "
            f"WHERE {dialect.in_list('l.article_id')} AND e.span_start < ?",
            [dialect.list_param([text(row[0]) for row in found]), lede_chars]).fetchall():
        told[text(article_id)].add(text(canonical))
    return [StoryArticle(text(article_id), optional_text(title), text(body), optional_text(published),
                         optional_text(outlet), frozenset(told[text(article_id)]))
            for article_id, title, body, published, outlet in found]
