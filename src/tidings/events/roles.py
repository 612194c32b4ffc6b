"""Who is the source and who the target of one matched trigger, as actor ids of the article.

Read off the parse (tidings.events.arguments) and mapped onto the actors stage's mentions:
- a country's word on an event noun names who carried it out ("Israeli air raids");
- the subject acts, a document's author speaks ("a statement from the ministry said");
- inside reported speech, "we", "our", "I" stand for the speaker; inside quotation marks a
  third-person pronoun does not ("they shelled our positions": not the speaker's act);
- the target sits where the trigger lexicon says, else in the object's phrase; a sending or
  withdrawing verb's own forces are its instrument, not its target ("withdrew its troops from X");
- a condemnation of an attack is aimed at the attacker, never at the victim;
- coordinated subjects of a reciprocal act act on each other ("X and Y exchanged fire"), names
  coordinated before a shared noun too ("Russian and Ukrainian officials signed").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tidings.actors.coordination import shared_head_conjuncts
from tidings.actors.index import ActorIndex
from tidings.events.arguments import (
    nominal_source_candidates,
    object_phrase_targets,
    prepositional,
    resolve,
    subjects,
    targets_at,
)
from tidings.events.triggers import lexical_match
from tidings.records import Event

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from tidings.events.lexicon import Lexicon
    from tidings.events.triggers import Match

# Pronouns that, inside reported speech, stand for the one reporting it: in indirect speech
# ("Syria says it will ...") any of them; inside quotation marks only the first person.
SPEAKER_PRONOUNS = frozenset({"we", "i", "our", "us", "it", "they", "he", "she", "my", "me"})
FIRST_PERSON = frozenset({"we", "i", "our", "us", "my", "me", "ours"})
# Acts that move or hand over forces and goods: their object is the instrument, and the actor
# they go to or leave is the target (offers 03, cooperation 05-06, aid 07, yielding 08, force posture 15).
SENDING_ROOTS = frozenset({"03", "05", "06", "07", "08", "15"})
# Sectors of an actor that is a state's or group's own armed or police force.
FORCE_SECTORS = frozenset({"MIL", "COP", "SPY", "UAF"})
# Where a sent or withdrawn force goes to or comes from.
DESTINATION_PREPOSITIONS = frozenset({"to", "into", "from", "in", "for"})
# Condemnation, criticism and accusation (CAMEO 11): aimed at whoever did what they condemn.
ACCUSING_ROOT = "11"
# Threats (CAMEO 13) are aimed at whoever their condition names.
THREAT_ROOT = "13"
CONDITIONS = frozenset({"if", "unless"})
# Violence (CAMEO 18-20): an attack noun under a condemnation names its attacker.
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
# Acts two sides do to each other: named by these words, or consulting, agreeing, cooperating.
RECIPROCAL_LEMMAS = frozenset({"clash", "exchange", "skirmish", "battle", "fight", "fighting", "war",
                               "talk", "negotiate", "trade"})
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06"})
# Where a meeting or an agreement took place.
VENUE_PLACES = frozenset({"prep:in", "prep:at"})


@dataclass(frozen=True, slots=True)
class Parties:
    """What every trigger of one article is read against: the actors, the speaker of each
    token inside reported speech, the tokens inside quotation marks, and each actor's country,
    sector and kind."""

    index: ActorIndex
    speaker_of: dict[int, str]
    quoted: frozenset[int]
    country_of: dict[str, str | None]
    sector_of: dict[str, str | None]
    kind_of: dict[str, str]
    lexicon: Lexicon
    # Who each side has fought so far in the article, by country (or actor id): filled in
    # sentence by sentence (remember_foes), read by other_side.
    foes: dict[str, str] = field(default_factory=dict)

    def side(self, actor: str) -> str:
        return self.country_of.get(actor) or actor


# What separates a wire story's dateline ("KABUL (Reuters) -", "THE HAGUE, Netherlands --") from its
# first sentence.
DATELINE_DASHES = frozenset({"-", "--", "\u2014", "\u2013", ":"})
DATELINE_LENGTH = 8


def dateline_spans(doc: Doc) -> list[tuple[int, int]]:
    """The token ranges (start, end) of the datelines opening paragraphs of `doc` ("KABUL (Reuters)",
    "THE HAGUE, Netherlands"), the dash after each left out, first first."""
    found: list[tuple[int, int]] = []
    for sent in doc.sents:
        first = sent[0]
        # a dateline opens a paragraph with a place in capitals ("PARIS", "LA PAZ, Bolivia")
        if not (first.is_upper and len(first.text) > 2 and (first.i == 0 or "\n" in doc[first.i - 1].text)):
            continue
        dash = next((t for t in sent[:DATELINE_LENGTH] if t.text in DATELINE_DASHES), None)
        if dash is not None and dash.i + 1 < sent.end and doc[dash.i + 1].is_title:
            found.append((first.i, dash.i))
    return found


def without_datelines(doc: Doc, index: ActorIndex) -> ActorIndex:
    """`index` with the places of datelines left out: where a story was filed from is where the
    reporter was, no party to its events."""
    dateline = {i for start, end in dateline_spans(doc) for i in range(start, end)}
    if not dateline:
        return index
    return ActorIndex(tuple(None if i in dateline else a for i, a in enumerate(index.by_token)),
                      tuple(None if i in dateline else h for i, h in enumerate(index.how)))


def quoted_tokens(doc: Doc) -> frozenset[int]:
    """The tokens between quotation marks; a paragraph break closes an unclosed quote (news
    paragraphs that continue a quote open it again)."""
    inside, found = False, set()
    for token in doc:
        text = token.text
        if token.is_space and "\n" in text:
            inside = False
        elif text in ('"', "``", "''"):
            inside = not inside
        elif text in ("\u201c", "\u201d"):
            inside = text == "\u201c"
        elif inside:
            found.add(token.i)
    return frozenset(found)


def speakers(doc: Doc, index: ActorIndex, reporting: frozenset[str]) -> dict[int, str]:
    """For tokens inside what someone is reported to have said, the speaker's actor."""
    speaker_of: dict[int, str] = {}
    for token in doc:
        if token.lemma_.lower() not in reporting or token.pos_ != "VERB":
            continue
        said_by = resolve(index, subjects(token))
        if not said_by:
            continue
        for child in token.children:
            if child.dep_ in ("ccomp", "xcomp", "parataxis"):
                for inner in child.subtree:
                    speaker_of.setdefault(inner.i, said_by[0])
    return speaker_of


