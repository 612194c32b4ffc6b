"""Store listings check their limit, offset and dates before the query: a number no 64-bit SQL
integer holds, or a date that is not an ISO date, is a ValueError that names the parameter, on
SQLite and PostgreSQL alike (the driver's OverflowError and a silent empty list were what came out)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.store.test_event_store import build
from tidings.store import Store, open_store
from tidings.stories import stories_between

MAX_ROWS = 2**63 - 1  # the largest integer SQLite and PostgreSQL's bigint hold

LISTINGS: dict[str, Callable[..., Any]] = {
    "articles": lambda store, **kw: store.articles(**kw),
    "quotes": lambda store, **kw: store.quotes(**kw),
    "actors": lambda store, **kw: store.actors(**kw),
    "events": lambda store, **kw: store.events(**kw),
    "merged_events": lambda store, **kw: store.merged_events(**kw),
}
LIMITED: dict[str, Callable[..., Any]] = {
    "search_quotes": lambda store, **kw: store.search_quotes("Taiwan", **kw),
    "fired_alerts": lambda store, **kw: store.fired_alerts(**kw),
    "skips": lambda store, **kw: store.skips(**kw),
    "failures": lambda store, **kw: store.failures(**kw),
    "duplicates": lambda store, **kw: store.duplicates(**kw),
}


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    with open_store(store_target, create=True) as opened:
        build(opened)
        yield opened


@pytest.mark.parametrize("name", LISTINGS)
@pytest.mark.parametrize("offset", [MAX_ROWS + 1, 2**64, -1])
def test_an_offset_out_of_range_is_a_value_error(store: Store, name: str, offset: int) -> None:
    wanted = rf"offset must be a whole number from 0 to {MAX_ROWS}, not {offset}"
    with pytest.raises(ValueError, match=wanted):
        LISTINGS[name](store, offset=offset)


@pytest.mark.parametrize("name", [*LISTINGS, *LIMITED])
@pytest.mark.parametrize("limit", [MAX_ROWS + 1, -1])
def test_a_limit_out_of_range_is_a_value_error(store: Store, name: str, limit: int) -> None:
    listing = {**LISTINGS, **LIMITED}[name]
    with pytest.raises(ValueError, match=rf"limit must be a whole number from 0 to {MAX_ROWS}, not {limit}"):
        listing(store, limit=limit)


@pytest.mark.parametrize("name", LISTINGS)
def test_the_largest_offset_is_an_empty_list(store: Store, name: str) -> None:
    assert LISTINGS[name](store, offset=MAX_ROWS) == []


@pytest.mark.parametrize("bound", ["since", "until"])
@pytest.mark.parametrize("value", ["garbage", "", "2024/03/01"])
def test_articles_check_their_dates_as_events_and_quotes_do(store: Store, bound: str, value: str) -> None:
    for listing in (store.articles, store.count_articles, store.events, store.quotes):
        with pytest.raises(ValueError, match=f"{bound} must be an ISO date"):
            listing(**{bound: value})


def test_dates_are_checked_even_when_nothing_could_match(store: Store) -> None:
    for listing in (store.quotes, store.count_quotes, store.articles, store.count_articles):
        with pytest.raises(ValueError, match="since must be an ISO date"):
            listing(since="garbage", **({"speaker": "Nobody Known"} if "quotes" in listing.__name__
                                        else {"search": '""'}))


def test_stories_check_their_dates(store: Store) -> None:
    with pytest.raises(ValueError, match="since must be an ISO date"):
        stories_between(store, since="last week")
    with pytest.raises(ValueError, match="until must be an ISO date"):
        stories_between(store, until="2024-3-1")
    assert stories_between(store, since="", until=None) == stories_between(store)  # empty: no bound
