"""Faithfulness guard (issue 15, item 11): what the meaning checks cost per bullet, against the
lexical checks alone (the guard before issue 15) on the same bullets, in the same run.

The bullets are those of the perturbation suite (``parallax eval guard``): real sentences of
../shared/data in en, de, fr and es, each with its faithful paraphrases and perturbations. Each
bullet is guarded in its own three-bullet summary, as the summariser does it.

Example:
    uv run python bench/bench_guard.py --texts 30 --json /tmp/guard.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA, bench_parser, machine, median, percentile, progress


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--texts", type=int, default=30, help="texts per language (default 30)")
    parser.add_argument("--data", type=Path, default=DATA, help="the evaluation data folder")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    from parallax.evaluation.guard import _article, generate_cases, guard_drops, load_sources

    sources = load_sources(args.data, args.texts)
    articles = {s.id: _article(s) for s in sources}
    cases = generate_cases(sources)
    timings: dict[str, list[float]] = {"lexical": [], "guard": []}
    for case in progress(cases, "bullets"):
        # Alternate which mode goes first, so that neither always runs on a warm cache.
        modes = ("lexical", "guard") if len(timings["guard"]) % 2 else ("guard", "lexical")
        for mode in modes:
            started = perf_counter()
            guard_drops(case, articles[case.source], lexical_only=mode == "lexical")
            timings[mode].append((perf_counter() - started) * 1000)

    print(f"machine: {machine()}")
    print(f"{len(cases)} bullets from {len(sources)} texts; ms per three-bullet summary guarded")
    results = {}
    for mode, values in timings.items():
        row = {
            "p50_ms": round(median(values), 3),
            "p95_ms": round(percentile(values, 95), 3),
            "max_ms": round(max(values), 3),
        }
        results[mode] = row
        print(f"{mode:8} p50 {row['p50_ms']:.3f}  p95 {row['p95_ms']:.3f}  max {row['max_ms']:.3f}")
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "bullets": len(cases), **results}))


if __name__ == "__main__":
    main()
