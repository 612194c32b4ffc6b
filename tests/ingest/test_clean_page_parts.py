"""The short scraps a page prints above its story, on lines written here: they go, the headline and
any short line that may be the story's own stay."""

from __future__ import annotations

import pytest

from tidings.ingest.clean import clean_text

STORY = (
    "Negotiators from Northland and Eastmark agreed on Tuesday to meet again next month.\n\n"
    "The two neighbours have argued for a decade over fishing rights around the Kestrel Banks."
)
CLOSING = "A spokesman said the ministers would meet again soon."


def test_short_scraps_above_the_story_go_and_the_headline_stays() -> None:
    top = ["Harbour Gazette", "World", "Member login", "Northland and Eastmark agree to meet again"]
    cleaned = clean_text("\n".join(top) + f"\n\n{STORY}\n\n{CLOSING}")
    assert {piece.text: piece.reason for piece in cleaned.removed} == {
        "Harbour Gazette": "page top", "World": "page top", "Member login": "page top"}
    assert cleaned.text.startswith("Northland and Eastmark agree to meet again\n\nNegotiators")


@pytest.mark.parametrize("opening", ["Good morning.", "“We will stay.”", "It is over.", "Who pays?",
                                     "- Fishing quotas cut", "漁業協定"])
def test_a_short_opening_sentence_above_the_story_stays(opening: str) -> None:
    cleaned = clean_text(f"Talks Resume In Vell\n\n{opening}\n\n{STORY}\n\n{CLOSING}")
    assert opening in cleaned.text


def test_a_short_headline_alone_above_the_story_stays() -> None:
    cleaned = clean_text(f"Talks resume, fleet waits\n\n{STORY}\n\n{CLOSING}")
    assert cleaned.removed == ()


def test_a_text_without_a_sentence_is_left_alone() -> None:
    removed = clean_text("Harbour Gazette\nMember login\nTalks resume").removed
    assert "page top" not in {piece.reason for piece in removed}
