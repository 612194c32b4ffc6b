"""`tidings query`: SQL with DuckDB over a Parquet dataset exported from the store."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_run import run_on
from tests.store.test_event_store import TOKYO
from tidings.query import QueryError, query, write_dataset
from tidings.store import open_store


@pytest.fixture(scope="module")
def dataset(events_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dataset")
    with open_store(events_db, create=True) as store:
        counts = write_dataset(store, folder)
    assert counts["events"] == 5 and counts["quotes"] == 0
    return folder


def test_sql_over_the_exported_views(dataset: Path) -> None:
    columns, rows = query("SELECT source_cameo, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC, 1",
                          dataset)
    assert columns == ["source_cameo", "n"]
    assert sum(n for _code, n in rows) == 5
    _columns, joined = query("SELECT e.key, a.title FROM events e JOIN articles a ON a.id = e.article_id "
                             f"WHERE e.key = '{TOKYO}:e1'", dataset)
    assert joined == [(f"{TOKYO}:e1", "Blinken in Tokyo")]


def test_partitioned_folders_are_read_too(dataset: Path, tmp_path: Path) -> None:
    import duckdb

    source, target = dataset / "events.parquet", tmp_path / "events"
    duckdb.sql(f"COPY (SELECT * FROM read_parquet('{source}')) TO '{target}' "
               "(FORMAT parquet, PARTITION_BY (root))")
    _columns, rows = query("SELECT count(*), count(DISTINCT root) FROM events", tmp_path)
    assert rows == [(5, 3)]


def test_errors_name_the_tables_and_the_fix(dataset: Path, tmp_path: Path) -> None:
    with pytest.raises(QueryError, match="tables here: articles, actors, events"):
        query("SELECT nope FROM events", dataset)
    with pytest.raises(QueryError, match="tidings export dataset"):
        query("SELECT 1", tmp_path)


def test_cli_query(events_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ds"
    made = run_on(events_db, "export", "dataset", "-o", str(folder))
    assert made.returncode == 0, made.stderr
    asked = run_on(events_db, "query", "SELECT count(*) AS n FROM events", "--data", str(folder), "-f", "csv")
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.splitlines() == ["n", "5"]
