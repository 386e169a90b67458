"""Time the same-story similarity: per pair, with the source's features cached, and compare-only.

Texts are built from the original pairs of ``../shared/data/related/semeval-dev.jsonl``: each side
of a pair is extended with the same side of the following pairs up to ``--chars`` characters
(default 2,000, a long article lead), so every text is real news in its real language. Three ways
of paying for a pair are timed, each pair's fastest of ``--repeat`` runs counting:

* ``per pair``: :func:`features` of both texts, then :func:`similarity_of_features` (what one
  ``story_similarity`` call costs when neither story was seen before);
* ``source cached``: the source's features built once, each candidate's built per pair (how the
  related-coverage ranking scores many candidates against one article), with candidates of
  ``--chars`` and, as in production, of ``--snippet-chars`` (a feed item's title and snippet);
* ``compare only``: both feature sets ready.

Before timing, one untimed pass warms the per-word cache (folded words repeat across articles in a
long-running process). Cold start is reported separately: importing the module, and the first
``story_similarity`` call, in a fresh interpreter.

Example:
    uv run python bench/bench_similarity.py --limit 300 --chars 2000 --json /tmp/similarity-bench.json
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import bench_parser, machine, percentile, progress

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "related" / "semeval-dev.jsonl"

_COLD = """
import time
t0 = time.perf_counter()
from parallax.domain.similarity import Story, story_similarity
t1 = time.perf_counter()
story_similarity(Story("IOC and Japan agree to postpone the Tokyo Olympics", language="en"),
                 Story("IOC und Japan verschieben die Spiele in Tokio", language="de"))
t2 = time.perf_counter()
print((t1 - t0) * 1000, (t2 - t1) * 1000)
"""


def _pairs(path: Path, limit: int | None) -> list[tuple[str, str, str, str]]:
    if not path.is_file():
        raise SystemExit(f"no {path} (the evaluation data lives in ../shared/data)")
    rows: list[tuple[str, str, str, str]] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            if not row.get("augmented"):
                rows.append((row["lang1"], row["text1"], row["lang2"], row["text2"]))
    return rows[:limit] if limit else rows


def _extend(rows: list[tuple[str, str, str, str]], side: int, index: int, chars: int) -> str:
    """Side ``side`` of pair ``index``, continued with the same side of later pairs in that
    language until ``chars`` characters."""
    language = rows[index][2 * side]
    text = rows[index][2 * side + 1]
    step = index + 1
    while len(text) < chars and step < index + len(rows):
        other = rows[step % len(rows)]
        if other[2 * side] == language:
            text += "\n" + other[2 * side + 1]
        step += 1
    return text[:chars]


def _best(run: Any, repeat: int) -> float:
    return min(run() for _ in range(repeat))


def _summary(ms: list[float]) -> dict[str, float]:
    return {
        "p50": round(percentile(ms, 50), 4),
        "p95": round(percentile(ms, 95), 4),
        "mean": round(statistics.fmean(ms), 4) if ms else float("nan"),
    }


def _cold_start() -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _COLD],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    ).stdout.split()
    return {"import_ms": round(float(out[0]), 1), "first_call_ms": round(float(out[1]), 1)}


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(
        __doc__,
        "uv run python bench/bench_similarity.py --limit 300 --chars 2000 "
        "--json /tmp/similarity-bench.json",
        data=DEFAULT_DATA,
        data_help="semeval-dev.jsonl",
    )
    parser.add_argument("--limit", type=int, default=None, help="at most N pairs")
    parser.add_argument("--chars", type=int, default=2000, help="characters per text (2000)")
    parser.add_argument(
        "--snippet-chars",
        type=int,
        default=300,
        help="characters of a feed candidate (title and snippet) for the production case (300)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per pair; the fastest counts, filtering out moments when the machine was busy "
        "with something else (default 3)",
    )
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write results")
    args = parser.parse_args(argv)

    from parallax.domain.similarity import Story, features, similarity_of_features

    rows = _pairs(args.data, args.limit)
    if not rows:
        raise SystemExit("no pairs")
    stories = [
        (
            Story(_extend(rows, 0, i, args.chars), language=rows[i][0]),
            Story(_extend(rows, 1, i, args.chars), language=rows[i][2]),
            Story(rows[i][3][: args.snippet_chars], language=rows[i][2]),
        )
        for i in range(len(rows))
    ]

    for a, b, c in stories:  # warm the per-word cache, untimed
        similarity_of_features(features(a), features(b))
        features(c)

    per_pair: list[float] = []
    source_cached: list[float] = []
    source_cached_snippet: list[float] = []
    compare_only: list[float] = []
    for a, b, c in progress(stories, "pairs"):
        fa, fb = features(a), features(b)

        def whole(a: Story = a, b: Story = b) -> float:
            started = time.perf_counter()
            similarity_of_features(features(a), features(b))
            return (time.perf_counter() - started) * 1000

        def cached(fa: Any = fa, b: Story = b) -> float:
            started = time.perf_counter()
            similarity_of_features(fa, features(b))
            return (time.perf_counter() - started) * 1000

        def snippet(fa: Any = fa, c: Story = c) -> float:
            started = time.perf_counter()
            similarity_of_features(fa, features(c))
            return (time.perf_counter() - started) * 1000

        def compare(fa: Any = fa, fb: Any = fb) -> float:
            started = time.perf_counter()
            similarity_of_features(fa, fb)
            return (time.perf_counter() - started) * 1000

        per_pair.append(_best(whole, args.repeat))
        source_cached.append(_best(cached, args.repeat))
        source_cached_snippet.append(_best(snippet, args.repeat))
        compare_only.append(_best(compare, args.repeat))

    results: dict[str, Any] = {
        "pairs": len(stories),
        "chars": args.chars,
        "snippet_chars": args.snippet_chars,
        "repeat": args.repeat,
        "machine": machine(),
        "per_pair_ms": _summary(per_pair),
        "source_cached_ms": _summary(source_cached),
        "source_cached_snippet_ms": _summary(source_cached_snippet),
        "compare_only_ms": _summary(compare_only),
        "cold_start": _cold_start(),
    }

    print(f"{len(stories)} pairs of {args.chars}-character texts on {results['machine']}")
    print(f"ms per pair, fastest of {args.repeat} runs each, word cache warm")
    print(f"{'':46} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for label, key in (
        ("per pair (features of both + compare)", "per_pair_ms"),
        ("source cached (candidate features + compare)", "source_cached_ms"),
        (f"source cached, {args.snippet_chars}-char candidate", "source_cached_snippet_ms"),
        ("compare only (both cached)", "compare_only_ms"),
    ):
        s = results[key]
        print(f"{label:46} {s['p50']:>8.3f} {s['p95']:>8.3f} {s['mean']:>8.3f}")
    cold = results["cold_start"]
    print(
        f"cold start in a fresh interpreter: import {cold['import_ms']:.1f} ms, "
        f"first call {cold['first_call_ms']:.1f} ms"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
