"""Merged events in the store (SQLite and PostgreSQL): linking, counts, the why, idempotency."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.analyses import analysis_of, stored_analysis
from tests.store.test_event_store import actor, event
from tidings.events.linking import link_article_events
from tidings.events.merge import EventLink
from tidings.model import Article
from tidings.store import Store, open_store

WIRE = ("Antony Blinken met Wang Yi in Beijing on Friday. The two sides met for two hours. "
        "China criticised Japan.")
DAILY = "Wang Yi received Antony Blinken on Friday. Officials in Tokyo were not pleased."
LATER = "Antony Blinken met Wang Yi again on Friday, a week after their first talks."


def _save(store: Store, article_id: str, text: str, published: str, source: str,
          events: list[dict]) -> None:
    article = Article(id=article_id, text=text, published=published, source=source)
    store.upsert_article(article)
    actors = [actor("a1", "Antony Blinken", "person", "USA", "GOV", text, "Antony Blinken"),
              actor("a2", "Wang Yi", "person", "CHN", "GOV", text, "Wang Yi")]
    if "China" in text:
        actors += [actor("a3", "China", "country", "CHN", None, text), actor("a4", "Japan", "country", "JPN",
                                                                             None, text)]
    store.save_analysis(article_id, analysis_of(article, actors=actors, events=events))
    link_article_events(store, article_id, threshold=0.6)


def _two_reports(db: Path) -> None:
    """One meeting told by two outlets, a day apart, from either side."""
    with open_store(db, create=True) as opened:
        _save(opened, "wire", WIRE, "2024-01-12T18:00:00+00:00", "Wire A", [
            event("e1", "a1", "a2", "040", "CONSULT", WIRE, "Antony", "met", date="2024-01-12")])
        _save(opened, "daily", DAILY, "2024-01-13T07:00:00+00:00", "Daily Example", [
            event("e1", "a2", "a1", "043", "CONSULT", DAILY, "Wang", "received", date="2024-01-12")])


def build(store: Store) -> None:
    """Three articles naming Blinken and Wang Yi: five event mentions telling three events."""
    _save(store, "wire", WIRE, "2024-01-12T18:00:00+00:00", "Wire A", [
        event("e1", "a1", "a2", "040", "CONSULT", WIRE, "Antony", "met", date="2024-01-12"),
        event("e2", "a1", None, "040", "CONSULT", WIRE, "The two", "met", date="2024-01-12"),
        event("e3", "a3", "a4", "111", "DISAPPROVE", WIRE, "China", "criticised", date="2024-01-12"),
    ])
    _save(store, "daily", DAILY, "2024-01-13T07:00:00+00:00", "Daily Example", [
        event("e1", "a2", "a1", "043", "CONSULT", DAILY, "Wang", "received", date="2024-01-12"),
    ])
    _save(store, "later", LATER, "2024-01-19T10:00:00+00:00", "Wire A", [
        event("e1", "a1", "a2", "040", "CONSULT", LATER, "Antony", "met", date="2024-01-19"),
    ])


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    with open_store(store_target, create=True) as opened:
        build(opened)
        yield opened


def test_one_meeting_told_three_times_in_two_outlets_is_one_event(store: Store) -> None:
    assert store.count_events() == 5
    assert store.count_merged_events() == 3
    meeting, = [row for row in store.merged_events() if row.key == "wire:e1"]
    assert (meeting.mentions, meeting.articles, meeting.outlets) == (3, 2, 2)
    assert meeting.first_report == "2024-01-12T18:00:00+00:00"
    assert meeting.last_report == "2024-01-13T07:00:00+00:00"
    assert list(meeting.to_dict())[-5:] == ["mentions", "articles", "outlets", "first_report", "last_report"]


def test_the_same_pair_a_week_later_is_another_event(store: Store) -> None:
    later, = store.merged_events(since="2024-01-19")
    assert (later.key, later.mentions) == ("later:e1", 1)


def test_each_mention_says_which_event_it_tells_and_why(store: Store) -> None:
    mentions = store.event_mentions("wire:e1")
    assert [row.key for row in mentions] == ["wire:e1", "wire:e2", "daily:e1"]
    assert mentions[0].reason == "first telling" and mentions[0].anchor is None
    assert (mentions[1].reason or "").startswith("same article")
    assert mentions[2].anchor == "wire:e1" and "sides swapped" in (mentions[2].reason or "")
    assert list(mentions[2].to_dict())[-3:] == ["anchor", "score", "reason"]
    assert {row.canonical for row in store.events(article_id="daily")} == {"wire:e1"}


def test_filters_pick_events_through_any_of_their_mentions(store: Store) -> None:
    assert [row.key for row in store.merged_events(source="Wang Yi", until="2024-01-12")] == ["wire:e1"]
    assert store.count_merged_events(root="11") == 1


def test_linking_again_or_saving_the_same_analysis_again_changes_no_count(store: Store) -> None:
    before = (store.count_events(), store.count_merged_events(), store.merged_events())
    assert link_article_events(store, "daily", threshold=0.6) == 0
    store.save_analysis("daily", stored_analysis(store, "daily"))
    link_article_events(store, "daily", threshold=0.6)
    assert (store.count_events(), store.count_merged_events(), store.merged_events()) == before


def test_the_cli_lists_each_event_once_and_shows_why_mentions_merged(tmp_path: Path) -> None:
    from tests.cli_run import json_keys, run_on

    db = tmp_path / "merged.db"
    _two_reports(db)
    listed = run_on(db, "events", "-f", "json")
    assert json_keys(listed) == ["wire:e1"]
    row, = json.loads(listed.stdout)
    assert (row["mentions"], row["articles"], row["outlets"]) == (2, 2, 2)
    assert sorted(json_keys(run_on(db, "events", "--mentions", "-f", "json"))) == ["daily:e1", "wire:e1"]
    shown = run_on(db, "event", "daily:e1")
    assert shown.returncode == 0, shown.stderr
    assert "told 2 times in 2 articles by 2 outlets" in shown.stdout
    assert "sides swapped" in shown.stdout


def test_the_api_and_the_event_page_count_real_world_events(tmp_path: Path) -> None:
    import warnings

    from tidings.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette's test client prefers httpx2 and warns
        from fastapi.testclient import TestClient

    db = tmp_path / "merged.db"
    _two_reports(db)
    client = TestClient(create_app(db))
    merged = client.get("/api/events").json()
    assert merged["total"] == 1 and merged["items"][0]["mentions"] == 2
    assert client.get("/api/events", params={"mentions": "true"}).json()["total"] == 2
    one = client.get("/api/events/daily:e1").json()
    assert [row["key"] for row in one["mentions"]] == ["wire:e1", "daily:e1"]
    page = client.get("/events/wire:e1").text
    assert "Told 2 times" in page and "sides swapped" in page
    assert "and 1 more telling" in client.get("/events").text


def test_the_python_api_counts_real_world_events_and_can_list_the_tellings(tmp_path: Path) -> None:
    import tidings

    db = tmp_path / "merged.db"
    _two_reports(db)
    with tidings.Store(db) as store:
        assert [(row["key"], row["mentions"]) for row in store.events()] == [("wire:e1", 2)]
        assert {row["canonical"] for row in store.events(mentions=True)} == {"wire:e1"}
        assert len(store.event_mentions("wire:e1").to_pandas()) == 2
        assert store.stories()[0]["articles"] == ["wire", "daily"]


# A mention of each span class (store.merged.SPAN_CLASS_DAYS): its first and last day.
SPANS = {"day": ("2024-03-10", "2024-03-10"), "week": ("2024-03-04", "2024-03-10"),
         "month": ("2024-03-01", "2024-03-31"), "year": ("2024-01-01", "2024-12-31"),
         "years": ("2023-01-01", "2024-12-31")}


def _spanned(store: Store) -> None:
    """One article whose mentions are each an event of its own, with the days of SPANS."""
    article = Article(id="spans", text=WIRE, published="2024-03-10T09:00:00+00:00", source="Wire A")
    store.upsert_article(article)
    store.save_analysis("spans", analysis_of(article, actors=[
        actor("a1", "Antony Blinken", "person", "USA", "GOV", WIRE, "Antony Blinken")], events=[
        event(name, "a1", None, "040", "CONSULT", WIRE, "Antony", "met", date=None) for name in SPANS]))
    store.save_event_links("spans", [
        EventLink(name, f"spans:{name}", None, None, "first", "04", date.fromisoformat(first),
                  date.fromisoformat(last), None, None) for name, (first, last) in SPANS.items()])


@pytest.mark.parametrize(("first", "last", "found"), [
    ("2024-03-10", "2024-03-10", {"day", "week", "month", "year", "years"}),
    ("2024-03-09", "2024-03-09", {"week", "month", "year", "years"}),
    ("2024-03-20", "2024-03-22", {"month", "year", "years"}),
    ("2024-06-01", "2024-06-02", {"year", "years"}),
    ("2023-06-01", "2023-06-01", {"years"}),
    ("2022-12-30", "2022-12-31", set()),
    ("2025-01-01", "2025-01-03", set()),
    ("2024-02-25", "2024-03-04", {"week", "month", "year", "years"}),
])
def test_the_candidates_are_the_links_whose_days_overlap_of_every_span(store: Store, first: str, last: str,
                                                                      found: set[str]) -> None:
    _spanned(store)
    canonicals = store.linked_canonicals("04", date.fromisoformat(first), date.fromisoformat(last))
    assert canonicals == {f"spans:{name}" for name in found}
    assert store.linked_canonicals("18+19+20", date.fromisoformat(first), date.fromisoformat(last)) == set()


# What m014_link_sides added, taken away again (for a database of before it).
_LINK_SIDES = [f"{role}_{field}_key" for role in ("source", "target") for field in ("name", "country")]
_UNDO_LINK_SIDES = (*(f"DROP INDEX event_links_{column}s" for column in _LINK_SIDES),
                    *(f"ALTER TABLE event_links DROP COLUMN {column}" for column in _LINK_SIDES),
                    "DELETE FROM _migrations WHERE name = 'm014_link_sides'")


def test_the_migration_gives_older_links_their_span_class(store_target: Path | str) -> None:
    with open_store(store_target, create=True) as opened:
        _spanned(opened)
        for statement in (*_UNDO_LINK_SIDES, "DROP INDEX event_links_spans",
                          "ALTER TABLE event_links DROP COLUMN span_class",
                          "CREATE INDEX event_links_candidates ON event_links (root_group, last_day)",
                          "DELETE FROM _migrations WHERE name = 'm011_link_spans'"):
            opened.connection.execute(statement)
    with open_store(store_target) as reopened:
        assert reopened.linked_canonicals("04", date(2024, 3, 20), date(2024, 3, 22)) == {
            "spans:month", "spans:year", "spans:years"}
        classes = reopened.connection.execute("SELECT event_id, span_class FROM event_links").fetchall()
        assert sorted(classes) == [("day", 0), ("month", 2), ("week", 1), ("year", 3), ("years", 4)]
