"""Exports in the formats the field's tools read: CSV, JSON Lines, Parquet, GDELT, PLOVER, GEXF, GraphML.

`export(store, what, fmt, out)` writes every stored row of one kind (articles, actors, events,
quotes) to `out`:
- csv, jsonl, parquet: the flat rows of the matching query (the columns `tidings events` etc.
  show), nested values (geo, topics) as JSON text in CSV and Parquet; a CSV text cell starting
  with = + - @, tab or carriage return gets a leading ' so spreadsheets do not run it as a formula;
- gdelt (events only): GDELT 2.0's 61-column, tab-separated event table without a header, in
  GDELT's column order, so scripts written for GDELT files read it;
- plover (events only): one PLOVER JSON record per line, with the field names of the PLOVER
  manual's Data Fields chapter (id, date, actor, recipient, event, mode, quad_code, ...);
- gexf, graphml (the actor network): one node per actor name, one edge per directed pair
  weighted by its number of events, written by networkx.
"""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from tidings.rows import EventRow, EventSide, MergedEventRow, stored_geo

if TYPE_CHECKING:
    import networkx

    from tidings.records import Json
    from tidings.store import Store

Kind = Literal["articles", "actors", "events", "quotes"]
KINDS: tuple[Kind, ...] = ("articles", "actors", "events", "quotes")
TABLE_FORMATS = ("csv", "jsonl", "parquet")
EVENT_FORMATS = ("gdelt", "plover")
NETWORK_FORMATS = ("gexf", "graphml")
# The queries page with LIMIT; exports want every row.
EVERYTHING = 2**62

# GDELT 2.0 event table columns, in file order (GDELT Event Codebook V2.0).
_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_GEO = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{name}" for name in _ACTOR), *(f"Actor2{name}" for name in _ACTOR),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{name}" for name in _GEO), *(f"Actor2Geo_{name}" for name in _GEO),
    *(f"ActionGeo_{name}" for name in _GEO), "DATEADDED", "SOURCEURL",
)


class ExportError(ValueError):
    """An export that cannot be made as asked; the message says which formats fit."""


def rows_of(store: Store, what: Kind, *, mentions: bool = False) -> list[dict[str, Json]]:
    """Every stored row of one kind as a flat dict, as the store's queries shape them; events are
    each real-world event once with its counts (Store.merged_events), or with `mentions` every telling."""
    if what == "articles":
        return [row.to_dict() for row in store.articles(limit=EVERYTHING)]
    if what == "actors":
        return [row.to_dict() for row in store.actors(limit=EVERYTHING)]
    if what == "events":
        return [row.to_dict() for row in event_rows(store, mentions=mentions)]
    if what == "quotes":
        return [row.to_dict() for row in store.quotes(limit=EVERYTHING)]
    raise ExportError(f"cannot export {what!r}: choose one of {', '.join(KINDS)}")


def event_rows(store: Store, *, mentions: bool = False) -> Sequence[EventRow]:
    """Every stored event: each real-world event once with its counts (Store.merged_events), or
    with `mentions` every telling (Store.events)."""
    return store.events(limit=EVERYTHING) if mentions else store.merged_events(limit=EVERYTHING)


def export(store: Store, what: Kind, fmt: str, out: Path, *, mentions: bool = False) -> int:
    """Write every row of `what` to `out` in `fmt`; returns how many rows (or edges) were written.
    Events (and the network's edge weights) count real-world events unless `mentions`."""
    if fmt in NETWORK_FORMATS:
        return write_network(event_rows(store, mentions=mentions), fmt, out)
    if fmt in EVENT_FORMATS and what != "events":
        raise ExportError(f"--format {fmt} is an event format: use it with `tidings export events`")
    if fmt not in (*TABLE_FORMATS, *EVENT_FORMATS):
        formats = ", ".join((*TABLE_FORMATS, *EVENT_FORMATS, *NETWORK_FORMATS))
        raise ExportError(f"unknown format {fmt!r}: choose one of {formats}")
    if fmt in EVENT_FORMATS:
        events = event_rows(store, mentions=mentions)
        if fmt == "gdelt":
            write_gdelt(events, out)
        else:
            write_jsonl([plover_record(row) for row in events], out)
        return len(events)
    rows = rows_of(store, what, mentions=mentions)
    if fmt == "csv":
        write_csv(rows, out)
    elif fmt == "jsonl":
        write_jsonl(rows, out)
    else:
        write_parquet(rows, out)
    return len(rows)


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


def write_csv(rows: Sequence[Mapping[str, object]], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=_columns(rows))
        writer.writeheader()
        writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows)


