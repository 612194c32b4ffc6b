"""Concurrency: several `tidings ingest` processes and the web server on one database at once.

Usage: .venv/bin/python benchmarks/concurrency.py [--writers 4] [--backend sqlite|postgresql|both]

Writes the crash harness's made-up inputs (benchmarks/crash_harness.py) split into 8 JSONL files
and a folder of HTML pages; each writer gets a different, overlapping subset (5 of the 8 files,
rotated, plus the pages), so every input is ingested by two or more writers at once. While they
run, `tidings serve` answers a reader that checks every article it lists has its analysis and as
many event mentions as the analysis lists, and a second reader checks the same for all articles in
one SQL statement (one snapshot) in a loop. Afterwards: each article once, and the same articles,
events and quotes as a one-process reference ingest.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from crash_harness import check_store, ingest_command, run_to_end, snapshot, write_corpus  # noqa: E402
from tidings.store import open_store  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def split_inputs(folder: Path, *, records: int = 40, pages: int = 5, files: int = 8) -> list[Path]:
    """The harness corpus as `files` JSONL files plus the pages folder (the last entry)."""
    jsonl, html = write_corpus(folder / "corpus", records=records, pages=pages)
    lines = jsonl.read_text(encoding="utf-8").splitlines(keepends=True)
    parts = []
    for i in range(files):
        part = folder / f"part-{i}.jsonl"
        part.write_text("".join(lines[i::files]), encoding="utf-8")
        parts.append(part)
    jsonl.unlink()
    return [*parts, html]


def writer_inputs(parts: list[Path], writers: int) -> list[list[Path]]:
    """Each writer's overlapping subset: 5 of the JSONL files (rotated, so every file goes to several
    writers, in different orders) and the pages; together they cover every input."""
    jsonl, html = parts[:-1], parts[-1]
    take = max(1, (len(jsonl) * 5) // 8)
    return [[*(jsonl[(w * 2 + k) % len(jsonl)] for k in range(take)), html] for w in range(writers)]


# One statement is one snapshot: an article row visible without its analysis or with fewer (or more)
# event, actor or quote rows than its analysis lists would be a half-written article.
_HALF_WRITTEN = {
    "sqlite": """SELECT a.id FROM articles a WHERE a.analysis_json IS NULL
        OR (SELECT count(*) FROM events e WHERE e.article_id = a.id)
           <> json_array_length(a.analysis_json, '$.events')
        OR (SELECT count(*) FROM actors e WHERE e.article_id = a.id)
           <> json_array_length(a.analysis_json, '$.actors')
        OR (SELECT count(*) FROM quotes e WHERE e.article_id = a.id)
           <> json_array_length(a.analysis_json, '$.quotes')""",
    "postgresql": """SELECT a.id FROM articles a WHERE a.analysis_json IS NULL
        OR (SELECT count(*) FROM events e WHERE e.article_id = a.id)
           <> json_array_length(a.analysis_json::json -> 'events')
        OR (SELECT count(*) FROM actors e WHERE e.article_id = a.id)
           <> json_array_length(a.analysis_json::json -> 'actors')
        OR (SELECT count(*) FROM quotes e WHERE e.article_id = a.id)
           <> json_array_length(a.analysis_json::json -> 'quotes')""",
}


@dataclass
class Reads:
    """What the readers saw while the writers ran."""

    sql_polls: int = 0
    api_polls: int = 0
    articles_checked: int = 0
    half_written: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _read_sql(db: Path | str, stop: threading.Event, reads: Reads) -> None:
    query = _HALF_WRITTEN["postgresql" if str(db).startswith("postgresql") else "sqlite"]
    while not stop.is_set():
        try:
            with open_store(db) as store:
                while not stop.is_set():
                    bad = [row[0] for row in store.connection.execute(query).fetchall()]
                    reads.half_written += [f"sql: {article_id}" for article_id in bad]
                    reads.sql_polls += 1
                    time.sleep(0.02)
        except Exception as exc:  # a reader that fails is a finding, not a crash of the harness
            reads.errors.append(f"sql reader: {type(exc).__name__}: {exc}")
            time.sleep(0.2)


def _read_api(base: str, stop: threading.Event, reads: Reads) -> None:
    seen: set[str] = set()
    with httpx.Client(base_url=base, timeout=30) as client:
        while not stop.is_set():
            try:
                listed = client.get("/api/articles", params={"limit": 500}).json()
                client.get("/api/events", params={"limit": 500}).raise_for_status()
                reads.api_polls += 1
                for item in listed["items"]:
                    if item["id"] in seen:
                        continue
                    seen.add(item["id"])
                    analysis = client.get(f"/api/articles/{item['id']}").json()["analysis"]
                    mentions = client.get("/api/events", params={"article_id": item["id"], "mentions": "true",
                                                                  "limit": 500}).json()
                    reads.articles_checked += 1
                    if analysis is None or mentions["total"] != len(analysis.get("events") or []):
                        reads.half_written.append(f"api: {item['id']}")
            except (httpx.HTTPError, KeyError, ValueError) as exc:
                reads.errors.append(f"api reader: {type(exc).__name__}: {exc}")
            time.sleep(0.05)


def _serve(db: Path | str, work: Path) -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    with (work / "serve.log").open("w") as log:  # uvicorn's log, for the traceback of a failed request
        command = [sys.executable, "-m", "tidings", "serve", "--db", str(db), "--port", str(port)]
        server = subprocess.Popen(command, stdout=log, stderr=log, text=True, cwd=work)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            httpx.get(f"{base}/api/articles", params={"limit": 1}, timeout=2)
            return server, base
        except httpx.HTTPError:
            if server.poll() is not None:
                served = (work / "serve.log").read_text()[-2000:]
                raise RuntimeError(f"tidings serve exited: {served}") from None
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("tidings serve did not answer in 20 s")


@dataclass
class Result:
    writers: int
    seconds: float
    failed_writers: list[str]
    reads: Reads
    problems: list[str]
    articles: int


def run_concurrent(work: Path, db: Path | str, *, writers: int = 4, records: int = 40, pages: int = 5,
                   parts: list[Path] | None = None,
                   reference: dict[str, list[tuple[Any, ...]]] | None = None) -> Result:
    """Run `writers` ingests over overlapping inputs into `db` (a fresh SQLite path or an empty
    PostgreSQL database) with both readers going; check the result against a one-process reference
    (made here into a SQLite file unless given, with the `parts` of `split_inputs` it was made from:
    an input's ref is its path)."""
    parts = parts or split_inputs(work / "inputs", records=records, pages=pages)
    if reference is None:
        reference_db = work / "reference.db"
        run_to_end(ingest_command(parts, reference_db), cwd=work)
        reference = snapshot(reference_db)
    open_store(db, create=True).close()  # created and migrated before the readers start
    server, base = _serve(db, work)
    reads, stop = Reads(), threading.Event()
    readers = [threading.Thread(target=_read_sql, args=(db, stop, reads)),
               threading.Thread(target=_read_api, args=(base, stop, reads))]
    for reader in readers:
        reader.start()
    started = time.monotonic()
    env = {**os.environ, "COLUMNS": "200"}
    try:
        runs = [subprocess.Popen(ingest_command(inputs, db), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.PIPE, text=True, env=env, cwd=work)
                for inputs in writer_inputs(parts, writers)]
        failed = []
        for run in runs:
            _, stderr = run.communicate(timeout=900)
            if run.returncode != 0:
                failed.append(stderr.strip()[-500:])
        seconds = time.monotonic() - started
        time.sleep(0.3)  # one more round of reads over the finished database
    finally:
        stop.set()
        for reader in readers:
            reader.join()
        server.terminate()
        server.wait(timeout=30)
    served = (work / "serve.log").read_text(encoding="utf-8", errors="replace")
    if "Traceback" in served:
        reads.errors.append("tidings serve: " + served[served.rindex("Traceback"):][-1500:])
    found = check_store(db, reference, order_free=True)
    problems = list(found.problems)
    # Which writer stored an article is a race; that it is stored once, with one input row per
    # input, is the guarantee.
    return Result(writers, seconds, failed, reads, problems, len(snapshot(db)["articles"]))


def _pg_database() -> str:
    import psycopg

    started = subprocess.run(["bash", str(ROOT / "scripts" / "pg-test.sh"), "start"], capture_output=True,
                             text=True, check=True)
    admin = started.stdout.strip().splitlines()[-1]
    name = f"tidings_concurrency_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + f"/{name}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    failed = False
    for backend in (["sqlite", "postgresql"] if args.backend == "both" else [args.backend]):
        with tempfile.TemporaryDirectory(prefix="tidings-concurrency-") as tmp:
            db: Path | str = Path(tmp) / "shared.db" if backend == "sqlite" else _pg_database()
            result = run_concurrent(Path(tmp), db, writers=args.writers)
        reads = result.reads
        ok = not (result.failed_writers or result.problems or reads.half_written or reads.errors)
        failed |= not ok
        print(json.dumps({"backend": backend, "writers": result.writers, "seconds": round(result.seconds, 1),
                          "articles": result.articles, "failed_writers": result.failed_writers,
                          "problems": result.problems, "sql_polls": reads.sql_polls,
                          "api_polls": reads.api_polls, "articles_checked": reads.articles_checked,
                          "half_written": reads.half_written, "reader_errors": reads.errors[:5]},
                         indent=1), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
