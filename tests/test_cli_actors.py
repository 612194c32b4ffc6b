"""`tidings actors` and `tidings actor NAME`, end to end on a database built through the Store API."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.analyses import analysis_of
from tests.cli_run import run_on
from tidings.model import ActorFact, Article
from tidings.store import open_store


def actor(actor_id: str, name: str, country: str | None, sector: str | None, *, roles=(), kind="person",
          mentions: int = 1) -> dict:
    return {"id": actor_id, "name": name, "kind": kind, "country": country, "sector": sector,
            "cameo": (country or "") + (sector or "") or None, "roles": list(roles),
            "mentions": [{"start": i, "end": i + 2, "text": name, "how": "name"} for i in range(mentions)]}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli-actors") / "t.db"
    stories = [
        ("old", "2023-05-01", "Kamikawa at Justice", [
            actor("a1", "Yoko Kamikawa", "JPN", "GOV", roles=["justice minister"], mentions=2)],
         [ActorFact("Yoko Kamikawa", "justice minister", "JPN", "GOV")]),
        ("new", "2024-01-12", "Blinken meets Kamikawa", [
            actor("a1", "Yoko Kamikawa", "JPN", "GOV", roles=["foreign minister"], mentions=3),
            actor("a2", "Antony Blinken", "USA", "GOV", roles=["Secretary of State"])],
         [ActorFact("Yoko Kamikawa", "foreign minister", "JPN", "GOV"),
          ActorFact("Antony Blinken", "Secretary of State", "USA", "GOV")]),
        ("pla", "2024-02-01", "Drills [near] Taiwan", [
            actor("a1", "People's Liberation Army", "CHN", "MIL", kind="organization")], []),
    ]
    with open_store(path, create=True) as store:
        for ref, published, title, actors, facts in stories:
            article = Article(id=f"id-{ref}", text=f"{title}: the story.", ref=ref, title=title,
                              published=published)
            store.upsert_article(article)
            store.save_analysis(article.id, analysis_of(article, actors=actors))
            store.record_actor_facts(article.id, published, facts)
    return path


def test_actors_table(db):
    proc = run_on(db, "actors")
    assert proc.returncode == 0, proc.stderr
    assert "3 actors" in proc.stdout
    for text in ("Yoko Kamikawa", "JPNGOV", "Antony Blinken", "People's Liberation Army", "2023-05-01"):
        assert text in proc.stdout


def test_actors_json_with_filters(db):
    proc = run_on(db, "actors", "--country", "CHN", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [row["name"] for row in rows] == ["People's Liberation Army"]
    assert rows[0]["kind"] == "organization" and rows[0]["cameo"] == "CHNMIL"

    rows = json.loads(run_on(db, "actors", "--sector", "GOV", "--search", "kami", "-f", "json").stdout)
    assert [(row["name"], row["articles"], row["mentions"]) for row in rows] == [("Yoko Kamikawa", 2, 5)]
    assert json.loads(run_on(db, "actors", "--search", "nobody", "-f", "json").stdout) == []


def test_actors_csv_has_every_column(db):
    proc = run_on(db, "actors", "--limit", "1", "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert len(rows) == 1
    assert rows[0]["name"] == "Yoko Kamikawa" and rows[0]["first_published"] == "2023-05-01"


def test_actor_profile_table(db):
    proc = run_on(db, "actor", "Kamikawa")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for text in ("Yoko Kamikawa (person)", "roles over time", "justice minister", "foreign minister",
                 "Kamikawa at Justice", "Blinken meets Kamikawa", "JPNGOV"):
        assert text in out, text
    assert out.index("justice minister") < out.index("foreign minister")


def test_actor_profile_json(db):
    proc = run_on(db, "actor", "yoko kamikawa", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    profile = json.loads(proc.stdout)
    assert profile["name"] == "Yoko Kamikawa" and profile["mentions"] == 5
    assert [(r["role"], r["published"]) for r in profile["roles"]] == [
        ("justice minister", "2023-05-01"), ("foreign minister", "2024-01-12")]
    assert [a["id"] for a in profile["articles"]] == ["id-old", "id-new"]


def test_a_title_with_markup_is_printed_as_is(db):
    proc = run_on(db, "actor", "People's Liberation Army")
    assert proc.returncode == 0, proc.stderr
    assert "Drills [near] Taiwan" in proc.stdout


def test_an_unknown_actor_is_exit_1_with_a_hint(db):
    proc = run_on(db, "actor", "Xi Jinping")
    assert proc.returncode == 1
    assert "no actor named 'Xi Jinping'" in proc.stderr
    assert "tidings actors --search Jinping" in proc.stderr
    assert proc.stdout == ""



def test_a_profile_cut_to_its_latest_articles_says_how_many_there_are(capsys):
    """The store lists an actor's latest articles only: the table says they are the latest N of
    how many, and the summary counts them all."""
    from tidings.render import print_actor_profile
    from tidings.rows import ActorArticle, ActorProfile

    latest = ActorArticle(id="id-new", title="Talks go on", published="2024-02-01", mentions=2)
    profile = ActorProfile(name="Wang Yi", names=("Wang Yi",), kind="person", codes=(), roles=(),
                           stated_roles=(), articles=(latest,), articles_total=7, mentions=12,
                           first_published="2023-01-05", last_published="2024-02-01")
    print_actor_profile(profile)
    out = capsys.readouterr().out
    assert "the latest 1 of 7" in out
    assert re.search(r"articles\s+│\s+7\b", out), out
