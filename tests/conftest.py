from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def shared_dir() -> Path:
    """The team's evaluation data beside the checkout; tests using it skip on a user's clone."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is absent (evaluation data lives beside the team's checkout only)")
    return SHARED


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES
