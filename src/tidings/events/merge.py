"""Merged events: event mentions from different sentences and articles that tell one happening.

GDELT counts reports: one kidnapping became hundreds of records because records merge only when
every field matches. Here each coded event is a *mention*, and mentions that describe the same
real event share one *canonical* event, which carries every mention (so the counts are of
happenings, with the number of mentions, outlets and articles beside them).

Two mentions can be the same event only when nothing rules it out (hard constraints):
- the same CAMEO root, or roots in one group of `merge.toml` ("bombed" 18 and "attacked" 19);
- compatible modalities (a reported meeting is the meeting; a planned one is not);
- dates that overlap within the precision each allows ("2024-01" holds "2024-01-12"; a mention
  without a date happened up to `undated_window_days` before its article was published);
- actors that do not contradict each other: a different country on either side rules it out, and
  so does, within one country, a side of the state or its people against a side that fights or
  defies the state (`against_the_state_sectors`): the army and the rebels are two sides, the city
  and its civilians one.
Then a score says how sure the match is: the mean of the two sides' agreement (same named actor
1.0, same country and sector 0.8, same country 0.6 (also with two sectors of one camp), one side
unnamed 0.4, two names that cannot be compared 0.1), times 1.0 for the same
CAMEO code (or any code of a root in `one_happening_roots`: a visit and its hosting are one
meeting), 0.9 for the same root, 0.8 for a root group. Within one article, a second telling of
the same kind of event by one of the same named actors and no other ("the two sides met for two
hours") counts at least WITHIN_ARTICLE.
A mention joins the canonical event of its best-scoring member at or above the threshold (the
`event_merge_threshold` setting: higher splits more, lower merges more), else starts its own.

Pure: no I/O beyond reading merge.toml once. What the store keeps of a mention comes in as a
`StoredMention` and a decided link goes back as an `EventLink`; tidings.events.linking runs the
two over the store.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources

from tidings.actors.names import normalise_name

# A second telling of an event within its own article scores at least this.
WITHIN_ARTICLE = 0.75
# Agreement of two sides (see the module docstring).
SAME_ACTOR, SAME_COUNTRY_SECTOR, SAME_COUNTRY = 1.0, 0.8, 0.6
UNNAMED, BOTH_UNNAMED, OTHER_NAME = 0.4, 0.5, 0.1


@dataclass(frozen=True, slots=True)
class Rules:
    root_group: Mapping[str, str]  # root -> its group's name (itself when in no group)
    symmetric_roots: frozenset[str]
    one_happening_roots: frozenset[str]  # codes within the root are tellings of one happening
    factual_modalities: frozenset[str]
    undated_window_days: int
    against_the_state: frozenset[str]  # sectors of those who fight or defy a state from within it


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """merge.toml, read once."""
    text = resources.files("tidings.data.events").joinpath("merge.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text)
    groups = {root: "+".join(group) for group in table["root_groups"] for root in group}
    return Rules(groups, frozenset(table["symmetric_roots"]), frozenset(table.get("one_happening_roots", [])),
                 frozenset(table["factual_modalities"]), int(table["undated_window_days"]),
                 frozenset(table.get("against_the_state_sectors", [])))


@dataclass(frozen=True, slots=True)
class Side:
    """One side of an event as merging compares it."""

    name: str | None  # normalised (normalise_name); None when the side is unnamed
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class Mention:
    """One coded event in one article, reduced to what merging compares."""

    key: str  # "<article_id>:<event_id>"
    article_id: str
    cameo: str
    root: str
    modality: str
    first_day: date | None  # the days the event may have happened on, both ends included
    last_day: date | None
    source: Side | None
    target: Side | None


@dataclass(frozen=True, slots=True)
class Link:
    """Where a mention went: its canonical event, the mention it matched and why."""

    key: str
    canonical: str
    anchor: str | None  # the mention it was matched to; None when it starts its own event
    score: float | None
    reason: str


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def days_of(event_date: str | None, precision: str | None, published: str | None,
            rules: Rules) -> tuple[date | None, date | None]:
    """The first and last day an event may have happened on, from its date and precision, else
    from its article's publication date; (None, None) when neither is known."""
    if event_date:
        parts = event_date.split("-")
        try:
            year = int(parts[0])
            if len(parts) == 1:
                return date(year, 1, 1), date(year, 12, 31)
            month = int(parts[1])
            if len(parts) == 2:
                following = date(year + month // 12, month % 12 + 1, 1)
                return date(year, month, 1), following - timedelta(days=1)
            day = date(year, month, int(parts[2][:2]))
        except ValueError:
            day = None
        if day is not None:
            return (day, day + timedelta(days=6)) if precision == "week" else (day, day)
    published_day = _day(published)
    if published_day is None:
        return None, None
    return published_day - timedelta(days=rules.undated_window_days), published_day


@dataclass(frozen=True, slots=True)
class StoredSide:
    """The actor on one side of a stored mention, as stored (None where the actor is not stored)."""

    name: str | None
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class StoredMention:
    """An event mention as the store keeps it: the fields merging reads (tidings.store.merged)."""

    article_id: str
    event_id: str
    canonical: str  # the key of the real-world event it was linked to; its own key until linked
    cameo: str
    root: str | None
    modality: str | None
    date: str | None  # the event's (partial) ISO date
    date_precision: str | None
    published: str | None  # its article's publication time
    source: StoredSide | None  # None when the event has no source
    target: StoredSide | None


@dataclass(frozen=True, slots=True)
class EventLink:
    """A decided link for the store to save: the article's mention `event_id` tells `canonical`
    (matched to `anchor`, with the score and why: `Link`), filed under its root group and days so
    that later articles find it as a candidate, and under its sides (`agreeing_stored_sides`
    narrows the candidates by them)."""

    event_id: str
    canonical: str
    anchor: str | None
    score: float | None
    reason: str
    root_group: str
    first_day: date | None
    last_day: date | None
    source: Side | None
    target: Side | None


def mention_from_stored(stored: StoredMention, rules: Rules | None = None) -> Mention:
    """A Mention from a stored one: names normalised, the days from its date or its article's."""
    rules = rules or load_rules()

    def side(stored_side: StoredSide | None) -> Side | None:
        if stored_side is None:
            return None
        name = stored_side.name
        return Side(normalise_name(name) if name else None, stored_side.country, stored_side.sector)

    first, last = days_of(stored.date, stored.date_precision, stored.published, rules)
    cameo = stored.cameo
    return Mention(f"{stored.article_id}:{stored.event_id}", stored.article_id, cameo,
                   stored.root or cameo[:2], stored.modality or "asserted",
                   first, last, side(stored.source), side(stored.target))


def _sides_agree(a: Side | None, b: Side | None, rules: Rules) -> float | None:
    """How well two sides agree (module docstring); None when they contradict each other."""
    if a is None or b is None:
        return BOTH_UNNAMED if a is None and b is None else UNNAMED
    if a.name and a.name == b.name:
        return SAME_ACTOR
    if a.country and b.country:
        if a.country != b.country:
            return None
        if not (a.sector and b.sector):
            return SAME_COUNTRY
        if a.sector == b.sector:
            return SAME_COUNTRY_SECTOR
        # the state and those who fight it are two sides; two sectors of one camp may be one
        same_camp = (a.sector in rules.against_the_state) == (b.sector in rules.against_the_state)
        return SAME_COUNTRY if same_camp else None
    # Two different names without the codes to compare: perhaps one actor, more likely two.
    return OTHER_NAME if a.name and b.name else UNNAMED


def compare(a: Mention, b: Mention, rules: Rules | None = None) -> tuple[float | None, str]:
    """The score of `a` and `b` being one event (None when something rules it out), and why."""
    rules = rules or load_rules()
    if rules.root_group.get(a.root, a.root) != rules.root_group.get(b.root, b.root):
        return None, f"different kinds of event (CAMEO {a.cameo} and {b.cameo})"
    factual = rules.factual_modalities
    if a.modality != b.modality and not (a.modality in factual and b.modality in factual):
        return None, f"one is {a.modality}, the other {b.modality}"
    if a.first_day and b.first_day and a.last_day and b.last_day and (
            a.last_day < b.first_day or b.last_day < a.first_day):
        return None, f"different days ({_span(a)} and {_span(b)})"
    sides = [(_sides_agree(a.source, b.source, rules), _sides_agree(a.target, b.target, rules))]
    if a.root in rules.symmetric_roots:
        sides.append((_sides_agree(a.source, b.target, rules), _sides_agree(a.target, b.source, rules)))
    agreeing = [(s, t) for s, t in sides if s is not None and t is not None]
    if not agreeing:
        return None, "different actors"
    source, target = max(agreeing, key=sum)
    # Within a meeting root the code is the teller's view (visit, host, talks): no doubt added.
    one_view = a.root == b.root and a.root in rules.one_happening_roots
    code = 1.0 if a.cameo == b.cameo or one_view else 0.9 if a.root == b.root else 0.8
    score = (source + target) / 2 * code
    # A second telling in the same article names one of the same actors and nobody else ("the
    # two sides met"); a different named actor on either side is another event.
    same_article = (a.article_id == b.article_id and a.root == b.root
                    and max(source, target) == SAME_ACTOR and min(source, target) >= UNNAMED)
    if same_article:
        score = max(score, WITHIN_ARTICLE)
    swapped = len(sides) == 2 and (source, target) == sides[1] and sides[1] != sides[0]
    reason = (f"{'same article, ' if same_article else ''}CAMEO {a.cameo} and {b.cameo}, "
              f"actors agree {source:.1f}/{target:.1f}{' (sides swapped)' if swapped else ''}, "
              f"days {_span(a)} and {_span(b)}")
    return round(score, 3), reason


def _span(m: Mention) -> str:
    if m.first_day is None or m.last_day is None:
        return "undated"
    return m.first_day.isoformat() if m.first_day == m.last_day else f"{m.first_day}..{m.last_day}"


def _kind(mention: Mention, rules: Rules) -> tuple[str, str]:
    """What `compare` requires two mentions to share: the root group, and the modality (any
    factual modality counting as one)."""
    modality = "factual" if mention.modality in rules.factual_modalities else mention.modality
    return rules.root_group.get(mention.root, mention.root), modality


def _telling(mention: Mention) -> tuple[object, ...]:
    """Everything of a mention but its key: all that `compare` reads of it."""
    return (mention.article_id, mention.cameo, mention.root, mention.modality, mention.first_day,
            mention.last_day, mention.source, mention.target)


# A side of a member is filed under these keys; a side of a new mention looks up the keys of the
# member sides it could agree with (`_sides_agree` at UNNAMED or better).
_NO_SIDE, _NO_COUNTRY = "no side", "no country"
_UNNAMED, _UNNAMED_NO_COUNTRY = "unnamed", "unnamed, no country"
_ALL = None  # a mention side that agrees with any member side


def _filed_under(side: Side | None) -> list[tuple[str, str]]:
    if side is None:
        return [(_NO_SIDE, "")]
    keys = [("name", side.name)] if side.name else [(_UNNAMED, "")]
    keys.append(("country", side.country) if side.country else (_NO_COUNTRY, ""))
    if not side.name and not side.country:
        keys.append((_UNNAMED_NO_COUNTRY, ""))
    return keys


def _agreeing(side: Side | None) -> list[tuple[str, str]] | None:
    """The keys of every member side that `side` agrees with at UNNAMED or better; None for all.

    From `_sides_agree`: a missing side agrees with anything; the same name agrees; two countries
    must be the same; without two countries, two sides agree unless both are named (differently).
    """
    if side is None:
        return _ALL
    keys = [(_NO_SIDE, "")]
    if side.name:
        keys.append(("name", side.name))
    if side.country:
        keys.append(("country", side.country))
    if not side.name:
        if not side.country:
            return _ALL
        keys.append((_NO_COUNTRY, ""))
    else:
        keys.append((_UNNAMED_NO_COUNTRY, "") if side.country else (_UNNAMED, ""))
    return keys


# A condition on a stored side: each (field, value) pair must hold, field "name" being the
# normalised name and "country" the country, a None value meaning none stored.
SideCondition = tuple[tuple[str, str | None], ...]
_STORED_KEYS: dict[tuple[str, str], SideCondition] = {
    (_NO_SIDE, ""): (("name", None), ("country", None)),  # stored as a side without name or country
    (_UNNAMED_NO_COUNTRY, ""): (("name", None), ("country", None)),
    (_UNNAMED, ""): (("name", None),),
    (_NO_COUNTRY, ""): (("country", None),),
}


def sides_must_agree(threshold: float) -> bool:
    """True when a match at `threshold` needs both sides of the member it matches to agree at
    UNNAMED or better in one orientation (the worse agreement, OTHER_NAME, leaves the sum of the
    two at most SAME_ACTOR + OTHER_NAME; the same-article boost asks UNNAMED of both)."""
    return threshold > (SAME_ACTOR + OTHER_NAME) / 2


def agreeing_stored_sides(side: Side | None) -> tuple[SideCondition, ...] | None:
    """The stored sides that `side` agrees with at UNNAMED or better, as conditions any one of
    which is enough (`_agreeing` in stored terms: a missing side is stored as one without name or
    country, which agrees alike); None when it agrees with every side. A condition that asks more
    than another (and so is met only where the other is) is left out."""
    keys = _agreeing(side)
    if keys is None:
        return None
    conditions = list(dict.fromkeys(_STORED_KEYS.get(key, (key,)) for key in keys))
    return tuple(condition for condition in conditions
                 if not any(set(other) < set(condition) for other in conditions))


class _Candidates:
    """The events a mention could join, found by index instead of by comparing it with every event.

    `compare` rules a pair out at once unless both are of one kind (`_kind`), so events are listed
    by the kind of their members. A score at a threshold above 0.55 needs both sides of the pair
    to agree at UNNAMED or better in one orientation (the worse agreement, OTHER_NAME 0.1, leaves
    the sum of the two under 1.1; the same-article boost asks UNNAMED of both), so an event is a
    candidate only if one of its members has a source and one a target the mention's could agree
    with. The candidates include every event the mention could join, in the order events were
    first seen; `compare` then decides exactly as against every event.
    """

    def __init__(self, threshold: float, rules: Rules, *, indexed: bool = True) -> None:
        self.indexed = indexed and sides_must_agree(threshold)
        self.rules = rules
        self.order: dict[str, int] = {}
        self.by_kind: dict[tuple[str, str], list[str]] = {}
        self.postings: dict[tuple[tuple[str, str], str, tuple[str, str]], set[str]] = {}

    def add(self, canonical: str, member: Mention) -> None:
        kind = _kind(member, self.rules)
        if canonical not in self.order:
            self.order[canonical] = len(self.order)
            self.by_kind.setdefault(kind, []).append(canonical)
        for role, side in (("source", member.source), ("target", member.target)):
            for key in _filed_under(side):
                self.postings.setdefault((kind, role, key), set()).add(canonical)

    def _side(self, kind: tuple[str, str], role: str, side: Side | None) -> list[set[str]] | None:
        keys = _agreeing(side)
        if keys is None:
            return None
        return [self.postings.get((kind, role, key), set()) for key in keys]

    def _both(self, kind: tuple[str, str], first: list[set[str]] | None,
              second: list[set[str]] | None) -> set[str] | None:
        """Events found on both sides; None for every event of the kind."""
        if first is None and second is None:
            return None
        if first is None or second is None:
            found = second if first is None else first
            assert found is not None
            return set().union(*found)
        if sum(map(len, first)) > sum(map(len, second)):
            first, second = second, first
        return {canonical for posting in first for canonical in posting
                if any(canonical in other for other in second)}

    def of(self, mention: Mention) -> list[str]:
        kind = _kind(mention, self.rules)
        everything = self.by_kind.get(kind, [])
        if not self.indexed:
            return everything
        found = self._both(kind, self._side(kind, "source", mention.source),
                           self._side(kind, "target", mention.target))
        if found is not None and mention.root in self.rules.symmetric_roots:
            swapped = self._both(kind, self._side(kind, "target", mention.source),
                                 self._side(kind, "source", mention.target))
            found = None if swapped is None else found | swapped
        if found is None:
            return everything
        return sorted(found, key=self.order.__getitem__)


def link_mentions(new: Sequence[Mention], known: Mapping[str, Sequence[Mention]], *,
                  threshold: float, rules: Rules | None = None) -> list[Link]:
    """Assign each of `new`, in order, to a canonical event: one of `known` (canonical id ->
    its mentions) or one started by an earlier mention of `new` (its id is that mention's key).

    A mention joins the event whose best-matching member scores highest at or above
    `threshold`, provided no member rules it out; ties go to the event seen first. Linear in
    the mentions for a long article (`_Candidates`).
    """
    rules = rules or load_rules()
    # Each event's members, one per distinct telling: `compare` reads nothing of a member but its
    # `_telling`, so members alike score alike, and the first of them is the one `max` would pick.
    # An event told a thousand times the same way in a long article costs one comparison, not a
    # thousand.
    events: dict[str, dict[tuple[object, ...], Mention]] = {}
    candidates = _Candidates(threshold, rules)
    for canonical, members in known.items():
        for member in members:
            events.setdefault(canonical, {}).setdefault(_telling(member), member)
            candidates.add(canonical, member)
    links: list[Link] = []
    for mention in new:
        best: tuple[float, str, Mention, str] | None = None
        for canonical in candidates.of(mention):
            scored = [(compare(mention, member, rules), member) for member in events[canonical].values()]
            if any(score is None for (score, _), _ in scored):
                continue
            (score, reason), member = max(scored, key=lambda item: item[0][0] or 0.0)
            if score is not None and score >= threshold and (best is None or score > best[0]):
                best = (score, canonical, member, reason)
        if best is None:
            events[mention.key] = {_telling(mention): mention}
            candidates.add(mention.key, mention)
            links.append(Link(mention.key, mention.key, None, None, "first telling"))
        else:
            score, canonical, member, reason = best
            events[canonical].setdefault(_telling(mention), mention)
            candidates.add(canonical, mention)
            links.append(Link(mention.key, canonical, member.key, score, reason))
    return links
