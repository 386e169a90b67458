"""The related step on a 100,000-item feed index, in process, and the size of the index snapshot.

The index is filled as ``bench_index.py`` fills it (synthetic multilingual stories, several
outlets per story, written as feed files and ingested with the code behind ``parallax ingest
--from-dir``). Each query is an Article built like the extractor builds one (a fresh paraphrase
of a story's headline, a lead, body sentences), and what is timed is
``RelatedService.find``: the query from the article, the feed index's searches (three per
article), scoring every candidate with the same-story probability, both tiers, de-duplication.

It also writes the snapshot the cloud API function downloads (``FeedIndex.snapshot``: FTS
segments merged, ``VACUUM INTO``) and times it, for docs/deploy.md's sizing.

Target (issue 13): related step p95 <= 60 ms on 100,000 items.

Example:
    uv run python bench/bench_related_step.py --items 100000 --queries 200 --json /tmp/step.json
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path
from time import perf_counter, process_time
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser, machine, median, percentile, progress
from bench_index import FILLER, LANGUAGES, TOPICS, Story, headline, teaser, write_feeds

if TYPE_CHECKING:
    from parallax.domain.models import Article

TARGET_P95_MS = 60.0


def _article(story: Story, rng: random.Random) -> Article:
    from parallax.domain.models import Article, Outlet, Sentence

    language = story.language
    sentences = [
        teaser(story, language, rng),
        f"{story.person} {' '.join(rng.sample(FILLER[language].split(), 6))} "
        f"{TOPICS[language][story.topic]}.",
        f"{' '.join(rng.sample(FILLER[language].split(), 9))} {story.place}.",
    ]
    return Article(
        url=f"https://source.example/{story.id}",
        canonical_url=f"https://source.example/{story.id}",
        title=headline(story, language, rng),
        text=" ".join(sentences),
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name="Source", domain="source.example"),
        published=story.when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        language=language,
        word_count=sum(len(s.split()) for s in sentences),
    )


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--items", type=int, default=100_000, help="items to index (100000)")
    parser.add_argument("--queries", type=int, default=200, help="related steps to time (200)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (7)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    from parallax.adapters.feed_index import FeedIndex, IndexProvider
    from parallax.domain.related_fanout import RelatedService
    from parallax.ingest.catalogue import load_catalogue
    from parallax.ingest.runner import ingest_directory

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="parallax-bench-step-") as tmp:
        folder = Path(tmp) / "feeds"
        folder.mkdir()
        stories, files = write_feeds(folder, args.items, rng)
        index_path = Path(tmp) / "index.sqlite3"
        index = FeedIndex(index_path)
        started = perf_counter()
        report = ingest_directory(
            folder, index=index, catalogue=load_catalogue(), retention_days=14,
            progress=sys.stderr,
        )  # fmt: skip
        ingest_s = perf_counter() - started
        index_mb = index_path.stat().st_size / 1e6
        snapshot = Path(tmp) / "snapshot.sqlite3"
        started = perf_counter()
        index.snapshot(snapshot)
        snapshot_s = perf_counter() - started
        snapshot_mb = snapshot.stat().st_size / 1e6

        service = RelatedService([IndexProvider(index)], budget_s=5.0)
        chosen = rng.sample(stories, min(args.queries, len(stories)))
        articles = [(story, _article(story, rng)) for story in chosen]
        for _, article in articles[:5]:  # warm the page cache, the connection, the word caches
            service.find(article, article.language, True, 10)
        latencies: list[float] = []
        cpu: list[float] = []
        found = same = shown = 0
        for story, article in progress(articles, "related steps"):
            started, cpu_started = perf_counter(), process_time()
            related = service.find(article, article.language, True, 10)
            latencies.append((perf_counter() - started) * 1000)
            # CPU of every thread of the process (the index is searched on a pool thread): on a
            # shared machine wall time includes waiting for a core, CPU time does not.
            cpu.append((process_time() - cpu_started) * 1000)
            hits = [f"/story-{story.id}-" in item.url for item in related.items]
            found += any(hits)
            same += sum(hits)
            shown += len(hits)
        index.close()

    result = {
        "machine": machine(),
        "items_stored": report.items_inserted,
        "feed_files": files,
        "languages": len(LANGUAGES),
        "ingest_s": round(ingest_s, 1),
        "index_mb": round(index_mb, 1),
        "snapshot_s": round(snapshot_s, 1),
        "snapshot_mb": round(snapshot_mb, 1),
        "queries": len(latencies),
        "related_step_ms": {
            "p50": round(median(latencies), 1),
            "p95": round(percentile(latencies, 95), 1),
            "p99": round(percentile(latencies, 99), 1),
        },
        "related_step_cpu_ms": {
            "p50": round(median(cpu), 1),
            "p95": round(percentile(cpu, 95), 1),
        },
        "same_story_found": round(found / max(1, len(latencies)), 3),
        "same_story_share_of_shown": round(same / max(1, shown), 3),
    }
    print(f"machine: {result['machine']}")
    print(f"index: {report.items_inserted} items from {files} feed files, ingest {ingest_s:.1f} s")
    print(
        f"index file {index_mb:.1f} MB; snapshot {snapshot_mb:.1f} MB written in {snapshot_s:.1f} s"
    )
    print(
        f"related step, {len(latencies)} articles: p50 {median(latencies):.1f} ms  "
        f"p95 {percentile(latencies, 95):.1f} ms  p99 {percentile(latencies, 99):.1f} ms   "
        f"(target p95 <= {TARGET_P95_MS:.0f})"
    )
    print(
        f"related step CPU time (all threads): p50 {median(cpu):.1f} ms  "
        f"p95 {percentile(cpu, 95):.1f} ms   (wall minus CPU = waiting for a core)"
    )
    print(
        f"same story found for {found}/{len(latencies)} articles; "
        f"same-story share of the items shown: {same / max(1, shown):.0%}"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
