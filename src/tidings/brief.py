"""Briefings: a readable digest of a period, as Markdown, HTML or speech.

`make_briefing` reads the store (articles published in the window, real-world events dated in
it, quotes of its articles) and returns a Briefing: the stories ranked by how many outlets
carry them, the events grouped by dyad (country to country, or the actors' names when they have
no country) with their evidence, notable quotes, and for each dyad asked for (`--dyad`), or else
the busiest ones, its trend against the period before. `to_markdown`, `to_html` and `to_speech`
render it; `speak` writes a WAV with espeak-ng (Debian's package, found at run time).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict
from urllib.parse import quote, urlsplit

from tidings.errors import TidingsError
from tidings.filters import iso_day
from tidings.rows import UNNAMED_SOURCE
from tidings.stories import stories_between

if TYPE_CHECKING:
    from tidings.rows import EventRole, EventRow, MergedEventRow, QuoteRow
    from tidings.store import Store
    from tidings.stories import Story

STORIES_SHOWN = 8
DYADS_SHOWN = 6
EVENTS_PER_DYAD = 4
QUOTES_SHOWN = 6
TRENDS_SHOWN = 3
_DURATION = re.compile(r"(\d+)\s*([hdw])")
_ISO_START = re.compile(r"\d{4}")  # a --since that is no duration but begins like a date is checked as one


class BriefError(TidingsError):
    """A briefing that cannot be made as asked; the message says what to change."""


def window(since: str, until: str | None = None, *, now: datetime | None = None) -> tuple[date, date]:
    """The first and last day of the period: `since` is a duration back from `until` ("24h",
    "7d", "2w") or a day; `until` a day, else today (UTC). Days are written YYYY-MM-DD and checked
    as every date a user gives is (tidings.filters.iso_day: FilterError for one that does not exist)."""
    last = iso_day("--until", until) if until else (now or datetime.now(UTC)).date()
    found = _DURATION.fullmatch(since.strip().lower())
    if found:
        amount, unit = int(found.group(1)), found.group(2)
        hours = amount * {"h": 1, "d": 24, "w": 168}[unit]
        try:
            return last - timedelta(days=max(hours // 24 - 1, 0)), last
        except OverflowError:  # a period reaching back before year 1
            raise BriefError(f"--since {since!r} reaches back before the year 1; give a shorter period "
                             "or an ISO date") from None
    if not _ISO_START.match(since.strip()):
        raise BriefError(f"--since must be a duration (24h, 7d, 2w) or a day written YYYY-MM-DD, "
                         f"not {since!r}")
    return iso_day("--since", since), last


@dataclass(frozen=True, slots=True)
class Trend:
    dyad: tuple[str, str]
    events: int
    goldstein: float | None  # mean over the period
    before_events: int
    before_goldstein: float | None  # mean over the period of the same length before

    @property
    def direction(self) -> str:
        if self.goldstein is None or self.before_goldstein is None:
            return "new" if self.events and not self.before_events else "steady"
        change = self.goldstein - self.before_goldstein
        return "warmer" if change > 0.5 else "cooler" if change < -0.5 else "steady"


@dataclass(frozen=True, slots=True)
class Briefing:
    first_day: date
    last_day: date
    scope: str  # what it covers: "all actors", "China", "USA and CHN"
    articles: int
    outlets: int
    stories: list[Story] = field(default_factory=list)
    dyads: list[tuple[str, list[MergedEventRow]]] = field(default_factory=list)
    quotes: list[QuoteRow] = field(default_factory=list)
    trends: list[Trend] = field(default_factory=list)


def _side(row: EventRow, role: EventRole) -> str:
    actor = row.side(role)
    if role == "source" and actor.id is None:
        return UNNAMED_SOURCE
    return actor.country or actor.name or "?"


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None


def make_briefing(store: Store, first_day: date, last_day: date, *, actor: str | None = None,
                  dyads: list[tuple[str, str]] | None = None) -> Briefing:
    """The briefing of [first_day, last_day] (inclusive); `actor` keeps events and quotes that
    involve it, `dyads` names the pairs whose trend is shown (else the busiest)."""
    since, until = first_day.isoformat(), last_day.isoformat()
    articles = store.articles(since=since, until=until, limit=None)
    stories = [story for story in stories_between(store, since=since, until=until) if len(story.articles) > 1]
    stories.sort(key=lambda story: (-len(story.outlets), -len(story.articles), story.first_seen or ""))
    events: list[MergedEventRow] = []
    if actor:
        either = store.merged_events(source=actor, since=since, until=until, limit=None)
        either += store.merged_events(target=actor, since=since, until=until, limit=None)
        events = list({row.key: row for row in either}.values())
    elif dyads:
        for pair in dyads:
            events += store.merged_events(since=since, until=until, dyad=pair, limit=None)
    else:
        events = store.merged_events(since=since, until=until, limit=None)
    grouped: dict[tuple[str, str], list[MergedEventRow]] = defaultdict(list)
    for row in events:
        if row.target is None:
            continue  # a dyad needs both ends; an unnamed doer is one ("gunmen killed ...")
        if row.source is not None and row.source_country == row.target_country \
                and not (row.source_sector and row.target_sector):
            continue  # "Iraq's prime minister ... Iraq": a country and itself, not a relation
        grouped[(_side(row, "source"), _side(row, "target"))].append(row)
    ranked = sorted(grouped.items(), key=lambda item: (-sum(r.mentions or 1 for r in item[1]), item[0]))
    shown = [(f"{pair[0]} → {pair[1]}",
              sorted(rows, key=lambda r: (-(r.mentions or 1), r.date or ""))[:EVENTS_PER_DYAD])
             for pair, rows in ranked[:DYADS_SHOWN]]
    quotes = [row for row in store.quotes(speaker=actor, since=since, until=until, limit=None)
              if row.speaker_name and 8 <= len(row.text.split()) <= 60]
    # Direct words first, then the longest (a sentence says more than a fragment); at most two
    # of one speaker, so one long statement does not fill the section.
    quotes.sort(key=lambda row: (row.kind == "indirect", -len(row.text.split()), row.published or ""))
    per_speaker: dict[str | None, int] = defaultdict(int)
    chosen = []
    for quote_row in quotes:
        per_speaker[quote_row.speaker_name] += 1
        if per_speaker[quote_row.speaker_name] <= 2:
            chosen.append(quote_row)
    quotes = chosen
    # A trend follows two actors the store can find again; "unnamed" names none.
    watched = dyads or _unordered([pair for pair, _ in ranked if UNNAMED_SOURCE not in pair])[:TRENDS_SHOWN]
    trends = [_trend(store, pair, first_day, last_day) for pair in watched]
    return Briefing(first_day, last_day, _scope(actor, dyads), len(articles),
                    len({article.source for article in articles if article.source}),
                    stories[:STORIES_SHOWN], shown, quotes[:QUOTES_SHOWN],
                    trends)


def _unordered(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Each pair once whichever way round, first seen first: a trend counts both directions
    (`dyad=`), so "USA and CHN" and "CHN and USA" would be the same row twice."""
    seen: set[frozenset[str]] = set()
    kept = []
    for pair in pairs:
        if frozenset(pair) not in seen:
            seen.add(frozenset(pair))
            kept.append(pair)
    return kept


