"""Feed parsing benchmark (issue 15, items 9 and 10): time to parse (or refuse) ordinary and
hostile feeds with ``parse_feed``, against the baseline of the same bytes handed straight to
feedparser (what ``parse_feed`` did after its entity check before issue 15).

Hostile shapes: 100,000 attributes on one item (1 MB; 173 s reported), the same in a malformed
feed (strict parse fails, then the lenient one), a flood of 1,000,000 empty elements (4 MB), a
megabyte of bytes in no declared encoding (feedparser runs chardet on it), and an ordinary feed in
UTF-32 and in EBCDIC (cp500), and a megabyte of unclosed ``<script`` or ``<!--`` in one item's
description. The baseline runs in a child process, killed after --timeout s; --only picks cases.

Example:
    uv run python bench/bench_feeds.py --repeat 3 --timeout 60 --json /tmp/feeds.json
"""

from __future__ import annotations

import io
import json
import multiprocessing
import sys
from collections.abc import Callable
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser, machine, median, progress


def _rss(items: str, *, item_open: str = "<item>", tail: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<link>https://feed.example/</link>{item_open}<title>Hostile</title>"
        f"<link>https://feed.example/h</link></item>{items}{tail}</channel></rss>"
    ).encode()


def _ordinary_items(count: int) -> str:
    return "".join(
        f"<item><title>Story number {n} about the budget</title>"
        f"<link>https://feed.example/2026/12/story-{n}</link><guid>urn:s:{n}</guid>"
        f"<pubDate>Fri, 04 Dec 2026 10:00:00 +0000</pubDate>"
        f'<enclosure url="https://feed.example/i/{n}.jpg" length="1" type="image/jpeg"/>'
        f"<description>&lt;p&gt;A teaser of two sentences for story {n}. "
        f"It says what happened.&lt;/p&gt;</description></item>"
        for n in range(count)
    )


def cases() -> dict[str, bytes]:
    attributes = " ".join(f'a{n}="x"' for n in range(100_000))
    ordinary = _rss(_ordinary_items(100))
    return {
        "ordinary, 100 items": ordinary,
        "ordinary, 500 items": _rss(_ordinary_items(500)),
        "ordinary, 100 items, UTF-32": ordinary.replace(b"utf-8", b"UTF-32")
        .decode()
        .encode("utf-32"),
        "ordinary, 100 items, cp500": ordinary.replace(b"utf-8", b"cp500").decode().encode("cp500"),
        "100k attributes on one item": _rss("", item_open=f"<item {attributes}>"),
        "100k attributes, malformed": _rss("& stray", item_open=f"<item {attributes}>"),
        "1M empty elements": _rss("<x/>" * 1_000_000),
        "1 MB undeclared non-UTF-8 bytes": _rss("").replace(
            b"Hostile", b"Hostile " + bytes(range(128, 256)) * 8000
        ),
        # plain_text's expressions scanned to the end from every unclosed opener (attack3).
        "1 MB description, unclosed <script": _rss("").replace(
            b"Hostile</title>",
            b"Hostile</title><description>" + b"&lt;script " * 90_000 + b"</description>",
        ),
        "1 MB description, unclosed <!--": _rss("").replace(
            b"Hostile</title>",
            b"Hostile</title><description>" + b"&lt;!--" * 140_000 + b"</description>",
        ),
    }


def _parallax(data: bytes) -> str:
    from parallax.domain.errors import ParallaxError
    from parallax.ingest.feeds import parse_feed

    try:
        return f"{len(parse_feed(data).items)} items"
    except ParallaxError as error:
        return f"refused: {error.code}"


def _feedparser(data: bytes) -> str:
    import feedparser  # type: ignore[import-untyped, unused-ignore]

    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    return f"{len(parsed.entries)} entries"


def _child(target: Callable[[bytes], str], data: bytes, out: multiprocessing.Queue[object]) -> None:
    started = perf_counter()
    outcome = target(data)
    out.put((perf_counter() - started, outcome))


def timed(target: Callable[[bytes], str], data: bytes, timeout: float) -> tuple[float | None, str]:
    """Seconds and outcome of ``target(data)`` in a fresh child (imports warmed first), or
    ``(None, "timeout")``."""
    context = multiprocessing.get_context("fork")
    queue: multiprocessing.Queue[object] = context.Queue()
    process = context.Process(target=_child, args=(target, data, queue))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return None, "timeout"
    seconds, outcome = queue.get()  # type: ignore[misc]
    return float(seconds), str(outcome)


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--repeat", type=int, default=3, help="runs per case (median reported)")
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds before a run is killed"
    )
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    args = parser.parse_args()

    # Warm the imports in the parent so that forked children time parsing only.
    _parallax(b"<rss/>")
    _feedparser(b"<rss/>")
    rows = []
    chosen = [(name, data) for name, data in cases().items() if args.only in name]
    for name, data in progress(chosen, "cases"):
        row: dict[str, object] = {"case": name, "bytes": len(data)}
        for label, target in (("parallax", _parallax), ("feedparser", _feedparser)):
            runs = [timed(target, data, args.timeout) for _ in range(args.repeat)]
            seconds = [s for s, _ in runs if s is not None]
            row[label] = median(seconds) if len(seconds) == len(runs) else None
            row[f"{label}_outcome"] = runs[-1][1]
        rows.append(row)

    print(f"machine: {machine()}")
    print(
        f"{'case':34} {'bytes':>9} {'parse_feed':>11}  {'outcome':24} {'feedparser':>11}  outcome"
    )
    for row in rows:
        ours = (
            f"{row['parallax']:.3f} s" if row["parallax"] is not None else f">{args.timeout:.0f} s"
        )
        theirs = (
            f"{row['feedparser']:.3f} s"
            if row["feedparser"] is not None
            else f">{args.timeout:.0f} s"
        )
        print(
            f"{row['case']:34} {row['bytes']:>9} {ours:>11}  {row['parallax_outcome']!s:24} "
            f"{theirs:>11}  {row['feedparser_outcome']}"
        )
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
