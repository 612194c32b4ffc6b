from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

import pytest

from tidings.ingest.clean import clean_text
from tidings.ingest.extract import Extracted, decode_html, extract_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "html"
SHARED_HTML = Path(__file__).resolve().parents[3] / "shared" / "data" / "html"


def page(name: str) -> bytes:
    return (FIXTURES / f"{name}.html").read_bytes()


def body(name: str) -> list[str]:
    return (FIXTURES / f"{name}.body.txt").read_text(encoding="utf-8").strip().split("\n\n")


# ---------------------------------------------------------------- fixture pages
def test_extracts_body_and_metadata() -> None:
    extracted = extract_html(page("geneva-ceasefire-talks"))
    assert extracted.title == "Ministers agree to extend Geneva ceasefire by thirty days"
    assert extracted.url == "https://meridian.example/world/2024/03/05/geneva-ceasefire"
    assert extracted.source == "Meridian Post"
    assert extracted.published == "2024-03-05"
    assert extracted.language == "en"
    for paragraph in body("geneva-ceasefire-talks"):
        assert paragraph in extracted.text


def test_paragraphs_are_separated_by_a_blank_line() -> None:
    extracted = extract_html(page("geneva-ceasefire-talks"))
    paragraphs = extracted.text.split("\n\n")
    assert all(p.strip() == p and p for p in paragraphs)
    assert "\n\n".join(body("geneva-ceasefire-talks")[:2]) in extracted.text


@pytest.mark.parametrize("furniture", [
    "Home", "Share on Facebook", "Email this story", "Privacy policy", "All rights reserved",
    "Storm warnings issued", "Sign up for our newsletter", "riverwatcher", "mark my words", "Photo:",
])
def test_page_chrome_comments_and_captions_are_left_out(furniture: str) -> None:
    extracted = extract_html(page("geneva-ceasefire-talks"))
    assert furniture not in extracted.text


def test_page_without_a_date_has_no_published_date() -> None:
    extracted = extract_html(page("harbour-fishing-dispute"))
    assert extracted.published is None
    assert extracted.text


def test_given_url_is_used_when_the_page_names_none() -> None:
    extracted = extract_html(page("harbour-fishing-dispute"), url="https://ledger.example/a")
    assert extracted.url == "https://ledger.example/a"
    assert extract_html(page("harbour-fishing-dispute")).url is None


def test_canonical_url_wins_over_the_given_one() -> None:
    extracted = extract_html(page("summit-communique"), url="https://mirror.example/copy")
    assert extracted.url == "https://capitalwire.example/2023/11/21/summit-communique"


def test_date_only_metadata() -> None:
    assert extract_html(page("summit-communique")).published == "2023-11-21"


def test_bytes_are_decoded_by_their_declared_charset() -> None:
    raw = page("embassy-reopens")
    assert b"\x93Today we turn a page" in raw  # windows-1252 curly quote, not UTF-8
    extracted = extract_html(raw)
    assert "“Today we turn a page,” Anand said" in extracted.text
    assert "building’s security" in extracted.text
    assert extracted.language == "en"
    assert extracted.published == "2022-06-14"


def test_str_and_utf8_bytes_give_the_same_result() -> None:
    raw = page("geneva-ceasefire-talks")
    assert extract_html(raw) == extract_html(raw.decode("utf-8"))


@pytest.mark.parametrize(("raw", "expected"), [
    (b'<meta charset="iso-8859-1"><p>\x93Hi\x94</p>', "“Hi”"),  # Latin-1 labels mean cp1252
    (b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>\xf0\xd2\xc9</p>', "При"),
    (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "café"),
    ("<p>naïve</p>".encode("utf-16"), "naïve"),
    (b'<meta charset="no-such-charset"><p>caf\xc3\xa9</p>', "café"),
    (b'<meta charset="utf-8"><p>caf\xe9 cr\xe8me</p>', "caf"),  # lies about its charset: no crash
])
def test_decode_html(raw: bytes, expected: str) -> None:
    assert expected in decode_html(raw)


# ---------------------------------------------------------------- bad input never raises
def test_empty_input_gives_empty_text() -> None:
    assert extract_html("") == Extracted(text="")
    assert extract_html(b"") == Extracted(text="")
    assert extract_html("   \n ", url="https://x.example/") == Extracted(text="", url="https://x.example/")


def test_binary_garbage_gives_empty_text() -> None:
    noise = random.Random(7).randbytes(20_000)
    assert extract_html(noise).text == ""
    assert extract_html(b"\x89PNG\r\n\x1a\n" + noise).text == ""
    assert extract_html(b"\x00" * 5000).text == ""


@pytest.mark.parametrize("cut", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_truncated_html_does_not_raise(cut: int) -> None:
    raw = page("geneva-ceasefire-talks")
    extracted = extract_html(raw[: int(len(raw) * cut)])
    assert isinstance(extracted.text, str)


def test_truncated_html_keeps_what_arrived() -> None:
    raw = page("geneva-ceasefire-talks").decode("utf-8")
    cut = raw.index("International monitors")
    extracted = extract_html(raw[:cut])
    assert "Foreign ministers from Valdoria and Ostmark agreed" in extracted.text


@pytest.mark.parametrize("html", [
    "<html><body><p>Too short.</p></body></html>",
    "<<<>>><html<body<<p>>",
    "</p></div></body></html>",
    "<?xml version='1.0' encoding='utf-8'?><html><body><p>x</p></body></html>",
    "<!DOCTYPE html>",
    "just some words, no markup at all",
    "<html><body><script>var a = '<p>not text</p>';</script></body></html>",
])
def test_malformed_html_does_not_raise(html: str) -> None:
    assert isinstance(extract_html(html), Extracted)


# ---------------------------------------------------------------- real pages (../shared)
def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip()


def _key_sentences(expected: str) -> list[str]:
    """The first, a middle and the last sentence of six words or more."""
    found = [s for line in expected.split("\n") for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", line)
             if len(s.split()) >= 6]
    return [found[0], found[len(found) // 2], found[-1]] if found else []


SHARED_PAGES = sorted(SHARED_HTML.glob("*.expected.txt")) if SHARED_HTML.is_dir() else []


@pytest.mark.shared
@pytest.mark.skipif(not SHARED_PAGES, reason="../shared/data/html is absent")
@pytest.mark.parametrize("expected_path", SHARED_PAGES, ids=lambda p: p.name.split(".")[0])
def test_real_page_keeps_key_sentences_and_drops_share_buttons(expected_path: Path) -> None:
    html_path = expected_path.with_name(expected_path.name.replace(".expected.txt", ".html"))
    extracted = extract_html(html_path.read_bytes())
    cleaned = clean_text(extracted.text, title=extracted.title)
    text = _norm(cleaned.text)
    for sentence in _key_sentences(expected_path.read_text(encoding="utf-8")):
        assert _norm(sentence) in text
    lines = cleaned.text.split("\n")
    for furniture in ("Share", "Share this article", "Advertisement", "Subscribe", "Skip to content"):
        assert furniture not in lines
    assert extracted.title
