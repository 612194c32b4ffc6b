"""One row per real-world event, kept current as articles are saved and linked, so that a listing
of merged events reads one page of an index instead of grouping every matching mention.

    refresh(conn, canonicals)            recompute the rows of these canonical events from their tellings
    saved_canonicals(conn, article_id)   the canonical events an article's mentions belong to now
    rollup_filters(conn, **filters)      the filters as the rollup answers them, or None (the mentions must)
    rollup_page(conn, facets, ...)       one page of canonical keys, latest first (by offset or keyset)
    rollup_count(conn, facets)           how many a rollup listing has in all
    rollup_summaries(conn, facets, ...)  what a timeline counts of each event, from the rollup alone

Tables (migrations m007, the same on PostgreSQL):
- merged_events: canonical, latest (the latest date its tellings give, '' when none: the
  listing's order, undated last), earliest (the earliest; `until` compares it) and latest_end
  (the last day of the latest: a week-precision date ends six days later; `since` compares it);
  and of the telling the listing shows it by, first_date, first_published, quad_class and
  goldstein (what a timeline counts).
- merged_keys: (facet, value, canonical, latest) for each source country (facet "s"), target
  country ("t"), source and target countries in order ("d": "USA>CHN") and either way round
  ("u": "CHN|USA"), source and target actor's name by its key ("sn", "tn": normalise_name, so
  every spelling of a name is one key), event root ("r") and PLOVER type ("p") any telling gives, with
  the latest date of the tellings that give it, indexed by (facet, value, latest DESC,
  canonical) so one filter's page is an index range in the order grouping those tellings gives.

A mention saved but not linked (yet) is an event of its own: its canonical is its own key.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Final

from tidings.actors.names import normalise_name
from tidings.filters import iso_bound
from tidings.store import timeline
from tidings.store.actors import names_meant
from tidings.store.dialect import (
    Connection,
    Param,
    dialect_of,
    one_row,
    optional_text,
    row_dicts,
    text,
    whole,
)
from tidings.store.events import KEY_SEPARATOR

__all__ = ["EventSummary", "Facets", "refresh", "rollup_count", "rollup_filters", "rollup_page",
           "rollup_summaries", "saved_canonicals"]

SOURCE, TARGET, ROOT, PLOVER = "s", "t", "r", "p"
# The count of every event, kept beside the keys' counts in merged_counts.
EVERY: Final = ("*", "")
# A count with several conditions scans at most this many events; past it, it is estimated.
EXACT_SCAN: Final = 1_000
# A telling's source and target countries together: in that order ("USA>CHN"), and either way
# round ("CHN|USA", a dyad): a page of one pair is an index range, not a search through one side.
PAIR, DYAD = "d", "u"
# A telling's source and target actor by the key of its name: a listing of one actor's events
# (its page, --source "Wang Yi") is an index range too.
SOURCE_NAME, TARGET_NAME = "sn", "tn"
# Another key the event `d` must have (its facet and value as parameters).
_HAS_KEY: Final = ("EXISTS (SELECT 1 FROM merged_keys k WHERE k.canonical = d.canonical "
                   "AND k.facet = ? AND k.value = ?)")

_TELLINGS: Final = """
SELECT {canonical} AS canonical, e.article_id, e.id AS event_id, e.date, e.date_precision,
       coalesce(e.root, substr(e.cameo, 1, 2)) AS root, e.plover, e.quad_class, e.goldstein, e.span_start,
       p.published, s.country AS source_country, t.country AS target_country, s.name AS source_name,
       t.name AS target_name
FROM {tables}
JOIN articles p ON p.id = e.article_id
LEFT JOIN actors s ON s.article_id = e.article_id AND s.id = e.source
LEFT JOIN actors t ON t.article_id = e.article_id AND t.id = e.target
"""


@dataclass(frozen=True, slots=True)
class Facets:
    """A listing's filters as the rollup answers them: the keys (facet, value) that must all hold,
    the narrowest first, and date bounds."""

    required: tuple[tuple[str, str], ...] = ()
    since: str | None = None
    until: str | None = None


def saved_canonicals(conn: Connection, article_id: str) -> set[str]:
    """The canonical events the article's mentions belong to now: their links' canonicals, and
    the unlinked mentions' own keys."""
    found = conn.execute(
        "SELECT e.article_id, e.id, l.canonical FROM events e LEFT JOIN event_links l "
        "ON l.article_id = e.article_id AND l.event_id = e.id WHERE e.article_id = ?",
        (article_id,)).fetchall()
    return {text(canonical) if canonical is not None else f"{text(article)}{KEY_SEPARATOR}{text(event)}"
            for article, event, canonical in found}


