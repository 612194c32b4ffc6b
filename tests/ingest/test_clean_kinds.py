"""Kinds of page furniture in plain-text inputs, each on lines written for these tests.

Text copied or scraped from a web page keeps the page's chrome: date stamps, bylines with a relative
time, agency credits, share buttons one to a line, menus, banners, captions and, after the story, a
box of other stories' headlines. Each test puts one kind around a short made-up story and checks
that the kind goes and every story sentence stays.
"""

from __future__ import annotations

import pytest

from tidings.ingest.clean import Cleaned, clean_text

STORY = (
    "Negotiators from Northland and Eastmark agreed on Tuesday to meet again next month.\n\n"
    "The two neighbours have argued for a decade over fishing rights around the Kestrel Banks.\n\n"
    "Officials said a patrol boat had detained two trawlers in March, which ended the last round."
)
CLOSING = "A spokesman said the ministers would meet again soon."


def removed(cleaned: Cleaned) -> dict[str, str]:
    return {piece.text: piece.reason for piece in cleaned.removed}


def between_story_paragraphs(line: str) -> Cleaned:
    return clean_text(f"{STORY}\n\n{line}\n\n{CLOSING}")


def assert_story_kept(cleaned: Cleaned) -> None:
    for paragraph in STORY.split("\n\n") + [CLOSING]:
        assert paragraph in cleaned.text


@pytest.mark.parametrize(("line", "reason"), [
    ("27 May 2012", "date stamp"),
    ("9:59 pm on 27 May 2012", "date stamp"),
    ("Published: `2021-03-02 10:15:00`", "date stamp"),
    ("Updated: Tue, March 2, 2021, 10:15 GMT", "date stamp"),
    ("Fri, June 4, 2021", "date stamp"),
    ("date 2021-06-04 Share:", "date stamp"),
    ("Updated 3 hours ago", "date stamp"),
    ("by Staff, 3 hours ago", "byline"),
    ("By Ada Brenner | June 4, 2021", "byline"),
    ("• by News Desk", "byline"),
    ("• June 4, 2021", "date stamp"),
    ("Reuters", "source credit"),
    ("(The Harbour Gazette)", "source credit"),
    ("Vell, Northland", "dateline"),
    ("Image Credits: HPA", "photo credit"),
    ("Follow Ada Brenner on Twitter @adabrenner", "share/subscribe"),
    ("Gift this article", "share/subscribe"),
    ("Change text size", "share/subscribe"),
    ("As a subscriber, you can share five articles a month with anyone you like.", "share/subscribe"),
    ("Skip to main content", "widget"),
    ("Home | World | Business | Sport", "menu"),
    ("Breaking News", "banner"),
    ("We use cookies to improve your experience on our site.", "banner"),
    ("View more", "read more"),
    ("Most read", "related links"),
    ("You might also like", "related links"),
    ("3h", "date stamp"),
    ("Tags: fishing, Northland, Eastmark", "related links"),
    ("By Ada Brenner | June 4, 2021 | 3 min read", "byline"),
    ("Ada Brenner | 3 hours ago", "byline"),
    ("Ada Brenner, 3 hours ago", "byline"),
    ("Share this with Facebook Messenger WhatsApp Twitter Email", "share/subscribe"),
    ("Home News Sport Business Culture Travel", "menu"),
    ("Get our free daily newsletter", "newsletter"),
    ("The Morning Brief: the day's top stories in your inbox every weekday.", "newsletter"),
    ("(Image: Harbour Press Agency)", "photo credit"),
    ("(Reporting by Jane Doe; Editing by John Roe)", "byline"),
    ("Last modified on Tue 2 Mar 2021 10.15 GMT", "date stamp"),
    ("This article was originally published by The Harbour Gazette.", "source note"),
    ("Write to us at desk@example.org", "contact"),
    ("@highlight", "corpus marker"),
    # caption shapes
    ("Fishermen mend their nets in the port of Vell, Northland, June 4, 2021", "image caption"),
    ("A handout picture released by the Eastmark navy shows the patrol boat at sea", "image caption"),
    ("Trawlers wait in the harbour. Pictured: the quay at Vell at dawn", "image caption"),
    ("The minister arrives for the talks in Vell. REUTERS/Jane Doe", "image caption"),
])
def test_furniture_kind_is_removed(line: str, reason: str) -> None:
    cleaned = between_story_paragraphs(line)
    assert removed(cleaned) == {line: reason}
    assert_story_kept(cleaned)


@pytest.mark.parametrize("line", [
    "Fishermen in Vell said on 27 May 2012 that the quotas were unfair.",
    "By Tuesday the talks had stalled, and by Friday they had collapsed.",
    "Reuters reported that the talks would resume in the spring.",
    "Yes, Minister",
    "Change came slowly to the harbour towns, residents said.",
    "Home owners in the port city of Vell protested against the new levy on Monday.",
    "The photo shows the minister shaking hands with his counterpart in Vell.",
    "A spokesman for the coast guard, who asked not to be named, said the boat was seized on June 4, 2021.",
    "Follow-up talks are planned for the autumn, the ministry said.",
    "The ceasefire was announced in Vell on Friday, June 4, 2021",
    "Kabul | Officials said the talks had failed after two days.",
    "Vell - The talks were held on Monday, officials said.",
    "You can subscribe to the view that the treaty failed, the minister said, but its articles bind.",
])
def test_story_line_that_resembles_furniture_is_kept(line: str) -> None:
    assert between_story_paragraphs(line).removed == ()


