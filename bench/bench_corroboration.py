"""Speed of corroboration (issue 18): the alignment alone, and the whole request.

1. **Alignment** (``parallax.domain.corroboration.align``): an article and 5 other reports of
   1,000 words each, built from CNN/DailyMail dev articles (each "other" is the article with its
   body reordered, one fact changed and another article's text appended, so matches, differences
   and unmatched sentences all occur). Target: at most 50 ms (CPU time of the aligning thread,
   reported beside wall time: on a shared machine wall time measures the neighbours). Baseline in the same run: the
   same-story score of the article against each other report (``story_similarity``), which reads
   each text once but says nothing claim by claim.
2. **Whole request** (``POST /v1/corroborations`` on ``parallax serve``'s app): the Brief is in
   the cache; 5 loopback outlets answer 1,000-word pages after 0.5-2 s each (uniform, seeded);
   fetching through the guarded fetcher, extraction, alignment. Fresh URLs every run, so neither
   the page cache nor the answer cache helps. Target: p95 at most 4.5 s.
3. **Answer-cache hit**: each request of part 2 asked again at once (pages and answer cached);
   the server's own ``timings_ms.total`` of the hit (no target: reported). Once with the
   same-story features of the texts still in their cache (128 stories), once with it emptied
   first, as it is when other readers' Briefs came in between (a Brief ranks up to 80
   candidates): what a hit costs when it judges each report's whole text again.

Example:
    uv run python bench/bench_corroboration.py --articles 40 --requests 20
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
from pathlib import Path
from time import perf_counter, thread_time

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _common import DATA, bench_parser, machine, median, percentile, progress

ALIGN_TARGET_MS = 50.0
REQUEST_TARGET_S = 4.5
WORDS = 1000


def _words(text: str, count: int) -> str:
    return " ".join(text.split()[:count])


def _bench_alignment(articles: int) -> dict[str, float]:
    from parallax.domain.corroboration import Report, align
    from parallax.domain.sentences import split_sentences
    from parallax.domain.similarity import Story, story_similarity
    from parallax.evaluation import data_rows
    from parallax.evaluation.corroboration import claims_of

    rows = [row for _, row in data_rows(DATA / "summaries" / "cnndm-dev.jsonl")]
    texts = [r["article"] for r in rows]
    rng = random.Random(18)
    ours: list[float] = []
    ours_cpu: list[float] = []
    baseline: list[float] = []
    for index in progress(list(range(min(articles, len(texts)))), "alignment"):
        pool = texts[index:] + texts[:index]
        article = _words(" ".join(pool[:2]), WORDS)
        sentences = split_sentences(article, "en")
        claims = claims_of(sentences, "en")
        others = []
        for k in range(5):
            body = sentences[1:]
            rng.shuffle(body)
            other = " ".join([sentences[0], *body[: len(body) // 2], pool[2 + k]])
            other = other.replace(" said ", " told reporters ", 1)
            others.append(Report(f"o{k}", tuple(split_sentences(_words(other, WORDS), "en")), "en"))
        started, cpu = perf_counter(), thread_time()
        align(sentences, "en", claims, others)
        ours.append((perf_counter() - started) * 1000)
        ours_cpu.append((thread_time() - cpu) * 1000)
        started = perf_counter()
        for other in others:
            story_similarity(
                Story(article, language="en"), Story(" ".join(other.sentences), language="en")
            )
        baseline.append((perf_counter() - started) * 1000)
    return {
        "p50_ms": median(ours),
        "p95_ms": percentile(ours, 95),
        "max_ms": max(ours),
        "cpu_p50_ms": median(ours_cpu),
        "cpu_p95_ms": percentile(ours_cpu, 95),
        "baseline_p50_ms": median(baseline),
        "baseline_p95_ms": percentile(baseline, 95),
    }


def _bench_request(requests: int) -> dict[str, float]:
    import httpx
    from tests.support.outlets_site import OutletsSite, article_page, tram_story

    from parallax.api.app import create_app
    from parallax.api.local_server import LocalServer
    from parallax.config import Settings
    from parallax.domain.similarity import _cached_features
    from parallax.wiring import lazy_brief_service, lazy_corroboration_service

    rng = random.Random(4)
    wall: list[float] = []
    slowest_outlet: list[float] = []
    hit_ms: list[float] = []
    cold_hit_ms: list[float] = []
    with OutletsSite() as site, tempfile.TemporaryDirectory() as home:
        site.add("/here", article_page("Tram derails in Lyon", tram_story("here", words=WORDS)))
        settings = Settings(
            home=Path(home),
            allow_private_hosts=True,
            allowed_ports=(site.port,),
            providers=(),
            rate_limit_per_minute=0,
        )
        briefs = lazy_brief_service(settings)
        corroborations = lazy_corroboration_service(settings, briefs)
        with LocalServer(
            lambda: create_app(settings, briefs, corroborations=corroborations), port=0
        ) as server:
            brief = httpx.post(
                f"{server.base_url}/v1/briefs", json={"url": site.url("/here")}, timeout=30
            ).json()
            key = brief["cache"]["key"]
            for run in progress(list(range(requests)), "requests"):
                urls = []
                delays = []
                for outlet in range(5):
                    delay = rng.uniform(0.5, 2.0)
                    delays.append(delay)
                    name = f"outlet{outlet}run{run}"
                    page = article_page(
                        "Tram derails", tram_story(name, hurt=12 + outlet % 2 * 3, words=WORDS)
                    )
                    urls.append(site.add(f"/{name}", page, delay_s=delay))
                started = perf_counter()
                response = httpx.post(
                    f"{server.base_url}/v1/corroborations",
                    json={"article": {"key": key}, "others": [{"url": u} for u in urls]},
                    timeout=30,
                )
                wall.append(perf_counter() - started)
                slowest_outlet.append(max(delays))
                answer = response.json()
                if response.status_code != 200 or any(
                    o["status"] != "ok" for o in answer["others"]
                ):
                    sys.exit(f"request {run} did not read every outlet: {response.text[:500]}")
                again = httpx.post(
                    f"{server.base_url}/v1/corroborations",
                    json={"article": {"key": key}, "others": [{"url": u} for u in urls]},
                    timeout=30,
                ).json()
                if not again["cache"]["hit"] or again["others"] != answer["others"]:
                    sys.exit(f"request {run} asked again was no cache hit with the same others")
                hit_ms.append(again["timings_ms"]["total"])
                _cached_features.cache_clear()
                cold = httpx.post(
                    f"{server.base_url}/v1/corroborations",
                    json={"article": {"key": key}, "others": [{"url": u} for u in urls]},
                    timeout=30,
                ).json()
                if not cold["cache"]["hit"] or cold["others"] != answer["others"]:
                    sys.exit(f"request {run} asked a third time was no cache hit")
                cold_hit_ms.append(cold["timings_ms"]["total"])
    return {
        "p50_s": median(wall),
        "p95_s": percentile(wall, 95),
        "max_s": max(wall),
        "slowest_outlet_p50_s": median(slowest_outlet),
        "overhead_p50_s": median([w - s for w, s in zip(wall, slowest_outlet, strict=True)]),
        "hit_p50_ms": median(hit_ms),
        "hit_p95_ms": percentile(hit_ms, 95),
        "cold_hit_p50_ms": median(cold_hit_ms),
        "cold_hit_p95_ms": percentile(cold_hit_ms, 95),
    }


def main() -> int:
    parser = bench_parser(__doc__)
    parser.add_argument("--articles", type=int, default=40, help="articles for the alignment")
    parser.add_argument("--requests", type=int, default=20, help="whole requests")
    parser.add_argument("--json", help="also write the numbers here")
    args = parser.parse_args()
    from parallax.domain.extraction import warm_up

    warm_up()
    alignment = _bench_alignment(args.articles)
    request = _bench_request(args.requests)
    print(f"machine: {machine()}, load average {os.getloadavg()[0]:.1f}")
    print(
        f"alignment, article + 5 others x {WORDS} words ({args.articles} articles): "
        f"p50 {alignment['p50_ms']:.1f} ms, p95 {alignment['p95_ms']:.1f} ms, "
        f"max {alignment['max_ms']:.1f} ms; CPU time p50 {alignment['cpu_p50_ms']:.1f} ms, "
        f"p95 {alignment['cpu_p95_ms']:.1f} ms (target <= {ALIGN_TARGET_MS:.0f} ms); "
        f"baseline story_similarity x5: p50 {alignment['baseline_p50_ms']:.1f} ms, "
        f"p95 {alignment['baseline_p95_ms']:.1f} ms"
    )
    print(
        f"whole request, 5 outlets answering in 0.5-2 s ({args.requests} requests): "
        f"p50 {request['p50_s']:.2f} s, p95 {request['p95_s']:.2f} s, max {request['max_s']:.2f} s "
        f"(target p95 <= {REQUEST_TARGET_S} s); slowest outlet p50 "
        f"{request['slowest_outlet_p50_s']:.2f} s, our overhead p50 {request['overhead_p50_s']:.2f} s"
    )
    print(
        f"answer-cache hit, the same request again ({args.requests} requests): server total "
        f"p50 {request['hit_p50_ms']:.1f} ms, p95 {request['hit_p95_ms']:.1f} ms; with the "
        f"same-story features evicted p50 {request['cold_hit_p50_ms']:.1f} ms, "
        f"p95 {request['cold_hit_p95_ms']:.1f} ms"
    )
    if args.json:
        Path(args.json).write_text(
            json.dumps({"alignment": alignment, "request": request}, indent=2), encoding="utf-8"
        )
    # CPU time, not wall time, is held to the target: on a shared machine the wall time of a
    # single-threaded computation measures the neighbours.
    ok = alignment["cpu_p95_ms"] <= ALIGN_TARGET_MS and request["p95_s"] <= REQUEST_TARGET_S
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
