"""Quotes in the store: the listing behind `tidings quotes` and full-text search over what was said.

A quote's id ("q1") is unique only within its article, so outside an article a quote is named by
its key, `<article_id>:<quote_id>` ("3f9a0c1d2b4e5f67:q2"; see `quote_key`), like an event's.

Functions here take the connection and run plain SQL, written once for SQLite and PostgreSQL
(store/dialect.py has the few differences); `Store` exposes them as methods. The speaker
filter matches the speaker actor's name by `normalise_name` (case and accents ignored), else
every actor with the term as whole words in their name (store.actors.names_meant). Search words go through
the dialect's `search_param` (`fts_query` for SQLite), so no string a person types is a syntax
error.
"""

from __future__ import annotations

import json
from typing import Unpack

from tidings.filters import QuoteKwargs, iso_bound, read_quote_kind
from tidings.rows import QuoteMatch, QuoteRow
from tidings.store import actor_rollup
from tidings.store.actors import names_meant
from tidings.store.dialect import (
    Connection,
    Param,
    Row,
    dialect_of,
    one_row,
    optional_text,
    optional_whole,
    text,
    whole,
)
from tidings.store.events import KEY_SEPARATOR
from tidings.store.tallies import tallied

_SELECT = f"""
SELECT q.article_id || '{KEY_SEPARATOR}' || q.id AS key, q.article_id, q.id, q.kind, q.text,
       q.span_start, q.span_end, q.cue, q.via,
       q.speaker, s.name AS speaker_name, s.kind AS speaker_kind, s.country AS speaker_country,
       s.sector AS speaker_sector, s.cameo AS speaker_cameo, q.speaker_span_json,
       q.addressee, d.name AS addressee_name, d.cameo AS addressee_cameo,
       p.title, p.published, p.url
FROM quotes q
JOIN articles p ON p.id = q.article_id
LEFT JOIN actors s ON s.article_id = q.article_id AND s.id = q.speaker
LEFT JOIN actors d ON d.article_id = q.article_id AND d.id = q.addressee
"""


def quote_key(article_id: str, quote_id: str) -> str:
    """The global key of a quote: `<article_id>:<quote_id>`."""
    return f"{article_id}{KEY_SEPARATOR}{quote_id}"


def _row(values: Row) -> QuoteRow:
    """A row of _SELECT, with the speaker span as two flat fields (so it also makes a CSV row)."""
    (key, article_id, quote_id, kind, quote_text, span_start, span_end, cue, via, speaker, speaker_name,
     speaker_kind, speaker_country, speaker_sector, speaker_cameo, speaker_span_json, addressee,
     addressee_name, addressee_cameo, title, published, url) = values
    span = json.loads(optional_text(speaker_span_json) or "null")
    start, end = span if isinstance(span, list) and len(span) == 2 else (None, None)
    return QuoteRow(
        key=text(key), article_id=text(article_id), id=text(quote_id), kind=optional_text(kind),
        text=text(quote_text), span_start=optional_whole(span_start), span_end=optional_whole(span_end),
        cue=optional_text(cue), via=optional_text(via), speaker=optional_text(speaker),
        speaker_name=optional_text(speaker_name), speaker_kind=optional_text(speaker_kind),
        speaker_country=optional_text(speaker_country), speaker_sector=optional_text(speaker_sector),
        speaker_cameo=optional_text(speaker_cameo), addressee=optional_text(addressee),
        addressee_name=optional_text(addressee_name), addressee_cameo=optional_text(addressee_cameo),
        title=optional_text(title), published=optional_text(published), url=optional_text(url),
        speaker_span_start=optional_whole(start), speaker_span_end=optional_whole(end),
    )


