"""Where one process spends its time: the parse against each of our stages, and the top functions.

    .venv/bin/python benchmarks/profile_stages.py ../shared/data/news/whitehouse_dev.jsonl [--top 15]

Runs `pipeline.analyze_inputs` over a JSONL file (one article per line, `text` and optionally
`published`) with a timer around every stage, then profiles the stages alone (cProfile, over the
same parses) and prints the functions with the most time of their own. The issue 7 budget is the
whole analysis at most 1.3x spaCy's own parse: `python3 ../shared/tools/score.py speed FILE`.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import pstats
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

STAGES = ("prepare", "check_language", "_parse_batch", "extract_actors", "extract_events", "extract_quotes",
          "link_events", "article_tone")


def timed_run(path: Path) -> tuple[float, collections.Counter[str]]:
    """Seconds for the whole analysis of `path`, and seconds per stage (wrapped in pipeline)."""
    from tidings import pipeline
    from tidings.settings import load_settings

    spent: collections.Counter[str] = collections.Counter()

    def timer(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - started
        return wrapped

    for name in STAGES:
        setattr(pipeline, name, timer(name, getattr(pipeline, name)))
    started = time.perf_counter()
    for result in pipeline.analyze_inputs([str(path)], load_settings()):
        if hasattr(result, "to_dict"):
            result.to_dict()
    return time.perf_counter() - started, spent


def profile_stages(path: Path, top: int) -> None:
    """cProfile of the stages after the parse, over parses made once beforehand."""
    import json

    from tidings.actors.extract import extract_actors
    from tidings.actors.knowledge import load_knowledge
    from tidings.events.codebook import load_codebook
    from tidings.events.extract import extract_events
    from tidings.events.lexicon import load_lexicon
    from tidings.nlp import load_english
    from tidings.quotes.cues import load_cues
    from tidings.quotes.extract import extract_quotes

    lines = path.read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    docs = list(load_english().pipe(texts, batch_size=16))
    knowledge, codebook, lexicon, cues = load_knowledge(), load_codebook(), load_lexicon(), load_cues()

    def stages() -> None:
        for doc in docs:
            actors = extract_actors(doc, knowledge, published=None).actors
            extract_events(doc, actors, published=None, codebook=codebook, lexicon=lexicon, cues=cues)
            extract_quotes(doc, actors, cues=cues)

    profiler = cProfile.Profile()
    profiler.runcall(stages)
    print(f"\ntop {top} functions by own time (cProfile; its overhead inflates spaCy's Token calls):")
    pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl", type=Path)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    total, spent = timed_run(args.jsonl)
    print(f"whole analysis: {total:.2f} s")
    for name, seconds in spent.most_common():
        print(f"  {name:16s} {seconds:6.2f} s  {seconds / total:5.1%}")
    profile_stages(args.jsonl, args.top)


if __name__ == "__main__":
    main()
