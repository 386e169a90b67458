"""Heavy and slow pages against the local server (issue 15, items 2 and 3), with the old
one-event-at-a-time server as the baseline in the same run.

Starts ``parallax serve``'s server and routes in this process (SQLite cache in a temporary home, no
related providers, a fetcher that never leaves the machine) twice: as it is now, and with every
``resolve`` behind one lock, which is how the server resolved before (the baseline). Measures:

1. hostile pages sent as the reader's HTML (one ``<h1>`` with 100 000 attributes; 500 000 empty
   ``<p>``): the time to the answer, and ``/v1/health`` latency meanwhile (only with the limits:
   without them these took 232 s and 99 s, see part 4);
2. ``/v1/health`` latency while a heavy but allowed page (25 000 extra elements) is being made;
3. four URL-only Briefs of a site that takes 2 s per page, sent at once: when each answered, and
   health and a cache hit meanwhile;
4. what the limits save: ``extract_article`` on scaled-down hostile pages, without the check;
5. a consent banner set one paragraph per block of the article's own kind, read without the
   limits (the batch and CLI path, where no ``too_large`` comes first): the template restore
   alone on 5,000-40,000 such blocks beside 3 kept ones (and on as many blocks of prose, which
   are all put back), and ``read_page`` on 10,000 and 40,000 banner paragraphs (session 10's
   page: 16-32 s), in thread CPU.

Example:
    uv run python bench/bench_heavy_pages.py
    uv run python bench/bench_heavy_pages.py --part 5
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, machine
from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.domain.errors import ParallaxError, TooLarge
from parallax.domain.extraction import extract_article
from parallax.domain.html_limits import check_html_shape
from parallax.domain.pipeline import BriefService
from parallax.domain.ports import FetchedPage
from parallax.wiring import build_brief_service

PAGE = (REPO / "tests" / "fixtures" / "pages" / "en_article.html").read_text(encoding="utf-8")
URL = "https://www.harbourcourier.example/news/local/kestrel-bay-tidal-barrier-vote"


class _Serialised:
    """The baseline: the resolver behind one lock, as the local server had it."""

    def __init__(self, app: Any) -> None:
        self._app, self._lock = app, threading.Lock()

    def resolve(self, event: Any, context: Any) -> Any:
        with self._lock:
            return self._app.resolve(event, context)


class _SlowSite:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def fetch(self, url: str) -> FetchedPage:
        time.sleep(self.seconds)
        return FetchedPage(url=url, html=PAGE, status=200, content_type="text/html")


@contextmanager
def _server(serialised: bool, fetch_seconds: float = 2.0) -> Iterator[str]:
    with tempfile.TemporaryDirectory() as home:
        settings = Settings(home=Path(home), providers=())
        built = build_brief_service(settings)
        service = BriefService(
            fetcher=_SlowSite(fetch_seconds),
            cache=built._cache,
            summariser=built._summariser,
            extractor=extract_article,
            cache_ttl_s=settings.cache_ttl_s,
        )

        def factory() -> Any:
            app = create_app(settings, lambda: service)
            return _Serialised(app) if serialised else app

        with LocalServer(factory, port=0) as server:
            yield server.base_url


def _post(base: str, body: dict[str, Any]) -> tuple[int, float]:
    started = time.perf_counter()
    answer = httpx.post(f"{base}/v1/briefs", json=body, timeout=600)
    return answer.status_code, time.perf_counter() - started


def _health_during(base: str, work: Callable[[], Any], probes: int = 5) -> tuple[Any, list[float]]:
    """Run ``work`` on a thread and probe health meanwhile (every 0.2 s, at most ``probes``)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(work)
        time.sleep(0.2)
        latencies = []
        for _ in range(probes):
            if pending.done():
                break
            started = time.perf_counter()
            httpx.get(f"{base}/v1/health", timeout=600)
            latencies.append(time.perf_counter() - started)
            time.sleep(0.2)
        return pending.result(), latencies


def _ms(values: list[float]) -> str:
    if not values:
        return "n/a (done before the first probe)"
    return f"max {max(values) * 1000:.0f} ms, median {statistics.median(values) * 1000:.0f} ms"


_BANNER = (
    "We use cookies to improve your experience and to show you personalised ads number {n}. "
    "By clicking Accept all you consent to our use of cookies."
)
_STORY = (
    "Part {n} of the story: the city council approved the new tram line on Thursday, after "
    "residents had asked for better connections. The mayor said construction would start soon."
)


def _banner_blocks_page(banner_paragraphs: int, *, prose: bool = False) -> str:
    """Six blocks of a story, then ``banner_paragraphs`` more of the same kind: the banner's
    (or, with ``prose``, more of the story's)."""
    more = _STORY if prose else _BANNER
    blocks = "".join(f"<div class='para'><p>{_STORY.format(n=n)}</p></div>" for n in range(6))
    blocks += "".join(
        f"<div class='para'><p>{more.format(n=n)}</p></div>"
        for n in range(6, banner_paragraphs + 6)
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Council approves tram line</title></head>"
        f"<body><article><h1>Council approves tram line</h1>{blocks}</article></body></html>"
    )


