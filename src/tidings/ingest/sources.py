"""Turn the user's inputs into `Document`s, or `Skip`s that say why not: the sources layer.

`iter_documents(inputs, settings)` takes what the user typed (paths, directories, URLs, "-" for
standard input) and yields, lazily and in order, one record per article found:

| input                                   | origin  | ref              |
|-----------------------------------------|---------|------------------|
| `.txt` (`.txt.gz`): kind "text"         | file    | path as given    |
| `.html` `.htm` `.xhtml` (`.gz`): "html" | file    | path as given    |
| `.jsonl` (`.jsonl.gz`), one per line    | jsonl   | the line's `id`  |
| `.rss` `.atom` `.xml` `.feed.json`, JSON Feed `.json`: per entry | feed | entry link |
| `.warc` `.warc.gz` `.arc` `.arc.gz`: per HTML page | warc | target URI |
| a directory: its supported files, recursively, sorted by name   |         |                  |
| `http(s)://` URL (a feed URL is expanded) | url   | the URL          |
| `-`: standard input, HTML or text sniffed | stdin | None             |

A `NAME.meta.json` beside `NAME.html` (or `NAME.txt`) may give `url`, `title`, `published`,
`source` and `dateline`. Directories skip hidden files, `*.meta.json` and `*.expected.*` (the gold
outputs kept beside test pages) and files of unsupported types; named explicitly, an unsupported
file is a Skip("unsupported").

One bad input never stops the batch: a missing path, an unreadable or binary file, a bad JSON
line, a failed fetch all become Skips with a `detail` that says what to do. `max_bytes` caps a
single document (a file, a URL body, a JSON line, a WARC record), checked before reading.
Memory stays bounded: directories, JSON Lines, feeds and archives are read one item at a time.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import BinaryIO

import httpx

from tidings.errors import BlockedAddress, FetchError, TooLarge
from tidings.ingest.border import valid_item
from tidings.ingest.extract import is_text_encoding
from tidings.ingest.feeds import is_feed_content_type, is_json_feed, iter_feed, looks_like_feed
from tidings.ingest.fetch import Fetched, HostUnreachable, fetch, make_client
from tidings.ingest.jsonl import META_FIELDS, iter_jsonl
from tidings.ingest.warc import iter_warc
from tidings.model import Document, DocumentKind, Skip
from tidings.settings import Settings

__all__ = ["SUPPORTED_INPUTS", "decode_text", "iter_documents", "looks_binary", "looks_like_html"]

SUPPORTED_INPUTS = (
    ".txt, .html/.htm/.xhtml (each also gzipped as .gz), .jsonl, RSS/Atom (.rss, .atom, .xml), "
    "JSON Feed (.feed.json, .json), WARC/ARC (.warc, .warc.gz, .arc, .arc.gz), directories of "
    "those, http(s) URLs, and - for standard input"
)

# Suffix -> how the file is read, longest suffixes first so ".feed.json" wins over ".json".
_SUFFIXES: tuple[tuple[str, str], ...] = (
    (".feed.json", "feed"), (".warc.gz", "warc"), (".arc.gz", "warc"), (".jsonl.gz", "jsonl"),
    (".html.gz", "html"), (".htm.gz", "html"), (".xhtml.gz", "html"), (".txt.gz", "text"),
    (".html", "html"), (".htm", "html"), (".xhtml", "html"), (".txt", "text"), (".jsonl", "jsonl"),
    (".rss", "feed"), (".atom", "feed"), (".xml", "feed"), (".json", "json"),
    (".warc", "warc"), (".arc", "warc"),
)
_SNIFF_BYTES = 4096
_META_MAX_BYTES = 1024 * 1024

# Control bytes other than tab, newline, form feed and carriage return never occur in text.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"
# Text may hold a stray control character or two; binary formats are full of them.
_BINARY_CONTROL_RATIO = 0.1

# charset_normalizer confuses the Western single-byte code pages with one another on short texts
# (it reads French in Latin-1 as cp1250: "très" -> "trčs", and four bytes of "Café" as UTF-16).
# Non-UTF-8 English news is cp1252 or Latin-1 in practice, so a guess in this family means cp1252;
# a guess of another script's encoding (cp1251, Shift-JIS, GB18030...) is kept.
_WESTERN_GUESSES = frozenset({
    "ascii", "latin_1", "cp1252", "iso8859_15", "cp1250", "iso8859_2", "cp1254", "iso8859_9",
    "cp1257", "iso8859_13", "iso8859_4", "iso8859_10", "iso8859_14", "iso8859_16", "iso8859_3",
    "cp1258", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp437", "cp850", "cp858",
    "cp852", "cp860", "cp861", "cp863", "cp865", "hp_roman8", "utf_7",
})

_HTML_START = re.compile(
    rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|section|"
    rb"span|table|h[1-6]|a|br|script|style|link|main|header|nav)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_ANYWHERE = re.compile(rb"<(?:html|body)\b", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


# ---------------------------------------------------------------------------- bytes to text

def looks_binary(data: bytes) -> bool:
    """True if `data` is not text: a NUL byte, or many control bytes, in its first 8 KB. Pure."""
    sample = data[:8192]
    if not sample or sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    control = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return control / len(sample) > _BINARY_CONTROL_RATIO


def looks_like_html(head: bytes) -> bool:
    """True if `head` (the first few KB of a body) starts like an HTML document or fragment. Pure."""
    head = head.removeprefix(codecs.BOM_UTF8)
    return _HTML_START.match(head) is not None or _HTML_ANYWHERE.search(head[:1024]) is not None


def _guess_encoding(data: bytes) -> str:
    try:
        import charset_normalizer  # installed with trafilatura; not a direct dependency
    except ImportError:
        return "cp1252"
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding in _WESTERN_GUESSES or best.encoding.startswith(("utf_16", "utf_32")):
        return "cp1252"
    return best.encoding


def decode_text(data: bytes, *, declared: str | None = None) -> str:
    """Decode `data` as text: a BOM's encoding, else `declared` (an HTTP charset), else UTF-8, else a
    detected encoding (cp1252 for Western text). Never raises: undecodable bytes become U+FFFD. Pure.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for encoding in (declared, "utf-8"):
        if encoding and is_text_encoding(encoding):
            try:
                return data.decode(encoding)
            except UnicodeError:  # bytes the encoding cannot read, or a codec that reads none ("idna")
                pass
    encoding = _guess_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte.
        return data.decode("latin-1" if encoding == "cp1252" else encoding, errors="replace")


