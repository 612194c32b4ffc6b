"""The JSON API over a hand-built database (the event-store fixtures plus one hostile article)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.analyses import analysis_of
from tests.store.test_event_store import ANKARA, TOKYO, actor, build, event
from tidings.model import Article
from tidings.store import open_store
from tidings.web import create_app

with warnings.catch_warnings():
    # This Starlette prefers httpx2 for its test client and warns (an error under our pytest settings)
    # when only httpx is installed; httpx works.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HOSTILE = "dddd000000000004"
HOSTILE_TEXT = ('Antony Blinken met Yoko Kamikawa in Osaka. She said "<script>alert(1)</script>" to him. '
                'The note read "><img src=x onerror=alert(1)> and nothing else.')


def build_all(path: Path | str) -> None:
    with open_store(path, create=True) as store:
        build(store)
        article = Article(id=HOSTILE, text=HOSTILE_TEXT, title="<script>alert(1)</script> title",
                          published="2024-03-05")
        store.upsert_article(article)
        t = HOSTILE_TEXT
        quoted = "<script>alert(1)</script>"
        start = t.index(quoted)
        store.save_analysis(HOSTILE, analysis_of(
            article,
            actors=[actor("a1", "Antony Blinken", "person", "USA", "GOV", t),
                    actor("a2", "Yoko Kamikawa", "person", "JPN", "GOV", t)],
            events=[event("e1", "a1", "a2", "040", "CONSULT", t, "Antony", "met", date="2024-03-04")],
            quotes=[{"id": "q1", "text": quoted, "span": [start, start + len(quoted)], "kind": "direct",
                     "speaker": "a2", "speaker_span": None, "cue": "said"}],
        ))


@pytest.fixture
def db(store_target: Path | str) -> Path | str:
    """The hand-built database, in SQLite and then in PostgreSQL: the API answers alike from both."""
    build_all(store_target)
    return store_target


@pytest.fixture
def client(db: Path | str) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as opened:
        yield opened


def test_articles_paginate_with_next(client: TestClient) -> None:
    first = client.get("/api/articles", params={"limit": 2}).json()
    assert [item["id"] for item in first["items"]] == [HOSTILE, TOKYO]
    assert first["total"] == 3
    assert first["next"] is not None and "offset=2" in first["next"]
    second = client.get(first["next"]).json()
    assert [item["id"] for item in second["items"]] == [ANKARA]
    assert second["next"] is None


def test_article_with_its_analysis(client: TestClient) -> None:
    body = client.get(f"/api/articles/{TOKYO}").json()
    assert body["article"]["id"] == TOKYO
    assert [e["id"] for e in body["analysis"]["events"]] == ["e1", "e2", "e3"]
    assert client.get("/api/articles/nope").status_code == 404


def test_events_filters_and_offset(client: TestClient) -> None:
    china = client.get("/api/events", params={"source": "CHN"}).json()
    assert sorted(item["key"] for item in china["items"]) == [f"{TOKYO}:e2", f"{TOKYO}:e3", f"{ANKARA}:e1"]
    every = client.get("/api/events", params={"limit": 100}).json()["items"]
    page = client.get("/api/events", params={"limit": 2, "offset": 2}).json()
    assert [item["key"] for item in page["items"]] == [item["key"] for item in every[2:4]]
    assert page["next"] is not None
    assert page["total"] == len(every) and china["total"] == 3
    roots = client.get("/api/events", params={"root": "11"}).json()["items"]
    assert {item["root"] for item in roots} == {"11"}
    assert client.get("/api/events", params={"root": "x"}).status_code == 400
    dyad = client.get("/api/events", params={"dyad": "USA,CHN"}).json()["items"]
    assert sorted(item["key"] for item in dyad) == [f"{TOKYO}:e2", f"{ANKARA}:e1"]


def test_actors_and_quotes_listings(client: TestClient) -> None:
    actors = client.get("/api/actors", params={"limit": 1}).json()
    assert actors["items"][0]["name"] == "Antony Blinken" and actors["next"] is not None
    second = client.get(actors["next"]).json()["items"]
    assert second and second[0]["name"] != "Antony Blinken"
    japan = client.get("/api/actors", params={"country": "JPN"}).json()["items"]
    assert [item["name"] for item in japan] == ["Yoko Kamikawa"]
    assert client.get("/api/actors", params={"country": "JPN"}).json()["total"] == 1
    assert client.get("/api/actors", params={"search": "nobody at all"}).json()["total"] == 0
    quotes = client.get("/api/quotes", params={"speaker": "Kamikawa"}).json()
    assert quotes["total"] == 1
    assert client.get("/api/quotes", params={"speaker": "Nobody Known"}).json()["total"] == 0
    assert [item["text"] for item in quotes["items"]] == ["<script>alert(1)</script>"]
    assert quotes["next"] is None


def _point(period: str, quads: tuple[int, int, int, int], goldstein: float | None,
           by_article: int = 0) -> dict[str, object]:
    return {"period": period, "events": sum(quads),
            "quad_class": {str(q): n for q, n in enumerate(quads, start=1)},
            "goldstein_mean": goldstein, "dated_by_article": by_article}


def test_dyads_count_by_quad_class_and_period(client: TestClient) -> None:
    body = client.get("/api/dyads", params={"source": "CHN", "target": "USA", "by": "month"}).json()
    # the months between without events are there as zero (a chart drew a line across them)
    assert body["periods"] == [_point("2023-12", (0, 0, 1, 0), -2.0), _point("2024-01", (0, 0, 0, 0), None),
                               _point("2024-02", (0, 0, 0, 0), None), _point("2024-03", (0, 0, 1, 0), -2.0)]
    by_day = client.get("/api/dyads", params={"source": "CHN", "target": "USA", "by": "day"}).json()
    assert [p["period"] for p in by_day["periods"]] == ["2023-12-19"]  # "2024-03" is too coarse for a day
    assert by_day["undated"] == 1 and body["undated"] == 0
    usa = client.get("/api/dyads", params={"source": "USA", "target": "JPN", "by": "week"}).json()
    assert usa["periods"] == [_point("2024-W09", (1, 0, 0, 0), 1.0), _point("2024-W10", (1, 0, 0, 0), 1.0)]
    year = client.get("/api/dyads", params={"source": "CHN", "target": "USA", "by": "year"})
    assert year.status_code == 400


def test_dyads_date_an_undated_event_by_its_article(client: TestClient) -> None:
    """An event without a date of its own was left out, so a pair told only so was "No dated
    events"; it counts at its article's publication date, as GDELT dates events."""
    body = client.get("/api/dyads", params={"source": "CHN", "target": "TWN", "by": "day"}).json()
    assert body["periods"] == [_point("2024-03-02", (0, 0, 1, 0), -2.0, by_article=1)]


