"""What the web's charts and counts are made of, computed from store rows (pure, except `total`).

    dyad_series(rows, by, articles=None)   the timeline: events per period, every period drawn
    undated(rows, by)                      the events a timeline cannot place
    network(rows)                          actor-pair edges weighted by events
    places(rows)                           events counted by place
    merge_events(rows)                     events of several queries, each once, latest first
    total(store, kind, filters)            how many rows a listing has in all (overview, lists, API)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import Protocol, TypeVar

from tidings.records import Json
from tidings.rows import EventRow
from tidings.store import Store

PERIODS = ("day", "week", "month")


class Dated(Protocol):
    """What a timeline reads of an event (the store's EventSummary) or of a day's events under one
    key (its DayCount): the day and publication, QuadClass, and how many events weigh how much."""

    @property
    def date(self) -> str | None: ...

    @property
    def published(self) -> str | None: ...

    @property
    def quad_class(self) -> int | None: ...

    @property
    def events(self) -> int: ...

    @property
    def goldstein_sum(self) -> float: ...

    @property
    def goldstein_n(self) -> int: ...
# The longest run of periods a timeline fills with zeros (about 27 years of days); a span wider
# than this keeps only the periods that have events.
MAX_FILLED = 10_000


def period_of(day: str | None, by: str) -> str | None:
    """The day/week/month an ISO date falls in, or None when the date is missing, not a date, or
    too coarse for `by` ("2024-03" has a month but no day or week)."""
    if not day:
        return None
    if by == "month":
        return day[:7] if len(day) >= 7 else None
    if len(day) < 10:
        return None
    if by == "day":
        return day[:10]
    try:
        year, week, _ = date.fromisoformat(day[:10]).isocalendar()
    except ValueError:
        return None
    return f"{year}-W{week:02d}"


def _start(period: str, by: str) -> date:
    """The first day of a period label made by `period_of`."""
    if by == "month":
        return date(int(period[:4]), int(period[5:7]), 1)
    if by == "week":
        return date.fromisocalendar(int(period[:4]), int(period[6:]), 1)
    return date.fromisoformat(period)


def _every_period(first: str, last: str, by: str) -> Iterator[str]:
    """Every period label from `first` to `last`, both included, oldest first."""
    day, end = _start(first, by), _start(last, by)
    while day <= end:
        label = period_of(day.isoformat(), by)
        assert label is not None  # a full ISO date has a period of every kind
        yield label
        if by == "month":
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        else:
            day += timedelta(days=7 if by == "week" else 1)


def event_day(row: Dated) -> tuple[str | None, bool]:
    """The date a chart places an event at, and whether it is the article's: the event's own
    date, else its article's publication date (as GDELT dates every event by its article)."""
    if row.date:
        return row.date, False
    return (row.published or None), True


def dyad_series(rows: Sequence[Dated], by: str,
                articles: Mapping[str, int] | None = None) -> list[dict[str, Json]]:
    """Per period, oldest first: events, counts by QuadClass 1-4 (0: none), mean Goldstein (None
    when no event has one) and how many events took their article's date (`event_day`).

    Every period from the first to the last with an event is present, the empty ones as zero, so
    a chart draws a quiet month as a gap to zero instead of a line across it (up to MAX_FILLED
    periods). Events without any date are left out. Given the stored articles per publication
    day (`articles`, Store.articles_by_day), each period also has `articles` (how many were
    published in it) and `per_100_articles` (events per 100 of them, None when there were none),
    the normalised volume GDELT's timelines show.
    """
    quads: dict[str, Counter[int]] = defaultdict(Counter)
    scores: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])  # sum and how many
    borrowed: Counter[str] = Counter()
    for row in rows:
        day, from_article = event_day(row)
        period = period_of(day, by)
        if period is None:
            continue
        quads[period][row.quad_class if row.quad_class is not None else 0] += row.events
        borrowed[period] += from_article * row.events
        if row.goldstein_n:
            scores[period][0] += row.goldstein_sum
            scores[period][1] += row.goldstein_n
    if not quads:
        return []
    labels = sorted(quads)
    filled = list(_every_period(labels[0], labels[-1], by))
    if len(filled) <= MAX_FILLED:
        labels = filled
    published: Counter[str | None] | None = None
    if articles is not None:
        published = Counter()
        for day, count in articles.items():
            published[period_of(day, by)] += count
    series: list[dict[str, Json]] = []
    for period in labels:
        counts = quads.get(period, Counter())
        total, scored = scores.get(period, (0.0, 0))
        events = sum(counts.values())
        point: dict[str, Json] = {
            "period": period,
            "events": events,
            "quad_class": {str(q): counts.get(q, 0) for q in (1, 2, 3, 4)},
            "goldstein_mean": round(total / scored, 3) if scored else None,
            "dated_by_article": borrowed.get(period, 0),
        }
        if published is not None:
            n = published.get(period, 0)
            point["articles"] = n
            point["per_100_articles"] = round(100 * events / n, 3) if n else None
        series.append(point)
    return series


