"""The store: articles, their analysis, skips and failures, in a SQLite file or a PostgreSQL database.

    with open_store("tidings.db") as store: ...                        # SQLite (tidings.store.sqlite)
    with open_store("postgresql://user@host/tidings") as store: ...    # PostgreSQL (tidings.store.postgres)
    with open_store("tidings.db", create=True) as store: ...           # ingest, watch: create it if need be

Both are a `Store`, with the same methods (store/base.py). `open_store` is the one place that
chooses the backend, so the base class knows none of its subclasses.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from tidings.errors import StoreError
from tidings.settings import DB_URL_SCHEMES
from tidings.store.base import Store
from tidings.store.rows import fts_query
from tidings.store.sqlite import SqliteStore

if TYPE_CHECKING:
    from tidings.store.postgres import PostgresStore

__all__ = ["PostgresStore", "SqliteStore", "Store", "fts_query", "is_database_url", "open_store"]


def is_database_url(target: str | Path) -> bool:
    """True when `target` names a PostgreSQL database rather than a SQLite file."""
    return isinstance(target, str) and target.lower().startswith(DB_URL_SCHEMES)


def open_store(target: str | Path, *, create: bool = False) -> Store:
    """Open the tidings database `target` names and bring its schema up to date.

    A `postgresql://` or `postgres://` URL opens a PostgreSQL database (tidings.store.postgres);
    anything else is the path of a SQLite file (tidings.store.sqlite). With `create` (ingest,
    watch) a database that does not exist yet is made (the file and its folder, or the tables);
    without it (every reader) that is NoDatabase, so a mistyped path is an error, not an empty
    answer. Raises StoreError, saying what to do, when it cannot be opened.
    """
    if is_database_url(target):
        return _postgres_store().open(target, create=create)
    if isinstance(target, str) and "://" in target:
        scheme = target.split("://", 1)[0]
        raise StoreError(f"--db {scheme}://... is not a database tidings can use; give a SQLite file "
                         "path or a postgresql://user@host/dbname URL")
    return SqliteStore.open(Path(target), create=create)


def _postgres_store() -> type[PostgresStore]:
    # psycopg is imported only by those who use PostgreSQL.
    from tidings.store.postgres import PostgresStore

    return PostgresStore


def __getattr__(name: str) -> type[PostgresStore]:
    if name == "PostgresStore":
        return _postgres_store()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
