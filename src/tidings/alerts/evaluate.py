"""Evaluating alert rules: the alerts the new articles bring, with their evidence. Reads the store only.

Event, quote and story rules look at what touches the new articles (their events, quotes, the
stories they joined); a goldstein rule at its dyad's window. Each alert is keyed by its evidence
(store/alerts.py logs the keys so an alert fires once).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from tidings.alerts.rules import DEFAULT_MODALITIES, Rule
from tidings.stories import WINDOW_DAYS, Story, stories_between

if TYPE_CHECKING:
    from tidings.records import Json
    from tidings.rows import EventRow, MergedEventRow
    from tidings.store import Store

# How far back a goldstein rule looks for the day its mean fell below the threshold (the crossing
# that names the alert); a dyad below for longer keeps the key of this horizon's first day.
LOOKBACK_DAYS = 90
# Rows read per query; far above what one article or one dyad's window holds.
MANY = 100_000


@dataclass(frozen=True, slots=True)
class Alert:
    """One fired alert and its evidence: the sentence (or quote), the article it is in, its link.

    `key` names the evidence: the merged event's key, the quote's key, the story's id, or for a
    goldstein rule the dyad, the window and the day the mean fell below. mentions, articles and
    outlets count a merged event's tellings (a story's articles and outlets); None otherwise.
    """

    rule: str
    kind: str
    key: str
    fired_at: str
    message: str
    sentence: str | None
    title: str | None
    url: str | None
    published: str | None
    article_id: str | None
    mentions: int | None = None
    articles: int | None = None
    outlets: int | None = None
    article_ids: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Json]:
        """A JSON-ready dict: what the JSON Lines log, the webhook and the store receive."""
        return {**asdict(self), "article_ids": list(self.article_ids)}


def _utc(now: datetime) -> datetime:
    """`now` in UTC; a naive datetime is taken to be UTC already."""
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


class _Evidence(TypedDict):
    """The Alert fields that say where its evidence is, as one row gives them."""

    sentence: str | None
    title: str | None
    url: str | None
    published: str | None
    article_id: str | None


def _evidence(row: EventRow) -> _Evidence:
    return {"sentence": row.sentence, "title": row.title, "url": row.url, "published": row.published,
            "article_id": row.article_id}


def evaluate(store: Store, rules: Sequence[Rule], *, new_article_ids: Sequence[str],
             now: datetime) -> list[Alert]:
    """The alerts `rules` fire on what the articles `new_article_ids` brought, in rule order.

    Requires the articles' analyses saved and their events linked (link_article_events). Event,
    quote and story rules look only at events, quotes and stories that touch those articles;
    goldstein rules at the dyad's events over the `days` ending on `now`'s day (UTC). Reads the
    store's log of fired alerts only so a goldstein crossing or a story whose first article
    changed is not fired twice; it does not skip alerts logged before (run_alerts does). Writes
    nothing, delivers nothing.
    """
    fired_at = _utc(now).isoformat(timespec="seconds").replace("+00:00", "Z")
    article_ids = list(dict.fromkeys(new_article_ids))
    alerts: dict[tuple[str, str], Alert] = {}
    stories: list[Story] | None = None
    for rule in rules:
        found: Iterable[Alert]
        if rule.kind == "event":
            found = _event_alerts(store, rule, article_ids, fired_at)
        elif rule.kind == "goldstein":
            found = _goldstein_alerts(store, rule, _utc(now).date(), fired_at)
        elif rule.kind == "quote":
            found = _quote_alerts(store, rule, article_ids, fired_at)
        else:
            if stories is None:  # grouping is the costly part: once per pass, for every story rule
                stories = _touched_stories(store, article_ids, _utc(now).date())
            found = _story_alerts(store, rule, stories, fired_at)
        for alert in found:
            alerts.setdefault((alert.rule, alert.key), alert)
    return list(alerts.values())


def _event_alerts(store: Store, rule: Rule, article_ids: list[str], fired_at: str) -> Iterable[Alert]:
    for article_id in article_ids:
        # One query per actor and role, since `actors` means source or target.
        roles: list[tuple[str | None, str | None]] = [
            pair for actor in rule.actors for pair in ((actor, None), (None, actor))] or [(None, None)]
        matched: dict[str, EventRow] = {}
        for source, target in roles:
            for found in store.events(article_id=article_id, source=source, target=target, root=rule.root,
                                      cameo=rule.cameo, plover=rule.plover, limit=MANY):
                if (rule.quad_class is None or found.quad_class == rule.quad_class) \
                        and found.modality in rule.modality:
                    matched.setdefault(found.canonical, found)
        if not matched:
            continue
        merged = {row.key: row for row in store.merged_events(article_id=article_id, limit=MANY)}
        for canonical, row in matched.items():
            told = merged.get(canonical)
            # A mention never linked is told once, by its own article's outlet if it has one.
            mentions, articles, outlets = ((told.mentions, told.articles, told.outlets) if told is not None
                                           else (1, 1, int(bool(row.outlet))))
            goldstein = "" if row.goldstein is None else f", Goldstein {row.goldstein:+.1f}"
            message = (f"{row.source_label() or '?'} -> {row.target_name or '?'}: {row.trigger or '?'} "
                       f"(CAMEO {row.cameo}, QuadClass {row.quad_class}{goldstein}) on "
                       f"{row.date or 'an unknown date'}; told {mentions} times by {outlets} outlets")
            yield Alert(rule=rule.name, kind=rule.kind, key=canonical, fired_at=fired_at, message=message,
                        mentions=mentions, articles=articles, outlets=outlets, article_ids=(row.article_id,),
                        **_evidence(row))


def _goldstein_alerts(store: Store, rule: Rule, today: date, fired_at: str) -> Iterable[Alert]:
    assert rule.dyad is not None
    first = today - timedelta(days=LOOKBACK_DAYS + rule.days - 1)
    # Each day's events with their Goldstein scores.
    by_day: dict[date, list[tuple[float, MergedEventRow]]] = {}
    for row in store.merged_events(dyad=rule.dyad, since=first.isoformat(), until=today.isoformat(),
                                   limit=MANY):
        # A month or a year cannot be placed in a window of days; a week is dated by its first day.
        if row.goldstein is not None and row.date is not None and len(row.date) >= 10 \
                and row.modality in DEFAULT_MODALITIES:
            by_day.setdefault(date.fromisoformat(row.date[:10]), []).append((row.goldstein, row))

    def window(end: date) -> list[tuple[float, MergedEventRow]]:
        return [scored for offset in range(rule.days)
                for scored in by_day.get(end - timedelta(days=offset), [])]

    def below(end: date) -> bool:
        scores = [score for score, _ in window(end)]
        return bool(scores) and sum(scores) / len(scores) < rule.below

    if not below(today):
        return
    horizon = today - timedelta(days=LOOKBACK_DAYS)
    crossing = today
    while crossing > horizon and below(crossing - timedelta(days=1)):
        crossing -= timedelta(days=1)
    # A late article can move the crossing earlier while the mean stays below: still one crossing.
    # Below since the horizon, the crossing is out of sight: one fired before is taken to be it.
    for fired in store.fired_alerts(rule=rule.name, kind=rule.kind, limit=1):
        if crossing == horizon or fired.alert.key.rpartition(" since ")[2] >= crossing.isoformat():
            return
    current = window(today)
    mean = sum(score for score, _ in current) / len(current)
    _, worst = min(current, key=lambda scored: (scored[0], scored[1].key))
    x, y = rule.dyad
    message = (f"mean Goldstein of {x}-{y} over the {rule.days} days to {today} is {mean:+.2f}, below "
               f"{rule.below:+.2f} since {crossing} ({len(current)} events); lowest: {worst.source_name} "
               f"-> {worst.target_name}: {worst.trigger} (CAMEO {worst.cameo})")
    yield Alert(rule=rule.name, kind=rule.kind, key=f"{x}/{y} {rule.days}d since {crossing}",
                fired_at=fired_at, message=message, mentions=worst.mentions, articles=worst.articles,
                outlets=worst.outlets, article_ids=tuple(sorted({row.article_id for _, row in current})),
                **_evidence(worst))


def _words_pattern(words: Sequence[str]) -> re.Pattern[str]:
    """Any of `words` as a whole word (or phrase, spaces matching any whitespace), case ignored."""
    alternatives = (r"\s+".join(map(re.escape, word.split())) for word in words)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _quote_alerts(store: Store, rule: Rule, article_ids: list[str], fired_at: str) -> Iterable[Alert]:
    pattern = _words_pattern(rule.words) if rule.words else None
    for speaker in rule.speakers or (None,):
        for row in store.article_quotes(article_ids, speaker=speaker):
            if pattern is not None and not pattern.search(row.text):
                continue
            shown = row.text if len(row.text) <= 160 else row.text[:157] + "..."
            message = f"{row.speaker_name or 'unknown speaker'} ({row.kind}): \u201c{shown}\u201d"
            yield Alert(rule=rule.name, kind=rule.kind, key=row.key, fired_at=fired_at, message=message,
                        sentence=row.text, title=row.title, url=row.url, published=row.published,
                        article_id=row.article_id, article_ids=(row.article_id,))


def _touched_stories(store: Store, article_ids: list[str], today: date) -> list[Story]:
    """The stories holding any of the articles: grouped over their publication days +- the window."""
    days = [date.fromisoformat(article.published[:10]) for article_id in article_ids
            if (article := store.get_article(article_id)) is not None and article.published
            and re.match(r"\d{4}-\d{2}-\d{2}", article.published)]
    if not days:
        return []
    margin = timedelta(days=WINDOW_DAYS)
    wanted = set(article_ids)
    return [story for story in stories_between(store, since=(min(days) - margin).isoformat(),
                                               until=(max(days) + margin).isoformat())
            if wanted & set(story.articles)]


def _story_alerts(store: Store, rule: Rule, stories: list[Story], fired_at: str) -> Iterable[Alert]:
    # A story's id is its first article's, which changes when an earlier article joins it: the
    # same story is known by the articles it shares with one fired before.
    seen = [set(fired.alert.article_ids) for fired in store.fired_alerts(rule=rule.name, kind=rule.kind,
                                                                    limit=MANY)]
    for story in stories:
        if len(story.outlets) < rule.min_outlets or any(set(story.articles) & known for known in seen):
            continue
        first = store.get_article(story.id)
        lede = re.match(r".+?[.!?](?=\s|$)", first.text.strip(), re.DOTALL) if first else None
        message = (f"story \u201c{story.title or story.id}\u201d told by {len(story.outlets)} outlets "
                   f"({', '.join(story.outlets)}) in {len(story.articles)} articles since {story.first_seen}")
        yield Alert(rule=rule.name, kind=rule.kind, key=story.id, fired_at=fired_at, message=message,
                    sentence=lede.group(0) if lede else None, title=story.title,
                    url=first.url if first else None, published=story.first_seen, article_id=story.id,
                    articles=len(story.articles), outlets=len(story.outlets), article_ids=story.articles)
