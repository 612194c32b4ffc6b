"""SQL over a Parquet dataset with DuckDB: `tidings query "SELECT ..." --data DIR`.

A dataset is a directory holding one Parquet file (or a folder of Parquet files, partitioned or
not) per kind: articles, actors, events, quotes. `write_dataset` makes one from a store (the
same rows `tidings export KIND -f parquet` writes); `query` opens each kind present as a DuckDB
view of that name and runs the SQL, returning column names and rows.
"""

from __future__ import annotations

from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.export import KINDS, row_type, rows_of, write_parquet

if TYPE_CHECKING:
    from tidings.store import Store


class QueryError(ValueError):
    """The dataset or the SQL cannot be used; the message says what to change."""


def write_dataset(store: Store, folder: Path) -> dict[str, int]:
    """Write every kind as `folder/<kind>.parquet`; returns the row count of each. Events are
    every telling (with `canonical`, the key of the real-world event it tells). Each kind is
    read and written a page (a Parquet row group) at a time, so memory does not grow with the store."""
    folder.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for kind in KINDS:
        # Every telling, each with its real-world event's key: SQL can count either
        # (count(*) or count(DISTINCT canonical)).
        rows = rows_of(store, kind, mentions=True)  # read and written a page at a time
        first = next(rows, None)
        counts[kind] = 0
        if first is not None:  # no file for a kind with no rows (DuckDB then has no view of it)
            counts[kind] = write_parquet(chain((first,), rows), folder / f"{kind}.parquet",
                                         row_type=row_type(kind, mentions=True))
    return counts


def _source(folder: Path, kind: str) -> str | None:
    single = folder / f"{kind}.parquet"
    if single.is_file():
        return str(single)
    nested = folder / kind
    if nested.is_dir() and any(nested.rglob("*.parquet")):
        return str(nested / "**" / "*.parquet")
    return None


def query(sql: str, folder: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    """Run `sql` over the dataset in `folder`; the views are named articles, actors, events, quotes."""
    import duckdb

    if not folder.is_dir():
        raise QueryError(f"{folder} is not a directory: make a dataset with "
                         f"`tidings export dataset -o {folder}`")
    connection = duckdb.connect()
    found = []
    for kind in KINDS:
        source = _source(folder, kind)
        if source is not None:
            quoted = source.replace("'", "''")
            connection.execute(f"CREATE VIEW {kind} AS SELECT * FROM read_parquet('{quoted}', "
                               "hive_partitioning = true, union_by_name = true)")
            found.append(kind)
    if not found:
        raise QueryError(f"no Parquet files for {', '.join(KINDS)} in {folder}; "
                         f"make a dataset with `tidings export dataset -o {folder}`")
    try:
        result = connection.execute(sql)
    except duckdb.Error as exc:
        raise QueryError(f"{exc} (tables here: {', '.join(found)})") from None
    columns = [column[0] for column in result.description or []]
    return columns, result.fetchall()
