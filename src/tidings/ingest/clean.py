"""Clean article text: normalise it and leave out page furniture, saying what was left out and why.

Every source goes through `clean_text`, plain text included, because text pasted or scraped from a
page carries the same furniture an HTML page does: section labels, audio widgets, icon names, share
and newsletter prompts, photo credits and captions, and a standfirst printed twice.

The output text is what every later stage indexes into (actor mentions, quote spans), so cleaning
happens once, here, and never changes the characters of a line it keeps beyond the normalisation
described in `normalise_text`. Curly quotes stay curly: quote extraction needs them.

The rule that outranks the others: never drop a real sentence. A line that reads like a sentence
is only ever removed when a furniture pattern matches the whole of it; the heuristics (captions,
headlines, section labels) leave sentences alone. A missed furniture line is noise; a false removal
loses part of a story.

Output shape: paragraphs separated by one blank line ("\\n\\n"); lines a paragraph had in the input
are kept as separate lines ("\\n") inside it, since plain text does not say whether a single line
break is a hard wrap or a separate item.
"""

from __future__ import annotations

import html
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tidings.ingest.layout import (
    HEADLINE_MAX_WORDS,
    SENTENCE_END,
    SENTENCE_MIN_WORDS,
    WORD,
    is_drop_cap,
    looks_like_label,
    looks_like_name,
    mark_authors,
    mark_captions,
    mark_link_boxes,
    mark_link_tail,
    mark_page_top,
    word_count,
)
from tidings.model import Removed

__all__ = ["Cleaned", "FurniturePattern", "clean_text", "load_furniture", "normalise_text"]


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Cleaned text, the title (given, or found at the top of the text), and what was left out."""

    text: str
    title: str | None
    removed: tuple[Removed, ...]


@dataclass(frozen=True, slots=True)
class FurniturePattern:
    """One entry of furniture.toml: a whole-line pattern and the reason recorded when it matches."""

    reason: str
    pattern: re.Pattern[str]
    why: str
    top_only: bool = False
    max_words: int | None = None

    def matches(self, line: str, *, at_top: bool, words: int | None = None) -> bool:
        """Whether the pattern fits the whole line; `words` is the line's word count if known."""
        if self.top_only and not at_top:
            return False
        if self.max_words is not None and (word_count(line) if words is None else words) > self.max_words:
            return False
        return self.pattern.fullmatch(line) is not None


# Characters that are invisible or layout-only in running text: replaced so that words, offsets and
# comparisons do not depend on how a page happened to encode its spacing.
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
                                 "\u2008\u2009\u200a\u205f\u3000\t\v\f"), " ")
_DROPPED = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")
# HTML character references left in text copied from a page's source ("Europe.&nbsp;"): only the
# complete, semicolon-ended form, so that "AT&T" or "R&D" are never touched.
_CHARACTER_REFERENCE = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
# What pages put between the pieces of one furniture line: bars, bullets, spaced dashes.
_SEPARATOR = re.compile(r"\s+[|•·▪]\s+|\s+[–—-]\s+|\s*\|\s*")
# List markers a page prints before a byline or a date ("• by Web Desk"): not part of what it says.
_BULLET = re.compile(r"^[•·▪►▸*|–—-]+\s*")

# Words a Title Case headline leaves in lower case.
_SMALL_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "for", "by", "with",
    "as", "from", "into", "onto", "over", "per", "via", "vs", "v", "up", "off", "out", "than", "so",
    "yet", "de", "la", "le", "von", "van",
})
# Standfirsts are printed above the story: look for them among the first few paragraphs only.
_STANDFIRST_WINDOW = 3
_STANDFIRST_MIN_WORDS = 8
# Short paragraphs repeat legitimately ("Go ahead." in a briefing transcript, a recipe's "1 cup
# blueberries"): dedupe only paragraphs long enough that a repeat can only be a page artefact.
_DUPLICATE_MIN_WORDS = 12
# Pages without blank lines put standfirst and story in one block: look among this many first lines.
_STANDFIRST_LINE_WINDOW = 8
# The end of a sentence right after a match: its punctuation, closing quotes, then a space or the end.
_CLOSED_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*(?: |$)")


@lru_cache(maxsize=1)
def load_furniture() -> tuple[FurniturePattern, ...]:
    """The furniture patterns of tidings/data/furniture.toml, compiled, in file order.

    Requires: the package data file (shipped in the wheel). Returns: an immutable tuple, cached
    after the first call. Raises tomllib.TOMLDecodeError or re.error only if the shipped file is
    broken, which the test suite rules out.
    """
    raw = resources.files("tidings").joinpath("data/furniture.toml").read_text(encoding="utf-8")
    entries = tomllib.loads(raw)["line"]
    patterns = []
    for entry in entries:
        flags = 0 if entry.get("case_sensitive", False) else re.IGNORECASE
        patterns.append(FurniturePattern(
            reason=entry["reason"],
            pattern=re.compile(entry["match"], flags),
            why=entry["why"],
            top_only=bool(entry.get("top_only", False)),
            max_words=entry.get("max_words"),
        ))
    return tuple(patterns)


