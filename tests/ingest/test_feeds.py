"""iter_feed(): entries to Documents, teasers fetched through the caller's fetch_page, malformed feeds."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import httpx
import pytest

from tidings.ingest import fetch as fetch_module
from tidings.ingest.feeds import (
    FULL_TEXT_MIN_WORDS,
    is_feed_content_type,
    is_json_feed,
    iter_feed,
    looks_like_feed,
)
from tidings.ingest.sources import iter_documents
from tidings.model import Document, Skip
from tidings.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"


class PageStub:
    """A fetch_page that serves canned pages and records which links were asked for."""

    def __init__(self, pages: dict[str, str] | None = None) -> None:
        self.pages = pages or {}
        self.asked: list[str] = []

    def __call__(self, link: str) -> Document | Skip:
        self.asked.append(link)
        if link in self.pages:
            return Document(ref=link, body=self.pages[link].encode(), kind="html", origin="url",
                            url=link + "?final", title="Page title", fetched_at="2024-03-06T00:00:00Z")
        return Skip(ref=link, reason="fetch-failed",
                    detail=f"the feed entry link {link} could not be fetched")


def rss(*items: str, title: str = "Test Feed") -> bytes:
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f'{"".join(items)}</channel></rss>').encode()


def item(title: str, link: str | None, description: str,
         date: str = "Tue, 05 Mar 2024 14:30:00 +0100") -> str:
    link_xml = f"<link>{link}</link>" if link else ""
    return (f"<item><title>{title}</title>{link_xml}<pubDate>{date}</pubDate>"
            f"<description>{description}</description></item>")


def words(n: int) -> str:
    return " ".join(f"word{i}" for i in range(n))


def test_full_text_entry_is_used_without_fetching() -> None:
    stub = PageStub()
    results = list(iter_feed((FIXTURES / "feed.rss").read_bytes(), ref="feed.rss", fetch_page=stub))
    full = results[0]
    assert isinstance(full, Document)
    assert full.origin == "feed" and full.kind == "html"
    assert "communique on river management" in str(full.body)
    assert full.ref == full.url == "https://news.example/world/summit-communique"
    assert full.title == "Summit ends with communique"
    assert full.published == "2024-03-05T13:30:00Z"  # +0100 normalised to UTC
    assert full.source == "Example World News"
    assert "https://news.example/world/summit-communique" not in stub.asked


def test_teaser_entry_fetches_the_linked_page_and_keeps_entry_metadata() -> None:
    link = "https://news.example/world/norland-sudmark-water"
    stub = PageStub({link: "<html><p>The whole story.</p></html>"})
    results = list(iter_feed((FIXTURES / "feed.rss").read_bytes(), ref="feed.rss", fetch_page=stub))
    page = results[1]
    assert stub.asked == [link]
    assert isinstance(page, Document)
    assert page.body == b"<html><p>The whole story.</p></html>"
    assert page.origin == "feed" and page.ref == link
    assert page.url == link + "?final"  # the final URL after redirects
    assert page.title == "Ministers meet in Geneva"  # the entry's, not the page's
    assert page.published == "2024-03-04T09:00:00Z"
    assert page.source == "Example World News"
    assert page.fetched_at == "2024-03-06T00:00:00Z"


def test_failed_teaser_fetch_is_a_skip_naming_the_link() -> None:
    results = list(iter_feed((FIXTURES / "feed.rss").read_bytes(), ref="feed.rss", fetch_page=PageStub()))
    skip = results[1]
    assert isinstance(skip, Skip)
    assert skip.reason == "fetch-failed"
    assert "https://news.example/world/norland-sudmark-water" in skip.detail


@pytest.mark.parametrize(("count", "fetched"),
                         [(FULL_TEXT_MIN_WORDS - 1, True), (FULL_TEXT_MIN_WORDS, False)])
def test_full_text_threshold(count: int, fetched: bool) -> None:
    stub = PageStub()
    list(iter_feed(rss(item("T", "https://a.example/1", f"&lt;p&gt;{words(count)}&lt;/p&gt;")), ref="f",
                   fetch_page=stub))
    assert bool(stub.asked) is fetched


def test_markup_does_not_count_as_words() -> None:
    stub = PageStub()
    padded = "&lt;span class='x'&gt; &lt;/span&gt; " * 200 + words(10)
    list(iter_feed(rss(item("T", "https://a.example/1", padded)), ref="f", fetch_page=stub))
    assert stub.asked == ["https://a.example/1"]


def test_teaser_without_link_is_a_bad_record() -> None:
    (result,) = iter_feed(rss(item("T", None, "Just a teaser.")), ref="f.rss", fetch_page=PageStub())
    assert isinstance(result, Skip) and result.reason == "bad-record"
    assert "no link" in result.detail


def test_unparseable_dates_are_left_unknown() -> None:
    stub = PageStub({"https://a.example/1": "<p>x</p>"})
    portuguese = item("T", "https://a.example/1", "teaser", date="Seg, 24 Set 2018 19:42:40 -0300")
    (doc,) = iter_feed(rss(portuguese), ref="f", fetch_page=stub)
    assert isinstance(doc, Document) and doc.published is None


def test_truncated_feed_with_no_entries_is_malformed() -> None:
    (skip,) = iter_feed(b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</tit', ref="bad.rss",
                        fetch_page=PageStub())
    assert isinstance(skip, Skip) and skip.reason == "malformed-feed"
    assert "bad.rss" in skip.detail


def test_truncated_feed_yields_recovered_entries_then_a_malformed_note() -> None:
    body = rss(item("A", "https://a.example/1", "a"), item("B", "https://a.example/2", "b"))[:-30]
    results = list(iter_feed(body, ref="cut.rss", fetch_page=PageStub()))
    assert [r.ref for r in results[:2]] == ["https://a.example/1", "https://a.example/2"]
    assert isinstance(results[-1], Skip) and results[-1].reason == "malformed-feed"
    assert results[-1].ref == "cut.rss" and "may be missing" in results[-1].detail


def test_html_page_is_not_a_feed() -> None:
    (skip,) = iter_feed(b"<html><body><p>Hello</p></body></html>", ref="page", fetch_page=PageStub())
    assert isinstance(skip, Skip) and skip.reason == "unsupported"


def test_feed_without_entries_is_empty() -> None:
    (skip,) = iter_feed(rss(), ref="f.rss", fetch_page=PageStub())
    assert isinstance(skip, Skip) and skip.reason == "empty"


def test_atom_feed() -> None:
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:x</id>
<updated>2024-01-01T00:00:00Z</updated>
<entry><title>Long</title><link href="https://a.example/long"/><id>urn:1</id>
<updated>2024-02-01T12:00:00+02:00</updated>
<content type="html">&lt;p&gt;{words(200)}&lt;/p&gt;</content></entry></feed>""".encode()
    (doc,) = iter_feed(atom, ref="a.atom", fetch_page=PageStub())
    assert isinstance(doc, Document)
    assert doc.published == "2024-02-01T10:00:00Z" and doc.source == "Atom News"
    assert doc.kind == "html" and "word199" in str(doc.body)


