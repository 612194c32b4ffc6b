"""Merged events in the store: linking each article's event mentions to real-world events, and
listing those events with their counts (mentions, articles, outlets, first and last report).

`link_article` runs after an article's analysis is saved: it reads the article's mentions in text
order, finds the stored mentions they could match (same root group, overlapping days, through the
index on event_links), and records each mention's canonical event with the mention it matched and
why (tidings.events.merge). Linking is done once per saved analysis: saving the same analysis
again, or a near-duplicate copy that is never analysed, changes no count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from tidings.events.merge import Mention, link_mentions, load_rules, mention_from_row
from tidings.store.dialect import Connection, dialect_of
from tidings.store.events import _event_filter, _named_rows, _row, _select, event_key
from tidings.stories import LEDE_CHARS, StoryArticle

# Days either side of a new mention's days within which stored mentions are candidates; mentions
# farther apart are ruled out by date anyway, this only bounds the read.
CANDIDATE_MARGIN_DAYS = 1


def _mentions(conn: Connection, where: str, params: list[Any], *,
              with_coder: bool = True) -> list[dict[str, Any]]:
    select = _select(dialect_of(conn), with_coder=with_coder)
    cursor = conn.execute(f"{select} {where} ORDER BY e.article_id, e.span_start, e.id", params)
    return [_row(names, values) for names, values in _named_rows(cursor)]


def link_article(conn: Connection, article_id: str, *, threshold: float) -> int:
    """Link the article's event mentions to canonical events; return how many were linked.

    Does nothing when the article's mentions are linked already (idempotent). Must run inside
    the store's write transaction, after the analysis is saved.
    """
    if conn.execute("SELECT 1 FROM event_links WHERE article_id = ? LIMIT 1", (article_id,)).fetchone():
        return 0
    rows = _mentions(conn, "WHERE e.article_id = ?", [article_id], with_coder=False)  # merging needs no coder
    if not rows:
        return 0
    rules = load_rules()
    new = [mention_from_row(row, rules) for row in rows]
    known = _candidates(conn, new, rules.root_group)
    links = link_mentions(new, known, threshold=threshold, rules=rules)
    by_key = {mention.key: mention for mention in new}
    conn.executemany(
        "INSERT INTO event_links (article_id, event_id, canonical, anchor, score, reason, root_group, "
        "first_day, last_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        [(article_id, link.key.rpartition(":")[2], link.canonical, link.anchor, link.score, link.reason,
          rules.root_group.get(by_key[link.key].root, by_key[link.key].root),
          _iso(by_key[link.key].first_day), _iso(by_key[link.key].last_day)) for link in links],
    )
    return len(links)


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _candidates(conn: Connection, new: list[Mention],
                groups: Mapping[str, str]) -> dict[str, list[Mention]]:
    """Stored canonical events that share a root group and days with some of `new`, with every
    mention each has (so the hard constraints hold against all of them)."""
    wanted: dict[str, tuple[str, str]] = {}
    for mention in new:
        if mention.first_day is None or mention.last_day is None:
            continue
        group = groups.get(mention.root, mention.root)
        first, last = _iso(mention.first_day), _iso(mention.last_day)
        assert first is not None and last is not None
        low, high = wanted.get(group, (first, last))
        wanted[group] = (min(low, first), max(high, last))
    canonicals: set[str] = set()
    for group, (first, last) in wanted.items():
        found = conn.execute(
            "SELECT DISTINCT canonical FROM event_links WHERE root_group = ? AND last_day >= ? "
            "AND first_day <= ?", (group, _shift(first, -CANDIDATE_MARGIN_DAYS),
                                   _shift(last, CANDIDATE_MARGIN_DAYS))).fetchall()
        canonicals.update(canonical for (canonical,) in found)
    if not canonicals:
        return {}
    dialect = dialect_of(conn)
    rows = _mentions(conn, f"WHERE {dialect.in_list('l.canonical')}",
                     [dialect.list_param(sorted(canonicals))], with_coder=False)
    known: dict[str, list[Mention]] = defaultdict(list)
    rules = load_rules()
    for row in rows:
        known[row["canonical"]].append(mention_from_row(row, rules))
    # Events that still hold their first telling come first (a stable sort keeps the query's
    # order otherwise): link_mentions gives a tie to the event it meets first.
    return dict(sorted(known.items(), key=lambda item: item[0] not in {m.key for m in item[1]}))


def _shift(day: str, days: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=days)).isoformat()


# -- listing ------------------------------------------------------------------------------------

def merged_events(conn: Connection, *, limit: int = 100, offset: int = 0,
                  **filters: Any) -> list[dict[str, Any]]:
    """Real-world events, each once: the filters of store.events.events select mentions, and an
    event is listed when any of its mentions is selected.

    Each dict is its first mention's row (store.events.events' fields, `key` being the
    canonical key) plus mentions, articles, outlets (counts over all its mentions),
    first_report and last_report (publication times). Latest event date first.
    """
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must not be negative")
    where, params = _event_filter(conn, **filters)
    dialect = dialect_of(conn)
    page = conn.execute(
        f"SELECT canonical, max(date) AS latest FROM ({_select(dialect)} {where}) AS picked "
        "GROUP BY canonical ORDER BY max(date) IS NULL, max(date) DESC, canonical LIMIT ? OFFSET ?",
        [*params, limit, offset]).fetchall()
    canonicals = [canonical for canonical, _ in page]
    if not canonicals:
        return []
    members: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _mentions(conn, f"WHERE {dialect.in_list('l.canonical')}", [dialect.list_param(canonicals)]):
        members[row["canonical"]].append(row)
    for canonical in canonicals:  # a mention saved without linking is an event of its own
        if canonical not in members:
            article_id, _, event_id = canonical.rpartition(":")
            members[canonical] = _mentions(conn, "WHERE e.article_id = ? AND e.id = ?",
                                           [article_id, event_id])
    listed = []
    for canonical in canonicals:
        group = members[canonical]
        first = next((row for row in group if row["key"] == canonical),
                     min(group, key=lambda row: (row["published"] or "", row["span_start"] or 0)))
        published = [row["published"] for row in group if row["published"]]
        listed.append({**first, "key": canonical, "mentions": len(group),
                       "articles": len({row["article_id"] for row in group}),
                       "outlets": len({row["outlet"] for row in group if row["outlet"]}),
                       "first_report": min(published, default=None),
                       "last_report": max(published, default=None)})
    return listed


def count_merged_events(conn: Connection, **filters: Any) -> int:
    """How many real-world events `merged_events(conn, **filters)` would list without a limit."""
    where, params = _event_filter(conn, **filters)
    (count,) = conn.execute(
        f"SELECT count(DISTINCT canonical) FROM ({_select(dialect_of(conn))} {where}) AS picked", params
    ).fetchone()
    return int(count)


def mentions_of(conn: Connection, canonical: str) -> list[dict[str, Any]]:
    """Every mention of one canonical event, earliest report first, each with the mention it was
    matched to (`anchor`), the score and the reason (tidings event KEY shows them)."""
    rows = _mentions(conn, "WHERE l.canonical = ?", [canonical])
    reasons = {event_key(a, e): (anchor, score, reason) for a, e, anchor, score, reason in conn.execute(
        "SELECT article_id, event_id, anchor, score, reason FROM event_links WHERE canonical = ?",
        (canonical,)).fetchall()}
    for row in rows:
        row["anchor"], row["score"], row["reason"] = reasons.get(row["key"], (None, None, None))
    return sorted(rows, key=lambda row: (row["published"] or "", row["article_id"], row["span_start"] or 0))


# -- stories ------------------------------------------------------------------------------------

def story_articles(conn: Connection, *, since: str | None = None, until: str | None = None,
                   limit: int = 5_000) -> list[StoryArticle]:
    """The articles published in [since, until] (ISO dates, inclusive; the latest `limit` of them),
    with the merged events each one's lede tells, for tidings.stories.group_stories."""
    clauses, params = ["analysis_json IS NOT NULL"], []
    if since:
        clauses.append("published >= ?")
        params.append(since)
    if until:
        clauses.append("substr(published, 1, length(?)) <= ?")
        params += [until, until]
    found = conn.execute(
        f"SELECT id, title, text, published, source FROM articles WHERE {' AND '.join(clauses)} "
        "ORDER BY published DESC NULLS LAST, id LIMIT ?", [*params, limit]).fetchall()
    if not found:
        return []
    dialect = dialect_of(conn)
    told: dict[str, set[str]] = defaultdict(set)
    for article_id, canonical in conn.execute(
            "SELECT l.article_id, l.canonical FROM event_links l JOIN events e "
            "ON e.article_id = l.article_id AND e.id = l.event_id "
            f"WHERE {dialect.in_list('l.article_id')} AND e.span_start < ?",
            [dialect.list_param([row[0] for row in found]), LEDE_CHARS]).fetchall():
        told[article_id].add(canonical)
    return [StoryArticle(article_id, title, text, published, outlet, frozenset(told[article_id]))
            for article_id, title, text, published, outlet in found]
