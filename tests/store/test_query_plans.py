"""The store's hot reads use their indexes (SQLite's query plans): each read here ran over every
event of the database before (issue 20), which at a million events cost seconds a request."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.analyses import analysis_of
from tests.store.test_event_store import actor, event
from tests.store.test_merged_store import build
from tidings.events.merge import Side, agreeing_stored_sides
from tidings.model import Article
from tidings.store import Store, open_store
from tidings.store.merged import SPAN_CLASS_DAYS, canonical_mentions, mentions_of, merged_events


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "plans.db", create=True) as opened:
        build(opened)
        yield opened


def _plans(conn: sqlite3.Connection, read: object) -> list[str]:
    """The query plan lines of every statement `read()` runs (SQLite's EXPLAIN QUERY PLAN of the
    statement as executed, its parameters bound)."""
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        read()  # type: ignore[operator]
    finally:
        conn.set_trace_callback(None)
    lines = []
    for statement in statements:
        lines += [str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {statement}")]
    return lines


def _scans_events(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith("SCAN e") and "USING" not in line]


def test_the_mentions_of_canonical_events_are_found_from_their_links(store: Store) -> None:
    """Linking an article reads its candidates' mentions (before: a scan of every event)."""
    conn = store.connection
    assert isinstance(conn, sqlite3.Connection)
    lines = _plans(conn, lambda: canonical_mentions(conn, ["wire:e1", "wire:e3"]))
    assert any("event_links_canonical" in line for line in lines), lines
    assert not _scans_events(lines), lines


def test_one_events_tellings_are_found_from_their_links(store: Store) -> None:
    """`tidings event KEY` lists one event's tellings (SQLite reduced this LEFT JOIN already)."""
    conn = store.connection
    assert isinstance(conn, sqlite3.Connection)
    lines = _plans(conn, lambda: mentions_of(conn, "wire:e1"))
    assert any("event_links_canonical" in line for line in lines), lines
    assert not _scans_events(lines), lines


UNLINKED = "Officials in Kyiv said Russia struck Kharkiv, Odesa and Lviv on Monday."


def test_a_listing_page_reads_its_events_tellings_through_their_links(store: Store) -> None:
    """The page's canonical events first (that pass is issue 20's rollup), then their tellings
    through the index, and the unlinked ones in one statement (before: one statement each)."""
    article = Article(id="unlinked", text=UNLINKED, published="2024-02-05T09:00:00+00:00", source="Wire B")
    store.upsert_article(article)
    actors = [actor("a1", "Russia", "country", "RUS", None, UNLINKED),
              actor("a2", "Ukraine", "country", "UKR", None, UNLINKED, "Kyiv")]
    store.save_analysis("unlinked", analysis_of(article, actors=actors, events=[
        event(f"e{n}", "a1", "a2", "190", "ASSAULT", UNLINKED, "Officials", "struck", date="2024-02-05")
        for n in (1, 2, 3)]))  # saved without linking: each mention is an event of its own
    conn = store.connection
    assert isinstance(conn, sqlite3.Connection)
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        page = merged_events(conn, limit=10)
    finally:
        conn.set_trace_callback(None)
    assert page
    assert len(statements) <= 3, statements
    member_reads = [s for s in statements[1:]]
    lines = [str(row[-1]) for s in member_reads for row in conn.execute(f"EXPLAIN QUERY PLAN {s}")]
    assert not _scans_events(lines), lines


def test_the_actors_listing_and_counts_read_the_rollup_not_the_actor_rows(store: Store) -> None:
    """`/api/actors?country=CHN` and the overview's counts: an index range of the actor rollup and
    the tallies, where before every actor row was grouped and every table counted."""
    conn = store.connection
    assert isinstance(conn, sqlite3.Connection)
    lines = _plans(conn, lambda: (store.actors(country="CHN", limit=5), store.count_actors(country="CHN"),
                                  store.counts()))
    assert any("actor_totals_country" in line for line in lines), lines
    scanned = {"actors", "articles", "events", "mentions", "quotes"}
    assert not [line for line in lines if line.startswith("SCAN") and line.split()[1] in scanned], lines


def test_linking_reads_the_candidates_near_the_days_not_every_later_link(store: Store) -> None:
    """Each span class is an index range bounded on both sides by last day (before: every link of
    the root group ending after the first day, a share of the database that grew with it)."""
    conn = store.connection
    assert isinstance(conn, sqlite3.Connection)
    lines = _plans(conn, lambda: store.linked_canonicals("04", date(2024, 1, 11), date(2024, 1, 13)))
    searches = [line for line in lines if "event_links" in line]
    assert len(searches) == len(SPAN_CLASS_DAYS) + 1, lines
    bounded = [line for line in searches if "last_day>? AND last_day<?" in line]
    assert len(bounded) == len(SPAN_CLASS_DAYS), lines  # all but the class wider than a year
    index = "USING INDEX event_links_spans (root_group=? AND span_class=?"
    assert all(index in line for line in searches), lines


def test_linking_reads_the_candidates_whose_sides_could_agree_through_their_indexes(store: Store) -> None:
    """One bounded range per condition of the source's sides and span class, the target's sides
    checked on the rows read (before: every link of the root group on the days, whatever its
    sides)."""
    conn = store.connection
    assert isinstance(conn, sqlite3.Connection)
    sources = agreeing_stored_sides(Side("wang yi", "CHN", None))
    targets = agreeing_stored_sides(Side("antony blinken", "USA", None))
    lines = _plans(conn, lambda: store.linked_canonicals("04", date(2024, 1, 11), date(2024, 1, 13),
                                                         sources=sources, targets=targets))
    searches = [line for line in lines if "event_links" in line]
    assert len(searches) == 3 * (len(SPAN_CLASS_DAYS) + 1), lines
    indexes = [f"USING INDEX event_links_{column}s (root_group=? AND {column}=? AND span_class=?"
               for column in ("source_name_key", "source_country_key")]
    assert all(any(index in line for index in indexes) for line in searches), lines
    classes = len(SPAN_CLASS_DAYS) + 1
    assert all(sum(index in line for line in searches) >= classes for index in indexes), lines
    assert sum("last_day>? AND last_day<?" in line for line in searches) == 3 * len(SPAN_CLASS_DAYS), lines
