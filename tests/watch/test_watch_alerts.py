"""`tidings watch` with real alert rules: what arrives is analysed and exactly the matching event fires."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.watch.server import Site
from tidings.settings import Settings
from tidings.store import open_store
from tidings.watch import WatchConfigError, Watcher, load_config

# Our own texts: a clash that a "material conflict involving China" rule must catch, a meeting it
# must not (China is in it, but it is cooperation), and a clash that does not involve China.
CLASH = ("Chinese warships fired on a Taiwanese coast guard vessel near Kinmen on Monday, Taiwan's "
         "defence ministry said. The ministry said two sailors were hurt and the vessel returned to port.")
MEETING = ("China's foreign minister met his Brazilian counterpart in Brasilia on Monday to discuss soybean "
           "exports and a new shipping route, officials said. Both sides said the talks were friendly.")
OTHER_CLASH = ("Azerbaijani forces shelled Armenian border posts on Monday, Armenia's defence ministry said. "
               "Two soldiers were wounded in the shelling near the village of Sotk.")


def page(title: str, text: str) -> str:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{text}</p>"
            "</article></body></html>")


def feed(site: Site, items: list[tuple[str, str]]) -> str:
    entries = "".join(f"<item><title>{title}</title><link>{site.url(path)}</link>"
                      f"<pubDate>Mon, 06 May 2024 1{n}:00:00 GMT</pubDate></item>"
                      for n, (path, title) in enumerate(items))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>{entries}</channel></rss>'


@pytest.mark.e2e
def test_a_watch_pass_fires_the_rule_on_exactly_the_matching_event(site: Site, tmp_path: Path) -> None:
    items = [("/a/clash.html", "Clash near Kinmen"), ("/a/talks.html", "China and Brazil talk trade"),
             ("/a/caucasus.html", "Shelling on the Armenian border")]
    for (path, title), text in zip(items, (CLASH, MEETING, OTHER_CLASH), strict=True):
        site.set(path, page(title, text))
    url = site.set("/feed.xml", feed(site, items), content_type="application/rss+xml")
    log = tmp_path / "alerts.jsonl"
    config_path = tmp_path / "watch.toml"
    config_path.write_text(f"""
[watch]
rate_limit = 1000
[[feeds]]
url = "{url}"
[[alerts]]
name = "Material conflict involving China"
kind = "event"
quad_class = 4
actors = ["CHN"]
[outputs]
console = false
jsonl = "{log}"
""", encoding="utf-8")
    config = load_config(config_path)
    settings = Settings(allow_private_networks=True)
    with open_store(tmp_path / "watch.db", create=True) as store, Watcher(config, store, settings) as watcher:
        summary = watcher.run_pass()
        assert summary.stored == 3 and summary.alerts == 1
        assert watcher.run_pass().alerts == 0  # nothing new, nothing fired again
    fired = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(fired) == 1
    assert fired[0]["rule"] == "Material conflict involving China"
    assert "Kinmen" in fired[0]["sentence"] and fired[0]["title"] == "Clash near Kinmen"


def test_a_wrong_alert_rule_stops_watch_before_it_starts(tmp_path: Path) -> None:
    config_path = tmp_path / "watch.toml"
    config_path.write_text('[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\n'
                           '[[alerts]]\nname = "x"\nkind = "earthquake"\n', encoding="utf-8")
    with pytest.raises(WatchConfigError, match="earthquake"):
        load_config(config_path)


@pytest.mark.e2e
def test_articles_stored_by_a_run_that_died_before_its_alert_step_are_alerted_on_restart(
        site: Site, tmp_path: Path) -> None:
    site.set("/a/clash.html", page("Clash near Kinmen", CLASH))
    url = site.set("/feed.xml", feed(site, [("/a/clash.html", "Clash near Kinmen")]),
                   content_type="application/rss+xml")
    log = tmp_path / "alerts.jsonl"
    sources = f'[watch]\nrate_limit = 1000\n[[feeds]]\nurl = "{url}"\n'
    rules = (f'[[alerts]]\nname = "China clash"\nkind = "event"\nquad_class = 4\nactors = ["CHN"]\n'
             f'[outputs]\nconsole = false\njsonl = "{log}"\n')
    died, restarted = tmp_path / "died.toml", tmp_path / "restarted.toml"
    died.write_text(sources, encoding="utf-8")  # the same sources, its alert step never reached
    restarted.write_text(sources + rules, encoding="utf-8")
    settings = Settings(allow_private_networks=True)
    with open_store(tmp_path / "watch.db", create=True) as store:
        with Watcher(load_config(died), store, settings) as watcher:
            assert watcher.run_pass().stored == 1
        with Watcher(load_config(restarted), store, settings) as watcher:
            summary = watcher.run_pass()
            assert (summary.stored, summary.alerts) == (0, 1)
            assert watcher.run_pass().alerts == 0
    lines = log.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["rule"] for line in lines] == ["China clash"]
