"""Shared pieces of the source and target rule tests (tests/events/test_roles*.py): the test
knowledge with the forces and bodies their sentences name, and the coder run on a hand-built Doc."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.actors.handmade import FakeKnowledge
from tidings.actors.extract import extract_actors
from tidings.events.codebook import load_codebook
from tidings.events.extract import extract_events
from tidings.events.lexicon import load_lexicon
from tidings.quotes.cues import load_cues

PUBLISHED = date(2024, 1, 12)


class Knowledge(FakeKnowledge):
    """The shared test knowledge, with the forces and bodies these sentences name."""

    ROLES = {**FakeKnowledge.ROLES, "troops": ("MIL", False), "soldiers": ("MIL", False),
             "sailors": ("CVL", False), "ministry": ("GOV", False)}


def coded(doc: Any) -> list[tuple[str, str | None, str]]:
    """(source, target, CAMEO code) of every event, by actor name."""
    actors = extract_actors(doc, Knowledge(), published=PUBLISHED).actors
    names = {a.id: a.name for a in actors}
    events = extract_events(doc, actors, published=PUBLISHED, codebook=load_codebook(),
                            lexicon=load_lexicon(), cues=load_cues())
    return [(names[e.source], names.get(e.target), e.cameo) for e in events]


def pairs(doc: Any) -> list[tuple[str, str | None]]:
    """(source, target) of every event, by actor name."""
    return [(source, target) for source, target, _code in coded(doc)]
