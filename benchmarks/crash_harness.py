"""Crash safety: kill `tidings ingest` (SIGKILL) at random moments, rerun it, and check the store.

Usage: .venv/bin/python benchmarks/crash_harness.py [--kills 100] [--seed 1] [--per-db 5]
           [--commit-every 5] [--dask-every 0]

Writes its own 45 inputs (40 JSONL records and 5 HTML pages of made-up news, no copyrighted text)
into a temporary folder, ingests them once into a reference database, then, database after
database: runs the ingest, kills its whole process group at a random moment (between 0.3 s and the
reference run's duration), runs it again and kills it again, up to --per-db kills or until a run
finishes first; then a full rerun, and `check_store` against the reference. Runs go through
`python -c` with `tidings.pipeline.COMMIT_EVERY` set to --commit-every (default 5) so a 45-input
run commits nine times and the kills land between, inside and during commits; the reference uses
the ordinary `python -m tidings ingest` (one commit). With --dask-every N every Nth database is
ingested with `--workers 2` (Dask).

Prints the kills, what the final reruns found (articles lost, duplicated, integrity failures,
other problems) and the time taken; exits 1 when any check failed.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tidings.store import open_store

# -- the inputs: made-up news, written here ------------------------------------------------------

_COUNTRIES = [("France", "Paris", "French"), ("Germany", "Berlin", "German"), ("Japan", "Tokyo", "Japanese"),
              ("Brazil", "Brasilia", "Brazilian"), ("India", "New Delhi", "Indian"),
              ("Kenya", "Nairobi", "Kenyan"), ("Canada", "Ottawa", "Canadian"),
              ("Mexico", "Mexico City", "Mexican"), ("Egypt", "Cairo", "Egyptian"),
              ("Poland", "Warsaw", "Polish"), ("Turkey", "Ankara", "Turkish"),
              ("Chile", "Santiago", "Chilean")]
_TOPICS = ["fishing rights", "a new rail link", "grain exports", "border crossings", "water sharing",
           "a trade agreement", "energy prices", "student visas", "flood relief", "a joint space mission",
           "customs rules", "rare earth mining", "airline routes", "vaccine supplies", "debt relief"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_PEOPLE = ["Anna Lindqvist", "Tomas Okafor", "Mei Tanaka", "Rafael Souza", "Priya Raman", "Jonas Weber",
           "Amina Njoroge", "Lucas Moreau", "Sofia Kowalska", "Omar Haddad", "Elena Ruiz", "Kenji Mori"]
_SENTENCES = [
    "Officials from {a} and {b} met in {city} on {day} to discuss {topic}.",
    "The {adj_a} foreign minister, {person}, said talks on {topic} had made progress.",
    "{a} accused {b} of delaying an agreement on {topic}.",
    "\"We will not accept any deal that hurts our farmers,\" {person} told reporters in {city}.",
    "{b} promised to send a delegation to {city} before the end of the month.",
    "Protesters gathered outside the {adj_b} embassy in {city} on {day}.",
    "{a} will provide {number} million dollars in aid to {b} for {topic}.",
    "The two governments signed a memorandum on {topic} after {number} hours of talks.",
    "{b} rejected the proposal and called it unfair to its workers.",
    "Police in {city} arrested {number} people after clashes near the parliament.",
    "{person} said the {adj_a} government would review its position on {topic} next week.",
    "{a} praised {b} for its help with {topic}.",
    "\"This is a good day for both our countries,\" said {person}.",
    "Trade between {a} and {b} rose by {number} percent last year, officials said.",
    "{b} recalled its ambassador from {a} on {day} over the dispute about {topic}.",
]


def _story(rng: random.Random, sentences: int) -> tuple[str, str]:
    (a, city, adj_a), (b, _, adj_b) = rng.sample(_COUNTRIES, 2)
    topic = rng.choice(_TOPICS)
    fill = dict(a=a, b=b, city=city, adj_a=adj_a, adj_b=adj_b, topic=topic, day=rng.choice(_DAYS),
                person=rng.choice(_PEOPLE), number=rng.randint(3, 900))
    chosen = rng.sample(_SENTENCES, sentences)
    title = f"{a} and {b} {rng.choice(['talk', 'clash', 'agree', 'argue'])} over {topic}"
    return title, " ".join(sentence.format(**fill) for sentence in chosen)


def write_corpus(folder: Path, *, records: int = 40, pages: int = 5, seed: int = 11) -> list[Path]:
    """Write `records` JSONL articles and `pages` HTML pages into `folder`; return the inputs.

    Every text is made here from the lists above (no one's copyrighted article) and is distinct
    enough that none is a near-duplicate of another.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    jsonl = folder / "articles.jsonl"
    with jsonl.open("w", encoding="utf-8") as out:
        for i in range(records):
            title, text = _story(rng, rng.randint(4, 7))
            out.write(json.dumps({"id": f"story-{i:03d}", "title": title, "text": text,
                                  "published": f"2024-03-{1 + i % 28:02d}",
                                  "source": rng.choice(["Harness Wire", "Test Herald", "Daily Fixture"])})
                      + "\n")
    html = folder / "pages"
    html.mkdir(exist_ok=True)
    for i in range(pages):
        title, text = _story(rng, 12)
        paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in text.split(". ") if sentence)
        (html / f"page-{i:02d}.html").write_text(
            f"<html><head><title>{title}</title><meta name=\"date\" content=\"2024-04-{i + 1:02d}\"></head>"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>{paragraphs}</article>"
            "<footer>Copyright the harness</footer></body></html>", encoding="utf-8")
    return [jsonl, html]


