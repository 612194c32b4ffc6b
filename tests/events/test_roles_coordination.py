"""Names coordinated before a noun they share are coordinated arguments: sources and targets on
hand-built Docs of sentences written for these tests (parses frozen from the English pipeline)."""

from __future__ import annotations

from spacy.tokens import Doc

from tests.actors.handmade import build
from tests.events.roles_made import pairs

# Egyptian and Israeli troops exchanged fire on Sunday.
EXCHANGED = build(
    [('Egyptian', True, 3, 'amod', 'ADJ', 'JJ'),
     ('and', True, 0, 'cc', 'CCONJ', 'CC'),
     ('Israeli', True, 0, 'conj', 'ADJ', 'JJ'),
     ('troops', True, 4, 'nsubj', 'NOUN', 'NNS'),
     ('exchanged', True, 4, 'ROOT', 'VERB', 'VBD'),
     ('fire', True, 4, 'dobj', 'NOUN', 'NN'),
     ('on', True, 4, 'prep', 'ADP', 'IN'),
     ('Sunday', False, 6, 'pobj', 'PROPN', 'NNP'),
     ('.', False, 4, 'punct', 'PUNCT', '.')],
    [(0, 1, 'NORP'), (2, 3, 'NORP'), (7, 8, 'DATE')],
    [0],
    lemmas={'troops': 'troop', 'exchanged': 'exchange'},
)


def attacked(joined_by: str) -> Doc:
    """ "Chinese and Japanese soldiers attacked Russia." with another coordinator in place of "and"."""
    return build(
        [('Chinese', True, 3, 'amod', 'ADJ', 'JJ'),
         (joined_by, True, 0, 'cc', 'CCONJ', 'CC'),
         ('Japanese', True, 0, 'conj', 'ADJ', 'JJ'),
         ('soldiers', True, 4, 'nsubj', 'NOUN', 'NNS'),
         ('attacked', True, 4, 'ROOT', 'VERB', 'VBD'),
         ('Russia', False, 4, 'dobj', 'PROPN', 'NNP'),
         ('.', False, 4, 'punct', 'PUNCT', '.')],
        [(0, 1, 'NORP'), (2, 3, 'NORP'), (5, 6, 'GPE')],
        [0],
        lemmas={'soldiers': 'soldier', 'attacked': 'attack'},
    )


# Russia criticized Chinese and Japanese soldiers.
CRITICIZED = build(
    [('Russia', True, 1, 'nsubj', 'PROPN', 'NNP'),
     ('criticized', True, 1, 'ROOT', 'VERB', 'VBD'),
     ('Chinese', True, 5, 'amod', 'ADJ', 'JJ'),
     ('and', True, 2, 'cc', 'CCONJ', 'CC'),
     ('Japanese', True, 2, 'conj', 'ADJ', 'JJ'),
     ('soldiers', False, 1, 'dobj', 'NOUN', 'NNS'),
     ('.', False, 1, 'punct', 'PUNCT', '.')],
    [(0, 1, 'GPE'), (2, 3, 'NORP'), (4, 5, 'NORP')],
    [0],
    lemmas={'criticized': 'criticize', 'soldiers': 'soldier'},
)

def test_names_sharing_the_subject_noun_of_a_reciprocal_act_act_on_each_other() -> None:
    assert sorted(pairs(EXCHANGED)) == [("Egyptian troops", "Israeli troops"),
                                        ("Israeli troops", "Egyptian troops")]


def test_names_sharing_the_subject_noun_of_a_one_way_act_are_both_its_sources() -> None:
    assert sorted(pairs(attacked("and"))) == [("Chinese soldiers", "Russia"), ("Japanese soldiers", "Russia")]


def test_names_sharing_the_object_noun_are_both_targets() -> None:
    assert sorted(pairs(CRITICIZED)) == [("Russia", "Chinese soldiers"), ("Russia", "Japanese soldiers")]


def test_names_offered_as_a_choice_are_one_source() -> None:
    assert pairs(attacked("or")) == [("Chinese or Japanese soldiers", "Russia")]
