"""The embedded SQLite store: articles, their analysis, skips and failures in one file."""

from __future__ import annotations

from tidings.store.sqlite import Store, fts_query

__all__ = ["Store", "fts_query"]
