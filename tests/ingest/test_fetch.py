"""fetch(): safety rules on a real local server (127.0.0.1) and on httpx.MockTransport."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterator

import httpx
import pytest

from tests.ingest.localserver import LocalServer, closed_port
from tidings.errors import BlockedAddress, FetchError, TooLarge
from tidings.ingest import fetch as fetch_module
from tidings.ingest.fetch import Fetched, HostUnreachable, fetch
from tidings.settings import Settings

LOCAL = Settings(allow_private_networks=True, fetch_timeout=5.0)


# ---------------------------------------------------------------- local server tests

def test_fetches_a_page_with_metadata(server: LocalServer) -> None:
    url = server.add("/story.html", "<html><p>Hello</p></html>", content_type="text/html; charset=utf-8")
    fetched = fetch(url, LOCAL)
    assert isinstance(fetched, Fetched)
    assert fetched.body == b"<html><p>Hello</p></html>"
    assert fetched.url == url
    assert fetched.content_type == "text/html; charset=utf-8"
    assert fetched.fetched_at.endswith("Z") and fetched.fetched_at[:2] == "20"


def test_sends_the_configured_user_agent(server: LocalServer) -> None:
    url = server.add("/ua", "ok", content_type="text/plain")
    fetch(url, Settings(allow_private_networks=True, user_agent="tidings-test/9 (+me)"))
    assert server.requests[-1][1]["User-Agent"] == "tidings-test/9 (+me)"


def test_follows_redirects_up_to_the_limit(server: LocalServer) -> None:
    final = server.add("/final", "<p>there</p>")
    start = server.redirect("/r2", server.redirect("/r1", final))
    fetched = fetch(start, Settings(allow_private_networks=True, max_redirects=2))
    assert fetched.url == final
    assert fetched.body == b"<p>there</p>"


def test_too_many_redirects_is_a_fetch_error(server: LocalServer) -> None:
    final = server.add("/final", "<p>there</p>")
    start = server.redirect("/r3", server.redirect("/r2", server.redirect("/r1", final)))
    with pytest.raises(FetchError, match="redirected more than 2 times"):
        fetch(start, Settings(allow_private_networks=True, max_redirects=2))
    assert "/final" not in [path for path, _ in server.requests]


def test_relative_redirect_locations_are_resolved(server: LocalServer) -> None:
    server.add("/dir/final", "ok", content_type="text/plain")
    start = server.redirect("/dir/start", "final")
    assert fetch(start, LOCAL).url == server.url("/dir/final")


def test_body_over_cap_with_declared_length_is_too_large(server: LocalServer) -> None:
    url = server.add("/big", b"x" * 5000)
    with pytest.raises(TooLarge, match="declares 5,000 bytes"):
        fetch(url, Settings(allow_private_networks=True, max_bytes=1000))


def test_body_over_cap_without_length_is_too_large(server: LocalServer) -> None:
    url = server.add("/big-unannounced", b"y" * 200_000, send_length=False)
    with pytest.raises(TooLarge, match="more than the 1,000-byte cap"):
        fetch(url, Settings(allow_private_networks=True, max_bytes=1000))


def test_body_at_the_cap_is_accepted(server: LocalServer) -> None:
    url = server.add("/exact", b"z" * 1000, send_length=False)
    assert len(fetch(url, Settings(allow_private_networks=True, max_bytes=1000)).body) == 1000


def test_error_status_names_the_status(server: LocalServer) -> None:
    url = server.add("/gone", "gone", status=410)
    with pytest.raises(FetchError, match="HTTP 410"):
        fetch(url, LOCAL)


def test_loopback_is_blocked_by_default(server: LocalServer) -> None:
    url = server.add("/secret", "internal")
    with pytest.raises(BlockedAddress, match="allow_private_networks"):
        fetch(url, Settings())
    assert server.requests == []  # refused before connecting


def test_localhost_by_name_is_blocked_by_default(server: LocalServer) -> None:
    server.add("/secret", "internal")
    with pytest.raises(BlockedAddress, match="127.0.0.1|::1"):
        fetch(f"http://localhost:{server.port}/secret", Settings())
    assert server.requests == []


def test_closed_port_is_host_unreachable() -> None:
    started = time.monotonic()
    with pytest.raises(HostUnreachable, match="refused"):
        fetch(f"http://127.0.0.1:{closed_port()}/x", LOCAL)
    assert time.monotonic() - started < 5


def test_slow_server_times_out(server: LocalServer) -> None:
    url = server.add("/slow", "late", delay=1.5)
    with pytest.raises(FetchError, match="did not answer within 0.2 s"):
        fetch(url, Settings(allow_private_networks=True, fetch_timeout=0.2))


# ---------------------------------------------------------------- MockTransport and resolver tests

def mock_client(handler: Callable[[httpx.Request], httpx.Response]) -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(handler))


def fake_resolver(table: dict[str, str]) -> Callable[..., list[tuple[object, ...]]]:
    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        family = socket.AF_INET6 if ":" in table[host] else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (table[host], port))]
    return getaddrinfo


def test_a_redirect_to_a_private_host_is_blocked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo",
                        fake_resolver({"news.example": "93.184.216.34", "intranet.example": "10.1.2.3"}))
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.host)
        if request.url.host == "news.example":
            return httpx.Response(301, headers={"Location": "http://intranet.example/admin"})
        return httpx.Response(200, text="secret")

    with mock_client(handler) as client, pytest.raises(BlockedAddress, match="10.1.2.3"):
        fetch("http://news.example/story", Settings(), client=client)
    assert seen == ["news.example"]


def test_any_private_address_among_several_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    def getaddrinfo(host: str, port: int, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.0.7", port))]

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", getaddrinfo)
    with mock_client(lambda r: httpx.Response(200)) as client, pytest.raises(BlockedAddress):
        fetch("http://mixed.example/", Settings(), client=client)


def test_dns_failure_is_host_unreachable_and_not_retried(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    resolver = fake_resolver({})

    def counting(host: str, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        calls.append(host)
        return resolver(host, *args, **kwargs)

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", counting)
    with mock_client(lambda r: httpx.Response(200)) as client, \
            pytest.raises(HostUnreachable, match="could not resolve host 'nowhere.example'"):
        fetch("https://nowhere.example/a", Settings(), client=client)
    assert calls == ["nowhere.example"]


def test_public_host_passes_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    resolver = fake_resolver({"news.example": "2606:4700::1111"})
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", resolver)
    with mock_client(lambda r: httpx.Response(200, text="ok")) as client:
        assert fetch("https://news.example/", Settings(), client=client).body == b"ok"


@pytest.mark.parametrize("address", [
    "127.0.0.1", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "0.0.0.0", "224.0.0.1",
    "240.0.0.1", "100.64.0.1", "255.255.255.255", "::1", "::", "fe80::1", "fc00::1", "ff02::1",
    "::ffff:127.0.0.1", "::ffff:10.0.0.1",
])
def test_non_public_addresses_are_blocked(address: str) -> None:
    assert fetch_module._is_blocked(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111", "::ffff:93.184.216.34"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert not fetch_module._is_blocked(ipaddress.ip_address(address))


def test_ip_literal_urls_are_checked_without_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", fake_resolver({}))  # any lookup would fail
    with mock_client(lambda r: httpx.Response(200)) as client, pytest.raises(BlockedAddress):
        fetch("http://[::1]:8080/", Settings(), client=client)


def test_streaming_stops_at_the_cap() -> None:
    produced: list[int] = []

    def endless() -> Iterator[bytes]:
        while True:
            produced.append(1)
            yield b"a" * 100

    with mock_client(lambda r: httpx.Response(200, content=endless())) as client, pytest.raises(TooLarge):
        fetch("http://stream.example/", Settings(allow_private_networks=True, max_bytes=1000),
              client=client)
    assert len(produced) <= 11


def test_user_agent_is_sent_even_with_a_bare_client() -> None:
    agents: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        agents.append(request.headers["user-agent"])
        return httpx.Response(200)

    settings = Settings(allow_private_networks=True, user_agent="ua-check/1")
    with mock_client(handler) as client:
        fetch("http://a.example/", settings, client=client)
    assert agents == ["ua-check/1"]


@pytest.mark.parametrize("url", ["ftp://example.com/file", "file:///etc/passwd", "http://", "not a url"])
def test_non_http_urls_are_refused(url: str) -> None:
    with mock_client(lambda r: httpx.Response(200)) as client, pytest.raises(FetchError, match="http"):
        fetch(url, LOCAL, client=client)


def test_redirect_to_a_non_http_scheme_is_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "file:///etc/passwd"})

    with mock_client(handler) as client, pytest.raises(FetchError, match="redirected from"):
        fetch("http://a.example/", LOCAL, client=client)


def test_transport_errors_become_fetch_errors() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("server hung up", request=request)

    with mock_client(handler) as client, pytest.raises(FetchError, match="RemoteProtocolError"):
        fetch("http://a.example/", LOCAL, client=client)