def undated(rows: Sequence[Dated], by: str) -> int:
    """How many of `rows` a timeline by `by` cannot place: no date of their own nor their
    article's, or one too coarse for `by` (dyad_series leaves them out)."""
    return sum(row.events for row in rows if period_of(event_day(row)[0], by) is None)


def network(rows: Sequence[EventRow]) -> dict[str, Json]:
    """Actor-pair edges weighted by the number of events from source to target (pure).

    Nodes are actor names with their country (the most frequent one seen) and their number of
    events; events without a named source or target are left out. Edges heaviest first.
    """
    weights: Counter[tuple[str, str]] = Counter()
    countries: dict[str, Counter[str | None]] = defaultdict(Counter)
    for row in rows:
        source, target = row.source_name, row.target_name
        if not source or not target:
            continue
        weights[(source, target)] += 1
        countries[source][row.source_country] += 1
        countries[target][row.target_country] += 1
    nodes: list[Json] = [{"id": name, "name": name, "country": seen.most_common(1)[0][0],
                          "events": sum(seen.values())}
                         for name, seen in sorted(countries.items())]
    edges: list[Json] = [{"source": s, "target": t, "weight": w}
                         for (s, t), w in sorted(weights.items(), key=lambda item: (-item[1], item[0]))]
    return {"nodes": nodes, "edges": edges}


def places(rows: Sequence[EventRow]) -> list[dict[str, Json]]:
    """Events counted by the place they happened (pure): name, country, lat, lon, events.

    Events without coordinates are left out; the busiest place first.
    """
    counted: Counter[tuple[str, str | None, float, float]] = Counter()
    for row in rows:
        if row.geo is None:
            continue
        counted[(row.geo.name or row.location or "", row.geo.country, float(row.geo.lat),
                 float(row.geo.lon))] += 1
    busiest = sorted(counted.items(), key=lambda item: (-item[1], item[0][0]))
    return [{"name": name, "country": country, "lat": lat, "lon": lon, "events": n}
            for (name, country, lat, lon), n in busiest]


_Event = TypeVar("_Event", bound=EventRow)


def merge_events(rows: Iterable[_Event]) -> list[_Event]:
    """Events from several queries, each once, latest date first (undated last)."""
    unique = {row.key: row for row in rows}
    dated = sorted((row for row in unique.values() if row.date), key=lambda row: row.date or "",
                   reverse=True)
    return dated + [row for row in unique.values() if not row.date]


def total(store: Store, kind: str, filters: Mapping[str, object] | None = None) -> int:
    """How many rows the Store listing `kind` (articles, actors, events, merged_events, quotes)
    has in all under `filters`, by the store's count_ methods, which Store.counts() (the
    overview's numbers) also uses: every list page and API listing shows this total."""
    counters: dict[str, Callable[..., int]] = {
        "articles": store.count_articles, "actors": store.count_actors, "events": store.count_events,
        "merged_events": store.count_merged_events, "quotes": store.count_quotes}
    return counters[kind](**(filters or {}))
