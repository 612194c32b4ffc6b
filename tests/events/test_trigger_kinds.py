"""Kinds of acts the trigger side reads from the shape of the clause (what is acted on, who acts,
who receives): hand-built Docs of sentences written for these tests, the real lexicon and codebook."""

from __future__ import annotations

from spacy.tokens import Doc

from tests.actors.handmade import Word, build
from tests.events.roles_made import coded
from tidings.events.lexicon import load_lexicon
from tidings.events.triggers import match_trigger


def _code(doc: Doc, i: int) -> str | None:
    match = match_trigger(doc[i], load_lexicon())
    return None if match is None else match.trigger.code


# "Russia returned the statues to Ukraine." / "... the soldiers ..." / "Russia returned to Ukraine."
def _returned(thing: str | None) -> Doc:
    words: list[Word] = [("Russia", True, 1, "nsubj", "PROPN", "NNP"),
                         ("returned", True, 1, "ROOT", "VERB", "VBD")]
    if thing is not None:
        words += [("the", True, 3, "det", "DET", "DT"), (thing, True, 1, "dobj", "NOUN", "NNS")]
    to = len(words)
    words += [("to", True, 1, "prep", "ADP", "IN"), ("Ukraine", False, to, "pobj", "PROPN", "NNP"),
              (".", False, 1, "punct", "PUNCT", ".")]
    return build(words, [(0, 1, "GPE"), (to + 1, to + 2, "GPE")], [0],
                 {"returned": "return", "statues": "statue", "soldiers": "soldier"})


def test_a_thing_given_back_to_someone_is_returned_property() -> None:
    assert coded(_returned("statues")) == [("Russia", "Ukraine", "0842")]
    assert _code(_returned(None), 1) is None  # came back: no object, nothing returned
    assert ("Russia", "Ukraine", "0842") not in coded(_returned("soldiers"))  # people are no property


def _did_to(verb: str, lemma: str, thing: str) -> Doc:
    """ "Chile VERBED the THING." """
    return build([("Chile", True, 1, "nsubj", "PROPN", "NNP"), (verb, True, 1, "ROOT", "VERB", "VBD"),
                  ("the", True, 3, "det", "DET", "DT"), (thing, False, 1, "dobj", "NOUN", "NN"),
                  (".", False, 1, "punct", "PUNCT", ".")], [(0, 1, "GPE")], [0], {verb: lemma})


PARDONED = _did_to("pardoned", "pardon", "general")  # "Chile pardoned the general."


def test_a_pardon_releases_the_one_pardoned() -> None:
    assert _code(PARDONED, 1) == "0841"


# "The troops remained on alert in Chad."
ON_ALERT = build(
    [("The", True, 1, "det", "DET", "DT"), ("troops", True, 2, "nsubj", "NOUN", "NNS"),
     ("remained", True, 2, "ROOT", "VERB", "VBD"), ("on", True, 2, "prep", "ADP", "IN"),
     ("alert", True, 3, "pobj", "NOUN", "NN"), ("in", True, 2, "prep", "ADP", "IN"),
     ("Chad", False, 5, "pobj", "PROPN", "NNP"), (".", False, 2, "punct", "PUNCT", ".")],
    [(6, 7, "GPE")], [0], {"troops": "troop", "remained": "remain"},
)


def test_forces_kept_on_alert_raise_their_alert_status() -> None:
    assert _code(ON_ALERT, 2) == "152"


# "Russia called Ukraine to apologize." / "Russia called Ukraine to meet."
def _called_to(purpose: str) -> Doc:
    return build([("Russia", True, 1, "nsubj", "PROPN", "NNP"), ("called", True, 1, "ROOT", "VERB", "VBD"),
                  ("Ukraine", True, 1, "dobj", "PROPN", "NNP"), ("to", True, 4, "aux", "PART", "TO"),
                  (purpose, False, 1, "xcomp", "VERB", "VB"), (".", False, 1, "punct", "PUNCT", ".")],
                 [(0, 1, "GPE"), (2, 3, "GPE")], [0], {"called": "call"})


def test_a_verbal_act_a_call_was_made_to_do_is_the_callers_to_the_one_called() -> None:
    assert set(coded(_called_to("apologize"))) == {("Russia", "Ukraine", "041"), ("Russia", "Ukraine", "055")}
    assert ("Russia", "Ukraine", "040") not in coded(_called_to("meet"))  # meeting is no verbal act


# "Chile pledged support for Peru." / "Chile pledged support to Peru."
def _pledged(preposition: str) -> Doc:
    return build([("Chile", True, 1, "nsubj", "PROPN", "NNP"), ("pledged", True, 1, "ROOT", "VERB", "VBD"),
                  ("support", True, 1, "dobj", "NOUN", "NN"), (preposition, True, 2, "prep", "ADP", "IN"),
                  ("Peru", False, 3, "pobj", "PROPN", "NNP"), (".", False, 1, "punct", "PUNCT", ".")],
                 [(0, 1, "GPE"), (4, 5, "GPE")], [0], {"pledged": "pledge"})


def test_support_pledged_for_someone_endorses_them_and_to_someone_promises_aid() -> None:
    assert _code(_pledged("for"), 1) == "051"
    assert _code(_pledged("to"), 1) == "033"
