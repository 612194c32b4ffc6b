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
