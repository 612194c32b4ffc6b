"""What became of each input, in the store: the inputs done (so a rerun passes over them), skips,
failures and links from a later copy to the stored first copy.

Functions here take the connection and run plain SQL, written once for SQLite and PostgreSQL
(store/dialect.py has the few differences); `Store` exposes them as methods and owns the
transactions. Recording the same thing again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from tidings.model import Failure, Skip
from tidings.rows import DuplicateRow, FailureRow, SkipRow
from tidings.store.dialect import Connection, dialect_of, number, one_row, optional_text, text, whole
from tidings.store.migrations import utc_now
from tidings.store.tallies import tallied


def record_input(conn: Connection, ref: str | None, body_sha256: str, *, article_id: str | None,
                 outcome: str) -> None:
    """Remember what the input (`ref`, hash of its raw bytes) became, for `recorded_input`."""
    ifnull = dialect_of(conn).ifnull
    conn.execute(
        "INSERT INTO inputs (ref, body_sha256, article_id, outcome, recorded_at) "
        "VALUES (?, ?, ?, ?, ?) "
        f"ON CONFLICT ({ifnull}(ref, ''), body_sha256) DO UPDATE "
        "SET article_id = excluded.article_id, outcome = excluded.outcome, "
        "recorded_at = excluded.recorded_at "
        "WHERE inputs.article_id IS DISTINCT FROM excluded.article_id "
        "OR inputs.outcome IS DISTINCT FROM excluded.outcome",
        (ref, body_sha256, article_id, outcome, utc_now()),
    )


@dataclass(frozen=True, slots=True)
class RecordedInput:
    """What `record_input` remembered of an input: its article (None for a skip or a failure) and
    its outcome (stored, duplicate, near-duplicate, failed or a skip reason)."""

    article_id: str | None
    outcome: str


def recorded_input(conn: Connection, ref: str | None, body_sha256: str) -> RecordedInput | None:
    """What this input, with these exact bytes, became when `record_input` recorded it; None if never."""
    ifnull = dialect_of(conn).ifnull
    row = conn.execute(
        f"SELECT article_id, outcome FROM inputs WHERE {ifnull}(ref, '') = {ifnull}(?, '') "
        "AND body_sha256 = ?",
        (ref, body_sha256),
    ).fetchone()
    return None if row is None else RecordedInput(optional_text(row[0]), text(row[1]))


def record_skip(conn: Connection, skip: Skip) -> None:
    """Record a skipped input; the same (ref, reason) again is ignored."""
    conn.execute(
        "INSERT INTO skips (ref, reason, detail, stage, duplicate_of, article_id, "
        "first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (skip.ref, skip.reason, skip.detail, skip.stage, skip.duplicate_of, skip.article_id, utc_now()),
    )


def record_failure(conn: Connection, failure: Failure) -> None:
    """Record a failed input; the same (ref, stage, message) again is ignored."""
    conn.execute(
        "INSERT INTO failures (ref, stage, message, first_seen_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING",
        (failure.ref, failure.stage, failure.message, utc_now()),
    )


def record_duplicate(conn: Connection, article_id: str, duplicate_of: str, *, kind: str,
                     similarity: float, ref: str | None) -> None:
    """Link a later copy to the stored first copy (see Store.record_duplicate)."""
    if kind not in ("exact", "near"):
        raise ValueError(f"duplicate kind must be 'exact' or 'near', not {kind!r}")
    conn.execute(
        "INSERT INTO duplicates (article_id, duplicate_of, kind, similarity, ref, linked_at) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (article_id, duplicate_of, kind, float(similarity), ref, utc_now()),
    )


def skips(conn: Connection, *, reason: str | None, limit: int, offset: int = 0) -> list[SkipRow]:
    """Recorded skips, newest first; `offset` skips that many first."""
    where, params = ("WHERE reason = ?", [reason]) if reason is not None else ("", [])
    rows = conn.execute(
        "SELECT ref, reason, detail, stage, duplicate_of, article_id, first_seen_at FROM skips "
        f"{where} ORDER BY first_seen_at DESC, rowid DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [SkipRow(ref=optional_text(ref), reason=text(why), detail=text(detail),
                    stage=text(stage), duplicate_of=optional_text(duplicate_of),
                    article_id=optional_text(article_id), first_seen_at=text(first_seen_at))
            for ref, why, detail, stage, duplicate_of, article_id, first_seen_at in rows]


def failures(conn: Connection, *, stage: str | None, limit: int, offset: int = 0) -> list[FailureRow]:
    """Recorded failures, newest first; `offset` skips that many first."""
    where, params = ("WHERE stage = ?", [stage]) if stage is not None else ("", [])
    rows = conn.execute(
        f"SELECT ref, stage, message, first_seen_at FROM failures {where} "
        "ORDER BY first_seen_at DESC, rowid DESC LIMIT ? OFFSET ?",
        [*params, limit, offset],
    ).fetchall()
    return [FailureRow(ref=optional_text(ref), stage=text(failed_in), message=text(message),
                       first_seen_at=text(first_seen_at))
            for ref, failed_in, message, first_seen_at in rows]


def count_skips(conn: Connection, *, reason: str | None = None) -> int:
    """How many skips `skips(conn, reason=reason, ...)` would list without a limit."""
    if reason is None:
        return tallied(conn, "skips")
    (count,) = one_row(conn.execute("SELECT count(*) FROM skips WHERE reason = ?", (reason,)))
    return whole(count)


def count_failures(conn: Connection, *, stage: str | None = None) -> int:
    """How many failures `failures(conn, stage=stage, ...)` would list without a limit."""
    if stage is None:
        return tallied(conn, "failures")
    (count,) = one_row(conn.execute("SELECT count(*) FROM failures WHERE stage = ?", (stage,)))
    return whole(count)


def duplicates(conn: Connection, *, limit: int) -> list[DuplicateRow]:
    """Linked copies, newest first."""
    rows = conn.execute(
        "SELECT article_id, duplicate_of, kind, similarity, ref, linked_at FROM duplicates "
        "ORDER BY linked_at DESC, rowid DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [DuplicateRow(article_id=text(article_id), duplicate_of=text(duplicate_of), kind=text(kind),
                         similarity=number(similarity), ref=optional_text(ref), linked_at=text(linked_at))
            for article_id, duplicate_of, kind, similarity, ref, linked_at in rows]
