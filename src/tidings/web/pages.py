"""The HTML pages: Jinja2 templates held as strings (no package data needed), autoescape on.

Everything shown comes from the store, and article text and quotes come from the web, so every
value is escaped; no template marks anything safe. No external assets (no CDN).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict, TypeVar, cast

from jinja2 import DictLoader, Environment

from tidings.brief import BODY_TEMPLATE
from tidings.records import Json
from tidings.rows import LearnedRole
from tidings.web.list_pages import LIST_TEMPLATES

_Item = TypeVar("_Item")

_BASE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}tidings{% endblock %} · tidings</title>
<link rel="icon" href="data:,">
<style>
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 1rem auto; padding: 0 1rem;
       line-height: 1.45; color: #222; }
nav a { margin-right: 1rem; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #ddd; vertical-align: top; }
.text { white-space: pre-wrap; }
.muted { color: #666; }
.evidence { background: #edf2ff; }
a.actor { color: inherit; text-decoration: none; border-bottom: 2px solid #74c0fc; }
:target { background: #ffef9f; }
form input { margin-right: .5rem; }
.date, .count { white-space: nowrap; }
nav { line-height: 2; }
</style>
{% block head %}{% endblock %}
</head>
<body>
<nav><a href="/">Overview</a><a href="/events">Events</a><a href="/actors">Actors</a>
<a href="/articles">Articles</a><a href="/stories">Stories</a><a href="/quotes">Quotes</a>
<a href="/timeline">Timeline</a><a href="/network">Network</a><a href="/map">Map</a>
<a href="/brief">Briefing</a><a href="/alerts">Alerts</a><a href="/api/docs">API</a></nav>
<main>
{% block main %}{% endblock %}
</main>
</body>
</html>
"""

_EVENT_ROWS = """<table>
<thead><tr><th>date</th><th>source</th><th>event</th><th>target</th><th>article</th></tr></thead>
<tbody>
{% for e in events %}
<tr>
<td class="date">{{ e.date or "" }}</td>
<td>{% if e.source_name %}<a href="/actors/{{ e.source_name | urlencode }}">{{ e.source_name }}</a>
    <span class="muted">{{ e.source_cameo or "" }}</span>{% elif e.source is none %}
    <span class="muted">{{ e.source_label() }}</span>{% endif %}</td>
<td><a href="/events/{{ e.key | urlencode }}">{{ e.cameo }} {{ e.plover or "" }}</a>
    <span class="muted">{{ e.trigger or "" }}</span></td>
<td>{% if e.target_name %}<a href="/actors/{{ e.target_name | urlencode }}">{{ e.target_name }}</a>
    <span class="muted">{{ e.target_cameo or "" }}</span>{% endif %}</td>
<td><a href="/articles/{{ e.article_id | urlencode }}">{{ e.title or e.article_id }}</a>
{%- if e.mentions and e.mentions > 1 %}
    <span class="muted">and {{ e.mentions - 1 }} more telling{{ "s" if e.mentions > 2 else "" }}
    ({{ e.articles }} article{{ "s" if e.articles != 1 else "" }}, {{ e.outlets }}
    outlet{{ "s" if e.outlets != 1 else "" }})</span>{% endif %}</td>
</tr>
{% else %}
<tr><td colspan="5" class="muted">No events.</td></tr>
{% endfor %}
</tbody>
</table>
"""

_QUOTE_ROWS = """<table>
<thead><tr><th>speaker</th><th>quote</th><th>article</th></tr></thead>
<tbody>
{% for q in quotes %}
<tr>
<td>{% if q.speaker_name %}<a href="/actors/{{ q.speaker_name | urlencode }}">{{ q.speaker_name }}</a>
{% endif %}</td>
<td>{{ q.text }}</td>
<td><a href="/articles/{{ q.article_id | urlencode }}
{%- if q.span_start is not none %}#s-{{ q.span_start }}{% endif %}">
{{ q.title or q.article_id }}</a> <span class="muted date">{{ (q.published or "")[:10] }}</span></td>
</tr>
{% else %}
<tr><td colspan="3" class="muted">No quotes.</td></tr>
{% endfor %}
</tbody>
</table>
"""

_INDEX = """{% extends "base.html" %}
{% block title %}Overview{% endblock %}
{% block main %}
<h1>tidings</h1>
<p id="counts">{% for name, n in counts.items() %}
<a href="/{{ name }}">{{ name }}</a>: <strong>{{ n }}</strong>
{%- if name == "events" and tellings != n %} <span class="muted">(told {{ tellings }} times)</span>{% endif %}
{%- if not loop.last %} · {% endif %}
{% endfor %}</p>
<h2>Latest events</h2>
{% include "event_rows.html" %}
{% endblock %}
"""

