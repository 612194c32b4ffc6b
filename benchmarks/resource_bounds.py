"""Resource bounds: hostile inputs through `tidings ingest`, each timed and its peak memory measured.

Usage: .venv/bin/python benchmarks/resource_bounds.py [--scale 1.0] [--only NAME ...]
Builds each input in a temporary directory (or serves it from a local HTTP server on 127.0.0.1),
runs `tidings ingest` on it in a child process with a wall-clock limit, reads the child's own peak
RSS with os.wait4, and lists the skip reasons the run recorded (`tidings skips -f json`). Prints
one line per case: seconds, peak MB, reasons. The bound is 60 s and 1 GB per case.

tests/reliability/test_bounds.py runs the same cases, scaled down, in `make test`.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from tempfile import TemporaryDirectory

TIDINGS = Path(sys.executable).with_name("tidings")
TIME_LIMIT = 60.0
MEMORY_LIMIT_MB = 1024
MB = 1024 * 1024


@dataclass
class Run:
    """What one `tidings ingest` child did."""

    seconds: float
    peak_mb: float
    returncode: int
    reasons: Counter[str] = field(default_factory=Counter)
    stored: int = 0
    details: list[str] = field(default_factory=list)
    timed_out: bool = False

    @property
    def exited_as_documented(self) -> bool:
        """The exit code the README gives for what happened: 0 when an article was stored, 1 when
        every input was skipped (nothing stored); anything else is a crash or a kill."""
        return self.returncode == (0 if self.stored or not self.reasons else 1)


class _HighWater(threading.Thread):
    """Samples a running process's VmHWM (its own peak resident set, in KB) from /proc and, while it
    has children (a long text is parsed by forked processes), the memory of the whole tree."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.tree_peak_kb = 0
        self._done = threading.Event()

    @staticmethod
    def _field(pid: int, name: str) -> int:
        try:
            status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
        except OSError:
            return 0
        for line in status.splitlines():
            if line.startswith(name):
                return int(line.split()[1])
        return 0

    @staticmethod
    def _pss(pid: int) -> int:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text(encoding="ascii")
        except OSError:
            return 0
        return next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)

    def _children(self) -> list[int]:
        try:
            listed = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text(encoding="ascii")
        except OSError:
            return []
        return [int(pid) for pid in listed.split()]

    def run(self) -> None:
        ticks = 0
        while not self._done.wait(0.02):
            own = self._field(self.pid, "VmHWM:")
            if not own:
                return  # gone, or no /proc: the caller falls back to ru_maxrss
            self.peak_kb = max(self.peak_kb, own)
            ticks += 1
            children = self._children() if ticks % 25 == 0 else []  # PSS costs a page-table walk
            if children:
                # Forked parsers share the model's pages with their parent: proportional set sizes
                # count each shared page once across the tree, where resident sets would not.
                tree = sum(self._pss(pid) for pid in [self.pid, *children])
                self.tree_peak_kb = max(self.tree_peak_kb, tree)

    def stop(self) -> None:
        self._done.set()
        self.join(timeout=1)


