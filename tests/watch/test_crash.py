"""kill -9 in the middle of a pass, then a restart: no article lost, none processed twice."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.watch.server import ARTICLES, Site, article_page, rss


def _count(db: Path, sql: str) -> int:
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)) as conn:
            return int(conn.execute(sql).fetchone()[0])
    except sqlite3.OperationalError:  # not created yet, or busy for a moment
        return 0


def _watch(config: Path, db: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "TIDINGS_ALLOW_PRIVATE_NETWORKS": "1", "COLUMNS": "200"}
    command = [sys.executable, "-m", "tidings", "watch", str(config), "--once", "--db", str(db)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_kill_9_mid_pass_then_restart_loses_and_repeats_nothing(site: Site, tmp_path: Path) -> None:
    numbers = list(range(len(ARTICLES)))
    for number in numbers:
        site.set(f"/a/{number}.html", article_page(number), delay=0.3)
    feed = site.set("/feed.xml", rss(site, numbers), content_type="application/rss+xml", etag='"v1"')
    config = tmp_path / "watch.toml"
    config.write_text(f'[watch]\nrate_limit = 100\ntimeout = 5\n[[feeds]]\nurl = "{feed}"\n')
    db = tmp_path / "watch.db"

    first = _watch(config, db)
    deadline = time.monotonic() + 60
    while _count(db, "SELECT count(*) FROM articles") < 3:
        assert first.poll() is None, first.communicate()[1]
        assert time.monotonic() < deadline, "the first run stored nothing in time"
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=10)  # reaps it and closes its pipes
    stored_before = _count(db, "SELECT count(*) FROM articles")
    assert 3 <= stored_before < len(numbers)

    second = _watch(config, db)
    _, stderr = second.communicate(timeout=120)
    assert second.returncode == 0, stderr

    assert _count(db, "SELECT count(*) FROM articles") == len(numbers)
    assert _count(db, "SELECT count(*) FROM watch_links WHERE state = 'done'") == len(numbers)
    # Every input recorded once, every link marked done once (attempts counts the marks).
    assert _count(db, "SELECT count(*) FROM inputs") == len(numbers)
    assert _count(db, "SELECT max(attempts) FROM watch_links") == 1
    assert _count(db, "SELECT count(*) FROM duplicates") == 0
    # Pages stored before the kill were not fetched again; at most the one in flight was.
    article_fetches = [path for path in site.paths() if path.startswith("/a/")]
    assert len(article_fetches) <= len(numbers) + 1