def test_json_feed() -> None:
    stub = PageStub()
    results = list(iter_feed((FIXTURES / "feed.json").read_bytes(), ref="feed.json", fetch_page=stub))
    full, teaser = results
    assert isinstance(full, Document)
    assert full.title == "Full story" and full.source == "Example JSON Feed"
    assert full.published == "2024-03-05T15:00:00Z"
    assert full.kind == "html" and "communique" in str(full.body)
    assert isinstance(teaser, Skip) and stub.asked == ["https://news.example/json/teaser"]


def test_json_feed_plain_text_content_is_text_kind() -> None:
    feed = {"version": "https://jsonfeed.org/version/1", "title": "J",
            "items": [{"id": 7, "content_text": words(160), "date_published": "2024-05-01"}]}
    (doc,) = iter_feed(json.dumps(feed).encode(), ref="j.json", fetch_page=PageStub())
    assert isinstance(doc, Document)
    assert doc.kind == "text" and doc.ref == "7" and doc.published == "2024-05-01"


def test_broken_json_feed_is_malformed() -> None:
    (skip,) = iter_feed(b'{"version": "https://jsonfeed.org/version/1", "items": [', ref="j.json",
                        fetch_page=PageStub())
    assert isinstance(skip, Skip) and skip.reason == "malformed-feed"


