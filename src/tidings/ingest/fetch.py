"""Fetch one URL over HTTP(S): the only module in tidings that touches the network.

`fetch(url, settings)` returns a `Fetched` (final URL, body bytes, content type, fetch time) or
raises one of the `tidings.errors` it names. Its safety rules, all from `Settings`:

- every hop's host is resolved with `socket.getaddrinfo` and refused (`BlockedAddress`) if any
  address is private, loopback, link-local, reserved, multicast or unspecified, or in any IPv6
  special-purpose range (an IPv6 address carrying an IPv4 one, as NAT64, 6to4 and Teredo do, is
  judged by the IPv4 address), unless `allow_private_networks` is on; redirects are followed by
  hand, at most `max_redirects`, so that no hop escapes the check;
- the connection itself is opened by `_CheckedBackend`, which resolves the name, checks every
  address and connects to a checked address: a DNS server that answers with a public address for
  the check and a private one for the connection (DNS rebinding) gets nothing. (Through an HTTP
  proxy from the environment, the proxy resolves names, and only the first check applies.)
- the body is streamed and abandoned past `max_bytes` (`TooLarge`);
- `fetch_timeout` bounds connecting, each read, and the whole response: a server that drips a
  few bytes a second is cut off after `fetch_timeout` seconds, not kept until `max_bytes`.
  Nothing is retried, so an unreachable host costs one failed attempt;
- the `user_agent` setting is sent with every request.

Tests replace the network with `httpx.MockTransport` by passing their own `client`. Outside
`tidings.ingest` no module imports httpx: they hold a `Client`, check a URL with `is_http_url` and
name its host with `host_of`; `tidings.ingest.post` sends the alert webhook's POSTs.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import httpcore
import httpx

from tidings.errors import BlockedAddress, FetchError, HostUnreachable, TooLarge
from tidings.settings import Settings

__all__ = ["Client", "Fetched", "HostUnreachable", "check_host", "connect_failed", "fetch", "host_of",
           "is_http_url", "make_client", "parse_http_url", "utc_now"]

_SCHEMES = ("http", "https")

# The HTTP client callers hold between requests (tidings.watch keeps one per process); they name
# it by this alias so that httpx stays a detail of the ingest layer.
Client = httpx.Client


@dataclass(frozen=True, slots=True)
class Fetched:
    """A fetched body. `url` is the final URL after redirects; `fetched_at` is ISO 8601 UTC.

    `status` is the HTTP status (200 unless the caller accepted another, e.g. 304 for a
    conditional request); `etag` and `last_modified` are the response's validators, for the next
    conditional request (tidings.watch).
    """

    url: str
    body: bytes
    content_type: str | None
    fetched_at: str
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None


def utc_now() -> str:
    """The current time as ISO 8601 UTC to the second, e.g. "2024-05-01T12:00:00Z"."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def make_client(settings: Settings) -> httpx.Client:
    """An httpx client configured from `settings`; the caller closes it.

    Redirects are off because `fetch` follows them itself, checking each hop. Unless private
    networks are allowed, connections are opened by `_CheckedBackend`.
    """
    client = httpx.Client(
        timeout=settings.fetch_timeout,
        follow_redirects=False,
        headers={"User-Agent": settings.user_agent},
    )
    if not settings.allow_private_networks and isinstance(client._transport, httpx.HTTPTransport):
        # httpx has no public hook for the network backend; its transport's pool takes one.
        client._transport._pool._network_backend = _CheckedBackend()
    return client


