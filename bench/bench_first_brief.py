"""The first Brief after `parallax serve` starts, against the second (warm).

Every start is a new ``parallax serve`` process (``python -m parallax.cli serve``, ``PYTHONPATH``
= a tree's ``functions`` folder) on an empty temporary PARALLAX_HOME, with
PARALLAX_PROVIDERS=index and PARALLAX_INGEST_INTERVAL_S=0 (nothing outside this machine is
asked). ``/v1/health`` is polled from the spawn on; once it answers (after ``--delay`` seconds
more: a reader who clicks later), ``POST /v1/briefs`` is sent with a small article page's HTML,
then with another one (the two fixture pages alternate in order from start to start). The
Briefs are cache misses (a fresh home) whose summary is the offline extractive one and whose
related coverage is the empty local index: the time is reading the page and summarising it.

``--lambda`` times the API function's handler instead, in a fresh interpreter per start: its
import (the init phase), then the two Briefs as invocations of ``lambda_handler`` one after the
other (one execution environment serves one request at a time); mode ``lazy`` is what the
handler does, mode ``init`` calls ``warm_up()`` right after the import, as warming in the init
phase would (the import itself may not do it: no I/O at import, and its 0.8 s budget).

``--tree NAME=DIR`` adds another tree (e.g. a ``git archive`` of main): trees are interleaved
start by start, so that load from other work on the machine falls on all alike.

Example:
    git archive main functions | tar -x -C /tmp/main
    uv run python bench/bench_first_brief.py --runs 5 --tree main=/tmp/main/functions
    uv run python bench/bench_first_brief.py --runs 5 --lambda
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, machine, median, progress, source_trees

PAGES = [
    (
        "https://www.example-news.test/world/2024/en-article",
        REPO / "tests/fixtures/pages/en_article.html",
    ),
    (
        "https://www.example-news.test/welt/2024/de-artikel",
        REPO / "tests/fixtures/pages/de_article.html",
    ),
]
_STARTUP_S = 60.0
# A child process as a Lambda execution environment: init (import, and warm_up in mode "init"),
# then two invocations; prints the four times (s).
_LAMBDA_CHILD = """
import json, sys, time
started = time.perf_counter()
import parallax.api.handler as handler
imported = time.perf_counter() - started
warmed = 0.0
if sys.argv[1] == "init":
    from parallax.domain.extraction import warm_up
    started = time.perf_counter()
    warm_up()
    warmed = time.perf_counter() - started
from parallax.api.local_server import LocalLambdaContext, http_to_event
times = []
for body in json.loads(sys.stdin.read()):
    raw = json.dumps(body).encode()
    headers = [("content-type", "application/json"), ("host", "api.example.test")]
    event = http_to_event("POST", "/v1/briefs", headers, raw, "203.0.113.7")
    started = time.perf_counter()
    answer = handler.lambda_handler(event, LocalLambdaContext())
    times.append(time.perf_counter() - started)
    if answer["statusCode"] != 200:
        raise SystemExit(f"Brief: {answer['statusCode']} {answer.get('body', '')[:300]}")
