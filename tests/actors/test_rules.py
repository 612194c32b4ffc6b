"""Mention finding and grouping on hand-built Docs: each rule of the actor stage, no model."""

from __future__ import annotations

from typing import Any

from tests.actors.handmade import FakeKnowledge, build
from tidings.actors.extract import extract_actors
from tidings.actors.mentions import find_mentions
from tidings.model import Known
from tidings.records import Actor

KB = FakeKnowledge()

# "Blinken sat down with Liu Jianchao, the Chinese Communist Party's international minister.
#  Hours later, he met with Yoko Kamikawa, the foreign minister of Japan."
MEETINGS = build(
    [("Blinken", True, 1, "nsubj", "PROPN", "NNP"), ("sat", True, 1, "ROOT", "VERB", "VBD"),
     ("down", True, 1, "prt", "ADP", "RP"), ("with", True, 1, "prep", "ADP", "IN"),
     ("Liu", True, 5, "compound", "PROPN", "NNP"), ("Jianchao", False, 3, "pobj", "PROPN", "NNP"),
     (",", True, 5, "punct", "PUNCT", ","), ("the", True, 10, "det", "DET", "DT"),
     ("Chinese", True, 10, "compound", "PROPN", "NNP"), ("Communist", True, 10, "compound", "PROPN", "NNP"),
     ("Party", False, 13, "poss", "PROPN", "NNP"), ("'s", True, 10, "case", "PART", "POS"),
     ("international", True, 13, "amod", "ADJ", "JJ"), ("minister", False, 5, "appos", "NOUN", "NN"),
     (".", True, 1, "punct", "PUNCT", "."), ("Hours", True, 16, "npadvmod", "NOUN", "NNS"),
     ("later", False, 19, "advmod", "ADV", "RB"), (",", True, 19, "punct", "PUNCT", ","),
     ("he", True, 19, "nsubj", "PRON", "PRP"), ("met", True, 19, "ROOT", "VERB", "VBD"),
     ("with", True, 19, "prep", "ADP", "IN"), ("Yoko", True, 22, "compound", "PROPN", "NNP"),
     ("Kamikawa", False, 20, "pobj", "PROPN", "NNP"), (",", True, 22, "punct", "PUNCT", ","),
     ("the", True, 26, "det", "DET", "DT"), ("foreign", True, 26, "amod", "ADJ", "JJ"),
     ("minister", True, 22, "appos", "NOUN", "NN"), ("of", True, 26, "prep", "ADP", "IN"),
     ("Japan", False, 27, "pobj", "PROPN", "NNP"), (".", False, 19, "punct", "PUNCT", ".")],
    [(0, 1, "PERSON"), (4, 6, "PERSON"), (7, 12, "ORG"), (15, 17, "TIME"), (21, 23, "PERSON"),
     (28, 29, "GPE")],
    [0, 15],
)

# "Antony Blinken met Yoko Kamikawa. In addition to Taiwan, Blinken, and Kamikawa discussed
#  Ukraine, according to the news site Japan Today."  (the tagger's errors kept: GPE surnames,
#  "Today" as a DATE)
MISTYPED = build(
    [("Antony", True, 1, "compound", "PROPN", "NNP"), ("Blinken", True, 2, "nsubj", "PROPN", "NNP"),
     ("met", True, 2, "ROOT", "VERB", "VBD"), ("Yoko", True, 4, "compound", "PROPN", "NNP"),
     ("Kamikawa", False, 2, "dobj", "PROPN", "NNP"), (".", True, 2, "punct", "PUNCT", "."),
     ("In", True, 15, "prep", "ADP", "IN"), ("addition", True, 6, "pobj", "NOUN", "NN"),
     ("to", True, 7, "prep", "ADP", "IN"), ("Taiwan", False, 8, "pobj", "PROPN", "NNP"),
     (",", True, 9, "punct", "PUNCT", ","), ("Blinken", False, 9, "conj", "PROPN", "NNP"),
     (",", True, 11, "punct", "PUNCT", ","), ("and", True, 11, "cc", "CCONJ", "CC"),
     ("Kamikawa", True, 11, "conj", "PROPN", "NNP"), ("discussed", True, 15, "ROOT", "VERB", "VBD"),
     ("Ukraine", False, 15, "dobj", "PROPN", "NNP"), (",", True, 15, "punct", "PUNCT", ","),
     ("according", True, 15, "prep", "VERB", "VBG"), ("to", True, 18, "prep", "ADP", "IN"),
     ("the", True, 22, "det", "DET", "DT"), ("news", True, 22, "compound", "NOUN", "NN"),
     ("site", True, 19, "pobj", "NOUN", "NN"), ("Japan", True, 15, "npadvmod", "PROPN", "NNP"),
     ("Today", False, 15, "npadvmod", "PROPN", "NNP"), (".", False, 15, "punct", "PUNCT", ".")],
    [(0, 2, "PERSON"), (3, 5, "PERSON"), (9, 10, "GPE"), (11, 12, "GPE"), (14, 15, "GPE"), (16, 17, "GPE"),
     (23, 24, "GPE"), (24, 25, "DATE")],
    [0, 6],
)

