"""Ingest throughput: read, extract, clean, detect language, analyse (parse, actors, events, quotes),
dedupe, store.

Usage: .venv/bin/python benchmarks/ingest_speed.py [--repeat N]
Reads the evaluation data in ../shared/data (the WARC archive, the saved HTML pages and the White
House texts) into a fresh temporary database and prints inputs per second for each set.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tidings import pipeline
from tidings.settings import Settings
from tidings.store import open_store

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SETS = {
    "warc (l3s-gn1, 50 pages)": SHARED / "warc" / "l3s-gn1-repack",
    "html pages (8)": SHARED / "html",
    "whitehouse jsonl (71 texts)": SHARED / "news" / "whitehouse_dev.jsonl",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"skipped: {SHARED} is absent")
        return 0
    # Load lingua's models before timing: a one-off start-up cost, not throughput.
    from tidings.language import detect_language

    detect_language("warm up the language models")
    for name, path in SETS.items():
        best = None
        for _ in range(args.repeat):
            with tempfile.TemporaryDirectory() as tmp, \
                    open_store(Path(tmp) / "bench.db", create=True) as store:
                started = time.perf_counter()
                summary = pipeline.ingest([str(path)], store, Settings())
                elapsed = time.perf_counter() - started
            handled = summary.stored + summary.duplicates + summary.skipped + summary.failed
            if best is None or elapsed < best[0]:
                best = (elapsed, handled, summary)
        assert best is not None
        elapsed, handled, summary = best
        print(f"{name}: {handled} inputs in {elapsed:.2f} s = {handled / elapsed:.1f} inputs/s "
              f"(stored {summary.stored}, duplicates {summary.duplicates}, skipped {summary.skipped}, "
              f"failed {summary.failed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
