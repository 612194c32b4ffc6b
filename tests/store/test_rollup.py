"""The rollup of merged events (tidings.store.rollup) answers as grouping the mentions does: the
same pages and counts for every filter it takes, on a database of many linked tellings, and it
follows re-saved analyses and a database that had none (the migration fills it)."""

from __future__ import annotations

import random
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.analyses import analysis_of
from tidings.events.linking import link_article_events
from tidings.filters import FilterError
from tidings.model import Article
from tidings.rows import EventRow
from tidings.store import Store, open_store
from tidings.store.rollup import EventSummary, rollup_filters

COUNTRIES = [("USA", "United States"), ("CHN", "China"), ("RUS", "Russia"), ("UKR", "Ukraine"),
             ("JPN", "Japan")]
CODES = [("040", "CONSULT"), ("042", "CONSULT"), ("111", "ACCUSE"), ("190", "ASSAULT"), ("057", "AGREE")]
OUTLETS = ["Wire A", "Daily B", "Paper C"]


Story = tuple[int, int, str, str, str | None]


def _article(store: Store, number: int, rng: random.Random, story: Story) -> None:
    """One article telling `story` (source, target, code, plover, date) once or twice, with
    another event of its own."""
    source, target, cameo, plover, day = story
    names = " ".join(name for _, name in COUNTRIES)
    text = f"Report {number}. {names}. Officials said the talks went on."
    published = f"{day or '2024-06-01'}T{rng.randint(0, 23):02d}:00:00+00:00"
    article = Article(id=f"art{number:04d}", text=text, published=published, source=rng.choice(OUTLETS))
    store.upsert_article(article)
    actors = [{"id": f"a{i}", "name": name, "kind": "country", "country": code, "sector": None,
               "mentions": [{"start": text.index(name), "end": text.index(name) + len(name), "text": name}]}
              for i, (code, name) in enumerate(COUNTRIES)]
    other_source, other_target = rng.sample(range(len(COUNTRIES)), 2)
    other_cameo, other_plover = rng.choice(CODES)
    other_day = rng.choice([None, "2024-05", f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"])
    events: list[dict[str, Any]] = [
        {"id": "e1", "source": f"a{source}", "target": f"a{target}", "cameo": cameo, "plover": plover,
         "date": day, "date_precision": "day" if day else "unknown", "modality": "asserted"},
        {"id": "e2", "source": f"a{other_source}", "target": f"a{other_target}", "cameo": other_cameo,
         "plover": other_plover, "date": other_day,
         "date_precision": ("week" if other_day and rng.random() < 0.3 else "day") if other_day and
         len(other_day) == 10 else ("month" if other_day else "unknown"), "modality": "asserted"}]
    store.save_analysis(article.id, analysis_of(article, actors=actors, events=events))
    if number % 7:  # most articles are linked; some are saved and not (yet) linked
        link_article_events(store, article.id, threshold=0.6)


def build(store: Store, count: int = 160) -> None:
    rng = random.Random(20)
    stories = []
    for _ in range(count // 3):
        source, target = rng.sample(range(len(COUNTRIES)), 2)
        cameo, plover = rng.choice(CODES)
        day = rng.choice([None, f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"])
        stories.append((source, target, cameo, plover, day))
    with store.transaction():
        for number in range(count):
            _article(store, number, rng, rng.choice(stories))


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    """The database on SQLite, then on PostgreSQL."""
    with open_store(store_target, create=True) as opened:
        build(opened)
        yield opened


def _oracle(store: Store, **filters: Any) -> list[str]:
    """The merged listing by its definition: group the mentions the filters select by their
    canonical event, latest event date first (undated last), then by key."""
    latest: dict[str, str | None] = {}
    seen: dict[str, bool] = defaultdict(bool)
    rows: list[EventRow] = store.events(limit=None, **filters)
    for row in rows:
        seen[row.canonical] = True
        if row.date and (latest.get(row.canonical) is None or row.date > (latest[row.canonical] or "")):
            latest[row.canonical] = row.date
        latest.setdefault(row.canonical, None)
    by_key = sorted(seen)
    return sorted(by_key, key=lambda key: latest[key] or "", reverse=True)  # stable: ties by key


FILTERS: list[dict[str, Any]] = [
    {}, {"source": "USA"}, {"target": "chn"}, {"root": "19"}, {"plover": "consult"},
    {"source": "USA", "target": "CHN"}, {"source": "RUS", "root": "19"}, {"dyad": ("USA", "CHN")},
    {"since": "2024-05-01"}, {"until": "2024-03"}, {"since": "2024-03", "until": "2024-06-15"},
    {"plover": "CONSULT", "since": "2024-04-01"}, {"dyad": ("RUS", "UKR"), "root": "19"},
    {"source": "JPN", "plover": "AGREE", "until": "2024-08-31"},
    # an actor by name: one key of the rollup, alone or beside a country and other keys
    {"source": "Russia"}, {"target": "china", "root": "19"}, {"source": "USA", "target": "Japan"},
    {"source": "Ukraine", "target": "Russia", "since": "2024-03"},
]


def test_the_rollup_lists_what_grouping_the_mentions_lists(store: Store) -> None:
    for filters in FILTERS:
        assert rollup_filters(store.connection, **filters) is not None, filters  # answered by the rollup
        expected = _oracle(store, **filters)
        assert expected, filters  # the database holds some of each
        assert store.count_merged_events(**filters) == len(expected), filters
        listed = [row.key for row in store.merged_events(limit=None, **filters)]
        assert listed == expected, filters
        pages = [row.key for offset in range(0, len(expected), 7)
                 for row in store.merged_events(limit=7, offset=offset, **filters)]
        assert pages == expected, filters


def test_filters_the_rollup_does_not_hold_go_to_the_mentions(store: Store) -> None:
    """An agent code, a word no name has, a dyad of names, a CAMEO code, a modality: the mentions
    answer them."""
    for filters in ({"source": "USAGOV"}, {"source": "Atlantis"}, {"dyad": ("Russia", "Ukraine")},
                    {"cameo": "042"}, {"modality": "asserted"}):
        assert rollup_filters(store.connection, **filters) is None, filters
    by_name = [row.key for row in store.merged_events(limit=None, dyad=("Russia", "Ukraine"))]
    assert by_name == _oracle(store, dyad=("Russia", "Ukraine"))


def test_a_resaved_analysis_moves_its_events(tmp_path: Path) -> None:
    with open_store(tmp_path / "resaved.db", create=True) as opened:
        build(opened, count=30)
        before = [row.key for row in opened.merged_events(limit=None, root="19")]
        analysis = opened.get_analysis("art0003")
        assert analysis is not None
        article = opened.get_article("art0003")
        assert article is not None
        events = [dict(event, cameo="190", root="19", plover="ASSAULT") for event in analysis["events"]]
        opened.save_analysis("art0003", analysis_of(article, actors=analysis["actors"], events=events))
        after = [row.key for row in opened.merged_events(limit=None, root="19")]
        assert after != before
        assert after == _oracle(opened, root="19")


def test_the_migration_fills_the_rollup_of_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "older.db"
    with open_store(path, create=True) as opened:
        build(opened, count=40)
        expected = [row.key for row in opened.merged_events(limit=None, source="USA")]
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE merged_counts; DROP TABLE merged_keys; DROP TABLE merged_events; "
                       "DELETE FROM _migrations WHERE name = 'm007_merged_rollup';")
    conn.close()
    with open_store(path) as reopened:
        assert [row.key for row in reopened.merged_events(limit=None, source="USA")] == expected


def _walk(store: Store, size: int, **filters: Any) -> list[str]:
    """Every event of a listing, page by page, each page started after the last row of the one
    before (keyset paging)."""
    keys: list[str] = []
    after = None
    while True:
        page = store.merged_page(limit=size, after=after, **filters)
        keys += [row.key for row, _ in page]
        if len(page) < size:
            return keys
        after = page[-1][1]


@pytest.mark.parametrize("filters", [{}, {"source": "USA"}, {"dyad": ("RUS", "UKR")},
                                     {"plover": "CONSULT", "since": "2024-04-01"}, {"source": "Russia"}],
                         ids=["all", "source", "dyad", "plover-since", "by-name"])
def test_a_keyset_walk_lists_each_event_once_in_order(tmp_path: Path, filters: dict[str, Any]) -> None:
    """By the rollup and, for a name, by grouping the mentions: the same events as the listing."""
    with open_store(tmp_path / "walk.db", create=True) as opened:
        build(opened, count=60)
        expected = _oracle(opened, **filters)
        assert _walk(opened, 4, **filters) == expected
        assert _walk(opened, 1000, **filters) == expected


def test_a_cursor_it_did_not_make_is_refused(tmp_path: Path) -> None:
    with open_store(tmp_path / "cursor.db", create=True) as opened:
        build(opened, count=5)
        for bad in ("nonsense", "WyJ4Il0", ""):
            with pytest.raises(FilterError, match="not a cursor this listing gave"):
                opened.merged_page(limit=5, after=bad)


def test_a_timeline_reads_from_the_rollup_what_the_listing_shows(store: Store) -> None:
    """Each event's first telling's date, publication, QuadClass and Goldstein, from the rollup
    alone, as the merged listing's rows give them."""
    for filters in ({}, {"source": "USA", "target": "CHN"}, {"dyad": ("RUS", "UKR"), "since": "2024-03"},
                    {"source": "Russia"}):
        expected = [EventSummary(row.date, row.published, row.quad_class, row.goldstein)
                    for row in store.merged_events(limit=None, **filters)]
        assert store.event_summaries(limit=1_000, **filters) == expected, filters
        assert store.event_summaries(limit=3, **filters) == expected[:3], filters


def _kept_counts(store: Store) -> None:
    conn = store.connection
    kept = {(facet, value): n for facet, value, n in conn.execute(
        "SELECT facet, value, n FROM merged_counts")}
    counted = {(facet, value): n for facet, value, n in conn.execute(
        "SELECT facet, value, count(*) FROM merged_keys GROUP BY facet, value")}
    (events,) = conn.execute("SELECT count(*) FROM merged_events").fetchone()
    counted[("*", "")] = events
    assert {key: n for key, n in kept.items() if n} == counted


def test_the_counts_kept_follow_every_change(tmp_path: Path) -> None:
    """merged_counts (one key's count, read at once) is the count of its rows after saving,
    linking, re-saving an analysis and the migration's fill."""
    path = tmp_path / "counts.db"
    with open_store(path, create=True) as opened:
        build(opened, count=30)
        _kept_counts(opened)
        analysis = opened.get_analysis("art0004")
        article = opened.get_article("art0004")
        assert analysis is not None and article is not None
        fewer = analysis_of(article, actors=analysis["actors"], events=analysis["events"][:1])
        opened.save_analysis("art0004", fewer)
        _kept_counts(opened)
        assert opened.count_merged_events(source="USA") == len(_oracle(opened, source="USA"))
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE merged_counts; DROP TABLE merged_keys; DROP TABLE merged_events; "
                       "DELETE FROM _migrations WHERE name = 'm007_merged_rollup';")
    conn.close()
    with open_store(path) as reopened:
        _kept_counts(reopened)


def test_a_count_past_a_deep_pages_reach_is_estimated_and_says_so(store: Store,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    filters = {"source": "USA", "root": "19"}
    exact = store.count_merged_events(**filters)
    assert store.estimate_merged_events(**filters) == (exact, True)
    assert store.estimate_merged_events(source="USA") == (store.count_merged_events(source="USA"), True)
    monkeypatch.setattr("tidings.store.rollup.EXACT_SCAN", 5)
    estimated, is_exact = store.estimate_merged_events(**filters)
    assert not is_exact and 0 <= estimated <= store.count_merged_events(source="USA")
    assert store.count_merged_events(**filters) == exact  # the count itself stays exact
    assert store.estimate_merged_events(source="USA")[1]  # one key's count is kept: exact at once


def test_a_name_of_three_letter_parts_is_a_name_unless_a_stored_code_begins_so(tmp_path: Path) -> None:
    """"Israel" could be a CAMEO code's first two parts ("ISR" "AEL"); no stored code begins so,
    so it selects the actor by name; "ISRGOV", which a stored code is, goes to the mentions."""
    with open_store(tmp_path / "codes.db", create=True) as opened:
        text = "Israel and Iran traded threats."
        article = Article(id="one", text=text, published="2024-04-10")
        opened.upsert_article(article)
        actors = [{"id": "a1", "name": "Israel", "kind": "country", "country": "ISR", "sector": "GOV",
                   "cameo": "ISRGOV", "mentions": [{"start": 0, "end": 6, "text": "Israel"}]},
                  {"id": "a2", "name": "Iran", "kind": "country", "country": "IRN", "cameo": "IRN",
                   "mentions": [{"start": 11, "end": 15, "text": "Iran"}]}]
        events = [{"id": "e1", "source": "a1", "target": "a2", "cameo": "111", "plover": "ACCUSE",
                   "date": "2024-04-10", "date_precision": "day", "modality": "asserted"}]
        opened.save_analysis("one", analysis_of(article, actors=actors, events=events))
        assert rollup_filters(opened.connection, source="Israel") is not None
        assert rollup_filters(opened.connection, source="ISRGOV") is None
        for term in ("Israel", "ISRGOV", "isr"):
            assert [row.key for row in opened.merged_events(source=term)] == ["one:e1"], term


def test_a_timeline_of_one_key_counts_every_event_by_day(store: Store) -> None:
    """Per day and QuadClass, kept as the rollup is refreshed (store.timeline): the same series
    as the summaries of every event the listing has, for one key or none."""
    from tidings.web.aggregates import dyad_series, undated

    for filters in ({}, {"source": "USA", "target": "CHN"}, {"target": "RUS"}, {"source": "Russia"}):
        counts, complete = store.timeline_counts(limit=10, **filters)
        assert complete, filters  # one key: every event, however many
        every = store.event_summaries(limit=1_000, **filters)
        assert sum(count.events for count in counts) == len(every), filters
        for by in ("day", "week", "month"):
            assert dyad_series(counts, by) == dyad_series(every, by), (filters, by)
            assert undated(counts, by) == undated(every, by), (filters, by)
    # two keys, or dates: the latest events' summaries, and whether that was all of them
    summaries, complete = store.timeline_counts(limit=3, source="USA", root="19")
    assert not complete and summaries == store.event_summaries(limit=3, source="USA", root="19")


def test_the_migration_fills_the_timeline_as_refreshing_keeps_it(tmp_path: Path) -> None:
    path = tmp_path / "days.db"
    with open_store(path, create=True) as opened:
        build(opened, count=40)
        kept = sorted(opened.connection.execute("SELECT * FROM merged_days").fetchall())
    conn = sqlite3.connect(path)
    conn.executescript("DROP TABLE merged_days; DELETE FROM _migrations WHERE name = 'm012_timeline_days';")
    conn.close()
    with open_store(path) as reopened:
        filled = sorted(reopened.connection.execute("SELECT * FROM merged_days").fetchall())
    assert [row[:6] + row[7:] for row in filled] == [row[:6] + row[7:] for row in kept]
    assert [round(row[6], 9) for row in filled] == [round(row[6], 9) for row in kept]  # sums of scores
