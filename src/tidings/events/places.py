"""The places stage: where each event took place, and how that was chosen, as GDELT's ActionGeo.

    place_events(doc, events, actors, *, datelines=()) -> tuple[Event, ...]

Requires: `doc` parsed from article.text (entities and dependencies), `events` from the events
stage on that Doc (their trigger_span finds the trigger), `actors` from the actors stage (their
mentions tell which words name the event's target), and `datelines`: the dateline lines the
cleaner took out of the text ("KYIV, Ukraine", tidings.model.Removed with reason "dateline").
Returns: the events in their order, each with `location` (the place's words as written) and `geo`
(the gazetteer's place, with `geo.how`) when a rule finds one, else as given.
Never raises on a sentence with no parse or no place. Pure: no I/O (but for tidings.geo reading
its data once per process).

The first rule that finds a place the gazetteer knows wins (`geo.how` names it):

1. clause: the trigger's own words put the act there: a place after "in", "at", "near", ...
   hanging from the trigger or the verb it is the object of ("met in Beijing", "held talks at
   the White House"); for a use of force also the place it is aimed at ("struck Kharkiv", "the
   attack on Kyiv"), and what a participle says it hit ("carried out airstrikes, hitting
   Beirut"). A list of places in several countries ("raids in Cameroon, Niger, and Chad") is no
   one place: force is at its target among them, else the next rules decide.
2. sentence: the place nearest the trigger that the sentence puts something in ("officials in
   Kharkiv said", an institution such as "the Kremlin"), else the doer's own name ("China
   criticised Japan" is done in China). A place named only as a topic ("Russia's war", "siding
   with the U.S.", the target of a verbal act) places nothing, nor does the place of another
   happening the sentence names ("the summit to be held in Vilnius", "his meetings in Belgium"),
   unless it frames the act ("After talks in Geneva, ...", a place opening the sentence).
   The meeting an event continues comes before the doer's own name: an event with no place of
   its own in a sentence after a meeting the article placed ("met Kishida in Phnom Penh"), which
   says "in the meeting" or shares a party or a party's country with it, is at the meeting's
   place (`geo.how` "article": another sentence of the article named it), until an event placed
   in another country ends that account (`_continued`); "during" or "after the meeting" refers
   back as "in the meeting" does. Force is not placed at its doer's own name when its target is
   of another country (rule 3 or 4: where it is aimed).
3. dateline: where the story was filed from: a paragraph opening "KYIV, Ukraine (AP) —" or
   "July 24, 2006 (JUBA, Sudan) —" (after a headline, too), or a dateline line the cleaner took
   out; not for a statement of a country or organisation none of whose parties is of the
   dateline's country (it goes to rule 4: said elsewhere).
4. article: the speaker's country for a statement and the target's for force (as the article
   names it: the place of it named most often; else at its capital), else the country the
   article names most, by its own name or its places' (of equals, the first named).

A place is a GPE, LOC or FAC entity the gazetteer knows, or an organisation named after its
building or street ("the Kremlin said": Moscow; tidings.geo.seat).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final, Literal

from tidings.events.roles import dateline_spans
from tidings.geo import country_place, locate, seat
from tidings.records import Actor, Event, Geo, GeoHow

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = ["place_events"]

# Entity labels that name places; an ORG is a place only when it is a seat of government.
PLACE_LABELS: Final = frozenset({"GPE", "LOC", "FAC"})
# Prepositions that put an act somewhere ("in Beijing", "near the border", "outside Kyiv",
# "welcomed him to the White House").
WHERE_PREPOSITIONS: Final = frozenset({
    "in", "at", "near", "outside", "inside", "across", "throughout", "around", "within", "off", "to",
})
# What a use of force is aimed at is where it happens ("an attack on Kyiv", "fired into Gaza").
AIMED_PREPOSITIONS: Final = frozenset({"on", "against", "into", "over", "across"})
# CAMEO roots of force: demonstrate force, reduce relations by force, assault, fight, mass violence.
FORCE_ROOTS: Final = frozenset({"15", "17", "18", "19", "20"})
# Dependencies of a noun for a use of force that name its place ("the Kharkiv strike"); not a
# possessive, which names the doer ("Russia's invasion").
NOUN_PLACE_DEPS: Final = frozenset({"compound", "nmod"})
# CAMEO roots of what is said rather than done: statements, appeals, intents, diplomatic
# cooperation, demands, disapproval, rejection, threats.
STATEMENT_ROOTS: Final = frozenset({"01", "02", "03", "05", "10", "11", "12", "13"})
# CAMEO codes of a meeting held somewhere: consult, visit, host, meet at a third place, mediate,
# negotiate; not a phone call (041), which is in no one place.
MEETING_ROOT: Final = "04"
PHONE_CALL: Final = "041"
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
# A credit in a dateline ("KYIV, Ukraine (AP)") is no part of the place.
_CREDIT: Final = re.compile(r"\([^)]*\)")
# A dateline opening a paragraph that the parse does not find (a date before it, or a headline
# the sentence splitter runs into it): "July 24, 2006 (JUBA, Sudan) —", "JUBA, Sudan (AP) -".
_WRITTEN_DATELINE: Final = re.compile(
    r"^[^\S\n]*(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}[^\S\n]*)?"
    r"(?:\((?P<inside>[A-Z][A-Z .'’-]+(?:, ?[A-Z][^()\n,]{1,30})?)\)"
    r"|(?P<before>[A-Z][A-Z .'’-]+(?:, ?[A-Z][^()\n,]{1,30})?) ?\([^()\n]{1,30}\))"
    r"[^\S\n]*[—–-]", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class _Own:
    """What an event's own clause and sentence say of its place: the place and how it was read
    (`strong` unless it is only the doer's own name), or `refers` when the clause puts the act "in
    the meeting" the article told of earlier."""

    place: _Place | None = None
    how: GeoHow = "sentence"
    strong: bool = False
    refers: bool = False
    anchored: bool = False  # the place hangs from the trigger's clause or a party's name


@dataclass(frozen=True, slots=True)
class _Place:
    """One place the text names: its words' token range, its words and the gazetteer's place."""

    start: int
    end: int
    text: str
    geo: Geo


def place_events(doc: Doc, events: Sequence[Event], actors: Sequence[Actor], *,
                 datelines: Sequence[str] = ()) -> tuple[Event, ...]:
    """Every event with its place, when the clause, sentence, dateline or article names one
    (module docstring)."""
    filed = sorted({*dateline_spans(doc), *_written_datelines(doc)})
    in_dateline = {i for start, end in filed for i in range(start, end)}
    places = [place for place in _places(doc) if place.start not in in_dateline]
    dateline = _dateline_place(doc, filed, datelines)
    named = _most_named(places)
    spans = {actor.id: [(m.start, m.end) for m in actor.mentions] for actor in actors}
    every_span = [span for found in spans.values() for span in found]
    country_of = {actor.id: actor.country for actor in actors}
    kind_of = {actor.id: actor.kind for actor in actors}
    no_spans: list[tuple[int, int]] = []
    own = [_event_place(doc, event, places, spans.get(event.target or "", no_spans),
                        spans.get(event.source or "", no_spans), every_span) for event in events]
    continued = _continued(events, own, country_of)
    placed: list[Event] = []
    for index, event in enumerate(events):
        mine = own[index]
        found = (mine.place, mine.how) if mine.place is not None and mine.strong else None
        if found is None and index in continued:
            found = continued[index], "article"
        # force lands where it is aimed: the doer's own name does not place it when the target is
        # of another country ("Israel carried out airstrikes on Hezbollah"): rule 3 or 4 does
        target_home = country_of.get(event.target or "")
        elsewhere_hit = event.root in FORCE_ROOTS and mine.place is not None and not mine.strong \
            and target_home is not None and target_home != mine.place.geo.country
        if found is None and mine.place is not None and not elsewhere_hit:
            found = mine.place, mine.how
        countries = [c for c in (country_of.get(event.source or ""), country_of.get(event.target or "")) if c]
        # a dateline places what happened there, not what a country or an organisation of
        # elsewhere said ("TAIPEI — Beijing's paper slammed Lithuania"): such a statement goes to
        # its parties' country; a person may have come to the dateline (a summit's guest)
        elsewhere = event.root in STATEMENT_ROOTS and dateline is not None and bool(countries) \
            and dateline.geo.country not in countries and kind_of.get(event.source or "") != "person"
        if found is None and dateline is not None and not elsewhere:
            found = dateline, "dateline"
        if found is None:
            # a statement is made where its speaker is, force lands where it is aimed: that
            # party's country (as the article names it, if it does), else the country the article
            # names most
            party = event.target if event.root in FORCE_ROOTS else event.source
            if elsewhere and not country_of.get(party or ""):
                party = event.target  # the speaker's country unknown: the other party's
            home = country_of.get(party or "")
            own_country = (named.get(home) or _unnamed(country_place(home))) if home else None
            chosen = own_country or next(iter(named.values()), None)
            found = None if chosen is None else (chosen, "article")
        if found is None:
            placed.append(event)
        else:
            place, how = found
            placed.append(replace(event, location=place.text, geo=replace(place.geo, how=how)))
    return tuple(placed)


def _places(doc: Doc) -> list[_Place]:
    """Every place the text names, in text order."""
    found: list[_Place] = []
    for ent in doc.ents:
        text = _place_words(ent)
        if not text:
            continue
        geo = locate(text) if ent.label_ in PLACE_LABELS else seat(text) if ent.label_ == "ORG" else None
        if geo is not None:
            found.append(_Place(ent.start, ent.end, text, geo))
    return found


def _place_words(ent: Span) -> str:
    """The entity's words without a leading article or a trailing possessive ("the Kremlin's")."""
    tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the") and t.tag_ != "POS"
              and t.text not in ("'s", "’s")]
    return "".join(t.text_with_ws for t in tokens).strip()


