"""Quote listings in the store (`Store.quotes`), on hand-built analyses in the schema's shape."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.analyses import analysis_of
from tidings.model import Article
from tidings.rows import QuoteRow
from tidings.store import Store, actor_rollup, open_store
from tidings.store.quotes import quote_key

TOKYO = "aaaa000000000001"
ANKARA = "bbbb000000000002"
UNDATED = "cccc000000000003"

TOKYO_TEXT = ('Antony Blinken told Yoko Kamikawa that the U.S.-China talks were "a red line for us," '
              'according to Japan Today. Kamikawa said: "We stand firm." China warned that Taiwan was '
              "a red line.")
ANKARA_TEXT = ('Recep Tayyip Erdoğan said: "We will not accept this." Wang Yi said the dialogue was useful. '
               'Wang Wenbin said the talks went well. "No comment," an official said.')
UNDATED_TEXT = 'Jake Sullivan said the "red line" remained.'


def span(text: str, part: str) -> list[int]:
    start = text.index(part)
    return [start, start + len(part)]


def actor(actor_id: str, name: str, kind: str, country: str | None, sector: str | None, text: str,
          said: str | None = None) -> dict:
    start, end = span(text, said or name)
    return {"id": actor_id, "name": name, "kind": kind, "country": country, "sector": sector,
            "cameo": (country or "") + (sector or "") or None, "roles": [],
            "mentions": [{"start": start, "end": end, "text": said or name, "how": "name"}]}


def quote(quote_id: str, text: str, quoted: str, kind: str, speaker: str | None, said: str | None,
          cue: str | None, **extra) -> dict:
    return {"id": quote_id, "text": quoted, "span": span(text, quoted), "kind": kind, "speaker": speaker,
            "speaker_span": span(text, said) if said else None, "cue": cue, **extra}


def save(store: Store, article: Article, actors: list[dict], quotes: list[dict]) -> None:
    store.upsert_article(article)
    store.save_analysis(article.id, analysis_of(article, actors=actors, quotes=quotes))


def build(store: Store) -> None:
    """Three articles: Tokyo (2024-03-02, 3 quotes), Ankara (2023-12-20, 4) and an undated one (1)."""
    t, a, u = TOKYO_TEXT, ANKARA_TEXT, UNDATED_TEXT
    save(store, Article(id=TOKYO, text=t, title="Blinken in Tokyo", url="https://example.com/tokyo",
                        published="2024-03-02T09:00:00Z"),
         [actor("a1", "Antony Blinken", "person", "USA", "GOV", t),
          actor("a2", "Yoko Kamikawa", "person", "JPN", "GOV", t),
          actor("a3", "China", "country", "CHN", None, t)],
         [quote("q1", t, 'the U.S.-China talks were "a red line for us,"', "mixed", "a1", "Antony Blinken",
                "told", addressee="a2", via="Japan Today"),
          quote("q2", t, "We stand firm.", "direct", "a2", "Kamikawa", "said"),
          quote("q3", t, "Taiwan was a red line", "indirect", "a3", "China", "warned")])
    save(store, Article(id=ANKARA, text=a, title="Erdoğan and Wang", published="2023-12-20"),
         [actor("a1", "Recep Tayyip Erdoğan", "person", "TUR", "GOV", a),
          actor("a2", "Wang Yi", "person", "CHN", "GOV", a),
          actor("a3", "Wang Wenbin", "person", "CHN", "GOV", a)],
         [quote("q10", a, "No comment,", "direct", None, None, "said"),
          quote("q1", a, "We will not accept this.", "direct", "a1", "Recep Tayyip Erdoğan", "said"),
          quote("q2", a, "the dialogue was useful", "indirect", "a2", "Wang Yi", "said"),
          quote("q3", a, "the talks went well", "indirect", "a3", "Wang Wenbin", "said")])
    save(store, Article(id=UNDATED, text=u, title="Sullivan"),
         [actor("a1", "Jake Sullivan", "person", "USA", "GOV", u)],
         [quote("q1", u, 'the "red line" remained', "mixed", "a1", "Jake Sullivan", "said")])


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    with open_store(store_target, create=True) as opened:
        build(opened)
        yield opened


def keys(rows: list[QuoteRow]) -> list[str]:
    return [row.key for row in rows]


def test_every_quote_newest_article_first_then_text_order(store):
    assert keys(store.quotes()) == [
        f"{TOKYO}:q1", f"{TOKYO}:q2", f"{TOKYO}:q3",
        f"{ANKARA}:q1", f"{ANKARA}:q2", f"{ANKARA}:q3", f"{ANKARA}:q10",
        f"{UNDATED}:q1",
    ]


def test_a_row_joins_speaker_addressee_and_article(store):
    (row,) = store.quotes(speaker="Antony Blinken")
    assert row.key == quote_key(TOKYO, "q1") == f"{TOKYO}:q1"
    assert (row.article_id, row.id, row.kind) == (TOKYO, "q1", "mixed")
    assert row.text == 'the U.S.-China talks were "a red line for us,"'
    assert TOKYO_TEXT[row.span_start:row.span_end] == row.text
    assert (row.speaker, row.speaker_name, row.speaker_kind) == ("a1", "Antony Blinken", "person")
    assert (row.speaker_country, row.speaker_sector, row.speaker_cameo) == ("USA", "GOV", "USAGOV")
    assert TOKYO_TEXT[row.speaker_span_start:row.speaker_span_end] == "Antony Blinken"
    assert (row.addressee, row.addressee_name, row.addressee_cameo) == ("a2", "Yoko Kamikawa",
                                                                                 "JPNGOV")
    assert (row.cue, row.via) == ("told", "Japan Today")
    assert (row.title, row.published, row.url) == ("Blinken in Tokyo", "2024-03-02T09:00:00Z",
                                                            "https://example.com/tokyo")


def test_a_quote_without_speaker_has_empty_speaker_fields(store):
    (row,) = [row for row in store.quotes() if row.key == f"{ANKARA}:q10"]
    assert row.speaker is None and row.speaker_name is None and row.speaker_cameo is None
    assert row.speaker_span_start is None and row.speaker_span_end is None
    assert row.addressee_name is None and row.via is None


@pytest.mark.parametrize(("speaker", "expected"), [
    ("Antony Blinken", [f"{TOKYO}:q1"]),
    ("antony  BLINKEN", [f"{TOKYO}:q1"]),
    ("Kamikawa", [f"{TOKYO}:q2"]),  # a surname only one actor has
    ("Recep Tayyip Erdoğan", [f"{ANKARA}:q1"]),
    ("Recep Tayyip Erdogan", [f"{ANKARA}:q1"]),  # accents ignored
    ("ERDOĞAN", [f"{ANKARA}:q1"]),
    ("erdogan", [f"{ANKARA}:q1"]),
    ("Wang Yi", [f"{ANKARA}:q2"]),
    ("Wang", [f"{ANKARA}:q2", f"{ANKARA}:q3"]),  # a family name written first: Wang Yi and Wang Wenbin
    ("Yoko", [f"{TOKYO}:q2"]),  # any word of a name
    ("tayyip", [f"{ANKARA}:q1"]),
    ("Blink", []),  # not a whole word of a name
    ("Nobody Known", []),
    ("", []),
])
def test_speaker_matches_names_and_any_word_of_one(store, speaker, expected, monkeypatch):
    assert keys(store.quotes(speaker=speaker)) == expected
    assert store.count_quotes(speaker=speaker) == len(expected)
    # a speaker in many articles is found by walking the quotes, a rare one by its actor rows: alike
    monkeypatch.setattr(actor_rollup, "SPARSE_ACTOR", 0)
    assert keys(store.quotes(speaker=speaker)) == expected
    assert store.count_quotes(speaker=speaker) == len(expected)


def test_speaker_is_not_the_addressee(store):
    # Yoko Kamikawa is told q1 but says only q2.
    assert keys(store.quotes(speaker="Yoko Kamikawa")) == [f"{TOKYO}:q2"]


@pytest.mark.parametrize(("about", "expected"), [
    ("red line", [f"{TOKYO}:q1", f"{TOKYO}:q3", f"{UNDATED}:q1"]),
    ('"red line', [f"{TOKYO}:q1", f"{TOKYO}:q3", f"{UNDATED}:q1"]),  # unbalanced quote
    ('"line red"', []),  # a phrase keeps its order
    ('"a red line"', [f"{TOKYO}:q1", f"{TOKYO}:q3"]),
    ("U.S.-China", [f"{TOKYO}:q1"]),
    ("u.s.-china talks", [f"{TOKYO}:q1"]),
    ("NOT accept", [f"{ANKARA}:q1"]),  # NOT is a word here, and "not" is in the quote
    ("text:talks", []),  # not a column filter: the word "text" is in no quote
    ("talks:", [f"{TOKYO}:q1", f"{ANKARA}:q3"]),
    ("(talks", [f"{TOKYO}:q1", f"{ANKARA}:q3"]),
    ("talk*", [f"{TOKYO}:q1", f"{ANKARA}:q3"]),  # prefix search
    ("firm OR talks", []),  # OR is a word too, and every word must occur
    ("NEAR(red line)", []),
    ("Japan Today", []),  # the source named in `via`, not in any quote text
    ("Blinken", []),  # the speaker's name is not the quote
    ('"', []),
    ("-*- ()", []),
])
def test_about_is_safe_full_text_over_quote_text(store, about, expected):
    assert keys(store.quotes(about=about)) == expected


def test_about_ignores_accents_and_case(store):
    article = Article(id="dddd000000000004", text="Le ministre a dit: « Très bien. »", published="2024-01-01")
    save(store, article, [], [quote("q1", article.text, "Très bien.", "direct", None, None, "a dit")])
    assert keys(store.quotes(about="TRES")) == ["dddd000000000004:q1"]
    assert keys(store.quotes(about="très BIEN")) == ["dddd000000000004:q1"]


@pytest.mark.parametrize(("country", "expected"), [
    ("USA", [f"{TOKYO}:q1", f"{UNDATED}:q1"]),
    ("usa", [f"{TOKYO}:q1", f"{UNDATED}:q1"]),
    ("CHN", [f"{TOKYO}:q3", f"{ANKARA}:q2", f"{ANKARA}:q3"]),
    ("TUR", [f"{ANKARA}:q1"]),
    ("FRA", []),
    ("", [f"{ANKARA}:q10"]),  # no speaker, so no speaker country
])
def test_country_is_the_speakers(store, country, expected):
    assert keys(store.quotes(country=country)) == expected


@pytest.mark.parametrize(("kind", "expected"), [
    ("direct", [f"{TOKYO}:q2", f"{ANKARA}:q1", f"{ANKARA}:q10"]),
    ("indirect", [f"{TOKYO}:q3", f"{ANKARA}:q2", f"{ANKARA}:q3"]),
    ("Mixed", [f"{TOKYO}:q1", f"{UNDATED}:q1"]),
])
def test_kind(store, kind, expected):
    assert keys(store.quotes(kind=kind)) == expected


@pytest.mark.parametrize(("since", "until", "expected"), [
    ("2024-03-02", None, [f"{TOKYO}:q1", f"{TOKYO}:q2", f"{TOKYO}:q3"]),
    ("2024-03-03", None, []),
    ("2024", None, [f"{TOKYO}:q1", f"{TOKYO}:q2", f"{TOKYO}:q3"]),
    (None, "2024-03-02", [f"{TOKYO}:q1", f"{TOKYO}:q2", f"{TOKYO}:q3", f"{ANKARA}:q1", f"{ANKARA}:q2",
                          f"{ANKARA}:q3", f"{ANKARA}:q10"]),  # the whole day, and no undated article
    (None, "2024-03-01", [f"{ANKARA}:q1", f"{ANKARA}:q2", f"{ANKARA}:q3", f"{ANKARA}:q10"]),
    (None, "2023-12", [f"{ANKARA}:q1", f"{ANKARA}:q2", f"{ANKARA}:q3", f"{ANKARA}:q10"]),
    ("2023-12-21", "2024-03-01", []),
    ("2023-12-20", "2023-12-20", [f"{ANKARA}:q1", f"{ANKARA}:q2", f"{ANKARA}:q3", f"{ANKARA}:q10"]),
])
def test_since_and_until_are_on_the_article_date(store, since, until, expected):
    assert keys(store.quotes(since=since, until=until)) == expected


def test_filters_combine(store):
    assert keys(store.quotes(about="red line", country="USA")) == [f"{TOKYO}:q1", f"{UNDATED}:q1"]
    assert keys(store.quotes(about="red line", country="USA", since="2024-01-01")) == [f"{TOKYO}:q1"]
    assert keys(store.quotes(speaker="Wang Yi", kind="direct")) == []
    assert keys(store.quotes(speaker="Wang Yi", kind="indirect", about="dialogue")) == [f"{ANKARA}:q2"]


def test_limit(store):
    assert keys(store.quotes(limit=2)) == [f"{TOKYO}:q1", f"{TOKYO}:q2"]
    assert store.quotes(limit=0) == []


@pytest.mark.parametrize("bad", [{"kind": "reported"}, {"since": "last week"}, {"until": "03/02/2024"},
                                 {"limit": -1}])
def test_bad_values_raise_value_error(store, bad):
    with pytest.raises(ValueError):
        store.quotes(**bad)


def test_a_new_analysis_replaces_the_articles_quotes(store):
    save(store, Article(id=UNDATED, text=UNDATED_TEXT, title="Sullivan"),
         [actor("a1", "Jake Sullivan", "person", "USA", "GOV", UNDATED_TEXT)], [])
    assert keys(store.quotes(about="red line")) == [f"{TOKYO}:q1", f"{TOKYO}:q3"]
    assert store.quotes(speaker="Sullivan") == []


def test_search_quotes_ranks_by_relevance(store):
    rows = store.search_quotes('"red line')
    assert {(row.article_id, row.id) for row in rows} == {(TOKYO, "q1"), (TOKYO, "q3"), (UNDATED, "q1")}
    assert {row.speaker_name for row in rows} == {"Antony Blinken", "China", "Jake Sullivan"}
    assert store.search_quotes("-") == []
