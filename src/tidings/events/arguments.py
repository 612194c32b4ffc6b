"""Who did it and to whom: the source and target of a trigger, read off the dependency parse.

The rules, each for a construction news uses every day:
- the subject acts; in the passive, the "by" phrase acts and the subject is acted on;
- a verb that continues another ("plans to send", "met and discussed") shares its subject;
- a relative clause's subject is the noun it hangs on ("Beijing, which considers ...");
- "slammed Washington for supplying ..." makes the object of the outer verb the subject of the
  gerund, "by supplying" keeps the outer subject;
- a nominal event takes its source from a possessive ("Liu's meeting"), a "by" phrase ("a visit
  by Japan's prime minister") or the verb that governs it ("Blinken stressed ... during a meeting");
- coordinated subjects or objects make one event per actor, and so do names coordinated before
  a noun they share ("UK and EU negotiators").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from tidings.actors.coordination import shared_head_conjuncts
from tidings.actors.index import ActorIndex

if TYPE_CHECKING:
    from spacy.tokens import Token

    from tidings.events.triggers import Match

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
# Passive forms that describe their subject's own stance or activity, not something done to it.
STATIVE_PASSIVES = frozenset({"oppose", "commit", "determine", "dedicate", "engage", "involve", "concern",
                              "prepare", "resolve", "devote"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
# Verbs that hand their subject down to a verb they govern.
SHARING_DEPS = frozenset({"xcomp", "conj", "advcl"})


# Prepositions inside an object's phrase that name who it concerns ("a blockade on X").
OBJECT_PREPOSITIONS = frozenset({"of", "on", "against", "to", "with", "from", "for", "by", "between"})
# Prepositions of the trigger itself that name who is acted on when the lexicon did not say.
ARGUMENT_PREPOSITIONS = frozenset({"from", "against", "on", "with", "to"})
# Where violence or protest took place: its state is the target when no one else is named.
PLACE_TARGET_PREPOSITIONS = frozenset({"in", "at", "on", "into", "near"})
def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *(t for t in token.conjuncts if t.i > token.i)]


def _children(token: Token, deps: frozenset[str]) -> list[Token]:
    return [child for child in token.children if child.dep_ in deps]


def subjects(verb: Token) -> list[Token]:
    """The tokens heading the subject(s) of `verb`, following the rules in the module docstring."""
    direct = _children(verb, SUBJECT_DEPS)
    if direct:
        return [_author(t) for s in direct for t in _with_conjuncts(_antecedent(s, verb))]
    agent = passive_agent(verb)
    if agent is not None:
        return _with_conjuncts(agent)
    if _children(verb, PASSIVE_SUBJECT_DEPS):
        if verb.lemma_.lower() in STATIVE_PASSIVES:  # "Israel is opposed to ...": Israel opposes
            return passive_subjects(verb)
        return []
    head = verb.head
    if head == verb:
        return []
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.lemma_.lower() not in MOVED_FORCES:
        return []  # "men detained in the UK": the noun is who was acted on, not who acted
    if verb.dep_ == "xcomp" and _passive(verb):
        return []  # "X is reported to have been arrested": X was acted on
    if verb.dep_ == "xcomp" and head.pos_ in ("VERB", "AUX"):
        controller = controller_of(head)
        if controller:
            return controller
    if verb.dep_ in SHARING_DEPS and head.pos_ in ("VERB", "AUX"):
        return subjects(head)
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.head != head:
        return subjects(head.head)  # "it is willing to withdraw": the subject of "is"
    if verb.dep_ in ("relcl", "acl") and head.lemma_.lower() in DOCUMENT_NOUNS:
        # "put out a report accusing X": the report speaks for its author, or whoever put it out
        author = _author(head)
        if author is not head:
            return [author]
        governor = head.head.head if head.dep_ == "pobj" else head.head
        if head.dep_ in ("dobj", "pobj") and governor.pos_ == "VERB":
            return subjects(governor)
    if verb.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN", "PRON"):
        return [head]
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        governor = head.head
        if head.lower_ in ("for", "over") and governor.pos_ == "VERB":
            objects = _children(governor, frozenset({"dobj"}))
            if objects:
                return objects  # "slammed Washington for supplying ...": Washington supplies
        if governor.pos_ in ("VERB", "AUX"):
            return subjects(governor)
    return []


# Verbs of moving forces whose participle still tells of the forces' own side: "Chadian troops
# deployed in Nigeria" (Chad deployed them), unlike "men detained in the UK".
MOVED_FORCES = frozenset({"deploy", "station", "send", "dispatch", "base", "position", "post", "mass"})


# Verbs whose object, not subject, does what their complement says (object control): "urged X
# to resign", "forced X to withdraw", "allowed X to enter", "called on X to release".
OBJECT_CONTROL = frozenset({
    "ask", "urge", "order", "force", "compel", "allow", "permit", "enable", "help", "persuade", "invite",
    "encourage", "tell", "instruct", "request", "advise", "call", "require", "authorize", "authorise",
    "press", "pressure", "push", "get", "want", "oblige", "command", "direct", "empower", "convince",
    "appeal", "challenge", "lead", "prompt", "cause", "drive", "leave",
})


def controller_of(verb: Token) -> list[Token]:
    """Who does what `verb`'s complement says when it is not `verb`'s subject: its object after
    an object-control verb ("urged X to resign"), its passive subject after a passive ("X was
    forced to withdraw", "X is expected to visit")."""
    if verb.lemma_.lower() in OBJECT_CONTROL:
        objects = _children(verb, frozenset({"dobj"})) or prepositional(verb, frozenset({"on", "upon"}))
        if objects:
            return _with_conjuncts(objects[0])
    if passive_agent(verb) is None and verb.lemma_.lower() not in STATIVE_PASSIVES:
        passive = passive_subjects(verb)
        if passive:
            return passive
    return []


def _passive(verb: Token) -> bool:
    return any(child.dep_ == "auxpass" for child in verb.children)


# Relative pronouns: the subject of a relative clause stands for the noun the clause hangs on.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# Texts that speak for whoever issued them: "a statement from the ministry said".
DOCUMENT_NOUNS = frozenset({
    "statement", "report", "communique", "communiqué", "announcement", "letter", "declaration", "release",
    "bulletin", "message", "decree", "ruling", "verdict", "resolution", "notice", "memo", "post", "tweet",
})


AUTHOR_PREPOSITIONS = frozenset({"from", "by", "of"})


def _antecedent(subject: Token, verb: Token) -> Token:
    """ "Beijing, which considers ...": the relative pronoun stands for Beijing."""
    if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" and verb.head != verb:
        return verb.head
    return subject


def _author(subject: Token) -> Token:
    """Who issued a document that is said to speak: "a statement from the defence ministry",
    "the ministry's statement", "a report by the UN"; else the subject itself."""
    if subject.lemma_.lower() not in DOCUMENT_NOUNS:
        return subject
    owners = _children(subject, frozenset({"poss"})) or prepositional(subject, AUTHOR_PREPOSITIONS)
    return owners[0] if owners else subject


def passive_agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    return None


def passive_subjects(verb: Token) -> list[Token]:
    """Who the passive `verb` was done to ("prisoners who were released": the prisoners)."""
    return [t for s in _children(verb, PASSIVE_SUBJECT_DEPS) for t in _with_conjuncts(_antecedent(s, verb))]


def prepositional_objects(token: Token, preposition: str) -> list[Token]:
    found = []
    for child in token.children:
        if child.dep_ in ("prep", "dative") and child.lower_ == preposition:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    found.extend(_with_conjuncts(grandchild))
    return found


def targets_at(token: Token, places: Sequence[str]) -> Iterator[tuple[str, list[Token]]]:
    """For each place named by the lexicon ("dobj", "prep:with", ...), the tokens found there."""
    for place in places:
        if place == "dobj":
            # "called President-elect Sheinbaum": the parser sometimes reads the object as oprd
            found = [t for o in _children(token, frozenset({"dobj", "oprd"})) for t in _with_conjuncts(o)]
            if token.pos_ == "VERB" and token.lemma_.lower() not in STATIVE_PASSIVES:
                found += passive_subjects(token)
                if token.dep_ == "acl" and token.tag_ == "VBN":  # "men detained in the UK"
                    found += _with_conjuncts(token.head)
                elif token.dep_ == "xcomp" and _passive(token) and not found:  # "X is said to have been held"
                    found += controller_of(token.head)
        elif place == "iobj":
            found = _children(token, frozenset({"dative", "iobj"}))
        elif place == "poss":
            found = _children(token, frozenset({"poss"}))
        elif place == "clause":  # "hope that the U.S. side will honor ...": the clause's subject
            clauses = _children(token, frozenset({"ccomp"}))
            # "pushing for the US to support ...": a for-clause is parsed as an adverbial clause
            clauses += [c for c in _children(token, frozenset({"advcl"}))
                        if any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)]
            found = [t for clause in clauses
                     for s in _children(clause, SUBJECT_DEPS) for t in _with_conjuncts(s)]
        elif place.startswith("prep:"):
            found = prepositional_objects(token, place[5:])
        else:
            found = []
        if found:
            yield place, found


