"""Templates of the list pages (actors, articles, stories), their "N–M of T" line and the error
page; web/pages.py adds them to its TEMPLATES, escaped like every other page."""

from __future__ import annotations

# "1–50 of 216 actors": what the page shows of how many in all (site.py's _shown).
_COUNT = """<p class="count muted">{% if rows %}{{ first }}–{{ last }}{% else %}0{% endif %}
 of {% if exact is defined and not exact %}about {% endif %}{{ total }} {{ noun }}</p>"""

_ACTORS = """{% extends "base.html" %}
{% block title %}Actors{% endblock %}
{% block main %}
<h1>Actors</h1>
<form method="get" action="/actors">
<label>country <input name="country" value="{{ filters.country or "" }}" size="5"></label>
<label>sector <input name="sector" value="{{ filters.sector or "" }}" size="5"></label>
<label>name <input name="search" value="{{ filters.search or "" }}" size="16"></label>
<button type="submit">Filter</button>
</form>
{% include "count.html" %}
<table id="actors">
<thead><tr><th>name</th><th>kind</th><th>code</th><th>articles</th><th>mentions</th><th>first</th>
<th>last</th></tr></thead>
<tbody>
{% for a in rows %}
<tr><td><a href="/actors/{{ a.name | urlencode }}">{{ a.name }}</a></td><td>{{ a.kind }}</td>
<td>{{ a.cameo or "" }}</td><td>{{ a.articles }}</td><td>{{ a.mentions }}</td>
<td class="date">{{ (a.first_published or "")[:10] }}</td>
<td class="date">{{ (a.last_published or "")[:10] }}</td></tr>
{% else %}
<tr><td colspan="7" class="muted">No actors.</td></tr>
{% endfor %}
</tbody></table>
{% include "paging.html" %}
{% endblock %}
"""

_ARTICLES = """{% extends "base.html" %}
{% block title %}Articles{% endblock %}
{% block main %}
<h1>Articles</h1>
<form method="get" action="/articles">
<label>outlet <input name="source" value="{{ filters.source or "" }}" size="12"></label>
<label>since <input name="since" value="{{ filters.since or "" }}" size="10"></label>
<label>until <input name="until" value="{{ filters.until or "" }}" size="10"></label>
<label>words <input name="search" value="{{ filters.search or "" }}" size="16"></label>
<button type="submit">Filter</button>
</form>
{% include "count.html" %}
<table id="articles">
<thead><tr><th>published</th><th>title</th><th>outlet</th><th>words</th></tr></thead>
<tbody>
{% for a in rows %}
<tr><td class="date">{{ (a.published or "undated")[:10] }}</td>
<td><a href="/articles/{{ a.id | urlencode }}">{{ a.title or a.id }}</a></td>
<td>{{ a.source or "" }}</td><td>{{ a.words }}</td></tr>
{% else %}
<tr><td colspan="4" class="muted">No articles.</td></tr>
{% endfor %}
</tbody></table>
{% include "paging.html" %}
{% endblock %}
"""

_STORIES = """{% extends "base.html" %}
{% block title %}Stories{% endblock %}
{% block main %}
<h1>Stories</h1>
<p class="muted">Articles that report the same happening, grouped by the events their ledes tell
and the words they share; latest first.</p>
<form method="get" action="/stories">
<label>since <input name="since" value="{{ since }}" size="10"></label>
<label>until <input name="until" value="{{ until }}" size="10"></label>
<button type="submit">Show</button>
</form>
{% include "count.html" %}
<table id="stories">
<thead><tr><th>first seen</th><th>story</th><th>articles</th><th>outlets</th><th>events told by several</th>
</tr></thead>
<tbody>
{% for s in rows %}
<tr><td class="date">{{ (s.first_seen or "undated")[:10] }}</td>
<td><a href="/articles/{{ s.id | urlencode }}">{{ s.title or s.id }}</a>
{%- if s.size > 1 %}<br><span class="muted">also
{% for a in s.articles[1:] %}<a href="/articles/{{ a | urlencode }}">{{ loop.index + 1 }}</a>
{% endfor %}</span>{% endif %}</td>
<td>{{ s.size }}</td><td>{{ s.outlets | join(", ") }}</td>
<td>{% for e in s.events %}<a href="/events/{{ e | urlencode }}">{{ loop.index }}</a> {% endfor %}</td></tr>
{% else %}
<tr><td colspan="5" class="muted">No stories.</td></tr>
{% endfor %}
</tbody></table>
{% include "paging.html" %}
{% endblock %}
"""

_ERROR = """{% extends "base.html" %}
{% block title %}{{ status }} {{ title }}{% endblock %}
{% block main %}
<h1>{{ title }}</h1>
<p id="error">{{ detail }}</p>
<p class="muted">Error {{ status }}. The <a href="/">overview</a> links to every list.</p>
{% endblock %}
"""

LIST_TEMPLATES = {
    "count.html": _COUNT,
    "actors.html": _ACTORS,
    "articles.html": _ARTICLES,
    "stories.html": _STORIES,
    "error.html": _ERROR,
}