_EVENTS = """{% extends "base.html" %}
{% block title %}Events{% endblock %}
{% block main %}
<h1>Events</h1>
<form method="get" action="/events">
{% for name in ("country", "source", "target", "root") %}
<label>{{ name }} <input name="{{ name }}" value="{{ filters[name] or "" }}" size="8"></label>
{% endfor %}
<button type="submit">Filter</button>
</form>
{% if error %}<p class="muted">{{ error }}</p>{% endif %}
{% include "count.html" %}
{% include "event_rows.html" %}
{% include "paging.html" %}
{% endblock %}
"""

_EVENT = """{% extends "base.html" %}
{% block title %}Event {{ event.key }}{% endblock %}
{% block main %}
<h1>{{ event.source_label() or "?" }} → {{ event.cameo }} {{ event.plover or "" }}
→ {{ event.target_name or "?" }}</h1>
<blockquote>{{ event.sentence or "" }}</blockquote>
<p class="muted">{{ event.marked }}</p>
<table>
{% for name in ("key", "date", "date_text", "modality", "trigger", "quad_class", "goldstein", "confidence",
                "coder") %}
<tr><th>{{ name }}</th><td>{{ event[name] if event[name] is not none else "" }}</td></tr>
{% endfor %}
</table>
<p><a href="/articles/{{ event.article_id | urlencode }}
{%- if anchor is not none %}#s-{{ anchor }}{% endif %}">
Read it in the article: {{ event.title or event.article_id }}</a></p>
{% if tellings | length > 1 %}
<h2>Told {{ tellings | length }} times</h2>
<table id="tellings">
<thead><tr><th>mention</th><th>outlet</th><th>published</th><th>sentence</th><th>merged because</th>
</tr></thead>
<tbody>
{% for t in tellings %}
<tr><td><a href="/events/{{ t.key | urlencode }}">{{ t.key }}</a></td><td>{{ t.outlet or "" }}</td>
<td>{{ (t.published or "")[:10] }}</td>
<td><a href="/articles/{{ t.article_id | urlencode }}
{%- if t.span_start is not none %}#s-{{ t.span_start }}{% endif %}">{{ t.sentence or "" }}</a></td>
<td>{% if t.score is not none %}{{ "%.2f" | format(t.score) }} with {{ t.anchor }}: {% endif %}
{{- t.reason or "" }}</td></tr>
{% endfor %}
</tbody></table>
{% endif %}
{% endblock %}
"""

_BRIEF = """{% extends "base.html" %}
{% block title %}Briefing{% endblock %}
{% block main %}
<form method="get" action="/brief">
<label>since <input name="since" value="{{ since }}" size="10"></label>
<label>until <input name="until" value="{{ until or "" }}" size="10"></label>
<label>dyad <input name="dyad" value="{{ dyad or "" }}" size="9" placeholder="USA,CHN"></label>
<button type="submit">Brief me</button>
</form>
{% if error %}<p class="muted">{{ error }}</p>{% else %}{% include "brief_body.html" %}{% endif %}
{% endblock %}
"""

_ALERTS = """{% extends "base.html" %}
{% block title %}Alerts{% endblock %}
{% block main %}
<h1>Alerts</h1>
<p class="muted">What the rules of <code>tidings watch</code> fired, latest first.</p>
<table id="alerts">
<thead><tr><th>fired</th><th>rule</th><th>what</th><th>evidence</th></tr></thead>
<tbody>
{% for a in alerts %}
<tr><td>{{ (a.fired_at or "")[:16] }}</td><td>{{ a.rule }}</td>
<td>{{ a.message }}{% if a.mentions and a.mentions > 1 %} <span class="muted">(told {{ a.mentions }} times by
{{ a.outlets }} outlets)</span>{% endif %}</td>
<td>{% if a.sentence %}<blockquote>{{ a.sentence }}</blockquote>{% endif %}
{%- if a.kind == "event" %}<a href="/events/{{ a.key | urlencode }}">event</a> · {% endif %}
{%- if a.article_id %}<a href="/articles/{{ a.article_id | urlencode }}">{{ a.title or a.article_id }}</a>
{%- endif %}
{%- if a.url and a.url.startswith(("http://", "https://")) %} · <a href="{{ a.url }}">source</a>
{%- endif %}</td></tr>
{% else %}
<tr><td colspan="4" class="muted">No alert has fired. Rules go in the watch configuration
([[alerts]]).</td></tr>
{% endfor %}
</tbody></table>
{% endblock %}
"""

