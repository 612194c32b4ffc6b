"""Ingest on a Dask cluster (`tidings ingest INPUT... --workers N [--scheduler ADDRESS]`).

    run.py      the driver: chunks, submission with retries, results stored in input order
    work.py     what the workers run (importable, so worker processes can load it)
    learned.py  learned knowledge predicted on the workers and checked by the driver
    parts.py    the results as Parquet partitioned by publication date, and the finished chunks

Dask itself is imported only when a cluster is started (the optional `dask` extra).
"""

from __future__ import annotations

from tidings.distributed.run import (
    CHUNK_SIZE,
    DaskReport,
    chunk_inputs,
    connect,
    describe,
    ingest_distributed,
)

__all__ = ["CHUNK_SIZE", "DaskReport", "chunk_inputs", "connect", "describe", "ingest_distributed"]