@pytest.mark.parametrize(("head", "expected"), [
    (b'<?xml version="1.0"?>\n<!-- c --><rss version="2.0">', True),
    (b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'>", True),
    (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', True),
    (b'{"version": "https:\\/\\/jsonfeed.org\\/version\\/1"}', True),
    (b'<!DOCTYPE html><html><link type="application/rss+xml" href="/rss">', False),
    (b'{"id": 1, "text": "not a feed"}', False),
    (b'<?xml version="1.0"?><urlset>', False),
])
def test_looks_like_feed(head: bytes, expected: bool) -> None:
    assert looks_like_feed(head) is expected


def test_is_json_feed_needs_an_object() -> None:
    assert not is_json_feed(b'["jsonfeed.org"]')


@pytest.mark.parametrize(("content_type", "expected"), [
    ("application/rss+xml; charset=utf-8", True), ("application/atom+xml", True), ("text/xml", True),
    ("application/feed+json", True), ("text/html", False), (None, False), ("application/json", False),
])
def test_is_feed_content_type(content_type: str | None, expected: bool) -> None:
    assert is_feed_content_type(content_type) is expected


# ---------------------------------------------------------------- the real feeds in ../shared

def test_broken_uol_feed_reads_entries_and_reports_it_malformed(shared_dir: Path) -> None:
    body = (shared_dir / "data" / "feeds" / "uol-noticias.rss").read_bytes()
    stub = PageStub()
    results = list(iter_feed(body, ref="uol-noticias.rss", fetch_page=stub))
    *entries, note = results
    assert len(entries) == 15 and len(stub.asked) == 15  # all teasers: every link was tried
    assert all(isinstance(e, Skip) and e.reason == "fetch-failed" for e in entries)
    assert isinstance(note, Skip) and note.reason == "malformed-feed" and note.ref == "uol-noticias.rss"
    assert "encoding" in note.detail


def test_uol_titles_decode_correctly(shared_dir: Path) -> None:
    body = (shared_dir / "data" / "feeds" / "uol-noticias.rss").read_bytes()
    link = ("https://noticias.uol.com.br/politica/eleicoes/2018/noticias/2018/09/24/"
            "ibope-bolsonaro-perde-de-haddad-ciro-e-alckmin-em-simulacoes-de-2-turno.htm")
    first = next(iter_feed(body, ref="uol", fetch_page=PageStub({link: "<p>x</p>"})))
    assert isinstance(first, Document)
    assert first.title == "Ibope: Bolsonaro perde de Haddad, Ciro e Alckmin em simulações de 2º turno"


def test_shared_feeds_directory_with_closed_network(shared_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Every linked page fails fast as in a closed network: one DNS failure per host, no exception."""
    lookups: list[str] = []

    def no_dns(host: str, *args: object, **kwargs: object) -> list[tuple[object, ...]]:
        lookups.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(fetch_module.socket, "getaddrinfo", no_dns)
    refuse = httpx.MockTransport(lambda r: pytest.fail("no request may be sent"))
    with httpx.Client(transport=refuse) as client:
        results = list(iter_documents([str(shared_dir / "data" / "feeds")], Settings(), client=client))
    refs = {r.ref for r in results if isinstance(r, Skip) and r.reason in ("malformed-feed", "unsupported")}
    assert not any(ref and ref.endswith("index.json") for ref in refs)  # index.json is not an input
    assert any(ref and ref.endswith("uol-noticias.rss") for ref in refs)
    failed = [r for r in results if isinstance(r, Skip) and r.reason == "fetch-failed"]
    assert len(failed) > 50
    assert len(lookups) == len(set(lookups))  # an unreachable host is not asked again within a feed
    feeds = {r.ref for r in results}
    assert any(ref and "edumock.com" in ref for ref in feeds)  # the RSS saved as .html is read as a feed
    assert any(isinstance(r, Document) and r.origin == "feed" for r in results)  # full-text entries
