"""The project's data files: tab-separated, a '#' comment header saying where the facts come from
and under which licence, one header row naming the columns, then the rows."""

from __future__ import annotations

from collections.abc import Iterator, Sequence


def table_rows(text: str, *, source: str, columns: Sequence[str],
               error: type[Exception] = ValueError) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for every data row of a data file's `text`, after checking its header.

    Blank lines and lines starting with '#' are skipped; cells are stripped. Raises `error`
    naming `source` and the line when the header is not `columns`.
    """
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        if not header_seen:
            if tuple(cells) != tuple(columns):
                raise error(f"{source}:{number}: header {cells} is not {list(columns)}: fix the header row")
            header_seen = True
            continue
        yield number, cells
