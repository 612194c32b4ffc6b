"""One record per event within an article: the events stage's last step.

A meeting reported as "a meeting with X on Friday" and again as "sat down with X" is one meeting
(GDELT's duplicates are its users' first complaint). Events across articles are linked later, by
tidings.events.merge.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace

from tidings.records import Event

# Roots whose events are mutual: "Biden and Xi met" is Biden meeting Xi.
SYMMETRIC_ROOTS = frozenset({"03", "04", "05", "06"})


@dataclass(slots=True)
class _Tellings:
    """The records kept so far for one root, source and target, by their place in the kept list:
    the first, the undated ones (in order) and the first with each date."""

    first: int
    undated: deque[int]
    by_date: dict[str | None, int]


def merge_repeats(events: Sequence[Event]) -> list[Event]:
    """The events, each told once, numbered e1, e2, ... in order.

    A record merges into the first kept one that tells the same event: the same actors (either way
    round for mutual events), the same root, and dates that agree or that the text did not give;
    an undated record kept takes the date of a dated telling merged into it.
    The candidates are looked up by root and actors, not found by comparing every record kept.
    Pure: returns new records.
    """
    kept: list[Event] = []
    tellings: dict[tuple[str, str | None, str | None], _Tellings] = {}
    for event in events:
        root, dated = event.root, event.date_precision != "unknown"
        keys: list[tuple[str, str | None, str | None]] = [(root, event.source, event.target)]
        if root in SYMMETRIC_ROOTS:
            keys.append((root, event.target, event.source))
        twins: list[int] = []
        for key in dict.fromkeys(keys):
            told = tellings.get(key)
            if told is None:
                continue
            if not dated:
                twins.append(told.first)
                continue
            if told.undated:
                twins.append(told.undated[0])
            if event.date in told.by_date:
                twins.append(told.by_date[event.date])
        if not twins:
            told = tellings.setdefault(keys[0], _Tellings(len(kept), deque(), {}))
            if dated:
                told.by_date.setdefault(event.date, len(kept))
            else:
                told.undated.append(len(kept))
            kept.append(event)
            continue
        at = min(twins)
        twin = kept[at]
        if twin.date_precision == "unknown" and dated:
            kept[at] = replace(twin, date=event.date, date_precision=event.date_precision,
                               date_text=event.date_text)
            # it was its telling's first undated record (else that one would have been its twin)
            told = tellings[(twin.root, twin.source, twin.target)]
            told.undated.popleft()
            told.by_date[event.date] = min(told.by_date.get(event.date, at), at)
    return [replace(event, id=f"e{number}") for number, event in enumerate(kept, start=1)]
