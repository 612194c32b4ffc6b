"""iter_documents(): every kind of input to Documents, every bad input to a Skip, the batch going on."""

from __future__ import annotations

import gzip
import io
import json
import pathlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.ingest.localserver import LocalServer, closed_port
from tidings.ingest import sources
from tidings.ingest.sources import decode_text, iter_documents, looks_binary, looks_like_html
from tidings.model import Document, Skip
from tidings.settings import Settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
LOCAL = Settings(allow_private_networks=True, fetch_timeout=5.0)


def run(*inputs: str | Path, settings: Settings | None = None, **kwargs: object) -> list[Document | Skip]:
    return list(iter_documents([str(i) for i in inputs], settings or Settings(), **kwargs))


def one(*inputs: str | Path, **kwargs: object) -> Document | Skip:
    (result,) = run(*inputs, **kwargs)
    return result


# ---------------------------------------------------------------- files

def test_text_file() -> None:
    doc = one(FIXTURES / "article.txt")
    assert isinstance(doc, Document)
    assert doc.kind == "text" and doc.origin == "file"
    assert doc.ref == str(FIXTURES / "article.txt")
    assert isinstance(doc.body, str) and doc.body.startswith("The foreign ministers of Norland")


def test_ref_is_the_path_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("Some words here.")
    monkeypatch.chdir(tmp_path)
    assert one("./a.txt").ref == "./a.txt"


def test_html_file_with_meta_sidecar() -> None:
    doc = one(FIXTURES / "article.html")
    assert isinstance(doc, Document)
    assert doc.kind == "html" and isinstance(doc.body, bytes) and b"<article>" in doc.body
    assert doc.url == "https://news.example/world/norland-sudmark-water"
    assert doc.title == "Norland and Sudmark talk water"  # top level, never expected_metadata
    assert doc.published == "2024-03-05"


def test_broken_sidecar_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text("<html><p>Hello there</p></html>")
    (tmp_path / "p.meta.json").write_text("{not json")
    doc = one(tmp_path / "p.html")
    assert isinstance(doc, Document) and doc.url is None


@pytest.mark.parametrize(("name", "kind"),
                         [("p.html.gz", "html"), ("p.htm.gz", "html"), ("p.txt.gz", "text")])
def test_gzipped_files(tmp_path: Path, name: str, kind: str) -> None:
    with gzip.open(tmp_path / name, "wb") as handle:
        handle.write(b"<html><p>Compressed page</p></html>" if kind == "html" else b"Compressed text")
    doc = one(tmp_path / name)
    assert isinstance(doc, Document) and doc.kind == kind
    assert "Compressed" in (doc.body.decode() if isinstance(doc.body, bytes) else doc.body)


def test_corrupt_gzip_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "bad.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    skip = one(tmp_path / "bad.txt.gz")
    assert isinstance(skip, Skip) and skip.reason == "unreadable" and "gzip" in skip.detail


def test_cp1252_file_decodes_correctly() -> None:
    doc = one(FIXTURES / "cp1252.txt")
    assert isinstance(doc, Document)
    assert doc.body == ("Café owners in São Paulo said the naïve résumé of Señor Müller cost €5 – "
                        "“far too much”, according to the ministère.\n")


@pytest.mark.parametrize("text", [
    "Le président a déclaré que la réunion était très importante.",
    "Café",
    "Zürich, Genève and Malmö signed the accord.",
])
def test_short_latin1_texts_decode_correctly(text: str) -> None:
    assert decode_text(text.encode("latin-1")) == text


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfHello \xe2\x80\x94 world")
    doc = one(tmp_path / "bom.txt")
    assert isinstance(doc, Document) and doc.body == "Hello — world"


def test_utf16_with_bom_is_text_not_binary(tmp_path: Path) -> None:
    (tmp_path / "wide.txt").write_bytes("Ministers met in Geneva.".encode("utf-16"))
    doc = one(tmp_path / "wide.txt")
    assert isinstance(doc, Document) and doc.body == "Ministers met in Geneva."


