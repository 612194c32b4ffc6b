"""The few pieces of SQL that SQLite and PostgreSQL spell differently, so each query exists once.

The query modules (store/actors.py, events.py, quotes.py and the shared `Store` in store/base.py)
write portable SQL with `?` placeholders and ask the connection's dialect for the rest:

    what                      SQLite                                PostgreSQL
    membership in a list      x IN (SELECT value FROM json_each(?)) x = ANY(?)     (a list parameter)
    a key of a JSON text      json_extract(doc, '$.key')            doc::jsonb ->> 'key'
    a date plus N days        date(d, '+N days')                    to_char(d::date + N, 'YYYY-MM-DD')
    a code prefix             x GLOB '03*'                          x LIKE '03%'
    full-text search          FTS5 tables, MATCH, rank              tsvector columns, @@, ts_rank
    NULL-safe key of inputs   ifnull(ref, '')                       coalesce(ref, '')

The PostgreSQL connection wrapper (store/postgres.py) turns `?` into psycopg's `%s`; both
dialects understand everything else the queries use (ON CONFLICT, IS [NOT] DISTINCT FROM, NULLS
FIRST/LAST, row values). Pure: no connection or driver is imported here.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import ClassVar, Protocol, TypeAlias

from tidings.store.rows import fts_query, search_terms

# What a list_param (and a search_param) is: JSON text of the values for SQLite's json_each, the
# values themselves for PostgreSQL's ANY (psycopg sends a list as an array).
ListParam: TypeAlias = str | list[str]
# A value a query binds to a placeholder: what both drivers adapt, and the dialects' list values.
Param: TypeAlias = str | int | float | bytes | None | list[str]
# A query's parameters: positional for `?`, by name for `:name`.
Params: TypeAlias = Sequence[Param] | Mapping[str, Param]
# A result row as the drivers return it: one value per selected column, typed only by the SQL.
Row: TypeAlias = tuple[object, ...]


class Cursor(Protocol):
    """What the queries use of a DB-API cursor (sqlite3's and psycopg's both have it)."""

    @property
    def description(self) -> Sequence[Sequence[object]] | None: ...

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Row | None: ...

    def fetchall(self) -> list[Row]: ...

    def __iter__(self) -> Iterator[Row]: ...


class Connection(Protocol):
    """What the queries use of a connection: sqlite3.Connection, or store.postgres.PgConnection."""

    def execute(self, sql: str, parameters: Params = ..., /) -> Cursor: ...

    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Param]], /) -> Cursor: ...

    @property
    def in_transaction(self) -> bool: ...

    def close(self) -> None: ...


def column_names(cursor: Cursor) -> list[str]:
    """The names of the columns the cursor's query selected."""
    return [str(column[0]) for column in cursor.description or ()]


def row_dicts(cursor: Cursor) -> list[dict[str, object]]:
    """The cursor's rows as dicts by column name."""
    names = column_names(cursor)
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def one_row(cursor: Cursor) -> Row:
    """The row of a query that always returns one (an aggregate such as count(*))."""
    row = cursor.fetchone()
    if row is None:
        raise LookupError("the query returned no row")
    return row


# -- a column's value as the type the schema gives it ---------------------------------------------
# Both drivers return str, int, float, bytes or None; these say which one a column holds, and
# raise TypeError when the database holds something else (a schema the code does not know).

def text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise TypeError(f"expected text from the database, got {type(value).__name__}")


def optional_text(value: object) -> str | None:
    return None if value is None else text(value)


def whole(value: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"expected an integer from the database, got {type(value).__name__}")


def optional_whole(value: object) -> int | None:
    return None if value is None else whole(value)


def number(value: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value  # as the driver gave it: an int stays an int
    raise TypeError(f"expected a number from the database, got {type(value).__name__}")


def optional_number(value: object) -> float | None:
    return None if value is None else number(value)


def blob(value: object) -> bytes:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value)
    raise TypeError(f"expected bytes from the database, got {type(value).__name__}")


