"""Hand-built spaCy Docs and a tiny knowledge base, so actor rules are tested without a model.

The annotations below were written out once from the English pipeline's parse and are frozen
here: a rule test then fails only when the rule changes, not when the model does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import spacy
from spacy.tokens import Doc, Span

from tidings.actors.descriptions import load_place_descriptions
from tidings.actors.mention import PlaceDescription
from tidings.model import Known

VOCAB = spacy.blank("en").vocab

Word = tuple[str, bool, int, str, str, str]  # text, space after, head index, dep, pos, tag


def build(words: Sequence[Word], ents: Sequence[tuple[int, int, str]], sents: Sequence[int],
          lemmas: dict[str, str] | None = None) -> Doc:
    """A Doc with the given parse; lemmas default to the lower-cased words, `lemmas` overrides
    some ("slammed": "slam")."""
    overrides = lemmas or {}
    doc = Doc(
        VOCAB,
        words=[w[0] for w in words],
        spaces=[w[1] for w in words],
        heads=[w[2] for w in words],
        deps=[w[3] for w in words],
        pos=[w[4] for w in words],
        tags=[w[5] for w in words],
        lemmas=[overrides.get(w[0], w[0].lower()) for w in words],
        sent_starts=[i in sents for i in range(len(words))],
    )
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


@dataclass(frozen=True)
class FakeRole:
    phrase: str
    sector: str
    person: bool


def _norm(text: str) -> str:
    text = text.lower().replace("’", "'").replace(".", "")
    text = text.removeprefix("the ")
    return text.removesuffix("'s").strip()


class FakeKnowledge:
    """The few facts the hand-built sentences need, behind the KnowledgeBase protocol."""

    COUNTRIES = {"us": ("United States", "USA"), "united states": ("United States", "USA"),
                 "china": ("China", "CHN"), "japan": ("Japan", "JPN"), "taiwan": ("Taiwan", "TWN"),
                 "ukraine": ("Ukraine", "UKR"), "finland": ("Finland", "FIN"), "russia": ("Russia", "RUS"),
                 "afghanistan": ("Afghanistan", "AFG"), "syria": ("Syria", "SYR"),
                 "lebanon": ("Lebanon", "LBN"),
                 "nigeria": ("Nigeria", "NGA"), "chad": ("Chad", "TCD"), "iraq": ("Iraq", "IRQ"),
                 "egypt": ("Egypt", "EGY"), "serbia": ("Serbia", "SRB"), "albania": ("Albania", "ALB"),
                 "palestine": ("Palestine", "PSE"), "israel": ("Israel", "ISR")}
    PEOPLE = {"antony blinken": Known("Antony Blinken", "person", "USA", "GOV", ("Secretary of State",),
                                      gender="m", source="test"),
              "yoko kamikawa": Known("Yoko Kamikawa", "person", "JPN", "GOV", ("foreign minister",),
                                     gender="f", source="test"),
              "liu jianchao": Known("Liu Jianchao", "person", "CHN", "PTY", gender="m", source="test"),
              "joe biden": Known("Joe Biden", "person", "USA", "GOV", ("President",), gender="m"),
              "xi jinping": Known("Xi Jinping", "person", "CHN", "GOV", ("President",), gender="m")}
    ORGS = {"chinese communist party": Known("Chinese Communist Party", "organization", "CHN", "PTY"),
            "japan today": Known("Japan Today", "organization", "JPN", "MED"),
            "riigikogu": Known("Riigikogu", "organization", "EST", "LEG")}
    DEMONYMS = {"chinese": "china", "japanese": "japan", "american": "us",
                "egyptian": "egypt", "albanians": "albania", "israeli": "israel"}
    CAPITALS = {"beijing": "china", "washington": "us", "tokyo": "japan", "taipei": "taiwan",
                "moscow": "russia", "kabul": "afghanistan", "white house": "us"}
    ROLES = {"secretary of state": ("GOV", True), "foreign minister": ("GOV", True),
             "international minister": ("PTY", True), "minister": ("GOV", True),
             "diplomat": ("GOV", True), "president": ("GOV", True), "rebels": ("REB", False),
             "prime minister": ("GOV", True), "official": ("GOV", True), "warplanes": ("MIL", False),
             "congress": ("LEG", False), "police": ("COP", False), "demonstrators": ("OPP", False)}

    def _country(self, key: str, how: str, sector: str | None = None) -> Known:
        name, code = self.COUNTRIES[key]
        return Known(name, "country", code, sector, how=how)

    def lookup(self, text: str, *, on: date | None = None) -> Known | None:
        key = _norm(text)
        if key in self.COUNTRIES:
            return self._country(key, "name")
        return self.PEOPLE.get(key) or self.ORGS.get(key)

    def lookup_surname(self, text: str, *, on: date | None = None) -> Known | None:
        found = [p for k, p in self.PEOPLE.items() if k.split()[-1] == _norm(text)]
        return found[0] if len(found) == 1 else None

    def demonym(self, text: str) -> Known | None:
        key = self.DEMONYMS.get(_norm(text))
        return self._country(key, "demonym") if key else None

    def metonym(self, text: str) -> Known | None:
        key = self.CAPITALS.get(_norm(text))
        return self._country(key, "metonym", "GOV") if key else None

    def place(self, text: str) -> str | None:
        return {"new york": "USA", "asia": None, "san francisco": "USA", "cairo": "EGY",
                "gaza": "PSE"}.get(_norm(text))

    def role(self, text: str) -> FakeRole | None:
        found = self.ROLES.get(_norm(text))
        return FakeRole(_norm(text), *found) if found else None

    def place_description(self, words: str) -> PlaceDescription | None:
        return load_place_descriptions().get(words)  # the real file: it is small and rule-like

    def role_in(self, words: Sequence[str]) -> FakeRole | None:
        for start in range(len(words)):
            role = self.role(" ".join(words[start:]))
            if role is not None:
                return role
        return None
