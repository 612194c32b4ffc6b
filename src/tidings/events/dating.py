"""Which of a sentence's time expressions dates an event."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from tidings.timex import TimeRef

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from tidings.events.triggers import Match


def time_for(match: Match, sent: Span, times: list[TimeRef], published: date | None) -> TimeRef | None:
    """The time expression attached to the trigger; else the sentence's only one, unless that
    one belongs to another verb ("talked about plans for a visit, which could take place in
    March": March dates the visit, not the talk)."""
    offset = sent.start_char
    attached: list[TimeRef] = []
    elsewhere: list[TimeRef] = []
    for ref in times:
        tokens = [t for t in sent if offset + ref.start <= t.idx < offset + ref.end]
        owner = _owner(tokens[0], match, ref, published) if tokens else None
        if owner == "trigger":
            attached.append(ref)
        elif owner == "other":
            elsewhere.append(ref)
    if attached:
        return attached[0]
    free = [ref for ref in times if ref.date and ref not in elsewhere]
    return free[0] if len(free) == 1 and len([r for r in times if r.date]) == 1 else None


def _owner(token: Token, match: Match, ref: TimeRef, published: date | None) -> str | None:
    """Whether a time word hangs on the trigger ("trigger"), on another verb ("other"), or on
    neither within a few steps (None)."""
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
            return "trigger" if describes or (later and governs and climb.tag_ == "VBD") else "other"
    return None


def _after_publication(ref: TimeRef, published: date | None) -> bool:
    return published is not None and str(ref.date) > published.isoformat()