def _document(data: bytes, kind: DocumentKind, *, ref: str | None, origin: str, name: str,
              declared: str | None = None, url: str | None = None, title: str | None = None,
              published: str | None = None, source: str | None = None,
              fetched_at: str | None = None, dateline: str | None = None) -> Document | Skip:
    """Check a whole body (binary? empty?) and make it a Document; `name` is for messages."""
    if looks_binary(data):
        return Skip(ref=ref, reason="binary",
                    detail=f"{name} looks binary, not text or HTML; give text, HTML, JSON Lines, "
                           "feed or WARC input")
    body: bytes | str = decode_text(data, declared=declared) if kind == "text" else data
    if not body.strip():
        return Skip(ref=ref, reason="empty", detail=f"{name} is empty or only whitespace")
    return Document(ref=ref, body=body, kind=kind, origin=origin, url=url, title=title,
                    published=published, source=source, fetched_at=fetched_at, dateline=dateline)


def _screen(item: Document | Skip) -> Document | Skip:
    """Apply the binary check to a Document made elsewhere (a WARC record labelled HTML)."""
    if isinstance(item, Document) and isinstance(item.body, bytes) and looks_binary(item.body):
        return Skip(ref=item.ref, reason="binary",
                    detail=f"{item.ref} is labelled HTML but looks binary; nothing to analyse")
    return item


# ---------------------------------------------------------------------------- network

class _ClientHolder:
    """The caller's httpx client, or one made on first use and closed at the end of the batch."""

    def __init__(self, settings: Settings, client: httpx.Client | None) -> None:
        self._settings = settings
        self._client = client
        self._owned: httpx.Client | None = None

    def get(self) -> httpx.Client:
        if self._client is not None:
            return self._client
        if self._owned is None:
            self._owned = make_client(self._settings)
        return self._owned

    def close(self) -> None:
        if self._owned is not None:
            self._owned.close()
            self._owned = None