# Nouns of acts done to someone, whose possessor is who underwent them, not who did them:
# "the tanker's release", "Navalny's arrest", "the envoy's expulsion" (but "Russia's invasion").
PATIENT_NOUNS = frozenset({
    "release", "arrest", "detention", "expulsion", "extradition", "execution", "assassination", "killing",
    "murder", "capture", "kidnapping", "abduction", "trial", "conviction", "sentencing", "removal", "ouster",
    "dismissal", "deportation", "imprisonment", "jailing", "torture", "pardon", "impeachment", "prosecution",
    "indictment", "eviction", "internment", "rescue", "evacuation", "sacking", "firing",
})


def _patient_owner(noun: Token) -> bool:
    """True when `noun`'s possessor underwent the act: "the tanker's release", but not "Israel's
    release of prisoners", whose "of" phrase names who underwent it."""
    return noun.lemma_.lower() in PATIENT_NOUNS and not prepositional(noun, frozenset({"of"}))


def nominal_source_candidates(noun: Token) -> list[list[Token]]:
    """Who may carry out a nominal event, best first: a possessive ("Liu's meeting"), a "by"
    phrase ("a visit by X", "demands from X"), the governing verb's subject ("Blinken stressed
    ... during a meeting with ...", "the army intensified its bombardment of ..." when "its" is
    not resolved), the noun it modifies ("preparation for a visit by ...")."""
    found: list[list[Token]] = []
    owners = _children(noun, frozenset({"poss"}))
    if owners and not _patient_owner(noun):
        found.append(_with_conjuncts(owners[0]))
    by = prepositional(noun, frozenset({"by"})) or prepositional(noun, frozenset({"from"}))
    if by:
        found.append(by)
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    if noun.dep_ in ("dobj", "pobj", "nsubj", "attr") and head.pos_ in ("VERB", "AUX") and head != noun:
        found.append(subjects(head))
    elif head.pos_ in ("NOUN", "PROPN") and head != noun and noun.dep_ == "pobj":
        found.extend(nominal_source_candidates(head))
    return found


