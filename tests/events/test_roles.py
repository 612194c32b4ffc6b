"""Who did what to whom: source and target rules on hand-built Docs of sentences written for
these tests (parses frozen from the English pipeline), with the real codebook and lexicon."""

from __future__ import annotations

from tests.actors.handmade import build
from tests.events.roles_made import coded, pairs

# Russia urged Ukraine to release the sailors.
URGED = build(
    [('Russia', True, 1, "nsubj", "PROPN", "NNP"),
     ('urged', True, 1, "ROOT", "VERB", "VBD"),
     ('Ukraine', True, 1, "dobj", "PROPN", "NNP"),
     ('to', True, 4, "aux", "PART", "TO"),
     ('release', True, 1, "xcomp", "VERB", "VB"),
     ('the', True, 6, "det", "DET", "DT"),
     ('sailors', False, 4, "dobj", "NOUN", "NNS"),
     ('.', False, 1, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (2, 3, 'GPE')],
    [0],
    lemmas={'urged': 'urge', 'sailors': 'sailor'},
)


# Ukraine was forced to withdraw its troops from Syria.
FORCED = build(
    [('Ukraine', True, 2, "nsubjpass", "PROPN", "NNP"),
     ('was', True, 2, "auxpass", "AUX", "VBD"),
     ('forced', True, 2, "ROOT", "VERB", "VBN"),
     ('to', True, 4, "aux", "PART", "TO"),
     ('withdraw', True, 2, "xcomp", "VERB", "VB"),
     ('its', True, 6, "poss", "PRON", "PRP$"),
     ('troops', True, 4, "dobj", "NOUN", "NNS"),
     ('from', True, 4, "prep", "ADP", "IN"),
     ('Syria', False, 7, "pobj", "PROPN", "NNP"),
     ('.', False, 2, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (8, 9, 'GPE')],
    [0],
    lemmas={'was': 'be', 'forced': 'force', 'troops': 'troop'},
)


# Egyptian sailors were arrested in Nigeria.
ARRESTED = build(
    [('Egyptian', True, 1, "amod", "ADJ", "JJ"),
     ('sailors', True, 3, "nsubjpass", "NOUN", "NNS"),
     ('were', True, 3, "auxpass", "AUX", "VBD"),
     ('arrested', True, 3, "ROOT", "VERB", "VBN"),
     ('in', True, 3, "prep", "ADP", "IN"),
     ('Nigeria', False, 4, "pobj", "PROPN", "NNP"),
     ('.', False, 3, "punct", "PUNCT", ".")],
    [(0, 1, 'NORP'), (5, 6, 'GPE')],
    [0],
    lemmas={'sailors': 'sailor', 'were': 'be', 'arrested': 'arrest'},
)


# Nigeria freed Egyptian sailors detained in Chad.
DETAINED = build(
    [('Nigeria', True, 1, "nsubj", "PROPN", "NNP"),
     ('freed', True, 1, "ROOT", "VERB", "VBD"),
     ('Egyptian', True, 3, "amod", "ADJ", "JJ"),
     ('sailors', True, 1, "dobj", "NOUN", "NNS"),
     ('detained', True, 3, "acl", "VERB", "VBN"),
     ('in', True, 4, "prep", "ADP", "IN"),
     ('Chad', False, 5, "pobj", "PROPN", "NNP"),
     ('.', False, 1, "punct", "PUNCT", ".")],
    [(2, 3, 'NORP'), (6, 7, 'GPE')],
    [0],
    lemmas={'freed': 'free', 'sailors': 'sailor', 'detained': 'detain'},
)


# Egyptian sailors are reported to have been detained in Chad.
REPORTED_HELD = build(
    [('Egyptian', True, 1, "amod", "ADJ", "JJ"),
     ('sailors', True, 3, "nsubjpass", "NOUN", "NNS"),
     ('are', True, 3, "auxpass", "AUX", "VBP"),
     ('reported', True, 3, "ROOT", "VERB", "VBN"),
     ('to', True, 7, "aux", "PART", "TO"),
     ('have', True, 7, "aux", "AUX", "VB"),
     ('been', True, 7, "auxpass", "AUX", "VBN"),
     ('detained', True, 3, "xcomp", "VERB", "VBN"),
     ('in', True, 7, "prep", "ADP", "IN"),
     ('Chad', False, 8, "pobj", "PROPN", "NNP"),
     ('.', False, 3, "punct", "PUNCT", ".")],
    [(0, 1, 'NORP'), (9, 10, 'GPE')],
    [0],
    lemmas={'sailors': 'sailor', 'are': 'be', 'reported': 'report', 'been': 'be', 'detained': 'detain'},
)


# Leaders of the rebels demanded talks with Syria.
LEADERS = build(
    [('Leaders', True, 4, "nsubj", "NOUN", "NNS"),
     ('of', True, 0, "prep", "ADP", "IN"),
     ('the', True, 3, "det", "DET", "DT"),
     ('rebels', True, 1, "pobj", "NOUN", "NNS"),
     ('demanded', True, 4, "ROOT", "VERB", "VBD"),
     ('talks', True, 4, "dobj", "NOUN", "NNS"),
     ('with', True, 5, "prep", "ADP", "IN"),
     ('Syria', False, 6, "pobj", "PROPN", "NNP"),
     ('.', False, 4, "punct", "PUNCT", ".")],
    [(7, 8, 'GPE')],
    [0],
    lemmas={'Leaders': 'leader', 'rebels': 'rebel', 'demanded': 'demand', 'talks': 'talk'},
)


# Nigeria and Chad exchanged fire on Sunday.
EXCHANGED = build(
    [('Nigeria', True, 3, "nsubj", "PROPN", "NNP"),
     ('and', True, 0, "cc", "CCONJ", "CC"),
     ('Chad', True, 0, "conj", "PROPN", "NNP"),
     ('exchanged', True, 3, "ROOT", "VERB", "VBD"),
     ('fire', True, 3, "dobj", "NOUN", "NN"),
     ('on', True, 3, "prep", "ADP", "IN"),
     ('Sunday', False, 5, "pobj", "PROPN", "NNP"),
     ('.', False, 3, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (2, 3, 'GPE'), (6, 7, 'DATE')],
    [0],
    lemmas={'exchanged': 'exchange'},
)


# Syria and Israel fired across the border.
FIRED = build(
    [('Syria', True, 3, "nsubj", "PROPN", "NNP"),
     ('and', True, 0, "cc", "CCONJ", "CC"),
     ('Israel', True, 0, "conj", "PROPN", "NNP"),
     ('fired', True, 3, "ROOT", "VERB", "VBD"),
     ('across', True, 3, "prep", "ADP", "IN"),
     ('the', True, 6, "det", "DET", "DT"),
     ('border', False, 4, "pobj", "NOUN", "NN"),
     ('.', False, 3, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (2, 3, 'GPE')],
    [0],
    lemmas={'fired': 'fire'},
)


# Japan and China met in Moscow.
MET_IN = build(
    [('Japan', True, 3, "nsubj", "PROPN", "NNP"),
     ('and', True, 0, "cc", "CCONJ", "CC"),
     ('China', True, 0, "conj", "PROPN", "NNP"),
     ('met', True, 3, "ROOT", "VERB", "VBD"),
     ('in', True, 3, "prep", "ADP", "IN"),
     ('Moscow', False, 4, "pobj", "PROPN", "NNP"),
     ('.', False, 3, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (2, 3, 'GPE'), (5, 6, 'GPE')],
    [0],
    lemmas={'met': 'meet'},
)


# Egypt watched the fighting between Nigeria and Chad.
WATCHED = build(
    [('Egypt', True, 1, "nsubj", "PROPN", "NNP"),
     ('watched', True, 1, "ROOT", "VERB", "VBD"),
     ('the', True, 3, "det", "DET", "DT"),
     ('fighting', True, 1, "dobj", "NOUN", "NN"),
     ('between', True, 3, "prep", "ADP", "IN"),
     ('Nigeria', True, 4, "pobj", "PROPN", "NNP"),
     ('and', True, 5, "cc", "CCONJ", "CC"),
     ('Chad', False, 5, "conj", "PROPN", "NNP"),
     ('.', False, 1, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (5, 6, 'GPE'), (7, 8, 'GPE')],
    [0],
    lemmas={'watched': 'watch'},
)


# Russia, which invaded Ukraine, is isolated.
INVADED = build(
    [('Russia', False, 7, "nsubjpass", "PROPN", "NNP"),
     (',', True, 0, "punct", "PUNCT", ","),
     ('which', True, 3, "nsubj", "PRON", "WDT"),
     ('invaded', True, 0, "relcl", "VERB", "VBD"),
     ('Ukraine', False, 3, "dobj", "PROPN", "NNP"),
     (',', True, 0, "punct", "PUNCT", ","),
     ('is', True, 7, "auxpass", "AUX", "VBZ"),
     ('isolated', False, 7, "ROOT", "VERB", "VBN"),
     ('.', False, 7, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (4, 5, 'GPE')],
    [0],
    lemmas={'invaded': 'invade', 'is': 'be', 'isolated': 'isolate'},
)


# Some information for this report was provided by Egypt, Syria and Iraq.
PROVIDED = build(
    [('Some', True, 1, "det", "DET", "DT"),
     ('information', True, 6, "nsubjpass", "NOUN", "NN"),
     ('for', True, 1, "prep", "ADP", "IN"),
     ('this', True, 4, "det", "DET", "DT"),
     ('report', True, 2, "pobj", "NOUN", "NN"),
     ('was', True, 6, "auxpass", "AUX", "VBD"),
     ('provided', True, 6, "ROOT", "VERB", "VBN"),
     ('by', True, 6, "agent", "ADP", "IN"),
     ('Egypt', False, 7, "pobj", "PROPN", "NNP"),
     (',', True, 8, "punct", "PUNCT", ","),
     ('Syria', True, 8, "conj", "PROPN", "NNP"),
     ('and', True, 10, "cc", "CCONJ", "CC"),
     ('Iraq', False, 10, "conj", "PROPN", "NNP"),
     ('.', False, 6, "punct", "PUNCT", ".")],
    [(8, 9, 'GPE'), (10, 11, 'GPE'), (12, 13, 'GPE')],
    [0],
    lemmas={'was': 'be', 'provided': 'provide'},
)


# Nigeria ordered the Egyptian sailors' release.
RELEASE_ORDERED = build(
    [('Nigeria', True, 1, "nsubj", "PROPN", "NNP"),
     ('ordered', True, 1, "ROOT", "VERB", "VBD"),
     ('the', True, 4, "det", "DET", "DT"),
     ('Egyptian', True, 4, "amod", "ADJ", "JJ"),
     ('sailors', False, 6, "poss", "NOUN", "NNS"),
     ("'", True, 4, "case", "PART", "POS"),
     ('release', False, 1, "dobj", "NOUN", "NN"),
     ('.', False, 1, "punct", "PUNCT", ".")],
    [(3, 4, 'NORP')],
    [0],
    lemmas={'ordered': 'order', 'sailors': 'sailor'},
)


# Japan gave ten million dollars to help refugees in Lebanon.
GAVE_TO_HELP = build(
    [('Japan', True, 1, "nsubj", "PROPN", "NNP"),
     ('gave', True, 1, "ROOT", "VERB", "VBD"),
     ('ten', True, 3, "compound", "NUM", "CD"),
     ('million', True, 4, "nummod", "NUM", "CD"),
     ('dollars', True, 1, "dobj", "NOUN", "NNS"),
     ('to', True, 6, "aux", "PART", "TO"),
     ('help', True, 1, "advcl", "VERB", "VB"),
     ('refugees', True, 6, "dobj", "NOUN", "NNS"),
     ('in', True, 6, "prep", "ADP", "IN"),
     ('Lebanon', False, 8, "pobj", "PROPN", "NNP"),
     ('.', False, 1, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (2, 5, 'MONEY'), (9, 10, 'GPE')],
    [0],
    lemmas={'gave': 'give', 'dollars': 'dollar', 'refugees': 'refugee'},
)


# Russia and Ukraine announced a ceasefire in Syria.
CEASEFIRE_IN = build(
    [('Russia', True, 3, "nsubj", "PROPN", "NNP"),
     ('and', True, 0, "cc", "CCONJ", "CC"),
     ('Ukraine', True, 0, "conj", "PROPN", "NNP"),
     ('announced', True, 3, "ROOT", "VERB", "VBD"),
     ('a', True, 5, "det", "DET", "DT"),
     ('ceasefire', True, 3, "dobj", "NOUN", "NN"),
     ('in', True, 5, "prep", "ADP", "IN"),
     ('Syria', False, 6, "pobj", "PROPN", "NNP"),
     ('.', False, 3, "punct", "PUNCT", ".")],
    [(0, 1, 'GPE'), (2, 3, 'GPE'), (7, 8, 'GPE')],
    [0],
    lemmas={'announced': 'announce'},
)


def test_the_object_of_an_urging_does_what_it_was_urged_to() -> None:
    assert ("Ukraine", "sailors", "084") in coded(URGED)
    assert ("Russia", "sailors") not in pairs(URGED)


def test_whoever_was_forced_to_act_acts_and_its_own_troops_are_not_the_target() -> None:
    assert pairs(FORCED) == [("Ukraine", "Syria")]


def test_an_arrest_with_no_one_named_is_the_state_where_it_happened() -> None:
    assert ("Nigeria", "Egyptian sailors", "173") in coded(ARRESTED)


def test_a_past_participle_acts_on_the_noun_it_qualifies() -> None:
    # "sailors detained in Chad": the sailors were detained, by Chad; they detained no one
    found = coded(DETAINED)
    assert ("Chad", "Egyptian sailors", "173") in found
    assert all(source != "Egyptian sailors" for source, _target, _code in found)


def test_a_raised_passive_subject_is_acted_on() -> None:
    assert pairs(REPORTED_HELD) == [("Chad", "Egyptian sailors")]


def test_leaders_of_a_group_act_for_it() -> None:
    assert ("rebels", "Syria") in pairs(LEADERS)


def test_coordinated_subjects_of_a_reciprocal_act_act_on_each_other() -> None:
    assert sorted(pairs(EXCHANGED)) == [("Chad", "Nigeria"), ("Nigeria", "Chad")]


def test_two_states_firing_with_no_other_target_fire_at_each_other() -> None:
    assert sorted(pairs(FIRED)) == [("Israel", "Syria"), ("Syria", "Israel")]


def test_where_a_meeting_took_place_is_not_who_met() -> None:
    assert pairs(MET_IN) == [("Japan", "China")]  # one meeting, told once (tidings.events.repeats)


def test_fighting_between_two_sides_is_theirs_not_the_watchers() -> None:
    assert ("Nigeria", "Chad", "190") in coded(WATCHED)


def test_a_relative_pronoun_stands_for_the_noun_it_follows() -> None:
    assert ("Russia", "Ukraine", "190") in coded(INVADED)


def test_coordinated_agents_of_a_passive_are_not_two_sides() -> None:
    assert pairs(PROVIDED) == []


def test_whose_release_it_is_was_released_not_the_releaser() -> None:
    found = coded(RELEASE_ORDERED)
    releases = [(source, target) for source, target, code in found if code.startswith("08")]
    assert releases and all(target == "Egypt" and source != "Egypt" for source, target in releases)


def test_aid_is_aimed_at_whoever_its_purpose_names() -> None:
    assert ("Japan", "Lebanon", "071") in coded(GAVE_TO_HELP)


def test_a_ceasefire_in_a_place_is_aimed_at_its_fighting() -> None:
    assert ("Russia", "Syria", "0871") in coded(CEASEFIRE_IN)
