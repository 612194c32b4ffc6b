"""A full-text feed entry whose body is plain text (no tags) is read as text, not as an empty page."""

from __future__ import annotations

import json

import pytest

from tests.ingest.test_feeds import PageStub, item, rss
from tidings.ingest.feeds import FULL_TEXT_MIN_WORDS, iter_feed
from tidings.model import Article, Document
from tidings.pipeline import prepare
from tidings.settings import Settings

PARAGRAPHS = [
    "The foreign ministers of Norland and Sudmark met in Geneva on Tuesday to settle a dispute over the "
    "river that runs along their border, officials from both delegations said after the talks.",
    "The two governments have argued for a decade about how much water each may take from the river for "
    "farming, and about who should pay for the dams that were built upstream during the drought years.",
    "Norland's minister told reporters that the meeting had been frank but useful, and that her "
    "government was ready to share data from its gauges with engineers from the other side.",
    "Sudmark's delegation said it wanted a commission with members from both countries to decide "
    "every spring how the flow would be divided, with a neutral chair named by the United Nations.",
    "Farmers on both banks have complained that the quarrel left them without a clear rule, and several "
    "villages downstream lost most of their harvest when the river ran low two summers ago.",
    "The ministers agreed to meet again next month in Vienna, where experts will present a draft of the "
    "treaty that both parliaments would have to approve before the end of the year.",
    "Diplomats from neighbouring states welcomed the talks and offered to host the commission, which "
    "would be the first joint body of the two countries since their independence.",
]
PLAIN = "\n\n".join(PARAGRAPHS)


def test_the_plain_text_is_long_enough_to_be_the_whole_article() -> None:
    assert len(PLAIN.split()) >= FULL_TEXT_MIN_WORDS


def plain_entry(description: str) -> Document:
    stub = PageStub()
    feed = rss(item("River talks", "https://news.example/river", description))
    (document,) = iter_feed(feed, ref="feed.rss", fetch_page=stub)
    assert stub.asked == []  # the entry is the whole article: nothing to fetch
    assert isinstance(document, Document)
    return document


def test_a_plain_text_description_is_a_text_document() -> None:
    document = plain_entry(PLAIN.replace("&", "&amp;"))
    assert document.kind == "text"
    assert str(document.body).startswith("The foreign ministers of Norland and Sudmark met in Geneva")


def test_a_plain_text_entry_is_analysed_not_skipped_as_no_text() -> None:
    article = prepare(plain_entry(PLAIN), Settings())
    assert isinstance(article, Article), article
    assert len(article.text.split()) >= FULL_TEXT_MIN_WORDS
    assert "a neutral chair named by the United Nations" in article.text
    assert article.title == "River talks" and article.language == "en"


def test_entities_in_a_plain_text_description_are_read_as_characters() -> None:
    # RSS escapes & as &amp;; a feed that escapes twice (&amp;amp;) means the text "&amp;" to an
    # HTML reader, which is the character & in plain text.
    tail = "AT&amp;amp;T and Procter &amp;amp; Gamble said nothing &amp;lt;yet&amp;gt;; 3 &lt; 4."
    document = plain_entry(f"{PLAIN}\n\n{tail}")
    assert document.kind == "text"  # "3 < 4" is no tag
    assert str(document.body).endswith("AT&T and Procter & Gamble said nothing <yet>; 3 < 4.")


@pytest.mark.parametrize("markup", ["&lt;p&gt;{}&lt;/p&gt;", "{}&lt;br/&gt;", "{}&lt;!-- ad --&gt;"])
def test_a_description_with_tags_is_still_html(markup: str) -> None:
    document = plain_entry(markup.format(PLAIN))
    assert document.kind == "html"


def test_a_json_feed_content_html_without_tags_is_text() -> None:
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": "T",
            "items": [{"id": "1", "url": "https://news.example/river", "title": "River talks",
                       "content_html": PLAIN.replace("&", "&amp;")}]}
    (document,) = iter_feed(json.dumps(feed).encode(), ref="feed.json", fetch_page=PageStub())
    assert isinstance(document, Document) and document.kind == "text"
    article = prepare(document, Settings())
    assert isinstance(article, Article) and "Vienna" in article.text