def run_ingest(inputs: list[str], db: Path, *, env: dict[str, str] | None = None,
               timeout: float = TIME_LIMIT) -> Run:
    """Run `tidings ingest --db db inputs` and measure it; the child is killed at `timeout`."""
    child_env = {**os.environ, "TIDINGS_CONFIG": str(db.with_suffix(".none.toml")), **(env or {})}
    started = time.monotonic()
    child = subprocess.Popen([str(TIDINGS), "ingest", "--db", str(db), *inputs], env=child_env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    timer = threading.Timer(timeout, child.kill)
    timer.start()
    watermark = _HighWater(child.pid)
    watermark.start()
    try:
        _pid, status, usage = os.wait4(child.pid, 0)
    finally:
        timer.cancel()
        watermark.stop()
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.stderr is not None
    child.stderr.close()
    # ru_maxrss of a child carries its parent's resident set from before the exec (Linux keeps the
    # old high-water mark across execve), so under a big parent, such as a pytest run that loaded
    # spaCy, it says the parent's size. The child's own VmHWM, sampled while it runs, does not.
    peak_kb = watermark.peak_kb or usage.ru_maxrss
    # With children (a parse on several cores), the peak is that of the whole tree.
    peak_kb = max(peak_kb, watermark.tree_peak_kb)
    run = Run(seconds=seconds, peak_mb=peak_kb / 1024, returncode=child.returncode,
              timed_out=seconds >= timeout)
    if db.exists():
        listed = subprocess.run([str(TIDINGS), "skips", "--db", str(db), "-f", "json", "--limit", "20"],
                                env=child_env, capture_output=True, text=True, check=True)
        rows = json.loads(listed.stdout)
        run.details = [row["detail"] for row in rows]
        run.reasons = _reason_counts(db)
        run.stored = _count(db, "SELECT count(*) FROM articles")
    return run


def _count(db: Path, sql: str) -> int:
    import sqlite3

    with contextlib.closing(sqlite3.connect(db)) as conn:
        return int(conn.execute(sql).fetchone()[0])


def _reason_counts(db: Path) -> Counter[str]:
    import sqlite3

    with contextlib.closing(sqlite3.connect(db)) as conn:
        skips = conn.execute("SELECT reason, count(*) FROM skips GROUP BY reason").fetchall()
        failures = conn.execute("SELECT stage, count(*) FROM failures GROUP BY stage").fetchall()
    counts: Counter[str] = Counter({reason: n for reason, n in skips})
    counts.update({f"failed in {stage}": n for stage, n in failures})
    return counts


# ---------------------------------------------------------------------------- the hostile inputs

def big_page(folder: Path, size: int) -> Path:
    """An HTML page of `size` bytes: real paragraphs, repeated."""
    path = folder / "big.html"
    paragraph = b"<p>The minister said the talks would continue next week in the capital.</p>\n"
    with path.open("wb") as out:
        out.write(b"<html><body><article>\n")
        for _ in range(size // len(paragraph)):
            out.write(paragraph)
        out.write(b"</article></body></html>\n")
    return path


def many_lines(folder: Path, lines: int) -> Path:
    """A JSON Lines file of `lines` records, each skipped cheaply: an empty text."""
    path = folder / "many.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.writelines(f'{{"id": "a{n}", "text": " "}}\n' for n in range(lines))
    return path


def deep_nesting(folder: Path, depth: int) -> Path:
    """An HTML page whose article text sits `depth` <div>s deep."""
    path = folder / "deep.html"
    words = "The minister said the talks would continue next week in the capital. " * 5
    path.write_text("<html><body>" + "<div>" * depth + f"<p>{words}</p>" + "</div>" * depth
                    + "</body></html>", encoding="utf-8")
    return path


def gzip_bomb(folder: Path, size: int) -> Path:
    """A .html.gz that expands to `size` bytes of one repeated letter (about 1000:1)."""
    path = folder / "bomb.html.gz"
    block = b"a" * MB
    with gzip.open(path, "wb", compresslevel=9) as out:
        for _ in range(size // MB):
            out.write(block)
    return path


def blank_lines_gzip(folder: Path, compressed_size: int) -> Path:
    """A .jsonl.gz of nothing but newlines, about `compressed_size` bytes (1,000 times more unpacked).

    Built from one deflate block, compressed once and repeated (a full flush makes each copy
    independent), so making 23 GB of newlines takes seconds rather than minutes.
    """
    path = folder / "blank.jsonl.gz"
    block = b"\n" * (16 * MB)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    copies = max(compressed_size // len(piece), 1)
    crc = 0
    for _ in range(copies):
        crc = zlib.crc32(block, crc)
    with path.open("wb") as out:
        out.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff")  # gzip header: deflate, no name
        for _ in range(copies):
            out.write(piece)
        out.write(compressor.flush(zlib.Z_FINISH))
        out.write(crc.to_bytes(4, "little") + (copies * len(block) % 2**32).to_bytes(4, "little"))
    return path


def long_text(folder: Path, size: int) -> Path:
    """A .txt of `size` characters of short news sentences with names, pronouns and descriptions,
    in paragraphs of ten sentences: the worst case of the actor, event and quote stages."""
    path = folder / "long.txt"
    people = ["Amina Diallo", "Pedro Alvarez", "Olena Kovalenko", "Rahul Mehta", "Grace Mensah", "Li Wei"]
    places = ["Kharkiv", "Nairobi", "Lima", "Manila", "Dakar", "Hanoi"]
    sentences: list[str] = []
    written, n = 0, 0
    while written < size:
        person, place = people[n % len(people)], places[(n // 3) % len(places)]
        # Every sentence differs (a number in it): cleaning drops repeated lines and paragraphs.
        sentence = [f"{person} met the foreign minister in {place} on day {n}.",
                    f"She said the talks would continue for {n} more hours.",
                    f"Russian forces shelled {place} {n} times, the army said.",
                    f'"We will not give up {n} villages," the minister told reporters.',
                    f"Police arrested {n} protesters outside parliament."][n % 5]
        sentences.append(sentence + (" " if (n + 1) % 10 else "\n\n"))
        written += len(sentences[-1])
        n += 1
    path.write_text("".join(sentences)[:size], encoding="utf-8")
    return path


def big_feed(folder: Path, items: int, link_to: str) -> Path:
    """An RSS feed of `items` teaser entries, each linking to `link_to` + its number."""
    path = folder / "big.rss"
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0"?><rss version="2.0"><channel><title>big</title>\n')
        out.writelines(f"<item><title>t{n}</title><link>{link_to}{n}</link></item>\n" for n in range(items))
        out.write("</channel></rss>\n")
    return path


# ---------------------------------------------------------------------------- a hostile server

class HostileServer:
    """A server on 127.0.0.1: /endless never stops sending, /drip sends a byte a second, /page/N a
    short article (so a feed's links can be fetched), /gzip a Content-Encoding: gzip bomb."""

    def __init__(self, *, bomb_size: int = 1024 * MB) -> None:
        bomb = _gzip_stream(bomb_size)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:  # noqa: N802 - the http.server API
                with contextlib.suppress(OSError):
                    self._answer()

            def _answer(self) -> None:
                if self.path == "/endless":
                    self._start("text/html")
                    chunk = b"<p>" + b"more " * 16_000 + b"</p>\n"
                    while True:
                        self.wfile.write(chunk)
                elif self.path == "/drip":
                    self._start("text/html")
                    while True:
                        self.wfile.write(b"<p>")
                        self.wfile.flush()
                        time.sleep(0.5)
                elif self.path == "/gzip":
                    self._start("text/html", {"Content-Encoding": "gzip"})
                    self.wfile.write(bomb)
                else:
                    body = b"<html><body><p>" + b"A short page. " * 10 + b"</p></body></html>"
                    self._start("text/html", {"Content-Length": str(len(body))})
                    self.wfile.write(body)

            def _start(self, content_type: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @contextlib.contextmanager
    def running(self) -> Iterator[HostileServer]:
        thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                  daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.httpd.shutdown()
            self.httpd.server_close()


def _gzip_stream(size: int) -> bytes:
    """`size` zero bytes, gzip-compressed in memory (about 1 MB per GB)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * MB
    parts = [packer.compress(block) for _ in range(size // MB)]
    parts.append(packer.flush())
    return b"".join(parts)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# ---------------------------------------------------------------------------- the cases

@dataclass(frozen=True)
class Case:
    name: str
    what: str
    build: Callable[[Path, HostileServer, float], list[str]]
    env: dict[str, str] = field(default_factory=dict)


LOOPBACK = {"TIDINGS_ALLOW_PRIVATE_NETWORKS": "1"}

CASES = (
    Case("page-50mb", "a 50 MB HTML page (file)", lambda d, s, k: [str(big_page(d, int(50 * MB * k)))]),
    Case("page-at-cap", "an HTML page just under the 10 MB cap (file): read and extracted",
         lambda d, s, k: [str(big_page(d, int((10 * MB - 1024) * k)))]),
    Case("jsonl-1m", "a JSON Lines file of 1,000,000 records",
         lambda d, s, k: [str(many_lines(d, int(1_000_000 * k)))]),
    Case("nested-100k", "HTML nested 100,000 <div>s deep",
         lambda d, s, k: [str(deep_nesting(d, int(100_000 * k)))]),
    Case("gzip-bomb", "a .html.gz expanding to 10 GB",
         lambda d, s, k: [str(gzip_bomb(d, int(10_240 * MB * k)))]),
    Case("feed-100k", "an RSS feed of 100,000 teasers linking to a local server",
         lambda d, s, k: [str(big_feed(d, int(100_000 * k), s.url("/page/")))], LOOPBACK),
    Case("text-990kb", "a 990 KB text of short sentences full of names and pronouns: parsed and analysed",
         lambda d, s, k: [str(long_text(d, int(990_000 * k)))]),
    Case("text-1.5mb", "a 1.5 MB text (over spaCy's 1,000,000-character limit): parsed in pieces",
         lambda d, s, k: [str(long_text(d, int(1_500_000 * k)))]),
    Case("jsonl-gz-blank", "a 23 MB .jsonl.gz of blank lines (23 GB unpacked)",
         lambda d, s, k: [str(blank_lines_gzip(d, int(23 * MB * k)))]),
    Case("http-endless", "an HTTP response that never ends", lambda d, s, k: [s.url("/endless")], LOOPBACK),
    Case("http-drip", "an HTTP response of a few bytes a second, forever",
         lambda d, s, k: [s.url("/drip")], {**LOOPBACK, "TIDINGS_FETCH_TIMEOUT": "5"}),
    Case("http-gzip-bomb", "an HTTP body with Content-Encoding: gzip expanding to 1 GB",
         lambda d, s, k: [s.url("/gzip")], LOOPBACK),
)


def run_case(case: Case, *, scale: float = 1.0, env: dict[str, str] | None = None,
             server: HostileServer | None = None) -> Run:
    with TemporaryDirectory(prefix=f"tidings-{case.name}-") as tmp:
        folder = Path(tmp)
        own = server or HostileServer()
        with own.running() if server is None else contextlib.nullcontext(own):
            inputs = case.build(folder, own, scale)
            return run_ingest(inputs, folder / "bounds.db", env={**case.env, **(env or {})})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="Shrink (or grow) every input.")
    parser.add_argument("--only", nargs="*", help="Run only these cases.")
    args = parser.parse_args()
    print(f"{'case':<16} {'seconds':>8} {'peak MB':>8}  reasons")
    failed = False
    for case in CASES:
        if args.only and case.name not in args.only:
            continue
        run = run_case(case, scale=args.scale)
        reasons = ", ".join(f"{reason} x{n}" for reason, n in run.reasons.most_common()) or "-"
        within = run.seconds < TIME_LIMIT and run.peak_mb < MEMORY_LIMIT_MB and run.exited_as_documented
        failed |= not within
        print(f"{case.name:<16} {run.seconds:8.1f} {run.peak_mb:8.0f}  {reasons}; stored {run.stored}"
              f"{'' if within else '  OVER THE BOUND'}")
        if run.details:
            print(f"{'':<16} e.g. {run.details[0][:160]}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
