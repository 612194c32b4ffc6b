"""Actors in the store: learned facts (roles the text stated, with the article's date) and the
listings behind `tidings actors` and `tidings actor NAME`.

Functions here take the connection and run plain SQL, written once for SQLite and PostgreSQL
(store/dialect.py has the few differences); `Store` exposes them as methods and owns the
transactions. Names are matched by `normalise_name`, so "Erdoğan" finds "Erdogan".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Unpack

from tidings.actors.names import normalise_name
from tidings.filters import ActorKwargs
from tidings.model import ActorFact, Known
from tidings.rows import ActorArticle, ActorCode, ActorProfile, ActorRow, LearnedRole, StatedRole
from tidings.store.dialect import Connection, Param, dialect_of, one_row, optional_text, text, whole

FACT_COLUMNS = ("name_key", "name", "role", "country", "sector", "article_id", "published")


def _clean(text: str) -> str:
    return " ".join(text.split())


# -- learned facts ------------------------------------------------------------------------------

def record_actor_facts(conn: Connection, article_id: str, published: str | None,
                       facts: Iterable[ActorFact]) -> None:
    """Make `facts` the article's learned facts; call inside a transaction.

    Replaces what the article stated before (a re-analysis may find other roles), and recording
    the same facts again changes nothing, not even the rowids. When one (name, role) comes twice,
    the first wins. Facts with an empty name or role are ignored.
    """
    rows: dict[tuple[str, str], tuple[Param, ...]] = {}
    for fact in facts:
        name, role = _clean(fact.name), _clean(fact.role)
        key = normalise_name(name)
        if not key or not role:
            continue
        rows.setdefault((key, role), (key, name, role, fact.country or None, fact.sector or None,
                                      article_id, published))
    stored = {
        (text(row[0]), text(row[2])): row
        for row in conn.execute(f"SELECT {', '.join(FACT_COLUMNS)} FROM actor_facts WHERE article_id = ?",
                                (article_id,))
    }
    gone = [(key, role, article_id) for (key, role) in stored if (key, role) not in rows]
    conn.executemany("DELETE FROM actor_facts WHERE name_key = ? AND role = ? AND article_id = ?", gone)
    changed = [row for pair, row in rows.items() if stored.get(pair) != row]
    conn.executemany(
        f"INSERT INTO actor_facts ({', '.join(FACT_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (name_key, role, article_id) DO UPDATE SET name = excluded.name, "
        "country = excluded.country, sector = excluded.sector, published = excluded.published",
        changed,
    )


def learned(conn: Connection, name: str, *, on: str | None = None) -> Known | None:
    """What the latest article stating a role for `name`, published on or before `on`, said.

    `on` is an ISO date or datetime (a date covers its whole day); None means the latest overall.
    Facts from undated articles count as the oldest. Returns a Known with kind "person", the
    fact's country and sector, every role that article stated for the name, and source
    "learned:<article_id>"; None when nothing was learned about the name by then.
    """
    key = normalise_name(name)
    if not key:
        return None
    where, params = "name_key = ?", [key]
    if on is not None:
        # Compare the prefix of the same length, so on="2024-03-01" includes "2024-03-01T18:00".
        where += " AND (published IS NULL OR substr(published, 1, length(?)) <= ?)"
        params += [on, on]
    # Latest article first; within one article the fact with the most codes, then the first stated.
    best = conn.execute(
        f"SELECT name, country, sector, article_id FROM actor_facts WHERE {where} "
        "ORDER BY published IS NULL, published DESC, "
        "CASE WHEN country IS NULL THEN 0 ELSE 1 END + CASE WHEN sector IS NULL THEN 0 ELSE 1 END DESC, "
        "rowid LIMIT 1",
        params,
    ).fetchone()
    if best is None:
        return None
    fact_name, country, sector, article_id = (text(best[0]), optional_text(best[1]), optional_text(best[2]),
                                              text(best[3]))
    roles = tuple(text(role) for (role,) in conn.execute(
        "SELECT role FROM actor_facts WHERE name_key = ? AND article_id = ? "
        "ORDER BY country IS NOT DISTINCT FROM ? AND sector IS NOT DISTINCT FROM ? DESC, rowid",
        (key, article_id, country, sector),
    ))
    return Known(name=fact_name, kind="person", country=country, sector=sector, roles=roles,
                 source=f"learned:{article_id}")


# -- listings -----------------------------------------------------------------------------------

def _names_matching(conn: Connection, predicate: Callable[[str], bool]) -> list[str]:
    """Distinct stored actor names for which predicate(normalised name) holds (reads the index)."""
    names = (text(name) for (name,) in conn.execute("SELECT DISTINCT name FROM actors"))
    return [name for name in names if predicate(normalise_name(name))]


def actors(conn: Connection, *, country: str | None = None, sector: str | None = None,
           search: str | None = None, limit: int = 50, offset: int = 0) -> list[ActorRow]:
    """Actors over all stored analyses, one row per (name, country, sector), most articles first.

    Each row: name, kind, country, sector, cameo (the most frequent for that row), articles
    (distinct articles naming it), mentions, first_published, last_published. `country` and
    `sector` match codes case-insensitively ("" matches actors without one); `search` keeps
    names containing it, case and diacritics folded. `offset` skips that many rows first.
    """
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    found = _actor_filter(conn, country=country, sector=sector, search=search)
    if found is None:
        return []
    where, params = found
    cursor = conn.execute(
        f"""
        WITH seen AS (
            SELECT a.name, a.kind, a.country, a.sector, a.cameo, a.article_id, p.published,
                   (SELECT count(*) FROM mentions m
                    WHERE m.article_id = a.article_id AND m.actor_id = a.id) AS mentions
            FROM actors a JOIN articles p ON p.id = a.article_id
            {where}
        ),
        grouped AS (
            SELECT name, country, sector, count(DISTINCT article_id) AS articles,
                   CAST(sum(mentions) AS INTEGER) AS mentions, min(published) AS first_published,
                   max(published) AS last_published
            FROM seen GROUP BY name, country, sector
        ),
        usual AS (
            SELECT name, country, sector, kind, cameo,
                   row_number() OVER (PARTITION BY name, country, sector
                                      ORDER BY count(*) DESC, kind, cameo NULLS FIRST) AS rank
            FROM seen GROUP BY name, country, sector, kind, cameo
        )
        SELECT g.name, u.kind, g.country, g.sector, u.cameo, g.articles, g.mentions,
               g.first_published, g.last_published
        FROM grouped g JOIN usual u
          ON u.name = g.name AND u.country IS NOT DISTINCT FROM g.country
         AND u.sector IS NOT DISTINCT FROM g.sector AND u.rank = 1
        ORDER BY g.articles DESC, g.mentions DESC, g.name, g.country NULLS FIRST, g.sector NULLS FIRST
        LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    )
    return [ActorRow(name=text(name), kind=text(kind), country=optional_text(country),
                     sector=optional_text(sector), cameo=optional_text(cameo), articles=whole(articles),
                     mentions=whole(mentions), first_published=optional_text(first),
                     last_published=optional_text(last))
            for name, kind, country, sector, cameo, articles, mentions, first, last in cursor.fetchall()]


