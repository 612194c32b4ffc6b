"""Actor resolution grows linearly with the mentions (issue 16), on hand-built Docs: no model.

Each paragraph of the hand-built article introduces a new person and a new organisation, and
refers back to the person with an indefinite description before the name (cataphora), a definite
description and a pronoun: the shapes that made resolution walk every cluster for every mention.
Work is counted in Python lines executed, not seconds (tests.actors.work): 4x the paragraphs may
cost a little over 4x the lines, never the 16x of a quadratic walk.
"""

from __future__ import annotations

from typing import Any

from tests.actors.handmade import build
from tests.actors.work import ALLOWED_GROWTH, growth
from tidings.actors.mentions import Mention
from tidings.actors.resolve import group_mentions

# "A diplomat arrived. Petrov7 met the minister. He thanked Group7."
PARAGRAPH = [
    ("A", True, 1, "det", "DET", "DT"), ("diplomat", True, 2, "nsubj", "NOUN", "NN"),
    ("arrived", False, 2, "ROOT", "VERB", "VBD"), (".", True, 2, "punct", "PUNCT", "."),
    ("Petrov", True, 5, "nsubj", "PROPN", "NNP"), ("met", True, 5, "ROOT", "VERB", "VBD"),
    ("the", True, 7, "det", "DET", "DT"), ("minister", False, 5, "dobj", "NOUN", "NN"),
    (".", True, 5, "punct", "PUNCT", "."),
    ("He", True, 10, "nsubj", "PRON", "PRP"), ("thanked", True, 10, "ROOT", "VERB", "VBD"),
    ("Group", False, 10, "dobj", "PROPN", "NNP"), (".", True, 10, "punct", "PUNCT", "."),
]
SENTENCE_STARTS = (0, 4, 9)
SMALL, LARGE = 50, 200


def article(paragraphs: int) -> tuple[Any, list[Mention]]:
    """The hand-built Doc of `paragraphs` paragraphs and its mentions, as find_mentions gives them."""
    words = []
    for number in range(paragraphs):
        offset = number * len(PARAGRAPH)
        for text, space, head, dep, pos, tag in PARAGRAPH:
            if text in ("Petrov", "Group"):
                text = f"{text}{number}"
            words.append((text, space, head + offset, dep, pos, tag))
    sents = [number * len(PARAGRAPH) + start for number in range(paragraphs) for start in SENTENCE_STARTS]
    doc = build(words, [], sents)
    mentions = []
    for number in range(paragraphs):
        at, sentence = number * len(PARAGRAPH), number * len(SENTENCE_STARTS)
        mentions += [
            _mention(doc, at, 0, 1, 1, sentence, how="description", kind="person", country="RUS",
                     roles=("diplomat",), definite=False),
            _mention(doc, at, 4, 4, 4, sentence + 1, how="name", kind="person", country="RUS"),
            _mention(doc, at, 6, 7, 7, sentence + 1, how="description", kind="person", roles=("minister",)),
            _mention(doc, at, 9, 9, 9, sentence + 2, how="pronoun", kind="other", gender="m"),
            _mention(doc, at, 11, 11, 11, sentence + 2, how="name", kind="organization"),
        ]
    return doc, mentions


def _mention(doc: Any, at: int, first: int, last: int, head: int, sentence: int, **fields: Any) -> Mention:
    """A mention of tokens `first` to `last` of the paragraph that starts at token `at`."""
    span = doc[at + first : at + last + 1]
    return Mention(start=span.start_char, end=span.end_char, text=span.text, first=at + first,
                   last=at + last, head=at + head, sentence=sentence, **fields)


def test_each_paragraph_resolves_to_its_own_person() -> None:
    doc, mentions = article(SMALL)
    clusters = group_mentions(doc, mentions)
    assert len(clusters) == 2 * SMALL
    people = [c for c in clusters if c.kind == "person"]
    assert [[m.how for m in c.mentions] for c in people] == [
        ["description", "name", "description", "pronoun"]] * SMALL
    assert all(c.country == "RUS" and len({m.sentence // 3 for m in c.mentions}) == 1 for c in people)


def test_resolution_work_grows_linearly_with_the_mentions() -> None:
    small, large = article(SMALL), article(LARGE)
    times, clusters = growth(lambda: group_mentions(*small), lambda: group_mentions(*large))
    assert times <= ALLOWED_GROWTH, (
        f"{LARGE} paragraphs took {times:.1f}x the work of {SMALL}: resolution outgrows the mentions")
    assert len(clusters) == 2 * LARGE
