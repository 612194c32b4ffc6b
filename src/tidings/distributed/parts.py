"""The results of a Dask ingest as Parquet, partitioned by publication date.

    <parts>/published_date=2024-01-12/part-<chunk_id>.parquet   records of one chunk, one day
    <parts>/published_date=unknown/part-<chunk_id>.parquet      undated articles, skips, failures
    <parts>/_chunks.jsonl                                        one line per chunk written in full

A chunk is listed in `_chunks.jsonl` only after all its parts are written, so a listed chunk can
be loaded from disk by a rerun instead of being computed again. The parts are plain Parquet with
hive-style partitions: `duckdb -c "SELECT outcome, count(*) FROM '<parts>/*/*.parquet' GROUP BY 1"`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import NotRequired, TypedDict

import pyarrow as pa
import pyarrow.parquet as pq

MANIFEST = "_chunks.jsonl"
UNKNOWN = "unknown"

SCHEMA = pa.schema([
    ("position", pa.int32()),
    ("ref", pa.string()),
    ("body_sha256", pa.string()),
    ("outcome", pa.string()),
    ("article_id", pa.string()),
    ("published", pa.string()),
    ("record", pa.string()),
    ("minhash", pa.binary()),
])


class Record(TypedDict):
    """What became of one input on a worker: a row of a part (tidings.distributed.work says how
    each field is filled). `doc`, the article's parse, travels in memory only: Parquet leaves it out."""

    position: int
    ref: str | None
    body_sha256: str
    outcome: str
    article_id: str | None
    published: str | None
    record: str
    minhash: bytes | None
    doc: NotRequired[bytes | None]


def _day(published: str | None) -> str:
    return published[:10] if published and len(published) >= 10 else UNKNOWN


class Parts:
    """The Parquet output directory of Dask ingests and its list of finished chunks."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        manifest = root / MANIFEST
        lines = manifest.read_text(encoding="utf-8").splitlines() if manifest.exists() else []
        self._written = {json.loads(line)["chunk"] for line in lines if line.strip()}

    def has(self, chunk_id: str) -> bool:
        """True when every record of the chunk is on disk."""
        return chunk_id in self._written

    def write(self, chunk_id: str, records: list[Record]) -> None:
        """Write a chunk's records, one file per publication day, then list the chunk."""
        by_day: dict[str, list[Record]] = defaultdict(list)
        for record in records:
            by_day[_day(record["published"])].append(record)
        for day, rows in by_day.items():
            folder = self.root / f"published_date={day}"
            folder.mkdir(exist_ok=True)
            pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), folder / f"part-{chunk_id}.parquet")
        with (self.root / MANIFEST).open("a", encoding="utf-8") as manifest:
            manifest.write(json.dumps({"chunk": chunk_id, "records": len(records)}) + "\n")
        self._written.add(chunk_id)

    def read(self, chunk_id: str) -> list[Record]:
        """A written chunk's records in input order."""
        records: list[Record] = []
        for path in sorted(self.root.glob(f"published_date=*/part-{chunk_id}.parquet")):
            records.extend(pq.read_table(path, schema=SCHEMA).to_pylist())
        return sorted(records, key=lambda record: int(record["position"]))
