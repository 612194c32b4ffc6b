"""The Python API: tidings.analyze and tidings.Store, as a notebook uses them."""

from __future__ import annotations

from pathlib import Path

import pandas
import pytest

import tidings
from tests.store.test_event_store import TOKYO

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "wire" / "blinken-liu-kamikawa.txt"


@pytest.fixture(scope="module")
def db(events_db: Path) -> Path:
    return events_db


def test_analyze_a_text_returns_typed_results():
    result = tidings.analyze(SAMPLE.read_text(encoding="utf-8"), published="2024-01-12")
    assert isinstance(result, tidings.api.Analysis)
    assert result.article.published == "2024-01-12"
    names = {actor.name for actor in result.actors}
    assert {"Antony Blinken", "Liu Jianchao"} <= names
    assert any(event.cameo.startswith("04") for event in result.events)


def test_analyze_html_is_extracted_first():
    html = ("<html><head><title>Talks</title></head><body><article><p>Antony Blinken met Yoko Kamikawa "
            "in Tokyo on Friday to discuss the alliance between the two countries.</p><p>The two "
            "ministers also spoke about the security of the region and trade, officials said after the "
            "meeting.</p></article>"
            "</body></html>")
    result = tidings.analyze(html, published="2024-01-12")
    assert "<p>" not in result.article.text and "Blinken" in result.article.text


@pytest.mark.parametrize(("text", "reason"), [("", "no-text"),
                                              ("Der Bundestag hat heute über den Haushalt beraten und "
                                               "die Regierung kritisiert.", "not-english")])
def test_analyze_refuses_with_the_reason(text, reason):
    with pytest.raises(tidings.NotAnalysable) as caught:
        tidings.analyze(text)
    assert caught.value.skip.reason == reason


def test_store_queries_take_the_cli_filters_and_convert(db):
    with tidings.Store(db) as store:
        usa = store.events(source="USA")
        assert [row["key"] for row in usa] == [f"{TOKYO}:e1"]
        frame = store.events().to_pandas()
        assert isinstance(frame, pandas.DataFrame) and len(frame) == 5
        table = store.events(plover="CONSULT").to_arrow()
        assert table.num_rows == 2 and "source_cameo" in table.column_names
        assert len(store.actors(country="JPN")) >= 1
        assert store.articles(limit=1)[0]["id"]
        assert store.analysis(TOKYO) is not None


def test_store_listings_return_everything_by_default_with_their_total(db):
    with tidings.Store(db) as store:
        everything = store.events(mentions=True)
        assert len(everything) == everything.total == store.events(mentions=True, limit=None).total
        assert len(store.events(limit=None)) == store.events().total
        assert len(store.actors()) == store.actors().total == store.counts()["actors"]


def test_a_page_carries_the_total_it_was_cut_from(db):
    with tidings.Store(db) as store:
        everything = store.events(mentions=True)
        page = store.events(mentions=True, limit=2, offset=1)
        assert list(page) == everything[1:3]
        assert (page.total, page.offset) == (len(everything), 1)
        quotes = store.quotes(limit=1)
        assert len(quotes) <= 1 and quotes.total == len(store.quotes())


def test_analyze_refuses_a_published_date_that_does_not_exist():
    # It used to be dropped silently, the article then analysed as undated.
    with pytest.raises(tidings.errors.BadDate, match=r"published '2024-02-30' is not an ISO 8601 date"):
        tidings.analyze(SAMPLE.read_text(encoding="utf-8"), published="2024-02-30")


@pytest.mark.parametrize("value", ["2024-13", "2024-02-30", "2024-99"])
@pytest.mark.parametrize("query", ["articles", "events", "quotes", "stories"])
def test_store_queries_refuse_a_date_that_does_not_exist(db, query, value):
    with tidings.Store(db) as store, pytest.raises(tidings.errors.InputError,
                                                   match=r"since must be an ISO date written YYYY, YYYY-MM"):
        getattr(store, query)(since=value)


def test_store_refuses_a_database_that_does_not_exist(tmp_path):
    db = tmp_path / "typo" / "x.db"
    with pytest.raises(tidings.errors.NoDatabase, match=f"no database at {db}: run tidings ingest first"):
        tidings.Store(db)
    assert not (tmp_path / "typo").exists()


def test_the_web_app_refuses_a_database_that_does_not_exist(tmp_path):
    from tidings.web import create_app

    db = tmp_path / "typo" / "x.db"
    with pytest.raises(tidings.errors.NoDatabase, match="run tidings ingest first"):
        create_app(db)
    assert not (tmp_path / "typo").exists()
