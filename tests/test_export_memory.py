"""Exports stream: their memory stays one page of rows, however many events the store holds.

A store of 6,000 synthetic events (built through the store's API) is exported in-process, pages
of 500 rows, under tracemalloc, which counts the Python objects an export holds (rows, dicts,
lists; not Arrow's own buffers, which a row group bounds anyway). An export that holds every row
takes memory in proportion to the store; one that streams holds a page (and a Parquet row group).
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet
import pytest

from tidings.export import export
from tidings.model import Analysis, Article
from tidings.query import write_dataset
from tidings.records import Actor, Event, Evidence, Mention
from tidings.store import Store, open_store

ARTICLES = 300
EVENTS_PER_ARTICLE = 20  # 6,000 events
PAGE = 500  # rows an export reads (and writes as one Parquet row group) at a time
# Measured peaks (MB) of these 6,000 events, pages of 500: the Parquet export of the real-world
# events 35.0 when it held every row (a list for one pyarrow table), 4.2 streaming; the dataset
# 25.6 holding each kind's rows, 3.4 streaming. The bound sits between, three pages' worth.
BOUND_MB = 12
# A long sentence makes each row weigh what a real one does (title, URL and sentence of a news story).
FILLER = "in talks that ran late into the night over trade, security and the future of the region " * 6
NATIONS = (("USA", "United States"), ("CHN", "China"), ("RUS", "Russia"), ("IND", "India"))


def _article(number: int) -> Analysis:
    """An article naming the four nations, with EVENTS_PER_ARTICLE events between them."""
    text = f"{' and '.join(name for _code, name in NATIONS)} met {FILLER}(story {number})."
    article = Article(id=f"mem{number:012d}", text=text, title=f"Story {number} of the memory test",
                      url=f"https://news.example/{number}", source="example",
                      published=f"2024-{number % 12 + 1:02d}-{number % 28 + 1:02d}")
    actors = tuple(Actor(id=f"a{index}", name=name, kind="country", country=code, sector=None, roles=(),
                         mentions=(Mention(text.index(name), text.index(name) + len(name), name, "name"),))
                   for index, (code, name) in enumerate(NATIONS, start=1))
    events = tuple(Event(id=f"e{index}", source=f"a{index % 4 + 1}", target=f"a{(index + 1) % 4 + 1}",
                         cameo="040", root="04", quad_class=1, goldstein=1.0, plover="CONSULT",
                         date=f"2024-01-{index % 28 + 1:02d}", date_precision="day", date_text=None,
                         location=None, geo=None, tone=None, modality="asserted", topics=("trade",),
                         quote=None, evidence=Evidence(text, (0, len(text)), "met", (0, 0)),
                         confidence=0.9, coder="memory-test")
                   for index in range(1, EVENTS_PER_ARTICLE + 1))
    return Analysis(article=article, actors=actors, events=events)


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("memory") / "big.db"
    with open_store(path, create=True) as store, store.transaction():
        for number in range(ARTICLES):
            analysis = _article(number)
            store.upsert_article(analysis.article)
            store.save_analysis(analysis.article.id, analysis)
    return path


@pytest.fixture(autouse=True)
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tidings.export.PAGE", PAGE)  # twelve pages: a store twelve times a page


def _peak_mb(run: Callable[[], object], store: Store, tmp_path: Path) -> float:
    """The most memory (MB) Python objects took while `run` ran, the modules a Parquet export
    imports (pyarrow's, pandas: some 28 MB) imported before, by exporting the articles."""
    export(store, "articles", "parquet", tmp_path / "warm.parquet")
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1e6
    finally:
        tracemalloc.stop()


def test_parquet_export_of_events_holds_a_page_not_the_store(big_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    with open_store(big_db) as store:
        peak = _peak_mb(lambda: export(store, "events", "parquet", out), store, tmp_path)
    assert peak < BOUND_MB, f"the export held {peak:.1f} MB of Python objects"
    assert pyarrow.parquet.read_metadata(out).num_rows == ARTICLES * EVENTS_PER_ARTICLE
    assert pyarrow.parquet.read_metadata(out).num_row_groups == ARTICLES * EVENTS_PER_ARTICLE // PAGE


def test_dataset_export_holds_a_page_not_the_store(big_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dataset"
    with open_store(big_db) as store:
        peak = _peak_mb(lambda: write_dataset(store, folder), store, tmp_path)
    assert peak < BOUND_MB, f"writing the dataset held {peak:.1f} MB of Python objects"
    assert pyarrow.parquet.read_metadata(folder / "events.parquet").num_rows == ARTICLES * EVENTS_PER_ARTICLE
