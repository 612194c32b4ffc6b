"""What a sentence's syntax says of a place: the words an act's own clause hangs its places from,
where a place name says something is, which happening a place belongs to, and lists of places
(split from tidings.events.places, whose rules use them).

    Place: one place the text names (its token range, its words and the gazetteer's place)
    clause_heads(trigger, force=) -> list[Token]        the words the trigger's clause hangs places from
    clause_places(trigger, force=) -> Iterable[Token]   the words that clause puts the act at
    located(place, token) -> Token | None | False       the place preposition a place is the object of
    own_clause(preposition, own_heads) -> bool          False when the place is another happening's
    refers_back(token, by_token) -> bool                "in the meeting": the one the article placed
    listed_places(doc, place, by_token) -> list[Place]  the list a place is one of, if in several countries
    misread_place(token) -> Place | None                a one-word place the tagger took for a person
    head_word(doc, place) -> Token                      the word a place's words hang from

Pure: no I/O (but for tidings.geo reading its data once per process).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from tidings.geo import locate, seat
from tidings.records import Geo

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["AIMED_PREPOSITIONS", "HAPPENING_NOUNS", "REFERRING_PREPOSITIONS", "Place", "clause_heads",
           "clause_places", "head_word", "inside", "listed_places", "located", "misread_place",
           "own_clause", "refers_back"]

# Prepositions that put an act somewhere ("in Beijing", "near the border", "outside Kyiv",
# "welcomed him to the White House").
WHERE_PREPOSITIONS: Final = frozenset({
    "in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "off", "to",
})
# Words of going or bringing somewhere, after which "to" names a place ("flew to Tokyo",
# "welcomed him to the White House", "troops sent to the border"); after other words "to" names
# a recipient ("sold wheat to Moscow").
MOTION_WORDS: Final = frozenset({
    "go", "come", "travel", "fly", "return", "arrive", "head", "sail", "drive", "march", "move", "flee",
    "welcome", "invite", "bring", "send", "deploy", "dispatch", "transfer", "escort", "accompany",
    "withdraw", "retreat", "advance", "visit", "trip", "journey", "tour", "mission", "voyage", "way",
})
# The dependencies that keep a word within a place's noun phrase ("the eastern city of Kharkiv",
# "Kyiv's main hospital", "Cameroon, Niger and Chad").
PHRASE_DEPS: Final = frozenset({
    "compound", "amod", "poss", "nmod", "appos", "conj", "cc", "det", "case", "punct", "nummod",
    "quantmod", "npadvmod",
})
# What a use of force is aimed at is where it happens ("an attack on Kyiv", "fired into Gaza").
AIMED_PREPOSITIONS: Final = frozenset({"on", "against", "into", "over", "across"})
# Dependencies of a noun for a use of force that name its place ("the Kharkiv strike"); not a
# possessive, which names the doer ("Russia's invasion").
NOUN_PLACE_DEPS: Final = frozenset({"compound", "nmod"})
# Nouns for a happening: "in the meeting" refers back to the one the article placed, and a place
# hanging from one ("meetings this week in Belgium") is that happening's, not another act's.
HAPPENING_NOUNS: Final = frozenset({
    "meeting", "talk", "talks", "summit", "visit", "conference", "session", "sideline", "sidelines",
    "negotiation", "negotiations", "discussion", "discussions", "gathering", "trip", "tour", "forum",
    "election", "ceremony", "inauguration", "call",
})
# Auxiliaries of a happening yet to come: its place is not where an act told in the past was done.
FUTURE_AUXILIARIES: Final = frozenset({"to", "will", "would", "shall", "'ll"})
# Prepositions by which a happening frames an act ("after talks in Geneva, he said").
FRAMING_PREPOSITIONS: Final = frozenset({"at", "after", "during", "in"})
# Prepositions by which a clause refers back to a meeting: "during the meeting, they agreed".
REFERRING_PREPOSITIONS: Final = frozenset({"during", "after", "throughout"})


@dataclass(frozen=True, slots=True)
class Place:
    """One place the text names: its words' token range, its words and the gazetteer's place."""

    start: int
    end: int
    text: str
    geo: Geo


def refers_back(token: Token, by_token: dict[int, Place]) -> bool:
    """True when `token` is "the meeting" of "In the meeting, Biden ...": a happening noun with
    a definite determiner or a possessor, and no place of its own below it."""
    if token.dep_ != "pobj" or token.lower_ not in HAPPENING_NOUNS - {"call"}:
        return False  # "on the call": a phone call is in no one place
    definite = any(child.dep_ == "poss" or child.lower_ in ("the", "this", "that", "their", "its")
                   for child in token.children)
    return definite and not any(t.i in by_token for t in token.subtree)


def own_clause(preposition: Token | None, own_heads: set[int],
               parties: Sequence[tuple[int, int]] = ()) -> bool:
    """True unless a place preposition hangs from another happening than the trigger's: one yet
    to come ("the summit to be held in Vilnius", "will meet in Paris") or a happening noun the
    act is not framed by ("meetings this week in Belgium"; but "after talks in Geneva" frames it).
    A place opening the sentence frames all of it ("In Tehran, Khamenei led prayers and praised")."""
    if preposition is None or preposition.i == preposition.sent.start:
        return True  # an institution such as "the Kremlin" is where its doer is
    head = preposition.head
    if head.i in own_heads:
        return True
    if _told_apart(head, own_heads, parties):
        return False
    if head.pos_ in ("VERB", "AUX"):
        if head.dep_ == "prep":
            return False  # "including ... in Belgium": the place of what is included
        return not any(child.dep_ in ("aux", "auxpass") and child.lower_ in FUTURE_AUXILIARIES
                       for child in head.children)
    if head.lower_ in HAPPENING_NOUNS or head.lemma_.lower() in HAPPENING_NOUNS:
        while head.dep_ == "pobj" and head.head.lower_ == "of":  # "on the sidelines of the summit in Bali"
            head = head.head.head
        return head.dep_ == "pobj" and (head.head.lower_ in FRAMING_PREPOSITIONS
                                        or (head.head.lower_ == "on" and head.lower_ == "sidelines"))
    return True


def _told_apart(word: Token, own_heads: set[int], parties: Sequence[tuple[int, int]]) -> bool:
    """True when `word` is in what the act's clause reports or in a clause describing a thing
    other than the act or its parties: where something said happened is not where it was said
    ("told the committee that the nations had committed in Paris"), and a relative clause tells
    where its own noun's happening was ("a pact made in Paris", "acid rain that killed trees in
    Canada"); a relative clause of a party, of the act's subject or of the act itself still
    places ("officials who were in Kyiv", "the minister, who was in Beirut, warned", "talks held
    in Doha")."""
    token = word
    for _ in range(8):  # a few clauses up at most
        if token.i in own_heads or token.head.i == token.i:
            return False
        if token.dep_ == "ccomp" and token.head.i in own_heads:
            return True
        if token.dep_ in ("acl", "relcl"):
            noun = token.head
            # the subject of the act's verb or of the verb that tells it ("X, who was in
            # Beirut, warned that Tehran would retaliate")
            doer = noun.dep_ in ("nsubj", "nsubjpass") and any(
                noun.head.i == i or noun.head in token.doc[i].ancestors for i in own_heads)
            return not (noun.i in own_heads or doer or inside(noun.idx, parties))
        token = token.head
    return False


def head_word(doc: Doc, place: Place) -> Token:
    """The word of the place's words that hangs outside them (Span.root, which raises on a
    broken tree)."""
    for token in doc[place.start:place.end]:
        if not place.start <= token.head.i < place.end or token.head.i == token.i:
            return token
    return doc[place.end - 1]


def located(place: Place, token: Token) -> Token | None | Literal[False]:
    """Where `place` (`token` its head word) says something is: the place preposition it is the
    object of ("in Kharkiv", "at Kyiv's hospital", "in the city of Kharkiv"), or None for an
    institution named after its building ("the Kremlin said"); False when it says no such thing.
    "to" is left out here: in a sentence it is mostly a recipient ("commitment to Iraq")."""
    if seat(place.text) is not None:
        return None
    for _ in range(8):  # climb through modifiers and "of" phrases, a few words at most
        if token.dep_ in ("poss", "compound", "appos", "nmod", "amod"):
            token = token.head
        elif token.dep_ == "pobj" and token.head.lower_ in WHERE_PREPOSITIONS - {"to"}:
            return token.head
        elif token.dep_ == "pobj" and token.head.lower_ == "of":
            token = token.head.head
        else:
            return False
    return False


def misread_place(token: Token) -> Place | None:
    """A proper name the tagger took for a person where the clause wants a place ("struck
    Kharkiv", "talks in Doha" read as PERSON): the gazetteer decides, for a one-word name only
    (a full name such as "Jordan Peterson" stays a person)."""
    if token.pos_ != "PROPN" or token.ent_type_ not in ("PERSON", ""):
        return None
    if token.ent_type_ == "PERSON" and not (token.ent_iob_ == "B" and (
            token.i + 1 >= len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I")):
        return None
    geo = locate(token.text)
    return None if geo is None else Place(token.i, token.i + 1, token.text, geo)


def inside(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    """True when the character `offset` is within one of `spans`."""
    return any(start <= offset < end for start, end in spans)


def clause_heads(trigger: Span, *, force: bool = False) -> list[Token]:
    """The words the trigger's own clause hangs its places from: the trigger's, and the verb
    whose object it is or that it continues; for force also the verb that tells it and the
    participles that tell what it hit ("carried out airstrikes, hitting Beirut")."""
    heads = list(trigger)
    for token in trigger:
        # "held talks in Geneva": the place hangs from the verb whose object the trigger is
        if token.dep_ in ("dobj", "pobj", "xcomp", "attr") and token.head.pos_ in ("VERB", "AUX", "ADP"):
            heads.append(token.head if token.head.pos_ != "ADP" else token.head.head)
        elif token.dep_ in ("advcl", "conj") and token.head.pos_ == "VERB":
            # "struck Kharkiv, killing three", "met in Beijing and signed a deal": one act's place
            heads.append(token.head)
    if force:
        # force is where it hits, which a participle after the verb often tells
        for token in list(heads):
            verb = _telling_verb(token)
            if verb is not None and verb not in heads:
                heads.append(verb)
        heads += [child for head in list(heads) for child in head.children
                  if child.dep_ == "advcl" and child.tag_ == "VBG" and child not in heads]
    return heads


def _telling_verb(token: Token) -> Token | None:
    """The verb a noun of force is the object of, through "a series of punishing airstrikes"
    ("carried out"), or None."""
    for _ in range(5):
        if token.dep_ not in ("dobj", "pobj", "prep", "pcomp") or token.head.i == token.i:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX") and token.dep_ not in ("pcomp", "prep"):
            return token
    return None


def clause_places(trigger: Span, *, force: bool) -> Iterable[Token]:
    """The tokens the trigger's clause puts the act at, nearest first: the noun phrases its place
    prepositions take (and for force, what it is aimed at)."""
    for head in clause_heads(trigger, force=force):
        for child in head.children:
            aimed = force and child.lower_ in AIMED_PREPOSITIONS
            if child.dep_ == "prep" and (_puts_somewhere(child) or aimed):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        yield from _phrase(obj)
            elif force and child.dep_ == "dobj":
                yield from _owned(child)  # "struck Kharkiv", "shelled the city of Kharkiv"
            elif force and head.pos_ in ("NOUN", "PROPN") and child.dep_ in NOUN_PLACE_DEPS:
                yield from child.subtree  # "the Kharkiv strike"


def _puts_somewhere(preposition: Token) -> bool:
    """True for a place preposition; "to" only after a word of going or bringing ("flew to
    Tokyo", "welcomed him to the White House"): elsewhere it names a recipient ("sold wheat to
    Moscow", "a letter to Beijing")."""
    if preposition.lower_ != "to":
        return preposition.lower_ in WHERE_PREPOSITIONS
    return preposition.head.lemma_.lower() in MOTION_WORDS or preposition.head.lower_ in MOTION_WORDS


def _phrase(token: Token) -> Iterable[Token]:
    """`token` and the words of its noun phrase: its modifiers, conjuncts, "of" phrases and the
    places that locate it ("a hospital in Kharkiv"), but not what another preposition or a clause
    hangs from it ("in response to a query about Moscow", "in retaliation for Japan's failure",
    "a pact that was signed in Paris")."""
    yield token
    for child in token.children:
        if child.dep_ in PHRASE_DEPS:
            yield from _phrase(child)
        elif child.dep_ == "prep" and (child.lower_ == "of" or _puts_somewhere(child)):
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield from _phrase(obj)


def _owned(token: Token) -> Iterable[Token]:
    """`token` and the words below it but its possessor's: "reinforced the United States'
    commitment" is not aimed at the United States."""
    yield token
    for child in token.children:
        if child.dep_ != "poss":
            yield from _owned(child)


def listed_places(doc: Doc, place: Place, by_token: dict[int, Place]) -> list[Place]:
    """The places of the list `place` is one of ("in Cameroon, Niger, and Chad"), first first,
    when they are in more than one country; else none."""
    first = head_word(doc, place)
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    words = [first, *(t for t in first.subtree if t.dep_ == "conj" and t.i > first.i)]
    members = [by_token.get(word.i) or misread_place(word) for word in words]
    found = [member for member in members if member is not None]
    return found if len({member.geo.country for member in found}) > 1 else []
