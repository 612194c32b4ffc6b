"""iter_warc(): archived HTML pages become Documents; bad records and damaged files become Skips."""

from __future__ import annotations

import gzip as gzip_module
import io
import random
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.ingest.sources import iter_documents
from tidings.ingest.warc import iter_warc
from tidings.model import Document, Skip
from tidings.settings import Settings

PAGE = b"<html><head><title>Talks</title></head><body><p>Ministers met in Geneva.</p></body></html>"
DATE = "2024-03-05T10:00:00Z"


def response(writer: WARCWriter, uri: str, body: bytes, *, status: str = "200 OK",
             content_type: str = "text/html; charset=utf-8", extra: list[tuple[str, str]] | None = None,
             warc_headers: dict[str, str] | None = None) -> None:
    headers = [("Content-Type", content_type), *(extra or [])]
    http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                       http_headers=http,
                                       warc_headers_dict={"WARC-Date": DATE, **(warc_headers or {})})
    writer.write_record(record)


def build_warc(*, gzip: bool = True) -> bytes:
    """A small archive with one record of every kind iter_warc must tell apart."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tidings tests"}))
    request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    writer.write_record(writer.create_warc_record("https://news.example/a", "request",
                                                  payload=io.BytesIO(b""), length=0, http_headers=request))
    response(writer, "https://news.example/a", PAGE)
    response(writer, "https://news.example/missing", b"<html>Not found</html>", status="404 Not Found")
    response(writer, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png")
    response(writer, "https://news.example/cut", PAGE[:40], warc_headers={"WARC-Truncated": "length"})
    # Starts as valid gzip, then garbage: warcio passes wholly uncompressed data through, but
    # raises once decompression has begun.
    noise = random.Random(7)
    text = "".join(noise.choice("abcdefghij <>/p") for _ in range(200_000)).encode()
    corrupt = gzip_module.compress(text)[:40_000] + noise.randbytes(4000)
    response(writer, "https://news.example/broken-gzip", corrupt, extra=[("Content-Encoding", "gzip")])
    response(writer, "https://news.example/empty", b"   ")
    for uri, kind, body, content_type in [
        ("https://news.example/b", "resource", PAGE.replace(b"Geneva", b"Vienna"), "text/html"),
        ("https://news.example/b", "conversion", b"<html>derived copy</html>", "text/html"),
        ("https://news.example/a", "metadata", b"outlinks: none", "application/warc-fields"),
    ]:
        writer.write_record(writer.create_warc_record(
            uri, kind, payload=io.BytesIO(body), length=len(body), warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": DATE}))
    return out.getvalue()


def run(data: bytes, settings: Settings | None = None) -> list[Document | Skip]:
    return list(iter_warc(io.BytesIO(data), ref="test.warc.gz", settings=settings or Settings()))


@pytest.mark.parametrize("gzip", [True, False])
def test_records_become_documents_or_skips(gzip: bool) -> None:
    results = run(build_warc(gzip=gzip))
    by_ref = {r.ref: r for r in results}
    assert list(by_ref) == [
        "https://news.example/a", "https://news.example/missing", "https://news.example/cut",
        "https://news.example/broken-gzip", "https://news.example/empty", "https://news.example/b",
    ]
    page = by_ref["https://news.example/a"]
    assert isinstance(page, Document)
    assert page.body == PAGE and page.kind == "html" and page.origin == "warc"
    assert page.url == "https://news.example/a"
    assert page.fetched_at == DATE and page.published is None  # crawl time is never the publication date
    resource = by_ref["https://news.example/b"]
    assert isinstance(resource, Document) and b"Vienna" in bytes(resource.body)
    reasons = {ref: r.reason for ref, r in by_ref.items() if isinstance(r, Skip)}
    assert reasons == {
        "https://news.example/missing": "bad-warc-record",
        "https://news.example/cut": "bad-warc-record",
        "https://news.example/broken-gzip": "bad-warc-record",
        "https://news.example/empty": "empty",
    }
    assert "404" in by_ref["https://news.example/missing"].detail
    assert "WARC-Truncated" in by_ref["https://news.example/cut"].detail
    assert "decoded" in by_ref["https://news.example/broken-gzip"].detail


def test_record_over_the_cap_is_too_large() -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    response(writer, "https://news.example/huge", b"<p>" + b"x" * 5000 + b"</p>")
    response(writer, "https://news.example/small", PAGE)
    results = run(out.getvalue(), Settings(max_bytes=1000))
    assert [(r.ref, getattr(r, "reason", None)) for r in results] == [
        ("https://news.example/huge", "too-large"), ("https://news.example/small", None)]


def test_file_truncated_mid_record_keeps_earlier_pages_and_reports_the_rest() -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    response(writer, "https://news.example/first", PAGE)
    response(writer, "https://news.example/second", PAGE * 50)
    data = out.getvalue()
    results = run(data[: len(data) - 2000])
    assert isinstance(results[0], Document) and results[0].ref == "https://news.example/first"
    assert all(isinstance(r, Skip) and r.reason == "bad-warc-record" for r in results[1:])
    assert len(results) >= 2
    assert any("cut short" in r.detail or "cannot be read" in r.detail for r in results[1:])


def test_gzipped_file_truncated_mid_stream_never_raises() -> None:
    data = build_warc(gzip=True)
    results = run(data[: len(data) * 2 // 3])
    assert isinstance(results[0], Document)
    assert isinstance(results[-1], Skip) and results[-1].reason == "bad-warc-record"


def test_not_a_warc_file_is_one_skip() -> None:
    (skip,) = run(b"this is a plain text file, not an archive\n" * 5)
    assert isinstance(skip, Skip) and skip.reason == "bad-warc-record"
    assert skip.ref == "test.warc.gz" and "rest of the archive" in skip.detail


def test_gzip_encoded_payload_is_decoded() -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    response(writer, "https://news.example/z", gzip_module.compress(PAGE),
             extra=[("Content-Encoding", "gzip")])
    (page,) = run(out.getvalue())
    assert isinstance(page, Document) and page.body == PAGE


def test_warc_files_through_iter_documents(tmp_path: Path) -> None:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    response(writer, "https://news.example/image-as-html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(build_warc() + out.getvalue())
    results = list(iter_documents([str(path)], Settings()))
    assert [r.ref for r in results if isinstance(r, Document)] == ["https://news.example/a", "https://news.example/b"]
    assert {r.origin for r in results if isinstance(r, Document)} == {"warc"}
    assert results[-1].ref == "https://news.example/image-as-html"
    assert isinstance(results[-1], Skip) and results[-1].reason == "binary"


def test_shared_l3s_sample(shared_dir: Path) -> None:
    path = shared_dir / "data" / "warc" / "l3s-gn1-repack" / "l3s-gn1-world-sample.warc.gz"
    with path.open("rb") as stream:
        results = list(iter_warc(stream, ref=str(path), settings=Settings()))
    assert len(results) == 50  # one per resource record; the conversion copies are passed over
    assert all(isinstance(r, Document) for r in results)
    first = results[0]
    assert isinstance(first, Document)
    assert first.url == first.ref == ("http://camden.yourguide.com.au/news/world/general/"
                                      "boy-killed-by-grandparents-rottweiler/1153293.html")
    assert first.fetched_at == "2010-01-30T20:39:47Z" and first.published is None
    assert b"Rottweiler" in bytes(first.body)
