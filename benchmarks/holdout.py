"""Split a development set into a working part and an aside quarter, and score both halves.

A rule that only helps on the records its author read is a rule keyed to their phrasing. So before a
set is worked on, a quarter of it is put aside by a fixed hash and its misses are never read; a gain
counts only if it shows on the aside quarter too (BENCHMARKS.md reports both).

    .venv/bin/python benchmarks/holdout.py split  [--out DIR]      # writes DIR/{work,aside}/...
    .venv/bin/python benchmarks/holdout.py score  SET [--out DIR] [--quiet]

SET is one of: articles, plv, ngec, plover. `score` runs `../shared/tools/score.py` on both parts and
prints the work part in full (its misses are for reading) and only the summary figures of the aside
part (its misses are not printed, so they cannot be read by accident).

    .venv/bin/python benchmarks/holdout.py score articles --fresh DIR

also scores DIR, a folder of articles annotated later in the same format (NAME.json beside its
article), as a part of its own that is wholly aside: only its summary is printed. Such a folder is
kept outside the repository (the texts are publishers' copyright), so its figures are reproducible
only where the folder is.

The key of a record is its id (the file name for articles, the test name for NGEC), except for PLV,
where several records share a sentence: there the key is the sentence, so a sentence is never in
both parts. A record is aside when the first byte of sha256(key) is below 64: a quarter, fixed
forever, whatever order the file is in.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
DATA = SHARED / "data"
SCORE = SHARED / "tools" / "score.py"
DEFAULT_OUT = Path("/tmp/tidings-holdout")

Record = dict[str, object]

JSONL_SETS: dict[str, tuple[str, str, Callable[[Record], str]]] = {
    # set name: (path under data/, score.py mode, key of a record)
    "plv": ("events/plv_train.jsonl", "plv", lambda r: str(r["text"])),
    "ngec": ("events/ngec_actor_tests_dev.jsonl", "ngec", lambda r: str(r["test"])),
    "plover": ("events/plover_gsr_dev.jsonl", "plover", lambda r: str(r["id"])),
}
SUMMARY_PREFIXES = ("plv ", "actor ", "cases:", "records:", "unknown ", "ngec ", "plover", "article score",
                    "overall score", "clean:", "actors:", "coref:", "quotes:", "speakers:", "spurious",
                    "events ", "event ", "type", "dyad", "source", "target")


def is_aside(key: str) -> bool:
    """True for the quarter of keys put aside: a fixed hash, independent of order and of the run."""
    return hashlib.sha256(key.encode("utf-8")).digest()[0] < 64


def split_jsonl(name: str, out: Path) -> tuple[int, int]:
    rel, _, key_of = JSONL_SETS[name]
    lines = (DATA / rel).read_text(encoding="utf-8").splitlines()
    parts: dict[str, list[str]] = {"work": [], "aside": []}
    for line in lines:
        if line.strip():
            parts["aside" if is_aside(key_of(json.loads(line))) else "work"].append(line)
    for part, rows in parts.items():
        (out / part).mkdir(parents=True, exist_ok=True)
        (out / part / Path(rel).name).write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    return len(parts["work"]), len(parts["aside"])


def split_articles(out: Path) -> tuple[int, int]:
    counts = {"work": 0, "aside": 0}
    for part in counts:
        target = out / part / "articles"
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
    for gold in sorted((DATA / "articles").glob("*.json")):
        part = "aside" if is_aside(gold.stem) else "work"
        counts[part] += 1
        article = DATA / "articles" / str(json.loads(gold.read_text(encoding="utf-8"))["file"])
        for path in (gold, article):
            (out / part / "articles" / path.name).symlink_to(path)
    return counts["work"], counts["aside"]


def split(out: Path) -> None:
    if not DATA.is_dir():
        sys.exit(f"no {DATA}: the development sets live beside the project in ../shared")
    work, aside = split_articles(out)
    print(f"articles: {work} work, {aside} aside")
    for name in JSONL_SETS:
        work, aside = split_jsonl(name, out)
        print(f"{name}: {work} work, {aside} aside")


def score(name: str, out: Path, quiet: bool, fresh: Path | None = None) -> None:
    if not (out / "work").is_dir():
        split(out)
    if name == "articles":
        mode, rel = "corpus", "articles"
    else:
        mode, rel = JSONL_SETS[name][1], Path(JSONL_SETS[name][0]).name
    parts = {"work": out / "work" / rel, "aside": out / "aside" / rel}
    if fresh is not None:
        if name != "articles":
            sys.exit("--fresh is a folder of annotated articles: use it with the articles set")
        if not any(fresh.glob("*.json")):
            sys.exit(f"--fresh {fresh}: no NAME.json gold files there")
        parts["fresh"] = fresh
    for part, path in parts.items():
        proc = subprocess.run([sys.executable, str(SCORE), mode, str(path)],
                              capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            sys.exit(f"score.py {mode} failed on the {part} part: {proc.stdout[-500:]}{proc.stderr[-500:]}")
        lines = proc.stdout.splitlines()
        print(f"== {name} {part} ==")
        for line in lines:
            summary = not line.startswith(" ") and line.startswith(SUMMARY_PREFIXES)
            if summary or (part == "work" and not quiet):
                print(line)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["split", "score"])
    parser.add_argument("set", nargs="?", choices=["articles", *JSONL_SETS])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--quiet", action="store_true", help="summary figures only, for both parts")
    parser.add_argument("--fresh", type=Path, help="articles annotated later, scored wholly aside")
    args = parser.parse_args()
    if args.command == "split":
        split(args.out)
    elif args.set is None:
        parser.error("score needs a SET")
    else:
        score(args.set, args.out, args.quiet, args.fresh)


if __name__ == "__main__":
    main()
