"""RSS, Atom and JSON Feed: one `Document` per entry, or a `Skip` saying why not.

An entry whose own content is the whole article (at least `FULL_TEXT_MIN_WORDS` words) becomes a
Document from that content (a text Document when content marked HTML holds no markup). Otherwise
the entry is a teaser and the article is the linked page: the caller's `fetch_page` fetches it
(through `tidings.ingest.fetch`, with all its safety rules) and this module stamps the entry's
title, date and feed name on the result. If that fetch fails, the entry is a Skip("fetch-failed")
naming the link.

Malformed feeds (feedparser's "bozo" flag) are told apart from network failures, which the caller
reports before a feed body ever reaches this module:

- not well-formed and no entries recovered -> one Skip("malformed-feed");
- not well-formed but entries recovered -> those entries, then one Skip("malformed-feed") for the
  feed itself, because entries after the error are lost and the last one may be cut short, and a
  skip record is how a batch says so;
- bytes not in the declared encoding (a Latin-1 feed declaring or defaulting to UTF-8) make the
  XML not well-formed too; feedparser re-decodes the whole document with a guessed encoding, so
  every entry is read, but the guess may garble accented letters: the entries, then a
  Skip("malformed-feed") that says so;
- a feed served with a non-XML content type is not malformed: the content type is the server's
  mistake, and the document parses whole.

RSS and Atom are parsed by feedparser; JSON Feed (https://jsonfeed.org, which feedparser 6 does
not read) by a few lines of `json`.
"""

from __future__ import annotations

import html
import io
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import feedparser

from tidings.model import Document, DocumentKind, Skip

__all__ = [
    "FULL_TEXT_MIN_WORDS",
    "is_feed_content_type",
    "is_json_feed",
    "iter_feed",
    "looks_like_feed",
]

# Feeds carry either the whole article or a teaser of one to three sentences (typically 20-80
# words). A news article is rarely under ~200 words, so 150 words of entry content separates the
# two with room on both sides; a long teaser only costs fetching the page we would fetch anyway.
FULL_TEXT_MIN_WORDS = 150

# feedparser flags this as "bozo", but only the server's Content-Type header was wrong.
_BENIGN_BOZO = (feedparser.NonXMLContentType,)

_FEED_CONTENT_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/xml",
    "text/xml",
)

# The root element after an optional XML declaration, processing instructions, comments, doctype.
_FEED_ROOT = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*|<\?[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[^>]*>")
# What makes a body HTML rather than text with a stray "<" in it ("a < b"): an element's start or
# end tag, a comment, a CDATA section or a doctype.
_HTML_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^>]*)?/?>|<!(?:--|\[CDATA\[|doctype)",
                          re.IGNORECASE)
_JSON_FEED_CONTENT: tuple[tuple[str, DocumentKind], ...] = (
    ("content_html", "html"), ("content_text", "text"), ("summary", "text"),
)


def is_feed_content_type(content_type: str | None) -> bool:
    """True for HTTP content types that announce a feed (generic XML included: we sniff after)."""
    if not content_type:
        return False
    mime = content_type.split(";")[0].strip().lower()
    return mime in _FEED_CONTENT_TYPES or mime.endswith(("+rss", "+atom"))


def is_json_feed(head: bytes) -> bool:
    """True if `head` (the first few KB of a body) is a JSON Feed: a JSON object naming jsonfeed.org."""
    # The version URL is often written with escaped slashes ("https:\/\/jsonfeed.org\/version\/1").
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and b"jsonfeed.org" in head


def looks_like_feed(head: bytes) -> bool:
    """True if `head` (the first few KB of a body) is an RSS, RDF or Atom document, or a JSON Feed."""
    return is_json_feed(head) or _FEED_ROOT.match(head.removeprefix(b"\xef\xbb\xbf")) is not None


@dataclass(frozen=True, slots=True)
class _Entry:
    """What both parsers agree an entry is."""

    link: str | None
    entry_id: str | None
    title: str | None
    published: str | None
    contents: tuple[tuple[str, DocumentKind], ...]


@dataclass(frozen=True, slots=True)
class _Parsed:
    title: str | None
    entries: tuple[_Entry, ...]
    is_feed: bool
    error: str | None
    recoded: bool = False  # re-decoded whole with a guessed encoding: complete, maybe garbled


def _as_text_if_plain(value: str, kind: DocumentKind) -> tuple[str, DocumentKind]:
    """An entry body marked HTML that holds no markup, as the text it is.

    RSS declares every description HTML (feedparser reports text/html), but many full-text feeds
    put plain paragraphs there. Read as a web page, such a body has no element for the extractor
    to find and is skipped as "no-text: 0 words"; read as text, its blank lines are paragraphs.
    Its entities are decoded, as an HTML reader would (AT&amp;T is AT&T).
    """
    if kind == "html" and _HTML_MARKUP.search(value) is None:
        return html.unescape(value), "text"
    return value, kind


def _word_count(value: str, kind: DocumentKind) -> int:
    text = html.unescape(_TAG.sub(" ", value)) if kind == "html" else value
    return len(text.split())


def _iso_from_struct(parsed: time.struct_time | None) -> str | None:
    # feedparser normalises every date it understands to a UTC struct_time.
    if parsed is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)