def refresh(conn: Connection, canonicals: Iterable[str], *, days: bool = True) -> None:
    """Recompute the rollup rows of `canonicals` from their tellings as stored now; an event no
    telling is left of loses its rows. Without `days`, the timeline's table is left alone: the
    migrations that fill the rollup run before the one that makes that table (and fills it)."""
    keys = sorted(set(canonicals))
    if not keys:
        return
    dialect = dialect_of(conn)
    listed = dialect.list_param(keys)
    counted: Counter[tuple[str, str]] = Counter()  # how each key's count changes
    for facet, value, number in conn.execute(
            f"SELECT facet, value, count(*) FROM merged_keys WHERE {dialect.in_list('canonical')} "
            "GROUP BY facet, value", [listed]).fetchall():
        counted[(text(facet), text(value))] -= whole(number)
    (events_before,) = one_row(conn.execute(
        f"SELECT count(*) FROM merged_events WHERE {dialect.in_list('canonical')}", [listed]))
    counted[EVERY] -= whole(events_before)
    days_before = timeline.contributions(conn, keys) if days else {}
    conn.execute(f"DELETE FROM merged_keys WHERE {dialect.in_list('canonical')}", [listed])
    conn.execute(f"DELETE FROM merged_events WHERE {dialect.in_list('canonical')}", [listed])
    tellings = _tellings(conn, keys)
    event_rows: list[tuple[Param, ...]] = []
    key_rows: list[tuple[Param, ...]] = []
    for canonical, rows in tellings.items():
        dated = [row for row in rows if row["date"]]
        dates = [text(row["date"]) for row in dated]
        latest = max(dates, default="")
        ends = [_last_day(text(row["date"]), optional_text(row["date_precision"])) for row in dated]
        first = _first_telling(canonical, rows)  # the telling a listing shows the event by
        quad, score = first["quad_class"], first["goldstein"]
        event_rows.append((canonical, latest, min(dates, default=None), max(ends, default=None),
                           optional_text(first["date"]), optional_text(first["published"]),
                           quad if isinstance(quad, int) else None,
                           float(score) if isinstance(score, int | float) else None))
        # a key's date is the latest of the tellings that have it: a listing filtered on it
        # orders the event by the tellings it selects, as grouping those mentions does
        keyed: dict[tuple[str, str], str] = {}
        for row in rows:
            source, target = optional_text(row["source_country"]), optional_text(row["target_country"])
            pair: tuple[str | None, str | None] = (None, None)
            if source is not None and target is not None:
                pair = (f"{source}>{target}", "|".join(sorted((source, target))))
            names = [optional_text(row[side]) for side in ("source_name", "target_name")]
            source_name, target_name = (normalise_name(name) if name else None for name in names)
            for facet, value in ((SOURCE, source), (TARGET, target), (PAIR, pair[0]), (DYAD, pair[1]),
                                 (SOURCE_NAME, source_name), (TARGET_NAME, target_name),
                                 (ROOT, row["root"]), (PLOVER, row["plover"])):
                if value:
                    told = optional_text(row["date"]) or ""
                    keyed[(facet, text(value))] = max(keyed.get((facet, text(value)), ""), told)
        key_rows += [(facet, value, canonical, told) for (facet, value), told in sorted(keyed.items())]
    if event_rows:
        conn.executemany("INSERT INTO merged_events (canonical, latest, earliest, latest_end, first_date, "
                         "first_published, quad_class, goldstein) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         event_rows)
    if key_rows:
        conn.executemany("INSERT INTO merged_keys (facet, value, canonical, latest) VALUES (?, ?, ?, ?)",
                         key_rows)
    counted[EVERY] += len(event_rows)
    for facet, value, _canonical, _latest in key_rows:
        counted[(str(facet), str(value))] += 1
    if days:
        timeline.apply(conn, days_before, timeline.contributions(conn, keys))
    changed = [(facet, value, number) for (facet, value), number in counted.items() if number]
    if changed:
        conn.executemany("INSERT INTO merged_counts (facet, value, n) VALUES (?, ?, ?) "
                         "ON CONFLICT (facet, value) DO UPDATE SET n = merged_counts.n + excluded.n", changed)


def _tellings(conn: Connection, keys: Sequence[str]) -> dict[str, list[Mapping[str, object]]]:
    """The tellings of each of `keys`: the mentions linked to it, and the unlinked mention it is
    the key of."""
    dialect = dialect_of(conn)
    found: dict[str, list[Mapping[str, object]]] = defaultdict(list)
    linked = _TELLINGS.format(canonical="l.canonical", tables="event_links l JOIN events e "
                              "ON e.article_id = l.article_id AND e.id = l.event_id")
    for row in row_dicts(conn.execute(f"{linked} WHERE {dialect.in_list('l.canonical')}",
                                   [dialect.list_param(list(keys))])):
        found[text(row["canonical"])].append(row)
    # an unlinked mention is told under its own key, which may also be the canonical key other
    # articles' mentions were linked to (its article re-saved since)
    unlinked = _TELLINGS.format(
        canonical=f"e.article_id || '{KEY_SEPARATOR}' || e.id",
        tables="events e LEFT JOIN event_links l ON l.article_id = e.article_id AND l.event_id = e.id")
    articles = sorted({key.rpartition(KEY_SEPARATOR)[0] for key in keys})
    wanted = set(keys)
    for row in row_dicts(conn.execute(f"{unlinked} WHERE {dialect.in_list('e.article_id')} "
                                   "AND l.canonical IS NULL", [dialect.list_param(articles)])):
        if text(row["canonical"]) in wanted:
            found[text(row["canonical"])].append(row)
    return found


def _first_telling(canonical: str, rows: Sequence[Mapping[str, object]]) -> Mapping[str, object]:
    """The telling the merged listing shows an event by: its canonical mention, else the
    earliest published (store.merged._merged chooses alike)."""
    for row in rows:
        if f"{text(row['article_id'])}{KEY_SEPARATOR}{text(row['event_id'])}" == canonical:
            return row
    return min(rows, key=lambda row: (optional_text(row["published"]) or "", _number(row["span_start"])))


def _number(value: object) -> int:
    return value if isinstance(value, int) else 0


def _last_day(day: str, precision: str | None) -> str:
    """The last day an event date covers: a week-precision date names its first day."""
    if precision == "week" and len(day) == 10:
        try:
            return (date.fromisoformat(day) + timedelta(days=6)).isoformat()
        except ValueError:
            return day
    return day


# -- listing --------------------------------------------------------------------------------------

def rollup_filters(conn: Connection, *, source: str | None = None, target: str | None = None,
                   dyad: tuple[str, str] | None = None, root: str | None = None, cameo: str | None = None,
                   plover: str | None = None, modality: str | None = None, since: str | None = None,
                   until: str | None = None, article_id: str | None = None) -> Facets | None:
    """The filters as the rollup answers them, or None when one needs the mentions: an actor term
    that is neither a stored country code nor the name of one actor (an agent code "USAGOV", a
    word several names share), a dyad of names, a CAMEO code, a modality or an article."""
    if cameo is not None or modality is not None or article_id is not None:
        return None
    terms = [term for term in (source, target, *(dyad or ())) if term is not None]
    keys = {term: _actor_key(conn, term) for term in terms}
    if any(key is None for key in keys.values()):
        return None
    # the narrowest key first: the listing is driven from its index range
    required: list[tuple[str, str]] = []
    if dyad is not None:
        first, second = keys[dyad[0]], keys[dyad[1]]
        if first is None or second is None or first[0] != SOURCE or second[0] != SOURCE:
            return None  # a dyad of names: either way round is two keys, which the mentions answer
        required.append((DYAD, "|".join(sorted((first[1], second[1])))))
    by_source, by_target = keys.get(source or ""), keys.get(target or "")
    if by_source is not None and by_target is not None and by_source[0] == by_target[0] == SOURCE:
        required.append((PAIR, f"{by_source[1]}>{by_target[1]}"))
    else:
        if by_source is not None:
            required.append(by_source)
        if by_target is not None:  # the same key as a target's
            required.append((TARGET if by_target[0] == SOURCE else TARGET_NAME, by_target[1]))
    if root is not None:
        value = root.strip()
        if not (len(value) == 2 and value.isdigit()):
            return None  # the mentions' filter says what is wrong with it
        required.append((ROOT, value))
    if plover is not None:
        required.append((PLOVER, plover.strip().upper()))
    return Facets(tuple(required), iso_bound("since", since) if since else None,
                  iso_bound("until", until) if until else None)


def _actor_key(conn: Connection, term: str) -> tuple[str, str] | None:
    """The key an actor term selects a source by: (SOURCE, code) for a stored country code,
    (SOURCE_NAME, name key) for a term that names one actor (all of whose spellings have that
    key) and could be no stored CAMEO code, else None (the mentions answer it)."""
    code = term.strip().upper()
    if _stored_country(conn, code):
        return SOURCE, code
    # the mentions' filter also takes a term of three-letter parts as a CAMEO code's prefix
    if code.isascii() and code.isalnum() and len(code) % 3 == 0 and _stored_cameo(conn, code):
        return None
    spellings = names_meant(conn, term)
    name_keys = {normalise_name(name) for name in spellings}
    if len(name_keys) != 1:
        return None
    return SOURCE_NAME, name_keys.pop()


def _stored_country(conn: Connection, code: str) -> bool:
    """True when `code` is a country code some stored actor has (not "Liu", a name of three letters)."""
    if not (len(code) == 3 and code.isascii() and code.isalpha()):
        return False
    return conn.execute("SELECT 1 FROM actors WHERE country = ? LIMIT 1", (code,)).fetchone() is not None


def _stored_cameo(conn: Connection, prefix: str) -> bool:
    """True when some stored actor's CAMEO code starts with `prefix` (read through its index)."""
    return conn.execute("SELECT 1 FROM actors WHERE cameo >= ? AND cameo < ? LIMIT 1",
                        (prefix, f"{prefix}~")).fetchone() is not None


def _where(facets: Facets, *, event_row: bool = False) -> tuple[str, str, list[Param]]:
    """FROM ... WHERE for the facets: driven from the first required key's index range (in the
    listing's order), the other keys and the dates checked per row. The event's merged_events row
    is `m` when the listing is driven from a key and needs it (dates, or `event_row`), else `d`."""
    params: list[Param] = []
    conditions: list[str] = []
    if facets.required:
        (facet, value), *others = facets.required
        source = "merged_keys d"
        conditions.append("d.facet = ? AND d.value = ?")
        params += [facet, value]
    else:
        others = []
        source = "merged_events d"
    for facet, value in others:
        conditions.append(_HAS_KEY)
        params += [facet, value]
    dates = "m" if facets.required else "d"
    if facets.required and (event_row or facets.since is not None or facets.until is not None):
        source += " JOIN merged_events m ON m.canonical = d.canonical"
    if facets.since is not None or facets.until is not None:
        if facets.since is not None:
            # the event's last day on or after `since`, compared on their common prefix (as the
            # mentions' filter does: "2024-03" is kept by since="2024-03-20")
            conditions.append(f"{dates}.latest_end IS NOT NULL AND substr(?, 1, length({dates}.latest_end)) "
                              f"<= {dates}.latest_end")
            params.append(facets.since)
        if facets.until is not None:
            conditions.append(f"{dates}.earliest IS NOT NULL AND substr({dates}.earliest, 1, length(?)) <= ?")
            params += [facets.until, facets.until]
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    return source, where, params


def rollup_page(conn: Connection, facets: Facets, *, limit: int, offset: int,
                after: tuple[str, str] | None = None) -> list[tuple[str, str]]:
    """One page of the listing the facets select, latest first (undated last), then by key: each
    event's canonical key and its place in that order (the date it is ordered by, '' when none).
    `after` (such a pair) starts the page after that event: the next page of a keyset walk."""
    source, where, params = _where(facets)
    if after is not None:
        where = f"{where} AND" if where else "WHERE"
        where += " (d.latest < ? OR (d.latest = ? AND d.canonical > ?))"
        params += [after[0], after[0], after[1]]
    found = conn.execute(f"SELECT d.canonical, d.latest FROM {source} {where} ORDER BY d.latest DESC, "
                         "d.canonical LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    return [(text(canonical), text(latest)) for canonical, latest in found]


@dataclass(frozen=True, slots=True)
class EventSummary:
    """What a timeline reads of an event (its first telling's date, its article's publication
    date, QuadClass and Goldstein), read from the rollup alone."""

    date: str | None
    published: str | None
    quad_class: int | None
    goldstein: float | None

    # one event, weighed as a timeline weighs a day's events (store.timeline.DayCount)
    @property
    def events(self) -> int:
        return 1

    @property
    def goldstein_sum(self) -> float:
        return self.goldstein or 0.0

    @property
    def goldstein_n(self) -> int:
        return int(self.goldstein is not None)


def _counted(conn: Connection, facet: str, value: str) -> int:
    """How many events have the key (facet, value), as merged_counts keeps it."""
    found = conn.execute("SELECT n FROM merged_counts WHERE facet = ? AND value = ?",
                         (facet, value)).fetchone()
    return 0 if found is None else whole(found[0])


def rollup_summaries(conn: Connection, facets: Facets, *, limit: int) -> list[EventSummary]:
    """The summaries of the latest `limit` events the facets select, from the rollup's rows: no
    telling is read, however many events a timeline counts."""
    source, where, params = _where(facets, event_row=True)
    columns = "m" if facets.required else "d"
    found = conn.execute(f"SELECT {columns}.first_date, {columns}.first_published, {columns}.quad_class, "
                         f"{columns}.goldstein FROM {source} {where} ORDER BY d.latest DESC, d.canonical "
                         "LIMIT ?", [*params, limit]).fetchall()
    return [EventSummary(optional_text(day), optional_text(published), None if quad is None else whole(quad),
                         None if score is None else float(str(score)))
            for day, published, quad, score in found]


def rollup_count(conn: Connection, facets: Facets, *, estimate: bool = False) -> tuple[int, bool]:
    """How many events the listing the facets select has in all, and whether that is exact.

    One key, or none, is counted as the rows were saved (merged_counts): exact and at once. More
    conditions are counted over the first key's events; with `estimate`, when those are more
    than EXACT_SCAN, the count is estimated from the first EXACT_SCAN of them in the listing's
    order (False: an estimate), so that it costs what a deep page does, not what the whole
    database does."""
    if not facets.since and not facets.until and len(facets.required) <= 1:
        facet, value = facets.required[0] if facets.required else EVERY
        return _counted(conn, facet, value), True
    facet, value = facets.required[0] if facets.required else EVERY
    within = _counted(conn, facet, value)
    source, where, params = _where(facets)
    if within <= EXACT_SCAN or not estimate:
        (count,) = one_row(conn.execute(f"SELECT count(*) FROM {source} {where}", params))
        return whole(count), True
    # The events of the first key whose date the bounds allow (through the index, to the day:
    # near enough for an estimate), and the rest of the conditions over the first EXACT_SCAN of
    # them in the listing's order.
    if facets.required:
        driver = "merged_keys f WHERE f.facet = ? AND f.value = ?"
        driver_params: list[Param] = [facet, value]
    else:
        driver, driver_params = "merged_events f WHERE 1 = 1", []
    if facets.since is not None:
        driver += " AND f.latest >= ?"
        driver_params.append(_days_before(facets.since, 6))
    if facets.until is not None:
        driver += " AND f.latest <> '' AND f.latest <= ?"
        driver_params.append(f"{facets.until}~")  # "2024-03~" is after every day of March
    if facets.since is not None or facets.until is not None:
        (within_count,) = one_row(conn.execute(f"SELECT count(*) FROM {driver}", driver_params))
        within = whole(within_count)
    first = f"SELECT f.canonical, f.latest FROM {driver} ORDER BY f.latest DESC, f.canonical LIMIT ?"
    rest_source, rest_where, rest_params = _where(replace(facets, required=()))
    conditions = [rest_where.removeprefix("WHERE ")] if rest_where else []
    for other, wanted in facets.required[1:]:
        conditions.append(_HAS_KEY)
        rest_params += [other, wanted]
    # `rest_source` is "merged_events d": the sampled events' rows, for their dates
    sampled = rest_source.replace("merged_events d", f"({first}) AS f JOIN merged_events d "
                                  "ON d.canonical = f.canonical")
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    (matched,) = one_row(conn.execute(f"SELECT count(*) FROM {sampled} {where}",
                                      [*driver_params, EXACT_SCAN, *rest_params]))
    return round(within * whole(matched) / max(1, min(within, EXACT_SCAN))), False


def _days_before(day: str, days: int) -> str:
    """The ISO day `days` before `day` (a month or a year: its first day)."""
    first = day if len(day) == 10 else f"{day[:7]}-01" if len(day) == 7 else f"{day[:4]}-01-01"
    return (date.fromisoformat(first) - timedelta(days=days)).isoformat()
