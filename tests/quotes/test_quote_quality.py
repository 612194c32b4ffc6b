"""End to end on the real pipeline: quotes of the project's own samples against hand annotation,
with floors that fail on a regression, and the seed article's acceptance checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tidings import pipeline
from tidings.ingest.sources import iter_documents
from tidings.model import Article
from tidings.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
GOLD = json.loads((ROOT / "tests" / "fixtures" / "quotes_gold.json").read_text())
FLOORS = json.loads((ROOT / "tests" / "fixtures" / "quality_floors.json").read_text())
pytestmark = pytest.mark.e2e


def analyse(path: Path, published: str | None = None) -> list[dict[str, Any]]:
    settings = Settings()
    results = []
    for document in iter_documents([str(path)], settings):
        article = pipeline.prepare(document, settings, published=published)  # type: ignore[arg-type]
        assert isinstance(article, Article)
        results.append(pipeline.analyze(article, settings).to_dict())
    return results


def find(analysis: dict[str, Any], key: str) -> dict[str, Any] | None:
    return next((q for q in analysis["quotes"] if key in q["text"]), None)


def speaker_words(analysis: dict[str, Any], quote: dict[str, Any]) -> str:
    names = {a["id"]: a["name"] for a in analysis["actors"]}
    span = quote.get("speaker_span") or [0, 0]
    return f"{names.get(quote['speaker'], '')} {analysis['article']['text'][span[0]:span[1]]}"


@pytest.fixture(scope="module")
def analyses() -> dict[str, dict[str, Any]]:
    found = {}
    for key in GOLD:
        if key.startswith("_"):
            continue
        path, _, number = key.partition("#")
        found[key] = analyse(ROOT / path, "2024-01-12")[int(number) - 1 if number else 0]
    return found


def test_quotes_and_speakers_meet_the_floors(analyses: dict[str, dict[str, Any]]) -> None:
    wanted = [(key, g) for key, gold in GOLD.items() if not key.startswith("_") for g in gold]
    found = right = 0
    misses = []
    for key, gold in wanted:
        quote = find(analyses[key], gold["key"])
        if quote is None or quote["kind"] not in gold["kinds"]:
            misses.append(gold["key"])
            continue
        found += 1
        right += gold["speaker"].lower() in speaker_words(analyses[key], quote).lower()
    assert found / len(wanted) >= FLOORS["quotes_found"], misses
    assert right / len(wanted) >= FLOORS["quote_speakers"]


def test_via_and_addressee(analyses: dict[str, dict[str, Any]]) -> None:
    for key, gold in GOLD.items():
        if key.startswith("_"):
            continue
        names = {a["id"]: a["name"] for a in analyses[key]["actors"]}
        for entry in gold:
            quote = find(analyses[key], entry["key"])
            assert quote is not None, entry["key"]
            if "via" in entry:
                assert quote["via"] == entry["via"], entry["key"]
            if "addressee" in entry:
                assert entry["addressee"] in names.get(quote["addressee"], ""), entry["key"]


def test_quotes_point_at_their_text(analyses: dict[str, dict[str, Any]]) -> None:
    for analysis in analyses.values():
        text = analysis["article"]["text"]
        for quote in analysis["quotes"]:
            start, end = quote["span"]
            assert quote["text"] == "".join(ch for ch in text[start:end] if ch not in '"\u201c\u201d').strip()


def test_the_seed_article(shared_dir: Path) -> None:
    """The issue's acceptance checks on the seed article."""
    (seed,) = analyse(shared_dir / "samples" / "seed-article.txt", "2024-01-12")
    names = {a["id"]: a["name"] for a in seed["actors"]}
    quoted = [q for q in seed["quotes"] if q["kind"] in ("direct", "mixed")]
    speakers = [names.get(q["speaker"]) for q in quoted]
    assert len(quoted) == 12
    assert speakers.count("Yoko Kamikawa") == 1 and speakers.count("Antony Blinken") == 1
    assert speakers.count("Liu Jianchao") == 10
    assert not any(q["text"].strip(" ,.") == "wolf-warrior" for q in seed["quotes"])
    indirect = [names.get(q["speaker"]) for q in seed["quotes"] if q["kind"] == "indirect"]
    assert indirect.count("Liu Jianchao") >= 3 and "Antony Blinken" in indirect
    kamikawa = next(q for q in quoted if names.get(q["speaker"]) == "Yoko Kamikawa")
    blinken = next(q for q in quoted if names.get(q["speaker"]) == "Antony Blinken")
    assert kamikawa["via"] == "Japan Today" and blinken["via"] == "a State Department transcript"
    assert names.get(blinken["addressee"]) == "Yoko Kamikawa"
    council = find(seed, "we hope that the U.S. side will honor")
    assert council is not None and names.get(council["addressee"]) == "Council on Foreign Relations"