def _scope(actor: str | None, dyads: list[tuple[str, str]] | None) -> str:
    if actor:
        return actor
    if dyads:
        return "; ".join(f"{a} and {b}" for a, b in dyads)
    return "all actors"


def _trend(store: Store, pair: tuple[str, str], first_day: date, last_day: date) -> Trend:
    length = (last_day - first_day).days + 1
    before_last = first_day - timedelta(days=1)
    before_first = before_last - timedelta(days=length - 1)

    def summary(start: date, end: date) -> tuple[int, float | None]:
        rows = store.merged_events(dyad=pair, since=start.isoformat(), until=end.isoformat(), limit=None)
        return len(rows), _mean([float(row.goldstein) for row in rows if row.goldstein is not None])

    now, before = summary(first_day, last_day), summary(before_first, before_last)
    return Trend(pair, now[0], now[1], before[0], before[1])


# -- rendering ----------------------------------------------------------------------------------

def _event_line(row: MergedEventRow) -> str:
    from tidings.render import cameo_name

    what = cameo_name(row.cameo) or row.plover or row.cameo
    many = (row.mentions or 1) > 1
    told = f", told {row.mentions} times by {_count(row.outlets or 1, 'outlet')}" if many else ""
    who = f"{row.source_label() or '?'} → {row.target_name or '?'}"
    return f"{row.date or 'undated'} · {who}: {what.lower()} (CAMEO {row.cameo}{told})"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def to_markdown(brief: Briefing) -> str:
    """The briefing as Markdown: headings, lists, quotes and links to each source.

    Every stored value (titles, sentences, quotes, names, keys) is written as text: Markdown and
    HTML syntax in it is escaped, and only http(s) URLs become links (`_text`, `_link`, `_code`).
    """
    lines = [f"# Briefing {brief.first_day} to {brief.last_day} ({_text(brief.scope)})", "",
             f"{_count(brief.articles, 'article')} from {_count(brief.outlets, 'outlet')}.", ""]
    lines += ["## Top stories", ""]
    if not brief.stories:
        lines.append("No story was reported by more than one article.")
    for number, story in enumerate(brief.stories, start=1):
        outlets = _text(", ".join(story.outlets))
        lines.append(f"{number}. **{_text(story.title or story.id)}**: {story.size} articles from "
                     f"{_count(len(story.outlets), 'outlet')} ({outlets}), first seen "
                     f"{_text((story.first_seen or '?')[:10])}")
    lines += ["", "## Events by dyad", ""]
    if not brief.dyads:
        lines.append("No event between two actors in this period.")
    for name, rows in brief.dyads:
        lines += [f"### {_text(name)}", ""]
        for row in rows:
            source = _link(row.title or row.article_id, row.url)
            lines += [f"- {_text(_event_line(row))}", f"  “{_text(row.sentence)}” {source}, "
                      f"event {_code(row.key)}"]
        lines.append("")
    lines += ["## Quotes", ""]
    if not brief.quotes:
        lines += ["No quote in this period.", ""]
    for quote_row in brief.quotes:
        code = f" ({quote_row.speaker_cameo})" if quote_row.speaker_cameo else ""
        who = _text(f"{quote_row.speaker_name}{code}")
        where = _text(quote_row.title or quote_row.article_id)
        if quote_row.kind == "indirect":  # reported speech reads with its verb: "Biden stressed ..."
            said = _text(quote_row.cue or "said")
            lines += [f"> {who} {said}: {_text(quote_row.text)}", f"> — {where}", ""]
        else:
            lines += [f"> “{_text(quote_row.text)}”", f"> — {who}, {where}", ""]
    lines += ["## Trends", ""]
    if brief.trends:
        lines += ["| dyad | events | mean Goldstein | period before | direction |", "|---|---|---|---|---|"]
        for trend in brief.trends:
            lines.append(f"| {_text(trend.dyad[0])} and {_text(trend.dyad[1])} | {trend.events} | "
                         f"{_number(trend.goldstein)} | {trend.before_events} events, "
                         f"{_number(trend.before_goldstein)} | {trend.direction} |")
    else:
        lines.append("No dyad to follow.")
    return "\n".join(lines).rstrip() + "\n"


