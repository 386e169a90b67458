"""ROUGE sanity check of the extractive summariser against Lead-3, and its speed.

Reads the reference-summary sets (``*.jsonl`` with ``article``, ``reference``, ``lang``) from the
shared evaluation data beside the project; the data is never copied into the repository. For each
set it prints ROUGE-1 / ROUGE-2 / ROUGE-Lsum F1 (x100) of our selection and of Lead-3 (the first
three sentences, same splitter, same run) and our time per article (split + select) p50 / p95.
The metric follows ../shared/data/README.md: the ``rouge-score`` package, Porter stemming for
English only, one sentence per line.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rouge_score import rouge_scorer

from parallax.domain.extractive_summariser import select_sentences
from parallax.domain.sentences import split_sentences

DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "summaries"
METRICS = ("rouge1", "rouge2", "rougeLsum")
# Lead-3 as the data README reports it (measured with another splitter); printed for orientation.
PUBLISHED_LEAD3 = {"cnndm-dev": (40.6, 17.8, 36.6), "20min-dev": (30.5, 15.4, 29.0)}


@dataclass
class Result:
    name: str
    n: int
    ours: tuple[float, float, float]
    lead3: tuple[float, float, float]
    ms_p50: float
    ms_p95: float


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "example:\n"
            "  uv run python bench/bench_summaries.py\n"
            "  uv run python bench/bench_summaries.py --data ../shared/data/summaries "
            "--set cnndm-dev --limit 20 --json out.json"
        ),
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help=f"folder with the *.jsonl sets (default: {DEFAULT_DATA})",
    )
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        help="a set name (file stem); repeat for several; default: every set in --data",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N items per set")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    return parser.parse_args(argv)


def _load(path: Path, limit: int | None) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _evaluate(name: str, rows: list[dict[str, str]], progress: bool) -> Result:
    scorers = {
        stem: rouge_scorer.RougeScorer(list(METRICS), use_stemmer=stem) for stem in (True, False)
    }
    totals: dict[str, list[float]] = {"ours": [0.0] * 3, "lead3": [0.0] * 3}
    timings: list[float] = []
    for number, row in enumerate(rows, start=1):
        language = row.get("lang") or row.get("language") or "en"
        article = row.get("article") or row.get("text") or ""
        started = time.perf_counter()
        sentences = split_sentences(article, language)
        chosen = select_sentences(sentences, language)
        timings.append((time.perf_counter() - started) * 1000)
        reference = "\n".join(split_sentences(row["reference"], language))
        scorer = scorers[language.lower().startswith("en")]
        lead3 = list(range(min(3, len(sentences))))
        for system, picked in (("ours", chosen), ("lead3", lead3)):
            scores = scorer.score(reference, "\n".join(sentences[i] for i in picked))
            for k, metric in enumerate(METRICS):
                totals[system][k] += scores[metric].fmeasure
        if progress:
            print(f"\r{name}: {number}/{len(rows)}", end="", file=sys.stderr, flush=True)
    if progress:
        print("\r" + " " * 40 + "\r", end="", file=sys.stderr, flush=True)
    count = max(1, len(rows))

    def mean(system: str) -> tuple[float, float, float]:
        a, b, c = (100 * t / count for t in totals[system])
        return a, b, c

    return Result(
        name=name,
        n=len(rows),
        ours=mean("ours"),
        lead3=mean("lead3"),
        ms_p50=statistics.median(timings) if timings else 0.0,
        ms_p95=_percentile(timings, 0.95),
    )


def _print_table(results: list[Result]) -> None:
    header = f"{'set':<12} {'n':>4}  {'system':<16} {'R-1':>6} {'R-2':>6} {'R-Lsum':>7}"
    print(header + f"  {'ms p50':>7} {'ms p95':>7}")
    print("-" * (len(header) + 16))
    for r in results:
        print(
            f"{r.name:<12} {r.n:>4}  {'ours':<16} {r.ours[0]:6.2f} {r.ours[1]:6.2f} "
            f"{r.ours[2]:7.2f}  {r.ms_p50:7.2f} {r.ms_p95:7.2f}"
        )
        print(
            f"{'':<12} {'':>4}  {'lead-3':<16} {r.lead3[0]:6.2f} {r.lead3[1]:6.2f} {r.lead3[2]:7.2f}"
        )
        published = PUBLISHED_LEAD3.get(r.name)
        verdict = "yes" if _beats(r.ours, r.lead3) else "NO"
        if published:
            a, b, c = published
            print(f"{'':<12} {'':>4}  {'lead-3 (README)':<16} {a:6.2f} {b:6.2f} {c:7.2f}")
            verdict += f" (README figures: {'yes' if _beats(r.ours, published) else 'NO'})"
        print(f"{'':<12} {'':>4}  {'beats lead-3':<16} {verdict}")


def _beats(ours: Sequence[float], baseline: Sequence[float]) -> bool:
    return all(o > b for o, b in zip(ours, baseline, strict=True))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    data: Path = args.data
    if not data.is_dir():
        print(f"no evaluation data at {data} (see ../shared/data/README.md)", file=sys.stderr)
        return 2
    names = args.sets or sorted(p.stem for p in data.glob("*.jsonl"))
    progress = sys.stderr.isatty()
    results: list[Result] = []
    for name in names:
        path = data / f"{name}.jsonl"
        if not path.is_file():
            print(f"no set {name!r} in {data}", file=sys.stderr)
            return 2
        results.append(_evaluate(name, _load(path, args.limit), progress))
    _print_table(results)
    if args.json:
        payload = [r.__dict__ for r in results]
        args.json.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
