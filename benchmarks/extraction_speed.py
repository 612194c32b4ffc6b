"""Pages per second of `extract_html` (and `extract_html` + `clean_text`) on the scrapinghub pages.

    .venv/bin/python benchmarks/extraction_speed.py [FOLDER] [--repeat N]

Pages are decompressed into memory first, so the figure is extraction alone, not disk or gzip.
Bytes are passed as read (the caller's usual case), so charset decoding is included. FOLDER
defaults to ../shared/data/extraction/scrapinghub-aeb; exits 0 with a message if absent.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import sys
import time
from pathlib import Path

from tidings.ingest.clean import clean_text
from tidings.ingest.extract import extract_html

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction" / "scrapinghub-aeb"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the best is reported")
    args = parser.parse_args()
    paths = sorted((args.folder / "html").glob("*.html.gz"))
    if not paths:
        print(f"skipped: no pages at {args.folder / 'html'}")
        return 0
    logging.disable(logging.CRITICAL)  # trafilatura logs every discarded page
    pages = [gzip.decompress(path.read_bytes()) for path in paths]
    megabytes = sum(len(page) for page in pages) / 1e6

    def extract_only(page: bytes) -> object:
        return extract_html(page)

    def extract_and_clean(page: bytes) -> object:
        extracted = extract_html(page)
        return clean_text(extracted.text, title=extracted.title)

    extract_and_clean(pages[0])  # warm up: imports, compiled patterns
    print(f"pages: {len(pages)} ({megabytes:.1f} MB of HTML), best of {args.repeat} passes")
    for name, step in (("extract_html", extract_only), ("extract_html + clean_text", extract_and_clean)):
        best = float("inf")
        for _ in range(max(args.repeat, 1)):
            started = time.perf_counter()
            for page in pages:
                step(page)
            best = min(best, time.perf_counter() - started)
        print(f"{name}: {len(pages) / best:.1f} pages/s ({best:.2f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
