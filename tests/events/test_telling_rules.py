"""A verb of saying that governs a clause and aims at no one tells of an event; it is none itself."""

from __future__ import annotations

from tests.actors.handmade import build
from tests.events.test_extract_rules import coded

# "Syria claimed to have killed fighters."
CLAIMED = build(
    [("Syria", True, 1, "nsubj", "PROPN", "NNP"), ("claimed", True, 1, "ROOT", "VERB", "VBD"),
     ("to", True, 4, "aux", "PART", "TO"), ("have", True, 4, "aux", "AUX", "VB"),
     ("killed", True, 1, "xcomp", "VERB", "VBN"), ("fighters", False, 4, "dobj", "NOUN", "NNS"),
     (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE")],
    [0],
    lemmas={"claimed": "claim", "killed": "kill", "fighters": "fighter"},
)

# "Russia insisted it was ready."
INSISTED = build(
    [("Russia", True, 1, "nsubj", "PROPN", "NNP"), ("insisted", True, 1, "ROOT", "VERB", "VBD"),
     ("it", True, 3, "nsubj", "PRON", "PRP"), ("was", True, 1, "ccomp", "AUX", "VBD"),
     ("ready", False, 3, "acomp", "ADJ", "JJ"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE")],
    [0],
    lemmas={"insisted": "insist", "was": "be"},
)


def test_a_claim_of_a_killing_is_the_killing_not_an_allegation() -> None:
    codes = [cameo for _source, _target, cameo, _modality in coded(CLAIMED)]
    assert not [code for code in codes if code.startswith("11")]


def test_insisting_on_a_clause_aimed_at_no_one_is_no_demand() -> None:
    assert coded(INSISTED) == []
