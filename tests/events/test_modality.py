"""Modality on hand-built Docs: who vouches for an event, the reporter or someone quoted.

The sentences are made up for these tests; their parses were written out once from the English
pipeline and frozen (tests/actors/handmade.py).
"""

from __future__ import annotations

from spacy.tokens import Doc

from tests.actors.handmade import build
from tidings.events.modality import modality_of
from tidings.quotes.cues import load_cues

HEARSAY = load_cues().hearsay


def _modality(doc: Doc, word: str) -> str:
    return modality_of(next(t for t in doc if t.text == word), hearsay=HEARSAY)


# "Rebels said soldiers burned the village."
SOMEONE_ELSE = build([
    ("Rebels", True, 1, "nsubj", "NOUN", "NNS"), ("said", True, 1, "ROOT", "VERB", "VBD"),
    ("soldiers", True, 3, "nsubj", "NOUN", "NNS"), ("burned", True, 1, "ccomp", "VERB", "VBD"),
    ("the", True, 5, "det", "DET", "DT"), ("village", False, 3, "dobj", "NOUN", "NN"),
    (".", False, 1, "punct", "PUNCT", "."),
], [], [0], lemmas={"said": "say", "burned": "burn"})

# "The ministry said it is closing the embassy."
OWN_ACT = build([
    ("The", True, 1, "det", "DET", "DT"), ("ministry", True, 2, "nsubj", "NOUN", "NN"),
    ("said", True, 2, "ROOT", "VERB", "VBD"), ("it", True, 5, "nsubj", "PRON", "PRP"),
    ("is", True, 5, "aux", "AUX", "VBZ"), ("closing", True, 2, "ccomp", "VERB", "VBG"),
    ("the", True, 7, "det", "DET", "DT"), ("embassy", False, 5, "dobj", "NOUN", "NN"),
    (".", False, 2, "punct", "PUNCT", "."),
], [], [0], lemmas={"said": "say", "is": "be", "closing": "close"})

# '"We have signed the accord," the president said.'
FIRST_PERSON = build([
    ('"', False, 10, "punct", "PUNCT", "``"), ("We", True, 3, "nsubj", "PRON", "PRP"),
    ("have", True, 3, "aux", "AUX", "VBP"), ("signed", True, 10, "ccomp", "VERB", "VBN"),
    ("the", True, 5, "det", "DET", "DT"), ("accord", False, 3, "dobj", "NOUN", "NN"),
    (",", False, 10, "punct", "PUNCT", ","), ('"', True, 10, "punct", "PUNCT", "''"),
    ("the", True, 9, "det", "DET", "DT"), ("president", True, 10, "nsubj", "NOUN", "NN"),
    ("said", False, 10, "ROOT", "VERB", "VBD"), (".", False, 10, "punct", "PUNCT", "."),
], [], [0], lemmas={"signed": "sign", "said": "say"})

# "The minister spoke after meeting the envoy, the agency said."
AFTER_MEETING = build([
    ("The", True, 1, "det", "DET", "DT"), ("minister", True, 2, "nsubj", "NOUN", "NN"),
    ("spoke", True, 10, "ccomp", "VERB", "VBD"), ("after", True, 2, "prep", "ADP", "IN"),
    ("meeting", True, 3, "pcomp", "VERB", "VBG"), ("the", True, 6, "det", "DET", "DT"),
    ("envoy", False, 4, "dobj", "NOUN", "NN"), (",", True, 10, "punct", "PUNCT", ","),
    ("the", True, 9, "det", "DET", "DT"), ("agency", True, 10, "nsubj", "NOUN", "NN"),
    ("said", False, 10, "ROOT", "VERB", "VBD"), (".", False, 10, "punct", "PUNCT", "."),
], [], [0], lemmas={"spoke": "speak", "meeting": "meet", "said": "say"})

# "Police confirmed that gunmen attacked the convoy."
CONFIRMED = build([
    ("Police", True, 1, "nsubj", "NOUN", "NNS"), ("confirmed", True, 1, "ROOT", "VERB", "VBD"),
    ("that", True, 4, "mark", "SCONJ", "IN"), ("gunmen", True, 4, "nsubj", "NOUN", "NNS"),
    ("attacked", True, 1, "ccomp", "VERB", "VBD"), ("the", True, 6, "det", "DET", "DT"),
    ("convoy", False, 4, "dobj", "NOUN", "NN"), (".", False, 1, "punct", "PUNCT", "."),
], [], [0], lemmas={"confirmed": "confirm", "gunmen": "gunman", "attacked": "attack"})

# "The president spoke, referring to the treaty."  (the participle hangs on the verb of saying)
REFERRING = build([
    ("The", True, 1, "det", "DET", "DT"), ("president", True, 2, "nsubj", "NOUN", "NN"),
    ("said", False, 2, "ROOT", "VERB", "VBD"), (",", True, 2, "punct", "PUNCT", ","),
    ("referring", True, 2, "advcl", "VERB", "VBG"), ("to", True, 4, "prep", "ADP", "IN"),
    ("the", True, 7, "det", "DET", "DT"), ("treaty", False, 5, "pobj", "NOUN", "NN"),
    (".", False, 2, "punct", "PUNCT", "."),
], [], [0], lemmas={"said": "say", "referring": "refer"})


def test_what_one_party_says_of_another_is_reported() -> None:
    assert _modality(SOMEONE_ELSE, "burned") == "reported"


def test_a_speaker_telling_of_their_own_act_asserts_it() -> None:
    assert _modality(OWN_ACT, "closing") == "asserted"
    assert _modality(FIRST_PERSON, "signed") == "asserted"


def test_a_temporal_clause_is_background_not_the_speakers_claim() -> None:
    assert _modality(AFTER_MEETING, "meeting") == "asserted"
    assert _modality(AFTER_MEETING, "spoke") == "reported"


def test_a_factive_verb_vouches_for_what_it_introduces() -> None:
    assert _modality(CONFIRMED, "attacked") == "asserted"


def test_a_clause_modifying_the_telling_is_the_reporters_own() -> None:
    assert _modality(REFERRING, "referring") == "asserted"
