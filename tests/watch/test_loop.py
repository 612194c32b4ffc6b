"""Passes of `tidings watch` against a real local HTTP server whose content changes between them."""

from __future__ import annotations

import logging
import sys
import types
from datetime import UTC, datetime, timedelta

import pytest

from tests.watch.server import Site, article_page, rss
from tidings.alerts.rules import AlertOutputs, Rule
from tidings.settings import Settings
from tidings.store import Store
from tidings.watch import Source, WatchConfig, Watcher

START = datetime(2024, 5, 6, 12, 0, tzinfo=UTC)
INTERVAL = 900


def config(*feeds: str, pages: tuple[str, ...] = (), timeout: float = 5.0) -> WatchConfig:
    return WatchConfig(feeds=tuple(Source(url, "feed") for url in feeds),
                       pages=tuple(Source(url, "page") for url in pages),
                       interval=INTERVAL, rate_limit=1000.0, timeout=timeout, max_backoff=4 * INTERVAL)


def later(passes: int) -> datetime:
    return START + timedelta(seconds=passes * INTERVAL + 1)


def publish(site: Site, numbers: list[int], *, feed: str = "/feed.xml", etag: str | None = None) -> str:
    for number in numbers:
        site.set(f"/a/{number}.html", article_page(number))
    return site.set(feed, rss(site, numbers), content_type="application/rss+xml", etag=etag)


