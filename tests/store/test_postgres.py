"""What only the PostgreSQL store has: connecting by URL, its migrations, the writers' lock.

Everything both stores do is tested on both by the other store tests (the `store_target` fixture).
"""

from __future__ import annotations

import threading
import time

import psycopg
import pytest

from tests.store.test_store import make_article
from tests.test_dedupe import STORY, signature
from tidings.dedupe import Banding
from tidings.errors import NoDatabase, StoreError
from tidings.store import PostgresStore, open_store
from tidings.store.pg_schema import MIGRATIONS, applied_migrations, migrate
from tidings.store.postgres import to_psycopg


def test_placeholders_become_psycopgs_and_literals_stay():
    assert to_psycopg("SELECT ? || '?' || \"?\" FROM t WHERE x LIKE '5%' AND y = ?", False) == (
        "SELECT %s || '?' || \"?\" FROM t WHERE x LIKE '5%%' AND y = %s")
    assert to_psycopg("SELECT :a, a::text, ':b', 'it''s :c' -- :d\n", True) == (
        "SELECT %(a)s, a::text, ':b', 'it''s :c' -- :d\n")
    assert to_psycopg("SELECT $$ ? $$, ?", False) == "SELECT $$ ? $$, %s"


def test_open_store_picks_the_backend_by_target(pg_url, tmp_path):
    with open_store(pg_url, create=True) as store:
        assert isinstance(store, PostgresStore)
        assert store.location == pg_url
    with open_store(tmp_path / "t.db", create=True) as store:
        assert not isinstance(store, PostgresStore)
    with pytest.raises(StoreError, match="postgresql://"):
        open_store("mysql://user@host/db", create=True)


def test_an_unreachable_server_says_what_to_do_and_hides_the_password():
    # Port 9 (discard) has no PostgreSQL listening on any test machine.
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://news:s3cret@127.0.0.1:9/tidings?connect_timeout=3", create=True)
    message = str(caught.value)
    assert "s3cret" not in message
    assert "news:***@127.0.0.1:9/tidings" in message
    assert "server is running" in message


def test_a_missing_database_says_to_create_it(pg_server):
    url = pg_server.rsplit("/", 1)[0] + "/no_such_tidings_db"
    with pytest.raises(StoreError, match="create it first"):
        open_store(url, create=True)


def test_another_applications_database_is_refused(pg_fresh_url):
    with psycopg.connect(pg_fresh_url, autocommit=True) as other:
        other.execute("CREATE TABLE contacts (name text)")
    with pytest.raises(StoreError, match="another application's tables.*search_path"):
        open_store(pg_fresh_url, create=True)
    # A schema of its own, named in the URL, is fine.
    with psycopg.connect(pg_fresh_url, autocommit=True) as other:
        other.execute("CREATE SCHEMA tidings")
    with open_store(pg_fresh_url + "?options=-csearch_path%3Dtidings", create=True) as store:
        store.upsert_article(make_article())
        assert store.count_articles(search="tension") == 1
    with psycopg.connect(pg_fresh_url, autocommit=True) as other:
        assert other.execute("SELECT count(*) FROM tidings.articles").fetchone() == (1,)


def test_a_reader_refuses_a_database_without_tidings_tables_and_creates_none(pg_fresh_url):
    with pytest.raises(NoDatabase, match="no tidings database at .*run tidings ingest first"):
        open_store(pg_fresh_url)
    with psycopg.connect(pg_fresh_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_schema = current_schema()").fetchone() == (0,)
    open_store(pg_fresh_url, create=True).close()  # as ingest does
    with open_store(pg_fresh_url) as store:
        assert store.counts()["articles"] == 0


def test_migrations_are_recorded_and_run_once(pg_fresh_url):
    with open_store(pg_fresh_url, create=True) as store:
        assert applied_migrations(store.connection) == [m.__name__ for m in MIGRATIONS]
        assert migrate(store.connection) == []
    with open_store(pg_fresh_url, create=True) as store:
        assert applied_migrations(store.connection) == [m.__name__ for m in MIGRATIONS]


def test_two_processes_creating_the_schema_at_once_both_succeed(pg_fresh_url):
    errors: list[BaseException] = []

    def open_it() -> None:
        try:
            open_store(pg_fresh_url, create=True).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_store(pg_fresh_url, create=True) as store:
        assert applied_migrations(store.connection) == [m.__name__ for m in MIGRATIONS]


def test_a_database_from_a_newer_tidings_is_refused(pg_fresh_url):
    open_store(pg_fresh_url, create=True).close()
    with psycopg.connect(pg_fresh_url, autocommit=True) as conn:
        conn.execute("INSERT INTO _migrations (name, applied_at) VALUES ('m999_future', 'x')")
    with pytest.raises(StoreError, match="newer tidings"):
        open_store(pg_fresh_url, create=True)


def test_writers_take_turns_and_readers_do_not_wait(pg_url):
    with open_store(pg_url) as first, open_store(pg_url) as second, open_store(pg_url) as reader:
        started = threading.Event()
        wrote_at: list[float] = []

        def write_second() -> None:
            started.set()
            with second.transaction():
                wrote_at.append(time.monotonic())
                second.upsert_article(make_article("a second text from another writer"))

        with first.transaction():
            first.upsert_article(make_article())
            thread = threading.Thread(target=write_second, daemon=True)
            thread.start()
            started.wait()
            time.sleep(0.3)
            assert wrote_at == []  # the second writer waits for the lock
            assert reader.count_articles() == 0  # a reader does not wait, and sees nothing uncommitted
            released = time.monotonic()
        thread.join(timeout=10)
        assert wrote_at and wrote_at[0] >= released
        assert reader.count_articles() == 2


def test_near_duplicate_candidates_include_what_other_writers_stored(pg_url):
    with open_store(pg_url, create=True) as mine, open_store(pg_url, create=True) as theirs:
        theirs.use_banding(Banding.for_threshold(0.9))
        article = make_article()
        mine.upsert_article(article)
        mine.save_minhash(article.id, signature(STORY))
        assert theirs.near_duplicate_candidates(signature(STORY)) == [(article.id, signature(STORY))]
