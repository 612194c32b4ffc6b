"""Every page of the demo database in real headless Chromium: follow every link of every page and
fail on any answer of 400 or more (the page or anything it loads) and any console error.

The database is the README's demo: samples/ ingested into a temporary database. The crawl also
saves screenshots of the overview, an event, an actor, the map and the timeline in
build/screenshots/ (docs/screenshots/ holds the ones looked at for the docs).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.web.test_browser import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, serve

ROOT = Path(__file__).resolve().parents[2]
# A crawl that has not finished by then has found a page that links on without end.
MAX_PAGES = 2_000

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason=f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh as root")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.db"
    env = {**os.environ, "XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config"),
           "PYTHONPATH": str(ROOT / "src")}
    env.pop("TIDINGS_DB", None)
    subprocess.run([sys.executable, "-m", "tidings", "ingest", str(ROOT / "samples"), "--db", str(db)],
                   env=env, check=True, capture_output=True, timeout=300)
    with serve(db) as url:
        yield url


def _links(page: Any, base_url: str) -> set[str]:
    """The page's links to this server, without fragments (a fragment is the same page)."""
    hrefs = page.eval_on_selector_all("a[href]", "anchors => anchors.map(a => a.href)")
    return {urldefrag(href).url for href in hrefs if href.startswith(base_url + "/")}


def _wait_for_charts(page: Any) -> None:
    """Pages drawn by script have finished when their box says how much it drew (or said none)."""
    path = urlsplit(page.url).path
    drawn = {"/map": "#map[data-places]", "/network": "#network[data-nodes]",
             "/timeline": "#timeline[data-periods], #timeline-empty:not([hidden])",
             "/api/docs": ".swagger-ui .info"}
    if path in drawn:
        page.wait_for_selector(drawn[path], state="attached", timeout=10_000)


def test_every_link_of_every_page_answers(demo_url: str) -> None:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    seen: set[str] = set()
    queue = [demo_url + "/"]
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.on("console", lambda message: problems.append(f"{page.url}: console {message.text}")
                if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
        page.on("response", lambda response: problems.append(f"{page.url}: {response.status} {response.url}")
                if response.status >= 400 else None)
        # A request cut short because the crawl moved on (net::ERR_ABORTED) is not the server's fault.
        page.on("requestfailed", lambda request: problems.append(f"{page.url}: failed {request.url}")
                if "ERR_ABORTED" not in (request.failure or "") else None)
        while queue:
            url = queue.pop()
            if url in seen:
                continue
            seen.add(url)
            assert len(seen) <= MAX_PAGES, f"more than {MAX_PAGES} pages: {sorted(seen)[-5:]}"
            page.goto(url, wait_until="load")
            _wait_for_charts(page)
            if not urlsplit(url).path.startswith("/api/"):
                queue.extend(_links(page, demo_url) - seen)
        _screenshots(page, demo_url)
        browser.close()
    elapsed = time.monotonic() - started
    paths = {urlsplit(url).path.split("/")[1] for url in seen}
    # the crawl reached every kind of page from the overview
    assert {"events", "actors", "articles", "stories", "quotes", "timeline", "map", "network"} <= paths, paths
    assert not problems, "\n".join(problems[:40])
    # About 40 ms a page on an idle machine, 120 ms with the two cores shared by several jobs.
    assert elapsed < 150, f"the crawl of {len(seen)} pages took {elapsed:.0f} s"


def _screenshots(page: Any, base_url: str) -> None:
    """The pages the docs show, as the crawl left the database: overview, event, actor, map, timeline."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(base_url + "/")
    event = page.locator("a[href^='/events/']").first.get_attribute("href")
    # USA to JPN: the demo's U.S.-China events come from an article without a date (samples/wire)
    shots = {"overview": "/", "event": event, "actor": "/actors/Joe%20Biden", "map": "/map",
             "timeline": "/timeline?source=USA&target=JPN&by=month", "network": "/network"}
    for name, path in shots.items():
        page.goto(base_url + path)
        _wait_for_charts(page)
        page.wait_for_timeout(1000 if name == "network" else 300)  # let the layout settle
        page.screenshot(path=str(SCREENSHOTS / f"demo-{name}.png"))
