from __future__ import annotations

import pytest

from tidings.tone import article_tone, sentence_tone

HOSTILE = ("Beijing has slammed Washington for supplying the island with weapons, "
           "a reckless and dangerous betrayal.")
WARM = "China's relations with other countries are warm and cooperative, and we welcome this friendship."
NEUTRAL = "He said."


def test_hostile_sentence_is_negative() -> None:
    assert sentence_tone(HOSTILE) < -0.3


def test_warm_sentence_is_positive() -> None:
    assert sentence_tone(WARM) > 0.3


def test_scores_are_bounded_and_rounded() -> None:
    for text in (HOSTILE, WARM, NEUTRAL, "", "   ", "!!!", "🙂"):
        score = sentence_tone(text)
        assert -1.0 <= score <= 1.0
        assert score == round(score, 3)
    assert sentence_tone("") == 0.0


@pytest.mark.parametrize("sentences", [[], [""], ["  ", "..."]])
def test_article_without_words_has_no_tone(sentences: list[str]) -> None:
    assert article_tone(sentences) is None


def test_article_tone_is_weighted_by_words() -> None:
    assert article_tone([HOSTILE]) == sentence_tone(HOSTILE)
    # 15 hostile words and 2 neutral ones: the short sentence barely dilutes (a plain mean would halve)
    hostile_words, neutral_words = len(HOSTILE.split()), len(NEUTRAL.split())
    expected = sentence_tone(HOSTILE) * hostile_words / (hostile_words + neutral_words)
    diluted = article_tone([HOSTILE, NEUTRAL])
    assert diluted == pytest.approx(expected, abs=0.002)
    assert diluted is not None and diluted < sentence_tone(HOSTILE) / 2 - 0.2


def test_mixed_article_sits_between_its_sentences() -> None:
    tone = article_tone([HOSTILE, WARM])
    assert tone is not None
    assert sentence_tone(HOSTILE) < tone < sentence_tone(WARM)
