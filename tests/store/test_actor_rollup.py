"""The actor rollup (tidings.store.actor_rollup) and the row tallies (tidings.store.tallies) answer
as counting the rows does: the actors listing, its count, an actor's profile and the overview's
counts, on a database of many articles whose analyses are saved, replaced and dated late, on
SQLite and PostgreSQL, and on an older database the migration fills."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.analyses import analysis_of
from tidings.model import Article
from tidings.store import Store, open_store

# (name, country, sector, kind, cameo): one actor may be coded several ways across articles.
CODINGS = [("China", "CHN", None, "country", "CHN"), ("China", "CHN", "GOV", "country", "CHNGOV"),
           ("Wang Yi", "CHN", "GOV", "person", "CHNGOV"), ("Wang Yi", "CHN", "GOV", "person", None),
           ("Antony Blinken", "USA", "GOV", "person", "USAGOV"),
           ("United States", "USA", None, "country", "USA"),
           ("Hamas", "PSE", "REB", "org", "PSEREB"), ("Red Cross", None, "NGO", "org", None),
           ("a crowd", None, None, "group", None)]
ROLES = ["Foreign Minister", "Secretary of State", "spokesman"]


def _actors(rng: random.Random, text: str) -> list[dict[str, Any]]:
    chosen = rng.sample(CODINGS, rng.randint(0, 4))
    # an article names each actor once: the resolver gives one actor per name
    unique = {coding[0]: coding for coding in chosen}.values()
    actors = []
    for number, (name, country, sector, kind, cameo) in enumerate(unique):
        start = text.index(name)
        mentions = [{"start": start, "end": start + len(name), "text": name}] * rng.randint(1, 3)
        roles = rng.sample(ROLES, 1) if kind == "person" and rng.random() < 0.5 else []
        actors.append({"id": f"a{number}", "name": name, "kind": kind, "country": country, "sector": sector,
                       "cameo": cameo, "roles": roles, "mentions": mentions})
    return actors


def _save(store: Store, article: Article, rng: random.Random) -> None:
    store.save_analysis(article.id, analysis_of(article, actors=_actors(rng, article.text)))


def build(store: Store, count: int = 120) -> None:
    rng = random.Random(8)
    text = " ".join(name for name, *_ in CODINGS) + ". Talks went on."
    with store.transaction():
        for number in range(count):
            day = rng.choice([None, f"2024-0{rng.randint(1, 9)}-{rng.randint(10, 28)}"])
            article = Article(id=f"art{number:04d}", text=f"{number}. {text}", published=day)
            store.upsert_article(article)
            _save(store, article, rng)
        for number in range(0, count, 5):  # analyses replaced: actors come and go
            article = store.get_article(f"art{number:04d}")
            assert article is not None
            _save(store, article, rng)
        for number in range(1, count, 9):  # a later copy dates an undated article
            article = store.get_article(f"art{number:04d}")
            assert article is not None
            if article.published is None:
                store.upsert_article(Article(id=article.id, text=article.text, published="2025-01-02"))


@pytest.fixture
def store(store_target: Path | str) -> Iterator[Store]:
    """The database on SQLite, then on PostgreSQL."""
    with open_store(store_target, create=True) as opened:
        build(opened)
        yield opened


@dataclass
class _Group:
    articles: set[str] = field(default_factory=set)
    mentions: int = 0
    dates: list[str] = field(default_factory=list)
    coded: Counter[tuple[str, str | None]] = field(default_factory=Counter)


def _oracle(store: Store) -> dict[tuple[str, str | None, str | None], _Group]:
    """Every actor row counted afresh: the listing's groups by their definition."""
    groups: dict[tuple[str, str | None, str | None], _Group] = defaultdict(_Group)
    for name, country, sector, kind, cameo, article_id, published, mentions in store.connection.execute(
            "SELECT a.name, a.country, a.sector, a.kind, a.cameo, a.article_id, p.published, "
            "(SELECT count(*) FROM mentions m WHERE m.article_id = a.article_id AND m.actor_id = a.id) "
            "FROM actors a JOIN articles p ON p.id = a.article_id").fetchall():
        group = groups[(name, country, sector)]
        group.articles.add(article_id)
        group.mentions += mentions
        if published is not None:
            group.dates.append(published)
        group.coded[(kind, cameo)] += 1
    return groups


def _expected_rows(store: Store, keep: Any = lambda key: True) -> list[tuple[Any, ...]]:
    rows = []
    for (name, country, sector), group in _oracle(store).items():
        if not keep((name, country, sector)):
            continue
        (kind, cameo), _ = min(group.coded.items(), key=lambda item: (-item[1], item[0][0], item[0][1] or ""))
        rows.append((name, kind, country, sector, cameo, len(group.articles), group.mentions,
                     min(group.dates, default=None), max(group.dates, default=None)))
    return sorted(rows, key=lambda row: (-row[5], -row[6], row[0], row[2] or "", row[3] or ""))


def _listed(store: Store, **filters: Any) -> list[tuple[Any, ...]]:
    return [(row.name, row.kind, row.country, row.sector, row.cameo, row.articles, row.mentions,
             row.first_published, row.last_published) for row in store.actors(limit=1_000, **filters)]


