"""Two ingests into one SQLite database take turns batch by batch (issue 16).

Before, an ingest held the write lock while it analysed a whole batch and took it again the
moment it committed, so a second writer waited for the first to finish (or failed after
WRITE_WAIT_S). Now a batch is analysed with no lock held and stored in one short transaction,
so the writers' batches interleave. Real processes, real pipeline."""

from __future__ import annotations

import sqlite3
import subprocess
import time
from pathlib import Path

from tests.reliability.harness import crash_harness

PLACES = ["Nairobi", "Lima", "Dakar", "Manila", "Quito", "Accra", "Hanoi", "Tunis", "Bogota", "Kampala"]
VERBS = ["arrested protesters", "met opposition leaders", "announced new sanctions", "signed a trade deal",
         "deployed troops", "condemned the attack"]


def _corpus(path: Path, prefix: str, count: int) -> Path:
    lines = []
    for n in range(count):
        place, verb = PLACES[n % len(PLACES)], VERBS[(n // len(PLACES) + len(prefix)) % len(VERBS)]
        later = PLACES[(n + 3) % len(PLACES)]
        text = (f"Officials in {place} {verb} on day {n} of the crisis, the {prefix} desk reported. "
                f"The government said that talks would continue next week in {later}. "
                f"Opposition leaders in {later} criticised the decision on day {n + 1} and called for "
                f"protests. Police in {place} said {n + 2} people had been detained overnight.")
        lines.append(f'{{"id": "{prefix}-{n}", "text": "{text}"}}')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _switches(refs: list[str]) -> int:
    """How often the writer changes along the inputs in the order they were stored."""
    owners = [ref.split("-")[0] for ref in refs]
    return sum(1 for before, after in zip(owners, owners[1:], strict=False) if before != after)


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as conn:
            return int(conn.execute("SELECT count(*) FROM inputs WHERE ref LIKE 'first-%'").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_two_ingests_interleave_batch_by_batch(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    first = _corpus(tmp_path / "first.jsonl", "first", 240)
    second = _corpus(tmp_path / "second.jsonl", "second", 30)
    # Create the database first so neither writer's start-up includes the migrations.
    subprocess.run(crash_harness.ingest_command([_corpus(tmp_path / "seed.jsonl", "seed", 1)], db),
                   check=True, capture_output=True, timeout=300)
    writers = [subprocess.Popen(crash_harness.ingest_command([first], db, commit_every=3), cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)]
    # The second writer starts once the first is storing, so that their runs overlap however long
    # each takes to load the English pipeline.
    deadline = time.monotonic() + 240
    while _stored(db) == 0 and writers[0].poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    writers.append(subprocess.Popen(crash_harness.ingest_command([second], db, commit_every=3), cwd=tmp_path,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE))
    for writer in writers:
        _, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err.decode("utf-8", "replace")
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT ref FROM inputs WHERE ref NOT LIKE 'seed-%' ORDER BY rowid")
        refs = [ref for (ref,) in rows]
    assert len(refs) == 270
    # Interleaved, the first writer stores more after the second has begun (first, second, first);
    # one after the other, the writer changes once.
    assert _switches(refs) >= 2, refs
