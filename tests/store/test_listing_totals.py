"""Every store listing says how many rows it has in all and lists them all with limit=None, on
SQLite and PostgreSQL alike; Store.counts() (the overview) counts each listing as the listing
does, so an overview's "N actors" is the number `tidings actors` pages through (issue 19: the
overview counted 308 actors and 134 events where the lists had 214 and 116)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.store.test_merged_store import build as build_meetings
from tests.store.test_quote_store import build as build_quotes
from tidings.alerts.evaluate import Alert
from tidings.model import Failure, Skip
from tidings.store import Store, open_store

# Each listing with its count_ method, by the name Store.counts() gives its total.
TOTALS: dict[str, tuple[Callable[..., list[Any]], Callable[..., int]]] = {
    "articles": (lambda store, **kw: store.articles(**kw), lambda store: store.count_articles()),
    "actors": (lambda store, **kw: store.actors(**kw), lambda store: store.count_actors()),
    "events": (lambda store, **kw: store.merged_events(**kw), lambda store: store.count_merged_events()),
    "event_mentions": (lambda store, **kw: store.events(**kw), lambda store: store.count_events()),
    "quotes": (lambda store, **kw: store.quotes(**kw), lambda store: store.count_quotes()),
    "skips": (lambda store, **kw: store.skips(**kw), lambda store: store.count_skips()),
    "failures": (lambda store, **kw: store.failures(**kw), lambda store: store.count_failures()),
    "alerts": (lambda store, **kw: store.fired_alerts(**kw), lambda store: store.count_fired_alerts()),
}


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    """Three articles naming the same two people, five event mentions telling three events; three
    more with quotes, naming two of the same actors again (tests/store/test_quote_store.py)."""
    with open_store(store_target, create=True) as opened:
        build_meetings(opened)
        build_quotes(opened)
        for n in range(3):
            opened.record_skip(Skip(f"s{n}", "empty", "no text"))
            opened.record_alert(Alert(rule="r", kind="event", key=f"k{n}", fired_at=f"2024-01-1{n}T00:00:00Z",
                                      message=f"alert {n}", sentence=None, title=None, url=None,
                                      published=None, article_id=None))
        opened.record_failure(Failure("f", "prepare", "boom"))
        yield opened


@pytest.mark.parametrize("name", TOTALS)
def test_limit_none_lists_every_row_and_the_count_agrees(store: Store, name: str) -> None:
    listing, count = TOTALS[name]
    everything = listing(store, limit=None)
    assert len(everything) == count(store) > 0
    assert len(listing(store, limit=1)) == 1


@pytest.mark.parametrize("name", TOTALS)
def test_pages_put_together_are_the_whole_listing(store: Store, name: str) -> None:
    listing, _ = TOTALS[name]
    everything = listing(store, limit=None)
    pages = [row for offset in range(0, len(everything), 2) for row in listing(store, limit=2, offset=offset)]
    assert pages == everything


def test_the_overview_counts_what_the_listings_list(store: Store) -> None:
    counts = store.counts()
    for name, (listing, _) in TOTALS.items():
        assert counts[name] == len(listing(store, limit=None)), name
    # Grouped listings: one actor per person however many articles name them (Blinken 4 times, Wang
    # Yi and China twice), one event per meeting told three times.
    assert (counts["actors"], counts["events"], counts["event_mentions"]) == (8, 3, 5)
