"""The shared store: a PostgreSQL database that several processes (and machines) read and write.

    with open_store("postgresql://tidings:secret@db.example.org/tidings") as store: ...

`PostgresStore` runs the same queries as the SQLite store (store/base.py) through `PgConnection`,
a thin wrapper over a psycopg connection that speaks the queries' `?` placeholders and counts the
rows it changes. The schema is store/pg_schema.py's.

Concurrency: the outermost `transaction()` takes a transaction-scoped advisory lock, so writers
take turns exactly as SQLite's BEGIN IMMEDIATE makes them: each ingest batch sees everything
committed before it (inputs done, articles stored, MinHash signatures for near-duplicates) and no
two batches can deadlock on each other's rows. Every insert is ON CONFLICT, so an article, input,
skip or duplicate link that another writer stored first is left as it is. Readers never wait.

Errors say what to do, and a password in the URL is never printed (`redact`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg.pq import TransactionStatus
from psycopg.rows import TupleRow
from psycopg.types.string import StrDumper

from tidings.errors import NoDatabase, StoreError
from tidings.settings import redact
from tidings.store.base import Store
from tidings.store.dialect import POSTGRES, Param, Params
from tidings.store.pg_schema import MIGRATION_LOCK, WRITE_LOCK, applied_migrations, foreign_tables, migrate

CONNECT_TIMEOUT_S = 10

_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_NAME = re.compile(r"[A-Za-z_]\w*")


def _password(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None


@lru_cache(maxsize=512)
def to_psycopg(sql: str, named: bool) -> str:
    """`sql` with `?` (or `:name` when `named`) placeholders as psycopg's `%s` (`%(name)s`).

    A literal % becomes %%; quoted strings, quoted identifiers, $$-bodies, comments and `::`
    casts are left alone.
    """
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char in "'\"":
            end = sql.find(char, i + 1)
            while end != -1 and sql.startswith(char, end + 1):  # a doubled quote is part of the string
                end = sql.find(char, end + 2)
            end = n if end == -1 else end + 1
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif sql.startswith("$$", i) or sql.startswith("--", i):
            closer = "$$" if char == "$" else "\n"
            end = sql.find(closer, i + 2)
            end = n if end == -1 else end + len(closer)
            out.append(sql[i:end].replace("%", "%%"))
            i = end
        elif char == "%":
            out.append("%%")
            i += 1
        elif char == "?" and not named:
            out.append("%s")
            i += 1
        elif char == ":" and named and sql.startswith("::", i):
            out.append("::")
            i += 2
        elif char == ":" and named and (match := _NAME.match(sql, i + 1)):
            out.append(f"%({match.group()})s")
            i = match.end()
        else:
            out.append(char)
            i += 1
    return "".join(out)


class PgConnection:
    """A psycopg connection (autocommit; transactions are explicit) that takes the queries as the
    SQLite connection does: `?` or `:name` placeholders, execute/executemany/in_transaction/close.

    `total_changes` counts the rows inserted, updated or deleted through it, like sqlite3's; the
    tests use it and `iterdump` to check that writing the same thing twice changes nothing.
    """

    dialect = POSTGRES

    def __init__(self, conn: psycopg.Connection[TupleRow]) -> None:
        self.raw = conn
        self.total_changes = 0

    def execute(self, sql: str, parameters: Params = (), /) -> psycopg.Cursor[TupleRow]:
        cursor = self.raw.execute(to_psycopg(sql, isinstance(parameters, Mapping)), parameters)
        if _WRITES.match(sql) and cursor.rowcount > 0:
            self.total_changes += cursor.rowcount
        return cursor

    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Param]],
                    /) -> psycopg.Cursor[TupleRow]:
        rows = list(seq_of_parameters)
        cursor = self.raw.cursor()
        if rows:
            cursor.executemany(to_psycopg(sql, False), rows)
            if _WRITES.match(sql) and cursor.rowcount > 0:
                self.total_changes += cursor.rowcount
        return cursor

    def scalar(self, sql: str, parameters: Sequence[Param] = (), /) -> object:
        """The first column of the first row `sql` returns (None when there is no row)."""
        row = self.execute(sql, parameters).fetchone()
        return None if row is None else row[0]

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.raw.close()

    def iterdump(self) -> Iterator[str]:
        """Every row of every table in the current schema, in a stable order, one line each.

        Leaves out the generated columns (`search`, and `rowid`, whose sequence may move on for
        an insert that then does nothing).
        """
        columns: dict[str, list[str]] = {}
        for table, column in self.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name NOT IN ('rowid', 'search') "
            "ORDER BY table_name, ordinal_position"
        ).fetchall():
            columns.setdefault(table, []).append(column)
        for table, names in columns.items():
            listed = ", ".join(f'"{name}"' for name in names)
            for row in self.execute(f'SELECT {listed} FROM "{table}" ORDER BY {listed}').fetchall():
                yield f"{table}: {row!r}"


def _hint(exc: Exception) -> str:
    message = str(exc).lower()
    if "password" in message or "authentication" in message:
        return ("check the user name and password: in the URL (postgresql://user:password@host/dbname), "
                "PGPASSWORD or ~/.pgpass")
    if "database" in message and "does not exist" in message:
        return "create it first (createdb, or CREATE DATABASE as an admin), or fix the name in the URL"
    if "role" in message and "does not exist" in message:
        return "check the user name in the URL (postgresql://user@host/dbname)"
    if "refused" in message or "could not connect" in message or "timeout" in message or "resolve" in message:
        return "check that the server is running and that host and port in the URL are right"
    if "permission denied" in message or "must be owner" in message:
        return ("the user needs the right to create tables in the database's schema; ask its owner to "
                "GRANT CREATE, or use a database the user owns")
    if "no schema has been selected" in message:
        return "the schema in search_path does not exist; create it or fix options=-csearch_path in the URL"
    return "check the URL (postgresql://user:password@host:port/dbname) and the server's log"


class PostgresStore(Store):
    """A tidings database in PostgreSQL. Use `open_store("postgresql://...")` (tidings.store)."""

    _errors = (psycopg.Error,)

    def __init__(self, conn: PgConnection, url: str) -> None:
        super().__init__(conn, redact(url))
        self._pg = conn
        self._secret = _password(url)

    @classmethod
    def open(cls, target: str | Path, *, create: bool = False) -> PostgresStore:
        """Connect to the database the URL names and bring its schema up to date; with `create`
        (ingest, watch), make the tidings tables when its schema has none yet.

        Raises StoreError, saying what to do, when the server cannot be reached, the login is
        refused, the database is missing or belongs to another application; NoDatabase when,
        without `create`, its schema holds no tidings tables (nothing is created then).
        """
        url = str(target)
        shown, secret = redact(url), _password(url)
        try:
            raw = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S,
                                  application_name="tidings")
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to the PostgreSQL database {shown} "
                             f"({_scrub(exc, secret)}); {_hint(exc)}") from None
        # Text parameters go as text, not "unknown": `? IS NULL` and length(?) need a type.
        raw.adapters.register_dumper(str, StrDumper)
        conn = PgConnection(raw)
        try:
            cls._refuse_foreign_database(conn, shown)
            if not create and not applied_migrations(conn):
                raise NoDatabase(f"no tidings database at {shown} (its schema has no tidings tables): "
                                 "run tidings ingest first, or check --db and TIDINGS_DB")
            migrate(conn)
        except psycopg.Error as exc:
            raw.close()
            raise StoreError(f"cannot use the PostgreSQL database {shown} ({_scrub(exc, secret)}); "
                             f"{_hint(exc)}") from None
        except BaseException:
            raw.close()
            raise
        return cls(conn, url)

    @staticmethod
    def _refuse_foreign_database(conn: PgConnection, shown: str) -> None:
        # Adding our tables beside some other application's would be a nasty surprise.
        if conn.scalar("SELECT to_regclass('_migrations') IS NOT NULL") or not foreign_tables(conn):
            return
        # Another tidings may be creating the schema this moment (its tables can appear between
        # the two looks above): look again holding the lock it creates them under.
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
            ours = conn.scalar("SELECT to_regclass('_migrations') IS NOT NULL")
        finally:
            conn.execute("COMMIT")
        if not ours:
            raise StoreError(
                f"{shown} already holds another application's tables; use an empty database "
                "(createdb tidings), or a schema of its own: add ?options=-csearch_path%3Dtidings to the "
                "URL after CREATE SCHEMA tidings"
            )

    @property
    def connection(self) -> PgConnection:
        """The wrapped connection, for tests and inspection (iterdump); write through the methods."""
        return self._pg

    def _begin(self) -> None:
        # The advisory lock makes writers take turns like SQLite's write lock: a batch's reads
        # (inputs done, stored articles, signatures) stay true until it commits.
        self._pg.execute("BEGIN")
        self._pg.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK,))

    def _error(self, exc: Exception) -> StoreError:
        return StoreError(f"cannot write to {self.location} ({_scrub(exc, self._secret)}); {_hint(exc)}")

    def rebuild_search(self) -> None:
        """Nothing to do: the search columns are generated from the text, always in step."""


def _scrub(exc: Exception, secret: str | None) -> str:
    """The first line of a driver error, without the password should the server echo it."""
    message = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return message.replace(secret, "***") if secret else message
