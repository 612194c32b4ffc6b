"""Exact and near-duplicate articles.

Exact duplicates share the content hash (`article_id`). Near-duplicates (the same wire story
with a different headline, a trailing correction, other page furniture) are found with MinHash
over word shingles and linked to the first copy seen.

Candidates are found by LSH banding, as datasketch's MinHashLSH does it (the same bands and rows
per band for the threshold), but the band keys are kept in the store, so a lookup reads a few
index entries whatever the size of the database instead of loading every signature at the start
of each run. Each candidate is then checked against the threshold with the Jaccard estimate.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from datasketch import MinHash

NUM_PERM = 128
# Stated, not defaulted: stored signatures are only comparable under the scheme that made them.
SCHEME = "affine32"
# Bytes per hash value of a stored signature (the scheme's uint32).
VALUE_BYTES = 4
SIGNATURE_BYTES = NUM_PERM * VALUE_BYTES
# LSH only proposes candidates and each is checked against the real threshold, so looser bands
# are safe; 128 permutations cannot be banded well for thresholds near 1.
LSH_MAX_THRESHOLD = 0.9
# Points of the Gauss-Legendre rule that integrates the banding's error: exact for polynomials of
# degree up to 2 * 65 - 1, and (1 - s**r)**b has degree b * r <= NUM_PERM.
_QUADRATURE_POINTS = NUM_PERM // 2 + 1
_WORD = re.compile(r"\w+")


def article_id(text: str) -> str:
    """The stable id of a cleaned text: the first 16 hex digits of its SHA-256 (64 bits)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def minhash(text: str, *, shingle_size: int) -> MinHash:
    """MinHash of the lower-cased word shingles of `text` (Pure)."""
    from datasketch import MinHash  # imports scipy (0.7 s): only ingest needs it, not analyze

    words = _WORD.findall(text.lower())
    signature = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    if len(words) < shingle_size:
        shingles: Iterable[str] = [" ".join(words)]
    else:
        shingles = (" ".join(words[i : i + shingle_size]) for i in range(len(words) - shingle_size + 1))
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return signature


def serialize(signature: MinHash) -> bytes:
    """The signature as the store keeps it: its NUM_PERM hash values as uint32 bytes."""
    return bytes(signature.hashvalues.astype("uint32").tobytes())


def signature_of(text: str, *, shingle_size: int) -> bytes:
    """The stored form (`serialize`) of the MinHash of `text`."""
    return serialize(minhash(text, shingle_size=shingle_size))


@dataclass(frozen=True, slots=True)
class Banding:
    """LSH banding of a signature: `bands` bands of `rows` hash values each. Two signatures are
    candidates when all the values of one band are equal."""

    bands: int
    rows: int

    @classmethod
    def for_threshold(cls, threshold: float) -> Banding:
        """The banding datasketch's MinHashLSH chooses for `threshold` (capped at
        LSH_MAX_THRESHOLD) and NUM_PERM permutations, with its default weights."""
        return _optimal_banding(min(threshold, LSH_MAX_THRESHOLD))

    def keys(self, signature: bytes) -> list[int]:
        """The band keys of a stored signature (`serialize`): per band a signed 64-bit hash of the
        band's number and values. A hash collision only adds a candidate, which the Jaccard
        check then turns down."""
        if len(signature) != SIGNATURE_BYTES:
            raise ValueError(f"a signature has {SIGNATURE_BYTES} bytes, not {len(signature)}")
        width = self.rows * VALUE_BYTES
        return [_band_key(band, signature[band * width:(band + 1) * width]) for band in range(self.bands)]


def _band_key(band: int, values: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(band.to_bytes(1, "big") + values, digest_size=8).digest(), "big",
                          signed=True)


@cache
def _optimal_banding(threshold: float) -> Banding:
    """datasketch's `_optimal_param` (weights 0.5 and 0.5): the (bands, rows) that minimise the
    false positive probability below the threshold plus the false negative one above it. Our own
    so as not to depend on a private function; the integrals are exact (see _QUADRATURE_POINTS)."""
    import numpy as np

    nodes, weights = np.polynomial.legendre.leggauss(_QUADRATURE_POINTS)
    # The rule's points and weights moved onto [0, threshold] and [threshold, 1].
    below, below_weights = threshold * (nodes + 1) / 2, weights * threshold / 2
    above, above_weights = threshold + (1 - threshold) * (nodes + 1) / 2, weights * (1 - threshold) / 2
    # Every (bands, rows) at once, in datasketch's order, so the first of equal errors wins as there.
    pairs = np.array([(bands, rows) for bands in range(1, NUM_PERM + 1)
                      for rows in range(1, NUM_PERM // bands + 1)], dtype=float)
    bands, rows = pairs[:, :1], pairs[:, 1:]
    # A pair of similarity s shares some band with probability 1 - (1 - s**rows)**bands.
    false_positive = np.sum(below_weights * (1 - (1 - below ** rows) ** bands), axis=1)
    false_negative = np.sum(above_weights * (1 - above ** rows) ** bands, axis=1)
    best = int(np.argmin(0.5 * false_positive + 0.5 * false_negative))
    return Banding(int(pairs[best, 0]), int(pairs[best, 1]))


def jaccard(one: bytes, other: bytes) -> float:
    """The Jaccard estimate of two stored signatures: the share of equal hash values."""
    import numpy as np

    equal = np.frombuffer(one, dtype=np.uint32) == np.frombuffer(other, dtype=np.uint32)
    return float(np.count_nonzero(equal)) / NUM_PERM


def closest(signature: bytes, candidates: Iterable[tuple[str, bytes]],
            threshold: float) -> tuple[str, float] | None:
    """The most similar of `candidates` ((article_id, stored signature), first stored first) at or
    above `threshold`, with its Jaccard estimate; of equally similar ones the first."""
    best: tuple[str, float] | None = None
    for key, stored in candidates:
        similarity = jaccard(signature, stored)
        if similarity >= threshold and (best is None or similarity > best[1]):
            best = (key, similarity)
    return best
