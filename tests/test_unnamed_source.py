"""An event whose text names no doer ("Four civilians were killed in an airstrike on Kharkiv") keeps
a null source through every layer: the record and its JSON, the store (SQLite and PostgreSQL),
listings and filters, linking, each export, the CLI, the web API and pages, the briefing."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import jsonschema
import networkx
import pandas
import pytest

from tests.analyses import analysis_of
from tests.cli_run import run_on
from tests.store.test_event_store import actor, event
from tests.test_records import SCHEMA
from tidings.brief import make_briefing, to_markdown
from tidings.events.linking import link_article_events
from tidings.export import GDELT_COLUMNS, export
from tidings.model import Analysis, Article
from tidings.records import Event
from tidings.rows import UNNAMED_SOURCE
from tidings.store import Store, open_store

UNNAMED = "eeee000000000005"
NAMED = "ffff000000000006"
UNNAMED_TEXT = "Four civilians were killed in an airstrike on Kharkiv on Sunday. The city mourned."
NAMED_TEXT = "Russian forces killed four civilians in Kharkiv on Sunday. Moscow denied it."


def _told(article_id: str, text: str, url: str, source: str | None, *actors: tuple[str, str, str, str | None]
          ) -> Analysis:
    """The article `text` (published 2024-03-04) whose actors are a1, a2, ... (name, kind,
    country, sector) and whose one event is `source` killing civilians on Sunday, 2024-03-03."""
    article = Article(id=article_id, text=text, title=text.split(" on ")[0], url=url, published="2024-03-04")
    listed = [actor(f"a{n}", name, kind, country, sector, text) for n, (name, kind, country, sector)
              in enumerate(actors, start=1)]
    victims = next(a["id"] for a in listed if a["name"] == "civilians")
    killed = event("e1", source, victims, "190", "ASSAULT", text, text.split()[0], "killed",
                   date="2024-03-03", date_text="on Sunday")
    return analysis_of(article, actors=listed, events=[killed])


def _unnamed() -> Analysis:
    return _told(UNNAMED, UNNAMED_TEXT, "https://example.org/a", None, ("civilians", "group", "UKR", "CVL"),
                 ("Kharkiv", "location", "UKR", None))


def build(store: Store) -> None:
    """The attack told twice on one day: once with no doer named, once by Russian forces."""
    named = _told(NAMED, NAMED_TEXT, "https://example.net/b", "a1",
                  ("Russian forces", "organization", "RUS", "MIL"), ("civilians", "group", "UKR", "CVL"))
    for analysis in (_unnamed(), named):
        store.upsert_article(analysis.article)
        store.save_analysis(analysis.article.id, analysis)
        link_article_events(store, analysis.article.id, threshold=0.6)


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    """The two articles in SQLite, then in PostgreSQL."""
    with open_store(store_target, create=True) as opened:
        build(opened)
        yield opened


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two articles in one SQLite file, for the readers (exports, CLI, web, briefing)."""
    with open_store(path := tmp_path_factory.mktemp("unnamed") / "t.db", create=True) as opened:
        build(opened)
    return path


def test_the_record_and_its_json_keep_a_null_source() -> None:
    analysis = _unnamed()
    record = analysis.to_dict()
    jsonschema.Draft202012Validator(SCHEMA).validate(record)
    (told,) = json.loads(json.dumps(record))["events"]
    assert told["source"] is None and told["target"] == "a1"
    assert Event.from_dict(told) == analysis.events[0]


def test_the_store_lists_it_and_a_source_filter_never_matches_it(store: Store) -> None:
    (row,) = store.events(article_id=UNNAMED)
    assert (row.source, row.source_name, row.source_cameo) == (None, None, None)
    assert (row.target_name, row.target_cameo) == ("civilians", "UKRCVL")
    assert row.source_label() == UNNAMED_SOURCE
    assert {r.article_id for r in store.events(target="UKR")} == {UNNAMED, NAMED}
    assert [r.article_id for r in store.events(source="UKR")] == []
    assert [r.article_id for r in store.events(dyad=("RUS", "UKR"))] == [NAMED]
    assert store.get_analysis(UNNAMED)["events"][0]["source"] is None


def test_the_evidence_marks_no_source(store: Store) -> None:
    found = store.event(f"{UNNAMED}:e1")
    assert found is not None and found.source_mentions == ()
    assert {mark.kind for mark in found.marks} == {"trigger", "target"}


