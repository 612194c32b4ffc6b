"""The brief writes stored text as text: no markup, script or non-http(s) link gets through.

Hand-built Briefings (no store, no model); the Markdown is rendered with markdown-it-py (rich's own
dependency) in CommonMark mode with GFM tables and strikethrough, so the checks are on what a
reader's renderer makes. Its link filter (which drops javascript: links) is turned off: many
renderers have none, so the brief must not rely on one.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from html import escape as html_escape
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tidings.brief import Briefing, Trend, to_html, to_markdown, to_speech
from tidings.rows import MergedEventRow, QuoteRow
from tidings.stories import Story

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
ESCAPE = "\x1b]8;;http://evil.example\x07"  # a terminal hyperlink escape sequence
HOSTILE_URLS = ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=",
                "vbscript:msgbox(1)", "//evil.example/no-scheme", "http://[oops"]


def event(url: str | None, title: str, **fields: Any) -> MergedEventRow:
    row: dict[str, Any] = {field.name: None for field in dataclasses.fields(MergedEventRow)}
    row.update(key="e1", article_id="a1", url=url, title=title, sentence="Talks went on.", date="2024-03-02",
               source_name="USA", target_name="CHN", cameo="040", root="04", canonical="e1", mentions=1,
               articles=1, outlets=1)
    return MergedEventRow(**{**row, **fields})


def quote(fields: dict[str, Any]) -> QuoteRow:
    """A stored quote row with `fields` set and every other field empty."""
    row: dict[str, Any] = {field.name: None for field in dataclasses.fields(QuoteRow)}
    row.update(key="a1:q1", id="q1", text="")
    return QuoteRow(**{**row, **fields})


def story(fields: dict[str, Any]) -> Story:
    """A story of `size` articles with the given title, outlets and first day."""
    return Story(fields["id"], fields["title"], tuple(f"a{n}" for n in range(fields["size"])),
                 tuple(fields["outlets"]), fields["first_seen"], None)


def briefing(*, events: list[MergedEventRow] | None = None, quotes: list[dict[str, Any]] | None = None,
             stories: list[dict[str, Any]] | None = None, dyad: str = "USA → CHN",
             trends: list[Trend] | None = None) -> Briefing:
    return Briefing(date(2024, 3, 1), date(2024, 3, 31), "all actors", 3, 2,
                    stories=[story(fields) for fields in stories or []],
                    dyads=[(dyad, events or [])] if events is not None else [],
                    quotes=[quote(fields) for fields in quotes or []], trends=trends or [])


def rendered(brief: Briefing) -> str:
    renderer = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    renderer.validateLink = lambda url: True  # type: ignore[method-assign]
    return str(renderer.render(to_markdown(brief)))


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_only_http_urls_become_links(url: str) -> None:
    html = rendered(briefing(events=[event(url, "Summit ends")]))
    assert hrefs(html) == []
    assert "Summit ends" in html  # the title is still there, as plain text


def test_an_http_url_is_a_link_that_cannot_break_out_of_its_parentheses() -> None:
    url = 'https://news.example/wiki/Talks_(2024) "x" <b>?a=1&b=2'
    html = rendered(briefing(events=[event(url, "Summit ends"), event("HTTPS://news.example/b", "Second")]))
    assert hrefs(html) == ["https://news.example/wiki/Talks_%282024%29%20%22x%22%20%3Cb%3E?a=1&amp;b=2",
                           "HTTPS://news.example/b"]
    assert "<b>" not in html


@pytest.mark.parametrize("text", [SCRIPT, IMAGE, "[click](javascript:alert(1))", "![x](javascript:alert(1))",
                                  "<javascript:alert(1)>", "<http://evil.example>", "&lt;script&gt;"])
def test_titles_sentences_and_quotes_are_text(text: str) -> None:
    brief = briefing(
        events=[event("https://news.example/a", text, sentence=text, key=text)],
        quotes=[{"speaker_name": text, "title": text, "article_id": "a1", "kind": "direct", "text": text},
                {"speaker_name": "Wang", "title": text, "article_id": "a1", "kind": "indirect", "cue": text,
                 "text": text}],
        stories=[{"id": "s1", "title": text, "size": 2, "outlets": [text, "b"], "first_seen": "2024-03-02"}],
        dyad=f"{text} → CHN", trends=[Trend((text, "CHN"), 2, 1.0, 1, 0.0)])
    html = rendered(brief)
    assert "<script" not in html and "<img" not in html
    assert hrefs(html) == ["https://news.example/a"]  # the one source link, nothing from the text
    # Each value reads back as written: the renderer shows the characters, not markup.
    assert html.count(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")) >= 10


@pytest.mark.parametrize("text", ["**bold** and _it_", "`code`", "a | b", "~~gone~~", "C# 5 \\ 6",
                                  "line one\n# Heading\n<div>raw</div>\n- item"])
def test_markdown_syntax_in_stored_text_is_not_markup(text: str) -> None:
    brief = briefing(events=[event(None, text, sentence=text)],
                     stories=[{"id": "s1", "title": text, "size": 2, "outlets": ["a"], "first_seen": None}],
                     trends=[Trend((text, "CHN"), 2, 1.0, 1, 0.0)])
    html = rendered(brief)
    for tag in ("<em>", "<s>", "<del>", "<div>", "<li>item", "<h1>Heading"):
        assert tag not in html
    assert html.count("<strong>") == 1  # the story title's own bold, around the whole title
    assert html.count("<h1>") == 1 and html.count("<code>") == 1  # the heading; the event key
    # The trend row keeps its five cells whatever the dyad holds.
    assert html_escape(" ".join(text.split()), quote=False) in html  # reads as written, on one line
    cells = re.findall(r"<td>(.*?)</td>", html)
    assert len(cells) == 5 and cells[0].endswith(" and CHN") and cells[1] == "2"


def test_an_event_key_with_backticks_stays_one_code_span() -> None:
    html = rendered(briefing(events=[event(None, "T", key="a``b`<i>")]))
    assert "<code>a``b`&lt;i&gt;</code>" in html


def test_control_characters_are_dropped_from_every_output() -> None:
    text = f"Talks{ESCAPE} went on"
    brief = briefing(events=[event("https://news.example/a", text, sentence=text)],
                     quotes=[{"speaker_name": f"Wang{ESCAPE}", "title": text, "article_id": "a1",
                              "kind": "direct", "text": "We will keep talking about the river."}],
                     stories=[{"id": "s1", "title": text, "size": 2, "outlets": ["a"], "first_seen": None}])
    for output in (to_markdown(brief), to_speech(brief)):
        assert "\x1b" not in output and "\x07" not in output
        assert "Talks" in output


def test_the_html_brief_escapes_text_and_links_only_http() -> None:
    brief = briefing(events=[event(url, SCRIPT, sentence=IMAGE) for url in HOSTILE_URLS],
                     quotes=[{"speaker_name": SCRIPT, "title": IMAGE, "article_id": "a1", "kind": "direct",
                              "text": SCRIPT}])
    html = to_html(brief)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert all(href.startswith(("/events/", "http://", "https://")) for href in hrefs(html))
    assert not any("javascript:" in href.lower() or "data:" in href for href in hrefs(html))


def test_a_period_reaching_back_before_year_one_is_a_clear_error() -> None:
    import pytest

    from tidings.brief import BriefError, window

    with pytest.raises(BriefError, match="before the year 1"):
        window("1000000d", "2024-01-31")
    with pytest.raises(BriefError, match="before the year 1"):
        window("99999999999w", "2024-01-31")
