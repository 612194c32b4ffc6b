"""GDELT exports true to GDELT's files: SQLDATE on every row, DATEADDED the time the row was added,
ActionGeo from the event's place, and the Mentions table, one row per telling of an event."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import pandas
import pytest

from tests.analyses import analysis_of
from tests.cli_run import run_on
from tests.store.test_event_store import ANKARA, ANKARA_TEXT, TOKYO, TOKYO_TEXT, actor, event
from tests.store.test_event_store import build as build_events
from tests.test_export import event_row
from tests.test_unnamed_source import build as build_story
from tidings.export import GDELT_COLUMNS, MENTION_COLUMNS, export, gdelt_row
from tidings.export_gdelt import global_id, place_type
from tidings.model import Article
from tidings.records import Geo
from tidings.store import Store, open_store

UNDATED = "cccc000000000003"
UNDATED_TEXT = "Germany sent aid to Ukraine."


def read_tsv(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [dict(zip(columns, line, strict=True))
                for line in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return rows


def ingested(store: Store) -> dict[str, str]:
    """Each article's ingest time as GDELT writes a time: YYYYMMDDHHMMSS."""
    return {row.id: "".join(ch for ch in row.ingested_at[:19] if ch.isdigit())
            for row in store.articles(limit=100)}


def gdelt_rows(db: Path, tmp_path: Path, *, mentions: bool = False) -> dict[str, dict[str, str]]:
    """The GDELT event rows of the database by GLOBALEVENTID."""
    out = tmp_path / "events.tsv"
    with open_store(db) as store:
        export(store, "events", "gdelt", out, mentions=mentions)
    return {row["GLOBALEVENTID"]: row for row in read_tsv(out, GDELT_COLUMNS)}


