"""What a request may cost the server, checked before a route runs: the token, the body's size and
the query parameters.

    RequestBounds(app, *, token, max_body)   ASGI middleware: writes need the token; bodies are capped
    bad_parameters(request, exc)             400 naming the query or path parameter that is wrong
    bad_filter(request, exc)                 400 with a FilterError's message (tidings.filters)

Both answer JSON on the API and an error page on the HTML pages (web/answers.py).

A write (any method but GET, HEAD and OPTIONS) is answered 405 by a read-only server and 403
without the right `Authorization: Bearer` token before a byte of its body is read, so a client
without the token cannot make the server hold anything. A body larger than `max_body` is
answered 413: at once when its Content-Length says so, else as soon as the bytes streamed in pass
the cap. These answers close the connection, so the server does not read the rest of the body.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from fastapi import HTTPException, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tidings.web.answers import error_response

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

# Methods that read: they need no token (a body they carry is still capped).
READS = frozenset({"GET", "HEAD", "OPTIONS"})
# Sent with every refusal of a request whose body was not read: the server hangs up instead of
# reading the rest of the body only to throw it away.
CLOSE = {"Connection": "close"}


class BodyTooLarge(HTTPException):
    """Raised from `receive` when a streamed body passes the cap. FastAPI passes an HTTPException
    raised while it reads a body on to the app's handler, which answers 413."""

    def __init__(self, max_body: int) -> None:
        super().__init__(status_code=413, headers=CLOSE,
                         detail=f"the request body is over the {max_body:,}-byte cap")


class RequestBounds:
    """ASGI middleware: refuse writes without the token before reading them; cap every body.

    `token` is the bearer token as bytes, or None for a read-only server; `max_body` the most bytes
    a request body may have.
    """

    def __init__(self, app: ASGIApp, *, token: bytes | None, max_body: int) -> None:
        self.app = app
        self.token = token
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        received = 0
        started = False

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        async def tracked_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded_receive, tracked_send)
        except BodyTooLarge as exc:
            # A route that reads its body itself, outside FastAPI's handler; too late once answered.
            if started:
                raise
            await _answer(exc.status_code, str(exc.detail))(scope, receive, send)

    def _refusal(self, scope: Scope) -> Response | None:
        """The answer to a request refused on its headers alone, or None to let it through."""
        headers = dict(scope["headers"])  # names are lower case in ASGI
        if scope["method"] not in READS:
            if self.token is None:
                return _answer(405, "this server is read-only (started without a token)",
                               Allow="GET")
            scheme, _, given = headers.get(b"authorization", b"").partition(b" ")
            if scheme.lower() != b"bearer" or not hmac.compare_digest(given.strip(), self.token):
                return _answer(403, "a valid 'Authorization: Bearer <token>' is required")
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_body:
            return _answer(413, f"the request body ({int(length):,} bytes) is over the "
                                f"{self.max_body:,}-byte cap")
        return None


def _answer(status: int, detail: str, **headers: str) -> Response:
    return JSONResponse({"detail": detail}, status_code=status, headers={**CLOSE, **headers})


async def bad_parameters(request: Request, exc: Exception) -> Response:
    """A query or path parameter out of bounds (a number too large, a date that is not one) is the
    client's mistake: 400 with one sentence per parameter. A bad JSON body keeps FastAPI's 422."""
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    if not errors or any(error["loc"][0] not in ("query", "path") for error in errors):
        return await request_validation_exception_handler(request, exc)
    return error_response(request, 400, "; ".join(_sentence(error) for error in errors))


async def bad_filter(request: Request, exc: Exception) -> Response:
    """A filter value tidings.filters refuses (a date that is not one, a dyad without its comma):
    400 with the sentence the command line prints for the same value."""
    return error_response(request, 400, str(exc))


def _sentence(error: ErrorDetails) -> str:
    """`offset should be less than or equal to 10, not '99'` from pydantic's error dict."""
    name = str(error["loc"][-1])
    message = str(error["msg"])
    if message == "Field required":
        return f"{name} is required"
    shown = repr(error.get("input"))
    if len(shown) > 40:  # a 5,000-digit number is not worth echoing
        shown = shown[:37] + "..."
    if message.startswith(("Value error, ", "Input ")):
        return f"{name} {message.removeprefix('Value error, ').removeprefix('Input ')}, not {shown}"
    return f"{name}: {message[:1].lower()}{message[1:]}, not {shown}"
