"""The `tidings watch` polling loop: passes over the configured feeds and pages, each new article
processed once through the same path as `tidings ingest` (pipeline.ingest_document and its Ledger).

One pass, for each source that is due (never polled, or its `next_poll_at` has come):

    robots.txt allows it? ─► conditional GET (If-None-Match, If-Modified-Since)
        304 ─► nothing new; 5xx, timeout, unreachable ─► failure, backoff interval·2^n ≤ max_backoff
        feed ─► each entry's link   page ─► one article, or an index whose same-host links are followed
    each link not yet done ─► robots.txt ─► paced GET ─► ingest ─► link marked done, one transaction

Crash safety: an article's writes and its link's "done" mark commit together, so a kill -9 loses
at most the article being processed, and a restart neither loses nor repeats one. A source's
validators are saved only after every one of its links is done; until then the next pass fetches
it whole and passes over the links already done. A link whose fetch fails is retried on later
passes, and after MAX_LINK_ATTEMPTS recorded as a "fetch-failed" skip.

After each pass, `tidings.alerts.run_alerts` gets the new article ids (its rules were checked when
the configuration was loaded). Everything is logged to the "tidings.watch" logger, one line per
event.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from tidings import pipeline
from tidings.errors import FetchError
from tidings.ingest.border import valid_item
from tidings.ingest.feeds import is_feed_content_type, iter_feed, looks_like_feed
from tidings.ingest.fetch import Client, Fetched, fetch, make_client
from tidings.ingest.sources import _fetched_document
from tidings.model import Article, Document, Failure, Skip
from tidings.watch.config import Source, WatchConfig
from tidings.watch.links import page_links
from tidings.watch.polite import Politeness

if TYPE_CHECKING:
    from tidings.settings import Settings
    from tidings.store import Store

__all__ = ["MAX_LINK_ATTEMPTS", "PassSummary", "Watcher", "watch"]

log = logging.getLogger("tidings.watch")

MAX_LINK_ATTEMPTS = 5
# On start, articles watch stored this far back are offered to the alert rules again, in case the
# last run died between storing them and its alert step.
ALERT_CATCH_UP_S = 24 * 3600
_SNIFF = 4096
# Internal markers from the link fetcher back to the pass; never stored.
_ALREADY_DONE = "watch-already-done"
_RETRY = "watch-retry"


@dataclass
class PassSummary:
    """What one pass did. `new_article_ids` are the articles stored for the first time."""

    started_at: datetime
    polled: int = 0
    not_modified: int = 0
    not_due: int = 0
    failed_sources: int = 0
    stored: int = 0
    already_done: int = 0
    skipped: int = 0
    link_failures: int = 0
    alerts: int = 0
    new_article_ids: list[str] = field(default_factory=list)

    def line(self) -> str:
        """A one-line summary for the log and the CLI."""
        return (f"pass done: {self.polled} polled ({self.not_modified} not modified, {self.failed_sources} "
                f"failed, {self.not_due} not due), {self.stored} new articles, {self.skipped} skipped, "
                f"{self.link_failures} link failures (retried later), {self.alerts} alerts")


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A fetched page already prepared (to tell an article from an index page), with its article."""

    document: Document
    article: Article


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