_QUOTES = """{% extends "base.html" %}
{% block title %}Quotes{% endblock %}
{% block main %}
<h1>Quotes</h1>
<form method="get" action="/quotes"><input name="q" value="{{ q or "" }}" size="30">
<label>speaker <input name="speaker" value="{{ speaker or "" }}" size="16"></label>
<button type="submit">Search</button></form>
{% include "count.html" %}
{% include "quote_rows.html" %}
{% include "paging.html" %}
{% endblock %}
"""

_ACTOR = """{% extends "base.html" %}
{% block title %}{{ actor.name }}{% endblock %}
{% block main %}
<h1>{{ actor.name }}</h1>
<p class="muted">{{ actor.kind }}{% for c in actor.codes %} · {{ c.cameo or c.country or "" }}{% endfor %}
 · {{ actor.mentions }} mentions in {{ actor.articles_total }} articles</p>
{% if actor.roles %}<h2>Roles over time</h2>
<table><thead><tr><th>published</th><th>role</th><th>code</th><th>articles</th></tr></thead><tbody>
{% for r in roles %}
<tr><td class="date">{{ r.first or "undated" }}{% if r.last != r.first %} – {{ r.last }}{% endif %}</td>
{{- "" }}<td>{{ r.role }}</td>
<td>{{ r.code }}</td>
<td>{% for a in r.articles %}<a href="/articles/{{ a | urlencode }}">{{ loop.index }}</a>
{% endfor %}</td></tr>
{% endfor %}</tbody></table>{% endif %}
<h2>Events</h2>
<p class="count muted">{{ events | length }} shown, the latest first; in all {{ as_source }} as source
and {{ as_target }} as target{% if cut %}: see them all as
<a href="/events?source={{ actor.name | urlencode }}">source</a> and
<a href="/events?target={{ actor.name | urlencode }}">target</a>{% endif %}</p>
{% include "event_rows.html" %}
<h2>Quotes</h2>
<p class="count muted">{{ quotes | length }} of {{ quotes_total }} quotes{% if cut %}:
<a href="/quotes?speaker={{ actor.name | urlencode }}">see them all</a>{% endif %}</p>
{% include "quote_rows.html" %}
{% endblock %}
"""

_ARTICLE = """{% extends "base.html" %}
{% block title %}{{ article.title or article.id }}{% endblock %}
{% block main %}
<h1>{{ article.title or article.id }}</h1>
<p class="muted">{{ article.published or "undated" }}{% if article.source %} · {{ article.source }}{% endif %}
{% if article.url and article.url.startswith(("http://", "https://")) %} · <a href="{{ article.url }}"
 rel="noopener noreferrer">original</a>{% endif %}</p>
<div class="text">{% for piece in pieces %}{% if piece.anchor is not none -%}
<span id="s-{{ piece.anchor }}" class="evidence">{% include "parts.html" %}</span>
{%- else %}{% include "parts.html" %}{% endif %}{% endfor %}</div>
<h2>Events</h2>
{% include "event_rows.html" %}
<h2>Quotes</h2>
{% include "quote_rows.html" %}
{% endblock %}
"""

_TIMELINE = """{% extends "base.html" %}
{% block title %}Timeline {{ source }}–{{ target }}{% endblock %}
{% block head %}<link rel="stylesheet" href="/static/vendor/uplot/uPlot.min.css">
<script src="/static/vendor/uplot/uPlot.iife.min.js"></script>{% endblock %}
{% block main %}
<h1>Timeline</h1>
<form method="get" action="/timeline">
<label>source <input name="source" value="{{ source }}" size="8"></label>
<label>target <input name="target" value="{{ target }}" size="8"></label>
<label>by <select name="by">{% for b in ("day", "week", "month") %}
<option{% if b == by %} selected{% endif %}>{{ b }}</option>{% endfor %}</select></label>
<label><input type="checkbox" name="normalise" value="true"{% if normalise %} checked{% endif %}>
per 100 articles</label>
<button type="submit">Show</button></form>
<p class="muted">Events from {{ source }} to {{ target }} per {{ by }}{% if normalise %}, per 100
articles published in it (as GDELT's volume timelines normalise; a {{ by }} in which no article
was published has no rate and stays blank){% endif %}, stacked by QuadClass
(1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict), with the
mean Goldstein score on the right axis. An event without a date of its own counts at its
article's date; a {{ by }} without events is drawn as zero.</p>
<div id="timeline" data-source="{{ source }}" data-target="{{ target }}" data-by="{{ by }}"
 data-normalise="{{ "true" if normalise else "false" }}"></div>
<p id="timeline-note" class="muted"></p>
<p id="timeline-empty" class="muted" hidden>No event from {{ source }} to {{ target }} has a date,
of its own or its article's, to place it per {{ by }}<span id="timeline-undated"></span>.
<a href="/events?source={{ source | urlencode }}&amp;target={{ target | urlencode }}">List the
events of this pair</a>, or try it the other way round.</p>
<script src="/static/timeline.js"></script>
{% endblock %}
"""