# "Taiwan holds an election. Beijing has slammed Washington for supplying the island with
#  weapons. US Secretary of State Antony Blinken met a senior Chinese diplomat."
CAPITALS = build(
    [("Taiwan", True, 1, "nsubj", "PROPN", "NNP"), ("holds", True, 1, "ROOT", "VERB", "VBZ"),
     ("an", True, 3, "det", "DET", "DT"), ("election", False, 1, "dobj", "NOUN", "NN"),
     (".", True, 1, "punct", "PUNCT", "."), ("Beijing", True, 7, "nsubj", "PROPN", "NNP"),
     ("has", True, 7, "aux", "AUX", "VBZ"), ("slammed", True, 7, "ROOT", "VERB", "VBN"),
     ("Washington", True, 7, "dobj", "PROPN", "NNP"), ("for", True, 7, "prep", "ADP", "IN"),
     ("supplying", True, 9, "pcomp", "VERB", "VBG"), ("the", True, 12, "det", "DET", "DT"),
     ("island", True, 10, "dobj", "NOUN", "NN"), ("with", True, 10, "prep", "ADP", "IN"),
     ("weapons", False, 13, "pobj", "NOUN", "NNS"), (".", True, 7, "punct", "PUNCT", "."),
     ("US", True, 17, "nmod", "PROPN", "NNP"), ("Secretary", True, 21, "nmod", "PROPN", "NNP"),
     ("of", True, 17, "prep", "ADP", "IN"), ("State", True, 18, "pobj", "PROPN", "NNP"),
     ("Antony", True, 21, "compound", "PROPN", "NNP"), ("Blinken", True, 22, "nsubj", "PROPN", "NNP"),
     ("met", True, 22, "ROOT", "VERB", "VBD"), ("a", True, 26, "det", "DET", "DT"),
     ("senior", True, 26, "amod", "ADJ", "JJ"), ("Chinese", True, 26, "amod", "ADJ", "JJ"),
     ("diplomat", False, 22, "dobj", "NOUN", "NN"), (".", False, 22, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (5, 6, "GPE"), (8, 9, "GPE"), (16, 17, "GPE"), (19, 20, "ORG"), (20, 22, "PERSON"),
     (25, 26, "NORP")],
    [0, 5, 16],
)


def actors_of(doc: Any, **kwargs: Any) -> dict[str, Actor]:
    return {actor.name: actor for actor in extract_actors(doc, KB, **kwargs).actors}


def texts(actor: Actor, how: str | None = None) -> list[str]:
    return [m.text for m in actor.mentions if how is None or m.how == how]


def test_appositive_role_and_country_are_read() -> None:
    actors = actors_of(MEETINGS)
    liu = actors["Liu Jianchao"]
    assert liu.roles == ("international minister",)
    assert (liu.country, liu.sector, liu.cameo) == ("CHN", "PTY", "CHNPTY")
    kamikawa = actors["Yoko Kamikawa"]
    assert kamikawa.roles == ("foreign minister",) and kamikawa.country == "JPN"


def test_pronoun_prefers_the_previous_subject() -> None:
    # the knowledge base completes the lone surname, so the actor has one name across articles
    blinken = actors_of(MEETINGS)["Antony Blinken"]
    assert texts(blinken) == ["Blinken", "he"]
    assert texts(blinken, "pronoun") == ["he"]


def test_appositive_description_joins_its_name() -> None:
    liu = actors_of(MEETINGS)["Liu Jianchao"]
    assert "the Chinese Communist Party's international minister" in texts(liu, "description")


def test_surnames_typed_as_places_are_people_of_the_same_actor() -> None:
    actors = actors_of(MISTYPED)
    assert texts(actors["Antony Blinken"]) == ["Antony Blinken", "Blinken"]
    assert texts(actors["Yoko Kamikawa"]) == ["Yoko Kamikawa", "Kamikawa"]
    assert actors["Antony Blinken"].kind == "person"
    assert "Blinken" not in actors and "Kamikawa" not in actors


def test_a_name_split_by_the_tagger_is_joined_when_known() -> None:
    actors = actors_of(MISTYPED)
    assert texts(actors["Japan Today"]) == ["Japan Today"]
    assert (actors["Japan Today"].country, actors["Japan Today"].sector) == ("JPN", "MED")
    assert "Japan" not in actors  # the only "Japan" was part of the site's name


def test_capitals_are_their_countries_and_the_island_is_taiwan() -> None:
    actors = actors_of(CAPITALS)
    china = actors["China"]
    assert texts(china, "metonym") == ["Beijing"] and china.country == "CHN"
    assert actors["Taiwan"].country == "TWN"
    assert texts(actors["Taiwan"]) == ["Taiwan", "the island"]
    # Washington and the US are one actor
    assert texts(actors["United States"]) == ["Washington"]


def test_title_before_a_name_is_read_not_made_an_actor() -> None:
    actors = actors_of(CAPITALS)
    blinken = actors["Antony Blinken"]
    assert blinken.roles == ("Secretary of State",)
    assert (blinken.country, blinken.sector) == ("USA", "GOV")
    assert "State" not in actors
    # "US" inside the title is absorbed, so the United States is only mentioned as Washington
    assert texts(actors["United States"]) == ["Washington"]


def test_an_indefinite_description_is_a_new_actor_with_its_demonym() -> None:
    mentions = find_mentions(CAPITALS, KB)
    diplomat = next(m for m in mentions if m.text == "a senior Chinese diplomat")
    assert (diplomat.how, diplomat.country, diplomat.sector, diplomat.definite) == (
        "description", "CHN", "GOV", False)


def test_overrides_win_and_learned_knowledge_fills_gaps() -> None:
    def override(name: str) -> Known | None:
        return Known(name, "person", "TWN", "MIL") if name == "Yoko Kamikawa" else None

    actors = actors_of(MEETINGS, override=override)
    assert (actors["Yoko Kamikawa"].country, actors["Yoko Kamikawa"].sector) == ("TWN", "MIL")


def test_facts_are_the_roles_the_text_states() -> None:
    facts = extract_actors(MEETINGS, KB).facts
    assert {(f.name, f.role, f.country, f.sector) for f in facts} == {
        ("Liu Jianchao", "international minister", "CHN", "PTY"),
        ("Yoko Kamikawa", "foreign minister", "JPN", "GOV"),
    }


# "Blinken met a senior Chinese diplomat on Friday. Liu Jianchao, the Chinese Communist Party's
#  international minister, said Japan's prime minister would visit."
CATAPHORA = build(
    [("Blinken", True, 1, "nsubj", "PROPN", "NNP"), ("met", True, 1, "ROOT", "VERB", "VBD"),
     ("a", True, 5, "det", "DET", "DT"), ("senior", True, 5, "amod", "ADJ", "JJ"),
     ("Chinese", True, 5, "amod", "ADJ", "JJ"), ("diplomat", True, 1, "dobj", "NOUN", "NN"),
     ("on", True, 1, "prep", "ADP", "IN"), ("Friday", False, 6, "pobj", "PROPN", "NNP"),
     (".", True, 1, "punct", "PUNCT", "."), ("Liu", True, 10, "compound", "PROPN", "NNP"),
     ("Jianchao", False, 20, "nsubj", "PROPN", "NNP"), (",", True, 10, "punct", "PUNCT", ","),
     ("the", True, 15, "det", "DET", "DT"), ("Chinese", True, 15, "compound", "PROPN", "NNP"),
     ("Communist", True, 15, "compound", "PROPN", "NNP"), ("Party", False, 18, "poss", "PROPN", "NNP"),
     ("'s", True, 15, "case", "PART", "POS"), ("international", True, 18, "amod", "ADJ", "JJ"),
     ("minister", False, 10, "appos", "NOUN", "NN"), (",", True, 10, "punct", "PUNCT", ","),
     ("said", True, 20, "ROOT", "VERB", "VBD"), ("Japan", False, 24, "poss", "PROPN", "NNP"),
     ("'s", True, 21, "case", "PART", "POS"), ("prime", True, 24, "amod", "ADJ", "JJ"),
     ("minister", True, 26, "nsubj", "NOUN", "NN"), ("would", True, 26, "aux", "AUX", "MD"),
     ("visit", False, 20, "ccomp", "VERB", "VB"), (".", False, 20, "punct", "PUNCT", ".")],
    [(0, 1, "PERSON"), (4, 5, "NORP"), (7, 8, "DATE"), (9, 11, "PERSON"), (12, 17, "ORG"),
     (21, 22, "GPE")],
    [0, 9],
)

# "Finland said it would close its border with Russia, accusing Moscow of putting pressure on
#  the country. American warplanes flew to Kabul."
BORDER = build(
    [("Finland", True, 1, "nsubj", "PROPN", "NNP"), ("said", True, 1, "ROOT", "VERB", "VBD"),
     ("it", True, 4, "nsubj", "PRON", "PRP"), ("would", True, 4, "aux", "AUX", "MD"),
     ("close", True, 1, "ccomp", "VERB", "VB"), ("its", True, 6, "poss", "PRON", "PRP$"),
     ("border", True, 4, "dobj", "NOUN", "NN"), ("with", True, 6, "prep", "ADP", "IN"),
     ("Russia", False, 7, "pobj", "PROPN", "NNP"), (",", True, 4, "punct", "PUNCT", ","),
     ("accusing", True, 4, "advcl", "VERB", "VBG"), ("Moscow", True, 10, "dobj", "PROPN", "NNP"),
     ("of", True, 10, "prep", "ADP", "IN"), ("putting", True, 12, "pcomp", "VERB", "VBG"),
     ("pressure", True, 13, "dobj", "NOUN", "NN"), ("on", True, 13, "prep", "ADP", "IN"),
     ("the", True, 17, "det", "DET", "DT"), ("country", False, 15, "pobj", "NOUN", "NN"),
     (".", True, 1, "punct", "PUNCT", "."), ("American", True, 20, "amod", "ADJ", "JJ"),
     ("warplanes", True, 21, "nsubj", "NOUN", "NNS"), ("flew", True, 21, "ROOT", "VERB", "VBD"),
     ("to", True, 21, "prep", "ADP", "IN"), ("Kabul", False, 22, "pobj", "PROPN", "NNP"),
     (".", False, 21, "punct", "PUNCT", ".")],
    [(0, 1, "GPE"), (8, 9, "GPE"), (11, 12, "GPE"), (19, 20, "NORP"), (23, 24, "GPE")],
    [0, 19],
)

# "The Chinese Congress convenes in March. Riigikogu said a former White House official had
#  resigned."  (the tagger's "Riigikogu" is a PERSON)
BODIES = build(
    [("The", True, 2, "det", "DET", "DT"), ("Chinese", True, 2, "amod", "ADJ", "JJ"),
     ("Congress", True, 3, "nsubj", "PROPN", "NNP"), ("convenes", True, 3, "ROOT", "VERB", "VBZ"),
     ("in", True, 3, "prep", "ADP", "IN"), ("March", False, 4, "pobj", "PROPN", "NNP"),
     (".", True, 3, "punct", "PUNCT", "."), ("Riigikogu", True, 8, "nsubj", "PROPN", "NNP"),
     ("said", True, 8, "ROOT", "VERB", "VBD"), ("a", True, 13, "det", "DET", "DT"),
     ("former", True, 13, "amod", "ADJ", "JJ"), ("White", True, 12, "compound", "PROPN", "NNP"),
     ("House", True, 13, "compound", "PROPN", "NNP"), ("official", True, 15, "nsubj", "NOUN", "NN"),
     ("had", True, 15, "aux", "AUX", "VBD"), ("resigned", False, 8, "ccomp", "VERB", "VBN"),
     (".", False, 8, "punct", "PUNCT", ".")],
    [(1, 2, "NORP"), (2, 3, "ORG"), (5, 6, "DATE"), (7, 8, "PERSON"), (11, 13, "ORG")],
    [0, 7],
)


def test_an_indefinite_description_introducing_a_named_person_is_that_person() -> None:
    liu = actors_of(CATAPHORA)["Liu Jianchao"]
    assert texts(liu)[:2] == ["a senior Chinese diplomat", "Liu Jianchao"]


def test_a_description_with_another_office_is_another_person() -> None:
    actors = actors_of(CATAPHORA)
    assert "Japan's prime minister" not in texts(actors["Liu Jianchao"])
    prime_minister = actors["Japan's prime minister"]
    assert (prime_minister.kind, prime_minister.country, prime_minister.sector) == (
        "person", "JPN", "GOV")
    assert "Japan" not in actors  # the possessive only says whose prime minister


def test_possessive_pronoun_prefers_its_own_clause_subject() -> None:
    actors = actors_of(BORDER)
    assert texts(actors["Finland"], "pronoun") == ["it", "its"]  # "it" now resolved too (coref)


def test_the_country_is_the_salient_one_not_the_latest() -> None:
    actors = actors_of(BORDER)
    assert "the country" in texts(actors["Finland"])
    assert texts(actors["Russia"]) == ["Russia", "Moscow"]


def test_a_demonym_modifying_a_group_is_its_country() -> None:
    actors = actors_of(BORDER)
    warplanes = actors["American warplanes"]
    assert (warplanes.kind, warplanes.country, warplanes.sector) == ("group", "USA", "MIL")
    assert "United States" not in actors


def test_a_capital_as_a_destination_is_a_place_not_a_government() -> None:
    kabul = actors_of(BORDER)["Kabul"]
    assert (kabul.kind, kabul.country, kabul.sector) == ("location", "AFG", None)


def test_an_unknown_body_takes_its_country_from_the_demonym_before_it() -> None:
    congress = actors_of(BODIES)["Congress"]
    assert (congress.country, congress.sector) == ("CHN", "LEG")


def test_knowledge_overrules_the_taggers_label() -> None:
    riigikogu = actors_of(BODIES)["Riigikogu"]
    assert (riigikogu.kind, riigikogu.country, riigikogu.sector) == ("organization", "EST", "LEG")


def test_a_former_official_is_an_elite() -> None:
    official = actors_of(BODIES)["a former White House official"]
    assert (official.country, official.sector) == ("USA", "ELI")


def dispersed(place: str) -> Any:
    """ "Egyptian police dispersed demonstrators in <place>." """
    return build(
        [("Egyptian", True, 1, "amod", "ADJ", "JJ"), ("police", True, 2, "nsubj", "NOUN", "NNS"),
         ("dispersed", True, 2, "ROOT", "VERB", "VBD"), ("demonstrators", True, 2, "dobj", "NOUN", "NNS"),
         ("in", True, 2, "prep", "ADP", "IN"), (place, False, 4, "pobj", "PROPN", "NNP"),
         (".", False, 2, "punct", "PUNCT", ".")],
        [(0, 1, "NORP"), (5, 6, "GPE")],
        [0],
    )


def test_unnamed_groups_take_the_country_a_story_is_set_in() -> None:
    assert actors_of(dispersed("Cairo"))["demonstrators"].country == "EGY"


def test_a_group_belongs_where_its_own_clause_places_it() -> None:
    # The story names two countries; the demonstrators' clause puts them in Gaza.
    actors = actors_of(dispersed("Gaza"))
    assert actors["Egyptian police"].country == "EGY"
    assert actors["demonstrators"].country == "PSE"


def test_an_ethnic_group_belongs_to_the_country_it_lives_in() -> None:
    doc = build(
        [("Ethnic", True, 1, "amod", "ADJ", "JJ"), ("Albanians", True, 5, "nsubj", "PROPN", "NNPS"),
         ("in", True, 1, "prep", "ADP", "IN"), ("south", True, 4, "amod", "ADJ", "JJ"),
         ("Serbia", True, 2, "pobj", "PROPN", "NNP"), ("demanded", True, 5, "ROOT", "VERB", "VBD"),
         ("a", True, 7, "det", "DET", "DT"), ("referendum", False, 5, "dobj", "NOUN", "NN"),
         (".", False, 5, "punct", "PUNCT", ".")],
        [(1, 2, "NORP"), (4, 5, "GPE")],
        [0],
    )
    group = actors_of(doc)["Ethnic Albanians"]
    assert (group.kind, group.country) == ("group", "SRB")
    assert "Albania" not in actors_of(doc)


def spoke_in_iraq(title: bool) -> Any:
    """ "[President] Smith spoke in Iraq." """
    words = [("President", True, 1, "compound", "PROPN", "NNP")] if title else []
    shift = len(words)
    words += [("Smith", True, 1 + shift, "nsubj", "PROPN", "NNP"),
              ("spoke", True, 1 + shift, "ROOT", "VERB", "VBD"), ("in", True, 1 + shift, "prep", "ADP", "IN"),
              ("Iraq", False, 2 + shift, "pobj", "PROPN", "NNP"),
              (".", False, 1 + shift, "punct", "PUNCT", ".")]
    return build(words, [(shift, shift + 1, "PERSON"), (3 + shift, 4 + shift, "GPE")], [0])


def test_a_titled_stranger_in_a_one_country_story_is_that_countrys() -> None:
    assert actors_of(spoke_in_iraq(title=True))["Smith"].country == "IRQ"


def test_a_bare_unknown_name_stays_uncoded() -> None:
    assert actors_of(spoke_in_iraq(title=False))["Smith"].country is None


def spoke_in_turn(names: list[tuple[str, str]]) -> Any:
    """ "Egypt spoke. Egypt spoke. ... Smith spoke." : one two-word sentence per (name, label)."""
    words: list[tuple[str, bool, int, str, str, str]] = []
    ents, sents = [], []
    for name, label in names:
        first = len(words)
        sents.append(first)
        words += [(name, True, first + 1, "nsubj", "PROPN", "NNP"),
                  ("spoke", False, first + 1, "ROOT", "VERB", "VBD"),
                  (".", True, first + 1, "punct", "PUNCT", ".")]
        ents.append((first, first + 1, label))
    return build(words, ents, sents)


def test_a_bare_name_in_a_story_mostly_about_one_country_is_that_countrys() -> None:
    story = [("Egypt", "GPE")] * 3 + [("Israel", "GPE"), ("Smith", "PERSON")]
    assert actors_of(spoke_in_turn(story))["Smith"].country == "EGY"


def test_a_story_between_two_countries_has_no_home() -> None:
    story = [("Egypt", "GPE")] * 3 + [("Israel", "GPE")] * 3 + [("Smith", "PERSON")]
    assert actors_of(spoke_in_turn(story))["Smith"].country is None
