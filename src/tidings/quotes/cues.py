"""The words that attribute a statement to someone, read from data/quotes/cues.toml.

One file holds every verb of saying the stages use: the quotes stage finds quotes with `speech`
and `belief`; the events stage reads "X said that ..." with `reporting` and marks an event said
rather than seen with `hearsay`. `reporting` and `hearsay` are lists of their own because each
rule was tuned on its own list; the loader checks that they stay within `speech`, so the verbs of
saying are listed, and extended, in one place. Callers load the cues once (`load_cues`) and hand
them to the stages.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Cues", "load_cues", "read_cues"]


@dataclass(frozen=True, slots=True)
class Cues:
    """The lists of cues.toml; its header says what each is for."""

    speech: frozenset[str]
    belief: frozenset[str]
    reporting: frozenset[str]
    hearsay: frozenset[str]
    attributing: frozenset[str]
    via: tuple[str, ...]  # longest first: "in an interview with" before "in an interview on"
    audience: frozenset[str]
    carriers: frozenset[str]


def read_cues(text: str) -> Cues:
    """The cues in `text` (cues.toml's format).

    Raises ValueError when `reporting` or `hearsay` names a verb that `speech` does not list
    (`hearsay` may also name `attributing` words).
    """
    table = tomllib.loads(text)
    cues = Cues(speech=frozenset(table["speech"]), belief=frozenset(table["belief"]),
                reporting=frozenset(table["reporting"]), hearsay=frozenset(table["hearsay"]),
                attributing=frozenset(table["attributing"]),
                via=tuple(sorted(table["via"], key=len, reverse=True)), audience=frozenset(table["audience"]),
                carriers=frozenset(table.get("carriers", [])))
    for name, words, allowed in (("reporting", cues.reporting, cues.speech),
                                 ("hearsay", cues.hearsay, cues.speech | cues.attributing)):
        strays = sorted(words - allowed)
        if strays:
            raise ValueError(f"cues.toml: {name} lists {', '.join(strays)}, which speech does not; "
                             "add them to speech first")
    return cues


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    """The built-in cues (data/quotes/cues.toml), read once per process."""
    return read_cues(resources.files("tidings.data.quotes").joinpath("cues.toml").read_text(encoding="utf-8"))
