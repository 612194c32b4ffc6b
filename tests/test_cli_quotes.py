"""`tidings quotes`, end to end on a database built through the Store API."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.analyses import analysis_of
from tests.cli_run import json_keys, run_on
from tests.store.test_quote_store import ANKARA, TOKYO, UNDATED, build
from tidings.render import QUOTE_COLUMNS
from tidings.store import open_store


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli-quotes") / "t.db"
    with open_store(path, create=True) as store:
        build(store)
    return path



def test_quotes_table(db):
    proc = run_on(db, "quotes")
    assert proc.returncode == 0, proc.stderr
    assert "8 quotes" in proc.stdout
    header = next(line for line in proc.stdout.splitlines() if "published" in line)
    for column in ("key", "speaker", "kind", "quote", "cue", "via"):
        assert column in header
    for text in (f"{TOKYO}:q1", "2024-03-02", "Antony Blinken (USAGOV)", "mixed", "told", "Japan Today",
                 "a red line for us", "Recep Tayyip Erdoğan (TURGOV)", "China (CHN)"):
        assert text in proc.stdout
    assert "09:00" not in proc.stdout  # dates without times


def test_table_shortens_long_quotes(tmp_path):
    path = tmp_path / "long.db"
    from tidings.model import Article

    text = "Someone said " + "very " * 60 + "long things."
    with open_store(path, create=True) as store:
        article = Article(id="eeee000000000005", text=text)
        store.upsert_article(article)
        store.save_analysis(article.id, analysis_of(article, quotes=[
            {"id": "q1", "text": text[13:], "span": [13, len(text)], "kind": "indirect", "speaker": None,
             "cue": "said"}]))
    proc = run_on(path, "quotes")
    assert proc.returncode == 0, proc.stderr
    assert "…" in proc.stdout and "long things" not in proc.stdout
    assert "long things" in json.loads(run_on(path, "quotes", "--format", "json").stdout)[0]["text"]


@pytest.mark.parametrize(("args", "expected"), [
    (["--speaker", "Antony Blinken"], [f"{TOKYO}:q1"]),
    (["--speaker", "kamikawa"], [f"{TOKYO}:q2"]),
    (["--speaker", "Erdogan"], [f"{ANKARA}:q1"]),
    (["--speaker", "Wang"], [f"{ANKARA}:q2", f"{ANKARA}:q3"]),  # any word of a name: Wang Yi, Wang Wenbin
    (["--about", '"red line'], [f"{TOKYO}:q1", f"{TOKYO}:q3", f"{UNDATED}:q1"]),
    (["--about", "U.S.-China"], [f"{TOKYO}:q1"]),
    (["--about", "-"], []),
    (["--country", "chn"], [f"{TOKYO}:q3", f"{ANKARA}:q2", f"{ANKARA}:q3"]),
    (["--kind", "direct"], [f"{TOKYO}:q2", f"{ANKARA}:q1", f"{ANKARA}:q10"]),
    (["--kind", "mixed", "--country", "USA"], [f"{TOKYO}:q1", f"{UNDATED}:q1"]),
    (["--since", "2024-01-01"], [f"{TOKYO}:q1", f"{TOKYO}:q2", f"{TOKYO}:q3"]),
    (["--until", "2023-12"], [f"{ANKARA}:q1", f"{ANKARA}:q2", f"{ANKARA}:q3", f"{ANKARA}:q10"]),
    (["--speaker", "Wang Yi", "--about", "dialogue", "--since", "2023-12-20", "--until", "2023-12-20"],
     [f"{ANKARA}:q2"]),
    (["--limit", "1"], [f"{TOKYO}:q1"]),
])
def test_quotes_filters(db, args, expected):
    assert json_keys(run_on(db, "quotes", *args, "--format", "json")) == expected


def test_quotes_json_has_the_joined_fields(db):
    proc = run_on(db, "quotes", "--speaker", "Blinken", "--format", "json")
    (row,) = json.loads(proc.stdout)
    assert row["speaker_name"] == "Antony Blinken" and row["speaker_cameo"] == "USAGOV"
    assert row["addressee_name"] == "Yoko Kamikawa" and row["via"] == "Japan Today"
    assert row["title"] == "Blinken in Tokyo" and row["url"] == "https://example.com/tokyo"


def test_quotes_csv(db):
    proc = run_on(db, "quotes", "--about", "red line", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert list(rows[0]) == QUOTE_COLUMNS
    assert [row["key"] for row in rows] == [f"{TOKYO}:q1", f"{TOKYO}:q3", f"{UNDATED}:q1"]
    assert rows[0]["text"] == 'the U.S.-China talks were "a red line for us,"'
    assert rows[2]["published"] == "" and rows[2]["speaker_name"] == "Jake Sullivan"


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--kind", "reported"], 2, "--kind"),
    (["--since", "yesterday"], 1, "since must be an ISO date"),
    (["--limit", "0"], 2, "--limit"),
])
def test_quotes_bad_values(db, args, code, message):
    proc = run_on(db, "quotes", *args)
    assert proc.returncode == code
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_quotes_db_option_overrides_the_environment(db, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "tidings", "quotes", "--db", str(db), "--format", "json"],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "TIDINGS_DB": str(tmp_path / "empty.db")})
    assert len(json_keys(proc)) == 8


def test_quotes_on_an_empty_database(tmp_path):
    open_store(tmp_path / "empty.db", create=True).close()  # as ingest makes it
    proc = run_on(tmp_path / "empty.db", "quotes", "--format", "json")
    assert json_keys(proc) == []


def test_quotes_table_fits_80_columns_with_whole_dates_and_codes(db):
    proc = run_on(db, "quotes", columns=80)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    words = set(proc.stdout.split())  # cells wrap, so their words are looked for, one by one
    for text in ("2024-03-02", "(USAGOV)", "(TURGOV)", "told (mixed) via Japan Today", "said (direct)"):
        assert set(text.split()) <= words, text
    assert f"{TOKYO[:8]}:q1" in proc.stdout


@pytest.mark.parametrize(("speaker", "expected"), [("Yoko", [f"{TOKYO}:q2"]),
                                                   ("Wang", [f"{ANKARA}:q2", f"{ANKARA}:q3"])])
def test_speaker_is_any_word_of_a_name(db, speaker, expected):
    assert json_keys(run_on(db, "quotes", "--speaker", speaker, "--format", "json")) == expected
