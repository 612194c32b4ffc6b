from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tidings.ingest.clean import Cleaned, clean_text, load_furniture, normalise_text
from tidings.model import Removed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHARED = Path(__file__).resolve().parents[3] / "shared"
WHITEHOUSE_SHARED = SHARED / "data" / "news" / "whitehouse_dev.jsonl"
SEED = SHARED / "samples" / "seed-article.txt"

BODY = (
    "The foreign ministers of both countries met in Geneva on Monday to discuss the ceasefire.\n\n"
    "Officials said the talks would continue later this week, although no date has been set."
)


def sentences(text: str) -> list[str]:
    """Sentence-like pieces of every line: split after . ! ? before a capital or opening quote."""
    pieces = []
    for line in normalise_text(text).split("\n"):
        for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", line):
            if len(piece.split()) >= 3:
                pieces.append(piece)
    return pieces


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_no_sentence_lost(original: str, cleaned: Cleaned) -> None:
    out = squash(cleaned.text)
    lost = [s for s in sentences(original) if squash(s) not in out]
    assert not lost, f"sentences dropped: {lost[:3]}"


def assert_rest_kept(original: str, cleaned: Cleaned) -> None:
    """Every sentence-like piece of `original` is in the text, unless it was removed as furniture."""
    furniture = {squash(p.text) for p in cleaned.removed if not p.reason.startswith("repeated")}
    out = squash(cleaned.text)
    lost = [s for s in sentences(original) if squash(s) not in furniture and squash(s) not in out]
    assert not lost, f"sentences dropped: {lost[:3]}"


def reasons(cleaned: Cleaned) -> dict[str, str]:
    return {piece.text: piece.reason for piece in cleaned.removed}


# ---------------------------------------------------------------- normalisation
def test_empty_text_gives_empty_result() -> None:
    assert clean_text("") == Cleaned(text="", title=None, removed=())
    assert clean_text("  \n\n\t \n") == Cleaned(text="", title=None, removed=())


def test_normalises_unicode_and_whitespace_but_keeps_curly_quotes() -> None:
    raw = ("Caf\u0065\u0301 owners\u00a0said\u200b the  \t tax was \u201cunfair\u201d and "
           "the gov\u00adernment\u2019s plan would fail.\r\n\r\n\r\n\r\n  Second paragraph here.  ")
    cleaned = clean_text(raw)
    assert cleaned.text == ("Café owners said the tax was “unfair” and the government’s plan would fail."
                            "\n\nSecond paragraph here.")
    assert cleaned.removed == ()


def test_paragraphs_are_separated_by_one_blank_line_and_lines_are_kept() -> None:
    cleaned = clean_text("First line of a list\nSecond line of a list\n\n\n\nA new paragraph starts.")
    assert cleaned.text == "First line of a list\nSecond line of a list\n\nA new paragraph starts."


# ---------------------------------------------------------------- furniture
@pytest.mark.parametrize(("line", "reason"), [
    ("Getting your Trinity Audio player ready...", "widget"),
    ("Getting your Trinity Audio player ready…", "widget"),
    ("Listen to this article", "widget"),
    ("5 min read", "widget"),
    ("info_icon", "icon name"),
    ("Share this article", "share/subscribe"),
    ("Facebook Twitter LinkedIn Email", "share/subscribe"),
    ("Subscribe to our newsletter", "newsletter"),
    ("Sign up for our free daily newsletter to get the news first.", "newsletter"),
    ("Advertisement", "advertisement"),
    ("ADVERTISEMENT", "advertisement"),
    ("Story continues below advertisement", "advertisement"),
    ("Read more: Ministers meet again in Paris", "read more"),
    ("Related: Border talks stall again", "related links"),
    ("Photo: Reuters", "photo credit"),
    ("(Photo by Jane Doe/AFP via Getty Images)", "photo credit"),
    ("REUTERS/Jane Doe", "photo credit"),
    ("Image caption, The minister arrives at the summit", "image caption"),
    ("Reporting by Jane Doe; Editing by John Roe", "byline"),
    ("By Jane Doe and John Roe", "byline"),
    ("© 2024 Example News Agency", "copyright notice"),
    ("###", "end mark"),
    ("<!-- -->", "widget"),
])
def test_furniture_line_is_removed_with_its_reason(line: str, reason: str) -> None:
    cleaned = clean_text(f"{BODY}\n\n{line}\n\nA closing paragraph says the ministers will meet again soon.")
    assert reasons(cleaned) == {line: reason}
    assert line not in cleaned.text


