"""What a request may cost `tidings serve`: writes without the token are refused before their body
is read, every body is capped, and query parameters out of bounds answer 400 on every route.

Body cases drive the ASGI app directly with a `receive` that counts the bytes the app pulls, so
"refused before reading the body" is measured, not inferred; the cap is scaled down to 1,000 bytes.
"""

from __future__ import annotations

import asyncio
import html
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from httpx import Response

from tests.web.test_api import build_all
from tidings.web import create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # see test_api: Starlette's httpx2 deprecation warning
    from fastapi.testclient import TestClient

TOKEN = "s3cret"
RIGHT = [(b"authorization", f"Bearer {TOKEN}".encode())]
BEARER = {"Authorization": f"Bearer {TOKEN}"}
CAP = 1_000


@dataclass
class Answer:
    status: int
    headers: dict[bytes, bytes]
    body: bytes
    pulled: int  # request-body bytes the app took from `receive`
    receives: int = field(default=0)

    def json(self) -> Any:
        return json.loads(self.body)


def call(app: Any, method: str, path: str, *, headers: list[tuple[bytes, bytes]] | None = None,
         chunks: Iterable[bytes] = (), length: int | None = None) -> Answer:
    """One request through the ASGI app: `chunks` streamed as the body, `length` as Content-Length
    (None: no Content-Length, as a chunked upload has none)."""
    pending = iter(chunks)
    answer = Answer(0, {}, b"", 0)
    sent: list[bytes] = []
    all_headers = list(headers or [])
    if length is not None:
        all_headers.append((b"content-length", str(length).encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
             "root_path": "", "headers": all_headers, "client": ("127.0.0.1", 1),
             "server": ("127.0.0.1", 80)}

    async def receive() -> dict[str, Any]:
        answer.receives += 1
        chunk = next(pending, None)
        if chunk is None:
            return {"type": "http.request", "body": b"", "more_body": False}
        answer.pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer.status = message["status"]
            answer.headers = dict(message.get("headers", []))
        elif message["type"] == "http.response.body":
            sent.append(message.get("body", b""))

    asyncio.run(app(scope, receive, send))
    answer.body = b"".join(sent)
    return answer


def stream(total: int = 2_000_000, size: int = 64 * 1024) -> Iterator[bytes]:
    """A body of `total` bytes in chunks of `size`: finite, so that an app which reads it all (as
    before the fix) fails the test instead of hanging it."""
    for start in range(0, total, size):
        yield b"x" * min(size, total - start)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bounds") / "tidings.db"
    build_all(path)
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), raise_server_exceptions=False) as opened:
        yield opened


# -- writes without the token: refused on their headers ---------------------------------------------

@pytest.mark.parametrize("headers", [[], [(b"authorization", b"Bearer nope")],
                                     [(b"authorization", b"Basic s3cret")]], ids=["none", "wrong", "scheme"])
def test_write_without_the_token_is_refused_before_its_body_is_read(db: Path, headers: Any) -> None:
    app = create_app(db, token=TOKEN)  # the default cap: 300 MB is over it, but 2 MB is sent
    answer = call(app, "POST", "/api/articles", headers=[(b"content-type", b"application/json"), *headers],
                  chunks=stream(), length=300_000_000)
    assert answer.status == 403 and answer.receives == 0 and answer.pulled == 0
    assert answer.headers[b"connection"] == b"close"  # the server hangs up rather than drain 300 MB


def test_read_only_server_answers_405_to_any_write_unread(db: Path) -> None:
    app = create_app(db)
    for method, path in [("POST", "/api/articles"), ("PUT", "/api/events"), ("DELETE", "/api/articles/x")]:
        answer = call(app, method, path, headers=RIGHT, chunks=stream())
        assert (answer.status, answer.receives) == (405, 0), (method, path)
        assert answer.headers[b"allow"] == b"GET"
        assert "read-only" in answer.json()["detail"]


