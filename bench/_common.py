"""Helpers shared by the benchmarks: data location, progress on a terminal, percentiles."""

from __future__ import annotations

import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    import os

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


def progress(items: list[Any], label: str) -> Iterator[Any]:
    """Yield items, drawing a counter on stderr only when it is a terminal."""
    from parallax.terminal_progress import TerminalProgress

    line = TerminalProgress(len(items), label)
    for item in items:
        yield item
        line.step()
    line.close()


def extraction_pages(sets: list[str], limit: int | None) -> list[tuple[str, str, bytes]]:
    """(set, url, raw html bytes) for the pages of the named extraction sets."""
    pages: list[tuple[str, str, bytes]] = []
    for name in sets:
        folder = DATA / "extraction" / name
        truth = folder / "truth.jsonl"
        if not truth.exists():
            sys.exit(f"missing {truth}: the evaluation data lives in ../shared/data")
        rows = [
            json.loads(line)
            for line in truth.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
        for row in rows[:limit]:
            path = folder / "pages" / f"{row['id']}.html.gz"
            if path.exists():
                pages.append((name, row.get("url") or "", gzip.decompress(path.read_bytes())))
    return pages


def source_trees(specs: list[str]) -> dict[str, Path]:
    """This checkout's ``functions`` folder as "this", then each ``--tree NAME=DIR`` given,
    every one checked to be what a child process with ``PYTHONPATH=DIR`` imports: an installed
    (editable) parallax would shadow a tree that is not there and be timed in its place."""
    trees = {"this": REPO / "functions"}
    for spec in specs:
        name, _, folder = spec.partition("=")
        trees[name] = Path(folder).resolve()
    for functions in trees.values():
        _check_tree(functions)
    return trees


def _check_tree(functions: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(functions)}
    done = subprocess.run(
        [sys.executable, "-c", "import parallax; print(parallax.__file__)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    if not Path(done.stdout.strip()).is_relative_to(functions.resolve()):
        raise SystemExit(f"parallax was imported from {done.stdout.strip()}, not from {functions}")
