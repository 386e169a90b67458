"""Import time of the API handler in a fresh interpreter, for source trees compared in one run.

``bench_cold_start.py`` measures the real thing (the ``sam build`` artifact under python3.12);
this is the quick check for a change that moves modules: no build, this interpreter and its
site-packages, and the trees interleaved (ABBA order) so that the machine's load hits them alike.
It also counts the modules the import loads and names any heavy SDK loaded at import (none
should be: trafilatura, readability, htmldate and anthropic are imported on first use).

    # this checkout against a copy of main made with `git archive main | tar -x -C /tmp/main`
    uv run python bench/bench_handler_import.py --tree main=/tmp/main/functions --runs 21
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser, machine, median, source_trees

HEAVY = ("anthropic", "trafilatura", "readability", "htmldate")
_TIMER = (
    "import json, sys, time; t = time.perf_counter(); import parallax.api.handler; "
    "took = time.perf_counter() - t; "
    f"print(json.dumps([took, len(sys.modules), [m for m in {HEAVY!r} if m in sys.modules], "
    "sys.modules['parallax'].__file__]))"
)


def import_once(functions: Path) -> tuple[float, int, list[str]]:
    # Tests and benchmarks never reach the internet, and nothing here should poll.
    env = {**os.environ, "PYTHONPATH": str(functions), "PARALLAX_PROVIDERS": "index"}
    done = subprocess.run(
        [sys.executable, "-c", _TIMER], env=env, capture_output=True, text=True, check=True
    )
    took, modules, heavy, package = json.loads(done.stdout)
    # An installed (editable) parallax would shadow a tree that is not there: refuse to time it.
    if not Path(package).is_relative_to(functions.resolve()):
        raise SystemExit(f"parallax was imported from {package}, not from {functions}")
    return float(took), int(modules), list(heavy)


def main() -> None:
    parser = bench_parser(
        __doc__,
        "uv run python bench/bench_handler_import.py --tree main=/tmp/main/functions --runs 21",
    )
    parser.add_argument(
        "--tree",
        action="append",
        default=[],
        metavar="LABEL=PATH",
        help="another source tree (its functions/ folder) to compare; repeatable",
    )
    parser.add_argument("--runs", type=int, default=15, help="imports per tree (default 15)")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    args = parser.parse_args()

    trees = source_trees(args.tree)
    for functions in trees.values():
        import_once(functions)  # writes the bytecode, as a deployed bundle has it
    times: dict[str, list[float]] = {label: [] for label in trees}
    loaded: dict[str, tuple[int, list[str]]] = {}
    order = list(trees)
    for run in range(args.runs):
        for label in order if run % 2 == 0 else reversed(order):
            took, modules, heavy = import_once(trees[label])
            times[label].append(took)
            loaded[label] = (modules, heavy)

    print(f"import parallax.api.handler, fresh interpreter, {args.runs} runs each, {machine()}")
    results = {}
    for label, values in times.items():
        modules, heavy = loaded[label]
        results[label] = {
            "median_ms": round(median(values) * 1000, 1),
            "min_ms": round(min(values) * 1000, 1),
            "max_ms": round(max(values) * 1000, 1),
            "modules": modules,
            "heavy_imported": heavy,
        }
        print(
            f"{label:16s} median {median(values) * 1000:7.1f} ms  min {min(values) * 1000:7.1f}"
            f"  max {max(values) * 1000:7.1f}  modules {modules}  heavy: {heavy or 'none'}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
