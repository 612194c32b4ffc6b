"""Names coordinated before a shared plural noun, on hand-built Docs of sentences written for these
tests (parses frozen from the English pipeline): which names share the noun, and the one actor
the actors stage makes of each."""

from __future__ import annotations

from typing import Any

from tests.actors.handmade import FakeKnowledge, build
from tidings.actors.coordination import shared_head_conjuncts
from tidings.actors.extract import extract_actors
from tidings.model import Known
from tidings.records import Actor


class Knowledge(FakeKnowledge):
    """The test knowledge with an international body and the plural roles these sentences use."""

    ORGS = {**FakeKnowledge.ORGS, "eu": Known("European Union", "organization", None, "IGO")}
    ROLES = {**FakeKnowledge.ROLES, "negotiators": ("GOV", False), "diplomats": ("GOV", False)}


# Egyptian and EU negotiators met in Cairo.
CONJ_CHAIN = build(
    [('Egyptian', True, 3, 'amod', 'ADJ', 'JJ'),
     ('and', True, 0, 'cc', 'CCONJ', 'CC'),
     ('EU', True, 0, 'conj', 'PROPN', 'NNP'),
     ('negotiators', True, 4, 'nsubj', 'NOUN', 'NNS'),
     ('met', True, 4, 'ROOT', 'VERB', 'VBD'),
     ('in', True, 4, 'prep', 'ADP', 'IN'),
     ('Cairo', False, 5, 'pobj', 'PROPN', 'NNP'),
     ('.', False, 4, 'punct', 'PUNCT', '.')],
    [(0, 1, 'NORP'), (2, 3, 'ORG'), (6, 7, 'GPE')],
    [0],
    lemmas={'negotiators': 'negotiator', 'met': 'meet'},
)

# The EU and Egyptian negotiators met in Cairo.  (both names hang on the noun: no conj link)
SIBLINGS = build(
    [('The', True, 4, 'det', 'DET', 'DT'),
     ('EU', True, 4, 'nmod', 'PROPN', 'NNP'),
     ('and', True, 1, 'cc', 'CCONJ', 'CC'),
     ('Egyptian', True, 4, 'amod', 'ADJ', 'JJ'),
     ('negotiators', True, 5, 'nsubj', 'NOUN', 'NNS'),
     ('met', True, 5, 'ROOT', 'VERB', 'VBD'),
     ('in', True, 5, 'prep', 'ADP', 'IN'),
     ('Cairo', False, 6, 'pobj', 'PROPN', 'NNP'),
     ('.', False, 5, 'punct', 'PUNCT', '.')],
    [(1, 2, 'ORG'), (3, 4, 'NORP'), (7, 8, 'GPE')],
    [0],
    lemmas={'negotiators': 'negotiator', 'met': 'meet'},
)

# Chinese, Japanese and American diplomats criticized Russia.
LISTED = build(
    [('Chinese', False, 5, 'amod', 'ADJ', 'JJ'),
     (',', True, 0, 'punct', 'PUNCT', ','),
     ('Japanese', True, 5, 'amod', 'ADJ', 'JJ'),
     ('and', True, 2, 'cc', 'CCONJ', 'CC'),
     ('American', True, 2, 'conj', 'ADJ', 'JJ'),
     ('diplomats', True, 6, 'nsubj', 'NOUN', 'NNS'),
     ('criticized', True, 6, 'ROOT', 'VERB', 'VBD'),
     ('Russia', False, 6, 'dobj', 'PROPN', 'NNP'),
     ('.', False, 6, 'punct', 'PUNCT', '.')],
    [(0, 1, 'NORP'), (2, 3, 'NORP'), (4, 5, 'NORP'), (7, 8, 'GPE')],
    [0],
    lemmas={'diplomats': 'diplomat', 'criticized': 'criticize'},
)

# Chinese or Japanese diplomats criticized Russia.
EITHER = build(
    [('Chinese', True, 3, 'amod', 'ADJ', 'JJ'),
     ('or', True, 0, 'cc', 'CCONJ', 'CC'),
     ('Japanese', True, 0, 'conj', 'ADJ', 'JJ'),
     ('diplomats', True, 4, 'nsubj', 'NOUN', 'NNS'),
     ('criticized', True, 4, 'ROOT', 'VERB', 'VBD'),
     ('Russia', False, 4, 'dobj', 'PROPN', 'NNP'),
     ('.', False, 4, 'punct', 'PUNCT', '.')],
    [(0, 1, 'NORP'), (2, 3, 'NORP'), (5, 6, 'GPE')],
    [0],
    lemmas={'diplomats': 'diplomat', 'criticized': 'criticize'},
)

# The US and China-backed rebels fought on.
HYPHENED = build(
    [('The', True, 1, 'det', 'DET', 'DT'),
     ('US', True, 6, 'nmod', 'PROPN', 'NNP'),
     ('and', True, 1, 'cc', 'CCONJ', 'CC'),
     ('China', False, 5, 'npadvmod', 'PROPN', 'NNP'),
     ('-', False, 5, 'punct', 'PUNCT', 'HYPH'),
     ('backed', True, 6, 'amod', 'VERB', 'VBN'),
     ('rebels', True, 7, 'nsubj', 'NOUN', 'NNS'),
     ('fought', True, 7, 'ROOT', 'VERB', 'VBD'),
     ('on', False, 7, 'prt', 'ADP', 'RP'),
     ('.', False, 7, 'punct', 'PUNCT', '.')],
    [(1, 2, 'GPE'), (3, 4, 'GPE')],
    [0],
    lemmas={'backed': 'back', 'rebels': 'rebel', 'fought': 'fight'},
)


def actors_of(doc: Any) -> dict[str, Actor]:
    return {actor.name: actor for actor in extract_actors(doc, Knowledge()).actors}


def names(doc: Any, head: int) -> list[str]:
    return [span.text for span in shared_head_conjuncts(doc[head])]


def test_names_coordinated_before_a_plural_noun_share_it_whatever_the_parse() -> None:
    assert names(CONJ_CHAIN, 3) == ["Egyptian", "EU"]
    assert names(SIBLINGS, 4) == ["EU", "Egyptian"]
    assert names(LISTED, 5) == ["Chinese", "Japanese", "American"]


def test_a_choice_or_a_hyphen_word_shares_nothing() -> None:
    assert names(EITHER, 3) == []
    assert names(HYPHENED, 6) == []


def test_each_coordinated_name_makes_its_own_group_with_the_shared_role() -> None:
    actors = actors_of(CONJ_CHAIN)
    egyptian, eu = actors["Egyptian negotiators"], actors["EU negotiators"]
    assert (egyptian.country, egyptian.sector, egyptian.kind) == ("EGY", "GOV", "group")
    assert [m.text for m in egyptian.mentions] == ["Egyptian"]
    assert eu.sector == "IGO" and [m.text for m in eu.mentions] == ["EU negotiators"]  # the body's people
    listed = actors_of(LISTED)
    countries = [listed[f"{n} diplomats"].country for n in ("Chinese", "Japanese", "American")]
    assert countries == ["CHN", "JPN", "USA"]


def test_a_coordinated_body_kept_by_its_name_is_that_body() -> None:
    actors = actors_of(SIBLINGS)
    assert "EU" in actors and "EU negotiators" not in actors
    assert actors["Egyptian negotiators"].country == "EGY"


def test_names_offered_as_a_choice_stay_one_group() -> None:
    actors = actors_of(EITHER)
    assert [a.name for a in actors.values() if a.kind == "group"] == ["Chinese or Japanese diplomats"]
