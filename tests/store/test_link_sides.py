"""Linking reads only the stored events whose sides could agree with a new mention's (issue 20),
and links exactly as reading every event of the root group on the days did (SQLite and
PostgreSQL): names, countries, missing sides, swapped sides, symmetric and asymmetric roots."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.analyses import analysis_of
from tests.store.test_event_store import actor, event
from tidings.events import linking
from tidings.events.linking import link_article_events
from tidings.events.merge import Side, agreeing_stored_sides
from tidings.model import Article
from tidings.store import Store, open_store

# (name, country, sector): one name in two countries, a name without a country, two sectors of
# one country in the two camps, and plain countries.
ACTORS = [("Antony Blinken", "USA", "GOV"), ("Antony Blinken", "GBR", "GOV"), ("Wang Yi", "CHN", "GOV"),
          ("Wang Yi", None, None), ("Sergey Lavrov", "RUS", "GOV"), ("The U.S.", "USA", None),
          ("China", "CHN", None), ("protesters", "CHN", "OPP"), ("police", "CHN", "COP"),
          ("rebels", None, "REB"), ("officials", "USA", None), ("Kyiv", "UKR", "GOV")]
# Symmetric roots (03, 04, 05), a group of roots (18, 19) and roots of their own (01, 11).
CODES = [("040", "CONSULT"), ("043", "CONSULT"), ("036", "CONSULT"), ("057", "COOPERATE"),
         ("111", "DISAPPROVE"), ("010", "ENGAGE"), ("190", "ASSAULT"), ("183", "ASSAULT")]
FIRST_DAY = date(2024, 1, 10)


class _Undo(Exception):
    """Rolls the full read's links back."""


def _article(rng: random.Random, number: int) -> tuple[Article, dict]:
    published = FIRST_DAY + timedelta(days=rng.randrange(6))
    sentences = [f"Sentence {n} told it." for n in range(4)]
    text = " ".join(sentences)
    picked = rng.sample(range(len(ACTORS)), 4)
    actors = [actor(f"a{n}", name, "person", country, sector, text, f"Sentence {n}")
              for n, (name, country, sector) in enumerate(ACTORS[index] for index in picked)]
    events = []
    for n in range(rng.randint(1, 4)):
        cameo, plover = rng.choice(CODES)
        day = published - timedelta(days=rng.randrange(3))
        when = rng.random()
        event_date = day.isoformat() if when < 0.7 else day.isoformat()[:7] if when < 0.8 else None
        sides = [rng.choice([None, *(f"a{k}" for k in range(4))]) for _ in range(2)]
        events.append(event(f"e{n}", *sides, cameo, plover, text, f"Sentence {n}", "told", date=event_date,
                            modality=rng.choice(["asserted"] * 8 + ["reported", "intended"])))
    article = Article(id=f"art{number:03}", text=text, published=published.isoformat() + "T09:00:00+00:00",
                      source=f"Outlet {number % 5}")
    return article, {"actors": actors, "events": events}


def _links(store: Store, article_id: str) -> list[tuple[object, ...]]:
    return sorted(store.connection.execute(
        "SELECT event_id, canonical, anchor, score, reason FROM event_links WHERE article_id = ?",
        (article_id,)).fetchall())


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    with open_store(store_target, create=True) as opened:
        yield opened


@pytest.mark.parametrize("threshold", [0.6, 0.8])
def test_the_narrowed_read_links_as_the_full_read_did(store: Store, monkeypatch: pytest.MonkeyPatch,
                                                      threshold: float) -> None:
    rng = random.Random(20)
    read: dict[str, int] = {"full": 0, "narrowed": 0}
    canonicals_of = store.linked_canonicals

    def counted(*args, **kwargs) -> set[str]:  # type: ignore[no-untyped-def]
        found = canonicals_of(*args, **kwargs)
        read[way] += len(found)
        return found

    monkeypatch.setattr(store, "linked_canonicals", counted)
    joined = 0
    for number in range(80):
        article, analysis = _article(rng, number)
        store.upsert_article(article)
        store.save_analysis(article.id, analysis_of(article, **analysis))
        # every stored event of the root group on the days, as before sides were kept
        try:
            with store.transaction(), monkeypatch.context() as patched:
                patched.setattr(linking, "sides_must_agree", lambda threshold: False)
                way = "full"
                link_article_events(store, article.id, threshold=threshold)
                full = _links(store, article.id)
                raise _Undo
        except _Undo:
            pass
        assert _links(store, article.id) == []
        way = "narrowed"
        link_article_events(store, article.id, threshold=threshold)
        assert _links(store, article.id) == full, article.id
        joined += sum(1 for _, canonical, _, _, _ in full if not str(canonical).startswith(f"{article.id}:"))
    assert joined >= 10  # enough joins to the stored events to have compared something
    assert read["narrowed"] < read["full"] * 0.8, read


def test_the_stored_sides_a_side_agrees_with() -> None:
    """Conditions on the stored sides' names and countries (None: none stored)."""
    assert agreeing_stored_sides(None) is None
    assert agreeing_stored_sides(Side(None, None, "GOV")) is None
    def conditions(side: Side) -> set[tuple[tuple[str, str | None], ...]]:
        found = agreeing_stored_sides(side)
        assert found is not None
        return set(found)

    assert conditions(Side("wang yi", "CHN", None)) == {
        (("name", "wang yi"),), (("country", "CHN"),), (("name", None), ("country", None))}
    assert conditions(Side("wang yi", None, None)) == {(("name", "wang yi"),), (("name", None),)}
    assert conditions(Side(None, "CHN", None)) == {(("country", "CHN"),), (("country", None),)}


def test_the_migration_gives_older_links_their_sides(store_target: Path | str) -> None:
    columns = [f"{role}_{field}_key" for role in ("source", "target") for field in ("name", "country")]
    with open_store(store_target, create=True) as opened:
        article, analysis = _article(random.Random(3), 1)
        opened.upsert_article(article)
        opened.save_analysis(article.id, analysis_of(article, **analysis))
        link_article_events(opened, article.id, threshold=0.6)
        kept = opened.connection.execute(f"SELECT event_id, {', '.join(columns)} FROM event_links").fetchall()
        for statement in (*(f"DROP INDEX event_links_{column}s" for column in columns),
                          *(f"ALTER TABLE event_links DROP COLUMN {column}" for column in columns),
                          "DELETE FROM _migrations WHERE name = 'm014_link_sides'"):
            opened.connection.execute(statement)
    with open_store(store_target) as reopened:
        filled = reopened.connection.execute(
            f"SELECT event_id, {', '.join(columns)} FROM event_links").fetchall()
    assert sorted(filled) == sorted(kept)
    assert any(row[1] is not None for row in kept) and any(row[2] is not None for row in kept)