def _iso_from_rfc3339(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        # JSON Feed requires an offset; without one, the date is all we can vouch for.
        return moment.date().isoformat()
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _kind_of(mime: str | None) -> DocumentKind:
    return "text" if (mime or "").lower() == "text/plain" else "html"


def _str_or_none(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _parse_xml_feed(body: bytes) -> _Parsed:
    # A stream, never bytes or str: feedparser treats a string that looks like a URL or an
    # existing path as something to open.
    try:
        parsed = feedparser.parse(io.BytesIO(body))
    except (ValueError, LookupError) as exc:
        # feedparser decodes with the declared encoding's name as given: a name with a NUL in it
        # raises ValueError (found by fuzzing). The feed is unreadable, not our bug.
        return _Parsed(title=None, entries=(), is_feed=False, error=f"{type(exc).__name__}: {exc}")
    entries = []
    for entry in parsed.entries:
        contents = [(c.get("value") or "", _kind_of(c.get("type"))) for c in entry.get("content", [])]
        if entry.get("summary"):
            detail = entry.get("summary_detail") or {}
            contents.append((entry["summary"], _kind_of(detail.get("type"))))
        entries.append(_Entry(
            link=_str_or_none(entry.get("link")),
            entry_id=_str_or_none(entry.get("id")),
            title=_str_or_none(entry.get("title")),
            # dict.get, not entry.get: feedparser's own get() maps a missing "updated" to
            # "published" with a DeprecationWarning.
            published=_iso_from_struct(
                dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
            ),
            contents=tuple(contents),
        ))
    error = None
    if parsed.bozo and not isinstance(parsed.get("bozo_exception"), _BENIGN_BOZO):
        error = f"{type(parsed.bozo_exception).__name__}: {parsed.bozo_exception}"
    return _Parsed(
        title=_str_or_none(parsed.feed.get("title")),
        entries=tuple(entries),
        # .get: feedparser leaves "version" out entirely for an empty body (found by fuzzing).
        is_feed=bool(parsed.get("version")) or bool(entries),
        error=error,
        recoded=isinstance(parsed.get("bozo_exception"), feedparser.CharacterEncodingOverride),
    )


def _parse_json_feed(body: bytes) -> _Parsed:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _Parsed(title=None, entries=(), is_feed=True, error=f"not valid JSON: {exc}")
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        return _Parsed(title=None, entries=(), is_feed=False, error=None)
    items = data.get("items")
    entries = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        contents: list[tuple[str, DocumentKind]] = []
        for key, kind in _JSON_FEED_CONTENT:
            if isinstance(item.get(key), str) and item[key].strip():
                contents.append((item[key], kind))
        entries.append(_Entry(
            link=_str_or_none(item.get("url")) or _str_or_none(item.get("external_url")),
            entry_id=_str_or_none(str(item["id"])) if item.get("id") is not None else None,
            title=_str_or_none(item.get("title")),
            published=_iso_from_rfc3339(item.get("date_published") or item.get("date_modified")),
            contents=tuple(contents),
        ))
    error = None if isinstance(items, list) else "the JSON Feed has no \"items\" list"
    return _Parsed(title=_str_or_none(data.get("title")), entries=tuple(entries), is_feed=True, error=error)


def _entry_document(
    entry: _Entry, number: int, *, ref: str, source: str | None, fetched_at: str | None,
    fetch_page: Callable[[str], Document | Skip],
) -> Document | Skip:
    entry_ref = entry.link or entry.entry_id or f"{ref}#entry-{number}"
    best = max(entry.contents, key=lambda c: _word_count(*c), default=None)
    words = _word_count(*best) if best else 0
    if best is not None and words >= FULL_TEXT_MIN_WORDS:
        body, kind = _as_text_if_plain(*best)
        return Document(
            ref=entry_ref, body=body, kind=kind, origin="feed", url=entry.link,
            title=entry.title, published=entry.published, source=source, fetched_at=fetched_at,
        )
    if entry.link is None:
        return Skip(
            ref=entry_ref, reason="bad-record",
            detail=f"entry {number} of feed {ref} has {words} words of content (under "
                   f"{FULL_TEXT_MIN_WORDS}, so a teaser) and no link to the full article",
        )
    page = fetch_page(entry.link)
    if isinstance(page, Skip):
        return page
    # The entry knows its headline and date better than the page's markup does; the URL is the
    # page's final one (past feed-proxy redirects), and `ref` keeps the link as the feed gave it.
    return replace(
        page, ref=entry_ref, origin="feed", url=page.url or entry.link,
        title=entry.title or page.title, published=entry.published or page.published,
        source=source or page.source,
    )


def iter_feed(
    body: bytes, *, ref: str, fetch_page: Callable[[str], Document | Skip],
    fetched_at: str | None = None, max_entries: int | None = None,
) -> Iterator[Document | Skip]:
    """Yield a Document or Skip per entry of the feed in `body`, lazily, in feed order.

    Requires: the raw feed bytes; `ref` (the feed's path or URL, used in messages and as a
    fallback entry ref); `fetch_page(link)` returning the linked article as a Document (any
    origin; it is restamped "feed") or a Skip explaining why it could not be fetched.
    `fetched_at` is the feed's own fetch time, given to entries whose content is used directly.
    At most `max_entries` entries are read (each may cost a fetch); the rest become one
    Skip("too-large") for the feed.
    Returns: Documents with origin "feed", ref = the entry link (else its id), title/published
    (ISO 8601 UTC) from the entry, source = the feed's title. Skips "malformed-feed", "empty",
    "unsupported" (not a feed at all) for the feed, "bad-record"/"fetch-failed" for entries.
    Never raises for a malformed feed or entry. I/O only through `fetch_page`.
    """
    parsed = _parse_json_feed(body) if is_json_feed(body[:4096]) else _parse_xml_feed(body)
    if not parsed.entries:
        if parsed.error is not None:
            yield Skip(ref=ref, reason="malformed-feed",
                       detail=f"{ref} is not a well-formed feed ({parsed.error}) and no entries could be "
                              "read; check that it is RSS, Atom or JSON Feed and not an error page")
        elif not parsed.is_feed:
            yield Skip(ref=ref, reason="unsupported",
                       detail=f"{ref} is not an RSS, Atom or JSON Feed document; give feeds, HTML, text, "
                              "JSON Lines or WARC files")
        else:
            yield Skip(ref=ref, reason="empty", detail=f"the feed {ref} has no entries")
        return
    entries = parsed.entries if max_entries is None else parsed.entries[:max_entries]
    for number, entry in enumerate(entries, start=1):
        yield _entry_document(entry, number, ref=ref, source=parsed.title, fetched_at=fetched_at,
                              fetch_page=fetch_page)
    if len(entries) < len(parsed.entries):
        yield Skip(ref=ref, reason="too-large",
                   detail=f"the feed {ref} has {len(parsed.entries):,} entries; only the first "
                          f"{len(entries):,} were read (max_feed_entries); raise max_feed_entries "
                          "(TIDINGS_MAX_FEED_ENTRIES) to read more")
    if parsed.recoded:
        yield Skip(ref=ref, reason="malformed-feed",
                   detail=f"{ref} is not well-formed: its bytes are not in its declared encoding "
                          f"({parsed.error}); all {len(parsed.entries)} entries were read with the guessed "
                          "encoding, but check their accented letters, and ask the publisher to fix the feed")
    elif parsed.error is not None:
        yield Skip(ref=ref, reason="malformed-feed",
                   detail=f"{ref} is not well-formed ({parsed.error}); its first {len(parsed.entries)} "
                          "entries were read, later ones may be missing and the last may be incomplete")
