"""Exports in the formats the field's tools read: CSV, JSON Lines, Parquet, GDELT, PLOVER, GEXF, GraphML.

`export(store, what, fmt, out)` writes every stored row of one kind (articles, actors, events,
quotes) to `out`:
- csv, jsonl, parquet: the flat rows of the matching query (the columns `tidings events` etc.
  show), nested values (geo, topics) as JSON text in CSV and Parquet; a CSV text cell starting
  with = + - @, tab or carriage return gets a leading ' so spreadsheets do not run it as a formula;
- gdelt (events only): GDELT 2.0's 61-column, tab-separated event table without a header, in
  GDELT's column order, so scripts written for GDELT files read it (tidings.export_gdelt says how
  each column is filled);
- plover (events only): one PLOVER JSON record per line, with the field names of the PLOVER
  manual's Data Fields chapter (id, date, actor, recipient, event, mode, context, ...;
  tidings.export_plover);
- gexf, graphml (the actor network): one node per actor name, one edge per directed pair
  weighted by its number of events, written by networkx.

`export_mentions(store, out)` writes GDELT 2.0's Mentions table: one row per telling of an event
in an article (tidings.export_gdelt).

Rows are read from the store a page at a time and written as they come, so an export's memory
does not grow with the database: real-world events by the store's keyset cursor
(Store.merged_page), every other listing a page at a time; Parquet is written one row group per
page, its column types taken from the row type's fields (tidings.rows), not from the values.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import chain, islice
from pathlib import Path
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Literal, TypeVar, Union, get_args, get_origin, get_type_hints

from tidings.export_gdelt import (
    GDELT_COLUMNS,
    MENTION_COLUMNS,
    ArticleFacts,
    gdelt_row,
    mention_row,
    write_tsv,
)
from tidings.export_plover import plover_record
from tidings.rows import ActorRow, ArticleRow, EventRow, JsonRow, MergedEventRow, QuoteRow

if TYPE_CHECKING:
    import networkx
    import pyarrow

    from tidings.records import Json
    from tidings.store import Store

__all__ = ["EVENT_FORMATS", "GDELT_COLUMNS", "KINDS", "MENTION_COLUMNS", "NETWORK_FORMATS", "TABLE_FORMATS",
           "ExportError", "csv_cell", "export", "export_mentions", "gdelt_row", "plover_record", "row_type",
           "rows_of", "write_csv", "write_jsonl", "write_parquet"]

Kind = Literal["articles", "actors", "events", "quotes", "mentions"]
# The kinds of flat rows (`mentions`, GDELT's Mentions table, has its one format).
KINDS: tuple[Kind, ...] = ("articles", "actors", "events", "quotes")
TABLE_FORMATS = ("csv", "jsonl", "parquet")
EVENT_FORMATS = ("gdelt", "plover")
NETWORK_FORMATS = ("gexf", "graphml")
# The queries page with LIMIT; exports want every row.
EVERYTHING = 2**62
# Rows read from the store at a time: exports write each page before reading the next.
PAGE = 5_000
_Row = TypeVar("_Row")
_Key = TypeVar("_Key")


class ExportError(ValueError):
    """An export that cannot be made as asked; the message says which formats fit."""


def paged(fetch: Callable[[int, int], Sequence[_Row]], page: int | None = None) -> Iterator[_Row]:
    """Every row `fetch(limit, offset)` gives, read `page` (default PAGE) rows at a time (the
    store's listings are in a total order, so pages neither skip nor repeat a row of a store no
    one writes to)."""
    page = page or PAGE
    offset = 0
    while True:
        rows = fetch(page, offset)
        yield from rows
        if len(rows) < page:
            return
        del rows  # one page held at a time: this one goes before the next is read
        offset += page


def walked(fetch: Callable[[_Key | None, int], Sequence[_Row]], key: Callable[[_Row], _Key],
           page: int | None = None) -> Iterator[_Row]:
    """Every row `fetch(after, limit)` gives in key order, `page` (default PAGE) rows at a time,
    each page the rows after the `key` of the last row of the one before (Store.events_by_key and
    its kin): a deep page costs what the first does."""
    page = page or PAGE
    after: _Key | None = None
    while True:
        rows = fetch(after, page)
        yield from rows
        if len(rows) < page:
            return
        after = key(rows[-1])
        del rows  # one page held at a time: this one goes before the next is read


def keyset_paged(fetch: Callable[[int, str | None], Sequence[tuple[_Row, str]]],
                 page: int | None = None) -> Iterator[_Row]:
    """Every row `fetch(limit, after)` gives, `page` (default PAGE) rows at a time, each page
    starting after the cursor of the last row of the one before (Store.merged_page): a deep page
    costs what the first does, where an offset would count every row before it."""
    page = page or PAGE
    after: str | None = None
    while True:
        rows = fetch(page, after)
        yield from (row for row, _cursor in rows)
        if len(rows) < page:
            return
        after = rows[-1][1]
        del rows  # one page held at a time: this one goes before the next is read


def row_type(what: Kind, *, mentions: bool = False) -> type[JsonRow]:
    """The typed row (tidings.rows) whose `to_dict` makes each exported row of `what`."""
    types: dict[str, type[JsonRow]] = {"articles": ArticleRow, "actors": ActorRow, "quotes": QuoteRow,
                                       "events": EventRow if mentions else MergedEventRow}
    if what not in types:
        raise ExportError(f"cannot export {what!r}: choose one of {', '.join(KINDS)}")
    return types[what]


def _dicts(store: Store, what: Kind, *, mentions: bool) -> Iterator[dict[str, Json]]:
    """Every stored row of `what` as a flat dict, a page at a time (see `rows_of`)."""
    if what == "events":
        return (row.to_dict() for row in event_rows(store, mentions=mentions))
    if what == "articles":  # in id order, each page through the primary key
        return (row.to_dict() for row in walked(
            lambda after, limit: store.articles_by_id(after=after, limit=limit), lambda row: row.id))
    if what == "quotes":  # in key order, likewise
        return (row.to_dict() for row in walked(
            lambda after, limit: store.quotes_by_key(after=after, limit=limit),
            lambda row: (row.article_id, row.id)))
    if what == "actors":  # one row per listed actor: the actor rollup's rows, in the listing's order
        return (row.to_dict() for row in paged(
            lambda limit, offset: store.actors(limit=limit, offset=offset)))
    raise ExportError(f"cannot export {what!r}: choose one of {', '.join(KINDS)}")


def rows_of(store: Store, what: Kind, *, mentions: bool = False) -> Iterator[dict[str, Json]]:
    """Every stored row of one kind as a flat dict, as the store's queries shape them, read a page
    at a time as the iterator is consumed; events are each real-world event once with its counts
    (Store.merged_events, latest first), or with `mentions` every telling. Articles, tellings and
    quotes come in key order (article id, then the row's id): each page is read by its key."""
    return _dicts(store, what, mentions=mentions)


def event_rows(store: Store, *, mentions: bool = False) -> Iterator[EventRow]:
    """Every stored event, a page at a time: each real-world event once with its counts
    (Store.merged_page, by its cursor), or with `mentions` every telling (Store.events)."""
    if mentions:  # every telling in key order: each page read through the primary key
        return walked(lambda after, limit: store.events_by_key(after=after, limit=limit),
                      lambda row: (row.article_id, row.id))
    return keyset_paged(lambda limit, after: store.merged_page(limit=limit, after=after))


def ingest_times(store: Store) -> dict[str, str]:
    """Each stored article's ingest time (ISO, UTC) by id: DATEADDED and the Mentions' times.

    The one map a GDELT export holds whole: it grows with the articles (some 150 bytes each), not
    with the events; the store has no lookup of ingest times by id to read it a page at a time."""
    return {row.id: row.ingested_at for row in walked(
        lambda after, limit: store.articles_by_id(after=after, limit=limit), lambda row: row.id)}


def export(store: Store, what: Kind, fmt: str, out: Path, *, mentions: bool = False) -> int:
    """Write every row of `what` to `out` in `fmt`; returns how many rows (or edges) were written.
    Events (and the network's edge weights) count real-world events unless `mentions`; `what`
    "mentions" is GDELT's Mentions table, written only as `fmt` "gdelt" (`export_mentions`)."""
    if what == "mentions":
        if fmt != "gdelt":
            raise ExportError("mentions are written as GDELT's Mentions table: use --format gdelt")
        return export_mentions(store, out)
    if fmt in NETWORK_FORMATS:
        return write_network(event_rows(store, mentions=mentions), fmt, out)
    if fmt in EVENT_FORMATS and what != "events":
        raise ExportError(f"--format {fmt} is an event format: use it with `tidings export events`")
    if fmt not in (*TABLE_FORMATS, *EVENT_FORMATS):
        formats = ", ".join((*TABLE_FORMATS, *EVENT_FORMATS, *NETWORK_FORMATS))
        raise ExportError(f"unknown format {fmt!r}: choose one of {formats}")
    if fmt == "gdelt":
        added = ingest_times(store)
        return write_tsv((gdelt_row(row, added.get(row.article_id))
                          for row in event_rows(store, mentions=mentions)), out)
    if fmt == "plover":
        return write_jsonl((plover_record(row) for row in event_rows(store, mentions=mentions)), out)
    rows = _dicts(store, what, mentions=mentions)
    if fmt == "csv":
        return write_csv(rows, out)
    if fmt == "jsonl":
        return write_jsonl(rows, out)
    return write_parquet(rows, out, row_type=row_type(what, mentions=mentions))


def _mention_rows(store: Store) -> Iterator[list[str]]:
    """GDELT Mentions rows, article by article (newest first), each article's tellings in text order."""
    added = ingest_times(store)
    for summary in walked(lambda after, limit: store.articles_by_id(after=after, limit=limit),
                          lambda row: row.id):
        tellings = store.events(article_id=summary.id, limit=EVERYTHING)
        article = store.get_article(summary.id) if tellings else None
        if article is None:
            continue
        analysis = store.get_analysis(summary.id) or {}
        about = analysis.get("article")
        tone = about.get("tone") if isinstance(about, dict) else None
        facts = ArticleFacts(summary.id, len(article.text), tone if isinstance(tone, int | float) else None,
                             summary.ingested_at, summary.source, summary.url, summary.title)
        for row in sorted(tellings, key=lambda row: (row.span_start is None, row.span_start or 0, row.id)):
            telling = store.event(row.key)
            if telling is not None:
                event_article = row.canonical.rpartition(":")[0]
                yield mention_row(telling, facts, article.text, added.get(event_article))


def export_mentions(store: Store, out: Path) -> int:
    """Write GDELT 2.0's Mentions table of every stored telling of an event (tidings.export_gdelt)
    to `out`; returns how many rows were written."""
    return write_tsv(_mention_rows(store), out)


# A spreadsheet reads a cell starting with one of these as a formula (CSV injection); tab and carriage
# return can hide one. OWASP's advice: prefix such a text cell with a single quote.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list | tuple) else value


def csv_cell(value: object) -> object:
    """A CSV cell: nested values as JSON, text that a spreadsheet would run as a formula made inert.

    Every CSV tidings writes goes through this (`write_csv` here, `--format csv` of the listing
    commands in tidings.render), so a title like `=HYPERLINK(...)` is inert wherever it is written.
    """
    value = _cell(value)
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _columns(rows: Sequence[Mapping[str, object]]) -> list[str]:
    return list(dict.fromkeys(key for row in rows for key in row))


def write_csv(rows: Iterable[Mapping[str, object]], out: Path) -> int:
    """Write `rows` as CSV with a header, cells made safe by `csv_cell`; returns how many rows.

    The columns are those of the rows of a list, else of the first row: an export's rows are all
    one kind of row, so they are written as they come."""
    rows_iter = iter(rows)
    if isinstance(rows, Sequence):
        columns = _columns(rows)
    else:
        first = next(rows_iter, None)
        columns = [] if first is None else list(first)
        rows_iter = chain(() if first is None else (first,), rows_iter)
    count = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows_iter:
            writer.writerow({key: csv_cell(value) for key, value in row.items()})
            count += 1
    return count


def write_jsonl(rows: Iterable[Mapping[str, object]], out: Path) -> int:
    """Write one JSON object a line; returns how many."""
    count = 0
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def _chunks(rows: Iterable[_Row], size: int) -> Iterator[list[_Row]]:
    """`rows` in lists of `size` (the last may be shorter)."""
    rows_iter = iter(rows)
    while chunk := list(islice(rows_iter, size)):
        yield chunk


def _arrow_type(hint: object) -> pyarrow.DataType:
    """The Arrow type of a row field typed `hint`: int, float and bool as themselves (None allowed),
    everything else (text, codes, places and lists written as JSON text) as string."""
    import pyarrow

    options = get_args(hint) if get_origin(hint) in (Union, UnionType) else (hint,)
    kinds = [option for option in options if option is not NoneType]
    scalars = {bool: pyarrow.bool_(), int: pyarrow.int64(), float: pyarrow.float64()}
    if len(kinds) == 1 and isinstance(kinds[0], type) and kinds[0] in scalars:
        return scalars[kinds[0]]
    return pyarrow.string()


def _parquet_schema(columns: Sequence[str], first: Sequence[Mapping[str, object]],
                    typed: type | None) -> pyarrow.Schema:
    """The file's schema: each column's type from `typed`'s field of that name, else from the
    values of the first chunk, a column of None there being string (a later chunk may fill it)."""
    import pyarrow

    hints = get_type_hints(typed) if typed is not None else {}
    types = []
    for column in columns:
        if column in hints:
            types.append(_arrow_type(hints[column]))
            continue
        found = pyarrow.array([_cell(row.get(column)) for row in first]).type
        types.append(pyarrow.string() if pyarrow.types.is_null(found) else found)
    return pyarrow.schema(list(zip(columns, types, strict=True)))


def write_parquet(rows: Iterable[Mapping[str, object]], out: Path, *, row_type: type | None = None) -> int:
    """Write `rows` as Parquet, one row group of PAGE rows at a time; returns how many rows.

    The columns are those of the first row group's rows, typed by `row_type`'s fields (tidings.rows)
    where it has one of the name, else by the first group's values; nested values are JSON text.
    No rows make a file of no columns."""
    import pyarrow
    import pyarrow.parquet

    chunks = _chunks(rows, PAGE)
    chunk = next(chunks, None)
    if chunk is None:
        pyarrow.parquet.write_table(pyarrow.Table.from_pylist([]), out)
        return 0
    columns = _columns(chunk)
    schema = _parquet_schema(columns, chunk, row_type)
    count = 0
    with pyarrow.parquet.ParquetWriter(out, schema) as writer:
        while chunk is not None:
            # column by column: one Arrow array each, no second list of the chunk's rows
            table = pyarrow.Table.from_arrays(
                [pyarrow.array([_cell(row.get(column)) for row in chunk], type=field.type)
                 for column, field in zip(columns, schema, strict=True)], schema=schema)
            writer.write_table(table)
            count += len(chunk)
            chunk = table = None  # let this page go before the next is read
            chunk = next(chunks, None)
    return count


def network(events: Iterable[EventRow]) -> networkx.DiGraph:
    """The actor network: nodes are actor names (with country, sector, kind), directed edges
    weighted by how many events go from one to the other."""
    import networkx

    graph = networkx.DiGraph()
    weights: Counter[tuple[str, str]] = Counter()
    for row in events:
        source, target = row.source_name, row.target_name
        if not source or not target or source == target:
            continue
        for actor in (row.side("source"), row.side("target")):
            graph.add_node(actor.name, label=actor.name, country=actor.country or "",
                           sector=actor.sector or "", kind=actor.kind or "")
        weights[(source, target)] += 1
    for (source, target), weight in weights.items():
        graph.add_edge(source, target, weight=weight)
    return graph


def write_network(events: Iterable[EventRow], fmt: str, out: Path) -> int:
    import networkx

    graph = network(events)
    if fmt == "gexf":
        networkx.write_gexf(graph, out)
    else:
        networkx.write_graphml(graph, out)
    return int(graph.number_of_edges())
