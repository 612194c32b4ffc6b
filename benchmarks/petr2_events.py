"""CAMEO root and dyad recall on the PETRARCH2 validation sentences (not used to tune the rules).

    python3 benchmarks/petr2_events.py [path/to/tidings]

Reads ../shared/data/events/petr2_gsr_dev.jsonl (real AFP sentences with silver CAMEO gold; see
../shared/data/README.md), runs `tidings analyze` over the sentences marked for evaluation and
counts a gold event found when some predicted event has its CAMEO root and, for root+dyad, the
source's and target's countries equal the first three letters of the gold actor codes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

GOLD = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "events" / "petr2_gsr_dev.jsonl"


def _published(compact: str) -> str:
    return f"{compact[:4]}-{compact[4:6]}-{compact[6:8]}"


def main() -> None:
    tidings = sys.argv[1] if len(sys.argv) > 1 else ".venv/bin/tidings"
    if not GOLD.exists():
        sys.exit(f"{GOLD} is missing: this benchmark needs the shared evaluation data")
    rows = [json.loads(line) for line in GOLD.open(encoding="utf-8")]
    rows = [r for r in rows if r.get("evaluate") == "true" and r["events"]]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as handle:
        for r in rows:
            record = {"id": r["id"], "text": r["text"], "published": _published(r["date"])}
            handle.write(json.dumps(record) + "\n")
    out = subprocess.run([tidings, "analyze", handle.name, "--format", "jsonl"], capture_output=True,
                         text=True, check=True).stdout
    analyses = {a["article"]["ref"]: a for a in map(json.loads, filter(str.strip, out.splitlines()))}
    roots = dyads = gold = predicted = 0
    for r in rows:
        analysis = analyses.get(r["id"], {})
        country = {actor["id"]: actor.get("country") for actor in analysis.get("actors", [])}
        events = analysis.get("events", [])
        predicted += len(events)
        for g in r["events"]:
            gold += 1
            root, source, target = g["code"][:2], (g["source"] or "")[:3], (g["target"] or "")[:3]
            same_root = [e for e in events if e["cameo"][:2] == root]
            roots += bool(same_root)
            dyads += any(country.get(e["source"]) == source
                         and (not target or country.get(e["target"]) == target) for e in same_root)
    print(f"gold events {gold}, root recall {roots / gold:.3f}, root+dyad recall {dyads / gold:.3f}, "
          f"predicted events {predicted}")


if __name__ == "__main__":
    main()