@pytest.mark.parametrize("line", [
    "Share prices fell sharply in Tokyo after the central bank left interest rates unchanged.",
    "Advertisement spending rose four percent last year, the industry association said on Monday.",
    "By then it was over.",
    "Photos, he said, were taken by a local resident.",
    "Read more about the agreement in the ministry's statement, the spokesman told reporters.",
    "Subscribe is not a word the minister used; he said the treaty was open to all.",
    "Copyright infringement cases have surged, the court said in its annual report.",
    "Related talks in Vienna ended without agreement on Friday, diplomats said.",
    "World leaders gathered in Rome.",
])
def test_sentences_that_resemble_furniture_are_kept(line: str) -> None:
    cleaned = clean_text(f"{BODY}\n\n{line}\n\nA closing paragraph says the ministers will meet again soon.")
    assert line in cleaned.text
    assert cleaned.removed == ()


def test_short_line_between_furniture_is_a_caption() -> None:
    text = f"{BODY}\n\nAdvertisement\nForeign Minister Jane Doe\ninfo_icon\n\nThe talks resumed."
    cleaned = clean_text(text)
    assert reasons(cleaned)["Foreign Minister Jane Doe"] == "image caption"


def test_short_line_between_story_lines_is_not_a_caption() -> None:
    cleaned = clean_text(f"{BODY}\n\nWhat Comes Next\n\nThe talks resume in June, officials said.")
    assert "What Comes Next" in cleaned.text


def test_caption_sentence_with_a_photo_credit_is_removed() -> None:
    line = "The minister speaks to reporters in Geneva. (Photo by Jane Doe/AFP via Getty Images)"
    cleaned = clean_text(f"{BODY}\n\n{line}\n\nThe talks resumed on Tuesday, officials said.")
    assert reasons(cleaned) == {line: "image caption"}


def test_section_label_only_at_the_top() -> None:
    assert reasons(clean_text(f"International\n\n{BODY}")) == {"International": "section label"}
    assert "International" in clean_text(f"{BODY}\n\nInternational\n\nMore text follows.").text


# ---------------------------------------------------------------- titles and headlines
def test_headline_at_the_top_becomes_the_title() -> None:
    cleaned = clean_text(f"Ministers Meet In Geneva As Ceasefire Holds\n\n{BODY}")
    assert cleaned.title == "Ministers Meet In Geneva As Ceasefire Holds"
    assert reasons(cleaned) == {cleaned.title: "headline (moved to title)"}
    assert cleaned.text == BODY


@pytest.mark.parametrize("first", [
    "Ministers meet in Geneva as the ceasefire holds for a second week running.",
    "The foreign ministers met in Geneva",  # sentence case: not a headline
    "Ministers Meet In Geneva.",
])
def test_first_line_that_is_not_a_headline_stays(first: str) -> None:
    cleaned = clean_text(f"{first}\n\n{BODY}")
    assert cleaned.title is None
    assert cleaned.text.startswith(first)


def test_given_title_repeated_in_body_is_removed() -> None:
    title = "Ministers Meet in Geneva as Ceasefire Holds"
    cleaned = clean_text(f"Ministers meet in Geneva as ceasefire holds\n\n{BODY}", title=title)
    assert cleaned.title == title
    assert reasons(cleaned) == {"Ministers meet in Geneva as ceasefire holds": "title repeated in body"}


def test_given_title_is_kept_and_first_line_headline_is_left_alone() -> None:
    cleaned = clean_text(f"Another Headline Of Some Other Story\n\n{BODY}", title="The Real Title")
    assert cleaned.title == "The Real Title"
    assert cleaned.text.startswith("Another Headline")


def test_text_that_is_only_a_headline_keeps_it() -> None:
    cleaned = clean_text("Ministers Meet In Geneva")
    assert cleaned.text == "Ministers Meet In Geneva"
    assert cleaned.title is None


# ---------------------------------------------------------------- repeats
def test_standfirst_repeated_inside_a_body_paragraph_keeps_the_body_copy() -> None:
    lede = "Ministers agreed on Monday to extend the ceasefire by thirty days, diplomats said."
    text = (f"{lede}\n\nThe talks began in the morning.\n\n"
            f"The meeting ran late into the night. {lede} A further round is planned.")
    cleaned = clean_text(text)
    assert cleaned.text.count(lede) == 1
    assert cleaned.text.startswith("The talks began")
    assert reasons(cleaned) == {lede: "repeated standfirst"}