def _event_place(doc: Doc, event: Event, places: list[_Place], target_spans: list[tuple[int, int]],
                 source_spans: list[tuple[int, int]], actor_spans: list[tuple[int, int]]) -> _Own:
    """The place the event's clause or sentence names (rules 1 and 2), or that its clause refers
    to an earlier meeting ("In the meeting, ..."), or nothing."""
    trigger = doc.char_span(*event.evidence.trigger_span, alignment_mode="expand")
    sentence = doc.char_span(*event.evidence.span, alignment_mode="expand")
    if trigger is None or sentence is None:
        return _Own()
    force = event.root in FORCE_ROOTS
    by_token = {i: place for place in places for i in range(place.start, place.end)
                # the target's own words: an act aimed at a country is not done in it, but for force
                if force or not _inside(doc[place.start].idx, target_spans)}
    listed: set[int] = set()  # the words of lists of places in several countries
    for token in _clause_places(trigger, force=force):
        if token.i in listed:
            continue
        if token.i in by_token:
            members = _listed_places(doc, by_token[token.i], by_token)
            if not members:
                return _Own(by_token[token.i], "clause", strong=True)
            # "raids in Cameroon, Niger, and Chad": one place would be wrong for the others; force
            # is where its target is among them, else the sentence or the article places the act
            hit = [place for place in members if force and _inside(doc[place.start].idx, target_spans)]
            if hit:
                return _Own(hit[0], "clause", strong=True)
            listed.update(i for place in members for i in range(place.start, place.end))
            continue
        misread = _misread_place(token)
        if misread is not None:
            return _Own(misread, "clause", strong=True)
        if _refers_back(token, by_token):
            return _Own(refers=True)
    for head in _clause_heads(trigger, force=force):
        # "During the meeting, the Presidents committed": the meeting the article placed
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in REFERRING_PREPOSITIONS and any(
                    obj.dep_ == "pobj" and _refers_back(obj, by_token) for obj in child.children):
                return _Own(refers=True)
    trigger_at = trigger.start
    own_heads = {token.i for token in _clause_heads(trigger, force=force)}
    anchored: set[int] = set()

    def rank(place: _Place) -> tuple[int, int, int] | None:
        offset = doc[place.start].idx
        if place.start in listed:
            return None  # a list of places in several countries places nothing
        if force and _inside(offset, target_spans):
            kind = 0  # "the invasion of Ukraine"
        elif (where := _located(place, _head_word(doc, place))) is not False:
            if not _own_clause(where, own_heads):
                return None  # "to review the summit to be held in Vilnius": the summit's place
            if where is not None and (where.head.i in own_heads
                                      or _inside(where.head.idx, source_spans + target_spans)):
                anchored.add(place.start)  # "met with Kishida in Phnom Penh"
            kind = 0  # "in Kharkiv", "at the White House"
        elif _inside(offset, source_spans):
            kind = 1  # the doer's own name: "China criticised Japan" is done in China
        else:
            # a topic, not a place: "Russia's war", "as Ecuador prepares", "siding with the U.S.";
            # in "Britain, France and Germany condemned", Germany is another doer, not France's place
            return None
        return kind, min(abs(place.start - trigger_at), abs(place.end - 1 - trigger_at)), place.start

    ranked = [(rank(place), place) for place in set(by_token.values())
              if sentence.start <= place.start < sentence.end]
    nearest = sorted((rank_, place) for rank_, place in ranked if rank_ is not None)
    if not nearest:
        return _Own()
    (kind, *_), place = nearest[0]
    return _Own(place, "sentence", strong=kind == 0, anchored=place.start in anchored)


