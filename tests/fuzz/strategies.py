"""Hypothesis strategies for hostile inputs: raw bytes, odd Unicode, and structured documents
(HTML, RSS, JSON Lines, WARC) whose pieces are drawn from the same odd material."""

from __future__ import annotations

import gzip
import json

from hypothesis import strategies as st

# Characters that have broken text pipelines elsewhere: quotation marks of several scripts,
# apostrophes, zero-width and direction marks, NUL and other controls, surrogate-free astral
# characters (emoji), combining marks, line and paragraph separators, the replacement character.
ODD = ("\u201c", "\u201d", "\u2018", "\u2019", '"', "'", "\u00ab", "\u00bb", "\u300c", "\u300d",
       "\u200b", "\u200c", "\u200d", "\ufeff", "\u200e", "\u200f", "\u202e", "\u2066", "\u2069",
       "\x00", "\x0b", "\x0c", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\ufffd",
       "\U0001f600", "\U0001f1fa\U0001f1f8", "\u0301", "\u00a0", "\t", "\u3000")
NAMES = ("Antony Blinken", "Xi Jinping", "China", "the United States", "Japan", "he", "she", "they",
         "the minister", "Hamas", "the European Union", "Mr. Blinken", "O'Neill", "al-Sisi",
         "Zelenskyy", "Le Pen", "the Foreign Ministry", "Beijing", "NATO", "the U.N.")
VERBS = ("said", "met", "criticized", "told", "warned", "accused", "praised", "signed a deal with",
         "threatened", "visited", "urged", "rejected", "attacked", "according to", "stressed")
WORDS = ("peace", "talks", "sanctions", "on Tuesday", "in 2024", "strongest", "the", "and", ",", ".",
         "?", "!", ":", ";", "-", "\u2014", "(", ")", "...", "1,000", "50%")

odd_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    """A news-like sentence: actor, verb, actor, maybe a quotation, odd characters spliced in."""
    pieces = [draw(st.sampled_from(NAMES)), draw(st.sampled_from(VERBS)), draw(st.sampled_from(NAMES))]
    pieces += draw(st.lists(st.sampled_from(WORDS), max_size=5))
    if draw(st.booleans()):
        opening, closing = draw(st.sampled_from([("\u201c", "\u201d"), ('"', '"'), ("'", "'"),
                                                 ("\u201c", ""), ("", '"'), ("\u00ab", "\u00bb")]))
        quoted = " ".join(draw(st.lists(st.sampled_from(WORDS + NAMES), min_size=1, max_size=6)))
        pieces.insert(draw(st.integers(0, len(pieces))), f"{opening}{quoted}{closing}")
    text = " ".join(pieces)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(ODD)) + text[at:]
    return text + draw(st.sampled_from([".", "", "?", "\u201d", "!\n"]))


article_text = st.lists(sentence(), min_size=1, max_size=4).map(" ".join) | st.lists(
    sentence(), min_size=1, max_size=3).map("\n\n".join)

# Text with odd material between the words, for the cheap stages.
messy_text = st.lists(st.sampled_from(NAMES + VERBS + WORDS + ODD) | odd_text,
                      max_size=30).map(" ".join)


@st.composite
def html_page(draw: st.DrawFn) -> bytes:
    """An HTML page, often malformed: unclosed tags, odd meta, a charset that may lie."""
    charset = draw(st.sampled_from(["utf-8", "iso-8859-1", "windows-1252", "utf-16", "nonsense", ""]))
    title = draw(messy_text)
    paragraphs = draw(st.lists(article_text | messy_text, max_size=4))
    body = "".join(f"<p>{p}" + draw(st.sampled_from(["</p>", "", "</div>", "<br>"])) for p in paragraphs)
    head = draw(st.sampled_from(["", f'<meta charset="{charset}">', '<meta property="og:title" content="',
                                 f'<html lang="{draw(odd_text)}">',
                                 '<meta name="date" content="2024-13-45">']))
    page = f"<!doctype html>{head}<title>{title}</title><article>{body}</article>"
    page = page[: draw(st.integers(0, len(page)))] if draw(st.booleans()) else page
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "latin-1"]))
    return page.encode(encoding, errors="replace")


@st.composite
def rss_feed(draw: st.DrawFn) -> bytes:
    items = []
    for _ in range(draw(st.integers(0, 3))):
        link = draw(st.sampled_from(["", "<link></link>", "<link>not a url</link>",
                                     "<link>http://127.0.0.1:1/x</link>", "<link>file:///etc/passwd</link>"]))
        text = draw(article_text | messy_text).replace("]]>", "")
        date = draw(st.sampled_from(["", "<pubDate>Tue, 09 Jan 2024 10:00:00 GMT</pubDate>",
                                     "<pubDate>yesterday</pubDate>", "<pubDate>Mon, 99 Foo 9999</pubDate>"]))
        items.append(f"<item><title><![CDATA[{text[:40]}]]></title>{link}{date}"
                     f"<description><![CDATA[{text}]]></description></item>")
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            f'{"".join(items)}</channel></rss>')
    feed = feed[: draw(st.integers(0, len(feed)))] if draw(st.booleans()) else feed
    return feed.encode(draw(st.sampled_from(["utf-8", "latin-1"])), errors="replace")


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | odd_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3), max_leaves=8)


@st.composite
def jsonl_lines(draw: st.DrawFn) -> bytes:
    """JSON Lines: good records, records with wrong field types, non-objects, broken lines."""
    lines = []
    for _ in range(draw(st.integers(0, 4))):
        record = draw(st.fixed_dictionaries({}, optional={
            "id": json_value, "text": article_text | json_value, "html": st.binary().map(repr) | json_value,
            "title": json_value, "url": json_value, "published": json_value, "source": json_value}))
        line = json.dumps(record) if draw(st.booleans()) else json.dumps(draw(json_value))
        if draw(st.integers(0, 4)) == 0:
            line = line[: draw(st.integers(0, len(line)))]
        lines.append(line.encode("utf-8", errors="surrogatepass"))
    return b"\n".join(lines) + draw(st.sampled_from([b"", b"\n", b"\r\n", b"\n\n", b"\x00"]))


@st.composite
def warc_file(draw: st.DrawFn) -> bytes:
    """A WARC file of response records, some truncated, with lying lengths or headers."""
    records = []
    for _ in range(draw(st.integers(0, 3))):
        page = draw(html_page())
        status = draw(st.sampled_from([b"200 OK", b"404 Not Found", b"xyz", b""]))
        ctype = draw(st.sampled_from([b"text/html", b"text/html; charset=nonsense", b"image/png", b""]))
        http = b"HTTP/1.1 " + status + b"\r\nContent-Type: " + ctype + b"\r\n\r\n" + page
        length = len(http) + draw(st.sampled_from([0, 0, 0, -5, 7, 10**9]))
        uri = draw(st.sampled_from([b"http://example.com/a", b"", b"\xff\xfe", b"not a uri"]))
        header = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: " + uri
                  + b"\r\nWARC-Record-ID: <urn:uuid:1>\r\nWARC-Date: 2024-01-09T10:00:00Z\r\n"
                  + b"Content-Type: application/http; msgtype=response\r\nContent-Length: "
                  + str(max(length, 0)).encode() + b"\r\n\r\n")
        record = header + http + b"\r\n\r\n"
        if draw(st.booleans()):
            record = gzip.compress(record)
        if draw(st.integers(0, 3)) == 0:
            record = record[: draw(st.integers(0, len(record)))]
        records.append(record)
    return b"".join(records)
