"""Background ingest benchmark: does `parallax serve`'s feed poll slow the Briefs it serves?

The real server (`LocalServer` + routes + `BriefService`, as `parallax serve` builds them) with its
background poll, against a loopback feed server holding ``--feeds`` synthetic RSS feeds of
``--items`` items each (a test catalogue; no outlet is polled). Briefs (local index only, no cache,
HTML in the request) are timed one after another:

* idle: before the poll starts (the baseline, same process, same run);
* during: while the first poll fetches, parses and writes the feeds;
* filled: after it, on the filled index (more to search, so not the same work as idle).

Then the price of ``related.index``: ``FeedIndex.stats()`` (item count, newest item, the feeds'
record) on an index of ``--stats-items`` items; the provider reuses it for 30 s between
Briefs, and recounts after each feed a poll finishes. And what every Brief pays for it:
``FeedIndex.recorded_run()`` (the run another process records in the file, one primary-key
read) and ``IndexProvider.index_state()`` with the counts cached, on that index, without and
with a run recorded in it.

Example:
    uv run python bench/bench_background_ingest.py --feeds 200 --items 100 --json /tmp/bg.json
"""

from __future__ import annotations

import email.utils
import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.support.pages import KESTREL_BAY_ARTICLE

from _common import bench_parser, machine, median, percentile

WORDS = tuple(
    " ".join(
        [
            "council budget vote harbour barrier flood minister election strike court ruling tariff",
            "trade pact climate deal rate cut bank inflation wildfire storm rescue summit talks",
            "border police protest hospital school railway airport energy prices wind solar plant",
            "football final museum exhibition festival drought harvest fishermen union pension",
        ]
    ).split()
)
NAMES = ("Kestrel Bay", "Oslo", "Lyon", "Maria Lindqvist", "Jonas Berg", "Porto", "Gdansk")
ARTICLE = KESTREL_BAY_ARTICLE


