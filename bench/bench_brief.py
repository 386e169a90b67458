"""Brief latency in-process (HTML given; cache miss and hit) and the API handler's import time.

Example:
    uv run python bench/bench_brief.py --limit 60 --json /tmp/brief.json
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from time import perf_counter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, bench_parser, extraction_pages, machine, median, percentile, progress


def import_time(runs: int) -> list[float]:
    """Seconds to import parallax.api.handler in a fresh interpreter, bytecode present."""
    code = (
        "import time; t = time.perf_counter(); import parallax.api.handler; "
        "print(time.perf_counter() - t)"
    )
    env_cmd = [sys.executable, "-c", code]
    subprocess.run(env_cmd, check=True, capture_output=True, cwd=REPO)  # writes bytecode
    return [
        float(subprocess.run(env_cmd, check=True, capture_output=True, text=True, cwd=REPO).stdout)
        for _ in range(runs)
    ]


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--limit", type=int, default=60, help="pages per set (default 60)")
    parser.add_argument("--imports", type=int, default=5, help="import-time runs (default 5)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    from parallax.config import Settings
    from parallax.domain.encoding import decode_html
    from parallax.domain.errors import ParallaxError
    from parallax.domain.models import BriefRequest
    from parallax.wiring import build_brief_service

    pages = extraction_pages(["zyte", "wcxb-articles-dev"], args.limit)
    miss: list[float] = []
    hit: list[float] = []
    refused = 0
    with tempfile.TemporaryDirectory() as home:
        service = build_brief_service(Settings(home=Path(home), providers=("index",)))
        for index, (_, url, raw) in enumerate(progress(pages, "briefs")):
            request = BriefRequest(
                url=url or f"https://bench.example/{index}", html=decode_html(raw)
            )
            started = perf_counter()
            try:
                service.brief(request)
            except ParallaxError:
                refused += 1
                continue
            miss.append((perf_counter() - started) * 1000)
            started = perf_counter()
            service.brief(request)
            hit.append((perf_counter() - started) * 1000)
    imports = import_time(args.imports)
    result = {
        "machine": machine(),
        "pages": len(pages),
        "refused": refused,
        "miss_ms": {"p50": median(miss), "p95": percentile(miss, 95)},
        "hit_ms": {"p50": median(hit), "p95": percentile(hit, 95)},
        "handler_import_s": {"median": median(imports), "max": max(imports)},
    }
    print(f"machine: {result['machine']}")
    print(f"pages: {len(pages)} (refused as not articles: {refused})")
    print(
        f"brief, cache miss, HTML given: p50 {median(miss):.1f} ms  p95 {percentile(miss, 95):.1f} ms"
    )
    print(
        f"brief, cache hit:              p50 {median(hit):.2f} ms  p95 {percentile(hit, 95):.2f} ms"
    )
    print(
        f"import parallax.api.handler:   median {median(imports):.3f} s  max {max(imports):.3f} s"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