def _speaker_for(token: Token, parties: Parties) -> str | None:
    """The speaker a pronoun stands for inside reported speech, or None."""
    word = token.lower_
    if word not in SPEAKER_PRONOUNS:
        return None
    if token.i in parties.quoted and word not in FIRST_PERSON:
        return None  # "they" inside a quote is someone else than the one quoted
    return parties.speaker_of.get(token.i)


def modifiers(tokens: list[Token]) -> list[Token]:
    """The words that qualify a noun from the left: "Israeli" in "Israeli air raids"."""
    return [c for t in tokens for c in t.children if c.dep_ in ("amod", "compound", "poss") and c.i < t.i]


def sources_of(match: Match, parties: Parties) -> list[str]:
    """Who carried out the event `match` triggers."""
    token, index = match.token, parties.index
    nominal = token.pos_ in ("NOUN", "PROPN")
    # "Israeli air raids": a country's word on the event noun itself names who carried it out
    demonyms = [t for t in modifiers([token]) if index.how[t.i] == "demonym"] if nominal else []
    own = resolve(index, demonyms)
    if own:
        return own
    candidates = nominal_source_candidates(token) if nominal else [subjects(token)]
    for heads in candidates:
        found = resolve(index, heads)
        if not found:
            # "we hope ..." inside what Liu told the Council; "Syria says it will not accept ..."
            found = list(dict.fromkeys(s for s in (_speaker_for(h, parties) for h in heads) if s))
        if found:
            return found
    if nominal and token.dep_ == "dobj" and token.head.pos_ == "VERB":
        # "fundamentalists continued their hunger strike": "their" is the verb's subject
        return resolve(index, subjects(token.head))
    return []


def _own_forces(actors: list[str], sources: list[str], parties: Parties) -> bool:
    """True when every actor is an armed force of no other side than the sources' own."""
    home = {parties.country_of.get(s) for s in sources}
    return bool(actors) and all(parties.sector_of.get(a) in FORCE_SECTORS
                                and parties.country_of.get(a) in home | {None} for a in actors)


def placed_targets(match: Match, parties: Parties, sources: list[str],
                   clause_roots: frozenset[str]) -> tuple[list[str], bool]:
    """The targets, and whether the lexicon's own places named them (not the object's phrase)."""
    index = parties.index
    sending = match.trigger.code[:2] in SENDING_ROOTS
    instrument: list[str] = []
    for anchor in dict.fromkeys([match.anchor, match.token]):
        for place, tokens in targets_at(anchor, match.trigger.target):
            found = [a for a in resolve(index, tokens) if a not in sources]
            if not found and place.startswith("prep:"):  # "complained over Israeli air raids"
                found = [a for a in resolve(index, modifiers(tokens)) if a not in sources]
            if not found:
                found = _first_person(tokens, parties, sources)
            if place == "prep:between" and not sources:
                continue  # both sides are the actors: handled by between()
            if place in VENUE_PLACES and match.trigger.code[:2] in RECIPROCAL_ROOTS and len(sources) > 1:
                # "X and Y met in Moscow": where they met, not whom (one visitor "held talks in
                # Moscow" did meet Moscow's government)
                found = [a for a in found if parties.kind_of.get(a) not in ("location", "country")]
            if found and sending and place == "dobj" and _own_forces(found, sources, parties):
                instrument = found  # "withdrew its troops from Syria": Syria, if named
                continue
            if found:
                return found, True
    if sending and instrument:
        places = prepositional(match.token, DESTINATION_PREPOSITIONS)
        found = [a for a in resolve(index, places) if a not in sources]
        return (found, True) if found else (instrument, True)
    # "warned that if Israel attacks, ...": Israel (but "threatened to shell Haifa if ...": Haifa)
    threatened_act = any(c.dep_ == "xcomp" for c in match.token.children)
    if match.trigger.code[:2] == THREAT_ROOT and not threatened_act:
        found = [a for a in resolve(index, conditional_subjects(match.token)) if a not in sources]
        if found:
            return found, True
    if match.trigger.code[:2] in clause_roots:  # "demanded that the US cancel ...": the US
        for _place, tokens in targets_at(match.token, ("clause",)):
            found = [a for a in resolve(index, tokens) if a not in sources]
            if found:
                return found, True
    return object_phrase_targets(match, index, sources), False


