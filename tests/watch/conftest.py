from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.watch.server import Site, running_site
from tidings.settings import Settings
from tidings.store import Store, open_store


@pytest.fixture
def site() -> Iterator[Site]:
    with running_site() as local:
        local.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        yield local


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "watch.db", create=True) as opened:
        yield opened


@pytest.fixture
def settings() -> Settings:
    return Settings(allow_private_networks=True)
