"""The PostgreSQL schema, as an ordered list of named migrations (the twin of store/migrations.py).

The tables, columns and indexes are SQLite's, so the shared queries (store/base.py and the query
modules) run on both; the differences, and why:

- Every TEXT column is COLLATE "C": ordering and comparison by code point, as SQLite does, so both
  backends list rows in the same order whatever the server's default locale.
- Full-text search is a generated `search tsvector` column with a GIN index on articles (title and
  text) and quotes (text), parsed with the 'simple' configuration (no stemming, no stop words,
  like FTS5's unicode61) after `tidings_fold` strips accents, as FTS5's remove_diacritics does,
  and turns typographic punctuation into spaces, as FTS5's tokenizer does.
  `tidings_tsquery(terms)` builds the query from the terms store.rows.search_terms finds.
- Tables listed "newest first" or read "in the order stored" have a `rowid` identity column,
  standing in for SQLite's implicit rowid (always last, so `INSERT INTO t VALUES (...)` still fits).
- A unique index on coalesce(ref, '') where SQLite's is on ifnull(ref, '') (see store.dialect).

Migrations run in a transaction holding an advisory lock, so two processes opening a new
database at once cannot both create the tables. Never edit a migration that has shipped: add the
next one, under the same name as its SQLite twin.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tidings.errors import StoreError
from tidings.store.actor_rollup import INDEXES as ACTOR_INDEXES
from tidings.store.actor_rollup import backfill_actor_rollup
from tidings.store.dialect import whole
from tidings.store.merged import m014_link_sides as add_link_sides
from tidings.store.migrations import (
    backfill_minhash_bands,
    backfill_rollup,
    m009_actor_name_keys,
    m011_link_spans,
    utc_now,
)
from tidings.store.tallies import backfill_days, backfill_tallies, day_triggers_postgres, postgres_triggers
from tidings.store.timeline import TABLE as TIMELINE_TABLE
from tidings.store.timeline import backfill_timeline

if TYPE_CHECKING:
    from tidings.store.postgres import PgConnection

Migration = Callable[["PgConnection"], None]

# pg_advisory_xact_lock keys: arbitrary constants, private to tidings within one database.
MIGRATION_LOCK = 0x7469_6469_6E67_0001
WRITE_LOCK = 0x7469_6469_6E67_0002


def _fold_table() -> tuple[str, str]:
    """The from and to strings of translate() that strip accents from Latin letters (é -> e) and
    turn typographic punctuation and spaces into plain spaces (’ “ – … and the no-break space).

    The second part is for servers whose locale is C: their text parser takes every non-ASCII
    character for a letter, so "Ukraine’s" would be one word where FTS5 (and a server in a UTF-8
    locale) sees "ukraine" and "s".
    """
    source, target = [], []
    for code in (*range(0xA0, 0xC0), 0xD7, 0xF7, *range(0x2000, 0x2070), *range(0x20A0, 0x20C1)):
        if unicodedata.category(chr(code))[0] in "PSZ":
            source.append(chr(code))
            target.append(" ")
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii() and base.isalpha():
            source.append(char)
            target.append(base)
    # Letters with a stroke have no decomposition, but readers (and FTS5) take them as the plain one.
    for char, base in (("ø", "o"), ("Ø", "O"), ("đ", "d"), ("Đ", "D"), ("ł", "l"), ("Ł", "L"),
                       ("ħ", "h"), ("Ħ", "H"), ("ı", "i")):
        source.append(char)
        target.append(base)
    return "".join(source), "".join(target)


def _collated(script: str) -> str:
    """`script` with every TEXT column collated "C" (see the module docstring)."""
    return re.sub(r"\bTEXT\b", 'TEXT COLLATE "C"', script)


def m001_initial(conn: PgConnection) -> None:
    source, target = _fold_table()
    conn.execute(f"""
