"""Load on `parallax serve` over loopback: throughput, latency percentiles, errors, and whether
the server's memory stays flat across many requests.

A benchmark, not a test: it prints numbers (and optionally writes them as JSON); nothing is
asserted (tests/hardening/test_load.py asserts the zero errors). It starts the real CLI,
`parallax serve --port 0`, as its own process with a throw-away PARALLAX_HOME, an empty feed
index and rate limiting off, so the numbers are the server's and not the limiter's. Every request
carries its HTML (as the extension's do), so nothing is fetched and no packet leaves the machine.

Phases, each with --concurrency clients at a time (httpx, keep-alive):
  warm-up   one Brief per page, so imports and first-use caches are paid for before measuring
  hits      --requests cache hits spread over the warmed articles
  misses    --misses new articles (distinct URLs, fixture pages as HTML): extraction + summary
The server's resident memory (VmRSS from /proc) is read after the warm-up and at every tenth
of each phase, to show whether it stays flat.

Example:
    uv run python bench/bench_load.py --requests 10000 --misses 300 --concurrency 50 \\
        --json /tmp/load.json
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, bench_parser, machine, percentile

PAGES = REPO / "tests" / "fixtures" / "pages"
ARTICLES = ["en_article.html", "de_article.html", "fr_article.html"]
_SERVING = re.compile(r"serving on (http://\S+)")


@dataclass
class Phase:
    name: str
    requests: int
    concurrency: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    wall_s: float = 0.0

    def summary(self) -> dict[str, Any]:
        done = len(self.latencies_ms)
        return {
            "phase": self.name,
            "requests": self.requests,
            "concurrency": self.concurrency,
            "errors": sum(self.errors.values()),
            "error_kinds": self.errors,
            "throughput_per_s": round(done / self.wall_s, 1) if self.wall_s else None,
            "p50_ms": round(percentile(self.latencies_ms, 50), 2),
            "p95_ms": round(percentile(self.latencies_ms, 95), 2),
            "p99_ms": round(percentile(self.latencies_ms, 99), 2),
            "max_ms": round(max(self.latencies_ms, default=float("nan")), 2),
        }


class Server:
    """`parallax serve` in a child process; stopped (by its own pid) when the bench ends."""

    def __init__(self, home: Path) -> None:
        env = {
            **os.environ,
            "PARALLAX_HOME": str(home),
            "PARALLAX_PROVIDERS": "index",
            # `parallax serve` would otherwise poll the outlets' feeds while being measured.
            "PARALLAX_INGEST_INTERVAL_S": "0",
            "PARALLAX_LLM_PROVIDER": "none",
            # The limiter would answer 429s after the first 30: not what is being measured.
            "PARALLAX_RATE_LIMIT_PER_MINUTE": "0",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "parallax.cli", "serve", "--host", "127.0.0.1", "--port", "0"],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.base_url = self._wait_for_address()
        # Keep draining stderr so the child never blocks on a full pipe.
        threading.Thread(target=self._drain, daemon=True).start()

    def _wait_for_address(self) -> str:
        assert self.process.stderr is not None
        deadline = time.monotonic() + 60
        seen: list[str] = []
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                break
            seen.append(line)
            found = _SERVING.search(line)
            if found:
                return found.group(1)
        self.stop()
        sys.exit("parallax serve did not start:\n" + "".join(seen))

    def _drain(self) -> None:
        assert self.process.stderr is not None
        for _ in self.process.stderr:
            pass

    def rss_mib(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        if found is None:
            sys.exit("no VmRSS in /proc: this benchmark needs Linux")
        return round(int(found.group(1)) / 1024, 1)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


async def run_phase(
    base_url: str,
    phase: Phase,
    body_for: Any,
    on_done: Any = None,
) -> None:
    import httpx

    tty = sys.stderr.isatty()
    next_index = 0
    completed = 0
    limits = httpx.Limits(max_connections=phase.concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal next_index, completed
        while next_index < phase.requests:
            index = next_index
            next_index += 1
            started = time.perf_counter()
            try:
                response = await client.post("/v1/briefs", json=body_for(index))
                kind = None if response.status_code == 200 else f"http_{response.status_code}"
            except httpx.HTTPError as exc:
                kind = type(exc).__name__
            phase.latencies_ms.append((time.perf_counter() - started) * 1000)
            if kind is not None:
                phase.errors[kind] = phase.errors.get(kind, 0) + 1
            completed += 1
            if on_done is not None:
                on_done(completed)
            if tty and (completed % 100 == 0 or completed == phase.requests):
                sys.stderr.write(f"\r{phase.name}: {completed}/{phase.requests}")
                sys.stderr.flush()

    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(phase.concurrency)))
        phase.wall_s = time.perf_counter() - started
    if tty:
        sys.stderr.write("\n")


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--requests", type=int, default=10_000, help="cache hits (default 10000)")
    parser.add_argument("--misses", type=int, default=300, help="new articles (default 300)")
    parser.add_argument("--concurrency", type=int, default=50, help="clients at once (default 50)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    from parallax.adapters.feed_index import FeedIndex

    pages = [(PAGES / name).read_text(encoding="utf-8") for name in ARTICLES]
    warm = [
        {"url": f"https://bench.example/hit/{i}", "html": page, "language": "en"}
        for i, page in enumerate(pages)
    ]
    with tempfile.TemporaryDirectory(prefix="parallax-bench-load-") as home:
        index = FeedIndex(Path(home) / "index.sqlite3")
        index.ensure()  # an empty index: the default local set-up before the first ingest
        index.close()
        server = Server(Path(home))
        try:
            warm_up = Phase("warm-up", len(warm), 1)
            asyncio.run(run_phase(server.base_url, warm_up, lambda i: warm[i]))
            rss_hits: list[tuple[int, float]] = [(0, server.rss_mib())]
            rss_misses: list[tuple[int, float]] = []

            def sampler(series: list[tuple[int, float]], total: int) -> Any:
                every = max(1, total // 10)

                def sample(done: int) -> None:
                    if done % every == 0 or done == total:
                        series.append((done, server.rss_mib()))

                return sample

            hits = Phase("hits", args.requests, args.concurrency)
            asyncio.run(
                run_phase(
                    server.base_url,
                    hits,
                    lambda i: warm[i % len(warm)],
                    sampler(rss_hits, args.requests),
                )
            )
            misses = Phase("misses", args.misses, args.concurrency)
            asyncio.run(
                run_phase(
                    server.base_url,
                    misses,
                    lambda i: {
                        "url": f"https://bench.example/miss/{i}",
                        "html": pages[i % len(pages)],
                    },
                    sampler(rss_misses, args.misses),
                )
            )
        finally:
            server.stop()

    results = [p.summary() for p in (hits, misses)]
    print(f"parallax serve under load, loopback: {machine()}")
    print(
        f"{'phase':<8} {'requests':>8} {'conc.':>5} {'errors':>6} {'req/s':>8} "
        f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    )
    for row in results:
        print(
            f"{row['phase']:<8} {row['requests']:>8} {row['concurrency']:>5} {row['errors']:>6} "
            f"{row['throughput_per_s']:>8} {row['p50_ms']:>8} {row['p95_ms']:>8} "
            f"{row['p99_ms']:>8} {row['max_ms']:>8}"
        )
        if row["error_kinds"]:
            print(f"         errors by kind: {row['error_kinds']}")
    for label, series in (("hits", rss_hits), ("misses", rss_misses)):
        shown = ", ".join(f"{n}: {mib}" for n, mib in dict(series).items())
        print(f"server RSS (MiB) by {label} served: {shown}")
    print(
        f"server RSS (MiB): {rss_hits[0][1]} after the warm-up, {rss_hits[-1][1]} after "
        f"{args.requests} hits ({rss_hits[-1][1] - rss_hits[0][1]:+.1f}), "
        f"{rss_misses[-1][1] if rss_misses else '?'} after {args.misses} misses"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "phases": results,
                    "rss_mib_by_hits": rss_hits,
                    "rss_mib_by_misses": rss_misses,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
