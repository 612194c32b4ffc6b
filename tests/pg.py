"""PostgreSQL for the tests: a throwaway server (scripts/pg-test.sh) and a fresh database per test.

`pg_url` gives each test the session's migrated database, emptied; `pg_fresh_url` a new empty
database of its own, dropped afterwards. `store_target` runs a test on both backends: a SQLite path,
then a PostgreSQL URL. Without a server (no PostgreSQL installed and no root to install it) the
PostgreSQL cases skip and say why; set TIDINGS_TEST_PG_URL to use a server of your own (a user
allowed to CREATE DATABASE).
"""

from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pg-test.sh"


def _with_database(url: str, name: str) -> str:
    """`url` naming the database `name` on the same server."""
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def pg_server() -> str:
    """The admin URL of a running PostgreSQL server (started by scripts/pg-test.sh), or skip."""
    if os.environ.get("TIDINGS_TEST_PG_URL"):
        return os.environ["TIDINGS_TEST_PG_URL"]
    try:
        started = subprocess.run(["bash", str(SCRIPT), "start"], capture_output=True, text=True, timeout=600,
                                 check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"PostgreSQL tests need a server; scripts/pg-test.sh could not run: {exc}")
    if started.returncode != 0:
        pytest.skip("PostgreSQL tests need a server; scripts/pg-test.sh start failed: "
                    + (started.stderr.strip().splitlines() or ["no message"])[-1])
    return started.stdout.strip().splitlines()[-1]


def _admin(url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as admin:
        for statement in statements:
            admin.execute(statement)


@pytest.fixture(scope="session")
def pg_database(pg_server: str) -> Iterator[str]:
    """The URL of a migrated tidings database for this test session, dropped at its end."""
    from tidings.store import open_store

    name = f"tidings_test_{os.getpid()}"
    _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    url = _with_database(pg_server, name)
    open_store(url, create=True).close()
    yield url
    _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """The URL of the session's tidings database, emptied for this test.

    Emptying (every foreign key cascades from articles) takes milliseconds where CREATE DATABASE
    takes half a second; the schema and its migrations are the same for every test.
    """
    import psycopg

    with psycopg.connect(pg_database, autocommit=True) as conn:
        tables = [name for (name,) in conn.execute(
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_name NOT IN ('_migrations', 'tallies') "
            "ORDER BY table_name")]
        for table in ["articles", *tables]:
            conn.execute(f'DELETE FROM "{table}"')
        conn.execute("UPDATE tallies SET n = 0")  # the emptied tables' row counts, kept by their triggers
    return pg_database


@pytest.fixture
def pg_fresh_url(pg_server: str) -> Iterator[str]:
    """The URL of a new, empty database (no tidings tables yet), dropped after the test."""
    name = f"tidings_fresh_{uuid.uuid4().hex[:12]}"
    _admin(pg_server, f'CREATE DATABASE "{name}"')
    yield _with_database(pg_server, name)
    _admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Where a test's store lives: a SQLite file, then (second run) a PostgreSQL database."""
    if request.param == "sqlite":
        return tmp_path / "tidings.db"
    url: str = request.getfixturevalue("pg_url")
    return url