def test_cyrillic_cp1251_is_detected() -> None:
    text = "Министры иностранных дел встретились в Женеве, чтобы обсудить общую реку на границе."
    assert decode_text(text.encode("cp1251")) == text


@pytest.mark.parametrize("name", ["image.txt", "image.html"])
def test_binary_files_are_skipped(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    skip = one(tmp_path / name)
    assert isinstance(skip, Skip) and skip.reason == "binary"


def test_control_characters_without_nul_are_binary() -> None:
    assert looks_binary(bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15]) * 10 + b"text" * 10)
    assert not looks_binary(b"Plain text with a form feed\x0c and tabs\t.\r\n" * 10)


@pytest.mark.parametrize("content", [b"", b"  \n\t \r\n"])
@pytest.mark.parametrize("name", ["e.txt", "e.html"])
def test_empty_files_are_skipped(tmp_path: Path, content: bytes, name: str) -> None:
    (tmp_path / name).write_bytes(content)
    skip = one(tmp_path / name)
    assert isinstance(skip, Skip) and skip.reason == "empty"


def test_huge_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    opened: list[Path] = []
    real_open = pathlib.Path.open

    def spy(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(pathlib.Path, "open", spy)
    skip = one(huge)
    assert isinstance(skip, Skip) and skip.reason == "too-large"
    assert "10,485,760-byte cap" in skip.detail
    assert huge not in opened


def test_gzip_bomb_is_capped(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "bomb.txt.gz", "wb") as handle:
        handle.write(b"a" * 50_000)
    skip = one(tmp_path / "bomb.txt.gz", settings=Settings(max_bytes=1000))
    assert isinstance(skip, Skip) and skip.reason == "too-large"


def test_missing_path_is_skipped_and_the_batch_goes_on(tmp_path: Path) -> None:
    results = run(tmp_path / "nope.txt", FIXTURES / "article.txt")
    skip, doc = results
    assert isinstance(skip, Skip) and skip.reason == "not-found"
    assert skip.ref == str(tmp_path / "nope.txt") and "check the path" in skip.detail
    assert isinstance(doc, Document)


def test_unsupported_extension_lists_supported_kinds(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    skip = one(tmp_path / "report.pdf")
    assert isinstance(skip, Skip) and skip.reason == "unsupported"
    assert ".jsonl" in skip.detail and ".warc" in skip.detail and "http(s)" in skip.detail


def test_plain_json_is_not_a_feed(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_text('[{"file": "x"}]')
    skip = one(tmp_path / "index.json")
    assert isinstance(skip, Skip) and skip.reason == "unsupported" and ".jsonl" in skip.detail


def test_unexpected_error_in_one_input_does_not_end_the_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    real = sources._read_capped

    def flaky(path: Path, ref: str, settings: Settings) -> bytes | Skip:
        if path.name == "article.txt":
            raise RuntimeError("boom")
        return real(path, ref, settings)

    monkeypatch.setattr(sources, "_read_capped", flaky)
    skip, doc = run(FIXTURES / "article.txt", FIXTURES / "cp1252.txt")
    assert isinstance(skip, Skip) and skip.reason == "unreadable" and "RuntimeError: boom" in skip.detail
    assert isinstance(doc, Document)


# ---------------------------------------------------------------- directories

def test_directory_is_recursive_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second file.")
    (tmp_path / "a.html").write_text("<p>First file.</p>")
    (tmp_path / "a.meta.json").write_text('{"url": "https://x.example/a"}')
    (tmp_path / "a.expected.txt").write_text("gold")
    (tmp_path / ".hidden.txt").write_text("hidden")
    (tmp_path / "notes.md").write_text("notes")
    (tmp_path / "index.json").write_text("[]")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.txt").write_text("Third file.")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("hidden dir")
    results = run(tmp_path)
    assert [r.ref for r in results] == [str(tmp_path / "a.html"), str(tmp_path / "b.txt"),
                                        str(sub / "c.txt")]
    assert results[0].url == "https://x.example/a"


def test_fixture_directory_reads_every_supported_file() -> None:
    client = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(404)))
    with client:
        results = run(FIXTURES, settings=LOCAL, client=client)
    names = {Path(r.ref).name for r in results if r.ref and r.ref.startswith(str(FIXTURES))}
    assert names == {"article.html", "article.txt", "cp1252.txt"}  # README.md and the meta file ignored
    assert {r.origin for r in results if isinstance(r, Document)} == {"file", "feed", "jsonl"}


def test_directory_listing_is_lazy(tmp_path: Path) -> None:
    for index in range(3):
        (tmp_path / f"{index}.txt").write_text(f"file {index}")
    stream = iter_documents([str(tmp_path)], Settings())
    first = next(stream)
    (tmp_path / "1.txt").unlink()  # removed after the walk began: a skip, not a crash
    rest = list(stream)
    assert first.ref == str(tmp_path / "0.txt")
    assert [getattr(r, "reason", None) for r in rest] == ["unreadable", None]


def test_inputs_are_consumed_lazily() -> None:
    consumed: list[str] = []

    def inputs() -> Iterator[str]:
        for path in (FIXTURES / "article.txt", FIXTURES / "cp1252.txt"):
            consumed.append(path.name)
            yield str(path)

    stream = iter_documents(inputs(), Settings())
    next(stream)
    assert consumed == ["article.txt"]
    stream.close()


# ---------------------------------------------------------------- JSON Lines

def test_whitehouse_jsonl_records() -> None:
    results = run(FIXTURES / "whitehouse_sample.jsonl")
    assert [r.ref for r in results] == ["whbr-6dc4da8dac37", "whbr-a75c95fe48a6"]
    first = results[0]
    assert isinstance(first, Document)
    assert first.kind == "text" and first.origin == "jsonl"
    assert first.title and first.title.startswith("Readout of President Biden")
    assert first.url and first.url.startswith("https://bidenwhitehouse.archives.gov/")
    assert first.published == "2022-04-08 21:52:37-04:00"
    assert first.source and "White House" in first.source


def test_bad_jsonl_lines_are_skipped_and_the_file_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "ok-1", "text": "First article."}),
        "not json at all",
        "",
        json.dumps({"text": "no id"}),
        json.dumps({"id": "no-body", "title": "T"}),
        json.dumps(["a", "list"]),
        json.dumps({"id": 7, "html": "<p>Second article.</p>", "title": "Numbered"}),
        json.dumps({"id": "bad-title", "text": "x", "title": 5}),
        json.dumps({"id": "blank", "text": "   "}),
        json.dumps({"id": "ok-3", "text": "Third.", "html": "<p>ignored</p>"}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n")
    results = run(path)
    summary = [(r.ref, getattr(r, "reason", "doc")) for r in results]
    assert summary == [
        ("ok-1", "doc"),
        (f"{path}:2", "bad-json"),
        (f"{path}:4", "bad-record"),
        (f"{path}:5", "bad-record"),
        (f"{path}:6", "bad-record"),
        ("7", "doc"),
        (f"{path}:8", "bad-record"),
        ("blank", "empty"),
        ("ok-3", "doc"),
    ]
    assert f"{path} line 2" in results[1].detail
    assert results[5].kind == "html" and results[5].title == "Numbered"
    assert results[8].kind == "text" and results[8].body == "Third."


def test_oversized_jsonl_line_is_skipped_and_numbering_holds(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "small", "text": "ok"}),
        json.dumps({"id": "huge", "text": "x" * 5000}),
        json.dumps({"id": "after", "text": "ok"}),
        "{broken",
    ]) + "\n")
    results = run(path, settings=Settings(max_bytes=1000))
    assert [(r.ref, getattr(r, "reason", "doc")) for r in results] == [
        ("small", "doc"), (f"{path}:2", "too-large"), ("after", "doc"), (f"{path}:4", "bad-json")]