def nominal_sources(noun: Token) -> list[Token]:
    """The first of `nominal_source_candidates`."""
    candidates = nominal_source_candidates(noun)
    return candidates[0] if candidates else []


# People and bodies that act for the group their "of", "for" or "from" phrase names: "leaders of
# the Workers' Party", "a spokesman for the ministry", "troops from Chad".
MEMBER_NOUNS = frozenset({
    "leader", "member", "official", "representative", "head", "chief", "spokesman", "spokeswoman",
    "spokesperson", "delegation", "delegate", "envoy", "minister", "supporter", "fighter", "troop",
    "soldier", "force", "police", "army", "militant", "commander", "officer", "lawmaker", "activist",
    "negotiator", "diplomat", "unit", "agent", "staff", "worker", "employee", "authority", "lawyer",
    "president", "chairman", "director", "secretary", "ambassador", "militia", "rebel", "guard",
})
MEMBER_PREPOSITIONS = frozenset({"of", "for", "from"})


def resolve(index: ActorIndex, tokens: Sequence[Token]) -> list[str]:
    """The actors the noun phrases headed by `tokens` name, each once, in order."""
    found = []
    for token in tokens:
        named = [index.by_token[a.i] for a in token.children if a.dep_ == "appos" and index.by_token[a.i]]
        # "one of the Kremlin's critics, William Browder": the apposition names who it is
        actor = named[0] if named and index.by_token[token.i] is None else index.actor_of(token)
        if actor is None and token.lemma_.lower() in MEMBER_NOUNS:
            # "leaders of the opposition party" act for the party
            groups = [index.actor_of(t) for t in prepositional(token, MEMBER_PREPOSITIONS)]
            actor = next((g for g in groups if g is not None), None)
        for one in distributed(index, token) or ([actor] if actor is not None else []):
            if one not in found:
                found.append(one)
    return found


