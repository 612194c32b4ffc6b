"""The key under which a name is looked up: one spelling for "Zelenskyy", "ZELENSKYY", "Zelenskyy."."""

from __future__ import annotations

import re
import unicodedata

# Typographic apostrophes and look-alikes that news text uses for "'" (O’Brien, N‘Djamena).
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u02bb": "'", "`": "'",
                              "\u00b4": "'", "\u2032": "'"})
_SPACE = re.compile(r"\s+")


def normalise_name(text: str) -> str:
    """The lookup key of a name: case and diacritics folded, apostrophes unified, no leading
    "the", no dots, whitespace collapsed ("The U.S. State  Department" -> "us state department",
    "Recep Tayyip Erdoğan" -> "recep tayyip erdogan").

    Pure; never raises. Two names with the same key are treated as the same name by the store
    (learned facts, `tidings actor NAME`) and by the override file.
    """
    folded = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    # Dots are removed, not spaced: "U.S." and "US" are one key, so are "J.D. Vance" and "JD Vance".
    folded = _SPACE.sub(" ", folded.replace(".", "")).strip()
    return folded[4:] if folded.startswith("the ") else folded
