"""Load, bounded: the local server under many concurrent clients answers every one of them.

Correctness under concurrency only (zero errors, zero 5xx, the right cache verdicts): how fast is a
question for ``bench/bench_load.py``, which prints throughput, percentiles and memory, because
this machine is shared and a time threshold here would fail on someone else's busy minute.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from parallax.adapters.feed_index import FeedIndex
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.domain.models import BriefRequest
from tests.conftest import PAGES
from tests.hardening.harness import build_service, offline_fetcher, serve

CACHE_HITS = 200
MISSES = 50
PAGES_FOR_MISSES = ["en_article.html", "de_article.html", "fr_article.html"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    settings = Settings(home=tmp_path_factory.mktemp("load-home"), providers=())
    with serve(settings) as running:
        yield running


async def _all_at_once(base_url: str, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    """Send every body on its own connection, all at once, and wait for all the answers."""
    limits = httpx.Limits(max_connections=len(bodies), max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=120) as client:
        return await asyncio.gather(*(client.post("/v1/briefs", json=b) for b in bodies))


def _send_all(base_url: str, bodies: list[dict[str, Any]]) -> list[httpx.Response]:
    """Run the clients' event loop on a thread of its own: another test (Playwright's sync API)
    may have left one running on this thread, where asyncio.run() refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as runner:
        return runner.submit(asyncio.run, _all_at_once(base_url, bodies)).result()


def _problems(responses: list[httpx.Response]) -> list[str]:
    return [f"{r.status_code} {r.text[:200]}" for r in responses if r.status_code != 200]


def test_concurrent_cache_hits_all_succeed(server: LocalServer) -> None:
    # Given a Brief already in the cache
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    body = {"url": "https://www.harbourcourier.example/load/hit", "html": html}
    first = httpx.post(f"{server.base_url}/v1/briefs", json=body, timeout=60)
    assert first.status_code == 200 and first.json()["cache"]["hit"] is False
    # When 200 clients ask for it at the same moment (the extension always sends the HTML)
    responses = _send_all(server.base_url, [body] * CACHE_HITS)
    # Then every one gets the cached Brief: no error, no 5xx, the same article
    assert _problems(responses) == []
    assert all(r.json()["cache"]["hit"] is True for r in responses)
    assert {r.json()["article"]["title"] for r in responses} == {first.json()["article"]["title"]}


def test_concurrent_misses_with_html_all_succeed(server: LocalServer) -> None:
    # Given 50 different articles nobody has asked for yet
    pages = [(PAGES / name).read_text(encoding="utf-8") for name in PAGES_FOR_MISSES]
    bodies = [
        {"url": f"https://news.example/load/miss/{i}", "html": pages[i % len(pages)]}
        for i in range(MISSES)
    ]
    # When their readers all click at once
    responses = _send_all(server.base_url, bodies)
    # Then each gets a freshly made Brief, summarised, with nothing failing
    assert _problems(responses) == []
    briefs = [r.json() for r in responses]
    assert all(b["cache"]["hit"] is False and b["summary"]["bullets"] for b in briefs)
    assert len({b["cache"]["key"] for b in briefs}) == MISSES


def test_hits_and_misses_mixed_and_the_server_still_answers(server: LocalServer) -> None:
    # Given a mix of repeat and new articles arriving together
    html = (PAGES / "de_article.html").read_text(encoding="utf-8")
    bodies = [
        {"url": f"https://www.example.de/load/mixed/{i % 10}", "html": html, "language": "de"}
        for i in range(100)
    ]
    # When they are sent at once
    responses = _send_all(server.base_url, bodies)
    # Then all succeed, each of the ten articles was made at least once (the rest came from the
    # cache), and the server is still healthy afterwards
    assert _problems(responses) == []
    assert sum(not r.json()["cache"]["hit"] for r in responses) >= 10
    assert httpx.get(f"{server.base_url}/v1/health", timeout=10).status_code == 200


def _open_descriptors() -> int:
    return sum(1 for _ in Path("/proc/self/fd").iterdir())


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors in /proc")
def test_misses_leave_no_descriptors_behind(tmp_path: Path) -> None:
    # Found by bench_load: a new thread pool per Brief left one SQLite read connection of the
    # feed index behind per cache miss (2 descriptors, ~135 KiB), until the descriptors ran out.
    # Given the default local set-up: the feed index exists (empty, before the first ingest)
    settings = Settings(home=tmp_path, providers=("index",))
    index = FeedIndex(settings.index_path)
    index.ensure()
    index.close()
    service = build_service(settings, offline_fetcher(settings))
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    service.brief(BriefRequest(url="https://news.example/warm", html=html))
    before = _open_descriptors()
    # When 100 new articles are summarised
    for i in range(100):
        service.brief(BriefRequest(url=f"https://news.example/fd/{i}", html=html))
    # Then the process holds no more open files than before (a few for the cache's WAL at most)
    assert _open_descriptors() - before < 10
