"""Where a line sits and what shape it has: the position rules of page-furniture cleaning.

`tidings.ingest.clean` matches whole lines against the furniture patterns; the rules here then
look at a line's neighbours and shape. A caption is a short line between furniture lines; an
author's name sits beside a date stamp; after the story's last sentence, or under a "Related
stories" heading, come other stories' headlines. Each rule takes the lines and the reasons found
so far (line number -> reason) and adds to them; none removes a line that reads like a sentence.
"""

from __future__ import annotations

import re

__all__ = [
    "HEADLINE_MAX_WORDS", "SENTENCE_END", "SENTENCE_MIN_WORDS", "WORD", "is_drop_cap", "is_sentence",
    "looks_like_label", "looks_like_name", "mark_authors", "mark_captions", "mark_link_boxes",
    "mark_link_tail", "mark_page_top", "word_count",
]

# A sentence ends in . ! ? or … possibly followed by closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
WORD = re.compile(r"\w+(?:[’'-]\w+)*")
HEADLINE_MAX_WORDS = 25
_LABEL_MAX_WORDS = 3
_CAPTION_MAX_WORDS = 15
# A sentence-like line longer than this is protected from every heuristic.
SENTENCE_MIN_WORDS = 8
_NAME_MAX_WORDS = 4
# A box of links to other stories lists at least this many headlines.
_LINK_LIST_MIN_LINES = 2
# Headings of boxes that list other stories, as recorded by the furniture patterns.
_LINK_BOX_HEADINGS = frozenset({"related links", "read more"})
# A headline inside the story (a box between paragraphs) is short; a longer line without a full stop
# there is more likely a story sentence that lost its punctuation.
_BOX_LINK_MAX_WORDS = 15
# Above the story's first sentence, a line this short is a label, a logo, a menu item or a stamp.
_TOP_SCRAP_MAX_WORDS = 4
# An item of a list: a dash, bullet or number before it.
_LIST_ITEM = re.compile(r"^([-–•*▪]|\d{1,2}[.)])\s")
# Reasons of a date or author line, beside which a lone name is the author's.
_STAMP_REASONS = frozenset({"date stamp", "byline"})


def word_count(line: str) -> int:
    return len(WORD.findall(line))


def is_sentence(line: str) -> bool:
    """A line long enough and punctuated like a sentence: protected from every heuristic."""
    return word_count(line) > SENTENCE_MIN_WORDS and SENTENCE_END.search(line) is not None


def looks_like_name(text: str) -> bool:
    """Two to four capitalised words and nothing else: a person's or a desk's name (one word alone is
    more often a label, such as "Claim" above a fact check's date)."""
    words = text.split()
    return 2 <= len(words) <= _NAME_MAX_WORDS and all(re.fullmatch(r"[A-Z][\w.'’-]*", w) for w in words)


def mark_captions(lines: list[str], reasons: dict[int, str]) -> None:
    """Mark short non-sentence lines that sit among furniture as image captions.

    A caption ("US Secretary of State Antony Blinken") is recognisable only by where it sits:
    between two furniture lines (a widget above, an icon or credit below), or next to a photo
    credit. Sentences are never captions here; caption sentences need a pattern.
    """
    for index, line in enumerate(lines):
        if (index in reasons or is_sentence(line) or word_count(line) > _CAPTION_MAX_WORDS
                or is_drop_cap(lines, index)):
            continue
        before, after = reasons.get(index - 1), reasons.get(index + 1)
        # Captions sit against credits; other furniture only counts when it surrounds the line.
        beside_credit = "photo credit" in (before, after)
        if (before is not None and after is not None) or beside_credit:
            reasons[index] = "image caption"


def is_drop_cap(lines: list[str], index: int) -> bool:
    """A single capital printed apart from the rest of its word ("A" above "ustralia has..."): story."""
    line = lines[index]
    return (len(line) == 1 and line.isupper() and index + 1 < len(lines)
            and lines[index + 1][:1].islower())


def mark_link_tail(lines: list[str], reasons: dict[int, str]) -> None:
    """Mark the list of other stories' headlines that a page prints after the story ends.

    A story ends with a sentence and a full stop; what follows its last such line is furniture or
    headline-shaped lines. When a heading opens that remainder (a furniture line such as "Related
    Articles", or a section name such as "World News") and every line after it is a short
    headline-shaped line, the whole run is a box of links. A run that holds anything else is left
    alone, so a story whose last paragraphs lack a full stop loses nothing.
    """
    last_prose = max((i for i, line in enumerate(lines) if i not in reasons and _ends_with_full_stop(line)),
                     default=-1)
    start = next((i for i in range(last_prose + 1, len(lines))
                  if i in reasons or looks_like_label(lines[i])), None)
    if start is None:
        return
    rest = [i for i in range(start, len(lines)) if i not in reasons]
    # One stray line after a heading may be a signature or a note; a list has at least two entries.
    if len(rest) < _LINK_LIST_MIN_LINES or not all(_looks_like_link(lines[i]) for i in rest):
        return
    for index in rest:
        reasons[index] = "related links"


