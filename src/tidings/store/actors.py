"""Actors in the store: learned facts (roles the text stated, with the article's date) and the
listings behind `tidings actors` and `tidings actor NAME`.

Functions here take the connection and run plain SQL, written once for SQLite and PostgreSQL
(store/dialect.py has the few differences); `Store` exposes them as methods and owns the
transactions. Names are matched by `normalise_name`, so "Erdoğan" finds "Erdogan".
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TypedDict, Unpack

from tidings.actors.names import normalise_name
from tidings.filters import ActorKwargs
from tidings.model import ActorFact, Known
from tidings.rows import ActorArticle, ActorCode, ActorProfile, ActorRow, LearnedRole, StatedRole
from tidings.store import actor_rollup
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
    """Distinct stored actor names for which predicate(normalised name) holds (reads the rollup's
    names, one row per listed actor, not every actor row)."""
    return [name for name in actor_rollup.stored_names(conn) if predicate(normalise_name(name))]


def actors(conn: Connection, *, country: str | None = None, sector: str | None = None,
           search: str | None = None, limit: int = 50, offset: int = 0) -> list[ActorRow]:
    """Actors over all stored analyses, one row per (name, country, sector), most articles first.

    Each row: name, kind, country, sector, cameo (the most frequent for that row), articles
    (distinct articles naming it), mentions, first_published, last_published. `country` and
    `sector` match codes case-insensitively ("" matches actors without one); `search` keeps
    names containing it, case and diacritics folded. `offset` skips that many rows first.
    Read from the actor rollup (store.actor_rollup): a page costs what its rows do.
    """
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    found = _actor_filter(conn, country=country, sector=sector, search=search)
    if found is None:
        return []
    page = actor_rollup.listed(conn, **found, limit=limit, offset=offset)
    usual = actor_rollup.usual_codes(conn, [group for group, *_ in page])
    rows = []
    for (name, country_code, sector_code), articles, mentions, first, last in page:
        code = usual.get((name, country_code, sector_code), actor_rollup.Usual("person", None))
        rows.append(ActorRow(name=name, kind=code.kind, country=country_code or None,
                             sector=sector_code or None, cameo=code.cameo, articles=articles,
                             mentions=mentions, first_published=first, last_published=last))
    return rows


def count_actors(conn: Connection, **filters: Unpack[ActorKwargs]) -> int:
    """How many rows `actors(conn, **filters)` would list without a limit."""
    found = _actor_filter(conn, **filters)
    return 0 if found is None else actor_rollup.count_listed(conn, **found)


class _ActorFilter(TypedDict):
    country: str | None
    sector: str | None
    names: list[str] | None


def _actor_filter(conn: Connection, *, country: str | None = None, sector: str | None = None,
                  search: str | None = None) -> _ActorFilter | None:
    """actors()' filters as the rollup reads them (codes upper-cased, '' for none, the names
    `search` finds), or None when nothing can match."""
    names = None
    if search is not None:
        needle = normalise_name(search)
        names = _names_matching(conn, lambda key: needle in key)
        if not names:
            return None
    return {"country": None if country is None else country.strip().upper(),
            "sector": None if sector is None else sector.strip().upper(), "names": names}


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
    names = actor_rollup.names_keyed(conn, key)
    if names or fact_names:
        return key, sorted(set(names) | set(fact_names))
    if " " in key:
        return None
    by_surname: dict[str, set[str]] = {}
    stored = actor_rollup.stored_names(conn)
    stored += [text(spelt) for (spelt,) in conn.execute("SELECT DISTINCT name FROM actor_facts")]
    for spelt in stored:
        full = normalise_name(spelt)
        if full.rsplit(" ", 1)[-1] == key and " " in full:
            by_surname.setdefault(full, set()).add(spelt)
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


# The profile lists this many of the latest articles naming the actor, and says how many in all.
ARTICLES_SHOWN = 50


def actor(conn: Connection, name: str, *, articles: int = ARTICLES_SHOWN) -> ActorProfile | None:
    """The profile of the actor `name` (see _resolve for how it matches), or None when unknown.

    name is the most used spelling, names every spelling, kind the most frequent; codes are
    counted by articles; roles are the learned facts by date, stated_roles the roles in the stored
    analyses; articles the latest `articles` articles naming it (or stating a role for it),
    oldest first, each with its mentions there (0 for one that only stated a role); articles_total
    how many articles name it in all (counted per spelling and code, as the actors listing
    counts); mentions their mentions in all; first and last publication dates. Counts and codes
    come from the actor rollup, so a profile costs the same for an actor in millions of articles.
    """
    resolved = _resolve(conn, name)
    if resolved is None:
        return None
    key, spellings = resolved
    dialect = dialect_of(conn)
    listed = dialect.list_param(spellings)
    in_names = dialect.in_list("name")

    usage = conn.execute(
        f"SELECT name, kind FROM actor_kinds WHERE {in_names} "
        "GROUP BY name, kind ORDER BY sum(rows) DESC, name, kind", (listed,)).fetchone()
    codes = tuple(
        ActorCode(country=optional_text(country) or None, sector=optional_text(sector) or None,
                  cameo=optional_text(cameo) or None, articles=whole(counted))
        for country, sector, cameo, counted in conn.execute(
            f"SELECT country, sector, cameo, CAST(sum(articles) AS BIGINT) FROM actor_kinds WHERE {in_names} "
            "GROUP BY country, sector, cameo ORDER BY sum(articles) DESC, country, sector, cameo",
            (listed,)).fetchall())
    total, mentions, first, last = one_row(conn.execute(
        "SELECT CAST(coalesce(sum(articles), 0) AS BIGINT), CAST(coalesce(sum(mentions), 0) AS BIGINT), "
        "min(first_published), "
        f"max(last_published) FROM actor_totals WHERE {in_names}", (listed,)))
    fact_first, fact_last = one_row(conn.execute(
        "SELECT min(published), max(published) FROM actor_facts WHERE name_key = ?", (key,)))
    dates = [optional_text(day) for day in (first, last, fact_first, fact_last)]
    known = [day for day in dates if day is not None]
    shown = _latest_articles(conn, key, spellings, whole(total), articles)
    return ActorProfile(
        name=spellings[0] if usage is None else text(usage[0]),
        names=tuple(spellings),
        kind="person" if usage is None else text(usage[1]),
        codes=codes,
        roles=_learned_roles(conn, key),
        stated_roles=_stated_roles(conn, spellings),
        articles=shown,
        articles_total=max(whole(total), len(shown)),
        mentions=whole(mentions),
        first_published=min(known, default=None),
        last_published=max(known, default=None),
    )


def _learned_roles(conn: Connection, key: str) -> tuple[LearnedRole, ...]:
    """The roles learned for the name key, oldest first (undated first)."""
    return tuple(
        LearnedRole(role=text(role), country=optional_text(country), sector=optional_text(sector),
                    published=optional_text(published), article_id=text(article_id), name=text(spelt))
        for role, country, sector, published, article_id, spelt in conn.execute(
            "SELECT role, country, sector, published, article_id, name FROM actor_facts WHERE name_key = ? "
            "ORDER BY published IS NOT NULL, published, article_id, rowid",
            (key,),
        ).fetchall()
    )


def _stated_roles(conn: Connection, spellings: list[str]) -> tuple[StatedRole, ...]:
    """The roles the stored analyses give the actor, oldest article first, each once per article."""
    dialect = dialect_of(conn)
    stated: list[StatedRole] = []
    # `roles_json <> '[]'` reads the partial index of the rows that state a role
    for roles_json, published, article_id in conn.execute(
        "SELECT a.roles_json, p.published, a.article_id "
        "FROM actors a JOIN articles p ON p.id = a.article_id "
        f"WHERE {dialect.in_list('a.name')} AND a.roles_json <> '[]' "
        "ORDER BY p.published IS NOT NULL, p.published, a.article_id, a.id",
        (dialect.list_param(spellings),),
    ).fetchall():
        for role in json.loads(text(roles_json)):
            if not isinstance(role, str):
                continue
            entry = StatedRole(role=role, published=optional_text(published), article_id=text(article_id))
            if entry not in stated:
                stated.append(entry)
    return tuple(stated)


def _latest_articles(conn: Connection, key: str, spellings: list[str], total: int,
                     limit: int) -> tuple[ActorArticle, ...]:
    """The latest `limit` articles naming the actor or stating a role for it, oldest first, each
    with the mentions of the actor there."""
    dialect = dialect_of(conn)
    listed = dialect.list_param(spellings)
    order = "ORDER BY p.published DESC NULLS LAST, p.ingested_at DESC, p.id LIMIT ?"
    if total <= actor_rollup.SPARSE_ACTOR:
        found = conn.execute(
            f"SELECT p.id, p.title, p.published FROM articles p WHERE p.id IN ("
            f"SELECT a.article_id FROM actors a WHERE {dialect.in_list('a.name')} "
            f"UNION SELECT f.article_id FROM actor_facts f WHERE f.name_key = ?) {order}",
            (listed, key, limit)).fetchall()
    else:
        found = conn.execute(
            "SELECT p.id, p.title, p.published FROM articles p WHERE EXISTS (SELECT 1 FROM actors a "
            f"WHERE a.article_id = p.id AND {dialect.in_list('a.name')}) OR EXISTS (SELECT 1 "
            f"FROM actor_facts f WHERE f.article_id = p.id AND f.name_key = ?) {order}",
            (listed, key, limit)).fetchall()
    ids = [text(article_id) for article_id, _, _ in found]
    counted = {text(article_id): whole(number) for article_id, number in conn.execute(
        "SELECT a.article_id, count(*) FROM actors a JOIN mentions m "
        "ON m.article_id = a.article_id AND m.actor_id = a.id "
        f"WHERE {dialect.in_list('a.article_id')} AND {dialect.in_list('a.name')} GROUP BY a.article_id",
        (dialect.list_param(ids), listed)).fetchall()} if ids else {}
    return tuple(ActorArticle(id=text(article_id), title=optional_text(title),
                              published=optional_text(published), mentions=counted.get(text(article_id), 0))
                 for article_id, title, published in reversed(found))
