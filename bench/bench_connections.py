"""``parallax serve`` under connections that stop half-way through their headers (slowloris):
threads held, what a reader's ``GET /v1/health`` gets meanwhile, and how long the server keeps
them; before the connection caps (no cap, the 15 s deadline for headers too: the baseline) and
with the settings' defaults (256 at once, 32 per address, 5 s for headers), in the same run.

The half-open connections come from 127.0.0.2, which stands for another host (bound to 0.0.0.0,
anyone could open them); the reader is 127.0.0.1. The row "same address" opens them from the
reader's own address (a local program): the per-address cap then refuses the reader too, until
the header deadline frees the slots; the row "as on loopback" has no cap per address, as
`parallax serve` on 127.0.0.1 (there only the cap on all connections bounds the threads).
Rate limiting is off in every row (health is asked for
--probes times). Each row's server is started fresh in this process.

With ``--over-cap N`` it also measures what a request over the cap gets (the server's one
connection held half-open, the extension's origin allowed): N requests with that ``Origin``,
sent at once after connecting and 50 ms later, and N CORS preflights; their status, whether
the answer carries CORS (the extension can read it) and the time from connect to the answer.

Example:
    uv run python bench/bench_connections.py --half-open 200 --probes 200
    uv run python bench/bench_connections.py --half-open 0 --over-cap 200
"""

from __future__ import annotations

import argparse
import os
import socket
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from _common import machine, percentile
from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import Settings

_HALF_OPEN = b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
_HEALTH = b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"


def _app() -> Any:
    settings = Settings(home=Path("/nonexistent"), providers=("index",))
    return create_app(settings, lambda: None)  # type: ignore[arg-type,return-value]


def _connect(address: tuple[str, int], source: str) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.settimeout(30)
    sock.bind((source, 0))
    sock.connect(address)
    return sock


