"""Pairwise merge precision and recall of event mentions into canonical events (issue 8, "stories").

    .venv/bin/python benchmarks/stories_merge.py [--data FILE] [--db PATH] [--within]

Ingests the stories set (tests/fixtures/stories/articles.jsonl, see its README) into a fresh SQLite
database, finds each article's main-event mention (the first in text order whose root and
source/target match the article's gold; a meeting, root 04, may be coded either way round) and
scores, over every pair of articles: gold same = same "happening", predicted same = the two
main-event mentions have the same canonical id. An article whose main event is not found counts
as a missed merge in each of its gold pairs. Until event rows carry "canonical", each mention is
its own event and recall is 0.

`--within` reports, for the articles marked "retold" (they tell their main event in several
sentences), whether the mentions of the gold dyad and root on the gold date (or undated) share one
canonical id.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from tidings import pipeline
from tidings.rows import EventRow
from tidings.settings import load_settings
from tidings.store import open_store
from tidings.stories import stories_between

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "tests" / "fixtures" / "stories" / "articles.jsonl"
# Meetings are symmetric: "A met B" and "B received A" tell the same event.
SYMMETRIC_ROOTS = {"04"}


@dataclass(frozen=True)
class Gold:
    id: str
    happening: str
    source: str
    target: str
    root: str
    date: str
    retold: bool  # the article tells its main event in several sentences


def load_gold(path: Path) -> list[Gold]:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [Gold(r["id"], r["happening"], r["gold"]["source"], r["gold"]["target"], r["gold"]["root"],
                 r["gold"]["date"], bool(r.get("retold"))) for r in records]


def actor_is(code: str, cameo: str | None, country: str | None) -> bool:
    """A gold code matches an actor's CAMEO code by prefix, or its country when the code is a country."""
    return (cameo or "").startswith(code) or (len(code) == 3 and country == code)


def matches(gold: Gold, row: EventRow) -> bool:
    """Whether an event row has the gold root and dyad (either way round for a symmetric root)."""
    if row.root != gold.root:
        return False

    def role(code: str, side: str) -> bool:
        actor = row.side("source" if side == "source" else "target")
        return actor_is(code, actor.cameo, actor.country)

    forward = role(gold.source, "source") and role(gold.target, "target")
    backward = gold.root in SYMMETRIC_ROOTS and role(gold.source, "target") and role(gold.target, "source")
    return forward or backward


def canonical(row: EventRow) -> str:
    """The merged event a mention belongs to; the mention itself until the store says otherwise."""
    return row.canonical or row.key


@contextmanager
def database(path: str | None) -> Iterator[Path]:
    if path is not None:
        yield Path(path)
        return
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp) / "stories.db"


def load_rows(data: Path, db: Path) -> tuple[dict[str, list[EventRow]], int]:
    """Ingest `data` into `db`; return each ref's event rows in text order and the stored article count."""
    with open_store(db, create=True) as store:
        pipeline.ingest([str(data)], store, load_settings(db=db))
        articles = store.articles(limit=100_000)
        by_ref: dict[str, list[EventRow]] = {}
        for article in articles:
            rows = store.events(article_id=article.id, limit=100_000)
            by_ref[str(article.ref)] = sorted(rows, key=lambda row: row.span_start or 0)
        for link in store.duplicates(limit=100_000):
            print(f"warning: {link.ref} was linked as a duplicate of {link.duplicate_of}")
        for skip in store.skips(limit=100_000):
            print(f"warning: {skip.ref} was skipped: {skip.reason} {skip.detail}")
    return by_ref, len(articles)


def main_events(golds: list[Gold], rows: dict[str, list[EventRow]]) -> dict[str, EventRow]:
    """Each article's main-event mention: its first mention matching the gold dyad and root."""
    found: dict[str, EventRow] = {}
    for gold in golds:
        row = next((row for row in rows.get(gold.id, []) if matches(gold, row)), None)
        if row is not None:
            found[gold.id] = row
    return found


