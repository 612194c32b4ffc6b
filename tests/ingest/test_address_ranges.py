"""The address check against every special-purpose range (IANA's registries), one row per range.

IPv6 addresses that carry an IPv4 one (IPv4-mapped, NAT64's well-known prefix, 6to4, Teredo)
are judged by the IPv4 address they lead to; every other special-purpose range is refused.
"""

from __future__ import annotations

import ipaddress

import httpx
import pytest

from tidings.errors import BlockedAddress
from tidings.ingest import fetch as fetch_module
from tidings.ingest.fetch import fetch
from tidings.settings import Settings


def teredo(server: str, client: str) -> str:
    """A Teredo address (RFC 4380): 2001:0::/32, the server's IPv4, flags and port, then the
    client's public IPv4 with every bit inverted."""
    inverted = int(ipaddress.IPv4Address(client)) ^ 0xFFFF_FFFF
    return str(ipaddress.IPv6Address((0x2001_0000 << 96) | (int(ipaddress.IPv4Address(server)) << 64)
                                     | (0x8000_63BF << 32) | inverted))


BLOCKED = [
    # (address, the range it is in)
    ("2002:c0a8:101::1", "6to4 wrapping 192.168.1.1"),
    ("2002:a00:1::1", "6to4 wrapping 10.0.0.1"),
    ("2002:7f00:1::", "6to4 wrapping 127.0.0.1"),
    ("2002:a9fe:a9fe::1", "6to4 wrapping 169.254.169.254 (cloud metadata)"),
    ("fec0::1", "site-local, deprecated"),
    ("feff:ffff::1", "site-local, its last address"),
    ("64:ff9b::a00:1", "NAT64 well-known prefix wrapping 10.0.0.1"),
    ("64:ff9b::7f00:1", "NAT64 well-known prefix wrapping 127.0.0.1"),
    ("64:ff9b::a9fe:a9fe", "NAT64 well-known prefix wrapping 169.254.169.254"),
    ("64:ff9b:1::a00:1", "NAT64 local-use prefix wrapping 10.0.0.1"),
    ("64:ff9b:1:ffff::808:808", "NAT64 local-use prefix: not globally reachable, whatever it wraps"),
    ("::ffff:192.168.0.1", "IPv4-mapped private"),
    ("::ffff:0.0.0.0", "IPv4-mapped unspecified"),
    ("::127.0.0.1", "IPv4-compatible loopback, deprecated"),
    ("::8.8.8.8", "IPv4-compatible, deprecated, even of a public address"),
    (teredo("65.54.227.120", "10.0.0.1"), "Teredo whose client is 10.0.0.1"),
    (teredo("65.54.227.120", "127.0.0.1"), "Teredo whose client is 127.0.0.1"),
    (teredo("192.168.1.1", "8.8.8.8"), "Teredo whose server is private"),
    ("100::1", "discard-only"),
    ("100:0:0:1::1", "dummy prefix"),
    ("2001:2::1", "benchmarking"),
    ("2001:db8::1", "documentation"),
    ("3fff::1", "documentation (2024)"),
    ("2001:10::1", "ORCHID, deprecated"),
    ("2001:20::1", "ORCHIDv2: an identifier, not a place"),
    ("2001:30::1", "drone remote ID tags"),
    ("2001:1::1", "PCP anycast: the nearest router"),
    ("2001:1::2", "TURN anycast"),
    ("2001:3::1", "AMT relays"),
    ("2001:4:112::1", "AS112"),
    ("2001:1ff::1", "IETF protocol assignments, unassigned"),
    ("2620:4f:8000::1", "AS112 direct delegation"),
    ("5f00::1", "segment routing SIDs"),
    ("fc00::1", "unique local"),
    ("fd12:3456::1", "unique local"),
    ("fe80::1", "link-local"),
    ("ff05::2", "multicast, site scope"),
    ("::1", "loopback"),
    ("::", "unspecified"),
    ("1::1", "IETF-reserved, outside global unicast"),
    ("192.0.0.8", "IPv4 dummy address"),
    ("192.0.0.9", "IPv4 PCP anycast"),
    ("192.0.0.200", "IPv4 IETF protocol assignments"),
    ("192.31.196.1", "IPv4 AS112"),
    ("192.52.193.1", "IPv4 AMT"),
    ("192.88.99.1", "IPv4 6to4 relay anycast"),
    ("192.175.48.1", "IPv4 AS112 direct delegation"),
    ("2002:c000:9::1", "6to4 wrapping the PCP anycast 192.0.0.9"),
    ("4000::1", "IETF-reserved, outside global unicast"),
    ("e000::1", "IETF-reserved, outside global unicast"),
]

ALLOWED = [
    ("2606:4700::1111", "global unicast"),
    ("2a00:1450:4001:82b::200e", "global unicast"),
    ("2002:808:808::1", "6to4 wrapping 8.8.8.8"),
    ("64:ff9b::808:808", "NAT64 well-known prefix wrapping 8.8.8.8: how an IPv6-only network with "
                         "DNS64 reaches any IPv4-only site"),
    ("::ffff:93.184.216.34", "IPv4-mapped public"),
    (teredo("65.54.227.120", "93.184.216.34"), "Teredo with public server and client"),
]


@pytest.mark.parametrize(("address", "why"), BLOCKED, ids=[why for _, why in BLOCKED])
def test_special_purpose_addresses_are_blocked(address: str, why: str) -> None:
    assert fetch_module._is_blocked(ipaddress.ip_address(address)), why


@pytest.mark.parametrize(("address", "why"), ALLOWED, ids=[why.split(":")[0] for _, why in ALLOWED])
def test_public_addresses_are_allowed(address: str, why: str) -> None:
    assert not fetch_module._is_blocked(ipaddress.ip_address(address)), why


def test_the_teredo_helper_builds_what_python_reads() -> None:
    server, client = ipaddress.IPv6Address(teredo("65.54.227.120", "10.0.0.1")).teredo or (None, None)
    assert (str(server), str(client)) == ("65.54.227.120", "10.0.0.1")


@pytest.mark.parametrize("host", ["[2002:c0a8:101::1]", "[fec0::1]", "[64:ff9b::7f00:1]"])
def test_a_url_naming_such_an_address_is_refused_before_any_request(host: str) -> None:
    requested: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(request)
        return httpx.Response(200)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client, pytest.raises(BlockedAddress):
        fetch(f"http://{host}/", Settings(), client=client)
    assert requested == []
