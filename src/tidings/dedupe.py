"""Exact and near-duplicate articles.

Exact duplicates share the content hash (`article_id`). Near-duplicates (the same wire story
with a different headline, a trailing correction, other page furniture) are found with MinHash
over word shingles and an LSH index (datasketch), and linked to the first copy seen.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
# Stated, not defaulted: stored signatures are only comparable under the scheme that made them.
SCHEME = "affine32"
LSH_MAX_THRESHOLD = 0.9
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


@dataclass
class NearDuplicateIndex:
    """An LSH index of the articles seen so far; `find` returns the first similar one.

    Seed it with the signatures already in the store so duplicates are found across runs.
    """

    threshold: float
    shingle_size: int
    _lsh: MinHashLSH = field(init=False, repr=False)
    _signatures: dict[str, MinHash] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        # LSH only proposes candidates and `find` checks each against the real threshold, so a
        # looser index is safe; datasketch cannot band 128 permutations for thresholds near 1.
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=min(self.threshold, LSH_MAX_THRESHOLD), num_perm=NUM_PERM)

    def __len__(self) -> int:
        return len(self._signatures)

    def signature(self, text: str) -> MinHash:
        return minhash(text, shingle_size=self.shingle_size)

    def find(self, signature: MinHash) -> tuple[str, float] | None:
        """The most similar indexed article at or above the threshold, with its estimated Jaccard."""
        best: tuple[str, float] | None = None
        for key in self._lsh.query(signature):
            similarity = float(signature.jaccard(self._signatures[key]))
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (key, similarity)
        return best

    def add(self, key: str, signature: MinHash) -> None:
        if key in self._signatures:
            return
        self._signatures[key] = signature
        self._lsh.insert(key, signature)

    def add_serialized(self, key: str, hashvalues: bytes) -> None:
        """Add a signature stored with `serialize` (the store keeps them as bytes)."""
        self.add(key, deserialize(hashvalues))


def serialize(signature: MinHash) -> bytes:
    return bytes(signature.hashvalues.astype("uint32").tobytes())


def deserialize(hashvalues: bytes) -> MinHash:
    """The MinHash that `serialize` turned into bytes."""
    import numpy as np
    from datasketch import MinHash

    values = np.frombuffer(hashvalues, dtype=np.uint32)
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)