# -- running and killing ingest ------------------------------------------------------------------

_WITH_BATCH = ("import sys; import tidings.pipeline as p; p.COMMIT_EVERY = int(sys.argv.pop(1)); "
               "from tidings.cli import main; sys.argv[0] = 'tidings'; main()")


def ingest_command(inputs: Sequence[Path | str], db: Path | str, *, commit_every: int | None = None,
                   workers: int = 0) -> list[str]:
    """The `tidings ingest` command line; with `commit_every`, run with that COMMIT_EVERY."""
    args = ["ingest", *map(str, inputs), "--db", str(db)]
    if workers:
        args += ["--workers", str(workers)]
    if commit_every is None:
        return [sys.executable, "-m", "tidings", *args]
    return [sys.executable, "-c", _WITH_BATCH, str(commit_every), *args]


def run_until(command: list[str], delay: float, *, cwd: Path) -> bool:
    """Run `command`; after `delay` seconds SIGKILL its process group. True if it was killed."""
    env = {**os.environ, "COLUMNS": "200"}
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
                            cwd=cwd, start_new_session=True)  # its own group: Dask workers die with it
    try:
        _, stderr = proc.communicate(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return True
    if proc.returncode != 0:
        raise RuntimeError(f"ingest failed ({proc.returncode}): {stderr[-2000:]}")
    return False


def run_to_end(command: list[str], *, cwd: Path, timeout: float = 600) -> float:
    """Run `command` to its end; return its duration. Raises when it fails."""
    started = time.monotonic()
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout,
                          check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ingest failed ({done.returncode}): {done.stderr[-2000:]}")
    return time.monotonic() - started


# -- checking a store ----------------------------------------------------------------------------

# Every table holding rows of an article, and whether the analysis JSON lists them (its key).
CHILD_TABLES = {"actors": "actors", "events": "events", "quotes": "quotes", "mentions": None,
                "event_links": None, "minhashes": None, "minhash_bands": None, "removed": None,
                "actor_facts": None}
CONTENT_TABLES = ["articles", *CHILD_TABLES, "inputs", "skips", "duplicates", "failures"]


def _plain(value: Any) -> Any:
    if isinstance(value, memoryview | bytes | bytearray):
        return bytes(value).hex()
    return value


@functools.cache
def _columns() -> dict[str, list[str]]:
    """Each content table's columns as the SQLite schema has them, without those saying when (`*_at`):
    the PostgreSQL twin adds search columns and may order them differently."""
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "schema.db", create=True) as store:
        return {table: [row[1] for row in store.connection.execute(f"PRAGMA table_info({table})")
                        if not row[1].endswith("_at")] for table in CONTENT_TABLES}


