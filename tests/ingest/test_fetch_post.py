"""post_json(): the fetch layer's rules for a POST (address checks, user agent, timeout), redirects
answered and not followed, network failures as tidings errors; on httpx.MockTransport and 127.0.0.1."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable

import httpx
import pytest

from tests.ingest.localserver import closed_port
from tidings.errors import BlockedAddress, FetchError, HostUnreachable
from tidings.ingest.fetch import host_of, is_http_url
from tidings.ingest.post import Posted, post_json
from tidings.settings import Settings

LOCAL = Settings(allow_private_networks=True, user_agent="tidings-test/9 (+me)")
# What the fake resolver answers for each name; anything else does not resolve. No test needs DNS.
NAMES = {"hooks.example.org": "93.184.215.14", "inside.example.org": "192.168.1.20"}


@pytest.fixture(autouse=True)
def resolver(monkeypatch: pytest.MonkeyPatch) -> None:
    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host not in NAMES:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (NAMES[host], port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def recording(answer: Callable[[httpx.Request], httpx.Response]) -> tuple[httpx.Client, list[httpx.Request]]:
    """A client whose transport answers with `answer` and keeps every request it was sent."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer(request)

    return httpx.Client(transport=httpx.MockTransport(handler)), sent


def test_the_payload_goes_as_json_with_the_user_agent() -> None:
    client, sent = recording(lambda request: httpx.Response(204))
    payload = {"rule": "r", "count": 2, "ids": ["a"]}
    posted = post_json("http://127.0.0.1:9/hook", payload, LOCAL, client=client)
    assert posted == Posted(url="http://127.0.0.1:9/hook", status=204, reason="No Content") and posted.ok
    request, = sent
    assert request.method == "POST" and request.headers["User-Agent"] == "tidings-test/9 (+me)"
    assert request.headers["Content-Type"] == "application/json"
    assert json.loads(request.content) == payload


def test_an_error_status_is_an_answer_not_an_exception() -> None:
    client, _ = recording(lambda request: httpx.Response(503))
    posted = post_json("https://hooks.example.org/x", {}, Settings(), client=client)
    assert (posted.status, posted.ok, posted.location) == (503, False, None)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/hook", "http://[::1]/hook", "http://10.1.2.3/hook",
                                 "http://169.254.169.254/latest/meta-data"])
def test_a_private_address_is_refused_before_anything_is_sent(url: str) -> None:
    client, sent = recording(lambda request: httpx.Response(204))
    with pytest.raises(BlockedAddress, match="allow_private_networks"):
        post_json(url, {"rule": "r"}, Settings(), client=client)
    assert sent == []


def test_a_name_that_resolves_to_a_private_address_is_refused() -> None:
    client, sent = recording(lambda request: httpx.Response(204))
    with pytest.raises(BlockedAddress, match="192.168.1.20"):
        post_json("https://inside.example.org/x", {}, Settings(), client=client)
    assert sent == []


def test_its_own_client_refuses_a_private_address_too() -> None:
    # No client given: the one post_json makes checks the address (and would send nothing).
    with pytest.raises(BlockedAddress):
        post_json(f"http://127.0.0.1:{closed_port()}/hook", {}, Settings())


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_redirect_is_answered_with_its_location_and_not_followed(status: int) -> None:
    # Following one would resend the payload, or drop it as a GET, to a URL nobody configured.
    client, sent = recording(lambda request: httpx.Response(status, headers={"Location": "/moved"}))
    posted = post_json("https://hooks.example.org/x", {}, Settings(), client=client)
    assert (posted.status, posted.location, posted.ok) == (status, "https://hooks.example.org/moved", False)
    assert len(sent) == 1


def test_a_closed_port_is_unreachable() -> None:
    with pytest.raises(HostUnreachable, match="check the URL and your network"):
        post_json(f"http://127.0.0.1:{closed_port()}/hook", {}, LOCAL, timeout=2)


def test_a_timeout_says_what_to_do() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client, _ = recording(slow)
    with pytest.raises(FetchError, match=r"within 1\.5 s; check that it is up, or raise the timeout"):
        post_json("https://hooks.example.org/x", {}, Settings(), timeout=1.5, client=client)


@pytest.mark.parametrize("url", ["ftp://example.org/hook", "http:///nohost", "not a url"])
def test_a_url_that_is_not_http_is_a_fetch_error(url: str) -> None:
    client, sent = recording(lambda request: httpx.Response(204))
    with pytest.raises(FetchError, match="http"):
        post_json(url, {}, LOCAL, client=client)
    assert sent == []


def test_the_url_helpers_other_layers_use_instead_of_httpx() -> None:
    assert is_http_url("https://example.org/feed.xml") and is_http_url("http://127.0.0.1:8080/")
    assert not any(is_http_url(text) for text in ("ftp://example.org/", "example.org/feed", "http://", ""))
    assert host_of("https://example.org/a/b?c") == "https://example.org"
    assert host_of("http://127.0.0.1:8080/robots.txt") == "http://127.0.0.1:8080"