@pytest.fixture(scope="module")
def db(events_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Tokyo and Ankara articles, plus an article with no date whose event has none either."""
    path = tmp_path_factory.mktemp("gdelt") / "t.db"
    path.write_bytes(events_db.read_bytes())
    with open_store(path) as store:
        article = Article(id=UNDATED, text=UNDATED_TEXT, title="Aid")
        store.upsert_article(article)
        store.save_analysis(UNDATED, analysis_of(article, actors=[
            actor("a1", "Germany", "country", "DEU", None, UNDATED_TEXT),
            actor("a2", "Ukraine", "country", "UKR", None, UNDATED_TEXT)],
            events=[event("e1", "a1", "a2", "070", "AID", UNDATED_TEXT, "Germany", "sent", date=None)]))
    return path


def test_every_gdelt_row_has_sqldate(db, tmp_path):
    rows = gdelt_rows(db, tmp_path, mentions=True)
    with open_store(db) as store:
        added = ingested(store)
    assert all(len(row["SQLDATE"]) == 8 and row["SQLDATE"].isdigit() for row in rows.values())
    # A month-dated event (Tokyo e2, "2024-03") and an undated one (e3): the article's day, 2024-03-02.
    assert rows[str(global_id(f"{TOKYO}:e2"))]["SQLDATE"] == "20240302"
    assert rows[str(global_id(f"{TOKYO}:e3"))]["SQLDATE"] == "20240302"
    # No date anywhere: the day the article was added.
    undated = rows[str(global_id(f"{UNDATED}:e1"))]
    assert undated["SQLDATE"] == added[UNDATED][:8]
    assert (undated["MonthYear"], undated["Year"]) == (added[UNDATED][:6], added[UNDATED][:4])


def test_sqldate_of_a_month_the_article_is_not_in_is_its_first_day():
    row = event_row(date="2024-03", date_precision="month", published="2024-05-20")
    assert gdelt_row(row)[GDELT_COLUMNS.index("SQLDATE")] == "20240301"
    assert gdelt_row(event_row(date=None))[GDELT_COLUMNS.index("SQLDATE")] == ""  # nothing is dated


def test_dateadded_is_when_the_row_was_added(db, tmp_path):
    rows = gdelt_rows(db, tmp_path)
    with open_store(db) as store:
        added = ingested(store)
    meeting = rows[str(global_id(f"{TOKYO}:e1"))]
    assert meeting["SQLDATE"] == "20240301"  # the event's own day
    assert meeting["DATEADDED"] == added[TOKYO] and len(meeting["DATEADDED"]) == 14
    assert rows[str(global_id(f"{ANKARA}:e1"))]["DATEADDED"] == added[ANKARA]


def test_action_geo_is_the_events_place(db, tmp_path):
    meeting = gdelt_rows(db, tmp_path)[str(global_id(f"{TOKYO}:e1"))]
    # Tokyo: a world city (type 4), Japan's FIPS 10-4 code JA as GDELT writes it.
    assert (meeting["ActionGeo_Type"], meeting["ActionGeo_FullName"]) == ("4", "Tokyo")
    assert meeting["ActionGeo_CountryCode"] == "JA"
    assert (float(meeting["ActionGeo_Lat"]), float(meeting["ActionGeo_Long"])) == (35.69, 139.69)
    # The hand-built undated event has no place: its ActionGeo columns stay empty, never zeros.
    unplaced = gdelt_rows(db, tmp_path)[str(global_id(f"{UNDATED}:e1"))]
    assert unplaced["ActionGeo_Type"] == unplaced["ActionGeo_FullName"] == unplaced["ActionGeo_Lat"] == ""


@pytest.mark.parametrize(("geo", "kind"), [
    (Geo("Ukraine", "UKR", 50.45466, 30.5238), (1, "UP")),       # a country: its FIPS code as ADM1
    (Geo("Texas", "USA", 31.5, -99.3), (2, "USTX")),              # a state at the gazetteer's centre
    (Geo("Washington", "USA", 47.4, -120.5), (2, "USWA")),
    (Geo("Washington", "USA", 38.89511, -77.03637), (3, None)),   # the city of the same name
    (Geo("Kharkiv", "UKR", 49.98, 36.25), (4, None)),
])
def test_action_geo_type_follows_the_kind_of_place(geo, kind):
    assert place_type(geo) == kind


# -- the Mentions table --------------------------------------------------------------------------

def mention_rows(db: Path, tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / "mentions.tsv"
    with open_store(db) as store:
        written = export(store, "mentions", "gdelt", out)
    rows = read_tsv(out, MENTION_COLUMNS)
    assert written == len(rows)
    return rows


def telling(rows: list[dict[str, str]], key: str) -> Mapping[str, str]:
    """The row of the telling `key` of an event told once (its GLOBALEVENTID is its own key's)."""
    (row,) = [row for row in rows if row["GLOBALEVENTID"] == str(global_id(key))]
    return row


def test_mentions_give_article_offsets_and_confidence(db, tmp_path):
    rows = mention_rows(db, tmp_path)
    with open_store(db) as store:
        assert len(rows) == store.count_events()
        added = ingested(store)
    met = telling(rows, f"{TOKYO}:e1")
    assert met["ActionCharOffset"] == str(TOKYO_TEXT.index("met"))
    assert met["Actor1CharOffset"] == str(TOKYO_TEXT.index("Antony Blinken"))
    assert met["Actor2CharOffset"] == str(TOKYO_TEXT.index("Yoko Kamikawa"))
    assert (met["Confidence"], met["InRawText"]) == ("80", "1")
    assert met["MentionDocLen"] == str(len(TOKYO_TEXT))
    assert (met["MentionType"], met["MentionIdentifier"]) == ("1", "https://example.com/tokyo")
    assert met["MentionSourceName"] == "example.com"
    assert met["EventTimeDate"] == met["MentionTimeDate"] == added[TOKYO]
    # Not stored, so not guessed: the sentence's number in the article.
    assert met["SentenceID"] == ""
    # An article without a URL is cited by its title (GDELT's MentionType 2, citation only).
    criticised = telling(rows, f"{ANKARA}:e1")
    assert criticised["ActionCharOffset"] == str(ANKARA_TEXT.index("criticised"))
    assert (criticised["MentionType"], criticised["MentionIdentifier"]) == ("2", "Wang and Erdoğan")


def test_mentions_of_one_event_share_its_id(tmp_path):
    db = tmp_path / "story.db"
    with open_store(db, create=True) as store:
        build_story(store)
    rows = mention_rows(db, tmp_path)
    (event_id,) = {row["GLOBALEVENTID"] for row in rows}  # two articles, one event
    assert len(rows) == 2
    assert event_id in gdelt_rows(db, tmp_path)
    assert {row["MentionIdentifier"] for row in rows} == {"https://example.org/a", "https://example.net/b"}
    # The article whose doer is unnamed has no Actor1 offset (-1, as GDELT writes one not found).
    unnamed = next(row for row in rows if row["MentionIdentifier"] == "https://example.org/a")
    assert unnamed["Actor1CharOffset"] == "-1"


def test_cli_exports_mentions(db, tmp_path):
    out = tmp_path / "mentions.tsv"
    proc = run_on(db, "export", "mentions", "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    frame = pandas.read_csv(out, sep="\t", header=None, names=list(MENTION_COLUMNS), dtype=str)
    assert len(frame) == 6 and "6 mentions" in proc.stderr
    refused = run_on(db, "export", "mentions", "-f", "csv", "-o", str(out))
    assert refused.returncode == 1 and "--format gdelt" in refused.stderr
    helped = run_on(db, "export", "--help")
    assert "Mentions table" in helped.stdout


def test_gdelt_exports_on_sqlite_and_postgresql(store_target, tmp_path):
    with open_store(store_target, create=True) as store:
        build_events(store)
        added = ingested(store)
        export(store, "events", "gdelt", tmp_path / "events.tsv")
        export(store, "mentions", "gdelt", tmp_path / "mentions.tsv")
    events = {row["GLOBALEVENTID"]: row for row in read_tsv(tmp_path / "events.tsv", GDELT_COLUMNS)}
    assert events[str(global_id(f"{TOKYO}:e1"))]["DATEADDED"] == added[TOKYO]
    mentions = read_tsv(tmp_path / "mentions.tsv", MENTION_COLUMNS)
    assert telling(mentions, f"{TOKYO}:e1")["Actor2CharOffset"] == str(TOKYO_TEXT.index("Yoko Kamikawa"))
