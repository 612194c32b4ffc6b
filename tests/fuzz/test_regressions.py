"""Inputs the fuzzers (hypothesis, benchmarks/fuzz_targets.py) found crashing, kept as tests."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from tidings.ingest.extract import decode_html
from tidings.ingest.feeds import iter_feed
from tidings.ingest.sources import decode_text, iter_documents
from tidings.model import Skip
from tidings.settings import Settings


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


@pytest.mark.parametrize("label", ["uu", "hex", "base64", "rot13", "zip", "bz2", "quopri", "undefined",
                                   "idna"])
def test_a_page_declaring_a_codec_that_is_no_text_encoding_still_decodes(label: str) -> None:
    # Found by benchmarks/fuzz_targets.py (extract): `codecs.lookup("uu")` succeeds, decoding raised.
    page = f'<html><head><meta charset="{label}"></head><body><p>Caf\xe9 talks</p></body></html>'
    raw = page.encode("latin-1")
    assert "talks" in decode_html(raw)
    assert "talks" in decode_text(raw, declared=label)


def test_a_feed_link_with_a_lone_surrogate_costs_only_its_entry(tmp_path: Path) -> None:
    # Found by benchmarks/fuzz_targets.py (border): httpx.URL raised UnicodeEncodeError on the link,
    # the feed ended in a last-resort skip and its later entries were lost.
    feed = tmp_path / "news.feed.json"
    body = ("Ministers from both countries met in Geneva on Monday and agreed to resume talks next month, "
            "officials said after the meeting. ") * 3
    feed.write_text('{"version": "https://jsonfeed.org/version/1.1", "items": ['
                    '{"id": "1", "summary": "Short.", "url": "https://news.example/1\\ud800"}, '
                    f'{{"id": "2", "url": "https://news.example/2", "content_text": "{body}"}}]}}')
    items = list(iter_documents([str(feed)], Settings(), client=_refusing_client()))
    assert [item.ref for item in items] == ["https://news.example/1\ufffd", "https://news.example/2"]
    assert isinstance(items[0], Skip) and "not a valid URL" in items[0].detail
    assert "This is a bug" not in items[0].detail


def test_a_url_argument_that_is_not_utf8_is_a_clear_skip() -> None:
    url = os.fsdecode(b"http://example.com/\xff")  # as the shell hands it over
    (skip,) = iter_documents([url], Settings(), client=_refusing_client())
    assert isinstance(skip, Skip) and skip.reason == "fetch-failed" and "not a valid URL" in skip.detail
    skip.detail.encode("utf-8")


def _refusing_client() -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(599)))