def test_gzipped_jsonl_and_bom(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "a.jsonl.gz", "wb") as handle:
        handle.write(b"\xef\xbb\xbf" + json.dumps({"id": "x", "text": "Hi"}).encode() + b"\n")
    doc = one(tmp_path / "a.jsonl.gz")
    assert isinstance(doc, Document) and doc.ref == "x"


def test_jsonl_that_is_not_utf8_is_bad_json(tmp_path: Path) -> None:
    (tmp_path / "l.jsonl").write_bytes('{"id": "x", "text": "café"}\n'.encode("latin-1"))
    skip = one(tmp_path / "l.jsonl")
    assert isinstance(skip, Skip) and skip.reason == "bad-json" and "UTF-8" in skip.detail


# ---------------------------------------------------------------- feeds and WARC through dispatch

def test_feed_file_entries_and_failed_teaser_fetch() -> None:
    with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(503))) as client:
        results = run(FIXTURES / "feed.rss", settings=LOCAL, client=client)
    full, teaser = results
    assert isinstance(full, Document) and full.origin == "feed"
    assert isinstance(teaser, Skip) and teaser.reason == "fetch-failed"
    assert "https://news.example/world/norland-sudmark-water" in teaser.detail and "503" in teaser.detail


def test_feed_saved_as_html_is_read_as_a_feed(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "feed.rss", tmp_path / "feed.html")
    with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(503))) as client:
        results = run(tmp_path / "feed.html", settings=LOCAL, client=client)
    assert [r.origin for r in results if isinstance(r, Document)] == ["feed"]