_NETWORK = """{% extends "base.html" %}
{% block title %}Actor network{% endblock %}
{% block head %}<script src="/static/vendor/vis-network/vis-network.min.js"></script>{% endblock %}
{% block main %}
<h1>Actor network</h1>
<p class="muted">Who acts on whom: an arrow per actor pair, thicker with more events. Click an
actor to open its page.</p>
<div id="network" style="height: 44rem; border: 1px solid #ddd"></div>
<script src="/static/network.js"></script>
{% endblock %}
"""

_MAP = """{% extends "base.html" %}
{% block title %}Map of events{% endblock %}
{% block head %}<link rel="stylesheet" href="/static/vendor/leaflet/leaflet.css">
<script src="/static/vendor/leaflet/leaflet.js"></script>
<script src="/static/vendor/topojson-client/topojson-client.min.js"></script>{% endblock %}
{% block main %}
<h1>Map of events</h1>
<p class="muted">Events by the place they happened (country outlines from Natural Earth; no map
tiles, so it works offline). Circle size grows with the number of events.</p>
<div id="map" style="height: 32rem; background: #eef3f7"></div>
<script src="/static/map.js"></script>
{% endblock %}
"""

_PARTS = """{% for part in piece.parts %}{% if part.actor -%}
<a class="actor" href="/actors/{{ part.actor | urlencode }}" title="{{ part.actor }}">{{ part.text }}</a>
{%- else %}{{ part.text }}{% endif %}{% endfor %}"""

_PAGING = """<p>{% if previous %}<a href="{{ previous }}">previous</a>{% endif %}
{% if next %}<a href="{{ next }}">next</a>{% endif %}</p>"""

TEMPLATES = {
    "paging.html": _PAGING,
    "parts.html": _PARTS,
    "base.html": _BASE,
    "event_rows.html": _EVENT_ROWS,
    "quote_rows.html": _QUOTE_ROWS,
    "index.html": _INDEX,
    "events.html": _EVENTS,
    "event.html": _EVENT,
    "brief.html": _BRIEF,
    "alerts.html": _ALERTS,
    "brief_body.html": BODY_TEMPLATE,
    "quotes.html": _QUOTES,
    "actor.html": _ACTOR,
    "article.html": _ARTICLE,
    "timeline.html": _TIMELINE,
    "network.html": _NETWORK,
    "map.html": _MAP,
    **LIST_TEMPLATES,
}


def environment() -> Environment:
    """The Jinja2 environment with every page template; autoescape is on for all of them.

    Templates sort with `latest_first`, never Jinja's `sort`: store values are often missing
    (None), and None does not compare with a string."""
    env = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    env.filters["latest_first"] = latest_first
    return env


def _value(item: object, name: str) -> object:
    return item.get(name) if isinstance(item, Mapping) else getattr(item, name, None)


def latest_first(items: Iterable[_Item], name: str) -> list[_Item]:
    """The items by their value `name` (a key or attribute), greatest first, those without one
    (None or missing) last in their given order; values of one kind (ISO dates, numbers)."""
    items = list(items)
    known = [item for item in items if _value(item, name) is not None]
    known.sort(key=lambda item: cast("Any", _value(item, name)), reverse=True)
    return known + [item for item in items if _value(item, name) is None]


def render(env: Environment, name: str, **context: object) -> str:
    return env.get_template(name).render(**context)


class Part(TypedDict):
    """A stretch of an article piece; `actor` is the name of the actor it mentions, if any."""

    text: str
    actor: str | None


