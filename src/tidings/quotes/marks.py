"""Where the quotation marks are: direct-quote spans in a text, robust to what news does to them.

Straight and curly double marks may be mixed in one quote ("... commitment," with a curly
opener and a straight closer). A mark opens when it follows a space, a line start or an opening
bracket, and closes when it follows a non-space character. A paragraph that opens a quote without
closing it continues the quote into the next paragraph when that one opens with a mark again
(the newspaper convention); otherwise the quote ends with its paragraph. Stray closers are
ignored. Apostrophes and single quotation marks are never quotation marks here: "It's" and
"don't" must not open quotes.
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_MARKS = frozenset({'"', "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb"})
OPENERS_ONLY = frozenset({"\u201c", "\u201e", "\u00ab"})
CLOSERS_ONLY = frozenset({"\u201d", "\u00bb"})


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


def find_quoted(text: str) -> list[Quoted]:
    """Every double-quoted stretch of `text`, in order. Pure; never raises on unbalanced marks."""
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
