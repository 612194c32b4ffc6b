"""A local HTTP server on 127.0.0.1 whose feeds and pages the tests change between passes."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    delay: float = 0.0


class Site:
    """Routes by path; `requests` records (path, headers) of every request received."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                with site.lock:
                    site.requests.append((self.path, dict(self.headers)))
                    route = site.routes.get(self.path)
                if route is None:
                    self._send(404, b"not here", "text/plain")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(304, b"", None, etag=route.etag)
                    return
                self._send(route.status, route.body, route.content_type, etag=route.etag)

            def _send(self, status: int, body: bytes, content_type: str | None,
                      etag: str | None = None) -> None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.send_response(status)
                    if content_type:
                        self.send_header("Content-Type", content_type)
                    if etag:
                        self.send_header("ETag", etag)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def paths(self) -> list[str]:
        with self.lock:
            return [path for path, _ in self.requests]

    def set(self, path: str, body: str | bytes, **route: object) -> str:
        data = body.encode() if isinstance(body, str) else body
        with self.lock:
            self.routes[path] = Route(data, **route)  # type: ignore[arg-type]
        return self.url(path)


@contextlib.contextmanager
def running_site() -> Iterator[Site]:
    site = Site()
    thread = threading.Thread(target=site.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.httpd.shutdown()
        site.httpd.server_close()
        thread.join(timeout=5)


# Short articles of our own, different enough that none is a near-duplicate of another.
ARTICLES = [
    "The port authority of Rotterdam said on Monday that container traffic rose by four percent in the "
    "first quarter, helped by a recovery in shipments from Asia and a busy season for fruit imports.",
    "Farmers in southern Spain blocked a motorway near Seville on Tuesday to protest against water "
    "restrictions, saying the drought rules would ruin this year's olive and citrus harvests.",
    "Kenya's central bank kept its benchmark lending rate unchanged at its meeting in Nairobi, citing "
    "easing inflation and a stronger shilling, and said it would watch food prices closely.",
    "A wildfire in the hills above Valparaiso forced hundreds of families to leave their homes overnight, "
    "and Chilean firefighters worked with helicopters to keep the flames away from the city.",
    "Japan's parliament approved a supplementary budget on Friday that includes subsidies for electricity "
    "bills and money to rebuild towns on the Noto peninsula after the January earthquake.",
    "Canadian railway workers ended a three-day strike after the union and the two largest freight "
    "companies agreed to binding arbitration, the labour minister announced in Ottawa.",
    "Scientists in Norway reported that a glacier near Bergen lost more ice last summer than in any "
    "year since measurements began, and warned that tourism on the ice would become unsafe.",
    "The mayor of Lagos opened a new commuter rail line that links the mainland to Lagos Island, "
    "promising to cut journeys that often take three hours in traffic to under forty minutes.",
]


def article_page(number: int) -> str:
    title = f"Report {number}"
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{ARTICLES[number % len(ARTICLES)]}</p></article></body></html>")


def rss(site: Site, numbers: list[int], *, prefix: str = "/a/") -> str:
    items = "".join(
        f"<item><title>Report {n}</title><link>{site.url(f'{prefix}{n}.html')}</link>"
        f"<description>Teaser {n}</description><pubDate>Mon, 06 May 2024 10:0{n % 10}:00 GMT</pubDate></item>"
        for n in numbers
    )
    channel = f"<channel><title>Local news</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
