"""Stories: the articles that report the same happening, grouped by what they say and when.

Two articles are one story when they were published within WINDOW_DAYS of each other and either
their ledes (the first LEDE_CHARS characters, where news states its main event) tell one merged
event (tidings.events.merge), or their words are alike: the cosine of their TF-IDF vectors
(content words of title and text, weighted by how rare each word is among the articles grouped)
reaches `similarity`. Stories are the connected groups of such pairs. On the project's stories
set (BENCHMARKS.md) a shared lede event alone gave pairwise precision 0.90 and recall 0.86; words
alone at 0.3 gave 0.62 and 0.88, since look-alike events share most of their words.
Near-duplicate copies never get here: they are linked to their first copy at ingest and not
stored as articles of their own.

Pure: `group_stories` takes the articles and returns the stories; `stories_between` asks the
store for the texts (Store.story_articles) and groups them.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tidings.records import Json
    from tidings.store import Store

# Articles farther apart than this are never one story.
WINDOW_DAYS = 3
# Cosine of TF-IDF vectors at or above which two articles are one story without a shared event.
SIMILARITY = 0.5
# The opening of an article whose events count as its main events.
LEDE_CHARS = 200

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Words too common in news to say what a story is about (data/story_stop_words.txt)."""
    text = resources.files("tidings.data").joinpath("story_stop_words.txt").read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() if not line.startswith("#") for word in line.split())


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """What grouping needs of one stored article."""

    id: str
    title: str | None
    text: str
    published: str | None
    outlet: str | None
    events: frozenset[str] = frozenset()  # canonical keys of the merged events its lede tells


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one happening, earliest first."""

    id: str  # the first article's id
    title: str | None
    articles: tuple[str, ...]
    outlets: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    events: tuple[str, ...] = ()  # merged events two or more of its ledes tell

    @property
    def size(self) -> int:
        """How many articles tell the story."""
        return len(self.articles)

    def to_dict(self) -> dict[str, Json]:
        return {"id": self.id, "title": self.title, "articles": list(self.articles),
                "size": self.size, "outlets": list(self.outlets), "first_seen": self.first_seen,
                "last_seen": self.last_seen, "events": list(self.events)}


def _words(article: StoryArticle) -> Counter[str]:
    text = f"{article.title or ''}\n{article.text}".lower()
    return Counter(word for word in _WORD.findall(text) if word not in stop_words() and len(word) > 2)


def _moment(published: str | None) -> datetime | None:
    if not published:
        return None
    try:
        moment = datetime.fromisoformat(published)
    except ValueError:
        return None
    return moment.replace(tzinfo=None)


def _vectors(articles: Sequence[StoryArticle]) -> list[dict[str, float]]:
    counts = [_words(article) for article in articles]
    documents: Counter[str] = Counter(word for count in counts for word in count)
    total = len(articles)
    vectors = []
    for count in counts:
        weights = {word: (1 + math.log(n)) * math.log((1 + total) / (1 + documents[word]))
                   for word, n in count.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({word: w / norm for word, w in weights.items() if w > 0})
    return vectors


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(weight * b.get(word, 0.0) for word, weight in a.items())


def group_stories(articles: Iterable[StoryArticle], *, similarity: float = SIMILARITY,
                  window_days: int = WINDOW_DAYS) -> list[Story]:
    """The stories among `articles`, latest first seen first; an article alike to none is a
    story of its own. Deterministic: the same articles give the same stories."""
    ordered = sorted(articles, key=lambda a: (a.published or "", a.id))
    vectors = _vectors(ordered)
    moments = [_moment(article.published) for article in ordered]
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    window = timedelta(days=window_days)
    for i, first in enumerate(ordered):
        start = moments[i]
        for j in range(i + 1, len(ordered)):
            later = moments[j]
            if start is not None and later is not None and later - start > window:
                break  # sorted by publication: every later article is farther still
            if first.events & ordered[j].events or _cosine(vectors[i], vectors[j]) >= similarity:
                parent[root(j)] = root(i)
    groups: dict[int, list[StoryArticle]] = {}
    for i, article in enumerate(ordered):
        groups.setdefault(root(i), []).append(article)
    stories = [_story(members) for members in groups.values()]
    return sorted(stories, key=lambda s: (s.first_seen or "", s.id), reverse=True)


def stories_between(store: Store, *, since: str | None = None, until: str | None = None,
                    similarity: float = SIMILARITY) -> list[Story]:
    """The stored articles published in [since, until] grouped into stories, latest first.

    `since` and `until` are ISO dates, both inclusive; an empty one is no bound. Raises
    ValueError for a date that is not an ISO date."""
    articles = store.story_articles(since=since, until=until, lede_chars=LEDE_CHARS)
    return group_stories(articles, similarity=similarity)


def _story(members: list[StoryArticle]) -> Story:
    told = Counter(event for article in members for event in article.events)
    outlets = tuple(dict.fromkeys(article.outlet for article in members if article.outlet))
    published = [article.published for article in members if article.published]
    return Story(members[0].id, members[0].title, tuple(article.id for article in members), outlets,
                 min(published, default=None), max(published, default=None),
                 tuple(sorted(event for event, n in told.items() if n > 1)))
