"""Time ``extract_article`` against plain ``trafilatura.extract`` on the same real pages.

Reads the development pages in ``../shared/data/extraction/{zyte,trafilatura-dev,wcxb-articles-dev}``
(``pages/<id>.html.gz`` and ``truth.jsonl``), decodes each page once, and runs both extractors on
the same string, one right after the other, alternating which goes first so that neither always
finds the other's caches warm. Both are warmed up before timing starts (imports, the language
model), so the numbers are steady state; cold start is a separate benchmark.

Pages where ``extract_article`` refuses the page (``not_an_article``, ``unsupported_media``) still
count for timing: the work was done. How often that happens is reported too, because every page
in these sets is an article.

Example:
    uv run python bench/bench_extraction.py --limit 200 --json /tmp/extraction-bench.json
"""

from __future__ import annotations

import contextlib
import gzip
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from _common import bench_parser, machine, progress

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data" / "extraction"
SETS = ("zyte", "trafilatura-dev", "wcxb-articles-dev")


@dataclass(frozen=True)
class Page:
    set_name: str
    id: str
    url: str
    path: Path


def _pages(data: Path, sets: list[str]) -> list[list[Page]]:
    per_set: list[list[Page]] = []
    for name in sets:
        truth = data / name / "truth.jsonl"
        if not truth.is_file():
            raise SystemExit(f"no truth.jsonl in {data / name} (see ../shared/data/README.md)")
        pages = []
        with truth.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    row = json.loads(line)
                    path = data / name / "pages" / f"{row['id']}.html.gz"
                    pages.append(Page(name, str(row["id"]), str(row.get("url") or ""), path))
        per_set.append(pages)
    return per_set


def _round_robin(per_set: list[list[Page]], limit: int | None) -> Iterator[Page]:
    """Pages taken in turn from each set, so that a limit still samples every set."""
    yielded = 0
    for index in range(max((len(p) for p in per_set), default=0)):
        for pages in per_set:
            if index < len(pages):
                if limit is not None and yielded >= limit:
                    return
                yielded += 1
                yield pages[index]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _summary(ms: list[float]) -> dict[str, float]:
    return {
        "p50": round(_percentile(ms, 0.50), 2),
        "p95": round(_percentile(ms, 0.95), 2),
        "mean": round(statistics.fmean(ms), 2) if ms else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(
        __doc__,
        "uv run python bench/bench_extraction.py --limit 200 --json /tmp/bench.json\n\n"
        "--limit takes pages in turn from each set, so 200 is about 67 from each.",
        data=DEFAULT_DATA,
        data_help="the extraction folder",
    )
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated set names")
    parser.add_argument("--limit", type=int, default=None, help="at most N pages in all")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per page and extractor; the fastest counts, which filters out moments when "
        "the machine was busy with something else (default 3)",
    )
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write results")
    args = parser.parse_args(argv)

    from trafilatura import extract

    from parallax.domain.encoding import decode_html
    from parallax.domain.errors import ParallaxError
    from parallax.domain.extraction import extract_article, warm_up

    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    pages = list(_round_robin(_pages(args.data, sets), args.limit))
    if not pages:
        raise SystemExit("no pages")

    warm_up()
    first = decode_html(gzip.decompress(pages[0].path.read_bytes()))
    extract(first, url=pages[0].url)
    with contextlib.suppress(ParallaxError):
        extract_article(first, pages[0].url)

    def run_ours(html: str, page: Page) -> tuple[float, str]:
        started = time.perf_counter()
        try:
            extract_article(html, page.url)
            outcome = "article"
        except ParallaxError as error:
            outcome = error.code
        return (time.perf_counter() - started) * 1000, outcome

    def run_theirs(html: str, page: Page) -> float:
        started = time.perf_counter()
        extract(html, url=page.url)
        return (time.perf_counter() - started) * 1000

    ours: list[float] = []
    theirs: list[float] = []
    per_set: dict[str, tuple[list[float], list[float]]] = {s: ([], []) for s in sets}
    outcomes: Counter[str] = Counter()
    refused: list[dict[str, str]] = []
    for index, page in enumerate(progress(pages, "pages")):
        html = decode_html(gzip.decompress(page.path.read_bytes()))
        runs_a: list[float] = []
        runs_b: list[float] = []
        for attempt in range(args.repeat):
            if (index + attempt) % 2:
                runs_b.append(run_theirs(html, page))
                elapsed, outcome = run_ours(html, page)
            else:
                elapsed, outcome = run_ours(html, page)
                runs_b.append(run_theirs(html, page))
            runs_a.append(elapsed)
        a, b = min(runs_a), min(runs_b)
        outcomes[outcome] += 1
        if outcome != "article":
            refused.append({"set": page.set_name, "id": page.id, "code": outcome})
        ours.append(a)
        theirs.append(b)
        per_set[page.set_name][0].append(a)
        per_set[page.set_name][1].append(b)

    results: dict[str, object] = {
        "pages": len(pages),
        "repeat": args.repeat,
        "machine": machine(),
        "extract_article_ms": _summary(ours),
        "trafilatura_extract_ms": _summary(theirs),
        "ratio": {
            "p50": round(_percentile(ours, 0.5) / _percentile(theirs, 0.5), 3),
            "p95": round(_percentile(ours, 0.95) / _percentile(theirs, 0.95), 3),
            "total": round(sum(ours) / sum(theirs), 3),
        },
        "outcomes": dict(outcomes),
        "not_an_article_rate": round(outcomes["not_an_article"] / len(pages), 4),
        "refused": refused,
        "per_set": {
            name: {
                "pages": len(a),
                "extract_article_ms": _summary(a),
                "trafilatura_extract_ms": _summary(b),
            }
            for name, (a, b) in per_set.items()
            if a
        },
    }

    print(f"{len(pages)} pages from {', '.join(sets)} on {results['machine']}")
    print(f"ms per page, fastest of {args.repeat} runs each, both extractors interleaved")
    print(f"{'':24} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for label, summary in (
        ("extract_article", results["extract_article_ms"]),
        ("trafilatura.extract", results["trafilatura_extract_ms"]),
    ):
        assert isinstance(summary, dict)
        print(f"{label:24} {summary['p50']:8.2f} {summary['p95']:8.2f} {summary['mean']:8.2f}")
    ratio = results["ratio"]
    assert isinstance(ratio, dict)
    print(
        f"ratio (ours / trafilatura): p50 {ratio['p50']}  p95 {ratio['p95']}  total {ratio['total']}"
    )
    refused_count = len(pages) - outcomes["article"]
    print(
        f"refused: {refused_count} of {len(pages)} "
        f"({', '.join(f'{k} {v}' for k, v in outcomes.items() if k != 'article') or 'none'})"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
