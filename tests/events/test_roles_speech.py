"""Who did what to whom in what is said: statements, threats, condemnations and quotes, on
hand-built Docs of sentences written for these tests (parses frozen from the English pipeline)."""

from __future__ import annotations

from tests.actors.handmade import build
from tests.events.roles_made import coded, pairs

# A statement from the Egyptian ministry accused Israel of shelling Gaza.
STATEMENT = build(
    [('A', True, 1, "det", "DET", "DT"),
     ('statement', True, 6, "nsubj", "NOUN", "NN"),
     ('from', True, 1, "prep", "ADP", "IN"),
     ('the', True, 5, "det", "DET", "DT"),
     ('Egyptian', True, 5, "amod", "ADJ", "JJ"),
     ('ministry', True, 2, "pobj", "NOUN", "NN"),
     ('accused', True, 6, "ROOT", "VERB", "VBD"),
     ('Israel', True, 6, "dobj", "PROPN", "NNP"),
     ('of', True, 6, "prep", "ADP", "IN"),
     ('shelling', True, 8, "pcomp", "VERB", "VBG"),
     ('Gaza', False, 9, "dobj", "PROPN", "NNP"),
     ('.', False, 6, "punct", "PUNCT", ".")],
    [(4, 5, 'NORP'), (7, 8, 'GPE'), (10, 11, 'GPE')],
    [0],
    lemmas={'accused': 'accuse', 'shelling': 'shell'},
)


