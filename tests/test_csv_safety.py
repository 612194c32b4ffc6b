"""`--format csv` of every listing command makes formula cells inert, as `tidings export` does."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.cli_run import run_on
from tidings.alerts import Alert
from tidings.export import csv_cell
from tidings.model import Article
from tidings.render import EVENT_COLUMNS, QUOTE_COLUMNS, ListFormat, emit_rows
from tidings.store import open_store

FORMULA = '=HYPERLINK("http://evil.example","y")'
# Every start a spreadsheet runs as a formula, or that can hide one (tab, carriage return).
STARTS = [FORMULA, "+1+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def emitted(rows: list[dict[str, object]], columns: list[str], capsys: pytest.CaptureFixture[str]
            ) -> list[dict[str, str]]:
    emit_rows(rows, columns, ListFormat.csv, "title")
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out, newline="")))


@pytest.mark.parametrize("text", STARTS)
def test_a_listed_cell_that_would_run_as_a_formula_is_made_inert(text: str, capsys: pytest.CaptureFixture[str]
                                                                 ) -> None:
    (row,) = emitted([{"title": text, "goldstein": -5.0}], ["title", "goldstein"], capsys)
    assert row == {"title": "'" + text, "goldstein": "-5.0"}  # numbers stay numbers


@pytest.mark.parametrize(("columns", "field"), [(EVENT_COLUMNS, "sentence"), (EVENT_COLUMNS, "source_name"),
                                               (QUOTE_COLUMNS, "text"), (QUOTE_COLUMNS, "speaker_name"),
                                               (QUOTE_COLUMNS, "url")])
def test_events_and_quotes_csv_neutralise_every_text_column(columns: list[str], field: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    (row,) = emitted([{column: FORMULA if column == field else None for column in columns}], columns, capsys)
    assert row[field] == "'" + FORMULA
    assert all(value == "" for column, value in row.items() if column != field)


def test_ordinary_and_nested_cells_read_as_export_writes_them(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"title": "Talks go on", "quote": "'quoted' already", "topics": ["a", "b"], "size": 3}]
    (row,) = emitted(rows, ["title", "quote", "topics", "size"], capsys)
    assert row == {"title": "Talks go on", "quote": "'quoted' already", "topics": '["a", "b"]', "size": "3"}
    assert csv_cell(["a"]) == '["a"]' and csv_cell(-1) == -1 and csv_cell(None) is None


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("csv") / "hostile.db"
    with open_store(path, create=True) as store:
        store.upsert_article(Article(id="a" * 16, text="Talks went on.", title=FORMULA, url="https://a.example/1",
                                     source="@outlet", published="2024-03-01"))
        store.record_alert(Alert(rule="-rule", kind="event", key="k1", fired_at="2024-03-01T10:00:00Z",
                                 message=FORMULA, sentence=None, title="+title", url="https://a.example/1",
                                 published=None, article_id=None))
    return path


@pytest.mark.parametrize(("command", "expected"), [
    ("articles", {"title": "'" + FORMULA, "source": "'@outlet"}),
    ("alerts", {"rule": "'-rule", "message": "'" + FORMULA, "title": "'+title"}),
])
def test_the_commands_print_inert_csv(hostile_db: Path, command: str, expected: dict[str, str]) -> None:
    proc = run_on(hostile_db, command, "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    (row,) = csv.DictReader(io.StringIO(proc.stdout, newline=""))
    assert {key: row[key] for key in expected} == expected
