"""The events stage grows linearly with the text (issue 16), on hand-built Docs: no model.

Each paragraph tells a meeting twice, the second time the other way round and dated ("Biden met
Xi7. Xi7 met Biden on Tuesday."), and a third meeting with someone new: records that merging must
compare with the ones kept before, which it once did one by one. Work is counted in Python lines
executed (tests.actors.work).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.actors.handmade import FakeKnowledge, build
from tests.actors.work import linear_result
from tidings.actors.extract import extract_actors
from tidings.events.codebook import load_codebook
from tidings.events.extract import extract_events
from tidings.events.lexicon import load_lexicon
from tidings.quotes.cues import load_cues
from tidings.records import Actor, Event

KB = FakeKnowledge()
PUBLISHED = date(2024, 1, 12)  # a Friday
DAYS = ("Friday", "Monday", "Tuesday", "Wednesday", "Thursday")
SMALL, LARGE = 100, 400


def paragraph(number: int, offset: int) -> list[tuple[str, bool, int, str, str, str]]:
    """ "Biden met Xi<n>. Xi<n> met Biden on <day>. Biden met Kishida<n>." from token `offset`."""
    words = [
        ("Biden", True, 1, "nsubj", "PROPN", "NNP"), ("met", True, 1, "ROOT", "VERB", "VBD"),
        (f"Xi{number}", False, 1, "dobj", "PROPN", "NNP"), (".", True, 1, "punct", "PUNCT", "."),
        (f"Xi{number}", True, 5, "nsubj", "PROPN", "NNP"), ("met", True, 5, "ROOT", "VERB", "VBD"),
        ("Biden", True, 5, "dobj", "PROPN", "NNP"), ("on", True, 5, "prep", "ADP", "IN"),
        (DAYS[number % len(DAYS)], False, 7, "pobj", "PROPN", "NNP"), (".", True, 5, "punct", "PUNCT", "."),
        ("Biden", True, 11, "nsubj", "PROPN", "NNP"), ("met", True, 11, "ROOT", "VERB", "VBD"),
        (f"Kishida{number}", False, 11, "dobj", "PROPN", "NNP"), (".", True, 11, "punct", "PUNCT", "."),
    ]
    return [(text, space, head + offset, dep, pos, tag) for text, space, head, dep, pos, tag in words]


ENTS = [(0, 1, "PERSON"), (2, 3, "PERSON"), (4, 5, "PERSON"), (6, 7, "PERSON"), (8, 9, "DATE"),
        (10, 11, "PERSON"), (12, 13, "PERSON")]


def article(paragraphs: int) -> tuple[Any, tuple[Actor, ...]]:
    """The hand-built Doc of `paragraphs` paragraphs and its actors."""
    words: list[tuple[str, bool, int, str, str, str]] = []
    ents, sents = [], []
    for number in range(paragraphs):
        offset = len(words)
        words += paragraph(number, offset)
        ents += [(offset + start, offset + end, label) for start, end, label in ENTS]
        sents += [offset, offset + 4, offset + 10]
    doc = build(words, ents, sents, lemmas={"met": "meet"})
    return doc, extract_actors(doc, KB).actors


def events_of(doc: Any, actors: tuple[Actor, ...]) -> tuple[Event, ...]:
    return extract_events(doc, actors, published=PUBLISHED, codebook=load_codebook(), lexicon=load_lexicon(),
                          cues=load_cues())


def test_a_meeting_told_twice_is_one_event_dated_by_the_telling_that_dates_it() -> None:
    doc, actors = article(1)
    names = {actor.id: actor.name for actor in actors}
    events = events_of(doc, actors)
    assert [(names[e.source], names[e.target], e.cameo) for e in events] == [
        ("Joe Biden", "Xi0", "040"), ("Joe Biden", "Kishida0", "040")]
    assert (events[0].date, events[0].date_precision, events[0].date_text) == (
        "2024-01-12", "day", "on Friday")
    assert [e.id for e in events] == ["e1", "e2"]


def test_event_work_grows_linearly_with_the_text() -> None:
    small, large = article(SMALL), article(LARGE)
    events_of(*article(1))  # what is loaded once per process, loaded outside the count
    events = linear_result(lambda doc_actors: events_of(*doc_actors), small, large, what="the events stage")
    assert len(events) == 3 * LARGE - 1  # the first paragraph's two tellings are one meeting
