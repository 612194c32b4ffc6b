"""Response time of the JSON API over 100,000 stored events (synthetic rows).

    .venv/bin/python benchmarks/api_speed.py [--events 100000] [--db /tmp/tidings-api-bench.db]

Builds (once; reused when the file exists) a database of synthetic articles with ten events each
between a handful of country actors, then times filtered, paginated requests through FastAPI's
test client (in-process: no network), reporting the median and worst of 20 runs per request.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

from tidings.model import Analysis, Article
from tidings.records import Actor, Event, Evidence, Mention
from tidings.store import open_store
from tidings.web.app import create_app

COUNTRIES = [("USA", "United States"), ("CHN", "China"), ("JPN", "Japan"), ("RUS", "Russia"),
             ("UKR", "Ukraine"), ("TWN", "Taiwan"), ("IND", "India"), ("FRA", "France")]
CODES = [("040", "CONSULT", 1, 1.0), ("111", "ACCUSE", 3, -2.0), ("057", "AGREE", 1, 8.0),
         ("190", "ASSAULT", 4, -10.0), ("130", "THREATEN", 3, -4.4), ("070", "AID", 2, 7.0)]
PER_ARTICLE = 10


def _analysis(article: Article, rng: random.Random) -> Analysis:
    text = article.text
    actors = []
    for number, (iso3, name) in enumerate(COUNTRIES, start=1):
        start = text.index(name)
        actors.append(Actor(id=f"a{number}", name=name, kind="country", country=iso3, sector=None, roles=(),
                            mentions=(Mention(start, start + len(name), name, "name"),)))
    events = []
    for number in range(1, PER_ARTICLE + 1):
        source, target = rng.sample(range(1, len(COUNTRIES) + 1), 2)
        cameo, plover, quad, goldstein = rng.choice(CODES)
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        events.append(Event(id=f"e{number}", source=f"a{source}", target=f"a{target}", cameo=cameo,
                            root=cameo[:2], quad_class=quad, goldstein=goldstein, plover=plover, date=day,
                            date_precision="day", date_text=None, location=None, geo=None, tone=0.0,
                            modality="asserted", topics=(), quote=None,
                            evidence=Evidence(text[:40], (0, 40), "met", (0, 0)), confidence=0.8,
                            coder="api_speed"))
    return Analysis(article=article, actors=tuple(actors), events=tuple(events))


def build(path: Path, events: int) -> None:
    rng = random.Random(7)
    names = " ".join(name for _iso3, name in COUNTRIES)
    with open_store(path, create=True) as store, store.transaction():
        for number in range(events // PER_ARTICLE):
            article_id = f"{number:016x}"
            article = Article(id=article_id, text=f"Synthetic article {number} naming {names}.",
                              title=f"Synthetic {number}", published=f"2024-{number % 12 + 1:02d}-15")
            store.upsert_article(article)
            store.save_analysis(article_id, _analysis(article, rng))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/tidings-api-bench.db"))
    args = parser.parse_args()
    if not args.db.exists():
        started = time.perf_counter()
        build(args.db, args.events)
        print(f"built {args.events} events in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

        client = TestClient(create_app(args.db))
    requests = ["/api/events?source=USA&limit=50",
                "/api/events?source=USA&target=CHN&root=19&limit=50&offset=200",
                "/api/events?plover=CONSULT&since=2024-06-01&limit=100",
                "/api/quotes?limit=50", "/api/actors?country=CHN",
                "/api/dyads?source=USA&target=CHN&by=month"]
    print(f"{'request':<66} {'median ms':>9} {'max ms':>7}")
    for url in requests:
        timings = []
        for _ in range(20):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            response.raise_for_status()
        print(f"{url:<66} {statistics.median(timings):9.1f} {max(timings):7.1f}")


if __name__ == "__main__":
    main()
