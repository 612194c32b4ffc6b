"""Is `tidings analyze` output byte-identical before and after a change that should not alter it?

    .venv/bin/python benchmarks/analysis_identity.py save    [--out DIR]   # before the change
    .venv/bin/python benchmarks/analysis_identity.py compare [--out DIR]   # after it

Runs `tidings analyze --format jsonl` on each set below and keeps its standard output in DIR
(default /tmp/tidings-identity: the outputs hold evaluation texts, which stay out of the
repository). `compare` runs again and says, per set, "identical" or where the first difference
is; it exits 1 when any set differs. Sets whose files are absent (../shared not mounted) are
named and passed over.

Sets: every hand-annotated article of ../shared/data/articles with its gold publication date,
the seed article of ../shared/samples, the bundled samples/, the White House fixtures of the
tests, ../shared/data/news/whitehouse_dev.jsonl, and the 1,050 sentences of
../shared/data/events/plv_train.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CLI = ROOT / ".venv" / "bin" / "tidings"


def _articles_jsonl(folder: Path) -> Iterator[dict[str, str | None]]:
    """The annotated articles as JSON Lines records: the text with its gold publication date."""
    for gold_path in sorted(folder.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (folder / gold["file"]).read_text(encoding="utf-8")
        yield {"id": gold["file"], "text": text, "published": gold.get("published")}


def _seed_jsonl(folder: Path) -> Iterator[dict[str, str | None]]:
    meta = json.loads((folder / "seed-article.meta.json").read_text(encoding="utf-8"))
    yield {"id": "seed", "text": (folder / "seed-article.txt").read_text(encoding="utf-8"),
           "published": meta.get("published")}


def _plv_jsonl(path: Path) -> Iterator[dict[str, str | None]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        yield {"id": record["id"], "text": record["text"], "published": record.get("published")}


def _inputs(scratch: Path) -> dict[str, Path | None]:
    """Each set's input path (a file or folder `tidings analyze` reads), None when absent."""
    built = {"articles": (SHARED / "data" / "articles", _articles_jsonl),
             "seed": (SHARED / "samples", _seed_jsonl),
             "plv": (SHARED / "data" / "events" / "plv_train.jsonl", _plv_jsonl)}
    sets: dict[str, Path | None] = {}
    for name, (source, records) in built.items():
        if not source.exists():
            sets[name] = None
            continue
        path = scratch / f"{name}.jsonl"
        path.write_text("".join(json.dumps(record) + "\n" for record in records(source)), encoding="utf-8")
        sets[name] = path
    whitehouse = SHARED / "data" / "news" / "whitehouse_dev.jsonl"
    sets["samples"] = ROOT / "samples"
    sets["fixtures"] = ROOT / "tests" / "fixtures" / "whitehouse" / "briefings.jsonl"
    sets["whitehouse"] = whitehouse if whitehouse.exists() else None
    return sets


def _analyze(path: Path) -> bytes:
    done = subprocess.run([str(CLI), "analyze", str(path), "--format", "jsonl"], capture_output=True,
                          check=False)
    if done.returncode not in (0, 1):  # 1: some input was skipped, still a result
        sys.exit(f"tidings analyze {path} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return done.stdout


def _first_difference(before: bytes, after: bytes) -> str:
    old, new = before.decode().splitlines(), after.decode().splitlines()
    for number, (was, now) in enumerate(zip(old, new, strict=False), start=1):
        if was != now:
            at = len(os.path.commonprefix([was, now]))
            return f"line {number}: {was[max(0, at - 60):at + 60]!r} ->\n    {now[max(0, at - 60):at + 60]!r}"
    return f"{len(old)} lines before, {len(new)} after"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("save", "compare"))
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "tidings-identity")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    differ = False
    with tempfile.TemporaryDirectory() as scratch:
        for name, path in _inputs(Path(scratch)).items():
            if path is None:
                print(f"{name}: absent, passed over")
                continue
            output = _analyze(path)
            kept = args.out / f"{name}.jsonl"
            if args.mode == "save":
                kept.write_bytes(output)
                print(f"{name}: saved {len(output.splitlines())} analyses to {kept}")
            elif not kept.exists():
                print(f"{name}: nothing saved to compare with (run save first)")
                differ = True
            elif kept.read_bytes() == output:
                print(f"{name}: identical ({len(output.splitlines())} analyses)")
            else:
                print(f"{name}: DIFFERS at {_first_difference(kept.read_bytes(), output)}")
                differ = True
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
