"""Ingest and export at scale (issue 20): the same 100 articles into a big database and an empty one.

    .venv/bin/python benchmarks/ingest_at_scale.py --db /tmp/tidings-api-1000000.db [--work DIR]

`--db` is a database built by benchmarks/api_speed.py. The script copies it into --work (the
original is never written), writes 100 short news articles of its own as JSON Lines (a dozen
tell one meeting of the US and Chinese foreign ministers, so the linker links them; the rest mix
a few other stories with different outlets, dates and wording, so none is a near-duplicate of
another), then times `tidings ingest` of that file (a subprocess, as a user runs it) into the
copy and into an empty database, after one untimed ingest of one article to warm the disk cache
for the models (and after one untimed open of the copy, which applies the migrations it lacks).
It prints both times and their ratio (the issue's target: at most 1.5), then the
wall time and peak memory (maximum resident set size, from /usr/bin/time -v) of
`tidings export dataset` and `tidings export events --format parquet` of the copy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

TIDINGS = Path(sys.executable).with_name("tidings")
OPEN_STORE = "import sys; from tidings.store import open_store; open_store(sys.argv[1]).close()"
OUTLETS = ["Meridian Wire", "Pacific Wire", "Harbour Times", "Northern Ledger", "Capital Report",
           "Eastern Herald", "Global Desk", "Continental Post", "Atlantic Review", "Inland Courier"]

# The meeting most articles below share: Friday 26 April 2024 in Beijing.
MEETING_DAY = date(2024, 4, 26)
MEETING_LEADS = [
    "U.S. Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on Friday.",
    "Antony Blinken held talks with Wang Yi in Beijing on Friday, the State Department said.",
    "Chinese Foreign Minister Wang Yi met U.S. Secretary of State Antony Blinken on Friday in Beijing.",
    "Wang Yi hosted Antony Blinken for more than five hours of talks in Beijing on Friday.",
]
MEETING_MORE = [
    "The two discussed fentanyl, Taiwan and the war in Ukraine, officials said.",
    "Wang warned that relations could slide back into a downward spiral.",
    "Blinken said he had raised concerns about Chinese support for Russia's defence industry.",
    "Both sides said they wanted to keep military channels open.",
    "A senior U.S. official described the talks as candid and constructive.",
    "Beijing's foreign ministry said China would not accept interference in its internal affairs.",
]
# Other stories: (lead, day, follow-up sentences); each is told by several outlets in its own words.
STORIES = [
    (["Russia launched missile strikes on Kharkiv on {weekday}, Ukrainian officials said.",
      "Russian forces attacked the Ukrainian city of Kharkiv with missiles on {weekday}."],
     date(2024, 5, 19), ["At least six people were killed, the regional governor said.",
                         "Ukraine's air force said it shot down several of the missiles.",
                         "President Volodymyr Zelensky called for more air defence systems."]),
    (["India and Pakistan exchanged fire across the Line of Control on {weekday}.",
      "Pakistani troops fired on Indian positions in Kashmir on {weekday}, the Indian army said."],
     date(2024, 3, 6), ["No casualties were reported.", "Both armies accused the other of starting it.",
                        "The clash was the first in months along the disputed frontier."]),
    (["Japan and Australia signed a defence agreement in Tokyo on {weekday}.",
      "Australian Prime Minister Anthony Albanese and Japanese Prime Minister Fumio Kishida signed a "
      "security pact on {weekday}."],
     date(2024, 2, 14), ["The pact allows the two militaries to train on each other's soil.",
                         "China's foreign ministry criticized the agreement.",
                         "Officials said the deal had been under negotiation for two years."]),
    (["France sent humanitarian aid to Egypt for Gaza on {weekday}.",
      "A French navy ship carrying medical supplies arrived in Egypt on {weekday}."],
     date(2024, 1, 23), ["The supplies will be trucked across the Rafah crossing.",
                         "Paris said more shipments would follow.", "Egypt thanked France for the help."]),
    (["Iran threatened Israel with a severe response on {weekday}.",
      "Iranian officials warned Israel on {weekday} that any attack would be answered."],
     date(2024, 4, 10), ["Israel said it was prepared for any scenario.",
                         "The United States urged restraint on both sides.",
                         "Oil prices rose on the news."]),
    (["Germany criticized Turkey on {weekday} over the arrest of journalists.",
      "The German foreign ministry denounced Turkey's detention of reporters on {weekday}."],
     date(2024, 6, 3), ["Ankara said the arrests were a matter for its courts.",
                        "Press freedom groups welcomed Berlin's statement."]),
]


def articles(count: int = 100) -> list[dict[str, str]]:
    """`count` short news articles as JSON Lines records: the meeting a dozen times, then the
    other stories in turn, each telling in another outlet's words and with its own detail."""
    rng = random.Random(20)
    made: list[dict[str, str]] = []
    for number in range(count):
        outlet = OUTLETS[number % len(OUTLETS)]
        if number < 12:
            day = MEETING_DAY + timedelta(days=number % 2)  # published that day or the next
            lead = MEETING_LEADS[number % len(MEETING_LEADS)]
            if day != MEETING_DAY:
                lead = lead.replace("on Friday", "on Friday, April 26")
            more = rng.sample(MEETING_MORE, 3)
        else:
            leads, happened, follow = STORIES[number % len(STORIES)]
            day = happened + timedelta(days=number % 3)
            lead = rng.choice(leads).format(weekday=f"{happened:%A}, {happened:%B} {happened.day}")
            more = rng.sample(follow, min(2, len(follow)))
        body = " ".join([lead, *more, f"{outlet} filed this report, number {number + 1} of the day's file."])
        made.append({"id": f"scale-{number:03d}", "source": outlet, "published": day.isoformat(),
                     "url": f"https://{outlet.lower().replace(' ', '')}.example.org/{day}/{number}",
                     "title": lead.split(",")[0].rstrip("."), "text": body})
    return made


