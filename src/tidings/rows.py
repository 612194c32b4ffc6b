"""Typed rows the store returns to its readers.

The store's read methods hand back these frozen records instead of plain dicts, so mypy can follow
an event, quote or actor from the table to the JSON API, the exports and the page. Each row's
`to_dict()` gives exactly the dict the readers wrote out before (same keys, same order), so JSON
responses, CSV, JSONL, Parquet and CLI output do not change. This module imports no SQL: the web
app, the exports and the renderers import it without importing the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Literal, Protocol

from tidings.records import ActorKind, Geo, Json, Mention, Modality

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from tidings.alerts.evaluate import Alert

# --- event rows ---

EventRole = Literal["source", "target"]
MarkKind = Literal["source", "target", "trigger"]
# How readers are shown the source of an event whose text names no doer ("Gunmen killed nine
# policemen"): the act is known, who did it is not; not "?", which marks an actor not stored.
UNNAMED_SOURCE = "unnamed"


class JsonRow(Protocol):
    """What the JSON API, JSON Lines and CSV writers need of a row here: its flat dict."""

    def to_dict(self) -> dict[str, Json]: ...


def stored_geo(geo: Geo | None) -> Json:
    """A place as the store's readers always showed it: keys in the sorted order of the stored JSON
    (extra_json is written with sorted keys), so API and export bytes stay as they were."""
    if geo is None:
        return None
    stored: dict[str, Json] = {"country": geo.country, "lat": geo.lat, "lon": geo.lon, "name": geo.name}
    if geo.how is not None:  # how the event's place was chosen (places stored before it have none)
        stored["how"] = geo.how
    return dict(sorted(stored.items()))


@dataclass(frozen=True, slots=True)
class EventSide:
    """The actor at one end of a stored event: its id in the article, and the stored actor's
    name, kind and codes (all None when the event names no actor there, or a missing one)."""

    id: str | None
    name: str | None
    kind: ActorKind | None
    country: str | None
    sector: str | None
    cameo: str | None


@dataclass(frozen=True, slots=True)
class EventRow:
    """One stored event mention with its actors and article, as `Store.events` lists it.

    `key` is `<article_id>:<id>`; `canonical` the key of the real-world event it tells (its own
    key until linked). The source_* and target_* fields are the actors' (see `side`); title,
    published, url and outlet the article's; location, geo, tone, topics, quote and coder are the
    fields the store keeps in extra_json (None in rows saved before they existed). Columns are
    nullable in the table, so the typed record's fields are too.
    """

    key: str
    article_id: str
    id: str
    date: str | None
    date_precision: str | None
    date_text: str | None
    cameo: str
    root: str
    quad_class: int | None
    goldstein: float | None
    plover: str | None
    modality: Modality | None
    trigger: str | None
    sentence: str | None
    span_start: int | None
    span_end: int | None
    confidence: float | None
    source: str | None
    source_name: str | None
    source_kind: ActorKind | None
    source_country: str | None
    source_sector: str | None
    source_cameo: str | None
    target: str | None
    target_name: str | None
    target_kind: ActorKind | None
    target_country: str | None
    target_sector: str | None
    target_cameo: str | None
    title: str | None
    published: str | None
    url: str | None
    outlet: str | None
    canonical: str
    location: str | None
    geo: Geo | None
    tone: float | None
    topics: tuple[str, ...] | None
    quote: str | None
    coder: str | None

    def side(self, role: EventRole) -> EventSide:
        """The actor at the `role` end of the event."""
        if role == "source":
            return EventSide(self.source, self.source_name, self.source_kind, self.source_country,
                             self.source_sector, self.source_cameo)
        return EventSide(self.target, self.target_name, self.target_kind, self.target_country,
                         self.target_sector, self.target_cameo)

    def source_label(self) -> str | None:
        """The source's name as readers see it: UNNAMED_SOURCE when the event has no source, None
        when it names an actor the store does not hold."""
        return UNNAMED_SOURCE if self.source is None else self.source_name

    def to_dict(self) -> dict[str, Json]:
        """The flat row (it also makes a CSV row), keys in the order above."""
        return {field.name: getattr(self, field.name) for field in fields(EventRow)} | {
            "geo": stored_geo(self.geo), "topics": None if self.topics is None else list(self.topics)}


@dataclass(frozen=True, slots=True)
class MergedEventRow(EventRow):
    """A real-world event as `Store.merged_events` lists it: its first telling's row, `key` being
    the canonical key, with how many mentions, articles and outlets tell it and when it was first
    and last reported (publication times)."""

    mentions: int
    articles: int
    outlets: int
    first_report: str | None
    last_report: str | None

    def to_dict(self) -> dict[str, Json]:
        return EventRow.to_dict(self) | {
            "mentions": self.mentions, "articles": self.articles, "outlets": self.outlets,
            "first_report": self.first_report, "last_report": self.last_report}


@dataclass(frozen=True, slots=True)
class TellingRow(EventRow):
    """One telling of a real-world event (`Store.event_mentions`), with the telling it was matched
    to (`anchor`), the score and the reason it was merged (None for a mention never linked)."""

    anchor: str | None
    score: float | None
    reason: str | None

    def to_dict(self) -> dict[str, Json]:
        return EventRow.to_dict(self) | {"anchor": self.anchor, "score": self.score, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Mark:
    """A stretch of an event's sentence to highlight: its source, its target or its trigger, with
    offsets into the sentence."""

    kind: MarkKind
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class EventEvidence(EventRow):
    """One event with its evidence, as `Store.event` gives it: the `EventRow` plus where its
    sentence is in the article text (`span`, None when unknown); the source's and target's
    mentions inside the sentence, with offsets into the sentence; where the trigger is in it
    (`trigger_span`, None when not found there); `marks`, the stretches to highlight, in order
    and never overlapping; `marked`, the sentence with them in plain text; and `extra`, every
    field save_analysis kept in extra_json, as stored."""

    span: tuple[int, int] | None
    source_mentions: tuple[Mention, ...]
    target_mentions: tuple[Mention, ...]
    trigger_span: tuple[int, int] | None
    marks: tuple[Mark, ...]
    marked: str
    extra: Mapping[str, Json]

    def to_dict(self) -> dict[str, Json]:
        return EventRow.to_dict(self) | {
            "span": None if self.span is None else list(self.span),
            "source_mentions": [mention.to_dict() for mention in self.source_mentions],
            "target_mentions": [mention.to_dict() for mention in self.target_mentions],
            "trigger_span": None if self.trigger_span is None else list(self.trigger_span),
            "marks": [mark.to_dict() for mark in self.marks],
            "marked": self.marked,
            "article": {"id": self.article_id, "title": self.title, "url": self.url,
                        "published": self.published},
            "extra": dict(self.extra),
        }

# --- end of event rows ---

# --- other rows: articles, quotes, actors, intake, fired alerts ---


def _fields_dict(row: DataclassInstance) -> dict[str, Json]:
    """A flat row's fields as a dict, in declaration order (the order the readers always wrote)."""
    return {declared.name: getattr(row, declared.name) for declared in fields(row)}


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """A stored article as `Store.articles` lists it: its summary, without the text."""

    id: str
    ref: str | None
    title: str | None
    source: str | None
    published: str | None
    language: str | None
    url: str | None
    words: int
    ingested_at: str

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class QuoteRow:
    """A stored quote with its speaker, addressee and article, as `Store.quotes` lists it.

    `key` is `<article_id>:<quote_id>`; the speaker_* and addressee_* fields are the actors'
    (None when the quote names none, or a missing actor); title, published and url the article's.
    """

    key: str
    article_id: str
    id: str
    kind: str | None
    text: str
    span_start: int | None
    span_end: int | None
    cue: str | None
    via: str | None
    speaker: str | None
    speaker_name: str | None
    speaker_kind: str | None
    speaker_country: str | None
    speaker_sector: str | None
    speaker_cameo: str | None
    addressee: str | None
    addressee_name: str | None
    addressee_cameo: str | None
    title: str | None
    published: str | None
    url: str | None
    speaker_span_start: int | None
    speaker_span_end: int | None

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class QuoteMatch:
    """A quote found by `Store.search_quotes`, with its speaker's name and its article."""

    article_id: str
    id: str
    text: str
    kind: str | None
    speaker: str | None
    speaker_name: str | None
    cue: str | None
    title: str | None
    published: str | None

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class ActorRow:
    """One (name, country, sector) over the stored analyses, as `Store.actors` lists it: the most
    frequent kind and CAMEO code, the articles naming it, its mentions and the first and last
    publication dates."""

    name: str
    kind: str
    country: str | None
    sector: str | None
    cameo: str | None
    articles: int
    mentions: int
    first_published: str | None
    last_published: str | None

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class ActorCode:
    """Codes an actor was given, and in how many articles."""

    country: str | None
    sector: str | None
    cameo: str | None
    articles: int

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class LearnedRole:
    """A role an article stated for the actor, learned with the article's date (actor_facts)."""

    role: str
    country: str | None
    sector: str | None
    published: str | None
    article_id: str
    name: str

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class StatedRole:
    """A role a stored analysis gives the actor, with its article."""

    role: str
    published: str | None
    article_id: str

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class ActorArticle:
    """An article naming the actor (or stating a role for it), with its mentions there."""

    id: str
    title: str | None
    published: str | None
    mentions: int

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class ActorProfile:
    """One actor as `Store.actor` shows it: the most used spelling and every other, the most
    frequent kind, its codes, roles learned and stated, the latest articles naming it (oldest of
    them first) and how many name it in all, its mentions in all of them, and the first and last
    publication dates."""

    name: str
    names: tuple[str, ...]
    kind: str
    codes: tuple[ActorCode, ...]
    roles: tuple[LearnedRole, ...]
    stated_roles: tuple[StatedRole, ...]
    articles: tuple[ActorArticle, ...]
    articles_total: int
    mentions: int
    first_published: str | None
    last_published: str | None

    def to_dict(self) -> dict[str, Json]:
        return {"name": self.name, "names": list(self.names), "kind": self.kind,
                "codes": [code.to_dict() for code in self.codes],
                "roles": [role.to_dict() for role in self.roles],
                "stated_roles": [role.to_dict() for role in self.stated_roles],
                "articles": [article.to_dict() for article in self.articles],
                "articles_total": self.articles_total, "mentions": self.mentions,
                "first_published": self.first_published, "last_published": self.last_published}


