"""What the words around a name state about it: a title before it ("US Secretary of State",
"Japan's foreign minister"), an appositive after it (", the foreign minister of Japan"), and
the country named by demonyms, country names, organisations and places among some words.

Used by the mention finders (tidings.actors.mentions); pure functions over a parsed Doc.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tidings.actors.mention import KnowledgeBase
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


def country_words(doc: Doc, tokens: Sequence[Token], kb: KnowledgeBase, stated: Stated,
                   on: date | None) -> None:
    """Read a country (or a party's country) from demonyms, names and organisations in `tokens`."""
    words = [t for t in tokens if t.text not in POSSESSIVE]
    i = 0
    while i < len(words):
        for size in range(min(5, len(words) - i), 0, -1):
            text = " ".join(w.text for w in words[i : i + size])
            found = kb.lookup(text, on=on) or kb.demonym(text) or kb.metonym(text)
            if found is None and (place := kb.place(text)) is not None:
                found = Known(text, "location", country=place)
            if found is not None and found.country:
                stated.add_country(found)
                if found.kind == "organization" and found.sector and stated.sector is None:
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
    # The longest role phrase ending right before the name, as written ("Secretary-General").
    for begin in range(start, first):
        phrase = doc[begin:first].text
        role = kb.role(phrase.lower())
        if role is not None:
            stated.roles.append(phrase)
            stated.sector = role.sector
            country_words(doc, list(doc[start:begin]), kb, stated, on)
            stated.absorbed = list(range(start, first))
            break
    return stated


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
        if role is None or not role.person:
            continue
        stated.roles.append(role.phrase)
        stated.sector = role.sector
        country_words(doc, list(subtree), kb, stated, on)
        break
    return stated
