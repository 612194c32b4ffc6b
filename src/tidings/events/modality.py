"""Did it happen? asserted, negated, intended (planned or future), hypothetical, or reported.

Read from the trigger and the verbs above it, nearest first, because the closest operator
decides: "does not seek to alter" is negated, "plans to send" intended, "could draw in"
hypothetical, "he said Beijing is serious" reported. When several apply the order is negated,
intended, hypothetical, reported: a denial or a plan is the stronger statement about whether
the event took place.
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


def modality_of(trigger: Token, *, hearsay: frozenset[str], future_date: bool = False) -> Modality:
    """The modality of the event whose trigger is `trigger` (a verb, or a noun for nominal events).

    `hearsay` are the verbs that make what they govern reported ("he said Beijing is serious";
    tidings.quotes.cues). `future_date` says the sentence dates the event after publication
    ("possibly in early March"). Pure; never raises.
    """
    found: set[Modality] = set()
    token = trigger
    came_from = ""
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
            found.add("reported")
            break  # above the reporting verb is the reporter's own clause
        head = token.head
        if head == token or token.dep_ in ("ROOT",):
            break
        if token.dep_ in ("relcl", "conj"):
            break  # a relative clause or a coordinated verb has its own modality
        came_from = token.dep_
        token = head
    if future_date and "negated" not in found:
        found.add("intended")
    for modality in PRECEDENCE:
        if modality in found:
            return modality
    return "asserted"
