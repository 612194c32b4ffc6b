"""The watch configuration file: what it accepts, and errors that name the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.alerts import AlertOutputs, Rule
from tidings.errors import TidingsError
from tidings.watch import WatchConfigError, load_config
from tidings.watch.config import parse_duration
from tidings.watch.links import page_links


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "watch.toml"
    path.write_text(text)
    return path


def test_a_full_config_is_read_with_its_alert_rules_and_outputs(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, """
[watch]
interval = "15m"
rate_limit = 0.5
timeout = 10
max_backoff = "1h"
[[feeds]]
url = "https://example.org/feed.xml"
[[pages]]
url = "https://example.org/news/"
[[alerts]]
name = "sanctions"
kind = "event"
root = "16"
[outputs]
jsonl = "alerts.jsonl"
"""))
    assert (config.interval, config.rate_limit, config.timeout, config.max_backoff) == (900, 0.5, 10, 3600)
    assert [source.kind for source in config.sources] == ["feed", "page"]
    assert config.alerts == (Rule(name="sanctions", kind="event", root="16"),)
    assert config.outputs == AlertOutputs(jsonl=Path("alerts.jsonl"))


@pytest.mark.parametrize(("text", "says"), [
    ('[watch]\ninterval = "soon"\n[[feeds]]\nurl = "https://x.org/f"', "[watch] interval"),
    ('[watch]\nrate_limit = 0\n[[feeds]]\nurl = "https://x.org/f"', "rate_limit"),
    ('[watch]\nspeed = 3\n[[feeds]]\nurl = "https://x.org/f"', "speed"),
    ('[[feeds]]\nurl = "ftp://x.org/f"', "http(s) URL"),
    ('[[feeds]]\nlink = "https://x.org/f"', "unknown keys ['link']"),
    ("[watch]\ninterval = 60\n", "names no source"),
    ("[watch\n", "not valid TOML"),
])
def test_a_bad_config_names_the_key(tmp_path: Path, text: str, says: str) -> None:
    with pytest.raises(WatchConfigError) as caught:
        load_config(write(tmp_path, text))
    assert says in str(caught.value)
    assert isinstance(caught.value, TidingsError)


def test_a_missing_config_says_so(tmp_path: Path) -> None:
    with pytest.raises(WatchConfigError, match="does not exist"):
        load_config(tmp_path / "absent.toml")


def test_durations() -> None:
    assert [parse_duration(value, key="k") for value in (90, "90s", "15m", "1h", "1d")] == [
        90, 90, 900, 3600, 86400]


def test_index_links_stay_on_the_host_once_each() -> None:
    body = (b'<a href="/a/1.html">1</a><a href="/a/1.html#top">again</a><a href="b.html">rel</a>'
            b'<a href="https://other.example/c">away</a><a href="/style.css">css</a><a href="#">self</a>')
    assert page_links(body, "http://site.example/news/") == [
        "http://site.example/a/1.html", "http://site.example/news/b.html"]