def normalise_text(text: str) -> str:
    """Unicode and whitespace normalisation, without removing anything a reader would see.

    HTML character references (&nbsp; &amp; &#8217;) become their characters; NFC; non-breaking
    and other fixed-width spaces and tabs become spaces; zero-width characters,
    soft hyphens and control characters are dropped; line breaks become "\\n"; runs of spaces
    collapse; lines are stripped; runs of blank lines become one. Quotes, dashes and ellipses are
    kept as they are.
    Pure; never raises.
    """
    text = _CHARACTER_REFERENCE.sub(lambda ref: html.unescape(ref.group(0)), text)
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = text.translate(_SPACES).translate(_DROPPED)
    text = _CONTROL.sub("", text)
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()


def clean_text(text: str, *, title: str | None = None) -> Cleaned:
    """Normalise `text` and leave out page furniture, repeated titles and repeated paragraphs.

    Requires: any string (empty is fine). `title` is the title a source or page gave, if any.
    Returns: `Cleaned` with the kept text (paragraphs separated by "\\n\\n"), the title (the given
    one; else a headline found on the first line, which is then left out of the text), and every
    left-out piece as `Removed(text, reason)` in the order it appeared.
    Never raises on any input; never drops a sentence-like line unless a furniture pattern matches
    the whole line. Pure: reads only the packaged furniture patterns.
    """
    normal = normalise_text(text)
    lines: list[tuple[int, str]] = []  # (paragraph number, line)
    for block_no, block in enumerate(normal.split("\n\n")):
        lines.extend((block_no, line) for line in block.split("\n") if line)

    texts = [line for _, line in lines]
    reasons: dict[int, str] = _furniture_reasons(texts)
    mark_link_tail(texts, reasons)
    mark_link_boxes(texts, reasons)
    mark_authors(texts, reasons)
    mark_page_top(texts, reasons)
    mark_captions(texts, reasons)
    found_title = _mark_title(texts, reasons, title)
    _mark_repeated_lines(texts, [block_no for block_no, _ in lines], reasons)

    paragraphs: dict[int, list[int]] = {}
    for index, (block_no, _) in enumerate(lines):
        if index not in reasons:
            paragraphs.setdefault(block_no, []).append(index)
    kept = ["\n".join(lines[i][1] for i in members) for members in paragraphs.values()]
    starts = [members[0] for members in paragraphs.values()]

    removed_at: list[tuple[int, Removed]] = [
        (i, Removed(lines[i][1], reason)) for i, reason in reasons.items()
    ]
    dropped = _repeated_paragraphs(kept)
    removed_at.extend((starts[n], Removed(kept[n], reason)) for n, reason in dropped.items())
    removed_at.sort(key=lambda pair: pair[0])

    body = "\n\n".join(paragraph for n, paragraph in enumerate(kept) if n not in dropped)
    return Cleaned(text=body, title=found_title, removed=tuple(piece for _, piece in removed_at))






def _furniture_reasons(lines: list[str]) -> dict[int, str]:
    """Line number -> reason, for every line furniture patterns match as a whole (or part by part)."""
    patterns = load_furniture()
    reasons: dict[int, str] = {}
    at_top = True
    for index, line in enumerate(lines):
        if is_drop_cap(lines, index):
            at_top = False
            continue
        bare = _BULLET.sub("", line) or line
        reason = _line_reason(line, patterns, at_top=at_top) or _line_reason(bare, patterns, at_top=at_top)
        if reason is None:
            reason = _composite_reason(bare, patterns, at_top=at_top)
        if reason is None:
            at_top = False
        else:
            reasons[index] = reason
    return reasons


def _line_reason(line: str, patterns: tuple[FurniturePattern, ...], *, at_top: bool) -> str | None:
    """The reason of the first pattern that matches the whole line, if any."""
    words = word_count(line)  # once per line, not once per pattern
    return next((p.reason for p in patterns if p.matches(line, at_top=at_top, words=words)), None)


def _composite_reason(line: str, patterns: tuple[FurniturePattern, ...], *, at_top: bool) -> str | None:
    """A reason for a line of furniture pieces joined by bars or bullets ("By X | June 4, 2021 | Share").

    Every piece must be furniture, except that a stamp line may carry a short capitalised name
    ("Jane Doe | 3 hours ago"), which makes it a byline. A piece of prose keeps the whole line.
    """
    pieces = [piece for piece in _SEPARATOR.split(line) if piece]
    if len(pieces) < 2:
        return None
    found = [_line_reason(piece, patterns, at_top=at_top) for piece in pieces]
    if all(found):
        return found[0]
    names_only = all(reason is not None or looks_like_name(piece)
                     for piece, reason in zip(pieces, found, strict=True))
    return "byline" if "date stamp" in found and names_only else None














