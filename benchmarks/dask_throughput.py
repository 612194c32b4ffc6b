"""Throughput of `tidings ingest` in one process against `--workers N` on a local Dask cluster.

Both run the real command in a fresh interpreter on the same inputs into fresh databases, so each
pays its own start-up (model load; cluster start and the model load in every worker).

    .venv/bin/python benchmarks/dask_throughput.py [--workers 2] [INPUT ...]

Default inputs: ../shared/data/news/, the l3s-gn1 WARC sample, the scrapinghub extraction
pages, ../shared/data/html/ and the PolNeAr dev articles. Prints articles/s for both,
the ratio, the peak memory of each worker, and the load average (others' jobs slow both runs).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
# Every shared corpus with article text but the large PolNeAr training set (~500 inputs): a short
# run is mostly start-up, and the point of a cluster is the long run.
DEFAULT_INPUTS = [SHARED / "news", SHARED / "warc" / "l3s-gn1-repack" / "l3s-gn1-world-sample.warc.gz",
                  SHARED / "extraction" / "scrapinghub-aeb" / "html", SHARED / "html",
                  SHARED / "quotes" / "polnear_dev.jsonl"]


def run(db: Path, inputs: list[str], *extra: str) -> tuple[float, str]:
    """Wall-clock seconds of one `tidings ingest` and what it printed on stderr."""
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "tidings", "ingest", "--db", str(db), *inputs, *extra],
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, check=False)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"tidings ingest failed:\n{proc.stderr}")
    return elapsed, proc.stderr


def stored(stderr: str) -> int:
    match = re.search(r"│ stored\s+│\s+(\d+)", stderr)
    return int(match.group(1)) if match else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", default=[str(path) for path in DEFAULT_INPUTS])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()}")
    with tempfile.TemporaryDirectory() as scratch:
        one_s, one_err = run(Path(scratch, "one.db"), args.inputs)
        dask_s, dask_err = run(Path(scratch, "dask.db"), args.inputs, "--workers", str(args.workers))
    articles = stored(one_err)
    if stored(dask_err) != articles:
        sys.exit(f"the runs stored different numbers of articles: {articles} and {stored(dask_err)}")
    dask_line = next((line for line in dask_err.splitlines() if line.startswith("Dask:")), "")
    print(f"articles stored: {articles}")
    print(f"one process:          {one_s:6.1f} s  {articles / one_s:5.2f} articles/s")
    print(f"--workers {args.workers}:          {dask_s:6.1f} s  {articles / dask_s:5.2f} articles/s")
    print(f"ratio: {one_s / dask_s:.2f}")
    print(dask_line)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
