"""The read-only web layer: a JSON API and server-rendered pages over one tidings database.

    create_app(db, token=None) -> FastAPI        serve(db, host, port, token) -> None

This module holds the app and its JSON API; web/site.py the HTML pages, web/aggregates.py the
charts' data and the one count every listing shows, web/answers.py the error answers (JSON on
/api/, an HTML page elsewhere). /api/docs is Swagger UI from static/vendor (no CDN).

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
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from tidings.errors import TidingsError
from tidings.filters import (
    ActorFilters,
    ArticleFilters,
    EventFilters,
    FilterError,
    QuoteFilters,
    iso_bound,
)
from tidings.rows import JsonRow
from tidings.store import open_store
from tidings.web.aggregates import PERIODS, dyad_series, network, places, total, undated
from tidings.web.answers import http_error, opened, server_error
from tidings.web.bounds import RequestBounds, bad_filter, bad_parameters
from tidings.web.params import (
    Limit,
    Offset,
    actor_filters,
    article_filters,
    described,
    event_filters,
    quote_filters,
)
from tidings.web.site import add_pages, paging

# JSON's \u escapes take up to three bytes per byte of UTF-8 text (control characters aside), so a
# text at the max_bytes cap still fits in a posted body of three times that.
BODY_PER_TEXT_BYTE = 3
# Aggregates (dyads, network) read at most this many events (and the timeline as many articles).
MAX_AGGREGATE = 100_000
# Swagger UI, vendored from its npm package (static/vendor/README.md): /api/docs works offline.
SWAGGER = "/static/vendor/swagger-ui"


class NewArticle(BaseModel):
    """A posted article: its `text` (plain text or HTML), or a `url` to fetch it from."""

    text: str | None = None
    url: str | None = None
    published: str | None = None


def _page(request: Request, rows: Sequence[JsonRow], limit: int, offset: int,
          count: int) -> dict[str, object]:
    """A JSON listing page from `limit + 1` fetched rows, of `count` rows in all."""
    items, next_url, _previous = paging(request, rows, limit, offset)
    return {"items": [row.to_dict() for row in items], "next": next_url, "total": count}


STATIC = Path(__file__).resolve().parent / "static"


def create_app(db: Path | str, *, token: str | None = None, max_body: int | None = None) -> FastAPI:
    """The web app over the database `db` (a SQLite path or a PostgreSQL URL); POST /api/articles
    only when `token` is set (an empty token is none). `max_body` caps every request body, in
    bytes; by default three times the max_bytes setting (BODY_PER_TEXT_BYTE)."""
    from tidings.settings import load_settings

    open_store(db).close()  # fail now, with the store's message, on a bad path or URL
    if max_body is None:
        max_body = BODY_PER_TEXT_BYTE * load_settings(db=db).max_bytes
    app = FastAPI(title="tidings", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    # surrogateescape: a token read from the environment compares as the bytes the client sends.
    app.add_middleware(RequestBounds, token=token.encode("utf-8", "surrogateescape") if token else None,
                       max_body=max_body)
    app.add_exception_handler(RequestValidationError, bad_parameters)
    app.add_exception_handler(FilterError, bad_filter)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, server_error)

    def listing(request: Request, limit: int, offset: int, kind: str,
                filters: ArticleFilters | ActorFilters | EventFilters | QuoteFilters) -> dict[str, object]:
        # `kind` names a listing method of Store and its count_ method, which take the filters.
        with opened(db) as store:
            rows: Sequence[JsonRow] = getattr(store, kind)(**filters.as_kwargs(), limit=limit + 1,
                                                           offset=offset)
            return _page(request, rows, limit, offset, total(store, kind, filters.as_kwargs()))

    # -- JSON API ---------------------------------------------------------------------------

    @app.get("/api/articles")
    def api_articles(request: Request, filters: Annotated[ArticleFilters, Depends(article_filters)],
                     limit: Limit = 50, offset: Offset = 0) -> dict[str, object]:
        return listing(request, limit, offset, "articles", filters)

    @app.get("/api/articles/{article_id}")
    def api_article(article_id: str) -> dict[str, object]:
        with opened(db) as store:
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
        with opened(db) as store:
            profile = store.actor(name)
        if profile is None:
            raise HTTPException(status_code=404, detail=f"no actor {name}")
        return profile.to_dict()

    @app.get("/api/events")
    def api_events(request: Request, filters: Annotated[EventFilters, Depends(event_filters)],
                   limit: Limit = 50, offset: Offset = 0,
                   mentions: bool = Query(False, description="every telling, not each real-world event once"),
                   after: str | None = Query(None, description="the cursor a page gave as `next_after`: the "
                                             "page after it, as fast however deep (not with mentions)")
                   ) -> dict[str, object]:
        if mentions:
            if after is not None:
                raise HTTPException(status_code=400,
                                    detail="after= pages real-world events; with mentions=true use offset=")
            return listing(request, limit, offset, "events", filters)
        with opened(db) as store:
            page = store.merged_page(**filters.as_kwargs(), limit=limit + 1, offset=offset, after=after)
            count, exact = store.estimate_merged_events(**filters.as_kwargs())
        more = page[limit - 1][1] if len(page) > limit else None
        # a keyset walk goes on by its cursor; an offset page links the next offset, and gives
        # the cursor too, so that a client can switch to the walk that stays fast however deep
        following = None if more is None else str(
            request.url.include_query_params(after=more, limit=limit) if after is not None
            else request.url.include_query_params(offset=offset + limit, limit=limit))
        # a total past what a deep page reads is estimated, and says so
        return {"items": [row.to_dict() for row, _ in page[:limit]], "next": following, "next_after": more,
                "total": count, "total_exact": exact}

    @app.get("/api/events/{key}")
    def api_event(key: str) -> dict[str, object]:
        with opened(db) as store:
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
                  until: Annotated[str | None, described(EventFilters, "until")] = None,
                  normalise: bool = Query(False, description="also count the articles published in each "
                                          "period and the events per 100 of them")) -> dict[str, object]:
        if by not in PERIODS:
            raise HTTPException(status_code=400, detail=f"by must be one of {', '.join(PERIODS)}")
        filters = EventFilters.parse(source=source, target=target, since=since, until=until)
        with opened(db) as store:
            rows, complete = store.timeline_counts(**filters.as_kwargs(), limit=MAX_AGGREGATE)
            published = store.articles_by_day() if normalise else None
        # `complete` is false when the timeline counts only the latest MAX_AGGREGATE events
        return {"source": source, "target": target, "by": by, "complete": complete,
                "periods": dyad_series(rows, by, published), "undated": undated(rows, by)}

    @app.get("/api/network")
    def api_network(filters: Annotated[EventFilters, Depends(event_filters)]) -> Mapping[str, object]:
        with opened(db) as store:
            rows = store.merged_events(**filters.as_kwargs(), limit=MAX_AGGREGATE)
        return network(rows)

    @app.get("/api/places")
    def api_places(filters: Annotated[EventFilters, Depends(event_filters)]
                   ) -> Sequence[Mapping[str, object]]:
        with opened(db) as store:
            rows = store.merged_events(**filters.as_kwargs(), limit=MAX_AGGREGATE)
        return places(rows)

    @app.post("/api/articles")
    def api_add_article(body: NewArticle) -> JSONResponse:
        # RequestBounds has checked the token before FastAPI read the body into `body`.
        return _ingest_text(db, body)

    @app.get("/api/alerts")
    def api_alerts(rule: str | None = None, limit: Limit = 50,
                   since: str | None = Query(None, description="Fired on or after this ISO date or time.")
                   ) -> Sequence[Mapping[str, object]]:
        bound = None if since is None else iso_bound("since", since)
        with opened(db) as store:
            return [alert.to_dict() for alert in store.fired_alerts(since=bound, rule=rule, limit=limit)]

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        # FastAPI's page, pointed at the vendored copy instead of its default CDN.
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="tidings API",
                                   swagger_js_url=f"{SWAGGER}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{SWAGGER}/swagger-ui.css",
                                   swagger_favicon_url=f"{SWAGGER}/favicon-32x32.png",
                                   # no validator badge: it would load an image from the validator's site
                                   swagger_ui_parameters={"validatorUrl": None})

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    add_pages(app, db)
    return app


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
