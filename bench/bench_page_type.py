"""Time the page-type judgement (issue 16): what it adds to reading a page.

For every page of ``../shared/data/pagetype/wcxb-dev`` and of the article sets in
``../shared/data/extraction`` (every ``--stride``-th page), ``read_page`` runs ``--repeat`` times;
the judgement's own time (gathering its signals from the parsed page and judging them,
``PageReading.judgement_seconds``) is kept at its fastest run, and so is the whole ``read_page``
for scale. The budget is 2 ms at the median.

``--dump`` writes, for every page, its signals, feature vector and verdict (one JSON line each):
two dumps of the same pages compare a change meant not to alter any output (``cmp`` or ``diff``).

Example:
    uv run python bench/bench_page_type.py --stride 2 --json /tmp/page-type-bench.json
    uv run python bench/bench_page_type.py --repeat 1 --dump /tmp/page-type-verdicts.jsonl
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import sys
import time
from pathlib import Path

from _common import DATA, machine, median, percentile, progress

SETS = {
    "wcxb-dev": DATA / "pagetype" / "wcxb-dev",
    "zyte": DATA / "extraction" / "zyte",
    "trafilatura-dev": DATA / "extraction" / "trafilatura-dev",
    "wcxb-articles-dev": DATA / "extraction" / "wcxb-articles-dev",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__)
    parser.add_argument("--stride", type=int, default=1, help="every n-th page (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page (default 3)")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write results")
    parser.add_argument(
        "--dump", type=Path, default=None, metavar="OUT",
        help="write every page's signals, features and verdict (JSON lines)",
    )  # fmt: skip
    args = parser.parse_args(argv)

    from parallax.domain.encoding import decode_html
    from parallax.domain.errors import ParallaxError
    from parallax.domain.extraction import read_page, warm_up
    from parallax.domain.page_type import features

    warm_up()
    jobs: list[tuple[str, str, Path]] = []
    for name, folder in SETS.items():
        rows = [json.loads(x) for x in (folder / "truth.jsonl").read_text().splitlines() if x]
        jobs += [
            (name, str(r.get("url") or ""), folder / "pages" / f"{r['id']}.html.gz")
            for r in rows[:: args.stride]
        ]
    judge_ms: dict[str, list[float]] = {name: [] for name in SETS}
    read_ms: dict[str, list[float]] = {name: [] for name in SETS}
    dumped: list[str] = []
    for name, url, path in progress(jobs, "pages"):
        html = decode_html(gzip.decompress(path.read_bytes()))
        judged, whole = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            try:
                reading = read_page(html, url)
            except ParallaxError:
                break
            whole.append((time.perf_counter() - started) * 1000)
            judged.append(reading.judgement_seconds * 1000)
        if args.dump and judged:
            signals = dataclasses.asdict(reading.signals)
            signals["declared_types"] = sorted(signals["declared_types"])
            verdict = dataclasses.asdict(reading.judgement)
            row = {"set": name, "page": path.name, "signals": signals}
            row |= {"features": features(reading.signals), "verdict": verdict}
            dumped.append(json.dumps(row, sort_keys=True))
        if judged:
            judge_ms[name].append(min(judged))
            read_ms[name].append(min(whole))

    every_judge = [v for values in judge_ms.values() for v in values]
    every_read = [v for values in read_ms.values() for v in values]
    print(f"{len(every_judge)} pages on {machine()}, fastest of {args.repeat} runs")
    print(f"{'set':<20} {'judge p50':>10} {'judge p95':>10} {'read_page p50':>14}")
    for name in [*SETS, "all"]:
        judged = every_judge if name == "all" else judge_ms[name]
        whole = every_read if name == "all" else read_ms[name]
        print(
            f"{name:<20} {median(judged):>10.3f} {percentile(judged, 95):>10.3f}"
            f" {median(whole):>14.1f}"
        )
    if args.dump:
        args.dump.write_text("".join(line + "\n" for line in dumped))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": machine(),
                    "repeat": args.repeat,
                    "stride": args.stride,
                    "judgement_ms": {
                        n: {"p50": median(v), "p95": percentile(v, 95), "pages": len(v)}
                        for n, v in [*judge_ms.items(), ("all", every_judge)]
                    },
                },
                indent=2,
            )
            + "\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
