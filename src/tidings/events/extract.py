"""The events stage: who did what to whom, when and where, one record per event the text states.

For every sentence, each verb or noun the trigger lexicon knows is a candidate; the first lexicon
entry whose conditions hold (particle, required object word) gives the CAMEO code. Source and
target come from the parse (tidings.events.arguments) and are mapped onto the article's actors.
An event needs both: a trigger with no actor on either side is not coded, and an actor acting on
itself is not an event. Each record carries its evidence (sentence, offsets, trigger words),
modality, date (tidings.timex against the publication date) and tone; where each took place is
the places stage's (tidings.events.places).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tidings.actors.index import ActorIndex
from tidings.events.arguments import (
    custody_state,
    defied_targets,
    opponent_targets,
    place_target,
    purpose_targets,
    resolve,
)
from tidings.events.codebook import CODER_VERSION, CameoCode, Codebook
from tidings.events.dating import sentence_times, story_time, time_for
from tidings.events.lexicon import Lexicon, Trigger
from tidings.events.modality import READINESS_ADJECTIVES, modality_of
from tidings.events.repeats import merge_repeats
from tidings.events.roles import (
    HOSTILE_ROOTS,
    Parties,
    between,
    condemned_attackers,
    coordinated_subjects,
    other_side,
    placed_targets,
    quoted_tokens,
    reciprocal,
    remember_foes,
    sources_of,
    speakers,
    without_datelines,
)
from tidings.events.topics import topics_of
from tidings.events.triggers import RETURNED_NOTE, Match, match_trigger, purpose_call
from tidings.records import Actor, Event, Evidence, Modality
from tidings.timex import TimeRef, find_times
from tidings.tone import sentence_tone

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from tidings.quotes.cues import Cues

# Verbs whose complement is the content of the act: "threatened to shell", "refused to meet",
# "promised to continue aid", "demanded to ...". The outer verb is the event; the inner one
# only says what was threatened or refused, and lends it its target.
CONTROL_LEMMAS = frozenset({
    "threaten", "refuse", "decline", "promise", "pledge", "vow", "agree", "offer", "demand", "warn",
    "reject", "vote",
})
# Verbs that only frame the act they govern ("decided to allow", "continued to fight"): the
# governed verb is the event, not these.
TRANSPARENT_VERBS = frozenset({"decide", "continue", "begin", "start", "try", "attempt", "seek", "move"})
# Acts aimed at whoever must do what a "that" clause says: appeals, demands, accusations,
# rejections, threats ("demanded that the US cancel plans").
CLAUSE_ROOTS = frozenset({"02", "10", "11", "12", "13"})
# Acts that are events even with no one named on the receiving end: yielding (resign,
# surrender), investigating, demanding, criticising, refusing, threatening, protesting, showing force,
# reducing relations, coercion and violence. Cooperation, statements and appeals always involve
# a partner.
SOLO_ROOTS = frozenset({"08", "09", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"})
# Cooperation stands alone only when the trigger names what is offered ("offered concessions").
SOLO_WITH_OBJECT_ROOTS = frozenset({"03", "05", "06", "07"})
# A statement this warm is praise (VADER compound of the reported content).
WARM_TONE = 0.5
PRAISE_CODE = "051"
EVALUATIVE_VERBS = frozenset({"be", "remain", "become"})
# Hostile roots, whose target an "against" phrase names when there is one (see opponent_targets)
OPPOSED_ROOTS = frozenset({"13", "14", "15", "16", "17", "18", "19", "20"})
PLACE_TARGET_ROOTS = frozenset({"14", "15", "17", "18", "19", "20"})
# A ceasefire or de-escalation (CAMEO 087x) in a place is aimed at that place's fighting.
CEASEFIRE_CODE = "087"
# Protest and aid are aimed at whoever their purpose clause names: "staged a strike to demand
# the minister's resignation", "gave $5 million to help refugees in Jordan".
PURPOSE_ROOTS = frozenset({"14", "07"})
# Acts only a state's authorities do (arrest, detain, expel, repress: CAMEO 17; release: 08).
CUSTODY_ROOTS = frozenset({"17", "08"})
# Violence: two sides of different states named as its subjects and nothing else fought each other.
VIOLENT_ROOTS = frozenset({"18", "19", "20"})


def _governed_by_control(match: Match, lexicon: Lexicon) -> bool:
    """True when the trigger only says what a control verb above it promised, threatened or
    refused ("promised to continue military aid": the aid is the promise's content)."""
    token = match.token
    for _ in range(3):
        if token.dep_ not in ("xcomp", "dobj", "pobj", "prep") or token.head == token:
            return False
        token = token.head
        if token.pos_ == "VERB":
            if token.lemma_.lower() in CONTROL_LEMMAS and match_trigger(token, lexicon) is not None:
                return True
            if token.dep_ != "xcomp":
                return False
    return False


def _complement_targets(match: Match, parties: Parties, sources: list[str]) -> tuple[list[str], bool]:
    """The target of what a control verb governs: "threatened to shell Iraqi towns" → Iraq; and
    whether the governed trigger named it (not merely the first actor in the complement)."""
    for child in match.token.children:
        if child.dep_ != "xcomp":
            continue
        inner = match_trigger(child, parties.lexicon)
        if inner is not None:
            found, named = placed_targets(inner, parties, sources, CLAUSE_ROOTS)
            if found:
                return found, named
        # the first actor named in the complement: "to continue aid to Mozambique"
        inside = [t for t in child.subtree if t != child]
        found = [a for a in resolve(parties.index, inside) if a not in sources][:1]
        if found:
            return found, False
    return [], False


# An announced future act is itself the event: intent to cooperate (03x) or a threat (13x).
INTENT_CODES = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "14": "130", "15": "138",
                "16": "131", "17": "130", "18": "138", "19": "138", "20": "138"}
