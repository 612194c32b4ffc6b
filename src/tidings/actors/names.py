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
