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
    assert '<a href="/events">events</a>: <strong>' in page.text
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
    assert re.search(r'<td class="date">2024-03-02</td><td>foreign minister</td>\s*<td>JPNGOV</td>', page)


def test_article_page_marks_who_is_named_where(client: TestClient) -> None:
    page = client.get(f"/articles/{TOKYO}").text
    blinken = '<a class="actor" href="/actors/Antony%20Blinken" title="Antony Blinken">Antony Blinken</a>'
    assert blinken in page
    assert 'title="China">Beijing</a>' in page  # the metonym is marked as the actor it names
    assert "Tokyo on Friday" in page  # text between mentions is kept whole


def test_actor_page_with_an_undated_role_answers(tmp_path: Path) -> None:
    """An undated role used to break the page's sort by date (None < str: a 500)."""
    from tidings.model import ActorFact
    from tidings.store import open_store

    path = tmp_path / "undated.db"
    build_all(path)
    with open_store(path) as store:
        store.record_actor_facts(TOKYO, None, [ActorFact("Yoko Kamikawa", "minister", "JPN", "GOV")])
        store.record_actor_facts(HOSTILE, "2024-03-05", [ActorFact("Yoko Kamikawa", "envoy", "JPN", "GOV")])
    with TestClient(create_app(path)) as opened:
        page = opened.get("/actors/Yoko Kamikawa")
    assert page.status_code == 200
    dated, undated = page.text.index("<td>envoy</td>"), page.text.index("<td>minister</td>")
    assert dated < undated and '<td class="date">undated</td><td>minister</td>' in page.text


def test_latest_first_puts_missing_values_last() -> None:
    from tidings.web.pages import latest_first

    rows = [{"d": None}, {"d": "2024-01"}, {"d": "2024-03"}, {"d": None}]
    assert [row["d"] for row in latest_first(rows, "d")] == ["2024-03", "2024-01", None, None]


def _overview_counts(client: TestClient) -> dict[str, int]:
    counts = re.search(r'<p id="counts">(.*?)</p>', client.get("/").text, re.S)
    assert counts is not None
    return {name: int(n) for name, n in re.findall(r">(\w+)</a>: <strong>(\d+)</strong>", counts.group(1))}


def test_overview_counts_are_the_lists_totals(client: TestClient) -> None:
    """The overview used to count table rows (every telling, every actor row) where the lists
    count what they list."""
    counts = _overview_counts(client)
    assert set(counts) == {"articles", "actors", "events", "quotes"}
    for name, n in counts.items():
        assert client.get(f"/api/{name}").json()["total"] == n, name
        assert f" of {n} {name}</p>" in client.get(f"/{name}").text, name


@pytest.mark.parametrize(("path", "row"), [("/actors", "Yoko Kamikawa"), ("/articles", "Blinken in Tokyo"),
                                           ("/stories", "Wang and Erdoğan")])
def test_list_pages_say_how_many_of_how_many(client: TestClient, path: str, row: str) -> None:
    """/actors, /articles and /stories answered a raw JSON 404."""
    page = client.get(path, params={"limit": 1})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    count = re.search(r'<p class="count muted">(\d+)–(\d+)\s+of (\d+) \w+</p>', page.text)
    assert count is not None and count.groups()[:2] == ("1", "1") and int(count.group(3)) >= 2
    assert "offset=1" in page.text  # the next page
    every = client.get(path, params={"limit": 100}).text
    assert row in every and f"of {count.group(3)} " in every


def test_list_pages_filter_and_count_what_they_filter(client: TestClient) -> None:
    japan = client.get("/actors", params={"country": "JPN", "sector": "", "search": ""}).text
    assert "Yoko Kamikawa" in japan and "Wang Yi" not in japan and "1–1\n of 1 actors" in japan
    since = client.get("/articles", params={"since": "2024-03-03", "until": ""}).text
    assert "1–1\n of 1 articles" in since
    assert "0\n of 0 stories" in client.get("/stories", params={"since": "2030-01-01"}).text


