"""A real HTTP server on 127.0.0.1 for the network tests (the tests allow loopback)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# ---------------------------------------------------------------- a real local HTTP server

@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    send_length: bool = True


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 serving `routes`; `requests` records what it received."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                server.requests.append((self.path, dict(self.headers)))
                route = server.routes.get(self.path, Route(404, b"not here"))
                if route.delay:
                    time.sleep(route.delay)
                    return
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                # The client may stop reading at its size cap, as intended.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(route.body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02},
                                       daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, body: bytes | str = b"", *, status: int = 200, content_type: str = "text/html",
            **extra: object) -> str:
        data = body.encode() if isinstance(body, str) else body
        headers = {"Content-Type": content_type, **extra.pop("headers", {})}  # type: ignore[dict-item]
        self.routes[path] = Route(status, data, headers, **extra)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, to: str) -> str:
        self.routes[path] = Route(302, b"", {"Location": to})
        return self.url(path)


@contextlib.contextmanager
def running_server() -> Iterator[LocalServer]:
    local = LocalServer()
    local.thread.start()
    try:
        yield local
    finally:
        local.httpd.shutdown()
        local.httpd.server_close()
        local.thread.join(timeout=5)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
