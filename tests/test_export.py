"""Exports: each format read back by the tool its users open it with (pandas, DuckDB, networkx)."""

from __future__ import annotations

import csv
import dataclasses
import json
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import networkx
import pandas
import pytest

from tests.cli_run import run_on
from tests.store.test_event_store import ANKARA, TOKYO
from tidings.export import GDELT_COLUMNS, ExportError, export, gdelt_row, plover_record, write_parquet
from tidings.export_plover import plover_map
from tidings.records import Geo
from tidings.rows import EventRow, MergedEventRow
from tidings.store import open_store

MERGED_FIELDS = ("mentions", "articles", "outlets", "first_report", "last_report")


def event_row(**given: Any) -> EventRow:
    """An event row with the `given` fields and None for the rest (a merged one when a count is given)."""
    fields = {field.name: None for field in dataclasses.fields(EventRow)}
    fields.update(key="a:e1", article_id="a", id="e1", cameo="040", root="04", canonical="a:e1")
    counts = {name: given.pop(name, None) for name in MERGED_FIELDS}
    fields.update(given)
    if any(value is not None for value in counts.values()):
        return MergedEventRow(**fields, **counts)
    return EventRow(**fields)


@pytest.fixture(scope="module")
def db(events_db: Path) -> Path:
    return events_db


def exported(db: Path, tmp_path: Path, what: str, fmt: str) -> Path:
    out = tmp_path / f"{what}.{fmt}"
    with open_store(db, create=True) as store:
        export(store, what, fmt, out)  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("what", ["articles", "actors", "events"])
def test_csv_and_parquet_open_in_pandas_and_duckdb(db, tmp_path, what):
    with open_store(db, create=True) as store:
        expected = len({"articles": store.articles, "actors": store.actors, "events": store.events,
                        "quotes": store.quotes}[what](limit=1000))
    assert expected > 0
    for fmt in ("csv", "parquet"):
        path = exported(db, tmp_path, what, fmt)
        frame = pandas.read_csv(path) if fmt == "csv" else pandas.read_parquet(path)
        assert len(frame) == expected
        reader = "read_csv_auto" if fmt == "csv" else "read_parquet"
        assert duckdb.sql(f"SELECT count(*) FROM {reader}('{path}')").fetchall() == [(expected,)]


