"""What the words around a name state about it: a title before it ("US Secretary of State",
"Japan's foreign minister"), an appositive after it (", the foreign minister of Japan"), and
the country named by demonyms, country names, organisations and places among some words.

Used by the mention finders (tidings.actors.mentions); pure functions over a parsed Doc.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tidings.actors.mention import KnowledgeBase, RoleLike
from tidings.model import Known

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date

    from spacy.tokens import Doc, Token

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})

@dataclass(slots=True)
class Stated:
    """Role, country and sector read from the words around a name."""

    roles: list[str] = field(default_factory=list)
    country: str | None = None
    sector: str | None = None
    absorbed: list[int] = field(default_factory=list)

    def add_country(self, known: Known | None) -> None:
        if known is not None and known.country and self.country is None:
            self.country = known.country


# Word-prefixes that make a demonym not the speaker's own: "Inter-American", "pro-Russian
# separatists", "anti-American protesters" are not American or Russian.
NOT_OWN_PREFIXES = frozenset({"inter", "pan", "anti", "pro", "trans", "non", "neo"})
# "-backed", "-funded": the country after which a hyphen word names a sponsor, not the owner
# ("Iranian-backed militias in Iraq" are Iraq's).
SPONSOR_SUFFIXES = frozenset({"backed", "funded", "sponsored", "supported", "armed", "allied", "aligned",
                              "trained", "financed"})


def _own_words(tokens: Sequence[Token]) -> list[Token]:
    """The words that may name whose something is: no possessive marks, no "pro-"/"Inter-"
    compounds, no sponsor of an "X-backed" group."""
    words = []
    for token in tokens:
        if token.text in POSSESSIVE:
            continue
        doc = token.doc
        hyphen_before = token.i >= 2 and doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_ \
            and not doc[token.i - 2].whitespace_
        if hyphen_before and doc[token.i - 2].lower_ in NOT_OWN_PREFIXES:
            continue
        hyphen_after = token.i + 2 < len(doc) and doc[token.i + 1].text == "-" and not token.whitespace_ \
            and not doc[token.i + 1].whitespace_
        if hyphen_after and doc[token.i + 2].lower_ in SPONSOR_SUFFIXES:
            continue
        words.append(token)
    return words


def country_words(doc: Doc, tokens: Sequence[Token], kb: KnowledgeBase, stated: Stated,
                  on: date | None) -> None:
    """Read a country (or a party's country) from demonyms, names and organisations in `tokens`.

    Country names and demonyms are read first: in "Free Syrian Army" or "Islamic Resistance in
    Iraq" the country is the one named, not that of a region ("Free State") or another group
    ("Islamic Resistance") sharing a word of the name. Then organisations and places.
    """
    words = _own_words(tokens)
    for countries_only in (True, False):
        i = 0
        while i < len(words):
            for size in range(min(5, len(words) - i), 0, -1):
                text = " ".join(w.text for w in words[i : i + size])
                found = kb.lookup(text, on=on) or kb.demonym(text) or kb.metonym(text)
                if found is None and not countries_only and (place := kb.place(text)) is not None:
                    found = Known(text, "location", country=place)
                if found is not None and countries_only and found.kind != "country":
                    found = None
                if found is not None and found.sector == "IGO" and not found.country:
                    # an official or force of an international body is the body's (CAMEO IGO):
                    # "a UN envoy", "EU foreign ministers", "UN peacekeeping troops"; words with
                    # no role of their own ("UN-backed talks") are not made officials
                    if stated.sector in ("GOV", "MIL", "UAF", "COP"):
                        stated.sector = "IGO"
                    i += size
                    break
                if found is not None and found.country:
                    stated.add_country(found)
                    # a named group identifies "gunmen" (UAF: unidentified armed force):
                    # "Boko Haram gunmen" are the group's
                    if found.kind in ("organization", "group") and found.sector \
                            and stated.sector in (None, "UAF"):
                        stated.sector = found.sector
                    i += size
                    break
            else:
                i += 1


def read_title_before(doc: Doc, first: int, kb: KnowledgeBase, *, on: date | None = None) -> Stated:
    """The title in front of a name: "US Secretary of State", "Chinese President", "Japan's
    foreign minister". Walks left over capitalised words, "of", possessives and demonyms."""
    stated = Stated()
    start = first
    sent_start = doc[first].sent.start
    while start - 1 >= sent_start:
        token = doc[start - 1]
        if token.text == "-" and not doc[start - 2].whitespace_ and not token.whitespace_:
            start -= 1  # "Secretary-General": the hyphen is inside a word
            continue
        if token.text == "." and start - 2 >= sent_start and not doc[start - 2].whitespace_ \
                and doc[start - 2].text[:1].isupper():
            start -= 1  # "Capt. Ron Johnson": the dot of an abbreviated title
            continue
        if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP") and token.lower_ != "of":
            break
        if token.pos_ == "DET" or token.lower_ in ("and", "or", "but"):
            break
        if not (token.text[:1].isupper() or token.lower_ in ("of", "elect", "designate")
                or token.text in POSSESSIVE
                or kb.role(token.lower_) is not None or token.pos_ == "ADJ"):
            break
        start -= 1
    if start == first:
        return stated
    end = _before_honorifics(doc, start, first)
    # The longest role phrase ending right before the name, as written ("Secretary-General").
    for begin in range(start, end):
        phrase = doc[begin:end].text
        role = kb.role(phrase.lower())
        if role is not None:
            stated.roles.append(phrase)
            stated.sector = role.sector
            country_words(doc, list(doc[start:begin]), kb, stated, on)
            stated.sector = _sector_of_body(doc, start, begin, role, kb, on) or stated.sector
            if role.sector == "MIL" and _holds_office(doc, start, begin, kb):
                stated.sector = "GOV"  # a general who is a minister acts as one (CAMEO GOVMIL)
            stated.absorbed = list(range(start, first))
            break
    else:
        # No title, but a nationality right before the name says whose the person is
        # ("Australian Mamdouh Habib", "the Kenyan Odinga").
        nationality = kb.demonym(doc[end - 1].text) if end > start else None
        if nationality is not None and doc[end - 1].text[:1].isupper():
            stated.country = nationality.country
            stated.absorbed = list(range(end - 1, first))
    return stated


# Forms of address written between a title and a name ("spokesman Sir Menzies Campbell",
# "Information Minister Dr Jane Roe"): they hold no office, so the title ends before them.
HONORIFICS = frozenset({"sir", "dame", "dr", "mr", "mrs", "ms", "lord", "lady", "prof", "professor"})


def _before_honorifics(doc: Doc, start: int, first: int) -> int:
    """Where a title ends when forms of address (and their dots) stand between it and the name."""
    end = first
    while end > start and (doc[end - 1].lower_.rstrip(".") in HONORIFICS
                           or (doc[end - 1].text == "." and end - 2 >= start
                               and doc[end - 2].lower_ in HONORIFICS)):
        end -= 1
    return end


def _holds_office(doc: Doc, start: int, begin: int, kb: KnowledgeBase) -> bool:
    """Whether the title before a military rank names a government office ("Deputy Minister
    of Defense Colonel-General ...", "Interior Minister Gen. ...")."""
    for token in doc[start:begin]:
        office = kb.role(token.lower_)
        if office is not None and office.person and office.sector == "GOV":
            return True
    return False


def _sector_of_body(doc: Doc, start: int, begin: int, role: RoleLike, kb: KnowledgeBase,
                    on: date | None) -> str | None:
    """The sector of the body named in a title before a one-word role, when it decides the
    person's: a spokesman, leader or commander of a named body is of that body ("Hamas
    spokesman", "Labour leader"), and a military rank held in a police force is a police rank
    ("Highway Patrol Capt.", "Police Sgt."). None when the title names no such body."""
    if begin == start or " " in role.phrase.strip():
        return None
    body = Stated()
    country_words(doc, list(doc[start:begin]), kb, body, on)
    if body.sector is not None and body.sector != "IGO":
        return body.sector
    service = kb.role_in([t.lower_ for t in doc[start:begin]])
    if role.sector == "MIL" and service is not None and not service.person and service.sector == "COP":
        return service.sector
    return None


def read_apposition(doc: Doc, head: Token, kb: KnowledgeBase, *, on: date | None = None) -> Stated:
    """The role a name's appositive states: "Liu Jianchao, the Chinese Communist Party's
    international minister"; "The provincial governor's spokesman, Mohammad Arif Nuri"."""
    stated = Stated()
    candidates = [child for child in head.children if child.dep_ == "appos"]
    if head.dep_ == "appos":
        candidates.append(head.head)
    for noun in candidates:
        if noun.pos_ not in ("NOUN", "PROPN") or noun.ent_type_ == "PERSON":
            continue
        subtree = [t for t in noun.subtree if not (t.i > noun.i and t.dep_ in ("appos", "relcl", "punct"))]
        if head.dep_ == "appos" and noun == head.head:
            subtree = [t for t in subtree if t.i < head.i and t not in head.subtree]
        words = [t.lower_ for t in subtree if t.i <= noun.i and t.text not in POSSESSIVE]
        role = kb.role_in(words)
        if role is None and _body_of(doc, noun, kb, stated, on):
            break
        if role is None or not role.person:
            continue
        stated.roles.append(role.phrase)
        stated.sector = role.sector
        country_words(doc, list(subtree), kb, stated, on)
        break
    return stated


# Prepositions after which an appositive noun names the body a person belongs to: "the head of
# Hezbollah's communications division", "a representative for the ministry".
BODY_PREPOSITIONS = frozenset({"of", "for", "at", "with"})


def _body_of(doc: Doc, noun: Token, kb: KnowledgeBase, stated: Stated, on: date | None) -> bool:
    """A person described as someone "of" a known body ("a representative of Ukraine's Security
    Service") is of that body's country and sector; True when such a body was found."""
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in BODY_PREPOSITIONS:
            body = Stated()
            country_words(doc, list(child.subtree), kb, body, on)
            if body.sector is not None:
                stated.country, stated.sector = body.country, body.sector
                return True
    return False