def _fetch_skip(exc: FetchError, *, ref: str, what: str) -> Skip:
    """The Skip for a failed fetch: the reason slug follows the exception class."""
    if isinstance(exc, BlockedAddress):
        reason = "blocked-address"
    elif isinstance(exc, TooLarge):
        reason = "too-large"
    else:
        reason = "fetch-failed"
    return Skip(ref=ref, reason=reason, detail=f"{what}: {exc}")


def _charset(content_type: str) -> str | None:
    match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def _fetched_document(fetched: Fetched, *, ref: str, origin: str) -> Document | Skip:
    """A fetched page as a Document by its content type (sniffed when missing or generic)."""
    content_type = fetched.content_type or ""
    mime = content_type.split(";")[0].strip().lower()
    head = fetched.body[:_SNIFF_BYTES]
    generic = mime in ("", "application/octet-stream")
    if mime in ("text/html", "application/xhtml+xml") or (generic and looks_like_html(head)):
        return _document(fetched.body, "html", ref=ref, origin=origin, name=fetched.url,
                         url=fetched.url, fetched_at=fetched.fetched_at)
    if mime.startswith("text/") or generic:
        return _document(fetched.body, "text", ref=ref, origin=origin, name=fetched.url,
                         declared=_charset(content_type), url=fetched.url, fetched_at=fetched.fetched_at)
    return Skip(ref=ref, reason="unsupported",
                detail=f"{fetched.url} is {mime}, not HTML, text or a feed; tidings reads {SUPPORTED_INPUTS}")


def _entry_fetcher(settings: Settings, holder: _ClientHolder) -> Callable[[str], Document | Skip]:
    """`fetch_page` for one feed: fetch an entry's link, giving up on hosts already unreachable."""
    unreachable: set[str] = set()

    def fetch_page(link: str) -> Document | Skip:
        what = f"the feed entry link {link} could not be fetched"
        try:
            host = httpx.URL(link).host
        except (httpx.InvalidURL, UnicodeError):  # fetch() says why the link is unusable
            host = ""
        if host and host in unreachable:
            # One failure per host is enough: a feed of 50 links to a host that is down would
            # otherwise wait out 50 timeouts.
            return Skip(ref=link, reason="fetch-failed",
                        detail=f"{what}: {host} was unreachable for an earlier entry of this feed")
        try:
            fetched = fetch(link, settings, client=holder.get())
        except FetchError as exc:
            if isinstance(exc, HostUnreachable):
                unreachable.add(host)
            return _fetch_skip(exc, ref=link, what=what)
        if is_feed_content_type(fetched.content_type) or looks_like_feed(fetched.body[:_SNIFF_BYTES]):
            return Skip(ref=link, reason="unsupported",
                        detail=f"the feed entry link {link} leads to another feed, not an article")
        return _fetched_document(fetched, ref=link, origin="feed")

    return fetch_page


def _from_url(url: str, settings: Settings, holder: _ClientHolder) -> Iterator[Document | Skip]:
    try:
        fetched = fetch(url, settings, client=holder.get())
    except FetchError as exc:
        yield _fetch_skip(exc, ref=url, what=f"{url} could not be fetched")
        return
    if is_feed_content_type(fetched.content_type) or looks_like_feed(fetched.body[:_SNIFF_BYTES]):
        yield from iter_feed(fetched.body, ref=url, fetch_page=_entry_fetcher(settings, holder),
                             fetched_at=fetched.fetched_at, max_entries=settings.max_feed_entries)
        return
    yield _fetched_document(fetched, ref=url, origin="url")


# ---------------------------------------------------------------------------- files

def _classify(path: Path) -> tuple[str, str] | None:
    """(how to read it, the matched suffix), or None for an unsupported file name."""
    name = path.name.lower()
    for suffix, how in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return how, suffix
    return None


def _head(path: Path, *, gzipped: bool) -> bytes:
    with (gzip.open(path, "rb") if gzipped else path.open("rb")) as stream:
        return stream.read(_SNIFF_BYTES)


