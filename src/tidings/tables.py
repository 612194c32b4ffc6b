"""Terminal tables that fit the terminal, down to 80 columns.

How a column gives way on a narrow terminal depends on what it holds:

- evidence (a sentence, a quote, a title, a path or a message: EVIDENCE) wraps and, when one
  word is wider than the column, folds it;
- every other column (keys, dates, codes, names, numbers) wraps only between words and is never
  narrower than its longest word, so a key, a date or a CAMEO code is never broken.

Below NARROW columns the listings use their compact layouts (tidings.render): an event key
shown by its article id's first 8 characters, which `tidings event` takes when one stored event
fits, and fewer, fuller columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

# Columns that hold evidence or free text: the ones that wrap and fold to make room.
EVIDENCE = frozenset({"sentence", "quote", "title", "text", "detail", "message", "ref", "url", "value"})
NARROW = 120
SHORT_ID = 8  # article-id characters of a short key, as git shortens commit ids


def terminal_width() -> int:
    """The width tables are drawn for: the terminal's, or COLUMNS when set (rich reads it)."""
    return Console().width


def is_narrow() -> bool:
    """True when the terminal is too narrow for the full listings (fewer than NARROW columns)."""
    return terminal_width() < NARROW


def short_key(key: str) -> str:
    """`<article_id>:<id>` with the article id cut to SHORT_ID characters ("d93bea38:e1"): the
    key `tidings event` (and the table's reader) still finds while one stored event fits it."""
    article_id, separator, item = key.rpartition(":")
    return f"{article_id[:SHORT_ID]}{separator}{item}" if separator else key


def _longest_word(texts: Iterable[str]) -> int:
    return max((len(word) for text in texts for word in text.split()), default=0)


def _longest_line(texts: Iterable[str]) -> int:
    return max((len(line) for text in texts for line in text.splitlines()), default=0)


def fit_widths(natural: Sequence[int], least: Sequence[int], room: int) -> list[int]:
    """Column widths that fit `room` characters: each column's `natural` width, the widest ones
    narrowed first, a character at a time, never below its `least` width (pure). When even the
    least widths do not fit, those are returned (the table is then wider than `room`)."""
    widths = [max(want, low) for want, low in zip(natural, least, strict=True)]
    excess = sum(widths) - room
    while excess > 0:
        narrowable = [index for index, width in enumerate(widths) if width > least[index]]
        if not narrowable:
            break
        widest = max(narrowable, key=lambda index: widths[index])
        widths[widest] -= 1
        excess -= 1
    return widths


def make_table(title: str | None, columns: Sequence[str], rows: Sequence[Mapping[str, object]], *,
               show_header: bool = True, evidence: Iterable[str] = ()) -> Table:
    """A table of `rows` (dicts, None shown empty, markup escaped) under `title`, as wide as the
    terminal at most, whose columns give way as the module docstring says; `evidence` names more
    columns that may fold."""
    folding = EVIDENCE | set(evidence)
    cells = [["" if row.get(column) is None else str(row.get(column)) for column in columns] for row in rows]
    headers = [[column] if show_header else [] for column in columns]
    texts = [[*headers[index], *(row[index] for row in cells)] for index in range(len(columns))]
    least = [min(len(column), 10) if column in folding else _longest_word(texts[index])
             for index, column in enumerate(columns)]
    # Each column has one space of padding either side but at the table's edges, and a divider.
    room = terminal_width() - 3 * (len(columns) - 1)
    widths = fit_widths([_longest_line(text) for text in texts], least, room)
    # A line between rows shows where one ends when some row takes several lines.
    several = any("\n" in cell or len(cell) > width
                  for row in cells for cell, width in zip(row, widths, strict=True))
    table = Table(title=title, show_header=show_header, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                  show_lines=several)
    for column, width in zip(columns, widths, strict=True):
        table.add_column(column, width=width, overflow="fold" if column in folding else "ellipsis")
    for row in cells:
        table.add_row(*(escape(cell) for cell in row))
    return table