def write_jsonl(rows: Sequence[Mapping[str, object]], out: Path) -> None:
    with out.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_parquet(rows: Sequence[Mapping[str, object]], out: Path) -> None:
    import pyarrow
    import pyarrow.parquet

    columns = _columns(rows)
    table = pyarrow.Table.from_pylist([{key: _cell(row.get(key)) for key in columns} for row in rows])
    pyarrow.parquet.write_table(table, out)


def _global_id(key: str) -> int:
    # A stable 63-bit number per event key, so re-exports keep GDELT ids.
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") >> 1


def _compact_date(value: str | None) -> str:
    return (value or "")[:10].replace("-", "")


def _fraction(day: str) -> str:
    if len(day) < 8:
        return ""
    year, month, date = int(day[:4]), int(day[4:6]), int(day[6:8])
    return f"{year + ((month - 1) * 30 + date) / 365:.4f}"


def _counts(row: EventRow) -> tuple[int, int, int]:
    """Tellings, outlets and articles of the event: a merged event's counts, else one of each."""
    if not isinstance(row, MergedEventRow):
        return 1, 1, 1
    return row.mentions or 1, row.outlets or 1, row.articles or 1


def gdelt_row(row: EventRow) -> list[str]:
    """One event as GDELT 2.0's 61 columns; what tidings does not know stays empty.

    Dates are the event's own (else the article's publication date). Actor codes are CAMEO
    (country + sector); geography is the event's place, with its ISO country where GDELT
    puts a FIPS code (there is no FIPS table here). NumMentions, NumSources and NumArticles are
    the merged event's counts of tellings, outlets and articles (1 for a row of one mention).
    """
    day = _compact_date(row.date) or _compact_date(row.published)
    day = day if len(day) == 8 else ""
    mentions, outlets, articles = _counts(row)
    values: dict[str, str | int | float | None] = {
        "GLOBALEVENTID": _global_id(row.key), "SQLDATE": day, "MonthYear": day[:6], "Year": day[:4],
        "FractionDate": _fraction(day), "IsRootEvent": 1, "EventCode": row.cameo,
        "EventBaseCode": row.cameo[:3], "EventRootCode": row.root, "QuadClass": row.quad_class,
        "GoldsteinScale": row.goldstein, "NumMentions": mentions, "NumSources": outlets,
        "NumArticles": articles, "AvgTone": row.tone, "DATEADDED": _compact_date(row.published) + "000000",
        "SOURCEURL": row.url or "",
    }
    for number, actor in ((1, row.side("source")), (2, row.side("target"))):
        if actor.id is None:
            continue
        values[f"Actor{number}Code"] = actor.cameo
        values[f"Actor{number}Name"] = (actor.name or "").upper()
        values[f"Actor{number}CountryCode"] = actor.country
        values[f"Actor{number}Type1Code"] = actor.sector
    if row.geo is not None:
        values.update({"ActionGeo_Type": 4, "ActionGeo_FullName": row.geo.name,
                       "ActionGeo_CountryCode": row.geo.country, "ActionGeo_Lat": row.geo.lat,
                       "ActionGeo_Long": row.geo.lon})
    return ["" if values.get(column) is None else str(values[column]) for column in GDELT_COLUMNS]


def write_gdelt(rows: Sequence[EventRow], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                            escapechar="\\")
        for row in rows:
            writer.writerow(cell.replace("\t", " ").replace("\n", " ") for cell in gdelt_row(row))


def _entity(actor: EventSide) -> list[Json]:
    if actor.id is None:
        return []
    entity: dict[str, Json] = {"code": actor.cameo or actor.country, "name": actor.name,
                               "country": actor.country, "sector": actor.sector}
    return [{key: value for key, value in entity.items() if value is not None}]


def plover_record(row: EventRow) -> dict[str, Json]:
    """One event as a PLOVER JSON record (PLOVER manual, Data Fields), plus tidings' own fields."""
    record: dict[str, Json] = {
        "id": row.key, "date": row.date if row.date_precision == "day" else None,
        "actor": _entity(row.side("source")), "recipient": _entity(row.side("target")),
        "event": [row.plover] if row.plover and row.plover != "OTHER" else [],
        "quad_code": row.quad_class, "event_scale": row.goldstein,
        "event_text": [row.trigger] if row.trigger else [], "text": row.sentence,
        "event_loc": stored_geo(row.geo), "coder": row.coder,
        "cite_info": {"url": row.url, "title": row.title, "published": row.published},
        "cameo": row.cameo, "modality": row.modality,
    }
    if record["date"] is None and row.date:
        record["date_text"] = row.date  # a month or year: PLOVER's date wants a whole day
    return record


def network(events: Sequence[EventRow]) -> networkx.DiGraph:
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


def write_network(events: Sequence[EventRow], fmt: str, out: Path) -> int:
    import networkx

    graph = network(events)
    if fmt == "gexf":
        networkx.write_gexf(graph, out)
    else:
        networkx.write_graphml(graph, out)
    return int(graph.number_of_edges())