def _read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes (a reset after the answer counts as a close)."""
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except ConnectionResetError:
        pass
    return data


def _health(address: tuple[str, int]) -> tuple[float, int]:
    started = time.perf_counter()
    with _connect(address, "127.0.0.1") as sock:
        sock.sendall(_HEALTH)
        data = _read_all(sock)
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return (time.perf_counter() - started) * 1000, status


def _closed_by_server(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        sock.recv(65536)  # an answer (a refusal, then the close) or b"": the server let go
        return True
    except BlockingIOError:
        return False
    except OSError:
        return True
    finally:
        sock.setblocking(True)


def _rss_kib() -> int:
    """This process's resident memory now (Linux), in KiB."""
    with Path("/proc/self/statm").open(encoding="ascii") as statm:
        return int(statm.read().split()[1]) * (os.sysconf("SC_PAGE_SIZE") // 1024)


def run_row(
    name: str, server: LocalServer, half_open: int, probes: int, source: str
) -> dict[str, Any]:
    host, port = server.base_url.removeprefix("http://").split(":")
    address = (host, int(port))
    threads_before = threading.active_count()
    rss_before = _rss_kib()
    with ExitStack() as stack:
        socks = []
        opened = time.monotonic()
        for _ in range(half_open):
            sock = stack.enter_context(_connect(address, source))
            sock.sendall(_HALF_OPEN)
            socks.append(sock)
        open_s = time.monotonic() - opened
        time.sleep(0.5)
        threads = threading.active_count() - threads_before
        rss_kib = _rss_kib() - rss_before
        answered_at_once = sum(_closed_by_server(s) for s in socks)
        results = [_health(address) for _ in range(probes)]
        times = [ms for ms, _ in results]
        ok = sum(status == 200 for _, status in results)
        # How long after the first connect the server has let go of every half-open one
        pending = [s for s in socks if not _closed_by_server(s)]
        while pending and time.monotonic() - opened < 30:
            time.sleep(0.1)
            pending = [s for s in pending if not _closed_by_server(s)]
        held_s = time.monotonic() - opened if socks and not pending else float("nan")
    return {
        "row": name,
        "threads": threads,
        "rss_kib": rss_kib,
        "answered_at_once": answered_at_once,
        "health_ok": ok,
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "held_s": held_s,
        "open_s": open_s,
    }


_ORIGIN = "chrome-extension://abcnaopliegkipjfhllbmpobejklbpki"
_OVER_CAP = {
    "GET, head at once": (
        0.0,
        f"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {_ORIGIN}\r\nConnection: close",
    ),
    "GET, head 50 ms later": (
        0.05,
        f"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {_ORIGIN}\r\nConnection: close",
    ),
    "preflight": (
        0.0,
        f"OPTIONS /v1/briefs HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: {_ORIGIN}\r\n"
        "Access-Control-Request-Method: POST\r\nAccess-Control-Request-Headers: content-type\r\n"
        "Connection: close",
    ),
}


def over_cap_rows(count: int) -> list[dict[str, Any]]:
    rows = []
    # The header deadline long enough for the connection holding the cap to hold it throughout.
    server = LocalServer(
        _app,
        host="127.0.0.1",
        port=0,
        max_connections=1,
        cors_origins=[_ORIGIN],
        header_timeout_s=600,
        client_timeout_s=600,
    )
    with server, ExitStack() as stack:
        host, port = server.base_url.removeprefix("http://").split(":")
        address = (host, int(port))
        stack.enter_context(_connect(address, "127.0.0.2")).sendall(_HALF_OPEN)
        while server.open_connections < 1:
            time.sleep(0.01)
        for name, (delay_s, head) in _OVER_CAP.items():
            times, statuses, cors = [], [], 0
            for _ in range(count):
                started = time.perf_counter()
                with _connect(address, "127.0.0.1") as sock:
                    time.sleep(delay_s)
                    sock.sendall(head.encode() + b"\r\n\r\n")
                    data = _read_all(sock)
                times.append((time.perf_counter() - started) * 1000)
                statuses.append(int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0)
                cors += b"\r\naccess-control-allow-origin: " in data.lower()
            rows.append(
                {
                    "row": name,
                    "statuses": sorted(set(statuses)),
                    "cors": cors,
                    "p50": percentile(times, 50),
                    "p95": percentile(times, 95),
                }
            )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half-open", type=int, default=200, help="connections (default 200)")
    parser.add_argument("--probes", type=int, default=200, help="health requests (default 200)")
    parser.add_argument(
        "--over-cap", type=int, default=0, metavar="N", help="requests over the cap (default 0)"
    )
    args = parser.parse_args()
    if args.over_cap:
        print(f"# {machine()}; {args.over_cap} requests over the cap of each kind")
        print(f"{'over the cap':<24} {'status':>10} {'CORS':>9} {'p50 ms':>7} {'p95 ms':>7}")
        for r in over_cap_rows(args.over_cap):
            print(
                f"{r['row']:<24} {'/'.join(map(str, r['statuses'])):>10} "
                f"{r['cors']:>4}/{args.over_cap:<4} {r['p50']:>7.2f} {r['p95']:>7.2f}"
            )
    if not args.half_open:
        return
    defaults = Settings(home=Path("/nonexistent"))
    before: dict[str, Any] = {
        "max_connections": 100_000,
        "max_connections_per_client": 0,
        "header_timeout_s": 15,
    }
    after: dict[str, Any] = {
        "max_connections": defaults.max_connections,
        "max_connections_per_client": defaults.max_connections_per_client,
        "header_timeout_s": defaults.header_timeout_s,
    }
    rows = []
    plan: list[tuple[str, dict[str, Any], int, str]] = [
        ("no half-open (reference)", before, 0, "127.0.0.2"),
        ("before: no cap, 15 s", before, args.half_open, "127.0.0.2"),
        ("after: caps, 5 s", after, args.half_open, "127.0.0.2"),
        ("after, same address", after, args.half_open, "127.0.0.1"),
        # `parallax serve` on loopback: no cap per address (see per_client_cap)
        ("after, as on loopback", {**after, "max_connections_per_client": 0}, args.half_open,
         "127.0.0.2"),
    ]  # fmt: skip
    for name, limits, count, source in plan:
        with LocalServer(_app, host="127.0.0.1", port=0, client_timeout_s=15, **limits) as server:
            rows.append(run_row(name, server, count, args.probes, source))
    print(f"# {machine()}; {args.half_open} half-open connections, {args.probes} health probes")
    header = (
        f"{'row':<26} {'threads':>7} {'RSS KiB':>8} {'refused':>7} {'health 200':>10} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'held s':>7} {'open s':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['row']:<26} {r['threads']:>7} {r['rss_kib']:>8} {r['answered_at_once']:>7} "
            f"{r['health_ok']:>6}/{args.probes:<3} {r['p50']:>7.2f} {r['p95']:>7.2f} "
            f"{'-' if r['held_s'] != r['held_s'] else format(r['held_s'], '.1f'):>7}"
            f" {r['open_s']:>7.2f}"
        )


if __name__ == "__main__":
    main()
