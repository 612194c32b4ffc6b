"""Which actor each token of a parsed article belongs to, from the actors stage's mention offsets.

Shared by the stages that read actors off the parse (events, quotes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tidings.records import Actor

# Parts of a noun phrase where its actor may be named when the head itself is not an actor:
# "the U.S. side" (compound), "Japan's prime minister" (poss), "officials of the ministry".
PHRASE_DEPS = frozenset({"compound", "poss", "amod", "nmod", "appos", "npadvmod"})
# Heads that only count or group what their "of" phrase names.
QUANTITY_NOUNS = frozenset({
    "ten", "tens", "hundred", "hundreds", "thousand", "thousands", "million", "millions", "dozen",
    "dozens", "group", "groups", "number", "members", "member", "some", "many", "most", "all", "part",
    "third", "half", "majority", "team", "delegation", "contingent", "unit", "one", "two", "three",
})


@dataclass(frozen=True, slots=True)
class ActorIndex:
    """Which actor each token belongs to, built from the actors' mention offsets."""

    by_token: tuple[str | None, ...]
    how: tuple[str | None, ...]

    @classmethod
    def build(cls, doc: Doc, actors: Sequence[Actor]) -> ActorIndex:
        by_token: list[str | None] = [None] * len(doc)
        how: list[str | None] = [None] * len(doc)
        starts = {token.idx: token.i for token in doc}
        for actor in actors:
            for mention in actor.mentions:
                first = starts.get(mention.start)
                if first is None:
                    continue
                i = first
                while i < len(doc) and doc[i].idx < mention.end:
                    if by_token[i] is None:
                        by_token[i] = actor.id
                        how[i] = mention.how
                    i += 1
        return cls(tuple(by_token), tuple(how))

    def actor_of(self, token: Token) -> str | None:
        """The actor a noun phrase headed by `token` names: the head's own, else one named in the
        phrase's modifiers (nearest first), else, for a quantity ("Tens of thousands of students",
        "a group of refugees"), the one its "of" phrase names."""
        if self.by_token[token.i] is not None:
            return self.by_token[token.i]
        if token.pos_ == "NUM" or token.lemma_.lower() in QUANTITY_NOUNS:
            for child in token.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            found = self.actor_of(obj)
                            if found is not None:
                                return found
        for child in sorted(token.children, key=lambda c: abs(c.i - token.i)):
            if child.dep_ in PHRASE_DEPS:
                found = self.actor_of(child)
                if found is not None:
                    return found
        return None
