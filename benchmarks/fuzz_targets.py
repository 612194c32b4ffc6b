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
| border  | the bytes as a file name (`os.fsdecode`) and | as sources; every string of every         |
|         | as its .jsonl, .feed.json and .txt content:  | Document, Skip and Article encodes to     |
|         | `iter_documents` on their folder, then per   | UTF-8 strictly, alone and as JSON; the    |
|         | Document `body_digest`, `prepare` (no parse) | store takes them all (SQLite, one per     |
|         | and the store's `recorded_input`, `record_input`,| process)                                  |
|         | `record_skip`, `upsert_article`              |                                           |

Without --target the script runs every target in turn, each in its own child process (libFuzzer
exits the process when a run ends), with the runs split by WEIGHTS, and prints executions, time
and crashes per target and in total. Seeds come from tests/fixtures, and from `unicode_seeds`: JSON
Lines and JSON Feeds with a lone surrogate (`"\\ud800"`) in each field, and bytes that are not
UTF-8 (in a line, and in a first line that the border target makes a file name). Crashing inputs
are written to benchmarks/out/fuzz/ (turn each into a test in tests/fuzz/test_regressions.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import atheris
import httpx

with atheris.instrument_imports(include=["tidings"]):
    from tidings.ingest.clean import clean_text, normalise_text
    from tidings.ingest.extract import decode_html, extract_html
    from tidings.ingest.feeds import iter_feed
    from tidings.ingest.sources import decode_text, iter_documents
    from tidings.ingest.warc import iter_warc
    from tidings.model import Article, Document, Skip
    from tidings.pipeline import body_digest, prepare
    from tidings.settings import Settings
    from tidings.store import Store, open_store

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
OUT = ROOT / "benchmarks" / "out" / "fuzz"
SETTINGS = Settings()
MAX_LEN = 2048
# Share of the runs per target, by cost (executions per second on one core: border ~100, as it detects
# the language of every document; extract ~250, clean ~500, sources ~1,000, feeds ~2,000, warc
# more): every target gets minutes, none hours.
WEIGHTS = {"extract": 0.02, "clean": 0.1, "feeds": 0.3, "warc": 0.4, "sources": 0.17, "border": 0.01}
SEEDS = {
    "extract": ["html/*.html", "sources/article.html"],
    "clean": ["html/*.html", "whitehouse/briefings.jsonl"],
    "feeds": ["sources/feed.rss", "sources/feed.json"],
    "warc": [],  # made in seed_warc: the fixtures hold no small archive
    "sources": ["sources/whitehouse_sample.jsonl", "stories/articles.jsonl"],
    "border": ["sources/whitehouse_sample.jsonl", "stories/articles.jsonl", "sources/feed.json"],
}
# Which targets get which of `unicode_seeds`' files, by suffix.
UNICODE_SEEDS = {"feeds": (".feed.json",), "sources": (".jsonl",), "border": (".jsonl", ".feed.json")}
# The string fields of a JSON Lines record and of a JSON Feed (feed title, then item fields).
JSONL_FIELDS = ("text", "id", "title", "url", "source", "html", "published")
FEED_FIELDS = ("feed title", "id", "url", "external_url", "title", "content_text", "content_html",
               "summary", "date_published")
# How JSON spells lone surrogates: high, low, the low ones `surrogateescape` makes of bytes
# 0x80-0xFF, two highs, a pair in the wrong order. (A pair in the right order is an emoji: valid.)
LONE_SURROGATES = ("\\ud800", "\\udfff", "\\udce9", "\\udbff\\udbff", "\\ude00\\ud83d")
# The border target names its files after the input's first line, up to this many bytes.
NAME_BYTES = 80


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


def file_stem(data: bytes) -> str:
    """A file name made of the first line of `data` (at most NAME_BYTES bytes, "/" and NUL made "_"),
    decoded as Linux hands names to Python: bytes that are not UTF-8 become surrogates (PEP 383)."""
    head = data.split(b"\n", 1)[0][:NAME_BYTES].replace(b"/", b"_").replace(b"\0", b"_")
    return "n-" + os.fsdecode(head)  # "n-": never a hidden file, which a directory walk passes over


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def encode_strictly(record: Document | Skip | Article) -> None:
    """Encode every string of `record` as UTF-8 (errors="strict"), then its JSON, as the CLI prints
    it: a lone surrogate anywhere raises UnicodeEncodeError, which is a crash."""
    fields = record.to_dict() if isinstance(record, Article) else dataclasses.asdict(record)
    for text in _strings(fields):
        text.encode("utf-8")
    # A Document's body may be bytes (a page as fetched): JSON has no bytes, so they go as hex.
    json.dumps(fields, ensure_ascii=False, default=bytes.hex).encode("utf-8")


def store_item(store: Store, item: Document | Skip, settings: Settings) -> None:
    """What ingest does with one item before the parse: digest, prepare, record. Then check encodings."""
    if isinstance(item, Skip):
        store.record_skip(item)
        encode_strictly(item)
        return
    digest = body_digest(item)
    store.recorded_input(item.ref, digest)
    prepared = prepare(item, settings)
    if isinstance(prepared, Skip):
        store.record_skip(prepared)
        store.record_input(item.ref, digest, article_id=None, outcome=prepared.reason)
    else:
        store.upsert_article(prepared)
        store.record_input(item.ref, digest, article_id=prepared.id, outcome="stored")
    encode_strictly(item)
    encode_strictly(prepared)


def _page(request: httpx.Request) -> httpx.Response:
    """Every feed entry link leads to this page: the fuzzer never touches the network."""
    return httpx.Response(200, content=PAGE, headers={"content-type": "text/html"})


PAGE = (b"<html><head><title>Page title</title></head><body><article><p>"
        + b"The foreign ministers met in Geneva on Tuesday and agreed to resume the talks. " * 4
        + b"</p></article></body></html>")


def make_fuzz_border(folder: Path) -> Callable[[bytes], None]:
    """The bytes as a file name and as the content of a .jsonl, a .feed.json and a .txt file of that
    name, read from their folder, prepared and stored in one SQLite store (opened once)."""
    names = folder / "names"
    names.mkdir()
    store = open_store(folder / "border.db", create=True)
    store.connection.execute("PRAGMA synchronous = OFF")  # a throwaway database: no fsync per commit
    # Entry links are fetched through a mock transport; allowing private networks only skips the
    # address check, whose DNS look-ups would make the fuzzer slow and send its names to a resolver.
    settings = Settings(allow_private_networks=True)
    client = httpx.Client(transport=httpx.MockTransport(_page))

    def fuzz_border(data: bytes) -> None:
        for old in names.iterdir():
            old.unlink()
        stem = file_stem(data)
        for suffix in (".jsonl", ".feed.json", ".txt"):
            (names / (stem + suffix)).write_bytes(data)
        with store.transaction():  # as ingest stores a batch: one transaction
            for item in iter_documents([str(names)], settings, client=client):
                _check([item])
                store_item(store, item, settings)

    return fuzz_border


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


GOOD_TEXT = ("Kenyan police arrested twelve protesters outside parliament in Nairobi on Tuesday, "
             "officials said.")
GOOD_RECORD = {"id": "good", "title": "Protest in Nairobi", "url": "https://news.example/a",
               "source": "Example News", "published": "2024-01-09", "text": GOOD_TEXT}
# JSON Feed content is used as the article from 150 words on (shorter is a teaser, and fetched).
LONG_TEXT = ("The summit closed with a communique on river management, border trade and prisoners. "
             * 13).strip()


def _with_surrogate(record: dict[str, Any], field: str, surrogate: str) -> str:
    """`record` as one line of JSON with `surrogate` (as JSON spells it) ending its `field`."""
    return json.dumps({**record, field: str(record.get(field, "")) + "@SURROGATE@"}).replace(
        "@SURROGATE@", surrogate)


def unicode_seeds() -> dict[str, bytes]:
    """Seed files by name: JSON Lines and JSON Feeds with a lone surrogate in each string field,
    and bytes that are not UTF-8, in a line and in a first line (which the border target makes a
    file name). Each small enough for MAX_LEN."""
    seeds: dict[str, bytes] = {}
    good = [json.dumps({**GOOD_RECORD, "id": f"good-{n}"}) for n in range(3)]
    for field in JSONL_FIELDS:
        record = dict(GOOD_RECORD, id=f"bad-{field}")
        if field == "html":  # "text" wins over "html" when both are given
            del record["text"]
            record["html"] = f"<p>{GOOD_TEXT}</p>"
        for number, surrogate in enumerate(LONE_SURROGATES):
            # Three good lines and one bad, as in issue 16: the bad one must not cost the others.
            lines = [good[0], _with_surrogate(record, field, surrogate), *good[1:]]
            seeds[f"surrogate-{field}-{number}.jsonl"] = "\n".join(lines).encode() + b"\n"
    everywhere = dict(GOOD_RECORD)
    for field in ("text", "id", "title", "url", "source"):
        everywhere[field] = str(everywhere[field]) + "@SURROGATE@"
    seeds["surrogate-every-field.jsonl"] = json.dumps(everywhere).replace("@SURROGATE@", "\\ud800").encode()
    line = json.dumps(GOOD_RECORD).encode()
    # A surrogate written raw (CESU-8 bytes), Latin-1, UTF-16 and stray bytes: none of them UTF-8.
    seeds["raw-surrogate.jsonl"] = line.replace(b"Nairobi", b"Nairobi\xed\xa0\x80") + b"\n" + line + b"\n"
    latin = json.dumps({**GOOD_RECORD, "title": "Caf\u00e9"}, ensure_ascii=False).encode("latin-1")
    seeds["latin-1.jsonl"] = latin + b"\n" + line
    seeds["utf-16.jsonl"] = (json.dumps(GOOD_RECORD) + "\n").encode("utf-16")
    seeds["stray-bytes.jsonl"] = b'{"id": "x\xff", "text": "\xc3\x28 \xa0\xa1 \xf0\x28\x8c\x28"}\n' + line
    # First lines that are not UTF-8 (the border target's file names), then good records.
    for number, name in enumerate((b"r\xe9sum\xe9", b"\xff\xfe\xfd", b"caf\xe9 \x80\x81", b"\xed\xa0\x80.x",
                                   b"\xc3", b"ok\xe2\x82")):
        seeds[f"name-{number}.jsonl"] = name + b"\n" + line + b"\n"

    entry = {"id": "1", "url": "https://news.example/1", "external_url": "https://elsewhere.example/1",
             "title": "Summit", "content_text": LONG_TEXT, "date_published": "2024-03-05T10:00:00Z"}
    for field in FEED_FIELDS:
        # A full-text entry, used as it is, and a teaser, whose link is fetched (from a mock
        # transport in the border target): the surrogate goes in `field` of both, where they have it.
        full = dict(entry)
        teaser = {"id": "2", "url": "https://news.example/2", "title": "Teaser", "summary": "Short."}
        if field in ("content_html", "summary"):  # alone, so it is the content used
            del full["content_text"]
            full[field] = f"<p>{LONG_TEXT}</p>" if field == "content_html" else LONG_TEXT
        elif field == "external_url":  # the link only when there is no "url"
            del full["url"], teaser["url"]
            teaser["external_url"] = "https://elsewhere.example/2"
        for record in (full, teaser):
            if field in record:
                record[field] += "@SURROGATE@"
        feed = {"version": "https://jsonfeed.org/version/1.1", "title": "Feed", "items": [full, teaser]}
        if field == "feed title":
            feed["title"] = "Feed@SURROGATE@"
        for number, surrogate in enumerate(LONE_SURROGATES[:2]):
            text = json.dumps(feed).replace("@SURROGATE@", surrogate)
            seeds[f"surrogate-{field.replace(' ', '-')}-{number}.feed.json"] = text.encode()
    return seeds


def fill_corpus(target: str, corpus: Path) -> None:
    """Seed files for `target`, cut to MAX_LEN (JSON Lines cut at a line end)."""
    for pattern in SEEDS[target]:
        for path in sorted(FIXTURES.glob(pattern)):
            data = path.read_bytes()
            if path.suffix == ".jsonl":
                data = b"\n".join(data[:MAX_LEN].split(b"\n")[:-1]) + b"\n"
            (corpus / path.name).write_bytes(data[:MAX_LEN])
    suffixes = UNICODE_SEEDS.get(target, ())
    for name, data in unicode_seeds().items():
        if name.endswith(suffixes):
            (corpus / name).write_bytes(data[:MAX_LEN])
    if target == "warc":
        seed_warc(corpus)


def run_one(target: str, runs: int, extra: list[str], *, workdir: Path | None = None) -> int:
    """Fuzz one target in this process (atheris ends the process when done). Its corpus and files
    go in `workdir` (default: a new temporary folder, left behind)."""
    OUT.mkdir(parents=True, exist_ok=True)
    work = workdir or Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
    corpus = work / "corpus"
    corpus.mkdir()
    fill_corpus(target, corpus)
    makers: dict[str, Callable[[Path], Callable[[bytes], None]]] = {
        "extract": lambda _: fuzz_extract, "clean": lambda _: fuzz_clean, "feeds": lambda _: fuzz_feeds,
        "warc": lambda _: fuzz_warc, "sources": make_fuzz_sources, "border": make_fuzz_border,
    }
    argv = [sys.argv[0], f"-atheris_runs={runs}", f"-max_len={MAX_LEN}", f"-artifact_prefix={OUT}/{target}-",
            *extra, str(corpus)]
    atheris.Setup(argv, makers[target](work))
    atheris.Fuzz()
    return 0


def run_all(runs: int, extra: list[str]) -> int:
    """Each target in a child process, one after another; a summary table at the end."""
    rows = []
    for target, weight in WEIGHTS.items():
        share = max(1, int(runs * weight))
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix=f"fuzz-{target}-") as work:
            command = [sys.executable, __file__, "--target", target, "--runs", str(share), "--workdir", work,
                       "--", *extra]
            child = subprocess.run(command, capture_output=True, text=True)
        elapsed = time.monotonic() - started
        log = child.stdout + child.stderr
        (OUT / f"{target}.log").write_text(log)
        done = re.findall(r"^Done (\d+) in", log, flags=re.MULTILINE)
        # A crashed run has no "Done N in" line: its last status line ("#N  NEW ...") counts instead.
        done = done or re.findall(r"^#(\d+)\s", log, flags=re.MULTILINE)
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
    parser.add_argument("--workdir", type=Path, help="an empty folder for the corpus and the target's files "
                                                      "(default: a new temporary folder)")
    parser.add_argument("libfuzzer", nargs="*", help="extra libFuzzer flags, after --")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if args.target:
        return run_one(args.target, args.runs, args.libfuzzer, workdir=args.workdir)
    return run_all(args.runs, args.libfuzzer)


if __name__ == "__main__":
    sys.exit(main())