def quotes(conn: Connection, *, speaker: str | None = None, about: str | None = None,
           country: str | None = None, since: str | None = None, until: str | None = None,
           kind: str | None = None, limit: int = 50, offset: int = 0) -> list[QuoteRow]:
    """Stored quotes, newest article first (undated last), in text order within an article.

    Each row (flat): key, article_id, id, kind, text, span_start, span_end, cue, via; speaker
    (actor id), speaker_name, speaker_kind, speaker_country, speaker_sector, speaker_cameo,
    speaker_span_start, speaker_span_end; addressee (actor id), addressee_name, addressee_cameo
    (None when the quote has none or names a missing actor); title, published, url of the article.

    `speaker` matches the speaker's name as the module docstring says; a name no stored actor has
    gives no rows. `about` is full-text search over the quote text (every word must occur; a
    "quoted phrase" keeps its order; a query of punctuation only gives no rows). `country` is the
    speaker's ISO 3166-1 alpha-3 code (case ignored; "" keeps quotes with no speaker country known).
    `kind` is direct, indirect or mixed. `since`/`until` are inclusive ISO dates compared with the
    article's published date (until="2024-03" keeps all of March); quotes from undated articles
    are left out when either is given. Raises ValueError for a bad kind, date or a negative limit.
    `offset` skips that many rows first.
    """
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    found = _quote_filter(conn, speaker=speaker, about=about, country=country, since=since, until=until,
                          kind=kind)
    if found is None:
        return []
    where, params = found
    cursor = conn.execute(
        f"{_SELECT} {where} "
        "ORDER BY p.published IS NULL, p.published DESC, q.article_id, q.span_start NULLS FIRST, "
        "length(q.id), q.id "
        "LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [_row(values) for values in cursor.fetchall()]


def quotes_by_key(conn: Connection, *, after: tuple[str, str] | None, limit: int) -> list[QuoteRow]:
    """Every stored quote in key order (article id, quote id), the `limit` after the key `after`
    (see store.events.events_by_key)."""
    where, params = ("WHERE (q.article_id, q.id) > (?, ?)", list(after)) if after is not None else ("", [])
    cursor = conn.execute(f"{_SELECT} {where} ORDER BY q.article_id, q.id LIMIT ?", [*params, limit])
    return [_row(row) for row in cursor.fetchall()]


def count_quotes(conn: Connection, **filters: Unpack[QuoteKwargs]) -> int:
    """How many stored quotes `quotes(conn, **filters)` would list without a limit."""
    if not any(value is not None for value in filters.values()):
        return tallied(conn, "quotes")
    found = _quote_filter(conn, **filters)
    if found is None:
        return 0
    where, params = found
    (count,) = one_row(conn.execute(f"SELECT count(*) FROM ({_SELECT} {where}) AS listed", params))
    return whole(count)


def _quote_filter(conn: Connection, *, speaker: str | None = None, about: str | None = None,
                  country: str | None = None, since: str | None = None, until: str | None = None,
                  kind: str | None = None) -> tuple[str, list[Param]] | None:
    """The WHERE clause and parameters for quotes()' filters, or None when nothing can match."""
    clauses: list[str] = []
    params: list[Param] = []
    dialect = dialect_of(conn)
    if speaker is not None:
        names = names_meant(conn, speaker)
        if not names:
            return None
        if actor_rollup.articles_naming(conn, names) <= actor_rollup.SPARSE_ACTOR:
            # a speaker in few articles: its actor rows first
            clauses.append("(q.article_id, q.speaker) IN (SELECT a.article_id, a.id FROM actors a "
                           f"WHERE {dialect.in_list('a.name')})")
        else:  # one in many: the quotes in the listing's order, each one's speaker joined (soon found)
            clauses.append(dialect.in_list("s.name"))
        params.append(dialect.list_param(names))
    if about is not None:
        query = dialect.search_param(about)
        if query is None:
            return None
        clauses.append(dialect.quote_search("q"))
        params.append(query)
    if country is not None:
        if country.strip():
            clauses.append("s.country = ?")
            params.append(country.strip().upper())
        else:
            clauses.append("s.country IS NULL")
    if kind is not None:
        clauses.append("q.kind = ?")
        params.append(read_quote_kind(kind))
    if since is not None:
        clauses.append("p.published >= ?")
        params.append(iso_bound("since", since))
    if until is not None:
        # Compare the prefix of the same length, so a date bound covers that whole day (or month).
        until = iso_bound("until", until)
        clauses.append("substr(p.published, 1, length(?)) <= ?")
        params += [until, until]
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def search_quotes(conn: Connection, query: str, limit: int = 20) -> list[QuoteMatch]:
    """Quotes whose text matches `query` (as `quotes(about=...)` does), best match first."""
    dialect = dialect_of(conn)
    search = dialect.search_param(query)
    if search is None:
        return []
    joined, matches, rank = dialect.ranked_quote_search("q")
    cursor = conn.execute(
        "SELECT q.article_id, q.id, q.text, q.kind, q.speaker, s.name AS speaker_name, q.cue, "
        "a.title, a.published "
        f"FROM quotes q {joined} "
        "JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN actors s ON s.article_id = q.article_id AND s.id = q.speaker "
        f"WHERE {matches} ORDER BY {rank}, q.article_id, q.id LIMIT ?",
        (search, limit),
    )
    return [QuoteMatch(article_id=text(article_id), id=text(quote_id), text=text(quote_text),
                       kind=optional_text(kind), speaker=optional_text(speaker),
                       speaker_name=optional_text(speaker_name), cue=optional_text(cue),
                       title=optional_text(title), published=optional_text(published))
            for article_id, quote_id, quote_text, kind, speaker, speaker_name, cue, title, published
            in cursor.fetchall()]
