"""tidings: turn international news into structured, checkable knowledge."""

__version__ = "0.1.0"