# ---------------------------------------------------------------- standard input

def test_stdin_html_is_sniffed() -> None:
    doc = one("-", stdin=io.BytesIO(b"<!DOCTYPE html><html><body><p>Hi</p></body></html>"))
    assert isinstance(doc, Document)
    assert doc.kind == "html" and doc.origin == "stdin" and doc.ref is None


def test_stdin_text() -> None:
    doc = one("-", stdin=io.BytesIO("Ministers met <in> Geneva, the café said.".encode("cp1252")))
    assert isinstance(doc, Document)
    assert doc.kind == "text" and doc.body == "Ministers met <in> Geneva, the café said."


def test_stdin_empty_and_too_large() -> None:
    empty = one("-", stdin=io.BytesIO(b"\n"))
    assert isinstance(empty, Skip) and empty.reason == "empty" and empty.ref is None
    big = one("-", stdin=io.BytesIO(b"a" * 2000), settings=Settings(max_bytes=1000))
    assert isinstance(big, Skip) and big.reason == "too-large"


@pytest.mark.parametrize(("head", "expected"), [
    (b"<!doctype html><html>", True), (b"\n  <div class='a'>x</div>", True), (b"<p>Para</p>", True),
    (b"\xef\xbb\xbf<html>", True), (b"<!-- c --> <body>", True), (b"Plain text <b>bold</b>", False),
    (b"2 < 3 and 4 > 1", False),
])
def test_looks_like_html(head: bytes, expected: bool) -> None:
    assert looks_like_html(head) is expected


# ---------------------------------------------------------------- URLs

def test_url_html_page(server: LocalServer) -> None:
    url = server.add("/story.html", "<html><body><p>Story</p></body></html>", content_type="text/html")
    doc = one(url, settings=LOCAL)
    assert isinstance(doc, Document)
    assert doc.kind == "html" and doc.origin == "url" and doc.ref == url and doc.url == url
    assert doc.fetched_at and doc.published is None


def test_url_plain_text_uses_declared_charset(server: LocalServer) -> None:
    url = server.add("/t", "Déclaration commune".encode("iso-8859-1"),
                     content_type="text/plain; charset=iso-8859-1")
    doc = one(url, settings=LOCAL)
    assert isinstance(doc, Document) and doc.kind == "text" and doc.body == "Déclaration commune"


def test_url_feed_is_expanded_by_content_type(server: LocalServer) -> None:
    article = server.add("/article", "<html><p>The full article.</p></html>")
    feed = (FIXTURES / "feed.rss").read_text().replace("https://news.example/world/norland-sudmark-water",
                                                       article)
    feed_url = server.add("/feed", feed, content_type="application/rss+xml")
    results = run(feed_url, settings=LOCAL)
    full, fetched = results
    assert isinstance(full, Document) and full.origin == "feed" and full.fetched_at
    assert isinstance(fetched, Document) and fetched.origin == "feed"
    assert fetched.body == b"<html><p>The full article.</p></html>"
    assert fetched.title == "Ministers meet in Geneva" and fetched.ref == article
    assert fetched.published == "2024-03-04T09:00:00Z" and fetched.source == "Example World News"


