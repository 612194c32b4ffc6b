"""The store: articles, their analysis, skips and failures, in a SQLite file or a PostgreSQL database.

    with open_store("tidings.db") as store: ...                        # SQLite (tidings.store.sqlite)
    with open_store("postgresql://user@host/tidings") as store: ...    # PostgreSQL (tidings.store.postgres)

Both are a `Store`, with the same methods (store/base.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tidings.store.base import Store, is_database_url
from tidings.store.rows import fts_query
from tidings.store.sqlite import SqliteStore

if TYPE_CHECKING:
    from tidings.store.postgres import PostgresStore

__all__ = ["PostgresStore", "SqliteStore", "Store", "fts_query", "is_database_url", "open_store"]


def open_store(target: str | Path) -> Store:
    """The store `target` names: a PostgreSQL database for a postgresql:// URL, else a SQLite file."""
    return Store.open(target)


def __getattr__(name: str) -> Any:
    # psycopg is imported only by those who use PostgreSQL.
    if name == "PostgresStore":
        from tidings.store.postgres import PostgresStore

        return PostgresStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
