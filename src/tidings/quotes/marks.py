"""Where the quotation marks are: direct-quote spans in a text, robust to what news does to them.

Straight and curly double marks may be mixed in one quote ("... commitment," with a curly
opener and a straight closer). A mark opens when it follows a space, a line start or an opening
bracket, and closes when it follows a non-space character. A paragraph that opens a quote without
closing it continues the quote into the next paragraph when that one opens with a mark again
(the newspaper convention); otherwise the quote ends with its paragraph. Stray closers are
ignored. Apostrophes are never quotation marks: "It's" and "don't" must not open quotes. Single
quotation marks are quotation marks only in a text that has no double ones (the British house
style: 'We will not leave,' she said), and then only at a word's edge, never between two letters.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_MARKS = frozenset({'"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb"})
OPENERS_ONLY = frozenset({"\u201c", "\u201e", "\u00ab"})
CLOSERS_ONLY = frozenset({"\u201d", "\u00bb"})
# Single marks, each with the double mark it stands for when a text quotes with single marks.
SINGLE_AS_DOUBLE = {"'": '"', "\u2018": "\u201c", "\u2019": "\u201d"}


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quoted stretch: `start`/`end` bound the words inside the marks (marks excluded);
    `closed` is False when the quote ran to the end of its paragraph without a closing mark."""

    start: int
    end: int
    closed: bool


def _is_opener(text: str, i: int) -> bool:
    mark = text[i]
    if mark in CLOSERS_ONLY:
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if mark in OPENERS_ONLY:
        return not after.isspace()
    return (before.isspace() or before in "([{—–-") and not after.isspace()


def _is_closer(text: str, i: int) -> bool:
    mark = text[i]
    if mark in OPENERS_ONLY:
        return False
    before = text[i - 1] if i > 0 else " "
    return not before.isspace()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    while start < len(text):
        end = text.find("\n\n", start)
        end = len(text) if end < 0 else end
        spans.append((start, end))
        start = end + 2
    return spans


def _singles_as_doubles(text: str) -> str:
    """`text` with each single mark at a word's edge written as the double mark it stands for
    (same length, so offsets hold); an apostrophe between two letters ("don't") stays."""
    chars = list(text)
    for i, char in enumerate(chars):
        if char in SINGLE_AS_DOUBLE:
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if not (before.isalnum() and after.isalnum()):
                chars[i] = SINGLE_AS_DOUBLE[char]
    return "".join(chars)


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted stretch of `text`, in order: double-quoted, or single-quoted in a text with no
    double marks. Pure; never raises on unbalanced marks."""
    if not any(char in DOUBLE_MARKS for char in text):
        text = _singles_as_doubles(text)
    found: list[Quoted] = []
    carry = False  # the previous paragraph left a quote open
    for para_start, para_end in _paragraphs(text):
        open_at: int | None = None
        first_mark = True
        i = para_start
        while i < para_end:
            char = text[i]
            if char in DOUBLE_MARKS:
                if open_at is None and _is_opener(text, i):
                    open_at = i + 1
                elif open_at is not None and _is_closer(text, i):
                    found.append(Quoted(open_at, i, True))
                    open_at = None
                elif open_at is None and carry and first_mark and _is_closer(text, i):
                    # the continued quote closes here without having been reopened
                    found.append(Quoted(para_start, i, True))
                first_mark = False
            i += 1
        carry = False
        if open_at is not None:
            content_end = para_end
            while content_end > open_at and text[content_end - 1].isspace():
                content_end -= 1
            found.append(Quoted(open_at, content_end, False))
            carry = True
    return [q for q in found if q.end > q.start and any(c.isalnum() for c in text[q.start:q.end])]
