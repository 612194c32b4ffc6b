"""What a write without the token costs `tidings serve`: its peak memory and the time to answer.

Usage: .venv/bin/python benchmarks/post_without_token.py [--mb 300] [--parallel 4] [--src DIR]

Starts `tidings serve --token ...` on a temporary database in a child process, then sends, without
a token, one POST /api/articles of `--mb` megabytes with a Content-Length, the same again as
`--parallel` requests at once, and one with no Content-Length (chunked); then, with the token,
the same body both ways, which the body cap (3 x max_bytes, 30 MB) refuses. Each body is streamed
from one reused 1 MB chunk, so the client holds 1 MB however large the body. A client stops
sending once the server has answered or hung up, as curl does.

Prints one line per case: the answer, how much of the body was sent, seconds, and the server's
resident memory at its peak (VmHWM, reset before each case through /proc/<pid>/clear_refs) against
its idle resident memory. The bound (RELIABILITY.md) is 60 s and 1 GB per case; the server should
stay near its idle size. `--src` runs the server from another checkout's src/ (a before/after).
"""

from __future__ import annotations

import argparse
import os
import select
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

MB = 1024 * 1024
TOKEN = "benchmark-token"
TIME_LIMIT = 60.0
MEMORY_LIMIT_MB = 1024


@dataclass
class Sent:
    status: str  # the status line's code, or why there is none
    sent: int  # body bytes the server took before it answered or hung up
    seconds: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} for process {pid}")


def reset_peak(pid: int) -> None:
    """Make VmHWM start again from the current RSS (Linux 4.0+: "5" to clear_refs)."""
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def body(size: int) -> Iterator[bytes]:
    """`size` bytes of a JSON string field, from one reused 1 MB chunk."""
    head, tail = b'{"text": "', b'"}'
    chunk = b"x" * MB
    yield head
    left = size - len(head) - len(tail)
    while left > 0:
        yield chunk[:left] if left < MB else chunk
        left -= MB
    yield tail


def post(port: int, size: int, *, chunked: bool, token: bool = False) -> Sent:
    """One POST, without the token unless `token`; send until the server answers or hangs up."""
    started = time.perf_counter()
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    if token:
        framing += f"\r\nAuthorization: Bearer {TOKEN}"
    head = (f"POST /api/articles HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            f"{framing}\r\n\r\n").encode()
    sent = 0
    answer = b""
    with socket.create_connection(("127.0.0.1", port), timeout=TIME_LIMIT) as sock:
        sock.sendall(head)
        try:
            for piece in body(size):
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break  # the server answered (or hung up) before the body was all sent
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                sent += len(piece)
            else:
                if chunked:
                    sock.sendall(b"0\r\n\r\n")
            answer = sock.recv(4096)
        except OSError as exc:  # reset while sending: the answer may still be readable
            try:
                answer = sock.recv(4096)
            except OSError:
                answer = f"no answer ({exc.__class__.__name__})".encode()
    status = answer.split(b"\r\n", 1)[0].decode("latin-1") if answer else "connection closed, no answer"
    return Sent(status, sent, time.perf_counter() - started)


def start_server(db: Path, port: int, src: Path | None) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    server = subprocess.Popen(
        [sys.executable, "-m", "tidings", "serve", "--db", str(db), "--port", str(port), "--token", TOKEN],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                sock.sendall(b"GET /api/articles?limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if sock.recv(12).startswith(b"HTTP/1.1 200"):
                    return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("tidings serve did not start within 60 s")


def run_case(name: str, server_pid: int, port: int, size: int, parallel: int, chunked: bool,
             token: bool = False) -> bool:
    time.sleep(0.5)  # let the previous case's connections close
    idle_kb = memory_kb(server_pid, "VmRSS")
    reset_peak(server_pid)
    results: list[Sent] = []
    started = time.perf_counter()
    threads = [threading.Thread(target=lambda: results.append(post(port, size, chunked=chunked, token=token)))
               for _ in range(parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    time.sleep(0.5)  # the server may still be reading after the client gave up
    peak_mb = memory_kb(server_pid, "VmHWM") / 1024
    statuses = sorted({result.status for result in results})
    sent_mb = max(result.sent for result in results) / MB
    within = seconds <= TIME_LIMIT and peak_mb <= MEMORY_LIMIT_MB
    print(f"{name:<36} {' | '.join(statuses):<38} sent {sent_mb:7.1f} MB of {size / MB:.0f}  "
          f"{seconds:6.2f} s  peak {peak_mb:7.1f} MB (idle {idle_kb / 1024:.1f} MB)  "
          f"{'ok' if within else 'OVER THE BOUND'}", flush=True)
    return within


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=int, default=300, help="body size in megabytes (default 300)")
    parser.add_argument("--parallel", type=int, default=4, help="requests sent at once in the second case")
    parser.add_argument("--src", type=Path, help="run the server from this src/ directory instead")
    args = parser.parse_args()
    size = args.mb * MB
    with TemporaryDirectory() as tmp:
        db = Path(tmp) / "tidings.db"
        port = free_port()
        server = start_server(db, port, args.src)
        try:
            ok = run_case(f"1 POST of {args.mb} MB, no token", server.pid, port, size, 1, False)
            ok &= run_case(f"{args.parallel} at once, no token", server.pid, port, size, args.parallel, False)
            ok &= run_case(f"1 chunked POST of {args.mb} MB, no token", server.pid, port, size, 1, True)
            ok &= run_case(f"1 POST of {args.mb} MB, token", server.pid, port, size, 1, False, True)
            ok &= run_case(f"1 chunked POST of {args.mb} MB, token", server.pid, port, size, 1, True, True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