def _banner_blocks() -> None:
    from parallax.domain.extraction.html_input import parse_html
    from parallax.domain.extraction.main_text import page_evidence
    from parallax.domain.extraction.page_reading import read_page, warm_up
    from parallax.domain.extraction.template_paragraphs import restore_template_paragraphs

    warm_up()
    print("\n5. banner paragraphs, one per block of the article's kind, without the limits")
    for count in (5_000, 10_000, 20_000, 40_000):
        paragraphs = page_evidence(parse_html(_banner_blocks_page(count))).long_paragraphs
        text = "\n".join(paragraph for _, paragraph in paragraphs[:3])
        started = time.thread_time()
        restored = restore_template_paragraphs(text, paragraphs)
        cpu = time.thread_time() - started
        back = restored.count("\n") - text.count("\n")
        print(f"  template restore, {count} blocks: {cpu:.2f} s CPU, {back} paragraphs put back")
    for count in (5_000, 10_000, 20_000):
        # The same with prose in the blocks, so that every one of them is put back.
        paragraphs = page_evidence(
            parse_html(_banner_blocks_page(count, prose=True))
        ).long_paragraphs
        text = "\n".join(paragraph for _, paragraph in paragraphs[:3])
        started = time.thread_time()
        restored = restore_template_paragraphs(text, paragraphs)
        cpu = time.thread_time() - started
        back = restored.count("\n") - text.count("\n")
        print(f"  template restore, {count} prose blocks: {cpu:.2f} s CPU, {back} put back")
    for count in (10_000, 40_000):
        html = _banner_blocks_page(count)
        started = time.thread_time()
        reading = read_page(html, URL)
        cpu = time.thread_time() - started
        print(
            f"  read_page, {count} banner paragraphs ({len(html) / 1e6:.1f} MB): {cpu:.1f} s CPU; "
            f"article {reading.is_article} ({reading.judgement.reason}), "
            f"{len(reading.article.sentences)} sentences"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", type=int, choices=range(1, 6), help="run only this part")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    if args.part == 5:
        _banner_blocks()
        return
    h1 = "<html><body><h1 " + " ".join(f"a{i}=x" for i in range(100_000)) + ">t</h1>"
    many_p = "<html><body>" + "<p></p>" * 500_000
    heavy = PAGE.replace("</body>", "<p>Filler.</p>" * 25_000 + "</body>")

    print("\n1. hostile pages as the reader's HTML (limits on)")
    with _server(serialised=False) as base:
        for name, html in (("h1 with 100k attributes", h1), ("500k empty <p>", many_p)):
            (status, seconds), health = _health_during(
                base, lambda html=html: _post(base, {"url": URL, "html": html})
            )
            print(f"  {name}: {status} in {seconds:.2f} s; health meanwhile {_ms(health)}")

    print("\n2. health while a heavy allowed page (25k extra <p>) is being made")
    for label, serialised in (("baseline (serialised)", True), ("now", False)):
        with _server(serialised=serialised) as base:
            (status, seconds), health = _health_during(
                base, lambda base=base: _post(base, {"url": URL, "html": heavy}), probes=10
            )
            print(f"  {label}: Brief {status} in {seconds:.2f} s; health {_ms(health)}")

    print("\n3. four URL-only Briefs of a site taking 2 s a page, at once")
    for label, serialised in (("baseline (serialised)", True), ("now", False)):
        with _server(serialised=serialised) as base:
            _post(base, {"url": URL + "?cached"})
            with ThreadPoolExecutor(max_workers=4) as pool:
                started = time.perf_counter()
                pending = [pool.submit(_post, base, {"url": f"{URL}/{i}"}) for i in range(4)]
                time.sleep(0.3)
                probe = time.perf_counter()
                httpx.get(f"{base}/v1/health", timeout=600)
                health_s = time.perf_counter() - probe
                _, hit_s = _post(base, {"url": URL + "?cached"})
                done = sorted(p.result()[1] for p in pending)
                total = time.perf_counter() - started
            answers = ", ".join(f"{s:.1f}" for s in done)
            print(
                f"  {label}: answers after {answers} s (all in {total:.1f} s); "
                f"health {health_s * 1000:.0f} ms, cache hit {hit_s * 1000:.0f} ms"
            )

    print("\n4. extraction without the limits, scaled-down hostile pages (what the check saves)")
    for name, html in (
        ("h1 with 10k attributes", "<html><body><h1 " + " ".join(f"a{i}=x" for i in range(10_000)) + ">t</h1>"),
        ("h1 with 20k attributes", "<html><body><h1 " + " ".join(f"a{i}=x" for i in range(20_000)) + ">t</h1>"),
        ("50k empty <p>", "<html><body>" + "<p></p>" * 50_000),
        ("100k empty <p>", "<html><body>" + "<p></p>" * 100_000),
    ):  # fmt: skip
        started = time.perf_counter()
        # not_an_article is expected: the time is the point.
        with contextlib.suppress(ParallaxError):
            extract_article(html, URL)
        extract_s = time.perf_counter() - started
        started = time.perf_counter()
        try:
            check_html_shape(html)
            verdict = "accepted"
        except TooLarge:
            verdict = "too_large"
        check_ms = (time.perf_counter() - started) * 1000
        print(f"  {name}: extraction {extract_s:.2f} s; shape check {check_ms:.1f} ms ({verdict})")

    _banner_blocks()


if __name__ == "__main__":
    main()