def test_the_actors_listing_counts_as_the_rows_do(store: Store) -> None:
    assert _listed(store) == _expected_rows(store)
    assert store.count_actors() == len(_expected_rows(store))
    for filters, keep in (({"country": "chn"}, lambda key: key[1] == "CHN"),
                          ({"country": ""}, lambda key: key[1] is None),
                          ({"sector": "GOV"}, lambda key: key[2] == "GOV"),
                          ({"country": "CHN", "sector": "GOV"}, lambda key: key[1:] == ("CHN", "GOV")),
                          ({"search": "wang"}, lambda key: key[0] == "Wang Yi")):
        expected = _expected_rows(store, keep)
        assert expected, filters  # the database holds some of each
        assert _listed(store, **filters) == expected, filters
        assert store.count_actors(**filters) == len(expected), filters
    pages = [row for offset in range(0, 20, 3) for row in
             [(r.name, r.country, r.sector) for r in store.actors(limit=3, offset=offset)]]
    assert pages == [(row[0], row[2], row[3]) for row in _expected_rows(store)][:21]


def test_a_profile_counts_as_the_rows_do(store: Store) -> None:
    profile = store.actor("Wang Yi")
    assert profile is not None
    groups = {key: group for key, group in _oracle(store).items() if key[0] == "Wang Yi"}
    articles = set().union(*(group.articles for group in groups.values()))
    assert profile.articles_total == len(articles)
    assert profile.mentions == sum(group.mentions for group in groups.values())
    dates = [day for group in groups.values() for day in group.dates]
    assert (profile.first_published, profile.last_published) == (min(dates), max(dates))
    coded: Counter[tuple[str | None, str | None, str | None]] = Counter(
        (country, sector, cameo) for country, sector, cameo in store.connection.execute(
            "SELECT country, sector, cameo FROM actors WHERE name = 'Wang Yi'").fetchall())
    assert {(code.country, code.sector, code.cameo): code.articles for code in profile.codes} == dict(coded)
    assert profile.stated_roles  # the rows stating a role are read through their own index


def test_a_profile_lists_the_latest_articles_and_says_how_many(store: Store) -> None:
    """The latest articles naming the actor, the oldest of them first, cut to the limit given;
    the same whether its rows are sorted (a rare actor) or the articles walked (a frequent one)."""
    from tidings.store import actor_rollup
    from tidings.store import actors as actor_queries

    named = store.connection.execute(
        "SELECT p.id, p.published FROM articles p WHERE EXISTS (SELECT 1 FROM actors a "
        "WHERE a.article_id = p.id AND a.name = 'China')").fetchall()
    newest = sorted(named, key=lambda row: (row[1] is not None, row[1] or ""), reverse=True)
    profile = actor_queries.actor(store.connection, "China", articles=7)
    assert profile is not None
    assert len(profile.articles) == 7
    assert profile.articles_total == len(named)
    assert {article.id for article in profile.articles} <= {article_id for article_id, _ in named}
    assert [article.published for article in profile.articles] == [row[1] for row in newest[:7]][::-1]
    walked = actor_rollup.SPARSE_ACTOR
    try:
        actor_rollup.SPARSE_ACTOR = 0  # the walk through the articles, newest first
        again = actor_queries.actor(store.connection, "China", articles=7)
    finally:
        actor_rollup.SPARSE_ACTOR = walked
    assert again == profile


def test_the_overview_counts_are_the_tables_row_counts(store: Store) -> None:
    conn = store.connection
    counts = store.counts()

    def rows(sql: str) -> int:
        (number,) = conn.execute(sql).fetchone()
        return int(number)

    assert counts["articles"] == rows("SELECT count(*) FROM articles") == 120
    assert counts["analysed"] == rows("SELECT count(*) FROM articles WHERE analysis_json IS NOT NULL")
    assert counts["event_mentions"] == rows("SELECT count(*) FROM events")
    assert counts["quotes"] == rows("SELECT count(*) FROM quotes")
    assert counts["actors"] == len(_oracle(store))
    assert store.count_articles() == 120
    # articles per publication day, kept through inserts and dates filled in later
    by_day = {day: n for day, n in conn.execute(
        "SELECT coalesce(substr(published, 1, 10), ''), count(*) FROM articles GROUP BY 1").fetchall()}
    assert store.articles_by_day() == by_day and "2025-01-02" in by_day


def test_the_migration_fills_the_rollup_and_tallies_of_an_older_database(tmp_path: Path) -> None:
    path = tmp_path / "older.db"
    with open_store(path, create=True) as opened:
        build(opened, count=40)
        expected, counts = _listed(opened), opened.counts()
        profile = opened.actor("Antony Blinken")
    conn = sqlite3.connect(path)
    triggers = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                                 "AND name LIKE 'tally%'")]
    conn.executescript("".join(f"DROP TRIGGER {name};" for name in triggers) +
                       "DROP TABLE tallies; DROP TABLE actor_kinds; DROP TABLE actor_totals; "
                       "DROP INDEX actors_stated_roles; "
                       "DELETE FROM _migrations WHERE name = 'm008_actor_rollup';")
    conn.close()
    with open_store(path) as reopened:
        assert _listed(reopened) == expected
        assert reopened.counts() == counts
        assert reopened.actor("Antony Blinken") == profile