def test_exact_repeated_long_paragraph_keeps_the_first_copy() -> None:
    para = ("Officials from both sides said they expected the negotiations to resume after the "
            "holiday period ends.")
    text = f"{BODY}\n\nMiddle.\n\nMore middle.\n\nStill more.\n\n{para}\n\nOther text here.\n\n{para}"
    cleaned = clean_text(text)
    assert cleaned.text.count(para) == 1
    assert [piece.reason for piece in cleaned.removed] == ["repeated paragraph"]


def test_short_repeated_lines_are_kept() -> None:
    text = f"{BODY}\n\nQ Thank you.\n\nMS. PSAKI: Go ahead.\n\nQ Thank you.\n\nMS. PSAKI: Go ahead."
    cleaned = clean_text(text)
    assert cleaned.text.count("Q Thank you.") == 2
    assert cleaned.removed == ()


# ---------------------------------------------------------------- whole articles
def test_noisy_wire_article() -> None:
    raw = (FIXTURES / "articles" / "noisy-wire.txt").read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert cleaned.title == "Harbour Talks Resume As Northland And Eastmark Seek Deal On Fishing Rights"
    assert [piece.reason for piece in cleaned.removed] == [
        "section label", "headline (moved to title)", "repeated standfirst", "widget", "image caption",
        "icon name", "share/subscribe", "advertisement", "photo credit", "photo credit", "newsletter",
        "read more", "byline",
    ]
    for noise in ("World\n", "Trinity Audio", "info_icon", "Ada Brenner\n", "Share this", "Advertisement",
                  "Getty Images", "newsletter", "Read more", "Reporting by"):
        assert noise not in cleaned.text
    assert cleaned.text.count("Negotiators from Northland and Eastmark agreed") == 1
    assert cleaned.text.startswith("The two neighbours have argued")
    assert_rest_kept(raw, cleaned)


@pytest.mark.shared
@pytest.mark.skipif(not SEED.is_file(), reason="../shared/samples is absent")
def test_seed_article() -> None:
    raw = SEED.read_text(encoding="utf-8")
    cleaned = clean_text(raw)
    assert cleaned.title is not None
    assert cleaned.title.startswith("Blinken Meets Chinese And Japanese Diplomats")
    lines = cleaned.text.split("\n")
    for noise in ("International", "Getting your Trinity Audio player ready...",
                  "US Secretary of State Antony Blinken", "info_icon"):
        assert noise not in lines
    assert cleaned.text.count("In addition to Taiwan, Blinken, and Kamikawa discussed") == 1
    body = next(p for p in cleaned.text.split("\n\n") if p.startswith("The US is not supporting"))
    assert "In addition to Taiwan, Blinken, and Kamikawa discussed" in body
    assert [piece.reason for piece in cleaned.removed] == [
        "section label", "headline (moved to title)", "repeated standfirst", "widget", "image caption",
        "icon name",
    ]
    assert_rest_kept(raw, cleaned)


def _whitehouse(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


WH_FIXTURES = _whitehouse(FIXTURES / "whitehouse" / "briefings.jsonl")


@pytest.mark.parametrize("record", WH_FIXTURES, ids=[r["id"] for r in WH_FIXTURES])
@pytest.mark.parametrize("with_title", [True, False])
def test_whitehouse_fixture_keeps_every_sentence(record: dict[str, str], with_title: bool) -> None:
    cleaned = clean_text(record["text"], title=record["title"] if with_title else None)
    assert_no_sentence_lost(record["text"], cleaned)
    assert all(isinstance(piece, Removed) for piece in cleaned.removed)


def _shared_records() -> list[dict[str, str]]:
    return _whitehouse(WHITEHOUSE_SHARED) if WHITEHOUSE_SHARED.is_file() else []


@pytest.mark.shared
@pytest.mark.skipif(not WHITEHOUSE_SHARED.is_file(), reason="../shared/data is absent")
@pytest.mark.parametrize("record", _shared_records(), ids=lambda r: r["id"])
def test_whitehouse_record_keeps_every_sentence(record: dict[str, str]) -> None:
    assert_no_sentence_lost(record["text"], clean_text(record["text"], title=record["title"]))
    assert_no_sentence_lost(record["text"], clean_text(record["text"]))


# ---------------------------------------------------------------- the data file
def test_furniture_file_loads_once_and_every_entry_explains_itself() -> None:
    patterns = load_furniture()
    assert patterns is load_furniture()
    assert len(patterns) > 20
    for pattern in patterns:
        assert pattern.reason and pattern.why
        assert pattern.pattern.fullmatch("") is None, f"{pattern.reason} pattern matches an empty line"
