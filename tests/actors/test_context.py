"""What the words around a name state (tidings.actors.context), on hand-built Docs."""

from __future__ import annotations

from datetime import date

from tests.actors.handmade import FakeKnowledge, FakeRole, build
from tidings.actors.context import Stated, country_words, read_apposition, read_title_before
from tidings.actors.mentions import find_mentions
from tidings.model import Known


class MoreKnowledge(FakeKnowledge):
    """The fake knowledge base plus a region sharing a word with a group's name, a namesake
    body of another state, and a person sharing a surname."""

    def place(self, text: str) -> str | None:
        return {"free": "ZAF"}.get(text.lower()) or super().place(text)

    def demonym(self, text: str) -> Known | None:
        extra = {"syrian": ("Syria", "SYR"), "russian": ("Russia", "RUS"), "iranian": ("Iran", "IRN"),
                 "australian": ("Australia", "AUS"), "american": ("United States", "USA")}
        found = extra.get(text.lower())
        if found:
            return Known(found[0], "country", found[1], how="demonym")
        return super().demonym(text)

    def lookup(self, text: str, *, on: date | None = None) -> Known | None:
        if text.lower() == "security service":
            return Known("MI5", "organization", "GBR", "SPY")
        if text.lower() == "un":
            return Known("United Nations", "organization", None, "IGO")
        if text.lower() == "hamas":
            return Known("Hamas", "group", "PSE", "REB")
        if text.lower() == "jerry brown":
            return Known("Jerry Brown", "person", "USA", "GOV")
        return super().lookup(text, on=on)

    def lookup_surname(self, text: str, *, on: date | None = None) -> Known | None:
        return self.lookup("jerry brown") if text.lower() == "brown" else super().lookup_surname(text, on=on)

    def role(self, text: str) -> FakeRole | None:
        if text.lower().replace(".", "") == "capt":
            return FakeRole("capt", "MIL", True)
        return super().role(text)


KB = MoreKnowledge()


def flat(*words: str, glued: tuple[int, ...] = ()) -> list[tuple[str, bool, int, str, str, str]]:
    """Words of one sentence under the first, no space after those numbered in `glued`."""
    return [(word, number not in glued, 0, "ROOT" if number == 0 else "dep", "PROPN", "NNP")
            for number, word in enumerate(words)]


def stated_country(doc: object) -> str | None:
    stated = Stated()
    country_words(doc, list(doc), KB, stated, None)  # type: ignore[arg-type]
    return stated.country


def test_a_country_named_in_a_name_wins_over_a_region_sharing_another_word() -> None:
    assert stated_country(build(flat("Free", "Syrian", "Army"), [], [0])) == "SYR"


def test_pro_and_inter_compounds_and_sponsors_are_not_the_owner() -> None:
    assert stated_country(build(flat("pro", "-", "Russian", "rebels", glued=(0, 1)), [], [0])) is None
    assert stated_country(build(flat("Inter", "-", "American", "Commission", glued=(0, 1)), [], [0])) is None
    backed = build(flat("Iranian", "-", "backed", "militias", "in", "Iraq", glued=(0, 1)), [], [0])
    assert stated_country(backed) == "IRQ"


def test_a_nationality_right_before_a_name_is_the_persons() -> None:
    doc = build(flat("Australian", "Mary", "Smith"), [(1, 3, "PERSON")], [0])
    stated = read_title_before(doc, 1, KB)
    assert (stated.country, stated.absorbed) == ("AUS", [0])


def test_the_dot_of_an_abbreviated_title_does_not_end_it() -> None:
    doc = build(flat("Capt", ".", "Ron", "Johnson", glued=(0,)), [(2, 4, "PERSON")], [0])
    assert read_title_before(doc, 2, KB).sector == "MIL"


# "Smith, a representative of Ukraine's Security Service, spoke."
APPOSITIVE = build(
    [("Smith", False, 10, "nsubj", "PROPN", "NNP"), (",", True, 0, "punct", "PUNCT", ","),
     ("a", True, 3, "det", "DET", "DT"), ("representative", True, 0, "appos", "NOUN", "NN"),
     ("of", True, 3, "prep", "ADP", "IN"), ("Ukraine", False, 8, "poss", "PROPN", "NNP"),
     ("'s", True, 5, "case", "PART", "POS"), ("Security", True, 8, "compound", "PROPN", "NNP"),
     ("Service", False, 4, "pobj", "PROPN", "NNP"), (",", True, 0, "punct", "PUNCT", ","),
     ("spoke", False, 10, "ROOT", "VERB", "VBD"), (".", False, 10, "punct", "PUNCT", ".")],
    [(0, 1, "PERSON"), (5, 6, "GPE"), (7, 9, "ORG")],
    [0],
)


