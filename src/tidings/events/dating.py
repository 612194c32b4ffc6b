"""Which of a sentence's time expressions dates an event, and where the story stands in time.

    sentence_times(sent, published, story) -> list[TimeRef]
    time_for(match, sent, times, published) -> TimeRef | None
    story_time(sent, times, published, story) -> TimeRef | None

Requires a parsed sentence; `published` the article's date or None; `story` the day the story
last named (None at the start). Pure; never raises.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tidings.timex import TimeRef, find_times

# Auxiliaries of what is to come or may be: a verb with one is not told as past.
MODALS = frozenset({"will", "'ll", "shall", "would", "could", "may", "might", "can"})

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from tidings.events.triggers import Match


def sentence_times(sent: Span, published: date | None, story: TimeRef | None) -> list[TimeRef]:
    """The sentence's time expressions; "a day earlier", "the day before" count from the day the
    story stands at (the last day it named), not from publication."""
    anchor = date.fromisoformat(story.date) if story and story.date and story.precision == "day" else None
    return find_times(sent.text, published, anchor=anchor)


def story_time(sent: Span, times: list[TimeRef], published: date | None,
               story: TimeRef | None) -> TimeRef | None:
    """The day the story stands at after this sentence: its last day up to publication.

    A day ahead of publication does not move it ("Saturday's election" is still to come), nor
    a day in a past-perfect clause ("the deal they had clinched on Sunday" looks back from
    the story's day), nor a day on a line without a verb (a date the page prints by a
    headline or a related link is not the story's).
    """
    if not any(t.pos_ in ("VERB", "AUX") for t in sent):
        return story
    for ref in reversed(times):
        if not ref.date or ref.precision != "day":
            continue
        if published is not None and ref.date > published.isoformat():
            continue
        verb = _verb_of(sent, ref)
        if verb is not None and _past_perfect(verb):
            continue
        return ref
    return story


def _tokens_of(sent: Span, ref: TimeRef) -> list[Token]:
    offset = sent.start_char
    return [t for t in sent if offset + ref.start <= t.idx < offset + ref.end]


def _verb_of(sent: Span, ref: TimeRef) -> Token | None:
    """The nearest verb above the time expression: the clause it dates."""
    tokens = _tokens_of(sent, ref)
    climb = tokens[0] if tokens else None
    for _ in range(6):
        if climb is None or climb.pos_ in ("VERB", "AUX"):
            return climb
        if climb.head == climb:
            return None
        climb = climb.head
    return None


def _past_perfect(verb: Token) -> bool:
    """"had clinched", "had been halted": told as earlier than the story's own time."""
    return verb.tag_ == "VBN" and any(c.lower_ in ("had", "'d") and c.dep_ == "aux" for c in verb.children)


def time_for(match: Match, sent: Span, times: list[TimeRef], published: date | None) -> TimeRef | None:
    """The time that dates the event (`_chosen_time`), resolved into the past when the event is
    told in a past tense: "captured the town in March" in an October story is last March, not
    next, and so not a plan."""
    chosen = _chosen_time(match, sent, times, published)
    if chosen is None or not _after_publication(chosen, published) or not _told_as_past(match.token):
        return chosen
    past = find_times(sent.text, published, past=True)
    return next((ref for ref in past if ref.start == chosen.start), chosen)


def _told_as_past(token: Token) -> bool:
    """A verb in a past tense: "captured", "was captured", "has captured", "had met". A noun
    is not: "discussed a visit in March" speaks in the past of what is still to come."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    auxiliaries = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in MODALS for a in auxiliaries):
        return False
    if token.tag_ == "VBD":
        return True
    return any(a.tag_ == "VBD" or a.lower_ in ("has", "have") for a in auxiliaries)


def _chosen_time(match: Match, sent: Span, times: list[TimeRef], published: date | None) -> TimeRef | None:
    """The time expression attached to the trigger; else one attached to a verb above it (the
    telling's "in February, the government said it was leaving after Moscow pledged loans", the
    coordinated "on Friday troops entered the town and killed five"); else the sentence's only
    one, unless that one belongs to another verb ("talked about plans for a visit, which could
    take place in March": March dates the visit, not the talk)."""
    attached: list[TimeRef] = []
    above: list[TimeRef] = []
    elsewhere: list[TimeRef] = []
    for ref in times:
        tokens = _tokens_of(sent, ref)
        owner = _owner(tokens[0], match, ref, published) if tokens else None
        if owner == "trigger":
            attached.append(ref)
        elif owner == "above":
            above.append(ref)
        elif owner == "other":
            elsewhere.append(ref)
    if attached:
        return attached[0]
    # A time still to come on the verb above is its plan's, which does not date what it contains.
    past_above = [ref for ref in above if ref.date and not _after_publication(ref, published)]
    if past_above:
        return past_above[0]
    elsewhere.extend(above)
    free = [ref for ref in times if ref.date and ref not in elsewhere]
    return free[0] if len(free) == 1 and len([r for r in times if r.date]) == 1 else None


def _owner(token: Token, match: Match, ref: TimeRef, published: date | None) -> str | None:
    """Whether a time word hangs on the trigger ("trigger"), on a verb above it ("above"), on
    another verb ("other"), or on none within a few steps (None)."""
    last = token.doc[token.i : token.i + len(ref.text.split())][-1]
    if last.lower_ in ("after", "before") and (last.head == match.token or last in match.token.ancestors):
        return "trigger"  # "two months after Biden and Xi met": the date of the meeting
    climb, steps = token, 0
    while climb.head != climb and steps < 6:
        climb, steps = climb.head, steps + 1
        if climb in (match.token, match.anchor):
            return "trigger"
        if climb.pos_ == "VERB":
            # "a visit ..., which could take place in March": the clause describes the trigger
            describes = climb.dep_ in ("relcl", "acl") and climb.head in (match.token, match.anchor)
            # "discussed preparation for a visit ... in early March": a past verb cannot happen
            # in March to come, so the date is the nominal event's the verb governs
            later = ref.date is not None and _after_publication(ref, published)
            governs = match.token.pos_ in ("NOUN", "PROPN") and climb in match.token.ancestors
            if describes or (later and governs and climb.tag_ == "VBD"):
                return "trigger"
            return "above" if _clause_above(match.token, climb) else "other"
    return None


def _clause_above(trigger: Token, verb: Token) -> bool:
    """`verb` is above the trigger through clauses only ("said in February it was leaving after
    Moscow pledged"), not through a noun: "spoke earlier this week of statements not to support"
    is no date of the statements."""
    token = trigger
    while token.head != token:
        token = token.head
        if token == verb:
            return True
        if token.pos_ in ("NOUN", "PROPN", "PRON"):
            return False
    return False


def _after_publication(ref: TimeRef, published: date | None) -> bool:
    return published is not None and str(ref.date) > published.isoformat()