@dataclass(frozen=True)
class Run:
    """What /usr/bin/time -v measured of one command."""

    wall: float  # seconds
    cpu: float  # user and system seconds: on a shared machine, less inflated by the others' load
    peak: int  # maximum resident set size, bytes


def timed(command: list[str], environment: dict[str, str]) -> Run:
    """Run `command` under /usr/bin/time -v; its wall and CPU time and peak memory."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", *command], env=environment, capture_output=True, text=True,
                          check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    cpu = sum(float(found.group(1)) for found in re.finditer(r"(?:User|System) time \(seconds\): ([\d.]+)",
                                                             done.stderr))
    return Run(elapsed, cpu, int(peak.group(1)) * 1024 if peak else -1)


def remove_database(path: Path) -> None:
    """Delete a SQLite database file with its write-ahead log and shared memory, if any."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def copy_database(source: Path, target: Path) -> None:
    """Copy a SQLite database with its write-ahead log, if any, replacing `target`."""
    remove_database(target)
    for suffix in ("", "-wal"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")


def mib(size: int) -> str:
    return f"{size / 2**20:6.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a database built by api_speed.py")
    parser.add_argument("--work", type=Path, default=Path("/tmp/ingest-at-scale"))
    parser.add_argument("--skip-exports", action="store_true")
    args = parser.parse_args()
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "XDG_DATA_HOME": str(work / "xdg")}
    records = articles()
    news = work / "news.jsonl"
    news.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    warm = work / "warm.jsonl"
    warm.write_text(json.dumps(records[0]) + "\n", encoding="utf-8")

    big, empty, scratch = work / "big.db", work / "empty.db", work / "warm.db"
    copy_database(args.db, big)
    # The migrations the copy lacks run once, on first open: a cost of the upgrade, not of ingest.
    migrated = timed([sys.executable, "-c", OPEN_STORE, str(big)], environment)
    print(f"first open of the copy (its migrations)  {migrated.wall:7.1f} s  cpu {migrated.cpu:6.1f} s",
          flush=True)
    for path in (empty, scratch):
        remove_database(path)
    timed([str(TIDINGS), "ingest", str(warm), "--db", str(scratch)], environment)
    empty_run = timed([str(TIDINGS), "ingest", str(news), "--db", str(empty)], environment)
    big_run = timed([str(TIDINGS), "ingest", str(news), "--db", str(big)], environment)
    for name, run in (("an empty database", empty_run), (args.db.name, big_run)):
        print(f"ingest of 100 articles into {name:<19}{run.wall:7.1f} s  cpu {run.cpu:6.1f} s  "
              f"peak {mib(run.peak)} MiB")
    print(f"ratio {big_run.wall / empty_run.wall:.2f} (cpu {big_run.cpu / empty_run.cpu:.2f}; "
          "issue 20's target: at most 1.5)", flush=True)
    if args.skip_exports:
        return
    exports = [("export dataset", ["export", "dataset", "--out", str(work / "dataset")]),
               ("export events --format parquet",
                ["export", "events", "--format", "parquet", "--out", str(work / "events.parquet")])]
    for name, command in exports:
        shutil.rmtree(work / "dataset", ignore_errors=True)
        run = timed([str(TIDINGS), *command, "--db", str(big)], environment)
        print(f"{name:<32} {run.wall:7.1f} s  cpu {run.cpu:6.1f} s  peak {mib(run.peak)} MiB", flush=True)


if __name__ == "__main__":
    main()