class Watcher:
    """One watch process: its store, settings, configuration, HTTP client and politeness state.

    Requires: an open store (migrated). The settings' fetch_timeout is replaced by the
    configuration's `timeout`. Close it (or use it as a context manager) to close the client.
    """

    def __init__(self, config: WatchConfig, store: Store, settings: Settings, *,
                 client: Client | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config
        self.store = store
        self.settings = replace(settings, fetch_timeout=config.timeout)
        self._own_client = client is None
        self.client = client if client is not None else make_client(self.settings)
        self.politeness = Politeness(self.settings, self.client, rate_limit=config.rate_limit, sleep=sleep)
        self._last_status = ""
        self.ledger = pipeline.Ledger.start(store, self.settings, self._note_outcome)
        # Articles stored by a run killed before its alert step reach the rules on the next start;
        # the rules fire nothing twice, so offering them again is safe.
        self._alerts_caught_up = False

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._own_client:
            self.client.close()

    def _note_outcome(self, outcome: pipeline.Outcome) -> None:
        self._last_status = outcome.status

    # -- one pass ---------------------------------------------------------------------------

    def run_pass(self, now: datetime | None = None) -> PassSummary:
        """Poll every due source once, process its new articles, then run the alert rules.

        `now` (default: the clock) decides which sources are due and when they are next due.
        Never raises for a source or an article that fails: each is logged and retried later.
        """
        now = now or datetime.now(UTC)
        summary = PassSummary(started_at=now)
        self.politeness.new_pass()
        for source in self.config.sources:
            state = self.store.watch_source(source.url)
            if state is not None and state.next_poll_at and _parse(state.next_poll_at) > now:
                summary.not_due += 1
                continue
            self._poll(source, now, summary, failures=state.failures if state else 0,
                       etag=state.etag if state else None,
                       last_modified=state.last_modified if state else None)
        offered = summary.new_article_ids
        if not self._alerts_caught_up:
            since = _iso(now - timedelta(seconds=ALERT_CATCH_UP_S))
            offered = list(dict.fromkeys([*self.store.watch_articles_since(since), *offered]))
        summary.alerts = self._alerts(offered, now)
        self._alerts_caught_up = True
        log.info("%s", summary.line())
        return summary

    def _fail_source(self, source: Source, now: datetime, failures: int, message: str,
                     summary: PassSummary) -> None:
        wait = min(self.config.max_backoff, self.config.interval * 2 ** (failures + 1))
        self.store.record_poll(source.url, kind=source.kind, polled_at=_iso(now),
                               next_poll_at=_iso(now + timedelta(seconds=wait)), error=message)
        summary.failed_sources += 1
        log.warning("failed %s (failure %d in a row): %s; next try in %ds", source.url, failures + 1, message,
                    wait)

    def _poll(self, source: Source, now: datetime, summary: PassSummary, *, failures: int,
              etag: str | None, last_modified: str | None) -> None:
        next_poll_at = _iso(now + timedelta(seconds=self.config.interval))
        summary.polled += 1
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            if not self.politeness.allowed(source.url):
                self._robots_skip(source.url, source)
                self.store.record_poll(source.url, kind=source.kind, polled_at=_iso(now),
                                       next_poll_at=next_poll_at, error=None, keep_validators=True)
                return
            self.politeness.wait(source.url)
            fetched = fetch(source.url, self.settings, client=self.client, headers=headers, accept=(304,))
        except FetchError as exc:
            self._fail_source(source, now, failures, str(exc), summary)
            return
        if fetched.status == 304:
            summary.not_modified += 1
            log.info("not modified (304): %s", source.url)
            self.store.record_poll(source.url, kind=source.kind, polled_at=_iso(now),
                                   next_poll_at=next_poll_at, error=None, keep_validators=True)
            return
        log.info("fetched %s (%d bytes)", source.url, len(fetched.body))
        complete = self._process(self._items(source, fetched), source, summary)
        # Validators only when every link is done: otherwise a 304 next time would hide the rest.
        self.store.record_poll(source.url, kind=source.kind, polled_at=_iso(now), next_poll_at=next_poll_at,
                               error=None, etag=fetched.etag, last_modified=fetched.last_modified,
                               keep_validators=not complete)

    def _items(self, source: Source, fetched: Fetched) -> Iterator[Document | Skip | _Prepared]:
        """The Documents and Skips a fetched source leads to, lazily (links fetched as iterated)."""
        fetch_link = self._link_fetcher(source)
        if is_feed_content_type(fetched.content_type) or looks_like_feed(fetched.body[:_SNIFF]):
            yield from iter_feed(fetched.body, ref=source.url, fetch_page=fetch_link,
                                 fetched_at=fetched.fetched_at, max_entries=self.settings.max_feed_entries)
            return
        page = _fetched_document(fetched, ref=source.url, origin="url")
        if isinstance(page, Skip):
            yield page
            return
        # A page that reads as an article is one; otherwise it is an index and we follow its links.
        try:
            prepared: Article | Skip = pipeline.prepare(page, self.settings)
        except Exception:  # settled as an article, so the failure is recorded like any other
            yield page
            return
        if isinstance(prepared, Article):
            yield _Prepared(page, prepared)  # prepared once: ingest takes this article as it is
            return
        links = page_links(fetched.body, fetched.url)
        log.info("index page %s: %d same-host links", source.url, len(links))
        for link in links:
            yield fetch_link(link)

    def _link_fetcher(self, source: Source) -> Callable[[str], Document | Skip]:
        def fetch_link(link: str) -> Document | Skip:
            if self.store.link_done(link):
                return Skip(link, _ALREADY_DONE, "")
            try:
                if not self.politeness.allowed(link):
                    return Skip(link, "robots-disallowed",
                                f"robots.txt of {link} disallows it for our user agent; not fetched",
                                stage="watch")
                self.politeness.wait(link)
                fetched = fetch(link, self.settings, client=self.client)
            except FetchError as exc:
                return Skip(link, _RETRY, str(exc))
            if is_feed_content_type(fetched.content_type) or looks_like_feed(fetched.body[:_SNIFF]):
                return Skip(link, "unsupported", f"{link} leads to a feed, not an article", stage="watch")
            return _fetched_document(fetched, ref=link, origin="url")

        return fetch_link

    def _robots_skip(self, link: str, source: Source) -> None:
        log.info("robots.txt disallows %s: not fetched", link)
        with self.store.transaction():
            self.ledger.skip(Skip(link, "robots-disallowed",
                                  f"robots.txt of {link} disallows it for our user agent; not fetched",
                                  stage="watch"))

    # -- each article -----------------------------------------------------------------------

    def _process(self, items: Iterable[Document | Skip | _Prepared], source: Source,
                 summary: PassSummary) -> bool:
        """Settle every item; True when all of them are done (none left to retry)."""
        complete = True
        for found in items:
            article = found.article if isinstance(found, _Prepared) else None
            # feed entries' links and titles, as the sources layer does
            item = valid_item(found.document if isinstance(found, _Prepared) else found)
            ref = item.ref or source.url
            if isinstance(item, Skip) and item.reason == _ALREADY_DONE:
                summary.already_done += 1
                continue
            if isinstance(item, Skip) and item.reason == _RETRY:
                complete = self._link_failed(ref, item.detail, source, summary) and complete
                continue
            if isinstance(item, Skip) and item.ref == source.url:
                # About the source itself (a malformed feed): recorded, not a link to mark done.
                log.warning("%s: %s", item.reason, item.detail)
                with self.store.transaction():
                    self.ledger.skip(item)
                summary.skipped += 1
                continue
            if isinstance(item, Document) and item.ref != source.url and self.store.link_done(ref):
                summary.already_done += 1  # a full-text feed entry, fetched with the feed
                continue
            self._settle(item, ref, source, summary, prepared=article)
        return complete

    def _settle(self, item: Document | Skip, ref: str, source: Source, summary: PassSummary, *,
                prepared: Article | None = None) -> None:
        now = _iso(datetime.now(UTC))
        try:
            with self.store.transaction():
                article_id = None
                self._last_status = ""
                if isinstance(item, Skip):
                    self.ledger.skip(item)
                else:
                    article_id = pipeline.ingest_document(item, self.settings, self.ledger, prepared=prepared)
                if item.ref != source.url:  # a single-article page is re-read each pass, not done
                    self.store.mark_link_done(ref, source_url=source.url, outcome=self._last_status or "done",
                                              article_id=article_id, now=now)
        except Exception as exc:  # one article's bug must not end the pass; its writes were rolled back
            message = f"{type(exc).__name__}: {exc}"
            log.error("failed %s: %s", ref, message)
            with self.store.transaction():
                self.ledger.fail(Failure(ref, "watch", message))
                if item.ref != source.url:
                    self.store.mark_link_done(ref, source_url=source.url, outcome="failed", article_id=None,
                                              now=now)
            return
        if article_id is not None:
            summary.stored += 1
            summary.new_article_ids.append(article_id)
            log.info("stored %s as article %s", ref, article_id)
        elif isinstance(item, Skip):
            summary.skipped += 1
            log.info("skipped %s: %s: %s", ref, item.reason, item.detail)
        else:
            log.info("%s %s", self._last_status or "processed", ref)

    def _link_failed(self, link: str, message: str, source: Source, summary: PassSummary) -> bool:
        """Count a failed link fetch; True when it is given up on (recorded as a skip, done)."""
        now = _iso(datetime.now(UTC))
        attempts = self.store.note_link_failure(link, source_url=source.url, error=message, now=now)
        summary.link_failures += 1
        if attempts < MAX_LINK_ATTEMPTS:
            log.warning("failed %s (attempt %d of %d, retried next pass): %s", link, attempts,
                        MAX_LINK_ATTEMPTS, message)
            return False
        log.warning("giving up on %s after %d attempts: %s", link, attempts, message)
        gave_up = Skip(link, "fetch-failed", f"gave up after {attempts} attempts: {message}", stage="watch")
        self._settle(gave_up, link, source, summary)
        return True

    # -- alerts -----------------------------------------------------------------------------

    def _alerts(self, new_article_ids: list[str], now: datetime) -> int:
        """Run the alert rules over the pass's new articles; how many alerts fired."""
        if not self.config.alerts:
            return 0
        from tidings.alerts import run_alerts

        try:
            fired = run_alerts(self.store, self.config.alerts, self.config.outputs, settings=self.settings,
                               new_article_ids=list(new_article_ids), now=now)
        except Exception as exc:  # a broken output must not stop the watcher; the next pass tries again
            log.error("alerts failed: %s: %s", type(exc).__name__, exc)
            return 0
        return len(fired)

    def next_due_in(self, now: datetime) -> float:
        """Seconds until the earliest source is due (0 when one is due now)."""
        waits = []
        for source in self.config.sources:
            state = self.store.watch_source(source.url)
            if state is None or not state.next_poll_at:
                return 0.0
            waits.append((_parse(state.next_poll_at) - now).total_seconds())
        return max(0.0, min(waits, default=self.config.interval))


def watch(config: WatchConfig, store: Store, settings: Settings, *, once: bool = False,
          on_pass: Callable[[PassSummary], None] | None = None, client: Client | None = None,
          sleep: Callable[[float], None] = time.sleep) -> None:
    """Run passes until interrupted (KeyboardInterrupt: the open article is rolled back), or one
    pass with `once`. Between passes, sleeps until the next source is due. Returns only with `once`.
    """
    with Watcher(config, store, settings, client=client, sleep=sleep) as watcher:
        while True:
            summary = watcher.run_pass()
            if on_pass is not None:
                on_pass(summary)
            if once:
                return
            wait = watcher.next_due_in(datetime.now(UTC))
            log.info("next pass in %ds", round(wait))
            # Sleep in short steps so a signal handler's exception lands promptly.
            deadline = time.monotonic() + wait
            while (left := deadline - time.monotonic()) > 0:
                sleep(min(left, 1.0))
