"""Who did what to whom: source and target rules on hand-built Docs of sentences written for
these tests (parses frozen from the English pipeline), with the real codebook and lexicon."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.actors.handmade import FakeKnowledge, build
from tidings.actors.extract import extract_actors
from tidings.events.codebook import load_codebook
from tidings.events.extract import extract_events
from tidings.events.lexicon import load_lexicon
from tidings.quotes.cues import load_cues

PUBLISHED = date(2024, 1, 12)


class Knowledge(FakeKnowledge):
    """The shared test knowledge, with the forces and bodies these sentences name."""

    ROLES = {**FakeKnowledge.ROLES, "troops": ("MIL", False), "soldiers": ("MIL", False),
             "sailors": ("CVL", False), "ministry": ("GOV", False)}


def coded(doc: Any) -> list[tuple[str, str | None, str]]:
    """(source, target, CAMEO code) of every event, by actor name."""
    actors = extract_actors(doc, Knowledge(), published=PUBLISHED).actors
    names = {a.id: a.name for a in actors}
    events = extract_events(doc, actors, published=PUBLISHED, codebook=load_codebook(),
                            lexicon=load_lexicon(), cues=load_cues())
    return [(names[e.source], names.get(e.target), e.cameo) for e in events]


def pairs(doc: Any) -> list[tuple[str, str | None]]:
    return [(source, target) for source, target, _code in coded(doc)]


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

# "They shelled our positions," an Israeli official said.
THEY_SHELLED = build(
    [('"', False, 10, "punct", "PUNCT", "``"),
     ('They', True, 2, "nsubj", "PRON", "PRP"),
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
    [(8, 9, 'NORP')],
    [0],
    lemmas={'shelled': 'shell', 'positions': 'position', 'said': 'say'},
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
    assert ("Ukraine", "the sailors", "084") in coded(URGED)
    assert ("Russia", "the sailors") not in pairs(URGED)


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


def test_a_statement_speaks_for_whoever_issued_it() -> None:
    assert ("the Egyptian ministry", "Israel", "112") in coded(STATEMENT)


def test_leaders_of_a_group_act_for_it() -> None:
    assert ("the rebels", "Syria") in pairs(LEADERS)


def test_coordinated_subjects_of_a_reciprocal_act_act_on_each_other() -> None:
    assert pairs(EXCHANGED) == [("Nigeria", "Chad")]


def test_two_states_firing_with_no_other_target_fire_at_each_other() -> None:
    assert pairs(FIRED) == [("Syria", "Israel")]


def test_condemning_an_attack_is_aimed_at_the_attacker_never_the_victim() -> None:
    assert pairs(CONDEMNED) == [("Egypt", None)]
    assert pairs(CONDEMNED_ISRAEL)[0] == ("Egypt", "Israel")
    assert ("Egypt", "Chad") not in pairs(CONDEMNED_ISRAEL)


def test_where_a_meeting_took_place_is_not_who_met() -> None:
    assert pairs(MET_IN) == [("Japan", "China")]


def test_the_one_quoted_did_not_do_what_they_say_was_done_to_them() -> None:
    # "They shelled our positions": not the official's side's act; "our" is the official's side
    assert all(source != "an Israeli official" for source, _target in pairs(THEY_SHELLED))
    assert ("Syria", "an Israeli official") in pairs(SYRIA_SHELLED)


def test_fighting_between_two_sides_is_theirs_not_the_watchers() -> None:
    assert ("Nigeria", "Chad", "190") in coded(WATCHED)


def test_a_relative_pronoun_stands_for_the_noun_it_follows() -> None:
    assert ("Russia", "Ukraine", "190") in coded(INVADED)


def test_a_threat_is_aimed_at_whoever_its_condition_names() -> None:
    assert ("Egypt", "Israel", "130") in coded(WARNED)


def test_they_in_a_quote_of_one_side_are_the_side_it_has_been_fighting() -> None:
    # "'They shelled our positions,' an Israeli official said", after Syria shelled Israel
    assert ("Syria", "an Israeli official", "194") in coded(THEY_SHELLED_AGAIN)
    assert all(source != "an Israeli official" for source, _target in pairs(THEY_SHELLED_AGAIN))


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
