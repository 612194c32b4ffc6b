"""The places stage on hand-built Docs: which words of a sentence put an act somewhere (a place
preposition's own noun phrase, "to" after a word of going, not reported content or a relative
clause of something else), visits, and whose dateline places what. Each case says what the code
of before gave."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.tokens import Doc

from tests.actors.handmade import build
from tests.events.test_places import actor, event
from tidings.events.places import place_events
from tidings.geo import locate

# "In response to a question about grain sales to Moscow, the minister praised the envoy."
RESPONSE = build(
    [("In", True, 13, "prep", "ADP", "IN"), ("response", True, 0, "pobj", "NOUN", "NN"),
     ("to", True, 1, "prep", "ADP", "IN"), ("a", True, 4, "det", "DET", "DT"),
     ("question", True, 2, "pobj", "NOUN", "NN"), ("about", True, 4, "prep", "ADP", "IN"),
     ("grain", True, 7, "compound", "NOUN", "NN"), ("sales", True, 5, "pobj", "NOUN", "NNS"),
     ("to", True, 7, "prep", "ADP", "IN"), ("Moscow", False, 8, "pobj", "PROPN", "NNP"),
     (",", True, 13, "punct", "PUNCT", ","), ("the", True, 12, "det", "DET", "DT"),
     ("minister", True, 13, "nsubj", "NOUN", "NN"), ("praised", True, 13, "ROOT", "VERB", "VBD"),
     ("the", True, 15, "det", "DET", "DT"), ("envoy", False, 13, "dobj", "NOUN", "NN"),
     (".", False, 13, "punct", "PUNCT", ".")],
    [(9, 10, "GPE")], [0], lemmas={"praised": "praise"})


def went(verb: str, lemma: str) -> Doc:
    """ "The envoy VERB to Beijing." """
    return build(
        [("The", True, 1, "det", "DET", "DT"), ("envoy", True, 2, "nsubj", "NOUN", "NN"),
         (verb, True, 2, "ROOT", "VERB", "VBD"), ("to", True, 2, "prep", "ADP", "IN"),
         ("Beijing", False, 3, "pobj", "PROPN", "NNP"), (".", False, 2, "punct", "PUNCT", ".")],
        [(4, 5, "GPE")], [0], lemmas={verb: lemma})


# "The minister told parliament that the allies had agreed in Paris."
REPORTED = build(
    [("The", True, 1, "det", "DET", "DT"), ("minister", True, 2, "nsubj", "NOUN", "NN"),
     ("told", True, 2, "ROOT", "VERB", "VBD"), ("parliament", True, 2, "dobj", "NOUN", "NN"),
     ("that", True, 8, "mark", "SCONJ", "IN"), ("the", True, 6, "det", "DET", "DT"),
     ("allies", True, 8, "nsubj", "NOUN", "NNS"), ("had", True, 8, "aux", "AUX", "VBD"),
     ("agreed", True, 2, "ccomp", "VERB", "VBN"), ("in", True, 8, "prep", "ADP", "IN"),
     ("Paris", False, 9, "pobj", "PROPN", "NNP"), (".", False, 2, "punct", "PUNCT", ".")],
    [(10, 11, "GPE")], [0], lemmas={"told": "tell", "agreed": "agree"})

# "The minister praised a pact signed in Paris."
PACT = build(
    [("The", True, 1, "det", "DET", "DT"), ("minister", True, 2, "nsubj", "NOUN", "NN"),
     ("praised", True, 2, "ROOT", "VERB", "VBD"), ("a", True, 4, "det", "DET", "DT"),
     ("pact", True, 2, "dobj", "NOUN", "NN"), ("signed", True, 4, "acl", "VERB", "VBN"),
     ("in", True, 5, "prep", "ADP", "IN"), ("Paris", False, 6, "pobj", "PROPN", "NNP"),
     (".", False, 2, "punct", "PUNCT", ".")],
    [(7, 8, "GPE")], [0], lemmas={"praised": "praise", "signed": "sign"})

# "The envoys, who met in Geneva, praised the pact."
ENVOYS = build(
    [("The", True, 1, "det", "DET", "DT"), ("envoys", False, 8, "nsubj", "NOUN", "NNS"),
     (",", True, 1, "punct", "PUNCT", ","), ("who", True, 4, "nsubj", "PRON", "WP"),
     ("met", True, 1, "relcl", "VERB", "VBD"), ("in", True, 4, "prep", "ADP", "IN"),
     ("Geneva", False, 5, "pobj", "PROPN", "NNP"), (",", True, 1, "punct", "PUNCT", ","),
     ("praised", True, 8, "ROOT", "VERB", "VBD"), ("the", True, 10, "det", "DET", "DT"),
     ("pact", False, 8, "dobj", "NOUN", "NN"), (".", False, 8, "punct", "PUNCT", ".")],
    [(6, 7, "GPE")], [0], lemmas={"praised": "praise", "met": "meet"})

# "The minister, who was in Geneva, warned that Tokyo would retaliate."
WARNED = build(
    [("The", True, 1, "det", "DET", "DT"), ("minister", False, 8, "nsubj", "NOUN", "NN"),
     (",", True, 1, "punct", "PUNCT", ","), ("who", True, 4, "nsubj", "PRON", "WP"),
     ("was", True, 1, "relcl", "AUX", "VBD"), ("in", True, 4, "prep", "ADP", "IN"),
     ("Geneva", False, 5, "pobj", "PROPN", "NNP"), (",", True, 1, "punct", "PUNCT", ","),
     ("warned", True, 8, "ROOT", "VERB", "VBD"), ("that", True, 12, "mark", "SCONJ", "IN"),
     ("Tokyo", True, 12, "nsubj", "PROPN", "NNP"), ("would", True, 12, "aux", "AUX", "MD"),
     ("retaliate", False, 8, "ccomp", "VERB", "VB"), (".", False, 8, "punct", "PUNCT", ".")],
    [(6, 7, "GPE"), (10, 11, "GPE")], [0], lemmas={"warned": "warn", "retaliate": "retaliate"})

# "Britain imposed sanctions on Iran."
SANCTIONS = build(
    [("Britain", True, 1, "nsubj", "PROPN", "NNP"), ("imposed", True, 1, "ROOT", "VERB", "VBD"),
     ("sanctions", True, 1, "dobj", "NOUN", "NNS"), ("on", True, 1, "prep", "ADP", "IN"),
     ("Iran", False, 3, "pobj", "PROPN", "NNP"), (".", False, 1, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (4, 5, "GPE")], [0], lemmas={"imposed": "impose"})

# "The minister visited Japan."
VISITED = build(
    [("The", True, 1, "det", "DET", "DT"), ("minister", True, 2, "nsubj", "NOUN", "NN"),
     ("visited", True, 2, "ROOT", "VERB", "VBD"), ("Japan", False, 2, "dobj", "PROPN", "NNP"),
     (".", False, 2, "punct", "PUNCT", ".")],
    [(3, 4, "GPE")], [0], lemmas={"visited": "visit"})

# "KYIV, Ukraine (AP) — The minister met the envoy."
FILED = build(
    [("KYIV", False, 9, "npadvmod", "PROPN", "NNP"), (",", True, 0, "punct", "PUNCT", ","),
     ("Ukraine", True, 0, "appos", "PROPN", "NNP"), ("(", False, 0, "punct", "PUNCT", "-LRB-"),
     ("AP", False, 0, "appos", "PROPN", "NNP"), (")", True, 0, "punct", "PUNCT", "-RRB-"),
     ("—", True, 9, "punct", "PUNCT", ":"), ("The", True, 8, "det", "DET", "DT"),
     ("minister", True, 9, "nsubj", "NOUN", "NN"), ("met", True, 9, "ROOT", "VERB", "VBD"),
     ("the", True, 11, "det", "DET", "DT"), ("envoy", False, 9, "dobj", "NOUN", "NN"),
     (".", False, 9, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (2, 3, "GPE"), (4, 5, "ORG")], [0], lemmas={"met": "meet"})


def digest(starts: tuple[int, ...] = (0, 9)) -> Doc:
    """ "BONN - The minister met the envoy.\\nBEIRUT - The minister met the envoy.", its sentences
    starting at `starts` (the parser may run the second item into the first)."""
    words = [("BONN", True, 4, "npadvmod", "PROPN", "NNP"), ("-", True, 4, "punct", "PUNCT", ":"),
             ("The", True, 3, "det", "DET", "DT"), ("minister", True, 4, "nsubj", "NOUN", "NN"),
             ("met", True, 4, "ROOT", "VERB", "VBD"), ("the", True, 6, "det", "DET", "DT"),
             ("envoy", False, 4, "dobj", "NOUN", "NN"), (".", False, 4, "punct", "PUNCT", "."),
             ("\n", False, 7, "dep", "SPACE", "_SP"),
             ("BEIRUT", True, 13, "npadvmod", "PROPN", "NNP"), ("-", True, 13, "punct", "PUNCT", ":"),
             ("The", True, 12, "det", "DET", "DT"), ("minister", True, 13, "nsubj", "NOUN", "NN"),
             ("met", True, 13, "ROOT", "VERB", "VBD"), ("the", True, 15, "det", "DET", "DT"),
             ("envoy", False, 13, "dobj", "NOUN", "NN"), (".", False, 13, "punct", "PUNCT", ".")]
    return build(words, [(0, 1, "GPE"), (9, 10, "GPE")], starts, lemmas={"met": "meet"})


MINISTER_JPN = ("a1", "minister", "person", "minister", "JPN")
ENVOY = ("a2", "envoy", "person", "envoy")

# doc, trigger, CAMEO code, source, target, actors (id, name, kind, word[, country]), sentence
# number, and the place expected: location, gazetteer name, country, how.
CASES = {
    # (before: Moscow, clause: all that hung from "in response" counted)
    "a place preposition's phrase is its own noun phrase": (
        RESPONSE, "praised", "051", "a1", "a2", (MINISTER_JPN, ENVOY), 0,
        ("Japan", "Japan", "JPN", "article")),
    # (before: Beijing, clause)
    "'to' after a word of saying names a recipient, not a place": (
        went("appealed", "appeal"), "appealed", "020", "a2", None,
        (("a2", "envoy", "person", "envoy", "KOR"),), 0, ("South Korea", "South Korea", "KOR", "article")),
    "'to' after a word of going names a place": (
        went("flew", "fly"), "flew", "036", "a2", None,
        (("a2", "envoy", "person", "envoy", "KOR"),), 0, ("Beijing", "Beijing", "CHN", "clause")),
    # (before: Paris, sentence)
    "what a statement reports did not happen where it was said": (
        REPORTED, "told", "010", "a1", "a2",
        (MINISTER_JPN, ("a2", "parliament", "organization", "parliament", "JPN")), 0,
        ("Japan", "Japan", "JPN", "article")),
    # (before: Paris, sentence)
    "a relative clause places its own noun's happening": (
        PACT, "praised", "051", "a1", None, (MINISTER_JPN,), 0, ("Japan", "Japan", "JPN", "article")),
    "a relative clause of a party places it": (
        ENVOYS, "praised", "051", "a1", None, (("a1", "envoys", "person", "envoys", "JPN"),), 0,
        ("Geneva", "Geneva", "CHE", "sentence")),
    "a relative clause of the speaker places what is said": (
        WARNED, "retaliate", "130", "a1", None, (("a1", "Japan", "country", "Tokyo", "JPN"),), 0,
        ("Geneva", "Geneva", "CHE", "sentence")),
    # (before: United Kingdom, article: the target's own name placed nothing)
    "a visit is at the visited party": (
        VISITED, "visited", "042", "a1", "a2",
        (("a1", "minister", "person", "minister", "GBR"), ("a2", "Japan", "country", "Japan", "JPN")), 0,
        ("Japan", "Japan", "JPN", "sentence")),
    "a hosted visit is at the host": (
        VISITED, "visited", "043", "a2", "a1",
        (("a1", "minister", "person", "minister", "GBR"), ("a2", "Japan", "country", "Japan", "JPN")), 0,
        ("Japan", "Japan", "JPN", "sentence")),
    # (before: Kyiv, dateline: the target is of the dateline's country)
    "a country's statement is made at home, whatever the dateline": (
        FILED, "met", "111", "a1", "a2", (("a1", "ministry", "organization", "minister", "RUS"),
                                          ("a2", "envoy", "person", "envoy", "UKR")), 0,
        ("Russia", "Russia", "RUS", "article")),
    # (before: Iran, clause: coercion was aimed as force is)
    "coercion is done where the doer rules, not where it is aimed": (
        SANCTIONS, "imposed", "172", "a1", "a2",
        (("a1", "Britain", "country", "Britain", "GBR"), ("a2", "Iran", "country", "Iran", "IRN")), 0,
        ("Britain", "United Kingdom", "GBR", "sentence")),
    # (before: Kyiv, dateline: the doer's country)
    "force abroad is not at a dateline of its doer's country": (
        FILED, "met", "190", "a1", "a2", (("a1", "militants", "group", "minister", "UKR"),
                                          ("a2", "envoy", "person", "envoy", "RUS")), 0,
        ("Russia", "Russia", "RUS", "article")),
    # (before: Russia, article: the other party's country)
    "an organisation of no one country speaks where the story was filed": (
        FILED, "met", "111", "a1", "a2", (("a1", "alliance", "organization", "minister"),
                                          ("a2", "envoy", "person", "envoy", "RUS")), 0,
        ("Kyiv", "Kyiv", "UKR", "dateline")),
    # (before: Kyiv, dateline)
    "force is at its target, not at a dateline of neither party's country": (
        FILED, "met", "190", "a1", "a2", (("a1", "militants", "group", "minister", "SYR"),
                                          ("a2", "envoy", "person", "envoy", "ISR")), 0,
        ("Israel", "Israel", "ISR", "article")),
    "force at a dateline of its target's country is placed there": (
        FILED, "met", "190", "a1", "a2", (("a1", "militants", "group", "minister", "RUS"),
                                          ("a2", "envoy", "person", "envoy", "UKR")), 0,
        ("Kyiv", "Kyiv", "UKR", "dateline")),
    # (before: Bonn, the first dateline)
    "a digest's item is under its own dateline": (
        digest(), "met", "040", "a1", "a2", (("a1", "minister", "person", "minister"), ENVOY), 1,
        ("Beirut", "Beirut", "LBN", "dateline")),
    "a digest's first item is under the first dateline": (
        digest(), "met", "040", "a1", "a2", (("a1", "minister", "person", "minister"), ENVOY), 0,
        ("Bonn", "Bonn", "DEU", "dateline")),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_the_place_of_an_event(case: tuple) -> None:
    doc, trigger, cameo, source, target, people, sentence, expected = case
    actors = [actor(actor_id, name, kind, doc, *rest) for actor_id, name, kind, *rest in people]
    found = replace(event(doc, trigger, cameo, source, target, sentence=sentence), id=f"e{sentence}")
    (result,) = place_events(doc, [found], actors)
    geo = result.geo
    assert (result.location, *((None, None, None) if geo is None else (geo.name, geo.country, geo.how))) \
        == expected


@pytest.mark.parametrize(("name", "country"), [("Soviet Union", "RUS"), ("USSR", "RUS"),
                                               ("West Germany", "DEU"), ("Zaire", "COD")])
def test_former_states_are_at_their_seats_country_today(name: str, country: str) -> None:
    """Older news names states that are gone (before: no place)."""
    place = locate(name)
    assert place is not None and place.country == country


def test_a_digest_item_is_under_its_own_dateline_however_it_is_parsed() -> None:
    """The parser ran the two items into one sentence: the second "met" is still under BEIRUT
    (before: Bonn, the only dateline the parse found)."""
    doc = digest((0,))
    actors = [actor("a1", "minister", "person", doc, "minister"),
              actor("a2", "envoy", "person", doc, "envoy")]
    first = event(doc, "met", "040", "a1", "a2")
    second_at = doc.text.index("met", doc.text.index("BEIRUT"))
    told = replace(first.evidence, trigger_span=(second_at, second_at + 3))
    second = replace(first, id="e2", evidence=told)
    placed = place_events(doc, [first, second], actors)
    assert [(found.location, found.geo and found.geo.how) for found in placed] == [
        ("Bonn", "dateline"), ("Beirut", "dateline")]