def test_an_empty_token_makes_a_read_only_server(db: Path) -> None:
    app = create_app(db, token="")
    answer = call(app, "POST", "/api/articles", headers=[(b"authorization", b"Bearer ")], chunks=[b"{}"])
    assert answer.status == 405


def test_a_token_from_the_environment_compares_as_its_bytes(db: Path) -> None:
    token = "caf\udcc3\udca9"  # os.environ's spelling of the UTF-8 bytes of "café" in a C locale
    app = create_app(db, token=token)
    wrong = call(app, "POST", "/api/articles", headers=[(b"authorization", b"Bearer caf")], chunks=[b"{}"])
    assert wrong.status == 403
    right = call(app, "POST", "/api/articles", headers=[(b"authorization", "Bearer café".encode())],
                 chunks=[b"{}"])
    assert right.status == 422  # through to the route: {} is neither text nor url


# -- the body cap, on every route ----------------------------------------------------------------------

def test_a_declared_length_over_the_cap_is_refused_unread(db: Path) -> None:
    app = create_app(db, token=TOKEN, max_body=CAP)
    for method, path in [("POST", "/api/articles"), ("GET", "/api/events"), ("GET", "/")]:
        answer = call(app, method, path, headers=RIGHT, chunks=stream(), length=CAP + 1)
        assert (answer.status, answer.pulled) == (413, 0), (method, path)
        assert "1,000-byte cap" in answer.json()["detail"]


def test_a_chunked_body_is_cut_off_once_it_passes_the_cap(db: Path) -> None:
    app = create_app(db, token=TOKEN, max_body=CAP)
    answer = call(app, "POST", "/api/articles", headers=[*RIGHT, (b"content-type", b"application/json")],
                  chunks=stream(100_000, 300))
    assert answer.status == 413 and answer.pulled <= CAP + 300
    assert answer.headers[b"connection"] == b"close"


def test_a_body_at_the_cap_goes_through(db: Path) -> None:
    # Neither or both of text and url: the route answers 400, so the whole body was read and parsed.
    body = json.dumps({"text": "x", "url": "https://example.com/"}).encode()
    body += b" " * (CAP - len(body))
    app = create_app(db, token=TOKEN, max_body=CAP)
    answer = call(app, "POST", "/api/articles", headers=[*RIGHT, (b"content-type", b"application/json")],
                  chunks=[body[:500], body[500:]], length=len(body))
    assert answer.status == 400 and answer.pulled == CAP
    chunked = call(app, "POST", "/api/articles", headers=[*RIGHT, (b"content-type", b"application/json")],
                   chunks=[body[:500], body[500:]])
    assert chunked.status == 400


def test_the_default_cap_follows_the_max_bytes_setting(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIDINGS_MAX_BYTES", "1000")
    app = create_app(db, token=TOKEN)
    assert call(app, "POST", "/api/articles", headers=RIGHT, length=3001, chunks=stream()).status == 413
    body = json.dumps({"text": "x", "url": "https://example.com/"}).encode().ljust(3000)
    assert call(app, "POST", "/api/articles", headers=[*RIGHT, (b"content-type", b"application/json")],
                chunks=[body], length=3000).status == 400


def test_the_test_client_sees_the_same_answers(db: Path) -> None:
    with TestClient(create_app(db, token=TOKEN, max_body=CAP)) as client:
        assert client.post("/api/articles", content=b"x" * 10).status_code == 403
        big = client.post("/api/articles", content=b"x" * (CAP + 1), headers=BEARER)
        assert big.status_code == 413
        assert client.get("/api/events").status_code == 200


# -- query parameters: 400 on every route ----------------------------------------------------------------

LISTINGS = ["/api/articles", "/api/actors", "/api/events", "/api/events?mentions=true", "/api/quotes",
            "/events", "/quotes", "/actors", "/articles", "/stories"]


def detail(response: Response) -> str:
    """The error's sentence: the API's JSON detail, or the error page's for an HTML route."""
    if response.headers["content-type"].startswith("application/json"):
        return str(response.json()["detail"])
    assert response.headers["content-type"].startswith("text/html")
    found = re.search(r'<p id="error">(.*?)</p>', response.text, re.S)
    assert found is not None, response.text
    return html.unescape(found.group(1))


@pytest.mark.parametrize("path", LISTINGS)
@pytest.mark.parametrize("offset", [str(2**63), str(2**64), "9" * 5000, "-1", "1.5", "ten"])
def test_an_offset_sql_cannot_hold_is_a_400(client: TestClient, path: str, offset: str) -> None:
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}offset={offset}")
    assert response.status_code == 400, response.text
    assert detail(response).startswith("offset")


