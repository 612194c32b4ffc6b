"""Concurrency: four ingests over overlapping inputs and the web server on one database at once.

A small run of benchmarks/concurrency.py on SQLite (WAL) and on PostgreSQL (skipped, saying why,
without a server; tests/pg.py): each article stored once, the same articles, events and quotes
as a one-process ingest, and no reader (the web API, or one SQL statement over the store) ever
sees an article without its analysis or with some of its events, actors or quotes missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.reliability.harness import concurrency, crash_harness

pytestmark = pytest.mark.e2e

RECORDS, PAGES = 16, 2


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, Any]]:
    """The inputs (an input's ref is its path, so every run reads these) and a one-process ingest of them."""
    work = tmp_path_factory.mktemp("reference")
    parts = concurrency.split_inputs(work / "inputs", records=RECORDS, pages=PAGES)
    db = work / "reference.db"
    crash_harness.run_to_end(crash_harness.ingest_command(parts, db), cwd=work)
    return parts, crash_harness.snapshot(db)


def _assert_each_article_once(result: concurrency.Result, reference: dict[str, Any]) -> None:
    assert result.failed_writers == []
    assert result.problems == []
    assert result.articles == len(reference["articles"]) == RECORDS + PAGES
    assert result.reads.half_written == []
    assert result.reads.errors == []
    assert result.reads.sql_polls > 0 and result.reads.articles_checked == result.articles


def test_four_writers_on_sqlite(tmp_path: Path, reference: tuple[list[Path], dict[str, Any]]) -> None:
    parts, expected = reference
    result = concurrency.run_concurrent(tmp_path, tmp_path / "shared.db", writers=4, parts=parts,
                                        reference=expected)
    _assert_each_article_once(result, expected)


def test_four_writers_on_postgresql(tmp_path: Path, pg_fresh_url: str,
                                    reference: tuple[list[Path], dict[str, Any]]) -> None:
    parts, expected = reference
    result = concurrency.run_concurrent(tmp_path, pg_fresh_url, writers=4, parts=parts, reference=expected)
    _assert_each_article_once(result, expected)