def _refers_back(token: Token, by_token: dict[int, _Place]) -> bool:
    """True when `token` is "the meeting" of "In the meeting, Biden ...": a happening noun with
    a definite determiner or a possessor, and no place of its own below it."""
    if token.dep_ != "pobj" or token.lower_ not in HAPPENING_NOUNS - {"call"}:
        return False  # "on the call": a phone call is in no one place
    definite = any(child.dep_ == "poss" or child.lower_ in ("the", "this", "that", "their", "its")
                   for child in token.children)
    return definite and not any(t.i in by_token for t in token.subtree)


def _own_clause(preposition: Token | None, own_heads: set[int]) -> bool:
    """True unless a place preposition hangs from another happening than the trigger's: one yet
    to come ("the summit to be held in Vilnius", "will meet in Paris") or a happening noun the
    act is not framed by ("meetings this week in Belgium"; but "after talks in Geneva" frames it).
    A place opening the sentence frames all of it ("In Tehran, Khamenei led prayers and praised")."""
    if preposition is None or preposition.i == preposition.sent.start:
        return True  # an institution such as "the Kremlin" is where its doer is
    head = preposition.head
    if head.i in own_heads:
        return True
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


def _continued(events: Sequence[Event], own: Sequence[_Own],
               country_of: dict[str, str | None]) -> dict[int, _Place]:
    """Events that go on telling of a meeting the article placed, by their index, to its place.

    A readout says where the leaders met once and then what they discussed; news says "In the
    meeting, ..." (GDELT's geocoder, too, carries the place of the happening on). An event with no
    place of its own (the doer's name is none) continues the latest earlier meeting (CAMEO 04, not
    a phone call) placed by its clause or a party's name ("met Kishida in Phnom Penh") when its
    clause says so ("in the meeting") or it shares a
    party, or a party's country, with that meeting, until an event placed elsewhere ends the
    account.
    """
    def parties(event: Event) -> set[str]:
        ids = {actor for actor in (event.source, event.target) if actor}
        return ids | {f"country:{country_of.get(actor)}" for actor in ids if country_of.get(actor)}

    order = sorted(range(len(events)), key=lambda i: events[i].evidence.span[0])
    meeting: tuple[_Place, set[str]] | None = None  # the place and its parties
    found: dict[int, _Place] = {}
    for index in order:
        event, mine = events[index], own[index]
        if mine.place is not None and mine.strong:
            # a place its clause or its parties' names hang: "talked about the fighting in Gaza"
            # does not say where a meeting was
            if event.root == MEETING_ROOT and event.cameo != PHONE_CALL and (
                    mine.how == "clause" or mine.anchored):
                same = meeting is not None and meeting[0].geo == mine.place.geo
                meeting = (mine.place, (meeting[1] if same and meeting else set()) | parties(event))
            elif meeting is not None and mine.place.geo.country != meeting[0].geo.country:
                meeting = None  # another happening, elsewhere: the meeting's account has ended
        elif meeting is not None and (mine.refers or parties(event) & meeting[1]):
            found[index] = meeting[0]
    return found


