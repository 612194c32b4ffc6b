"""Which lexicon entry a token triggers: the verb or noun, its particle, the object it needs.

A word the lexicon knows is an event only where it says one happened. Not an event: a noun
that modifies another noun ("aid workers", "a detention centre") or that is part of a name ("the
Organization of Islamic Cooperation"); a participle describing someone ("the visiting prince");
an event noun that is what another act is about ("condemned the attack", "called for
sanctions", "an inquiry into the bombing") unless the noun names its own doer ("the Israeli
strike", "Russia's attack", "raids by the army"). A light verb ("launch", "impose", "order")
with an event noun as object is that noun's event, done by the verb's subject ("ordered air
strikes", "announced the arrest of"). Naming someone ("called the envoy a liar") is no phone call:
a loaded name is criticism or praise, a neutral one no event.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tidings.events.lexicon import Lexicon, Trigger
from tidings.tone import sentence_tone

if TYPE_CHECKING:
    from spacy.tokens import Token

# Verbs whose object noun is a standing state, not something that happened.
STATE_VERBS = frozenset({"have", "be", "maintain", "enjoy", "share"})
# Where to look for a thing the trigger needs ("impose sanctions", "supply ... with weapons").
OBJECT_DEPS = frozenset({"dobj", "pobj", "attr", "oprd", "nsubjpass", "compound", "conj", "appos"})
# Entity types whose words name something: "Cooperation" in an organisation's name is no act.
NAME_ENTITY_TYPES = frozenset({"ORG", "FAC", "PERSON", "GPE", "NORP", "LOC", "PRODUCT", "WORK_OF_ART",
                               "LAW", "EVENT", "LANGUAGE"})
# Light verbs whose subject undergoes the noun's event rather than doing it ("received aid").
RECEIVING_VERBS = frozenset({"receive", "get", "accept", "welcome", "face", "suffer", "undergo"})
# Verbs that give someone a name ("call X a liar", "brand X a terrorist"), and what the name's tone
# makes of it (VADER compound of the name): criticism, praise, or nothing.
NAMING_VERBS = frozenset({"call", "brand", "label", "dub", "term"})
LOADED_TONE = 0.3
CRITICISM_CODE = "111"
PRAISE_CODE = "051"
# Tags of relative pronouns ("who", "which", "that" as WDT, "whom").
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
# Codes of acts whose content is only alleged: an accusation (112), a lawsuit (115), a coercive
# measure for a reason (17: "arrested for collaborating"); the act they are about is no event of its
# own. A denunciation (111) is not among them: "condemned X for shelling" takes the shelling as done.
ALLEGING_CODES = ("112", "115", "17")
# Conjunctions that make a clause a condition rather than a report.
CONDITION_MARKS = frozenset({"if", "unless"})
# How rows converted from PETRARCH's dictionary are marked (their `note`).
CONVERTED_NOTE = "petrarch"
# How a noun names who did it: its possessor, a "by" phrase, a nationality or group word on it.
AGENT_MODIFIER_ENTITIES = frozenset({"NORP", "GPE", "ORG", "PERSON"})
# Prepositions that attach what an act is about ("blamed for", "accused of", "protest against",
# "talks on", "inquiry into"), not when or where it happened ("in", "after", "during").
CONTENT_PREPOSITIONS = frozenset({"for", "of", "over", "about", "into", "against", "on", "to"})
# Statements (CAMEO 01) tell of an event; they do not make it their content.
STATEMENT_ROOT = "01"
# The steps from an event noun up to the word it is the content of ("for a wave of attacks").
CONTENT_DEPTH = 3
# Verbs (with their particle) of giving a thing back to whoever it is given to: CAMEO 0842, return
# property, whatever the thing ("returned the paintings to Italy"); who is handed back is no
# property (the events stage drops the match when the object is an actor).
RETURNING_VERBS = frozenset({("return", None), ("repatriate", None), ("hand", "back"), ("give", "back")})
RETURN_CODE = "0842"
RETURNED_NOTE = "returned thing"
# Support pledged or promised FOR someone or something ("pledged full support for the plan") is
# endorsement said now (CAMEO 051), not the intent to give aid that support pledged TO someone is.
ENDORSED = frozenset({"support", "backing", "solidarity"})
ENDORSE_CODE = "051"
INTENT_ROOT = "03"
# A verbal act a phone call was made to do ("called the minister to congratulate him") is the
# caller's, aimed at the one called; the call stays a call. Verbal acts: appeals (02), intents (03),
# diplomatic cooperation (05), demands, disapproval, rejection, threats (10-13).
CALL_CODE = "041"
CARRIED_ROOTS = frozenset({"02", "03", "05", "10", "11", "12", "13"})


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
    noun_deps = OBJECT_DEPS | {"prep", "amod"}  # a noun's kind is in its modifiers too: "military aid"
    is_noun = _pos(token) == "NOUN"
    first_deps = noun_deps if is_noun else OBJECT_DEPS | {"prep", "dative", "xcomp"}
    stack = [child for child in token.children if child.dep_ in first_deps]
    if is_noun and token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ == "VERB":
        # what is done with a noun tells its sense: "end the strike"
        found[token.head.lemma_.lower()] = token.head
    while stack:
        current = stack.pop()
        # a misread object ("demands" tagged as a verb) still names what was acted on
        if current.pos_ in ("NOUN", "PROPN", "ADJ") or current.dep_ in ("dobj", "pobj"):
            found.setdefault(current.lemma_.lower(), current)
            found.setdefault(current.lower_, current)
        if current.dep_ in ("prep", "dative"):
            stack.extend(c for c in current.children if c.dep_ in OBJECT_DEPS)
        elif current.pos_ in ("NOUN", "PROPN"):  # "a state of emergency", "the removal of ..."
            stack.extend(c for c in current.children if c.dep_ in noun_deps)
    return found


def _particle(token: Token, particle: str) -> Token | None:
    for child in token.children:
        if child.dep_ == "prt" and child.lower_ == particle:
            return child
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if following is not None and following.lower_ == particle:
        return following
    return None


def _pos(token: Token) -> str | None:
    if token.pos_ == "VERB":
        return "VERB"
    if token.pos_ in ("NOUN", "PROPN"):
        return "NOUN"
    return None


def match_trigger(token: Token, lexicon: Lexicon) -> Match | None:
    """The lexicon entry that `token` triggers where it stands, or None (Pure): the word must be
    in the lexicon and, in this sentence, say that something happened (module docstring)."""
    pos = _pos(token)
    if pos is None or not _stands_for_an_act(token, pos):
        return None
    name = _given_name(token)
    if name is not None:
        return _naming(token, name)
    match = lexical_match(token, lexicon)
    if match is None and pos == "VERB":
        match = _returned_thing(token)
    if match is not None and pos == "NOUN" and (_content_of_another_act(token, lexicon) or _undergone(token)):
        return None
    if match is not None and pos == "VERB" and (_alleged_act(token, lexicon) or _condition(token)):
        return None
    return _endorsement(match) if match is not None else None


def _endorsement(match: Match) -> Match:
    """An intent whose object is support "for" someone or something is endorsement (ENDORSED);
    any other match is returned as it is."""
    if not match.trigger.code.startswith(INTENT_ROOT):
        return match
    for word in match.words:
        for_someone = word.lemma_.lower() in ENDORSED and any(
            c.dep_ == "prep" and c.lower_ == "for" for c in word.children)
        if for_someone:
            return Match(replace(match.trigger, code=ENDORSE_CODE, note=f"{match.trigger.note}: for"),
                         match.token, match.words, match.anchor)
    return match


def purpose_call(act: Match, lexicon: Lexicon) -> Match | None:
    """The phone call a verbal act (CARRIED_ROOTS) was made by, when the act is the call's "to"
    clause ("called Erdogan to apologize"), else None: the act is the caller's, aimed at the one
    called."""
    verb = act.token
    if act.trigger.code[:2] not in CARRIED_ROOTS or verb.dep_ not in ("xcomp", "advcl"):
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    call = lexical_match(verb.head, lexicon)
    return call if call is not None and call.trigger.code == CALL_CODE else None


def _returned_thing(verb: Token) -> Match | None:
    """A thing given back to a recipient ("returned the paintings to Italy", "handed the island
    back to China"): CAMEO 0842, whatever the thing; it needs both a direct object and a recipient,
    so "returned to Kabul" (came back) is none."""
    lemma = verb.lemma_.lower()
    present = [p for v, p in RETURNING_VERBS if v == lemma and (p is None or _particle(verb, p) is not None)]
    if not present or not any(c.dep_ == "dobj" for c in verb.children):
        return None
    if not any(c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ == "to") for c in verb.children):
        return None
    trigger = Trigger(lemma, present[0], "VERB", (), ("prep:to", "iobj"), False, RETURN_CODE, RETURNED_NOTE)
    return Match(trigger, verb, (verb,), verb)


def _condition(verb: Token) -> bool:
    """Whether a verb is the condition of another clause ("if Chile attacks Lima, Peru would
    retaliate", "will not sign unless Peru withdraws"): what may happen, not what happened."""
    marks = [c for c in verb.children if c.dep_ == "mark"]
    return verb.dep_ == "advcl" and any(mark.lower_ in CONDITION_MARKS for mark in marks)


def _undergone(noun: Token) -> bool:
    """Whether an event noun is what the subject underwent with no doer named ("the army faced
    attacks", "suffered strikes"): the subject is no doer, and the doer is unknown. A doer
    named ("criticism from Chile", "attacks by rebels") keeps the event."""
    if noun.dep_ != "dobj" or noun.head.lemma_.lower() not in RECEIVING_VERBS:
        return False
    return not _own_agent(noun) and not any(c.dep_ == "prep" and c.lower_ == "from" for c in noun.children)


def _alleged_act(verb: Token, lexicon: Lexicon) -> bool:
    """Whether a verb is only what an accusation or a charge says was done: "accused the mayor of
    ordering the shooting", "arrested for collaborating with", "allegations that X was stealing"."""
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and _attaches_content(verb.head):
        governor = verb.head.head
    elif verb.dep_ == "acl" and _pos(verb.head) == "NOUN" and any(
            c.dep_ == "mark" and c.lower_ == "that" for c in verb.children):
        governor = verb.head
    else:
        return False
    match = lexical_match(governor, lexicon)
    return match is not None and match.trigger.code.startswith(ALLEGING_CODES)


def _given_name(verb: Token) -> Token | None:
    """The name a naming verb gives someone ("a liar" in "called the envoy a liar"), or None."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in NAMING_VERBS:
        return None
    if _names_its_antecedent(verb):
        # "the leaders it calls traitors": the noun the clause hangs on is the one named, so the
        # verb's own object is the name
        return next((c for c in verb.children if c.dep_ in ("dobj", "oprd")), None)
    if not any(c.dep_ == "dobj" for c in verb.children):
        return None  # "called President-elect Sheinbaum": the one called, misread as a name
    return next((c for c in verb.children if c.dep_ == "oprd"), None)


def _names_its_antecedent(verb: Token) -> bool:
    """A relative clause whose subject is not the relative pronoun and whose object is no relative
    pronoun either ("rebels it calls bandits"): the clause's noun is its missing object."""
    if verb.dep_ != "relcl":
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return (bool(subjects) and not any(c.tag_ in RELATIVE_TAGS for c in subjects)
            and len(objects) == 1 and objects[0].tag_ not in RELATIVE_TAGS)


def _naming(verb: Token, name: Token) -> Match | None:
    """A name given to someone is no phone call: a loaded one is criticism (111) or praise (051),
    as PETRARCH codes CALL * LIAR and CALL * PARTNER; a neutral one ("a group calling itself the
    Front") is no event."""
    tone = sentence_tone(" ".join(t.text for t in name.subtree))
    if abs(tone) < LOADED_TONE:
        return None
    code = CRITICISM_CODE if tone < 0 else PRAISE_CODE
    trigger = Trigger(verb.lemma_.lower(), None, "VERB", (), ("dobj", "none"), False, code, "naming")
    return Match(trigger, verb, (verb, name), verb)


def lexical_match(token: Token, lexicon: Lexicon) -> Match | None:
    """The lexicon entry of `token` and its particle and object, wherever it stands (Pure)."""
    pos = _pos(token)
    if pos is None:
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
        needed = next((objects[n] for n in candidate.needs if n in objects), None)
        if candidate.needs and needed is None:
            continue
        if not candidate.is_event:
            return None  # a use the lexicon knows is no event ("forced their way in")
        if needed is not None and needed != token.head:  # a verb telling a noun's sense stays its own
            words.append(needed)
            if candidate.light:
                anchor = needed
        elif pos == "VERB":
            lent = _light_verb_event(token, lexicon)
            if lent is not None:
                return lent
        return Match(candidate, token, tuple(sorted(words, key=lambda t: t.i)), anchor)
    return _light_verb_event(token, lexicon) if pos == "VERB" else None


def _stands_for_an_act(token: Token, pos: str) -> bool:
    """False where the word names a kind or a thing rather than an act (module docstring)."""
    if token.ent_type_ in NAME_ENTITY_TYPES:
        return False  # part of a name: "Organization of Islamic Cooperation", "Peace Corps"
    if pos == "NOUN" and token.dep_ == "compound" and token.head.i > token.i:
        return False  # a noun modifying a noun: "aid workers", "attack helicopters"
    # a participle describing a noun: "the visiting prince", "the ruling party"
    return not (pos == "VERB" and token.dep_ in ("amod", "compound"))


def _light_verb_event(verb: Token, lexicon: Lexicon) -> Match | None:
    """A light verb (one the lexicon combines with event nouns: "launch", "impose", "order")
    whose object is an event noun is that noun's event, whichever the noun: "ordered air
    strikes" is an air strike by the one who ordered it."""
    if verb.lemma_.lower() in RECEIVING_VERBS:
        return None
    particles = {t.particle for t in lexicon.nouns_of_light(verb.lemma_.lower())}
    present = [p for p in particles if p is None or _particle(verb, p) is not None]
    if not present:
        return None
    particle = max(present, key=lambda p: p is not None)  # "carry out" before "carry"
    shown = _particle(verb, particle) if particle else None
    words = [verb] if shown is None else [verb, shown]
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for noun in [t for o in objects for t in (o, *o.conjuncts)]:
        inner = lexical_match(noun, lexicon) if _pos(noun) == "NOUN" else None
        if inner is None:
            continue
        found = inner.trigger
        lent = Trigger(verb.lemma_.lower(), particle, "VERB", (noun.lemma_.lower(),), found.target, True,
                       found.code, f"light verb + {found.lemma}")
        every = sorted({*words, *inner.words}, key=lambda t: t.i)
        return Match(lent, verb, tuple(every), noun)
    return None


def _own_agent(noun: Token) -> bool:
    """Whether an event noun names who did it: "Israel's attack", "the Russian strike",
    "attacks by militants", "Taliban raids"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return True
        if child.dep_ == "prep" and child.lower_ == "by":
            return True
        modifier = child.dep_ in ("amod", "compound") and child.i < noun.i
        if modifier and child.ent_type_ in AGENT_MODIFIER_ENTITIES:
            return True
    return False


def _content_of_another_act(noun: Token, lexicon: Lexicon) -> bool:
    """Whether an event noun is only what another act is about: the object of an event verb or
    noun, directly or through a preposition ("blamed X for a wave of attacks")."""
    if _own_agent(noun):
        return False
    current = noun
    for _ in range(CONTENT_DEPTH):
        while current.dep_ in ("conj", "appos") and current.head != current:
            current = current.head
        preposition = current.head if current.dep_ == "pobj" and current.head.dep_ == "prep" else None
        if current.dep_ in ("dobj", "nsubjpass", "attr", "oprd"):
            governor = current.head
        elif preposition is not None and _attaches_content(preposition):
            governor = preposition.head
        else:
            return False  # "killed in an air strike", "met after the fighting": a circumstance
        if governor == current or governor.lemma_.lower() in STATE_VERBS:
            return False
        if _governs_as_act(governor, lexicon):
            return True
        if _pos(governor) != "NOUN" or preposition is None or preposition.lower_ != "of":
            return False  # "came under attack": a verb that is no event leaves the noun its own
        current = governor  # "a wave of attacks", "months of fighting": the measure of the event
    return False


def _attaches_content(preposition: Token) -> bool:
    """A preposition that attaches what its head is about; "on" only after a noun ("talks on a
    truce"): after a verb it is mostly an errand ("went on a visit")."""
    word = preposition.lower_
    return word in CONTENT_PREPOSITIONS and (word != "on" or _pos(preposition.head) == "NOUN")


def _governs_as_act(governor: Token, lexicon: Lexicon) -> bool:
    """Whether `governor` is itself an event word whose object is its content."""
    match = lexical_match(governor, lexicon)
    if match is None or match.trigger.code.startswith(STATEMENT_ROOT):
        return False  # "reported fighting", "claimed the attack": the noun's event stands
    # a converted synonym without an object of its own ("took part in", "converged for a rally")
    # is too loose a reading to decide what another word is about
    trigger = match.trigger
    return not (trigger.note.startswith(CONVERTED_NOTE) and not trigger.needs)
