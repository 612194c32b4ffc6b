from __future__ import annotations

from pathlib import Path

import pytest

from tests.pg import pg_database, pg_fresh_url, pg_server, pg_url, store_target  # noqa: F401 (fixtures)
from tidings.model import Article, Document, Skip
from tidings.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def prepared_refs(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The ref of every document `pipeline.prepare` is called on from now on, in order."""
    from tidings import pipeline

    refs: list[str | None] = []
    real = pipeline.prepare

    def noting(document: Document, settings: Settings, *, published: str | None = None) -> Article | Skip:
        refs.append(document.ref)
        return real(document, settings, published=published)

    monkeypatch.setattr(pipeline, "prepare", noting)
    return refs


@pytest.fixture
def shared_dir() -> Path:
    """The team's evaluation data beside the checkout; tests using it skip on a user's clone."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is absent (evaluation data lives beside the team's checkout only)")
    return SHARED


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="module")
def events_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the two hand-written articles of tests/store/test_event_store.py."""
    from tests.store.test_event_store import build
    from tidings.store import open_store

    path = tmp_path_factory.mktemp("events-db") / "t.db"
    with open_store(path, create=True) as store:
        build(store)
    return path


@pytest.fixture(scope="session")
def stories_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's stories set (tests/fixtures/stories) ingested with the real pipeline."""
    from tidings import pipeline
    from tidings.settings import Settings
    from tidings.store import open_store

    db = tmp_path_factory.mktemp("stories") / "stories.db"
    with open_store(db, create=True) as store:
        pipeline.ingest([str(FIXTURES / "stories" / "articles.jsonl")], store, Settings(db=db))
    return db
