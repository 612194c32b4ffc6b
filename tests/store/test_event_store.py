"""Event listings and one event's evidence in the store, on hand-built analyses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.analyses import analysis_of
from tidings.model import Article
from tidings.records import Mention
from tidings.rows import EventRow, Mark
from tidings.store import Store, open_store
from tidings.store.events import AmbiguousKey, event_key, mark_sentence

TOKYO = "aaaa000000000001"
ANKARA = "bbbb000000000002"

TOKYO_TEXT = ("Antony Blinken met Yoko Kamikawa in Tokyo on Friday. China accused the United States of "
              "meddling. Beijing did not threaten Taiwan, officials said.")
ANKARA_TEXT = "Wang Yi criticised Washington on Tuesday. Erdoğan called Xi Jinping last week."


def mentions(text: str, *words: str) -> list[dict]:
    """Mentions of each word at its first occurrence in text (a (word, n) pair: the n-th)."""
    found = []
    for word in words:
        start = text.index(word)
        found.append({"start": start, "end": start + len(word), "text": word, "how": "name"})
    return found


def actor(actor_id: str, name: str, kind: str, country: str | None, sector: str | None, text: str,
          *said: str) -> dict:
    return {"id": actor_id, "name": name, "kind": kind, "country": country, "sector": sector,
            "cameo": (country or "") + (sector or "") or None, "roles": [],
            "mentions": mentions(text, *(said or (name,)))}


def event(event_id: str, source: str | None, target: str | None, cameo: str, plover: str, text: str,
          sentence_start: str, trigger: str, *, date: str | None, precision: str = "day",
          modality: str = "asserted", **extra) -> dict:
    start = text.index(sentence_start)
    end = text.index(".", start) + 1
    quad = {"04": 1, "11": 3, "13": 3}.get(cameo[:2], 1)
    return {"id": event_id, "source": source, "target": target, "cameo": cameo, "root": cameo[:2],
            "quad_class": quad, "goldstein": 1.0 if quad == 1 else -2.0, "plover": plover, "date": date,
            "date_precision": precision if date else "unknown", "date_text": extra.pop("date_text", None),
            "modality": modality, "sentence": text[start:end], "span": [start, end], "trigger": trigger,
            "confidence": 0.8, **extra}


def build(store: Store) -> None:
    """Two articles: Tokyo (2024-03-02, three events) and Ankara (2023-12-20, two events)."""
    tokyo = Article(id=TOKYO, text=TOKYO_TEXT, title="Blinken in Tokyo", url="https://example.com/tokyo",
                    published="2024-03-02")
    store.upsert_article(tokyo)
    t = TOKYO_TEXT
    store.save_analysis(TOKYO, analysis_of(
        tokyo,
        actors=[
            actor("a1", "Antony Blinken", "person", "USA", "GOV", t),
            actor("a2", "Yoko Kamikawa", "person", "JPN", "GOV", t),
            actor("a3", "China", "country", "CHN", None, t, "China", "Beijing"),
            actor("a4", "United States", "country", "USA", None, t),
            actor("a5", "Taiwan", "country", "TWN", None, t),
        ],
        events=[
            event("e1", "a1", "a2", "040", "CONSULT", t, "Antony", "met", date="2024-03-01",
                  date_text="on Friday", location="Tokyo", tone=0.4, topics=["diplomacy"],
                  geo={"name": "Tokyo", "country": "JPN", "lat": 35.69, "lon": 139.69},
                  coder="tidings-events 0.1"),
            event("e2", "a3", "a4", "112", "ACCUSE", t, "China accused", "accused", date="2024-03",
                  precision="month", coder="tidings-events 0.1"),
            event("e3", "a3", "a5", "138", "THREATEN", t, "Beijing", "threaten", date=None,
                  modality="negated", coder="tidings-events 0.1"),
        ],
    ))
    ankara = Article(id=ANKARA, text=ANKARA_TEXT, title="Wang and Erdoğan", published="2023-12-20")
    store.upsert_article(ankara)
    a = ANKARA_TEXT
    store.save_analysis(ANKARA, analysis_of(
        ankara,
        actors=[
            actor("a1", "Wang Yi", "person", "CHN", "GOV", a),
            actor("a2", "Washington", "country", "USA", "GOV", a),
            actor("a3", "Recep Tayyip Erdoğan", "person", "TUR", "GOV", a, "Erdoğan"),
            actor("a4", "Xi Jinping", "person", "CHN", "GOV", a),
        ],
        events=[
            event("e1", "a1", "a2", "111", "ACCUSE", a, "Wang", "criticised", date="2023-12-19",
                  date_text="on Tuesday", location="Ankara",
                  geo={"name": "Ankara", "country": "TUR", "lat": 39.92, "lon": 32.85, "how": "dateline"}),
            event("e2", "a3", "a4", "043", "CONSULT", a, "Erdoğan", "called", date="2023-12-11",
                  precision="week", date_text="last week"),
        ],
    ))


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    with open_store(store_target, create=True) as opened:
        build(opened)
        yield opened


def keys(rows: list[EventRow]) -> list[str]:
    return [row.key for row in rows]


def test_all_events_latest_first_undated_last(store):
    assert keys(store.events()) == [f"{TOKYO}:e1", f"{TOKYO}:e2", f"{ANKARA}:e1", f"{ANKARA}:e2",
                                    f"{TOKYO}:e3"]


def test_rows_carry_actors_article_and_extra_fields(store):
    (row,) = store.events(cameo="040")
    assert row.key == event_key(TOKYO, "e1") == f"{TOKYO}:e1"
    assert (row.source_name, row.source_cameo, row.source_country) == ("Antony Blinken", "USAGOV", "USA")
    assert (row.target_name, row.target_cameo) == ("Yoko Kamikawa", "JPNGOV")
    assert (row.title, row.published, row.url) == ("Blinken in Tokyo", "2024-03-02", "https://example.com/tokyo")
    assert (row.date, row.date_precision, row.date_text) == ("2024-03-01", "day", "on Friday")
    assert row.tone == 0.4 and row.location == "Tokyo" and row.topics == ("diplomacy",)
    assert row.geo is not None and row.geo.country == "JPN"
    assert row.coder == "tidings-events 0.1"
    assert row.trigger == "met" and row.sentence is not None and row.sentence.startswith("Antony Blinken met")


def test_the_flat_row_keeps_its_keys_in_order(store):
    (row,) = store.events(cameo="040")
    flat = row.to_dict()
    assert list(flat)[:3] == ["key", "article_id", "id"]
    assert list(flat)[-7:] == ["canonical", "location", "geo", "tone", "topics", "quote", "coder"]
    # geo in the stored JSON's (sorted) key order, as the API always answered
    assert flat["geo"] == {"country": "JPN", "lat": 35.69, "lon": 139.69, "name": "Tokyo"}
    assert list(flat["geo"]) == ["country", "lat", "lon", "name"]
    assert flat["topics"] == ["diplomacy"]


def test_how_a_place_was_chosen_is_kept(store):
    (row,) = store.events(cameo="111")
    assert row.geo is not None and (row.geo.name, row.geo.how) == ("Ankara", "dateline")
    assert row.to_dict()["geo"] == {"country": "TUR", "how": "dateline", "lat": 39.92, "lon": 32.85,
                                    "name": "Ankara"}
    (tokyo,) = store.events(cameo="040")
    assert tokyo.geo is not None and tokyo.geo.how is None  # a place stored with no `how`


def test_coder_falls_back_to_the_analysis(store):
    # Events saved before they carried their coder: it is read from the analysis's top level.
    with store.transaction():
        store.connection.execute("UPDATE events SET extra_json = '{}' WHERE article_id = ?", (ANKARA,))
        store.connection.execute("UPDATE articles SET analysis_json = ? WHERE id = ?",
                                 ('{"coder": "tidings-events 0.0"}', ANKARA))
    assert {row.coder for row in store.events(article_id=ANKARA)} == {"tidings-events 0.0"}


@pytest.mark.parametrize(("source", "expected"), [
    ("USA", [f"{TOKYO}:e1"]),                                    # country code: USAGOV
    ("usa", [f"{TOKYO}:e1"]),
    ("CHN", [f"{TOKYO}:e2", f"{ANKARA}:e1", f"{TOKYO}:e3"]),       # CHN and CHNGOV
    ("CHNGOV", [f"{ANKARA}:e1"]),                                # code prefix, not the country actor
    ("TUR", [f"{ANKARA}:e2"]),
    ("Antony Blinken", [f"{TOKYO}:e1"]),
    ("recep tayyip erdogan", [f"{ANKARA}:e2"]),                  # case and accents ignored
    ("Erdogan", [f"{ANKARA}:e2"]),                               # a surname only one actor has
    ("Tayyip", [f"{ANKARA}:e2"]),                                # any word of a name
    ("Wang", [f"{ANKARA}:e1"]),                                  # a family name written first
    ("Nobody", []),
    ("MIL", []),
])
def test_source_by_code_country_or_name(store, source, expected):
    assert keys(store.events(source=source)) == expected


@pytest.mark.parametrize(("target", "expected"), [
    ("USA", [f"{TOKYO}:e2", f"{ANKARA}:e1"]),                    # USA and USAGOV
    ("USAGOV", [f"{ANKARA}:e1"]),
    ("Xi Jinping", [f"{ANKARA}:e2"]),
    ("taiwan", [f"{TOKYO}:e3"]),
])
def test_target(store, target, expected):
    assert keys(store.events(target=target)) == expected


def test_source_and_target_together(store):
    assert keys(store.events(source="CHN", target="USA")) == [f"{TOKYO}:e2", f"{ANKARA}:e1"]
    assert keys(store.events(source="USA", target="CHN")) == []


@pytest.mark.parametrize("dyad", [("USA", "CHN"), ("CHN", "USA"), ("Washington", "Wang Yi")])
def test_dyad_matches_either_direction(store, dyad):
    expected = [f"{TOKYO}:e2", f"{ANKARA}:e1"] if dyad[0] != "Washington" else [f"{ANKARA}:e1"]
    assert keys(store.events(dyad=dyad)) == expected


def test_dyad_both_directions_in_one_result(store):
    assert keys(store.events(dyad=("JPN", "USA"))) == [f"{TOKYO}:e1"]
    assert keys(store.events(dyad=("TUR", "CHN"))) == [f"{ANKARA}:e2"]


def test_codes(store):
    assert keys(store.events(root="11")) == [f"{TOKYO}:e2", f"{ANKARA}:e1"]
    assert keys(store.events(cameo="111")) == [f"{ANKARA}:e1"]
    assert keys(store.events(cameo="11")) == [f"{TOKYO}:e2", f"{ANKARA}:e1"]
    assert keys(store.events(plover="accuse")) == [f"{TOKYO}:e2", f"{ANKARA}:e1"]
    assert keys(store.events(plover="CONSULT", source="TUR")) == [f"{ANKARA}:e2"]
    assert keys(store.events(modality="negated")) == [f"{TOKYO}:e3"]


@pytest.mark.parametrize(("since", "until", "expected"), [
    ("2024-03-15", None, [f"{TOKYO}:e2"]),                       # March overlaps; 1 March does not
    ("2024-03", None, [f"{TOKYO}:e1", f"{TOKYO}:e2"]),
    ("2024", None, [f"{TOKYO}:e1", f"{TOKYO}:e2"]),
    (None, "2024-02", [f"{ANKARA}:e1", f"{ANKARA}:e2"]),
    (None, "2024-03-01", [f"{TOKYO}:e1", f"{TOKYO}:e2", f"{ANKARA}:e1", f"{ANKARA}:e2"]),
    (None, "2024-02-29T23:00:00Z", [f"{ANKARA}:e1", f"{ANKARA}:e2"]),
    ("2023-12-15", "2023-12-18", [f"{ANKARA}:e2"]),              # the week of 11 December ends on the 17th
    ("2023-12-17", "2023-12-18", [f"{ANKARA}:e2"]),
    ("2023-12-18", "2023-12-18", []),
    ("2023-12-19", "2023-12-19", [f"{ANKARA}:e1"]),
    ("2024-03-02", "2024-03-31", [f"{TOKYO}:e2"]),
])
def test_since_until_on_event_dates(store, since, until, expected):
    assert keys(store.events(since=since, until=until)) == expected


def test_limit_and_article(store):
    assert keys(store.events(limit=2)) == [f"{TOKYO}:e1", f"{TOKYO}:e2"]
    assert keys(store.events(article_id=ANKARA)) == [f"{ANKARA}:e1", f"{ANKARA}:e2"]


@pytest.mark.parametrize("kwargs", [
    {"since": "March"}, {"until": "2024/03/01"}, {"root": "1"}, {"root": "111"}, {"cameo": "1a"},
    {"modality": "maybe"}, {"limit": -1},
])
def test_bad_filters_raise_value_error(store, kwargs):
    with pytest.raises(ValueError):
        store.events(**kwargs)


def test_event_by_key_with_marked_evidence(store):
    found = store.event(f"{TOKYO}:e1")
    assert found is not None and found.key == f"{TOKYO}:e1"
    assert found.sentence == "Antony Blinken met Yoko Kamikawa in Tokyo on Friday."
    assert found.source_mentions == (Mention(0, 14, "Antony Blinken", "name"),)
    assert found.target_mentions == (Mention(19, 32, "Yoko Kamikawa", "name"),)
    assert found.trigger_span == (15, 18)
    assert [m.kind for m in found.marks] == ["source", "trigger", "target"]
    assert found.marked == "[SRC Antony Blinken] «met» [TGT Yoko Kamikawa] in Tokyo on Friday."
    assert found.span == (0, len(found.sentence))
    shown = found.to_dict()
    assert shown["source_mentions"] == [{"start": 0, "end": 14, "text": "Antony Blinken", "how": "name"}]
    assert shown["trigger_span"] == [15, 18]
    assert shown["marks"][0] == {"kind": "source", "start": 0, "end": 14, "text": "Antony Blinken"}
    assert shown["article"] == {"id": TOKYO, "title": "Blinken in Tokyo", "url": "https://example.com/tokyo",
                                "published": "2024-03-02"}
    assert shown["span"] == [0, len(found.sentence)]
    assert shown["extra"]["geo"]["name"] == "Tokyo"
    assert list(shown)[-8:] == ["span", "source_mentions", "target_mentions", "trigger_span", "marks",
                                "marked", "article", "extra"]


def test_mentions_are_relative_to_a_later_sentence(store):
    found = store.event(f"{TOKYO}:e3")
    assert found is not None
    # China's mention "China" is in another sentence; its "Beijing" is in this one.
    assert [m.text for m in found.source_mentions] == ["Beijing"]
    assert found.source_mentions[0].start == 0
    assert found.marked == "[SRC Beijing] did not «threaten» [TGT Taiwan], officials said."
    assert found.modality == "negated" and found.date is None


def test_bare_id_when_unambiguous(store):
    assert store.event("e3").key == f"{TOKYO}:e3"
    assert store.event("bbbb:e2").key == f"{ANKARA}:e2"     # an article-id prefix


def test_bare_id_in_two_articles_is_ambiguous(store):
    with pytest.raises(AmbiguousKey) as caught:
        store.event("e1")
    assert caught.value.keys == [f"{TOKYO}:e1", f"{ANKARA}:e1"]
    assert "full key" in str(caught.value)


@pytest.mark.parametrize("key", ["e9", f"{TOKYO}:e9", "nosuch:e1", "", ":e1"])
def test_unknown_key(store, key):
    assert store.event(key) is None


def test_offsets_that_miss_are_not_marked(tmp_path):
    text = "Paris praised Berlin."
    with open_store(tmp_path / "t.db", create=True) as store:
        article = Article(id="cccc000000000003", text=text, published="2024-05-01")
        store.upsert_article(article)
        store.save_analysis(article.id, analysis_of(
            article,
            actors=[{"id": "a1", "name": "France", "kind": "country", "country": "FRA", "sector": None,
                     "mentions": [{"start": 1, "end": 6, "text": "Paris"}]},
                    {"id": "a2", "name": "Germany", "kind": "country", "country": "DEU", "sector": None,
                     "mentions": [{"start": 14, "end": 20, "text": "Berlin"}]}],
            events=[{"id": "e1", "source": "a1", "target": "a9", "cameo": "051", "plover": "SUPPORT",
                     "date": "2024-05-01", "modality": "asserted", "sentence": text, "span": [0, 21],
                     "trigger": "lauded"}],
        ))
        with store.transaction():  # a row saved before events carried their root
            store.connection.execute("UPDATE events SET root = NULL")
        found = store.event("e1")
    assert found is not None
    assert found.source_mentions == ()             # stored offsets do not land on "Paris"
    assert found.target_name is None               # a9 is no actor of the article
    assert found.trigger_span is None              # the trigger is not in the sentence
    assert found.marked == text
    assert found.root == "05"                      # no root stored: the code's first two digits


def test_mark_sentence_plain_text():
    marks = [Mark("target", 14, 20, "Berlin"), Mark("source", 0, 5, "Paris"),
             Mark("trigger", 6, 13, "praised")]
    assert mark_sentence("Paris praised Berlin.", marks) == "[SRC Paris] «praised» [TGT Berlin]."


def test_actor_lookups_have_indexes(tmp_path):
    with open_store(tmp_path / "plan.db", create=True) as store:
        build(store)
        names = {name for (name,) in store.connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"events_source", "events_target"} <= names
        plan = " ".join(str(row) for row in store.connection.execute(
            "EXPLAIN QUERY PLAN SELECT 1 FROM events e WHERE (e.article_id, e.source) IN "
            "(SELECT a.article_id, a.id FROM actors a WHERE a.country = 'USA')"))
        assert "events_source (article_id=? AND source=?)" in plan