def _read_capped(path: Path, ref: str, settings: Settings) -> bytes | Skip:
    """The whole file (decompressed if gzipped), or a Skip if it is over max_bytes or unreadable."""
    cap = settings.max_bytes
    too_large = Skip(ref=ref, reason="too-large",
                     detail=f"{ref} is over the {cap:,}-byte cap; split it or raise max_bytes "
                            "(TIDINGS_MAX_BYTES)")
    if path.name.lower().endswith(".gz"):
        try:
            with gzip.open(path, "rb") as stream:
                # Read one byte past the cap so a gzip bomb costs at most max_bytes of memory.
                data = stream.read(cap + 1)
        except (gzip.BadGzipFile, EOFError, OSError) as exc:
            if isinstance(exc, PermissionError):
                raise
            return Skip(ref=ref, reason="unreadable",
                        detail=f"{ref} is not a valid gzip file ({exc}); re-compress or decompress it")
        return too_large if len(data) > cap else data
    # Ask the file system first: a huge file is refused without reading a byte of it.
    if path.stat().st_size > cap:
        return too_large
    with path.open("rb") as stream:
        data = stream.read(cap + 1)  # the file may have grown since stat()
    return too_large if len(data) > cap else data


def _sidecar(path: Path, suffix: str) -> dict[str, str | None]:
    """url/title/published/source/dateline from NAME.meta.json beside NAME.html, if present and sensible."""
    meta = path.with_name(path.name[: -len(suffix)] + ".meta.json")
    try:
        if not meta.is_file() or meta.stat().st_size > _META_MAX_BYTES:
            return {}
        data = json.loads(meta.read_bytes())
    except (OSError, ValueError):
        # Provenance notes are optional: a broken one must not cost the page itself.
        return {}
    if not isinstance(data, dict):
        return {}
    # Only top-level keys: nested ones such as "expected_metadata" are evaluation gold, and
    # copying gold into the output would make the evaluation meaningless.
    return {key: data[key] for key in META_FIELDS if isinstance(data.get(key), str) and data[key].strip()}


def _unsupported(ref: str, what: str) -> Skip:
    return Skip(ref=ref, reason="unsupported", detail=f"{ref} is {what}; tidings reads {SUPPORTED_INPUTS}")


def _from_file(path: Path, ref: str, settings: Settings, holder: _ClientHolder) -> Iterator[Document | Skip]:
    found = _classify(path)
    if found is None:
        yield _unsupported(ref, "not a supported file type")
        return
    how, suffix = found
    if how == "json":
        if not is_json_feed(_head(path, gzipped=False)):
            yield _unsupported(ref, "JSON but not a JSON Feed (for one article per line, use .jsonl)")
            return
        how = "feed"
    if how == "warc":
        with path.open("rb") as stream:
            yield from map(_screen, iter_warc(stream, ref=ref, settings=settings))
        return
    if how == "jsonl":
        with (gzip.open(path, "rb") if suffix.endswith(".gz") else path.open("rb")) as stream:
            yield from iter_jsonl(stream, ref, settings)
        return
    data = _read_capped(path, ref, settings)
    if isinstance(data, Skip):
        yield data
        return
    # Feeds are sometimes saved as .html; their root element gives them away.
    if how == "feed" or (how == "html" and looks_like_feed(data[:_SNIFF_BYTES])):
        yield from iter_feed(data, ref=ref, fetch_page=_entry_fetcher(settings, holder),
                             max_entries=settings.max_feed_entries)
        return
    kind: DocumentKind = "html" if how == "html" else "text"
    yield _document(data, kind, ref=ref, origin="file", name=ref, **_sidecar(path, suffix))


def _is_ignored(name: str) -> bool:
    return name.startswith(".") or name.endswith(".meta.json") or ".expected." in name


def _is_input_file(path: Path) -> bool:
    found = _classify(path)
    if found is None:
        return False
    # A .json file in a directory is usually an index or notes, not an input: read it only when
    # it is a JSON Feed.
    return found[0] != "json" or is_json_feed(_head(path, gzipped=False))


