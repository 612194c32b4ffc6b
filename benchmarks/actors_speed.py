"""Speed cost of the actors stage, against the spaCy parse it runs on.

Usage: .venv/bin/python benchmarks/actors_speed.py [--limit N]
Reads ../shared/data/news/whitehouse_dev.jsonl (falls back to the bundled samples when absent),
parses every text once, then times mention finding, grouping and coding on the parsed Docs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from tidings.actors.extract import extract_actors
from tidings.actors.knowledge import load_knowledge
from tidings.nlp import load_english

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "news" / "whitehouse_dev.jsonl"
BUNDLED = ROOT / "samples" / "whitehouse" / "readouts.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    source = SHARED if SHARED.exists() else BUNDLED
    texts = [json.loads(line)["text"] for line in source.read_text().splitlines() if line.strip()]
    texts = texts[: args.limit]
    words = sum(len(text.split()) for text in texts)

    started = time.perf_counter()
    knowledge = load_knowledge()
    nlp = load_english()
    loaded = time.perf_counter() - started

    started = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parsed = time.perf_counter() - started

    started = time.perf_counter()
    actors = sum(len(extract_actors(doc, knowledge).actors) for doc in docs)
    coded = time.perf_counter() - started

    print(f"texts: {len(texts)} from {source.name}, {words} words")
    print(f"load model + knowledge: {loaded:.2f} s")
    print(f"spaCy parse: {parsed:.2f} s ({words / parsed:,.0f} words/s)")
    print(f"actors stage: {coded:.2f} s ({words / coded:,.0f} words/s), {actors} actors")
    print(f"actors stage cost relative to the parse: {coded / parsed:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
