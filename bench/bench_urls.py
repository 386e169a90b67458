"""URL canonicalisation: Parallax's rule set against courlan's normaliser, same data, same run.

Correctness is scored on the case table of tests/unit/test_urls.py (every given URL and every
expected canonical form): for each pair of those URLs, the truth is "same article" when their
expected forms are equal, and a canonicaliser says "same" when its outputs are equal. Reported:
pairs it merges that should stay apart (false merges: one Brief served for another article),
pairs it keeps apart that should merge (missed merges: a cache miss), and exact forms.

Speed is per URL over real article URLs: the UCI rows of ``../shared/data/related/uci-dev.csv``
and the page URLs of the extraction sets' truth files.

``--previous FILE`` adds an older ``urls.py`` (e.g. from ``git show``) as a third candidate and
counts the real URLs whose canonical form it gives differently (keys that change).

Example:
    git show f851c1f:functions/parallax/domain/urls.py > /tmp/old_urls.py
    uv run python bench/bench_urls.py --previous /tmp/old_urls.py --repeat 5
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import itertools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA, REPO, machine

sys.path.insert(0, str(REPO))

Canonicaliser = Callable[[str], str]


def _real_urls() -> list[str]:
    urls: list[str] = []
    uci = DATA / "related" / "uci-dev.csv"
    if uci.is_file():
        with uci.open(encoding="utf-8", newline="") as handle:
            urls.extend(row["URL"] for row in csv.DictReader(handle) if row.get("URL"))
    for truth in sorted((DATA / "extraction").glob("*/truth.jsonl")):
        with truth.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    url = json.loads(line).get("url")
                    if isinstance(url, str) and url.startswith("http"):
                        urls.append(url)
    if not urls:
        raise SystemExit(f"no URLs under {DATA} (the evaluation data lives in ../shared/data)")
    return urls


def _safe(function: Canonicaliser, url: str) -> str:
    try:
        return function(url) or f"<none:{url}>"
    except ValueError:
        return f"<error:{url}>"


def _score(function: Canonicaliser, cases: list[tuple[str, str]]) -> dict[str, float]:
    labelled = dict(cases)
    labelled.update({expected: expected for _, expected in cases})
    outputs = {url: _safe(function, url) for url in labelled}
    false_merges = missed = same_pairs = other_pairs = 0
    for a, b in itertools.combinations(labelled, 2):
        truth, said = labelled[a] == labelled[b], outputs[a] == outputs[b]
        same_pairs += truth
        other_pairs += not truth
        false_merges += said and not truth
        missed += truth and not said
    exact = sum(_safe(function, given) == expected for given, expected in cases)
    return {
        "false_merges": false_merges,
        "different_pairs": other_pairs,
        "missed_merges": missed,
        "same_pairs": same_pairs,
        "exact": exact,
        "cases": len(cases),
    }


def _per_url_us(function: Canonicaliser, urls: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for url in urls:
            _safe(function, url)
        best = min(best, time.perf_counter() - started)
    return best / len(urls) * 1e6


def _load(path: Path) -> Canonicaliser:
    spec = importlib.util.spec_from_file_location("previous_urls", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function: Canonicaliser = module.canonical_url
    return function


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--previous", type=Path, help="an older urls.py to compare with")
    parser.add_argument("--repeat", type=int, default=5, help="timing runs; the best is kept")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    from courlan import normalize_url
    from tests.unit.test_urls import CANONICAL_CASES

    from parallax.domain.urls import canonical_url

    candidates: dict[str, Canonicaliser] = {
        "parallax rule set": canonical_url,
        "courlan.normalize_url": normalize_url,
    }
    previous = _load(args.previous) if args.previous else None
    if previous is not None:
        candidates["previous urls.py"] = previous
    urls = _real_urls()
    results = {}
    print(f"machine: {machine()}; {len(CANONICAL_CASES)} cases; {len(urls)} real URLs")
    print(
        f"{'canonicaliser':24} {'false merges':>14} {'missed merges':>14} {'exact':>8} {'µs/URL':>8}"
    )
    for name, function in candidates.items():
        score = _score(function, CANONICAL_CASES)
        speed = _per_url_us(function, urls, args.repeat)
        results[name] = {**score, "us_per_url": round(speed, 2)}
        print(
            f"{name:24} {score['false_merges']:>6}/{score['different_pairs']:<7}"
            f" {score['missed_merges']:>6}/{score['same_pairs']:<7}"
            f" {score['exact']:>3}/{score['cases']:<4} {speed:>8.1f}"
        )
    if previous is not None:
        changed = sum(_safe(previous, u) != _safe(canonical_url, u) for u in urls)
        results["real_urls_changed_vs_previous"] = {"changed": changed, "urls": len(urls)}
        print(f"real URLs whose canonical form changed vs previous: {changed}/{len(urls)}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