# IPv6 ranges a fetch never reaches, after the IANA IPv6 Special-Purpose Address Registry
# (https://www.iana.org/assignments/iana-ipv6-special-registry, 2025 edition) plus the deprecated
# and multicast blocks of the IPv6 Address Space registry. Everything outside 2000::/3 (global
# unicast) is refused anyway, being IETF-reserved; the entries there are named for the reader and
# the tests. Every registry range is refused, also those marked globally reachable: the anycast
# services in 2001::/23 (PCP, TURN, AMT) and AS112 answer from the nearest instance, often a box
# on the caller's own network, and ORCHIDv2 and DETs are identifiers, not places; no news is
# served from any of them. Ranges that carry an IPv4 address (IPv4-mapped, NAT64's well-known
# prefix, 6to4, Teredo) are judged by that address instead (`_carried_ipv4`).
_SPECIAL_IPV6 = tuple(ipaddress.IPv6Network(network) for network, _name in (
    ("::1/128", "loopback"),
    ("::/128", "unspecified"),
    ("::/96", "IPv4-compatible, deprecated (RFC 4291)"),
    ("64:ff9b:1::/48", "NAT64 local-use prefix, not globally reachable (RFC 8215)"),
    ("100::/64", "discard-only (RFC 6666)"),
    ("100:0:0:1::/64", "dummy prefix (RFC 9780)"),
    ("2001::/23", "IETF protocol assignments: benchmarking 2001:2::/48, ORCHID(v2) 2001:10::/28 and "
                  "2001:20::/28, DETs 2001:30::/28, AMT 2001:3::/32, AS112 2001:4:112::/48, anycast"),
    ("2001:db8::/32", "documentation (RFC 3849)"),
    ("2620:4f:8000::/48", "AS112 direct delegation (RFC 7534)"),
    ("3fff::/20", "documentation (RFC 9637)"),
    ("5f00::/16", "segment routing SIDs (RFC 9602)"),
    ("fc00::/7", "unique local (RFC 4193)"),
    ("fe80::/10", "link-local"),
    ("fec0::/10", "site-local, deprecated (RFC 3879)"),
    ("ff00::/8", "multicast"),
))
_GLOBAL_UNICAST = ipaddress.IPv6Network("2000::/3")
# NAT64's well-known prefix carries an IPv4 address in its last 32 bits, by RFC 6052 only a
# global one; a gateway translating it to a private address is judged by that address.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# Special-purpose IPv4 ranges, after the IANA IPv4 Special-Purpose Address Registry
# (https://www.iana.org/assignments/iana-ipv4-special-registry), so that the check does not
# depend on the Python version's idea of "private" (3.11 takes 192.0.0.8 and the anycast
# ranges for global). Multicast and 240.0.0.0/4 are refused as well.
_SPECIAL_IPV4 = tuple(ipaddress.IPv4Network(network) for network, _name in (
    ("0.0.0.0/8", "this network"),
    ("10.0.0.0/8", "private"),
    ("100.64.0.0/10", "shared address space, carrier-grade NAT"),
    ("127.0.0.0/8", "loopback"),
    ("169.254.0.0/16", "link-local, cloud metadata services"),
    ("172.16.0.0/12", "private"),
    ("192.0.0.0/24", "IETF protocol assignments, with the PCP and TURN anycast addresses"),
    ("192.0.2.0/24", "documentation"),
    ("192.31.196.0/24", "AS112"),
    ("192.52.193.0/24", "AMT"),
    ("192.88.99.0/24", "6to4 relay anycast, deprecated"),
    ("192.168.0.0/16", "private"),
    ("192.175.48.0/24", "AS112 direct delegation"),
    ("198.18.0.0/15", "benchmarking"),
    ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"),
    ("224.0.0.0/4", "multicast"),
    ("240.0.0.0/4", "reserved, and the limited broadcast address"),
))


def _carried_ipv4(address: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, ...]:
    """The IPv4 hosts a packet to `address` is delivered to or through; () for a plain IPv6 one."""
    if address.ipv4_mapped is not None:  # ::ffff:127.0.0.1 is 127.0.0.1 on a dual-stack socket
        return (address.ipv4_mapped,)
    if address in _NAT64:  # a NAT64 gateway connects to the IPv4 address in the last 32 bits
        return (ipaddress.IPv4Address(int(address) & 0xFFFF_FFFF),)
    if address.sixtofour is not None:  # 2002:AABB:CCDD::/48 is tunnelled to A.B.C.D
        return (address.sixtofour,)
    if address.teredo is not None:  # 2001::/32 is relayed via its server to its client's NAT
        return address.teredo
    return ()


