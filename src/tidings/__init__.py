"""tidings: turn international news into structured, checkable knowledge.

The Python API (see tidings.api): `tidings.analyze(text_or_html, published=...)` and
`tidings.Store(path)`. They are imported on first use, so `import tidings` stays light.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["NotAnalysable", "Records", "Store", "analyze"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from tidings import api

        return getattr(api, name)
    raise AttributeError(f"module 'tidings' has no attribute {name!r}")
