"""Names the tagger left out, found by what is known of them: the document's own full names, the
built-in knowledge files, and what earlier articles taught (learned knowledge).

spaCy's small English model misses names it has not seen, above all first in a sentence ("Doe
ordered the police to ..."): the word stays unlabelled. A capitalised proper noun outside the
entities becomes a mention when something knows it:
- a run of proper nouns the knowledge base knows as a whole ("Riigikogu", "TEHRAN");
- a run that is, or ends in, a person's full name the built-in or learned knowledge knows
  ("Interior Minister Jane Doe"), or a person's title followed by a known surname ("President Doe");
- a lone word that is the surname of a person the document names in full, of the one person
  earlier articles named with it (learned), or, as a clause's subject, of a known person.
Two guards keep common words out: a word capitalised only because it opens a sentence counts as
a name only when the tagger calls it a proper noun, and a word that names a country, place,
capital, people or body is read as that, not as someone's surname ("Jordan said").

Requires: doc.ents, part-of-speech tags and a dependency parse. Pure apart from the lookups.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tidings.actors.context import POSSESSIVE
from tidings.actors.mention import KnowledgeBase, Mention
from tidings.model import Known

if TYPE_CHECKING:
    from datetime import date

    from spacy.tokens import Doc, Token

Lookup = Callable[[str], Known | None]

# Shorter capitalised words are initials and abbreviations more often than surnames.
MIN_SURNAME_CHARS = 3


def person_tokens(doc: Doc) -> dict[str, list[str]]:
    """Every word of every multi-word PERSON name in the document, lower-cased, with the full
    names it is part of."""
    words: dict[str, list[str]] = {}
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            full = " ".join(token.text for token in ent if token.text not in POSSESSIVE)
            for token in ent:
                if token.text not in POSSESSIVE:
                    words.setdefault(token.lower_, []).append(full)
    return words


def surname_of(text: str, doc_people: dict[str, list[str]], kb: KnowledgeBase, learned: Lookup,
               on: date | None) -> Known | None:
    """A surname is the person the document names in full with it ("Michael Brown ... Brown"),
    known or not; only a surname the document gives no full name for is looked up alone: in
    what was learned first (see learned_person), then in the built-in knowledge."""
    full_names = doc_people.get(text.lower(), [])
    if not full_names:
        return learned_person(text, kb, learned) or kb.lookup_surname(text, on=on)
    for full in full_names:
        known = kb.lookup(full, on=on)
        if known is not None and known.kind == "person":
            return known
    known = kb.lookup_surname(text, on=on)
    if known is None:
        return None
    # The known bearer is the document's person when the first names agree in initial
    # ("Joseph R. Biden" ... "Biden" is Joe Biden; "Michael Brown" ... "Brown" is not Jerry Brown).
    initials = {full[:1].lower() for full in full_names}
    return known if known.name[:1].lower() in initials else None


def names_something_else(text: str, kb: KnowledgeBase) -> bool:
    """True when the word is a country, organisation, place, capital or people's name: "Jordan",
    "Chad" or "Georgia" alone is the place, even where someone bears it as a surname."""
    known = kb.lookup(text)
    return (known is not None and known.kind != "person") or kb.place(text) is not None \
        or kb.metonym(text) is not None or kb.demonym(text) is not None


def learned_person(text: str, kb: KnowledgeBase, learned: Lookup) -> Known | None:
    """The person earlier articles stated a role for under this name, or under this surname when
    one learned person bears it; None when nothing was learned or the name names something else."""
    if len(text) < MIN_SURNAME_CHARS or names_something_else(text, kb):
        return None
    return learned(text)


def unlabelled_names(doc: Doc, kb: KnowledgeBase, sentences: list[int], taken: set[int], on: date | None,
                     people: dict[str, list[str]], learned: Lookup) -> list[Mention]:
    """Proper nouns the tagger left unlabelled that the document or the knowledge knows (see the
    module docstring). Checked on capitalised tokens outside entities and `taken` only."""
    found: list[Mention] = []
    i = 0
    while i < len(doc):
        if i in taken or doc[i].ent_type_ or not doc[i].text[:1].isupper():
            i += 1
            continue
        person = _missed_surname(doc[i], people, kb, learned, on, sentences[i])
        if person is not None:
            found.append(person)
            taken.add(i)
            i += 1
            continue
        if doc[i].pos_ != "PROPN":
            i += 1
            continue
        end = i
        while end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN" and end + 1 not in taken \
                and not doc[end + 1].ent_type_:
            end += 1
        mention = _known_run(doc, i, end, kb, learned, on, sentences[i])
        if mention is not None:
            found.append(mention)
            taken.update(range(mention.first, mention.last + 1))
        i = end + 1
    return found


def _known_run(doc: Doc, first: int, last: int, kb: KnowledgeBase, learned: Lookup, on: date | None,
               sentence: int) -> Mention | None:
    """The mention a run of proper nouns makes: the whole run when the knowledge base knows it,
    else its longest ending that is a known person's full name, or a surname after a title."""
    text = doc[first : last + 1].text
    known = kb.lookup(text, on=on) or kb.metonym(text)
    if known is not None:
        return _mention(doc, first, last, known, sentence, "metonym" if known.how == "metonym" else "name")
    for start in range(first, last + 1):
        ending = doc[start : last + 1].text
        if start < last:
            person = _known_person(ending, kb, learned, on)
        elif start > first and _is_title(doc[first:start].text, kb):
            person = learned_person(ending, kb, learned)
        else:
            person = None
        if person is not None:
            return _mention(doc, start, last, person, sentence, "name")
    return None


def _known_person(text: str, kb: KnowledgeBase, learned: Lookup, on: date | None) -> Known | None:
    """A full name the built-in knowledge knows as a person's, else what was learned for it."""
    known = kb.lookup(text, on=on)
    if known is not None:
        return known if known.kind == "person" else None
    return learned_person(text, kb, learned)


def _is_title(text: str, kb: KnowledgeBase) -> bool:
    role = kb.role(text)
    return role is not None and role.person


def _mention(doc: Doc, first: int, last: int, known: Known, sentence: int, how: str) -> Mention:
    return Mention(start=doc[first].idx, end=doc[last].idx + len(doc[last].text),
                   text=doc[first : last + 1].text, how=how, kind=known.kind, first=first, last=last,
                   head=doc[first : last + 1].root.i, sentence=sentence, known=known, gender=known.gender)


def _missed_surname(token: Token, people: dict[str, list[str]], kb: KnowledgeBase, learned: Lookup,
                    on: date | None, sentence: int) -> Mention | None:
    """A lone capitalised word the tagger did not label that is a person's surname: of a person
    the document names in full, of the one learned person bearing it, or, as a clause's subject,
    of a person the built-in knowledge knows."""
    doc = token.doc
    if token.is_punct or len(token.text) < MIN_SURNAME_CHARS or (token.i + 1 < len(doc)
                                                                 and doc[token.i + 1].pos_ == "PROPN"):
        return None
    known: Known | None
    if token.lower_ in people:
        known = surname_of(token.text, people, kb, learned, on)
    elif token.pos_ != "PROPN":
        return None
    else:
        known = learned_person(token.text, kb, learned)
        if known is None and token.dep_ in ("nsubj", "nsubjpass"):
            known = kb.lookup_surname(token.text, on=on)
        if known is None:
            return None
    return Mention(start=token.idx, end=token.idx + len(token.text), text=token.text, how="name",
                   kind="person", first=token.i, last=token.i, head=token.i, sentence=sentence, known=known,
                   gender=known.gender if known else None)
