"""Where things are in a parsed article, found by binary search rather than by walking the doc:
the sentences around an offset, the tokens of a character stretch, whether a stretch is covered.

Shared by the quotes stage's modules (tidings.quotes.extract, tidings.quotes.speakers).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

Offsets = tuple[int, int]  # (start, end) characters into the article text


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens that begin at a character offset in [start, end), without scanning the doc."""
    span = doc.char_span(start, end, alignment_mode="expand") if start < end else None
    return [t for t in span if start <= t.idx < end] if span is not None else []


@dataclass(frozen=True, slots=True)
class Sentences:
    """The doc's sentences, listed once (each pass over doc.sents walks every token), with their
    offsets, so that finding the sentences around a quote is a binary search, not a scan."""

    spans: list[Span]
    starts: list[int]  # start_char of each, ascending
    ends: list[int]  # end_char of each, ascending

    @classmethod
    def of(cls, doc: Doc) -> Sentences:
        spans = list(doc.sents)
        return cls(spans, [s.start_char for s in spans], [s.end_char for s in spans])

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The sentences that share a character with [start, end)."""
        found = []
        i = bisect_right(self.ends, start)
        while i < len(self.spans) and self.starts[i] < end:
            found.append(self.spans[i])
            i += 1
        return found

    def first_starting_in(self, first: int, last: int) -> Span | None:
        """The first sentence that starts at an offset from `first` to `last`."""
        i = bisect_left(self.starts, first)
        return self.spans[i] if i < len(self.spans) and self.starts[i] <= last else None

    def last_ending_by(self, offset: int) -> Span | None:
        """The last sentence that ends at or before `offset`."""
        i = bisect_right(self.ends, offset)
        return self.spans[i - 1] if i > 0 else None

    def any_between(self, after: int, before: int) -> bool:
        """Whether a whole sentence starts after `after` and ends before `before`."""
        i = bisect_right(self.starts, after)
        return i < len(self.spans) and self.ends[i] < before


@dataclass(frozen=True, slots=True)
class Stretches:
    """Character stretches, asked whether one of them holds a span, by binary search."""

    starts: list[int]  # ascending
    reach: list[int]  # the furthest end among the stretches up to each

    @classmethod
    def of(cls, stretches: list[tuple[int, int]]) -> Stretches:
        ordered = sorted(stretches)
        return cls([start for start, _ in ordered], list(accumulate((end for _, end in ordered), max)))

    def hold(self, start: int, end: int) -> bool:
        """Whether one stretch (a, b) has a <= start and end <= b."""
        i = bisect_right(self.starts, start)
        return i > 0 and self.reach[i - 1] >= end

