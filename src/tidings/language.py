"""Which language an article is written in (lingua), so non-English text is skipped, not misparsed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

# Articles are long: the opening few thousand characters decide the language as well as the whole
# text would, at a fraction of the cost.
SAMPLE_CHARS = 4000
# On a sentence or two a foreign name can outweigh the rest ("Riigikogu said on Monday that talks
# would continue." reads as Estonian to lingua). Below this many words, English function words
# get a say too.
SHORT_TEXT_WORDS = 40
# Below this confidence lingua's answer for a short text is a guess (see detect_language).
UNSURE = 0.7
# Fewer lower-case words than this say nothing of a language once the names are set aside.
MIN_COMMON_WORDS = 3
# Frequent English words that are rare as words of other languages written in Latin script.
ENGLISH_FUNCTION_WORDS = frozenset(
    [
        "the", "and", "of", "that", "said", "says", "with", "would", "will", "was", "were", "has",
        "have", "had", "been", "which", "who", "this", "these", "their", "they", "from", "its", "it",
        "is", "are", "be", "not", "but", "by", "for", "after", "before", "about", "over", "into",
        "than", "could"
    ]
)
_WORDS = re.compile(r"[^\W\d_]+")
# A sentence ends at . ! ? or … before whitespace, or at a line break.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|\s*\n\s*")


@dataclass(frozen=True, slots=True)
class Detected:
    code: str | None  # ISO 639-1, lower case; None when undecidable (no letters)
    name: str | None
    confidence: float


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    from lingua import LanguageDetectorBuilder

    # Low-accuracy mode uses trigram models only: it loads in a fraction of a second instead of
    # ~6 s and is as reliable as the full mode on paragraph-length text, which is all we judge.
    return LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode().build()


def detect_language(text: str) -> Detected:
    """Detect the language of `text`.

    Returns: the most likely language with lingua's confidence (0..1).
    Never raises: text with no letters gives Detected(None, None, 0.0).
    Pure apart from loading lingua's models once per process.
    """
    sample = _distinct_sentences(text)
    if not any(ch.isalpha() for ch in sample):
        return Detected(None, None, 0.0)
    values = _detector().compute_language_confidence_values(sample)
    if not values:
        return Detected(None, None, 0.0)
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    words = _WORDS.findall(sample.lower())
    # A text is as short as its distinct words: "test test test ..." says no more than "test".
    if code != "en" and len(set(words)) < SHORT_TEXT_WORDS:
        share = sum(word in ENGLISH_FUNCTION_WORDS for word in words) / max(len(words), 1)
        if share >= 0.3:
            return Detected("en", "English", share)
        english = _english_without_names(sample)
        if english is not None:
            return Detected("en", "English", english)
        if best.value < UNSURE:
            # A sentence of names ("Antony Blinken met Yoko Kamikawa in Tokyo ...") leaves lingua
            # guessing (Latin 0.60, Basque 0.63); a guess that weak on a short text is no
            # reason to refuse it, so it is read as English, the language tidings is given.
            english = next((v.value for v in values if v.language.iso_code_639_1.name == "EN"), 0.0)
            return Detected("en", "English", english)
    return Detected(code, best.language.name.title(), best.value)


def _english_without_names(sample: str) -> float | None:
    """lingua's confidence that `sample` is English when its lower-case words alone read as
    English first; None otherwise (or when fewer than MIN_COMMON_WORDS of them are left).

    Names belong to no language of the text around them, and on a short text they are what
    misleads lingua ("Uruguay has offered fresh loans to Paraguay." reads as Yoruba); the words
    written in lower case ("has offered fresh loans to") carry the language. Capitalised common
    nouns (German) and sentence-initial words go with the names, which costs a foreign text
    nothing: its lower-case words are as foreign as the rest.
    """
    common = [word for word in _WORDS.findall(sample) if not word[:1].isupper()]
    if len(common) < MIN_COMMON_WORDS:
        return None
    values = _detector().compute_language_confidence_values(" ".join(common))
    if values and values[0].language.iso_code_639_1.name == "EN":
        return float(values[0].value)
    return None


def _distinct_sentences(text: str) -> str:
    """The first SAMPLE_CHARS characters of `text` with each sentence once, in first-seen order.

    A text that repeats one sentence (a test page, a feed entry pasted over and over) would
    otherwise pass for a long text, and lingua's guess for the sentence would go unchecked: "Duterte
    met Marcos in Manila on Monday." read thirty times is Tagalog to it. Read once, the short-text
    rule of `detect_language` hears its English words. Real articles rarely repeat a sentence, so
    for them this is the opening SAMPLE_CHARS characters as before.
    """
    # Reading ten samples' worth finds the distinct sentences of a repetitive text, at a bounded cost.
    sentences: dict[str, str] = {}
    size = 0
    for piece in _SENTENCE_BREAK.split(text[:SAMPLE_CHARS * 10]):
        sentence = " ".join(piece.split())
        if sentence and sentence.casefold() not in sentences:
            sentences[sentence.casefold()] = sentence
            size += len(sentence) + 1
            if size >= SAMPLE_CHARS:
                break
    return " ".join(sentences.values())[:SAMPLE_CHARS]
