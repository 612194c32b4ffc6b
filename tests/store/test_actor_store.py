"""Learned facts, actor listings and profiles in the store, on hand-built analyses."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.analyses import analysis_of
from tidings.errors import StoreError
from tidings.model import ActorFact, Article, Known
from tidings.store import Store, open_store


def make_article(text: str, *, published: str | None, title: str | None = None) -> Article:
    return Article(id=hashlib.sha256(text.encode()).hexdigest()[:16], text=text, published=published,
                   title=title)


def person(actor_id: str, name: str, *, country: str | None, sector: str | None, roles=(),
           mentions: int = 1, kind: str = "person") -> dict:
    cameo = (country or "") + (sector or "") or None
    return {"id": actor_id, "name": name, "kind": kind, "country": country, "sector": sector,
            "cameo": cameo, "roles": list(roles),
            "mentions": [{"start": i, "end": i + 1, "text": name, "how": "name"} for i in range(mentions)]}


def store_article(store: Store, text: str, published: str | None, actors: list[dict],
                  title: str | None = None) -> Article:
    article = make_article(text, published=published, title=title)
    store.upsert_article(article)
    store.save_analysis(article.id, analysis_of(article, actors=actors))
    return article


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    with open_store(store_target, create=True) as opened:
        yield opened


@pytest.fixture
def kamikawa(store: Store) -> tuple[Article, Article]:
    """Kamikawa as justice minister in 2023, foreign minister in 2024."""
    old = store_article(store, "Justice minister Yoko Kamikawa said on Monday ...", "2023-05-01T09:00:00Z",
                        [person("a1", "Yoko Kamikawa", country="JPN", sector="GOV",
                                roles=["justice minister"], mentions=2)], title="Old news")
    new = store_article(store, "Japan's foreign minister Yoko Kamikawa met Blinken ...", "2024-01-12",
                        [person("a1", "Yoko Kamikawa", country="JPN", sector="GOV",
                                roles=["foreign minister"], mentions=3),
                         person("a2", "Antony Blinken", country="USA", sector="GOV",
                                roles=["Secretary of State"])], title="New news")
    store.record_actor_facts(old.id, old.published,
                             [ActorFact("Yoko Kamikawa", "justice minister", "JPN", "GOV")])
    store.record_actor_facts(new.id, new.published, [
        ActorFact("Yoko Kamikawa", "foreign minister", "JPN", "GOV"),
        ActorFact("Antony Blinken", "Secretary of State", "USA", "GOV"),
    ])
    return old, new


# -- learned facts --------------------------------------------------------------------------------

def test_learned_gives_the_latest_fact(store, kamikawa):
    old, new = kamikawa
    assert store.learned("Yoko Kamikawa") == Known(
        name="Yoko Kamikawa", kind="person", country="JPN", sector="GOV", roles=("foreign minister",),
        source=f"learned:{new.id}")


def test_learned_on_a_date_ignores_later_facts(store, kamikawa):
    old, new = kamikawa
    between = store.learned("Yoko Kamikawa", on="2023-12-31")
    assert between is not None and between.roles == ("justice minister",)
    assert between.source == f"learned:{old.id}"
    # A date bound covers its whole day, and the date of the fact itself counts.
    assert store.learned("Yoko Kamikawa", on="2023-05-01").roles == ("justice minister",)
    assert store.learned("Yoko Kamikawa", on="2024-01-12").roles == ("foreign minister",)
    assert store.learned("Yoko Kamikawa", on="2024-06-01T00:00:00Z").roles == ("foreign minister",)
    assert store.learned("Yoko Kamikawa", on="2022-01-01") is None


def test_learned_matches_the_normalised_name(store, kamikawa):
    for spelling in ("yoko kamikawa", "YOKO  KAMIKAWA", "Yōko Kamikawa", "Yoko Kamikawa."):
        assert store.learned(spelling) is not None, spelling
    assert store.learned("Kamikawa Yoko") is None
    assert store.learned("") is None
    assert store.learned("Antony Blinken").roles == ("Secretary of State",)


def test_undated_facts_count_as_the_oldest(store):
    undated = store_article(store, "Minister Ali Hassan spoke.", None, [])
    dated = store_article(store, "Envoy Ali Hassan arrived.", "2020-01-01", [])
    store.record_actor_facts(undated.id, None, [ActorFact("Ali Hassan", "minister", "EGY", "GOV")])
    store.record_actor_facts(dated.id, "2020-01-01", [ActorFact("Ali Hassan", "envoy", "EGY", "GOV")])
    assert store.learned("Ali Hassan").roles == ("envoy",)
    assert store.learned("Ali Hassan", on="2019-01-01").roles == ("minister",)


def test_every_role_an_article_states_is_learned(store):
    article = store_article(store, "Defence minister and deputy PM Richard Marles said.", "2024-02-02", [])
    store.record_actor_facts(article.id, article.published, [
        ActorFact("Richard Marles", "defence minister", "AUS", "GOV"),
        ActorFact("Richard Marles", "deputy prime minister", None, None),
    ])
    known = store.learned("Richard Marles")
    assert known.country == "AUS" and known.sector == "GOV"
    assert known.roles == ("defence minister", "deputy prime minister")


def test_recording_the_same_facts_again_changes_nothing(store, kamikawa):
    old, new = kamikawa
    before = list(store.connection.iterdump())
    changes = store.connection.total_changes
    store.record_actor_facts(new.id, new.published, [
        ActorFact("Yoko Kamikawa", "foreign minister", "JPN", "GOV"),
        ActorFact("Antony Blinken", "Secretary of State", "USA", "GOV"),
    ])
    store.record_actor_facts(old.id, old.published,
                             [ActorFact("Yoko Kamikawa", "justice minister", "JPN", "GOV")])
    assert store.connection.total_changes == changes
    assert list(store.connection.iterdump()) == before


def test_recording_other_facts_replaces_the_articles_old_ones(store, kamikawa):
    old, new = kamikawa
    store.record_actor_facts(new.id, new.published,
                             [ActorFact("Yoko Kamikawa", "foreign minister", "JPN", "GOV")])
    assert store.learned("Antony Blinken") is None
    store.record_actor_facts(new.id, new.published, [])
    assert store.learned("Yoko Kamikawa").roles == ("justice minister",)


def test_duplicate_and_empty_facts_in_one_call(store):
    article = store_article(store, "Foreign minister Wang Yi said.", "2024-03-03", [])
    store.record_actor_facts(article.id, article.published, [
        ActorFact("Wang Yi", "foreign minister", "CHN", "GOV"),
        ActorFact("Wang  Yi", "foreign  minister", None, None),  # the same (name, role): first wins
        ActorFact("", "minister", "CHN", "GOV"),
        ActorFact("Wang Yi", " ", "CHN", "GOV"),
    ])
    assert store.connection.execute("SELECT count(*) FROM actor_facts").fetchone() == (1,)
    assert store.learned("Wang Yi").country == "CHN"


def test_facts_need_a_stored_article(store):
    with pytest.raises(StoreError, match="upsert_article"):
        store.record_actor_facts("nope", "2024-01-01",
                                 [ActorFact("Wang Yi", "foreign minister", "CHN", "GOV")])
    store.record_actor_facts("nope", None, [])  # nothing to record is not an error


def test_facts_go_with_their_article(store, kamikawa):
    old, _ = kamikawa
    store.connection.execute("DELETE FROM articles WHERE id = ?", (old.id,))
    assert store.learned("Yoko Kamikawa", on="2023-12-31") is None


# -- listings -----------------------------------------------------------------------------------

@pytest.fixture
def newsroom(store: Store, kamikawa) -> Store:
    store_article(store, "Chinese President Xi Jinping and the PLA ...", "2024-02-01", [
        person("a1", "Xi Jinping", country="CHN", sector="GOV", roles=["President"], mentions=4),
        person("a2", "People's Liberation Army", country="CHN", sector="MIL", kind="organization"),
        person("a3", "United Nations", country=None, sector="IGO", kind="organization"),
    ])
    store_article(store, "Recep Tayyip Erdoğan ...", "2024-02-03", [
        person("a1", "Recep Tayyip Erdoğan", country="TUR", sector="GOV", mentions=2),
    ])
    return store


def test_actors_lists_everyone_most_articles_first(newsroom):
    rows = newsroom.actors()
    assert rows[0].to_dict() == {"name": "Yoko Kamikawa", "kind": "person", "country": "JPN", "sector": "GOV",
                       "cameo": "JPNGOV", "articles": 2, "mentions": 5,
                       "first_published": "2023-05-01T09:00:00Z", "last_published": "2024-01-12"}
    assert {row.name for row in rows} == {
        "Yoko Kamikawa", "Antony Blinken", "Xi Jinping", "People's Liberation Army", "United Nations",
        "Recep Tayyip Erdoğan"}
    assert len(newsroom.actors(limit=2)) == 2


def test_actors_filters_by_country_and_sector(newsroom):
    rows = newsroom.actors(country="CHN", sector="MIL")
    assert [row.name for row in rows] == ["People's Liberation Army"]
    assert {row.name for row in newsroom.actors(sector="gov")} == {
        "Yoko Kamikawa", "Antony Blinken", "Xi Jinping", "Recep Tayyip Erdoğan"}
    assert [row.name for row in newsroom.actors(country="")] == ["United Nations"]
    assert newsroom.actors(country="FRA") == []


def test_actors_search_folds_case_and_accents(newsroom):
    assert [row.name for row in newsroom.actors(search="erdogan")] == ["Recep Tayyip Erdoğan"]
    assert [row.name for row in newsroom.actors(search="KAMI")] == ["Yoko Kamikawa"]
    assert newsroom.actors(search="nobody") == []


def test_actors_splits_one_name_with_two_codes(store):
    store_article(store, "Mohammed Ali of Egypt", "2024-01-01",
                  [person("a1", "Mohammed Ali", country="EGY", sector="GOV")])
    store_article(store, "Mohammed Ali of Iraq", "2024-01-02",
                  [person("a1", "Mohammed Ali", country="IRQ", sector="GOV")])
    assert sorted(row.country for row in store.actors(search="mohammed ali")) == ["EGY", "IRQ"]


# -- profiles -------------------------------------------------------------------------------------

def test_actor_profile_has_roles_over_time_and_articles(newsroom, kamikawa):
    old, new = kamikawa
    profile = newsroom.actor("Yoko Kamikawa").to_dict()
    assert profile["name"] == "Yoko Kamikawa" and profile["kind"] == "person"
    assert profile["codes"] == [{"country": "JPN", "sector": "GOV", "cameo": "JPNGOV", "articles": 2}]
    assert [(r["role"], r["published"], r["article_id"]) for r in profile["roles"]] == [
        ("justice minister", "2023-05-01T09:00:00Z", old.id), ("foreign minister", "2024-01-12", new.id)]
    assert profile["roles"][0]["country"] == "JPN" and profile["roles"][0]["sector"] == "GOV"
    assert [(r["role"], r["article_id"]) for r in profile["stated_roles"]] == [
        ("justice minister", old.id), ("foreign minister", new.id)]
    assert profile["articles"] == [
        {"id": old.id, "title": "Old news", "published": "2023-05-01T09:00:00Z", "mentions": 2},
        {"id": new.id, "title": "New news", "published": "2024-01-12", "mentions": 3},
    ]
    assert profile["mentions"] == 5
    assert (profile["first_published"], profile["last_published"]) == ("2023-05-01T09:00:00Z", "2024-01-12")


def test_actor_matches_by_normalised_name_and_by_surname(newsroom):
    assert newsroom.actor("recep tayyip erdogan").name == "Recep Tayyip Erdoğan"
    assert newsroom.actor("Kamikawa").name == "Yoko Kamikawa"
    assert newsroom.actor("Erdogan").name == "Recep Tayyip Erdoğan"
    assert newsroom.actor("Nobody Atall") is None
    assert newsroom.actor("") is None


def test_an_ambiguous_surname_matches_nobody(store):
    store_article(store, "Joe Biden and Hunter Biden", "2024-01-01", [
        person("a1", "Joe Biden", country="USA", sector="GOV"),
        person("a2", "Hunter Biden", country="USA", sector=None),
    ])
    assert store.actor("Biden") is None
    assert store.actor("joe biden").codes[0].cameo == "USAGOV"


def test_actor_profile_merges_spellings(store):
    first = store_article(store, "Erdogan spoke", "2024-01-01",
                          [person("a1", "Recep Tayyip Erdogan", country="TUR", sector="GOV")])
    second = store_article(store, "Erdoğan spoke", "2024-01-02",
                           [person("a1", "Recep Tayyip Erdoğan", country="TUR", sector="GOV", mentions=3)])
    profile = store.actor("Recep Tayyip Erdogan").to_dict()
    assert profile["names"] == ["Recep Tayyip Erdogan", "Recep Tayyip Erdoğan"]
    assert [a["id"] for a in profile["articles"]] == [first.id, second.id]
    assert profile["mentions"] == 4


def test_an_actor_known_only_from_facts_has_a_profile(store):
    article = store_article(store, "Spokesman Matthew Miller said.", "2024-01-05", [], title="Briefing")
    store.record_actor_facts(article.id, article.published,
                             [ActorFact("Matthew Miller", "spokesman", "USA", "GOV")])
    profile = store.actor("Matthew Miller").to_dict()
    assert profile["roles"][0]["role"] == "spokesman"
    assert profile["articles"] == [{"id": article.id, "title": "Briefing", "published": "2024-01-05",
                                    "mentions": 0}]


def test_a_database_from_m001_gains_actor_facts(tmp_path):
    import sqlite3

    from tidings.store.migrations import m001_initial, migrate

    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(conn, [m001_initial])
    finally:
        conn.close()
    with open_store(path, create=True) as store:
        article = store_article(store, "Foreign minister Wang Yi said.", "2024-03-03",
                                [person("a1", "Wang Yi", country="CHN", sector="GOV")])
        store.record_actor_facts(article.id, article.published,
                                 [ActorFact("Wang Yi", "foreign minister", "CHN", "GOV")])
        assert store.learned("Wang Yi").roles == ("foreign minister",)
        assert store.actors(country="CHN")[0].name == "Wang Yi"