def count_actors(conn: Connection, **filters: Unpack[ActorKwargs]) -> int:
    """How many rows `actors(conn, **filters)` would list without a limit."""
    found = _actor_filter(conn, **filters)
    if found is None:
        return 0
    where, params = found
    (count,) = one_row(conn.execute(
        "SELECT count(*) FROM (SELECT DISTINCT a.name, a.country, a.sector "
        f"FROM actors a JOIN articles p ON p.id = a.article_id {where}) AS listed", params))
    return whole(count)


def _actor_filter(conn: Connection, *, country: str | None = None, sector: str | None = None,
                  search: str | None = None) -> tuple[str, list[Param]] | None:
    """The WHERE clause and parameters for actors()' filters, or None when nothing can match."""
    clauses: list[str] = []
    params: list[Param] = []
    for column, value in (("country", country), ("sector", sector)):
        if value is None:
            continue
        if value.strip():
            clauses.append(f"a.{column} = ?")
            params.append(value.strip().upper())
        else:
            clauses.append(f"a.{column} IS NULL")
    if search is not None:
        needle = normalise_name(search)
        names = _names_matching(conn, lambda key: needle in key)
        if not names:
            return None
        dialect = dialect_of(conn)
        clauses.append(dialect.in_list("a.name"))
        params.append(dialect.list_param(names))
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def _resolve(conn: Connection, name: str) -> tuple[str, list[str]] | None:
    """The key and the stored spellings of the actor `name` means, or None.

    A full name matches by key; a single word that is no stored name's key matches by surname
    when every stored name ending in it is one actor ("Kamikawa" -> "Yoko Kamikawa").
    """
    key = normalise_name(name)
    if not key:
        return None
    fact_names = [text(spelt) for (spelt,) in conn.execute(
        "SELECT DISTINCT name FROM actor_facts WHERE name_key = ?", (key,))]
    names = _names_matching(conn, lambda candidate: candidate == key)
    if names or fact_names:
        return key, sorted(set(names) | set(fact_names))
    if " " in key:
        return None
    by_surname: dict[str, set[str]] = {}
    for (spelt,) in conn.execute("SELECT DISTINCT name FROM actors UNION SELECT name FROM actor_facts"):
        full = normalise_name(text(spelt))
        if full.rsplit(" ", 1)[-1] == key and " " in full:
            by_surname.setdefault(full, set()).add(text(spelt))
    if len(by_surname) != 1:
        return None
    ((full, spellings),) = by_surname.items()
    return full, sorted(spellings | {text(n) for (n,) in conn.execute(
        "SELECT DISTINCT name FROM actor_facts WHERE name_key = ?", (full,))})