def count(store: Store, table: str) -> int:
    return int(store.connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_new_items_are_stored_once_and_an_unchanged_feed_is_a_304(
        site: Site, store: Store, settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="tidings.watch")
    feed = publish(site, [0, 1], etag='"v1"')
    with Watcher(config(feed), store, settings) as watcher:
        first = watcher.run_pass(START)
        assert (first.stored, first.not_modified) == (2, 0)

        second = watcher.run_pass(later(1))
        assert (second.stored, second.not_modified) == (0, 1)
        feed_requests = [headers for path, headers in site.requests if path == "/feed.xml"]
        assert feed_requests[-1].get("If-None-Match") == '"v1"'
        assert "not modified (304)" in caplog.text

        publish(site, [0, 1, 2], etag='"v2"')
        third = watcher.run_pass(later(2))
        assert third.stored == 1 and len(third.new_article_ids) == 1
    assert count(store, "articles") == 3
    # Each article page was fetched exactly once over the three passes.
    assert sorted(path for path in site.paths() if path.startswith("/a/")) == ["/a/0.html", "/a/1.html",
                                                                                 "/a/2.html"]


def test_a_source_answering_500_is_backed_off_then_retried(
        site: Site, store: Store, settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    feed = publish(site, [3])
    site.set("/feed.xml", "oops", status=500, content_type="text/plain")
    with Watcher(config(feed), store, settings) as watcher:
        first = watcher.run_pass(START)
        assert first.failed_sources == 1 and "HTTP 500" in caplog.text
        state = store.watch_source(feed)
        assert state is not None and state.failures == 1
        # Backed off: one interval later the source is not due yet.
        assert watcher.run_pass(later(1)).not_due == 1
        publish(site, [3])
        retried = watcher.run_pass(later(3))
        assert retried.stored == 1
    state = store.watch_source(feed)
    assert state is not None and state.failures == 0


def test_a_slow_source_times_out_and_the_others_are_processed(
        site: Site, store: Store, settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    good = publish(site, [4])
    slow = site.set("/slow.xml", rss(site, [5]), content_type="application/rss+xml", delay=1.5)
    with Watcher(config(slow, good, timeout=0.5), store, settings) as watcher:
        summary = watcher.run_pass(START)
    assert (summary.failed_sources, summary.stored) == (1, 1)
    assert "did not answer within" in caplog.text


def test_a_malformed_feed_is_recorded_and_the_pass_goes_on(
        site: Site, store: Store, settings: Settings) -> None:
    good = publish(site, [6])
    broken = '<?xml version="1.0"?><rss><channel><title>x</ti'
    bad = site.set("/bad.xml", broken, content_type="application/rss+xml")
    with Watcher(config(bad, good), store, settings) as watcher:
        summary = watcher.run_pass(START)
    assert summary.stored == 1
    assert [skip.ref for skip in store.skips(reason="malformed-feed")] == [bad]


def test_robots_txt_keeps_the_watcher_out_of_disallowed_paths(
        site: Site, store: Store, settings: Settings) -> None:
    site.set("/a/7.html", article_page(7))
    site.set("/private/8.html", article_page(8))
    index = site.set("/news/", '<html><body><a href="/a/7.html">Seven</a> <a href="/private/8.html">Eight</a>'
                               '<a href="https://elsewhere.example/x.html">Away</a></body></html>')
    with Watcher(config(pages=(index,)), store, settings) as watcher:
        first = watcher.run_pass(START)
        second = watcher.run_pass(later(1))
    assert first.stored == 1 and second.stored == 0
    assert not any(path.startswith("/private/") for path in site.paths())
    assert [skip.ref for skip in store.skips(reason="robots-disallowed")] == [site.url("/private/8.html")]
    assert site.paths().count("/a/7.html") == 1


def test_a_failing_article_link_is_retried_on_the_next_pass(
        site: Site, store: Store, settings: Settings) -> None:
    feed = publish(site, [1, 2], etag='"v1"')
    site.set("/a/2.html", "down", status=503, content_type="text/plain")
    with Watcher(config(feed), store, settings) as watcher:
        first = watcher.run_pass(START)
        assert (first.stored, first.link_failures) == (1, 1)
        site.set("/a/2.html", article_page(2))
        # The feed's validators were not kept, so it is fetched whole, not answered with a 304.
        second = watcher.run_pass(later(1))
        assert (second.stored, second.not_modified) == (1, 0)
    assert count(store, "articles") == 2


def test_the_alert_hook_gets_the_new_articles(site: Site, store: Store, settings: Settings,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []

    def fake(store: Store, rules: tuple[Rule, ...], outputs: AlertOutputs, *, settings: Settings,
             new_article_ids: list[str], now: datetime) -> list[str]:
        assert rules == watch_config.alerts and settings.allow_private_networks  # the watcher's own settings
        calls.append(new_article_ids)
        return ["fired"] * len(new_article_ids)

    # A stand-in module: the hook's contract, whatever the real rules do (tests/test_alerts.py).
    monkeypatch.setitem(sys.modules, "tidings.alerts", types.SimpleNamespace(run_alerts=fake))
    feed = publish(site, [0, 5])
    watch_config = config(feed)
    watch_config = WatchConfig(feeds=watch_config.feeds, alerts=(Rule("any", "story"),), rate_limit=1000.0)
    with Watcher(watch_config, store, settings) as watcher:
        summary = watcher.run_pass(START)
    assert calls == [summary.new_article_ids] and summary.alerts == 2


def test_a_json_feed_with_lone_surrogates_is_stored_and_the_pass_goes_on(
        site: Site, store: Store, settings: Settings) -> None:
    # JSON may spell a lone surrogate ("\ud800"); it reached the store's encoder and ended the pass.
    text = article_page(3).split("<p>")[1].split("</p>")[0]
    entry = ('{"id": "s1", "url": "' + site.url("/s/1.html") + '", "title": "Talks\\ud800 resume", '
             '"content_text": "' + text + '\\udfff"}')
    feed = site.set("/feed.json", '{"version": "https://jsonfeed.org/version/1.1", "title": "T", '
                    f'"items": [{entry}]}}', content_type="application/feed+json")
    site.set("/s/1.html", article_page(3))  # in case the entry is read as a teaser
    good = publish(site, [4])
    with Watcher(config(feed, good), store, settings) as watcher:
        summary = watcher.run_pass(START)
    assert summary.stored == 2
    titles = {row.title for row in store.articles(limit=10)}
    assert "Talks\ufffd resume" in titles


def test_a_page_that_is_an_article_is_prepared_once(site: Site, store: Store, settings: Settings,
                                                   prepared_refs: list[str | None]) -> None:
    page = site.set("/a/5.html", article_page(5))
    with Watcher(config(pages=(page,)), store, settings) as watcher:
        summary = watcher.run_pass(START)
    # Prepared once to tell an article from an index page; ingest takes that article as it is.
    assert summary.stored == 1 and prepared_refs == [page]
