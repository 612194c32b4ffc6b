"""Events in the store: the listing behind `tidings events` and the evidence behind `tidings event KEY`.

An event's id ("e1") is unique only within its article, so outside an article an event is named
by its key, `<article_id>:<event_id>` ("3f9a0c1d2b4e5f67:e2"; see `event_key`). `event` also takes
a bare id ("e2") or an article-id prefix ("3f9a:e2") when exactly one stored event fits.

Functions here take the connection and run plain SQL, written once for SQLite and PostgreSQL
(store/dialect.py has the few differences); `Store` exposes them as methods. Source and
target filters match an actor by CAMEO code prefix ("USA" is USA and USAGOV, "CHNGOV" is CHNGOV
and CHNGOVMIL), by country code, or by name (`normalise_name`, so case and accents are ignored;
a part of a name finds every actor with it as whole words: store.actors.names_meant). Event
dates are ISO dates or partial ISO dates ("2024-03", "2024"); a date range keeps an event when
any day of its date falls in the range.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import fields
from functools import cache
from typing import Any, TypeVar, Unpack, get_args

from tidings.filters import MODALITIES, EventKwargs, code_prefix, iso_bound, read_modality
from tidings.records import GEO_HOWS, ActorKind, Geo, Json, Mention
from tidings.rows import EventEvidence, EventRow, Mark, MarkKind
from tidings.store.actors import names_meant
from tidings.store.dialect import (
    Connection,
    Cursor,
    Dialect,
    Param,
    dialect_of,
    number,
    one_row,
    optional_number,
    optional_text,
    optional_whole,
    row_dicts,
    text,
    whole,
)
from tidings.store.tallies import tallied

KEY_SEPARATOR = ":"
ACTOR_KINDS: tuple[ActorKind, ...] = get_args(ActorKind)
_Choice = TypeVar("_Choice", bound=str)

_SELECT = """
SELECT e.article_id || '{separator}' || e.id AS key, e.article_id, e.id,
       e.date, e.date_precision, e.date_text,
       e.cameo, coalesce(e.root, substr(e.cameo, 1, 2)) AS root, e.quad_class, e.goldstein, e.plover,
       e.modality, e.trigger, e.sentence, e.span_start, e.span_end, e.confidence,
       e.source, s.name AS source_name, s.kind AS source_kind, s.country AS source_country,
       s.sector AS source_sector, s.cameo AS source_cameo,
       e.target, t.name AS target_name, t.kind AS target_kind, t.country AS target_country,
       t.sector AS target_sector, t.cameo AS target_cameo,
       p.title, p.published, p.url, p.source AS outlet,
       coalesce(l.canonical, e.article_id || '{separator}' || e.id) AS canonical,
       e.extra_json, {coder} AS analysis_coder
