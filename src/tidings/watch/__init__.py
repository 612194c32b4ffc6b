"""`tidings watch`: poll feeds and pages politely and process each new article once.

    config.py   the TOML file ([watch], [[feeds]], [[pages]]; [[alerts]] and [outputs] passed on)
    polite.py   robots.txt and the per-host rate limit
    links.py    the article links of an index page
    loop.py     the passes, their crash-safe state in the store, the alerts hook
"""

from tidings.watch.config import Source, WatchConfig, WatchConfigError, load_config
from tidings.watch.loop import PassSummary, Watcher, watch

__all__ = ["PassSummary", "Source", "WatchConfig", "WatchConfigError", "Watcher", "load_config", "watch"]