THREAT_CODE = "130"
# Yielding or intending to, negated, is refusing: CAMEO 120 (reject, not specified).
REFUSED_ROOTS = frozenset({"03", "05", "06", "08"})
REJECT_CODE = "120"
# "X must / should do": said of someone, a demand on them (CAMEO 100).
OBLIGATION_AUXILIARIES = frozenset({"must", "should"})
DEMAND_CODE = "100"
# Everyday verbs whose converted PETRARCH codes are right only with a telling object.
GENERIC_VERBS = frozenset({
    "take", "go", "come", "get", "make", "give", "have", "put", "keep", "hold", "do", "set", "run",
    "bring", "turn", "move", "carry", "leave", "stand", "see", "look", "find", "work", "target",
    "want", "think", "tell", "show", "call", "continue", "begin", "start", "help", "meet",
})
# How rows converted from PETRARCH's dictionary are marked (their `note`).
CONVERTED_NOTE = "petrarch"
def _warm_statement(match: Match, codebook: Codebook) -> str | None:
    """A statement to someone whose content is warm praise is CAMEO 051 (praise or endorse):
    "Blinken told Kamikawa that the alliance is truly the cornerstone of peace"."""
    if not match.trigger.code.startswith("01"):
        return None
    # Only an evaluation ("the alliance is the cornerstone of peace"), not a reported act.
    content = [c for c in match.token.children
               if c.dep_ in ("ccomp", "xcomp") and c.lemma_.lower() in EVALUATIVE_VERBS]
    text = " ".join(t.text for clause in content for t in clause.subtree)
    if text and sentence_tone(text) >= WARM_TONE:
        return PRAISE_CODE
    return None


def _converted(trigger: Trigger) -> bool:
    return trigger.note.startswith(CONVERTED_NOTE)


def _main_events(found: list[_Found], reporting: frozenset[str]) -> list[Event]:
    """Keep a sentence's events with a target; one without a target only from the main clause
    ("Palestinian prisoners rioted ..."), not from every subordinate verb."""
    return [event for event, trigger in found
            if event.target is not None or _in_main_clause(trigger, reporting)]


def _in_main_clause(token: Token, reporting: frozenset[str]) -> bool:
    # a nominal event belongs to the clause of the verb that governs it
    while token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("dobj", "pobj") and token.head != token:
        token = token.head
    while token.dep_ in ("conj", "xcomp", "aux", "prep", "acomp") and token.head != token:
        token = token.head  # "is prepared to impose": the clause of "is"
    return token.dep_ == "ROOT" or (token.dep_ == "ccomp" and token.head.lemma_.lower() in reporting)


@dataclass(frozen=True, slots=True)
class _Context:
    """What every sentence of one article is coded with."""

    doc: Doc
    index: ActorIndex
    sector_of: dict[str, str | None]
    kind_of: dict[str, str]
    name_of: dict[str, str]
    parties: Parties
    published: date | None
    codebook: Codebook
    lexicon: Lexicon
    cues: Cues


@dataclass(frozen=True, slots=True)
class _Reading:
    """What one trigger was read as: its code, modality and time, before it becomes one event per
    source and target."""

    match: Match
    sent: Span
    code: CameoCode
    modality: Modality
    when: TimeRef | None
    tone: float


