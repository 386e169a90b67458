"""Time the page-type judgement (issue 16): what it adds to reading a page.

For every page of ``../shared/data/pagetype/wcxb-dev`` and of the article sets in
``../shared/data/extraction`` (every ``--stride``-th page), ``read_page`` runs ``--repeat`` times;
the judgement's own time (gathering its signals from the parsed page and judging them,
``PageReading.judgement_seconds``) is kept at its fastest run, and so is the whole ``read_page``
for scale. The budget is 2 ms at the median.

``--dump`` writes, for every page, its signals, feature vector and verdict (one JSON line each):
two dumps of the same pages compare a change meant not to alter any output (``cmp`` or ``diff``).

``--against DIR`` times another version of the judgement in the same process on the same pages:
``DIR`` is the ``functions`` folder of another tree (a ``git archive`` of main), whose
``page_type.py`` and model judge each page's reading alternately with this tree's, so that load
from other work on the machine falls on both alike.

Example:
    uv run python bench/bench_page_type.py --stride 2 --json /tmp/page-type-bench.json
    uv run python bench/bench_page_type.py --repeat 1 --dump /tmp/page-type-verdicts.jsonl
    uv run python bench/bench_page_type.py --stride 4 --against /tmp/main/functions
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import sys
import time
from pathlib import Path
from typing import Any

from _common import DATA, machine, median, percentile, progress

SETS = {
    "wcxb-dev": DATA / "pagetype" / "wcxb-dev",
    "zyte": DATA / "extraction" / "zyte",
    "trafilatura-dev": DATA / "extraction" / "trafilatura-dev",
    "wcxb-articles-dev": DATA / "extraction" / "wcxb-articles-dev",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--stride", type=int, default=1, help="every n-th page (default 1)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per page (default 3)")
    parser.add_argument("--json", type=Path, default=None, metavar="OUT", help="write results")
    parser.add_argument(
        "--dump", type=Path, default=None, metavar="OUT",
        help="write every page's signals, features and verdict (JSON lines)",
    )  # fmt: skip
    parser.add_argument(
        "--against", type=Path, default=None, metavar="DIR",
        help="another tree's functions/ folder: its judgement timed alternately in this process",
    )  # fmt: skip
    args = parser.parse_args(argv)

    from parallax.domain.encoding import decode_html
    from parallax.domain.errors import ParallaxError
    from parallax.domain.extraction import page_reading, read_page, warm_up
    from parallax.domain.page_type import features

    warm_up()
    ours = (page_reading.read_signals, page_reading.judge_page)
    theirs = _other_judgement(args.against) if args.against else None
    other_ms: list[float] = []
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
        judged, whole, other = [], [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            try:
                reading = read_page(html, url)
                if theirs is not None:
                    page_reading.read_signals, page_reading.judge_page = theirs
                    other.append(read_page(html, url).judgement_seconds * 1000)
                    page_reading.read_signals, page_reading.judge_page = ours
            except ParallaxError:
                break
            whole.append((time.perf_counter() - started) * 1000)
            judged.append(reading.judgement_seconds * 1000)
        if other and len(other) == len(judged):
            other_ms.append(min(other))
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
    if theirs is not None:
        print(
            f"{'against':<20} {median(other_ms):>10.3f} {percentile(other_ms, 95):>10.3f}"
            f"   ({args.against}, same runs)"
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


def _other_judgement(functions: Path) -> tuple[Any, Any]:
    """``read_signals`` and ``judge_page`` of the page_type module in another tree, reading that
    tree's own model (its features may differ from this tree's)."""
    import importlib.util

    folder = functions / "parallax" / "domain"
    spec = importlib.util.spec_from_file_location("other_page_type", folder / "page_type.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"no page_type.py under {folder}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    raw = json.loads((folder / "data" / "page_type_model.json").read_text("utf-8"))
    # The model as that tree reads it (since the offer model, _read_model builds it).
    model = module._read_model(raw)
    module._model = lambda: model
    return module.read_signals, module.judge_page


if __name__ == "__main__":
    sys.exit(main())
