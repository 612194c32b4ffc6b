"""The typed records become the contract's dicts (analysis.schema.json) in `Analysis.to_dict()`,
keys in the contract's order, and read back from them unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from tidings.model import Analysis, Article, Removed, Skip
from tidings.records import Actor, Event, Evidence, Geo, Mention, Quote

SCHEMA = json.loads((Path(__file__).resolve().parents[1] / "src" / "tidings" / "schema"
                     / "analysis.schema.json").read_text(encoding="utf-8"))

TEXT = "Blinken met Liu in Beijing. \u201cWe want peace,\u201d Liu said."
BLINKEN = Actor(id="a1", name="Antony Blinken", kind="person", country="USA", sector="GOV",
                roles=("Secretary of State",), mentions=(Mention(0, 7, "Blinken", "name"),))
LIU = Actor(id="a2", name="Liu Jianchao", kind="person", country="CHN", sector=None, roles=(),
            mentions=(Mention(12, 15, "Liu", "name"), Mention(45, 48, "Liu", "name")))
UN = Actor(id="a3", name="United Nations", kind="organization", country=None, sector="IGO", roles=(),
           mentions=())
MEETING = Event(id="e1", source="a1", target="a2", cameo="040", root="04", quad_class=1, goldstein=1.0,
                plover="CONSULT", date="2024-04-26", date_precision="day", date_text="on Friday",
                location="Beijing", geo=Geo("Beijing", "CHN", 39.9, 116.4, "clause"), tone=0.0,
                modality="asserted",
                topics=("diplomacy",), quote=None,
                evidence=Evidence(sentence="Blinken met Liu in Beijing.", span=(0, 27), trigger="met",
                                  trigger_span=(8, 11)),
                confidence=0.9, coder="tidings-events/0.1")
QUOTE = Quote(id="q1", text="We want peace,", span=(28, 44), kind="direct", speaker="a2",
              speaker_span=(45, 48), cue="said", addressee=None, via=None)
ANALYSIS = Analysis(
    article=Article(id="x1", text=TEXT, published="2024-04-26",
                    removed=(Removed("Share this", "boilerplate"),)),
    actors=(BLINKEN, LIU, UN), events=(MEETING,), quotes=(QUOTE,))


def test_the_dict_has_the_contracts_keys_in_order() -> None:
    record = ANALYSIS.to_dict()
    assert list(record) == ["article", "actors", "events", "quotes"]
    assert list(record["actors"][0]) == [
        "id", "name", "kind", "country", "sector", "cameo", "roles", "mentions"]
    assert list(record["actors"][0]["mentions"][0]) == ["start", "end", "text", "how"]
    assert list(record["events"][0]) == [
        "id", "source", "target", "cameo", "root", "quad_class", "goldstein", "plover", "date",
        "date_precision", "date_text", "location", "geo", "tone", "modality", "topics", "quote", "sentence",
        "span", "trigger", "trigger_span", "confidence", "coder"]
    assert list(record["events"][0]["geo"]) == ["name", "country", "lat", "lon", "how"]
    assert list(record["quotes"][0]) == ["id", "text", "span", "kind", "speaker", "speaker_span", "cue",
                                         "addressee", "via"]


def test_the_keys_the_schema_lists_come_in_its_order() -> None:
    record = ANALYSIS.to_dict()
    jsonschema.Draft202012Validator(SCHEMA).validate(record)
    properties = SCHEMA["properties"]
    for part in ("actors", "events", "quotes"):
        listed = list(properties[part]["items"]["properties"])
        assert [key for key in record[part][0] if key in listed] == listed, part


def test_values_are_json_shaped() -> None:
    record = ANALYSIS.to_dict()
    assert record["actors"][0] == {
        "id": "a1", "name": "Antony Blinken", "kind": "person", "country": "USA", "sector": "GOV",
        "cameo": "USAGOV", "roles": ["Secretary of State"],
        "mentions": [{"start": 0, "end": 7, "text": "Blinken", "how": "name"}]}
    assert record["actors"][2]["cameo"] == "IGO"  # a body of no country
    event = record["events"][0]
    assert (event["span"], event["trigger_span"], event["topics"]) == ([0, 27], [8, 11], ["diplomacy"])
    assert record["quotes"][0]["speaker_span"] == [45, 48]
    assert json.loads(json.dumps(record)) == record  # lists, not tuples: what JSON gives back


def test_records_read_back_from_their_dicts() -> None:
    record = json.loads(json.dumps(ANALYSIS.to_dict()))
    assert tuple(Actor.from_dict(actor) for actor in record["actors"]) == ANALYSIS.actors
    assert tuple(Event.from_dict(event) for event in record["events"]) == ANALYSIS.events
    assert tuple(Quote.from_dict(quote) for quote in record["quotes"]) == ANALYSIS.quotes
    unplaced = Quote(id="q2", text="peace", span=(1, 2), kind="indirect", speaker=None, speaker_span=None,
                     cue=None, addressee=None, via=None)
    assert Quote.from_dict(json.loads(json.dumps(unplaced.to_dict()))) == unplaced


def test_a_skipped_analysis_says_why() -> None:
    skipped = Analysis(article=ANALYSIS.article, skipped=Skip("x", "not-english", "detected fr"))
    assert skipped.to_dict()["skipped"] == {"reason": "not-english", "detail": "detected fr"}
    assert skipped.to_dict()["actors"] == []


def test_a_place_read_back_without_how_has_none() -> None:
    """Analyses made before geo.how existed still read."""
    assert Geo.from_dict({"name": "Beijing", "country": "CHN", "lat": 39.9, "lon": 116.4}).how is None
