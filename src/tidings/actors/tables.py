"""Reading the actor knowledge tables (src/tidings/data/actors/*.tsv) and indexing their names.

The files' own headers state their sources and licences; this module only reads them: rows with
a checked header and column count, |-separated cells, partial ISO dates, and a name index that
drops a name two entries disagree on (tidings.actors.knowledge builds the knowledge base on it).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from datetime import date
from importlib import resources
from typing import Generic, TypeVar

from tidings.actors.names import normalise_name


def read_table(filename: str) -> Iterator[list[str]]:
    """The rows of one data file, each a list of its columns, header row included first.

    Lines starting with '#' and blank lines are skipped; trailing empty columns are kept so the
    caller can check the column count.
    """
    text = resources.files("tidings.data").joinpath("actors", filename).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        yield [cell.strip() for cell in line.split("\t")]


def rows_of(filename: str, columns: Sequence[str]) -> Iterator[dict[str, str]]:
    rows = read_table(filename)
    header = next(rows, None)
    if header != list(columns):
        raise ValueError(f"{filename}: header {header} is not {list(columns)}: fix the file's header row")
    for number, row in enumerate(rows, start=2):
        if len(row) != len(columns):
            raise ValueError(f"{filename}: data row {number} has {len(row)} columns, expected {len(columns)}")
        yield dict(zip(columns, row, strict=True))


def split_cell(cell: str) -> list[str]:
    return [part.strip() for part in cell.split("|") if part.strip()]


def parse_date(text: str, *, end: bool) -> date | None:
    """YYYY, YYYY-MM or YYYY-MM-DD; an end date without a day is the last day of its month/year."""
    if not text:
        return None
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        if not end:
            return date(parts[0], parts[1], 1)
        if parts[1] == 12:
            return date(parts[0], 12, 31)
        return date.fromordinal(date(parts[0], parts[1] + 1, 1).toordinal() - 1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


V = TypeVar("V")


class NameIndex(Generic[V]):
    """A normalised-name → value dict that drops names two entries give different values."""

    def __init__(self, identity: Callable[[V], Hashable] | None = None) -> None:
        self.values: dict[str, V] = {}
        self.ambiguous: set[str] = set()
        self._identity = identity

    def _same(self, old: V, new: V) -> bool:
        if self._identity is None:
            return old == new
        return self._identity(old) == self._identity(new)

    def add(self, name: str, value: V) -> None:
        """Index `value` under `name`; the first of two values that are the same entity is kept."""
        key = normalise_name(name)
        if not key or key in self.ambiguous:
            return
        old = self.values.get(key)
        if old is None:
            self.values[key] = value
        elif not self._same(old, value):
            del self.values[key]
            self.ambiguous.add(key)

    def fill(self, other: NameIndex[V]) -> None:
        """Add `other`'s names this index does not know (neither as a value nor as ambiguous)."""
        for key, value in other.values.items():
            if key not in self.values and key not in self.ambiguous:
                self.values[key] = value

    def get(self, text: str) -> V | None:
        return self.values.get(normalise_name(text))


PLURAL_SUFFIXES = (("man", "men"), ("person", "people"), ("child", "children"), ("wife", "wives"))


def plural(phrase: str) -> str:
    """The regular plural of a phrase's last word (PETRARCH's rules plus -man → -men)."""
    head, _, last = phrase.rpartition(" ")
    prefix = f"{head} " if head else ""
    for singular, plural in PLURAL_SUFFIXES:
        if last.endswith(singular):
            return prefix + last[: -len(singular)] + plural
    if last.endswith("y") and last[-2:-1] not in set("aeiou"):
        return prefix + last[:-1] + "ies"
    if last.endswith(("s", "sh", "ch", "x", "z")):
        return prefix + last + "es"
    return prefix + last + "s"
