"""What reading a ``POST /v1/briefs`` body costs, with the duplicate-field check of the hardening
issue and without it (the baseline: pydantic's reading alone), in the same run.

Bodies are the Briefs the extension sends: ``{url, html, language}`` with the HTML of every page
of ``../shared/data/extraction/{zyte,trafilatura-dev,wcxb-articles-dev}``, plus one body at the
5 MB HTML limit. Each body is read ``--repeat`` times; the median per body is kept.

Example:
    uv run python bench/bench_request_body.py --repeat 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from functools import partial

from _common import extraction_pages, machine, percentile, progress
from parallax.api.bodies import check_json_objects, parse_json_body
from parallax.domain.encoding import decode_html
from parallax.domain.models import MAX_HTML_BYTES, BriefRequest

SETS = ["zyte", "trafilatura-dev", "wcxb-articles-dev"]


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="pages per set")
    args = parser.parse_args()
    bodies = [
        json.dumps({"url": "https://example.org/a", "html": decode_html(raw), "language": "en"})
        for _, _, raw in extraction_pages(SETS, args.limit)
    ]
    paragraph = "<p>Some words of an article, and a few more words after them.</p>"
    at_limit = (
        "<html><body>" + paragraph * (MAX_HTML_BYTES // len(paragraph) - 1) + "</body></html>"
    )
    biggest = json.dumps({"url": "https://example.org/a", "html": at_limit})
    rows: dict[str, list[float]] = {"pydantic": [], "body": [], "check": []}
    for body in progress(bodies, "bodies"):
        raw = body.encode("utf-8")
        rows["pydantic"].append(
            _median_ms(partial(BriefRequest.model_validate_json, raw), args.repeat)
        )
        rows["check"].append(_median_ms(partial(check_json_objects, raw), args.repeat))
        read = partial(
            parse_json_body, body, False, "application/json", model=BriefRequest,
            max_bytes=6_000_000, empty_hint="",
        )  # fmt: skip
        rows["body"].append(_median_ms(read, args.repeat))
    sizes = sorted(len(b.encode("utf-8")) for b in bodies)
    print(f"machine: {machine()}")
    print(f"{len(bodies)} real bodies, {percentile(sizes, 50) / 1000:.0f} KB median, "
          f"{sizes[-1] / 1000:.0f} KB largest")  # fmt: skip
    for name, label in [
        ("pydantic", "pydantic reading alone (baseline)"),
        ("check", "object check alone (twice, too many)"),
        ("body", "parse_json_body, check included"),
    ]:
        values = rows[name]
        print(f"  {label:36s} p50 {percentile(values, 50):6.2f} ms   "
              f"p95 {percentile(values, 95):6.2f} ms   max {max(values):6.2f} ms")  # fmt: skip
    raw = biggest.encode("utf-8")
    print(f"one body at the 5 MB HTML limit ({len(raw) / 1e6:.1f} MB):")
    alone = _median_ms(partial(BriefRequest.model_validate_json, raw), args.repeat)
    check = _median_ms(partial(check_json_objects, raw), args.repeat)
    print(f"  pydantic {alone:.2f} ms   check {check:.2f} ms")


if __name__ == "__main__":
    main()
