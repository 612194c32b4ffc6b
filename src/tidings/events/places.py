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
   (or "to" after a word of going: "flew to Tokyo") hanging from the trigger or the verb it is
   the object of ("met in Beijing", "held talks at the White House"), within that preposition's
   own noun phrase ("in response to a query about Moscow" names no place); for force (assault,
   fight, mass violence, destroying property, violent repression; not sanctions or arrests,
   which are done where the doer rules) also the place it is aimed at ("struck Kharkiv", "the
   attack on Kyiv"), and what a participle says it hit ("carried out airstrikes, hitting
   Beirut"). A list of places in several countries ("raids in Cameroon, Niger, and Chad") is no
   one place: force is at its target among them, else the next rules decide.
2. sentence: a visit (CAMEO 042) is at the visited party, a hosted visit (043) at the host.
   Else the place nearest the trigger that the sentence puts something in ("officials in
   Kharkiv said", an institution such as "the Kremlin"), else the doer's own name ("China
   criticised Japan" is done in China). A place named only as a topic ("Russia's war", "siding
   with the U.S.", the target of a verbal act) places nothing, nor does the place of another
   happening the sentence names ("the summit to be held in Vilnius", "his meetings in Belgium",
   "a pact signed in Paris", what a statement reports: "told parliament the allies had agreed
   in Paris"), unless it frames the act ("After talks in Geneva, ...", a place opening the
   sentence, a relative clause of the doer: "X, who was in Beirut, warned").
   The meeting an event continues comes before the doer's own name: an event with no place of
   its own in a sentence after a meeting the article placed ("met Kishida in Phnom Penh"), which
   says "in the meeting" or shares a party or a party's country with it, is at the meeting's
   place (`geo.how` "article": another sentence of the article named it), until an event placed
   in another country ends that account (`_continued`); "during" or "after the meeting" refers
   back as "in the meeting" does. Force is not placed at its doer's own name when its target is
   of another country (rule 3 or 4: where it is aimed).
3. dateline: where the story was filed from: a paragraph opening "KYIV, Ukraine (AP) —" or
   "July 24, 2006 (JUBA, Sudan) —" (after a headline, too; in a digest, the latest before the
   event), or a dateline the cleaner took out or the source gave apart from the text ("TOKYO,
   April 27 -"); not for a statement of a country or organisation of another country than the
   dateline's, nor for force whose target is of another country (rule 4: said or done
   elsewhere).
4. article: the speaker's country for a statement and the target's for force (as the article
   names it: the place of it named most often; else at its capital), else the country the
   article names most, by its own name or its places' (of equals, the first named).

What the syntax says (the clause's words, which happening a place belongs to, lists of places) is
read by tidings.events.place_syntax. A place is a GPE, LOC or FAC entity the gazetteer knows, or an
organisation named after its building or street ("the Kremlin said": Moscow; tidings.geo.seat).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Final

from tidings.events.place_syntax import (
    REFERRING_PREPOSITIONS,
    Place,
    clause_heads,
    clause_places,
    head_word,
    inside,
    listed_places,
    located,
    misread_place,
    own_clause,
    refers_back,
)
from tidings.events.roles import dateline_spans
from tidings.geo import country_place, locate, seat
from tidings.records import Actor, Event, Geo, GeoHow

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["place_events"]

# Entity labels that name places; an ORG is a place only when it is a seat of government.
PLACE_LABELS: Final = frozenset({"GPE", "LOC", "FAC"})
# CAMEO roots of force that lands where it is aimed: assault, fight, mass violence. Not a show of
# force (15: drills and alerts are held at home, "drills aimed at Taiwan") nor coercion (17:
# sanctions, arrests and expulsions are done where the doer rules, "taxes on U.S. exports") but
# for its acts of physical force: destroying property (1712) and violent repression (175).
FORCE_ROOTS: Final = frozenset({"18", "19", "20"})
PHYSICAL_COERCION: Final = ("1712", "175")
# CAMEO roots of what is said rather than done: statements, appeals, intents, diplomatic
# cooperation, demands, disapproval, rejection, threats.
STATEMENT_ROOTS: Final = frozenset({"01", "02", "03", "05", "10", "11", "12", "13"})
# CAMEO codes of a meeting held somewhere: consult, visit, host, meet at a third place, mediate,
# negotiate; not a phone call (041), which is in no one place.
MEETING_ROOT: Final = "04"
PHONE_CALL: Final = "041"
# CAMEO codes of a visit, which is at the visited place: make a visit, host a visit.
MAKE_VISIT: Final = "042"
HOST_VISIT: Final = "043"
# A credit in a dateline ("KYIV, Ukraine (AP)") is no part of the place.
_CREDIT: Final = re.compile(r"\([^)]*\)")
# A dateline opening a paragraph that the parse does not find (a date before it, a headline the
# sentence splitter runs into it, a digest's separator): "July 24, 2006 (JUBA, Sudan) —", "JUBA,
# Sudan (AP) -", "ANKARA - ".
_WRITTEN_DATELINE: Final = re.compile(
    r"^[^\S\n]*(?:[A-Z][a-z]{2,8}\.? \d{1,2},? \d{4}[^\S\n]*)?"
    r"(?:\((?P<inside>[A-Z][A-Z .'’-]+(?:, ?[A-Z][^()\n,]{1,30})?)\)"
    r"|(?P<before>[A-Z][A-Z .'’-]+(?:, ?[A-Z][^()\n,]{1,30})?) ?\([^()\n]{1,30}\))"
    r"[^\S\n]*[—–-]"
    # a wire digest's item, or a story pasted without its credit: "ANKARA - A Turkish court ...",
    # "CHANDIGARH, India - ...", "TOKYO, April 27 - ..." (the place in capitals)
    r"|^(?P<bare>[A-Z][A-Z.'’]{2,}(?: [A-Z][A-Z.'’]+){0,3}(?:, ?[A-Z][a-z]+(?: [A-Z][a-z]+){0,2})?)"
    r"(?:, ?[A-Z][a-z]{2,8}\.? \d{1,2})?[^\S\n]+[—–-]{1,2}[^\S\n]+(?=[A-Z\"“])", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class _Own:
    """What an event's own clause and sentence say of its place: the place and how it was read
    (`strong` unless it is only the doer's own name), or `refers` when the clause puts the act "in
    the meeting" the article told of earlier."""

    place: Place | None = None
    how: GeoHow = "sentence"
    strong: bool = False
    refers: bool = False
    anchored: bool = False  # the place hangs from the trigger's clause or a party's name



def place_events(doc: Doc, events: Sequence[Event], actors: Sequence[Actor], *,
                 datelines: Sequence[str] = ()) -> tuple[Event, ...]:
    """Every event with its place, when the clause, sentence, dateline or article names one
    (module docstring)."""
    filed = sorted({*dateline_spans(doc), *_written_datelines(doc)})
    in_dateline = {i for start, end in filed for i in range(start, end)}
    places = [place for place in _places(doc) if place.start not in in_dateline]
    first_dateline = _dateline_place(doc, filed, datelines)
    # a news digest files each item from its own place ("BONN - ... BEIRUT - ..."): an event is
    # under the latest dateline before it
    by_dateline = [(start, _dateline_place(doc, [(start, end)], ())) for start, end in filed]
    named = _most_named(places)
    spans = {actor.id: [(m.start, m.end) for m in actor.mentions] for actor in actors}
    every_span = [span for found in spans.values() for span in found]
    by_id = {actor.id: actor for actor in actors}
    country_of = {actor.id: actor.country for actor in actors}
    no_spans: list[tuple[int, int]] = []
    own = [_event_place(doc, event, places, spans.get(event.target or "", no_spans),
                        spans.get(event.source or "", no_spans), every_span) for event in events]
    continued = _continued(events, own, country_of)
    placed: list[Event] = []
    for index, event in enumerate(events):
        mine = own[index]
        found = (mine.place, mine.how) if mine.place is not None and mine.strong else None
        if found is None:
            found = _visited(event, by_id, named)
        if found is None and index in continued:
            found = continued[index], "article"
        # force lands where it is aimed: the doer's own name does not place it when the target is
        # of another country ("Israel carried out airstrikes on Hezbollah"): rule 3 or 4 does
        target_home = country_of.get(event.target or "")
        elsewhere_hit = _aimed(event) and mine.place is not None and not mine.strong \
            and target_home is not None and target_home != mine.place.geo.country
        if found is None and mine.place is not None and not elsewhere_hit:
            found = mine.place, mine.how
        told_at = doc.char_span(*event.evidence.trigger_span, alignment_mode="expand")
        earlier = [place for start, place in by_dateline
                   if place is not None and told_at is not None and start <= told_at.start]
        dateline = earlier[-1] if earlier else first_dateline
        elsewhere = dateline is not None and _said_elsewhere(event, dateline, by_id)
        if found is None and dateline is not None and not elsewhere:
            found = dateline, "dateline"
        if found is None:
            # a statement is made where its speaker is, force lands where it is aimed: that
            # party's country (as the article names it, if it does), else the country the article
            # names most
            party = event.target if _aimed(event) else event.source
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


def _aimed(event: Event) -> bool:
    """True for force, which lands where it is aimed (FORCE_ROOTS, PHYSICAL_COERCION)."""
    return event.root in FORCE_ROOTS or event.cameo.startswith(PHYSICAL_COERCION)


def _said_elsewhere(event: Event, dateline: Place, by_id: dict[str, Actor]) -> bool:
    """True when the dateline is not where the event happened though nothing else placed it.

    A dateline is where the reporter was. A country or an organisation speaks from home, not from
    where a story about it was filed ("TAIPEI — Beijing's paper slammed Lithuania"; "WASHINGTON —
    Japanese firms announced cuts"): its statement goes to its own country. A person may have
    come to the dateline (a summit's guest), and an organisation of no one country (ASEAN, the
    EU) speaks where it meets, often where the story was filed. Force lands on its target: a
    dateline elsewhere ("NICOSIA — frigates shelled Iranian platforms", "WASHINGTON — the strike
    on Iranian targets") places it only in its target's country."""
    source, target = by_id.get(event.source or ""), by_id.get(event.target or "")
    if event.root in STATEMENT_ROOTS and source is not None and source.kind != "person" and source.country:
        return source.country != dateline.geo.country
    if _aimed(event) and target is not None and target.country:
        return dateline.geo.country != target.country
    return False


def _visited(event: Event, by_id: dict[str, Actor],
             named: dict[str | None, Place]) -> tuple[Place, GeoHow] | None:
    """Where a visit is: CAMEO 042 (make a visit) at the visited party, 043 (host a visit) at the
    host, as the codebook defines them ("Shultz arrived in Moscow", "the trip to Tokyo"): the
    party's own place when it is one ("Tokyo", "the Soviet Union"), else its country."""
    if event.cameo.startswith(MAKE_VISIT):
        party = by_id.get(event.target or "")
    elif event.cameo.startswith(HOST_VISIT):
        party = by_id.get(event.source or "")
    else:
        return None
    if party is None:
        return None
    own = locate(party.name) if party.kind in ("country", "location") else None
    if own is not None:
        return Place(-1, -1, party.name, own), "sentence"
    home = (named.get(party.country) or _unnamed(country_place(party.country))) if party.country else None
    return None if home is None else (home, "sentence")


def _places(doc: Doc) -> list[Place]:
    """Every place the text names, in text order."""
    found: list[Place] = []
    for ent in doc.ents:
        text = _place_words(ent)
        if not text:
            continue
        geo = locate(text) if ent.label_ in PLACE_LABELS else seat(text) if ent.label_ == "ORG" else None
        if geo is not None:
            found.append(Place(ent.start, ent.end, text, geo))
    return found


def _place_words(ent: Span) -> str:
    """The entity's words without a leading article or a trailing possessive ("the Kremlin's")."""
    tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the") and t.tag_ != "POS"
              and t.text not in ("'s", "’s")]
    return "".join(t.text_with_ws for t in tokens).strip()


def _event_place(doc: Doc, event: Event, places: list[Place], target_spans: list[tuple[int, int]],
                 source_spans: list[tuple[int, int]], actor_spans: list[tuple[int, int]]) -> _Own:
    """The place the event's clause or sentence names (rules 1 and 2), or that its clause refers
    to an earlier meeting ("In the meeting, ..."), or nothing."""
    trigger = doc.char_span(*event.evidence.trigger_span, alignment_mode="expand")
    sentence = doc.char_span(*event.evidence.span, alignment_mode="expand")
    if trigger is None or sentence is None:
        return _Own()
    force = _aimed(event)
    by_token = {i: place for place in places for i in range(place.start, place.end)
                # the target's own words: an act aimed at a country is not done in it, but for force
                if force or not inside(doc[place.start].idx, target_spans)}
    listed: set[int] = set()  # the words of lists of places in several countries
    for token in clause_places(trigger, force=force):
        if token.i in listed:
            continue
        if token.i in by_token:
            members = listed_places(doc, by_token[token.i], by_token)
            if not members:
                return _Own(by_token[token.i], "clause", strong=True)
            # "raids in Cameroon, Niger, and Chad": one place would be wrong for the others; force
            # is where its target is among them, else the sentence or the article places the act
            hit = [place for place in members if force and inside(doc[place.start].idx, target_spans)]
            if hit:
                return _Own(hit[0], "clause", strong=True)
            listed.update(i for place in members for i in range(place.start, place.end))
            continue
        misread = misread_place(token)
        if misread is not None:
            return _Own(misread, "clause", strong=True)
        if refers_back(token, by_token):
            return _Own(refers=True)
    for head in clause_heads(trigger, force=force):
        # "During the meeting, the Presidents committed": the meeting the article placed
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in REFERRING_PREPOSITIONS and any(
                    obj.dep_ == "pobj" and refers_back(obj, by_token) for obj in child.children):
                return _Own(refers=True)
    trigger_at = trigger.start
    own_heads = {token.i for token in clause_heads(trigger, force=force)}
    anchored: set[int] = set()

    def rank(place: Place) -> tuple[int, int, int] | None:
        offset = doc[place.start].idx
        if place.start in listed:
            return None  # a list of places in several countries places nothing
        if force and inside(offset, target_spans):
            kind = 0  # "the invasion of Ukraine"
        elif (where := located(place, head_word(doc, place))) is not False:
            if not own_clause(where, own_heads, source_spans + target_spans):
                return None  # "to review the summit to be held in Vilnius": the summit's place
            if where is not None and (where.head.i in own_heads
                                      or inside(where.head.idx, source_spans + target_spans)):
                anchored.add(place.start)  # "met with Kishida in Phnom Penh"
            kind = 0  # "in Kharkiv", "at the White House"
        elif inside(offset, source_spans):
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


def _continued(events: Sequence[Event], own: Sequence[_Own],
               country_of: dict[str, str | None]) -> dict[int, Place]:
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
    meeting: tuple[Place, set[str]] | None = None  # the place and its parties
    found: dict[int, Place] = {}
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


def _written_datelines(doc: Doc) -> list[tuple[int, int]]:
    """The token ranges of the place of datelines that open a paragraph in a form the parse does
    not find (`_WRITTEN_DATELINE`), when the gazetteer knows the place."""
    found = []
    for match in _WRITTEN_DATELINE.finditer(doc.text):
        group = next(name for name in ("inside", "before", "bare") if match.group(name))
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


def _dateline_place(doc: Doc, filed: list[tuple[int, int]], removed: Sequence[str]) -> Place | None:
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
                return Place(start, end, words, geo)
    return None


def _unnamed(geo: Geo | None) -> Place | None:
    """A place the text does not name (the country of an actor), by the gazetteer's name."""
    return None if geo is None else Place(-1, -1, geo.name, geo)


def _most_named(places: list[Place]) -> dict[str | None, Place]:
    """Each country the article names (by its own name or its places'), the most named first, to
    the place of it named most often; of equals, the first named (the headline's, often)."""
    by_country = Counter(place.geo.country for place in places)
    by_place = Counter(place.geo for place in places)
    first: dict[str | None, Place] = {}
    for place in places:
        first.setdefault(place.geo.country, place)
        if by_place[place.geo] > by_place[first[place.geo.country].geo]:
            first[place.geo.country] = place
    order = sorted(first, key=lambda country: -by_country[country])  # stable: first named of equals
    return {country: first[country] for country in order}
