"""Property tests for the cheap stages: any bytes, any Unicode, any HTML/feed/WARC/JSONL shape.

Each stage promises "never raises" in its docstring; these tests hold it to that, and also to the
stronger promise the batch guards hide: no input may reach the last-resort `except Exception`
(a Skip saying "This is a bug in tidings"), since that means a reader crashed.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import httpx
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import CHEAP
from tests.fuzz.strategies import html_page, jsonl_lines, messy_text, odd_text, rss_feed, warc_file
from tidings.ingest.clean import clean_text
from tidings.ingest.extract import decode_html, extract_html
from tidings.ingest.feeds import iter_feed
from tidings.ingest.sources import decode_text, iter_documents
from tidings.ingest.warc import iter_warc
from tidings.model import Document, Skip
from tidings.settings import Settings

SETTINGS = Settings()
SUFFIXES = (".txt", ".html", ".jsonl", ".rss", ".xml", ".atom", ".feed.json", ".warc", ".warc.gz",
            ".txt.gz", ".html.gz", ".jsonl.gz", ".arc")


def _no_fetch(link: str) -> Skip:
    return Skip(ref=link, reason="fetch-failed", detail="the fuzz tests do not fetch")


def _offline_client() -> httpx.Client:
    """A client whose every request gets a small HTML page, so feed entries never touch the network."""
    page = b"<html><body><p>Nothing to see here.</p></body></html>"
    return httpx.Client(transport=httpx.MockTransport(
        lambda request: httpx.Response(200, content=page, headers={"content-type": "text/html"})))


def assert_not_a_bug(item: Document | Skip) -> None:
    assert isinstance(item, Document | Skip)
    if isinstance(item, Skip):
        assert "This is a bug in tidings" not in item.detail, item.detail
        assert item.reason and item.detail


@settings(max_examples=CHEAP)
@given(st.binary(max_size=2000) | html_page())
def test_extract_html_never_raises(raw: bytes) -> None:
    extracted = extract_html(raw, url="http://example.com/a")
    assert isinstance(extracted.text, str)
    assert isinstance(decode_html(raw), str)
    assert isinstance(decode_text(raw), str)


@settings(max_examples=CHEAP)
@given(messy_text | odd_text, st.none() | odd_text)
def test_clean_text_never_raises_and_keeps_what_it_keeps(text: str, title: str | None) -> None:
    cleaned = clean_text(text, title=title)
    assert isinstance(cleaned.text, str)
    # Cleaning only drops and normalises: it must not invent words.
    assert len(cleaned.text) <= len(text) * 2 + 10


@settings(max_examples=CHEAP)
@given(st.binary(max_size=2000) | rss_feed())
def test_iter_feed_never_raises(body: bytes) -> None:
    for item in iter_feed(body, ref="fuzz.rss", fetch_page=_no_fetch):
        assert_not_a_bug(item)


@settings(max_examples=CHEAP)
@given(st.binary(max_size=2000) | warc_file())
def test_iter_warc_never_raises(body: bytes) -> None:
    for item in iter_warc(io.BytesIO(body), ref="fuzz.warc", settings=SETTINGS):
        assert_not_a_bug(item)


_shaped = {".jsonl": jsonl_lines(), ".rss": rss_feed(), ".xml": rss_feed(), ".atom": rss_feed(),
           ".warc": warc_file(), ".warc.gz": warc_file(), ".html": html_page(), ".arc": warc_file()}


@st.composite
def input_file(draw: st.DrawFn) -> tuple[str, bytes]:
    suffix = draw(st.sampled_from(SUFFIXES))
    shaped = _shaped.get(suffix.removesuffix(".gz") if suffix != ".warc.gz" else suffix)
    body = draw(shaped | st.binary(max_size=1500)) if shaped is not None else draw(
        st.binary(max_size=1500) | messy_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
    if suffix.endswith(".gz") and suffix != ".warc.gz" and draw(st.booleans()):
        body = gzip.compress(body)
    return suffix, body


@settings(max_examples=CHEAP)
@given(st.lists(input_file(), min_size=1, max_size=3))
def test_iter_documents_never_raises(tmp_path_factory, files: list[tuple[str, bytes]]) -> None:
    folder = tmp_path_factory.mktemp("inputs")
    paths = []
    for number, (suffix, body) in enumerate(files):
        path = folder / f"input{number}{suffix}"
        path.write_bytes(body)
        paths.append(str(path))
    with _offline_client() as client:
        for item in iter_documents([*paths, str(folder)], SETTINGS, client=client):
            assert_not_a_bug(item)


@settings(max_examples=CHEAP // 2)
@given(st.binary(max_size=1500))
def test_stdin_never_raises(body: bytes) -> None:
    for item in iter_documents(["-"], SETTINGS, stdin=io.BytesIO(body)):
        assert_not_a_bug(item)


def test_paths_that_are_not_files(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    odd_paths = [str(tmp_path / "dir.txt"), str(tmp_path / "missing.html"), "\x00bad"]
    for item in iter_documents(odd_paths, SETTINGS):
        assert_not_a_bug(item)
