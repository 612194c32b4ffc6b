"""Pronouns and descriptions on hand-built Docs: each coreference rule, no model.

Every sentence here is made up for the rule it tests; the parses are written out by hand the way
the English pipeline parses such sentences (including its errors, where a rule repairs one).
"""

from __future__ import annotations

from tests.actors.handmade import FakeKnowledge, build
from tidings.actors.extract import extract_actors
from tidings.model import Known
from tidings.records import Actor


class _ArmedWorld(FakeKnowledge):
    """The test knowledge plus a made-up armed group and its made-up leader."""

    ORGS = {**FakeKnowledge.ORGS,
            "red dawn front": Known("Red Dawn Front", "organization", None, "REB", source="test")}
    ROLES = {**FakeKnowledge.ROLES, "militants": ("UAF", False)}
    PEOPLE = {**FakeKnowledge.PEOPLE,
              "victor hale": Known("Victor Hale", "person", None, "REB", ("leader of the Red Dawn Front",),
                                   gender="m", source="test")}


KB = _ArmedWorld()


def actors_of(doc: object) -> dict[str, Actor]:
    return {actor.name: actor for actor in extract_actors(doc, KB).actors}  # type: ignore[arg-type]


def texts(actor: Actor, how: str | None = None) -> list[str]:
    return [m.text for m in actor.mentions if how is None or m.how == how]


def _front(rest: list[tuple[str, bool, int, str, str, str]]) -> list[tuple[str, bool, int, str, str, str]]:
    """ "The Red Dawn Front <verb> ..." with the name as the subject of token 4."""
    return [("The", True, 3, "det", "DET", "DT"), ("Red", True, 3, "compound", "PROPN", "NNP"),
            ("Dawn", True, 3, "compound", "PROPN", "NNP"), ("Front", True, 4, "nsubj", "PROPN", "NNP"), *rest]


# "The Red Dawn Front said it would talk."
SAID_IT = build(_front([("said", True, 4, "ROOT", "VERB", "VBD"), ("it", True, 7, "nsubj", "PRON", "PRP"),
                        ("would", True, 7, "aux", "AUX", "MD"), ("talk", False, 4, "ccomp", "VERB", "VB"),
                        (".", False, 4, "punct", "PUNCT", ".")]),
                [(1, 4, "ORG")], [0])


def test_it_reported_by_a_body_is_that_body() -> None:
    # "X said it would ...": the complement clause continues the speaker's subject
    assert texts(actors_of(SAID_IT)["Red Dawn Front"], "pronoun") == ["it"]


# "The Red Dawn Front met. It adjourned."
IT_NEXT = build(_front([("met", False, 4, "ROOT", "VERB", "VBD"), (".", True, 4, "punct", "PUNCT", "."),
                        ("It", True, 7, "nsubj", "PRON", "PRP"),
                        ("adjourned", False, 7, "ROOT", "VERB", "VBD"),
                        (".", False, 7, "punct", "PUNCT", ".")]),
                [(1, 4, "ORG")], [0, 6])


def test_a_main_clause_it_continues_the_previous_subject() -> None:
    assert texts(actors_of(IT_NEXT)["Red Dawn Front"], "pronoun") == ["It"]


# "The Red Dawn Front met. It is likely that Finland will vote."
IT_EXPLETIVE = build(_front([("met", False, 4, "ROOT", "VERB", "VBD"), (".", True, 4, "punct", "PUNCT", "."),
                             ("It", True, 7, "nsubj", "PRON", "PRP"), ("is", True, 7, "ROOT", "AUX", "VBZ"),
                             ("likely", True, 7, "acomp", "ADJ", "JJ"),
                             ("that", True, 12, "mark", "SCONJ", "IN"),
                             ("Finland", True, 12, "nsubj", "PROPN", "NNP"),
                             ("will", True, 12, "aux", "AUX", "MD"),
                             ("vote", False, 7, "ccomp", "VERB", "VB"),
                             (".", False, 7, "punct", "PUNCT", ".")]),
                     [(1, 4, "ORG"), (10, 11, "GPE")], [0, 6], lemmas={"is": "be"})


def test_an_it_standing_for_a_clause_is_no_one() -> None:
    assert all(m.text != "It" for actor in actors_of(IT_EXPLETIVE).values() for m in actor.mentions)


# "The Red Dawn Front met. The law says it ends."
IT_OF_A_THING = build(_front([("met", False, 4, "ROOT", "VERB", "VBD"), (".", True, 4, "punct", "PUNCT", "."),
                              ("The", True, 7, "det", "DET", "DT"), ("law", True, 8, "nsubj", "NOUN", "NN"),
                              ("says", True, 8, "ROOT", "VERB", "VBZ"),
                              ("it", True, 10, "nsubj", "PRON", "PRP"),
                              ("ends", False, 8, "ccomp", "VERB", "VBZ"),
                              (".", False, 8, "punct", "PUNCT", ".")]),
                      [(1, 4, "ORG")], [0, 6])


