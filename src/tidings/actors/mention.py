"""The Mention record: one stretch of text that refers to an actor, as the mention finders
(tidings.actors.mentions, tidings.actors.descriptions) make it and the resolver reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from tidings.model import Known
from tidings.records import ActorKind

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

__all__ = ["Choice", "KnowledgeBase", "Mention", "PlaceDescription", "RoleLike"]

# How a place description picks its country (data/actors/descriptions.toml says what each means).
Choice = Literal["recent", "present", "subject"]


@dataclass(frozen=True, slots=True)
class PlaceDescription:
    """A description that can stand for a country once the text has set it up ("the island").

    `choose` says how: "recent" the latest of `candidates` mentioned, "present" `country` when
    one of `when` has been mentioned, "subject" the country the sentence is about.
    """

    words: str
    choose: Choice
    candidates: frozenset[str] = frozenset()
    country: str | None = None
    when: frozenset[str] = frozenset()


class RoleLike(Protocol):
    @property
    def phrase(self) -> str: ...
    @property
    def sector(self) -> str: ...
    @property
    def person(self) -> bool: ...


class KnowledgeBase(Protocol):
    """What mention finding needs from the knowledge base (tidings.actors.knowledge.Knowledge)."""

    def lookup(self, text: str, *, on: date | None = None) -> Known | None: ...
    def lookup_surname(self, text: str, *, on: date | None = None) -> Known | None: ...
    def demonym(self, text: str) -> Known | None: ...
    def metonym(self, text: str) -> Known | None: ...
    def place(self, text: str) -> str | None: ...
    def role(self, text: str) -> RoleLike | None: ...
    def role_in(self, words: Sequence[str]) -> RoleLike | None: ...
    # what a description naming no one stands for, by its lower-cased words ("the island")
    def place_description(self, words: str) -> PlaceDescription | None: ...


@dataclass(frozen=True, slots=True)
class Mention:
    """One stretch of text that refers to an actor.

    Offsets are characters into `doc.text`; `first`/`last` are token indices (last inclusive)
    and `head` the syntactic head (for a conjunct sharing a noun, that noun, after `last`).
    `how` is name | pronoun | description | metonym | demonym.
    `known` is the knowledge base's answer for a name; `country`, `sector` and `roles` are what
    the text itself states around the mention (titles, appositives, "of Japan", "Japan's").
    """

    start: int
    end: int
    text: str
    how: str
    kind: ActorKind
    first: int
    last: int
    head: int
    sentence: int
    known: Known | None = None
    country: str | None = None
    sector: str | None = None
    roles: tuple[str, ...] = ()
    gender: str | None = None
    definite: bool = True
    plural: bool = False
    absorbed: tuple[int, ...] = field(default=(), repr=False)  # token indices read as a title
    # what a conjunct stands for when it shares a noun written after its own words ("Syrian" in
    # "the Syrian and Iranian foreign ministers" is "Syrian foreign ministers"); None otherwise
    name: str | None = None