def test_share_buttons_one_to_a_line_with_a_misspelt_one_among_them() -> None:
    buttons = ["Share this article", "Facebook", "WhatsUp", "X", "LinkedIn", "Email"]
    cleaned = clean_text("\n".join(buttons) + f"\n{STORY}\n\n{CLOSING}")
    assert set(removed(cleaned)) == set(buttons)
    assert_story_kept(cleaned)


def test_box_of_other_headlines_after_the_story_is_removed() -> None:
    box = ["World News", "Eastmark Opens New Port Amid Trade Row",
           "Northland's fishing fleet shrinks for a third year", "Is the Grey Sea running out of cod?",
           "‘We will not give up the banks’: Eastmark fishermen vow to stay",
           "Storm closes harbours along the coa"]
    cleaned = clean_text(f"{STORY}\n\n{CLOSING}\n\n" + "\n".join(box))
    assert set(removed(cleaned)) == set(box)
    assert_story_kept(cleaned)


def test_summary_bullets_of_a_corpus_after_the_story_are_removed() -> None:
    bullets = ["Talks between the two neighbours resume next month", "Two trawlers remain detained"]
    tail = "".join(f"\n\n@highlight\n\n{bullet}" for bullet in bullets)
    cleaned = clean_text(f"{STORY}\n\n{CLOSING}{tail}")
    assert all(bullet not in cleaned.text for bullet in bullets)
    assert_story_kept(cleaned)


def test_lines_after_a_heading_that_are_not_headlines_are_kept() -> None:
    tail = "What Comes Next\nthe talks resume in June\nin the port city of Vell"
    cleaned = clean_text(f"{STORY}\n\n{CLOSING}\n\n{tail}")
    assert "the talks resume in June" in cleaned.text


def test_one_line_after_a_heading_is_kept() -> None:
    cleaned = clean_text(f"{STORY}\n\n{CLOSING}\n\nAdvertisement\nThe Harbour Gazette Weekend Edition")
    assert "The Harbour Gazette Weekend Edition" in cleaned.text


def test_standfirst_line_repeated_in_the_same_block_keeps_the_story_copy() -> None:
    standfirst = "Negotiators agreed on Tuesday to meet again next month, officials said."
    lines = ["Harbour Talks Resume", standfirst, "Reuters", "Share this article",
             "The talks opened in the port of Vell.", standfirst, "No date has been set."]
    assert clean_text("\n".join(lines)).text == "\n".join(lines[4:])


def test_caption_without_its_full_stop_that_repeats_a_story_sentence_goes() -> None:
    sentence = "Negotiators from both countries agreed on Tuesday to meet again next month in Vell"
    cleaned = clean_text(f"{sentence}\n\n{STORY}\n\n{sentence}. A date has not been set.")
    assert cleaned.text.count(sentence) == 1
    assert cleaned.text.endswith(f"{sentence}. A date has not been set.")


def test_drop_cap_stays_with_its_word() -> None:
    cleaned = clean_text(f"Share this article\nSubscribe\nN\negotiators met in Vell on Tuesday.\n\n{CLOSING}")
    assert cleaned.text.startswith("N\negotiators met")


def test_html_character_references_become_characters() -> None:
    entities = "AT&T and R&D stay; the &quot;deal&quot; holds."
    cleaned = clean_text(f"{STORY}&nbsp;\n\n{entities}\n\n&nbsp;\n\n{CLOSING}")
    assert "AT&T and R&D stay; the \"deal\" holds." in cleaned.text
    assert "&nbsp;" not in cleaned.text
    assert_story_kept(cleaned)


def test_related_box_between_paragraphs_is_removed_and_the_story_resumes() -> None:
    paragraphs = STORY.split("\n\n")
    box = "Related stories\nEastmark Opens New Port Amid Trade Row\nIs the Grey Sea running out of cod?"
    cleaned = clean_text(f"{paragraphs[0]}\n\n{box}\n\n" + "\n\n".join(paragraphs[1:]) + f"\n\n{CLOSING}")
    assert "Eastmark Opens New Port" not in cleaned.text
    assert "running out of cod" not in cleaned.text
    assert_story_kept(cleaned)


def test_box_stops_at_a_long_line_without_a_full_stop() -> None:
    unpunctuated = ("Fishermen in Vell said the new quotas would ruin the smaller boats and force many "
                    "families to leave the coast for good")
    cleaned = clean_text(f"{STORY}\n\nRead more\n{unpunctuated}\n\n{CLOSING}")
    assert unpunctuated in cleaned.text


def test_a_name_beside_a_date_stamp_is_the_author() -> None:
    headline = "Harbour Talks Resume As Quotas Stall"
    cleaned = clean_text(f"{headline}\nAda Brenner\n4 June 2021\n\n{STORY}\n\nTomas Ruel\n\n{CLOSING}")
    assert removed(cleaned) == {headline: "headline (moved to title)", "4 June 2021": "date stamp",
                                "Ada Brenner": "byline"}
    assert "Tomas Ruel" in cleaned.text


def test_a_short_headline_above_a_date_stamp_is_not_an_author() -> None:
    cleaned = clean_text(f"Harbour Talks Resume\n4 June 2021\n\n{STORY}")
    assert removed(cleaned).get("Harbour Talks Resume") != "byline"
    assert cleaned.title == "Harbour Talks Resume"
