"""Coverage-guided fuzzing (atheris) of the readers that see untrusted bytes.

Usage:
    .venv/bin/pip install -e '.[fuzz]'
    .venv/bin/python benchmarks/fuzz_targets.py --runs 1000000          # all targets, split below
    .venv/bin/python benchmarks/fuzz_targets.py --target feeds --runs 50000
    .venv/bin/python benchmarks/fuzz_targets.py --target feeds -- -max_total_time=60   # libFuzzer flags

Targets and what each may do with any input (anything else, an exception included, is a crash):

| target  | calls                                        | allowed                                   |
|---------|----------------------------------------------|-------------------------------------------|
| extract | `extract_html`, `decode_html`, `decode_text` | return (an empty Extracted is fine)       |
| clean   | `clean_text`, `normalise_text`               | return                                    |
| feeds   | `iter_feed` (entries are not fetched)        | yield Documents and Skips                 |
| warc    | `iter_warc`                                  | yield Documents and Skips                 |
| sources | `iter_documents` on a .jsonl file and stdin  | yield Documents and Skips, none of them   |
|         |                                              | the last-resort "This is a bug" Skip      |

Without --target the script runs every target in turn, each in its own child process (libFuzzer
exits the process when a run ends), with the runs split by WEIGHTS, and prints executions, time
and crashes per target and in total. Seeds come from tests/fixtures; crashing inputs are written to
benchmarks/out/fuzz/ (turn each into a test in tests/fuzz/test_regressions.py).
"""

from __future__ import annotations

import argparse
import gzip
import io
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["tidings"]):
    from tidings.ingest.clean import clean_text, normalise_text
    from tidings.ingest.extract import decode_html, extract_html
    from tidings.ingest.feeds import iter_feed
    from tidings.ingest.sources import decode_text, iter_documents
    from tidings.ingest.warc import iter_warc
    from tidings.model import Document, Skip
    from tidings.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
OUT = ROOT / "benchmarks" / "out" / "fuzz"
SETTINGS = Settings()
MAX_LEN = 2048
# Share of the runs per target, by cost (executions per second on one core: extract ~250, clean ~500,
# sources ~1,000, feeds ~2,000, warc more): every target gets minutes, none hours.
WEIGHTS = {"extract": 0.02, "clean": 0.1, "feeds": 0.3, "warc": 0.4, "sources": 0.18}
SEEDS = {
    "extract": ["html/*.html", "sources/article.html"],
    "clean": ["html/*.html", "whitehouse/briefings.jsonl"],
    "feeds": ["sources/feed.rss", "sources/feed.json"],
    "warc": [],  # made in seed_warc: the fixtures hold no small archive
    "sources": ["sources/whitehouse_sample.jsonl", "stories/articles.jsonl"],
}


class FuzzCrash(Exception):
    """A reader broke its contract without raising (a last-resort Skip, a wrong record type)."""


def _no_fetch(link: str) -> Skip:
    return Skip(ref=link, reason="fetch-failed", detail="the fuzzer does not fetch")


def _check(items: Iterable[Document | Skip]) -> None:
    for item in items:
        if not isinstance(item, Document | Skip):
            raise FuzzCrash(f"yielded {type(item).__name__}, not a Document or Skip")
        if isinstance(item, Skip) and "This is a bug in tidings" in item.detail:
            raise FuzzCrash(item.detail)


def fuzz_extract(data: bytes) -> None:
    extract_html(data, url="http://example.com/a")
    decode_html(data)
    decode_text(data)


def fuzz_clean(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    title = fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 80)) if fdp.ConsumeBool() else None
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    clean_text(text, title=title)
    normalise_text(text)


def fuzz_feeds(data: bytes) -> None:
    _check(iter_feed(data, ref="fuzz.rss", fetch_page=_no_fetch))


def fuzz_warc(data: bytes) -> None:
    _check(iter_warc(io.BytesIO(data), ref="fuzz.warc", settings=SETTINGS))