CREATE FUNCTION tidings_fold(TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT translate($1, '{source}', '{target}') $$""")
    # Each term is a phrase parsed by PostgreSQL's own parser (so "U.S.-China" splits as the
    # text did); a term ending in * matches its last word as a prefix. Terms are ANDed.
    conn.execute("""
CREATE FUNCTION tidings_tsquery(terms TEXT[]) RETURNS tsquery LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
AS $$
DECLARE
    term TEXT;
    part tsquery;
    result tsquery := ''::tsquery;
BEGIN
    FOREACH term IN ARRAY coalesce(terms, '{}') LOOP
        part := phraseto_tsquery('simple', tidings_fold(rtrim(term, '*')));
        IF right(term, 1) = '*' AND numnode(part) > 0 THEN
            part := (part::text || ':*')::tsquery;
        END IF;
        result := CASE WHEN numnode(result) = 0 THEN part ELSE result && part END;
    END LOOP;
    RETURN result;
END $$""")
    for statement in _collated("""
CREATE TABLE articles (
    id TEXT PRIMARY KEY NOT NULL,
    ref TEXT,
    title TEXT,
    url TEXT,
    source TEXT,
    published TEXT,
    language TEXT,
    text TEXT NOT NULL,
    words INTEGER NOT NULL,
    origin TEXT,
    fetched_at TEXT,
    ingested_at TEXT NOT NULL,
    analysis_json TEXT,
    search tsvector GENERATED ALWAYS AS
        (to_tsvector('simple', tidings_fold(coalesce(title, '') || ' ' || text))) STORED
);
CREATE INDEX articles_published ON articles (published DESC NULLS LAST, ingested_at DESC);
CREATE INDEX articles_source ON articles (source, published);
CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE INDEX articles_search ON articles USING gin (search);

CREATE TABLE removed (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
);

CREATE TABLE inputs (
    ref TEXT,
    body_sha256 TEXT NOT NULL,
    article_id TEXT,
    outcome TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE UNIQUE INDEX inputs_key ON inputs ((coalesce(ref, '')), body_sha256);
CREATE INDEX inputs_article ON inputs (article_id) WHERE article_id IS NOT NULL;

CREATE TABLE duplicates (
    article_id TEXT NOT NULL,
    duplicate_of TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
    similarity DOUBLE PRECISION NOT NULL,
    ref TEXT,
    linked_at TEXT NOT NULL,
    rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE UNIQUE INDEX duplicates_key ON duplicates (article_id, (coalesce(ref, '')));
CREATE INDEX duplicates_first ON duplicates (duplicate_of);

CREATE TABLE minhashes (
    article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    signature BYTEA NOT NULL,
    rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);

CREATE TABLE actors (
    id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    cameo TEXT,
    roles_json TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (article_id, id)
);
CREATE INDEX actors_name ON actors (name);
CREATE INDEX actors_cameo ON actors (cameo) WHERE cameo IS NOT NULL;

CREATE TABLE mentions (
    article_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    how TEXT,
    PRIMARY KEY (article_id, actor_id, position),
    FOREIGN KEY (article_id, actor_id) REFERENCES actors (article_id, id) ON DELETE CASCADE
);

CREATE TABLE events (
    id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source TEXT,
    target TEXT,
    cameo TEXT NOT NULL,
    root TEXT,
    quad_class INTEGER,
    goldstein DOUBLE PRECISION,
    plover TEXT,
    date TEXT,
    date_precision TEXT,
    date_text TEXT,
    modality TEXT,
    sentence TEXT,
    span_start INTEGER,
    span_end INTEGER,
    trigger TEXT,
    confidence DOUBLE PRECISION,
    extra_json TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (article_id, id)
);
CREATE INDEX events_cameo ON events (cameo);
CREATE INDEX events_root ON events (root);
CREATE INDEX events_plover ON events (plover);
CREATE INDEX events_date ON events (date);

CREATE TABLE quotes (
    id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    span_start INTEGER,
    span_end INTEGER,
    kind TEXT,
    speaker TEXT,
    speaker_span_json TEXT,
    cue TEXT,
    addressee TEXT,
    via TEXT,
    search tsvector GENERATED ALWAYS AS (to_tsvector('simple', tidings_fold(text))) STORED,
    PRIMARY KEY (article_id, id)
);
CREATE INDEX quotes_speaker ON quotes (article_id, speaker);
CREATE INDEX quotes_search ON quotes USING gin (search);

CREATE TABLE skips (
    ref TEXT,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    stage TEXT NOT NULL,
    duplicate_of TEXT,
    article_id TEXT,
    first_seen_at TEXT NOT NULL,
    rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE UNIQUE INDEX skips_key ON skips ((coalesce(ref, '')), reason);
CREATE INDEX skips_reason ON skips (reason);

CREATE TABLE failures (
    ref TEXT,
    stage TEXT NOT NULL,
    message TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE UNIQUE INDEX failures_key ON failures ((coalesce(ref, '')), stage, message);
CREATE INDEX failures_stage ON failures (stage);
""").split(";\n"):
        if statement.strip():
            conn.execute(statement)


def m002_actor_facts(conn: PgConnection) -> None:
    for statement in _collated("""
CREATE TABLE actor_facts (
    name_key TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    published TEXT,
    rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (name_key, role, article_id)
);
CREATE INDEX actor_facts_name ON actor_facts (name_key, published);
CREATE INDEX actor_facts_article ON actor_facts (article_id);
CREATE INDEX actors_codes ON actors (country, sector);
""").split(";\n"):
        if statement.strip():
            conn.execute(statement)


def m003_event_actors(conn: PgConnection) -> None:
    conn.execute("CREATE INDEX events_source ON events (article_id, source)")
    conn.execute("CREATE INDEX events_target ON events (article_id, target)")


def m004_event_links(conn: PgConnection) -> None:
    # The twin of the SQLite migration of the same name (its comments say what the columns are).
    conn.execute(_collated("""CREATE TABLE event_links (
        article_id TEXT NOT NULL, event_id TEXT NOT NULL, canonical TEXT NOT NULL, anchor TEXT,
        score DOUBLE PRECISION, reason TEXT NOT NULL, root_group TEXT NOT NULL, first_day TEXT,
        last_day TEXT,
        PRIMARY KEY (article_id, event_id),
        FOREIGN KEY (article_id, event_id) REFERENCES events (article_id, id) ON DELETE CASCADE)"""))
    conn.execute("CREATE INDEX event_links_canonical ON event_links (canonical)")
    conn.execute("CREATE INDEX event_links_candidates ON event_links (root_group, last_day)")


def m005_watch(conn: PgConnection) -> None:
    # The twin of the SQLite migration of the same name (its comments say what the columns are).
    conn.execute(_collated("""CREATE TABLE watch_sources (
        url TEXT PRIMARY KEY, kind TEXT NOT NULL, etag TEXT, last_modified TEXT, next_poll_at TEXT,
        failures INTEGER NOT NULL DEFAULT 0, last_error TEXT, last_polled_at TEXT)"""))
    conn.execute(_collated("""CREATE TABLE watch_links (
        link TEXT PRIMARY KEY, source_url TEXT NOT NULL, state TEXT NOT NULL, outcome TEXT,
        article_id TEXT, attempts INTEGER NOT NULL DEFAULT 0, first_seen_at TEXT NOT NULL,
        updated_at TEXT NOT NULL)"""))
    conn.execute("CREATE INDEX watch_links_source ON watch_links (source_url, state)")


def m006_alerts_fired(conn: PgConnection) -> None:
    # The twin of the SQLite migration of the same name (its comments say what the columns are).
    conn.execute(_collated("""CREATE TABLE alerts_fired (
        rule TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, fired_at TEXT NOT NULL,
        alert_json TEXT NOT NULL, webhook_pending INTEGER NOT NULL DEFAULT 0,
        rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, PRIMARY KEY (rule, key))"""))
    conn.execute("CREATE INDEX alerts_fired_at ON alerts_fired (fired_at)")
    conn.execute("CREATE INDEX alerts_fired_pending ON alerts_fired (fired_at) WHERE webhook_pending = 1")


def m007_merged_rollup(conn: PgConnection) -> None:
    # The twin of the SQLite migration of the same name (tidings.store.rollup says what the
    # columns are).
    conn.execute(_collated("""CREATE TABLE merged_events (
        canonical TEXT PRIMARY KEY, latest TEXT NOT NULL, earliest TEXT, latest_end TEXT, first_date TEXT,
        first_published TEXT, quad_class INTEGER, goldstein DOUBLE PRECISION)"""))
    conn.execute("CREATE INDEX merged_events_latest ON merged_events (latest DESC, canonical)")
    conn.execute(_collated("""CREATE TABLE merged_keys (
        facet TEXT NOT NULL, value TEXT NOT NULL, canonical TEXT NOT NULL, latest TEXT NOT NULL,
        PRIMARY KEY (canonical, facet, value))"""))
    conn.execute("CREATE INDEX merged_keys_page ON merged_keys (facet, value, latest DESC, canonical)")
    conn.execute(_collated("""CREATE TABLE merged_counts (
        facet TEXT NOT NULL, value TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (facet, value))"""))
    backfill_rollup(conn)


def m008_actor_rollup(conn: PgConnection) -> None:
    # The twin of the SQLite migration of the same name (tidings.store.actor_rollup and
    # tidings.store.tallies say what the columns are).
    conn.execute(_collated("""CREATE TABLE actor_totals (
        name TEXT NOT NULL, country TEXT NOT NULL, sector TEXT NOT NULL, name_key TEXT NOT NULL,
        articles BIGINT NOT NULL, mentions BIGINT NOT NULL, first_published TEXT, last_published TEXT,
        PRIMARY KEY (name, country, sector))"""))
    conn.execute(_collated("""CREATE TABLE actor_kinds (
        name TEXT NOT NULL, country TEXT NOT NULL, sector TEXT NOT NULL, kind TEXT NOT NULL,
        cameo TEXT NOT NULL, rows BIGINT NOT NULL, articles BIGINT NOT NULL,
        PRIMARY KEY (name, country, sector, kind, cameo))"""))
    for statement in ACTOR_INDEXES:
        conn.execute(statement)
    for statement in postgres_triggers():
        conn.execute(_collated(statement))
    backfill_actor_rollup(conn)
    backfill_tallies(conn)


def m010_minhash_bands(conn: PgConnection) -> None:
    # The twin of the SQLite migration of the same name (its comments say what the tables are).
    conn.execute(_collated("""CREATE TABLE minhash_bands (
        band_key BIGINT NOT NULL, article_id TEXT NOT NULL, PRIMARY KEY (band_key, article_id))"""))
    conn.execute("CREATE TABLE minhash_banding (bands INTEGER NOT NULL, band_rows INTEGER NOT NULL)")
    backfill_minhash_bands(conn)


def m012_timeline_days(conn: PgConnection) -> None:
    # The twin of the SQLite migration of the same name (tidings.store.timeline has the table).
    conn.execute(_collated(TIMELINE_TABLE))
    backfill_timeline(conn)


def m013_article_days(conn: PgConnection) -> None:
    # The twin of the SQLite migration of the same name (tidings.store.tallies).
    for statement in day_triggers_postgres():
        conn.execute(_collated(statement))
    backfill_days(conn)


def m014_link_sides(conn: PgConnection) -> None:
    # The twin of the SQLite migration of the same name (store.merged), its columns collated "C".
    add_link_sides(conn, text_type=_collated("TEXT"))


MIGRATIONS: tuple[Migration, ...] = (m001_initial, m002_actor_facts, m003_event_actors, m004_event_links,
                                     m005_watch, m006_alerts_fired, m007_merged_rollup, m008_actor_rollup,
                                     m009_actor_name_keys, m010_minhash_bands,
                                     m011_link_spans, m012_timeline_days, m013_article_days,
                                     m014_link_sides)


def applied_migrations(conn: PgConnection) -> list[str]:
    """Names of the migrations recorded in the database's current schema, in the order they ran."""
    if not conn.scalar("SELECT to_regclass('_migrations') IS NOT NULL"):
        return []
    return [name for (name,) in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def foreign_tables(conn: PgConnection) -> int:
    """How many tables the current schema holds, for refusing another application's database."""
    return whole(conn.scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"))


def migrate(conn: PgConnection, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply the migrations the database has not had yet, in order; return the names applied.

    `conn` must be in autocommit mode (no transaction open). Raises StoreError when the database
    records migrations this code does not know, i.e. it was written by a newer tidings.
    """
    names = [migration.__name__ for migration in migrations]
    if len(set(names)) != len(names):
        raise ValueError(f"migration names must be unique: {names}")
    if applied_migrations(conn) == names:
        return []  # the common case, every web request: no lock, no transaction
    applied: list[str] = []
    for migration in (None, *migrations):
        conn.execute("BEGIN")
        try:
            conn.execute("SELECT pg_advisory_xact_lock(?)", (MIGRATION_LOCK,))
            if migration is None:
                conn.execute('CREATE TABLE IF NOT EXISTS _migrations (name TEXT COLLATE "C" PRIMARY KEY, '
                             "applied_at TEXT NOT NULL, rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE)")
                unknown = [name for name in applied_migrations(conn) if name not in names]
                if unknown:
                    raise StoreError(
                        "the database was written by a newer tidings (unknown migrations: "
                        f"{', '.join(unknown)}); upgrade tidings, or use a different --db"
                    )
            # Checked under the lock: another process may have applied it since we looked.
            elif migration.__name__ not in applied_migrations(conn):
                migration(conn)
                conn.execute("INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                             (migration.__name__, utc_now()))
                applied.append(migration.__name__)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return applied
