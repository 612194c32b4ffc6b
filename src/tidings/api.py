"""The Python API for notebooks and scripts: analyse a text, query a database, hand rows to pandas.

    import tidings
    result = tidings.analyze(html_or_text, published="2024-01-12")
    result.events            # tuple of typed Event records (tidings.records); .to_dict() for JSON
    with tidings.Store("tidings.db") as store:
        frame = store.events(source="USA", target="CHN").to_pandas()

`analyze` runs the same stages as `tidings analyze`; `Store` wraps the store (a SQLite file, or
a PostgreSQL database by its URL) with the CLI's filters as keyword arguments and returns
`Records`, a list of flat dicts that also knows how to become a pandas DataFrame (the optional
`pandas` extra) or a pyarrow Table.

A listing returns every row that matches unless asked for a page: `limit=50, offset=100` gives
rows 101 to 150, and `records.total` says how many match in all (the count the CLI's table
titles and the REST API's `total` give), so `len(records) < records.total` tells a cut page.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Unpack

from tidings.errors import AnalysisFailed
from tidings.filters import ArticleFilters, EventKwargs, QuoteFilters
from tidings.ingest.sources import looks_like_html
from tidings.model import Analysis, Document, DocumentKind, Failure, Skip
from tidings.pipeline import parse_published, process_document
from tidings.records import Json
from tidings.settings import Settings, load_settings
from tidings.store import open_store
from tidings.stories import stories_between

if TYPE_CHECKING:
    import pandas
    import pyarrow

    from tidings.rows import JsonRow

__all__ = ["NotAnalysable", "Records", "Store", "analyze"]

# Arrow cannot infer one type for a column that mixes dicts, lists and strings: such columns
# (geo, topics, marks) are written as JSON text.
_NESTED = (dict, list, tuple)


class NotAnalysable(ValueError):
    """The input is not an article tidings can analyse; `skip` says why (reason and detail)."""

    def __init__(self, skip: Skip) -> None:
        super().__init__(f"{skip.reason}: {skip.detail}")
        self.skip = skip


def analyze(text_or_html: str | bytes, *, published: str | None = None, url: str | None = None,
            settings: Settings | None = None) -> Analysis:
    """Analyse one article given as text or HTML (sniffed) and return its typed `Analysis`.

    `published` (ISO date or datetime) anchors relative dates ("on Friday"); without it, only
    dates the text states fully are resolved. Raises BadDate for a `published` that is not a date
    that exists (as `--published` does), NotAnalysable for empty, non-article or non-English
    input, with the same reasons `tidings analyze` records.
    """
    when = parse_published(published, name="published")
    body = text_or_html
    head = body[:4096].encode("utf-8", errors="replace") if isinstance(body, str) else body[:4096]
    kind: DocumentKind = "html" if looks_like_html(head) else "text"
    if kind == "text" and isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    settings = settings or load_settings()
    document = Document(ref=url, body=body, kind=kind, origin="python", url=url)
    processed = process_document(document, settings, published=when)
    if isinstance(processed.result, Skip):
        raise NotAnalysable(processed.result)
    if isinstance(processed.result, Failure):
        raise AnalysisFailed(f"{processed.result.stage}: {processed.result.message}")
    assert processed.analysis is not None  # an article the driver analysed
    return processed.analysis


class Records(list[dict[str, Json]]):
    """Query results: a list of flat dicts (one per row) that converts to pandas or Arrow.

    `total` is how many rows the query matches in all; `offset` is how many matching rows come
    before the first of these. Both describe the page: total == len(self) when nothing was cut.
    """

    total: int
    offset: int

    @classmethod
    def of(cls, rows: Iterable[JsonRow], *, total: int | None = None, offset: int = 0) -> Records:
        """The store's typed rows (tidings.rows) as their flat dicts; `total` defaults to how many
        rows there are (the whole listing)."""
        records = cls(row.to_dict() for row in rows)
        records.total = len(records) if total is None else total
        records.offset = offset
        return records

    def to_arrow(self) -> pyarrow.Table:
        """The rows as a pyarrow Table; nested values (geo, topics) become JSON text."""
        import pyarrow

        return pyarrow.Table.from_pylist([_flat(row) for row in self])

    def to_pandas(self) -> pandas.DataFrame:
        """The rows as a pandas DataFrame (install the extra: pip install 'tidings[pandas]')."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_pandas needs pandas: pip install 'tidings[pandas]'") from None
        return pandas.DataFrame([_flat(row) for row in self])


