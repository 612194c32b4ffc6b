"""`tidings events` and `tidings event KEY`, end to end on a database built through the Store API."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli_run import json_keys, run_on
from tests.store.test_event_store import ANKARA, TOKYO


@pytest.fixture(scope="module")
def db(events_db: Path) -> Path:
    return events_db



def test_events_table(db):
    proc = run_on(db, "events")
    assert proc.returncode == 0, proc.stderr
    assert "5 events" in proc.stdout
    for text in (f"{TOKYO}:e1", "Antony Blinken (USAGOV)", "040/CONSULT", "Yoko Kamikawa (JPNGOV)", "met",
                 "negated", "Beijing did not threaten Taiwan"):
        assert text in proc.stdout


@pytest.mark.parametrize(("args", "expected"), [
    (["--source", "USA"], [f"{TOKYO}:e1"]),
    (["--source", "CHNGOV"], [f"{ANKARA}:e1"]),
    (["--source", "erdogan"], [f"{ANKARA}:e2"]),
    (["--target", "USA"], [f"{TOKYO}:e2", f"{ANKARA}:e1"]),
    (["--dyad", "USA,CHN"], [f"{TOKYO}:e2", f"{ANKARA}:e1"]),
    (["--dyad", "CHN, USA"], [f"{TOKYO}:e2", f"{ANKARA}:e1"]),
    (["--root", "11"], [f"{TOKYO}:e2", f"{ANKARA}:e1"]),
    (["--cameo", "111"], [f"{ANKARA}:e1"]),
    (["--plover", "CONSULT"], [f"{TOKYO}:e1", f"{ANKARA}:e2"]),
    (["--modality", "negated"], [f"{TOKYO}:e3"]),
    (["--since", "2024-03-15"], [f"{TOKYO}:e2"]),
    (["--until", "2024-02"], [f"{ANKARA}:e1", f"{ANKARA}:e2"]),
    (["--limit", "1"], [f"{TOKYO}:e1"]),
])
def test_events_filters(db, args, expected):
    assert json_keys(run_on(db, "events", *args, "--format", "json")) == expected


def test_events_json_rows(db):
    proc = run_on(db, "events", "--cameo", "040", "-f", "json")
    (row,) = json.loads(proc.stdout)
    assert row["source_name"] == "Antony Blinken" and row["target_country"] == "JPN"
    assert row["geo"]["name"] == "Tokyo" and row["coder"] == "tidings-events 0.1"


def test_events_csv(db):
    proc = run_on(db, "events", "--root", "11", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert [row["key"] for row in rows] == [f"{TOKYO}:e2", f"{ANKARA}:e1"]
    assert rows[1]["source_name"] == "Wang Yi" and rows[1]["target_cameo"] == "USAGOV"


@pytest.mark.parametrize(("args", "message"), [
    (["--dyad", "USA"], "a dyad is two actors separated by a comma"),
    (["--since", "March"], "since must be an ISO date"),
    (["--root", "1"], "root must be a CAMEO code"),
    (["--modality", "maybe"], "modality must be one of"),
])
def test_events_bad_values_exit_1(db, args, message):
    proc = run_on(db, "events", *args)
    assert proc.returncode == 1
    assert message in proc.stderr


def test_event_table_marks_the_evidence(db):
    proc = run_on(db, "event", f"{TOKYO}:e1")
    assert proc.returncode == 0, proc.stderr
    # Piped, so the plain-text marks stand in for the styles.
    assert "[SRC Antony Blinken] «met» [TGT Yoko Kamikawa] in Tokyo on Friday." in proc.stdout
    if cameo_name("040"):
        assert f"040 {cameo_name('040')}" in proc.stdout
    for text in ("040", "CONSULT", "2024-03-01 (day) from 'on Friday'", "asserted", "0.4", "Tokyo (JPN)",
                 "tidings-events 0.1", "Blinken in Tokyo", "https://example.com/tokyo"):
        assert text in proc.stdout


def test_event_json_by_bare_id(db):
    proc = run_on(db, "event", "e3", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert found["key"] == f"{TOKYO}:e3"
    assert found["marked"] == "[SRC Beijing] did not «threaten» [TGT Taiwan], officials said."
    assert found["source_mentions"] == [{"start": 0, "end": 7, "text": "Beijing", "how": "name"}]
    assert found["article"]["title"] == "Blinken in Tokyo"
    assert found["cameo_name"] == cameo_name("138")


def cameo_name(code: str) -> str | None:
    """The codebook's name for `code`, or None while tidings.events.codebook is not there."""
    try:
        from tidings.events.codebook import load_codebook
    except ImportError:
        return None
    return load_codebook().get(code).name


def test_event_unknown_key_exits_1(db):
    proc = run_on(db, "event", "nosuch:e9")
    assert proc.returncode == 1
    assert "no event 'nosuch:e9'" in proc.stderr and "tidings events" in proc.stderr


def test_event_ambiguous_bare_id_exits_1(db):
    proc = run_on(db, "event", "e1")
    assert proc.returncode == 1
    assert f"{TOKYO}:e1" in proc.stderr and f"{ANKARA}:e1" in proc.stderr


def test_a_cut_listing_says_of_how_many_and_how_to_see_more(db):
    everything = json_keys(run_on(db, "events", "--mentions", "--format", "json"))
    proc = run_on(db, "events", "--mentions", "--limit", "2")
    assert f"2 of {len(everything)} event mentions in" in proc.stdout
    assert "--limit/--offset to see more" in proc.stdout
    assert json_keys(run_on(db, "events", "--mentions", "--limit", "2", "--offset", "2",
                            "--format", "json")) == everything[2:4]
    piped = run_on(db, "events", "--mentions", "--limit", "2", "--format", "json")
    assert f"2 of {len(everything)} event mentions" in piped.stderr  # stdout keeps only the rows
    whole = run_on(db, "events", "--mentions")
    assert f"{len(everything)} event mentions in" in whole.stdout and "to see more" not in whole.stdout


def test_the_actors_table_says_of_how_many(db):
    everything = json.loads(run_on(db, "actors", "--format", "json").stdout)
    proc = run_on(db, "actors", "--limit", "1")
    assert f"1 of {len(everything)} actors in" in proc.stdout and "to see more" in proc.stdout


@pytest.mark.parametrize(("listing", "shown"), [
    (["events"], ["date", "cameo", "plover", "source_cameo", "target_cameo"]),
    (["events", "--mentions"], ["date", "cameo", "plover", "source_cameo", "target_cameo"]),
    (["actors"], ["cameo", "first_published", "last_published"]),
    (["articles"], ["published"]),
    (["stories"], ["first_seen", "last_seen"]),
])
def test_tables_fit_80_columns_without_breaking_keys_dates_or_codes(db, listing, shown):
    proc = run_on(db, *listing, columns=80)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert max(map(len, lines)) <= 80
    words = {word for line in lines for word in line.split()}
    for row in json.loads(run_on(db, *listing, "--format", "json").stdout):
        for field in shown:
            if row.get(field):
                whole = row[field][:10]  # a date is shown without its time
                assert any(whole in word for word in words), f"{field} {whole} broken in:\n{proc.stdout}"


def test_a_narrow_table_shows_keys_that_tidings_event_takes(db):
    proc = run_on(db, "events", columns=80)
    short = f"{TOKYO[:8]}:e1"
    assert short in proc.stdout and f"{TOKYO}:e1" not in proc.stdout
    shown = run_on(db, "event", short, "--format", "json")
    assert json.loads(shown.stdout)["key"] == f"{TOKYO}:e1"
