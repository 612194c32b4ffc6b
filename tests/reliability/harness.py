"""The crash and concurrency harnesses of benchmarks/, imported for the tests that run small versions."""

from __future__ import annotations

import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
if str(BENCHMARKS) not in sys.path:
    sys.path.insert(0, str(BENCHMARKS))

import concurrency  # noqa: E402
import crash_harness  # noqa: E402

__all__ = ["concurrency", "crash_harness"]