def _is_blocked(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for an address a fetch must not reach: non-global or special-purpose (the tables
    above, and the Python version's own flags besides)."""
    if isinstance(address, ipaddress.IPv6Address):
        carried = _carried_ipv4(address)
        if carried:
            return any(_is_blocked(ipv4) for ipv4 in carried)
        if address not in _GLOBAL_UNICAST or any(address in network for network in _SPECIAL_IPV6):
            return True
    elif any(address in network for network in _SPECIAL_IPV4):
        return True
    return (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        # Carrier-grade NAT (100.64.0.0/10) and similar are neither private nor global.
        or not address.is_global
    )


def check_host(url: httpx.URL, settings: Settings) -> None:
    """Refuse `url` if its host is, or resolves to, a non-public address.

    Raises BlockedAddress for a refused address, HostUnreachable when the name does not
    resolve. Does nothing when `settings.allow_private_networks` is on (the connection itself
    then reports an unresolvable name).
    """
    if settings.allow_private_networks:
        return
    _refuse_blocked(str(url), _resolve(url.host, url.port or (443 if url.scheme == "https" else 80),
                                       what=str(url)))


_Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def _resolve(host: str, port: int, *, what: str) -> list[_Address]:
    """The addresses `host` stands for (itself, for an IP literal); HostUnreachable if none."""
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise HostUnreachable(
            f"could not resolve host {host!r} for {what} ({exc}); check the URL and your network"
        ) from None
    # The scope id of a link-local IPv6 address ("fe80::1%eth0") is not part of the address.
    return list(dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos))


def _refuse_blocked(what: str, addresses: Iterable[_Address]) -> None:
    for address in addresses:
        if _is_blocked(address):
            raise BlockedAddress(
                f"{what} resolves to {address}, a private, loopback or otherwise non-public address; "
                "tidings refuses those by default. Set allow_private_networks = true "
                "(TIDINGS_ALLOW_PRIVATE_NETWORKS=1) if you mean to fetch from your own network"
            )


class _CheckedBackend(httpcore.SyncBackend):
    """Opens TCP connections only to addresses it resolved and checked itself.

    httpcore asks the backend for a connection by host name; resolving here, refusing the name if
    any address is non-public, and connecting to the checked address means the address used is the
    address checked, whatever a DNS server answers the next time. TLS still verifies (and sends as
    SNI) the host name, which httpcore passes separately.
    """

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        addresses = _resolve(host, port, what=f"{host}:{port}")
        _refuse_blocked(f"{host}:{port}", addresses)
        failure: httpcore.ConnectError | None = None
        for address in addresses:
            try:
                return super().connect_tcp(str(address), port, timeout, local_address, socket_options)
            except httpcore.ConnectError as exc:
                failure = exc
        raise failure or httpcore.ConnectError(f"no address for {host}")


def parse_http_url(url: str | httpx.URL, *, hop_of: str | None = None) -> httpx.URL:
    """`url` parsed; FetchError (naming `hop_of`, the URL that redirected here) unless it is an
    http or https URL with a host."""
    where = f" (redirected from {hop_of})" if hop_of else ""
    try:
        parsed = httpx.URL(url)
    # UnicodeError: a lone surrogate (a JSON escape, or a non-UTF-8 byte of a command-line argument)
    # cannot be percent-encoded.
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise FetchError(f"{url!r}{where} is not a valid URL ({exc})") from None
    if parsed.scheme not in _SCHEMES or not parsed.host:
        raise FetchError(
            f"{url}{where} is not an http(s) URL with a host; tidings fetches only http and https"
        )
    return parsed


def is_http_url(text: str) -> bool:
    """True when `text` is an http or https URL with a host, as `fetch` accepts it. Pure."""
    try:
        parse_http_url(text)
    except FetchError:
        return False
    return True


def host_of(url: str) -> str:
    """`scheme://host[:port]` of `url`, the unit robots.txt and a rate limit apply to. Pure."""
    parsed = httpx.URL(url)
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}"


def connect_failed(url: httpx.URL, exc: httpx.ConnectError) -> HostUnreachable:
    """The error for a connection to `url` that could not be opened (`exc` says why)."""
    return HostUnreachable(
        f"could not connect to {url.host} for {url} ({exc or 'connection failed'}): "
        "the connection was refused or the name did not resolve; check the URL and your network"
    )


