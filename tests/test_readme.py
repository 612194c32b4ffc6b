"""Every command the README shows runs as written on the demo database (issue 19).

The commands are read from README.md's fenced shell blocks: each line that runs `tidings` (alone,
after `VAR=value`, or at the end of a `cat FILE |` pipe) or `make`, and each `curl` of the JSON
API. They run in a scratch folder that holds `samples/` and the few files the README names as
stand-ins for your own (`feeds/world.rss`, `crawl.warc.gz`, `article.html`), against the demo
database that `make demo` builds (`tidings ingest samples/`) in a temporary XDG_DATA_HOME. A
command fails the test when it exits non-zero (unless the README promises that exit, listed in
PROMISED), prints a usage error or raises. What the commands print is not compared: other work
changes it, and the README's examples only have to run and say something.

They run in this process (typer's CliRunner, as tests/test_postgres_cli.py does): a fresh
interpreter per command would load spaCy forty times and take minutes. tests/test_cli.py checks
the installed `tidings` command itself. The curl requests go to the same app in process, the
Python block runs with `tidings.db` being the demo database, and the Makefile's `demo` recipe runs
line by line except its last, `tidings serve`.
"""

from __future__ import annotations

import io
import json
import os
import re
import shlex
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner, Result
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.cli import app
from tidings.web import create_app

with warnings.catch_warnings():
    # Starlette warns (an error under our pytest settings) when only httpx, not httpx2, is
    # installed; httpx works (as in tests/web/test_api.py).
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()
MAKEFILE = (ROOT / "Makefile").read_text()

# Commands deliberately not run, each by the start of its command line (after any VAR=value), with
# the reason. Every entry must still match a README command (test_the_lists_of_exceptions_are_current).
NOT_RUN = {
    "make demo": "installs into .venv and ends in `tidings serve`; test_the_makefile_demo_runs runs "
                 "its recipe's tidings commands instead",
    "make test": "runs the whole suite, this test included",
    "tidings analyze https://": "fetches a page from the internet, which tests do not reach",
    "tidings ingest crawl/*.warc.gz --scheduler": "needs a running Dask cluster and the PostgreSQL "
                                                  "server its --db names; tests/test_distributed.py "
                                                  "runs a cluster",
    "tidings watch": "polls feeds on the internet and runs until stopped (tests/watch runs it on a "
                     "local server)",
    "tidings serve": "serves until stopped; the README's curl commands are sent to the same app "
                     "in process instead",
    "tidings ingest feeds/ &": "two background ingests into the PostgreSQL server of its block; "
                               "tests/test_postgres_cli.py runs concurrent ingests on a throwaway one",
}
# A non-zero exit the README promises, by command start: (exit code, words stderr must carry).
PROMISED = {
    "tidings brief --since 7d --audio": (1, "espeak-ng"),  # "the command says so when it is missing"
}
USAGE_ERRORS = ("Usage:", "No such option", "No such command", "Traceback", "Invalid value")


def shell_blocks(text: str) -> list[str]:
    """The lines of the fenced bash/sh blocks of a Markdown text, in order."""
    blocks = re.findall(r"^```(?:bash|sh|shell)\n(.*?)^```", text, flags=re.S | re.M)
    return [line for block in blocks for line in block.splitlines()]


def command_words(line: str) -> list[str]:
    """The words of a shell line without its comment and leading VAR=value assignments."""
    words = shlex.split(line, comments=True)
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
        words.pop(0)
    return words


def runs_tidings_or_make(words: list[str]) -> bool:
    """Whether a command line starts with tidings or make, or pipes into tidings."""
    if words[:1] in (["tidings"], ["make"]):
        return True
    return "|" in words and words[words.index("|") + 1:][:1] == ["tidings"]


def readme_commands() -> list[str]:
    """Each README shell line that runs tidings or make, as written (comment included)."""
    return [line for line in shell_blocks(README) if runs_tidings_or_make(command_words(line))]


def curl_urls() -> list[str]:
    """The URLs of the README's curl commands."""
    return [word for line in shell_blocks(README) if command_words(line)[:1] == ["curl"]
            for word in command_words(line)[1:] if word.startswith("http")]


def matching(line: str, table: dict[str, object]) -> str | None:
    """The key of `table` that the command of `line` starts with, if one does."""
    text = " ".join(command_words(line))
    return next((key for key in table if text.startswith(key)), None)


def demo_recipe() -> list[str]:
    """The Makefile's `demo` recipe, each line's $(BIN)/tidings spelled `tidings`."""
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", MAKEFILE, flags=re.M)
    assert recipe, "the Makefile has no demo target"
    return [line.strip().replace("$(BIN)/tidings", "tidings") for line in recipe.group(1).splitlines()
            if "$(BIN)/tidings" in line]


def _warc(page: Path, target: Path) -> None:
    """A one-page crawl, as a crawler would write it."""
    body = page.read_bytes()
    with target.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://example.org/embassy-reopens", "response",
                                                      payload=io.BytesIO(body), length=len(body),
                                                      http_headers=headers))