class Piece(TypedDict):
    """A stretch of the article text; `anchor` is the offset it starts at when an event or quote
    starts there (the page's `s-<offset>` id); `parts` split it at actor mentions (with_mentions)."""

    anchor: int | None
    text: str
    parts: NotRequired[list[Part]]


def anchored_pieces(text: str, offsets: set[int]) -> list[Piece]:
    """The text cut at each offset, each piece after a cut carrying it as its anchor.

    Offsets outside the text are ignored; the template gives each anchor an id `s-<offset>`.
    """
    cuts = sorted(offset for offset in offsets if 0 <= offset <= len(text))
    pieces: list[Piece] = []
    at = 0
    anchor: int | None = None
    for cut in cuts:
        if cut > at or anchor is not None:
            pieces.append({"anchor": anchor, "text": text[at:cut]})
        anchor, at = cut, cut
    pieces.append({"anchor": anchor, "text": text[at:]})
    return pieces


def with_mentions(pieces: list[Piece], mentions: list[tuple[int, int, str]]) -> list[Piece]:
    """Each piece split into parts, the parts inside an actor mention (start, end, actor name)
    carrying the actor's name, so the page can mark who is named where."""
    at = 0
    for piece in pieces:
        start, end = at, at + len(piece["text"])
        cuts = sorted({start, end, *(edge for first, last, _ in mentions for edge in (first, last)
                                     if start < edge < end)})
        parts: list[Part] = []
        for first, last in zip(cuts, cuts[1:], strict=False):
            named = next((name for m_first, m_last, name in mentions
                          if m_first <= first and last <= m_last), None)
            parts.append({"text": piece["text"][first - start:last - start], "actor": named})
        piece["parts"] = parts or [{"text": piece["text"], "actor": None}]
        at = end
    return pieces


@dataclass(frozen=True, slots=True)
class SaidHere:
    """A quote of the article's analysis as the quote table shows it; the article's own page has
    no speaker name, title or date to add."""

    article_id: str
    text: str
    span_start: int | None
    speaker_name: None = None
    title: None = None
    published: None = None


def _entries(analysis: Mapping[str, Json], name: str) -> list[dict[str, Json]]:
    """The objects of the analysis array `name` (none when it is missing)."""
    found = analysis.get(name)
    return [entry for entry in found if isinstance(entry, dict)] if isinstance(found, list) else []


def analysis_quotes(article_id: str, analysis: Mapping[str, Json]) -> list[SaidHere]:
    """The analysis's quotes, in its order, as the quote table shows them."""
    said = []
    for quote in _entries(analysis, "quotes"):
        span = quote.get("span")
        start = span[0] if isinstance(span, list) and span else None
        said.append(SaidHere(article_id, str(quote.get("text", "")),
                             start if isinstance(start, int) else None))
    return said


def analysis_mentions(analysis: Mapping[str, Json]) -> list[tuple[int, int, str]]:
    """(start, end, actor name) of each mention of an actor that is not a place."""
    mentions = []
    for actor in _entries(analysis, "actors"):
        name = actor.get("name")
        if actor.get("kind") == "location" or not isinstance(name, str):
            continue
        for mention in _entries(actor, "mentions"):
            start, end = mention.get("start"), mention.get("end")
            if isinstance(start, int) and isinstance(end, int):
                mentions.append((start, end, name))
    return mentions


@dataclass(frozen=True, slots=True)
class RolePeriod:
    """One role of an actor as its page shows it: the dates (YYYY-MM-DD) of the first and last
    article stating it (None when none is dated), its code, and those articles, latest first."""

    role: str
    code: str
    first: str | None
    last: str | None
    articles: tuple[str, ...]


def role_periods(roles: Iterable[LearnedRole]) -> list[RolePeriod]:
    """The actor's learned roles, one per role and code whatever its capitals ("President" and
    "president" are one role), the most recently stated first and undated ones last."""
    grouped: dict[tuple[str, str], list[LearnedRole]] = {}
    for role in roles:
        code = (role.country or "") + (role.sector or "")
        grouped.setdefault((role.role.casefold(), code), []).append(role)
    periods = []
    for (_, code), stated in grouped.items():
        days = sorted(role.published[:10] for role in stated if role.published)
        spelling = Counter(role.role for role in stated).most_common(1)[0][0]
        latest = latest_first(stated, "published")
        periods.append(RolePeriod(spelling, code, days[0] if days else None, days[-1] if days else None,
                                  tuple(dict.fromkeys(role.article_id for role in latest))))
    return latest_first(periods, "last")
