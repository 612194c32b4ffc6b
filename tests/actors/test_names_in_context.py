"""Titles, first names, abbreviations and body names read around a name, on hand-built Docs
(sentences written for these tests)."""

from __future__ import annotations

from datetime import date

from tests.actors.handmade import FakeRole, build
from tests.actors.test_context import KB, MoreKnowledge, flat
from tidings.actors.context import read_title_before
from tidings.actors.mentions import find_mentions
from tidings.model import Known


class BodyKnowledge(MoreKnowledge):
    """Adds a prosecutor role, a patrol force and a body whose name goes on after "for"."""

    def role(self, text: str) -> FakeRole | None:
        extra = {"prosecutor": ("JUD", True), "highway patrol": ("COP", False), "patrol": None}
        key = text.lower()
        if key in extra:
            found = extra[key]
            return FakeRole(key, *found) if found else None
        return super().role(text)

    def lookup(self, text: str, *, on: date | None = None) -> Known | None:
        if text.lower() == "institute for peace studies":
            return Known("Institute for Peace Studies", "organization", "EGY", "EDU")
        return super().lookup(text, on=on)


BODIES = BodyKnowledge()


class RankKnowledge(MoreKnowledge):
    """Adds a military rank."""

    def role(self, text: str) -> FakeRole | None:
        return FakeRole("colonel", "MIL", True) if text.lower() == "colonel" else super().role(text)


RANKS = RankKnowledge()


def test_a_form_of_address_between_a_title_and_a_name_does_not_hide_the_title() -> None:
    # "Minister Dr Mary Smith spoke."
    doc = build(flat("Minister", "Dr", "Mary", "Smith"), [(2, 4, "PERSON")], [0])
    stated = read_title_before(doc, 2, KB)
    assert (stated.sector, stated.absorbed) == ("GOV", [0, 1])


def test_an_official_of_a_named_body_is_of_that_body() -> None:
    # "Hamas official Ali Said spoke."
    doc = build(flat("Hamas", "official", "Ali", "Said"), [(0, 1, "ORG"), (2, 4, "PERSON")], [0])
    stated = read_title_before(doc, 2, KB)
    assert (stated.country, stated.sector) == ("PSE", "REB")


def test_a_military_rank_in_a_police_force_is_a_police_rank() -> None:
    # "Highway Patrol Capt. Jo Ray spoke."
    doc = build(flat("Highway", "Patrol", "Capt", ".", "Jo", "Ray", glued=(2,)), [(4, 6, "PERSON")], [0])
    assert read_title_before(doc, 4, BODIES).sector == "COP"
    # a rank alone stays military: "Capt. Jo Ray"
    alone = build(flat("Capt", ".", "Jo", "Ray", glued=(0,)), [(2, 4, "PERSON")], [0])
    assert read_title_before(alone, 2, BODIES).sector == "MIL"


def test_a_first_name_the_tagger_left_out_belongs_to_the_name() -> None:
    # "Australian Mary Smith left." with only "Smith" tagged
    doc = build([("Australian", True, 2, "compound", "PROPN", "NNP"),
                 ("Mary", True, 2, "compound", "PROPN", "NNP"),
                 ("Smith", True, 3, "nsubj", "PROPN", "NNP"), ("left", False, 3, "ROOT", "VERB", "VBD"),
                 (".", False, 3, "punct", "PUNCT", ".")],
                [(2, 3, "PERSON")], [0])
    person = next(m for m in find_mentions(doc, KB) if m.kind == "person")
    assert (person.text, person.country) == ("Mary Smith", "AUS")


def test_a_name_cut_before_for_is_joined_when_the_whole_is_known() -> None:
    # "The Institute for Peace Studies said." with "Institute" alone tagged
    doc = build([("The", True, 1, "det", "DET", "DT"), ("Institute", True, 5, "nsubj", "PROPN", "NNP"),
                 ("for", True, 1, "prep", "ADP", "IN"), ("Peace", True, 4, "compound", "PROPN", "NNP"),
                 ("Studies", True, 2, "pobj", "PROPN", "NNP"), ("said", False, 5, "ROOT", "VERB", "VBD"),
                 (".", False, 5, "punct", "PUNCT", ".")],
                [(1, 2, "ORG")], [0])
    body = next(m for m in find_mentions(doc, BODIES) if m.how == "name")
    assert (body.text, body.known and body.known.country) == ("Institute for Peace Studies", "EGY")


def test_a_body_is_what_its_name_says_before_its_of_phrase() -> None:
    # "The Special Prosecutor Against Fraud said."
    doc = build([("The", True, 2, "det", "DET", "DT"), ("Special", True, 2, "compound", "PROPN", "NNP"),
                 ("Prosecutor", True, 5, "nsubj", "PROPN", "NNP"), ("Against", True, 2, "prep", "ADP", "IN"),
                 ("Fraud", True, 3, "pobj", "PROPN", "NNP"), ("said", False, 5, "ROOT", "VERB", "VBD"),
                 (".", False, 5, "punct", "PUNCT", ".")],
                [(0, 5, "ORG")], [0])
    body = next(m for m in find_mentions(doc, BODIES) if m.how == "name")
    assert body.sector == "JUD"


def test_an_abbreviation_in_brackets_is_coded_as_the_name_before_it() -> None:
    # "The Japanese Police (JNP) said. The JNP left."
    doc = build([("The", True, 2, "det", "DET", "DT"), ("Japanese", True, 2, "compound", "PROPN", "NNP"),
                 ("Police", True, 6, "nsubj", "PROPN", "NNP"), ("(", False, 2, "punct", "PUNCT", "-LRB-"),
                 ("JNP", False, 2, "appos", "PROPN", "NNP"), (")", True, 2, "punct", "PUNCT", "-RRB-"),
                 ("said", False, 6, "ROOT", "VERB", "VBD"), (".", True, 6, "punct", "PUNCT", "."),
                 ("The", True, 9, "det", "DET", "DT"), ("JNP", True, 10, "nsubj", "PROPN", "NNP"),
                 ("left", False, 10, "ROOT", "VERB", "VBD"), (".", False, 10, "punct", "PUNCT", ".")],
                [(1, 3, "ORG"), (4, 5, "ORG"), (9, 10, "ORG")], [0, 8])
    codes = [(m.country, m.sector) for m in find_mentions(doc, KB) if m.text == "JNP"]
    assert codes == [("JPN", "COP"), ("JPN", "COP")]


def test_a_leaders_administration_is_named_as_written_not_by_the_leader() -> None:
    # "The Biden administration said."
    doc = build([("The", True, 2, "det", "DET", "DT"), ("Biden", True, 2, "compound", "PROPN", "NNP"),
                 ("administration", True, 3, "nsubj", "NOUN", "NN"),
                 ("said", False, 3, "ROOT", "VERB", "VBD"),
                 (".", False, 3, "punct", "PUNCT", ".")],
                [(1, 2, "PERSON")], [0])
    government = next(m for m in find_mentions(doc, KB) if m.how == "metonym")
    assert (government.text, government.known, government.sector) == ("Biden administration", None, "GOV")


def test_a_general_who_holds_a_ministry_acts_for_the_government() -> None:
    # "Deputy Minister Colonel Ivan Petrov spoke."
    doc = build(flat("Deputy", "Minister", "Colonel", "Ivan", "Petrov"), [(3, 5, "PERSON")], [0])
    assert read_title_before(doc, 3, RANKS).sector == "GOV"
    alone = build(flat("Colonel", "Ivan", "Petrov"), [(1, 3, "PERSON")], [0])
    assert read_title_before(alone, 1, RANKS).sector == "MIL"