print(json.dumps([imported, warmed, *times]))
"""
LAMBDA_MODES = ("lazy", "init")


def one_start(functions: Path, port: int, delay_s: float, order: int) -> dict[str, float]:
    """Spawn serve, wait for /health, then two Briefs; the times (s) of each step."""
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARALLAX_")}
        env.update(
            PYTHONPATH=str(functions),
            PARALLAX_HOME=home,
            PARALLAX_PROVIDERS="index",
            PARALLAX_INGEST_INTERVAL_S="0",
        )
        log = Path(home) / "serve.log"
        with log.open("w") as stderr:
            spawned = time.perf_counter()
            process = subprocess.Popen(
                [sys.executable, "-m", "parallax.cli", "serve", "--port", str(port)],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            try:
                return _measure(process, port, spawned, delay_s, order)
            except Exception:
                sys.stderr.write(log.read_text())
                raise
            finally:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _measure(
    process: subprocess.Popen[bytes], port: int, spawned: float, delay_s: float, order: int
) -> dict[str, float]:
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(timeout=60) as client:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"parallax serve exited with {process.returncode}")
            if time.perf_counter() - spawned > _STARTUP_S:
                raise RuntimeError("parallax serve did not answer /v1/health")
            try:
                if client.get(f"{base}/v1/health").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.01)
        healthy = time.perf_counter()
        time.sleep(delay_s)
        times = {"health_s": healthy - spawned}
        pages = PAGES if order % 2 == 0 else PAGES[::-1]
        for name, (url, path) in zip(("first_s", "second_s"), pages, strict=True):
            body = {"url": url, "html": path.read_text(encoding="utf-8"), "language": "en"}
            started = time.perf_counter()
            response = client.post(f"{base}/v1/briefs", json=body)
            times[name] = time.perf_counter() - started
            if response.status_code != 200 or response.json()["cache"]["hit"]:
                raise RuntimeError(f"Brief {url}: {response.status_code} {response.text[:300]}")
        return times


def one_lambda_start(functions: Path, mode: str, order: int) -> dict[str, float]:
    """A fresh interpreter as a Lambda execution environment; the times (s) of init and Briefs."""
    pages = PAGES if order % 2 == 0 else PAGES[::-1]
    bodies = [
        {"url": url, "html": path.read_text(encoding="utf-8"), "language": "en"}
        for url, path in pages
    ]
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PARALLAX_")}
        env.update(PYTHONPATH=str(functions), PARALLAX_HOME=home, PARALLAX_PROVIDERS="index")
        done = subprocess.run(
            [sys.executable, "-c", _LAMBDA_CHILD, mode],
            input=json.dumps(bodies),
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    imported, warmed, first, second = json.loads(done.stdout.splitlines()[-1])
    return {"import_s": imported, "warm_up_s": warmed, "first_s": first, "second_s": second}


def lambda_report(runs: int, functions: Path) -> dict[str, Any]:
    results: dict[str, list[dict[str, float]]] = {mode: [] for mode in LAMBDA_MODES}
    jobs = [(run, mode) for run in range(runs) for mode in LAMBDA_MODES]
    for run, mode in progress(jobs, "execution environments"):
        results[mode].append(one_lambda_start(functions, mode, run))
    print(f"{machine()}; {runs} fresh interpreters per mode, the API handler (Lambda)")
    print(
        f"{'mode':<5} {'import':>7} {'warm_up':>8} {'1st Brief':>10} {'2nd Brief':>10}"
        f" {'init + 1st':>11}  (medians, ms)"
    )
    summary: dict[str, Any] = {}
    for mode, rows in results.items():
        imported, warmed, first, second = (median([row[key] for row in rows]) * 1000 for key in
                                           ("import_s", "warm_up_s", "first_s", "second_s"))  # fmt: skip
        total = median([(r["import_s"] + r["warm_up_s"] + r["first_s"]) * 1000 for r in rows])
        summary[mode] = {
            "import_ms": imported,
            "warm_up_ms": warmed,
            "first_brief_ms": first,
            "second_brief_ms": second,
            "init_plus_first_ms": total,
            "starts": rows,
        }
        print(f"{mode:<5} {imported:7.0f} {warmed:8.0f} {first:10.0f} {second:10.0f} {total:11.0f}")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--runs", type=int, default=5, help="starts of each tree (default 5)")
    parser.add_argument("--port", type=int, default=8894, help="port to serve on (default 8894)")
    parser.add_argument(
        "--delay",
        type=float,
        default=0.0,
        help="seconds between /v1/health answering and the first Brief (default 0)",
    )
    parser.add_argument(
        "--tree",
        action="append",
        default=[],
        metavar="NAME=DIR",
        help="another tree's functions folder to time alike (repeatable)",
    )
    parser.add_argument(
        "--lambda",
        dest="lambda_handler",
        action="store_true",
        help="time the API handler as a Lambda execution environment instead of serve",
    )
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args(argv)
    trees = source_trees(args.tree)
    if args.lambda_handler:
        report = lambda_report(args.runs, trees["this"])
        if args.json:
            args.json.write_text(json.dumps({"machine": machine(), "results": report}, indent=2))
        return 0

    results: dict[str, list[dict[str, float]]] = {tree: [] for tree in trees}
    jobs = [(run, tree) for run in range(args.runs) for tree in trees]
    for run, tree in progress(jobs, "starts"):
        results[tree].append(one_start(trees[tree], args.port, args.delay, run))

    print(f"{machine()}; {args.runs} starts per tree, first Brief {args.delay:g} s after /health")
    print(
        f"{'tree':<8} {'to /health':>10} {'1st Brief':>10} {'2nd Brief':>10} {'1st - 2nd':>10}"
        "  (medians, ms)"
    )
    summary: dict[str, dict[str, Any]] = {}
    for tree, rows in results.items():
        health, first, second = (median([row[key] for row in rows]) * 1000 for key in
                                 ("health_s", "first_s", "second_s"))  # fmt: skip
        extra = median([(row["first_s"] - row["second_s"]) * 1000 for row in rows])
        summary[tree] = {
            "health_ms": health,
            "first_brief_ms": first,
            "second_brief_ms": second,
            "first_minus_second_ms": extra,
            "starts": rows,
        }
        print(f"{tree:<8} {health:10.0f} {first:10.0f} {second:10.0f} {extra:10.0f}")
    if args.json:
        payload = {"machine": machine(), "delay_s": args.delay, "results": summary}
        args.json.write_text(json.dumps(payload, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
