"""The embedded store: one SQLite file holding articles, their analysis, and what was skipped.

`Store` owns the single writer connection (autocommit mode, explicit transactions). Every write
method runs in its own transaction, or in a savepoint when called inside `Store.transaction()`,
so a batch can commit every N articles and a crash loses at most the open batch; a rerun then
passes over the inputs already recorded in `inputs`.

Re-ingesting the same input changes nothing: identical articles, skips, failures, inputs,
duplicates, minhashes and analyses are detected and left alone, so the file stays byte for byte
the same (the tests compare `iterdump()` output).
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from tidings.errors import StoreError
from tidings.model import ActorFact, Article, Failure, Known, Removed, Skip
from tidings.store import actors as actor_queries
from tidings.store import events as event_queries
from tidings.store import quotes as quote_queries
from tidings.store.migrations import applied_migrations, migrate, utc_now
from tidings.store.rows import analysis_rows, fts_query

BUSY_TIMEOUT_MS = 10_000

# Article fields a later copy may fill when the stored copy lacks them (never overwrite).
FILLABLE = ("ref", "title", "url", "source", "published", "language", "origin", "fetched_at")

ARTICLE_SUMMARY = "id, ref, title, source, published, language, url, words, ingested_at"




def _hint(exc: sqlite3.Error) -> str:
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


class Store:
    """A tidings database. Use `Store.open(path)`, preferably as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path
        self._savepoints = itertools.count(1)

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) the database at `path` and bring its schema up to date."""
        path = Path(path).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the directory {path.parent} for the database ({exc.strerror or exc}); "
                "choose a writable location with --db or TIDINGS_DB"
            ) from None
        if path.is_dir():
            raise StoreError(f"{path} is a directory; --db needs a file, e.g. {path / 'tidings.db'}")
        try:
            conn = sqlite3.connect(path, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the database {path} ({exc}); {_hint(exc)}") from None
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            # WAL lets readers (a `tidings articles` in another terminal) run during an ingest.
            conn.execute("PRAGMA journal_mode = WAL")
            cls._refuse_foreign_database(conn, path)
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
        return self._conn

    def close(self) -> None:
        """Close the connection; an open transaction is rolled back."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes: all of them are committed at the end, or none if an exception escapes.

        Nests: an inner transaction is a savepoint inside the outer one.
        """
        conn = self._conn
        if conn.in_transaction:
            name = f"tidings_{next(self._savepoints)}"
            conn.execute(f"SAVEPOINT {name}")
            try:
                yield
            except BaseException:
                if conn.in_transaction:
                    conn.execute(f"ROLLBACK TO {name}")
                    conn.execute(f"RELEASE {name}")
                raise
            conn.execute(f"RELEASE {name}")
            return
        try:
            # IMMEDIATE takes the write lock now, so busy_timeout applies; a deferred
            # transaction that later tries to write can fail at once with SQLITE_BUSY.
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write to {self.path} ({exc}); {_hint(exc)}") from None
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError(f"cannot write to {self.path} ({exc}); {_hint(exc)}") from None

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write method's transaction, turning SQLite errors into StoreError."""
        with self.transaction():
            try:
                yield self._conn
            except sqlite3.Error as exc:
                raise StoreError(f"cannot write to {self.path} ({exc}); {_hint(exc)}") from None

    # -- articles -------------------------------------------------------------------------

    def upsert_article(self, article: Article) -> bool:
        """Store `article`; return True if it is new.

        A stored article is never overwritten: a later copy only fills fields the stored one
        lacks (a title, a date), and an identical copy changes nothing, not even ingested_at.
        """
        fields = {name: getattr(article, name) for name in FILLABLE}
        with self._write() as conn:
            cursor = conn.execute(
                f"INSERT INTO articles (id, text, words, ingested_at, {', '.join(FILLABLE)}) "
                f"VALUES (:id, :text, :words, :ingested_at, {', '.join(':' + n for n in FILLABLE)}) "
                "ON CONFLICT (id) DO NOTHING",
                {"id": article.id, "text": article.text, "words": len(article.text.split()),
                 "ingested_at": utc_now(), **fields},
            )
            if cursor.rowcount == 1:
                conn.executemany(
                    "INSERT INTO removed (article_id, position, text, reason) VALUES (?, ?, ?, ?)",
                    [(article.id, position, piece.text, piece.reason)
                     for position, piece in enumerate(article.removed)],
                )
                return True
            # The WHERE keeps an update that would fill nothing from touching the row at all.
            conn.execute(
                f"UPDATE articles SET {', '.join(f'{n} = coalesce({n}, :{n})' for n in FILLABLE)} "
                f"WHERE id = :id AND ({' OR '.join(f'({n} IS NULL AND :{n} NOT NULL)' for n in FILLABLE)})",
                {"id": article.id, **fields},
            )
            return False

    def has_article(self, article_id: str) -> bool:
        return self._conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def get_article(self, article_id: str) -> Article | None:
        """The stored article with its removed pieces in their original order, or None."""
        row = self._conn.execute(
            f"SELECT id, text, {', '.join(FILLABLE)} FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is None:
            return None
        removed = tuple(
            Removed(text=text, reason=reason)
            for text, reason in self._conn.execute(
                "SELECT text, reason FROM removed WHERE article_id = ? ORDER BY position", (article_id,)
            )
        )
        return Article(id=row[0], text=row[1], removed=removed, **dict(zip(FILLABLE, row[2:], strict=True)))

    def articles(self, *, source: str | None = None, since: str | None = None, until: str | None = None,
                 language: str | None = None, search: str | None = None, limit: int = 50,
                 offset: int = 0) -> list[dict[str, Any]]:
        """Stored articles, newest published first (undated last), as summary dicts.

        `since` and `until` are ISO dates or datetimes compared with `published`, both inclusive:
        until="2024-03-31" includes "2024-03-31T23:00". Articles without a date are left out
        when either is given. `search` is full-text over title and text, made safe by fts_query.
        """
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        found = self._article_filter(source=source, since=since, until=until, language=language,
                                     search=search)
        if found is None:
            return []
        where, params = found
        cursor = self._conn.execute(
            f"SELECT {ARTICLE_SUMMARY} FROM articles {where} "
            "ORDER BY published DESC, ingested_at DESC, id LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        return _dicts(cursor)

    def count_articles(self, **filters: Any) -> int:
        """How many stored articles `articles(**filters)` would list without a limit."""
        found = self._article_filter(**filters)
        if found is None:
            return 0
        where, params = found
        (count,) = self._conn.execute(f"SELECT count(*) FROM articles {where}", params).fetchone()
        return int(count)

    def _article_filter(self, *, source: str | None = None, since: str | None = None,
                        until: str | None = None, language: str | None = None,
                        search: str | None = None) -> tuple[str, list[Any]] | None:
        clauses: list[str] = []
        params: list[Any] = []
        if source is not None:
            clauses.append("source = ?")
            params.append(source)
        if language is not None:
            clauses.append("language = ?")
            params.append(language)
        if since is not None:
            clauses.append("published >= ?")
            params.append(since)
        if until is not None:
            # Compare the prefix of the same length, so a date bound covers that whole day.
            clauses.append("substr(published, 1, length(?)) <= ?")
            params.extend([until, until])
        if search is not None:
            query = fts_query(search)
            if query is None:
                return None
            clauses.append("rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(query)
        return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params

    # -- analysis -------------------------------------------------------------------------

    def save_analysis(self, article_id: str, analysis: Mapping[str, Any]) -> None:
        """Store `analysis` (analysis.schema.json's shape) for a stored article.

        Replaces the article's actors, mentions, events and quotes in one transaction. Saving
        the same analysis again changes nothing. Raises ValueError when an entry lacks a field
        its table needs, StoreError when the article is not stored.
        """
        document = json.dumps(analysis, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        rows = analysis_rows(article_id, analysis)  # before writing: a bad entry leaves no trace
        with self._write() as conn:
            stored = conn.execute("SELECT analysis_json FROM articles WHERE id = ?", (article_id,)).fetchone()
            if stored is None:
                raise StoreError(f"no article {article_id} in {self.path}; upsert_article it first")
            if stored[0] == document:
                return
            conn.execute("UPDATE articles SET analysis_json = ? WHERE id = ?", (document, article_id))
            for table in ("mentions", "events", "quotes", "actors"):
                conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
            for table, table_rows in rows.items():
                if table_rows:
                    marks = ", ".join("?" * len(table_rows[0]))
                    conn.executemany(f"INSERT INTO {table} VALUES ({marks})", table_rows)

    def get_analysis(self, article_id: str) -> dict[str, Any] | None:
        """The analysis saved for the article, or None when there is none yet."""
        row = self._conn.execute("SELECT analysis_json FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None or row[0] is None:
            return None
        result: dict[str, Any] = json.loads(row[0])
        return result

    def search_quotes(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Quotes whose text matches `query`, best match first (see store.quotes.search_quotes)."""
        return quote_queries.search_quotes(self._conn, query, limit)

    def quotes(self, *, speaker: str | None = None, about: str | None = None, country: str | None = None,
               since: str | None = None, until: str | None = None, kind: str | None = None,
               limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Stored quotes with speaker and article, newest first (see store.quotes.quotes)."""
        return quote_queries.quotes(self._conn, speaker=speaker, about=about, country=country, since=since,
                                    until=until, kind=kind, limit=limit, offset=offset)

    def count_quotes(self, **filters: Any) -> int:
        """How many quotes `quotes(**filters)` would list without a limit."""
        return quote_queries.count_quotes(self._conn, **filters)

    def rebuild_search(self) -> None:
        """Reindex full-text search from the tables (needed after VACUUM; see migrations)."""
        with self._write() as conn:
            conn.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
            conn.execute("INSERT INTO quotes_fts (quotes_fts) VALUES ('rebuild')")

    # -- actors (the SQL lives in store/actors.py) --------------------------------------------

    def record_actor_facts(self, article_id: str, published: str | None, facts: Iterable[ActorFact]) -> None:
        """Make `facts` the roles learned from a stored article (dated `published`).

        Recording the same facts again changes nothing; other facts replace the article's old
        ones. Raises StoreError when the article is not stored.
        """
        facts = list(facts)
        with self._write() as conn:
            if not facts and conn.execute(
                "SELECT 1 FROM actor_facts WHERE article_id = ? LIMIT 1", (article_id,)
            ).fetchone() is None:
                return
            if conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is None:
                raise StoreError(f"no article {article_id} in {self.path}; upsert_article it first")
            actor_queries.record_actor_facts(conn, article_id, published, facts)

    def learned(self, name: str, *, on: str | None = None) -> Known | None:
        """The latest learned role for `name` published on or before `on` (see store.actors.learned)."""
        return actor_queries.learned(self._conn, name, on=on)

    def actors(self, *, country: str | None = None, sector: str | None = None, search: str | None = None,
               limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Actors across stored analyses by (name, country, sector) (see store.actors.actors)."""
        return actor_queries.actors(self._conn, country=country, sector=sector, search=search, limit=limit,
                                    offset=offset)

    def count_actors(self, **filters: Any) -> int:
        """How many rows `actors(**filters)` would list without a limit."""
        return actor_queries.count_actors(self._conn, **filters)

    def actor(self, name: str) -> dict[str, Any] | None:
        """The profile of one actor, or None when the name is unknown (see store.actors.actor)."""
        return actor_queries.actor(self._conn, name)

    # -- events (the SQL lives in store/events.py) --------------------------------------------

    def events(self, *, source: str | None = None, target: str | None = None,
               dyad: tuple[str, str] | None = None, root: str | None = None, cameo: str | None = None,
               plover: str | None = None, modality: str | None = None, since: str | None = None,
               until: str | None = None, article_id: str | None = None,
               limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        """Stored events with their actors and article, latest first (see store.events.events)."""
        return event_queries.events(self._conn, source=source, target=target, dyad=dyad, root=root,
                                    cameo=cameo, plover=plover, modality=modality, since=since, until=until,
                                    article_id=article_id, limit=limit, offset=offset)

    def count_events(self, **filters: Any) -> int:
        """How many events `events(**filters)` would list without a limit."""
        return event_queries.count_events(self._conn, **filters)

    def event(self, key: str) -> dict[str, Any] | None:
        """One event and its evidence by key `<article_id>:<event_id>` or an unambiguous bare id,
        or None (see store.events.event)."""
        return event_queries.event(self._conn, key)

    # -- inputs, skips, failures, duplicates -------------------------------------------------

    def record_input(self, ref: str | None, body_sha256: str, *, article_id: str | None,
                     outcome: str) -> None:
        """Remember what the input (`ref`, hash of its raw bytes) became, for `input_done`."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO inputs (ref, body_sha256, article_id, outcome, recorded_at) "
                "VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (ifnull(ref, ''), body_sha256) DO UPDATE "
                "SET article_id = excluded.article_id, outcome = excluded.outcome, "
                "recorded_at = excluded.recorded_at "
                "WHERE article_id IS NOT excluded.article_id OR outcome IS NOT excluded.outcome",
                (ref, body_sha256, article_id, outcome, utc_now()),
            )

    def input_done(self, ref: str | None, body_sha256: str) -> bool:
        """True when this input, with these exact bytes, has been recorded by `record_input`."""
        row = self._conn.execute(
            "SELECT 1 FROM inputs WHERE ifnull(ref, '') = ifnull(?, '') AND body_sha256 = ?",
            (ref, body_sha256),
        ).fetchone()
        return row is not None

    def record_skip(self, skip: Skip) -> None:
        """Record a skipped input; the same (ref, reason) again is ignored."""
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO skips (ref, reason, detail, stage, duplicate_of, article_id, "
                "first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (skip.ref, skip.reason, skip.detail, skip.stage, skip.duplicate_of, skip.article_id,
                 utc_now()),
            )

    def record_failure(self, failure: Failure) -> None:
        """Record a failed input; the same (ref, stage, message) again is ignored."""
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO failures (ref, stage, message, first_seen_at) VALUES (?, ?, ?, ?)",
                (failure.ref, failure.stage, failure.message, utc_now()),
            )

    def record_duplicate(self, article_id: str, duplicate_of: str, *, kind: str, similarity: float,
                         ref: str | None) -> None:
        """Link a later copy (`article_id`, from input `ref`) to the stored first copy.

        `kind` is "exact" (same text, so article_id == duplicate_of) or "near". The same
        (article_id, ref) again is ignored.
        """
        if kind not in ("exact", "near"):
            raise ValueError(f"duplicate kind must be 'exact' or 'near', not {kind!r}")
        with self._write() as conn:
            conn.execute(
                "INSERT OR IGNORE INTO duplicates "
                "(article_id, duplicate_of, kind, similarity, ref, linked_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (article_id, duplicate_of, kind, float(similarity), ref, utc_now()),
            )

    def skips(self, *, reason: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Recorded skips, newest first: ref, reason, detail, stage, duplicate_of, article_id,
        first_seen_at."""
        where, params = ("WHERE reason = ?", [reason]) if reason is not None else ("", [])
        cursor = self._conn.execute(
            "SELECT ref, reason, detail, stage, duplicate_of, article_id, first_seen_at FROM skips "
            f"{where} ORDER BY first_seen_at DESC, rowid DESC LIMIT ?",
            [*params, limit],
        )
        return _dicts(cursor)

    def failures(self, *, stage: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
        """Recorded failures, newest first: ref, stage, message, first_seen_at."""
        where, params = ("WHERE stage = ?", [stage]) if stage is not None else ("", [])
        cursor = self._conn.execute(
            f"SELECT ref, stage, message, first_seen_at FROM failures {where} "
            "ORDER BY first_seen_at DESC, rowid DESC LIMIT ?",
            [*params, limit],
        )
        return _dicts(cursor)

    def duplicates(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Linked copies, newest first: article_id, duplicate_of, kind, similarity, ref, linked_at."""
        cursor = self._conn.execute(
            "SELECT article_id, duplicate_of, kind, similarity, ref, linked_at FROM duplicates "
            "ORDER BY linked_at DESC, rowid DESC LIMIT ?",
            (limit,),
        )
        return _dicts(cursor)

    # -- near-duplicate signatures ---------------------------------------------------------------

    def save_minhash(self, article_id: str, signature: bytes) -> None:
        """Store the MinHash signature (hashvalues bytes) of a stored article."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO minhashes (article_id, signature) VALUES (?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature "
                "WHERE signature IS NOT excluded.signature",
                (article_id, bytes(signature)),
            )

    def iter_minhashes(self) -> Iterator[tuple[str, bytes]]:
        """Every stored (article_id, signature)."""
        # fetchall: a lazy cursor would see rows written while the caller is still iterating.
        yield from self._conn.execute("SELECT article_id, signature FROM minhashes ORDER BY rowid").fetchall()

    # -- summary ----------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Row counts: articles, analysed, duplicates, skips, failures, actors, events, quotes."""
        row = self._conn.execute(
            "SELECT (SELECT count(*) FROM articles), "
            "(SELECT count(*) FROM articles WHERE analysis_json IS NOT NULL), "
            "(SELECT count(*) FROM duplicates), (SELECT count(*) FROM skips), "
            "(SELECT count(*) FROM failures), (SELECT count(*) FROM actors), "
            "(SELECT count(*) FROM events), (SELECT count(*) FROM quotes)"
        ).fetchone()
        names = ("articles", "analysed", "duplicates", "skips", "failures", "actors", "events", "quotes")
        return dict(zip(names, row, strict=True))


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
