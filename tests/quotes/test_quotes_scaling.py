"""The quotes stage grows linearly with the text (issue 16), on hand-built Docs: no model.

Each paragraph holds a direct quote and an indirect one: '“We will not accept this,” Petrov7
said. He told reporters that the talks failed.' Finding a quote's sentences, its attribution and
whether a reported clause sits inside a direct quote once walked every sentence or every quote;
so did linking events to quotes. Work is counted in Python lines executed (tests.actors.work).
"""

from __future__ import annotations

from typing import Any

from tests.actors.handmade import FakeKnowledge, build
from tests.actors.work import linear_result
from tests.quotes.made import event_at
from tidings.actors.extract import extract_actors
from tidings.quotes.cues import load_cues
from tidings.quotes.extract import extract_quotes, link_events
from tidings.records import Actor, Event, Quote

KB = FakeKnowledge()
SMALL, LARGE = 100, 400
WORDS = [
    ("\u201c", False, 9, "punct", "PUNCT", "``"), ("We", True, 4, "nsubj", "PRON", "PRP"),
    ("will", True, 4, "aux", "AUX", "MD"), ("not", True, 4, "neg", "PART", "RB"),
    ("accept", True, 9, "ccomp", "VERB", "VB"), ("this", False, 4, "dobj", "PRON", "DT"),
    (",", False, 9, "punct", "PUNCT", ","), ("\u201d", True, 9, "punct", "PUNCT", "''"),
    ("Petrov", True, 9, "nsubj", "PROPN", "NNP"), ("said", False, 9, "ROOT", "VERB", "VBD"),
    (".", True, 9, "punct", "PUNCT", "."),
    ("He", True, 12, "nsubj", "PRON", "PRP"), ("told", True, 12, "ROOT", "VERB", "VBD"),
    ("reporters", True, 12, "dobj", "NOUN", "NNS"), ("that", True, 17, "mark", "SCONJ", "IN"),
    ("the", True, 16, "det", "DET", "DT"), ("talks", True, 17, "nsubj", "NOUN", "NNS"),
    ("failed", False, 12, "ccomp", "VERB", "VBD"), (".", True, 12, "punct", "PUNCT", "."),
]


def article(paragraphs: int) -> tuple[Any, tuple[Actor, ...]]:
    """The hand-built Doc of `paragraphs` paragraphs (one line each) and its actors."""
    words = []
    for number in range(paragraphs):
        offset = number * len(WORDS)
        for text, space, head, dep, pos, tag in WORDS:
            text = f"{text}{number}" if text == "Petrov" else text
            words.append((text, space, head + offset, dep, pos, tag))
    doc = build(words, [(n * len(WORDS) + 8, n * len(WORDS) + 9, "PERSON") for n in range(paragraphs)],
                [start for n in range(paragraphs) for start in (n * len(WORDS), n * len(WORDS) + 11)],
                lemmas={"said": "say", "told": "tell", "failed": "fail", "talks": "talk"})
    return doc, extract_actors(doc, KB).actors


def quoted_events(quotes: tuple[Quote, ...]) -> list[Event]:
    """An event inside each quote and one outside every quote (at offset 0, before the first mark)."""
    return [event_at(f"e{number}", (quote.span[0] + 1, quote.span[0] + 3))
            for number, quote in enumerate(quotes)] + [event_at("outside", (0, 1))]


def quotes_and_links(doc: Any, actors: tuple[Actor, ...]) -> list[tuple[str, str | None]]:
    quotes = extract_quotes(doc, actors, cues=load_cues())
    return [(event.id, event.quote) for event in link_events(quoted_events(quotes), quotes)]


def test_each_paragraph_has_its_direct_and_indirect_quote() -> None:
    doc, actors = article(3)
    names = {actor.id: actor.name for actor in actors}
    quotes = extract_quotes(doc, actors, cues=load_cues())
    assert [(q.kind, q.text, names.get(q.speaker)) for q in quotes] == [
        ("direct", "We will not accept this,", f"Petrov{n}") if kind == "direct"
        else ("indirect", "the talks failed", f"Petrov{n}")
        for n in range(3) for kind in ("direct", "indirect")]
    assert quotes_and_links(doc, actors) == [(f"e{n}", f"q{n + 1}") for n in range(6)] + [("outside", None)]


def test_quote_work_grows_linearly_with_the_text() -> None:
    small, large = article(SMALL), article(LARGE)
    quotes_and_links(*article(1))  # what is loaded once per process, loaded outside the count
    links = linear_result(lambda pair: quotes_and_links(*pair), small, large, what="the quotes stage")
    assert len(links) == 2 * LARGE + 1
