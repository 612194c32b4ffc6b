"""Briefings over the project's stories set, with the real pipeline: what a reader gets."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tests.cli_run import run_on
from tidings.brief import BriefError, make_briefing, speak, to_html, to_markdown, to_speech, window
from tidings.store import open_store

MARCH = (date(2024, 3, 1), date(2024, 3, 31))


@pytest.fixture
def db(stories_db: Path) -> Path:
    return stories_db


def test_the_period_is_a_duration_back_from_the_last_day_or_a_date() -> None:
    now = datetime(2024, 3, 10, 9, tzinfo=UTC)
    assert window("24h", now=now) == (date(2024, 3, 10), date(2024, 3, 10))
    assert window("7d", now=now) == (date(2024, 3, 4), date(2024, 3, 10))
    assert window("2w", "2024-03-31") == (date(2024, 3, 18), date(2024, 3, 31))
    assert window("2024-03-01", "2024-03-31") == MARCH
    with pytest.raises(BriefError, match="duration"):
        window("yesterday")


@pytest.mark.e2e
def test_a_briefing_has_stories_events_with_evidence_quotes_and_trends(db: Path) -> None:
    with open_store(db, create=True) as store:
        brief = make_briefing(store, *MARCH, dyads=[("USA", "CHN")])
    text = to_markdown(brief)
    for heading in ("# Briefing 2024-03-01 to 2024-03-31", "## Top stories", "## Events by dyad", "## Quotes",
                    "## Trends"):
        assert heading in text
    assert brief.stories and len(brief.stories[0].outlets) >= 3  # the most widely carried first
    assert "U.S. and Chinese top diplomats" in text or "Beijing" in text
    assert any(name.startswith("USA") for name, _ in brief.dyads)
    first_event = brief.dyads[0][1][0]
    assert first_event.sentence and f"`{first_event.key}`" in text  # evidence and its key
    assert "| USA and CHN |" in text
    assert brief.trends[0].events >= 1


def test_a_pair_and_its_reverse_are_one_trend() -> None:
    from tidings.brief import _unordered

    assert _unordered([("USA", "CHN"), ("CHN", "USA"), ("CHN", "TWN")]) == [("USA", "CHN"), ("CHN", "TWN")]


@pytest.mark.e2e
def test_the_busiest_pairs_are_followed_once_whichever_way_round(db: Path) -> None:
    # A trend counts both directions, so "USA and CHN" beside "CHN and USA" would be one row twice.
    with open_store(db) as store:
        brief = make_briefing(store, *MARCH)
    pairs = [frozenset(trend.dyad) for trend in brief.trends]
    assert pairs and len(pairs) == len(set(pairs))


@pytest.mark.e2e
def test_the_html_briefing_escapes_text_and_links_each_event(db: Path) -> None:
    with open_store(db, create=True) as store:
        page = to_html(make_briefing(store, *MARCH))
    assert page.startswith("<!doctype html>") and 'href="/events/' in page
    assert "<script" not in page


@pytest.mark.e2e
def test_the_cli_writes_markdown_and_says_when_the_period_is_empty(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.md"
    done = run_on(db, "brief", "--since", "2024-03-01", "--until", "2024-03-31", "--dyad", "USA,CHN",
                  "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("# Briefing 2024-03-01 to 2024-03-31")
    empty = run_on(db, "brief", "--since", "2030-01-01", "--until", "2030-01-02")
    assert empty.returncode == 0 and "no article published" in empty.stderr
    assert run_on(db, "brief", "--since", "soon").returncode == 1


@pytest.mark.e2e
def test_the_spoken_briefing_is_a_wav_that_plays(db: Path, tmp_path: Path) -> None:
    if shutil.which("espeak-ng") is None or shutil.which("soxi") is None:
        pytest.skip("espeak-ng or sox is not installed (make test installs them: scripts/ensure-speech.sh)")
    with open_store(db, create=True) as store:
        speech = to_speech(make_briefing(store, *MARCH))
    assert "http" not in speech and "CAMEO" not in speech
    wav = tmp_path / "brief.wav"
    speak(speech, wav)
    seconds = float(subprocess.run(["soxi", "-D", str(wav)], capture_output=True, text=True,
                                   check=True).stdout)
    assert seconds > 10


def test_without_espeak_the_audio_fails_with_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BriefError, match="apt-get install espeak-ng"):
        speak("Hello.", tmp_path / "x.wav")


@pytest.mark.e2e
def test_the_web_page_shows_the_briefing_and_says_what_is_wrong_with_a_bad_period(db: Path) -> None:
    import warnings

    from tidings.web import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Starlette's test client prefers httpx2 and warns
        from fastapi.testclient import TestClient

    client = TestClient(create_app(db))
    page = client.get("/brief", params={"since": "2024-03-01", "until": "2024-03-31", "dyad": "USA,CHN"})
    assert page.status_code == 200
    assert "Briefing 2024-03-01 to 2024-03-31" in page.text and 'href="/events/' in page.text
    assert "USA and CHN" in page.text
    assert "duration" in client.get("/brief", params={"since": "soon"}).text