def feed(outlet: str, items: int, rng: random.Random) -> bytes:
    now = time.time()
    entries = []
    for n in range(items):
        title = " ".join([rng.choice(NAMES), *rng.sample(WORDS, 6)]).capitalize()
        summary = " ".join(rng.sample(WORDS, 20))
        date = email.utils.formatdate(now - rng.uniform(0, 3 * 86400), usegmt=True)
        entries.append(
            f"<item><title>{title}</title><link>https://{outlet}.example/{n}</link>"
            f"<description>{summary}</description><guid isPermaLink='false'>{outlet}-{n}</guid>"
            f"<pubDate>{date}</pubDate></item>"
        )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{outlet}'
        f"</title><link>https://{outlet}.example/</link>{''.join(entries)}</channel></rss>"
    ).encode()


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50_ms": round(median(values), 1),
        "p95_ms": round(percentile(values, 95), 1),
        "max_ms": round(max(values), 1) if values else float("nan"),
    }


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--feeds", type=int, default=200, help="feeds in the catalogue (200)")
    parser.add_argument("--items", type=int, default=100, help="items per feed (100)")
    parser.add_argument("--idle", type=int, default=30, help="Briefs before the poll (30)")
    parser.add_argument("--stats-items", type=int, default=100_000, help="index size for stats")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    import httpx
    from tests.support.feed_server import FeedServer, Route

    from parallax.adapters.feed_index import FeedIndex, IndexItem, IndexProvider
    from parallax.adapters.index_status import SqliteRunRecorder
    from parallax.api.app import create_app
    from parallax.api.local_server import LocalServer
    from parallax.config import Settings
    from parallax.wiring import build_background_ingest, lazy_brief_service

    rng = random.Random(13)
    outlets = [f"outlet-{n:03d}" for n in range(args.feeds)]
    feeds = FeedServer({f"/{o}.xml": Route(feed(o, args.items, rng)) for o in outlets})
    port = urlsplit(feeds.base_url).port
    results: dict[str, Any] = {"machine": machine(), "feeds": args.feeds, "items": args.items}
    with tempfile.TemporaryDirectory(prefix="parallax-bg-") as tmp:
        catalogue = Path(tmp) / "catalogue.json"
        catalogue.write_text(json.dumps({"version": 1, "outlets": [
            {"id": o, "name": o, "domains": [f"{o}.example"], "country": "GB",
             "languages": ["en"], "type": "private", "feeds": [feeds.url(f"/{o}.xml")]}
            for o in outlets
        ]}))  # fmt: skip
        settings = Settings(
            home=Path(tmp) / "home",
            providers=("index",),
            catalogue_path=catalogue,
            allow_private_hosts=True,
            allowed_ports=(port or 0,),
            cache_backend="none",
            ingest_interval_s=3600,
        )
        ingest = build_background_ingest(settings)
        assert ingest is not None
        service = lazy_brief_service(settings, ingest_progress=ingest.progress)
        server = LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0)
        server.start()
        body = {"url": "https://kestrel-news.example/barrier", "html": ARTICLE, "language": "en"}
        without_related = {**body, "include": {"summary": True, "related": False}}
        client = httpx.Client(timeout=60)
        # phase -> kind -> latencies; kind "full" asks the index, "no_related" only extracts and
        # summarises (what the poll can slow only by competing for CPU and the GIL).
        timed: dict[str, dict[str, list[float]]] = {}
        related_ms: dict[str, list[float]] = {}
        last_index: dict[str, Any] = {}

        def pair(phase: str) -> None:
            for kind, payload in (("full", body), ("no_related", without_related)):
                started = time.perf_counter()
                response = client.post(f"{server.base_url}/v1/briefs", json=payload)
                elapsed = (time.perf_counter() - started) * 1000
                response.raise_for_status()
                brief = response.json()
                timed.setdefault(phase, {}).setdefault(kind, []).append(elapsed)
                if kind == "full":
                    related_ms.setdefault(phase, []).append(brief["timings_ms"].get("related", 0))
                    last_index.update(brief["related"]["index"])

        statuses: dict[str, int] = {}
        try:
            for _ in range(3):
                pair("warm-up")  # builds the service, loads the models
            for _ in range(args.idle):
                pair("idle")
            poll_started = time.perf_counter()
            ingest.start()
            while ingest.polls == 0:
                running = ingest.progress.snapshot().running
                pair("during_poll" if running else "warm-up")
                statuses[last_index["status"]] = statuses.get(last_index["status"], 0) + 1
            poll_s = time.perf_counter() - poll_started
            for _ in range(args.idle):
                pair("filled")
        finally:
            ingest.stop()
            server.stop()
            client.close()
            feeds.stop()
        items = int(last_index["items"])
        for phase in ("idle", "during_poll", "filled"):
            results[phase] = {
                "brief": summary(timed[phase]["full"]),
                "brief_without_related": summary(timed[phase]["no_related"]),
                "related_step": summary(related_ms[phase]),
            }
        results.update(
            statuses_seen_during_poll=statuses,
            poll_s=round(poll_s, 1),
            items_indexed=items,
            items_per_s=round(items / poll_s, 0),
        )

        # The price of related.index on a large index: count, newest item, feeds' record.
        big = FeedIndex(Path(tmp) / "big.sqlite3")
        now = time.time()
        batch: list[IndexItem] = []
        for n in range(args.stats_items):
            published = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now - (n % 86400)))
            batch.append(IndexItem(url=f"https://big.example/{n}", outlet_id=f"o{n % 300}",
                                   title=f"Story {n}", published=published))  # fmt: skip
            if len(batch) == 5000:
                big.upsert_items(batch)
                batch = []
        if batch:
            big.upsert_items(batch)
        stats_ms = []
        for _ in range(50):
            started = time.perf_counter()
            big.stats()
            stats_ms.append((time.perf_counter() - started) * 1000)
        results["stats"] = {"items": args.stats_items, **summary(stats_ms)}

        # What each Brief pays for the state: the recorded run's read, and the whole
        # index_state() with the counts cached (the common case between polls).
        def per_call_us(call: Any, n: int = 2000) -> dict[str, float]:
            call()
            spent = []
            for _ in range(n):
                started = time.perf_counter()
                call()
                spent.append((time.perf_counter() - started) * 1e6)
            return {"p50_us": round(median(spent), 1), "p95_us": round(percentile(spent, 95), 1)}

        provider = IndexProvider(big, feeds_total=300)
        results["state_per_brief"] = {"no_run_recorded": per_call_us(provider.index_state)}
        recorder = SqliteRunRecorder(big.path)
        recorder.planned(300)
        recorder.run_ended()
        results["state_per_brief"]["run_recorded"] = per_call_us(provider.index_state)
        results["state_per_brief"]["recorded_run_read"] = per_call_us(big.recorded_run)
        recorder.close()
        big.close()

    print(json.dumps(results, indent=2))

    def line(phase: str) -> str:
        r = results[phase]
        return (
            f"{phase:>12}: Brief {r['brief']['p50_ms']}/{r['brief']['p95_ms']} ms, without the "
            f"related step {r['brief_without_related']['p50_ms']}/"
            f"{r['brief_without_related']['p95_ms']} ms, related step "
            f"{r['related_step']['p50_ms']}/{r['related_step']['p95_ms']} ms "
            f"(p50/p95, n={r['brief']['n']})"
        )

    print("\n".join(line(phase) for phase in ("idle", "during_poll", "filled")))
    print(
        f"poll: {results['poll_s']} s for {items} items; index stats on {args.stats_items} "
        f"items p50/p95 {results['stats']['p50_ms']}/{results['stats']['p95_ms']} ms"
    )
    state = results["state_per_brief"]
    print(
        "state per Brief (counts cached), p50/p95 µs: no run recorded "
        f"{state['no_run_recorded']['p50_us']}/{state['no_run_recorded']['p95_us']}, run recorded "
        f"{state['run_recorded']['p50_us']}/{state['run_recorded']['p95_us']}; the recorded "
        f"run's read alone {state['recorded_run_read']['p50_us']}/"
        f"{state['recorded_run_read']['p95_us']}"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