def _mark_title(lines: list[str], reasons: dict[int, str], title: str | None) -> str | None:
    """Find the title at the top of the text; mark it (and a section label above it) as removed.

    With a given `title`, a first line that repeats it is marked "title repeated in body". Without
    one, a first line that looks like a headline becomes the title. A short label line just above
    either is a section label. Returns the title to report.
    """
    kept = [i for i in range(len(lines)) if i not in reasons]
    if len(kept) < 2:
        return title
    first, second = kept[0], kept[1]

    def is_title(index: int) -> bool:
        if title is not None:
            return _title_key(lines[index]) == _title_key(title)
        # A headline stands above the story: the next kept line reads like prose, which tells a
        # headline from a location line such as "James S. Brady Press Briefing Room" above "2:52 P.M.".
        following = kept.index(index) + 1
        return (following < len(kept) and _looks_like_headline(lines[index])
                and word_count(lines[kept[following]]) > SENTENCE_MIN_WORDS)

    if not is_title(first) and looks_like_label(lines[first]) and is_title(second):
        reasons[first] = "section label"
        first = second
    if not is_title(first):
        return title
    if title is not None:
        reasons[first] = "title repeated in body"
        return title
    reasons[first] = "headline (moved to title)"
    return lines[first]


def _looks_like_headline(line: str) -> bool:
    """Short, without sentence-final punctuation, and mostly Title Case."""
    words = WORD.findall(line)
    if not 2 <= len(words) <= HEADLINE_MAX_WORDS or re.search(r"[.!?;:,…][\"'”’)]*$", line):
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS or w[0].isupper()]
    if len(content) < 2:
        return False
    capitalised = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return capitalised / len(content) >= 0.75




def _title_key(text: str) -> str:
    """A comparison key for titles: case, quote style, spacing and end punctuation ignored."""
    text = text.casefold().translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", " ", text).strip().rstrip(".!?:;,").strip()


def _match_key(text: str) -> str:
    """A comparison key for paragraphs: spacing and quote style ignored, case kept."""
    text = text.translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", " ", text).strip()


def _repeated_paragraphs(paragraphs: list[str]) -> dict[int, str]:
    """Paragraph number -> reason, for repeated standfirsts and exact duplicate paragraphs.

    A standfirst is printed above the story and again inside it, sometimes as a whole paragraph,
    sometimes as a run of sentences inside a longer one: the early standalone copy goes, the copy
    in the body stays. Other exact repeats of a long paragraph keep their first copy.
    """
    keys = [_match_key(p) for p in paragraphs]
    dropped: dict[int, str] = {}
    for n in range(min(_STANDFIRST_WINDOW, len(keys))):
        if word_count(keys[n]) < _STANDFIRST_MIN_WORDS:
            continue
        if any(_contains_run(keys[later], keys[n]) for later in range(n + 1, len(keys))):
            dropped[n] = "repeated standfirst"
    seen: set[str] = set()
    for n, key in enumerate(keys):
        if n in dropped or word_count(key) < _DUPLICATE_MIN_WORDS:
            continue
        if key in seen:
            dropped[n] = "repeated paragraph"
        seen.add(key)
    return dropped


def _mark_repeated_lines(lines: list[str], blocks: list[int], reasons: dict[int, str]) -> None:
    """Mark a standfirst line printed above the story and again, whole or as a run, in a later line.

    Pages that put no blank line between paragraphs hold standfirst and story in one block (`blocks`
    gives each line's), where `_repeated_paragraphs` cannot see the repeat; repeats across blocks
    are its business. The early copy goes; the copy in the story stays.
    """
    kept = [i for i in range(len(lines)) if i not in reasons]
    keys = {i: _match_key(lines[i]) for i in kept}
    for position, index in enumerate(kept[:_STANDFIRST_LINE_WINDOW]):
        if word_count(keys[index]) < _STANDFIRST_MIN_WORDS:
            continue
        same_block = [later for later in kept[position + 1:] if blocks[later] == blocks[index]]
        if any(_contains_run(keys[later], keys[index]) for later in same_block):
            reasons[index] = "repeated standfirst"


def _contains_run(haystack: str, needle: str) -> bool:
    """`needle` occurs in `haystack` as whole text or as a run of sentences (on word boundaries).

    A needle without end punctuation also matches a sentence that ends with it (a caption or
    standfirst printed without its full stop).
    """
    open_ended = SENTENCE_END.search(needle) is None
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        before_ok = start == 0 or haystack[start - 1] == " "
        after_ok = (end == len(haystack) or haystack[end] == " "
                    or (open_ended and _CLOSED_SENTENCE.match(haystack, end) is not None))
        if before_ok and after_ok:
            return True
        start = haystack.find(needle, start + 1)
    return False
