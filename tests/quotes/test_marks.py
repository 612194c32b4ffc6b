"""Quotation marks found in raw text, whatever news does to them."""

from __future__ import annotations

import pytest

from tidings.quotes.marks import find_quoted


def quoted(text: str) -> list[tuple[str, bool]]:
    return [(text[q.start : q.end], q.closed) for q in find_quoted(text)]


def test_curly_and_straight_marks_may_be_mixed_in_one_quote() -> None:
    text = '\u201cAnd we hope the U.S. side will honor this commitment," Liu told the Council.'
    assert quoted(text) == [("And we hope the U.S. side will honor this commitment,", True)]


def test_a_quote_split_around_its_attribution_is_two_quotes() -> None:
    text = '"We will never compromise," he said, "on Taiwan."'
    assert quoted(text) == [("We will never compromise,", True), ("on Taiwan.", True)]


@pytest.mark.parametrize("text", ["It's the red line that mustn't be crossed.",
                                  "the United States' strongest allies"])
def test_apostrophes_and_single_marks_never_open_quotes(text: str) -> None:
    assert quoted(text) == []


def test_a_paragraph_that_opens_a_quote_continues_into_the_next() -> None:
    text = '\u201cThe first part of it.\n\n\u201cThe second part,\u201d she said.'
    assert quoted(text) == [("The first part of it.", False), ("The second part,", True)]


def test_an_unbalanced_mark_loses_nothing_else() -> None:
    text = 'He said "yes and then left.\n\nLater, "we are done," she said.'
    found = quoted(text)
    assert ("we are done,", True) in found
    assert found[0] == ("yes and then left.", False)


def test_a_stray_closing_mark_is_ignored() -> None:
    assert quoted("the 12\u201d gun and nothing else") == []


def test_single_marks_are_not_quotation_marks_beside_double_ones() -> None:
    text = 'the Democrats\' \'big tent\', as he put it, "is wide enough," Ruiz said.'
    assert quoted(text) == [("is wide enough,", True)]


def test_a_text_with_no_double_marks_quotes_with_single_ones() -> None:
    # the British house style; apostrophes inside words and after plurals stay apostrophes
    text = "'We couldn't reach the farms,' said an aid worker. The farmers' crops were 'all gone'."
    assert quoted(text) == [("We couldn't reach the farms,", True), ("all gone", True)]


def test_curly_single_marks_quote_too() -> None:
    text = "\u2018The border is closed\u2019, the minister\u2019s aide said."
    assert quoted(text) == [("The border is closed", True)]