def conditional_subjects(verb: Token) -> list[Token]:
    """The subjects of "if" and "unless" clauses under a threat or in what it says: whoever must
    or must not act for the threat to be carried out."""
    clauses = [verb, *(c for c in verb.children if c.dep_ in ("ccomp", "xcomp"))]
    return [s for clause in clauses for c in clause.children
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in c.children)
            for s in subjects(c)]


def _first_person(tokens: list[Token], parties: Parties, sources: list[str]) -> list[str]:
    """ "our positions" inside what a commander said: the commander's side."""
    owners = [c for t in tokens for c in t.children if c.dep_ == "poss"] + list(tokens)
    found = [parties.speaker_of.get(t.i) for t in owners if t.lower_ in FIRST_PERSON]
    return [a for a in dict.fromkeys(found) if a is not None and a not in sources]


def condemned_attackers(match: Match, parties: Parties, sources: list[str]) -> list[str] | None:
    """For a condemnation of an attack, the attacker ("condemned Israel's strikes on Gaza" →
    Israel), or [] when the attack's author is not named; None when nothing condemned is an
    attack. The victim is never the one condemned."""
    if match.trigger.code[:2] != ACCUSING_ROOT:
        return None
    token = match.token
    condemned = [t for t in (match.anchor, *token.children) if t.pos_ in ("NOUN", "PROPN")
                 and (t is match.anchor and t is not token or t.dep_ in ("dobj", "nsubjpass"))]
    for noun in condemned:
        # What is condemned is no event of its own in that sentence, but it still says an attack.
        attack = lexical_match(noun, parties.lexicon)
        if attack is None or attack.trigger.code[:2] not in VIOLENT_ROOTS:
            continue
        attack_of = sources_of(attack, parties)
        return [a for a in attack_of if a not in sources]
    return None


def between(match: Match, index: ActorIndex) -> list[str]:
    """ "talks between X and Y": both sides, in order."""
    for anchor in (match.anchor, match.token):
        for place, tokens in targets_at(anchor, ("prep:between",)):
            if place == "prep:between":
                return resolve(index, tokens)
    return []


def reciprocal(match: Match) -> bool:
    """True for acts two sides do to each other: "clashed", "exchanged fire", "held talks"."""
    return match.trigger.code[:2] in RECIPROCAL_ROOTS or match.token.lemma_.lower() in RECIPROCAL_LEMMAS


def coordinated_subjects(match: Match) -> bool:
    """True when the trigger is a verb whose subject is coordinated ("X and Y met"), not one
    whose source was found further away."""
    if match.token.pos_ != "VERB":
        return False
    found = subjects(match.token)
    # "was provided by AFP, AP and Reuters": three agents, not two sides
    if not found or found[0].dep_ not in ("nsubj", "csubj"):
        return False
    # "UK and EU negotiators met": names coordinated before a noun they share are two subjects
    return any(s.dep_ == "conj" for s in found) or bool(shared_head_conjuncts(found[0]))


# Hostile acts (threats 13, force posture 15, coercion 17, violence 18-20): who did them to whom
# tells who "they" are when one side's spokesman says "they shelled our positions".
HOSTILE_ROOTS = frozenset({"13", "15", "17", "18", "19", "20"})
THIRD_PERSON = frozenset({"they", "he", "she", "it"})


def remember_foes(events: list[Event], parties: Parties) -> None:
    """Note the two sides of each hostile event, for other_side."""
    for event in events:
        # an unnamed attacker is no side a "they" could stand for
        if event.root in HOSTILE_ROOTS and event.source is not None and event.target is not None:
            source, target = parties.side(event.source), parties.side(event.target)
            if source != target:
                parties.foes[source], parties.foes[target] = event.target, event.source


def other_side(match: Match, parties: Parties, targets: list[str | None]) -> list[str]:
    """Who "they" are inside a quote whose speaker's side is hit ("'They shelled our positions,'
    the commander said"): the side the speaker's side last fought in the article, never the
    speaker."""
    speaker = parties.speaker_of.get(match.token.i)
    if speaker is None or match.token.i not in parties.quoted:
        return []
    pronouns = [s for s in subjects(match.token) if s.lower_ in THIRD_PERSON]
    if not pronouns or parties.index.actor_of(pronouns[0]) is not None:
        return []
    side = parties.side(speaker)
    if not any(t is not None and parties.side(t) == side for t in targets):
        return []
    foe = parties.foes.get(side)
    return [foe] if foe is not None and parties.side(foe) != side else []
