"""The database schema, as an ordered list of named migrations.

Each migration is a function `mNNN_name(conn)`; `migrate` runs the ones not yet recorded in the
`_migrations` table, each in its own transaction together with its record, so a crash mid-way
leaves the database at the previous migration. Never edit a migration that has shipped: add the
next one to MIGRATIONS instead (the pattern of simonw/llm's migrations.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from tidings.dedupe import Banding
from tidings.errors import StoreError
from tidings.settings import Settings
from tidings.store.actor_rollup import INDEXES as ACTOR_INDEXES
from tidings.store.actor_rollup import backfill_actor_rollup
from tidings.store.dialect import Connection
from tidings.store.merged import fill_span_classes, m014_link_sides
from tidings.store.rollup import refresh
from tidings.store.signatures import use_banding
from tidings.store.tallies import backfill_days, backfill_tallies, day_triggers_sqlite, sqlite_triggers
from tidings.store.timeline import TABLE as TIMELINE_TABLE
from tidings.store.timeline import backfill_timeline

Migration = Callable[[sqlite3.Connection], None]
# Canonical events refreshed at a time when a migration fills the rollup.
BACKFILL_CHUNK = 2_000


def utc_now() -> str:
    """The current time as ISO 8601 UTC with milliseconds, e.g. 2024-03-01T12:00:00.000Z."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Execute `script` statement by statement.

    `executescript` would COMMIT first, which would take a migration out of its transaction;
    `complete_statement` knows that the semicolons inside a trigger body do not end it.
    """
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            conn.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement at the end of a migration: {pending.strip()[:80]!r}")


def m001_initial(conn: sqlite3.Connection) -> None:
    run_script(conn, """
-- One row per distinct cleaned text: id is its content hash, so a second copy lands on the same row.
-- words is stored rather than computed because SQLite has no word count and listings show it.
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
    analysis_json TEXT
) STRICT;
CREATE INDEX articles_published ON articles (published DESC, ingested_at DESC);
CREATE INDEX articles_source ON articles (source, published);
CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;

CREATE TABLE removed (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (article_id, position)
) STRICT, WITHOUT ROWID;

-- What each input (ref + hash of its raw bytes) became, so a rerun after a crash passes over
-- inputs already done. No foreign key: a near-duplicate's article_id is never stored.
-- A NULL ref (standard input) must still be unique, hence the index on ifnull(ref, '').
CREATE TABLE inputs (
    ref TEXT,
    body_sha256 TEXT NOT NULL,
    article_id TEXT,
    outcome TEXT NOT NULL,
    recorded_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX inputs_key ON inputs (ifnull(ref, ''), body_sha256);
CREATE INDEX inputs_article ON inputs (article_id) WHERE article_id IS NOT NULL;

-- A later copy linked to the first. article_id is the later copy's id, which for a near-duplicate
-- is not in articles (it is not stored again), so only duplicate_of is an article.
CREATE TABLE duplicates (
    article_id TEXT NOT NULL,
    duplicate_of TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('exact', 'near')),
    similarity REAL NOT NULL,
    ref TEXT,
    linked_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX duplicates_key ON duplicates (article_id, ifnull(ref, ''));
CREATE INDEX duplicates_first ON duplicates (duplicate_of);

-- datasketch MinHash.hashvalues (numpy uint64) as bytes, loaded at the start of each run so
-- near-duplicates are found across runs, not only within one.
CREATE TABLE minhashes (
    article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    signature BLOB NOT NULL
) STRICT;

-- The analysis, one table per array of analysis.schema.json. Ids (a1, e1, q1) are unique only
-- within an article. No foreign keys from events/quotes to actors: an extractor bug that names
-- a missing actor should not cost the whole article; analysis_json keeps the full record.
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
) STRICT;
CREATE INDEX actors_name ON actors (name);
CREATE INDEX actors_cameo ON actors (cameo) WHERE cameo IS NOT NULL;

-- span_start/span_end rather than the contract's start/end: END is an SQL keyword, and the
-- names match events and quotes.
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
) STRICT, WITHOUT ROWID;

CREATE TABLE events (
    id TEXT NOT NULL,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    source TEXT,
    target TEXT,
    cameo TEXT NOT NULL,
    root TEXT,
    quad_class INTEGER,
    goldstein REAL,
    plover TEXT,
    date TEXT,
    date_precision TEXT,
    date_text TEXT,
    modality TEXT,
    sentence TEXT,
    span_start INTEGER,
    span_end INTEGER,
    trigger TEXT,
    confidence REAL,
    extra_json TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (article_id, id)
) STRICT;
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
    PRIMARY KEY (article_id, id)
) STRICT;
CREATE INDEX quotes_speaker ON quotes (article_id, speaker);

