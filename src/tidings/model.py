"""The records that flow through tidings: frozen dataclasses, no behaviour beyond serialisation.

A source yields `Document`s (raw bytes or text plus what the source knew about them) or `Skip`s.
Extraction and cleaning turn a `Document` into an `Article`. Anything that cannot be processed
becomes a `Skip` (the input is not something we analyse: empty, binary, not English, a duplicate)
or a `Failure` (something went wrong while processing it), always with a reason, so nothing is
lost silently.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal

from tidings.records import Actor, ActorKind, Event, Json, Quote

DocumentKind = Literal["html", "text"]


@dataclass(frozen=True, slots=True)
class Document:
    """One input as a source delivered it, before extraction.

    `ref` is the id the input gave (a JSON Lines "id", else the path or URL; None for stdin).
    `body` is the raw content: HTML (bytes or str) for kind "html", text for kind "text".
    `title`, `url`, `published`, `source` are what the source itself knew (a JSONL field, a feed
    entry, a WARC header); extraction fills the gaps from the page and never overrides them.
    `dateline` is where the story was filed from when the source gives it apart from the text
    (a JSON Lines "dateline", as Reuters-21578, Gigaword and the NYT corpus deliver it).
    `origin` says where the document came from ("file", "url", "feed", "warc", "jsonl", "stdin").
    """

    ref: str | None
    body: bytes | str
    kind: DocumentKind
    origin: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None
    fetched_at: str | None = None
    dateline: str | None = None


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of the input left out of the article text, and why."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the unit everything downstream analyses.

    `id` is a content hash of `text` (same text, same id). `published` is an ISO 8601 date or
    datetime, or None when unknown (never the crawl or fetch time).
    """

    id: str
    text: str
    ref: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: str | None = None
    language: str | None = None
    language_confidence: float | None = None
    removed: tuple[Removed, ...] = ()
    origin: str | None = None
    fetched_at: str | None = None
    tone: float | None = None  # mean sentence tone, -1..1 (GDELT's AvgTone analogue)

    def to_dict(self) -> dict[str, Json]:
        """The `article` object of the analysis contract (analysis.schema.json)."""
        return {
            "id": self.id,
            "ref": self.ref,
            "title": self.title,
            "url": self.url,
            "source": self.source,
            "published": self.published,
            "language": self.language,
            "text": self.text,
            "removed": [asdict(piece) for piece in self.removed],
            "tone": self.tone,
        }


@dataclass(frozen=True, slots=True)
class Known:
    """What some knowledge source (data files, learned facts, user overrides) says a name is.

    `country` is ISO 3166-1 alpha-3 (TWN, PSE, XKX) or None (international or unknown);
    `sector` a CAMEO agent code (GOV, MIL, PTY, IGO, ...) or None; `roles` titles as stated
    ("Secretary of State"). `how` says how the name points at the actor: "name", "metonym"
    (Beijing for China's government), "demonym" (Chinese), "abbreviation". `gender` is "m" or
    "f" for people when known, used to agree pronouns. `source` names the knowledge file or
    table the answer came from, so a code can be explained.
    """

    name: str
    kind: ActorKind
    country: str | None = None
    sector: str | None = None
    roles: tuple[str, ...] = ()
    how: str = "name"
    gender: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class ActorFact:
    """A role the text states for a named actor ("Japan's foreign minister Yoko Kamikawa").

    Stored with the article's date so a later article naming the person without a role can be
    coded from it (learned knowledge).
    """

    name: str
    role: str
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class Skip:
    """An input we deliberately did not analyse, with a machine-readable reason and a message.

    Reasons are short slugs: "empty", "binary", "too-large", "not-english", "no-text",
    "bad-json", "bad-record", "fetch-failed", "malformed-feed", "bad-warc-record",
    "unsupported", "duplicate", "near-duplicate". `detail` tells a person what happened and,
    where there is one, what to do. `duplicate_of` is the id of the first copy for duplicates.
    """

    ref: str | None
    reason: str
    detail: str
    stage: str = "ingest"
    duplicate_of: str | None = None
    article_id: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """An input whose processing raised an unexpected error; the batch went on without it."""

    ref: str | None
    stage: str
    message: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything tidings knows about one article, in the shape of analysis.schema.json.

    `actors`, `events` and `quotes` are the stages' records (tidings.records); `to_dict()` is
    where they become the contract's dicts. `skipped` says why they were not computed (a
    non-English article still gets its extracted and cleaned `article` part).
    """

    article: Article
    actors: tuple[Actor, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    skipped: Skip | None = None
    facts: tuple[ActorFact, ...] = ()  # roles the text states, for learned knowledge

    def to_dict(self) -> dict[str, Json]:
        """The analysis in the shape of analysis.schema.json, keys in the contract's order."""
        record: dict[str, Json] = {
            "article": self.article.to_dict(),
            "actors": [actor.to_dict() for actor in self.actors],
            "events": [event.to_dict() for event in self.events],
            "quotes": [quote.to_dict() for quote in self.quotes],
        }
        if self.skipped is not None:
            record["skipped"] = {"reason": self.skipped.reason, "detail": self.skipped.detail}
        return record


@dataclass(slots=True)
class BatchSummary:
    """Counts and reasons at the end of a batch: what was stored, linked, skipped or failed."""

    stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    skipped: int = 0
    failed: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def count_reason(self, reason: str) -> None:
        self.reasons[reason] = self.reasons.get(reason, 0) + 1