def snapshot(db: Path | str) -> dict[str, list[tuple[Any, ...]]]:
    """The content of every article table of `db` (SQLite or PostgreSQL), sorted, without the columns
    saying when (`*_at`)."""
    with open_store(db, create=True) as store:
        conn = store.connection
        tables: dict[str, list[tuple[Any, ...]]] = {}
        for table, names in _columns().items():
            cursor = conn.execute(f"SELECT {', '.join(names)} FROM {table}")
            rows = (tuple(_plain(value) for value in row) for row in cursor.fetchall())
            tables[table] = sorted(rows, key=repr)
    return tables


@dataclass
class Check:
    """What `check_store` found: the counts the figures need, and every problem in words."""

    lost: int = 0
    duplicated: int = 0
    integrity_ok: bool = True
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# What depends on the order articles were stored in, by design: what earlier articles taught about an
# actor (actor_facts, used by later analyses) and which telling of an event came first (event_links).
ORDER_DEPENDENT = {"actors", "mentions", "actor_facts", "event_links"}


def _order_free(table: str, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    if table == "articles":  # without analysis_json, its last column
        return [row[:-1] for row in rows]
    return [] if table in ORDER_DEPENDENT else rows


def check_store(db: Path | str, reference: dict[str, list[tuple[Any, ...]]], *,
                order_free: bool = False) -> Check:
    """Check `db` after a (final) full ingest against the `reference` snapshot of a clean run.

    SQLite's integrity and foreign key checks; each reference article exactly once (none lost,
    none extra, none stored twice by inputs); no row of an article table without its article;
    every article with its analysis, its input and as many actors, events and quotes rows as
    the analysis lists; and every table's content equal to the reference's. With `order_free`
    (writers racing each other), the tables and the analysis that depend on which article was
    stored first are left out of the comparison.
    """
    found = Check()
    if not str(db).startswith("postgresql"):
        with sqlite3.connect(db) as raw:
            integrity = [row[0] for row in raw.execute("PRAGMA integrity_check")]
            if integrity != ["ok"]:
                found.integrity_ok = False
                found.problems.append(f"integrity_check: {integrity[:5]}")
            foreign = raw.execute("PRAGMA foreign_key_check").fetchall()
            if foreign:
                found.integrity_ok = False
                found.problems.append(f"foreign_key_check: {foreign[:5]}")
    with open_store(db, create=True) as store:
        conn = store.connection
        ids = [row[0] for row in conn.execute("SELECT id FROM articles").fetchall()]
        expected = {row[0] for row in reference["articles"]}
        found.lost = len(expected - set(ids))
        counted = Counter(ids)
        stored_inputs = Counter(row[0] for row in conn.execute(
            "SELECT article_id FROM inputs WHERE outcome = 'stored'").fetchall())
        found.duplicated = (sum(n - 1 for n in counted.values()) + len(set(ids) - expected)
                            + sum(n - 1 for n in stored_inputs.values()))
        if found.lost or found.duplicated:
            found.problems.append(f"{found.lost} articles lost, {found.duplicated} duplicated")
        for table in CHILD_TABLES:
            (orphans,) = conn.execute(f"SELECT count(*) FROM {table} WHERE article_id NOT IN "
                                      "(SELECT id FROM articles)").fetchone()
            if orphans:
                found.problems.append(f"{orphans} {table} rows without their article")
        rows = conn.execute("SELECT id, analysis_json FROM articles").fetchall()
        recorded = {row[0] for row in conn.execute(
            "SELECT article_id FROM inputs WHERE article_id IS NOT NULL").fetchall()}
        for article_id, analysis_json in rows:
            if analysis_json is None:
                found.problems.append(f"article {article_id} has no analysis")
                continue
            if article_id not in recorded:
                found.problems.append(f"article {article_id} has no input recorded")
            analysis = json.loads(analysis_json)
            for table, key in CHILD_TABLES.items():
                if key is None:
                    continue
                (stored,) = conn.execute(f"SELECT count(*) FROM {table} WHERE article_id = '{article_id}'"
                                         ).fetchone()
                if stored != len(analysis.get(key) or []):
                    found.problems.append(f"article {article_id}: {stored} {table} rows, "
                                          f"analysis lists {len(analysis.get(key) or [])}")
    for table, rows_now in snapshot(db).items():
        wanted = reference[table]
        if order_free:
            rows_now, wanted = _order_free(table, rows_now), _order_free(table, wanted)
        if rows_now != wanted:
            found.problems.append(f"{table} differs from the reference run "
                                  f"({len(rows_now)} rows, reference {len(wanted)})")
    return found


# -- the harness -----------------------------------------------------------------------------------

@dataclass
class Figures:
    kills: int = 0
    finished_before_kill: int = 0
    databases: int = 0
    lost: int = 0
    duplicated: int = 0
    integrity_failures: int = 0
    failed_checks: int = 0
    problems: list[str] = field(default_factory=list)


def crash_cycles(work: Path, *, kills: int, seed: int, per_db: int = 5, commit_every: int = 5,
                 dask_every: int = 0, records: int = 40, pages: int = 5, log: Any = None) -> Figures:
    """Kill and rerun ingest until `kills` kills have happened; check each database after its final
    full rerun. Everything is written under `work`."""
    rng = random.Random(seed)
    inputs = write_corpus(work / "inputs", records=records, pages=pages)
    reference_db = work / "reference.db"
    duration = run_to_end(ingest_command(inputs, reference_db), cwd=work)
    reference = snapshot(reference_db)
    if log:
        log(f"reference: {len(reference['articles'])} articles, {len(reference['events'])} events, "
            f"{len(reference['quotes'])} quotes in {duration:.1f} s")
    figures = Figures()
    while figures.kills < kills:
        figures.databases += 1
        workers = 2 if dask_every and figures.databases % dask_every == 0 else 0
        db = work / f"crash-{figures.databases:03d}.db"
        for _ in range(min(per_db, kills - figures.kills)):
            delay = rng.uniform(0.3, duration * (1.6 if workers else 1.0))
            command = ingest_command(inputs, db, commit_every=commit_every, workers=workers)
            if not run_until(command, delay, cwd=work):
                figures.finished_before_kill += 1
                break
            figures.kills += 1
        run_to_end(ingest_command(inputs, db, commit_every=commit_every, workers=workers), cwd=work)
        found = check_store(db, reference)
        figures.lost += found.lost
        figures.duplicated += found.duplicated
        figures.integrity_failures += not found.integrity_ok
        figures.failed_checks += not found.ok
        figures.problems += [f"{db.name}: {problem}" for problem in found.problems]
        if log:
            log(f"{db.name}{' (dask)' if workers else ''}: {figures.kills} kills so far; "
                + ("ok" if found.ok else "; ".join(found.problems[:5])))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-db", type=int, default=5, help="kills per database before its final rerun")
    parser.add_argument("--commit-every", type=int, default=5, help="COMMIT_EVERY for the killed runs")
    parser.add_argument("--dask-every", type=int, default=0, 
                        help="every Nth database ingests with --workers 2")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="tidings-crash-") as tmp:
        figures = crash_cycles(Path(tmp), kills=args.kills, seed=args.seed, per_db=args.per_db,
                               commit_every=args.commit_every, dask_every=args.dask_every,
                               log=lambda line: print(line, flush=True))
    elapsed = time.monotonic() - started
    print(f"kills: {figures.kills} over {figures.databases} databases "
          f"({figures.finished_before_kill} runs finished before their kill)")
    print(f"articles lost: {figures.lost}, duplicated: {figures.duplicated}, "
          f"integrity failures: {figures.integrity_failures}, failed checks: {figures.failed_checks}")
    print(f"time: {elapsed:.0f} s")
    for problem in figures.problems:
        print(f"  {problem}")
    return 1 if figures.failed_checks else 0


if __name__ == "__main__":
    sys.exit(main())