-- Inputs we did not analyse and inputs that failed. Recording the same one again is ignored
-- (not counted) so that re-ingesting an input leaves the database byte for byte unchanged.
CREATE TABLE skips (
    ref TEXT,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    stage TEXT NOT NULL,
    duplicate_of TEXT,
    article_id TEXT,
    first_seen_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX skips_key ON skips (ifnull(ref, ''), reason);
CREATE INDEX skips_reason ON skips (reason);

CREATE TABLE failures (
    ref TEXT,
    stage TEXT NOT NULL,
    message TEXT NOT NULL,
    first_seen_at TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX failures_key ON failures (ifnull(ref, ''), stage, message);
CREATE INDEX failures_stage ON failures (stage);

-- Full-text search. External content tables index articles and quotes without a second copy
-- of the text; the triggers keep them in step. They point at the implicit rowid, which VACUUM
-- is allowed to renumber for tables without an INTEGER PRIMARY KEY: after a VACUUM, run
-- Store.rebuild_search() (the 'rebuild' command), which reindexes from the content tables.
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.rowid, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.rowid, new.title, new.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    text, content='quotes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF text ON quotes BEGIN
    INSERT INTO quotes_fts (quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO quotes_fts (rowid, text) VALUES (new.rowid, new.text);
END;
""")


def m002_actor_facts(conn: sqlite3.Connection) -> None:
    run_script(conn, """
-- Roles the text states for a named actor ("Japan's foreign minister Yoko Kamikawa"), kept with
-- the article's date so a later article naming the person without a role can be coded from the
-- latest fact on or before its own date (learned knowledge). name_key is the normalised name
-- (tidings.actors.names.normalise_name); name is the name as stated. One row per role per
-- article, so recording an article's facts again changes nothing.
CREATE TABLE actor_facts (
    name_key TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    country TEXT,
    sector TEXT,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    published TEXT,
    PRIMARY KEY (name_key, role, article_id)
) STRICT;
CREATE INDEX actor_facts_name ON actor_facts (name_key, published);
CREATE INDEX actor_facts_article ON actor_facts (article_id);

-- `tidings actors --country X --sector S` lists actors by their codes.
CREATE INDEX actors_codes ON actors (country, sector);
""")


def m003_event_actors(conn: sqlite3.Connection) -> None:
    run_script(conn, """
-- `tidings events --source X --target Y` finds the actors X names first (by code, country or
-- name), then their events: these look an event up by its article and actor id.
-- Not partial indexes: the planner cannot tell that a row-value IN implies source IS NOT NULL.
CREATE INDEX events_source ON events (article_id, source);
CREATE INDEX events_target ON events (article_id, target);
""")


def m004_event_links(conn: sqlite3.Connection) -> None:
    run_script(conn, """
-- Which canonical (real-world) event each event mention belongs to, and why (tidings.events.merge).
-- `canonical` is the key of the event's first mention; `anchor` the mention this one matched.
-- first_day/last_day/root_group are the mention's merge features, indexed to find candidates.
CREATE TABLE event_links (
    article_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    canonical TEXT NOT NULL,
    anchor TEXT,
    score REAL,
    reason TEXT NOT NULL,
    root_group TEXT NOT NULL,
    first_day TEXT,
    last_day TEXT,
    PRIMARY KEY (article_id, event_id),
    FOREIGN KEY (article_id, event_id) REFERENCES events (article_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX event_links_canonical ON event_links (canonical);
CREATE INDEX event_links_candidates ON event_links (root_group, last_day);
""")


def m005_watch(conn: sqlite3.Connection) -> None:
    run_script(conn, """
-- tidings watch: one row per configured feed or page. etag and last_modified are the validators
-- of the last response fully processed (saved only then, so a crash mid-pass refetches the
-- source); failures counts consecutive failed polls, which set the backoff in next_poll_at.
CREATE TABLE watch_sources (
    url TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    next_poll_at TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    last_polled_at TEXT
) STRICT;
-- Every entry link (or a full-text entry's ref) a source led to: 'done' once it was stored,
-- skipped or failed for good, written in the same transaction as that outcome, so a link is
-- never marked before its article is stored; 'retry' while fetching it keeps failing.
CREATE TABLE watch_links (
    link TEXT PRIMARY KEY NOT NULL,
    source_url TEXT NOT NULL,
    state TEXT NOT NULL,
    outcome TEXT,
    article_id TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    first_seen_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX watch_links_source ON watch_links (source_url, state);
""")


def m006_alerts_fired(conn: sqlite3.Connection) -> None:
    run_script(conn, """
-- Alerts fired by the rules of tidings watch (tidings.alerts), one row per (rule, evidence key), so
-- an alert fires once across passes and restarts. alert_json is the alert as delivered;
-- webhook_pending is 1 until the configured webhook took it (a failed POST is retried later).
CREATE TABLE alerts_fired (
    rule TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    fired_at TEXT NOT NULL,
    alert_json TEXT NOT NULL,
    webhook_pending INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (rule, key)
) STRICT;
CREATE INDEX alerts_fired_at ON alerts_fired (fired_at);
CREATE INDEX alerts_fired_pending ON alerts_fired (fired_at) WHERE webhook_pending = 1;
""")


def m007_merged_rollup(conn: sqlite3.Connection) -> None:
    run_script(conn, """
-- One row per real-world event (tidings.store.rollup says what each column is), and the keys a
-- listing filters on, indexed in the listing's order so that a page is an index range.
CREATE TABLE merged_events (
    canonical TEXT PRIMARY KEY NOT NULL,
    latest TEXT NOT NULL,
    earliest TEXT,
    latest_end TEXT,
    first_date TEXT,
    first_published TEXT,
    quad_class INTEGER,
    goldstein REAL
) STRICT, WITHOUT ROWID;
CREATE INDEX merged_events_latest ON merged_events (latest DESC, canonical);
CREATE TABLE merged_keys (
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    canonical TEXT NOT NULL,
    latest TEXT NOT NULL,
    PRIMARY KEY (canonical, facet, value)
) STRICT, WITHOUT ROWID;
CREATE INDEX merged_keys_page ON merged_keys (facet, value, latest DESC, canonical);
CREATE TABLE merged_counts (
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (facet, value)
) STRICT, WITHOUT ROWID;
""")
    backfill_rollup(conn)


def backfill_rollup(conn: Connection) -> None:
    """Fill the rollup from the events stored before it existed, a chunk of events at a time (for
    migrations m007 and m009: the timeline's table, made and filled by m012, is not there yet)."""
    found = conn.execute(
        "SELECT coalesce(l.canonical, e.article_id || ':' || e.id) FROM events e "
        "LEFT JOIN event_links l ON l.article_id = e.article_id AND l.event_id = e.id").fetchall()
    canonicals = sorted({str(canonical) for (canonical,) in found})
    for start in range(0, len(canonicals), BACKFILL_CHUNK):
        refresh(conn, canonicals[start:start + BACKFILL_CHUNK], days=False)


def m008_actor_rollup(conn: sqlite3.Connection) -> None:
    run_script(conn, """
-- One row per listed actor and its kinds and codes (tidings.store.actor_rollup says what each
-- column is and has the indexes), and the row counts (tidings.store.tallies).
CREATE TABLE actor_totals (
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    sector TEXT NOT NULL,
    name_key TEXT NOT NULL,
    articles INTEGER NOT NULL,
    mentions INTEGER NOT NULL,
    first_published TEXT,
    last_published TEXT,
    PRIMARY KEY (name, country, sector)
) STRICT, WITHOUT ROWID;
CREATE TABLE actor_kinds (
    name TEXT NOT NULL,
    country TEXT NOT NULL,
    sector TEXT NOT NULL,
    kind TEXT NOT NULL,
    cameo TEXT NOT NULL,
    rows INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (name, country, sector, kind, cameo)
) STRICT, WITHOUT ROWID;
""")
    for statement in ACTOR_INDEXES:
        conn.execute(statement)
    run_script(conn, sqlite_triggers())
    backfill_actor_rollup(conn)
    backfill_tallies(conn)


def m009_actor_name_keys(conn: Connection) -> None:
    """The rollup's keys gained each telling's source and target actor by name: fill it anew."""
    conn.execute("DELETE FROM merged_keys")
    conn.execute("DELETE FROM merged_counts")
    conn.execute("DELETE FROM merged_events")
    backfill_rollup(conn)


def m010_minhash_bands(conn: sqlite3.Connection) -> None:
    run_script(conn, """
-- The LSH band keys of each stored signature under the banding recorded in minhash_banding (one
-- row), so the near-duplicate candidates of a new article are index lookups rather than every
-- signature loaded at the start of each ingest (tidings.store.signatures). No foreign key: a
-- lookup joins minhashes, and no index by article is kept for a cascade.
CREATE TABLE minhash_bands (
    band_key INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    PRIMARY KEY (band_key, article_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE minhash_banding (
    bands INTEGER NOT NULL,
    band_rows INTEGER NOT NULL
) STRICT;
""")
    backfill_minhash_bands(conn)


def backfill_minhash_bands(conn: Connection) -> None:
    """Band the signatures stored before the band table existed, for the default threshold (an
    ingest with another threshold bands them again); nothing to do, and no banding recorded, in
    a database without signatures."""
    if conn.execute("SELECT 1 FROM minhashes LIMIT 1").fetchone() is not None:
        use_banding(conn, Banding.for_threshold(Settings().near_duplicate_threshold))


def m011_link_spans(conn: Connection) -> None:
    """Linking's candidates by root group, span class and last day (store.merged.SPAN_CLASS_DAYS):
    the index on root group and last day alone read every later link of the group. The same
    statements on PostgreSQL (pg_schema)."""
    conn.execute("ALTER TABLE event_links ADD COLUMN span_class INTEGER")
    fill_span_classes(conn)
    conn.execute("DROP INDEX event_links_candidates")
    conn.execute("CREATE INDEX event_links_spans ON event_links (root_group, span_class, last_day)")


def m012_timeline_days(conn: sqlite3.Connection) -> None:
    """Per rollup key and day, the events a timeline counts (tidings.store.timeline)."""
    conn.execute(f"{TIMELINE_TABLE} WITHOUT ROWID")
    backfill_timeline(conn)


def m013_article_days(conn: sqlite3.Connection) -> None:
    """Articles per publication day, kept by triggers (tidings.store.tallies): a timeline
    normalised by volume counts them all."""
    run_script(conn, day_triggers_sqlite())
    backfill_days(conn)


MIGRATIONS: tuple[Migration, ...] = (m001_initial, m002_actor_facts, m003_event_actors, m004_event_links,
                                     m005_watch, m006_alerts_fired, m007_merged_rollup, m008_actor_rollup,
                                     m009_actor_name_keys, m010_minhash_bands,
                                     m011_link_spans, m012_timeline_days, m013_article_days,
                                     m014_link_sides)


def applied_migrations(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in `conn`, in the order they ran."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'"
    ).fetchone()
    if exists is None:
        return []
    return [name for (name,) in conn.execute("SELECT name FROM _migrations ORDER BY rowid")]


def migrate(conn: sqlite3.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
    """Apply the migrations `conn` has not had yet, in order; return the names applied.

    `conn` must be in autocommit mode (isolation_level=None) so the transactions here are the
    only ones. Raises StoreError when the database records migrations this code does not know,
    i.e. it was written by a newer tidings.
    """
    names = [migration.__name__ for migration in migrations]
    if len(set(names)) != len(names):
        raise ValueError(f"migration names must be unique: {names}")
    # The common case, every open of an up-to-date database: nothing to do, so no write lock.
    # Taking it here made every open (a reader's too) wait behind an ingest's batch and fail
    # "database is locked" after the busy timeout.
    done = applied_migrations(conn)
    if all(name in done for name in names) and all(name in names for name in done):
        return []
    # IMMEDIATE takes the write lock before reading what is applied, so two processes opening a
    # new database at once cannot both run m001.
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS _migrations "
            "(name TEXT PRIMARY KEY NOT NULL, applied_at TEXT NOT NULL)"
        )
        done = applied_migrations(conn)
        unknown = [name for name in done if name not in names]
        if unknown:
            raise StoreError(
                f"the database was written by a newer tidings (unknown migrations: {', '.join(unknown)}); "
                "upgrade tidings, or use a different --db"
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise

    applied: list[str] = []
    for migration in migrations:
        if migration.__name__ in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-check under the lock: another process may have applied it since we looked.
            if conn.execute("SELECT 1 FROM _migrations WHERE name = ?", (migration.__name__,)).fetchone():
                conn.execute("ROLLBACK")
                continue
            migration(conn)
            conn.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)", (migration.__name__, utc_now())
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(migration.__name__)
    return applied
