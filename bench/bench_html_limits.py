"""The structure real articles have, against the limits checked before parsing, and what the
check and the hostile pages of issue 15 cost.

Reads every page of ``../shared/data/extraction/{zyte,trafilatura-dev,wcxb-articles-dev}``,
measures elements, attributes (total and most on one element) and nesting depth with
``parallax.domain.html_limits.html_shape``, and prints the maxima next to the limits: no real
page may come near them. Then times the shape check on the largest real page and on the hostile
pages (one ``<h1>`` with 100 000 attributes; 500 000 empty ``<p>``; 100 000 nested ``<div>``).

Example:
    uv run python bench/bench_html_limits.py
"""

from __future__ import annotations

import time

from _common import extraction_pages, machine, percentile, progress
from parallax.domain.encoding import decode_html
from parallax.domain.errors import TooLarge
from parallax.domain.html_limits import (
    MAX_ATTRIBUTES,
    MAX_ATTRIBUTES_PER_ELEMENT,
    MAX_DEPTH,
    MAX_ELEMENTS,
    check_html_shape,
    html_shape,
)

SETS = ["zyte", "trafilatura-dev", "wcxb-articles-dev"]

HOSTILE = {
    "h1 with 100k attributes": "<html><body><h1 "
    + " ".join(f"a{i}=x" for i in range(100_000))
    + ">t</h1></body></html>",
    "500k empty <p>": "<html><body>" + "<p></p>" * 500_000 + "</body></html>",
    "100k nested <div>": "<html><body>" + "<div>" * 100_000 + "</body></html>",
}


def _timed(html: str) -> tuple[float, str]:
    started = time.perf_counter()
    try:
        check_html_shape(html)
        verdict = "accepted"
    except TooLarge:
        verdict = "too_large"
    return (time.perf_counter() - started) * 1000, verdict


def main() -> None:
    pages = extraction_pages(SETS, None)
    maxima = {"elements": 0, "attributes": 0, "attributes_per_element": 0, "depth": 0}
    largest = ""
    refused = 0
    check_ms: list[float] = []
    for _, _, raw in progress(pages, "pages"):
        html = decode_html(raw)
        if len(html) > len(largest):
            largest = html
        started = time.perf_counter()
        try:
            check_html_shape(html)
        except TooLarge:
            refused += 1
        check_ms.append((time.perf_counter() - started) * 1000)
        shape = html_shape(html)
        maxima["elements"] = max(maxima["elements"], shape.elements)
        maxima["attributes"] = max(maxima["attributes"], shape.attributes)
        maxima["attributes_per_element"] = max(
            maxima["attributes_per_element"], shape.max_attributes_per_element
        )
        maxima["depth"] = max(maxima["depth"], shape.max_depth)
    limits = {
        "elements": MAX_ELEMENTS,
        "attributes": MAX_ATTRIBUTES,
        "attributes_per_element": MAX_ATTRIBUTES_PER_ELEMENT,
        "depth": MAX_DEPTH,
    }
    print(f"machine: {machine()}")
    print(f"pages: {len(pages)}")
    print(f"{'measure':<24}{'max seen':>10}{'limit':>10}")
    for name, seen in maxima.items():
        print(f"{name:<24}{seen:>10}{limits[name]:>10}")
    print(
        f"refused: {refused} of {len(pages)}; check time per page: "
        f"median {percentile(check_ms, 50):.1f} ms, p95 {percentile(check_ms, 95):.1f} ms, "
        f"max {max(check_ms):.1f} ms"
    )
    ms, verdict = _timed(largest)
    print(f"check on the largest real page ({len(largest)} chars): {ms:.1f} ms, {verdict}")
    for name, html in HOSTILE.items():
        ms, verdict = _timed(html)
        print(f"check on {name} ({len(html)} chars): {ms:.1f} ms, {verdict}")


if __name__ == "__main__":
    main()
