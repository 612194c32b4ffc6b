"""Did it happen? asserted, negated, intended (planned or future), hypothetical, or reported.

Read from the trigger and the verbs above it, nearest first, because the closest operator
decides: "does not seek to alter" is negated, "plans to send" intended, "could draw in"
hypothetical, "he said Beijing is serious" reported. When several apply the order is negated,
intended, hypothetical, reported: a denial or a plan is the stronger statement about whether
the event took place.

Reported is only what a verb of saying says (its complement) about someone else's act. A speaker
telling of their own act ("the ministry said it is closing the embassy") announces it; a factive
verb ("confirmed that") vouches for it; a temporal clause ("said after meeting the envoy") and a
phrase hung on the telling ("he added, referring to Xi") are the reporter's own account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tidings.records import Modality

if TYPE_CHECKING:
    from spacy.tokens import Token

NEGATORS = frozenset({"not", "n't", "never", "no", "neither", "nor", "without"})
FUTURE_AUXILIARIES = frozenset({"will", "'ll", "shall", "wo"})
HYPOTHETICAL_AUXILIARIES = frozenset({"could", "might", "may", "would", "should", "can", "must"})
HYPOTHETICAL_WORDS = frozenset({"possibly", "perhaps", "maybe", "likely", "unlikely", "potentially"})
# Verbs whose complement is something not yet done: "plans to send", "agreed to hold talks".
INTENT_VERBS = frozenset({
    "plan", "intend", "seek", "want", "hope", "aim", "expect", "prepare", "pledge", "promise", "vow",
    "decide", "agree", "offer", "propose", "schedule", "set", "wish", "try", "attempt", "threaten",
    "consider", "mean", "look", "be",  # "is to visit", "is set to", "is looking to"
})
# Verbs that say their complement did not happen: "failed to reach agreement".
FAILURE_VERBS = frozenset({"fail", "neglect"})
# Adjectives that make their complement a plan: "is willing to withdraw".
READINESS_ADJECTIVES = frozenset({"willing", "prepared", "ready", "determined", "poised", "eager"})
# Nouns that make the event they govern a plan: "preparation for a state visit".
INTENT_NOUNS = frozenset({"preparation", "preparations", "plan", "plans", "proposal", "invitation", "bid"})
# Verbs that present what they introduce as fact (factive), or make it so by saying it
# (performative): "confirmed that five were killed", "announced it is expelling 23 diplomats".
FACTIVE_VERBS = frozenset({"announce", "confirm", "acknowledge", "admit", "reveal", "disclose", "concede"})
# The dependencies by which a clause is what a verb of saying says; any other link ("said after
# meeting", "he added, referring to Xi") modifies the telling and is the reporter's own account.
CONTENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis", "dobj", "nsubjpass"})
# Subordinators of time: a clause they open is presupposed, told as background fact
# ("said it was leaving after Russia pledged loans": the pledge is not the speaker's claim).
TEMPORAL_MARKS = frozenset({"after", "before", "since", "when", "while", "until", "once", "as"})
# Pronouns by which a speaker tells of their own act ("Russia said it is expelling", "we have
# reached agreement"): the telling is the act's announcement, not hearsay about someone else.
SELF_PRONOUNS = frozenset({"it", "we", "i", "he", "she"})
# How far up the tree to look: operators further away govern a different clause.
MAX_CLIMB = 4
# The order in which modalities outrank each other (module docstring).
PRECEDENCE: tuple[Modality, ...] = ("negated", "intended", "hypothetical", "reported")


def _negated(token: Token) -> bool:
    if any(child.dep_ == "neg" or (child.lower_ in NEGATORS and child.dep_ in ("advmod", "det"))
           for child in token.children):
        return True
    return token.pos_ in ("NOUN", "PROPN") and any(c.lower_ in ("no", "without") for c in token.children)


def _auxiliaries(token: Token) -> set[str]:
    return {child.lower_ for child in token.children if child.dep_ in ("aux", "auxpass")}


def _presupposed(token: Token) -> bool:
    """A temporal clause or phrase ("after Russia pledged", "after meeting Berri"): background."""
    if token.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in TEMPORAL_MARKS for c in token.children)
    return token.dep_ == "pcomp" and token.head.lower_ in TEMPORAL_MARKS | {"following", "during"}


def _subject(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _self_report(clause: Token, saying: Token) -> bool:
    """The speaker tells of their own act: the clause's subject is the speaker again, by name or
    by a pronoun that can only be the speaker ("Russia said it ...", "“We have ...”, he said")."""
    subject, speaker = _subject(clause), _subject(saying)
    if subject is None or speaker is None or subject.dep_ == "nsubjpass":
        return False
    if subject.lower_ in ("we", "i"):
        return True  # first person inside the words said: the speaker or the speaker's side
    if subject.lower_ in SELF_PRONOUNS:
        person = speaker.ent_type_ == "PERSON" or speaker.lower_ in ("he", "she")
        return (subject.lower_ == "it") != person
    return subject.lower_ == speaker.lower_


def _hearsay(token: Token, came_from: str, clause: Token, presupposed: bool) -> bool:
    """True when `token`, a verb of saying, makes the clause under it reported (module docstring)."""
    if presupposed or came_from not in CONTENT_DEPS or token.lemma_.lower() in FACTIVE_VERBS:
        return False
    return not _self_report(clause, token)


def modality_of(trigger: Token, *, hearsay: frozenset[str], future_date: bool = False) -> Modality:
    """The modality of the event whose trigger is `trigger` (a verb, or a noun for nominal events).

    `hearsay` are the verbs that make what they govern reported ("he said Beijing is serious";
    tidings.quotes.cues). `future_date` says the sentence dates the event after publication
    ("possibly in early March"). Pure; never raises.
    """
    found: set[Modality] = set()
    token = trigger
    came_from = ""
    clause = trigger  # the verb of the clause just below the current token
    presupposed = False
    for depth in range(MAX_CLIMB):
        if _negated(token):
            found.add("negated")
        auxiliaries = _auxiliaries(token)
        if auxiliaries & FUTURE_AUXILIARIES:
            found.add("intended")
        if auxiliaries & HYPOTHETICAL_AUXILIARIES:
            found.add("hypothetical")
        if any(child.lower_ in HYPOTHETICAL_WORDS for child in token.children):
            found.add("hypothetical")
        if any(child.dep_ == "mark" and child.lower_ in ("if", "unless") for child in token.children):
            found.add("hypothetical")
        if (depth > 0 and token.lemma_.lower() in INTENT_VERBS and token.pos_ in ("VERB", "AUX")
                and came_from in ("xcomp", "dobj")):
            found.add("intended")  # "plans to send", "plans a visit"; not "the meeting was ..."
        if depth > 0 and token.lower_ in INTENT_NOUNS:
            found.add("intended")
        if depth > 0 and token.lemma_.lower() in FAILURE_VERBS and came_from == "xcomp":
            found.add("negated")  # "failed to reach agreement"
        if depth > 0 and token.lower_ in READINESS_ADJECTIVES and came_from == "xcomp":
            found.add("intended")  # "is willing to withdraw", "is prepared to lift"
        if depth > 0 and token.lemma_.lower() in hearsay:
            if _hearsay(token, came_from, clause, presupposed):
                found.add("reported")
            break  # above the reporting verb is the reporter's own clause
        head = token.head
        if head == token or token.dep_ in ("ROOT",):
            break
        if token.dep_ in ("relcl", "conj"):
            break  # a relative clause or a coordinated verb has its own modality
        presupposed = presupposed or _presupposed(token)
        came_from = token.dep_
        clause = token
        token = head
    if future_date and "negated" not in found:
        found.add("intended")
    for modality in PRECEDENCE:
        if modality in found:
            return modality
    return "asserted"
