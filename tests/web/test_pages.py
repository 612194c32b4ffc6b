"""The HTML pages: they render, link events to their sentence, and show hostile text inertly."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.test_event_store import TOKYO, TOKYO_TEXT
from tests.web.test_api import HOSTILE, HOSTILE_TEXT, build_all
from tidings.web import create_app
from tidings.web.pages import anchored_pieces

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # see test_api: Starlette's httpx2 deprecation warning
    from fastapi.testclient import TestClient


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    path = tmp_path / "tidings.db"
    build_all(path)
    with TestClient(create_app(path)) as opened:
        yield opened


def test_overview_shows_counts_and_latest_events(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "events: <strong>6</strong>" in page.text
    assert f'href="/events/{TOKYO}%3Ae1"' in page.text or f'href="/events/{TOKYO}:e1"' in page.text


def test_events_page_filters(client: TestClient) -> None:
    japan = client.get("/events", params={"country": "JPN"}).text
    assert "Yoko Kamikawa" in japan and "Wang Yi" not in japan
    china = client.get("/events", params={"source": "CHN", "root": "11"}).text
    assert "Wang Yi" in china and "Antony Blinken" not in china
    bad = client.get("/events", params={"root": "x"})
    assert bad.status_code == 200 and "root must be" in bad.text
    first = client.get("/events", params={"limit": 2}).text
    assert "offset=2" in first


def test_event_page_links_to_its_sentence(client: TestClient) -> None:
    page = client.get(f"/events/{TOKYO}:e2")
    assert page.status_code == 200
    start = TOKYO_TEXT.index("China accused")
    assert f'href="/articles/{TOKYO}#s-{start}"' in page.text
    article = client.get(f"/articles/{TOKYO}").text
    assert f'id="s-{start}"' in article
    assert client.get("/events/nope:e9").status_code == 404


def test_quotes_and_actor_pages(client: TestClient) -> None:
    found = client.get("/quotes", params={"q": "alert"}).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in found
    assert "1 quotes" in found and ">next<" not in found
    assert "0 quotes" in client.get("/quotes", params={"q": "nothing matches this"}).text
    assert f'href="/articles/{HOSTILE}#s-{HOSTILE_TEXT.index("<script>")}"' in found
    actor = client.get("/actors/Kamikawa")
    assert actor.status_code == 200 and "<h1>Yoko Kamikawa</h1>" in actor.text
    assert client.get("/actors/Nobody%20Atall").status_code == 404


def test_hostile_article_renders_inertly(client: TestClient) -> None:
    for url in (f"/articles/{HOSTILE}", "/", f"/events/{HOSTILE}:e1", "/quotes?q=script", "/actors/Kamikawa"):
        html = client.get(url).text
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
    article = client.get(f"/articles/{HOSTILE}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article
    assert "&lt;img src=x onerror=alert(1)&gt;" in article
    # no stray newline in the text:
    assert '&#34;</span><span id="s-53" class="evidence">&lt;script&gt;' in article
    assert not re.search(r"<script\b", article)
    assert "cdn" not in article.lower() and "https://" not in article


def test_anchored_pieces_cut_at_each_offset() -> None:
    pieces = anchored_pieces("abcdef", {0, 3, 99})
    assert pieces == [{"anchor": 0, "text": "abc"}, {"anchor": 3, "text": "def"}]
    assert "".join(p["text"] for p in anchored_pieces("abc", set())) == "abc"


def test_actor_page_shows_roles_over_time(tmp_path: Path) -> None:
    from tidings.model import ActorFact
    from tidings.store import open_store

    path = tmp_path / "roles.db"
    build_all(path)
    with open_store(path, create=True) as store:
        fact = ActorFact("Yoko Kamikawa", "foreign minister", "JPN", "GOV")
        store.record_actor_facts(TOKYO, "2024-03-02", [fact])
    with TestClient(create_app(path)) as opened:
        page = opened.get("/actors/Yoko Kamikawa").text
    assert "Roles over time" in page
    assert "<td>2024-03-02</td><td>foreign minister</td><td>JPNGOV</td>" in page


def test_article_page_marks_who_is_named_where(client: TestClient) -> None:
    page = client.get(f"/articles/{TOKYO}").text
    blinken = '<a class="actor" href="/actors/Antony%20Blinken" title="Antony Blinken">Antony Blinken</a>'
    assert blinken in page
    assert 'title="China">Beijing</a>' in page  # the metonym is marked as the actor it names
    assert "Tokyo on Friday" in page  # text between mentions is kept whole
