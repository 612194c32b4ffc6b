"""Ingest on a Dask cluster: same results as one process, retries, failures, reruns, the CLI.

The workers load the real spaCy pipeline. One two-worker LocalCluster serves the module (through
`scheduler=`, the path `--scheduler ADDRESS` takes), so the model loads once per worker; the
shared-data test starts its own cluster with `workers=2`, the default path.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_run import run_on
from tidings import pipeline
from tidings.distributed import ingest_distributed
from tidings.distributed.learned import LearnedFacts
from tidings.distributed.work import ChunkTask, Record, process_chunk
from tidings.ledger import same_answer
from tidings.model import ActorFact, Article
from tidings.settings import Settings
from tidings.store import open_store

pytestmark = pytest.mark.e2e

STORIES = {
    "a-blinken.txt": "Secretary of State Antony Blinken met Japan's foreign minister Yoko Kamikawa in Tokyo "
                     "on Friday. Blinken said the two countries would deepen their cooperation.",
    "b-kamikawa.txt": "Kamikawa told reporters that Japan would send aid to Ukraine. \"We stand with the "
                      "people of Ukraine,\" Kamikawa said.",
    "c-poison.txt": "Blinken criticised Russia on Monday and called on Moscow to withdraw its troops.",
    "d-summit.txt": "Leaders of the Group of Seven will meet in Italy in June to discuss Russia sanctions.",
}


# -- worker functions for the fault seam (importable, so the worker processes can run them) -------

def poisoned_chunk(task: ChunkTask) -> list[Record]:
    """A worker function that fails, every time, for a chunk holding an input named *poison*."""
    if any("poison" in str(document.ref) for _, document, _ in task.documents):
        raise RuntimeError("injected fault")
    return process_chunk(task)


def flaky_chunk(task: ChunkTask) -> list[Record]:
    """A worker function whose first attempt at each chunk fails (a marker file remembers it)."""
    first = Path(str(task.documents[0][1].ref))
    marker = first.with_name(first.name + ".attempted")
    if not marker.exists():
        marker.touch()
        raise RuntimeError("injected transient fault")
    return process_chunk(task)


# -- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        client.run(lambda: __import__("tidings.nlp").nlp.load_english() and None)
        yield cluster.scheduler_address


@pytest.fixture
def stories(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in STORIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _content(db: Path) -> dict[str, Any]:
    """What a run stored, without timestamps: analyses by article, events, quotes, duplicates, skips."""
    with open_store(db, create=True) as store:
        ids = sorted(row.id for row in store.articles(limit=100_000))
        return {
            "analyses": {article_id: store.get_analysis(article_id) for article_id in ids},
            "events": sorted(json.dumps(row.to_dict(), sort_keys=True)
                             for row in store.events(limit=100_000)),
            "quotes": sorted(json.dumps(row.to_dict(), sort_keys=True)
                             for row in store.quotes(limit=100_000)),
            "duplicates": sorted((row.article_id, row.duplicate_of, row.ref)
                                 for row in store.duplicates(limit=100_000)),
            "skips": sorted((row.ref, row.reason, row.duplicate_of)
                            for row in store.skips(limit=100_000)),
            "counts": store.counts(),
        }


def _one_process(inputs: list[str], db: Path) -> pipeline.BatchSummary:
    with open_store(db, create=True) as store:
        return pipeline.ingest(inputs, store, Settings(db=db))


# -- tests ---------------------------------------------------------------------------------------

def test_two_workers_give_the_events_and_quotes_of_one_process(shared_dir: Path, tmp_path: Path) -> None:
    inputs = [str(shared_dir / "data" / "news"),
              str(shared_dir / "data" / "warc" / "l3s-gn1-repack" / "l3s-gn1-world-sample.warc.gz")]
    one = _one_process(inputs, tmp_path / "one.db")
    with open_store(tmp_path / "dask.db", create=True) as store:
        report = ingest_distributed(inputs, store, Settings(db=tmp_path / "dask.db"),
                                    parts=tmp_path / "parts", workers=2)
    assert report.summary == one
    assert report.computed == report.chunks and report.failed_chunks == 0
    single, dask = _content(tmp_path / "one.db"), _content(tmp_path / "dask.db")
    assert dask["counts"] == single["counts"]
    assert single["counts"]["events"] > 1000 and single["counts"]["quotes"] > 1000
    assert dask["events"] == single["events"]
    assert dask["quotes"] == single["quotes"]
    assert dask["analyses"] == single["analyses"]
    assert (dask["duplicates"], dask["skips"]) == (single["duplicates"], single["skips"])
    assert list((tmp_path / "parts").glob("published_date=2022-*/part-*.parquet"))


def test_small_run_equals_one_process_and_writes_parts(scheduler: str, stories: Path, tmp_path: Path) -> None:
    # chunk_size=1: every article on its own task, so learned knowledge crosses chunks
    _one_process([str(stories)], tmp_path / "one.db")
    with open_store(tmp_path / "dask.db", create=True) as store:
        report = ingest_distributed([str(stories)], store, Settings(db=tmp_path / "dask.db"),
                                    parts=tmp_path / "parts", scheduler=scheduler, chunk_size=1)
    assert (report.chunks, report.computed, report.summary.stored) == (4, 4, 4)
    assert _content(tmp_path / "dask.db") == _content(tmp_path / "one.db")
    assert len((tmp_path / "parts" / "_chunks.jsonl").read_text().splitlines()) == 4
    assert list((tmp_path / "parts").glob("published_date=unknown/part-*.parquet"))
    assert all(peak < 2**30 for peak in report.worker_peak_memory.values())


def test_rerun_passes_over_finished_chunks_and_reads_written_parts(scheduler: str, stories: Path,
                                                                    tmp_path: Path) -> None:
    settings, parts = Settings(db=tmp_path / "t.db"), tmp_path / "parts"
    with open_store(tmp_path / "t.db", create=True) as store:
        ingest_distributed([str(stories)], store, settings, parts=parts, scheduler=scheduler, chunk_size=2)
        again = ingest_distributed([str(stories)], store, settings, parts=parts, scheduler=scheduler,
                                   chunk_size=2)
    assert (again.chunks, again.finished, again.computed, again.summary.unchanged) == (2, 2, 0, 4)

    # A run that died after writing its parts but before storing: the parts are loaded, not recomputed.
    with open_store(tmp_path / "fresh.db", create=True) as store:
        loaded = ingest_distributed([str(stories)], store, Settings(db=tmp_path / "fresh.db"), parts=parts,
                                    scheduler=scheduler, chunk_size=2)
    assert (loaded.from_parts, loaded.computed, loaded.summary.stored) == (2, 0, 4)
    assert _content(tmp_path / "fresh.db") == _content(tmp_path / "t.db")


def test_a_failing_chunk_is_recorded_and_the_rest_go_on(scheduler: str, stories: Path,
                                                         tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db", create=True) as store:
        report = ingest_distributed([str(stories)], store, Settings(db=tmp_path / "t.db"),
                                    parts=tmp_path / "p",
                                    scheduler=scheduler, chunk_size=1, work=poisoned_chunk)
        failures = store.failures()
        assert store.counts()["articles"] == 3
    assert (report.failed_chunks, report.summary.stored, report.summary.failed) == (1, 3, 1)
    [failure] = failures
    assert failure.stage == "dask-chunk"
    assert "c-poison.txt" in failure.message and "failed 3 times" in failure.message
    assert "injected fault" in failure.message

    # The failed inputs are not marked done: a rerun with a healthy worker stores them.
    with open_store(tmp_path / "t.db", create=True) as store:
        rerun = ingest_distributed([str(stories)], store, Settings(db=tmp_path / "t.db"),
                                   parts=tmp_path / "p",
                                   scheduler=scheduler, chunk_size=1)
    assert (rerun.finished, rerun.computed, rerun.summary.stored) == (3, 1, 1)


def test_a_chunk_that_fails_once_is_retried(scheduler: str, stories: Path, tmp_path: Path) -> None:
    with open_store(tmp_path / "t.db", create=True) as store:
        report = ingest_distributed([str(stories)], store, Settings(db=tmp_path / "t.db"),
                                    parts=tmp_path / "p",
                                    scheduler=scheduler, chunk_size=2, work=flaky_chunk)
        assert store.failures() == []
    assert (report.failed_chunks, report.summary.stored) == (0, 4)
    assert len(list(stories.glob("*.attempted"))) == 2


def test_cli_ingest_on_a_running_scheduler(scheduler: str, stories: Path, tmp_path: Path) -> None:
    proc = run_on(tmp_path / "t.db", "ingest", str(stories), "--scheduler", scheduler, "--parts",
                  str(tmp_path / "parts"), "--chunk-size", "3")
    assert proc.returncode == 0, proc.stderr
    assert "Dask: 2 chunks (2 computed" in proc.stderr
    assert (tmp_path / "parts" / "_chunks.jsonl").exists()
    again = run_on(tmp_path / "t.db", "ingest", str(stories), "--scheduler", scheduler, "--parts",
                   str(tmp_path / "parts"), "--chunk-size", "3")
    assert "2 already stored" in again.stderr, again.stderr


def test_cli_ingest_default_parts_beside_the_database(scheduler: str, stories: Path, tmp_path: Path) -> None:
    proc = run_on(tmp_path / "t.db", "ingest", str(stories / "d-summit.txt"), "--scheduler", scheduler)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "t.db.parts" / "_chunks.jsonl").exists()


# -- the learned-knowledge prediction against the store (no model) -------------------------------

def test_learned_facts_answer_like_the_store(tmp_path: Path) -> None:
    facts = LearnedFacts()
    stated = [
        ("a1", "2024-01-10", [ActorFact("Yoko Kamikawa", "Foreign Minister", "JPN", "GOV")]),
        ("a2", "2024-03-01T09:00:00", [ActorFact("Yoko Kamikawa", "minister", None, "GOV"),
                                       ActorFact("Yoko  Kamikawa", "Foreign Minister", "JPN", "GOV")]),
        ("a3", None, [ActorFact("Antony Blinken", "Secretary of State", "USA", "GOV")]),
        ("a4", "2023-05-05", [ActorFact("Antony Blinken", "Secretary", "USA", None)]),
    ]
    with open_store(tmp_path / "t.db", create=True) as store:
        for article_id, published, article_facts in stated:
            store.upsert_article(Article(id=article_id, text="x", published=published))
            store.record_actor_facts(article_id, published, article_facts)
            facts.add(article_id, published, article_facts)
        for name in ("Yoko Kamikawa", "yoko kamikawa", "Antony Blinken", "Nobody"):
            for on in (None, "2023-01-01", "2024-01-10", "2024-02-01", "2024-03-01", "2025-01-01"):
                assert facts.lookup(name, on=on) == store.learned(name, on=on), (name, on)


def test_same_answer_ignores_only_the_source() -> None:
    facts = LearnedFacts()
    facts.add("a1", "2024-01-10", [ActorFact("Yoko Kamikawa", "Foreign Minister", "JPN", "GOV")])
    later = facts.snapshot()
    later.add("a2", "2024-02-10", [ActorFact("Yoko Kamikawa", "Foreign Minister", "JPN", "GOV")])
    other = facts.snapshot()
    other.add("a3", "2024-02-10", [ActorFact("Yoko Kamikawa", "Foreign Minister", "JPN", "MIL")])
    first = facts.lookup("Yoko Kamikawa")
    assert same_answer(first, later.lookup("Yoko Kamikawa"))
    assert not same_answer(first, other.lookup("Yoko Kamikawa"))
    assert not same_answer(first, None) and same_answer(None, None)