@pytest.mark.parametrize(("path", "status", "said"), [
    ("/no/such/page", 404, "Not Found"), ("/actors/Nobody%20Atall", 404, "no actor Nobody Atall"),
    ("/events/nope:e9", 404, "no event nope:e9"), ("/articles?since=garbage", 400, "since must be"),
    ("/stories?until=garbage", 400, "until must be"), ("/actors?offset=-1", 400, "offset")])
def test_html_routes_answer_an_error_page(client: TestClient, path: str, status: int, said: str) -> None:
    """A missing page or a bad parameter answered raw JSON on the HTML pages too."""
    page = client.get(path)
    assert page.status_code == status and page.headers["content-type"].startswith("text/html")
    assert '<nav><a href="/">Overview</a>' in page.text and said in page.text
    api = client.get("/api/no/such" if status == 404 else "/api/articles?since=garbage")
    assert api.headers["content-type"] == "application/json" and "detail" in api.json()


def test_a_failing_page_is_a_500_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tidings.store import Store

    path = tmp_path / "t.db"
    build_all(path)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(Store, "actor", broken)
    with TestClient(create_app(path), raise_server_exceptions=False) as opened:
        page, api = opened.get("/actors/Kamikawa"), opened.get("/api/actors/Kamikawa")
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "Server error" in page.text and "boom" not in page.text
    assert api.status_code == 500 and api.headers["content-type"] == "application/json"


def test_api_docs_load_their_assets_from_this_server(client: TestClient) -> None:
    """/api/docs loaded Swagger UI from a CDN: blank without the internet."""
    docs = client.get("/api/docs").text
    assets = re.findall(r'(?:src|href)=["\']([^"\']+)["\']', docs)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets), assets
    for asset in assets:
        assert asset.startswith("/"), asset
        assert client.get(asset).status_code == 200, asset
    assert "cdn" not in docs.lower() and "https://" not in docs


@pytest.mark.parametrize("country", ["JPN", "CHN", "USA", "TWN", ""])
def test_events_page_counts_the_rows_a_country_keeps(client: TestClient, country: str) -> None:
    page = client.get("/events", params={"country": country, "limit": 100}).text
    rows = len(re.findall(r'<td><a href="/events/', page))
    assert re.search(rf"(1–{rows}|0)\s+of {rows} events</p>", page), page


def test_role_periods_make_one_row_per_role_whatever_its_capitals() -> None:
    from tidings.rows import LearnedRole
    from tidings.web.pages import role_periods

    def stated(role: str, day: str | None, article: str) -> LearnedRole:
        return LearnedRole(role, "USA", "GOV", day, article, "Joe Biden")

    periods = role_periods([stated("President", "2023-01-02T10:00:00", "a1"),
                            stated("president", "2024-05-06", "a2"),
                            stated("President", "2022-03-04", "a3"), stated("senator", None, "a4")])
    assert [(p.role, p.code, p.first, p.last, p.articles) for p in periods] == [
        ("President", "USAGOV", "2022-03-04", "2024-05-06", ("a2", "a1", "a3")),
        ("senator", "USAGOV", None, None, ("a4",))]


def test_actor_page_says_how_many_events_and_quotes_in_all_and_links_to_the_rest(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # The page shows the latest rows only; counts say what it holds, links lead to what it left out.
    page = client.get("/actors/Yoko Kamikawa").text
    said = re.search(r"\d+ shown, the latest first; in all (\d+) as source\s+and (\d+) as target", page)
    quoted = re.search(r"(\d+) of (\d+) quotes", page)
    assert said is not None and quoted is not None and quoted.group(1) == quoted.group(2)
    assert "see them all" not in page  # nothing left out, nothing to follow
    monkeypatch.setattr("tidings.web.site.ACTOR_ROWS", 1)
    cut = client.get("/actors/Yoko Kamikawa").text
    assert '<a href="/events?source=Yoko%20Kamikawa">source</a>' in cut
    assert '<a href="/events?target=Yoko%20Kamikawa">target</a>' in cut
    assert re.search(r"1 of (\d+) quotes", cut)
    listed = client.get("/quotes?speaker=Yoko%20Kamikawa").text
    assert f"of {quoted.group(2)} quotes" in listed