def _read_capped(response: httpx.Response, settings: Settings, *, deadline: float) -> bytes:
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > settings.max_bytes:
        raise TooLarge(
            f"{response.url} declares {int(declared):,} bytes, over the {settings.max_bytes:,}-byte cap; "
            "raise max_bytes (TIDINGS_MAX_BYTES) if you need it"
        )
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        # Stop as soon as the cap is passed: a server may lie about or omit Content-Length.
        if size > settings.max_bytes:
            raise TooLarge(
                f"{response.url} sent more than the {settings.max_bytes:,}-byte cap; "
                "raise max_bytes (TIDINGS_MAX_BYTES) if you need it"
            )
        chunks.append(chunk)
        # Each read has its own timeout; this bounds them all together (a slow drip).
        if time.monotonic() > deadline:
            raise FetchError(
                f"{response.url} was still sending after {settings.fetch_timeout:g} s ({size:,} bytes so "
                "far); tidings gives a response fetch_timeout seconds in all. Try again later or raise "
                "fetch_timeout"
            )
    return b"".join(chunks)


def _fetch_with(client: httpx.Client, url: str, settings: Settings, *,
                headers: Mapping[str, str] | None = None, accept: Collection[int] = ()) -> Fetched:
    current = parse_http_url(url)
    headers = {"User-Agent": settings.user_agent, **(headers or {})}
    for _hop in range(settings.max_redirects + 1):
        check_host(current, settings)
        deadline = time.monotonic() + settings.fetch_timeout
        try:
            with client.stream(
                "GET", current, headers=headers, timeout=settings.fetch_timeout, follow_redirects=False
            ) as response:
                # httpx counts a 304 as a redirect, but it has no Location to follow.
                if response.is_redirect and "location" in response.headers:
                    location = response.headers["location"]
                    current = parse_http_url(current.join(location), hop_of=str(current))
                    continue
                accepted = response.status_code in accept
                if not response.is_success and not accepted:
                    raise FetchError(
                        f"{current} answered HTTP {response.status_code} {response.reason_phrase}; "
                        "check the URL or try again later"
                    )
                body = _read_capped(response, settings, deadline=deadline)
                return Fetched(
                    url=str(response.url),
                    body=body,
                    content_type=response.headers.get("content-type"),
                    fetched_at=utc_now(),
                    status=response.status_code,
                    etag=response.headers.get("etag"),
                    last_modified=response.headers.get("last-modified"),
                )
        except httpx.TimeoutException:
            raise FetchError(
                f"{current} did not answer within {settings.fetch_timeout:g} s; "
                "try again later or raise fetch_timeout"
            ) from None
        except httpx.ConnectError as exc:
            raise connect_failed(current, exc) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"fetching {current} failed: {type(exc).__name__}: {exc}") from None
    raise FetchError(
        f"{url} redirected more than {settings.max_redirects} times (last to {current}); "
        "fetch the final URL directly or raise max_redirects"
    )


def fetch(url: str, settings: Settings, *, client: httpx.Client | None = None,
          headers: Mapping[str, str] | None = None, accept: Collection[int] = ()) -> Fetched:
    """GET `url` safely and return its body.

    Requires: an http or https URL. Uses `client` if given (it is not closed), else a client made
    for this call. `headers` are sent with every hop (If-None-Match, If-Modified-Since);
    a final status in `accept` (304, or 404 for a robots.txt) is returned as a Fetched with that
    `status` instead of raising. Raises FetchError (bad URL, HTTP status outside 2xx, timeout, too many
    redirects), its subclasses HostUnreachable (DNS failure, connection refused), BlockedAddress
    (a non-public address while allow_private_networks is off) and TooLarge (body over max_bytes).
    Never raises anything else for a network problem.
    """
    if client is not None:
        return _fetch_with(client, url, settings, headers=headers, accept=accept)
    with make_client(settings) as own:
        return _fetch_with(own, url, settings, headers=headers, accept=accept)
