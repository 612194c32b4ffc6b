"""Time expressions in English news text, resolved against the publication date.

    find_times(text, published, *, future=False, past=False, anchor=None) -> list[TimeRef]

Requires: any text (a sentence or a whole article); `published` the article's date (a datetime is
cut to its date) or None. Returns every time expression in text order, non-overlapping, the
longest match winning. Pure: no I/O, no globals that change. Never raises on odd text: what it
cannot read it leaves out; what it reads but cannot place gets `date=None, precision="unknown"`.

What a resolved `TimeRef.date` means, by precision: "day" the day ("2024-01-12"), "week" the
Monday of the week ("2024-01-08"), "month" "2024-03", "year" "2024".

Resolution rules (each a choice news style makes likely, not a certainty):

- Bare weekday ("on Friday", "Friday"): the most recent such day on or before publication (news
  reports what happened; the publication weekday itself is that day). With `future=True`, the
  first such day on or after publication. "last Friday" is strictly before publication, "next
  Tuesday" strictly after, "this Friday"/"this coming Friday" on or after.
- Possessive weekday before an event noun ("Saturday's election", "Friday's talks"): the nearest
  such day on either side of publication (the coming one when publication is just before it, as
  in the seed article; the past one when the article is written after). `future=True` picks the
  coming one. Without an event noun ("Saturday's results") a possessive is a bare weekday.
- today/tonight/this morning: publication day; yesterday/last night: the day before; tomorrow:
  the day after. "this/last/next week|weekend|month|year", optionally "earlier/later/early/late/
  mid" before them ("earlier this week"): the calendar period, weeks starting on Monday.
- Month without year ("in March", "early March", "mid-March"): the occurrence nearest
  publication, a tie going to the same year (Jan. 2024: March -> 2024-03, December -> 2023-12,
  July -> 2024-07). With `future=True` the first on or after the publication month, with
  `past=True` the last on or before it (a past-tense verb: "captured the town in March" in an
  October story is last March). "last March"
  strictly before the publication month, "next March" strictly after, "this March" same year.
  A day without year ("January 5") follows the same rules in days.
- "N units ago" / "N units from now": counted from publication. "N units later/earlier": the
  event of the sentence, counted from the anchor. "N units after/before X": the date of X, the
  thing named after the phrase, taking the sentence's own event to be at the anchor ("Liu's visit
  came nearly two months after Biden and Xi met" dates the meeting: 2023-11). The anchor is the
  `anchor` argument, else publication; never an earlier time in the text, because which earlier
  time a clause hangs on is syntax this module does not see (the caller, who parses, passes it). The
  precision is the unit's ("two months" -> month), never finer than the anchor's; vague counts
  ("a few", "several" = 3) coarsen it one step.
- "the day before/after" standing alone ("a raid the day before killed two men"), "the previous
  night", "earlier in the afternoon", "later that day": the anchor's day moved by one or kept.
  Followed by a name or a noun phrase ("the day after the vote") the day is that thing's: left out.
- "March last year", "June next year": the month of the year named. "a year ago/earlier" keeps
  the month of the day it counts from (month precision); other year counts give the year.
- No `published`: relative expressions give `date=None, precision="unknown"`; absolute ones with a
  year ("5 January 2024", "December 2023", "in 2023", "2024-01-05") still resolve.

Traps avoided: lowercase "may", "march", "august", "sat", "sun" are never dates; month names
must be capitalised; weekday abbreviations count only with a dot after "on" ("on Sat.") or in a
date ("Sat., Jan. 13"); a capitalised "Today"/"Yesterday" away from a sentence start is a name;
a month or weekday right after a capitalised word ("Japan Today", "Theresa May", "Black Friday",
"Women's March") is part of a name; "May" alone needs a date word before it ("in May", "early
May"); a sentence-initial bare "March"/"August" likewise; a bare year needs one too ("in 2023",
"since 2019", "the 2024 election"); "the last year"/"the next month" are durations, not dates.

dateparser is not used: every form handled here is an explicit pattern, and dateparser's search
mode guesses dates from fragments ("sat", "may"), which is the failure this module exists to avoid.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Final, NamedTuple

from tidings.timex_calendar import day_without_year, month_year, period_start, shift, weekday_date

__all__ = ["TimeRef", "find_times"]


@dataclass(frozen=True, slots=True)
class TimeRef:
    """One time expression: where it is, what it says, and the date it resolves to."""

    date: str | None  # ISO day, Monday of the week, "YYYY-MM" or "YYYY"; None when unresolvable
    precision: str  # "day" | "week" | "month" | "year" | "unknown"
    text: str  # the words the date came from, e.g. "on Friday", "early March"
    start: int  # offsets of `text` in the string passed in
    end: int


# --- vocabulary -----------------------------------------------------------------------------------

WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAY_ABBREVIATIONS: Final = MappingProxyType(
    {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5, "sun": 6}
)
MONTHS: Final = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
                 "october", "november", "december")
MONTH_ABBREVIATIONS: Final = MappingProxyType(
    {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
     "nov": 11, "dec": 12}
)
# Month names that are also everyday English words when capitalised at a sentence start.
AMBIGUOUS_MONTHS: Final = frozenset({"march", "may", "august"})
NUMBER_WORDS: Final = MappingProxyType(
    {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
     "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "eighteen": 18,
     "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "a couple of": 2, "couple of": 2}
)
VAGUE_NUMBERS: Final = MappingProxyType({"a few": 3, "few": 3, "several": 3})
APPROXIMATORS: Final = ("nearly", "almost", "about", "around", "roughly", "approximately", "some",
                        "more than", "less than", "over", "under", "just over", "just under", "barely",
                        "only", "exactly", "just")
UNIT_PRECISION: Final = MappingProxyType(
    {"day": "day", "week": "week", "weekend": "week", "month": "month", "year": "year", "decade": "year"}
)
QUALIFIERS: Final = ("early", "mid", "late", "the end of", "the beginning of", "the start of",
                     "the middle of", "end of", "beginning of", "start of")
# A word right before a month, weekday or year that marks it as a date, not part of a name.
CONTEXT_WORDS: Final = frozenset({"in", "on", "since", "until", "till", "by", "during", "from", "through",
                                  "throughout", "before", "after", "of", "the", "to", "last", "next",
                                  "this", "early", "mid", "late", "between", "around", "circa", "every",
                                  "each", "that"})
# Nouns for scheduled events: a possessive weekday before one may point forward ("Saturday's election").
EVENT_NOUNS: Final = frozenset({"election", "elections", "vote", "voting", "ballot", "poll", "polls",
                                "referendum", "runoff", "primary", "caucus", "caucuses", "summit",
                                "meeting", "meetings", "talks", "negotiations", "session", "visit", "trip",
                                "debate", "inauguration", "ceremony", "deadline", "hearing", "trial",
                                "match", "game", "final", "race", "rally", "parade", "launch",
                                "conference", "address", "speech", "announcement", "decision"})
PRECISION_ORDER: Final = ("day", "week", "month", "year")
NEAR_PAST_WORDS: Final = frozenset({"yesterday", "last night"})
NEAR_FUTURE_WORDS: Final = frozenset({"tomorrow"})


def _alternation(words: Iterable[str]) -> str:
    """Regex alternation of words, longest first so "a couple of" wins over "a"; spaces match any."""
    items = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


_WD = _alternation(WEEKDAYS)
_WD_ABBR = _alternation(WEEKDAY_ABBREVIATIONS)
_MON = _alternation(MONTHS)
_MON_ABBR = _alternation(MONTH_ABBREVIATIONS)
_MON_DATED = rf"(?P<mon>{_MON}|(?:{_MON_ABBR})\.?)(?![a-z])"  # abbreviation without dot only with a day/year
_WD_PREFIX = rf"(?:\b(?P<wd>{_WD}|(?:{_WD_ABBR})\.?),?\s+)?"
_PRE_ON = r"(?:\b(?P<pre>on)\s+)?"
_PRE_IN = r"(?:\b(?P<pre>in)\s+)?"
_QUAL = rf"(?:\b(?P<qual>{_alternation(QUALIFIERS)})(?:-|\s+))"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_POSS = r"(?P<poss>['’]s)?"
_NUM = _alternation([*NUMBER_WORDS, *VAGUE_NUMBERS])

_REL_WD = r"(?:\b(?P<rel>this\s+past|this\s+coming|last|next|this|coming|past)\s+)?"
_APPROX = rf"(?:\b(?P<approx>{_alternation(APPROXIMATORS)})\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR_AFTER = rf"(?:,?\s+{_YEAR}\b(?![.,]\d))?"

# (kind, pattern): each kind has its filter in _accept and its rule in _resolve.
PATTERNS: Final = tuple((kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
    ("iso", rf"{_PRE_ON}(?<![\w-])(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?![\w-])"),
    ("mdy", rf"{_PRE_ON}{_WD_PREFIX}\b{_MON_DATED}\s*{_DAY}\b(?![.,:]\d){_YEAR_AFTER}"),
    ("dmy", rf"{_PRE_ON}{_WD_PREFIX}(?:\bthe\s+)?(?<![\w.,$]){_DAY}\s+(?:of\s+)?{_MON_DATED}{_YEAR_AFTER}"),
    ("month_year", rf"{_PRE_IN}{_QUAL}?\b{_MON_DATED},?\s+{_YEAR}\b(?![.,-]\d)"),
    ("month", rf"{_PRE_IN}(?:\b(?P<rel>last|next|this)\s+)?{_QUAL}?"
              rf"\b(?P<mon>{_MON}|(?:{_MON_ABBR})\.){_POSS}(?![\w'’]|\s*\d)"),
    ("year", rf"{_PRE_IN}(?:{_QUAL}|(?<![\w$£€.,/-])){_YEAR}{_POSS}(?![\w%/-]|[.,]\d)"),
    ("weekday", rf"{_PRE_ON}{_REL_WD}\b(?P<wd>{_WD}){_POSS}(?![\w'’])"),
    ("weekday_abbr", rf"\b(?P<pre>on)\s+(?P<wd>{_WD_ABBR})\."),
    ("deictic", r"\b(?P<word>today|tonight|yesterday|tomorrow|last\s+night|this\s+morning"
                rf"|this\s+afternoon|this\s+evening){_POSS}(?![\w'’])"),
    ("period", r"\b(?:(?P<qual>earlier|later|early|late|mid)(?:-|\s+))?(?P<rel>this|last|next)\s+"
               rf"(?P<unit>week|weekend|month|year){_POSS}(?![\w'’])"),
    ("period_in", r"\b(?P<qual>earlier|later)\s+in\s+the\s+(?P<unit>week|month|year)\b"),
    ("relative", rf"{_APPROX}\b(?P<num>\d{{1,3}}|{_NUM})\s+(?P<unit>day|week|month|year|decade)s?\s+"
                 r"(?P<dir>ago|after|later|earlier|before|from\s+now)\b"),
    ("the_next", rf"{_PRE_ON}\bthe\s+(?P<rel>next|following|previous|preceding|same)\s+"
                 r"(?P<unit>day|week|month|year|night|evening|morning|afternoon)\b"),
    # "a strike the day before killed ...": the day before the story's; not "the day before the
    # vote" (a date of something named after it) nor "the day before yesterday".
    ("day_before", r"\bthe\s+(?P<unit>day|night|evening)\s+(?P<dir>before|after)\b"
                   r"(?![ \t]+(?:the|a|an|his|her|its|their|this|that|yesterday|tomorrow)\b)"
                   r"(?![ \t]+(?-i:[A-Z0-9]))"),
    ("same_day", r"\b(?:earlier|later)\s+(?:in\s+the|that|the\s+same)\s+"
                 r"(?:morning|afternoon|evening|night|day)\b"),
    ("month_rel_year", rf"{_PRE_IN}{_QUAL}?\b(?P<mon>{_MON}|(?:{_MON_ABBR})\.)\s+"
                       r"(?P<rel>last|this|next)\s+year\b"),
))
# Parts of a day count as that day: "the previous night" is the day before.
DAY_PARTS: Final = frozenset({"night", "evening", "morning", "afternoon"})

# Words before "the next/following <unit>" that make it a duration ("over the next year").
DURATION_WORDS: Final = frozenset({"over", "for", "within", "throughout", "in", "during", "past"})


class _Found(NamedTuple):
    start: int
    end: int
    kind: str
    match: re.Match[str]


class _Resolved(NamedTuple):
    day: date | None  # first day of the period
    precision: str


_UNKNOWN: Final = _Resolved(None, "unknown")


# --- text context ---------------------------------------------------------------------------------

def _previous_word(text: str, start: int) -> str | None:
    """The word right before `start`, separated by spaces only (no punctuation between)."""
    m = re.search(r"([A-Za-z][\w.'’&-]*)[ \t]+$", text[max(0, start - 60):start])
    return m.group(1) if m else None


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?…:;\"“”'‘’(—–\n"


def _after_name(text: str, start: int) -> bool:
    """True when a capitalised word that is not a date word sits right before: part of a name."""
    word = _previous_word(text, start)
    return word is not None and word[0].isupper() and word.lower().rstrip(".") not in CONTEXT_WORDS


def _before_name(text: str, end: int) -> bool:
    """True when a capitalised word follows right after: a first name ("June Carter", "April Ryan")."""
    return re.match(r"[ \t]+[A-Z][a-z]", text[end:end + 3]) is not None


def _has_context(text: str, start: int) -> bool:
    word = _previous_word(text, start)
    return word is not None and word.lower() in CONTEXT_WORDS


def _capitalised(token: str) -> bool:
    return token[:1].isupper()


def _month_number(token: str) -> int:
    key = token.lower().rstrip(".")
    return MONTHS.index(key) + 1 if key in MONTHS else MONTH_ABBREVIATIONS[key]


def _weekday_number(token: str) -> int:
    key = token.lower().rstrip(".")
    return WEEKDAYS.index(key) if key in WEEKDAYS else WEEKDAY_ABBREVIATIONS[key]


def _before_event_noun(text: str, end: int) -> bool:
    """A scheduled-event noun within the next four words ("Saturday's presidential election")."""
    words = re.findall(r"[a-z][a-z-]*", text[end:end + 80].lower())[:4]
    return any(w in EVENT_NOUNS for w in words)


def _valid_day(groups: dict[str, str | None]) -> bool:
    numeric_month = groups.get("month")
    month = int(numeric_month) if numeric_month else _month_number(groups.get("mon") or "")
    try:
        date(int(groups.get("year") or 2000), month, int(groups.get("day") or 0))  # 2000: leap year
    except ValueError:
        return False
    return True


def _accept(text: str, kind: str, m: re.Match[str]) -> bool:
    """The filters that keep names and ordinary words from being read as dates (module docstring)."""
    groups = m.groupdict()
    if groups.get("mon") and not _capitalised(groups["mon"]):
        return False
    wd = groups.get("wd")
    if wd and wd.lower().rstrip(".") in WEEKDAY_ABBREVIATIONS and not _capitalised(wd):
        return False
    if kind in ("iso", "mdy", "dmy") and not _valid_day(groups):
        return False  # "February 30", "2024-13-01": numbers that only look like a date
    framed = bool(groups.get("pre") or groups.get("rel") or groups.get("qual"))
    if kind == "month":
        month = groups["mon"].lower()
        if framed:
            return True
        if _after_name(text, m.start()) or _before_name(text, m.end()):
            return False
        context = bool(groups.get("poss")) or _has_context(text, m.start())
        if month == "may" or month.endswith("."):
            return context
        if month in AMBIGUOUS_MONTHS and _at_sentence_start(text, m.start()):
            return context
        return True
    if kind == "weekday":
        return framed or not _after_name(text, m.start())
    if kind == "year":
        return framed or bool(groups.get("poss")) or _has_context(text, m.start()) or _before_event_noun(
            text, m.end())
    if kind == "deictic":
        word = groups["word"]
        return not _capitalised(word) or (word[1:2].islower() and _at_sentence_start(text, m.start()))
    if kind == "period":
        word = _previous_word(text, m.start())
        return word is None or word.lower() != "the"
    if kind == "the_next":
        word = _previous_word(text, m.start())
        return word is None or word.lower() not in DURATION_WORDS
    return True


def _candidates(text: str) -> list[_Found]:
    """All accepted matches, overlaps resolved: earliest start first, then the longest."""
    found = [
        _Found(m.start(), m.end(), kind, m)
        for kind, pattern in PATTERNS
        for m in pattern.finditer(text)
        if _accept(text, kind, m)
    ]
    found.sort(key=lambda f: (f.start, -(f.end - f.start)))
    chosen: list[_Found] = []
    for f in found:
        if not chosen or f.start >= chosen[-1].end:
            chosen.append(f)
    return chosen


def _coarser(a: str, b: str) -> str:
    return max(a, b, key=PRECISION_ORDER.index)


# --- resolution -----------------------------------------------------------------------------------

def _resolve(f: _Found, text: str, published: date | None, anchor: _Resolved, lean: str) -> _Resolved:
    """The date one accepted match stands for (module docstring rules); _UNKNOWN when it has none."""
    g = f.match.groupdict()
    kind = f.kind
    if kind == "iso":
        return _Resolved(date(int(g["year"]), int(g["month"]), int(g["day"])), "day")  # _accept validated
    if kind in ("mdy", "dmy"):
        month, day = _month_number(g["mon"]), int(g["day"])
        if g["year"]:
            return _Resolved(date(int(g["year"]), month, day), "day")
        if published is None:
            return _UNKNOWN
        weekday = _weekday_number(g["wd"]) if g["wd"] else None
        found = day_without_year(month, day, published, lean=lean, weekday=weekday)
        return _Resolved(found, "day") if found else _UNKNOWN
    if kind == "month_year":
        return _Resolved(date(int(g["year"]), _month_number(g["mon"]), 1), "month")
    if kind == "year":
        return _Resolved(date(int(g["year"]), 1, 1), "year")
    if kind == "month_rel_year":
        if published is None:
            return _UNKNOWN
        year = published.year + {"last": -1, "this": 0, "next": 1}[g["rel"].lower()]
        return _Resolved(date(year, _month_number(g["mon"]), 1), "month")
    if kind == "same_day":
        return anchor if anchor.day is not None else _UNKNOWN
    if kind == "month":
        if published is None:
            return _UNKNOWN
        month = _month_number(g["mon"])
        year = month_year(month, published, lean=lean, rel=(g["rel"] or "").lower() or None)
        return _Resolved(date(year, month, 1), "month")
    if kind in ("relative", "the_next", "day_before"):
        return _resolve_relative(g, kind, published, anchor)
    if published is None:
        return _UNKNOWN
    if kind in ("weekday", "weekday_abbr"):
        rel = " ".join((g.get("rel") or "").lower().split())
        mode = {"last": "last", "past": "last", "this past": "last", "next": "next", "this": "future",
                "coming": "future", "this coming": "future"}.get(rel)
        if mode is None:
            if lean == "future":
                mode = "future"
            elif lean != "past" and g.get("poss") and _before_event_noun(text, f.end):
                mode = "nearest"
            else:
                mode = "past"
        return _Resolved(weekday_date(_weekday_number(g["wd"]), published, mode), "day")
    if kind == "deictic":
        word = " ".join(g["word"].lower().split())
        offset = -1 if word in NEAR_PAST_WORDS else 1 if word in NEAR_FUTURE_WORDS else 0
        return _Resolved(published + timedelta(days=offset), "day")
    # period / period_in: this, last or next calendar week, month or year
    precision = UNIT_PRECISION[g["unit"].lower()]
    step = {"this": 0, "last": -1, "next": 1}[(g.get("rel") or "this").lower()]
    return _Resolved(period_start(shift(published, g["unit"].lower(), step), precision), precision)


def _resolve_relative(g: dict[str, str], kind: str, published: date | None, anchor: _Resolved) -> _Resolved:
    """"N units ago/after/later/...", "the next/previous day": an offset from publication or anchor."""
    unit = "day" if g["unit"].lower() in DAY_PARTS else g["unit"].lower()
    precision = UNIT_PRECISION[unit]
    if kind == "the_next":
        count, sign, base = 1, {"next": 1, "following": 1, "same": 0}.get(g["rel"].lower(), -1), anchor
    elif kind == "day_before":
        count, sign, base = 1, 1 if g["dir"].lower() == "after" else -1, anchor
    else:
        word = " ".join(g["num"].lower().split())
        if word in VAGUE_NUMBERS:
            count = VAGUE_NUMBERS[word]
            precision = PRECISION_ORDER[min(PRECISION_ORDER.index(precision) + 1, len(PRECISION_ORDER) - 1)]
        else:
            count = int(word) if word.isdigit() else NUMBER_WORDS[word]
            if unit == "year" and count == 1:
                precision = "month"  # a year back from a known day is known to the month
        direction = " ".join(g["dir"].lower().split())
        sign = -1 if direction in ("ago", "after", "earlier") else 1
        from_publication = direction in ("ago", "from now")
        base = _Resolved(published, "day") if from_publication else anchor
    if base.day is None:
        return _UNKNOWN
    precision = _coarser(precision, base.precision)
    if unit == "year" and precision == "month":
        unit, count = "month", 12 * count  # keep the month of the day counted from
    return _Resolved(period_start(shift(base.day, unit, sign * count), precision), precision)


def _iso(resolved: _Resolved) -> str | None:
    d, precision = resolved
    if d is None:
        return None
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if precision == "year":
        return f"{d.year:04d}"
    return d.isoformat()


def find_times(text: str, published: date | None, *, future: bool = False, past: bool = False,
               anchor: date | None = None) -> list[TimeRef]:
    """Every time expression in `text`, in order, resolved against `published`.

    `future=True` says the text is about the future (weekdays and months resolve forward);
    `past=True` that it tells what already happened (months and days resolve backward).
    `anchor` is the date the narrative stands at, for "two months later/after" (default: publication).
    Rules and traps: module docstring. Pure; never raises.
    """
    if isinstance(published, datetime):
        published = published.date()
    if isinstance(anchor, datetime):
        anchor = anchor.date()
    base = anchor or published
    narrative = _Resolved(base, "day") if base else _UNKNOWN
    lean = "future" if future else "past" if past else "nearest"
    refs: list[TimeRef] = []
    for f in _candidates(text):
        resolved = _resolve(f, text, published, narrative, lean)
        refs.append(TimeRef(_iso(resolved), resolved.precision, text[f.start:f.end], f.start, f.end))
    return refs