def invoke(line: str) -> Result:
    """Run one README line (`tidings ...`, or `cat FILE | tidings ...`) in this process."""
    words, stdin = command_words(line), None
    if "|" in words:
        left, words = words[:words.index("|")], words[words.index("|") + 1:]
        assert left[:1] == ["cat"] and len(left) == 2, f"`{line}`: only `cat FILE | tidings` pipes are run"
        stdin = Path(left[1]).read_bytes()
    assert words[0] == "tidings", f"`{line}` is not a command this test runs: run it or list it in NOT_RUN"
    return CliRunner().invoke(app, words[1:], input=stdin)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A scratch folder, made the working directory, with the demo database ingested from samples/
    as `make demo` does (once for the module) under its own XDG_DATA_HOME."""
    work = tmp_path_factory.mktemp("readme")
    (work / "samples").symlink_to(ROOT / "samples")
    # The stand-ins for the reader's own files that the README names.
    (work / "feeds").mkdir()
    shutil.copy(ROOT / "samples" / "wire" / "world-desk.rss", work / "feeds" / "world.rss")
    _warc(ROOT / "tests" / "fixtures" / "html" / "embassy-reopens.html", work / "crawl.warc.gz")
    shutil.copy(ROOT / "samples" / "wire" / "g7-sanctions.html", work / "article.html")
    with pytest.MonkeyPatch.context() as patch:
        for key in [key for key in os.environ if key.startswith("TIDINGS_")]:
            patch.delenv(key)
        patch.setenv("XDG_DATA_HOME", str(work / "xdg"))
        patch.setenv("COLUMNS", "100")
        patch.chdir(work)
        ingest = demo_recipe()[0]
        assert ingest == "tidings ingest samples/", "the demo recipe should start by ingesting samples/"
        check(ingest)
        (work / "tidings.db").symlink_to(work / "xdg" / "tidings" / "tidings.db")  # the Python block's
        yield work


def check(line: str) -> None:
    """Run one README line; fail on an exit or a message the README does not promise."""
    result = invoke(line)
    said = result.stdout + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"`{line}` raised") from result.exception
    problems = [marker for marker in USAGE_ERRORS if marker in said]
    assert not problems, f"`{line}` printed {problems}:\n{said[-2000:]}"
    promise = matching(line, PROMISED)
    if result.exit_code and promise is not None:
        code, words = PROMISED[promise]
        assert (result.exit_code, words in result.stderr) == (code, True), f"`{line}`:\n{result.stderr}"
        return
    assert result.exit_code == 0, f"`{line}` exited {result.exit_code}:\n{said[-2000:]}"


RUN = [line for line in readme_commands() if matching(line, NOT_RUN) is None]


def test_the_readme_starts_with_make_demo_and_make_test() -> None:
    first = [command_words(line)[:2] for line in readme_commands()[:2]]
    assert first == [["make", "demo"], ["make", "test"]]
    assert README.index("make demo") < README.index("\n## ")


def test_the_lists_of_exceptions_are_current() -> None:
    for table in (NOT_RUN, PROMISED):
        for key in table:
            assert any(matching(line, {key: None}) for line in readme_commands()), \
                f"{key!r} matches no README command any more: take it out"
    assert len(RUN) >= 30, f"only {len(RUN)} README commands found to run"


@pytest.mark.parametrize("line", RUN, ids=[" ".join(command_words(line))[:60] for line in RUN])
def test_the_readme_command_runs(line: str, demo: Path) -> None:
    check(line)


def test_the_readme_api_requests_answer(demo: Path) -> None:
    urls = curl_urls()
    assert urls, "the README shows no curl command"
    with TestClient(create_app(demo / "tidings.db")) as client:
        for url in urls:
            parts = urlsplit(url)
            answer = client.get(f"{parts.path}?{parts.query}")
            assert answer.status_code == 200, (url, answer.text[:500])
            assert answer.json(), f"{url} answered nothing on the demo database"


def test_the_readme_python_example_runs(demo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (code,) = re.findall(r"^```python\n(.*?)^```", README, flags=re.S | re.M)
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})  # noqa: S102 (the README's own code)
    assert capsys.readouterr().out.strip(), "the Python example printed nothing on the demo database"


def test_the_makefile_demo_runs(demo: Path) -> None:
    recipe = demo_recipe()
    assert recipe[-1] == "tidings serve", "the demo ends by serving the page"
    for line in recipe[1:-1]:
        check(line)


def test_the_demo_shows_a_dated_us_china_event_and_a_story_of_several_outlets(demo: Path) -> None:
    # The README's examples (events --source USA --target CHN, the timeline, stories) must show
    # something on the demo database (issue 19: the timeline said "No dated events").
    with TestClient(create_app(demo / "tidings.db")) as client:
        series = client.get("/api/dyads?source=USA&target=CHN&by=month").json()
        events = client.get("/api/events?source=USA&target=CHN").json()["items"]
    assert series, "no dated U.S.-China event in the demo database"
    assert any(event.get("date") for event in events), events
    stories = invoke("tidings stories --min-size 2 --format json")
    assert stories.exit_code == 0, stories.stderr
    assert any(len(story["outlets"]) >= 3 for story in json.loads(stories.stdout)), stories.stdout
