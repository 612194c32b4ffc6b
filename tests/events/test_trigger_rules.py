"""Which words are events where they stand: hand-built Docs, no model, the real lexicon."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from tests.actors.handmade import Word, build
from tidings.events.lexicon import load_lexicon
from tidings.events.triggers import match_trigger


def _doc(words: Sequence[Word], ents: Sequence[tuple[int, int, str]] = (),
         lemmas: dict[str, str] | None = None) -> Doc:
    return build(words, ents, [0], lemmas)


def _code(doc: Doc, i: int) -> str | None:
    match = match_trigger(doc[i], load_lexicon())
    return None if match is None else match.trigger.code


# "Chile blamed Peru for the attack."
BLAMED = _doc(
    [("Chile", True, 1, "nsubj", "PROPN", "NNP"), ("blamed", True, 1, "ROOT", "VERB", "VBD"),
     ("Peru", True, 1, "dobj", "PROPN", "NNP"), ("for", True, 1, "prep", "ADP", "IN"),
     ("the", True, 5, "det", "DET", "DT"), ("attack", False, 3, "pobj", "NOUN", "NN"),
     (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (2, 3, "GPE")], {"blamed": "blame"},
)

# "Chile blamed Peru for the Bolivian attack."
BLAMED_WHO = _doc(
    [("Chile", True, 1, "nsubj", "PROPN", "NNP"), ("blamed", True, 1, "ROOT", "VERB", "VBD"),
     ("Peru", True, 1, "dobj", "PROPN", "NNP"), ("for", True, 1, "prep", "ADP", "IN"),
     ("the", True, 6, "det", "DET", "DT"), ("Bolivian", True, 6, "amod", "ADJ", "JJ"),
     ("attack", False, 3, "pobj", "NOUN", "NN"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (2, 3, "GPE"), (5, 6, "NORP")], {"blamed": "blame"},
)

# "Two farmers were killed in an attack."
KILLED_IN = _doc(
    [("Two", True, 1, "nummod", "NUM", "CD"), ("farmers", True, 3, "nsubjpass", "NOUN", "NNS"),
     ("were", True, 3, "auxpass", "AUX", "VBD"), ("killed", True, 3, "ROOT", "VERB", "VBN"),
     ("in", True, 3, "prep", "ADP", "IN"), ("an", True, 6, "det", "DET", "DT"),
     ("attack", False, 4, "pobj", "NOUN", "NN"), (".", False, 3, "punct", "PUNCT", ".")],
    lemmas={"farmers": "farmer", "were": "be", "killed": "kill"},
)

# "Aid workers from Norway left the visiting minister's camp."
AID_WORKERS = _doc(
    [("Aid", True, 1, "compound", "NOUN", "NN"), ("workers", True, 4, "nsubj", "NOUN", "NNS"),
     ("from", True, 1, "prep", "ADP", "IN"), ("Norway", True, 2, "pobj", "PROPN", "NNP"),
     ("left", True, 4, "ROOT", "VERB", "VBD"), ("the", True, 7, "det", "DET", "DT"),
     ("visiting", True, 7, "amod", "VERB", "VBG"), ("minister", False, 9, "poss", "NOUN", "NN"),
     ("'s", True, 7, "case", "PART", "POS"), ("camp", False, 4, "dobj", "NOUN", "NN"),
     (".", False, 4, "punct", "PUNCT", ".")],
    [(3, 4, "GPE")], {"workers": "worker", "left": "leave", "visiting": "visit"},
)

# "The Organization of Islamic Cooperation met."
NAMED = _doc(
    [("The", True, 1, "det", "DET", "DT"), ("Organization", True, 5, "nsubj", "PROPN", "NNP"),
     ("of", True, 1, "prep", "ADP", "IN"), ("Islamic", True, 4, "compound", "PROPN", "NNP"),
     ("Cooperation", True, 2, "pobj", "PROPN", "NNP"), ("met", False, 5, "ROOT", "VERB", "VBD"),
     (".", False, 5, "punct", "PUNCT", ".")],
    [(0, 5, "ORG")], {"met": "meet"},
)

# "Ghana ordered air strikes on the camps."
ORDERED = _doc(
    [("Ghana", True, 1, "nsubj", "PROPN", "NNP"), ("ordered", True, 1, "ROOT", "VERB", "VBD"),
     ("air", True, 3, "compound", "NOUN", "NN"), ("strikes", True, 1, "dobj", "NOUN", "NNS"),
     ("on", True, 3, "prep", "ADP", "IN"), ("the", True, 6, "det", "DET", "DT"),
     ("camps", False, 4, "pobj", "NOUN", "NNS"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE")], {"ordered": "order", "strikes": "strike", "camps": "camp"},
)

# "Peru announced the arrest of a smuggler."
ANNOUNCED = _doc(
    [("Peru", True, 1, "nsubj", "PROPN", "NNP"), ("announced", True, 1, "ROOT", "VERB", "VBD"),
     ("the", True, 3, "det", "DET", "DT"), ("arrest", True, 1, "dobj", "NOUN", "NN"),
     ("of", True, 3, "prep", "ADP", "IN"), ("a", True, 6, "det", "DET", "DT"),
     ("smuggler", False, 4, "pobj", "NOUN", "NN"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE")], {"announced": "announce"},
)


def test_event_noun_that_an_accusation_is_about_is_not_a_second_event() -> None:
    assert _code(BLAMED, 1) is not None
    assert _code(BLAMED, 5) is None


def test_event_noun_that_names_its_own_doer_stays_an_event() -> None:
    assert _code(BLAMED_WHO, 6) == "190"


def test_event_noun_of_a_circumstance_stays_an_event() -> None:
    assert _code(KILLED_IN, 6) == "190"


def test_noun_modifier_and_describing_participle_are_not_events() -> None:
    assert _code(AID_WORKERS, 0) is None
    assert _code(AID_WORKERS, 6) is None


def test_word_inside_a_name_is_not_an_event() -> None:
    assert _code(NAMED, 4) is None


def test_light_verb_takes_the_event_of_its_object_noun() -> None:
    match = match_trigger(ORDERED[1], load_lexicon())
    assert match is not None and match.trigger.code == "195"  # an air strike, by the one who ordered it
    assert match.anchor.text == "strikes" and [t.text for t in match.words] == ["ordered", "air", "strikes"]
    arrest = match_trigger(ANNOUNCED[1], load_lexicon())
    assert arrest is not None and arrest.trigger.code == "173"


# "Chile called the envoy a liar." / "Chile called the envoy the Front."
def _called(name: str) -> Doc:
    return _doc(
        [("Chile", True, 1, "nsubj", "PROPN", "NNP"), ("called", True, 1, "ROOT", "VERB", "VBD"),
         ("the", True, 3, "det", "DET", "DT"), ("envoy", True, 1, "dobj", "NOUN", "NN"),
         ("the" if name == "Front" else "a", True, 5, "det", "DET", "DT"),
         (name, False, 1, "oprd", "NOUN", "NN"), (".", False, 1, "punct", "PUNCT", ".")],
        [(0, 1, "GPE")], {"called": "call"},
    )


def test_calling_someone_a_loaded_name_is_criticism_and_a_plain_name_no_call() -> None:
    assert _code(_called("liar"), 1) == "111"
    assert _code(_called("Front"), 1) is None


# "Chile called President Boric." (the parser reads the one called as a name: oprd, no object)
CALLED_PRESIDENT = _doc(
    [("Chile", True, 1, "nsubj", "PROPN", "NNP"), ("called", True, 1, "ROOT", "VERB", "VBD"),
     ("President", True, 3, "compound", "PROPN", "NNP"), ("Boric", False, 1, "oprd", "PROPN", "NNP"),
     (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (3, 4, "PERSON")], {"called": "call"},
)


def test_a_name_without_anyone_named_is_the_one_called() -> None:
    assert _code(CALLED_PRESIDENT, 1) == "041"


# "Farmers converged for a rally." (a converted PETRARCH synonym governs the noun)
CONVERGED = _doc(
    [("Farmers", True, 1, "nsubj", "NOUN", "NNS"), ("converged", True, 1, "ROOT", "VERB", "VBD"),
     ("for", True, 1, "prep", "ADP", "IN"), ("a", True, 4, "det", "DET", "DT"),
     ("rally", False, 2, "pobj", "NOUN", "NN"), (".", False, 1, "punct", "PUNCT", ".")],
    lemmas={"Farmers": "farmer", "converged": "converge"},
)


def test_a_loose_synonym_does_not_make_an_event_noun_its_content() -> None:
    assert _code(CONVERGED, 4) == "141"


# "Peru accused the mayor of ordering the shooting."
ACCUSED_OF = _doc(
    [("Peru", True, 1, "nsubj", "PROPN", "NNP"), ("accused", True, 1, "ROOT", "VERB", "VBD"),
     ("the", True, 3, "det", "DET", "DT"), ("mayor", True, 1, "dobj", "NOUN", "NN"),
     ("of", True, 1, "prep", "ADP", "IN"), ("ordering", True, 4, "pcomp", "VERB", "VBG"),
     ("the", True, 7, "det", "DET", "DT"), ("shooting", False, 5, "dobj", "NOUN", "NN"),
     (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE")], {"accused": "accuse", "ordering": "order"},
)

# "The talks stalled over allegations that Chile was stealing water."
ALLEGATIONS_THAT = _doc(
    [("The", True, 1, "det", "DET", "DT"), ("talks", True, 2, "nsubj", "NOUN", "NNS"),
     ("stalled", True, 2, "ROOT", "VERB", "VBD"), ("over", True, 2, "prep", "ADP", "IN"),
     ("allegations", True, 3, "pobj", "NOUN", "NNS"), ("that", True, 8, "mark", "SCONJ", "IN"),
     ("Chile", True, 8, "nsubj", "PROPN", "NNP"), ("was", True, 8, "aux", "AUX", "VBD"),
     ("stealing", True, 4, "acl", "VERB", "VBG"), ("water", False, 8, "dobj", "NOUN", "NN"),
     (".", False, 2, "punct", "PUNCT", ".")],
    [(6, 7, "GPE")], {"talks": "talk", "stalled": "stall", "allegations": "allegation", "was": "be",
                      "stealing": "steal"},
)


def test_act_that_an_accusation_alleges_is_no_event_of_its_own() -> None:
    assert _code(ACCUSED_OF, 1) == "112"
    assert _code(ACCUSED_OF, 5) is None  # the ordering is what Peru says, not an act the story tells
    assert _code(ALLEGATIONS_THAT, 8) is None


# "The army fought rebels it calls traitors." / "... rebels who called the envoy."
def _relative(subject: str, obj: str) -> Doc:
    return _doc(
        [("The", True, 1, "det", "DET", "DT"), ("army", True, 2, "nsubj", "NOUN", "NN"),
         ("fought", True, 2, "ROOT", "VERB", "VBD"), ("rebels", True, 2, "dobj", "NOUN", "NNS"),
         (subject, True, 5, "nsubj", "PRON", "WP" if subject == "who" else "PRP"),
         ("calls", True, 3, "relcl", "VERB", "VBZ"), (obj, False, 5, "dobj", "NOUN", "NNS"),
         (".", False, 2, "punct", "PUNCT", ".")],
        lemmas={"fought": "fight", "rebels": "rebel", "calls": "call", "traitors": "traitor",
                "envoys": "envoy"},
    )


def test_name_given_in_a_relative_clause_is_no_phone_call() -> None:
    assert _code(_relative("it", "traitors"), 5) in (None, "111")  # a name for the rebels
    assert _code(_relative("who", "envoys"), 5) == "041"  # the rebels phoned the envoys


# "Gunmen forced their way into the hotel." / "Chile forced Peru to retreat."
def _forced(obj: str) -> Doc:
    return _doc(
        [("Gunmen", True, 1, "nsubj", "NOUN", "NNS"), ("forced", True, 1, "ROOT", "VERB", "VBD"),
         ("their", True, 3, "poss", "PRON", "PRP$"), (obj, False, 1, "dobj", "NOUN", "NN"),
         (".", False, 1, "punct", "PUNCT", ".")],
        lemmas={"Gunmen": "gunman", "forced": "force"},
    )


def test_use_the_lexicon_marks_as_no_event_matches_nothing() -> None:
    assert _code(_forced("way"), 1) is None  # a movement, not coercion
    assert _code(_forced("hosts"), 1) == "170"



# "The teachers will not end the strike." / "Jets carried out a strike."
def _strike(verb: str, lemma: str) -> Doc:
    return _doc(
        [("The", True, 1, "det", "DET", "DT"), ("teachers", True, 2, "nsubj", "NOUN", "NNS"),
         (verb, True, 2, "ROOT", "VERB", "VBD"), ("the", True, 4, "det", "DET", "DT"),
         ("strike", False, 2, "dobj", "NOUN", "NN"), (".", False, 2, "punct", "PUNCT", ".")],
        lemmas={"teachers": "teacher", verb: lemma},
    )


def test_what_is_done_with_a_noun_tells_its_sense() -> None:
    assert _code(_strike("ended", "end"), 4) == "143"  # a strike that is ended is a labour strike
    assert _code(_strike("watched", "watch"), 4) == "190"


# "Chile sent military aid." / "The senator launched a scathing attack."
MILITARY_AID = _doc(
    [("Chile", True, 1, "nsubj", "PROPN", "NNP"), ("sent", True, 1, "ROOT", "VERB", "VBD"),
     ("military", True, 3, "amod", "ADJ", "JJ"), ("aid", False, 1, "dobj", "NOUN", "NN"),
     (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE")], {"sent": "send"},
)
SCATHING = _doc(
    [("The", True, 1, "det", "DET", "DT"), ("senator", True, 2, "nsubj", "NOUN", "NN"),
     ("launched", True, 2, "ROOT", "VERB", "VBD"), ("a", True, 5, "det", "DET", "DT"),
     ("scathing", True, 5, "amod", "ADJ", "JJ"), ("attack", False, 2, "dobj", "NOUN", "NN"),
     (".", False, 2, "punct", "PUNCT", ".")],
    lemmas={"launched": "launch"},
)


def test_an_adjective_on_the_object_tells_the_kind_of_act() -> None:
    assert _code(MILITARY_AID, 1) == "072"
    assert _code(SCATHING, 2) == "111"  # a verbal attack


# "Peru warned that if Chile attacks Lima, it would retaliate."
IF_ATTACKS = _doc(
    [("Peru", True, 1, "nsubj", "PROPN", "NNP"), ("warned", True, 1, "ROOT", "VERB", "VBD"),
     ("that", True, 10, "mark", "SCONJ", "IN"), ("if", True, 5, "mark", "SCONJ", "IN"),
     ("Chile", True, 5, "nsubj", "PROPN", "NNP"), ("attacks", True, 10, "advcl", "VERB", "VBZ"),
     ("Lima", False, 5, "dobj", "PROPN", "NNP"), (",", True, 10, "punct", "PUNCT", ","),
     ("it", True, 10, "nsubj", "PRON", "PRP"), ("would", True, 10, "aux", "AUX", "MD"),
     ("retaliate", False, 1, "ccomp", "VERB", "VB"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (4, 5, "GPE"), (6, 7, "GPE")], {"warned": "warn", "attacks": "attack"},
)


def test_the_condition_of_a_threat_is_no_event() -> None:
    assert _code(IF_ATTACKS, 1) == "130"
    assert _code(IF_ATTACKS, 5) is None  # may happen, has not


# "The army faced attacks." / "The army faced attacks from rebels."
def _faced(from_rebels: bool) -> Doc:
    words: list[Word] = [("The", True, 1, "det", "DET", "DT"), ("army", True, 2, "nsubj", "NOUN", "NN"),
                         ("faced", True, 2, "ROOT", "VERB", "VBD"),
                         ("attacks", not from_rebels, 2, "dobj", "NOUN", "NNS")]
    if from_rebels:
        words += [("from", True, 3, "prep", "ADP", "IN"), ("rebels", False, 4, "pobj", "NOUN", "NNS")]
    words.append((".", False, 2, "punct", "PUNCT", "."))
    return _doc(words, lemmas={"faced": "face", "attacks": "attack", "rebels": "rebel"})


def test_an_act_undergone_with_no_doer_named_is_no_event_of_the_subject() -> None:
    assert _code(_faced(False), 3) is None  # the army is no attacker
    assert _code(_faced(True), 3) == "190"
