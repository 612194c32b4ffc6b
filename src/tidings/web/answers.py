"""Error answers: JSON on the API, an HTML page everywhere a browser reads pages.

    error_response(request, status, detail)   {"detail": ...} under /api/ and /static/, else a page
    http_error(request, exc)                  the app's handler of HTTPException (404, 400, ...)
    server_error(request, exc)                the app's handler of anything else: a 500
    opened(db)                                the store for one request, its errors as answers

A browser following a link to a missing actor or a bad filter gets a page with the site's
navigation that says what went wrong, not raw JSON; API clients keep the JSON they parse.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment
from starlette.exceptions import HTTPException as StarletteHTTPException

from tidings.errors import TidingsError
from tidings.store import Store, open_store
from tidings.web import pages

log = logging.getLogger(__name__)

# Paths whose answers are read by programs, not people.
MACHINE_PATHS = ("/api/", "/static/")

TITLES = {400: "Bad request", 403: "Forbidden", 404: "Not found", 405: "Not allowed",
          413: "Too large", 422: "Cannot process", 500: "Server error"}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return pages.environment()


def for_people(request: Request) -> bool:
    """Whether the request is for an HTML page (not the API, not a static file)."""
    path = request.url.path
    return not (path.startswith(MACHINE_PATHS) or path in ("/api", "/static"))


def error_response(request: Request, status: int, detail: str,
                   headers: dict[str, str] | None = None) -> Response:
    """The answer `status` with `detail`: JSON for programs, a page for people (for_people)."""
    if not for_people(request):
        return JSONResponse({"detail": detail}, status_code=status, headers=headers)
    body = pages.render(_environment(), "error.html", status=status,
                        title=TITLES.get(status, "Error"), detail=detail)
    return HTMLResponse(body, status_code=status, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    """An HTTPException raised by a route or by routing itself (no such path: 404)."""
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code in (204, 304):  # no body allowed
        return Response(status_code=exc.status_code, headers=exc.headers)
    return error_response(request, exc.status_code, str(exc.detail), dict(exc.headers or {}))


async def server_error(request: Request, exc: Exception) -> Response:
    """An unexpected exception: 500, logged with its traceback; the page does not show it."""
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "the server failed to answer this request; "
                                        "its log has the details")


@contextmanager
def opened(db: Path | str) -> Iterator[Store]:
    """The store for one request, closed at its end. A ValueError from the store (a bad value it
    was given) answers 400 and a TidingsError 500, each with its message."""
    try:
        with open_store(db) as store:
            yield store
    except ValueError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from None
    except TidingsError as exc:
        raise HTTPException(status_code=500, detail=str(exc)) from None
