"""The places stage (tidings.events.places) on hand-built Docs: each rule, and the order they run in."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.tokens import Doc

from tests.actors.handmade import build
from tidings.events.places import place_events
from tidings.records import Actor, Event, Evidence, Mention


def actor(actor_id: str, name: str, kind: str, doc: Doc, word: str, country: str | None = None) -> Actor:
    """An actor mentioned by the first occurrence of `word` in `doc`."""
    start = doc.text.index(word)
    mention = Mention(start, start + len(word), word, "name")
    return Actor(actor_id, name, kind, country, None, (), (mention,))  # type: ignore[arg-type]


def event(doc: Doc, trigger: str, cameo: str, source: str, target: str | None, *, sentence: int = 0) -> Event:
    """The event `trigger` (its first occurrence in sentence number `sentence`) codes."""
    sent = list(doc.sents)[sentence]
    start = doc.text.index(trigger, sent.start_char)
    return Event(id="e1", source=source, target=target, cameo=cameo, root=cameo[:2], quad_class=4,
                 goldstein=-10.0, plover="ASSAULT", date=None, date_precision="unknown", date_text=None,
                 location=None, geo=None, tone=0.0, modality="asserted", topics=(), quote=None,
                 evidence=Evidence(sent.text, (sent.start_char, sent.end_char), trigger,
                                   (start, start + len(trigger))),
                 confidence=0.9, coder="test")


# "Russian missiles struck Kharkiv on Saturday."
STRUCK = build(
    [("Russian", True, 1, "amod", "ADJ", "JJ"), ("missiles", True, 2, "nsubj", "NOUN", "NNS"),
     ("struck", True, 2, "ROOT", "VERB", "VBD"), ("Kharkiv", True, 2, "dobj", "PROPN", "NNP"),
     ("on", True, 2, "prep", "ADP", "IN"), ("Saturday", False, 4, "pobj", "PROPN", "NNP"),
     (".", False, 2, "punct", "PUNCT", ".")],
    [(0, 1, "NORP"), (3, 4, "GPE"), (5, 6, "DATE")], [0], lemmas={"struck": "strike", "missiles": "missile"})


# "Blinken met Wang at the White House."
MET = build(
    [("Blinken", True, 1, "nsubj", "PROPN", "NNP"), ("met", True, 1, "ROOT", "VERB", "VBD"),
     ("Wang", True, 1, "dobj", "PROPN", "NNP"), ("at", True, 1, "prep", "ADP", "IN"),
     ("the", True, 6, "det", "DET", "DT"), ("White", True, 6, "compound", "PROPN", "NNP"),
     ("House", False, 3, "pobj", "PROPN", "NNP"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "PERSON"), (2, 3, "PERSON"), (4, 7, "ORG")], [0], lemmas={"met": "meet"})


# "China criticised Japan."
CRITICISED = build(
    [("China", True, 1, "nsubj", "PROPN", "NNP"), ("criticised", True, 1, "ROOT", "VERB", "VBD"),
     ("Japan", False, 1, "dobj", "PROPN", "NNP"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (2, 3, "GPE")], [0], lemmas={"criticised": "criticise"})


# "Russia's strikes killed 12 people, officials in Kharkiv said."
KILLED = build(
    [("Russia", False, 2, "poss", "PROPN", "NNP"), ("'s", True, 0, "case", "PART", "POS"),
     ("strikes", True, 3, "nsubj", "NOUN", "NNS"), ("killed", True, 10, "ccomp", "VERB", "VBD"),
     ("12", True, 5, "nummod", "NUM", "CD"), ("people", False, 3, "dobj", "NOUN", "NNS"),
     (",", True, 10, "punct", "PUNCT", ","), ("officials", True, 10, "nsubj", "NOUN", "NNS"),
     ("in", True, 7, "prep", "ADP", "IN"), ("Kharkiv", True, 8, "pobj", "PROPN", "NNP"),
     ("said", False, 10, "ROOT", "VERB", "VBD"), (".", False, 10, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (4, 5, "CARDINAL"), (9, 10, "GPE")], [0], lemmas={"killed": "kill", "said": "say"})


# "Russia's invasion of Ukraine."
INVASION = build(
    [("Russia", False, 2, "poss", "PROPN", "NNP"), ("'s", True, 0, "case", "PART", "POS"),
     ("invasion", True, 2, "ROOT", "NOUN", "NN"), ("of", True, 2, "prep", "ADP", "IN"),
     ("Ukraine", False, 3, "pobj", "PROPN", "NNP"), (".", False, 2, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (4, 5, "GPE")], [0])


# "KYIV, Ukraine (AP) — The minister met the envoy."
FILED = build(
    [("KYIV", False, 11, "npadvmod", "PROPN", "NNP"), (",", True, 0, "punct", "PUNCT", ","),
     ("Ukraine", True, 0, "appos", "PROPN", "NNP"), ("(", False, 0, "punct", "PUNCT", "-LRB-"),
     ("AP", False, 0, "appos", "PROPN", "NNP"), (")", True, 0, "punct", "PUNCT", "-RRB-"),
     ("—", True, 11, "punct", "PUNCT", ":"), ("The", True, 8, "det", "DET", "DT"),
     ("minister", True, 11, "nsubj", "NOUN", "NN"), ("met", True, 11, "ROOT", "VERB", "VBD"),
     ("the", True, 11, "det", "DET", "DT"), ("envoy", False, 9, "dobj", "NOUN", "NN"),
     (".", False, 9, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "ORG")], [0], lemmas={"met": "meet"})
# "The minister met the envoy."
PLAIN = build(
    [("The", True, 1, "det", "DET", "DT"), ("minister", True, 2, "nsubj", "NOUN", "NN"),
     ("met", True, 2, "ROOT", "VERB", "VBD"), ("the", True, 4, "det", "DET", "DT"),
     ("envoy", False, 2, "dobj", "NOUN", "NN"), (".", False, 2, "punct", "PUNCT", ".")],
    [], [0], lemmas={"met": "meet"})


# "Fighting spread across Sudan. The minister met the envoy."
ACROSS = build(
    [("Fighting", True, 1, "nsubj", "NOUN", "NN"), ("spread", True, 1, "ROOT", "VERB", "VBD"),
     ("across", True, 1, "prep", "ADP", "IN"), ("Sudan", False, 2, "pobj", "PROPN", "NNP"),
     (".", True, 1, "punct", "PUNCT", "."),
     ("The", True, 6, "det", "DET", "DT"), ("minister", True, 7, "nsubj", "NOUN", "NN"),
     ("met", True, 7, "ROOT", "VERB", "VBD"), ("the", True, 9, "det", "DET", "DT"),
     ("envoy", False, 7, "dobj", "NOUN", "NN"), (".", False, 7, "punct", "PUNCT", ".")],
    [(3, 4, "GPE")], [0, 5], lemmas={"met": "meet"})

# "Minsk protested. Belarus voted. Russia watched. Russia waited. The minister met the envoy."
WATCHED = build(
    [("Minsk", True, 1, "nsubj", "PROPN", "NNP"), ("protested", False, 1, "ROOT", "VERB", "VBD"),
     (".", True, 1, "punct", "PUNCT", "."),
     ("Belarus", True, 4, "nsubj", "PROPN", "NNP"), ("voted", False, 4, "ROOT", "VERB", "VBD"),
     (".", True, 4, "punct", "PUNCT", "."),
     ("Russia", True, 7, "nsubj", "PROPN", "NNP"), ("watched", False, 7, "ROOT", "VERB", "VBD"),
     (".", True, 7, "punct", "PUNCT", "."),
     ("Russia", True, 10, "nsubj", "PROPN", "NNP"), ("waited", False, 10, "ROOT", "VERB", "VBD"),
     (".", True, 10, "punct", "PUNCT", "."),
     ("The", True, 13, "det", "DET", "DT"), ("minister", True, 14, "nsubj", "NOUN", "NN"),
     ("met", True, 14, "ROOT", "VERB", "VBD"), ("the", True, 16, "det", "DET", "DT"),
     ("envoy", False, 14, "dobj", "NOUN", "NN"), (".", False, 14, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (3, 4, "GPE"), (6, 7, "GPE"), (9, 10, "GPE")], [0, 3, 6, 9, 12], lemmas={"met": "meet"})

# "Britain, France and Germany condemned the vote."
CONDEMNED = build(
    [("Britain", False, 5, "nsubj", "PROPN", "NNP"), (",", True, 0, "punct", "PUNCT", ","),
     ("France", True, 0, "conj", "PROPN", "NNP"), ("and", True, 2, "cc", "CCONJ", "CC"),
     ("Germany", True, 2, "conj", "PROPN", "NNP"), ("condemned", True, 5, "ROOT", "VERB", "VBD"),
     ("the", True, 7, "det", "DET", "DT"), ("vote", False, 5, "dobj", "NOUN", "NN"),
     (".", False, 5, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "GPE")], [0], lemmas={"condemned": "condemn"})

# "Japan reinforced Britain's defence."
REINFORCED = build(
    [("Japan", True, 1, "nsubj", "PROPN", "NNP"), ("reinforced", True, 1, "ROOT", "VERB", "VBD"),
     ("Britain", False, 4, "poss", "PROPN", "NNP"), ("'s", True, 2, "case", "PART", "POS"),
     ("defence", False, 1, "dobj", "NOUN", "NN"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (2, 3, "GPE")], [0], lemmas={"reinforced": "reinforce"})

# "Washington waited. Biden welcomed Ecuador's decision."
WELCOMED = build(
    [("Washington", True, 1, "nsubj", "PROPN", "NNP"), ("waited", False, 1, "ROOT", "VERB", "VBD"),
     (".", True, 1, "punct", "PUNCT", "."),
     ("Biden", True, 4, "nsubj", "PROPN", "NNP"), ("welcomed", True, 4, "ROOT", "VERB", "VBD"),
     ("Ecuador", False, 7, "poss", "PROPN", "NNP"), ("'s", True, 5, "case", "PART", "POS"),
     ("decision", False, 4, "dobj", "NOUN", "NN"), (".", False, 4, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (3, 4, "PERSON"), (5, 6, "GPE")], [0, 3], lemmas={"welcomed": "welcome"})

# "Biden praised the summit to be held in Vilnius."
VILNIUS = build(
    [("Biden", True, 1, "nsubj", "PROPN", "NNP"), ("praised", True, 1, "ROOT", "VERB", "VBD"),
     ("the", True, 3, "det", "DET", "DT"), ("summit", True, 1, "dobj", "NOUN", "NN"),
     ("to", True, 6, "aux", "PART", "TO"), ("be", True, 6, "auxpass", "AUX", "VB"),
     ("held", True, 3, "acl", "VERB", "VBN"), ("in", True, 6, "prep", "ADP", "IN"),
     ("Vilnius", False, 7, "pobj", "PROPN", "NNP"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "PERSON"), (8, 9, "GPE")], [0], lemmas={"praised": "praise", "held": "hold"})

# "Biden updated Scholz on his meetings in Belgium."
BELGIUM = build(
    [("Biden", True, 1, "nsubj", "PROPN", "NNP"), ("updated", True, 1, "ROOT", "VERB", "VBD"),
     ("Scholz", True, 1, "dobj", "PROPN", "NNP"), ("on", True, 1, "prep", "ADP", "IN"),
     ("his", True, 5, "poss", "PRON", "PRP$"), ("meetings", True, 3, "pobj", "NOUN", "NNS"),
     ("in", True, 5, "prep", "ADP", "IN"), ("Belgium", False, 6, "pobj", "PROPN", "NNP"),
     (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "PERSON"), (2, 3, "PERSON"), (7, 8, "GPE")], [0],
    lemmas={"updated": "update", "meetings": "meeting"})

# "Biden thanked Scholz, including in Belgium."
INCLUDING = build(
    [("Biden", True, 1, "nsubj", "PROPN", "NNP"), ("thanked", True, 1, "ROOT", "VERB", "VBD"),
     ("Scholz", False, 1, "dobj", "PROPN", "NNP"), (",", True, 1, "punct", "PUNCT", ","),
     ("including", True, 1, "prep", "VERB", "VBG"), ("in", True, 4, "prep", "ADP", "IN"),
     ("Belgium", False, 5, "pobj", "PROPN", "NNP"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "PERSON"), (2, 3, "PERSON"), (6, 7, "GPE")], [0], lemmas={"thanked": "thank"})

# "Biden, after talks in Geneva, praised Scholz."
GENEVA = build(
    [("Biden", False, 7, "nsubj", "PROPN", "NNP"), (",", True, 0, "punct", "PUNCT", ","),
     ("after", True, 7, "prep", "ADP", "IN"), ("talks", True, 2, "pobj", "NOUN", "NNS"),
     ("in", True, 3, "prep", "ADP", "IN"), ("Geneva", False, 4, "pobj", "PROPN", "NNP"),
     (",", True, 7, "punct", "PUNCT", ","), ("praised", True, 7, "ROOT", "VERB", "VBD"),
     ("Scholz", False, 7, "dobj", "PROPN", "NNP"), (".", False, 7, "punct", "PUNCT", ".")],
    [(0, 1, "PERSON"), (5, 6, "GPE"), (8, 9, "PERSON")], [0], lemmas={"praised": "praise"})

MINISTER_AND_ENVOY = (("a1", "minister", "person", "minister"), ("a2", "envoy", "person", "envoy"))

# doc, trigger, CAMEO code, source, target, actors (id, name, kind, word[, country]), sentence number,
# removed datelines, and the place expected: location, gazetteer name, country, how.
CASES = {
    # the example: "Kharkiv" in the sentence got no location
    "force is where it is aimed": (
        STRUCK, "struck", "195", "a1", "a2",
        (("a1", "Russia", "country", "Russian"), ("a2", "Kharkiv", "location", "Kharkiv")), 0, (),
        ("Kharkiv", "Kharkiv", "UKR", "clause")),
    # an ORG is a place only as a seat of government, and "White House" is Washington, not Casablanca
    "an institution is in its city": (
        MET, "met", "040", "a1", "a2",
        (("a1", "Antony Blinken", "person", "Blinken"), ("a2", "Wang Yi", "person", "Wang")), 0, (),
        ("White House", "Washington", "USA", "clause")),
    "a verbal act is not placed in its target": (
        CRITICISED, "criticised", "111", "a1", "a2",
        (("a1", "China", "country", "China"), ("a2", "Japan", "country", "Japan")), 0, (),
        ("China", "China", "CHN", "sentence")),
    "a place no party names before the doer's country": (
        KILLED, "killed", "190", "a1", None, (("a1", "Russia", "country", "Russia"),), 0, (),
        ("Kharkiv", "Kharkiv", "UKR", "sentence")),
    # Germany is another doer of the same act, not where France did it
    "a co-doer's name is not the doer's place": (
        CONDEMNED, "condemned", "111", "a2", None,
        (("a1", "Britain", "country", "Britain"), ("a2", "France", "country", "France"),
         ("a3", "Germany", "country", "Germany")), 0, (), ("France", "France", "FRA", "sentence")),
    # a show of force aimed at Britain's defence is not aimed at Britain
    "the possessor of what force is aimed at is no target": (
        REINFORCED, "reinforced", "154", "a1", None,
        (("a1", "Japan", "country", "Japan"), ("a2", "Britain", "country", "Britain")), 0, (),
        ("Japan", "Japan", "JPN", "sentence")),
    "the possessor of an act is its doer, not its place": (
        INVASION, "invasion", "192", "a1", "a2",
        (("a1", "Russia", "country", "Russia"), ("a2", "Ukraine", "country", "Ukraine")), 0, (),
        ("Ukraine", "Ukraine", "UKR", "sentence")),
    "where the story was filed": (
        FILED, "met", "040", "a1", "a2", MINISTER_AND_ENVOY, 0, (), ("Kyiv", "Kyiv", "UKR", "dateline")),
    # a Russian ministry's statement is not placed where a Kyiv story was filed
    "a dateline does not place a statement made elsewhere": (
        FILED, "met", "111", "a1", "a2", (("a1", "ministry", "organization", "minister", "RUS"),
                                          ("a2", "envoy", "person", "envoy")), 0, (),
        ("Russia", "Russia", "RUS", "article")),
    "a dateline places a statement of its own country": (
        FILED, "met", "111", "a1", "a2", (("a1", "ministry", "organization", "minister", "UKR"),
                                          ("a2", "envoy", "person", "envoy")), 0, (),
        ("Kyiv", "Kyiv", "UKR", "dateline")),
    # a person may have come to where the story was filed
    "a dateline places a visitor's statement": (
        FILED, "met", "111", "a1", "a2", (("a1", "minister", "person", "minister", "RUS"),
                                          ("a2", "envoy", "person", "envoy")), 0, (),
        ("Kyiv", "Kyiv", "UKR", "dateline")),
    "a dateline the cleaner took out": (
        PLAIN, "met", "040", "a1", "a2", MINISTER_AND_ENVOY, 0, ("LA PAZ, Bolivia",),
        ("La Paz", "La Paz", "BOL", "dateline")),
    "the article's main place": (
        ACROSS, "met", "040", "a1", "a2", MINISTER_AND_ENVOY, 1, (), ("Sudan", "Sudan", "SDN", "article")),
    # a country counts the mentions of its places too: Minsk and Belarus outnumber Russia's one
    # name said twice, and of equals the first named wins
    "the country the article names most": (
        WATCHED, "met", "040", "a1", "a2", MINISTER_AND_ENVOY, 4, (), ("Minsk", "Minsk", "BLR", "article")),
    "a statement is made in its speaker's country": (
        WATCHED, "met", "040", "a1", "a2", (("a1", "minister", "person", "minister", "RUS"),
                                            ("a2", "envoy", "person", "envoy")), 4, (),
        ("Russia", "Russia", "RUS", "article")),
    "force is not placed in its doer's country": (
        WATCHED, "met", "190", "a1", "a2", (("a1", "minister", "person", "minister", "RUS"),
                                            ("a2", "envoy", "person", "envoy")), 4, (),
        ("Minsk", "Minsk", "BLR", "article")),
    # Ecuador is what the decision is about, not where Biden welcomed it: his country, which the
    # article names, is
    "a place named as a topic places nothing": (
        WELCOMED, "welcomed", "051", "a1", None, (("a1", "Joe Biden", "person", "Biden", "USA"),), 1, (),
        ("Washington", "Washington", "USA", "article")),
    # a phone call names no place and the article may not name the caller's country: his is used
    "a statement is made in its speaker's country, named or not": (
        ACROSS, "met", "040", "a1", "a2", (("a1", "minister", "person", "minister", "JPN"),
                                           ("a2", "envoy", "person", "envoy")), 1, (),
        ("Japan", "Japan", "JPN", "article")),
    # the place of another happening, yet to come, is not where Biden praised it: his country is
    "a place of a happening yet to come places nothing": (
        VILNIUS, "praised", "051", "a1", None, (("a1", "Joe Biden", "person", "Biden", "USA"),), 0, (),
        ("United States", "United States", "USA", "article")),
    "a place of another happening places nothing": (
        BELGIUM, "updated", "060", "a1", "a2", (("a1", "Joe Biden", "person", "Biden", "USA"),
                                                ("a2", "Olaf Scholz", "person", "Scholz", "DEU")), 0, (),
        ("United States", "United States", "USA", "article")),
    # "including" is a preposition the parser reads as a verb: its place is what it includes
    "a place of what the act includes places nothing": (
        INCLUDING, "thanked", "051", "a1", "a2", (("a1", "Joe Biden", "person", "Biden", "USA"),
                                                 ("a2", "Olaf Scholz", "person", "Scholz", "DEU")), 0, (),
        ("United States", "United States", "USA", "article")),
    # but a happening that frames the act places it: Biden was at the talks in Geneva
    "a happening that frames the act places it": (
        GENEVA, "praised", "051", "a1", "a2", (("a1", "Joe Biden", "person", "Biden", "USA"),
                                               ("a2", "Olaf Scholz", "person", "Scholz", "DEU")), 0, (),
        ("Geneva", "Geneva", "CHE", "sentence")),
    "no place anywhere": (
        PLAIN, "met", "040", "a1", "a2", MINISTER_AND_ENVOY, 0, (), (None, None, None, None)),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_place_of_an_event(case: tuple) -> None:
    doc, trigger, cameo, source, target, people, sentence, datelines, expected = case
    actors = [actor(actor_id, name, kind, doc, *rest) for actor_id, name, kind, *rest in people]
    found = event(doc, trigger, cameo, source, target, sentence=sentence)
    (result,) = place_events(doc, [found], actors, datelines=datelines)
    geo = result.geo
    assert (result.location, *((None, None, None) if geo is None else (geo.name, geo.country, geo.how))) \
        == expected


# "Biden met Kishida in Phnom Penh. In the meeting, the envoy condemned the launches. Biden thanked Kishida."
MEETING_WORDS = [("Biden", True, 1, "nsubj", "PROPN", "NNP"), ("met", True, 1, "ROOT", "VERB", "VBD"),
     ("Kishida", True, 1, "dobj", "PROPN", "NNP"), ("in", True, 1, "prep", "ADP", "IN"),
     ("Phnom", True, 5, "compound", "PROPN", "NNP"), ("Penh", False, 3, "pobj", "PROPN", "NNP"),
     (".", True, 1, "punct", "PUNCT", "."),
     ("In", True, 13, "prep", "ADP", "IN"), ("the", True, 9, "det", "DET", "DT"),
     ("meeting", False, 7, "pobj", "NOUN", "NN"), (",", True, 13, "punct", "PUNCT", ","),
     ("the", True, 12, "det", "DET", "DT"), ("envoy", True, 13, "nsubj", "NOUN", "NN"),
     ("condemned", True, 13, "ROOT", "VERB", "VBD"), ("the", True, 15, "det", "DET", "DT"),
     ("launches", False, 13, "dobj", "NOUN", "NNS"), (".", True, 13, "punct", "PUNCT", "."),
     ("Biden", True, 18, "nsubj", "PROPN", "NNP"), ("thanked", True, 18, "ROOT", "VERB", "VBD"),
     ("Kishida", False, 18, "dobj", "PROPN", "NNP"), (".", False, 18, "punct", "PUNCT", ".")]
MEETING_ENTS = [(0, 1, "PERSON"), (2, 3, "PERSON"), (4, 6, "GPE"), (17, 18, "PERSON"), (19, 20, "PERSON")]
MEETING_LEMMAS = {"met": "meet", "condemned": "condemn", "thanked": "thank"}
MEETING = build(MEETING_WORDS, MEETING_ENTS, [0, 7, 17], lemmas=MEETING_LEMMAS)
MEETING_PEOPLE = (("a1", "Joe Biden", "person", "Biden", "USA"),
                  ("a2", "Kishida Fumio", "person", "Kishida", "JPN"),
                  ("a3", "envoy", "person", "envoy", "FRA"))

# The later event of MEETING, its source and target, its sentence, the CAMEO code of the first
# (the meeting), and the place expected: location, gazetteer name, country, how.
CONTINUED = {
    # "In the meeting" is where the meeting was, not the envoy's country (France)
    "in the meeting: the meeting's place": (
        "condemned", "111", "a3", None, 1, "040", ("Phnom Penh", "Phnom Penh", "KHM", "article")),
    # a readout's later sentences of the same parties continue the meeting, not Biden's country
    "the same parties go on at the meeting's place": (
        "thanked", "051", "a1", "a2", 2, "040", ("Phnom Penh", "Phnom Penh", "KHM", "article")),
    # a phone call is in no one place: nothing to continue
    "a phone call places no later event": (
        "thanked", "051", "a1", "a2", 2, "041", ("United States", "United States", "USA", "article")),
}


@pytest.mark.parametrize("case", CONTINUED.values(), ids=CONTINUED.keys())
def test_a_later_sentence_continues_the_meeting(case: tuple) -> None:
    trigger, cameo, source, target, sentence, meeting_cameo, expected = case
    actors = [actor(actor_id, name, kind, MEETING, *rest) for actor_id, name, kind, *rest in MEETING_PEOPLE]
    meeting = event(MEETING, "met", meeting_cameo, "a1", "a2")
    later = replace(event(MEETING, trigger, cameo, source, target, sentence=sentence), id="e2")
    first, result = place_events(MEETING, [meeting, later], actors)
    assert first.location == "Phnom Penh"
    geo = result.geo
    assert geo is not None
    assert (result.location, geo.name, geo.country, geo.how) == expected


# "Israel carried out a series of airstrikes, hitting Beirut."
HITTING = build(
    [("Israel", True, 1, "nsubj", "PROPN", "NNP"), ("carried", True, 1, "ROOT", "VERB", "VBD"),
     ("out", True, 1, "prt", "ADP", "RP"), ("a", True, 4, "det", "DET", "DT"),
     ("series", True, 1, "dobj", "NOUN", "NN"), ("of", True, 4, "prep", "ADP", "IN"),
     ("airstrikes", False, 5, "pobj", "NOUN", "NNS"), (",", True, 1, "punct", "PUNCT", ","),
     ("hitting", True, 1, "advcl", "VERB", "VBG"), ("Beirut", False, 8, "dobj", "PROPN", "NNP"),
     (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (9, 10, "GPE")], [0], lemmas={"carried": "carry", "hitting": "hit"})
# "Israel struck Hezbollah."
STRUCK_GROUP = build(
    [("Israel", True, 1, "nsubj", "PROPN", "NNP"), ("struck", True, 1, "ROOT", "VERB", "VBD"),
     ("Hezbollah", False, 1, "dobj", "PROPN", "NNP"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (2, 3, "ORG")], [0], lemmas={"struck": "strike"})


def listed(first: str, second: str, third: str) -> Doc:
    """ "Militants carried out raids in FIRST, SECOND and THIRD." """
    return build(
        [("Militants", True, 1, "nsubj", "NOUN", "NNS"), ("carried", True, 1, "ROOT", "VERB", "VBD"),
         ("out", True, 1, "prt", "ADP", "RP"), ("raids", True, 1, "dobj", "NOUN", "NNS"),
         ("in", True, 1, "prep", "ADP", "IN"), (first, False, 4, "pobj", "PROPN", "NNP"),
         (",", True, 5, "punct", "PUNCT", ","), (second, True, 5, "conj", "PROPN", "NNP"),
         ("and", True, 7, "cc", "CCONJ", "CC"), (third, False, 7, "conj", "PROPN", "NNP"),
         (".", False, 1, "punct", "PUNCT", ".")],
        [(5, 6, "GPE"), (7, 8, "PERSON"), (9, 10, "GPE")], [0], lemmas={"carried": "carry", "raids": "raid"})


# "July 24, 2006 (JUBA, Sudan) — The minister met the envoy."
DATED = build(
    [("July", True, 4, "npadvmod", "PROPN", "NNP"), ("24", False, 0, "nummod", "NUM", "CD"),
     (",", True, 0, "punct", "PUNCT", ","), ("2006", True, 0, "nummod", "NUM", "CD"),
     ("(", False, 4, "punct", "PUNCT", "-LRB-"), ("JUBA", False, 12, "npadvmod", "PROPN", "NNP"),
     (",", True, 5, "punct", "PUNCT", ","), ("Sudan", False, 5, "appos", "PROPN", "NNP"),
     (")", True, 5, "punct", "PUNCT", "-RRB-"), ("—", True, 12, "punct", "PUNCT", ":"),
     ("The", True, 11, "det", "DET", "DT"), ("minister", True, 12, "nsubj", "NOUN", "NN"),
     ("met", True, 12, "ROOT", "VERB", "VBD"), ("the", True, 14, "det", "DET", "DT"),
     ("envoy", False, 12, "dobj", "NOUN", "NN"), (".", False, 12, "punct", "PUNCT", ".")],
    [(0, 4, "DATE"), (5, 6, "GPE"), (7, 8, "GPE")], [0], lemmas={"met": "meet"})
# "Talks adjourn\nJUBA, Sudan (AP) - The minister met the envoy.": the headline runs into it
HEADLINED = build(
    [("Talks", True, 1, "nsubj", "NOUN", "NNS"), ("adjourn", False, 1, "ROOT", "VERB", "VBP"),
     ("\n", False, 1, "dep", "SPACE", "_SP"), ("JUBA", False, 12, "npadvmod", "PROPN", "NNP"),
     (",", True, 3, "punct", "PUNCT", ","), ("Sudan", True, 3, "appos", "PROPN", "NNP"),
     ("(", False, 3, "punct", "PUNCT", "-LRB-"), ("AP", False, 3, "appos", "PROPN", "NNP"),
     (")", True, 3, "punct", "PUNCT", "-RRB-"), ("-", True, 12, "punct", "PUNCT", ":"),
     ("The", True, 11, "det", "DET", "DT"), ("minister", True, 12, "nsubj", "NOUN", "NN"),
     ("met", True, 1, "conj", "VERB", "VBD"), ("the", True, 14, "det", "DET", "DT"),
     ("envoy", False, 12, "dobj", "NOUN", "NN"), (".", False, 12, "punct", "PUNCT", ".")],
    [(3, 4, "GPE"), (5, 6, "GPE"), (7, 8, "ORG")], [0], lemmas={"met": "meet"})

MILITANTS = ("a1", "militants", "group", "Militants")

# as CASES
HITS = {
    # force is where it hits, not the doer's own name (the code of before: Israel, sentence)
    "force is where the participle says it hit": (
        HITTING, "airstrikes", "195", "a1", None, (("a1", "Israel", "country", "Israel", "ISR"),), 0, (),
        ("Beirut", "Beirut", "LBN", "clause")),
    # (before: Israel, sentence)
    "force at a target of another country is not at the doer's name": (
        STRUCK_GROUP, "struck", "190", "a1", "a2", (("a1", "Israel", "country", "Israel", "ISR"),
                                                    ("a2", "Hezbollah", "organization", "Hezbollah", "LBN")),
        0, (), ("Lebanon", "Lebanon", "LBN", "article")),
    # (before: Cameroon, the first of the list)
    "a list of places: force is at its target among them": (
        listed("Cameroon", "Niger", "Chad"), "raids", "190", "a1", "a2",
        (MILITANTS, ("a2", "Niger", "country", "Niger", "NER")), 0, (), ("Niger", "Niger", "NER", "clause")),
    "a list of places of one country: the first": (
        listed("Kyiv", "Kharkiv", "Odesa"), "raids", "190", "a1", None, (MILITANTS,), 0, (),
        ("Kyiv", "Kyiv", "UKR", "clause")),
    # (before: no place; the parse reads no dateline after a date)
    "a dateline in parentheses after the date": (
        DATED, "met", "040", "a1", "a2", MINISTER_AND_ENVOY, 0, (), ("Juba", "Juba", "SSD", "dateline")),
    # (before: no place; the headline opens the sentence)
    "a dateline after a headline": (
        HEADLINED, "met", "040", "a1", "a2", MINISTER_AND_ENVOY, 0, (), ("Juba", "Juba", "SSD", "dateline")),
}


@pytest.mark.parametrize("case", HITS.values(), ids=HITS.keys())
def test_where_force_hits_lists_and_datelines(case: tuple) -> None:
    test_the_place_of_an_event(case)


def test_during_the_meeting_refers_back() -> None:
    """MEETING with "During the meeting, the envoy condemned the launches.": at the meeting's
    place, as "In the meeting" is (before: France, the envoy's country)."""
    words = [("During", *word[1:]) if word[0] == "In" else word for word in MEETING_WORDS]
    doc = build(words, MEETING_ENTS, [0, 7, 17], lemmas=MEETING_LEMMAS)
    actors = [actor(actor_id, name, kind, doc, *rest) for actor_id, name, kind, *rest in MEETING_PEOPLE]
    meeting = event(doc, "met", "040", "a1", "a2")
    later = replace(event(doc, "condemned", "111", "a3", None, sentence=1), id="e2")
    _, result = place_events(doc, [meeting, later], actors)
    assert (result.location, result.geo and result.geo.how) == ("Phnom Penh", "article")


# A dateline as a wire service writes it, with a date and dashes after the place (a corpus that
# keeps it out of the text, such as Reuters-21578, gives it as a field of its own), and the place
# expected: location, gazetteer name, country. (Before: "TOKYO April 27 -" placed nothing, and
# "TOKYO -" and "WASHINGTON (Reuters) -" kept the dash in the location: "Tokyo -".)
WIRE_DATELINES = {
    "TOKYO, April 27 -": ("Tokyo", "Tokyo", "JPN"),
    "WASHINGTON, March 11 -": ("Washington", "Washington", "USA"),
    "NEW YORK, April 27 -": ("New York", "New York City", "USA"),
    "LA PAZ, Bolivia, May 3 (Reuters) -": ("La Paz", "La Paz", "BOL"),
    "TOKYO, Apr. 27 -": ("Tokyo", "Tokyo", "JPN"),
    "PARIS, 27 April --": ("Paris", "Paris", "FRA"),
    "NEW YORK, March 11, 1987 -": ("New York", "New York City", "USA"),
    "TOKYO April 27 -": ("Tokyo", "Tokyo", "JPN"),
    "TOKYO -": ("Tokyo", "Tokyo", "JPN"),
    "WASHINGTON (Reuters) -": ("Washington", "Washington", "USA"),
    "BEIRUT, MARCH 3 \u2014": ("Beirut", "Beirut", "LBN"),
}


@pytest.mark.parametrize(("dateline", "expected"), WIRE_DATELINES.items(), ids=WIRE_DATELINES.keys())
def test_a_wire_dateline_with_its_date_places_the_event(dateline: str,
                                                        expected: tuple[str, str, str]) -> None:
    actors = [actor(actor_id, name, kind, PLAIN, *rest) for actor_id, name, kind, *rest in MINISTER_AND_ENVOY]
    (result,) = place_events(PLAIN, [event(PLAIN, "met", "040", "a1", "a2")], actors, datelines=(dateline,))
    assert result.geo is not None
    assert (result.location, result.geo.name, result.geo.country, result.geo.how) == (*expected, "dateline")
