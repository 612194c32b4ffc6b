"""The `tidings watch` configuration file (TOML), read into frozen dataclasses.

    [watch]                       all optional
    interval = 900                seconds between passes, or "90s", "15m", "1h", "1d"
    rate_limit = 1.0              most requests per second to one host
    timeout = 20                  seconds per request
    max_backoff = 3600            seconds: the longest a failing source waits
    [[feeds]]  url = "..."        RSS, Atom or JSON Feed: each entry's article is fetched
    [[pages]]  url = "..."        an index page (its same-host links are followed) or one article
    [[alerts]] ...                rules for tidings.alerts, read by its parse_rules
    [outputs]  ...                tidings.alerts' outputs, read by its parse_outputs

`load_config(path)` raises WatchConfigError (a SettingsError) naming the key that is wrong and
how to fix it; it never raises anything else for a bad file.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tidings.alerts.rules import AlertOutputs, AlertRuleError, Rule, parse_outputs, parse_rules
from tidings.errors import SettingsError
from tidings.ingest.fetch import is_http_url

__all__ = ["Source", "WatchConfig", "WatchConfigError", "load_config", "parse_duration"]

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_WATCH_KEYS = ("interval", "rate_limit", "timeout", "max_backoff")
_TOP_KEYS = ("watch", "feeds", "pages", "alerts", "outputs")


class WatchConfigError(SettingsError):
    """The watch configuration file cannot be used; the message names the key and the fix."""


@dataclass(frozen=True, slots=True)
class Source:
    """One watched URL: `kind` is "feed" or "page"."""

    url: str
    kind: str


@dataclass(frozen=True, slots=True)
class WatchConfig:
    """A whole watch configuration; durations in seconds."""

    feeds: tuple[Source, ...] = ()
    pages: tuple[Source, ...] = ()
    interval: float = 900.0
    rate_limit: float = 1.0
    timeout: float = 20.0
    max_backoff: float = 3600.0
    # [[alerts]] and [outputs], as tidings.alerts reads them.
    alerts: tuple[Rule, ...] = ()
    outputs: AlertOutputs = field(default_factory=AlertOutputs)

    @property
    def sources(self) -> tuple[Source, ...]:
        """Feeds first, then pages, each in file order."""
        return self.feeds + self.pages


def parse_duration(value: object, *, key: str) -> float:
    """Seconds from a number or a string like "90", "90s", "15m", "1h", "1d"; positive.

    Raises WatchConfigError naming `key` for anything else. Pure.
    """
    seconds: float | None = None
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = float(value)
    elif isinstance(value, str) and (match := _DURATION.match(value.lower())):
        seconds = float(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds is None or seconds <= 0:
        raise WatchConfigError(
            f"[watch] {key} = {value!r} is not a duration; write a positive number of seconds "
            f'or a string like "90s", "15m", "1h"'
        )
    return seconds


def _positive(table: Mapping[str, object], key: str, default: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise WatchConfigError(f"[watch] {key} = {value!r} must be a positive number (default {default:g})")
    return float(value)


def _sources(data: Mapping[str, object], section: str, path: Path) -> tuple[Source, ...]:
    entries = data.get(section, [])
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise WatchConfigError(
            f"{path}: {section} must be an array of tables, each written as [[{section}]] "
            'with a url = "..."'
        )
    kind = "feed" if section == "feeds" else "page"
    found: list[Source] = []
    for number, entry in enumerate(entries, start=1):
        url = entry.get("url")
        unknown = sorted(set(entry) - {"url"})
        if unknown:
            raise WatchConfigError(f"{path}: [[{section}]] number {number} has unknown keys {unknown}; "
                                   "only url is read")
        if not isinstance(url, str) or not url.strip():
            raise WatchConfigError(f"{path}: [[{section}]] number {number} has no url; "
                                   'add url = "https://..."')
        if not is_http_url(url.strip()):
            raise WatchConfigError(f"{path}: [[{section}]] number {number} url = {url!r} is not an "
                                   "http(s) URL with a host")
        found.append(Source(url.strip(), kind))
    return tuple(found)


def load_config(path: Path) -> WatchConfig:
    """Read and check the watch configuration at `path`.

    Returns a WatchConfig with at least one feed or page. Raises WatchConfigError when the file
    is missing, not TOML, or has a wrong or unknown key (the message says which and what to write).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise WatchConfigError(f"{path} does not exist; give the path of a watch configuration "
                               "(see README, Watching sources)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchConfigError(f"{path} could not be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise WatchConfigError(f"{path} is not valid TOML: {exc}; fix the line it names") from None

    unknown = sorted(set(data) - set(_TOP_KEYS))
    if unknown:
        raise WatchConfigError(f"{path}: unknown key(s) {unknown}; a watch configuration has "
                               f"{', '.join(_TOP_KEYS)}")
    table = data.get("watch", {})
    if not isinstance(table, dict):
        raise WatchConfigError(f"{path}: watch must be a table, written [watch]")
    unknown = sorted(set(table) - set(_WATCH_KEYS))
    if unknown:
        raise WatchConfigError(f"{path}: unknown key(s) {unknown} in [watch]; "
                               f"it takes {', '.join(_WATCH_KEYS)}")
    alerts = data.get("alerts", [])
    if not isinstance(alerts, list) or not all(isinstance(rule, dict) for rule in alerts):
        raise WatchConfigError(f"{path}: alerts must be an array of tables, each written [[alerts]]")
    outputs = data.get("outputs", {})
    if not isinstance(outputs, dict):
        raise WatchConfigError(f"{path}: outputs must be a table, written [outputs]")

    feeds, pages = _sources(data, "feeds", path), _sources(data, "pages", path)
    interval = parse_duration(table.get("interval", 900), key="interval")
    rate_limit = _positive(table, "rate_limit", 1.0)
    timeout = parse_duration(table.get("timeout", 20), key="timeout")
    max_backoff = parse_duration(table.get("max_backoff", 3600), key="max_backoff")
    if not feeds + pages:
        raise WatchConfigError(f'{path} names no source; add [[feeds]] url = "..." or [[pages]] url = "..."')
    # A wrong rule or output is said now, not as a log line after every pass.
    try:
        rules, sinks = tuple(parse_rules(alerts)), parse_outputs(outputs)
    except AlertRuleError as exc:
        raise WatchConfigError(f"{path}: {exc}") from None
    return WatchConfig(feeds=feeds, pages=pages, interval=interval, rate_limit=rate_limit, timeout=timeout,
                       max_backoff=max_backoff, alerts=rules, outputs=sinks)