def test_linking_takes_the_unnamed_side_as_merge_scores_it(store: Store) -> None:
    # merge.py: one side unnamed agrees at UNNAMED (0.4); the same victims at 1.0: (0.4 + 1) / 2 = 0.7
    (unnamed,) = store.events(article_id=UNNAMED)
    (named,) = store.events(article_id=NAMED)
    assert unnamed.canonical == named.canonical
    (merged,) = store.merged_events(target="UKR")
    assert merged.mentions == 2


def test_exports_leave_the_source_empty(db: Path, tmp_path: Path) -> None:
    with open_store(db, create=True) as opened:
        for fmt in ("gdelt", "plover", "csv", "jsonl", "parquet", "graphml"):
            export(opened, "events", fmt, tmp_path / f"events.{fmt}", mentions=True)
    gdelt = [dict(zip(GDELT_COLUMNS, line.split("\t"), strict=True))
             for line in (tmp_path / "events.gdelt").read_text(encoding="utf-8").splitlines()]
    by_url = {row["SOURCEURL"]: row for row in gdelt}
    told = by_url["https://example.org/a"]
    assert {told[f"Actor1{name}"] for name in ("Code", "Name", "CountryCode", "Type1Code")} == {""}
    assert (told["Actor2Code"], told["EventCode"]) == ("UKRCVL", "190")
    assert by_url["https://example.net/b"]["Actor1Code"] == "RUSMIL"
    plover = {r["id"]: r for r in map(json.loads, (tmp_path / "events.plover").read_text().splitlines())}
    assert plover[f"{UNNAMED}:e1"]["actor"] == []  # no actor, as a missing recipient is written
    assert plover[f"{UNNAMED}:e1"]["recipient"][0]["code"] == "UKRCVL"
    jsonl = {r["key"]: r for r in map(json.loads, (tmp_path / "events.jsonl").read_text().splitlines())}
    assert jsonl[f"{UNNAMED}:e1"]["source"] is None
    with (tmp_path / "events.csv").open(encoding="utf-8", newline="") as handle:
        rows = {r["key"]: r for r in csv.DictReader(handle)}
    assert rows[f"{UNNAMED}:e1"]["source"] == ""
    frame = pandas.read_parquet(tmp_path / "events.parquet").set_index("key")
    assert pandas.isna(frame.loc[f"{UNNAMED}:e1", "source"])
    graph = networkx.read_graphml(tmp_path / "events.graphml")
    assert list(graph.edges) == [("Russian forces", "civilians")]


def test_the_cli_shows_the_source_as_unnamed(db: Path) -> None:
    listed = run_on(db, "events", "--mentions", "--target", "UKR", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    assert {row["key"]: row["source"] for row in json.loads(listed.stdout)}[f"{UNNAMED}:e1"] is None
    table = run_on(db, "events", "--mentions", "--target", "UKR")
    assert UNNAMED_SOURCE in table.stdout
    shown = run_on(db, "event", f"{UNNAMED}:e1")
    assert shown.returncode == 0, shown.stderr
    assert re.search(rf"source\W+{UNNAMED_SOURCE}\W", shown.stdout)


def test_the_web_api_and_pages(db: Path) -> None:
    import warnings

    from tidings.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    with TestClient(create_app(db)) as client:
        items = client.get("/api/events", params={"mentions": "true", "target": "UKR"}).json()["items"]
        assert {item["key"]: item["source"] for item in items}[f"{UNNAMED}:e1"] is None
        assert client.get("/api/events", params={"source": "UKR"}).json()["total"] == 0
        listing = client.get("/events", params={"target": "UKR"})
        assert listing.status_code == 200
        page = client.get(f"/events/{UNNAMED}:e1")
        assert page.status_code == 200 and f"{UNNAMED_SOURCE} →" in page.text


def test_the_briefing_shows_unnamed_doers_but_follows_no_trend_of_them(db: Path) -> None:
    with open_store(db, create=True) as opened:
        brief = make_briefing(opened, date(2024, 3, 1), date(2024, 3, 31))
    # the two tellings are one event, shown by its first telling, which names no doer
    assert [name for name, _ in brief.dyads] == [f"{UNNAMED_SOURCE} → UKR"]
    assert brief.trends == []
    assert f"{UNNAMED_SOURCE} → civilians" in to_markdown(brief)