def _flat(row: Mapping[str, Json]) -> dict[str, Json]:
    return {key: json.dumps(value, ensure_ascii=False) if isinstance(value, _NESTED) else value
            for key, value in row.items()}


class Store:
    """A tidings database opened for reading from Python: `Store("tidings.db")`, or a PostgreSQL
    database by its URL: `Store("postgresql://user@host/tidings")`.

    Each query takes the filters of the CLI command of the same name as keyword arguments
    (see `tidings articles --help` etc.) and returns Records.
    """

    def __init__(self, path: str | Path) -> None:
        """Open the database at `path` (or URL) for reading. Raises NoDatabase when there is none
        there (nothing is created: `tidings ingest` makes it), StoreError when it cannot be used."""
        # A URL stays a string: Path would fold its "//".
        self._store = open_store(path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        self._store.close()

    def articles(self, *, source: str | None = None, since: str | None = None, until: str | None = None,
                 language: str | None = None, search: str | None = None, limit: int | None = None,
                 offset: int = 0) -> Records:
        """Stored articles, newest first (see `tidings articles --help` for the filters); every one
        unless `limit` asks for a page, with `.total` the number that match."""
        filters = ArticleFilters.parse(source=source, since=since, until=until, language=language,
                                       search=search).as_kwargs()
        rows = self._store.articles(**filters, limit=limit, offset=offset)
        return self._page(rows, limit, offset, lambda: self._store.count_articles(**filters))

    def actors(self, *, country: str | None = None, sector: str | None = None, search: str | None = None,
               limit: int | None = None, offset: int = 0) -> Records:
        """Actors across articles, most articles first (see `tidings actors --help`); every one
        unless `limit` asks for a page, with `.total` the number that match."""
        rows = self._store.actors(country=country, sector=sector, search=search, limit=limit, offset=offset)
        return self._page(rows, limit, offset,
                          lambda: self._store.count_actors(country=country, sector=sector, search=search))

    def events(self, *, mentions: bool = False, limit: int | None = None, offset: int = 0,
               **filters: Unpack[EventKwargs]) -> Records:
        """Real-world events, each once with its mentions, articles and outlets counted (source,
        target, dyad, root, cameo, plover, modality, since, until, article_id, limit, offset); with
        `mentions=True` every telling instead, each carrying its event's key as `canonical`.
        Every one unless `limit` asks for a page, with `.total` the number that match."""
        if mentions:
            return self._page(self._store.events(limit=limit, offset=offset, **filters), limit, offset,
                              lambda: self._store.count_events(**filters))
        return self._page(self._store.merged_events(limit=limit, offset=offset, **filters), limit, offset,
                          lambda: self._store.count_merged_events(**filters))

    def event_mentions(self, key: str) -> Records:
        """Every telling of the real-world event `key`, with the mention each matched and why."""
        return Records.of(self._store.event_mentions(key))

    def stories(self, *, since: str | None = None, until: str | None = None) -> Records:
        """Articles grouped into stories (tidings.stories), latest first."""
        return Records.of(stories_between(self._store, since=since, until=until))

    def quotes(self, *, speaker: str | None = None, about: str | None = None, country: str | None = None,
               since: str | None = None, until: str | None = None, kind: str | None = None,
               limit: int | None = None, offset: int = 0) -> Records:
        """Quotes with their speakers, newest article first (see `tidings quotes --help`); every one
        unless `limit` asks for a page, with `.total` the number that match."""
        filters = QuoteFilters.parse(speaker=speaker, about=about, country=country, since=since, until=until,
                                     kind=kind).as_kwargs()
        rows = self._store.quotes(**filters, limit=limit, offset=offset)
        return self._page(rows, limit, offset, lambda: self._store.count_quotes(**filters))

    def counts(self) -> dict[str, int]:
        """The database's totals, each as its listing counts it (tidings.store.Store.counts)."""
        return self._store.counts()

    @staticmethod
    def _page(rows: Sequence[JsonRow], limit: int | None, offset: int, count: Callable[[], int]) -> Records:
        """`rows` with their total: counted only when the rows may be cut (a limit or an offset)."""
        whole = limit is None and offset == 0
        return Records.of(rows, total=len(rows) if whole else count(), offset=offset)

    def analysis(self, article_id: str) -> dict[str, Json] | None:
        """One stored article's whole analysis (analysis.schema.json's shape), or None."""
        return self._store.get_analysis(article_id)

    def search_quotes(self, query: str, limit: int = 20) -> Records:
        """Quotes whose words match `query`, best first."""
        return Records.of(self._store.search_quotes(query, limit))
