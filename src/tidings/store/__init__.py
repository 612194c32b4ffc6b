"""The embedded SQLite store: articles, their analysis, skips and failures in one file."""

from __future__ import annotations

from tidings.store.rows import fts_query
from tidings.store.sqlite import Store

__all__ = ["Store", "fts_query"]
