"""Wall time of the whole related-coverage step with three providers that each take ~1 s.

Three loopback fakes answer in the providers' real formats after a fixed delay: Google News RSS
(searched in several language editions, in parallel), GDELT DOC 2.0 JSON, and a second RSS
endpoint standing in for the feed index (the real index is a local SQLite file answering in
milliseconds; here it is made as slow as the others). The step is ``RelatedService.find``: query
building, the parallel provider calls, parsing, and ranking of every candidate. Target: at most
1.5 s wall when every provider answers within 1 s.

Ranking uses the project's ``story_similarity``; while that is still a stub, a simple word-overlap
stand-in is used and the output says so.

Example:
    uv run python bench/bench_related.py --runs 10 --delay 1.0 --json /tmp/related.json
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import bench_parser, machine, median, percentile, progress

if TYPE_CHECKING:
    from tests.support.fake_providers import GdeltArticle, RssItem

    from parallax.domain.models import Article
    from parallax.domain.ports import RelatedProvider
    from parallax.domain.related_ranking import Similarity

TARGET_S = 1.5
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
TOPICS = [
    "harbour budget vote",
    "rail strike talks",
    "storm damage coast",
    "football transfer window",
    "museum reopening",
    "wine harvest",
]


def _article() -> Article:
    from parallax.domain.models import Article, Outlet, Sentence

    sentences = [
        "Chancellor Olaf Scholz met President Emmanuel Macron in Paris on Sunday.",
        "The two leaders agreed on 4.5 billion euros of additional aid for Ukraine.",
        "Scholz said Germany and France stood together; Macron called the talks productive.",
        "The European Commission welcomed the agreement.",
    ]
    return Article(
        url="https://www.source.example/politics/scholz-macron",
        canonical_url="https://www.source.example/politics/scholz-macron",
        title="Scholz and Macron agree more aid for Ukraine",
        text=" ".join(sentences),
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name="Source Daily", domain="source.example"),
        published="2026-11-29T08:00:00Z",
        language="en",
        word_count=50,
    )


def _rss_items(count: int, prefix: str) -> list[RssItem]:
    from tests.support.fake_providers import RssItem

    items: list[RssItem] = []
    for i in range(count):
        if i % 3 == 0:
            title = f"Scholz and Macron agree Ukraine aid in Paris ({prefix} {i})"
        elif i % 3 == 1:
            title = "Scholz, Macron pledge 4.5 billion euros for Ukraine"  # wire copies
        else:
            title = f"Local {TOPICS[i % len(TOPICS)]} update {i}"
        items.append(
            RssItem(
                title,
                f"Outlet {prefix} {i}",
                f"https://www.outlet-{prefix}-{i}.example",
                NOW - timedelta(minutes=7 * i),
                article_id=f"CBMi{prefix}{i}",
            )
        )
    return items


def _gdelt_articles(count: int) -> list[GdeltArticle]:
    from tests.support.fake_providers import GdeltArticle

    languages = ["English", "German", "French", "Spanish"]
    rows: list[GdeltArticle] = []
    for i in range(count):
        title = (
            f"Olaf Scholz Emmanuel Macron Paris Ukraine aid {i}"
            if i % 2 == 0
            else f"Unrelated {TOPICS[i % len(TOPICS)]} {i}"
        )
        seen = (NOW - timedelta(minutes=5 * i)).strftime("%Y%m%dT%H%M%SZ")
        rows.append(
            GdeltArticle(
                f"https://gdelt-{i}.example/story/{i}",
                title,
                f"gdelt-{i}.example",
                languages[i % len(languages)],
                seen,
            )
        )
    return rows


def _similarity() -> tuple[Similarity, str]:
    """The project's scorer, or a word-overlap stand-in while it is a stub."""
    from parallax.domain.similarity import Story, story_similarity

    try:
        story_similarity(Story(text="a b c", title="a"), Story(text="a b", title="a"))
        return story_similarity, "story_similarity"
    except NotImplementedError:

        def overlap(a: Story, b: Story) -> float:
            source = set(f"{a.title} {a.text}".lower().split())
            words = f"{b.title} {b.text}".lower().split()
            return sum(w in source for w in words) / len(words) if words else 0.0

        return overlap, "word-overlap stand-in (story_similarity is still a stub)"


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--runs", type=int, default=10, help="measured runs (default 10)")
    parser.add_argument(
        "--delay", type=float, default=1.0, help="seconds each fake takes to answer (default 1.0)"
    )
    parser.add_argument("--items", type=int, default=60, help="items per fake answer (default 60)")
    parser.add_argument(
        "--budget", type=float, default=3.0, help="the step's time budget in s (default 3.0)"
    )
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    from tests.support.fake_providers import FakeProviderServer, gdelt_reply, google_news_reply

    from parallax.adapters.gdelt import GdeltProvider, GdeltThrottle
    from parallax.adapters.google_news import GoogleNewsProvider
    from parallax.domain.related_fanout import RelatedService
    from parallax.domain.related_ranking import RelatedRanker

    similarity, scorer = _similarity()
    ranker = RelatedRanker(similarity=similarity)
    article = _article()
    walls: list[float] = []
    counts: list[int] = []
    with (
        FakeProviderServer(
            google_news_reply(_rss_items(args.items, "gn"), delay_s=args.delay)
        ) as google,
        FakeProviderServer(gdelt_reply(_gdelt_articles(args.items), delay_s=args.delay)) as gdelt,
        FakeProviderServer(
            google_news_reply(_rss_items(args.items, "ix"), delay_s=args.delay)
        ) as index,
    ):
        google_news = GoogleNewsProvider(google.base_url, timeout_s=args.budget)
        index_standin = GoogleNewsProvider(index.base_url, timeout_s=args.budget, name="index")

        def run() -> tuple[float, int]:
            # A fresh throttle per run: the benchmark measures calls, not GDELT's cache.
            providers: list[RelatedProvider] = [
                index_standin,
                google_news,
                GdeltProvider(
                    gdelt.base_url, args.budget, throttle=GdeltThrottle(), utc_now=lambda: NOW
                ),
            ]
            service = RelatedService(providers, args.budget, ranker=ranker, now=lambda: NOW)
            started = perf_counter()
            related = service.find(article, "de", include_other_languages=True, max_items=10)
            wall = perf_counter() - started
            if related.partial:
                sys.exit(f"a provider failed: {related.failed_sources}")
            return wall, len(related.items)

        cold, _ = run()  # first call: lazy imports (feedparser) and new HTTP clients
        for _ in progress(list(range(args.runs)), "related"):
            wall, count = run()
            walls.append(wall)
            counts.append(count)

    result = {
        "machine": machine(),
        "providers": 3,
        "provider_delay_s": args.delay,
        "items_per_answer": args.items,
        "runs": args.runs,
        "scorer": scorer,
        "cold_s": round(cold, 4),
        "wall_s": {
            "p50": round(median(walls), 4),
            "p95": round(percentile(walls, 95), 4),
            "max": round(max(walls), 4),
        },
        "items_returned": int(median([float(c) for c in counts])),
        "target_s": TARGET_S,
        "meets_target": max(walls) <= TARGET_S,
    }
    print(f"machine: {result['machine']}")
    print(f"scorer: {scorer}")
    print(
        f"3 providers x {args.delay:g} s each, {args.items} items per answer, "
        f"Google News in 4 editions"
    )
    print(f"first call (cold):  {cold:.3f} s")
    print(
        f"related step wall:  p50 {median(walls):.3f} s  p95 {percentile(walls, 95):.3f} s  "
        f"max {max(walls):.3f} s  (target <= {TARGET_S} s: "
        f"{'met' if result['meets_target'] else 'MISSED'})"
    )
    print(f"items returned: {result['items_returned']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
