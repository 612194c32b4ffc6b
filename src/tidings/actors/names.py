"""The key under which a name is looked up: one spelling for "Zelenskyy", "ZELENSKYY", "Zelenskyy."."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Typographic apostrophes and look-alikes that news text uses for "'" (O’Brien, N‘Djamena).
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "`": "'",
                             "\u00b4": "'", "\u2032": "'"})
# Letters that Unicode decomposition does not fold to ASCII.
_LETTERS = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ı": "i", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L"})
_DASHES = re.compile(r"[-\u2010\u2011\u2012\u2013\u2014_/]+")
_EDGE_PUNCT = " \t\n\"'“”«»,;:()[]!?"


@lru_cache(maxsize=1 << 16)  # the same names come back thousands of times per article and at load
def normalise_name(text: str) -> str:
    """The key every lookup uses (knowledge files, learned facts, overrides, `tidings actor NAME`):
    "The U.S.’s" → "us", "Khürelsükh" → "khurelsukh".

    Case-folded; diacritics folded; curly apostrophes made straight; dots dropped ("U.N." = "UN",
    "St. Louis" = "St Louis"); hyphens, dashes, underscores and slashes made spaces ("al-Shabaab"
    = "al Shabaab"); whitespace collapsed; surrounding quotes and punctuation, a leading "the "
    and a trailing possessive ("Britain's", "Philippines'") stripped.
    """
    if not text.isascii():
        text = text.translate(APOSTROPHES)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.translate(_LETTERS)
    text = text.replace("`", "'").casefold().replace(".", "")
    text = _DASHES.sub(" ", text)
    text = " ".join(text.split()).strip(_EDGE_PUNCT)
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("s'"):
        text = text[:-1]
    text = text.strip(_EDGE_PUNCT)
    if text.startswith("the "):
        text = text[4:]
    return text


# Words a name may have or leave out without naming someone else ("Commission of/on Human
# Rights", "Abd al-Aziz"/"Abdelaziz").
_LINK_WORDS = frozenset({"of", "on", "for", "the", "and", "in", "at", "de", "du", "des", "del", "da", "di"})
_VOWELS = re.compile(r"[aeiouyhw]")
_REPEATS = re.compile(r"(.)\1+")


def linked_key(text: str) -> str:
    """The name without linking words, its words joined: "Commission of Human Rights" =
    "Commission on Human Rights", "Abdel Aziz" = "Abdelaziz". Empty for a one-word name."""
    words = [word for word in normalise_name(text).split() if word not in _LINK_WORDS]
    return "".join(words) if len(words) > 1 else ""


def variant_key(text: str) -> str:
    """A lossy key under which spelling variants and transliterations of one name meet:
    "Mohamed Ould Abdelaziz" = "Muhammad Ould Abd al-Aziz", "J. R. R. Tolkien" = "JRR Tolkien".

    Linking words dropped, the rest joined, then vowels, h, w and y and doubled letters dropped
    after the first letter, which is kept, so names of other initials never meet. Empty for a
    one-word name (too little to tell variants from other names).
    """
    words = [word for word in normalise_name(text).split() if word not in _LINK_WORDS]
    if len(words) < 2:
        return ""
    joined = "".join(words)
    skeleton = _REPEATS.sub(r"\1", _VOWELS.sub("", joined[1:]))
    return f"{joined[0]}{skeleton}"
