"""Crash safety: ingest killed (SIGKILL) at random moments and rerun loses and doubles nothing.

A small run of benchmarks/crash_harness.py (the 100-kill figures are in RELIABILITY.md), plus a
check that the harness's checker does notice a damaged store, and the SQLite write-lock wait.
"""

from __future__ import annotations

import shutil
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from tests.reliability.harness import crash_harness
from tidings.errors import StoreError
from tidings.store import open_store
from tidings.store import sqlite as sqlite_store


@pytest.mark.e2e
def test_killed_ingests_rerun_to_the_reference_store(tmp_path: Path) -> None:
    figures = crash_harness.crash_cycles(tmp_path, kills=3, seed=3, per_db=3, records=16, pages=2)
    assert figures.kills == 3
    assert figures.problems == []
    assert (figures.lost, figures.duplicated, figures.integrity_failures) == (0, 0, 0)


@pytest.fixture(scope="module")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("reference")
    inputs = crash_harness.write_corpus(work / "inputs", records=6, pages=1)
    db = work / "reference.db"
    crash_harness.run_to_end(crash_harness.ingest_command(inputs, db, commit_every=2), cwd=work)
    return db


@pytest.mark.e2e
def test_the_checker_passes_the_reference_and_finds_each_kind_of_damage(reference_db: Path,
                                                                        tmp_path: Path) -> None:
    reference = crash_harness.snapshot(reference_db)
    assert len(reference["articles"]) == 7 and reference["events"]
    assert crash_harness.check_store(reference_db, reference).ok

    damaged = tmp_path / "damaged.db"
    shutil.copy(reference_db, damaged)
    with sqlite3.connect(damaged, isolation_level=None) as conn:
        conn.execute("PRAGMA foreign_keys = ON")  # the article's rows go with it
        first, second = (row[0] for row in conn.execute("SELECT id FROM articles ORDER BY id LIMIT 2"))
        conn.execute("DELETE FROM events WHERE article_id = ?", (first,))  # half-written
        conn.execute("DELETE FROM articles WHERE id = ?", (second,))  # lost
    found = crash_harness.check_store(damaged, reference)
    assert found.lost == 1 and found.duplicated == 0 and found.integrity_ok
    assert any(f"article {first}: 0 events rows" in problem for problem in found.problems)
    assert any(problem.startswith("events differs") for problem in found.problems)


def test_a_writer_waits_for_the_write_lock_longer_than_the_busy_timeout(tmp_path: Path) -> None:
    # Opening the store takes no lock (a reader must not wait behind an ingest's batch).
    # Four ingests at once: one holds the lock for a whole batch while three wait, and the last one
    # used to give up after BUSY_TIMEOUT_MS with "database is locked".
    db = tmp_path / "t.db"
    open_store(db, create=True).close()
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.6, holder.execute, args=["COMMIT"]).start()
    with open_store(db, create=True) as store:
        store.connection.execute("PRAGMA busy_timeout = 50")  # each attempt gives up quickly
        started = time.monotonic()
        with store.transaction():
            pass
        assert time.monotonic() - started >= 0.5
    holder.close()


def test_a_writer_gives_up_after_the_write_wait_saying_why(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_store, "WRITE_WAIT_S", 0.2)
    db = tmp_path / "t.db"
    open_store(db, create=True).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with open_store(db, create=True) as store:
            store.connection.execute("PRAGMA busy_timeout = 50")
            with pytest.raises(StoreError, match="another process is writing"), store.transaction():
                pass
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_opening_and_reading_a_store_while_a_writer_holds_the_lock(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # Every web request opens the store: opening used to take the write lock (to check the
    # migrations) and so failed "database is locked" behind an ingest batch longer than the busy
    # timeout (a 500 from /api/events with four ingests running).
    monkeypatch.setattr(sqlite_store, "BUSY_TIMEOUT_MS", 100)
    db = tmp_path / "t.db"
    open_store(db, create=True).close()
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        with open_store(db, create=True) as store:
            assert store.counts()["articles"] == 0
        assert time.monotonic() - started < 1.0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