class Dialect(ABC):
    """The fragments a query asks its connection's dialect for (see the module docstring)."""

    name: ClassVar[str]
    ifnull: ClassVar[str]  # the function in the unique indexes on inputs and skips: the spelling must match

    @abstractmethod
    def in_list(self, column: str) -> str:
        """SQL that holds when `column` is one of the values given as list_param."""

    @abstractmethod
    def list_param(self, values: Sequence[str]) -> ListParam:
        """The parameter in_list takes."""

    @abstractmethod
    def json_text(self, column: str, key: str) -> str:
        """The text of top-level `key` of the JSON document in `column` (NULL when absent)."""

    @abstractmethod
    def plus_days(self, column: str, days: int) -> str:
        """An ISO date `days` after the ISO date in `column`."""

    @abstractmethod
    def prefix_match(self, column: str) -> str:
        """SQL that holds when `column` starts with the prefix given as prefix_param."""

    @abstractmethod
    def prefix_param(self, prefix: str) -> str:
        """The parameter prefix_match takes."""

    @abstractmethod
    def article_search(self) -> str:
        """SQL over `articles` that holds for rows matching a search_param."""

    @abstractmethod
    def quote_search(self, alias: str) -> str:
        """SQL over quotes `alias` that holds for rows matching a search_param."""

    @abstractmethod
    def ranked_quote_search(self, alias: str) -> tuple[str, str, str]:
        """(FROM addition, WHERE condition, ORDER BY key) ranking quotes `alias` by a search_param,
        best first; the parameter goes where the FROM addition or the condition has its `?`."""

    @abstractmethod
    def search_param(self, text: str) -> ListParam | None:
        """What a person typed as the search parameter; None when nothing searchable is left."""


class SqliteDialect(Dialect):
    """SQL for the embedded store (tidings.store.sqlite)."""

    name = "sqlite"
    ifnull = "ifnull"  # the inputs/skips unique indexes are on ifnull(ref, ''); the spelling must match

    def in_list(self, column: str) -> str:
        return f"{column} IN (SELECT value FROM json_each(?))"

    def list_param(self, values: Sequence[str]) -> ListParam:
        return json.dumps(list(values), ensure_ascii=False)

    def json_text(self, column: str, key: str) -> str:
        return f"json_extract({column}, '$.{key}')"

    def plus_days(self, column: str, days: int) -> str:
        return f"date({column}, '+{int(days)} days')"

    def prefix_match(self, column: str) -> str:
        # GLOB on a digits-only prefix can use the index on the column; LIKE ignores case and cannot.
        return f"{column} GLOB ?"

    def prefix_param(self, prefix: str) -> str:
        return prefix + "*"

    def article_search(self) -> str:
        return "rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"

    def quote_search(self, alias: str) -> str:
        return f"{alias}.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)"

    def ranked_quote_search(self, alias: str) -> tuple[str, str, str]:
        return (f"JOIN quotes_fts ON quotes_fts.rowid = {alias}.rowid", "quotes_fts MATCH ?",
                "quotes_fts.rank")

    def search_param(self, text: str) -> ListParam | None:
        return fts_query(text)


class PostgresDialect(Dialect):
    """SQL for the shared store (tidings.store.postgres); see store/pg_schema.py for the functions."""

    name = "postgresql"
    ifnull = "coalesce"

    def in_list(self, column: str) -> str:
        return f"{column} = ANY(?)"

    def list_param(self, values: Sequence[str]) -> ListParam:
        return list(values)

    def json_text(self, column: str, key: str) -> str:
        return f"({column}::jsonb ->> '{key}')"

    def plus_days(self, column: str, days: int) -> str:
        return f"to_char({column}::date + {int(days)}, 'YYYY-MM-DD')"

    def prefix_match(self, column: str) -> str:
        return f"{column} LIKE ?"

    def prefix_param(self, prefix: str) -> str:
        return prefix + "%"

    def article_search(self) -> str:
        return "search @@ tidings_tsquery(?)"

    def quote_search(self, alias: str) -> str:
        return f"{alias}.search @@ tidings_tsquery(?)"

    def ranked_quote_search(self, alias: str) -> tuple[str, str, str]:
        # ts_rank is higher for a better match; FTS5's rank is lower, hence DESC here only.
        return ("CROSS JOIN tidings_tsquery(?) AS query", f"{alias}.search @@ query",
                f"ts_rank({alias}.search, query) DESC")

    def search_param(self, text: str) -> ListParam | None:
        # tidings_tsquery turns each term into a phrase query with PostgreSQL's own parser, so
        # document and query are split into words the same way; "term*" keeps prefix search.
        terms = [phrase + ("*" if prefix else "") for phrase, prefix in search_terms(text)]
        return terms or None


SQLITE = SqliteDialect()
POSTGRES = PostgresDialect()


def dialect_of(conn: Connection) -> Dialect:
    """The dialect of a connection: the PostgreSQL wrapper says so; anything else is SQLite."""
    dialect = getattr(conn, "dialect", SQLITE)
    return dialect if isinstance(dialect, Dialect) else SQLITE
