from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tidings.errors import StoreError
from tidings.store import open_store
from tidings.store.migrations import MIGRATIONS, applied_migrations, m001_initial, migrate, run_script


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    yield connection
    connection.close()


def names(conn: sqlite3.Connection, kind: str) -> set[str]:
    return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = ?", (kind,))}


def test_fresh_database_gets_every_migration_recorded(conn):
    assert migrate(conn) == [m.__name__ for m in MIGRATIONS]
    assert applied_migrations(conn) == [m.__name__ for m in MIGRATIONS]
    tables = names(conn, "table")
    for table in ("articles", "removed", "inputs", "duplicates", "minhashes", "actors", "mentions",
                  "events", "quotes", "skips", "failures", "articles_fts", "quotes_fts", "_migrations",
                  "actor_facts"):
        assert table in tables
    assert {"articles_fts_insert", "articles_fts_delete", "articles_fts_update",
            "quotes_fts_insert", "quotes_fts_delete", "quotes_fts_update"} <= names(conn, "trigger")
    strict = {row[1] for row in conn.execute("PRAGMA table_list") if row[5]}
    assert {"articles", "skips", "events", "quotes"} <= strict


def test_migrating_again_is_a_no_op(conn):
    migrate(conn)
    before = list(conn.iterdump())
    changes = conn.total_changes
    assert migrate(conn) == []
    assert conn.total_changes == changes
    assert list(conn.iterdump()) == before
    assert conn.execute("SELECT count(*) FROM _migrations").fetchone() == (len(MIGRATIONS),)


def test_a_database_from_m001_upgrades_when_a_migration_is_added(conn):
    migrate(conn, [m001_initial])
    conn.execute("INSERT INTO articles (id, text, words, ingested_at) VALUES ('a', 'some text', 2, 'now')")

    def m002_article_tone(c: sqlite3.Connection) -> None:
        c.execute("ALTER TABLE articles ADD COLUMN tone REAL")

    assert migrate(conn, [m001_initial, m002_article_tone]) == ["m002_article_tone"]
    assert applied_migrations(conn) == ["m001_initial", "m002_article_tone"]
    assert conn.execute("SELECT id, text, tone FROM articles").fetchall() == [("a", "some text", None)]
    assert migrate(conn, [m001_initial, m002_article_tone]) == []


def test_a_failing_migration_leaves_no_trace(conn):
    migrate(conn, [m001_initial])

    def m002_broken(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE half_done (x INTEGER)")
        c.execute("THIS IS NOT SQL")

    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, [m001_initial, m002_broken])
    assert "half_done" not in names(conn, "table")
    assert applied_migrations(conn) == ["m001_initial"]
    assert not conn.in_transaction


def test_a_database_from_a_newer_tidings_is_refused(conn):
    def m002_future(c: sqlite3.Connection) -> None:
        c.execute("CREATE TABLE future (x INTEGER)")

    migrate(conn, [m001_initial, m002_future])
    with pytest.raises(StoreError, match="newer tidings"):
        migrate(conn, [m001_initial])


def test_duplicate_migration_names_are_a_programming_error(conn):
    with pytest.raises(ValueError, match="unique"):
        migrate(conn, [m001_initial, m001_initial])


def test_run_script_keeps_trigger_bodies_whole(conn):
    run_script(conn, """
CREATE TABLE t (x INTEGER);
CREATE TABLE log (x INTEGER);
CREATE TRIGGER t_log AFTER INSERT ON t BEGIN
    INSERT INTO log VALUES (new.x);
    INSERT INTO log VALUES (new.x * 10);
END;
""")
    conn.execute("INSERT INTO t VALUES (2)")
    assert conn.execute("SELECT x FROM log ORDER BY x").fetchall() == [(2,), (20,)]
    with pytest.raises(ValueError, match="incomplete"):
        run_script(conn, "CREATE TABLE u (x INTEGER")


def test_store_open_uses_wal_foreign_keys_and_busy_timeout(tmp_path):
    with open_store(tmp_path / "t.db", create=True) as store:
        conn = store.connection
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_reopening_a_store_changes_nothing(tmp_path):
    path = tmp_path / "t.db"
    with open_store(path, create=True) as store:
        first = list(store.connection.iterdump())
    with open_store(path, create=True) as store:
        assert list(store.connection.iterdump()) == first
        assert applied_migrations(store.connection) == [m.__name__ for m in MIGRATIONS]


def test_a_database_with_data_from_before_the_rollups_migrates_to_the_same_answers(tmp_path):
    """Every migration run in order over stored analyses, as on a database a user kept since
    m006: each later migration's backfill reads only the tables the migrations before it made,
    and the answers are those of a database written by the current code."""
    from tests.store.test_rollup import build

    current = tmp_path / "current.db"
    with open_store(current, create=True) as store:
        build(store, count=30)
        expected = (store.merged_events(limit=None), store.actors(limit=1000), store.counts(),
                    store.timeline_counts(limit=10, source="USA", target="CHN"))
    older = tmp_path / "older.db"
    conn = sqlite3.connect(older, isolation_level=None)
    migrate(conn, MIGRATIONS[:6])  # through m006_alerts_fired
    conn.execute("ATTACH DATABASE ? AS current", (str(current),))
    conn.execute("BEGIN")
    for table in sorted(names(conn, "table") - {"_migrations", "sqlite_sequence"}):
        if table.endswith(("_fts", "_data", "_idx", "_docsize", "_config", "_content")):
            continue  # the full-text indexes fill from their tables' triggers
        columns = ", ".join(row[1] for row in conn.execute(f"PRAGMA main.table_info({table})"))
        conn.execute(f"INSERT INTO main.{table} ({columns}) SELECT {columns} FROM current.{table}")
    conn.execute("COMMIT")
    conn.close()
    with open_store(older) as migrated:
        assert (migrated.merged_events(limit=None), migrated.actors(limit=1000), migrated.counts(),
                migrated.timeline_counts(limit=10, source="USA", target="CHN")) == expected