# An event with the token that triggered it (which _main_events needs and the record does not).
_Found = tuple[Event, "Token"]


def extract_events(doc: Doc, actors: Sequence[Actor], *, published: date | None,
                   codebook: Codebook, lexicon: Lexicon, cues: Cues) -> tuple[Event, ...]:
    """Every event the text states.

    Requires: `doc` parsed from article.text and `actors` from the actors stage on that Doc
    (their mention offsets locate sources and targets); the CAMEO `codebook`, the trigger
    `lexicon` and the verbs of saying, `cues` (tidings.quotes.cues.load_cues).
    Returns: events in text order, ids e1, e2, ..., each told once (tidings.events.repeats).
    Dates resolve against `published`; without it, relative dates are null.
    Never raises on odd sentences. Pure: no I/O.
    """
    index = without_datelines(doc, ActorIndex.build(doc, actors))
    sector_of = {a.id: a.sector for a in actors}
    kind_of: dict[str, str] = {a.id: a.kind for a in actors}
    parties = Parties(index, speakers(doc, index, cues.reporting), quoted_tokens(doc),
                      {a.id: a.country for a in actors}, sector_of, kind_of, lexicon)
    context = _Context(doc, index, sector_of, kind_of, {a.id: a.name for a in actors}, parties, published,
                       codebook, lexicon, cues)
    events: list[Event] = []
    # The last day the story named: "on Friday ... Hours later, he met ..." keeps Friday.
    story_date: TimeRef | None = None
    for sent in doc.sents:
        times = sentence_times(sent, published, story_date)
        found = _sentence_events(context, sent, times, story_date)
        events.extend(_main_events(found, cues.reporting))
        remember_foes([event for event, _token in found], parties)
        story_date = story_time(sent, times, published, story_date)
    return tuple(merge_repeats(events))


def _sentence_events(context: _Context, sent: Span, times: list[TimeRef],
                     story_date: TimeRef | None) -> list[_Found]:
    found: list[_Found] = []
    seen: set[tuple[str, str | None, str]] = set()
    consumed: set[int] = set()
    published = context.published
    tone = sentence_tone(sent.text)
    for token in sent:
        if token.i in consumed:
            continue
        match = match_trigger(token, context.lexicon)
        if match is None or _governed_by_control(match, context.lexicon) or _inside_demand(
                match, context.cues.reporting):
            continue
        if token.lemma_.lower() in TRANSPARENT_VERBS and any(c.dep_ == "xcomp" for c in token.children):
            continue
        consumed.update(t.i for t in match.words)
        coded = _code(context, match)
        if coded is None:
            continue
        sources, targets, code = coded
        attached = time_for(match, sent, times, published)
        # Only the event's own date makes it future: "met on Friday ... one day before the vote"
        # is a past meeting.
        future = bool(attached and attached.date and published and attached.date > published.isoformat())
        modality = modality_of(match.token, hearsay=context.cues.hearsay, future_date=future)
        conditional = any(c.dep_ == "advcl" and any(m.lower_ in ("unless", "if") for m in c.children)
                          for c in match.token.children)
        if modality == "negated" and code.root in REFUSED_ROOTS and _refusal(match.token):
            # "will not accept refugees", "would not meet demands": a refusal, which is stated
            code, modality = context.codebook.get(REJECT_CODE), "asserted"
        elif (modality in ("intended", "hypothetical") and code.root in INTENT_CODES
              and _announced(match.token, context.cues.reporting)):
            # "Syria says it will withdraw its troops": CAMEO codes the announcement, an
            # expressed intent (03) or, for a hostile act, a threat (13)
            intent = THREAT_CODE if conditional else INTENT_CODES[code.root]
            # "will withdraw its force unless ...": an announcement with a condition is a threat
            code, modality = context.codebook.get(intent), "asserted"
        # Only what is still to come reads a bare weekday forward ("will meet on Tuesday"); a
        # reported or denied event ("struck Kharkiv on Saturday, officials said") is past.
        when = (time_for(match, sent, find_times(sent.text, published, future=True), published)
                if modality in ("intended", "hypothetical") else attached)
        if when is None and modality in ("asserted", "negated", "reported"):
            when = story_date
        reading = _Reading(match, sent, code, modality, when, tone)
        for source in sources:
            for target in targets:
                key = (source, target, code.code)
                if source == target or key in seen:
                    continue
                if code.root == "01" and target is not None and context.sector_of.get(target) == "MED":
                    continue  # "officials told AFP" is how the news was gathered, not an event
                seen.add(key)
                found.append((_event(context, reading, source, target), match.token))
    return found