def make_fuzz_sources(folder: Path) -> Callable[[bytes], None]:
    jsonl = folder / "fuzz.jsonl"

    def fuzz_sources(data: bytes) -> None:
        jsonl.write_bytes(data)
        _check(iter_documents([str(jsonl)], SETTINGS))
        _check(iter_documents(["-"], SETTINGS, stdin=io.BytesIO(data)))

    return fuzz_sources


def seed_warc(corpus: Path) -> None:
    page = (FIXTURES / "sources" / "article.html").read_bytes()[:2000]
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/a\r\n"
              b"WARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2024-01-09T10:00:00Z\r\n"
              b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
              + str(len(http)).encode() + b"\r\n\r\n" + http + b"\r\n\r\n")
    (corpus / "one.warc").write_bytes(record)
    (corpus / "one.warc.gz").write_bytes(gzip.compress(record))


def fill_corpus(target: str, corpus: Path) -> None:
    """Seed files for `target`, cut to MAX_LEN (JSON Lines cut at a line end)."""
    for pattern in SEEDS[target]:
        for path in sorted(FIXTURES.glob(pattern)):
            data = path.read_bytes()
            if path.suffix == ".jsonl":
                data = b"\n".join(data[:MAX_LEN].split(b"\n")[:-1]) + b"\n"
            (corpus / path.name).write_bytes(data[:MAX_LEN])
    if target == "warc":
        seed_warc(corpus)


def run_one(target: str, runs: int, extra: list[str]) -> int:
    """Fuzz one target in this process (atheris ends the process when done)."""
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
    corpus = work / "corpus"
    corpus.mkdir()
    fill_corpus(target, corpus)
    targets: dict[str, Callable[[bytes], None]] = {
        "extract": fuzz_extract, "clean": fuzz_clean, "feeds": fuzz_feeds, "warc": fuzz_warc,
        "sources": make_fuzz_sources(work),
    }
    argv = [sys.argv[0], f"-atheris_runs={runs}", f"-max_len={MAX_LEN}", f"-artifact_prefix={OUT}/{target}-",
            *extra, str(corpus)]
    atheris.Setup(argv, targets[target])
    atheris.Fuzz()
    return 0


def run_all(runs: int, extra: list[str]) -> int:
    """Each target in a child process, one after another; a summary table at the end."""
    rows = []
    for target, weight in WEIGHTS.items():
        share = max(1, int(runs * weight))
        started = time.monotonic()
        command = [sys.executable, __file__, "--target", target, "--runs", str(share), "--", *extra]
        child = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        log = child.stdout + child.stderr
        (OUT / f"{target}.log").write_text(log)
        done = re.findall(r"^Done (\d+) in", log, flags=re.MULTILINE)
        executions = int(done[-1]) if done else 0
        crashed = child.returncode != 0
        rows.append((target, executions, elapsed, crashed))
        note = f"  CRASH, see {OUT / (target + '.log')}" if crashed else ""
        rate = executions / elapsed
        print(f"{target:8} {executions:>9,} executions in {elapsed:7.1f} s ({rate:,.0f}/s){note}", flush=True)
    total = sum(row[1] for row in rows)
    seconds = sum(row[2] for row in rows)
    crashes = sum(row[3] for row in rows)
    print(f"total    {total:>9,} executions in {seconds:7.1f} s; {crashes} target(s) crashed")
    return 1 if crashes else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=sorted(WEIGHTS), help="fuzz one target (default: all, in turn)")
    parser.add_argument("--runs", type=int, default=100_000, help="executions in total (default 100,000)")
    parser.add_argument("libfuzzer", nargs="*", help="extra libFuzzer flags, after --")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.target:
        return run_one(args.target, args.runs, args.libfuzzer)
    return run_all(args.runs, args.libfuzzer)


if __name__ == "__main__":
    sys.exit(main())