def test_event_csv_keeps_codes_as_written(db, tmp_path):
    with exported(db, tmp_path, "events", "csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_key = {row["key"]: row for row in rows}
    assert by_key[f"{TOKYO}:e1"]["cameo"] == "040"  # the leading zero survives
    assert by_key[f"{TOKYO}:e1"]["source_cameo"] == "USAGOV"


def test_jsonl_round_trips(db, tmp_path):
    lines = exported(db, tmp_path, "events", "jsonl").read_text(encoding="utf-8").splitlines()
    with open_store(db, create=True) as store:
        merged = [row.to_dict() for row in store.merged_events(limit=1000)]
        assert [json.loads(line) for line in lines] == merged
    mentions = tmp_path / "mentions.jsonl"
    with open_store(db, create=True) as store:
        export(store, "events", "jsonl", mentions, mentions=True)
        lines = mentions.read_text(encoding="utf-8").splitlines()
        # every telling in key order (article, then event id): an export's deep pages are read by key
        in_key_order = sorted(store.events(limit=1000), key=lambda row: (row.article_id, row.id))
        assert [json.loads(line) for line in lines] == [row.to_dict() for row in in_key_order]


def test_gdelt_counts_are_those_of_the_merged_event():
    row = event_row(date="2024-01-12", quad_class=1, goldstein=1.0, mentions=5, outlets=3, articles=4)
    values = dict(zip(GDELT_COLUMNS, gdelt_row(row), strict=True))
    assert (values["NumMentions"], values["NumSources"], values["NumArticles"]) == ("5", "3", "4")


def test_gdelt_file_has_gdelts_61_columns_in_order(db, tmp_path):
    path = exported(db, tmp_path, "events", "gdelt")
    frame = pandas.read_csv(path, sep="\t", header=None, names=list(GDELT_COLUMNS), dtype=str)
    assert len(GDELT_COLUMNS) == 61 and frame.shape == (5, 61)
    meeting = frame[frame["Actor1Name"] == "ANTONY BLINKEN"].iloc[0]
    assert (meeting["EventCode"], meeting["EventRootCode"], meeting["QuadClass"]) == ("040", "04", "1")
    assert (meeting["Actor1Code"], meeting["Actor2Code"]) == ("USAGOV", "JPNGOV")
    assert meeting["SQLDATE"].isdigit() and len(meeting["SQLDATE"]) == 8
    assert frame["GLOBALEVENTID"].is_unique


def test_gdelt_ids_are_stable_and_text_cannot_break_the_row():
    row = event_row(date="2024-01-12", quad_class=1, goldstein=1.0, source="a1", source_name="Tab\there",
                    url="http://x/\tnew\nline")
    first = gdelt_row(row)
    assert first == gdelt_row(row) and len(first) == 61
    assert first[GDELT_COLUMNS.index("SQLDATE")] == "20240112"


def test_plover_records_use_the_manuals_field_names(db, tmp_path):
    records = [json.loads(line) for line in
               exported(db, tmp_path, "events", "plover").read_text(encoding="utf-8").splitlines()]
    meeting = next(r for r in records if r["id"] == f"{TOKYO}:e1")
    assert meeting["event"] == ["CONSULT"] and meeting["quad_code"] == 1
    assert meeting["actor"][0]["code"] == "USAGOV" and meeting["recipient"][0]["country"] == "JPN"
    assert meeting["text"]  # the evidence sentence travels with the record


def test_plover_month_dates_are_not_passed_off_as_days():
    record = plover_record(event_row(date="2024-03", date_precision="month", plover="CONSULT"))
    assert record["date"] is None and record["date_text"] == "2024-03"


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_network_reads_back_in_networkx(db, tmp_path, fmt):
    path = exported(db, tmp_path, "events", fmt)
    graph = networkx.read_gexf(path) if fmt == "gexf" else networkx.read_graphml(path)
    assert graph.is_directed()
    assert graph.has_edge("Antony Blinken", "Yoko Kamikawa")
    assert graph.nodes["Antony Blinken"]["country"] == "USA"
    assert all(data["weight"] >= 1 for _s, _t, data in graph.edges(data=True))


def test_event_formats_refuse_other_kinds(db, tmp_path):
    with open_store(db, create=True) as store, pytest.raises(ExportError, match="event format"):
        export(store, "quotes", "gdelt", tmp_path / "q.tsv")


def test_cli_export(db, tmp_path):
    out = tmp_path / "events.parquet"
    proc = run_on(db, "export", "events", "-f", "parquet", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "5 events" in proc.stderr
    assert set(pandas.read_parquet(out)["key"]) >= {f"{TOKYO}:e1", f"{ANKARA}:e1"}
    refused = run_on(db, "export", "network", "-f", "csv", "-o", str(tmp_path / "n.csv"))
    assert refused.returncode == 1 and "gexf or graphml" in refused.stderr


def test_plover_mode_and_context_as_the_manual_names_them():
    # CAMEO 042 "make a visit" is CONSULT, mode visit (CAMEO2PLOVER); a planned visit adds the
    # auxiliary mode future; its topics trade and alliance give the contexts economic, military
    # and diplomatic; a place name among the topics gives none.
    record = plover_record(event_row(cameo="042", plover="CONSULT", modality="intended",
                                     topics=("trade", "Taiwan", "alliance")))
    assert record["mode"] == ["visit", "future"]
    assert record["context"] == ["economic", "military", "diplomatic"]
    denied = plover_record(event_row(cameo="138", plover="THREATEN", modality="negated", topics=()))
    assert (denied["mode"], denied["context"]) == (["violence", "negation"], [])
    plain = plover_record(event_row(cameo="040", plover="CONSULT", modality="asserted", topics=("war",)))
    assert (plain["mode"], plain["context"]) == ([], ["military"])


def test_plover_file_carries_mode_and_context(db, tmp_path):
    records = [json.loads(line) for line in
               exported(db, tmp_path, "events", "plover").read_text(encoding="utf-8").splitlines()]
    assert all(isinstance(r["mode"], list) and isinstance(r["context"], list) for r in records)
    threat = next(r for r in records if r["id"] == f"{TOKYO}:e3")  # "did not threaten": negated
    assert "negation" in threat["mode"]
    meeting = next(r for r in records if r["id"] == f"{TOKYO}:e1")
    assert meeting["event_loc"]["resolved_place"] == "Tokyo" and meeting["event_loc"]["resolution"] == 4


def test_every_topic_has_a_plover_context():
    # A topic added to topics.toml without a PLOVER context would leave its events' context empty.
    topics = tomllib.loads(resources.files("tidings.data.events").joinpath("topics.toml")
                           .read_text(encoding="utf-8"))["topics"]
    mapped = {ours for field, ours in plover_map() if field == "context"}
    assert set(topics) <= mapped


@pytest.mark.parametrize("mentions", [False, True])
def test_exports_read_page_by_page_without_losing_a_row(db, tmp_path, monkeypatch, mentions):
    whole = tmp_path / "whole.jsonl"
    with open_store(db) as store:
        export(store, "events", "jsonl", whole, mentions=mentions)
        monkeypatch.setattr("tidings.export.PAGE", 2)  # five events: pages of 2, 2 and 1
        paged = tmp_path / "paged.jsonl"
        assert export(store, "events", "jsonl", paged, mentions=mentions) == 5
    assert paged.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")


@dataclasses.dataclass(frozen=True, slots=True)
class ChosenGeo(Geo):
    """A place with how it was chosen, as the store keeps it once places say so (geo.how)."""

    how: str


def test_plover_location_uses_the_manuals_names_and_says_how_it_was_chosen():
    geo = ChosenGeo("Kharkiv", "UKR", 49.98, 36.25, "sentence")
    location = plover_record(event_row(location="Kharkiv", geo=geo))["event_loc"]
    assert location == {"extracted_place": "Kharkiv", "resolved_place": "Kharkiv", "lat": 49.98, "lon": 36.25,
                        "country_code": "UKR", "resolution": 4, "how": "sentence"}
    country = plover_record(event_row(geo=Geo("Ukraine", "UKR", 50.45466, 30.5238)))["event_loc"]
    assert country["resolution"] == 1 and "how" not in country


@pytest.mark.parametrize("mentions", [False, True])
def test_parquet_written_a_row_group_a_page_reads_back_as_one_table(db, tmp_path, monkeypatch, mentions):
    import pyarrow.parquet

    whole = tmp_path / "whole.parquet"
    with open_store(db) as store:
        export(store, "events", "parquet", whole, mentions=mentions)
        monkeypatch.setattr("tidings.export.PAGE", 2)  # five events: row groups of 2, 2 and 1
        paged = tmp_path / "paged.parquet"
        assert export(store, "events", "parquet", paged, mentions=mentions) == 5
    assert pyarrow.parquet.ParquetFile(paged).num_row_groups == 3
    assert pyarrow.parquet.read_table(paged).equals(pyarrow.parquet.read_table(whole))


def test_parquet_types_come_from_the_row_not_the_first_row_group(tmp_path, monkeypatch):
    import pyarrow
    import pyarrow.parquet

    # The first row group has no Goldstein score, no topics and no `note`; the second has them.
    rows = [event_row().to_dict() | {"note": None}, event_row().to_dict() | {"note": None},
            event_row(goldstein=-2.0, quad_class=3, topics=("trade",)).to_dict() | {"note": "late"}]
    monkeypatch.setattr("tidings.export.PAGE", 2)
    out = tmp_path / "events.parquet"
    assert write_parquet(iter(rows), out, row_type=EventRow) == 3
    table = pyarrow.parquet.read_table(out)
    assert table.schema.field("goldstein").type == pyarrow.float64()
    assert table.schema.field("quad_class").type == pyarrow.int64()
    assert table.schema.field("note").type == pyarrow.string()  # not a field of EventRow: widened
    assert table.column("goldstein").to_pylist() == [None, None, -2.0]
    assert table.column("topics").to_pylist() == [None, None, '["trade"]']
    assert table.column("note").to_pylist() == [None, None, "late"]