def _code(context: _Context, match: Match) -> tuple[list[str], list[str | None], CameoCode] | None:
    """Sources, targets and CAMEO code for a matched trigger, or None when it is not an event."""
    index, parties = context.index, context.parties
    if match.trigger.note == RETURNED_NOTE and _returns_someone(match, index):
        return None  # "returned the soldiers to Chile": people handed over are no property
    # "called Erdogan to apologize": the caller apologizes, to Erdogan (the call's own parties)
    carrier = purpose_call(match, context.lexicon) or match
    sources = sources_of(carrier, parties)
    found, explicit = placed_targets(carrier, parties, sources, CLAUSE_ROOTS)
    targets: list[str | None] = list(found)
    weak: list[str | None] = [] if explicit else list(found)  # named only somewhere in the object's phrase
    code = context.codebook.get(_warm_statement(match, context.codebook) or match.trigger.code)
    demanded = _demand_in_statement(match, index, sources, context.cues.reporting)
    if demanded:  # "Mubarak said that the US must be ready": a demand on the US
        targets, code = list(demanded), context.codebook.get(DEMAND_CODE)
    if code.root in OPPOSED_ROOTS:
        targets = list(opponent_targets(match, index, sources)) or targets
    attackers = condemned_attackers(match, parties, sources)
    if attackers is not None:  # "condemned the attack on the church": whoever attacked, not the church
        targets = list(attackers)
    pair = between(match, index)
    if len(pair) > 1 and (not sources or match.token.pos_ in ("NOUN", "PROPN")):
        sources, targets = pair[:1], list(pair[1:2])  # "fighting between X and Y": X against Y
    if not sources and code.root in HOSTILE_ROOTS:
        sources = other_side(match, parties, targets)  # "'They shelled our positions,' the commander said"
    if not sources and code.root in CUSTODY_ROOTS:
        sources = custody_state(match, index, context.kind_of)  # "was arrested in Rwanda": Rwanda
    if not targets and match.token.lemma_.lower() in CONTROL_LEMMAS:
        complement, named = _complement_targets(match, parties, sources)
        targets = list(complement)
        weak = [] if named else list(complement)
    if not targets and code.root in PURPOSE_ROOTS:
        targets = list(purpose_targets(match, index, sources))
    if not targets and code.root == "12":
        targets = list(defied_targets(match, index, sources))
    if not targets and (code.root in PLACE_TARGET_ROOTS or code.code.startswith(CEASEFIRE_CODE)):
        targets = list(place_target(match, index, sources, context.kind_of))
    if len(sources) > 1 and attackers is None and coordinated_subjects(match) and (
            (reciprocal(match) and targets == weak and not _states(weak, parties))
            or (not targets and code.root in VIOLENT_ROOTS and _sides_apart(sources, parties))):
        # "X and Y exchanged fire", "X and Y agreed to a ceasefire in Z": each other, both ways
        targets = list(sources)
    if not sources:
        return None
    if _converted(match.trigger) and not match.trigger.needs and match.token.lemma_.lower() in GENERIC_VERBS:
        return None  # "take sides", "go ahead": too loose to code from the converted dictionary
    if not targets and _only_tells(match, context.cues.reporting):
        return None  # "claimed to have sunk a ship": the sinking is the event, not the claim
    if not targets:
        solo = code.root in SOLO_ROOTS or (code.root in SOLO_WITH_OBJECT_ROOTS and bool(match.trigger.needs))
        if match.trigger.needs_target or not solo:
            return None
        targets = [None]
    return sources, targets, code


def _returns_someone(match: Match, index: ActorIndex) -> bool:
    """Whether what a verb of giving back hands over is an actor (a person, group or state)."""
    return any(c.dep_ == "dobj" and index.by_token[c.i] is not None for c in match.token.children)


def _only_tells(match: Match, reporting: frozenset[str]) -> bool:
    """True when a verb of saying governs a clause ("claimed to have shot down two drones",
    "insisted the talks would go ahead"): what it tells is in the clause, coded there if it is an
    event; the telling, aimed at no one, is no act of its own. Verbs that commit or warn
    ("vowed to", "warned that") are acts and stay."""
    token = match.token
    lemma = token.lemma_.lower()
    return (token.pos_ in ("VERB", "AUX") and lemma in reporting and lemma not in CONTROL_LEMMAS
            and any(child.dep_ in ("ccomp", "xcomp") for child in token.children))


