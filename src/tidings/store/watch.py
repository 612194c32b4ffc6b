"""The state of `tidings watch` in the store: per-source HTTP validators and backoff, and the links
already dealt with (tables `watch_sources` and `watch_links`, migration m005_watch).

Functions here take the connection and run plain SQL, written once for SQLite and PostgreSQL;
`Store` exposes them as methods and runs the writes in its transactions. Times are ISO 8601 UTC
strings made by the caller (tidings.watch), so a test can pass its own clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from tidings.store.dialect import Connection, one_row, optional_text, text, whole

LINK_DONE = "done"
LINK_RETRY = "retry"


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the store remembers of one watched source (a feed or a page URL)."""

    url: str
    kind: str
    etag: str | None
    last_modified: str | None
    next_poll_at: str | None
    failures: int
    last_error: str | None
    last_polled_at: str | None


def source_state(conn: Connection, url: str) -> SourceState | None:
    """The remembered state of source `url`, or None if it was never polled."""
    row = conn.execute(
        "SELECT url, kind, etag, last_modified, next_poll_at, failures, last_error, last_polled_at "
        "FROM watch_sources WHERE url = ?", (url,),
    ).fetchone()
    if row is None:
        return None
    stored_url, kind, etag, last_modified, next_poll_at, failures, last_error, last_polled_at = row
    return SourceState(url=text(stored_url), kind=text(kind), etag=optional_text(etag),
                       last_modified=optional_text(last_modified), next_poll_at=optional_text(next_poll_at),
                       failures=whole(failures), last_error=optional_text(last_error),
                       last_polled_at=optional_text(last_polled_at))


def record_poll(conn: Connection, url: str, *, kind: str, polled_at: str, next_poll_at: str,
                error: str | None, etag: str | None = None, last_modified: str | None = None,
                keep_validators: bool = False) -> int:
    """Record one poll of `url` and return its consecutive failures after it.

    A failed poll (`error` given) counts a failure and keeps the validators; a successful one
    resets the count and stores `etag`/`last_modified`, or keeps the old ones when
    `keep_validators` (a 304, or a pass that must fetch the body again next time).
    """
    conn.execute(
        "INSERT INTO watch_sources (url, kind, next_poll_at, failures, last_polled_at) "
        "VALUES (?, ?, ?, 0, ?) ON CONFLICT (url) DO NOTHING", (url, kind, next_poll_at, polled_at),
    )
    if error is not None:
        conn.execute(
            "UPDATE watch_sources SET kind = ?, failures = failures + 1, last_error = ?, "
            "last_polled_at = ?, next_poll_at = ? WHERE url = ?",
            (kind, error, polled_at, next_poll_at, url),
        )
    elif keep_validators:
        conn.execute(
            "UPDATE watch_sources SET kind = ?, failures = 0, last_error = NULL, last_polled_at = ?, "
            "next_poll_at = ? WHERE url = ?", (kind, polled_at, next_poll_at, url),
        )
    else:
        conn.execute(
            "UPDATE watch_sources SET kind = ?, failures = 0, last_error = NULL, last_polled_at = ?, "
            "next_poll_at = ?, etag = ?, last_modified = ? WHERE url = ?",
            (kind, polled_at, next_poll_at, etag, last_modified, url),
        )
    (failures,) = one_row(conn.execute("SELECT failures FROM watch_sources WHERE url = ?", (url,)))
    return whole(failures)


def link_done(conn: Connection, link: str) -> bool:
    """True when `link` was stored, skipped or given up on by an earlier pass."""
    row = conn.execute("SELECT state FROM watch_links WHERE link = ?", (link,)).fetchone()
    return row is not None and row[0] == LINK_DONE


def articles_stored_since(conn: Connection, since: str) -> list[str]:
    """Ids of the articles watch stored at or after `since` (ISO time), oldest first."""
    rows = conn.execute("SELECT article_id FROM watch_links WHERE state = ? AND article_id IS NOT NULL "
                        "AND updated_at >= ? ORDER BY updated_at, link", (LINK_DONE, since)).fetchall()
    return list(dict.fromkeys(text(article_id) for (article_id,) in rows))


def mark_link_done(conn: Connection, link: str, *, source_url: str, outcome: str,
                   article_id: str | None, now: str) -> None:
    """Mark `link` dealt with (`outcome`: stored, duplicate, skipped, failed ...); idempotent."""
    conn.execute(
        "INSERT INTO watch_links (link, source_url, state, outcome, article_id, attempts, first_seen_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?) "
        "ON CONFLICT (link) DO UPDATE SET state = excluded.state, outcome = excluded.outcome, "
        "article_id = excluded.article_id, attempts = watch_links.attempts + 1, "
        "updated_at = excluded.updated_at",
        (link, source_url, LINK_DONE, outcome, article_id, now, now),
    )


def note_link_failure(conn: Connection, link: str, *, source_url: str, error: str, now: str) -> int:
    """Count a failed fetch of `link` (left for a later pass); return its attempts so far."""
    conn.execute(
        "INSERT INTO watch_links (link, source_url, state, outcome, attempts, first_seen_at, updated_at) "
        "VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT (link) DO UPDATE SET outcome = excluded.outcome, "
        "attempts = watch_links.attempts + 1, updated_at = excluded.updated_at",
        (link, source_url, LINK_RETRY, error, now, now),
    )
    (attempts,) = one_row(conn.execute("SELECT attempts FROM watch_links WHERE link = ?", (link,)))
    return whole(attempts)