def test_dyads_normalise_by_the_articles_of_each_period(client: TestClient) -> None:
    body = client.get("/api/dyads", params={"source": "CHN", "target": "USA", "normalise": "true"}).json()
    # articles published: 2023-12-20, 2024-03-02 and 2024-03-05
    assert [(p["period"], p["articles"], p["per_100_articles"]) for p in body["periods"]] == [
        ("2023-12", 1, 100.0), ("2024-01", 0, None), ("2024-02", 0, None), ("2024-03", 2, 50.0)]
    plain = client.get("/api/dyads", params={"source": "CHN", "target": "USA"}).json()
    assert "articles" not in plain["periods"][0]


def test_network_edges_weighted_by_events(client: TestClient) -> None:
    body = client.get("/api/network").json()
    edges = {(e["source"], e["target"]): e["weight"] for e in body["edges"]}
    assert edges == {("Antony Blinken", "Yoko Kamikawa"): 2, ("China", "United States"): 1,
                     ("China", "Taiwan"): 1, ("Wang Yi", "Washington"): 1,
                     ("Recep Tayyip Erdoğan", "Xi Jinping"): 1}
    assert body["edges"][0] == {"source": "Antony Blinken", "target": "Yoko Kamikawa", "weight": 2}
    nodes = {n["name"]: n["country"] for n in body["nodes"]}
    assert nodes["China"] == "CHN" and nodes["Yoko Kamikawa"] == "JPN"


def test_post_refused_without_a_configured_token(client: TestClient) -> None:
    response = client.post("/api/articles", json={"text": "Biden met Xi in Beijing."})
    assert response.status_code == 405


def test_post_needs_the_right_token(db: Path | str) -> None:
    text = "President Joe Biden met Chinese President Xi Jinping in Beijing on Monday to discuss trade."
    with TestClient(create_app(db, token="s3cret")) as client:
        assert client.post("/api/articles", json={"text": text}).status_code == 403
        wrong = {"Authorization": "Bearer nope"}
        assert client.post("/api/articles", json={"text": text}, headers=wrong).status_code == 403
        right = {"Authorization": "Bearer s3cret"}
        response = client.post("/api/articles", json={"text": text, "published": "2024-05-06"}, headers=right)
        assert response.status_code == 201, response.text
        article_id = response.json()["article_id"]
        stored = client.get(f"/api/articles/{article_id}").json()
        assert stored["article"]["published"] == "2024-05-06"
        assert stored["analysis"] is not None
        again = client.post("/api/articles", json={"text": text}, headers=right)
        assert again.status_code == 200 and again.json()["article_id"] == article_id


def test_post_a_url_goes_through_the_fetcher(db: Path | str) -> None:
    right = {"Authorization": "Bearer s3cret"}
    with TestClient(create_app(db, token="s3cret")) as client:
        # A private address is refused by the fetcher: recorded as a failure, reported as 422.
        refused = client.post("/api/articles", json={"url": "http://127.0.0.1:9/story"}, headers=right)
        assert refused.status_code == 422 and refused.json()["status"] in ("failed", "skipped")
        both = client.post("/api/articles", json={"url": "https://example.com/", "text": "x"}, headers=right)
        assert both.status_code == 400
        scheme = client.post("/api/articles", json={"url": "file:///etc/passwd"}, headers=right)
        assert scheme.status_code == 400