FROM {tables}
JOIN articles p ON p.id = e.article_id
LEFT JOIN actors s ON s.article_id = e.article_id AND s.id = e.source
LEFT JOIN actors t ON t.article_id = e.article_id AND t.id = e.target
"""
# Every mention, linked or not (a mention saved without linking is an event of its own).
_EVERY_MENTION = """events e
LEFT JOIN event_links l ON l.article_id = e.article_id AND l.event_id = e.id"""
# Only linked mentions, found from their links: a filter on l.canonical then uses the index on
# event_links (under the LEFT JOIN above the planner scans every event to find them).
_LINKED_MENTIONS = """event_links l
JOIN events e ON e.article_id = l.article_id AND e.id = l.event_id"""



@cache
def _select(dialect: Dialect, *, with_coder: bool = True, linked: bool = False) -> str:
    """The events listing's SELECT ... FROM, joined to actors and article, in `dialect`. Without
    `with_coder`, the coder is read only from the event row: reading it from the article's
    analysis parses the whole analysis once per event, which for a long article is minutes.
    With `linked`, only mentions linked to a canonical event, read from their links (for a
    filter on l.canonical)."""
    coder = dialect.json_text("p.analysis_json", "coder") if with_coder else "NULL"
    tables = _LINKED_MENTIONS if linked else _EVERY_MENTION
    return _SELECT.format(separator=KEY_SEPARATOR, coder=coder, tables=tables)


def _date_end(dialect: Dialect) -> str:
    """The last day of an event's date: a week-precision date names its first day; the week ends
    six days later."""
    return ("CASE WHEN e.date_precision = 'week' AND length(e.date) = 10 "
            f"THEN {dialect.plus_days('e.date', 6)} ELSE e.date END")


class AmbiguousKey(ValueError):
    """A bare event id (or article-id prefix) that names more than one stored event."""

    def __init__(self, key: str, keys: list[str]) -> None:
        shown = ", ".join(keys[:5]) + (f" and {len(keys) - 5} more" if len(keys) > 5 else "")
        super().__init__(f"{key!r} names {len(keys)} events ({shown}); give the full key <article_id>:<id>")
        self.key = key
        self.keys = keys


def event_key(article_id: str, event_id: str) -> str:
    """The global key of an event: `<article_id>:<event_id>`."""
    return f"{article_id}{KEY_SEPARATOR}{event_id}"


# -- listing ------------------------------------------------------------------------------------

def _actor_match(conn: Connection, term: str) -> tuple[str, list[Param]]:
    """SQL over `actors a` that holds for the actors `term` names (see the module docstring)."""
    conditions: list[str] = []
    params: list[Param] = []
    code = term.strip().upper()
    # CAMEO actor codes are built of three-character parts, so only such a string is a code.
    if code.isascii() and code.isalnum() and len(code) % 3 == 0:
        conditions.append("substr(a.cameo, 1, ?) = ?")
        params += [len(code), code]
        if len(code) == 3:
            conditions.append("a.country = ?")
            params.append(code)
    names = names_meant(conn, term)
    if names:
        dialect = dialect_of(conn)
        conditions.append(dialect.in_list("a.name"))
        params.append(dialect.list_param(names))
    return (" OR ".join(conditions) if conditions else "1 = 0"), params


def _role_is(column: str, match: tuple[str, list[Param]]) -> tuple[str, list[Param]]:
    """SQL that holds when the event's `column` (source or target) is an actor `match` selects."""
    return (f"(e.article_id, e.{column}) IN (SELECT a.article_id, a.id FROM actors a WHERE {match[0]})",
            match[1])


