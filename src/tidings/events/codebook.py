"""The CAMEO event codebook: every code's name, root, Goldstein score, QuadClass and PLOVER type.

The data lives in `tidings/data/events/cameo.tsv` (its header names the sources, licences and
the decisions taken on doubtful rows). `load_codebook()` reads it once; lookups are dict accesses.

    UnknownCode(KeyError)    a code that is not in the codebook

Requires: nothing beyond the standard library. Pure after loading (no network, no model).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tidings.tsv import table_rows

__all__ = [
    "CODER_VERSION",
    "PLOVER_TYPES",
    "CameoCode",
    "Codebook",
    "UnknownCode",
    "load_codebook",
]

# Recorded with every coded event, so a change to the lexicon or rules can be told apart in data.
CODER_VERSION = "tidings-events/0.1"

# PLOVER event types under the names of the current PLOVER manual, plus OTHER for the CAMEO codes
# PLOVER drops (01 statements, 02 appeals).
_PLOVER_TYPES_TEXT = (
    "AGREE CONSULT SUPPORT CONCEDE COOPERATE AID RETREAT REQUEST ACCUSE REJECT THREATEN PROTEST "
    "SANCTION MOBILIZE COERCE ASSAULT OTHER"
)
PLOVER_TYPES = frozenset(_PLOVER_TYPES_TEXT.split())

_FILE = "cameo.tsv"
_COLUMNS = ("code", "name", "root", "goldstein", "quad_class", "plover", "plover_mode")


class UnknownCode(KeyError):
    """A CAMEO code that is not in the codebook."""

    def __str__(self) -> str:  # KeyError's str() would repr() the message
        return str(self.args[0]) if self.args else "unknown CAMEO code"


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code.

    `code` is a string of 2-4 digits with its leading zero ("042"); `root` its first two digits;
    `goldstein` in -10..10; `quad_class` 1 verbal cooperation, 2 material cooperation, 3 verbal
    conflict, 4 material conflict (GDELT's grouping); `plover` the PLOVER event type or "OTHER";
    `plover_mode` the PLOVER mode or "" when none.
    """

    code: str
    name: str
    root: str
    goldstein: float
    quad_class: int
    plover: str
    plover_mode: str = ""


class Codebook:
    """All CAMEO codes by code string. Build with `load_codebook()`."""

    __slots__ = ("_codes",)

    def __init__(self, codes: dict[str, CameoCode]) -> None:
        self._codes = codes

    def get(self, code: str) -> CameoCode:
        """The entry for `code` ("042"); raises UnknownCode for a code not in CAMEO."""
        try:
            return self._codes[code]
        except KeyError:
            hint = ""
            if code.isdigit() and "0" + code in self._codes:
                hint = f" (did you mean {'0' + code!r}? codes keep their leading zero)"
            raise UnknownCode(
                f"{code!r} is not a CAMEO event code{hint}: codes are strings of 2-4 digits "
                f"listed in tidings/data/events/{_FILE}"
            ) from None

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())


@lru_cache(maxsize=1)
def load_codebook() -> Codebook:
    """Read `cameo.tsv` once. Raises ValueError naming the file and line for a malformed row."""
    text = resources.files("tidings.data").joinpath("events", _FILE).read_text(encoding="utf-8")
    codes: dict[str, CameoCode] = {}
    for number, cells in table_rows(text, source=_FILE, columns=_COLUMNS):
        entry = _parse(cells, number)
        if entry.code in codes:
            raise ValueError(f"{_FILE}:{number}: code {entry.code!r} appears twice")
        codes[entry.code] = entry
    return Codebook(codes)


def _parse(cells: list[str], number: int) -> CameoCode:
    where = f"{_FILE}:{number}"
    if len(cells) != len(_COLUMNS):
        raise ValueError(f"{where}: {len(cells)} columns, expected {len(_COLUMNS)}")
    code, name, root, goldstein, quad_class, plover, mode = cells
    if not (code.isdigit() and 2 <= len(code) <= 4) or root != code[:2]:
        raise ValueError(f"{where}: bad code {code!r} or root {root!r}")
    if plover not in PLOVER_TYPES:
        raise ValueError(f"{where}: unknown PLOVER type {plover!r}")
    try:
        return CameoCode(code, name, root, float(goldstein), int(quad_class), plover, mode)
    except ValueError as error:
        raise ValueError(f"{where}: {error}") from None
