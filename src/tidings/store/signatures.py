"""Near-duplicate signatures in the store: each stored article's MinHash and its LSH band keys.

`minhash_bands` holds one row per band of each signature under the banding recorded in
`minhash_banding` (tidings.dedupe.Banding: the one the ingest's threshold calls for), so the
candidates for a new article are a few index lookups, at ten million articles as at ten. The
rows are written with the signature; when an ingest asks for another banding (its threshold
changed), every signature is banded again once. With no banding recorded (a database written
only through the store's API) there are no band rows; the first ingest bands what is stored.

Band rows have no foreign key: a lookup joins `minhashes`, so rows of a signature that is gone
or was replaced only propose a candidate that is not there or that the Jaccard check turns down.
"""

from __future__ import annotations

from tidings.dedupe import SIGNATURE_BYTES, Banding
from tidings.store.dialect import Connection, blob, text, whole

# Signatures read at a time when banding all of them.
BANDING_CHUNK = 5_000


def save_minhash(conn: Connection, article_id: str, signature: bytes) -> None:
    """Store a stored article's MinHash signature and, under the recorded banding, its band keys;
    the same signature again changes nothing."""
    conn.execute(
        "INSERT INTO minhashes (article_id, signature) VALUES (?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature "
        "WHERE minhashes.signature IS DISTINCT FROM excluded.signature",
        (article_id, bytes(signature)),
    )
    banding = recorded_banding(conn)
    if banding is not None:
        _save_bands(conn, [(article_id, bytes(signature))], banding)


def recorded_banding(conn: Connection) -> Banding | None:
    """The banding the band rows were made with, or None when there are none."""
    row = conn.execute("SELECT bands, band_rows FROM minhash_banding").fetchone()
    return Banding(whole(row[0]), whole(row[1])) if row is not None else None


def use_banding(conn: Connection, banding: Banding) -> bool:
    """Make `banding` the recorded one, banding every stored signature again when it is not
    already; True when it did (a cost in proportion to the database, once per change)."""
    if recorded_banding(conn) == banding:
        return False
    conn.execute("DELETE FROM minhash_bands")
    conn.execute("DELETE FROM minhash_banding")
    conn.execute("INSERT INTO minhash_banding (bands, band_rows) VALUES (?, ?)",
                 (banding.bands, banding.rows))
    mark = 0
    while True:
        rows = conn.execute("SELECT rowid, article_id, signature FROM minhashes WHERE rowid > ? "
                            "ORDER BY rowid LIMIT ?", (mark, BANDING_CHUNK)).fetchall()
        if not rows:
            return True
        mark = whole(rows[-1][0])
        # A signature of another length (none the ingest writes) can never match: not banded.
        _save_bands(conn, [(text(article_id), blob(signature)) for _, article_id, signature in rows
                           if len(blob(signature)) == SIGNATURE_BYTES], banding)


def _save_bands(conn: Connection, signatures: list[tuple[str, bytes]], banding: Banding) -> None:
    conn.executemany("INSERT INTO minhash_bands (band_key, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     [(key, article_id) for article_id, signature in signatures
                      for key in banding.keys(signature)])


def candidates(conn: Connection, signature: bytes) -> list[tuple[str, bytes]]:
    """The stored (article_id, signature) pairs that share a band with `signature` under the
    recorded banding, first stored first; none when no banding is recorded."""
    banding = recorded_banding(conn)
    if banding is None:
        return []
    keys = banding.keys(signature)
    # No ORDER BY: ordering by rowid could tempt the planner to walk all of minhashes in order.
    rows = conn.execute(
        "SELECT rowid, article_id, signature FROM minhashes WHERE article_id IN "
        f"(SELECT article_id FROM minhash_bands WHERE band_key IN ({', '.join('?' * len(keys))}))",
        keys).fetchall()
    rows.sort(key=lambda row: whole(row[0]))
    return [(text(article_id), blob(stored)) for _, article_id, stored in rows]