@pytest.mark.parametrize("path", LISTINGS[:5] + ["/api/alerts", "/events"])
@pytest.mark.parametrize("limit", [str(2**63), "-1", "x"])
def test_a_limit_out_of_bounds_is_a_400(client: TestClient, path: str, limit: str) -> None:
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}limit={limit}")
    assert response.status_code == 400 and detail(response).startswith("limit")


def test_the_largest_offset_is_an_empty_page(client: TestClient) -> None:
    for path in LISTINGS:
        joiner = "&" if "?" in path else "?"
        assert client.get(f"{path}{joiner}offset={10**18}").status_code == 200, path
    assert client.get("/api/events", params={"offset": 10**18}).json()["items"] == []


DATED = ["/api/articles", "/api/events", "/api/quotes", "/api/dyads?source=USA&target=CHN", "/api/network",
         "/api/places"]


@pytest.mark.parametrize("path", DATED)
@pytest.mark.parametrize("name", ["since", "until"])
@pytest.mark.parametrize("value", ["garbage", "", "2024/03/01", "March 2024"])
def test_a_date_that_is_not_one_is_a_400_on_every_route(client: TestClient, path: str, name: str,
                                                        value: str) -> None:
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}{name}={value}")
    assert response.status_code == 400, response.text
    assert response.json()["detail"] == (f"{name} must be an ISO date written YYYY, YYYY-MM or YYYY-MM-DD "
                                         f"(a time may follow the day: 2024-03-01T10:00Z), not {value!r}")


@pytest.mark.parametrize("path", ["/api/quotes?speaker=Nobody%20Known", "/api/quotes?about=%22%22",
                                  "/api/articles?search=%22%22", "/api/events?source=Nobody%20Known"])
def test_a_bad_date_is_a_400_even_when_nothing_could_match(client: TestClient, path: str) -> None:
    # The store stops at a filter that matches nothing before it looks at the dates.
    assert client.get(f"{path}&since=garbage").status_code == 400


def test_alerts_take_since_alike(client: TestClient) -> None:
    assert client.get("/api/alerts", params={"since": "garbage"}).status_code == 400
    assert client.get("/api/alerts", params={"since": "2024-03"}).status_code == 200


@pytest.mark.parametrize("path", DATED)
def test_iso_dates_still_filter(client: TestClient, path: str) -> None:
    joiner = "&" if "?" in path else "?"
    for value in ("2024", "2024-03", "2024-03-05", "2024-03-05T10:00:00Z", " 2024-03 "):
        assert client.get(f"{path}{joiner}since={value}&until=2030").status_code == 200, (path, value)
    dated = client.get("/api/articles", params={"since": "2024-03-05"}).json()
    assert dated["total"] == 1  # the hostile article only


def test_the_brief_page_shows_an_out_of_range_window_as_an_error(client: TestClient) -> None:
    for since in ("1000000d", "0001-01-02", "99999999999999999999w"):
        page = client.get("/brief", params={"since": since})
        assert page.status_code == 200 and "before the year 1" in page.text, since


def test_a_bad_json_body_keeps_its_422(db: Path) -> None:
    with TestClient(create_app(db, token=TOKEN)) as client:
        response = client.post("/api/articles", json={"text": 5}, headers=BEARER)
        assert response.status_code == 422
