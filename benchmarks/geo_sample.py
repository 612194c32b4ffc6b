"""Draw placed events at random, to check their places by hand (BENCHMARKS.md, "Places (issue 19)").

    .venv/bin/python benchmarks/geo_sample.py [--articles DIR] [--demo DIR] [--seed 19] [--count 100]
                                              [--exclude FILE] [--jsonl FILE] [--text-only]

Analyses the demo corpus (--demo, default samples/) and the hand-annotated articles of DIR (default
../shared/data/articles: each NAME.txt with its publication date from NAME.json, fed as
benchmarks/holdout.py and ../shared/tools/score.py feed them), prints how many events of each set
have a place, then draws `--count` placed events with a fixed seed and prints for each: its id
(set, article, event), the place as written, the gazetteer's place and country, how it was chosen
(geo.how), the event's CAMEO code and dyad, and the sentence. Nothing is written; the articles'
texts stay outside the repository.

--jsonl FILE (repeatable) draws from JSON Lines news sets instead of the demo and the articles (a
fresh pool: ../shared/data/news/reuters_dev.jsonl, each record's id, text and published date fed
as ../shared/tools/score.py feeds them, with its title and dateline when it has them: Reuters-21578
keeps "TOKYO, April 27 -" out of the text); each file is a set, named by its stem.

--exclude FILE leaves out of the draw the events an earlier draw printed (FILE is that earlier
output; its "N. set/article/event" lines name them), so a second hand check looks at new events.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = ROOT / ".venv" / "bin" / "tidings"
DEFAULT_ARTICLES = ROOT.parent / "shared" / "data" / "articles"

Analysis = dict[str, object]
DRAWN = re.compile(r"^\s*\d+\. (\S+/\S+/\S+)\s", re.MULTILINE)  # "  7. demo/whbr-…/e3  'Kyiv' -> …"


def key(event: dict[str, object]) -> str:
    """An event's key as a draw prints it: set/article/event."""
    return f"{event['set']}/{event['article']}/{event['id']}"


def drawn_keys(path: Path) -> set[str]:
    """The keys of the events an earlier draw (this script's output, saved to `path`) printed."""
    return set(DRAWN.findall(path.read_text(encoding="utf-8")))


def analyse(*inputs: str) -> list[Analysis]:
    """`tidings analyze INPUTS --format jsonl`, one analysis a line."""
    proc = subprocess.run([str(CLI), "analyze", *inputs, "--format", "jsonl"], capture_output=True,
                          text=True, timeout=3600, check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"tidings analyze failed ({proc.returncode}): {proc.stderr.strip()[-300:]}")
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def articles_input(folder: Path, into: Path) -> Path:
    """A JSON Lines file of the folder's articles: id (file name), text and published date."""
    path = into / "articles.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for text_file in sorted(folder.glob("*.txt")):
            gold = text_file.with_suffix(".json")
            published = json.loads(gold.read_text(encoding="utf-8"))["published"] if gold.exists() else None
            text = text_file.read_text(encoding="utf-8")
            record = {"id": text_file.name, "text": text, "published": published}
            out.write(json.dumps(record) + "\n")
    return path


def jsonl_input(source: Path, into: Path, *, text_only: bool = False) -> Path:
    """A JSON Lines file of the news set's records: id, text and published day, and the title and
    dateline when the record has them (a wire corpus keeps the dateline out of the text) unless
    `text_only`."""
    path = into / f"{source.stem}.jsonl"
    with source.open(encoding="utf-8") as records, path.open("w", encoding="utf-8") as out:
        for line in records:
            if line.strip():
                record = json.loads(line)
                published = (record.get("published") or "")[:10] or None
                fed = {"id": record["id"], "text": record["text"], "published": published}
                if not text_only:
                    fed.update({key: record[key] for key in ("title", "dateline") if record.get(key)})
                out.write(json.dumps(fed) + "\n")
    return path


def events_of(name: str, analyses: list[Analysis], root: Path) -> list[dict[str, object]]:
    """Every event of the analyses, each with the set and article it came from (a file by its
    path under `root`, so that draws from copies of one corpus name its events alike)."""
    found = []
    for analysis in analyses:
        article = analysis["article"]
        assert isinstance(article, dict)
        events = analysis["events"]
        assert isinstance(events, list)
        names = {actor["id"]: actor["name"] for actor in analysis["actors"]}  # type: ignore[attr-defined]
        for event in events:
            dyad = f"{names.get(event['source'], '-')} -> {names.get(event['target'], '-')}"
            where = str(article.get("ref") or article.get("id"))
            where = where.removeprefix(f"{root}/")
            found.append({**event, "set": name, "article": where, "dyad": dyad})
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=DEFAULT_ARTICLES)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--demo", type=Path, default=ROOT / "samples")
    parser.add_argument("--exclude", type=Path, action="append", default=[],
                        help="an earlier draw's output: its events are not drawn again (repeatable)")
    parser.add_argument("--text-only", action="store_true",
                        help="with --jsonl: feed each record's text and date, not its title and dateline")
    parser.add_argument("--jsonl", type=Path, action="append", default=[],
                        help="a JSON Lines news set to draw from, not the demo and the articles (repeatable)")
    args = parser.parse_args()
    excluded = set().union(*(drawn_keys(path) for path in args.exclude))
    with tempfile.TemporaryDirectory() as tmp:
        if args.jsonl:
            sets = {path.stem: analyse(str(jsonl_input(path, Path(tmp), text_only=args.text_only)))
                    for path in args.jsonl}
        else:
            sets = {"demo": analyse(str(args.demo.resolve())),
                    "articles": analyse(str(articles_input(args.articles, Path(tmp))))}
    placed: list[dict[str, object]] = []
    for name, analyses in sets.items():
        events = events_of(name, analyses, args.demo.resolve())
        with_place = [e for e in events if e["geo"] is not None]
        hows = Counter(str(e["geo"]["how"]) for e in with_place)  # type: ignore[index]
        print(f"{name}: {len(with_place)} of {len(events)} events have a place "
              f"({len(with_place) / max(1, len(events)):.2f}); by how: {dict(sorted(hows.items()))}")
        placed.extend(with_place)
    if excluded:
        kept = [e for e in placed if key(e) not in excluded]
        print(f"excluded {len(placed) - len(kept)} events an earlier draw printed ({len(excluded)} named)")
        placed = kept
    sample = random.Random(args.seed).sample(placed, min(args.count, len(placed)))
    for number, event in enumerate(sample, 1):
        geo = event["geo"]
        assert isinstance(geo, dict)
        sentence = " ".join(str(event["sentence"]).split())
        print(f"\n{number:3d}. {key(event)}  {event['location']!r} -> "
              f"{geo['name']} ({geo['country']})  how={geo['how']}\n     {event['cameo']} {event['dyad']}: "
              f"{sentence}")


if __name__ == "__main__":
    main()