def _head_word(doc: Doc, place: _Place) -> Token:
    """The word of the place's words that hangs outside them (Span.root, which raises on a
    broken tree)."""
    for token in doc[place.start:place.end]:
        if not place.start <= token.head.i < place.end or token.head.i == token.i:
            return token
    return doc[place.end - 1]


def _located(place: _Place, token: Token) -> Token | None | Literal[False]:
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


def _misread_place(token: Token) -> _Place | None:
    """A proper name the tagger took for a person where the clause wants a place ("struck
    Kharkiv", "talks in Doha" read as PERSON): the gazetteer decides, for a one-word name only
    (a full name such as "Jordan Peterson" stays a person)."""
    if token.pos_ != "PROPN" or token.ent_type_ not in ("PERSON", ""):
        return None
    if token.ent_type_ == "PERSON" and not (token.ent_iob_ == "B" and (
            token.i + 1 >= len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I")):
        return None
    geo = locate(token.text)
    return None if geo is None else _Place(token.i, token.i + 1, token.text, geo)


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _clause_heads(trigger: Span, *, force: bool = False) -> list[Token]:
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


def _clause_places(trigger: Span, *, force: bool) -> Iterable[Token]:
    """The tokens the trigger's clause puts the act at, nearest first: objects of its place
    prepositions (and for force, what it is aimed at), with every word below them."""
    for head in _clause_heads(trigger, force=force):
        for child in head.children:
            preposition = child.lower_
            if child.dep_ == "prep" and (preposition in WHERE_PREPOSITIONS
                                         or (force and preposition in AIMED_PREPOSITIONS)):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        yield from obj.subtree
            elif force and child.dep_ == "dobj":
                yield from _owned(child)  # "struck Kharkiv", "shelled the city of Kharkiv"
            elif force and head.pos_ in ("NOUN", "PROPN") and child.dep_ in NOUN_PLACE_DEPS:
                yield from child.subtree  # "the Kharkiv strike"


def _owned(token: Token) -> Iterable[Token]:
    """`token` and the words below it but its possessor's: "reinforced the United States'
    commitment" is not aimed at the United States."""
    yield token
    for child in token.children:
        if child.dep_ != "poss":
            yield from _owned(child)


def _listed_places(doc: Doc, place: _Place, by_token: dict[int, _Place]) -> list[_Place]:
    """The places of the list `place` is one of ("in Cameroon, Niger, and Chad"), first first,
    when they are in more than one country; else none."""
    first = _head_word(doc, place)
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head
    words = [first, *(t for t in first.subtree if t.dep_ == "conj" and t.i > first.i)]
    members = [by_token.get(word.i) or _misread_place(word) for word in words]
    found = [member for member in members if member is not None]
    return found if len({member.geo.country for member in found}) > 1 else []


def _written_datelines(doc: Doc) -> list[tuple[int, int]]:
    """The token ranges of the place of datelines that open a paragraph in a form the parse does
    not find (`_WRITTEN_DATELINE`), when the gazetteer knows the place."""
    found = []
    for match in _WRITTEN_DATELINE.finditer(doc.text):
        group = "inside" if match.group("inside") else "before"
        parts = [" ".join(part.split()) for part in match.group(group).split(",")]
        known = any(locate(part.title() if part.isupper() else part) for part in parts if part)
        span = doc.char_span(match.start(group), match.end(group), alignment_mode="expand")
        if span is not None and known:
            found.append((span.start, span.end))
    return found


# The date a wire service writes after a dateline's place ("TOKYO, April 27 -", "PARIS, 27 April --",
# "NEW YORK, March 11, 1987 -"), matched at the end once spaces and trailing dashes are gone: no part
# of the place. Bounded repeats: a source's "dateline" field may be any length.
_WIRE_MONTH: Final = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
_WIRE_DATE: Final = re.compile(
    rf",? ?(?:{_WIRE_MONTH} \d{{1,2}}(?:, ?\d{{4}})?|\d{{1,2}} {_WIRE_MONTH}(?:,? \d{{4}})?)$", re.IGNORECASE)


def _dateline_place(doc: Doc, filed: list[tuple[int, int]], removed: Sequence[str]) -> _Place | None:
    """Where the story was filed from: the first dateline opening a paragraph of the text, else
    the first dateline line the cleaner took out (or the source gave apart from the text), whose
    place the gazetteer knows."""
    written = [(doc[start:end].text, start, end) for start, end in filed[:1]]
    for text, start, end in [*written, *((line, 0, 0) for line in removed)]:
        # "LA PAZ, Bolivia, May 3 (AP) -": the city, else the country after it
        line = " ".join(_CREDIT.sub(" ", text).split()).rstrip(" —–-")
        for part in _WIRE_DATE.sub("", line).split(","):
            words = " ".join(part.split())
            words = words.title() if words.isupper() else words  # "LA PAZ" is written "La Paz"
            geo = locate(words) if words else None
            if geo is not None:
                return _Place(start, end, words, geo)
    return None


def _unnamed(geo: Geo | None) -> _Place | None:
    """A place the text does not name (the country of an actor), by the gazetteer's name."""
    return None if geo is None else _Place(-1, -1, geo.name, geo)


def _most_named(places: list[_Place]) -> dict[str | None, _Place]:
    """Each country the article names (by its own name or its places'), the most named first, to
    the place of it named most often; of equals, the first named (the headline's, often)."""
    by_country = Counter(place.geo.country for place in places)
    by_place = Counter(place.geo for place in places)
    first: dict[str | None, _Place] = {}
    for place in places:
        first.setdefault(place.geo.country, place)
        if by_place[place.geo] > by_place[first[place.geo.country].geo]:
            first[place.geo.country] = place
    order = sorted(first, key=lambda country: -by_country[country])  # stable: first named of equals
    return {country: first[country] for country in order}
