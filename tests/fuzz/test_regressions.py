"""Inputs the fuzzers (hypothesis, benchmarks/fuzz_targets.py) found crashing, kept as tests."""

from __future__ import annotations

from tidings.ingest.feeds import iter_feed
from tidings.model import Skip


def _no_fetch(link: str) -> Skip:
    return Skip(ref=link, reason="fetch-failed", detail="not fetched")


def test_empty_feed_body_is_a_skip_not_an_attribute_error() -> None:
    # feedparser's result has no "version" key at all for empty input; reading it as an attribute raised.
    items = list(iter_feed(b"", ref="empty.rss", fetch_page=_no_fetch))
    assert [item.reason for item in items if isinstance(item, Skip)] == ["unsupported"]


def test_declared_encoding_with_a_nul_is_a_malformed_feed() -> None:
    # Found by benchmarks/fuzz_targets.py (feeds): feedparser raised ValueError("embedded null character").
    body = b'<?xml version="1.0" encoding="utf\x00-8"?><rss version="2.0"><channel></channel></rss>'
    items = list(iter_feed(body, ref="nul.rss", fetch_page=_no_fetch))
    assert [item.reason for item in items if isinstance(item, Skip)] == ["malformed-feed"]
