"""Per rollup key and day, how many real-world events there are and how they weigh, kept as the
rollup is refreshed, so that a timeline (/api/dyads) reads a row per day and class however many
events it counts, and counts them all (it read at most 100,000 events' rows before).

    contributions(conn, canonicals)   what these events add to the table now
    apply(conn, before, after)        move the table from `before` to `after` (refresh calls both)
    day_counts(conn, facet, value)    one key's rows, as a timeline reads them
    backfill_timeline(conn)           fill the table from the rollup (migration m012)

Table merged_days (migration m012, the same on PostgreSQL): facet and value (a key of
merged_keys, or ('*', '') for every event), day (where a chart places the event: its first
telling's date, else its article's publication day; '' when neither), borrowed (1 when the day
is the article's), quad_class (0 when none), events, goldstein_sum and goldstein_n (the events
with a Goldstein score, and their sum).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from tidings.store.dialect import Connection, Param, dialect_of, optional_text, text, whole

__all__ = ["DayCount", "Tally", "apply", "backfill_timeline", "contributions", "day_counts"]

TABLE: Final = """CREATE TABLE merged_days (
    facet TEXT NOT NULL, value TEXT NOT NULL, day TEXT NOT NULL, borrowed INTEGER NOT NULL,
    quad_class INTEGER NOT NULL, events INTEGER NOT NULL, goldstein_sum DOUBLE PRECISION NOT NULL,
    goldstein_n INTEGER NOT NULL, PRIMARY KEY (facet, value, day, borrowed, quad_class))"""
# (facet, value, day, borrowed, quad_class)
Cell = tuple[str, str, str, int, int]
# (events, goldstein_sum, goldstein_n)
Tally = dict[Cell, tuple[int, float, int]]

# An event's day as a chart places it: its own date, else its article's day (as GDELT dates events).
_DAY: Final = ("CASE WHEN coalesce(m.first_date, '') <> '' THEN m.first_date "
               "WHEN coalesce(m.first_published, '') <> '' THEN substr(m.first_published, 1, 10) ELSE '' END")
_BORROWED: Final = ("CASE WHEN coalesce(m.first_date, '') = '' AND coalesce(m.first_published, '') <> '' "
                    "THEN 1 ELSE 0 END")
_KEYED: Final = f"""
SELECT k.facet, k.value, {_DAY} AS day, {_BORROWED} AS borrowed, coalesce(m.quad_class, 0) AS quad_class,
       m.goldstein
FROM merged_keys k JOIN merged_events m ON m.canonical = k.canonical
"""
_EVERY: Final = f"""
SELECT '*' AS facet, '' AS value, {_DAY} AS day, {_BORROWED} AS borrowed,
       coalesce(m.quad_class, 0) AS quad_class, m.goldstein
FROM merged_events m
"""


@dataclass(frozen=True, slots=True)
class DayCount:
    """The events of one day and QuadClass under a key, as a timeline counts them (the shape of
    web.aggregates.Dated: `date` is the event's day, else `published` the article's)."""

    date: str | None
    published: str | None
    quad_class: int | None
    events: int
    goldstein_sum: float
    goldstein_n: int


def contributions(conn: Connection, canonicals: Iterable[str]) -> Tally:
    """What the rollup rows of `canonicals` add to merged_days as they are stored now."""
    keys = sorted(set(canonicals))
    if not keys:
        return {}
    dialect = dialect_of(conn)
    listed = dialect.list_param(keys)
    tally: Tally = {}
    for facet, value, day, borrowed, quad, score in conn.execute(
            f"{_KEYED} WHERE {dialect.in_list('k.canonical')} UNION ALL {_EVERY} "
            f"WHERE {dialect.in_list('m.canonical')}", [listed, listed]).fetchall():
        cell = (text(facet), text(value), text(day), whole(borrowed), whole(quad))
        events, total, scored = tally.get(cell, (0, 0.0, 0))
        if score is not None:
            total, scored = total + float(str(score)), scored + 1
        tally[cell] = (events + 1, total, scored)
    return tally


def apply(conn: Connection, before: Tally, after: Tally) -> None:
    """Move merged_days from the contributions `before` to `after`; a cell left with no event
    goes."""
    changed: list[tuple[Param, ...]] = []
    for cell in sorted(before.keys() | after.keys()):
        was, now = before.get(cell, (0, 0.0, 0)), after.get(cell, (0, 0.0, 0))
        if was != now:
            changed.append((*cell, now[0] - was[0], now[1] - was[1], now[2] - was[2]))
    if not changed:
        return
    conn.executemany(
        "INSERT INTO merged_days (facet, value, day, borrowed, quad_class, events, goldstein_sum, "
        "goldstein_n) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (facet, value, day, borrowed, quad_class) DO UPDATE SET "
        "events = merged_days.events + excluded.events, "
        "goldstein_sum = merged_days.goldstein_sum + excluded.goldstein_sum, "
        "goldstein_n = merged_days.goldstein_n + excluded.goldstein_n", changed)
    conn.executemany("DELETE FROM merged_days WHERE facet = ? AND value = ? AND day = ? AND borrowed = ? "
                     "AND quad_class = ? AND events <= 0", [row[:5] for row in changed])


def day_counts(conn: Connection, facet: str, value: str) -> list[DayCount]:
    """The key's rows, one per day, borrowed or not, and QuadClass (('*', '') for every event)."""
    found = conn.execute("SELECT day, borrowed, quad_class, events, goldstein_sum, goldstein_n "
                         "FROM merged_days WHERE facet = ? AND value = ? ORDER BY day, borrowed, quad_class",
                         (facet, value)).fetchall()
    counts = []
    for day, borrowed, quad, events, total, scored in found:
        shown = optional_text(day) or None
        counts.append(DayCount(date=None if borrowed else shown, published=shown if borrowed else None,
                               quad_class=whole(quad) or None, events=whole(events),
                               goldstein_sum=float(str(total)), goldstein_n=whole(scored)))
    return counts


def backfill_timeline(conn: Connection) -> None:
    """Fill merged_days from the rollup's rows (once, in the migration)."""
    grouped = ("SELECT facet, value, day, borrowed, quad_class, count(*), coalesce(sum(goldstein), 0), "
               "count(goldstein) FROM ({rows}) AS told GROUP BY facet, value, day, borrowed, quad_class")
    for rows in (_KEYED, _EVERY):
        conn.execute("INSERT INTO merged_days (facet, value, day, borrowed, quad_class, events, "
                     f"goldstein_sum, goldstein_n) {grouped.format(rows=rows)}")