def test_it_continuing_a_subject_that_is_no_actor_is_left_alone() -> None:
    assert texts(actors_of(IT_OF_A_THING)["Red Dawn Front"], "pronoun") == []


# "The police said they arrested the rebels. The rebels encircled them."
THEY = build(
    [("The", True, 1, "det", "DET", "DT"), ("police", True, 2, "nsubj", "NOUN", "NNS"),
     ("said", True, 2, "ROOT", "VERB", "VBD"), ("they", True, 4, "nsubj", "PRON", "PRP"),
     ("arrested", True, 2, "ccomp", "VERB", "VBD"), ("the", True, 6, "det", "DET", "DT"),
     ("rebels", False, 4, "dobj", "NOUN", "NNS"), (".", True, 2, "punct", "PUNCT", "."),
     ("The", True, 9, "det", "DET", "DT"), ("rebels", True, 10, "nsubj", "NOUN", "NNS"),
     ("encircled", True, 10, "ROOT", "VERB", "VBD"), ("them", False, 10, "dobj", "PRON", "PRP"),
     (".", False, 10, "punct", "PUNCT", ".")],
    [], [0, 8])


def test_they_reported_by_a_plural_body_is_that_body() -> None:
    assert texts(actors_of(THEY)["police"], "pronoun") == ["they"]


def test_an_object_pronoun_is_not_its_own_clause_subject() -> None:
    # binding: "the rebels encircled them" - not themselves
    assert all("them" not in texts(actor) for actor in actors_of(THEY).values()
               if "The rebels" in texts(actor))


# "The Red Dawn Front said its rebels won."  ("its rebels" is a description that holds "its")
ITS_INSIDE = build(_front([("said", True, 4, "ROOT", "VERB", "VBD"), ("its", True, 6, "poss", "PRON", "PRP$"),
                           ("rebels", True, 7, "nsubj", "NOUN", "NNS"),
                           ("won", False, 4, "ccomp", "VERB", "VBD"),
                           (".", False, 4, "punct", "PUNCT", ".")]),
                   [(1, 4, "ORG")], [0])


def test_a_possessive_inside_a_description_is_resolved_too() -> None:
    assert texts(actors_of(ITS_INSIDE)["Red Dawn Front"], "pronoun") == ["its"]


# 'Liu Jianchao met Blinken. Blinken said "he lied".'
QUOTED_HE = build(
    [("Liu", True, 1, "compound", "PROPN", "NNP"), ("Jianchao", True, 2, "nsubj", "PROPN", "NNP"),
     ("met", True, 2, "ROOT", "VERB", "VBD"), ("Blinken", False, 2, "dobj", "PROPN", "NNP"),
     (".", True, 2, "punct", "PUNCT", "."), ("Blinken", True, 6, "nsubj", "PROPN", "NNP"),
     ("said", True, 6, "ROOT", "VERB", "VBD"), ("“", False, 9, "punct", "PUNCT", "``"),
     ("he", True, 9, "nsubj", "PRON", "PRP"), ("lied", False, 6, "ccomp", "VERB", "VBD"),
     ("”", False, 6, "punct", "PUNCT", "''"), (".", False, 6, "punct", "PUNCT", ".")],
    [(0, 2, "PERSON"), (3, 4, "PERSON"), (5, 6, "PERSON")], [0, 5])


def test_a_pronoun_inside_a_quotation_is_not_its_speaker() -> None:
    actors = actors_of(QUOTED_HE)
    assert texts(actors["Liu Jianchao"], "pronoun") == ["he"]
    assert texts(actors["Antony Blinken"], "pronoun") == []


# 'Yoko Kamikawa spoke. “We came. We saw. We won.” She left.'
AFTER_A_QUOTE = build(
    [("Kamikawa", True, 1, "nsubj", "PROPN", "NNP"), ("spoke", False, 1, "ROOT", "VERB", "VBD"),
     (".", True, 1, "punct", "PUNCT", "."), ("“", False, 5, "punct", "PUNCT", "``"),
     ("We", True, 5, "nsubj", "PRON", "PRP"), ("came", False, 5, "ROOT", "VERB", "VBD"),
     (".", True, 5, "punct", "PUNCT", "."), ("We", True, 8, "nsubj", "PRON", "PRP"),
     ("saw", False, 8, "ROOT", "VERB", "VBD"), (".", True, 8, "punct", "PUNCT", "."),
     ("We", True, 11, "nsubj", "PRON", "PRP"), ("won", False, 11, "ROOT", "VERB", "VBD"),
     (".", False, 11, "punct", "PUNCT", "."), ("”", True, 11, "punct", "PUNCT", "''"),
     ("She", True, 15, "nsubj", "PRON", "PRP"), ("left", False, 15, "ROOT", "VERB", "VBD"),
     (".", False, 15, "punct", "PUNCT", ".")],
    [(0, 1, "PERSON")], [0, 3, 7, 10, 14])