def distributed(index: ActorIndex, noun: Token) -> list[str]:
    """The actors a plural noun stands for when names coordinated before it share it ("UK and EU
    negotiators": the UK's and the EU's), one per name, as the actors stage made them; [] when
    the noun is not shared or the names did not become actors of their own."""
    conjuncts = shared_head_conjuncts(noun)
    if not conjuncts:
        return []
    # the last name's mention runs to the noun; the others are their own words
    named = [index.by_token[c.root.i] for c in conjuncts[:-1]] + [index.actor_of(noun)]
    actors = [a for a in dict.fromkeys(named) if a is not None]
    return actors if len(actors) == len(conjuncts) else []


def object_phrase_targets(match: Match, index: ActorIndex, sources: list[str]) -> list[str]:
    """The actor inside the object's own phrase when the object is not one: "rejected an Indian
    proposal", "denounced Serbia's suppression of ...", "lifted a blockade on Palestinian lorries",
    "demanded the removal of President Habyarimana", "the withdrawal of forces from Panama",
    "conceded to demands from UNITA";
    else one the trigger's own prepositions name ("confiscated weapons from armed groups")."""
    token = match.token
    objects = [child for child in token.children if child.dep_ in ("dobj", "nsubjpass")]
    objects += prepositional(token, frozenset({"to"}))  # "conceded to demands from UNITA"
    if token.pos_ in ("NOUN", "PROPN"):
        objects += [g for child in token.children if child.dep_ == "prep" and child.lower_ == "of"
                    for g in child.children if g.dep_ == "pobj"]
        if _patient_owner(token):  # "the tanker's release": the tanker
            objects += _children(token, frozenset({"poss"}))
    for obj in objects:
        found = [a for a in resolve(index, [obj]) if a not in sources]
        if found:
            return found
        found = [a for a in resolve(index, prepositional(obj, OBJECT_PREPOSITIONS)) if a not in sources]
        if found:
            return found
    found = [a for a in resolve(index, prepositional(token, ARGUMENT_PREPOSITIONS)) if a not in sources]
    if found:
        return found
    # deeper in the object's phrase: "rejected an invitation to a meeting of Palestinian factions"
    objects += prepositional(token, frozenset({"as"}))  # "denounced as a crime Serbia's ..."
    for obj in objects:
        deeper = [t for t in obj.subtree if t != obj and index.by_token[t.i] not in (None, *sources)]
        if deeper:
            return [index.by_token[deeper[0].i]]  # type: ignore[list-item]
    return []


def defied_targets(match: Match, index: ActorIndex, sources: list[str]) -> list[str]:
    """Whom a refusal defies when a "despite" phrase names them: "declined to resign despite
    pressure by the Anti-Corruption Commission" → the Commission."""
    verb = match.token if match.token.pos_ == "VERB" else match.token.head
    for anchor in (verb, *_children(verb, frozenset({"xcomp"}))):
        for pressure in prepositional(anchor, frozenset({"despite"})):
            found = [a for a in resolve(index, prepositional(pressure, frozenset({"by", "from", "of"})))
                     if a not in sources]
            if found:
                return found
    return []


