"""/api/events pages real-world events by a cursor (`after`, issue 20): a walk by `next` links
lists each event once, as offset pages do, and a cursor it did not give is a 400."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest

from tests.store.test_rollup import build
from tidings.store import open_store
from tidings.web.app import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("keyset") / "keyset.db"
    with open_store(path, create=True) as opened:
        build(opened, count=40)
    yield TestClient(create_app(path))


def _keys(client: TestClient, url: str) -> tuple[list[str], dict]:
    answer = client.get(url)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    return [item["key"] for item in body["items"]], body


@pytest.mark.parametrize("query", ["", "source=USA&", "root=19&"])
def test_a_walk_by_cursor_lists_what_offset_pages_list(client: TestClient, query: str) -> None:
    everything, first = _keys(client, f"/api/events?{query}limit=200")
    assert first["next"] is None and first["next_after"] is None and len(everything) == first["total"]
    assert first["total_exact"] is True  # a small database: every count is exact
    walked, body = _keys(client, f"/api/events?{query}limit=6")
    while body["next_after"]:
        url = f"/api/events?{query}limit=6&after={body['next_after']}"
        keys, body = _keys(client, url)
        assert body["next"] is None or "after=" in body["next"]  # a walk goes on by its cursor
        walked += keys
    assert walked == everything


def test_a_cursor_it_did_not_give_is_a_400_that_says_what_to_do(client: TestClient) -> None:
    answer = client.get("/api/events?after=nonsense")
    assert answer.status_code == 400
    assert "not a cursor this listing gave" in answer.json()["detail"]
    assert client.get("/api/events?mentions=true&after=x").status_code == 400


def test_the_events_page_says_an_estimated_count_is_one(client: TestClient,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Past a deep page's reach the events page counts as the API does, by an estimate, and
    says "about"; a count kept whole (one key) stays exact."""
    exact = client.get("/events?source=USA&root=19").text
    assert " of about " not in exact
    monkeypatch.setattr("tidings.store.rollup.EXACT_SCAN", 5)
    api = client.get("/api/events?source=USA&root=19").json()
    assert api["total_exact"] is False
    assert f" of about {api['total']} events" in client.get("/events?source=USA&root=19").text
    assert " of about " not in client.get("/events?source=USA").text
