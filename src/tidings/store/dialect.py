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
from typing import Any, ClassVar, Protocol

from tidings.store.rows import fts_query, search_terms


class Cursor(Protocol):
    """What the queries use of a DB-API cursor (sqlite3's and psycopg's both have it)."""

    @property
    def description(self) -> Any: ...

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """What the queries use of a connection: sqlite3.Connection, or store.postgres.PgConnection."""

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ..., /) -> Any: ...

    def executemany(self, sql: str, seq_of_parameters: Iterable[Sequence[Any]], /) -> Any: ...

    @property
    def in_transaction(self) -> bool: ...

    def close(self) -> None: ...


def row_dicts(cursor: Cursor) -> list[dict[str, Any]]:
    """The cursor's rows as dicts by column name."""
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class Dialect(ABC):
    """The fragments a query asks its connection's dialect for (see the module docstring)."""

    name: ClassVar[str]
    ifnull: ClassVar[str]  # the function in the unique indexes on inputs and skips: the spelling must match

    @abstractmethod
    def in_list(self, column: str) -> str:
        """SQL that holds when `column` is one of the values given as list_param."""

    @abstractmethod
    def list_param(self, values: Sequence[str]) -> Any:
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
    def search_param(self, text: str) -> Any | None:
        """What a person typed as the search parameter; None when nothing searchable is left."""


class SqliteDialect(Dialect):
    """SQL for the embedded store (tidings.store.sqlite)."""

    name = "sqlite"
    ifnull = "ifnull"  # the inputs/skips unique indexes are on ifnull(ref, ''); the spelling must match

    def in_list(self, column: str) -> str:
        return f"{column} IN (SELECT value FROM json_each(?))"

    def list_param(self, values: Sequence[str]) -> Any:
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

    def search_param(self, text: str) -> Any | None:
        return fts_query(text)


class PostgresDialect(Dialect):
    """SQL for the shared store (tidings.store.postgres); see store/pg_schema.py for the functions."""

    name = "postgresql"
    ifnull = "coalesce"

    def in_list(self, column: str) -> str:
        return f"{column} = ANY(?)"

    def list_param(self, values: Sequence[str]) -> Any:
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

    def search_param(self, text: str) -> Any | None:
        # tidings_tsquery turns each term into a phrase query with PostgreSQL's own parser, so
        # document and query are split into words the same way; "term*" keeps prefix search.
        terms = [phrase + ("*" if prefix else "") for phrase, prefix in search_terms(text)]
        return terms or None


SQLITE = SqliteDialect()
POSTGRES = PostgresDialect()


def dialect_of(conn: Any) -> Dialect:
    """The dialect of a connection: the PostgreSQL wrapper says so; anything else is SQLite."""
    dialect: Dialect = getattr(conn, "dialect", SQLITE)
    return dialect