def score(golds: list[Gold], main: dict[str, EventRow]) -> tuple[float, float]:
    """Print the pairwise merge scores and the wrong and missed merges; return precision, recall."""
    tp, fp, fn = 0, 0, 0
    wrong: list[tuple[str, str]] = []
    missed: list[tuple[str, str]] = []
    for first, second in combinations(golds, 2):
        same = first.happening == second.happening
        if first.id not in main or second.id not in main:
            if same:
                fn += 1
                missed.append((first.id, second.id))
            continue
        merged = canonical(main[first.id]) == canonical(main[second.id])
        if merged and same:
            tp += 1
        elif merged:
            fp += 1
            wrong.append((first.id, second.id))
        elif same:
            fn += 1
            missed.append((first.id, second.id))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"pairs: {len(golds) * (len(golds) - 1) // 2} "
          f"(gold same-happening pairs {tp + fn}); TP {tp}, FP {fp}, FN {fn}")
    print(f"pairwise merge precision {precision:.3f}, recall {recall:.3f}")
    print(f"wrong merges ({len(wrong)}):")
    for pair in wrong:
        print(f"  {pair[0]} + {pair[1]}")
    unfound = [pair for pair in missed if pair[0] not in main or pair[1] not in main]
    print(f"missed merges ({len(missed)}, of which {len(unfound)} involve an article whose main event "
          "was not found):")
    for pair in missed:
        if pair not in unfound:
            print(f"  {pair[0]} / {pair[1]}")
    return precision, recall


def score_stories(golds: list[Gold], stories: list[list[str]]) -> tuple[float, float]:
    """Print and return the pairwise precision and recall of `stories` (each a list of refs)
    against the gold happenings: two articles belong together when they report one happening."""
    story_of = {ref: number for number, refs in enumerate(stories) for ref in refs}
    tp = fp = fn = 0
    for first, second in combinations(golds, 2):
        same = first.happening == second.happening
        together = first.id in story_of and story_of.get(first.id) == story_of.get(second.id)
        tp += same and together
        fp += together and not same
        fn += same and not together
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(f"stories: {len(stories)}; pairwise story precision {precision:.3f}, recall {recall:.3f} "
          f"(TP {tp}, FP {fp}, FN {fn})")
    return precision, recall


def load_stories(db: Path) -> list[list[str]]:
    """The stories `stories_between` groups the stored articles into, as lists of refs."""
    with open_store(db) as store:
        refs = {article.id: str(article.ref) for article in store.articles(limit=100_000)}
        return [[refs[article_id] for article_id in story.articles] for story in stories_between(store)]


def report_within(golds: list[Gold], rows: dict[str, list[EventRow]]) -> None:
    print("within-article merging in the retold articles (mentions of the gold dyad and root on the gold "
          "date or undated):")
    for gold in golds:
        if not gold.retold:
            continue
        mentions = [row for row in rows.get(gold.id, [])
                    if matches(gold, row) and (row.date is None or row.date == gold.date)]
        ids = {canonical(row) for row in mentions}
        if len(mentions) < 2:
            verdict = f"only {len(mentions)} mention coded, nothing to merge"
        else:
            verdict = "one event" if len(ids) == 1 else f"SPLIT into {len(ids)}"
        print(f"  {gold.id}: {len(mentions)} mentions -> {verdict}")
        for row in mentions:
            print(f"      {row.id} {row.cameo} {row.date} {canonical(row)}: {(row.sentence or '')[:90]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--db", help="SQLite file to ingest into (default: a temporary one); must be new")
    parser.add_argument("--within", action="store_true", help="also report merging within one article")
    args = parser.parse_args()
    if args.db is not None and Path(args.db).exists():
        parser.error(f"{args.db} exists; give a new path so the figures come from a fresh database")
    golds = load_gold(args.data)
    with database(args.db) as db:
        rows, stored = load_rows(args.data, db)
        stories = load_stories(db)

    main = main_events(golds, rows)
    happenings = Counter(gold.happening for gold in golds)
    repeated = {name: count for name, count in happenings.items() if count > 1}
    print(f"articles: {len(golds)} ({stored} stored); happenings: {len(happenings)} "
          f"({len(repeated)} reported 2+ times, {len(happenings) - len(repeated)} look-alikes once)")
    print(f"main event found: {len(main)}/{len(golds)} = {len(main) / len(golds):.1%}")
    missing = [gold.id for gold in golds if gold.id not in main]
    if missing:
        print(f"  not found: {', '.join(missing)}")
    mentions = [row for article_rows in rows.values() for row in article_rows]
    print(f"event mentions: {len(mentions)}; canonical events: {len({canonical(row) for row in mentions})}; "
          f"articles: {stored}")
    by_happening: dict[str, set[str]] = defaultdict(set)
    for gold in golds:
        if gold.id in main:
            by_happening[gold.happening].add(canonical(main[gold.id]))
    print("repeated happenings: articles / main events found / canonical ids among them:")
    for name in sorted(repeated):
        found = sum(1 for gold in golds if gold.happening == name and gold.id in main)
        print(f"  {name}: {repeated[name]} / {found} / {len(by_happening[name])}")
    score(golds, main)
    score_stories(golds, stories)
    if args.within:
        report_within(golds, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
