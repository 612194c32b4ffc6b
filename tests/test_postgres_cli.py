"""The `tidings` command on a PostgreSQL database: two ingests at once, and the same output as SQLite.

These run the real command (and the real spaCy pipeline) in subprocesses, against the test server
(tests/pg.py); they skip, saying why, where no PostgreSQL server can be had.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.store import open_store

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def _story(rng: random.Random, words: list[str]) -> str:
    # 200 words drawn at random: no two stories share many 5-word shingles, so only the copies
    # made on purpose are near-duplicates.
    sentences = []
    for _ in range(20):
        chosen = rng.sample(words, 10)
        sentences.append(" ".join(chosen).capitalize() + ".")
    return " ".join(sentences)


@pytest.fixture
def overlapping(tmp_path: Path) -> dict[str, list[Path]]:
    """Inputs for two ingests: 30 files both get, 10 each gets alone; the first 5 of each one's own
    are near-copies of the other's (one word changed), so only one of each pair may be stored."""
    rng = random.Random(7)
    source = (SAMPLES / "wire" / "blinken-liu-kamikawa.txt").read_text(encoding="utf-8")
    words = sorted({word.lower() for word in source.split() if word.isalpha() and len(word) > 3})
    folders = {name: tmp_path / name for name in ("shared", "first", "second")}
    for folder in folders.values():
        folder.mkdir()
    for i in range(30):
        (folders["shared"] / f"s{i:02d}.txt").write_text(_story(rng, words), encoding="utf-8")
    for i in range(10):
        text = _story(rng, words)
        (folders["first"] / f"f{i:02d}.txt").write_text(text, encoding="utf-8")
        other = text.rsplit(" ", 1)[0] + " postponed." if i < 5 else _story(rng, words)
        (folders["second"] / f"g{i:02d}.txt").write_text(other, encoding="utf-8")
    return {"first": [folders["shared"], folders["first"]], "second": [folders["second"], folders["shared"]]}


def test_two_ingests_at_once_store_each_article_once(pg_fresh_url, overlapping, tmp_path):
    env = {**os.environ, "COLUMNS": "200"}
    runs = [subprocess.Popen([sys.executable, "-m", "tidings", "ingest", *map(str, inputs),
                              "--db", pg_fresh_url],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)
            for inputs in overlapping.values()]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (_, stderr) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, stderr

    folders = {folder for inputs in overlapping.values() for folder in inputs}
    files = sorted(path for folder in folders for path in folder.iterdir())
    with open_store(pg_fresh_url, create=True) as store:
        counts = store.counts()
        # 30 shared + 5 + 5 stories of one side only + one of each of the 5 near-copy pairs.
        assert counts["articles"] == counts["analysed"] == 45
        assert counts["failures"] == 0
        inputs = store.connection.execute("SELECT ref, outcome FROM inputs ORDER BY ref").fetchall()
        assert [ref for ref, _ in inputs] == [str(path) for path in files]  # every input, once
        outcomes = [outcome for _, outcome in inputs]
        assert outcomes.count("stored") == 45 and outcomes.count("near-duplicate") == 5
        near = store.duplicates()
        assert len(near) == 5 and {row.kind for row in near} == {"near"}
        stored_refs = {row.ref for row in store.articles(limit=100)}
        for i in range(5):
            pair = {str(overlapping["first"][1] / f"f{i:02d}.txt"),
                    str(overlapping["second"][0] / f"g{i:02d}.txt")}
            assert len(pair & stored_refs) == 1, pair


def _listing(db: str | Path, *args: str) -> list[dict]:
    # In this process (CliRunner): a fresh interpreter per listing would triple the test's time.
    result = CliRunner().invoke(app, [*args, "--db", str(db), "--format", "json", "--limit", "1000"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    for row in rows:
        for varying in ("ingested_at", "first_seen_at"):  # when it happened, not what
            row.pop(varying, None)
    return rows


def test_the_same_ingest_lists_the_same_on_postgresql_and_sqlite(pg_fresh_url, tmp_path):
    sqlite_db = tmp_path / "t.db"
    inputs = [str(SAMPLES / "wire"), str(SAMPLES / "whitehouse")]
    env = {**os.environ, "COLUMNS": "200"}
    runs = [subprocess.Popen([sys.executable, "-m", "tidings", "ingest", *inputs, "--db", str(db)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for db in (sqlite_db, pg_fresh_url)]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr
        assert "s3cret" not in stderr

    for command in (["articles"], ["events"], ["quotes"], ["actors"], ["skips"],
                    ["events", "--source", "USA"], ["quotes", "--about", "Ukraine"],
                    ["articles", "--search", "minister*"]):
        on_sqlite = _listing(sqlite_db, *command)
        assert on_sqlite, command
        assert _listing(pg_fresh_url, *command) == on_sqlite, command
    first = _listing(sqlite_db, "events")[0]["key"]
    shown = [CliRunner().invoke(app, ["event", first, "--db", str(db)]) for db in (pg_fresh_url, sqlite_db)]
    assert shown[0].exit_code == 0, shown[0].output
    assert shown[0].stdout == shown[1].stdout