def events(conn: Connection, *, limit: int = 100, offset: int = 0,
           **filters: Unpack[EventKwargs]) -> list[EventRow]:
    """Stored events, latest event date first (undated last), then in text order within an article.

    Each an EventRow (tidings.rows): the event's columns; source (actor id), source_name,
    source_kind, source_country, source_sector, source_cameo and the same for target (None when
    the event has none or names a missing actor); title, published, url, outlet (source) of the
    article; canonical, the key of the real-world event this mention tells (tidings.events.merge;
    its own key until linked); location, geo, tone, topics, quote, coder from extra_json.

    `source`/`target` match an actor as the module docstring says; `dyad=(X, Y)` keeps events
    from X to Y and from Y to X. `root` ("11") and `cameo` ("111") match the event code by
    prefix; `plover` (case ignored) and `modality` exactly. `since`/`until` are inclusive ISO
    dates compared with the event date: "2024-03" is kept by since="2024-03-20", and until="2024-03"
    keeps all of March. Undated events are left out when either is given. Raises ValueError
    for a malformed code, date, modality or a negative limit. `offset` skips that many rows first.
    """
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    where, params = _event_filter(conn, **filters)
    cursor = conn.execute(
        f"{_select(dialect_of(conn))} {where} "
        "ORDER BY e.date IS NULL, e.date DESC, p.published DESC NULLS LAST, e.article_id, "
        "e.span_start NULLS FIRST, length(e.id), e.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [event_row(row) for row in row_dicts(cursor)]


def events_by_key(conn: Connection, *, after: tuple[str, str] | None, limit: int) -> list[EventRow]:
    """Every stored event in key order (article id, event id), the `limit` after the key `after`:
    a walk over them all (an export) whose deep pages cost what the first does, through the
    primary key, where events()' order would count every row before an offset."""
    where, params = ("WHERE (e.article_id, e.id) > (?, ?)", list(after)) if after is not None else ("", [])
    cursor = conn.execute(f"{_select(dialect_of(conn))} {where} ORDER BY e.article_id, e.id LIMIT ?",
                          [*params, limit])
    return [event_row(row) for row in row_dicts(cursor)]


def count_events(conn: Connection, **filters: Unpack[EventKwargs]) -> int:
    """How many stored events `events(conn, **filters)` would list without a limit."""
    if not any(value is not None for value in filters.values()):
        return tallied(conn, "events")
    where, params = _event_filter(conn, **filters)
    listed = _select(dialect_of(conn), with_coder=False)  # the coder does not change the count
    (count,) = one_row(conn.execute(f"SELECT count(*) FROM ({listed} {where}) AS listed", params))
    return whole(count)


def _event_filter(conn: Connection, *, source: str | None = None, target: str | None = None,
                  dyad: tuple[str, str] | None = None, root: str | None = None, cameo: str | None = None,
                  plover: str | None = None, modality: str | None = None, since: str | None = None,
                  until: str | None = None, article_id: str | None = None) -> tuple[str, list[Param]]:
    """The WHERE clause and its parameters for events()' filters (documented there)."""
    clauses: list[str] = []
    params: list[Param] = []
    for column, term in (("source", source), ("target", target)):
        if term is not None:
            sql, values = _role_is(column, _actor_match(conn, term))
            clauses.append(sql)
            params += values
    if dyad is not None:
        first, second = _actor_match(conn, dyad[0]), _actor_match(conn, dyad[1])
        parts = [_role_is(column, match) for column, match in
                 (("source", first), ("target", second), ("source", second), ("target", first))]
        clauses.append(f"(({parts[0][0]} AND {parts[1][0]}) OR ({parts[2][0]} AND {parts[3][0]}))")
        params += [value for _, values in parts for value in values]
    dialect = dialect_of(conn)
    for name, value, sizes in (("root", root, (2,)), ("cameo", cameo, (2, 3, 4))):
        if value is not None:
            # A prefix match can use the index on cameo; the root is its first two digits.
            clauses.append(dialect.prefix_match("e.cameo"))
            params.append(dialect.prefix_param(code_prefix(name, value, sizes)))
    if plover is not None:
        clauses.append("e.plover = ?")
        params.append(plover.strip().upper())
    if modality is not None:
        clauses.append("e.modality = ?")
        params.append(read_modality(modality))
    if since is not None:
        since = iso_bound("since", since)
        # The event's last day is on or after `since`, compared on their common prefix. The first
        # condition only narrows the scan through the index on date (a week may start the year before).
        date_end = _date_end(dialect)
        clauses.append(f"e.date >= ? AND substr(?, 1, length({date_end})) <= {date_end}")
        params += [str(int(since[:4]) - 1), since]
    if until is not None:
        until = iso_bound("until", until)
        # The event's first day is on or before `until`, compared on their common prefix.
        clauses.append("e.date < ? AND substr(e.date, 1, length(?)) <= ?")
        params += [f"{int(until[:4]) + 1:04d}", until, until]
    if article_id is not None:
        clauses.append("e.article_id = ?")
        params.append(article_id)
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def _choice(value: object, choices: tuple[_Choice, ...]) -> _Choice | None:
    """`value` as one of `choices` (a Literal's values), None for NULL; TypeError for another."""
    for choice in choices:
        if value == choice:
            return choice
    if value is None:
        return None
    raise TypeError(f"expected one of {', '.join(choices)} from the database, got {value!r}")


def _geo(value: Json) -> Geo | None:
    if not isinstance(value, dict):
        return None
    return Geo(text(value["name"]), optional_text(value["country"]), number(value["lat"]),
               number(value["lon"]), _choice(value.get("how"), GEO_HOWS))


def _topics(value: Json) -> tuple[str, ...] | None:
    return None if not isinstance(value, list) else tuple(text(topic) for topic in value)


def event_row(row: Mapping[str, object]) -> EventRow:
    """An EventRow from a row of `_select`, with the fields kept in extra_json read out of it.

    `coder` (the event coder's version) is read from the event, else, for events saved before
    they carried it, from the analysis's top level (`analysis_coder`).
    """
    extra: dict[str, Json] = json.loads(text(row["extra_json"]) or "{}")
    coder = optional_text(extra.get("coder"))
    return EventRow(
        key=text(row["key"]), article_id=text(row["article_id"]), id=text(row["id"]),
        date=optional_text(row["date"]), date_precision=optional_text(row["date_precision"]),
        date_text=optional_text(row["date_text"]), cameo=text(row["cameo"]), root=text(row["root"]),
        quad_class=optional_whole(row["quad_class"]), goldstein=optional_number(row["goldstein"]),
        plover=optional_text(row["plover"]), modality=_choice(row["modality"], MODALITIES),
        trigger=optional_text(row["trigger"]), sentence=optional_text(row["sentence"]),
        span_start=optional_whole(row["span_start"]), span_end=optional_whole(row["span_end"]),
        confidence=optional_number(row["confidence"]),
        source=optional_text(row["source"]), source_name=optional_text(row["source_name"]),
        source_kind=_choice(row["source_kind"], ACTOR_KINDS),
        source_country=optional_text(row["source_country"]),
        source_sector=optional_text(row["source_sector"]), source_cameo=optional_text(row["source_cameo"]),
        target=optional_text(row["target"]), target_name=optional_text(row["target_name"]),
        target_kind=_choice(row["target_kind"], ACTOR_KINDS),
        target_country=optional_text(row["target_country"]),
        target_sector=optional_text(row["target_sector"]), target_cameo=optional_text(row["target_cameo"]),
        title=optional_text(row["title"]), published=optional_text(row["published"]),
        url=optional_text(row["url"]), outlet=optional_text(row["outlet"]), canonical=text(row["canonical"]),
        location=optional_text(extra.get("location")), geo=_geo(extra.get("geo")),
        tone=optional_number(extra.get("tone")), topics=_topics(extra.get("topics")),
        quote=optional_text(extra.get("quote")),
        coder=coder if coder is not None else optional_text(row["analysis_coder"]),
    )


def event_fields(row: EventRow) -> dict[str, Any]:
    """The EventRow fields of `row` by name, to build a row that extends it (merged, telling,
    evidence) from it."""
    return {field.name: getattr(row, field.name) for field in fields(EventRow)}


# -- one event, with its evidence ---------------------------------------------------------------

def _find(conn: Connection, key: str) -> list[tuple[str, str]]:
    """(article_id, id) of the events `key` can name: a full key, else a bare id or id prefix."""
    key = key.strip()
    article_part, separator, event_id = key.rpartition(KEY_SEPARATOR)
    if separator:
        exact = _keys(conn.execute(
            "SELECT article_id, id FROM events WHERE article_id = ? AND id = ?", (article_part, event_id)))
        if exact or not article_part:
            return exact
        return _keys(conn.execute(
            "SELECT article_id, id FROM events WHERE id = ? AND substr(article_id, 1, ?) = ? "
            "ORDER BY article_id LIMIT 50",
            (event_id, len(article_part), article_part),
        ))
    return _keys(conn.execute("SELECT article_id, id FROM events WHERE id = ? ORDER BY article_id LIMIT 50",
                              (key,)))


def _keys(cursor: Cursor) -> list[tuple[str, str]]:
    return [(text(article_id), text(event_id)) for article_id, event_id in cursor.fetchall()]


def _sentence_start(article_text: str | None, sentence: str, span_start: int | None) -> int | None:
    """Where the sentence starts in the article text: its span, else where the text has it."""
    if article_text is None:
        return span_start
    if span_start is not None and article_text[span_start:span_start + len(sentence)] == sentence:
        return span_start
    found = article_text.find(sentence) if sentence else -1
    return found if found >= 0 else span_start


def _trigger_span(sentence: str, trigger: str | None,
                  taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Where the trigger is in the sentence: the first whole-word match clear of the actor mentions."""
    words = (trigger or "").split()
    if not words:
        return None
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(word) for word in words) + r"(?!\w)",
                         re.IGNORECASE)
    matches = [(m.start(), m.end()) for m in pattern.finditer(sentence)]
    for start, end in matches:
        if all(end <= a or start >= b for a, b in taken):
            return start, end
    return matches[0] if matches else None


def mark_sentence(sentence: str, marks: Iterable[Mark]) -> str:
    """The sentence in plain text with its marks shown: [SRC …], [TGT …] and «trigger»."""
    pieces: list[str] = []
    at = 0
    for mark in sorted(marks, key=lambda m: m.start):
        pieces.append(sentence[at:mark.start])
        marked = sentence[mark.start:mark.end]
        if mark.kind == "trigger":
            pieces.append(f"«{marked}»")
        else:
            pieces.append(f"[{'SRC' if mark.kind == 'source' else 'TGT'} {marked}]")
        at = mark.end
    pieces.append(sentence[at:])
    return "".join(pieces)


def _sentence_mentions(conn: Connection, article_id: str, actor_id: str | None, sentence: str,
                       base: int | None) -> tuple[Mention, ...]:
    """The actor's mentions inside the sentence starting at `base` in the article text, with
    offsets into the sentence."""
    if actor_id is None or base is None:
        return ()
    found: list[Mention] = []
    for start, end, said, how in conn.execute(
        "SELECT span_start, span_end, text, how FROM mentions WHERE article_id = ? AND actor_id = ? "
        "ORDER BY span_start, position",
        (article_id, actor_id),
    ):
        first, last = whole(start) - base, whole(end) - base
        # Offsets that do not land on the mention's words are not shown rather than shown wrong.
        if 0 <= first < last <= len(sentence) and sentence[first:last] == said:
            found.append(Mention(first, last, text(said), optional_text(how) or ""))
    return tuple(found)


def _marks(sentence: str, trigger: tuple[int, int] | None, source: tuple[Mention, ...],
           target: tuple[Mention, ...]) -> tuple[Mark, ...]:
    """The stretches to highlight, in order and never overlapping: the trigger wins, then the source."""
    candidates: list[tuple[MarkKind, int, int]] = [] if trigger is None else [("trigger", *trigger)]
    candidates += [("source", m.start, m.end) for m in source] + [("target", m.start, m.end) for m in target]
    marks: list[Mark] = []
    for kind, start, end in candidates:
        if all(end <= other.start or start >= other.end for other in marks):
            marks.append(Mark(kind, start, end, sentence[start:end]))
    return tuple(sorted(marks, key=lambda mark: mark.start))


def event(conn: Connection, key: str) -> EventEvidence | None:
    """One event with its evidence, or None when `key` names no stored event.

    `key` is `<article_id>:<event_id>`, or a bare event id or `<article_id prefix>:<event_id>`
    naming exactly one stored event; AmbiguousKey (a ValueError) when it names several.
    Returns the `events` row with its evidence (tidings.rows.EventEvidence): the span of the
    sentence in the article text; the source's and target's mentions inside the sentence, with
    offsets into the sentence; where the trigger is in the sentence (None when not found there);
    the marks to highlight (source, target, trigger), in order and never overlapping (the trigger
    wins, then the source); the sentence with them in plain text (`mark_sentence`); and every
    field save_analysis kept in extra_json.
    """
    found = _find(conn, key)
    if not found:
        return None
    if len(found) > 1:
        raise AmbiguousKey(key, [event_key(article_id, event_id) for article_id, event_id in found])
    ((article_id, event_id),) = found
    cursor = conn.execute(f"{_select(dialect_of(conn))} WHERE e.article_id = ? AND e.id = ?",
                          (article_id, event_id))
    (stored,) = row_dicts(cursor)
    extra: dict[str, Json] = json.loads(text(stored["extra_json"]) or "{}")
    row = event_row(stored)
    (article_text,) = one_row(conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)))

    sentence = row.sentence or ""
    base = _sentence_start(optional_text(article_text), sentence, row.span_start)
    source = _sentence_mentions(conn, article_id, row.source, sentence, base)
    target = _sentence_mentions(conn, article_id, row.target, sentence, base)
    trigger = _trigger_span(sentence, row.trigger, [(m.start, m.end) for m in (*source, *target)])
    marks = _marks(sentence, trigger, source, target)
    span = None if row.span_start is None or row.span_end is None else (row.span_start, row.span_end)
    return EventEvidence(**event_fields(row), span=span, source_mentions=source, target_mentions=target,
                         trigger_span=trigger, marks=marks, marked=mark_sentence(sentence, marks),
                         extra=extra)
