"""Per-host politeness for `tidings watch`: robots.txt (with Crawl-delay) and a request rate limit.

`Politeness.allowed(url)` reads the host's robots.txt once per pass (`new_pass()` forgets them,
so a changed robots.txt is seen on the next pass) with urllib.robotparser, as RFC 9309 says:
a 4xx answer (no robots.txt) allows everything; a 5xx or a network failure raises FetchError,
so the caller fails and retries later instead of guessing. `Politeness.wait(url)` sleeps until
the host may be asked again: at most `rate_limit` requests a second, slower if its robots.txt
has a Crawl-delay for us. Request times are kept across passes, in memory only: after a
restart the first request to a host may come early by one interval, which is harmless.
"""

from __future__ import annotations

import logging
import time
import urllib.robotparser
from collections.abc import Callable

from tidings.ingest.fetch import Client, fetch, host_of
from tidings.settings import Settings

__all__ = ["Politeness", "host_of"]

log = logging.getLogger("tidings.watch")


class Politeness:
    """robots.txt and pacing for every host one watch process talks to."""

    def __init__(self, settings: Settings, client: Client, *, rate_limit: float,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self._settings = settings
        self._client = client
        self._min_gap = 1.0 / rate_limit
        self._clock = clock
        self._sleep = sleep
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last_request: dict[str, float] = {}

    def new_pass(self) -> None:
        """Forget the robots.txt files read so far: each pass reads them afresh."""
        self._robots.clear()

    def _rules(self, url: str) -> urllib.robotparser.RobotFileParser:
        host = host_of(url)
        rules = self._robots.get(host)
        if rules is None:
            self.wait(url)
            # 4xx: "unavailable", so everything is allowed; 5xx and network errors raise FetchError.
            fetched = fetch(f"{host}/robots.txt", self._settings, client=self._client, accept=range(400, 500))
            rules = urllib.robotparser.RobotFileParser(f"{host}/robots.txt")
            text = fetched.body.decode("utf-8", errors="replace") if fetched.status == 200 else ""
            rules.parse(text.splitlines())
            self._robots[host] = rules
            log.debug("robots.txt of %s read (HTTP %d)", host, fetched.status)
        return rules

    def allowed(self, url: str) -> bool:
        """True when the host's robots.txt lets our user agent fetch `url`.

        Raises FetchError when robots.txt itself cannot be fetched (5xx, timeout, unreachable).
        """
        return self._rules(url).can_fetch(self._settings.user_agent, url)

    def wait(self, url: str) -> None:
        """Sleep until a request to `url`'s host keeps to the rate limit and Crawl-delay; then
        count the request as made now."""
        host = host_of(url)
        gap = self._min_gap
        rules = self._robots.get(host)
        if rules is not None:
            delay = rules.crawl_delay(self._settings.user_agent)
            if delay is not None:
                gap = max(gap, float(delay))
        last = self._last_request.get(host)
        if last is not None:
            remaining = last + gap - self._clock()
            if remaining > 0:
                self._sleep(remaining)
        self._last_request[host] = self._clock()
