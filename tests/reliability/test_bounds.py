"""Resource bounds: hostile inputs end within 60 s and 1 GB, each with a recorded reason.

The inputs are those of benchmarks/resource_bounds.py (whose full-size figures are in
RELIABILITY.md), scaled down where the behaviour is the same at any size: the caps are lowered
through settings (TIDINGS_MAX_BYTES, TIDINGS_MAX_FEED_ENTRIES, TIDINGS_FETCH_TIMEOUT) instead
of the inputs being made huge. The 100,000-deep page and the endless response run at full size.
Each case runs `tidings ingest` in a child process and reads back `tidings skips`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.resource_bounds import (
    CASES,
    MEMORY_LIMIT_MB,
    TIME_LIMIT,
    HostileServer,
    Run,
    big_feed,
    deep_nesting,
    gzip_bomb,
    many_lines,
    run_case,
    run_ingest,
)

from tidings.ingest.feeds import iter_feed
from tidings.model import Document, Skip

MB = 1024 * 1024
SMALL_CAP = {"TIDINGS_MAX_BYTES": str(MB)}


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    with HostileServer(bomb_size=64 * MB).running() as server:
        yield server


def _within_bounds(run: Run) -> None:
    assert not run.timed_out and run.seconds < TIME_LIMIT, run
    assert run.peak_mb < MEMORY_LIMIT_MB, run
    assert run.exited_as_documented, run


def _case(name: str) -> object:
    return next(case for case in CASES if case.name == name)


def test_a_page_over_the_cap_is_refused_unread(tmp_path: Path) -> None:
    # 2.5 MB against a 1 MB cap: the size is read from the file system, not from the file.
    run = run_case(_case("page-50mb"), scale=0.05, env=SMALL_CAP)  # type: ignore[arg-type]
    _within_bounds(run)
    assert run.reasons == {"too-large": 1}
    assert "over the 1,048,576-byte cap" in run.details[0] and "TIDINGS_MAX_BYTES" in run.details[0]


def test_a_gzip_bomb_stops_at_the_cap(tmp_path: Path) -> None:
    # 256 MB of decompressed text (256 KB on disk) against a 1 MB cap.
    run = run_ingest([str(gzip_bomb(tmp_path, 256 * MB))], tmp_path / "t.db", env=SMALL_CAP)
    _within_bounds(run)
    assert run.peak_mb < 400
    assert run.reasons == {"too-large": 1} and "bomb.html.gz is over" in run.details[0]


def test_a_page_nested_100000_deep_is_a_skip_not_a_crash(tmp_path: Path) -> None:
    run = run_ingest([str(deep_nesting(tmp_path, 100_000))], tmp_path / "t.db")
    _within_bounds(run)
    # libxml2 stops building the tree at its depth limit: the text at the bottom is never reached.
    assert run.reasons == {"no-text": 1}


def test_a_long_json_lines_file_is_streamed(tmp_path: Path) -> None:
    # 50,000 records each skipped cheaply ("empty"), plus one line over the cap: memory stays flat.
    path = many_lines(tmp_path, 50_000)
    with path.open("a", encoding="utf-8") as out:
        out.write('{"id": "huge", "text": "' + "word " * 300_000 + '"}\n')
    run = run_ingest([str(path)], tmp_path / "t.db", env=SMALL_CAP)
    _within_bounds(run)
    assert run.peak_mb < 400
    assert run.reasons == {"empty": 50_000, "too-large": 1}


def test_a_feed_is_read_up_to_max_feed_entries(tmp_path: Path, hostile: HostileServer) -> None:
    feed = big_feed(tmp_path, 5_000, hostile.url("/page/"))
    run = run_ingest([str(feed)], tmp_path / "t.db",
                     env={"TIDINGS_ALLOW_PRIVATE_NETWORKS": "1", "TIDINGS_MAX_FEED_ENTRIES": "20"})
    _within_bounds(run)
    # 20 entries fetched (one short page, stored once, then duplicates), the rest one skip.
    assert run.reasons["too-large"] == 1
    assert sum(run.reasons.values()) + run.stored == 21
    assert any("has 5,000 entries; only the first 20 were read" in detail for detail in run.details)


def test_iter_feed_stops_at_max_entries() -> None:
    items = "".join(f"<item><title>t{n}</title><link>https://news.example/{n}</link></item>"
                    for n in range(50))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()
    fetched: list[str] = []

    def fetch_page(link: str) -> Document | Skip:
        fetched.append(link)
        return Skip(ref=link, reason="fetch-failed", detail="offline")

    out = list(iter_feed(body, ref="f.rss", fetch_page=fetch_page, max_entries=3))
    assert len(fetched) == 3 and len(out) == 4
    assert isinstance(out[-1], Skip) and out[-1].reason == "too-large" and "50 entries" in out[-1].detail


def test_an_endless_response_stops_at_the_cap(hostile: HostileServer, tmp_path: Path) -> None:
    run = run_ingest([hostile.url("/endless")], tmp_path / "t.db",
                     env={"TIDINGS_ALLOW_PRIVATE_NETWORKS": "1"})
    _within_bounds(run)
    assert run.reasons == {"too-large": 1} and "sent more than the 10,485,760-byte cap" in run.details[0]


def test_a_dripping_response_stops_at_fetch_timeout(hostile: HostileServer, tmp_path: Path) -> None:
    # A byte every half second never trips a per-read timeout; the whole-response one ends it.
    run = run_ingest([hostile.url("/drip")], tmp_path / "t.db",
                     env={"TIDINGS_ALLOW_PRIVATE_NETWORKS": "1", "TIDINGS_FETCH_TIMEOUT": "2"})
    _within_bounds(run)
    assert run.seconds < 15
    assert run.reasons == {"fetch-failed": 1} and "still sending after 2 s" in run.details[0]


def test_a_gzip_encoded_response_stops_at_the_cap(hostile: HostileServer, tmp_path: Path) -> None:
    run = run_ingest([hostile.url("/gzip")], tmp_path / "t.db",
                     env={"TIDINGS_ALLOW_PRIVATE_NETWORKS": "1", **SMALL_CAP})
    _within_bounds(run)
    assert run.reasons == {"too-large": 1} and "sent more than the 1,048,576-byte cap" in run.details[0]
