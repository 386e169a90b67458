"""How often, and for how long, one article is judged to be about browsing (cookies, ad blockers,
JavaScript, browsers: ``parallax.domain.page_notices.page_is_about_browsing``).

1. **One decision** on session 11's texts: 2,400 plain lines, and 2,400 lines of which 400 are
   about cookies (thread CPU, best of 5).
2. **Per article**, on the pages of the extraction dev sets (``--limit`` per set): every step a
   Brief and its corroboration take with the article, each in-process and offline: the page's
   reading (``read_page``, with ``short_story`` for a page refused as too short), the
   extractive summary, the model summariser whose client fails (its own check, the prompt, the
   extractive fallback), and a corroboration of the Brief whose one other report cannot be
   fetched (the alignment still reads the article). Every decision is counted wherever it is
   made, with its thread CPU.

Example:
    uv run python bench/bench_page_subject.py --limit 40
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import bench_parser, extraction_pages, machine, median, percentile, progress

PLAIN = (
    "The council approved the new tram line on Thursday after residents had asked for better "
    "connections to the northern districts."
)
ON_COOKIES = "Browsers will block third-party cookies for every site from next year, Google said."


def _count_decisions() -> tuple[list[float], Callable[[], None]]:
    """Thread CPU seconds of every page_is_about_browsing call from now on, wherever made, and
    the function that stops counting."""
    from parallax.domain import page_notices

    spent: list[float] = []
    decide = page_notices.page_is_about_browsing

    def counting(titles: Iterable[str | None], texts: Iterable[str]) -> bool:
        started = time.thread_time()
        try:
            return decide(titles, texts)
        finally:
            spent.append(time.thread_time() - started)

    patched = [
        module
        for module in list(sys.modules.values())
        if getattr(module, "page_is_about_browsing", None) is decide
    ]
    for module in patched:
        module.page_is_about_browsing = counting  # type: ignore[attr-defined]

    def stop() -> None:
        for module in patched:
            module.page_is_about_browsing = decide  # type: ignore[attr-defined]

    return spent, stop


def _one_decision() -> tuple[float, float]:
    from parallax.domain.page_notices import page_is_about_browsing

    plain = [PLAIN] * 2400
    mixed = [ON_COOKIES if i % 6 == 0 else PLAIN for i in range(2400)]
    best: list[float] = []
    for lines in (plain, mixed):
        runs = []
        for _ in range(5):
            started = time.thread_time()
            page_is_about_browsing([None], lines)
            runs.append(time.thread_time() - started)
        best.append(min(runs))
    return best[0], best[1]


class _FailingClient:
    def __getattr__(self, name: str) -> Any:
        raise ConnectionError("no model in this benchmark")


def _per_article(limit: int) -> dict[str, float]:
    from tests.fakes import MemoryCache

    import parallax.domain.extraction.page_reading  # noqa: F401 -- so its import is patched too
    from parallax.adapters.llm.settings import LlmSettings
    from parallax.adapters.llm.summariser import LlmSummariser
    from parallax.domain.corroboration_models import CorroborationRequest
    from parallax.domain.corroboration_service import CorroborationService
    from parallax.domain.errors import FetchFailed
    from parallax.domain.extraction import extract_article
    from parallax.domain.extraction.page_reading import read_page
    from parallax.domain.extractive_summariser import ExtractiveSummariser
    from parallax.domain.models import Brief, CacheInfo, Related
    from parallax.domain.ports import FetchedPage

    class _Unreachable:
        def fetch(self, url: str) -> FetchedPage:
            raise FetchFailed("no network in this benchmark")

    extractive = ExtractiveSummariser()
    model = LlmSummariser(_FailingClient, LlmSettings(provider="anthropic"), extractive)
    spent, stop = _count_decisions()
    counts: list[int] = []
    cpu_ms: list[float] = []
    try:
        pages = extraction_pages(["zyte", "trafilatura-dev", "wcxb-articles-dev"], limit)
        for _, url, raw in progress(pages, "pages"):
            spent.clear()
            reading = read_page(raw.decode("utf-8", "replace"), url or "https://example.org/a")
            if reading.is_article and reading.article.sentences:
                article = reading.article
                summary = extractive.summarise(article, article.language)
                model.summarise(article, article.language)
                brief = Brief(
                    article=article,
                    summary=summary,
                    related=Related(),
                    cache=CacheInfo(hit=False, key="k", ttl_s=60),
                    timings_ms={},
                )
                cache = MemoryCache()
                cache.entries["k"] = brief
                service = CorroborationService(
                    fetcher=_Unreachable(),
                    extractor=extract_article,
                    brief_cache=cache,
                    make_brief=lambda request, brief=brief: brief,
                    max_sources=5,
                    budget_s=5.0,
                )
                service.corroborate(
                    CorroborationRequest.model_validate(
                        {"article": {"key": "k"}, "others": [{"url": "https://o.example/a"}]}
                    )
                )
            counts.append(len(spent))
            cpu_ms.append(sum(spent) * 1000)
    finally:
        stop()
    return {
        "pages": len(counts),
        "decisions_mean": sum(counts) / len(counts),
        "decisions_max": max(counts),
        "cpu_ms_p50": median(cpu_ms),
        "cpu_ms_p95": percentile(cpu_ms, 95),
        "cpu_ms_max": max(cpu_ms),
        "cpu_ms_total": sum(cpu_ms),
    }


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--limit", type=int, default=40, help="pages per set (default 40)")
    args = parser.parse_args()
    # The model summariser's failures are expected here: its warnings are not the output.
    logging.disable(logging.WARNING)
    from parallax.domain.extraction import warm_up

    warm_up()
    plain, mixed = _one_decision()
    per_article = _per_article(args.limit)
    print(f"machine: {machine()}, load average {os.getloadavg()[0]:.1f}")
    print(
        f"one decision: 2,400 plain lines {plain * 1000:.1f} ms, 2,400 lines of which 400 about "
        f"cookies {mixed * 1000:.1f} ms (thread CPU, best of 5)"
    )
    print(
        f"per article ({per_article['pages']:.0f} pages: reading, extractive summary, model "
        f"summariser failing to its fallback, corroboration): decisions mean "
        f"{per_article['decisions_mean']:.2f}, max {per_article['decisions_max']:.0f}; their "
        f"thread CPU p50 {per_article['cpu_ms_p50']:.2f} ms, p95 {per_article['cpu_ms_p95']:.2f} "
        f"ms, max {per_article['cpu_ms_max']:.2f} ms, total {per_article['cpu_ms_total']:.0f} ms"
    )


if __name__ == "__main__":
    main()
