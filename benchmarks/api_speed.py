"""Response time of the JSON API and the pages that list events, at scale (issue 20).

    .venv/bin/python benchmarks/api_speed.py --events 100000 [--db PATH] [--runs 20] [--linker store]

Builds the database once (reused when the file exists and holds N event mentions; default path
/tmp/tidings-api-N.db), then times each request through FastAPI's test client (in-process: no
network), one warm-up then --runs runs, printing `REQUEST median_ms worst_ms` per request, the
build time and the database's size in bytes and bytes per event mention.

The synthetic world: real-world events between 20 country actors (the United States and China
named most) from 2021 to 2024, under 23 CAMEO codes of 13 roots, each told by 1 to 5 articles of
different outlets published on its day or up to three days later (a telling may code another
code of the root: "visited" for "met"); an article tells about six events, a sentence each. No two
real-world events share a dyad (either way round for the symmetric roots), a root group and a day,
so tidings' linker, which could not tell such events apart, links exactly the tellings of each.

Rows are written through the store's own API as `tidings ingest` writes them (tidings.ledger):
upsert_article, save_analysis, save_event_links, save_minhash, record_input, in one transaction
per 2,000 articles. The links are decided by tidings.events.merge.link_mentions (the linker's own
decision) against the real-world events the article's mentions tell, held in memory, instead of
candidates read back from the store: that read scans the events table (issue 20) and would make a
1M build take hours. Given the uniqueness above, both give the same rows; `--linker store` links
through tidings.events.linking.link_article_events instead, to check that on a small build.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from tidings.actors.names import normalise_name
from tidings.dedupe import article_id, minhash, serialize
from tidings.events.linking import link_article_events
from tidings.events.merge import EventLink, Mention, Side, link_mentions, load_rules
from tidings.model import Analysis, Article
from tidings.records import Actor, Event, Evidence
from tidings.records import Mention as TextMention
from tidings.settings import Settings
from tidings.store import Store, open_store
from tidings.web.app import create_app

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

# (ISO3, name, weight): how often a country is a side of an event.
COUNTRIES = [("USA", "United States", 12), ("CHN", "China", 10), ("RUS", "Russia", 8), ("UKR", "Ukraine", 6),
             ("JPN", "Japan", 4), ("KOR", "South Korea", 3), ("PRK", "North Korea", 2), ("TWN", "Taiwan", 3),
             ("IND", "India", 4), ("PAK", "Pakistan", 2), ("IRN", "Iran", 4), ("ISR", "Israel", 4),
             ("TUR", "Turkey", 2), ("FRA", "France", 3), ("DEU", "Germany", 3), ("GBR", "United Kingdom", 3),
             ("BRA", "Brazil", 1), ("SAU", "Saudi Arabia", 2), ("EGY", "Egypt", 1), ("AUS", "Australia", 2)]
# (CAMEO, PLOVER, QuadClass, Goldstein, words) from the codebook (tidings/data/events/cameo.tsv).
CODES = [("010", "OTHER", 1, 0.0, "commented on"), ("036", "AGREE", 1, 4.0, "offered talks to"),
         ("040", "CONSULT", 1, 1.0, "met"), ("042", "CONSULT", 1, 1.9, "visited"),
         ("043", "CONSULT", 1, 2.8, "hosted"), ("046", "CONSULT", 1, 7.0, "negotiated with"),
         ("057", "SUPPORT", 1, 8.0, "signed an agreement with"), ("070", "AID", 2, 7.0, "sent aid to"),
         ("071", "AID", 2, 7.4, "gave economic aid to"), ("111", "ACCUSE", 3, -2.0, "criticized"),
         ("112", "ACCUSE", 3, -2.0, "accused"), ("120", "REJECT", 3, -4.0, "rejected a demand of"),
         ("130", "THREATEN", 3, -4.4, "threatened"), ("138", "THREATEN", 3, -7.0, "threatened force against"),
         ("141", "PROTEST", 3, -6.5, "protested against"),
         ("163", "COERCE", 4, -8.0, "imposed an embargo on"),
         ("172", "COERCE", 4, -5.0, "sanctioned"), ("173", "COERCE", 4, -5.0, "arrested citizens of"),
         ("183", "ASSAULT", 4, -10.0, "bombed"), ("190", "ASSAULT", 4, -10.0, "attacked"),
         ("193", "ASSAULT", 4, -10.0, "fired on"), ("195", "ASSAULT", 4, -10.0, "launched air strikes on")]
CODE_WEIGHTS = [8, 3, 8, 4, 4, 3, 3, 2, 1, 5, 4, 3, 3, 1, 2, 1, 2, 1, 1, 3, 1, 1]
OUTLETS = ["reuters.com", "apnews.com", "afp.com", "bbc.co.uk", "xinhuanet.com", "tass.com", "aljazeera.com",
           "theguardian.com", "nhk.or.jp", "yna.co.kr", "dw.com", "kyivindependent.com", "timesofindia.com",
           "lemonde.fr", "asia.nikkei.com", "scmp.com"]
TELLINGS = [1, 2, 3, 4, 5]
TELLING_WEIGHTS = [35, 25, 20, 12, 8]
MEAN_TELLINGS = sum(t * w for t, w in zip(TELLINGS, TELLING_WEIGHTS, strict=True)) / sum(TELLING_WEIGHTS)
PER_ARTICLE = 6
FIRST_DAY, DAYS = date(2021, 1, 1), 4 * 365
BATCH = 2_000
SETTINGS = Settings()


@dataclass
class Telling:
    """One telling of a real-world event `world` (an index into the builder's open events)."""

    world: int
    source: int  # index into COUNTRIES
    target: int
    code: int  # index into CODES
    day: date


@dataclass
class Builder:
    """Streams articles in publication order, linking each as it is stored."""

    store: Store
    linker: str
    rng: random.Random
    open_events: dict[int, tuple[str | None, list[Mention], int]] = field(default_factory=dict)
    serial: int = 0

    def article(self, outlet: str, published: str, tellings: list[Telling]) -> None:
        """Store one article telling `tellings`, its analysis and its links, as ingest does."""
        self.serial += 1
        lead = f"{outlet} report {self.serial}: "
        sentences, spans = [], []
        at = len(lead)
        for telling in tellings:
            words = CODES[telling.code][4]
            sentence = (f"{COUNTRIES[telling.source][1]} {words} {COUNTRIES[telling.target][1]} on "
                        f"{telling.day:%B} {telling.day.day}, {telling.day.year}.")
            sentences.append(sentence)
            spans.append(at)
            at += len(sentence) + 1
        body = lead + " ".join(sentences)
        aid = article_id(body)
        article = Article(id=aid, text=body, ref=f"https://{outlet}/world/{aid}", url=f"https://{outlet}/world/{aid}",
                          title=sentences[0][:-1], source=outlet, published=published, language="en")
        actor_ids: dict[int, str] = {}
        actor_mentions: dict[int, list[TextMention]] = {}
        events = []
        for number, (telling, start) in enumerate(zip(tellings, spans, strict=True), start=1):
            src, dst = COUNTRIES[telling.source][1], COUNTRIES[telling.target][1]
            words = CODES[telling.code][4]
            verb_at = start + len(src) + 1
            target_at = verb_at + len(words) + 1
            for country, offset, name in ((telling.source, start, src), (telling.target, target_at, dst)):
                actor_ids.setdefault(country, f"a{len(actor_ids) + 1}")
                actor_mentions.setdefault(country, []).append(
                    TextMention(offset, offset + len(name), name, "name"))
            cameo, plover, quad, goldstein, _ = CODES[telling.code]
            sentence = sentences[number - 1]
            trigger = words.split()[0]
            events.append(Event(
                id=f"e{number}", source=actor_ids[telling.source], target=actor_ids[telling.target],
                cameo=cameo, root=cameo[:2], quad_class=quad, goldstein=goldstein, plover=plover,
                date=telling.day.isoformat(), date_precision="day", date_text=None, location=None, geo=None,
                tone=-0.1 if quad > 2 else 0.1, modality="asserted", topics=(), quote=None,
                evidence=Evidence(sentence, (start, start + len(sentence)), trigger,
                                  (verb_at, verb_at + len(trigger))),
                confidence=0.8, coder="api_speed"))
        actors = tuple(Actor(id=actor_ids[country], name=COUNTRIES[country][1], kind="country",
                             country=COUNTRIES[country][0], sector=None, roles=(),
                             mentions=tuple(actor_mentions[country])) for country in actor_ids)
        analysis = Analysis(article=article, actors=actors, events=tuple(events))
        store = self.store
        store.upsert_article(article)
        store.save_analysis(aid, analysis)
        if self.linker == "store":
            link_article_events(store, aid, threshold=SETTINGS.event_merge_threshold)
        else:
            store.save_event_links(aid, self._links(aid, tellings))
        store.save_minhash(aid, serialize(minhash(body, shingle_size=SETTINGS.shingle_size)))
        store.record_input(article.ref, hashlib.sha256(body.encode()).hexdigest(), article_id=aid,
                           outcome="stored")

    def _links(self, aid: str, tellings: list[Telling]) -> list[EventLink]:
        """The linker's decision for the article's mentions against the events they tell."""
        rules = load_rules()
        new = []
        known: dict[str, list[Mention]] = {}
        for number, telling in enumerate(tellings, start=1):
            cameo = CODES[telling.code][0]
            source, target = (Side(normalise_name(COUNTRIES[index][1]), COUNTRIES[index][0], None)
                              for index in (telling.source, telling.target))
            new.append(Mention(f"{aid}:e{number}", aid, cameo, cameo[:2], "asserted", telling.day,
                               telling.day, source, target))
            canonical, members, _left = self.open_events[telling.world]
            if canonical is not None:  # the store lists an event's mentions by article
                known[canonical] = sorted(members, key=lambda member: member.article_id)
        links = link_mentions(new, known, threshold=SETTINGS.event_merge_threshold, rules=rules)
        saved = []
        for link, mention, telling in zip(links, new, tellings, strict=True):
            canonical, members, left = self.open_events[telling.world]
            members.append(mention)
            if left == 1:
                del self.open_events[telling.world]  # its last telling: no later article links to it
            else:
                self.open_events[telling.world] = (link.canonical, members, left - 1)
            saved.append(EventLink(link.key.rpartition(":")[2], link.canonical, link.anchor, link.score,
                                   link.reason, rules.root_group.get(mention.root, mention.root),
                                   mention.first_day, mention.last_day, mention.source, mention.target))
        return saved


def _world(rng: random.Random, day: date, used: set[tuple[object, ...]]) -> tuple[int, int, int] | None:
    """A real-world event (source, target, code) on `day` that no other shares with its dyad and
    root group that day; None after 20 tries."""
    rules = load_rules()
    weights = [weight for _iso3, _name, weight in COUNTRIES]
    for _ in range(20):
        source, target = rng.choices(range(len(COUNTRIES)), weights, k=2)
        code = rng.choices(range(len(CODES)), CODE_WEIGHTS)[0]
        root = CODES[code][0][:2]
        pair = tuple(sorted((source, target))) if root in rules.symmetric_roots else (source, target)
        key = (day, pair, rules.root_group.get(root, root))
        if source != target and key not in used:
            used.add(key)
            return source, target, code
    return None


def _articles(events: int, rng: random.Random, builder: Builder) -> Iterator[tuple[str, str, list[Telling]]]:
    """(outlet, published, tellings) of every article, in publication order, `events` tellings in all."""
    per_day = events / DAYS / MEAN_TELLINGS
    pending: dict[tuple[date, int, int], list[Telling]] = {}
    made, world, day = 0, 0, FIRST_DAY
    used: set[tuple[object, ...]] = set()
    # articles per outlet and day, so that an article tells PER_ARTICLE events on average
    slots = max(1, round(events / DAYS / len(OUTLETS) / PER_ARTICLE))
    while made < events or pending:
        for key in sorted(key for key in pending if key[0] < day):  # no later event is published on it
            published = f"{key[0].isoformat()}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00"
            yield OUTLETS[key[1]], published, pending.pop(key)
        count = min(int(per_day) + (rng.random() < per_day % 1), events - made)
        used = {key for key in used if key[0] == day}
        for _ in range(max(count, 0)):
            drawn = _world(rng, day, used)
            if drawn is None or made >= events:
                continue
            source, target, code = drawn
            tellings = min(rng.choices(TELLINGS, TELLING_WEIGHTS)[0], events - made)
            builder.open_events[world] = (None, [], tellings)
            root = CODES[code][0][:2]
            for outlet in rng.sample(range(len(OUTLETS)), tellings):
                told = code
                if rng.random() < 0.3:  # another code of the root, as another writer may choose
                    told = rng.choice([i for i, c in enumerate(CODES) if c[0][:2] == root])
                # "China met the United States": a symmetric root told the other way round
                swap = rng.random() < 0.2 and root in load_rules().symmetric_roots
                published = day + timedelta(days=rng.choice([0, 0, 0, 1, 1, 2, 3]))
                pending.setdefault((published, outlet, rng.randrange(slots)), []).append(
                    Telling(world, *((target, source) if swap else (source, target)), told, day))
            made += tellings
            world += 1
        day += timedelta(days=1)


def build(path: Path, events: int, linker: str = "memory") -> None:
    """Write the synthetic database of `events` event mentions at `path` (replaced)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(20)
    with open_store(path, create=True) as store:
        builder = Builder(store, linker, rng)
        articles = _articles(events, rng, builder)
        while True:
            with store.transaction():
                batch = 0
                for outlet, published, tellings in articles:
                    builder.article(outlet, published, tellings)
                    batch += 1
                    if batch == BATCH:
                        break
            if batch < BATCH:
                return


def held(path: Path) -> int:
    """How many event mentions the database at `path` holds."""
    with open_store(path) as store:
        return store.count_events()


def size(path: Path) -> int:
    """The database's bytes on disk, its write-ahead log included."""
    files = [Path(f"{path}{suffix}") for suffix in ("", "-wal")]
    return sum(os.path.getsize(file) for file in files if file.exists())


def requests(client: TestClient) -> list[str]:
    """The issue's six requests, keyset paging when the API offers it, and the event pages."""
    urls = ["/api/events?source=USA&limit=50",
            "/api/events?source=USA&target=CHN&root=19&limit=50&offset=200",
            "/api/events?plover=CONSULT&since=2024-07-01&limit=100",
            "/api/dyads?source=USA&target=CHN&by=month",
            "/api/events?limit=50&offset=100000",
            "/api/actors?country=CHN"]
    schema = client.get("/api/openapi.json").json()
    parameters = {p["name"] for p in schema["paths"]["/api/events"]["get"].get("parameters", [])}
    if "after" in parameters:
        page = client.get("/api/events?limit=50").json()
        cursor = page.get("next_after") or page.get("after") or ""
        urls.append(f"/api/events?limit=50&after={cursor}")
    else:
        print("# /api/events?limit=50&after=CURSOR skipped: /api/events has no `after` parameter yet",
              file=sys.stderr)
    return [*urls, "/", "/events", "/events?source=USA", "/actors/China"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--linker", choices=["memory", "store"], default="memory")
    parser.add_argument("--build-only", action="store_true", help="build the database, time nothing")
    args = parser.parse_args()
    db: Path = args.db or Path(f"/tmp/tidings-api-{args.events}.db")
    if not db.exists() or held(db) != args.events:
        started = time.perf_counter()
        build(db, args.events, args.linker)
        print(f"# built {args.events} events in {time.perf_counter() - started:.0f} s")
    print(f"# database {size(db)} bytes, {size(db) / args.events:.0f} bytes per event mention")
    if args.build_only:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

        client = TestClient(create_app(db))
    for url in requests(client):
        client.get(url).raise_for_status()  # warm-up
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
        print(f"{url:<66} {statistics.median(timings):9.1f} {max(timings):9.1f}", flush=True)


if __name__ == "__main__":
    main()
