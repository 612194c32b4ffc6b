"""Tone of sentences and articles with VADER, offline (its lexicon ships inside the package).

    sentence_tone(text) -> float           VADER compound score, -1 (hostile) to +1 (warm)
    article_tone(sentences) -> float | None

Requires: plain English text. Returns: scores rounded to 3 decimals. Never raises on empty or odd
text (empty text scores 0.0). Pure but for reading VADER's lexicon once per process (`_analyzer`).

Article tone is the mean of sentence compounds weighted by each sentence's word count, so every
word has the same say, as in GDELT's document-level AvgTone: a long hostile paragraph outweighs a
two-word "he said." that VADER scores 0. Sentences without words weigh nothing; None when there are
no sentences or none has a word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

__all__ = ["article_tone", "sentence_tone"]

WORD: Final = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _analyzer() -> SentimentIntensityAnalyzer:
    """The analyzer, built once: construction reads and parses the lexicon files (~7,500 entries)."""
    return SentimentIntensityAnalyzer()


# The events stage scores each sentence and the article's tone scores them all again: remembering
# the last few thousand sentences halves VADER's share of a long article.
@lru_cache(maxsize=8192)
def _compound(text: str) -> float:
    return float(_analyzer().polarity_scores(text)["compound"]) if text.strip() else 0.0


def sentence_tone(text: str) -> float:
    """VADER's compound score of `text` in [-1, 1], rounded to 3 decimals; 0.0 for empty text."""
    return round(_compound(text), 3)


def article_tone(sentences: Sequence[str]) -> float | None:
    """Word-count-weighted mean of the sentences' compound scores (module docstring), 3 decimals."""
    weights = [len(WORD.findall(s)) for s in sentences]
    total = sum(weights)
    if total == 0:
        return None
    return round(sum(w * _compound(s) for w, s in zip(weights, sentences, strict=True) if w)
                 / total, 3)
