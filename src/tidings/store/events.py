"""Events in the store: the listing behind `tidings events` and the evidence behind `tidings event KEY`.

An event's id ("e1") is unique only within its article, so outside an article an event is named
by its key, `<article_id>:<event_id>` ("3f9a0c1d2b4e5f67:e2"; see `event_key`). `event` also takes
a bare id ("e2") or an article-id prefix ("3f9a:e2") when exactly one stored event fits.

Functions here take the connection and run plain SQL, written once for SQLite and PostgreSQL
(store/dialect.py has the few differences); `Store` exposes them as methods. Source and
target filters match an actor by CAMEO code prefix ("USA" is USA and USAGOV, "CHNGOV" is CHNGOV
and CHNGOVMIL), by country code, or by name (`normalise_name`, so case and accents are ignored,
and a surname when only one stored actor has it). Event dates are ISO dates or partial ISO dates
("2024-03", "2024"); a date range keeps an event when any day of its date falls in the range.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from tidings.filters import code_prefix, iso_bound, read_modality
from tidings.store.actors import _resolve
from tidings.store.dialect import Connection, Cursor, Dialect, dialect_of

KEY_SEPARATOR = ":"

# Fields the schema defines that have no column of their own: save_analysis keeps them in
# extra_json. `coder` (the event coder's version) is not in the schema yet; it is read from the
# event, else from the analysis's top level.
EXTRA_FIELDS = ("location", "geo", "tone", "topics", "quote", "coder")



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
FROM events e
JOIN articles p ON p.id = e.article_id
LEFT JOIN actors s ON s.article_id = e.article_id AND s.id = e.source
LEFT JOIN actors t ON t.article_id = e.article_id AND t.id = e.target
LEFT JOIN event_links l ON l.article_id = e.article_id AND l.event_id = e.id
"""



@cache
def _select(dialect: Dialect, *, with_coder: bool = True) -> str:
    """The events listing's SELECT ... FROM, joined to actors and article, in `dialect`. Without
    `with_coder`, the coder is read only from the event row: reading it from the article's
    analysis parses the whole analysis once per event, which for a long article is minutes."""
    coder = dialect.json_text("p.analysis_json", "coder") if with_coder else "NULL"
    return _SELECT.format(separator=KEY_SEPARATOR, coder=coder)


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

def _actor_match(conn: Connection, term: str) -> tuple[str, list[Any]]:
    """SQL over `actors a` that holds for the actors `term` names (see the module docstring)."""
    conditions: list[str] = []
    params: list[Any] = []
    code = term.strip().upper()
    # CAMEO actor codes are built of three-character parts, so only such a string is a code.
    if code.isascii() and code.isalnum() and len(code) % 3 == 0:
        conditions.append("substr(a.cameo, 1, ?) = ?")
        params += [len(code), code]
        if len(code) == 3:
            conditions.append("a.country = ?")
            params.append(code)
    resolved = _resolve(conn, term)
    if resolved is not None:
        dialect = dialect_of(conn)
        conditions.append(dialect.in_list("a.name"))
        params.append(dialect.list_param(resolved[1]))
    return (" OR ".join(conditions) if conditions else "1 = 0"), params


def _role_is(column: str, match: tuple[str, list[Any]]) -> tuple[str, list[Any]]:
    """SQL that holds when the event's `column` (source or target) is an actor `match` selects."""
    return (f"(e.article_id, e.{column}) IN (SELECT a.article_id, a.id FROM actors a WHERE {match[0]})",
            match[1])


