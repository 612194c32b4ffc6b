"""The records the analysis stages hand each other: actors, events and quotes.

Each is a frozen dataclass. The actors stage makes `Actor`s (with their `Mention`s), the events
stage `Event`s (with their `Evidence` and `Geo`), the quotes stage `Quote`s; quote linking
returns new `Event`s with their quote set. `to_dict()` gives the record in the shape of
analysis.schema.json, keys in the contract's order, and `from_dict()` reads that shape back (an
analysis a worker sent as JSON). Nothing here knows how records are found or stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

__all__ = [
    "Actor",
    "ActorKind",
    "Event",
    "Evidence",
    "Geo",
    "GeoHow",
    "Json",
    "Mention",
    "Modality",
    "Quote",
    "QuoteKind",
]

# A value as JSON holds it: what `to_dict()` returns is made of these.
Json: TypeAlias = "str | int | float | bool | None | list[Json] | dict[str, Json]"

ActorKind = Literal["person", "organization", "country", "group", "location", "other"]
Modality = Literal["asserted", "negated", "intended", "hypothetical", "reported"]
QuoteKind = Literal["direct", "indirect", "mixed"]
# Where an event's place was read (tidings.events.places), as GDELT's ActionGeo is chosen: the
# trigger's own clause, its sentence, the article's dateline, or the place the article names most.
GeoHow = Literal["clause", "sentence", "dateline", "article"]
GEO_HOWS: tuple[GeoHow, ...] = ("clause", "sentence", "dateline", "article")


@dataclass(frozen=True, slots=True)
class Mention:
    """One stretch of the article text that names an actor.

    `start` and `end` are character offsets into the article text; `how` says how it names the
    actor: name, pronoun, description, metonym or demonym.
    """

    start: int
    end: int
    text: str
    how: str

    def to_dict(self) -> dict[str, Json]:
        return {"start": self.start, "end": self.end, "text": self.text, "how": self.how}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Mention:
        return cls(data["start"], data["end"], data["text"], data["how"])


@dataclass(frozen=True, slots=True)
class Actor:
    """One real-world actor an article names, with every mention of it, first mention first.

    `id` is "a1", "a2", ... in order of first mention. `country` is ISO 3166-1 alpha-3 and
    `sector` a CAMEO agent code (GOV, MIL, ...), each None when nothing says.
    """

    id: str
    name: str
    kind: ActorKind
    country: str | None
    sector: str | None
    roles: tuple[str, ...]
    mentions: tuple[Mention, ...]

    @property
    def cameo(self) -> str | None:
        """The CAMEO actor code: country then sector ("CHNGOV"), "IGO" for a body of no country."""
        if self.sector == "IGO" and not self.country:
            return "IGO"
        if self.country:
            return self.country + (self.sector or "")
        return self.sector

    def to_dict(self) -> dict[str, Json]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "country": self.country,
                "sector": self.sector, "cameo": self.cameo, "roles": list(self.roles),
                "mentions": [mention.to_dict() for mention in self.mentions]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Actor:
        """The actor `to_dict()` gave (its `cameo` follows from country and sector)."""
        return cls(data["id"], data["name"], data["kind"], data["country"], data["sector"],
                   tuple(data["roles"]), tuple(Mention.from_dict(m) for m in data["mentions"]))


@dataclass(frozen=True, slots=True)
class Geo:
    """A place resolved by the gazetteer (tidings.geo): its name there, its country (ISO 3166-1
    alpha-3) and coordinates. An event's `geo` says where it took place, and `how` where in the
    article that place was read (None for a place the gazetteer gave on its own)."""

    name: str
    country: str | None
    lat: float
    lon: float
    how: GeoHow | None = None

    def to_dict(self) -> dict[str, Json]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon,
                "how": self.how}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Geo:
        """The place `to_dict()` gave; `how` may be missing (analyses made before it existed)."""
        return cls(data["name"], data["country"], data["lat"], data["lon"], data.get("how"))


@dataclass(frozen=True, slots=True)
class Evidence:
    """The words an event was coded from: its sentence and trigger, each with character offsets
    (start, end) into the article text."""

    sentence: str
    span: tuple[int, int]
    trigger: str
    trigger_span: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Event:
    """Who did what to whom, when and where, as one sentence of an article states it.

    `id` is "e1", "e2", ... in text order; `source` and `target` are actor ids (`source` None for
    an act whose doer the text does not name, "Gunmen killed nine policemen"; `target` None for
    an act with no one on the receiving end); `cameo`, `root`, `quad_class`, `goldstein` and
    `plover` come from the codebook. `date` is ISO (day, week's Monday, "YYYY-MM" or "YYYY")
    with `date_precision`, and `date_text` the words it came from; `quote` is the id of the
    quote the event was stated in.
    """

    id: str
    source: str | None
    target: str | None
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: str
    date: str | None
    date_precision: str
    date_text: str | None
    location: str | None
    geo: Geo | None
    tone: float
    modality: Modality
    topics: tuple[str, ...]
    quote: str | None
    evidence: Evidence
    confidence: float
    coder: str

    def to_dict(self) -> dict[str, Json]:
        evidence = self.evidence
        return {
            "id": self.id,
            "source": self.source,
            "target": self.target,
            "cameo": self.cameo,
            "root": self.root,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "plover": self.plover,
            "date": self.date,
            "date_precision": self.date_precision,
            "date_text": self.date_text,
            "location": self.location,
            "geo": None if self.geo is None else self.geo.to_dict(),
            "tone": self.tone,
            "modality": self.modality,
            "topics": list(self.topics),
            "quote": self.quote,
            "sentence": evidence.sentence,
            "span": list(evidence.span),
            "trigger": evidence.trigger,
            "trigger_span": list(evidence.trigger_span),
            "confidence": self.confidence,
            "coder": self.coder,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Event:
        start, end = data["span"]
        trigger_start, trigger_end = data["trigger_span"]
        evidence = Evidence(data["sentence"], (start, end), data["trigger"], (trigger_start, trigger_end))
        plain = {name: data[name] for name in _EVENT_PLAIN_FIELDS}
        return cls(**plain, geo=None if data["geo"] is None else Geo.from_dict(data["geo"]),
                   topics=tuple(data["topics"]), evidence=evidence)


# The fields of an Event that its dict holds as they are.
_EVENT_PLAIN_FIELDS = ("id", "source", "target", "cameo", "root", "quad_class", "goldstein", "plover", "date",
                       "date_precision", "date_text", "location", "tone", "modality", "quote", "confidence",
                       "coder")


@dataclass(frozen=True, slots=True)
class Quote:
    """A statement the article attributes to someone: direct (in quotation marks), mixed (a
    reported clause holding quoted words) or indirect ("Liu said Beijing is serious ...").

    `id` is "q1", "q2", ... in text order; `span` and `speaker_span` are character offsets into
    the article text; `speaker` and `addressee` are actor ids; `cue` is the reporting verb and
    `via` the medium ("reporters", "a State Department transcript").
    """

    id: str
    text: str
    span: tuple[int, int]
    kind: QuoteKind
    speaker: str | None
    speaker_span: tuple[int, int] | None
    cue: str | None
    addressee: str | None
    via: str | None

    def to_dict(self) -> dict[str, Json]:
        return {"id": self.id, "text": self.text, "span": list(self.span), "kind": self.kind,
                "speaker": self.speaker,
                "speaker_span": None if self.speaker_span is None else list(self.speaker_span),
                "cue": self.cue, "addressee": self.addressee, "via": self.via}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Quote:
        start, end = data["span"]
        spoken = data["speaker_span"]
        return cls(data["id"], data["text"], (start, end), data["kind"], data["speaker"],
                   None if spoken is None else (spoken[0], spoken[1]), data["cue"], data["addressee"],
                   data["via"])
