"""Which lexicon entry a token triggers: the verb or noun, its particle, the object it needs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tidings.events.lexicon import Lexicon, Trigger

if TYPE_CHECKING:
    from spacy.tokens import Token

# Verbs whose object noun is a standing state, not something that happened.
STATE_VERBS = frozenset({"have", "be", "maintain", "enjoy", "share"})
# Where to look for a thing the trigger needs ("impose sanctions", "supply ... with weapons").
OBJECT_DEPS = frozenset({"dobj", "pobj", "attr", "oprd", "nsubjpass", "compound", "conj", "appos"})


@dataclass(frozen=True, slots=True)
class Match:
    trigger: Trigger
    token: Token  # the verb or noun the lexicon matched
    words: tuple[Token, ...]  # every token that makes up the trigger, for display
    anchor: Token  # where targets hang: the verb, or the light verb's object noun


def object_lemmas(token: Token) -> dict[str, Token]:
    """Lemmas of the nouns a trigger governs (its objects, their compounds and conjuncts, the
    objects of its prepositions), so "impose sanctions" and "supply X with weapons" are found."""
    found: dict[str, Token] = {}
    stack = [child for child in token.children if child.dep_ in OBJECT_DEPS | {"prep", "dative", "xcomp"}]
    while stack:
        current = stack.pop()
        # a misread object ("demands" tagged as a verb) still names what was acted on
        if current.pos_ in ("NOUN", "PROPN", "ADJ") or current.dep_ in ("dobj", "pobj"):
            found.setdefault(current.lemma_.lower(), current)
            found.setdefault(current.lower_, current)
        if current.dep_ in ("prep", "dative"):
            stack.extend(c for c in current.children if c.dep_ in OBJECT_DEPS)
        elif current.pos_ in ("NOUN", "PROPN"):  # "a state of emergency", "the removal of ..."
            stack.extend(c for c in current.children if c.dep_ in OBJECT_DEPS | {"prep"})
    return found


def _particle(token: Token, particle: str) -> Token | None:
    for child in token.children:
        if child.dep_ == "prt" and child.lower_ == particle:
            return child
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ == particle:
        return following
    return None


def match_trigger(token: Token, lexicon: Lexicon) -> Match | None:
    """The lexicon entry that `token` triggers, or None (Pure)."""
    if token.pos_ == "VERB":
        pos = "VERB"
    elif token.pos_ in ("NOUN", "PROPN"):
        pos = "NOUN"
    else:
        return None
    if pos == "NOUN" and token.dep_ in ("dobj", "attr") and token.head.lemma_.lower() in STATE_VERBS:
        return None  # "has a security pact with Taiwan" states a relation, not an event
    candidates = lexicon.candidates(token.lemma_.lower(), pos)
    if not candidates and pos == "NOUN":
        candidates = lexicon.candidates(token.lower_, pos)  # "talks", "sanctions"
    if not candidates:
        return None
    objects = object_lemmas(token) if any(c.needs for c in candidates) else {}
    for candidate in candidates:
        words = [token]
        if candidate.particle:
            particle = _particle(token, candidate.particle)
            if particle is None:
                continue
            words.append(particle)
        anchor = token
        if candidate.needs:
            needed = next((objects[n] for n in candidate.needs if n in objects), None)
            if needed is None:
                continue
            words.append(needed)
            if candidate.light:
                anchor = needed
        return Match(candidate, token, tuple(sorted(words, key=lambda t: t.i)), anchor)
    return None
