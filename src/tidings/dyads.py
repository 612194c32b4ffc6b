"""Dyads as people write them: two actors, "USA,CHN", for the --dyad option and the dyad= parameter.

Pure: parsing only; the store matches each actor (tidings.store.events).
"""

from __future__ import annotations


def parse_dyad(text: str) -> tuple[str, str]:
    """Two actors written "X,Y" (as --dyad and dyad= take them); ValueError saying how otherwise."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise ValueError(f"a dyad is two actors separated by a comma, e.g. USA,CHN; not {text!r}")
    return parts[0], parts[1]
