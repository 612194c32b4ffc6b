"""The article links of an index page: what `tidings watch` follows from a [[pages]] URL."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

__all__ = ["page_links"]

# Links to these are never articles; fetching them would only cost a request and a skip record.
_NOT_ARTICLES = (".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".pdf", ".zip",
                 ".mp3", ".mp4", ".xml", ".rss", ".atom", ".json")


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href.strip())


def page_links(body: bytes, base_url: str) -> list[str]:
    """Absolute http(s) links of the HTML in `body` to other pages on `base_url`'s host, in page
    order, each once, fragments dropped; the page itself and static files left out.

    Pure; never raises on broken HTML (the parser is lenient).
    """
    parser = _Anchors()
    parser.feed(body.decode("utf-8", errors="replace"))
    parser.close()
    base = urlsplit(base_url)
    own = urldefrag(base_url).url
    found: list[str] = []
    for href in parser.hrefs:
        link = urldefrag(urljoin(base_url, href)).url
        parts = urlsplit(link)
        # Same host only: an index page's links elsewhere are ads, social buttons and partners.
        if parts.scheme not in ("http", "https") or parts.netloc != base.netloc:
            continue
        if link == own or parts.path.lower().endswith(_NOT_ARTICLES) or link in found:
            continue
        found.append(link)
    return found
