"""The read-only web layer: a JSON API and server-rendered pages over one tidings database.

    create_app(db, token=None) -> FastAPI        serve(db, host, port, token) -> None

Every request opens the store for itself (a SQLite connection belongs to one thread, and FastAPI
runs handlers in a thread pool) and closes it at the end; `db` is a SQLite path or a PostgreSQL
URL (tidings.store.open_store). Only POST /api/articles writes, and
only when the app was given a token and the request carries it as `Authorization: Bearer`;
a write without it is refused before its body is read, and every body is capped (web/bounds.py).
A query parameter out of bounds (an offset past what SQL's 64-bit integers hold, a date that is
not an ISO date) answers 400 on every route, naming the parameter.

Listings answer `{"items": [...], "total": N, "next": url or null}`: `total` counts every row the
filters match, `next` is the same query with `offset` moved on, present when more rows exist.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, TypeVar

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel

from tidings.errors import TidingsError
from tidings.filters import (
    ActorFilters,
    ArticleFilters,
    EventFilters,
    FilterError,
    QuoteFilters,
    iso_bound,
    read_dyad,
)
from tidings.records import Json
from tidings.rows import EventRow, JsonRow, MergedEventRow
from tidings.store import Store, open_store
from tidings.web import pages
from tidings.web.bounds import RequestBounds, bad_filter, bad_parameters
from tidings.web.params import (
    MAX_LIMIT,
    Limit,
    Offset,
    actor_filters,
    article_filters,
    described,
    event_filters,
    quote_filters,
)

# JSON's \u escapes take up to three bytes per byte of UTF-8 text (control characters aside), so a
# text at the max_bytes cap still fits in a posted body of three times that.
BODY_PER_TEXT_BYTE = 3
# Aggregates (dyads, network) read at most this many events.
MAX_AGGREGATE = 100_000
PAGE_ROWS = 50  # rows per HTML page
PERIODS = ("day", "week", "month")


class NewArticle(BaseModel):
    """A posted article: its `text` (plain text or HTML), or a `url` to fetch it from."""

    text: str | None = None
    url: str | None = None
    published: str | None = None


_Shown = TypeVar("_Shown")


def _paging(request: Request, rows: Sequence[_Shown], limit: int,
            offset: int) -> tuple[Sequence[_Shown], str | None, str | None]:
    """One page from `limit + 1` fetched rows: the rows to show and the next and previous page's
    URLs (None at either end)."""
    def at(start: int) -> str:
        return str(request.url.include_query_params(offset=start, limit=limit))

    next_url = at(offset + limit) if len(rows) > limit else None
    return rows[:limit], next_url, at(max(0, offset - limit)) if offset else None


def _page(request: Request, rows: Sequence[JsonRow], limit: int, offset: int,
          total: int) -> dict[str, object]:
    """A JSON listing page from `limit + 1` fetched rows, of `total` rows in all."""
    items, next_url, _previous = _paging(request, rows, limit, offset)
    return {"items": [row.to_dict() for row in items], "next": next_url, "total": total}


def _period(day: str | None, by: str) -> str | None:
    """The day/week/month an event date falls in, or None when its date is too coarse for `by`."""
    if not day:
        return None
    if by == "month":
        return day[:7] if len(day) >= 7 else None
    if len(day) < 10:
        return None
    if by == "day":
        return day[:10]
    try:
        year, week, _ = date.fromisoformat(day[:10]).isocalendar()
    except ValueError:
        return None
    return f"{year}-W{week:02d}"


def dyad_series(rows: Sequence[EventRow], by: str) -> list[dict[str, Json]]:
    """Per period: events, counts by QuadClass 1-4 and mean Goldstein (None when no event has one).

    Pure: events rows in, one dict per period out, oldest period first; undated events and those
    dated too coarsely for `by` are left out.
    """
    quads: dict[str, Counter[int]] = defaultdict(Counter)
    scores: dict[str, list[float]] = defaultdict(list)
    for row in rows:
        period = _period(row.date, by)
        if period is None:
            continue
        quads[period][row.quad_class if row.quad_class is not None else 0] += 1
        if row.goldstein is not None:
            scores[period].append(float(row.goldstein))
    series: list[dict[str, Json]] = []
    for period in sorted(quads):
        counts = quads[period]
        values = scores[period]
        series.append({
            "period": period,
            "events": sum(counts.values()),
            "quad_class": {str(q): counts.get(q, 0) for q in (1, 2, 3, 4)},
            "goldstein_mean": round(sum(values) / len(values), 3) if values else None,
        })
    return series


def network(rows: Sequence[EventRow]) -> dict[str, Json]:
    """Actor-pair edges weighted by the number of events from source to target (pure).

    Nodes are actor names with their country (the most frequent one seen); events without a
    named source or target are left out. Edges heaviest first.
    """
    weights: Counter[tuple[str, str]] = Counter()
    countries: dict[str, Counter[str | None]] = defaultdict(Counter)
    for row in rows:
        source, target = row.source_name, row.target_name
        if not source or not target:
            continue
        weights[(source, target)] += 1
        countries[source][row.source_country] += 1
        countries[target][row.target_country] += 1
    nodes: list[Json] = [{"id": name, "name": name, "country": seen.most_common(1)[0][0]}
                         for name, seen in sorted(countries.items())]
    edges: list[Json] = [{"source": s, "target": t, "weight": w}
                         for (s, t), w in sorted(weights.items(), key=lambda item: (-item[1], item[0]))]
    return {"nodes": nodes, "edges": edges}


def places(rows: Sequence[EventRow]) -> list[dict[str, Json]]:
    """Events counted by the place they happened (pure): name, country, lat, lon, events.

    Events without coordinates are left out; the busiest place first.
    """
    counted: Counter[tuple[str, str | None, float, float]] = Counter()
    for row in rows:
        if row.geo is None:
            continue
        counted[(row.geo.name or row.location or "", row.geo.country, float(row.geo.lat),
                 float(row.geo.lon))] += 1
    busiest = sorted(counted.items(), key=lambda item: (-item[1], item[0][0]))
    return [{"name": name, "country": country, "lat": lat, "lon": lon, "events": n}
            for (name, country, lat, lon), n in busiest]


STATIC = Path(__file__).resolve().parent / "static"


def create_app(db: Path | str, *, token: str | None = None, max_body: int | None = None) -> FastAPI:
    """The web app over the database `db` (a SQLite path or a PostgreSQL URL); POST /api/articles
    only when `token` is set (an empty token is none). `max_body` caps every request body, in
    bytes; by default three times the max_bytes setting (BODY_PER_TEXT_BYTE)."""
    from tidings.settings import load_settings

    open_store(db).close()  # fail now, with the store's message, on a bad path or URL
    if max_body is None:
        max_body = BODY_PER_TEXT_BYTE * load_settings(db=db).max_bytes
    app = FastAPI(title="tidings", docs_url="/api/docs", redoc_url=None, openapi_url="/api/openapi.json")
    # surrogateescape: a token read from the environment compares as the bytes the client sends.
    app.add_middleware(RequestBounds, token=token.encode("utf-8", "surrogateescape") if token else None,
                       max_body=max_body)
    app.add_exception_handler(RequestValidationError, bad_parameters)
    app.add_exception_handler(FilterError, bad_filter)
    env = pages.environment()

    @contextmanager
    def opened() -> Iterator[Store]:
        try:
            with open_store(db) as store:
                yield store
        except ValueError as exc:
            raise HTTPException(status_code=400, detail=str(exc)) from None
        except TidingsError as exc:
            raise HTTPException(status_code=500, detail=str(exc)) from None

    def listing(request: Request, limit: int, offset: int, kind: str,
                filters: ArticleFilters | ActorFilters | EventFilters | QuoteFilters) -> dict[str, object]:
        # `kind` names a listing method of Store and its count_ method, which take the filters.
        with opened() as store:
            rows: Sequence[JsonRow] = getattr(store, kind)(**filters.as_kwargs(), limit=limit + 1,
                                                           offset=offset)
            total: int = getattr(store, f"count_{kind}")(**filters.as_kwargs())
            return _page(request, rows, limit, offset, total)

    # -- JSON API ---------------------------------------------------------------------------

    @app.get("/api/articles")
    def api_articles(request: Request, filters: Annotated[ArticleFilters, Depends(article_filters)],
                     limit: Limit = 50, offset: Offset = 0) -> dict[str, object]:
        return listing(request, limit, offset, "articles", filters)

    @app.get("/api/articles/{article_id}")
    def api_article(article_id: str) -> dict[str, object]:
        with opened() as store:
            article = store.get_article(article_id)
            if article is None:
                raise HTTPException(status_code=404, detail=f"no article {article_id}")
            return {"article": article.to_dict(), "analysis": store.get_analysis(article_id)}

    @app.get("/api/actors")
    def api_actors(request: Request, filters: Annotated[ActorFilters, Depends(actor_filters)],
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, object]:
        return listing(request, limit, offset, "actors", filters)

    @app.get("/api/actors/{name}")
    def api_actor(name: str) -> Mapping[str, object]:
        with opened() as store:
            profile = store.actor(name)
        if profile is None:
            raise HTTPException(status_code=404, detail=f"no actor {name}")
        return profile.to_dict()

    @app.get("/api/events")
    def api_events(request: Request, filters: Annotated[EventFilters, Depends(event_filters)],
                   limit: Limit = 50, offset: Offset = 0,
                   mentions: bool = Query(False, description="every telling, not each real-world event once")
                   ) -> dict[str, object]:
        return listing(request, limit, offset, "events" if mentions else "merged_events", filters)

    @app.get("/api/events/{key}")
    def api_event(key: str) -> dict[str, object]:
        with opened() as store:
            found = store.event(key)
            if found is None:
                raise HTTPException(status_code=404, detail=f"no event {key}")
            tellings = [telling.to_dict() for telling in store.event_mentions(found.canonical)]
            return {**found.to_dict(), "mentions": tellings}

    @app.get("/api/quotes")
    def api_quotes(request: Request, filters: Annotated[QuoteFilters, Depends(quote_filters)],
                   limit: Limit = 50, offset: Offset = 0) -> dict[str, object]:
        return listing(request, limit, offset, "quotes", filters)

    @app.get("/api/dyads")
    def api_dyads(source: Annotated[str, described(EventFilters, "source")],
                  target: Annotated[str, described(EventFilters, "target")], by: str = "month",
                  since: Annotated[str | None, described(EventFilters, "since")] = None,
                  until: Annotated[str | None, described(EventFilters, "until")] = None) -> dict[str, object]:
        if by not in PERIODS:
            raise HTTPException(status_code=400, detail=f"by must be one of {', '.join(PERIODS)}")
        filters = EventFilters.parse(source=source, target=target, since=since, until=until)
        with opened() as store:
            rows = store.merged_events(**filters.as_kwargs(), limit=MAX_AGGREGATE)
        return {"source": source, "target": target, "by": by, "periods": dyad_series(rows, by)}

    @app.get("/api/network")
    def api_network(filters: Annotated[EventFilters, Depends(event_filters)]) -> Mapping[str, object]:
        with opened() as store:
            rows = store.merged_events(**filters.as_kwargs(), limit=MAX_AGGREGATE)
        return network(rows)

    @app.get("/api/places")
    def api_places(filters: Annotated[EventFilters, Depends(event_filters)]
                   ) -> Sequence[Mapping[str, object]]:
        with opened() as store:
            rows = store.merged_events(**filters.as_kwargs(), limit=MAX_AGGREGATE)
        return places(rows)

    @app.post("/api/articles")
    def api_add_article(body: NewArticle) -> JSONResponse:
        # RequestBounds has checked the token before FastAPI read the body into `body`.
        return _ingest_text(db, body)

    # -- HTML pages -------------------------------------------------------------------------

    def html(name: str, status: int = 200, **context: object) -> HTMLResponse:
        return HTMLResponse(pages.render(env, name, **context), status_code=status)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline_page(source: str = "USA", target: str = "CHN", by: str = "month") -> HTMLResponse:
        return html("timeline.html", source=source, target=target, by=by if by in PERIODS else "month")

    @app.get("/alerts", response_class=HTMLResponse)
    def alerts_page(rule: str | None = None) -> HTMLResponse:
        with opened() as store:
            fired = store.fired_alerts(rule=rule or None, limit=PAGE_ROWS)
            return html("alerts.html", alerts=[logged.alert for logged in fired])

    @app.get("/api/alerts")
    def api_alerts(rule: str | None = None, limit: Limit = 50,
                   since: str | None = Query(None, description="Fired on or after this ISO date or time.")
                   ) -> Sequence[Mapping[str, object]]:
        bound = None if since is None else iso_bound("since", since)
        with opened() as store:
            return [alert.to_dict() for alert in store.fired_alerts(since=bound, rule=rule, limit=limit)]

    @app.get("/brief", response_class=HTMLResponse)
    def brief_page(since: str = "7d", until: str | None = None, dyad: str | None = None) -> HTMLResponse:
        from tidings.brief import BriefError, make_briefing, template_context, window

        try:
            pairs = [read_dyad(dyad)] if dyad and dyad.strip() else None
            first_day, last_day = window(since, until or None)
            with opened() as store:
                briefing = make_briefing(store, first_day, last_day, dyads=pairs)
        except (BriefError, ValueError) as exc:
            return html("brief.html", since=since, until=until, dyad=dyad, error=str(exc))
        except OverflowError:  # since=1000000d reaches before year 1 (brief.window does not check)
            return html("brief.html", since=since, until=until, dyad=dyad,
                        error=f"since {since!r} reaches back before the year 1; give a later date")
        return html("brief.html", since=since, until=until, dyad=dyad, error=None,
                    **template_context(briefing))

    @app.get("/network", response_class=HTMLResponse)
    def network_page() -> HTMLResponse:
        return html("network.html")

    @app.get("/map", response_class=HTMLResponse)
    def map_page() -> HTMLResponse:
        return html("map.html")

    @app.get("/", response_class=HTMLResponse)
    def index() -> HTMLResponse:
        with opened() as store:
            return html("index.html", counts=store.counts(), events=store.merged_events(limit=20), quotes=[])

    @app.get("/events", response_class=HTMLResponse)
    def events_page(request: Request, country: str | None = None, source: str | None = None,
                    target: str | None = None, root: str | None = None,
                    limit: int = Query(50, ge=1, le=MAX_LIMIT), offset: Offset = 0) -> HTMLResponse:
        filters = {"country": country or None, "source": source or None, "target": target or None,
                   "root": root or None}
        try:
            with open_store(db) as store:
                rows = _filtered_events(store, filters, limit + 1, offset)
            error = None
        except ValueError as exc:
            rows, error = [], str(exc)
        shown, next_url, previous = _paging(request, rows, limit, offset)
        return html("events.html", events=shown, filters=filters, error=error, next=next_url,
                    previous=previous)

    @app.get("/events/{key}", response_class=HTMLResponse)
    def event_page(key: str) -> HTMLResponse:
        with opened() as store:
            found = store.event(key)
            tellings = store.event_mentions(found.canonical) if found is not None else []
        if found is None:
            raise HTTPException(status_code=404, detail=f"no event {key}")
        anchor = found.span[0] if found.span else None
        return html("event.html", event=found, anchor=anchor, tellings=tellings)

    @app.get("/quotes", response_class=HTMLResponse)
    def quotes_page(request: Request, q: str | None = None, offset: Offset = 0) -> HTMLResponse:
        filters = QuoteFilters(about=q if q and q.strip() else None)
        with opened() as store:
            rows = store.quotes(**filters.as_kwargs(), limit=PAGE_ROWS + 1, offset=offset)
            total = store.count_quotes(**filters.as_kwargs())
        shown, next_url, previous = _paging(request, rows, PAGE_ROWS, offset)
        return html("quotes.html", quotes=shown, q=q, total=total, next=next_url, previous=previous)

    @app.get("/actors/{name}", response_class=HTMLResponse)
    def actor_page(name: str) -> HTMLResponse:
        with opened() as store:
            profile = store.actor(name)
            if profile is None:
                raise HTTPException(status_code=404, detail=f"no actor {name}")
            rows = _merge_events(store.events(source=name, limit=200) + store.events(target=name, limit=200))
            said = store.quotes(speaker=name, limit=200)
        return html("actor.html", actor=profile, events=rows, quotes=said)

    @app.get("/articles/{article_id}", response_class=HTMLResponse)
    def article_page(article_id: str) -> HTMLResponse:
        with opened() as store:
            article = store.get_article(article_id)
            if article is None:
                raise HTTPException(status_code=404, detail=f"no article {article_id}")
            rows = store.events(article_id=article_id, limit=MAX_LIMIT)
            analysis = store.get_analysis(article_id) or {}
        said = pages.analysis_quotes(article_id, analysis)
        anchors = {row.span_start for row in rows if row.span_start is not None}
        anchors |= {quote.span_start for quote in said if quote.span_start is not None}
        mentions = pages.analysis_mentions(analysis)
        pieces = pages.with_mentions(pages.anchored_pieces(article.text, anchors), mentions)
        return html("article.html", article=article, pieces=pieces, events=rows, quotes=said)

    return app


_Event = TypeVar("_Event", bound=EventRow)


def _merge_events(rows: Iterable[_Event]) -> list[_Event]:
    """Events from several queries, each once, latest date first (undated last)."""
    unique = {row.key: row for row in rows}
    return sorted(unique.values(), key=lambda row: (row.date is None, _reversed(row.date or "")))


def _reversed(text: str) -> tuple[int, ...]:
    return tuple(-ord(char) for char in text)


def _filtered_events(store: Store, filters: dict[str, str | None], limit: int,
                     offset: int) -> list[MergedEventRow]:
    """The events page's rows; `country` keeps events whose source or target is that country."""
    source, target, root = filters["source"], filters["target"], filters["root"]
    country = filters["country"]
    if country is None or (source and target):  # both ends named: the country adds nothing to choose
        return store.merged_events(source=source, target=target, root=root, limit=limit, offset=offset)
    wanted = offset + limit
    rows: list[MergedEventRow] = []
    if not source:
        rows += store.merged_events(source=country, target=target, root=root, limit=wanted)
    if not target:
        rows += store.merged_events(source=source, target=country, root=root, limit=wanted)
    return _merge_events(rows)[offset:offset + limit]


