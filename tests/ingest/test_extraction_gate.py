"""Quality gate: extraction + cleaning must not fall below the F1 floors pinned in quality_floors.json."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from tidings.ingest.clean import clean_text
from tidings.ingest.extract import extract_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FLOORS = json.loads((FIXTURES / "quality_floors.json").read_text(encoding="utf-8"))
PAGES = sorted(FLOORS["extraction_token_f1"])


# The same scoring as ../shared/tools/score.py, so gate figures and benchmark figures agree.
def norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s or "")
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip()


def tokens(s: str) -> list[str]:
    return re.findall(r"\w+", norm(s).lower())


def token_f1(pred: str, gold: str) -> float:
    p, g = Counter(tokens(pred)), Counter(tokens(gold))
    common = sum((p & g).values())
    if not p or not g or not common:
        return 0.0
    prec, rec = common / sum(p.values()), common / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def page_f1(name: str) -> float:
    extracted = extract_html((FIXTURES / "html" / f"{name}.html").read_bytes())
    cleaned = clean_text(extracted.text, title=extracted.title)
    return token_f1(cleaned.text, (FIXTURES / "html" / f"{name}.body.txt").read_text(encoding="utf-8"))


def test_token_f1_matches_score_py_on_a_known_case() -> None:
    assert token_f1("The “cat” sat", "the 'cat' sat down") == pytest.approx(2 * 1.0 * 0.75 / 1.75)


def test_every_fixture_page_has_a_floor() -> None:
    assert {p.stem for p in (FIXTURES / "html").glob("*.html")} == set(PAGES)


@pytest.mark.parametrize("name", PAGES)
def test_page_f1_is_at_or_above_its_floor(name: str) -> None:
    assert page_f1(name) >= FLOORS["extraction_token_f1"][name]


def test_mean_f1_is_at_or_above_its_floor() -> None:
    mean = sum(page_f1(name) for name in PAGES) / len(PAGES)
    assert mean >= FLOORS["extraction_token_f1_mean"]
