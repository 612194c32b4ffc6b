"""The real English pipeline loads offline, once per process."""

from __future__ import annotations

import pytest

from tidings.nlp import load_english, parse_texts, segments


@pytest.mark.e2e
def test_the_english_pipeline_loads_once_and_parses() -> None:
    nlp = load_english()
    assert load_english() is nlp
    assert {"tagger", "parser", "ner"} <= set(nlp.pipe_names)
    doc = nlp("Secretary of State Antony Blinken met Yoko Kamikawa in Washington on Friday.")
    assert any(ent.label_ == "PERSON" for ent in doc.ents)
    assert nlp.meta["version"].startswith("3.8")


@pytest.mark.e2e
def test_a_blank_line_always_ends_a_sentence() -> None:
    doc = load_english()("12:15 p.m.\n\nDonald Trump says political correctness has run amok.")
    assert [s.text.strip() for s in doc.sents][-1] == "Donald Trump says political correctness has run amok."


def _article(paragraphs: int) -> str:
    # Our own sentences; varied so the parser has people, places and dates to label.
    lines = [f"Paragraph {n}: Minister Ana Ruiz met envoys from Chile in Lima on Monday, officials said."
             for n in range(paragraphs)]
    return "\n\n".join(lines)


def test_a_long_text_is_cut_after_paragraph_breaks_and_nothing_is_lost() -> None:
    text = _article(300)
    pieces = segments(text, limit=2_000)
    assert len(pieces) > 5
    assert "".join(pieces) == text
    assert all(piece.startswith("Paragraph") for piece in pieces)
    assert all(piece.endswith("\n\n") for piece in pieces[:-1])


def test_a_short_text_or_one_without_paragraphs_stays_whole() -> None:
    assert segments("One short text.") == ["One short text."]
    unbroken = "word " * 5_000
    assert segments(unbroken, limit=1_000) == [unbroken]


@pytest.mark.e2e
def test_a_text_parsed_in_pieces_reads_like_one_parse() -> None:
    text = _article(40)
    assert len(segments(text, 1_000)) >= 3
    whole = load_english()(text)
    short = "Ana Ruiz spoke in Lima."
    joined, alone = list(parse_texts([text, short], batch_chars=2_500, segment_chars=1_000))
    assert joined.text == text and alone.text == short
    assert [t.idx for t in joined] == [t.idx for t in whole]
    assert [s.start for s in joined.sents] == [s.start for s in whole.sents]
    assert [(e.start, e.end, e.label_) for e in joined.ents] == [
        (e.start, e.end, e.label_) for e in whole.ents]
    # The parser sees a few tokens across a paragraph break; cut there, a word or two may differ.
    same = sum((a.dep_, a.head.i) == (b.dep_, b.head.i) for a, b in zip(joined, whole, strict=True))
    assert same >= 0.97 * len(whole)


def test_a_paragraph_longer_than_the_piece_limit_is_cut_at_sentence_ends() -> None:
    from tidings.nlp import segments

    paragraph = " ".join(f"Sentence number {n} ends here." for n in range(400))  # no paragraph break
    pieces = segments(paragraph, 1_000, max_piece=2_000)
    assert "".join(pieces) == paragraph
    assert all(len(piece) <= 2_000 for piece in pieces) and len(pieces) > 1
    assert all(piece.endswith("here. ") for piece in pieces[:-1])


def test_text_without_sentence_ends_is_cut_at_spaces_then_anywhere() -> None:
    from tidings.nlp import segments

    words = " ".join(["word"] * 1_000)
    pieces = segments(words, 500, max_piece=1_000)
    assert "".join(pieces) == words and all(len(p) <= 1_000 for p in pieces)
    assert all(piece.endswith(" ") for piece in pieces[:-1])
    blob = "x" * 2_500  # no space at all: cut where the limit falls
    assert [len(p) for p in segments(blob, 500, max_piece=1_000)] == [1_000, 1_000, 500]