def _states(targets: list[str | None], parties: Parties) -> bool:
    """True when a target is a state: named in what two sides agreed on ("agreed to lift a ban on
    Egyptian goods"), it is a third party, not a mere place or thing."""
    return any(t is not None and parties.kind_of.get(t) == "country" for t in targets)


def _sides_apart(sources: list[str], parties: Parties) -> bool:
    """True when coordinated subjects belong to different states: "Syria and Israel fired
    across the line" is fire between them (not two allies firing at no one)."""
    countries = {parties.country_of.get(s) for s in sources}
    return None not in countries and len(countries) > 1


def _inside_demand(match: Match, reporting: frozenset[str]) -> bool:
    """True inside a clause that a statement makes a demand of ("said that the US must be
    ready to mediate": coded as the demand, not as the mediation)."""
    token = match.token
    for _ in range(4):
        if token.dep_ == "ccomp" and token.head.lemma_.lower() in reporting:
            auxiliaries = {c.lower_ for c in token.children if c.dep_ == "aux"}
            return bool(auxiliaries & OBLIGATION_AUXILIARIES)
        if token.head == token:
            return False
        token = token.head
    return False


def _refusal(token: Token) -> bool:
    """A negation that refuses rather than reports a state: "will not accept", "would not meet",
    "failed to reach", "will never compromise" (not "is not supporting")."""
    for current in (token, token.head):
        words = {c.lower_ for c in current.children if c.dep_ in ("aux", "neg", "advmod")}
        if words & {"will", "would", "wo", "'ll", "shall", "never"}:
            return True
        if current.lemma_.lower() in ("fail", "refuse", "decline"):
            return True
    return False


def _announced(token: Token, reporting: frozenset[str]) -> bool:
    """A future act stated as a plan of the speaker's: "said it will withdraw", "is willing to
    withdraw", "Turkey will allow ..." (not "plans to", which stays an intended event)."""
    auxiliaries = {c.lower_ for c in token.children if c.dep_ == "aux"}
    if token.dep_ == "xcomp" and token.head.lower_ in READINESS_ADJECTIVES:
        return True
    if not auxiliaries & {"will", "would", "'ll", "shall"}:
        return False
    clause = token
    while clause.dep_ in ("conj", "xcomp") and clause.head != clause:
        clause = clause.head
    return clause.dep_ == "ROOT" or (clause.dep_ == "ccomp" and clause.head.lemma_.lower() in reporting)


def _demand_in_statement(match: Match, index: ActorIndex, sources: list[str],
                         reporting: frozenset[str]) -> list[str]:
    """Who a statement says must or should do something: "said that the US must be ready"."""
    if match.token.lemma_.lower() not in reporting:
        return []
    for clause in match.token.children:
        if clause.dep_ != "ccomp":
            continue
        if not {c.lower_ for c in clause.children if c.dep_ == "aux"} & OBLIGATION_AUXILIARIES:
            continue
        subjects_ = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        found = [a for a in resolve(index, subjects_) if a not in sources]
        if found:
            return found
    return []


def _event(context: _Context, reading: _Reading, source: str, target: str | None) -> Event:
    """The event `source` did to `target` as `reading` tells it (its id is given later, by
    merge_repeats)."""
    match, sent, published, when = reading.match, reading.sent, context.published, reading.when
    if when is not None and when.date:
        event_date, precision, date_text = when.date, when.precision, when.text
    elif published is not None and reading.modality in ("asserted", "negated", "reported"):
        # The text gives no date: the report's own date stands in, marked as such.
        event_date, precision, date_text = published.isoformat(), "unknown", None
    else:
        event_date, precision, date_text = None, "unknown", None
    index = context.index
    indirect = any(index.how[t.i] in ("pronoun", "description")
                   for t in sent if index.by_token[t.i] == source)
    confidence = 0.9 - (0.15 if indirect else 0.0) - (0.1 if _converted(match.trigger) else 0.0)
    words = match.words
    evidence = Evidence(sentence=sent.text, span=(sent.start_char, sent.end_char),
                        trigger=" ".join(t.text for t in words),
                        trigger_span=(words[0].idx, words[-1].idx + len(words[-1].text)))
    code = reading.code
    return Event(
        id="", source=source, target=target, cameo=code.code, root=code.root, quad_class=code.quad_class,
        goldstein=code.goldstein, plover=code.plover, date=event_date, date_precision=precision,
        date_text=date_text, location=None, geo=None, tone=reading.tone,
        modality=reading.modality,
        topics=tuple(topics_of(sent, index, context.name_of, context.kind_of, {source, target})),
        quote=None, evidence=evidence, confidence=round(max(0.1, confidence), 2), coder=CODER_VERSION)
