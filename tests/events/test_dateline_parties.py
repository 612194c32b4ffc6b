"""A wire story's dateline names where the reporter was: the place is no party to the story's
events. A hand-built Doc of a sentence written for this test (parse frozen from the English
pipeline), with the real codebook and lexicon."""

from __future__ import annotations

from tests.actors.handmade import build
from tests.events.roles_made import coded

# MOSCOW (Reuters) - Gunmen attacked Ukraine on Sunday.
DATELINE = build(
    [('MOSCOW', True, 6, "nsubj", "PROPN", "NNP"),
     ('(', False, 2, "punct", "PUNCT", "-LRB-"),
     ('Reuters', False, 0, "appos", "PROPN", "NNP"),
     (')', True, 2, "punct", "PUNCT", "-RRB-"),
     ('-', True, 6, "punct", "PUNCT", ":"),
     ('Gunmen', True, 6, "nsubj", "PROPN", "NNP"),
     ('attacked', True, 6, "ROOT", "VERB", "VBD"),
     ('Ukraine', True, 6, "dobj", "PROPN", "NNP"),
     ('on', True, 6, "prep", "ADP", "IN"),
     ('Sunday', False, 8, "pobj", "PROPN", "NNP"),
     ('.', False, 6, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (2, 3, 'ORG'), (7, 8, 'GPE'), (9, 10, 'DATE')],
    [0],
    lemmas={'attacked': 'attack'},
)


def test_where_a_story_was_filed_from_is_no_party_to_it() -> None:
    assert all(source != "Russia" and target != "Russia" for source, target, _code in coded(DATELINE))
