"""WARC and ARC archives (plain or gzipped): one `Document` per archived HTML page.

Which records become what:

- `response` records with HTTP status 200 and an HTML content type, and `resource` records with
  an HTML content type (archives repacked from page dumps store pages that way, without HTTP
  headers) -> Document(kind "html", origin "warc", ref and url = WARC-Target-URI,
  fetched_at = WARC-Date). The WARC date is when the page was crawled, never its publication date.
- An HTML response with another status, a record the crawler marked WARC-Truncated, a record cut
  short by the end of the file, or a payload that cannot be decoded -> Skip("bad-warc-record").
  An empty HTML payload -> Skip("empty"); one over `max_bytes` -> Skip("too-large").
- Everything else is passed over without a record: warcinfo, request, metadata and revisit
  records carry no page; `conversion` records are derived copies of a page already read from its
  resource record; non-HTML payloads (images, scripts, CSS) are page assets, not articles.
- A file that stops being readable (corrupt gzip, truncated mid-record, not a WARC at all) ->
  one Skip("bad-warc-record") for the rest of the file, after the documents read before it.

`max_bytes` applies to each record's payload, not to the archive: archives are meant to be large.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader

from tidings.model import Document, Skip
from tidings.settings import Settings

if TYPE_CHECKING:
    from warcio.recordloader import ArcWarcRecord

__all__ = ["iter_warc"]

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_DRAIN_CHUNK = 64 * 1024
_HEAD_BYTES = 512


def _is_html(content_type: str | None) -> bool:
    return bool(content_type) and str(content_type).split(";")[0].strip().lower() in _HTML_TYPES


def _ran_out(record: ArcWarcRecord) -> bool:
    """True if the file ended before the record's declared Content-Length."""
    raw = record.raw_stream
    # Drain what the payload decoder left (chunked-encoding trailers, say); a stream that runs dry
    # with bytes still owed was cut short.
    while raw.read(_DRAIN_CHUNK):
        pass
    return isinstance(raw, LimitReader) and raw.limit > 0


def _starts_like_an_archive(stream: IO[bytes]) -> bool:
    """False only if a seekable stream's first bytes are neither WARC nor ARC (gzipped or not)."""
    # warcio reads any text file as a run of malformed ARC records and yields nothing useful, so a
    # file that is not an archive would otherwise vanish without a trace.
    if not stream.seekable():
        return True
    position = stream.tell()
    head = stream.read(_HEAD_BYTES)
    stream.seek(position)
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head)
        except zlib.error:
            return False
    return head.lstrip().startswith((b"WARC/", b"filedesc://"))


def _record_result(record: ArcWarcRecord, number: int, *, ref: str,
                   settings: Settings) -> Document | Skip | None:
    if record.rec_type not in ("response", "resource"):
        return None
    target = record.rec_headers.get_header("WARC-Target-URI")
    where = f"record {number} of {ref} ({target or 'no target URI'})"
    if record.rec_type == "response":
        if record.http_headers is None:
            return None  # dns:, whois: and other non-HTTP captures
        content_type = record.http_headers.get_header("Content-Type")
        status = record.http_headers.get_statuscode()
    else:
        content_type = record.rec_headers.get_header("Content-Type")
        status = "200"
    if not _is_html(content_type):
        return None
    item_ref = target or f"{ref}#record-{number}"
    if status != "200":
        return Skip(ref=item_ref, reason="bad-warc-record",
                    detail=f"{where} is an HTTP {status} response, not a page; nothing to analyse")
    truncated = record.rec_headers.get_header("WARC-Truncated")
    if truncated:
        return Skip(ref=item_ref, reason="bad-warc-record",
                    detail=f"{where} was truncated by the crawler (WARC-Truncated: {truncated}); "
                           "re-crawl the page for the full text")
    undecodable = Skip(ref=item_ref, reason="bad-warc-record",
                       detail=f"{where}: its compressed payload (Content-Encoding) is corrupt or cut short "
                              "and could not be decoded")
    try:
        payload = record.content_stream()
        body = payload.read(settings.max_bytes + 1)
    except Exception:  # any decoder error means this payload is unusable
        return undecodable
    if len(body) > settings.max_bytes:
        return Skip(ref=item_ref, reason="too-large",
                    detail=f"{where} is over the {settings.max_bytes:,}-byte cap; raise max_bytes "
                           "(TIDINGS_MAX_BYTES) if you need it")
    # warcio does not raise when gzip or deflate data breaks off part way: it writes the error to
    # stderr and ends the payload there. A decompressor that never reached its end tells us.
    decompressor = getattr(payload, "decompressor", None)
    if decompressor is not None and not getattr(decompressor, "eof", True):
        return undecodable
    if _ran_out(record):
        return Skip(ref=item_ref, reason="bad-warc-record",
                    detail=f"{where} is cut short: the file ends before the record does; "
                           "the archive is truncated, re-download or re-create it")
    if not body.strip():
        return Skip(ref=item_ref, reason="empty", detail=f"{where} has an empty HTML payload")
    return Document(ref=item_ref, body=body, kind="html", origin="warc", url=target,
                    fetched_at=record.rec_headers.get_header("WARC-Date"))


def iter_warc(stream: IO[bytes], *, ref: str, settings: Settings) -> Iterator[Document | Skip]:
    """Yield a Document or Skip per archived HTML page in `stream`, lazily, in archive order.

    Requires: a binary stream positioned at the start of a WARC or ARC file, gzipped per record,
    gzipped whole, or plain (warcio detects which); `ref` names the archive in messages. The
    caller opens and closes the stream. Never raises for a corrupt or truncated archive or
    record: those become Skip("bad-warc-record").
    """
    archive = ArchiveIterator(stream, arc2warc=True)
    number = 0
    try:
        if not _starts_like_an_archive(stream):
            yield Skip(ref=ref, reason="bad-warc-record",
                       detail=f"{ref} is not a WARC or ARC file: it does not start with a WARC record or "
                              "an ARC file header, so the rest of the archive was not read")
            return
        for record in archive:
            number += 1
            result = _record_result(record, number, ref=ref, settings=settings)
            if result is not None:
                yield result
    # warcio reports a damaged file with whatever its layers raise (ArchiveLoadFailed, EOFError,
    # zlib.error, header parser errors...), and the batch must go on: all mean "unreadable from here".
    except Exception as exc:
        read = f"after record {number}" if number else "at its start"
        yield Skip(ref=ref, reason="bad-warc-record",
                   detail=f"{ref} cannot be read {read} ({type(exc).__name__}: {exc}); the rest of the "
                          "archive was not read. Is it a complete WARC/ARC file? `warcio check` can tell")
    finally:
        archive.close()
