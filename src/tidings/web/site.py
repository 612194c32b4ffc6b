"""The HTML pages of the web app: the routes that render web/pages.py's templates.

    add_pages(app, db)    registers every page on `app`, over the database `db`
    paging(request, rows, limit, offset)   one page of rows and the next/previous URLs

Every list page says how many rows it shows of how many in all ("1–50 of 216 actors"), counted by
aggregates.total, the same count the overview shows and the API's listings answer. The pages
are left out of the OpenAPI schema: /api/docs documents the API alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from tidings.filters import ActorFilters, ArticleFilters, QuoteFilters, read_dyad
from tidings.rows import MergedEventRow
from tidings.store import Store, open_store
from tidings.web import pages
from tidings.web.aggregates import PERIODS, merge_events, total
from tidings.web.answers import opened
from tidings.web.params import MAX_LIMIT, Offset

PAGE_ROWS = 50  # rows per HTML page
OVERVIEW = ("articles", "actors", "events", "quotes")  # the list pages the overview counts
ACTOR_ROWS = 50  # the latest events and quotes an actor page shows; it links to the rest
MAX_LIMIT_PARAM = Query(PAGE_ROWS, ge=1, le=MAX_LIMIT)

_Shown = TypeVar("_Shown")


def paging(request: Request, rows: Sequence[_Shown], limit: int,
           offset: int) -> tuple[Sequence[_Shown], str | None, str | None]:
    """One page from `limit + 1` fetched rows: the rows to show and the next and previous page's
    URLs (None at either end)."""
    def at(start: int) -> str:
        return str(request.url.include_query_params(offset=start, limit=limit))

    next_url = at(offset + limit) if len(rows) > limit else None
    return rows[:limit], next_url, at(max(0, offset - limit)) if offset else None


def _shown(request: Request, rows: Sequence[_Shown], limit: int, offset: int, count: int,
           noun: str, *, exact: bool = True) -> dict[str, object]:
    """The template context of one list page: its rows, paging links and "N–M of T noun" ("of
    about T" when T is an estimate)."""
    shown, next_url, previous = paging(request, rows, limit, offset)
    return {"rows": shown, "next": next_url, "previous": previous, "total": count, "noun": noun,
            "exact": exact,
            "first": offset + 1 if shown else 0, "last": offset + len(shown)}


def _filtered_events(store: Store, filters: dict[str, str | None], limit: int,
                     offset: int) -> tuple[list[MergedEventRow], int, bool]:
    """The events page's rows, how many match in all and whether that is exact (a count that
    would read more than a deep page does is estimated, as the API's is); `country` keeps
    events whose source or target is that country."""
    source, target, root = filters["source"], filters["target"], filters["root"]
    country = filters["country"]
    if country is None or (source and target):  # both ends named: the country adds nothing to choose
        chosen = {"source": source, "target": target, "root": root}
        count, exact = store.estimate_merged_events(**chosen)  # type: ignore[arg-type]
        return store.merged_events(**chosen, limit=limit, offset=offset), count, exact  # type: ignore[arg-type]
    wanted = offset + limit
    rows: list[MergedEventRow] = []
    # Events from the country plus those to it, less those both from and to it (counted twice).
    counts: list[tuple[int, tuple[int, bool]]] = []
    if not source:
        rows += store.merged_events(source=country, target=target, root=root, limit=wanted)
        counts.append((1, store.estimate_merged_events(source=country, target=target, root=root)))
    if not target:
        rows += store.merged_events(source=source, target=country, root=root, limit=wanted)
        counts.append((1, store.estimate_merged_events(source=source, target=country, root=root)))
    if not source and not target:
        counts.append((-1, store.estimate_merged_events(source=country, target=country, root=root)))
    count = sum(sign * number for sign, (number, _) in counts)
    return merge_events(rows)[offset:offset + limit], max(count, 0), all(exact for _, (_, exact) in counts)


def _actor_form(country: str | None = None, sector: str | None = None,
                search: str | None = None) -> ActorFilters:
    """The actors page's filters; a field left empty in its form is no filter."""
    return ActorFilters.parse(country=country or None, sector=sector or None, search=search or None)


def _article_form(source: str | None = None, since: str | None = None, until: str | None = None,
                  search: str | None = None) -> ArticleFilters:
    """The articles page's filters; a field left empty in its form is no filter (FilterError: 400)."""
    return ArticleFilters.parse(source=source or None, since=since or None, until=until or None,
                                search=search or None)


def add_pages(app: FastAPI, db: Path | str) -> None:
    """Register every HTML page over the database `db` on `app`."""
    env = pages.environment()
    router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

    def html(name: str, **context: object) -> HTMLResponse:
        return HTMLResponse(pages.render(env, name, **context))

    @router.get("/")
    def index() -> HTMLResponse:
        with opened(db) as store:
            totals = store.counts()  # counted as the lists count, so the overview is their totals
            counts = {page: totals[page] for page in OVERVIEW}
            return html("index.html", counts=counts, tellings=totals["event_mentions"],
                        events=store.merged_events(limit=20), quotes=[])

    @router.get("/events")
    def events_page(request: Request, country: str | None = None, source: str | None = None,
                    target: str | None = None, root: str | None = None,
                    limit: int = MAX_LIMIT_PARAM, offset: Offset = 0) -> HTMLResponse:
        filters = {"country": country or None, "source": source or None, "target": target or None,
                   "root": root or None}
        try:  # a filter the store refuses is said on the page, above its form
            with open_store(db) as store:
                rows, count, exact = _filtered_events(store, filters, limit + 1, offset)
            error = None
        except ValueError as exc:
            rows, count, exact, error = [], 0, True, str(exc)
        listed = _shown(request, rows, limit, offset, count, "events", exact=exact)
        return html("events.html", events=listed["rows"], filters=filters, error=error, **listed)

    def store_list(request: Request, kind: str, filters: ActorFilters | ArticleFilters, limit: int,
                   offset: int) -> HTMLResponse:
        # `kind` names the Store listing method and the template; total() counts the same rows.
        with opened(db) as store:
            rows = getattr(store, kind)(**filters.as_kwargs(), limit=limit + 1, offset=offset)
            count = total(store, kind, filters.as_kwargs())
        return html(f"{kind}.html", filters=filters, **_shown(request, rows, limit, offset, count, kind))

    @router.get("/actors")
    def actors_page(request: Request, filters: Annotated[ActorFilters, Depends(_actor_form)],
                    limit: int = MAX_LIMIT_PARAM, offset: Offset = 0) -> HTMLResponse:
        return store_list(request, "actors", filters, limit, offset)

    @router.get("/articles")
    def articles_page(request: Request, filters: Annotated[ArticleFilters, Depends(_article_form)],
                      limit: int = MAX_LIMIT_PARAM, offset: Offset = 0) -> HTMLResponse:
        return store_list(request, "articles", filters, limit, offset)

    @router.get("/stories")
    def stories_page(request: Request, since: str | None = None, until: str | None = None,
                     limit: int = MAX_LIMIT_PARAM, offset: Offset = 0) -> HTMLResponse:
        from tidings.stories import stories_between

        bounds = ArticleFilters.parse(since=since or None, until=until or None)  # FilterError: 400
        with opened(db) as store:
            found = stories_between(store, since=bounds.since, until=bounds.until)
        listed = _shown(request, found[offset:offset + limit + 1], limit, offset, len(found), "stories")
        return html("stories.html", since=since or "", until=until or "", **listed)

    @router.get("/events/{key}")
    def event_page(key: str) -> HTMLResponse:
        with opened(db) as store:
            found = store.event(key)
            tellings = store.event_mentions(found.canonical) if found is not None else []
        if found is None:
            raise HTTPException(status_code=404, detail=f"no event {key}")
        anchor = found.span[0] if found.span else None
        return html("event.html", event=found, anchor=anchor, tellings=tellings)

    @router.get("/quotes")
    def quotes_page(request: Request, q: str | None = None, speaker: str | None = None,
                    offset: Offset = 0) -> HTMLResponse:
        filters = QuoteFilters(about=q if q and q.strip() else None,
                               speaker=speaker if speaker and speaker.strip() else None)
        with opened(db) as store:
            rows = store.quotes(**filters.as_kwargs(), limit=PAGE_ROWS + 1, offset=offset)
            count = total(store, "quotes", filters.as_kwargs())
        listed = _shown(request, rows, PAGE_ROWS, offset, count, "quotes")
        return html("quotes.html", quotes=listed["rows"], q=q, speaker=speaker, **listed)

    @router.get("/actors/{name}")
    def actor_page(name: str) -> HTMLResponse:
        with opened(db) as store:
            profile = store.actor(name)
            if profile is None:
                raise HTTPException(status_code=404, detail=f"no actor {name}")
            # real-world events, as the counts below count them (each read from the rollup)
            done = store.merged_events(source=name, limit=ACTOR_ROWS)
            suffered = store.merged_events(target=name, limit=ACTOR_ROWS)
            rows = merge_events(done + suffered)
            said = store.quotes(speaker=name, limit=ACTOR_ROWS)
            # The page shows the latest rows only, so it says how many there are, and where the
            # rest are when it had to leave some out.
            counts = {"as_source": total(store, "merged_events", {"source": name}),
                      "as_target": total(store, "merged_events", {"target": name}),
                      "quotes_total": total(store, "quotes", {"speaker": name}),
                      "cut": ACTOR_ROWS in (len(done), len(suffered), len(said))}
        return html("actor.html", actor=profile, roles=pages.role_periods(profile.roles), events=rows,
                    quotes=said, **counts)

    @router.get("/articles/{article_id}")
    def article_page(article_id: str) -> HTMLResponse:
        with opened(db) as store:
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

    @router.get("/timeline")
    def timeline_page(source: str = "USA", target: str = "CHN", by: str = "month",
                      normalise: bool = False) -> HTMLResponse:
        return html("timeline.html", source=source, target=target, by=by if by in PERIODS else "month",
                    normalise=normalise)

    @router.get("/alerts")
    def alerts_page(rule: str | None = None) -> HTMLResponse:
        with opened(db) as store:
            fired = store.fired_alerts(rule=rule or None, limit=PAGE_ROWS)
            return html("alerts.html", alerts=[logged.alert for logged in fired])

    @router.get("/brief")
    def brief_page(since: str = "7d", until: str | None = None, dyad: str | None = None) -> HTMLResponse:
        from tidings.brief import BriefError, make_briefing, template_context, window

        try:
            pairs = [read_dyad(dyad)] if dyad and dyad.strip() else None
            first_day, last_day = window(since, until or None)
            with opened(db) as store:
                briefing = make_briefing(store, first_day, last_day, dyads=pairs)
        except (BriefError, ValueError) as exc:
            return html("brief.html", since=since, until=until, dyad=dyad, error=str(exc))
        except OverflowError:  # since=1000000d reaches before year 1 (brief.window does not check)
            return html("brief.html", since=since, until=until, dyad=dyad,
                        error=f"since {since!r} reaches back before the year 1; give a later date")
        return html("brief.html", since=since, until=until, dyad=dyad, error=None,
                    **template_context(briefing))

    @router.get("/network")
    def network_page() -> HTMLResponse:
        return html("network.html")

    @router.get("/map")
    def map_page() -> HTMLResponse:
        return html("map.html")

    app.include_router(router)