def _ingest_text(db: Path | str, body: NewArticle) -> JSONResponse:
    """Ingest one posted text or URL through the library's own ingest path (as `tidings ingest`
    does with - or the address)."""
    from tidings import pipeline
    from tidings.settings import load_settings

    try:
        settings = load_settings(db=db)
        published = pipeline.parse_published(body.published) if body.published else None
        outcomes: list[pipeline.Outcome] = []
        if (body.text is None) == (body.url is None):
            raise ValueError("post either `text` or `url`, not both or neither")
        with open_store(db) as store:
            if body.url is not None:
                if not body.url.startswith(("http://", "https://")):
                    raise ValueError("`url` must be an http:// or https:// address")
                # The fetcher refuses private addresses and caps size and redirects (ingest/fetch.py).
                pipeline.ingest([body.url], store, settings, published=published, on_outcome=outcomes.append)
            else:
                raw = body.text.encode("utf-8") if body.text is not None else b""
                pipeline.ingest(["-"], store, settings, published=published, stdin=io.BytesIO(raw),
                                on_outcome=outcomes.append)
    except (TidingsError, ValueError) as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    outcome = outcomes[-1] if outcomes else None
    status = outcome.status if outcome else "unchanged"
    article_id = outcome.article_id if outcome else None
    code = 201 if status == "stored" else 200
    if status in ("skipped", "failed"):
        code = 422
    return JSONResponse({"status": status, "detail": outcome.detail if outcome else "",
                         "article_id": article_id,
                         "url": f"/api/articles/{article_id}" if article_id else None}, status_code=code)


def serve(db: Path | str, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the app with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(create_app(db, token=token), host=host, port=port)
