"""Only the commands that store articles (ingest, watch) create a database: every reader given a
path where there is none says so and exits 1, and leaves no file or folder behind, so a mistyped
--db is an error rather than an empty answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "wire" / "blinken-liu-kamikawa.txt"

# Each command that reads the store, with the arguments it needs besides --db.
READERS = [
    ["articles"], ["skips"], ["actors"], ["actor", "Antony Blinken"], ["events"], ["event", "x:e1"],
    ["stories"], ["brief"], ["alerts"], ["quotes"], ["export", "events", "--out", "{tmp}/events.csv"],
    ["export", "dataset", "--out", "{tmp}/dataset"], ["serve"],
]


def invoke(*args: str) -> tuple[int, str]:
    """The exit code and everything `tidings ARGS` printed, run in this process."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("command", READERS, ids=lambda command: " ".join(command[:2]))
def test_a_reader_refuses_a_database_that_does_not_exist(tmp_path: Path, command: list[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("serve started a server on a database that does not exist")

    monkeypatch.setattr("tidings.web.app.serve", refuse)  # a regression fails instead of serving
    db = tmp_path / "typo" / "x.db"
    code, said = invoke(*[part.format(tmp=tmp_path) for part in command], "--db", str(db))
    assert code == 1, said
    assert f"no database at {db}: run tidings ingest first" in said
    assert not (tmp_path / "typo").exists()
    assert not (tmp_path / "events.csv").exists() and not (tmp_path / "dataset").exists()


def test_a_reader_refuses_the_default_database_when_there_is_none(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TIDINGS_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, said = invoke("articles")
    assert code == 1 and "no database at" in said and "run tidings ingest first" in said
    assert not (tmp_path / "data").exists()


def test_a_reader_refuses_an_empty_file_and_leaves_it_empty(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    code, said = invoke("events", "--db", str(db))
    assert code == 1 and f"no tidings database in {db}" in said
    assert db.stat().st_size == 0


def test_ingest_creates_the_database_and_its_folder_then_readers_read_it(tmp_path: Path) -> None:
    db = tmp_path / "new" / "news.db"
    code, said = invoke("ingest", str(SAMPLE), "--db", str(db))
    assert code == 0, said
    assert db.is_file()
    code, said = invoke("articles", "--db", str(db))
    assert code == 0 and "Blinken" in said, said