def test_url_feed_is_expanded_by_sniffing() -> None:
    asked: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        asked.append(str(request.url))
        if request.url.path == "/feed.bin":
            return httpx.Response(200, content=(FIXTURES / "feed.json").read_bytes(),
                                  headers={"Content-Type": "application/octet-stream"})
        return httpx.Response(404)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        results = run("https://feeds.example/feed.bin", settings=LOCAL, client=client)
    assert [(r.ref, getattr(r, "reason", "doc")) for r in results] == [
        ("https://news.example/json/full", "doc"), ("https://news.example/json/teaser", "fetch-failed")]
    assert asked == ["https://feeds.example/feed.bin", "https://news.example/json/teaser"]


def test_url_that_fails_is_a_skip_and_the_batch_goes_on(server: LocalServer) -> None:
    missing = server.add("/gone", "no", status=404)
    refused = f"http://127.0.0.1:{closed_port()}/story.html"
    ok = server.add("/ok", "<p>fine</p>")
    results = run(missing, refused, ok, settings=LOCAL)
    assert [(r.ref, getattr(r, "reason", "doc")) for r in results] == [
        (missing, "fetch-failed"), (refused, "fetch-failed"), (ok, "doc")]
    assert "HTTP 404" in results[0].detail
    assert "refused" in results[1].detail


def test_loopback_url_is_blocked_by_default(server: LocalServer) -> None:
    url = server.add("/internal", "<p>secret</p>")
    skip = one(url, settings=Settings())
    assert isinstance(skip, Skip) and skip.reason == "blocked-address"
    assert "allow_private_networks" in skip.detail
    assert server.requests == []


def test_too_large_url_is_a_skip(server: LocalServer) -> None:
    url = server.add("/big", b"x" * 5000, send_length=False)
    skip = one(url, settings=Settings(allow_private_networks=True, max_bytes=1000))
    assert isinstance(skip, Skip) and skip.reason == "too-large"


def test_redirect_limit_is_a_skip(server: LocalServer) -> None:
    final = server.add("/final", "<p>x</p>")
    start = server.redirect("/r2", server.redirect("/r1", final))
    skip = one(start, settings=Settings(allow_private_networks=True, max_redirects=1))
    assert isinstance(skip, Skip) and skip.reason == "fetch-failed"
    assert "redirected more than 1" in skip.detail


def test_url_of_unsupported_type_is_a_skip() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"%PDF-1.4", headers={"Content-Type": "application/pdf"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        skip = one("https://docs.example/report.pdf", settings=LOCAL, client=client)
    assert isinstance(skip, Skip) and skip.reason == "unsupported" and "application/pdf" in skip.detail


def test_user_agent_reaches_the_server(server: LocalServer) -> None:
    url = server.add("/ua", "<p>x</p>")
    one(url, settings=Settings(allow_private_networks=True, user_agent="tidings-sources-test/1"))
    assert server.requests[0][1]["User-Agent"] == "tidings-sources-test/1"


@pytest.mark.parametrize("url", ["ftp://files.example/a.txt", "file:///etc/passwd"])
def test_non_http_schemes_are_unsupported(url: str) -> None:
    skip = one(url)
    assert isinstance(skip, Skip) and skip.reason == "unsupported" and "only http and https" in skip.detail


# ---------------------------------------------------------------- the real pages in ../shared

def test_shared_html_directory(shared_dir: Path) -> None:
    results = run(shared_dir / "data" / "html")
    assert len(results) == 8 and all(isinstance(r, Document) and r.kind == "html" for r in results)
    assert all(r.url and r.url.startswith("http") for r in results)  # from the meta.json files
    assert not any(".expected." in str(r.ref) for r in results)
