"""The command line, end to end, through the real `tidings` entry point."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SCHEMA = json.loads((ROOT / "src" / "tidings" / "schema" / "analysis.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
        tmp_db: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **(env or {})}
    if tmp_db is not None:
        environment["TIDINGS_DB"] = str(tmp_db)
    return subprocess.run([sys.executable, "-m", "tidings", *args], input=stdin, capture_output=True,
                          env=environment, timeout=300, check=False)


def analyses(stdout: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.decode().splitlines() if line.strip()]


def test_the_project_schema_is_the_shared_contract(shared_dir: Path) -> None:
    assert json.loads((shared_dir / "schema" / "analysis.schema.json").read_text()) == SCHEMA


def test_analyze_the_noisy_wire_sample() -> None:
    proc = run("analyze", str(SAMPLES / "wire" / "blinken-liu-kamikawa.txt"), "--published", "2024-01-12")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    VALIDATOR.validate(result)
    article = result["article"]
    assert article["published"] == "2024-01-12"
    assert article["title"].startswith("Blinken Holds Back-To-Back Talks")
    text = article["text"]
    for sentence in ("Blinken held talks with Liu Jianchao, who heads the party's International Department.",
                     "President Joe Biden and Chinese President Xi Jinping agreed in November"):
        assert sentence in text
    assert text.count("Blinken and Kamikawa also talked about the war in Ukraine") == 1
    for noise in ("Listen to this article", "share_icon", "Share this article", "newsletter", "Advertisement",
                  "Photo: State Department"):
        assert noise not in text
    removed = {piece["text"]: piece["reason"] for piece in article["removed"]}
    assert "World" in removed and "share_icon" in removed
    assert all(reason for reason in removed.values())


def test_analyze_the_seed_article(shared_dir: Path) -> None:
    seed = shared_dir / "samples" / "seed-article.txt"
    proc = run("analyze", str(seed), "--published", "2024-01-12", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    VALIDATOR.validate(result)
    text = result["article"]["text"]
    assert text.count("In addition to Taiwan, Blinken, and Kamikawa discussed") == 1
    for noise in ("Getting your Trinity Audio player ready", "info_icon"):
        assert noise not in text
    assert not text.startswith("International")
    headline = ("Blinken Meets Chinese And Japanese Diplomats, "
                "Seeks Stability As Taiwan Voters Head To The Polls")
    assert result["article"]["title"] == headline
    for line in seed.read_text().splitlines():
        if line.strip() == headline:
            continue
        # every sentence of the story survives cleaning (whitespace aside)
        if line.count(" ") > 12:
            for sentence in line.strip().split(". "):
                assert " ".join(sentence.split()) in " ".join(text.split())


def test_jsonl_keeps_order_and_refs_and_survives_a_bad_line(tmp_path: Path) -> None:
    story = (SAMPLES / "wire" / "blinken-liu-kamikawa.txt").read_text()
    lines = [json.dumps({"id": "one", "text": story}), "{not json", json.dumps({"id": "two", "html":
             (SAMPLES / "wire" / "g7-sanctions.html").read_text(), "published": "2024-02-24"})]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n")
    proc = run("analyze", str(path), "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    out = analyses(proc.stdout)
    assert [a["article"]["ref"] for a in out] == ["one", "two"]
    for analysis in out:
        VALIDATOR.validate(analysis)
    assert b"line 2" in proc.stderr and b"bad-json" in proc.stderr


def test_analyze_reads_standard_input() -> None:
    html = (SAMPLES / "wire" / "g7-sanctions.html").read_bytes()
    proc = run("analyze", "-", stdin=html)
    assert proc.returncode == 0, proc.stderr
    article = json.loads(proc.stdout)["article"]
    assert article["ref"] is None
    assert article["source"] == "The Daily Ledger"
    assert article["published"].startswith("2024-02-24")
    assert "Share on Facebook" not in article["text"] and "All rights reserved" not in article["text"]


def test_non_english_gets_its_article_part_and_the_reason(tmp_path: Path) -> None:
    proc = run("analyze", str(SAMPLES / "wire" / "cumbre-es.txt"))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    VALIDATOR.validate(result)
    assert result["article"]["language"] == "es"
    assert result["skipped"]["reason"] == "not-english"
    assert result["actors"] == result["events"] == result["quotes"] == []
    assert b"not-english" in proc.stderr


def test_analyze_table_format() -> None:
    proc = run("analyze", str(SAMPLES / "wire" / "g7-sanctions.html"), "--format", "table")
    assert proc.returncode == 0, proc.stderr
    assert b"G7 ministers agree new sanctions" in proc.stdout


def test_analyze_table_lists_actors_events_and_quotes_in_80_columns() -> None:
    sample = SAMPLES / "wire" / "blinken-liu-kamikawa.txt"
    proc = run("analyze", str(sample), "--format", "table", env={"COLUMNS": "80"})
    assert proc.returncode == 0, proc.stderr
    shown = proc.stdout.decode()
    assert max(map(len, shown.splitlines())) <= 80
    words = set(shown.split())  # cells wrap, so their words are looked for, one by one

    def shown_whole(text: str) -> bool:
        return set(text.split()) <= words

    record = json.loads(run("analyze", str(sample)).stdout)
    names = {actor["id"]: actor["name"] for actor in record["actors"]}
    for title in ("actors", "events", "quotes"):
        assert f"{len(record[title])} {title}" in shown
    for actor in record["actors"]:
        assert shown_whole(actor["name"]) and (actor["cameo"] is None or actor["cameo"] in words)
    for event in record["events"]:
        assert f"{event['cameo']}/{event['plover']}" in words  # codes are never broken
        assert shown_whole(event["trigger"]) and shown_whole(names.get(event["source"], "-"))
    for quote in record["quotes"]:
        assert shown_whole(f"{quote['cue']} ({quote['kind']})")


def test_nothing_usable_exits_1_with_a_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    proc = run("analyze", str(empty))
    assert proc.returncode == 1
    assert b"empty" in proc.stderr and b"no article could be analysed" in proc.stderr


def test_bad_published_exits_1_and_says_how(tmp_path: Path) -> None:
    proc = run("analyze", str(SAMPLES / "wire" / "g7-sanctions.html"), "--published", "last week")
    assert proc.returncode == 1 and b"2024-01-12" in proc.stderr


def test_usage_errors_exit_2() -> None:
    assert run("analyze", "x.txt", "--format", "xml").returncode == 2
    assert run("no-such-command").returncode == 2


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_batch_of_bad_inputs_is_recorded_and_the_rest_is_stored(tmp_path: Path) -> None:
    """Every bad input of the issue in one batch: each gets a recorded skip, good ones are stored."""
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 64)
    latin1 = (SAMPLES / "wire" / "blinken-liu-kamikawa.txt").read_text().replace("defence", "défense")
    (bad / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    with open(bad / "huge.txt", "wb") as handle:  # 50 MB, sparse: cheap to make
        handle.truncate(50 * 1024 * 1024)
    html = (SAMPLES / "wire" / "g7-sanctions.html").read_text()
    (bad / "truncated.html").write_text(html[: html.index("Ukraine's finance minister") + 60])
    with gzip.open(bad / "page.html.gz", "wt") as handle:
        handle.write(html)
    (bad / "spanish.txt").write_text((SAMPLES / "wire" / "cumbre-es.txt").read_text())
    (bad / "lines.jsonl").write_text('{"id": "fine", "text": "Too short."}\nnot json at all\n')
    inputs = [str(bad), f"http://127.0.0.1:{closed_port()}/story.html"]
    shared_feed = ROOT.parent / "shared" / "data" / "feeds" / "uol-noticias.rss"
    if shared_feed.exists():
        inputs.append(str(shared_feed))
    db = tmp_path / "t.db"
    proc = run("ingest", *inputs, tmp_db=db, env={"TIDINGS_ALLOW_PRIVATE_NETWORKS": "1"})
    assert proc.returncode == 0, proc.stderr
    skips = json.loads(run("skips", "--format", "json", tmp_db=db).stdout)
    by_ref = {Path(row["ref"]).name if row["ref"] and "://" not in row["ref"] else row["ref"]: row["reason"]
              for row in skips}
    assert by_ref["empty.txt"] == "empty"
    assert by_ref["binary.txt"] == "binary"
    assert by_ref["huge.txt"] == "too-large"
    assert by_ref["spanish.txt"] == "not-english"
    assert any(reason == "bad-json" for reason in by_ref.values())
    assert by_ref[inputs[1]] == "fetch-failed"
    if shared_feed.exists():
        assert "malformed-feed" in by_ref.values()
    stored = json.loads(run("articles", "--format", "json", tmp_db=db).stdout)
    titles = {row["title"] for row in stored}
    assert "Blinken Holds Back-To-Back Talks With Chinese And Japanese Envoys Before Taiwan Vote" in titles
    assert len(stored) == 3  # latin-1 text, truncated page, gzipped page
    latin = next(row for row in stored if row["ref"].endswith("latin1.txt"))
    assert latin["id"]
    assert b"skipped" in proc.stderr


def test_private_addresses_are_refused_by_default(tmp_path: Path) -> None:
    proc = run("analyze", f"http://127.0.0.1:{closed_port()}/x", env={"TIDINGS_ALLOW_PRIVATE_NETWORKS": "0"})
    assert proc.returncode == 1
    assert b"private" in proc.stderr.lower() or b"loopback" in proc.stderr.lower()


def test_articles_and_skips_list_formats(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    assert run("ingest", str(SAMPLES), tmp_db=db).returncode == 0
    rows = list(csv.DictReader(io.StringIO(run("articles", "--format", "csv", "--limit", "100",
                                                 tmp_db=db).stdout.decode())))
    assert len(rows) >= 15 and {"id", "published", "title"} <= set(rows[0])
    found = json.loads(run("articles", "--search", "Kamikawa", "--format", "json", tmp_db=db).stdout)
    # the two sample articles that name Kamikawa (samples/wire), newest first
    assert [row["title"] for row in found] == [
        "U.S. and China hold talks in Washington as Taiwan heads to the polls",
        "Blinken Holds Back-To-Back Talks With Chinese And Japanese Envoys Before Taiwan Vote"]
    since = json.loads(run("articles", "--since", "2024-01-01", "--format", "json", tmp_db=db).stdout)
    assert since and all(row["published"] >= "2024-01-01" for row in since)
    skipped = json.loads(run("skips", "--reason", "not-english", "--format", "json", tmp_db=db).stdout)
    assert [Path(row["ref"]).name for row in skipped] == ["cumbre-es.txt"]
    assert b"not-english" in run("skips", tmp_db=db).stdout
