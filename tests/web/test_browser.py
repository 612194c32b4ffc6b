"""The pages in real headless Chromium (Debian's package, driven by Playwright).

`make test` installs Chromium when it is missing (scripts/ensure-chromium.sh); where it cannot
be installed these tests skip and say why. Each test saves a screenshot of the page it ends on
in build/screenshots/.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.store.test_event_store import TOKYO, TOKYO_TEXT
from tests.web.test_api import build_all

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason=f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh as root")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(db: Path) -> Iterator[str]:
    """The web app over `db` served by uvicorn in a thread; its base URL until the block ends."""
    import uvicorn

    from tidings.web import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start within 20 s")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    path = tmp_path_factory.mktemp("browser") / "tidings.db"
    build_all(path)
    with serve(path) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        opened = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield opened
        opened.close()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    opened = browser.new_page()
    dialogs: list[str] = []
    opened.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=str(SCREENSHOTS / f"{request.node.name}.png"), full_page=True)
    opened.close()
    assert not dialogs, f"a script ran in the page: {dialogs}"


def test_overview_loads(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.title()
    assert "events:" in page.locator("main p").first.inner_text()
    assert page.locator("table tbody tr").count() >= 1


def test_filter_events_by_a_country(page: Any, base_url: str) -> None:
    page.goto(base_url + "/events")
    page.fill("input[name=country]", "JPN")
    page.click("button[type=submit]")
    page.wait_for_url("**/events?**country=JPN**")
    rows = page.locator("table tbody").inner_text()
    assert "Yoko Kamikawa" in rows and "Wang Yi" not in rows


def test_open_an_event_and_land_on_its_sentence(page: Any, base_url: str) -> None:
    page.goto(base_url + "/events?source=CHN&root=11")
    page.locator("table tbody a[href^='/events/']").first.click()
    page.wait_for_url("**/events/**")
    page.get_by_text("Read it in the article").click()
    page.wait_for_url("**/articles/**#s-*")
    start = TOKYO_TEXT.index("China accused")
    assert page.url.endswith(f"/articles/{TOKYO}#s-{start}")
    target = page.locator(":target")
    assert target.count() == 1 and target.get_attribute("id") == f"s-{start}"
    # the sentence follows the anchor on screen: the anchor is inside the visible viewport
    assert page.evaluate("() => { const r = document.querySelector(':target').getBoundingClientRect();"
                         " return r.top >= 0 && r.top < window.innerHeight; }")


def test_search_a_quote(page: Any, base_url: str) -> None:
    page.goto(base_url + "/quotes")
    page.fill("input[name=q]", "alert")
    page.click("button[type=submit]")
    page.wait_for_url("**/quotes?q=alert*")
    cells = page.locator("table tbody td")
    assert "<script>alert(1)</script>" in cells.all_inner_texts()[1]
    # the quoted markup is text: no element was made from it
    assert page.locator("main script").count() == 0 and page.locator("img[src=x]").count() == 0


def test_hostile_article_renders_inertly(page: Any, base_url: str) -> None:
    from tests.web.test_api import HOSTILE

    page.goto(base_url + f"/articles/{HOSTILE}")
    text = page.locator(".text").inner_text()
    assert "<script>alert(1)</script>" in text and '"><img src=x onerror=alert(1)>' in text
    assert page.locator("img").count() == 0


def _watch_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    return errors


def test_timeline_draws_the_dyad(page: Any, base_url: str) -> None:
    errors = _watch_errors(page)
    page.goto(base_url + "/timeline?source=USA&target=JPN&by=month")
    page.wait_for_selector("#timeline canvas")
    assert page.locator(".u-legend").inner_text().count("cooperation") == 2
    assert not errors


def test_network_draws_the_actors(page: Any, base_url: str) -> None:
    errors = _watch_errors(page)
    page.goto(base_url + "/network")
    page.wait_for_selector("#network[data-nodes]")
    assert int(page.locator("#network").get_attribute("data-nodes")) >= 4
    assert page.locator("#network canvas").count() == 1
    assert not errors


def test_map_draws_countries_and_places_offline(page: Any, base_url: str) -> None:
    errors = _watch_errors(page)
    outside: list[str] = []
    page.on("request", lambda request: outside.append(request.url)
            if not request.url.startswith(base_url) else None)
    page.goto(base_url + "/map")
    page.wait_for_selector("#map[data-places]")
    assert int(page.locator("#map").get_attribute("data-places")) >= 1
    assert page.locator("#map path.leaflet-interactive").count() > 150  # countries and circles
    assert not errors and not outside, (errors, outside)


def test_dates_do_not_wrap_on_a_narrow_screen(page: Any, base_url: str) -> None:
    page.set_viewport_size({"width": 480, "height": 800})
    for path in ("/events", "/articles", "/actors"):
        page.goto(base_url + path)
        # the lines each date's text takes: one rectangle per line box
        heights = page.eval_on_selector_all(
            "td.date", "cells => cells.filter(c => c.textContent.trim()).map(c => {"
                       " const r = document.createRange(); r.selectNodeContents(c);"
                       " return r.getClientRects().length; })")
        assert heights and all(lines == 1 for lines in heights), (path, heights)