def events(conn: Connection, *, source: str | None = None, target: str | None = None,
           dyad: tuple[str, str] | None = None, root: str | None = None, cameo: str | None = None,
           plover: str | None = None, modality: str | None = None, since: str | None = None,
           until: str | None = None, article_id: str | None = None, limit: int = 100,
           offset: int = 0) -> list[dict[str, Any]]:
    """Stored events, latest event date first (undated last), then in text order within an article.

    Each dict (flat, so it also makes a CSV row): key, article_id, id, date, date_precision,
    date_text, cameo, root, quad_class, goldstein, plover, modality, trigger, sentence,
    span_start, span_end, confidence; source (actor id), source_name, source_kind,
    source_country, source_sector, source_cameo and the same for target (None when the event
    has none or names a missing actor); title, published, url, outlet (source) of the article;
    canonical, the key of the real-world event this mention tells (tidings.events.merge; its
    own key until linked); location, geo, tone, topics, quote, coder.

    `source`/`target` match an actor as the module docstring says; `dyad=(X, Y)` keeps events
    from X to Y and from Y to X. `root` ("11") and `cameo` ("111") match the event code by
    prefix; `plover` (case ignored) and `modality` exactly. `since`/`until` are inclusive ISO
    dates compared with the event date: "2024-03" is kept by since="2024-03-20", and until="2024-03"
    keeps all of March. Undated events are left out when either is given. Raises ValueError
    for a malformed code, date, modality or a negative limit. `offset` skips that many rows first.
    """
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    where, params = _event_filter(conn, source=source, target=target, dyad=dyad, root=root, cameo=cameo,
                                  plover=plover, modality=modality, since=since, until=until,
                                  article_id=article_id)
    cursor = conn.execute(
        f"{_select(dialect_of(conn))} {where} "
        "ORDER BY e.date IS NULL, e.date DESC, p.published DESC NULLS LAST, e.article_id, "
        "e.span_start NULLS FIRST, length(e.id), e.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    return [_row(names, values) for names, values in _named_rows(cursor)]


def count_events(conn: Connection, **filters: Any) -> int:
    """How many stored events `events(conn, **filters)` would list without a limit."""
    where, params = _event_filter(conn, **filters)
    (count,) = conn.execute(f"SELECT count(*) FROM ({_select(dialect_of(conn))} {where}) AS listed",
                            params).fetchone()
    return int(count)


def _event_filter(conn: Connection, *, source: str | None = None, target: str | None = None,
                  dyad: tuple[str, str] | None = None, root: str | None = None, cameo: str | None = None,
                  plover: str | None = None, modality: str | None = None, since: str | None = None,
                  until: str | None = None, article_id: str | None = None) -> tuple[str, list[Any]]:
    """The WHERE clause and its parameters for events()' filters (documented there)."""
    clauses: list[str] = []
    params: list[Any] = []
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


def _named_rows(cursor: Cursor) -> list[tuple[list[str], tuple[Any, ...]]]:
    names = [column[0] for column in cursor.description]
    return [(names, row) for row in cursor.fetchall()]


def _row(names: list[str], values: tuple[Any, ...]) -> dict[str, Any]:
    """A result row with the extra_json fields spread out."""
    row = dict(zip(names, values, strict=True))
    extra: dict[str, Any] = json.loads(row.pop("extra_json") or "{}")
    analysis_coder = row.pop("analysis_coder")
    for field in EXTRA_FIELDS:
        row[field] = extra.get(field)
    if row["coder"] is None:
        row["coder"] = analysis_coder
    return row


# -- one event, with its evidence ---------------------------------------------------------------

def _find(conn: Connection, key: str) -> list[tuple[str, str]]:
    """(article_id, id) of the events `key` can name: a full key, else a bare id or id prefix."""
    key = key.strip()
    article_part, separator, event_id = key.rpartition(KEY_SEPARATOR)
    found: list[tuple[str, str]]
    if separator:
        exact: list[tuple[str, str]] = conn.execute(
            "SELECT article_id, id FROM events WHERE article_id = ? AND id = ?", (article_part, event_id)
        ).fetchall()
        if exact or not article_part:
            return exact
        found = conn.execute(
            "SELECT article_id, id FROM events WHERE id = ? AND substr(article_id, 1, ?) = ? "
            "ORDER BY article_id LIMIT 50",
            (event_id, len(article_part), article_part),
        ).fetchall()
        return found
    found = conn.execute("SELECT article_id, id FROM events WHERE id = ? ORDER BY article_id LIMIT 50",
                         (key,)).fetchall()
    return found


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


def mark_sentence(sentence: str, marks: list[dict[str, Any]]) -> str:
    """The sentence in plain text with its marks shown: [SRC …], [TGT …] and «trigger»."""
    pieces: list[str] = []
    at = 0
    for mark in sorted(marks, key=lambda m: m["start"]):
        pieces.append(sentence[at:mark["start"]])
        text = sentence[mark["start"]:mark["end"]]
        if mark["kind"] == "trigger":
            pieces.append(f"«{text}»")
        else:
            pieces.append(f"[{'SRC' if mark['kind'] == 'source' else 'TGT'} {text}]")
        at = mark["end"]
    pieces.append(sentence[at:])
    return "".join(pieces)


def event(conn: Connection, key: str) -> dict[str, Any] | None:
    """One event with its evidence, or None when `key` names no stored event.

    `key` is `<article_id>:<event_id>`, or a bare event id or `<article_id prefix>:<event_id>`
    naming exactly one stored event; AmbiguousKey (a ValueError) when it names several.
    Returns the `events` row plus: span [start, end] of the sentence in the article text;
    source_mentions and target_mentions, the actor's mentions inside the sentence as
    {start, end, text, how} with offsets into the sentence; trigger_span [start, end] in the
    sentence (None when the trigger is not found there); marks, the spans to highlight as
    {kind: source|target|trigger, start, end, text}, in order and never overlapping (the trigger
    wins, then the source); marked, the sentence with them in plain text (`mark_sentence`);
    article {id, title, url, published}; extra, every field save_analysis kept in extra_json.
    """
    found = _find(conn, key)
    if not found:
        return None
    if len(found) > 1:
        raise AmbiguousKey(key, [event_key(article_id, event_id) for article_id, event_id in found])
    ((article_id, event_id),) = found
    cursor = conn.execute(f"{_select(dialect_of(conn))} WHERE e.article_id = ? AND e.id = ?",
                          (article_id, event_id))
    ((names, values),) = _named_rows(cursor)
    extra = json.loads(values[names.index("extra_json")] or "{}")
    row = _row(names, values)
    (article_text,) = conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()

    sentence: str = row["sentence"] or ""
    base = _sentence_start(article_text, sentence, row["span_start"])
    mentions: dict[str, list[dict[str, Any]]] = {"source": [], "target": []}
    for role in ("source", "target"):
        if row[role] is None or base is None:
            continue
        for start, end, text, how in conn.execute(
            "SELECT span_start, span_end, text, how FROM mentions WHERE article_id = ? AND actor_id = ? "
            "ORDER BY span_start, position",
            (article_id, row[role]),
        ):
            start, end = start - base, end - base
            # Offsets that do not land on the mention's words are not shown rather than shown wrong.
            if 0 <= start < end <= len(sentence) and sentence[start:end] == text:
                mentions[role].append({"start": start, "end": end, "text": text, "how": how})

    taken = [(m["start"], m["end"]) for role in ("source", "target") for m in mentions[role]]
    trigger = _trigger_span(sentence, row["trigger"], taken)
    candidates: list[dict[str, Any]] = []
    if trigger is not None:
        candidates.append({"kind": "trigger", "start": trigger[0], "end": trigger[1]})
    for role in ("source", "target"):
        candidates += [{"kind": role, "start": m["start"], "end": m["end"]} for m in mentions[role]]
    marks: list[dict[str, Any]] = []
    for mark in candidates:
        if all(mark["end"] <= other["start"] or mark["start"] >= other["end"] for other in marks):
            marks.append({**mark, "text": sentence[mark["start"]:mark["end"]]})
    marks.sort(key=lambda m: m["start"])

    span = None if row["span_start"] is None else [row["span_start"], row["span_end"]]
    return {
        **row,
        "span": span,
        "source_mentions": mentions["source"],
        "target_mentions": mentions["target"],
        "trigger_span": None if trigger is None else list(trigger),
        "marks": marks,
        "marked": mark_sentence(sentence, marks),
        "article": {"id": article_id, "title": row["title"], "url": row["url"],
                    "published": row["published"]},
        "extra": extra,
    }
