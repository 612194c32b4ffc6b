"""How each analysis stage grows with the text: seconds and peak memory at 50 KB, 200 KB and 990 KB.

    .venv/bin/python benchmarks/stage_scaling.py [--sizes 50,200,990] [--limit 300] [--tracemalloc]

Builds a synthetic news text of short sentences (named people with titles, countries, demonyms,
organisations and their acronyms, pronouns, definite and indefinite descriptions, quotes, dates and
places) of each size, parses it once with the project's parse (`tidings.nlp.parse_texts`), then
runs the stages `pipeline.analyze` runs, one at a time, on that one parse: the actors stage (split
into mention finding, resolution and coding), events, quotes, linking events to quotes and tone,
plus the time expressions and gazetteer look-ups alone (both also run inside events).

Each size runs in a child process with a wall-clock limit (`--limit`, seconds): a stage that does
not finish is reported as such, with the stages before it. Per stage: CPU seconds in the table
(steadier than wall-clock time on a shared machine; `--json` keeps both), and the peak resident
set while it ran (VmHWM, reset before each stage through /proc/self/clear_refs) as growth over the
resident set before it; `whole_peak_rss_mb` is the child's peak over all stages. `--tracemalloc`
adds the peak of Python allocations per stage (slower: tracemalloc hooks every allocation).

Issue 16's bound: every stage linear or n·log n in the text; the 990 KB text within 60 s and 1 GB.
The ratio columns divide a stage's growth from one size to the next by the text's (4x from 50 to
200 KB, 4.95x from 200 to 990 KB): a linear stage stays near 1, a quadratic one near the size
ratio. A larger heap makes every stage somewhat slower per word (cache misses, the garbage
collector), so expect a little over 1 even for linear stages; tests/actors/work.py counts lines
executed instead, for the exact growth.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

PUBLISHED = date(2024, 3, 15)
KB = 1000

# --- the synthetic text ---------------------------------------------------------------------------

FIRST_NAMES = (
    "Anna", "Boris", "Carlos", "Dmitri", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jamal", "Karin",
    "Lars", "Maria", "Nikolai", "Olga", "Pedro", "Qiang", "Rosa", "Samir", "Tomas", "Ursula", "Viktor",
    "Wei", "Yusuf", "Zofia", "Ahmed", "Bianca", "Chen", "Daniel", "Emma", "Felix", "Hana", "Ivan",
    "Julia", "Kenji", "Leila", "Marco", "Nadia", "Omar", "Pavel", "Rania", "Sergei", "Tanya", "Umar",
    "Vera", "Walter", "Xenia", "Yuki",
)
SURNAMES = (
    "Petrov", "Kowalski", "Tanaka", "Moreno", "Schmidt", "Haddad", "Lindqvist", "Novak", "Okafor",
    "Ricci", "Sato", "Volkov", "Weber", "Yilmaz", "Zhang", "Alvarez", "Brandt", "Costa", "Dubois",
    "Eriksen", "Fischer", "Garcia", "Horvat", "Ivanova", "Jansen", "Kuznetsov", "Larsen", "Meyer",
    "Nakamura", "Oliveira", "Popescu", "Quispe", "Rossi", "Silva", "Takahashi", "Urbano", "Vasquez",
    "Wagner", "Xavier", "Yamamoto", "Zielinski", "Abbas", "Bauer", "Carvalho", "Dimitrov", "Esposito",
    "Ferreira", "Gomez", "Hoffmann",
)
TITLES = ("Foreign Minister", "President", "Prime Minister", "Defence Minister", "Ambassador",
          "Senator", "Governor", "General", "Finance Minister", "Interior Minister")
COUNTRIES = (("Russia", "Russian"), ("Ukraine", "Ukrainian"), ("China", "Chinese"),
             ("the United States", "American"), ("France", "French"), ("Germany", "German"),
             ("Japan", "Japanese"), ("India", "Indian"), ("Turkey", "Turkish"), ("Brazil", "Brazilian"),
             ("Poland", "Polish"), ("Iran", "Iranian"), ("Israel", "Israeli"), ("Egypt", "Egyptian"))
CITIES = ("Kharkiv", "Kyiv", "Moscow", "Beijing", "Paris", "Berlin", "Tokyo", "Delhi", "Ankara",
          "Warsaw", "Tehran", "Cairo", "Odesa", "Lviv", "Geneva", "Vienna", "Istanbul", "Shanghai")
ORGANISATIONS = (("NATO", None), ("the United Nations", "UN"), ("the European Union", "EU"),
                 ("the World Bank", None), ("the Democratic Progressive Party", "DPP"),
                 ("the International Atomic Energy Agency", "IAEA"), ("the Red Cross", None),
                 ("the African Union", "AU"), ("the World Health Organization", "WHO"))
ROLES = ("minister", "president", "diplomat", "spokesman", "envoy", "governor", "official", "general")
DAYS = ("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday",
        "on Sunday", "yesterday", "last week", "on March 3", "in early February", "two days ago",
        "earlier this month", "on January 29, 2024")
VERBS = ("met", "criticised", "praised", "accused", "called", "visited", "thanked", "warned", "urged")
TOPICS = ("the ceasefire", "sanctions", "grain exports", "the nuclear talks", "refugees",
          "military aid", "the border dispute", "energy supplies", "the peace plan")


def _person(rng: random.Random) -> tuple[str, str, str]:
    return rng.choice(TITLES), rng.choice(FIRST_NAMES), rng.choice(SURNAMES)


def _paragraph(rng: random.Random) -> str:
    """Five to eight short sentences about one focus person and a counterpart, the way wire copy
    runs: a full name with a title first, then surname, pronouns and descriptions."""
    title, first, last = _person(rng)
    title2, first2, last2 = _person(rng)
    country, demonym = rng.choice(COUNTRIES)
    country2, demonym2 = rng.choice(COUNTRIES)
    org, acronym = rng.choice(ORGANISATIONS)
    city, city2 = rng.choice(CITIES), rng.choice(CITIES)
    he = rng.choice(("He", "She"))
    his, him = ("His", "him") if he == "He" else ("Her", "her")
    pool = [
        f"{demonym} {title} {first} {last} {rng.choice(VERBS)} {title2} {first2} {last2} in {city} "
        f"{rng.choice(DAYS)}.",
        f"{he} said the talks on {rng.choice(TOPICS)} were constructive.",
        f"The {rng.choice(ROLES)} said {country} would send more aid to {country2}.",
        f"{demonym2} forces shelled {city2} {rng.choice(DAYS)}.",
        f"\u201cWe will not accept this,\u201d {last} said.",
        f"\u201cThe situation in {city2} is very serious and we are watching it closely,\u201d "
        f"{he.lower()} told reporters.",
        f"{he} told reporters that {country} supports {country2}.",
        f"{org} condemned the attack on {city2} {rng.choice(DAYS)}.",
        f"{acronym or org} officials met {demonym} diplomats in {city}.",
        f"A senior {demonym2} diplomat visited {city} {rng.choice(DAYS)}.",
        f"{last} {rng.choice(VERBS)} {country2} over {rng.choice(TOPICS)}.",
        f"{his} deputy met {last2} in {city} {rng.choice(DAYS)}.",
        f"{last2} accused {country} of violating the ceasefire.",
        f"The country has denied the claims, and its leaders demanded talks with {country2}.",
        f"{country} and {country2} agreed to resume talks {rng.choice(DAYS)}.",
        f"They met again {rng.choice(DAYS)} and discussed {rng.choice(TOPICS)}.",
        f"{first2} {last2}, the {demonym2} {rng.choice(ROLES)}, said {he.lower()} would visit {city}.",
        f"{last} and {last2} discussed {rng.choice(TOPICS)} with {org} officials {rng.choice(DAYS)}.",
        f"{title2} {last2} said the {demonym} {rng.choice(ROLES)} had called {him} {rng.choice(DAYS)}.",
    ]
    sentences = pool[:1] + rng.sample(pool[1:], rng.randint(4, 7))
    return " ".join(sentence[0].upper() + sentence[1:] for sentence in sentences)


def news_text(chars: int, *, seed: int = 16) -> str:
    """A synthetic news text of about `chars` characters (never more), paragraphs separated by
    blank lines; the same text for the same size and seed."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while True:
        paragraph = _paragraph(rng)
        if size + len(paragraph) + 2 > chars:
            break
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