# Egypt condemned the attack on Chad.
CONDEMNED = build(
    [('Egypt', True, 1, "nsubj", "PROPN", "NNP"),
     ('condemned', True, 1, "ROOT", "VERB", "VBD"),
     ('the', True, 3, "det", "DET", "DT"),
     ('attack', True, 1, "dobj", "NOUN", "NN"),
     ('on', True, 3, "prep", "ADP", "IN"),
     ('Chad', False, 4, "pobj", "PROPN", "NNP"),
     ('.', False, 1, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (5, 6, 'GPE')],
    [0],
    lemmas={'condemned': 'condemn'},
)


# Egypt condemned Israel's attack on Chad.
CONDEMNED_ISRAEL = build(
    [('Egypt', True, 1, "nsubj", "PROPN", "NNP"),
     ('condemned', True, 1, "ROOT", "VERB", "VBD"),
     ('Israel', False, 4, "poss", "PROPN", "NNP"),
     ("'s", True, 2, "case", "PART", "POS"),
     ('attack', True, 1, "dobj", "NOUN", "NN"),
     ('on', True, 4, "prep", "ADP", "IN"),
     ('Chad', False, 5, "pobj", "PROPN", "NNP"),
     ('.', False, 1, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (2, 3, 'GPE'), (6, 7, 'GPE')],
    [0],
    lemmas={'condemned': 'condemn'},
)


# "Syria shelled our positions," an Israeli official said.
SYRIA_SHELLED = build(
    [('"', False, 10, "punct", "PUNCT", "``"),
     ('Syria', True, 2, "nsubj", "PROPN", "NNP"),
     ('shelled', True, 10, "ccomp", "VERB", "VBD"),
     ('our', True, 4, "poss", "PRON", "PRP$"),
     ('positions', False, 2, "dobj", "NOUN", "NNS"),
     (',', False, 10, "punct", "PUNCT", ","),
     ('"', True, 10, "punct", "PUNCT", "''"),
     ('an', True, 9, "det", "DET", "DT"),
     ('Israeli', True, 9, "amod", "ADJ", "JJ"),
     ('official', True, 10, "nsubj", "NOUN", "NN"),
     ('said', False, 10, "ROOT", "VERB", "VBD"),
     ('.', False, 10, "punct", "PUNCT", ".")],
    [(1, 2, 'GPE'), (8, 9, 'NORP')],
    [0],
    lemmas={'shelled': 'shell', 'positions': 'position', 'said': 'say'},
)


# Egypt warned that if Israel attacks Gaza, the Egyptian response will be swift.
WARNED = build(
    [('Egypt', True, 1, "nsubj", "PROPN", "NNP"),
     ('warned', True, 1, "ROOT", "VERB", "VBD"),
     ('that', True, 12, "mark", "SCONJ", "IN"),
     ('if', True, 5, "mark", "SCONJ", "IN"),
     ('Israel', True, 5, "nsubj", "PROPN", "NNP"),
     ('attacks', True, 12, "advcl", "VERB", "VBZ"),
     ('Gaza', False, 5, "dobj", "PROPN", "NNP"),
     (',', True, 12, "punct", "PUNCT", ","),
     ('the', True, 10, "det", "DET", "DT"),
     ('Egyptian', True, 10, "amod", "ADJ", "JJ"),
     ('response', True, 12, "nsubj", "NOUN", "NN"),
     ('will', True, 12, "aux", "AUX", "MD"),
     ('be', True, 1, "ccomp", "AUX", "VB"),
     ('swift', False, 12, "acomp", "ADJ", "JJ"),
     ('.', False, 1, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (4, 5, 'GPE'), (6, 7, 'GPE'), (9, 10, 'NORP')],
    [0],
    lemmas={'warned': 'warn', 'attacks': 'attack'},
)


# Syria shelled Israel on Sunday. "They shelled our positions all night," an Israeli official said.
THEY_SHELLED_AGAIN = build(
    [('Syria', True, 1, "nsubj", "PROPN", "NNP"),
     ('shelled', True, 1, "ROOT", "VERB", "VBD"),
     ('Israel', True, 1, "dobj", "PROPN", "NNP"),
     ('on', True, 1, "prep", "ADP", "IN"),
     ('Sunday', False, 3, "pobj", "PROPN", "NNP"),
     ('.', True, 1, "punct", "PUNCT", "."),
     ('"', False, 18, "punct", "PUNCT", "``"),
     ('They', True, 8, "nsubj", "PRON", "PRP"),
     ('shelled', True, 18, "ccomp", "VERB", "VBD"),
     ('our', True, 10, "poss", "PRON", "PRP$"),
     ('positions', True, 8, "dobj", "NOUN", "NNS"),
     ('all', True, 12, "det", "DET", "DT"),
     ('night', False, 8, "npadvmod", "NOUN", "NN"),
     (',', False, 18, "punct", "PUNCT", ","),
     ('"', True, 18, "punct", "PUNCT", "''"),
     ('an', True, 17, "det", "DET", "DT"),
     ('Israeli', True, 17, "amod", "ADJ", "JJ"),
     ('official', True, 18, "nsubj", "NOUN", "NN"),
     ('said', False, 18, "ROOT", "VERB", "VBD"),
     ('.', False, 18, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (2, 3, 'GPE'), (4, 5, 'DATE'), (11, 13, 'TIME'), (16, 17, 'NORP')],
    [0, 6],
    lemmas={'shelled': 'shell', 'positions': 'position', 'said': 'say'},
)


def test_a_statement_speaks_for_whoever_issued_it() -> None:
    assert ("Egyptian ministry", "Israel", "112") in coded(STATEMENT)


def test_condemning_an_attack_is_aimed_at_the_attacker_never_the_victim() -> None:
    assert pairs(CONDEMNED) == [("Egypt", None)]
    assert pairs(CONDEMNED_ISRAEL)[0] == ("Egypt", "Israel")
    assert ("Egypt", "Chad") not in pairs(CONDEMNED_ISRAEL)


def test_the_one_quoted_did_not_do_what_they_say_was_done_to_them() -> None:
    # "'Syria shelled our positions,' an Israeli official said": "our" is the official's side
    assert ("Syria", "an Israeli official") in pairs(SYRIA_SHELLED)


def test_a_threat_is_aimed_at_whoever_its_condition_names() -> None:
    assert ("Egypt", "Israel", "130") in coded(WARNED)


def test_they_in_a_quote_of_one_side_are_the_side_it_has_been_fighting() -> None:
    # "'They shelled our positions,' an Israeli official said", after Syria shelled Israel
    assert ("Syria", "an Israeli official", "194") in coded(THEY_SHELLED_AGAIN)
    assert all(source != "an Israeli official" for source, _target in pairs(THEY_SHELLED_AGAIN))