def _walk(directory: Path) -> Iterator[Path]:
    """Supported files under `directory`, depth first, sorted by name; one directory in memory at a time."""
    with os.scandir(directory) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        if _is_ignored(entry.name):
            continue
        path = directory / entry.name
        # Symlinked directories are not followed: a link to an ancestor would loop forever.
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path)
        elif entry.is_file() and _is_input_file(path):
            yield path


def _from_directory(directory: Path, settings: Settings, holder: _ClientHolder) -> Iterator[Document | Skip]:
    for path in _walk(directory):
        yield from _guarded(str(path), partial(_from_file, path, str(path), settings, holder))


def _from_stdin(stream: BinaryIO, settings: Settings) -> Document | Skip:
    data = stream.read(settings.max_bytes + 1)
    if len(data) > settings.max_bytes:
        return Skip(ref=None, reason="too-large",
                    detail=f"standard input is over the {settings.max_bytes:,}-byte cap; save it to a "
                           "file and split it, or raise max_bytes (TIDINGS_MAX_BYTES)")
    kind: DocumentKind = "html" if looks_like_html(data[:_SNIFF_BYTES]) else "text"
    return _document(data, kind, ref=None, origin="stdin", name="standard input")


def _from_input(raw: str, settings: Settings, stdin: BinaryIO | None,
                holder: _ClientHolder) -> Iterator[Document | Skip]:
    if raw == "-":
        yield _from_stdin(stdin if stdin is not None else sys.stdin.buffer, settings)
    elif raw.lower().startswith(("http://", "https://")):
        yield from _from_url(raw, settings, holder)
    elif _SCHEME.match(raw):
        yield _unsupported(raw, "a URL tidings cannot fetch (only http and https)")
    else:
        path = Path(raw)
        if path.is_dir():
            yield from _from_directory(path, settings, holder)
        elif path.is_file():
            yield from _from_file(path, raw, settings, holder)
        elif path.exists():
            yield _unsupported(raw, "neither a regular file nor a directory")
        else:
            yield Skip(ref=raw, reason="not-found",
                       detail=f"{raw} does not exist; check the path (relative paths start from "
                              f"{Path.cwd()})")


def _guarded(ref: str | None, produce: Callable[[], Iterator[Document | Skip]]) -> Iterator[Document | Skip]:
    """Run one input's generator; if it fails, end that input with a Skip and let the batch go on."""
    try:
        yield from produce()
    except OSError as exc:
        yield Skip(ref=ref, reason="unreadable",
                   detail=f"{ref or 'standard input'} could not be read ({exc.strerror or exc}); "
                          "check that it exists and that you may read it")
    # The last line of defence: a bug in one reader must not end a batch of thousands of inputs.
    except Exception as exc:
        yield Skip(ref=ref, reason="unreadable",
                   detail=f"{ref or 'standard input'} could not be read: unexpected {type(exc).__name__}: "
                          f"{exc}. This is a bug in tidings; please report it with the input")


def iter_documents(inputs: Iterable[str], settings: Settings, *, stdin: BinaryIO | None = None,
                   client: httpx.Client | None = None) -> Iterator[Document | Skip]:
    """Yield a Document or a Skip for every article in `inputs`, lazily, in input order.

    Requires: input strings as the user typed them (paths, directories, http(s) URLs, "-");
    `stdin` replaces sys.stdin.buffer for "-"; `client` replaces the httpx client made on first
    network use (tests pass one with `httpx.MockTransport`; it is not closed here).
    Returns: Documents (see the module docstring for origin and ref) and Skips whose `reason` is
    one of not-found, unsupported, unreadable, binary, empty, too-large, bad-json, bad-record,
    fetch-failed, blocked-address, malformed-feed, bad-warc-record, and whose `detail` says what
    to do. Never raises for a bad input. Network access only through `tidings.ingest.fetch`.
    Every string of what it yields is valid Unicode (`tidings.ingest.border`): a lone surrogate
    in a JSON field becomes U+FFFD, a file name's non-UTF-8 bytes `\\xNN` escapes in its ref.
    """
    holder = _ClientHolder(settings, client)
    try:
        for raw in inputs:
            ref = None if raw == "-" else raw
            for item in _guarded(ref, partial(_from_input, raw, settings, stdin, holder)):
                yield valid_item(item)
    finally:
        holder.close()