@dataclass(frozen=True, slots=True)
class SkipRow:
    """A recorded skip (`Store.skips`): the input, why it was skipped, and when first seen."""

    ref: str | None
    reason: str
    detail: str
    stage: str
    duplicate_of: str | None
    article_id: str | None
    first_seen_at: str

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class FailureRow:
    """A recorded failure (`Store.failures`): the input, the stage that raised, its message."""

    ref: str | None
    stage: str
    message: str
    first_seen_at: str

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class DuplicateRow:
    """A later copy linked to the stored first copy (`Store.duplicates`)."""

    article_id: str
    duplicate_of: str
    kind: str
    similarity: float
    ref: str | None
    linked_at: str

    def to_dict(self) -> dict[str, Json]:
        return _fields_dict(self)


@dataclass(frozen=True, slots=True)
class FiredAlert:
    """An alert the store logged (`Store.fired_alerts`), and whether the webhook has still to take it."""

    alert: Alert
    webhook_pending: bool

    def logged(self) -> dict[str, Json]:
        """The alert as the log holds it: its `to_dict()` with the keys sorted (store/alerts.py)."""
        return dict(sorted(self.alert.to_dict().items()))

    def to_dict(self) -> dict[str, Json]:
        return {**self.logged(), "webhook_pending": self.webhook_pending}

# --- end of other rows ---