def test_a_person_of_a_body_in_an_appositive_is_of_its_country_and_sector() -> None:
    stated = read_apposition(APPOSITIVE, APPOSITIVE[0], KB)
    assert (stated.country, stated.sector) == ("UKR", "SPY")


def test_a_body_a_country_owns_in_the_text_is_that_countrys() -> None:
    service = next(m for m in find_mentions(APPOSITIVE, KB) if m.text == "Security Service")
    assert service.country == "UKR"


def test_a_surname_is_the_full_name_the_document_gives_it() -> None:
    # "Michael Brown died. Brown spoke." : not the known Jerry Brown
    doc = build([("Michael", True, 1, "compound", "PROPN", "NNP"),
                 ("Brown", True, 2, "nsubj", "PROPN", "NNP"),
                 ("died", False, 2, "ROOT", "VERB", "VBD"), (".", True, 2, "punct", "PUNCT", "."),
                 ("Brown", True, 5, "nsubj", "PROPN", "NNP"), ("spoke", False, 5, "ROOT", "VERB", "VBD"),
                 (".", False, 5, "punct", "PUNCT", ".")],
                [(0, 2, "PERSON"), (4, 5, "PERSON")], [0, 4])
    assert all(m.known is None for m in find_mentions(doc, KB) if m.how == "name")


def test_a_surname_the_tagger_missed_is_found() -> None:
    # "Michael Brown died. Brown spoke." with the second "Brown" left unlabelled
    doc = build([("Michael", True, 1, "compound", "PROPN", "NNP"),
                 ("Brown", True, 2, "nsubj", "PROPN", "NNP"),
                 ("died", False, 2, "ROOT", "VERB", "VBD"), (".", True, 2, "punct", "PUNCT", "."),
                 ("Brown", True, 5, "nsubj", "PROPN", "NNP"), ("spoke", False, 5, "ROOT", "VERB", "VBD"),
                 (".", False, 5, "punct", "PUNCT", ".")],
                [(0, 2, "PERSON")], [0, 4])
    names = [(m.text, m.kind) for m in find_mentions(doc, KB) if m.how == "name"]
    assert names == [("Michael Brown", "person"), ("Brown", "person")]


def test_a_known_surname_as_a_subject_is_found() -> None:
    # "Brown spoke." : the tagger labelled nothing; the knowledge base knows one Brown
    doc = build([("Brown", True, 1, "nsubj", "PROPN", "NNP"), ("spoke", False, 1, "ROOT", "VERB", "VBD"),
                 (".", False, 1, "punct", "PUNCT", ".")], [], [0])
    found = [m for m in find_mentions(doc, KB) if m.how == "name"]
    assert [(m.text, m.known and m.known.name) for m in found] == [("Brown", "Jerry Brown")]


def test_a_named_group_identifies_unidentified_gunmen() -> None:
    stated = Stated(sector="UAF")
    doc = build(flat("Hamas", "gunmen"), [(0, 1, "ORG")], [0])
    country_words(doc, list(doc), KB, stated, None)
    assert (stated.country, stated.sector) == ("PSE", "REB")


def test_an_official_of_an_international_body_is_igo() -> None:
    stated = Stated(sector="GOV")  # "envoy"
    doc = build(flat("UN", "envoy"), [(0, 1, "ORG")], [0])
    country_words(doc, list(doc), KB, stated, None)
    assert (stated.country, stated.sector) == (None, "IGO")


def test_a_surname_stays_the_known_person_when_the_first_names_agree() -> None:
    # "Joseph Biden spoke. Biden left." : the full name is spelt otherwise than listed (Joe Biden)
    doc = build([("Joseph", True, 1, "compound", "PROPN", "NNP"), ("Biden", True, 2, "nsubj", "PROPN", "NNP"),
                 ("spoke", False, 2, "ROOT", "VERB", "VBD"), (".", True, 2, "punct", "PUNCT", "."),
                 ("Biden", True, 5, "nsubj", "PROPN", "NNP"), ("left", False, 5, "ROOT", "VERB", "VBD"),
                 (".", False, 5, "punct", "PUNCT", ".")],
                [(0, 2, "PERSON"), (4, 5, "PERSON")], [0, 4])
    surname = next(m for m in find_mentions(doc, KB) if m.text == "Biden")
    assert surname.known is not None and surname.known.name == "Joe Biden"
