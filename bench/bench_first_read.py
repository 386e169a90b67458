"""The first page a fresh process reads, with and without ``warm_up()`` before it (hard4).

Every run is a new interpreter (this one, ``PYTHONPATH`` = a tree's ``functions`` folder) that
imports ``parallax.domain.extraction``, calls ``warm_up()`` or not, then times ``read_page`` on
one page twice: the first read pays for whatever is still loaded lazily, the second is the same
page with everything loaded (the steady state, for scale). The pages are real ones from
``../shared/data``: articles (zyte, trafilatura-dev) and pages that are not articles (product,
service, listing and collection pages of pagetype/wcxb-dev, which also need the offer model).

``--tree NAME=DIR`` adds another tree (a ``git archive`` of main): trees, modes and pages are
interleaved run by run, so that load from other work on the machine falls on all alike.

Example:
    git archive main functions | tar -x -C /tmp/main
    uv run python bench/bench_first_read.py --runs 3 --tree main=/tmp/main/functions
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA, machine, median, progress, source_trees

# A child process: import, warm up (or not), read one page twice; prints the four times (s).
_CHILD = """
import json, sys, time
started = time.perf_counter()
from parallax.domain.extraction import read_page, warm_up
imported = time.perf_counter() - started
warmed = 0.0
if sys.argv[2] == "warm":
    started = time.perf_counter()
    warm_up()
    warmed = time.perf_counter() - started
html = open(sys.argv[1], encoding="utf-8").read()
times = []
for _ in range(2):
    started = time.perf_counter()
    read_page(html, sys.argv[3])
    times.append(time.perf_counter() - started)
print(json.dumps([imported, warmed, *times]))
"""
MODES = ("cold", "warm")
PAGE_SETS = {
    "article": [("extraction/zyte", None), ("extraction/trafilatura-dev", None)],
    "not an article": [
        ("pagetype/wcxb-dev", "product"),
        ("pagetype/wcxb-dev", "service"),
        ("pagetype/wcxb-dev", "listing"),
        ("pagetype/wcxb-dev", "collection"),
    ],
}


def pick_pages(folder: Path) -> list[tuple[str, str, Path]]:
    """(kind, url, html file) for the first page of each set (and page type) above."""
    picked: list[tuple[str, str, Path]] = []
    for kind, sets in PAGE_SETS.items():
        for name, page_type in sets:
            truth = DATA / name / "truth.jsonl"
            if not truth.exists():
                sys.exit(f"missing {truth}: the evaluation data lives in ../shared/data")
            for line in truth.read_text(encoding="utf-8").splitlines():
                row = json.loads(line)
                if page_type is not None and row.get("page_type") != page_type:
                    continue
                raw = gzip.decompress((DATA / name / "pages" / f"{row['id']}.html.gz").read_bytes())
                path = folder / f"{len(picked)}.html"
                path.write_text(raw.decode("utf-8", "replace"), encoding="utf-8")
                picked.append((kind, row.get("url") or "https://example.org/", path))
                break
    return picked


def read_once(functions: Path, page: Path, url: str, mode: str) -> list[float]:
    # Tests and benchmarks never reach the internet, and nothing here should poll.
    env = {**os.environ, "PYTHONPATH": str(functions), "PARALLAX_PROVIDERS": "index"}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(page), mode, url],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    times: list[float] = json.loads(done.stdout)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of every page (default 3)")
    parser.add_argument(
        "--tree",
        action="append",
        default=[],
        metavar="NAME=DIR",
        help="another tree's functions folder to time alike (repeatable)",
    )
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args(argv)
    trees = source_trees(args.tree)

    results: dict[str, dict[str, list[list[float]]]] = {
        tree: {mode: [] for mode in MODES} for tree in trees
    }
    with tempfile.TemporaryDirectory() as folder:
        pages = pick_pages(Path(folder))
        jobs = [
            (tree, mode, url, path)
            for _ in range(args.runs)
            for _, url, path in pages
            for tree in trees
            for mode in MODES
        ]
        for tree, mode, url, path in progress(jobs, "fresh processes"):
            results[tree][mode].append(read_once(trees[tree], path, url, mode))

    print(f"{machine()}; {len(pages)} pages x {args.runs} runs, one fresh process each")
    print(
        f"{'tree':<8} {'mode':<5} {'import':>8} {'warm_up':>9} {'1st read':>9} {'2nd read':>9}"
        f" {'1st - 2nd':>10}  (medians, ms)"
    )
    summary: dict[str, dict[str, dict[str, float]]] = {}
    for tree, modes in results.items():
        for mode, rows in modes.items():
            columns = list(zip(*rows, strict=True))
            imported, warmed, first, second = (median(list(c)) * 1000 for c in columns)
            extra = median([(r[2] - r[3]) * 1000 for r in rows])
            summary.setdefault(tree, {})[mode] = {
                "import_ms": imported,
                "warm_up_ms": warmed,
                "first_read_ms": first,
                "second_read_ms": second,
                "first_minus_second_ms": extra,
                "processes": len(rows),
            }
            print(
                f"{tree:<8} {mode:<5} {imported:8.0f} {warmed:9.0f} {first:9.1f} {second:9.1f}"
                f" {extra:10.1f}"
            )
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": summary}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
