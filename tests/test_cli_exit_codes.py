"""Every command exits as the README says: 0 success, 1 bad input (nothing could be analysed, or a
bad value), 2 usage error. `ingest` exits 1 when no input gave an article and some were skipped or
failed, as `analyze` does."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "wire" / "blinken-liu-kamikawa.txt"


def invoke(*args: str) -> tuple[int, str]:
    """The exit code and everything `tidings ARGS` printed, run in this process."""
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the wire sample, made by `tidings ingest`."""
    path = tmp_path_factory.mktemp("exit-codes") / "t.db"
    code, said = invoke("ingest", str(SAMPLE), "--db", str(path))
    assert code == 0, said
    return path


def test_ingest_of_an_input_that_does_not_exist_exits_1(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    code, said = invoke("ingest", str(missing), "--db", str(tmp_path / "t.db"))
    assert code == 1, said
    assert "nothing was stored: 1 skipped and 0 failed" in said
    assert "not-found" in said  # the summary still says why


def test_ingest_exits_0_when_an_input_gave_an_article_beside_a_skip(db: Path, tmp_path: Path) -> None:
    # Rerun: the sample is already stored, which is usable; the missing file is only reported.
    code, said = invoke("ingest", str(SAMPLE), str(tmp_path / "missing.txt"), "--db", str(db))
    assert code == 0, said
    assert "nothing was stored" not in said


@pytest.mark.parametrize(("args", "expected"), [
    (["articles"], 0), (["events", "--format", "json"], 0), (["actor", "Antony Blinken"], 0),
    (["events", "--since", "2024-02-30"], 1), (["quotes", "--until", "2024-13"], 1),
    (["articles", "--since", "2024-99"], 1), (["stories", "--since", "2024-1-5"], 1),
    (["brief", "--until", "2024-02-30"], 1), (["alerts", "--since", "2024-13"], 1),
    (["actor", "Nobody Known"], 1), (["event", "no-such-key"], 1),
    (["events", "--limit", "0"], 2), (["events", "--format", "nope"], 2), (["no-such-command"], 2),
])
def test_each_command_exits_as_the_readme_says(db: Path, args: list[str], expected: int) -> None:
    code, said = invoke(*args, *(["--db", str(db)] if args[0] != "no-such-command" else []))
    assert code == expected, said


def test_export_into_a_folder_that_does_not_exist_says_so(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "typo" / "events.csv"
    code, said = invoke("export", "events", "-o", str(out), "--db", str(db))
    assert code == 1, said
    assert f"no folder {out.parent}" in said and "Errno" not in said
    assert not out.parent.exists()