def _ends_with_full_stop(line: str) -> bool:
    """Ends with . or … (closing quotes allowed): prose. Headlines end without one, or with ? or !."""
    return re.search(r"[.…][\"'”’»)\]]*$", line) is not None


def _looks_like_link(line: str) -> bool:
    """A headline-shaped line: starts with a capital or digit (after any opening quote, since
    headlines often open with a quoted phrase), short, and not a clause left open."""
    first = line.lstrip("‘'“\"«([$£€")[:1]
    return (first.isupper() or first.isdigit()) and word_count(line) <= HEADLINE_MAX_WORDS \
        and not re.search(r"[,;:–—-]$", line)


def looks_like_label(line: str) -> bool:
    """One to three capitalised words and no punctuation beyond & / -: a section name."""
    words = line.split()
    return (1 <= len(words) <= _LABEL_MAX_WORDS and all(w[0].isupper() or w in "&/-" for w in words)
            and re.fullmatch(r"[\w &/'’.-]+", line) is not None and not line.endswith("."))


def mark_link_boxes(lines: list[str], reasons: dict[int, str]) -> None:
    """Mark the headlines listed under a "Related stories" or "Read more" heading inside the text.

    The box runs from its heading through the short headline-shaped lines below it; the first
    line of prose (a full stop) or any longer line ends it. Only link-box headings open a box:
    other furniture ("Advertisement") may stand right above a story line without its full stop.
    """
    for index in [i for i, reason in reasons.items() if reason in _LINK_BOX_HEADINGS]:
        below = index + 1
        while below < len(lines) and (below in reasons or _looks_like_box_link(lines[below])):
            reasons.setdefault(below, "related links")
            below += 1


def _looks_like_box_link(line: str) -> bool:
    return (_looks_like_link(line) and not _ends_with_full_stop(line)
            and word_count(line) <= _BOX_LINK_MAX_WORDS)


def mark_authors(lines: list[str], reasons: dict[int, str]) -> None:
    """Mark a lone name printed right above or below a date stamp or byline as the author line.

    The first line that is not furniture is left alone: that is where a short headline stands.
    """
    first_kept = next((i for i in range(len(lines)) if i not in reasons), None)
    for index, line in enumerate(lines):
        if index in reasons or index == first_kept or not looks_like_name(line):
            continue
        if reasons.get(index - 1) in _STAMP_REASONS or reasons.get(index + 1) in _STAMP_REASONS:
            reasons[index] = "byline"


def mark_page_top(lines: list[str], reasons: dict[int, str]) -> None:
    """Mark the short scraps a page prints above its story: section names, logos, menu items,
    member badges, "Start reading" (each site has its own; no list can name them all).

    The top runs to the first line that reads like a sentence. There the headline is the longest
    line and stays; a short line that could be a story's own opening ("Good morning.", with a
    lower-case word and a full stop) or a quotation stays too. Everything else of four words or
    fewer goes. A text with no sentence at all is left alone.
    """
    first_prose = next((i for i, line in enumerate(lines) if i not in reasons and is_sentence(line)), None)
    if first_prose is None:
        return
    top = [i for i in range(first_prose) if i not in reasons]
    if len(top) < 2:
        return
    headline = max(reversed(top), key=lambda i: word_count(lines[i]))
    for index in top:
        line = lines[index]
        if (index == headline or word_count(line) > _TOP_SCRAP_MAX_WORDS or _could_open_story(line)
                or is_drop_cap(lines, index)):
            continue
        reasons[index] = "page top"


def _could_open_story(line: str) -> bool:
    """A short line that may be the story's own: a quotation, a question or exclamation (a
    sub-heading), an item of a list, a line in a script without capitals (whose words this count
    does not see), or words in lower case ending a sentence."""
    if any(mark in line for mark in "\"“”«") or re.search(r"[?!][\"'”’)]*$", line):
        return True
    if _LIST_ITEM.match(line) or not re.search(r"[A-Za-z]", line):
        return True
    return SENTENCE_END.search(line) is not None and any(word.islower() for word in WORD.findall(line))