# Verbs whose participle states what a protest wants ("a march calling for ...", "demanding ...")
DEMANDING = frozenset({"call", "demand", "urge", "press", "protest", "denounce", "condemn"})


def purpose_targets(match: Match, index: ActorIndex, sources: list[str]) -> list[str]:
    """Who a protest is aimed at, from its purpose clause: "staged a hunger strike to demand the
    resignation of President Ben Bella", or a participle saying what it wants ("calling for ...")."""
    verb = match.token if match.token.pos_ == "VERB" else match.token.head
    clauses = [c for c in verb.children if c.dep_ in ("advcl", "xcomp")
               and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    # "rioted following a demonstration calling for the removal of President Mubarak"
    clauses += [t for t in verb.subtree if t.dep_ in ("acl", "advcl") and t.lemma_.lower() in DEMANDING]
    for clause in clauses:
        named = [t for t in clause.subtree if index.by_token[t.i] not in (None, *sources)]
        if named:
            return [index.by_token[named[0].i]]  # type: ignore[list-item]
    return []


CLAUSE_DEPS = frozenset({"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj"})


def opponent_targets(match: Match, index: ActorIndex, sources: list[str]) -> list[str]:
    """Who a hostile act is aimed at when a phrase under it says so with "against": "mobilized
    army reservists for a possible war against Iraq" → Iraq, not the reservists; "in defiance
    of" counts too. The search stays
    in the trigger's own clause."""
    stack = [match.token]
    while stack:
        token = stack.pop(0)
        for child in token.children:
            if child.dep_ in CLAUSE_DEPS:
                continue
            if child.dep_ == "prep" and child.lower_ == "against":
                opponents = prepositional(token, frozenset({"against"}))
            elif child.dep_ == "pobj" and child.lower_ == "defiance":  # "in defiance of Chinese authorities"
                opponents = prepositional(child, frozenset({"of"}))
            else:
                opponents = []
            found = [a for a in resolve(index, opponents) if a not in sources]
            if found:
                return found
            stack.append(child)
    return []


def prepositional(token: Token, prepositions: frozenset[str]) -> list[Token]:
    """The objects of `token`'s prepositions among `prepositions`."""
    return [g for child in token.children if child.dep_ == "prep" and child.lower_ in prepositions
            for g in child.children if g.dep_ == "pobj"]


def place_target(match: Match, index: ActorIndex, sources: list[str], kinds: dict[str, str]) -> list[str]:
    """For violence and protest, the place it hit stands for its state when no one is named:
    "fired shells at targets in Jericho", "rioted at a jail in northern Israel"."""
    stack = list(prepositional(match.token, PLACE_TARGET_PREPOSITIONS))
    while stack:
        token = stack.pop(0)
        found = [a for a in resolve(index, [token])
                 if a not in sources and kinds.get(a) in ("location", "country")]
        if found:
            return found
        stack.extend(prepositional(token, PLACE_TARGET_PREPOSITIONS))
    return []


# Prepositions that say where an arrest or a release happened ("in Rwanda", "from captivity in Libya").
CUSTODY_PREPOSITIONS = frozenset({"in", "at", "from"})


def custody_state(match: Match, index: ActorIndex, kinds: dict[str, str]) -> list[str]:
    """For a passive arrest, detention, expulsion or release with no one named as doing it ("was
    arrested in Rwanda", "were released from captivity in Libya"), the state where it happened:
    only a state's authorities arrest, detain and release."""
    verb = match.token
    if verb.pos_ != "VERB" or verb.tag_ != "VBN" or passive_agent(verb) is not None:
        return []
    if not (passive_subjects(verb) or verb.dep_ == "acl" or _passive(verb)):
        return []
    stack = list(prepositional(verb, CUSTODY_PREPOSITIONS))
    while stack:
        token = stack.pop(0)
        found = [a for a in resolve(index, [token]) if kinds.get(a) in ("location", "country")]
        if found:
            return found
        stack.extend(prepositional(token, CUSTODY_PREPOSITIONS))
    return []
