"""Linking an article's event mentions to real-world events over the store.

`link_article_events` runs after an article's analysis is saved: it asks the store for the
article's mentions in text order and for the stored events they could join (a mention linked
with the same root group on overlapping days, give or take CANDIDATE_MARGIN_DAYS, whose sides
could agree with the new mention's: `_reads`), decides each mention's canonical event with
tidings.events.merge, and hands the links to the store to save.
The store only reads and writes rows; every decision is made here. Linking is done once per
saved analysis: saving the same analysis again, or a near-duplicate copy that is never analysed,
changes no count.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from tidings.events.merge import (
    EventLink,
    Link,
    Mention,
    Rules,
    SideCondition,
    agreeing_stored_sides,
    link_mentions,
    load_rules,
    mention_from_stored,
    sides_must_agree,
)

if TYPE_CHECKING:
    from tidings.store import Store

# Days either side of a new mention's days within which stored mentions are candidates; mentions
# farther apart are ruled out by date anyway, this only bounds the read.
CANDIDATE_MARGIN_DAYS = 1


def link_article_events(store: Store, article_id: str, *, threshold: float) -> int:
    """Link the stored article's event mentions to canonical events; return how many were linked.

    Requires the article's analysis saved (`Store.save_analysis`). Returns 0 and changes nothing
    when its mentions are linked already (idempotent) or it has none. Runs in one transaction of
    the store, a savepoint of the caller's when it has one, so what it reads of the other
    articles' links is what it links against.
    """
    with store.transaction():
        if store.has_event_links(article_id):
            return 0
        rules = load_rules()
        new = [mention_from_stored(stored, rules) for stored in store.mentions_to_link(article_id)]
        if not new:
            return 0
        links = link_mentions(new, _candidates(store, new, rules, threshold), threshold=threshold,
                              rules=rules)
        by_key = {mention.key: mention for mention in new}
        store.save_event_links(article_id, [_to_save(link, by_key[link.key], rules) for link in links])
        return len(links)


def _to_save(link: Link, mention: Mention, rules: Rules) -> EventLink:
    return EventLink(link.key.rpartition(":")[2], link.canonical, link.anchor, link.score, link.reason,
                     rules.root_group.get(mention.root, mention.root), mention.first_day, mention.last_day,
                     mention.source, mention.target)


# What one read of candidates asks for: a root group, and the sides a link's source and target
# must meet (None: any).
_Read = tuple[str, tuple[SideCondition, ...] | None, tuple[SideCondition, ...] | None]


def _reads(mention: Mention, rules: Rules, threshold: float) -> list[_Read]:
    """The candidate reads `mention` needs: every stored event it could join has a linked mention
    of its root group whose sides could agree with its own (in either orientation for a symmetric
    root), when a match at `threshold` needs both sides to agree (merge.sides_must_agree).

    The first of `new` to join a stored event matches one of its stored mentions (a later one may
    match that first instead, but the event was read for the first), so leaving out the events
    none of whose stored mentions could agree with any of `new` changes no link."""
    group = rules.root_group.get(mention.root, mention.root)
    if not sides_must_agree(threshold):
        return [(group, None, None)]
    source, target = agreeing_stored_sides(mention.source), agreeing_stored_sides(mention.target)
    reads = [(group, source, target)]
    if mention.root in rules.symmetric_roots:
        reads.append((group, target, source))
    return reads


def _candidates(store: Store, new: list[Mention], rules: Rules, threshold: float) -> dict[str, list[Mention]]:
    """Stored canonical events that share a root group and days with some of `new`, and sides it
    could agree with (`_reads`), with every mention each has (so the hard constraints hold
    against all of them)."""
    wanted: dict[_Read, tuple[date, date]] = {}
    for mention in new:
        if mention.first_day is None or mention.last_day is None:
            continue
        for read in _reads(mention, rules, threshold):
            low, high = wanted.get(read, (mention.first_day, mention.last_day))
            wanted[read] = (min(low, mention.first_day), max(high, mention.last_day))
    margin = timedelta(days=CANDIDATE_MARGIN_DAYS)
    canonicals: set[str] = set()
    for (group, sources, targets), (first, last) in wanted.items():
        canonicals |= store.linked_canonicals(group, first - margin, last + margin, sources=sources,
                                              targets=targets)
    if not canonicals:
        return {}
    known: dict[str, list[Mention]] = defaultdict(list)
    for stored in store.linked_mentions(sorted(canonicals)):
        known[stored.canonical].append(mention_from_stored(stored, rules))
    # Events that still hold their first telling come first (a stable sort keeps the store's
    # order otherwise): link_mentions gives a tie to the event it meets first.
    return dict(sorted(known.items(), key=lambda item: item[0] not in {m.key for m in item[1]}))
