"""Extract an article's text and metadata from an HTML page, with trafilatura.

`extract_html` is the one seam between tidings and trafilatura: the options that decide what counts
as the article body are set here, once, and measured by benchmarks/extraction_f1.py and the quality
gate in tests/ingest/test_extraction_gate.py. The text it returns is raw page text; every source's
text then goes through `tidings.ingest.clean.clean_text`.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import trafilatura
from trafilatura.settings import Extractor
from trafilatura.utils import decode_file, load_html

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = ["Extracted", "decode_html", "extract_html"]


@dataclass(frozen=True, slots=True)
class Extracted:
    """What a page says about itself: body text and metadata, each None when the page does not say.

    `text` holds one block (paragraph, heading, list item, table row) per paragraph, paragraphs
    separated by a blank line ("\\n\\n"), the same shape `clean_text` produces; "" when the page
    has no extractable body. `published` is an ISO date (YYYY-MM-DD) found in the page, never the
    time it was fetched. `url` is the page's canonical or og:url, else the URL it was fetched from.
    """

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Browsers decode pages labelled Latin-1 or ASCII as windows-1252 (WHATWG Encoding), and so do we:
# curly quotes in such pages are cp1252 bytes.
_AS_CP1252 = frozenset({"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "ascii", "us-ascii",
                        "iso_8859-1", "windows-1252", "cp1252"})
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
# Share of control or undecodable characters above which input is binary, not a page.
_BINARY_SHARE = 0.05
_LANG = re.compile(r"[A-Za-z]{2,3}(?=$|[-_])")


def is_text_encoding(name: str) -> bool:
    """True when `name` is a known text encoding: "base64", "rot13" or "uu" are codecs too, but they
    transform bytes into bytes, and decoding with them raises. Pure."""
    try:
        return bool(getattr(codecs.lookup(name), "_is_text_encoding", True))
    except LookupError:
        return False


def decode_html(raw: bytes) -> str:
    """Decode page bytes by their byte-order mark, else their declared charset, else by detection.

    Requires: bytes. Returns: text; undecodable bytes become U+FFFD rather than raising.
    Never raises. Pure.
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw.decode(encoding, errors="replace")
    declared = _META_CHARSET.search(raw[:8192])
    if declared is not None:
        name = declared.group(1).decode("ascii", errors="replace").lower()
        name = "cp1252" if name in _AS_CP1252 else name
        if name and is_text_encoding(name):
            try:
                return raw.decode(name)
            except UnicodeDecodeError:
                # A page that lies about its charset: trust detection below unless the label was
                # a single-byte one, whose replacement characters are few and local.
                if not name.startswith("utf"):
                    with contextlib.suppress(UnicodeError):
                        return raw.decode(name, errors="replace")
            except UnicodeError:  # a codec that decodes nothing ("undefined", "idna" on non-ASCII)
                pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return decode_file(raw)
    except Exception:  # detection is best effort; a lossy decode beats a crash
        return raw.decode("utf-8", errors="replace")


def extract_html(html: str | bytes, *, url: str | None = None) -> Extracted:
    """Extract the article body and metadata of one HTML page.

    Requires: the page as text or bytes (bytes are decoded by `decode_html`); `url` is where it
    was fetched from, used when the page names no canonical URL.
    Returns: `Extracted`; its `text` is "" for empty, binary, truncated-beyond-use or bodiless
    pages, which callers skip with reason "no-text". `published` comes from the page's markup
    (meta tags, JSON-LD, <time>, the URL), never from the clock: a page with no date gives None.
    Never raises: trafilatura and lxml errors on malformed input give an empty `Extracted`.
    Pure apart from reading the clock for the latest plausible date (tomorrow).
    """
    text = decode_html(html) if isinstance(html, bytes) else html
    empty = Extracted(text="", url=url)
    if not text.strip() or _looks_binary(text):
        return empty
    try:
        tree = load_html(text)
    except Exception:  # lxml raises several types on garbage; all mean "no page"
        return empty
    if tree is None:
        return empty
    language = _page_language(tree)
    try:
        document = trafilatura.bare_extraction(tree, url=url, options=_options(url))
    except Exception:  # trafilatura's internals raise freely; a bad page is a skip
        return Extracted(text="", url=url, language=language)
    if document is None:
        return Extracted(text="", url=url, language=language)
    meta: Mapping[str, object] = document if isinstance(document, dict) else document.as_dict()
    found = meta.get("text")
    body = found if isinstance(found, str) else ""
    paragraphs = [line.strip() for line in body.split("\n") if line.strip()]
    return Extracted(
        text="\n\n".join(paragraphs),
        title=_clean_meta(meta.get("title")),
        url=_clean_meta(meta.get("url")) or url,
        source=_clean_meta(meta.get("sitename")),
        published=_clean_meta(meta.get("date")),
        language=language,
    )


def _options(url: str | None) -> Extractor:
    """The extraction options, measured on the scrapinghub benchmark (see benchmarks/).

    Comments are not the article. Tables stay: readouts and agreements put content in them.
    Date search is limited to markup (no free-text scan, which picks up copyright years and dates
    of other stories), prefers the original publication date over "updated", and accepts no date
    after tomorrow (time zones) so a page can never be dated by the crawl.
    """
    latest = (date.today() + timedelta(days=1)).isoformat()
    # trafilatura annotates date_params as dict[str, str]; htmldate takes bools there too.
    date_params: dict[str, Any] = {"original_date": True, "extensive_search": False, "max_date": latest}
    return Extractor(
        output_format="python",
        comments=False,
        tables=True,
        with_metadata=True,
        url=url,
        date_params=date_params,
    )


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    return len(_CONTROL.findall(sample)) > _BINARY_SHARE * len(sample)


def _page_language(tree: HtmlElement) -> str | None:
    """The ISO 639 code a page declares: <html lang>, then Content-Language, then og:locale."""
    candidates: list[str] = []
    try:
        root = tree.getroottree().getroot()
        candidates.append(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang") or "")
        for meta in root.iter("meta"):
            key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").lower()
            if key in ("content-language", "og:locale", "language", "dc.language"):
                candidates.append(meta.get("content") or "")
    except Exception:  # metadata is optional; a broken tree just has none
        return None
    for candidate in candidates:
        found = _LANG.match(candidate.strip())
        if found:
            return found.group(0).lower()
    return None


def _clean_meta(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