# --- measuring one stage --------------------------------------------------------------------------

_KB_LINE = re.compile(r"^(VmRSS|VmHWM):\s+(\d+) kB", re.MULTILINE)


def _memory_mb() -> dict[str, float]:
    with open("/proc/self/status", encoding="ascii") as status:
        return {name: int(kb) / 1024 for name, kb in _KB_LINE.findall(status.read())}


def _reset_peak() -> None:
    with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
        refs.write("5")  # resets VmHWM to the current resident set (Linux >= 4.0)


class Meter:
    """Times stages and reads their peak memory; writes one JSON line per stage to stdout.

    Stages may nest (resolution inside the actors stage): each keeps the highest VmHWM read while
    it was open, so resetting the mark for an inner stage does not lose the outer one's peak."""

    def __init__(self, size_kb: int, *, trace: bool) -> None:
        self.size_kb = size_kb
        self.trace = trace
        self.whole_peak_mb = 0.0
        self.open: list[dict[str, float]] = []  # per open stage: its highest VmHWM so far

    def _note_peak(self) -> None:
        peak = _memory_mb()["VmHWM"]
        self.whole_peak_mb = max(self.whole_peak_mb, peak)
        for stage in self.open:
            stage["peak"] = max(stage["peak"], peak)

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[None]:
        import tracemalloc

        self._note_peak()
        _reset_peak()
        mine = {"peak": 0.0, "rss": _memory_mb()["VmRSS"]}
        self.open.append(mine)
        trace = self.trace and not tracemalloc.is_tracing()
        if trace:
            tracemalloc.start()
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            seconds = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            self._note_peak()
            self.open.pop()
            record: dict[str, Any] = {"size_kb": self.size_kb, "stage": name, "seconds": round(seconds, 3),
                                      "cpu_seconds": round(cpu, 3),
                                      "peak_growth_mb": round(mine["peak"] - mine["rss"], 1),
                                      "peak_rss_mb": round(mine["peak"], 1)}
            if trace:
                record["traced_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
                tracemalloc.stop()
            print(json.dumps(record), flush=True)


def _timed(meter: Meter, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        with meter.stage(name):
            return function(*args, **kwargs)
    return wrapped


def run_child(size_kb: int, *, trace: bool) -> None:
    """Parse one synthetic text and run every stage on it, printing a JSON line per stage."""
    from tidings.actors import extract as actors_extract
    from tidings.actors.knowledge import load_knowledge
    from tidings.events.codebook import load_codebook
    from tidings.events.extract import extract_events
    from tidings.events.lexicon import load_lexicon
    from tidings.geo import locate
    from tidings.nlp import load_english, parse_texts
    from tidings.quotes.cues import load_cues
    from tidings.quotes.extract import extract_quotes, link_events
    from tidings.timex import find_times
    from tidings.tone import article_tone, sentence_tone

    text = news_text(size_kb * KB)
    # Everything loaded once per process is loaded before the clock starts.
    load_english(), sentence_tone("warm-up"), locate("Paris")
    knowledge, codebook, lexicon, cues = load_knowledge(), load_codebook(), load_lexicon(), load_cues()
    meter = Meter(size_kb, trace=trace)
    print(json.dumps({"size_kb": size_kb, "stage": "text", "chars": len(text)}), flush=True)

    with meter.stage("parse"):
        doc = next(parse_texts([text]))
    sentences = list(doc.sents)
    print(json.dumps({"size_kb": size_kb, "stage": "doc", "tokens": len(doc),
                      "sentences": len(sentences)}), flush=True)

    actors_extract.find_mentions = _timed(meter, "actors: mentions", actors_extract.find_mentions)
    actors_extract.group_mentions = _timed(meter, "actors: resolve", actors_extract.group_mentions)
    with meter.stage("actors (all)"):
        found = actors_extract.extract_actors(doc, knowledge, published=PUBLISHED)
    actors = found.actors
    mentions = sum(len(actor.mentions) for actor in actors)
    print(json.dumps({"size_kb": size_kb, "stage": "actors found", "actors": len(actors),
                      "mentions": mentions}), flush=True)

    with meter.stage("events"):
        events = extract_events(doc, actors, published=PUBLISHED, codebook=codebook, lexicon=lexicon,
                                cues=cues)
    with meter.stage("quotes"):
        quotes = extract_quotes(doc, actors, cues=cues)
    with meter.stage("link events"):
        link_events(events, quotes)
    with meter.stage("tone"):
        article_tone([sent.text for sent in sentences])
    with meter.stage("timex (alone)"):
        for sent in sentences:
            find_times(sent.text, PUBLISHED)
    with meter.stage("geo (alone)"):
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC", "FAC"):
                locate(ent.text)
    print(json.dumps({"size_kb": size_kb, "stage": "counts", "events": len(events), "quotes": len(quotes),
                      "whole_peak_rss_mb": round(meter.whole_peak_mb, 1)}), flush=True)


# --- the parent: one child per size, with a limit -------------------------------------------------

def run_size(size_kb: int, limit: float, *, trace: bool) -> list[dict[str, Any]]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(size_kb)]
    if trace:
        command.append("--tracemalloc")
    records: list[dict[str, Any]] = []
    started = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as child:
        assert child.stdout is not None
        stream = child.stdout

        def read() -> None:
            for line in stream:
                with contextlib.suppress(ValueError):
                    records.append(json.loads(line))

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            child.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            records.append({"size_kb": size_kb, "stage": "LIMIT",
                            "seconds": round(time.perf_counter() - started, 1)})
        reader.join(timeout=5)
    return records


def print_table(results: dict[int, list[dict[str, Any]]]) -> None:
    """Per stage and size: CPU seconds (steadier than wall-clock time on a shared machine; the
    JSON has both), peak memory growth, and the growth ratios."""
    sizes = sorted(results)
    stages: list[str] = []
    for size in sizes:
        for record in results[size]:
            if "seconds" in record and record["stage"] not in stages and record["stage"] != "LIMIT":
                stages.append(record["stage"])
    by = {(r["size_kb"], r["stage"]): r for size in sizes for r in results[size]}
    header = f"{'stage':18s}" + "".join(f"{f'{s} KB: cpu s':>14s}{'+MB':>7s}" for s in sizes)
    header += "".join(f"{f'x {a}->{b}':>12s}" for a, b in zip(sizes, sizes[1:], strict=False))
    print(header)
    for stage in stages:
        line = f"{stage:18s}"
        for size in sizes:
            record = by.get((size, stage))
            if record is None:
                stopped = by.get((size, "LIMIT"))
                line += f"{'>' + str(stopped['seconds']) + ' wall' if stopped else '-':>14s}{'':>7s}"
            else:
                growth = record.get("peak_growth_mb")
                line += f"{record['cpu_seconds']:14.2f}{'' if growth is None else f'{growth:.0f}':>7s}"
        for a, b in zip(sizes, sizes[1:], strict=False):
            ra, rb = by.get((a, stage)), by.get((b, stage))
            if ra and rb and ra["cpu_seconds"] > 0.005:
                # time ratio over text ratio: ~1 for a linear stage
                line += f"{rb['cpu_seconds'] / ra['cpu_seconds'] / (b / a):12.2f}"
            else:
                line += f"{'-':>12s}"
        print(line)
    for size in sizes:
        facts = {k: v for r in results[size] if r["stage"] in ("text", "doc", "actors found", "counts")
                 for k, v in r.items() if k not in ("size_kb", "stage")}
        print(f"{size} KB: " + ", ".join(f"{k} {v}" for k, v in facts.items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,990", help="text sizes in KB (1,000 characters)")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds allowed per size")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations")
    parser.add_argument("--json", type=Path, help="also write every record to this file")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        run_child(args.child, trace=args.tracemalloc)
        return
    results = {}
    for size in (int(s) for s in args.sizes.split(",")):
        results[size] = run_size(size, args.limit, trace=args.tracemalloc)
        print(f"... {size} KB done", file=sys.stderr, flush=True)
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
