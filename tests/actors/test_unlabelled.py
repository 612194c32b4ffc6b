"""Names the tagger left out, found by what is known (tidings.actors.unlabelled): hand-built Docs
of sentences written for these tests, a fake knowledge base and a fake learned lookup."""

from __future__ import annotations

from tests.actors.handmade import FakeKnowledge, Word, build
from tidings.actors.extract import extract_actors
from tidings.actors.mentions import Mention, find_mentions
from tidings.model import Known

KB = FakeKnowledge()
DOE = Known("Jane Doe", "person", "KEN", "GOV", ("interior minister",), source="learned:a1")
CHAD = Known("Amos Chad", "person", "KEN", "GOV", ("governor",), source="learned:a2")


class Learned:
    """What earlier articles taught, by full name and by surname (as Store.learned answers);
    remembers every name it was asked."""

    def __init__(self, *people: Known) -> None:
        self.people = {key: known for known in people
                       for key in (known.name.lower(), known.name.split()[-1].lower())}
        self.asked: list[str] = []

    def __call__(self, name: str) -> Known | None:
        self.asked.append(name)
        return self.people.get(name.lower())


def names(words: list[Word], ents: list[tuple[int, int, str]], learned: Learned) -> list[Mention]:
    return [m for m in find_mentions(build(words, ents, [0]), KB, learned=learned) if m.how == "name"]


# "Doe ordered the police to leave."
ORDERED = [("Doe", True, 1, "nsubj", "PROPN", "NNP"), ("ordered", True, 1, "ROOT", "VERB", "VBD"),
           ("the", True, 3, "det", "DET", "DT"), ("police", True, 1, "dobj", "NOUN", "NNS"),
           ("to", True, 5, "aux", "PART", "TO"), ("leave", False, 1, "xcomp", "VERB", "VB"),
           (".", False, 1, "punct", "PUNCT", ".")]


def test_a_surname_one_learned_person_bears_is_that_person() -> None:
    found = names(ORDERED, [], Learned(DOE))
    assert [(m.text, m.kind, m.known) for m in found] == [("Doe", "person", DOE)]


def test_a_surname_nothing_was_learned_for_stays_unfound() -> None:
    assert names(ORDERED, [], Learned()) == []


def test_a_common_word_opening_a_sentence_is_no_surname() -> None:
    # "Stone ordered ..." tagged as a noun: a word of the language, however a learned person is named
    stone = [("Stone", True, 1, "nsubj", "NOUN", "NN"), *ORDERED[1:]]
    learned = Learned(Known("Ann Stone", "person", "KEN", "GOV", source="learned:a3"))
    assert names(stone, [], learned) == []


def test_a_surname_that_names_a_country_is_the_country() -> None:
    chad = [("Chad", True, 1, "nsubj", "PROPN", "NNP"), *ORDERED[1:]]
    learned = Learned(CHAD)
    assert all(m.kind != "person" for m in names(chad, [], learned))
    assert "Chad" not in learned.asked


def test_a_learned_surname_is_found_as_an_object_too() -> None:
    # "Police arrested Doe."
    words = [("Police", True, 1, "nsubj", "NOUN", "NNS"), ("arrested", True, 1, "ROOT", "VERB", "VBD"),
             ("Doe", False, 1, "dobj", "PROPN", "NNP"), (".", False, 1, "punct", "PUNCT", ".")]
    assert [(m.text, m.known) for m in names(words, [], Learned(DOE))] == [("Doe", DOE)]


def test_a_learned_surname_the_tagger_took_for_a_body_is_the_person() -> None:
    assert [(m.text, m.kind, m.known) for m in names(ORDERED, [(0, 1, "ORG")], Learned(DOE))] == [
        ("Doe", "person", DOE)]


def test_a_learned_surname_the_tagger_labelled_a_person_gets_the_learned_name() -> None:
    actors = extract_actors(build(ORDERED, [(0, 1, "PERSON")], [0]), KB, learned=Learned(DOE)).actors
    people = [(a.name, a.country, a.sector) for a in actors if a.kind == "person"]
    assert people == [("Jane Doe", "KEN", "GOV")]


def test_a_surname_the_document_gives_a_full_name_for_is_not_the_learned_one() -> None:
    # "John Doe spoke. Doe left." : the document's own John Doe, not the learned Jane Doe
    words = [("John", True, 1, "compound", "PROPN", "NNP"), ("Doe", True, 2, "nsubj", "PROPN", "NNP"),
             ("spoke", False, 2, "ROOT", "VERB", "VBD"), (".", True, 2, "punct", "PUNCT", "."),
             ("Doe", True, 5, "nsubj", "PROPN", "NNP"), ("left", False, 5, "ROOT", "VERB", "VBD"),
             (".", False, 5, "punct", "PUNCT", ".")]
    doc = build(words, [(0, 2, "PERSON")], [0, 4])
    assert all(m.known is None for m in find_mentions(doc, KB, learned=Learned(DOE)) if m.how == "name")


# "Interior Minister Jane Doe spoke." with nothing labelled
TITLED = [("Interior", True, 1, "compound", "PROPN", "NNP"),
          ("Minister", True, 3, "compound", "PROPN", "NNP"),
          ("Jane", True, 3, "compound", "PROPN", "NNP"), ("Doe", True, 4, "nsubj", "PROPN", "NNP"),
          ("spoke", False, 4, "ROOT", "VERB", "VBD"), (".", False, 4, "punct", "PUNCT", ".")]


def test_a_learned_full_name_ending_a_run_of_proper_nouns_is_found() -> None:
    found = names(TITLED, [], Learned(DOE))
    assert [(m.text, m.known) for m in found] == [("Jane Doe", DOE)]


def test_a_known_full_name_ending_a_run_of_proper_nouns_is_found() -> None:
    # "Envoy Antony Blinken spoke." : the built-in knowledge knows the name
    words = [("Envoy", True, 2, "compound", "PROPN", "NNP"), ("Antony", True, 2, "compound", "PROPN", "NNP"),
             ("Blinken", True, 3, "nsubj", "PROPN", "NNP"), ("spoke", False, 3, "ROOT", "VERB", "VBD"),
             (".", False, 3, "punct", "PUNCT", ".")]
    found = names(words, [], Learned())
    assert [(m.text, m.known and m.known.name) for m in found] == [("Antony Blinken", "Antony Blinken")]


def test_a_title_then_a_learned_surname_is_the_person() -> None:
    # "Minister Doe spoke."
    words = [("Minister", True, 1, "compound", "PROPN", "NNP"), ("Doe", True, 2, "nsubj", "PROPN", "NNP"),
             ("spoke", False, 2, "ROOT", "VERB", "VBD"), (".", False, 2, "punct", "PUNCT", ".")]
    assert [(m.text, m.known) for m in names(words, [], Learned(DOE))] == [("Doe", DOE)]


def test_a_name_that_ends_a_longer_name_without_a_title_is_not_a_surname() -> None:
    # "Acme Doe spoke." : "Acme" is no title, so "Doe" here is not the learned person's surname
    words = [("Acme", True, 1, "compound", "PROPN", "NNP"), ("Doe", True, 2, "nsubj", "PROPN", "NNP"),
             ("spoke", False, 2, "ROOT", "VERB", "VBD"), (".", False, 2, "punct", "PUNCT", ".")]
    assert names(words, [], Learned(DOE)) == []