def test_quoted_sentences_do_not_push_the_speaker_out_of_reach() -> None:
    assert texts(actors_of(AFTER_A_QUOTE)["Yoko Kamikawa"], "pronoun") == ["She"]


# "Liu Jianchao spoke. In Beijing, Blinken led talks. He left."  (parsed with "Blinken" as a
#  conjunct of "Beijing" and "led" without a subject)
SUBJECTLESS = build(
    [("Liu", True, 1, "compound", "PROPN", "NNP"), ("Jianchao", True, 2, "nsubj", "PROPN", "NNP"),
     ("spoke", False, 2, "ROOT", "VERB", "VBD"), (".", True, 2, "punct", "PUNCT", "."),
     ("In", True, 8, "prep", "ADP", "IN"), ("Beijing", False, 4, "pobj", "PROPN", "NNP"),
     (",", True, 5, "punct", "PUNCT", ","), ("Blinken", True, 5, "conj", "PROPN", "NNP"),
     ("led", True, 8, "ROOT", "VERB", "VBD"), ("talks", False, 8, "dobj", "NOUN", "NNS"),
     (".", True, 8, "punct", "PUNCT", "."), ("He", True, 12, "nsubj", "PRON", "PRP"),
     ("left", False, 12, "ROOT", "VERB", "VBD"), (".", False, 12, "punct", "PUNCT", ".")],
    [(0, 2, "PERSON"), (5, 6, "GPE"), (7, 8, "PERSON")], [0, 4, 11])


def test_a_name_before_a_subjectless_verb_acts_as_its_subject() -> None:
    assert texts(actors_of(SUBJECTLESS)["Antony Blinken"], "pronoun") == ["He"]


# "The Red Dawn Front attacked a base. The group said the militants won."
KINDS = build(_front([("attacked", True, 4, "ROOT", "VERB", "VBD"), ("a", True, 6, "det", "DET", "DT"),
                      ("base", False, 4, "dobj", "NOUN", "NN"), (".", True, 4, "punct", "PUNCT", "."),
                      ("The", True, 9, "det", "DET", "DT"), ("group", True, 10, "nsubj", "NOUN", "NN"),
                      ("said", True, 10, "ROOT", "VERB", "VBD"), ("the", True, 12, "det", "DET", "DT"),
                      ("militants", True, 13, "nsubj", "NOUN", "NNS"),
                      ("won", False, 10, "ccomp", "VERB", "VBD"),
                      (".", False, 10, "punct", "PUNCT", ".")]),
              [(1, 4, "ORG")], [0, 8])


def test_the_group_and_the_militants_are_the_armed_group_named_before() -> None:
    front = actors_of(KINDS)["Red Dawn Front"]
    assert texts(front, "description") == ["The group", "the militants"]
    assert front.sector == "REB"  # "militants" (UAF) says the kind, not which: the name's code stands


# "The group met."
LONE_GROUP = build([("The", True, 1, "det", "DET", "DT"), ("group", True, 2, "nsubj", "NOUN", "NN"),
                    ("met", False, 2, "ROOT", "VERB", "VBD"), (".", False, 2, "punct", "PUNCT", ".")],
                   [], [0])


def test_the_group_with_no_group_named_before_is_left_out() -> None:
    assert actors_of(LONE_GROUP) == {}


# "Victor Hale spoke. Troops hunt the militant leader."
LEADER = build(
    [("Victor", True, 1, "compound", "PROPN", "NNP"), ("Hale", True, 2, "nsubj", "PROPN", "NNP"),
     ("spoke", False, 2, "ROOT", "VERB", "VBD"), (".", True, 2, "punct", "PUNCT", "."),
     ("Troops", True, 5, "nsubj", "NOUN", "NNS"), ("hunt", True, 5, "ROOT", "VERB", "VBP"),
     ("the", True, 8, "det", "DET", "DT"), ("militant", True, 8, "amod", "ADJ", "JJ"),
     ("leader", False, 5, "dobj", "NOUN", "NN"), (".", False, 5, "punct", "PUNCT", ".")],
    [(0, 2, "PERSON")], [0, 4])


def test_the_militant_leader_is_the_leader_named_before() -> None:
    assert texts(actors_of(LEADER)["Victor Hale"], "description") == ["the militant leader"]
