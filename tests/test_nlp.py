"""The real English pipeline loads offline, once per process."""

from __future__ import annotations

import pytest

from tidings.nlp import load_english


@pytest.mark.e2e
def test_the_english_pipeline_loads_once_and_parses() -> None:
    nlp = load_english()
    assert load_english() is nlp
    assert {"tagger", "parser", "ner"} <= set(nlp.pipe_names)
    doc = nlp("Secretary of State Antony Blinken met Yoko Kamikawa in Washington on Friday.")
    assert any(ent.label_ == "PERSON" for ent in doc.ents)
    assert nlp.meta["version"].startswith("3.8")


@pytest.mark.e2e
def test_a_blank_line_always_ends_a_sentence() -> None:
    doc = load_english()("12:15 p.m.\n\nDonald Trump says political correctness has run amok.")
    assert [s.text.strip() for s in doc.sents][-1] == "Donald Trump says political correctness has run amok."
