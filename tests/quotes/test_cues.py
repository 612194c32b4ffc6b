"""The one list of verbs of saying (data/quotes/cues.toml) and its loader's checks."""

from __future__ import annotations

import pytest

from tidings.quotes.cues import load_cues, read_cues

MINIMAL = """
speech = ["say", "tell", "argue"]
belief = ["think"]
reporting = {reporting}
hearsay = ["say", "according"]
attributing = ["according"]
via = ["according to", "told reporters"]
audience = ["reporters"]
"""


def test_the_events_stage_lists_are_parts_of_speech() -> None:
    cues = load_cues()
    assert cues.reporting <= cues.speech
    assert cues.hearsay <= cues.speech | cues.attributing
    # "according to" attributes but is no verb of saying: a quote cue "according" would change quotes
    assert "accord" in cues.hearsay and "accord" not in cues.speech


def test_a_reporting_verb_missing_from_speech_is_refused() -> None:
    with pytest.raises(ValueError, match="reporting lists declare, proclaim, which speech does not"):
        read_cues(MINIMAL.format(reporting='["say", "proclaim", "declare"]'))


def test_a_hearsay_word_must_be_speech_or_attributing() -> None:
    text = MINIMAL.format(reporting='["say"]').replace('["say", "according"]', '["gossip"]')
    with pytest.raises(ValueError, match="hearsay lists gossip"):
        read_cues(text)


def test_cues_read_from_text() -> None:
    cues = read_cues(MINIMAL.format(reporting='["say", "tell"]'))
    assert cues.reporting == {"say", "tell"} and cues.hearsay == {"say", "according"}
    assert cues.via == ("told reporters", "according to")  # longest first
