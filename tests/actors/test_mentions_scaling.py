"""Mention finding grows linearly with the text (issue 16), on hand-built Docs: no model.

Each paragraph names a known organisation and a country, then refers to them by description:
"The Chinese Communist Party met. The party praised Finland. The country thanked it." Finding
what "the party" and "the country" stand for once walked every name before them. Work is counted
in Python lines executed (tests.actors.work).
"""

from __future__ import annotations

from typing import Any

from tests.actors.handmade import FakeKnowledge, build
from tests.actors.work import ALLOWED_GROWTH, growth
from tidings.actors.mentions import Mention, find_mentions

KB = FakeKnowledge()
SMALL, LARGE = 100, 400
WORDS = [
    ("The", True, 3, "det", "DET", "DT"), ("Chinese", True, 3, "compound", "PROPN", "NNP"),
    ("Communist", True, 3, "compound", "PROPN", "NNP"), ("Party", True, 4, "nsubj", "PROPN", "NNP"),
    ("met", False, 4, "ROOT", "VERB", "VBD"), (".", True, 4, "punct", "PUNCT", "."),
    ("The", True, 7, "det", "DET", "DT"), ("party", True, 8, "nsubj", "NOUN", "NN"),
    ("praised", True, 8, "ROOT", "VERB", "VBD"), ("Finland", False, 8, "dobj", "PROPN", "NNP"),
    (".", True, 8, "punct", "PUNCT", "."),
    ("The", True, 12, "det", "DET", "DT"), ("country", True, 13, "nsubj", "NOUN", "NN"),
    ("thanked", True, 13, "ROOT", "VERB", "VBD"), ("it", False, 13, "dobj", "PRON", "PRP"),
    (".", True, 13, "punct", "PUNCT", "."),
]


def article(paragraphs: int) -> Any:
    """The hand-built Doc of `paragraphs` paragraphs."""
    size = len(WORDS)
    words = [(text, space, head + n * size, dep, pos, tag)
             for n in range(paragraphs) for text, space, head, dep, pos, tag in WORDS]
    ents = [(n * size + start, n * size + end, label)
            for n in range(paragraphs) for start, end, label in ((1, 4, "ORG"), (9, 10, "GPE"))]
    return build(words, ents, [n * size + start for n in range(paragraphs) for start in (0, 6, 11)])


def described(mentions: list[Mention]) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.kind, m.country or (m.known.name if m.known else None))
            for m in mentions if m.how == "description"]


def test_descriptions_stand_for_what_the_paragraph_named() -> None:
    assert described(find_mentions(article(2), KB)) == [
        ("The party", "organization", "Chinese Communist Party"), ("The country", "country", "FIN")] * 2


def test_mention_work_grows_linearly_with_the_text() -> None:
    small, large = article(SMALL), article(LARGE)
    find_mentions(article(1), KB)  # what is loaded once per process, loaded outside the count
    times, mentions = growth(lambda: find_mentions(small, KB), lambda: find_mentions(large, KB))
    assert times <= ALLOWED_GROWTH, (
        f"{LARGE} paragraphs took {times:.1f}x the work of {SMALL}: mention finding outgrows the text")
    assert len(described(mentions)) == 2 * LARGE