# Characters that start Markdown inline syntax (CommonMark emphasis, code, links, images, escapes;
# GFM tables and strikethrough; a heading's closing #). A backslash before any ASCII punctuation
# makes it literal in CommonMark, and the original Markdown honours it for these too.
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_\[\]|~#])")
# HTML's own: Markdown passes raw HTML and entity references through, so these become entities,
# which every Markdown flavour shows as the characters themselves.
_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_SYNTAX = re.compile("[&<>]")
# C0 and C1 control characters (and DEL): terminal escape sequences, never text in a news item.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _text(value: object) -> str:
    """Stored text as Markdown that reads as that text: on one line, syntax and HTML escaped.

    One line because every value is written after a line's prefix ("- ", "> ", "| "): a newline
    in a title could otherwise start a block of its own (raw HTML, a heading, a list).
    """
    text = _HTML_SYNTAX.sub(lambda found: _HTML_ENTITIES[found.group()], _one_line(value))
    return _MARKDOWN_SYNTAX.sub(r"\\\1", text)


def _link(text: object, url: object) -> str:
    """`text` linked to `url` when it is an http(s) URL with a host; else the text alone, because
    javascript:, data: and the like run or show content instead of leading to the source."""
    destination = url.strip() if isinstance(url, str) else ""
    try:
        parts = urlsplit(destination)
    except ValueError:  # "http://[oops": not a URL a reader could follow either
        return _text(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return _text(text)
    # Percent-encoded: spaces, parentheses, brackets, angle brackets and quotes would end the
    # destination or the link; the characters URLs are made of stay as they are.
    return f"[{_text(text)}]({quote(destination, safe='!#$%&*+,/:;=?@~', errors='replace')})"


def _code(value: object) -> str:
    """A code span of `value` (CommonMark: fenced by more backticks than it holds in a row)."""
    text = _one_line(value)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}" if "`" in text else f"{fence}{text}{fence}"


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}"


def _one_line(text: object) -> str:
    """Text on one line, whitespace runs as one space, control characters dropped."""
    return " ".join(_CONTROL.sub(" ", "" if text is None else str(text)).split())


def to_html(brief: Briefing) -> str:
    """The briefing as a standalone HTML page (escaped; one link per source)."""
    from jinja2 import Environment

    env = Environment(autoescape=True)
    return env.from_string(_HTML).render(**template_context(brief))


class BriefContext(TypedDict):
    """What BODY_TEMPLATE needs: the briefing and its two formatting helpers."""

    brief: Briefing
    event_line: Callable[[MergedEventRow], str]
    number: Callable[[float | None], str]


def template_context(brief: Briefing) -> BriefContext:
    """What BODY_TEMPLATE needs: the briefing and its two formatting helpers."""
    return {"brief": brief, "event_line": _event_line, "number": _number}


# The briefing's body, shared by the standalone page and the web app's /brief page.
BODY_TEMPLATE = """<h1>Briefing {{ brief.first_day }} to {{ brief.last_day }} ({{ brief.scope }})</h1>
<p class="muted">{{ brief.articles }} articles from {{ brief.outlets }} outlets.</p>
<h2>Top stories</h2><ol>
{% for s in brief.stories %}<li><strong>{{ s.title or s.id }}</strong>: {{ s.size }} articles from
{{ s.outlets | length }} outlets ({{ s.outlets | join(", ") }})</li>
{% else %}<li>No story was reported by more than one article.</li>{% endfor %}</ol>
<h2>Events by dyad</h2>
{% for name, rows in brief.dyads %}<h3>{{ name }}</h3><ul>
{% for r in rows %}<li>{{ event_line(r) }}<blockquote>{{ r.sentence or "" }}</blockquote>
<a href="/events/{{ r.key | urlencode }}">event {{ r.key }}</a>{% if r.url and
r.url.startswith(("http://", "https://")) %} · <a href="{{ r.url }}">
{{ r.title or r.article_id }}</a>{% endif %}</li>{% endfor %}</ul>
{% else %}<p>No event between two actors in this period.</p>{% endfor %}
<h2>Quotes</h2>
{% for q in brief.quotes %}<blockquote>{% if q.kind == "indirect" %}{{ q.speaker_name }}
{{ q.cue or "said" }}: {{ q.text }}{% else %}“{{ q.text }}”<br>— {{ q.speaker_name }}{% endif %}
{%- if q.speaker_cameo %} ({{ q.speaker_cameo }}){% endif %}, {{ q.title or q.article_id }}</blockquote>
{% else %}<p>No quote in this period.</p>{% endfor %}
<h2>Trends</h2><table><tr><th>dyad</th><th>events</th><th>mean Goldstein</th><th>period before</th>
<th>direction</th></tr>
{% for t in brief.trends %}<tr><td>{{ t.dyad[0] }} and {{ t.dyad[1] }}</td><td>{{ t.events }}</td>
<td>{{ number(t.goldstein) }}</td><td>{{ t.before_events }} events, {{ number(t.before_goldstein) }}</td>
<td>{{ t.direction }}</td></tr>{% endfor %}</table>
"""

_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Briefing {{ brief.first_day }} to {{ brief.last_day }}</title>
<style>body{font-family:sans-serif;max-width:52rem;margin:2rem auto;line-height:1.45}
blockquote{color:#333;border-left:3px solid #ccc;margin:.3rem 0;padding-left:.7rem}.muted{color:#666}</style>
</head><body>
""" + BODY_TEMPLATE + """</body></html>
"""


def to_speech(brief: Briefing) -> str:
    """The briefing as sentences to be read aloud: no links, codes or tables.

    Plain text for espeak-ng, which is not told to read markup (no -m), so tags in a title are
    read as written; stored values are put on one line without control characters.
    """
    parts = [f"Briefing from {brief.first_day:%B %d} to {brief.last_day:%B %d, %Y}. "
             f"{brief.articles} articles from {brief.outlets} outlets."]
    if brief.stories:
        parts.append("Top stories.")
        parts += [f"{_one_line(story.title) or 'Untitled'}, reported by {len(story.outlets)} outlets."
                  for story in brief.stories[:5]]
    for name, rows in brief.dyads[:3]:
        parts.append(f"Between {_one_line(name.replace(' → ', ' and '))}:")
        parts += [f"{_one_line(row.sentence)}" for row in rows[:2]]
    if brief.quotes:
        first = brief.quotes[0]
        parts.append(f"{_one_line(first.speaker_name)} said: {_one_line(first.text)}")
    for trend in brief.trends:
        parts.append(f"Relations between {_one_line(trend.dyad[0])} and {_one_line(trend.dyad[1])}: "
                     f"{trend.events} events, {trend.direction}.")
    return "\n".join(parts) + "\n"


def speak(text: str, out: Path, *, voice: str = "en-us", words_per_minute: int = 165) -> None:
    """Write `text` read aloud to the WAV file `out` with espeak-ng; BriefError when espeak-ng is
    missing or fails."""
    program = shutil.which("espeak-ng")
    if program is None:
        raise BriefError("--audio needs espeak-ng, which is not installed: install Debian's package "
                         "(apt-get install espeak-ng), or leave out --audio")
    done = subprocess.run([program, "-v", voice, "-s", str(words_per_minute), "-w", str(out), "--stdin"],
                          input=text, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0 or not out.is_file():
        raise BriefError(f"espeak-ng could not write {out}: {done.stderr.strip() or done.returncode}")
