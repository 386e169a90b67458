"""Faults: whatever a dependency does, the reader gets a Brief (partial where it must be), never a
5xx; and the failure is counted somewhere an operator can see it.

The server is the real one (routes, pipeline, related service, the anthropic SDK, SQLite); the
dependencies are loopback fakes that misbehave on purpose: the search providers
(``tests/support/fake_providers.py``), the Messages API (``tests/support/fake_anthropic.py``), and
the feed index file on disk.

Not here, and why:

* DynamoDB throttling (moto) and a missing S3 snapshot: the cloud adapters' own suite covers
  them (``tests/cloud/test_dynamodb_cache.py``, ``tests/cloud/test_s3_snapshots.py`` and
  ``tests/cloud/test_handlers.py::test_without_a_snapshot_or_a_usable_cache_the_brief_is_partial_never_a_5xx``).
* An ingest run killed mid-way and re-run: covered by ``tests/integration/test_ingest.py``
  (``test_a_run_killed_before_a_write_loses_and_duplicates_nothing`` and
  ``test_a_run_killed_between_items_and_state_refetches_without_duplicates``), which kill the run
  at both points that matter and count the items after the re-run.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from parallax.adapters.feed_index import FeedIndex, IndexItem
from parallax.adapters.gdelt import PROCESS_THROTTLE
from parallax.adapters.llm import (
    NOTICE_ERROR,
    NOTICE_INVALID_OUTPUT,
    NOTICE_OVERLOADED,
    NOTICE_RATE_LIMITED,
    NOTICE_TIMEOUT,
    LlmCallMetrics,
)
from parallax.adapters.sqlite_cache import SqliteBriefCache
from parallax.config import Settings
from parallax.domain.models import Brief, CacheInfo, Related
from tests.conftest import PAGES
from tests.fakes import make_article
from tests.hardening.harness import build_service, offline_fetcher, serve
from tests.support.fake_anthropic import FakeAnthropic
from tests.support.fake_providers import (
    GDELT_PATH,
    GOOGLE_NEWS_PATH,
    HTML_ERROR_PAGE,
    HTML_TYPE,
    MALFORMED_JSON,
    MALFORMED_XML,
    XML_BOMB,
    FakeProviderServer,
    Reply,
)

EN_HTML = (PAGES / "en_article.html").read_text(encoding="utf-8")
URL = "https://www.harbourcourier.example/news/local/kestrel-bay-tidal-barrier-vote"
BOTH = {"google_news", "gdelt"}


def _brief(base_url: str, **extra: Any) -> dict[str, Any]:
    response = httpx.post(
        f"{base_url}/v1/briefs", json={"url": URL, "html": EN_HTML, **extra}, timeout=60
    )
    assert response.status_code == 200, response.text
    brief: dict[str, Any] = response.json()
    assert brief["summary"]["bullets"], "the reader always gets a summary"
    return brief


@pytest.fixture(autouse=True)
def _fresh_gdelt_throttle() -> Iterator[None]:
    # GDELT allows one call per 5 s per process; every case here must actually reach the fake.
    PROCESS_THROTTLE.reset()
    yield
    PROCESS_THROTTLE.reset()


@pytest.fixture
def providers() -> Iterator[FakeProviderServer]:
    with FakeProviderServer() as fake:
        yield fake


def _provider_settings(home: Path, fake: FakeProviderServer, **extra: Any) -> Settings:
    return Settings(
        home=home,
        providers=("google_news", "gdelt"),
        google_news_base_url=fake.base_url,
        gdelt_base_url=fake.base_url,
        provider_timeout_s=0.5,
        related_budget_s=1.0,
        **extra,
    )


# --- search providers ---------------------------------------------------------------------------

_BINARY = bytes(range(256)) * 64
PROVIDER_FAULTS: dict[str, tuple[Reply, Reply]] = {
    # (Google News answer, GDELT answer)
    "timeout": (Reply(delay_s=3.0), Reply(delay_s=3.0)),
    "body trickling past the deadline": (
        Reply(body=b"<rss>" + b" " * 4000, trickle_s=3.0, content_type="application/rss+xml"),
        Reply(body=b'{"articles": [' + b" " * 4000, trickle_s=3.0),
    ),
    "HTTP 500 with an HTML page": (
        Reply(500, HTML_ERROR_PAGE, HTML_TYPE),
        Reply(500, HTML_ERROR_PAGE, HTML_TYPE),
    ),
    "HTTP 429": (
        Reply(429, b"", headers=(("Retry-After", "60"),)),
        Reply(429, b"Please limit requests to one every 5 seconds", "text/plain"),
    ),
    "HTML consent page with 200": (
        Reply(200, HTML_ERROR_PAGE, HTML_TYPE),
        Reply(200, HTML_ERROR_PAGE, HTML_TYPE),
    ),
    "malformed": (
        Reply(200, MALFORMED_XML, "application/rss+xml"),
        Reply(200, MALFORMED_JSON),
    ),
    "XML bomb": (Reply(200, XML_BOMB, "application/rss+xml"), Reply(200, XML_BOMB, "text/xml")),
    "binary": (Reply(200, _BINARY, "application/rss+xml"), Reply(200, _BINARY)),
    "wrong shape": (
        Reply(200, b'<?xml version="1.0"?><feed><entry/></feed>', "application/rss+xml"),
        Reply(200, b'{"articles": "none today"}'),
    ),
    "over the size cap": (
        Reply(200, b"<rss>" + b" " * 2_100_000, "application/rss+xml"),
        Reply(200, b'{"articles": []}' + b" " * 2_100_000),
    ),
}


@pytest.mark.parametrize("fault", sorted(PROVIDER_FAULTS))
def test_misbehaving_providers_give_a_partial_brief(
    fault: str, providers: FakeProviderServer, home: Path
) -> None:
    # Given both search providers answering with the fault
    google, gdelt = PROVIDER_FAULTS[fault]
    providers.script(google, GOOGLE_NEWS_PATH)
    providers.script(gdelt, GDELT_PATH)
    with serve(_provider_settings(home, providers)) as server:
        # When a Brief is asked for
        brief = _brief(server.base_url)
    # Then it comes back with its summary, and related coverage marked partial, naming both
    # (and each provider was really asked: the fault was met, not skipped)
    related = brief["related"]
    assert related["partial"] is True and set(related["failed_sources"]) == BOTH
    assert related["items"] == []
    assert providers.requests_to(GOOGLE_NEWS_PATH) and providers.requests_to(GDELT_PATH)


def test_unreachable_providers_give_a_partial_brief(home: Path) -> None:
    # Given providers configured on a port where nothing listens
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{sock.getsockname()[1]}"
    settings = Settings(
        home=home,
        providers=("google_news", "gdelt"),
        google_news_base_url=dead,
        gdelt_base_url=dead,
        provider_timeout_s=0.5,
        related_budget_s=1.0,
    )
    with serve(settings) as server:
        related = _brief(server.base_url)["related"]
    assert related["partial"] is True and set(related["failed_sources"]) == BOTH


def test_a_partial_brief_is_cached_briefly_and_retried(
    providers: FakeProviderServer, home: Path
) -> None:
    # Given providers that fail
    providers.script(Reply(500, HTML_ERROR_PAGE, HTML_TYPE))
    with serve(_provider_settings(home, providers)) as server:
        first = _brief(server.base_url)
        second = _brief(server.base_url)
    # Then the partial Brief is cached only for the short partial TTL, not the full one
    assert first["related"]["partial"] and second["cache"]["hit"] is True
    assert first["cache"]["ttl_s"] <= 300 < Settings().cache_ttl_s


# --- the feed index file ------------------------------------------------------------------------


def _index_with_items(path: Path) -> None:
    index = FeedIndex(path)
    index.ensure()
    index.upsert_items(
        [
            IndexItem(
                url=f"https://outlet{i}.example/barrier",
                outlet_id=f"outlet{i}",
                outlet_name=f"Outlet {i}",
                outlet_domain=f"outlet{i}.example",
                title="Kestrel Bay approves tidal flood barrier after storm surge",
                summary="Councillors voted for a £48m barrier across the harbour mouth.",
                language="en",
                published="2024-05-02T16:00:00Z",
                guid=None,
            )
            for i in range(40)
        ]
    )
    index.close()


def _corrupt(path: Path) -> None:
    path.write_bytes(b"this is not an SQLite database\n" * 512)


def _truncated(path: Path) -> None:
    _index_with_items(path)
    for extra in path.parent.glob(path.name + "-*"):
        extra.unlink()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _zeroed_header(path: Path) -> None:
    _index_with_items(path)
    data = bytearray(path.read_bytes())
    data[:100] = bytes(100)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "damage",
    [None, _corrupt, _truncated, _zeroed_header],
    ids=["missing", "not a database", "truncated", "header zeroed"],
)
def test_a_missing_or_damaged_feed_index_gives_a_partial_brief(damage: Any, home: Path) -> None:
    # Given the local feed index missing, or its file damaged
    settings = Settings(home=home, providers=("index",))
    if damage is not None:
        damage(settings.index_path)
    with serve(settings) as server:
        # When Briefs are asked for (twice: the second must not fare worse)
        for language in ("en", "de"):
            brief = _brief(server.base_url, language=language)
            # Then each has its summary and is partial: a missing index is "not filled yet"
            # (no failure), a damaged one failed and is named
            assert brief["related"]["partial"] is True
            if damage is None:
                assert brief["related"]["failed_sources"] == []
                assert brief["related"]["index"]["status"] == "not_filled"
            else:
                assert brief["related"]["failed_sources"] == ["index"]
                assert brief["related"]["index"]["status"] == "failing"


def test_a_corrupt_cache_file_does_not_cost_the_brief(home: Path) -> None:
    settings = Settings(home=home, providers=())
    settings.cache_path.write_bytes(b"garbage" * 1000)
    with serve(settings) as server:
        assert _brief(server.base_url)["cache"]["hit"] is False
        assert _brief(server.base_url)["cache"]["hit"] is True


def _filler_brief() -> Brief:
    return Brief(
        article=make_article(),
        summary=None,
        related=Related(),
        cache=CacheInfo(hit=False, key="k", ttl_s=600),
        timings_ms={},
    )


def test_a_cache_file_with_damaged_pages_is_recovered(home: Path) -> None:
    # Given a cache file whose header is valid and whose pages are damaged (issue 15, item 6)
    settings = Settings(home=home, providers=())
    cache = SqliteBriefCache(settings.cache_path)
    for i in range(200):
        cache.put(f"k{i}", _filler_brief(), 600)
    cache.close()
    for extra in home.glob("cache.sqlite3-*"):
        extra.unlink()
    data = bytearray(settings.cache_path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    data[page_size:] = b"\xa5" * (len(data) - page_size)
    settings.cache_path.write_bytes(bytes(data))
    with serve(settings) as server:
        # When Briefs are asked for, Then the first is served (and stored in a fresh file),
        # and the next is a hit: it used to be "malformed" on every request, even after restart
        assert _brief(server.base_url)["cache"]["hit"] is False
        assert _brief(server.base_url)["cache"]["hit"] is True
    assert any(p.name.startswith("cache.sqlite3.corrupt-") for p in home.iterdir())


def test_a_home_where_nothing_can_be_written_serves_briefs_uncached(tmp_path: Path) -> None:
    # Given a PARALLAX_HOME that cannot be created or written (its parent is a file; the
    # tests run as root, so a read-only mode bit would not stop them)
    (tmp_path / "file").write_text("x")
    settings = Settings(home=tmp_path / "file" / "home", providers=())
    with serve(settings) as server:
        # When Briefs are asked for (issue 15, item 5: every Brief was a 500)
        first, second = _brief(server.base_url), _brief(server.base_url)
    # Then each is served, uncached
    assert first["cache"]["hit"] is False and second["cache"]["hit"] is False


# --- the model ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as fake:
        yield fake


@pytest.mark.parametrize(
    ("behaviour", "notice"),
    [
        ("rate_limited", NOTICE_RATE_LIMITED),  # 429
        ("overloaded", NOTICE_OVERLOADED),  # 529
        ("unavailable", NOTICE_OVERLOADED),  # 503
        ("server_error", NOTICE_ERROR),  # 500
        ("slow", NOTICE_TIMEOUT),  # no answer within llm_timeout_s
        ("malformed", NOTICE_INVALID_OUTPUT),  # a truncated JSON body
    ],
)
def test_a_failing_model_gives_the_extractive_summary_and_a_metric(
    behaviour: str, notice: str, model: FakeAnthropic, home: Path
) -> None:
    # Given the model answering 429, 529, 503, 500, nothing in time, or garbage
    model.reset()
    model.default = behaviour
    model.retry_after = "60"
    model.slow_seconds = 3.0
    settings = Settings(
        home=home,
        providers=(),
        llm_provider="anthropic",
        llm_base_url=model.base_url,
        llm_api_key=SecretStr("sk-test-not-a-real-key"),
        llm_timeout_s=1.0,
        llm_max_retries=1,
    )
    metrics: list[LlmCallMetrics] = []
    service = build_service(settings, offline_fetcher(settings), metrics=metrics.append)
    with serve(settings, service=service) as server:
        # When a Brief is asked for
        summary = _brief(server.base_url)["summary"]
    # Then the summary is the extractive one, saying why, and the failure was counted
    assert summary["method"] == "extractive" and summary["notice"] == notice
    assert [m.fallback_reason for m in metrics] == [notice]
    assert model.requests, "the model was really asked"


def test_everything_failing_at_once_still_gives_a_brief(
    providers: FakeProviderServer, model: FakeAnthropic, home: Path
) -> None:
    # Given the providers timing out, the index corrupt and the model overloaded, all at once
    providers.script(Reply(delay_s=3.0))
    model.reset()
    model.default = "overloaded"
    settings = _provider_settings(
        home,
        providers,
        llm_provider="anthropic",
        llm_base_url=model.base_url,
        llm_api_key=SecretStr("sk-test-not-a-real-key"),
        llm_timeout_s=1.0,
        llm_max_retries=0,
    )
    settings = settings.model_copy(update={"providers": ("index", "google_news", "gdelt")})
    _corrupt(settings.index_path)
    with serve(settings) as server:
        brief = _brief(server.base_url)
    # Then the reader still gets the article, an extractive summary and a partial related list
    assert brief["article"]["title"]
    assert brief["summary"]["method"] == "extractive"
    assert brief["summary"]["notice"] == NOTICE_OVERLOADED
    assert set(brief["related"]["failed_sources"]) == BOTH | {"index"}


def test_a_server_killed_during_concurrent_misses_leaves_an_intact_cache(tmp_path: Path) -> None:
    # Given `parallax serve` as its own process, making Briefs for several clients at once (now
    # concurrently: issue 15), with rate limiting off
    home = tmp_path / "home"
    env = {
        **os.environ,
        "PARALLAX_HOME": str(home),
        "PARALLAX_RATE_LIMIT_PER_MINUTE": "0",
        "PARALLAX_PROVIDERS": "index",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "parallax.cli", "serve", "--port", "0"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        base = None
        for _ in range(50):
            line = process.stderr.readline()
            found = re.search(r"serving on (http://\S+)", line)
            if found:
                base = found.group(1)
                break
        assert base is not None, "parallax serve did not start"
        # Keep reading its log, so that a full pipe never blocks the server.
        threading.Thread(target=process.stderr.read, daemon=True).start()
        warm = httpx.post(f"{base}/v1/briefs", json={"url": URL, "html": EN_HTML}, timeout=120)
        assert warm.status_code == 200, warm.text[:300]
        stop = threading.Event()

        def client(n: int) -> None:
            i = 0
            while not stop.is_set():
                with contextlib.suppress(httpx.HTTPError):
                    httpx.post(
                        f"{base}/v1/briefs",
                        json={"url": f"{URL}?n={n}-{i}", "html": EN_HTML},
                        timeout=30,
                    )
                i += 1

        threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(4)]
        for thread in threads:
            thread.start()
        time.sleep(4)
        # When it is killed with SIGKILL in the middle of that
        process.kill()
        process.wait(timeout=10)
        stop.set()
        for thread in threads:
            thread.join(timeout=35)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    # Then the cache file passes SQLite's integrity check and holds the Briefs it committed
    conn = sqlite3.connect(home / "cache.sqlite3")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM briefs").fetchone()[0] > 0
    finally:
        conn.close()