def names_meant(conn: Connection, term: str) -> list[str]:
    """The stored spellings of the actors a filter `term` (--speaker, --source, --target) names:
    the actor `_resolve` finds, else every actor whose name has `term` as whole words anywhere
    in it ("Liu" and "Jianchao" both find "Liu Jianchao"; "Liu" does not find "Liuba"); [] when
    none does. Case and accents are ignored (normalise_name)."""
    resolved = _resolve(conn, term)
    if resolved is not None:
        return resolved[1]
    key = normalise_name(term)
    if not key:
        return []
    # Padded with spaces so the match is on whole words: a family name first or last, a middle name.
    return _names_matching(conn, lambda name: f" {key} " in f" {name} ")


def actor(conn: Connection, name: str) -> ActorProfile | None:
    """The profile of the actor `name` (see _resolve for how it matches), or None when unknown.

    name is the most used spelling, names every spelling, kind the most frequent; codes are
    counted by articles; roles are the learned facts by date, stated_roles the roles in the stored
    analyses; articles oldest first, each with its mentions (0 for an article that only stated a
    role); mentions is their total.
    """
    resolved = _resolve(conn, name)
    if resolved is None:
        return None
    key, spellings = resolved
    dialect = dialect_of(conn)
    listed = dialect.list_param(spellings)
    in_names = dialect.in_list("a.name")

    usage = conn.execute(
        f"SELECT a.name, a.kind, count(*) FROM actors a WHERE {in_names} "
        "GROUP BY a.name, a.kind ORDER BY count(*) DESC, a.name, a.kind",
        (listed,),
    ).fetchone()
    codes = tuple(
        ActorCode(country=optional_text(country), sector=optional_text(sector), cameo=optional_text(cameo),
                  articles=whole(articles))
        for country, sector, cameo, articles in conn.execute(
            f"SELECT a.country, a.sector, a.cameo, count(DISTINCT a.article_id) AS articles FROM actors a "
            f"WHERE {in_names} GROUP BY a.country, a.sector, a.cameo "
            "ORDER BY articles DESC, a.country NULLS FIRST, a.sector NULLS FIRST, a.cameo NULLS FIRST",
            (listed,),
        ).fetchall()
    )
    roles = tuple(
        LearnedRole(role=text(role), country=optional_text(country), sector=optional_text(sector),
                    published=optional_text(published), article_id=text(article_id), name=text(spelt))
        for role, country, sector, published, article_id, spelt in conn.execute(
            "SELECT role, country, sector, published, article_id, name FROM actor_facts WHERE name_key = ? "
            "ORDER BY published IS NOT NULL, published, article_id, rowid",
            (key,),
        ).fetchall()
    )
    stated_roles: list[StatedRole] = []
    for roles_json, published, article_id in conn.execute(
        "SELECT a.roles_json, p.published, a.article_id "
        "FROM actors a JOIN articles p ON p.id = a.article_id "
        f"WHERE {in_names} ORDER BY p.published IS NOT NULL, p.published, a.article_id, a.id",
        (listed,),
    ).fetchall():
        for role in json.loads(text(roles_json)):
            if not isinstance(role, str):
                continue
            entry = StatedRole(role=role, published=optional_text(published), article_id=text(article_id))
            if entry not in stated_roles:
                stated_roles.append(entry)
    articles = tuple(
        ActorArticle(id=text(article_id), title=optional_text(title), published=optional_text(published),
                     mentions=whole(mentions))
        for article_id, title, published, mentions in conn.execute(
            f"""
            WITH named AS (
                SELECT a.article_id,
                       (SELECT count(*) FROM mentions m
                        WHERE m.article_id = a.article_id AND m.actor_id = a.id) AS mentions
                FROM actors a WHERE {in_names}
                UNION ALL
                SELECT article_id, 0 FROM actor_facts WHERE name_key = ?
            )
            SELECT p.id, p.title, p.published, CAST(sum(n.mentions) AS INTEGER) AS mentions
            FROM named n JOIN articles p ON p.id = n.article_id
            GROUP BY p.id ORDER BY p.published IS NOT NULL, p.published, p.id
            """,
            (listed, key),
        ).fetchall()
    )
    dates = [article.published for article in articles if article.published is not None]
    return ActorProfile(
        name=spellings[0] if usage is None else text(usage[0]),
        names=tuple(spellings),
        kind="person" if usage is None else text(usage[1]),
        codes=codes,
        roles=roles,
        stated_roles=tuple(stated_roles),
        articles=articles,
        mentions=sum(article.mentions for article in articles),
        first_published=min(dates, default=None),
        last_published=max(dates, default=None),
    )
