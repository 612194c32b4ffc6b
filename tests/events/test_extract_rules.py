"""The event coder on hand-built Docs: no model, the real codebook and trigger lexicon."""

from __future__ import annotations

from datetime import date
from typing import Any

from tests.actors.handmade import FakeKnowledge, build
from tidings.actors.extract import extract_actors
from tidings.events.codebook import load_codebook
from tidings.events.extract import extract_events
from tidings.events.lexicon import load_lexicon
from tidings.events.places import place_events
from tidings.quotes.cues import load_cues
from tidings.records import Event

KB = FakeKnowledge()
PUBLISHED = date(2024, 1, 12)

# "Beijing has slammed Washington for supplying the island with weapons. The US plans to send a
#  delegation to the island."  (an earlier "Taiwan" sets up "the island")
SLAMMED = build(
    [("Taiwan", True, 1, "nsubj", "PROPN", "NNP"), ("votes", False, 1, "ROOT", "VERB", "VBZ"),
     (".", True, 1, "punct", "PUNCT", "."),
     ("Beijing", True, 5, "nsubj", "PROPN", "NNP"), ("has", True, 5, "aux", "AUX", "VBZ"),
     ("slammed", True, 5, "ROOT", "VERB", "VBN"), ("Washington", True, 5, "dobj", "PROPN", "NNP"),
     ("for", True, 5, "prep", "ADP", "IN"), ("supplying", True, 7, "pcomp", "VERB", "VBG"),
     ("the", True, 10, "det", "DET", "DT"), ("island", True, 8, "dobj", "NOUN", "NN"),
     ("with", True, 8, "prep", "ADP", "IN"), ("weapons", False, 11, "pobj", "NOUN", "NNS"),
     (".", True, 5, "punct", "PUNCT", "."), ("The", True, 15, "det", "DET", "DT"),
     ("US", True, 16, "nsubj", "PROPN", "NNP"), ("plans", True, 16, "ROOT", "VERB", "VBZ"),
     ("to", True, 18, "aux", "PART", "TO"), ("send", True, 16, "xcomp", "VERB", "VB"),
     ("a", True, 20, "det", "DET", "DT"), ("delegation", True, 18, "dobj", "NOUN", "NN"),
     ("to", True, 18, "prep", "ADP", "IN"), ("the", True, 23, "det", "DET", "DT"),
     ("island", False, 21, "pobj", "NOUN", "NN"), (".", False, 16, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (3, 4, "GPE"), (6, 7, "GPE"), (15, 16, "GPE")],
    [0, 3, 14],
    lemmas={"slammed": "slam", "supplying": "supply", "weapons": "weapon", "plans": "plan", "has": "have",
            "votes": "vote"},
)

# "Joe Biden and Xi Jinping met in San Francisco. Syria says it is willing to withdraw its troops
#  from Lebanon. The US is not supporting Taiwan."
MET = build(
    [("Joe", True, 1, "compound", "PROPN", "NNP"), ("Biden", True, 5, "nsubj", "PROPN", "NNP"),
     ("and", True, 1, "cc", "CCONJ", "CC"), ("Xi", True, 4, "compound", "PROPN", "NNP"),
     ("Jinping", True, 1, "conj", "PROPN", "NNP"), ("met", True, 5, "ROOT", "VERB", "VBD"),
     ("in", True, 5, "prep", "ADP", "IN"), ("San", True, 8, "compound", "PROPN", "NNP"),
     ("Francisco", False, 6, "pobj", "PROPN", "NNP"), (".", True, 5, "punct", "PUNCT", "."),
     ("Syria", True, 11, "nsubj", "PROPN", "NNP"), ("says", True, 11, "ROOT", "VERB", "VBZ"),
     ("it", True, 13, "nsubj", "PRON", "PRP"), ("is", True, 11, "ccomp", "AUX", "VBZ"),
     ("willing", True, 13, "acomp", "ADJ", "JJ"), ("to", True, 16, "aux", "PART", "TO"),
     ("withdraw", True, 14, "xcomp", "VERB", "VB"), ("its", True, 18, "poss", "PRON", "PRP$"),
     ("troops", True, 16, "dobj", "NOUN", "NNS"), ("from", True, 16, "prep", "ADP", "IN"),
     ("Lebanon", False, 19, "pobj", "PROPN", "NNP"), (".", True, 11, "punct", "PUNCT", "."),
     ("The", True, 23, "det", "DET", "DT"), ("US", True, 26, "nsubj", "PROPN", "NNP"),
     ("is", True, 26, "aux", "AUX", "VBZ"), ("not", True, 26, "neg", "PART", "RB"),
     ("supporting", True, 26, "ROOT", "VERB", "VBG"), ("Taiwan", False, 26, "dobj", "PROPN", "NNP"),
     (".", False, 26, "punct", "PUNCT", ".")],
    [(0, 2, "PERSON"), (3, 5, "PERSON"), (7, 9, "GPE"), (10, 11, "GPE"), (20, 21, "GPE"), (23, 24, "GPE"),
     (27, 28, "GPE")],
    [0, 10, 22],
    lemmas={"met": "meet", "says": "say", "is": "be", "troops": "troop", "supporting": "support"},
)


def coded(doc: Any) -> list[tuple[str, str | None, str, str]]:
    actors = extract_actors(doc, KB, published=PUBLISHED).actors
    names = {a.id: a.name for a in actors}
    events = extract_events(doc, actors, published=PUBLISHED, codebook=load_codebook(),
                            lexicon=load_lexicon(), cues=load_cues())
    return [(names[e.source], names.get(e.target), e.cameo, e.modality) for e in events]


def events_of(doc: Any) -> list[Event]:
    actors = extract_actors(doc, KB, published=PUBLISHED).actors
    return list(extract_events(doc, actors, published=PUBLISHED, codebook=load_codebook(),
                               lexicon=load_lexicon(), cues=load_cues()))


def test_denouncing_and_the_act_denounced_are_two_events() -> None:
    found = coded(SLAMMED)
    assert ("China", "United States", "111", "asserted") in found
    # "slammed Washington for supplying the island with weapons": Washington supplies Taiwan
    assert ("United States", "Taiwan", "072", "asserted") in found


def test_a_plan_is_an_intended_event() -> None:
    assert ("United States", "Taiwan", "042", "intended") in coded(SLAMMED)


def test_coordinated_subjects_of_a_meeting_meet_each_other() -> None:
    meeting = next(e for e in events_of(MET) if e.cameo == "040")
    assert meeting.location is None  # where it took place is the places stage's
    (placed,) = place_events(MET, [meeting], extract_actors(MET, KB, published=PUBLISHED).actors)
    assert placed.location == "San Francisco"
    assert placed.geo is not None and (placed.geo.country, placed.geo.how) == ("USA", "clause")
    assert ("Joe Biden", "Xi Jinping", "040", "asserted") in coded(MET)


def test_an_announced_withdrawal_is_an_expressed_intent_by_the_speaker() -> None:
    # "it" in what Syria says is Syria; the announcement is CAMEO 035 (intent to yield)
    assert ("Syria", "Lebanon", "035", "asserted") in coded(MET)


def test_negation_is_kept() -> None:
    assert ("United States", "Taiwan", "051", "negated") in coded(MET)


def test_every_event_carries_its_evidence_and_codes() -> None:
    codebook = load_codebook()
    for event in events_of(SLAMMED) + events_of(MET):
        start, end = event.evidence.span
        sentence = event.evidence.sentence
        assert sentence == SLAMMED.text[start:end] or sentence == MET.text[start:end]
        assert event.evidence.trigger and event.coder.startswith("tidings-events/")
        code = codebook.get(event.cameo)
        assert (event.root, event.quad_class, event.goldstein, event.plover) == (
            code.root, code.quad_class, code.goldstein, code.plover)


def test_relative_dates_need_a_publication_date() -> None:
    actors = extract_actors(SLAMMED, KB).actors
    events = extract_events(SLAMMED, actors, published=None, codebook=load_codebook(), lexicon=load_lexicon(),
                            cues=load_cues())
    assert events and all(e.date is None for e in events)


def test_topics_name_the_beat_and_the_places_besides_the_actors() -> None:
    supplying = next(e for e in events_of(SLAMMED) if e.cameo == "072")
    assert "arms" in supplying.topics  # "weapons"
    slammed = next(e for e in events_of(SLAMMED) if e.cameo == "111")
    assert "Taiwan" in slammed.topics and "China" not in slammed.topics  # the island, not the source


# "Liu's visit came two months after Biden and Xi met. Syria will not accept refugees from Iraq."
AFTER = build(
    [("Liu", False, 2, "poss", "PROPN", "NNP"), ("'s", True, 0, "case", "PART", "POS"),
     ("visit", True, 3, "nsubj", "NOUN", "NN"), ("came", True, 3, "ROOT", "VERB", "VBD"),
     ("two", True, 5, "nummod", "NUM", "CD"), ("months", True, 6, "npadvmod", "NOUN", "NNS"),
     ("after", True, 10, "mark", "SCONJ", "IN"), ("Biden", True, 10, "nsubj", "PROPN", "NNP"),
     ("and", True, 7, "cc", "CCONJ", "CC"), ("Xi", True, 7, "conj", "PROPN", "NNP"),
     ("met", False, 3, "advcl", "VERB", "VBD"), (".", True, 3, "punct", "PUNCT", "."),
     ("Syria", True, 15, "nsubj", "PROPN", "NNP"), ("will", True, 15, "aux", "AUX", "MD"),
     ("not", True, 15, "neg", "PART", "RB"), ("accept", True, 15, "ROOT", "VERB", "VB"),
     ("refugees", True, 15, "dobj", "NOUN", "NNS"), ("from", True, 16, "prep", "ADP", "IN"),
     ("Iraq", False, 17, "pobj", "PROPN", "NNP"), (".", False, 15, "punct", "PUNCT", ".")],
    [(0, 1, "PERSON"), (4, 6, "DATE"), (7, 8, "PERSON"), (9, 10, "PERSON"), (12, 13, "GPE"), (18, 19, "GPE")],
    [0, 12],
    lemmas={"came": "come", "months": "month", "met": "meet", "refugees": "refugee"},
)

# "Nigeria said it will withdraw its peacekeeping force from Chad unless Chad arranges a
#  ceasefire. The conflict could draw in Japan."
THREAT = build(
    [("Nigeria", True, 1, "nsubj", "PROPN", "NNP"), ("said", True, 1, "ROOT", "VERB", "VBD"),
     ("it", True, 4, "nsubj", "PRON", "PRP"), ("will", True, 4, "aux", "AUX", "MD"),
     ("withdraw", True, 1, "ccomp", "VERB", "VB"), ("its", True, 7, "poss", "PRON", "PRP$"),
     ("peacekeeping", True, 7, "compound", "NOUN", "NN"), ("force", True, 4, "dobj", "NOUN", "NN"),
     ("from", True, 4, "prep", "ADP", "IN"), ("Chad", True, 8, "pobj", "PROPN", "NNP"),
     ("unless", True, 12, "mark", "SCONJ", "IN"), ("Chad", True, 12, "nsubj", "PROPN", "NNP"),
     ("arranges", True, 4, "advcl", "VERB", "VBZ"), ("a", True, 14, "det", "DET", "DT"),
     ("ceasefire", False, 12, "dobj", "NOUN", "NN"), (".", True, 1, "punct", "PUNCT", "."),
     ("The", True, 17, "det", "DET", "DT"), ("conflict", True, 19, "nsubj", "NOUN", "NN"),
     ("could", True, 19, "aux", "AUX", "MD"), ("draw", True, 19, "ROOT", "VERB", "VB"),
     ("in", True, 19, "prep", "ADP", "IN"), ("Japan", False, 20, "pobj", "PROPN", "NNP"),
     (".", False, 19, "punct", "PUNCT", ".")],
    [(9, 10, "GPE"), (11, 12, "GPE"), (21, 22, "GPE")],
    [0, 16],
    lemmas={"said": "say", "arranges": "arrange"},
)


def test_two_months_after_dates_the_meeting_not_the_visit() -> None:
    meeting = next(e for e in events_of(AFTER) if e.cameo == "040")
    assert (meeting.date, meeting.date_precision, meeting.date_text) == (
        "2023-11", "month", "two months after")


def test_a_future_refusal_is_a_rejection() -> None:
    assert ("Syria", "Iraq", "120", "asserted") in coded(AFTER)


def test_an_announcement_with_a_condition_is_a_threat() -> None:
    threat = [c for c in coded(THREAT) if c[0] == "Nigeria"]
    assert threat == [("Nigeria", "Chad", "130", "asserted")]


def test_statements_without_an_addressee_and_comments_are_not_events() -> None:
    # "Nigeria said ..." has no addressee; "The conflict could draw in Japan" has no actor source
    assert all(code[2] != "010" for code in coded(THREAT))
    assert not any(code[1] == "Japan" for code in coded(THREAT))


# "Russia mobilized warplanes for a war against Ukraine."
MOBILIZED = build(
    [("Russia", True, 1, "nsubj", "PROPN", "NNP"), ("mobilized", True, 1, "ROOT", "VERB", "VBD"),
     ("warplanes", True, 1, "dobj", "NOUN", "NNS"), ("for", True, 1, "prep", "ADP", "IN"),
     ("a", True, 5, "det", "DET", "DT"), ("war", True, 3, "pobj", "NOUN", "NN"),
     ("against", True, 5, "prep", "ADP", "IN"), ("Ukraine", False, 6, "pobj", "PROPN", "NNP"),
     (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (7, 8, "GPE")],
    [0],
    lemmas={"mobilized": "mobilize"},
)


def test_a_hostile_act_is_aimed_at_whom_against_names() -> None:
    mobilized = [c for c in coded(MOBILIZED) if c[2] == "154"]
    assert mobilized == [("Russia", "Ukraine", "154", "asserted")]


# "Lebanon complained to Syria over Israeli raids."
COMPLAINED = build(
    [("Lebanon", True, 1, "nsubj", "PROPN", "NNP"), ("complained", True, 1, "ROOT", "VERB", "VBD"),
     ("to", True, 1, "prep", "ADP", "IN"), ("Syria", True, 2, "pobj", "PROPN", "NNP"),
     ("over", True, 1, "prep", "ADP", "IN"), ("Israeli", True, 6, "amod", "ADJ", "JJ"),
     ("raids", False, 4, "pobj", "NOUN", "NNS"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (3, 4, "GPE"), (5, 6, "NORP")],
    [0],
    lemmas={"complained": "complain", "raids": "raid"},
)


def test_a_complaint_is_aimed_at_what_it_is_about_not_where_it_is_lodged() -> None:
    complaints = [c for c in coded(COMPLAINED) if c[2] == "114"]
    assert complaints == [("Lebanon", "Israel", "114", "asserted")]


# "Nigeria conceded to demands from Chad."
CONCEDED = build(
    [("Nigeria", True, 1, "nsubj", "PROPN", "NNP"), ("conceded", True, 1, "ROOT", "VERB", "VBD"),
     ("to", True, 1, "prep", "ADP", "IN"), ("demands", True, 2, "pobj", "NOUN", "NNS"),
     ("from", True, 3, "prep", "ADP", "IN"), ("Chad", False, 4, "pobj", "PROPN", "NNP"),
     (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (5, 6, "GPE")],
    [0],
    lemmas={"conceded": "concede", "demands": "demand"},
)


def test_a_concession_to_demands_is_aimed_at_whoever_made_them() -> None:
    found = coded(CONCEDED)
    assert ("Nigeria", "Chad", "080", "asserted") in found
    assert all(source == "Chad" for source, _target, code, _mode in found if code.startswith("10"))


# "Japan pushed for China to release the sailors."
PUSHED = build(
    [("Japan", True, 1, "nsubj", "PROPN", "NNP"), ("pushed", True, 1, "ROOT", "VERB", "VBD"),
     ("for", True, 4, "mark", "SCONJ", "IN"), ("China", True, 4, "nsubj", "PROPN", "NNP"),
     ("release", True, 1, "advcl", "VERB", "VB"), ("the", True, 6, "det", "DET", "DT"),
     ("sailors", False, 4, "dobj", "NOUN", "NNS"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (3, 4, "GPE")],
    [0],
    lemmas={"pushed": "push", "sailors": "sailor"},
)


def test_pushing_for_someone_to_act_is_a_demand_on_them() -> None:
    assert ("Japan", "China", "100", "asserted") in coded(PUSHED)
