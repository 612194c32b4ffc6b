"""The embedded store: one SQLite file holding articles, their analysis, and what was skipped.

`SqliteStore` owns the single writer connection (autocommit mode, explicit transactions); the
queries are the shared ones of store/base.py. SQLite lets one writer in at a time: a write
transaction starts with BEGIN IMMEDIATE and waits up to WRITE_WAIT_S for the lock (PostgreSQL's
advisory lock waits as long).

Re-ingesting the same input changes nothing: the file stays byte for byte the same (the tests
compare `iterdump()` output).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from tidings.errors import NoDatabase, StoreError
from tidings.store.base import Store
from tidings.store.migrations import applied_migrations, migrate

BUSY_TIMEOUT_MS = 10_000
# How long a write transaction waits for the write lock in all. An ingest analyses a batch with no
# lock held and takes the lock only to store it (pipeline.ingest), so turns are short; but a store
# of a batch of huge articles, or many writers at once, can still outlast BUSY_TIMEOUT_MS.
WRITE_WAIT_S = 600.0


def _hint(exc: Exception) -> str:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return "another process is writing to it; wait for it to finish or use a different --db"
    if "readonly" in message:
        return "the file or its directory is not writable; fix the permissions or use a different --db"
    if "disk" in message and "full" in message:
        return "the disk is full; free some space and run again (finished inputs are not redone)"
    if "not a database" in message or "malformed" in message:
        return "it is not a usable SQLite database; move it away or use a different --db"
    if "unable to open" in message:
        return "check that its directory exists and is writable, or use a different --db"
    return "check the path and its permissions, or use a different --db"


class SqliteStore(Store):
    """A tidings database in one SQLite file. Use `SqliteStore.open(path)` (or `open_store(path)`)."""

    _errors = (sqlite3.Error,)

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        super().__init__(conn, str(path))
        self._sqlite = conn
        self.path = path

    @classmethod
    def open(cls, target: str | Path, *, create: bool = False) -> SqliteStore:
        """Open the database at `target` and bring its schema up to date; with `create`, make the
        file (and its folder) when there is none. Without it, NoDatabase when there is no file or
        the file holds no tidings database yet (an empty one), and nothing is created."""
        path = Path(target).expanduser()
        if not create:
            return cls._connect(path, create=False)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the directory {path.parent} for the database ({exc.strerror or exc}); "
                "choose a writable location with --db or TIDINGS_DB"
            ) from None
        return cls._connect(path, create=True)

    @classmethod
    def _connect(cls, path: Path, *, create: bool) -> SqliteStore:
        if path.is_dir():
            raise StoreError(f"{path} is a directory; --db needs a file, e.g. {path / 'tidings.db'}")
        if not create and not path.exists():
            raise NoDatabase(f"no database at {path}: run tidings ingest first, or check --db and TIDINGS_DB")
        try:
            conn = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the database {path} ({exc}); {_hint(exc)}") from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            cls._refuse_foreign_database(conn, path)
            # Looked at before anything is written: a reader leaves an empty file as it found it.
            if not create and not applied_migrations(conn):
                raise NoDatabase(f"no tidings database in {path} (the file is empty): "
                                 "run tidings ingest first")
            # WAL lets readers (a `tidings articles` in another terminal) run during an ingest.
            conn.execute("PRAGMA journal_mode = WAL")
            migrate(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"cannot use the database {path} ({exc}); {_hint(exc)}") from None
        except BaseException:
            conn.close()
            raise
        return cls(conn, path)

    @staticmethod
    def _refuse_foreign_database(conn: sqlite3.Connection, path: Path) -> None:
        # Adding our tables to some other application's database would be a nasty surprise.
        if applied_migrations(conn):
            return
        (tables,) = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchone()
        if tables:
            raise StoreError(
                f"{path} is a SQLite database but not a tidings one; use a different --db"
            )

    @property
    def connection(self) -> sqlite3.Connection:
        """The underlying connection, for tests and inspection (iterdump); write through the methods."""
        return self._sqlite

    def _begin(self) -> None:
        # IMMEDIATE takes the write lock now, so busy_timeout applies; a deferred
        # transaction that later tries to write can fail at once with SQLITE_BUSY. Each attempt
        # waits BUSY_TIMEOUT_MS; the writer tries again until WRITE_WAIT_S have passed.
        deadline = time.monotonic() + WRITE_WAIT_S
        while True:
            try:
                self._sqlite.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() >= deadline:
                    raise

    def _hint(self, exc: Exception) -> str:
        return _hint(exc)

    def rebuild_search(self) -> None:
        """Reindex full-text search from the tables (needed after VACUUM; see migrations)."""
        with self._write() as conn:
            conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
            conn.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')")
