"""Limits: every input has a size, every wait has an end.

Request body, HTML, URL length and the related-item count at the API; slow clients at the local
server's transport; pages, gzip and deflate bombs through the fetcher (by URL, end to end); feeds
and their bombs at ingest; the model's answer size. Each limit is shown to refuse just past it and
(where cheap) to accept at it.
"""

from __future__ import annotations

import http.client
import json
import select
import socket
import time
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from parallax.adapters.feed_index import FeedIndex
from parallax.adapters.feed_state import SqliteFeedStateStore
from parallax.adapters.fetcher import FetchPolicy, GuardedFetcher
from parallax.adapters.llm import NOTICE_INVALID_OUTPUT
from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.domain.errors import TooLarge
from parallax.domain.models import MAX_HTML_BYTES, MAX_URL_LENGTH
from parallax.ingest.catalogue import Catalogue, FeedSpec, OutletEntry, load_catalogue
from parallax.ingest.feeds import MAX_FEED_BYTES, parse_feed
from parallax.ingest.runner import FEED_MEDIA, IngestRunner, ingest_directory
from tests.conftest import PAGES
from tests.hardening.harness import PUBLIC_V4, StubNetwork, build_service, offline_fetcher, serve
from tests.support.fake_anthropic import FakeAnthropic, RecordedRequest, Reply, tool_use_message
from tests.support.fake_providers import (
    FakeProviderServer,
    RssItem,
    google_news_reply,
)
from tests.support.fake_providers import Reply as ProviderReply
from tests.support.fixture_site import FixtureSite

EN_HTML = (PAGES / "en_article.html").read_text(encoding="utf-8")
# A second "public" address, carried to the loopback server that serves the bombs.
BOMB_V4 = "93.184.215.15"


def _post(base: str, body: Any, **kwargs: Any) -> httpx.Response:
    return httpx.post(f"{base}/v1/briefs", json=body, timeout=60, **kwargs)


def _bomb(coding: str, inflated_bytes: int, head: bytes, tail: bytes = b"") -> bytes:
    """A body that inflates to ``inflated_bytes`` of mostly spaces, in ``gzip`` or ``deflate``."""
    wbits = zlib.MAX_WBITS | 16 if coding == "gzip" else zlib.MAX_WBITS
    packer = zlib.compressobj(9, zlib.DEFLATED, wbits)
    block = b" " * (1 << 20)
    parts = [packer.compress(head)]
    parts += [packer.compress(block) for _ in range(inflated_bytes >> 20)]
    parts.append(packer.compress(tail) + packer.flush())
    return b"".join(parts)


# --- the API: body, html, url, related items ----------------------------------------------------


@pytest.fixture(scope="module")
def small_body_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(
        home=tmp_path_factory.mktemp("limits-home"), providers=(), max_body_bytes=20_000
    )
    with serve(settings) as server:
        yield server.base_url


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(Settings(home=tmp_path_factory.mktemp("limits-api"), providers=())) as server:
        yield server.base_url


def test_a_body_over_the_cap_is_refused_and_one_at_the_cap_is_read(small_body_api: str) -> None:
    # Given a server taking bodies of at most 20 000 bytes
    def body_of(size: int) -> bytes:
        filler = "x" * (size - len(json.dumps({"url": "https://news.example/a", "html": ""})))
        raw = json.dumps({"url": "https://news.example/a", "html": filler}).encode()
        assert len(raw) == size
        return raw

    headers = {"content-type": "application/json"}
    # When one byte more is sent, Then it is too_large
    over = httpx.post(
        f"{small_body_api}/v1/briefs", content=body_of(20_001), headers=headers, timeout=30
    )
    assert over.status_code == 413 and over.json()["code"] == "too_large"
    # And exactly the cap is read and judged on its merits (not HTML, but not too large)
    at = httpx.post(
        f"{small_body_api}/v1/briefs", content=body_of(20_000), headers=headers, timeout=30
    )
    assert at.status_code == 415 and at.json()["code"] == "unsupported_media"


def test_a_declared_huge_body_is_refused_before_it_is_sent(small_body_api: str) -> None:
    # Given a request that announces a terabyte and sends nothing more
    host, port = small_body_api.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as conn:
        conn.sendall(
            b"POST /v1/briefs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1000000000000\r\n\r\n"
        )
        # When the server answers (without waiting for the body)
        answer = http.client.HTTPResponse(conn)
        answer.begin()
        # Then it is 413 too_large and the connection is closed
        assert answer.status == 413 and answer.getheader("connection") == "close"
        assert json.loads(answer.read())["code"] == "too_large"


def test_chunked_bodies_are_refused(small_body_api: str) -> None:
    # A chunked body has no length to check up front, so it is not accepted at all.
    response = httpx.post(
        f"{small_body_api}/v1/briefs",
        content=iter([b'{"url": "https://news.example/a"}']),
        headers={"content-type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400 and response.json()["code"] == "invalid_request"


def test_html_over_the_cap_in_bytes_is_refused_even_when_short_in_characters(api: str) -> None:
    # Given HTML of fewer than MAX_HTML_BYTES characters but more bytes in UTF-8 (3 per "€"),
    # sent as raw UTF-8 so the request body itself stays under its own cap
    html = "<p>" + "€" * (MAX_HTML_BYTES // 3 + 10) + "</p>"
    assert len(html) < MAX_HTML_BYTES < len(html.encode())
    body = json.dumps({"url": "https://news.example/a", "html": html}, ensure_ascii=False)
    # When it is sent, Then it is too_large, and the reason names the html
    response = httpx.post(
        f"{api}/v1/briefs",
        content=body.encode(),
        headers={"content-type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 413, response.text
    assert response.json()["code"] == "too_large" and "html" in response.json()["detail"]


def test_the_url_length_limit(api: str) -> None:
    # Given URLs exactly at and one past MAX_URL_LENGTH characters
    base = "https://news.example/"
    at = base + "a" * (MAX_URL_LENGTH - len(base))
    over = at + "a"
    # Then the one at the limit is accepted and the one past it refused, naming the field
    assert _post(api, {"url": at, "html": EN_HTML}).status_code == 200
    response = _post(api, {"url": over, "html": EN_HTML})
    assert response.status_code == 400 and response.json()["code"] == "invalid_request"
    assert [e["location"] for e in response.json()["errors"]] == ["url"]


_WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliet",
    "kilo",
    "lima",
    "mike",
]


@pytest.fixture(scope="module")
def many_related() -> Iterator[FakeProviderServer]:
    # Sixty different outlets all reporting the source article's story, each in its own words
    # (distinct enough not to collapse into one wire-copy row).
    items = [
        RssItem(
            f"Kestrel Bay approves £48m tidal flood barrier after 2021 storm surge, "
            f"{_WORDS[i % 13]} {_WORDS[(i * 7) % 13]} {_WORDS[(i * 11) % 13]} report {i}",
            f"Outlet {i}",
            f"https://outlet{i}.example",
            datetime(2024, 5, 2, 16, tzinfo=UTC),
            article_id=f"CBMi{i:04d}",
        )
        for i in range(60)
    ]
    with FakeProviderServer(google_news_reply(items)) as fake:
        yield fake


def test_related_items_never_exceed_max_related(
    many_related: FakeProviderServer, tmp_path: Path
) -> None:
    settings = Settings(
        home=tmp_path, providers=("google_news",), google_news_base_url=many_related.base_url
    )
    with serve(settings) as server:
        url = "https://www.harbourcourier.example/news/local/kestrel-bay-tidal-barrier-vote"
        # Given sixty matching candidates, When three are asked for, Then three come back
        three = _post(server.base_url, {"url": url, "html": EN_HTML, "max_related": 3})
        assert three.status_code == 200, three.text
        assert len(three.json()["related"]["items"]) == 3
        # And the cap, not the candidates, is what limited it: 50 allows many more
        fifty = _post(server.base_url, {"url": url, "html": EN_HTML, "max_related": 50})
        items = fifty.json()["related"]["items"]
        assert 3 < len(items) <= 50
        # And no outlet appears more than twice
        outlets = [i["outlet"]["domain"] for i in items]
        assert max(outlets.count(o) for o in outlets) <= 2
        # And more than 50 is not a request the API takes; 0 asks no provider at all
        asked = len(many_related.requests)
        too_many = _post(server.base_url, {"url": url, "html": EN_HTML, "max_related": 51})
        assert too_many.status_code == 400
        none = _post(server.base_url, {"url": url + "?x=0", "html": EN_HTML, "max_related": 0})
        assert none.json()["related"]["items"] == [] and len(many_related.requests) == asked


# --- slow clients at the transport --------------------------------------------------------------

CLIENT_TIMEOUT_S = 1.0
# How long a test waits for the server to hang up: generous, so a busy machine does not fail it.
# The claim is "it is cut off", not "within N ms"; bench/ is where times are measured.
GIVE_UP_S = 15.0


@pytest.fixture(scope="module")
def impatient(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    # Built the way `parallax serve` should build it: from the settings.
    settings = Settings(
        home=tmp_path_factory.mktemp("slow-home"), providers=(), client_timeout_s=CLIENT_TIMEOUT_S
    )
    service = build_service(settings, offline_fetcher(settings))
    server = LocalServer.from_settings(
        lambda: create_app(settings, lambda: service), settings, port=0
    )
    with server:
        yield server


def _connect(server: LocalServer) -> socket.socket:
    host, port = server.base_url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=GIVE_UP_S)


def _closed_by_peer(conn: socket.socket, answers: list[bytes]) -> bool:
    """True once the server has closed its end (EOF or reset), without blocking; anything it
    sent before closing is kept in ``answers``."""
    readable, _, _ = select.select([conn], [], [], 0)
    if not readable:
        return False
    try:
        data = conn.recv(4096)
    except ConnectionError:
        return True
    answers.append(data)
    return data == b""


def test_headers_that_never_finish_are_cut_off(impatient: LocalServer) -> None:
    # Given a client that starts a request and stops half-way through its headers
    with _connect(impatient) as slow:
        slow.sendall(b"POST /v1/briefs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-")
        started = time.monotonic()
        # Then other clients are served meanwhile
        assert httpx.get(f"{impatient.base_url}/v1/health", timeout=5).status_code == 200
        # And the server hangs up on it (recv returns end-of-stream)
        assert slow.recv(4096) == b""
        assert time.monotonic() - started < GIVE_UP_S


def test_a_body_trickled_byte_by_byte_is_cut_off_at_the_deadline(impatient: LocalServer) -> None:
    # Given a client sending a 200-byte body one byte every 0.1 s: each read arrives well inside
    # the client timeout, but the whole body would take 20 s (slowloris proper)
    with _connect(impatient) as slow:
        slow.sendall(
            b"POST /v1/briefs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Content-Length: 200\r\n\r\n"
        )
        started = time.monotonic()
        sent = 0
        answers: list[bytes] = []
        while sent < 200 and time.monotonic() - started < GIVE_UP_S:
            if _closed_by_peer(slow, answers):
                break
            try:
                slow.sendall(b" ")
            except OSError:
                break
            sent += 1
            time.sleep(0.1)
        # Then the server hung up long before the body was complete, without answering: it was
        # the deadline that ended it, not a refusal of the request
        assert sent < 200, "the trickle was never cut off"
        assert time.monotonic() - started < GIVE_UP_S
        assert b"".join(answers) == b""


def test_an_idle_kept_alive_connection_is_closed(impatient: LocalServer) -> None:
    # Given a connection that got its answer and then sends nothing more
    with _connect(impatient) as idle:
        idle.sendall(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        answer = http.client.HTTPResponse(idle)
        answer.begin()
        assert answer.status == 200 and answer.read()
        # Then the server closes it instead of keeping a thread for it
        assert idle.recv(4096) == b""


# --- pages and bombs fetched by URL (end to end) ------------------------------------------------


@pytest.fixture(scope="module")
def bombs() -> Iterator[FakeProviderServer]:
    html_head = b"<!DOCTYPE html><html><body><p>"
    with FakeProviderServer() as server:
        server.script(
            ProviderReply(
                body=_bomb("deflate", 40 << 20, html_head),
                content_type="text/html",
                headers=(("Content-Encoding", "deflate"),),
            ),
            path="/deflate-bomb",
        )
        server.script(
            ProviderReply(
                body=zlib.compress(gzip_of(EN_HTML.encode())),
                content_type="text/html",
                headers=(("Content-Encoding", "gzip, gzip"),),
            ),
            path="/double-gzip",
        )
        yield server


def gzip_of(data: bytes) -> bytes:
    packer = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return packer.compress(data) + packer.flush()


@pytest.fixture(scope="module")
def fetching_api(
    news_site: FixtureSite,
    trap: FixtureSite,
    bombs: FakeProviderServer,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    bomb_port = int(bombs.base_url.rsplit(":", 1)[1])
    network = StubNetwork(
        routes={PUBLIC_V4: news_site.port, BOMB_V4: bomb_port},
        trap_port=trap.port,
        table={"news.example": [[PUBLIC_V4]], "bombs.example": [[BOMB_V4]]},
    )
    settings = Settings(home=tmp_path_factory.mktemp("fetch-home"), providers=())
    with serve(settings, network.fetcher(settings)) as server:
        yield server.base_url


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("http://news.example/gzip-bomb", 413, "too_large"),  # 60 KB of gzip → 60 MB
        ("http://bombs.example/deflate-bomb", 413, "too_large"),  # 40 KB of deflate → 40 MB
        ("http://news.example/huge", 413, "too_large"),  # 6 MB streamed, no length
        ("http://news.example/huge-declared", 413, "too_large"),  # Content-Length: 6 MB
        ("http://bombs.example/double-gzip", 422, "fetch_failed"),  # stacked encodings
    ],
)
def test_oversized_and_compressed_bomb_pages_are_refused(
    fetching_api: str, url: str, status: int, code: str
) -> None:
    # Given a page that is too large, or small on the wire and huge inflated
    # When a Brief is asked for by its URL
    response = _post(fetching_api, {"url": url})
    # Then it is refused with the documented code (and the server lives on)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert httpx.get(f"{fetching_api}/v1/health", timeout=5).status_code == 200


# --- feeds: size and bombs at ingest ------------------------------------------------------------

RSS_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bomb</title>'
    b"<item><title>One</title><link>https://bomb.example/1</link><description>"
)
RSS_TAIL = b"</description></item></channel></rss>"


@pytest.fixture(scope="module")
def feed_server() -> Iterator[FakeProviderServer]:
    with FakeProviderServer() as server:
        server.script(
            ProviderReply(
                body=_bomb("gzip", 50 << 20, RSS_HEAD, RSS_TAIL),
                content_type="application/rss+xml",
                headers=(("Content-Encoding", "gzip"),),
            ),
            path="/bomb.xml",
        )
        server.script(
            ProviderReply(
                body=RSS_HEAD + b" " * (MAX_FEED_BYTES + 1) + RSS_TAIL,
                content_type="application/rss+xml",
            ),
            path="/huge.xml",
        )
        good = (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>Good</title>'
            b"<item><title>Council approves budget</title>"
            b"<link>https://good.example/a</link></item></channel></rss>"
        )
        server.script(ProviderReply(body=good, content_type="application/rss+xml"), "/good.xml")
        yield server


@pytest.mark.parametrize("path", ["/bomb.xml", "/huge.xml"])
def test_the_feed_fetch_stops_at_the_cap(feed_server: FakeProviderServer, path: str) -> None:
    port = int(feed_server.base_url.rsplit(":", 1)[1])
    fetcher = GuardedFetcher(
        FetchPolicy(allow_private_hosts=True, allowed_ports=frozenset({port}), timeout_s=10.0)
    )
    # Given a gzip bomb (50 MB inflated) and a plain 5 MB+ feed, When fetched as feeds
    # Then both stop at the cap
    with pytest.raises(TooLarge):
        fetcher.fetch_bytes(feed_server.base_url + path, FEED_MEDIA)


def test_ingest_records_oversized_feeds_as_failures_and_keeps_the_good_one(
    feed_server: FakeProviderServer, tmp_path: Path
) -> None:
    # Given a catalogue with a bomb feed, an oversized feed and a good one
    port = int(feed_server.base_url.rsplit(":", 1)[1])
    catalogue = Catalogue(
        outlets=(
            OutletEntry(
                id="bombs",
                name="Bombs",
                domains=("bomb.example",),
                country="GB",
                languages=("en",),
                type="private",
                feeds=tuple(
                    FeedSpec(url=feed_server.base_url + p)
                    for p in ("/bomb.xml", "/huge.xml", "/good.xml")
                ),
            ),
        )
    )
    index_path = tmp_path / "index.sqlite3"
    index, state = FeedIndex(index_path), SqliteFeedStateStore(index_path)
    runner = IngestRunner(
        catalogue=catalogue,
        index=index,
        state=state,
        fetcher=GuardedFetcher(
            FetchPolicy(allow_private_hosts=True, allowed_ports=frozenset({port}), timeout_s=10.0)
        ),
        retention_days=14,
        jitter=lambda: 0.0,
    )
    try:
        # When ingest runs
        report = runner.run_once()
    finally:
        index.close()
        state.close()
    # Then the two oversized feeds failed as too_large and the good one was indexed
    assert report.feeds_ok == 1 and report.feeds_failed == 2
    assert all(f.error.startswith("too_large") for f in report.failures)
    assert report.items_inserted == 1


def test_oversized_feed_files_and_bytes_are_refused(tmp_path: Path) -> None:
    # Given a feed file over the cap among local files
    (tmp_path / "huge.xml").write_bytes(RSS_HEAD + b" " * (MAX_FEED_BYTES + 1) + RSS_TAIL)
    # Then the parser refuses the bytes, and a directory ingest records the file as failed
    with pytest.raises(TooLarge):
        parse_feed((tmp_path / "huge.xml").read_bytes())
    index = FeedIndex(tmp_path / "index.sqlite3")
    try:
        report = ingest_directory(tmp_path, index=index, catalogue=load_catalogue(None))
    finally:
        index.close()
    assert report.feeds_failed >= 1
    assert any(f.error.startswith("too_large") for f in report.failures)


# --- the model's answer -------------------------------------------------------------------------


def test_an_oversized_model_answer_falls_back_to_the_extractive_summary(tmp_path: Path) -> None:
    def enormous(request: RecordedRequest) -> Reply:
        # Forty bullets of 5 000 characters and a 1 MB "disputed" note: far past the schema.
        bullets = [{"text": "word " * 1000, "sentence_ids": [0]} for _ in range(40)]
        tool_input = {"headline": "H" * 10_000, "bullets": bullets, "disputed": "d" * 1_000_000}
        return Reply(200, tool_use_message(request, tool_input))

    with FakeAnthropic() as fake:
        fake.default = enormous
        settings = Settings(
            home=tmp_path,
            providers=(),
            llm_provider="anthropic",
            llm_base_url=fake.base_url,
            llm_api_key=SecretStr("sk-test-not-a-real-key"),
            llm_timeout_s=10.0,
            llm_max_retries=0,
            llm_max_tokens=1024,
        )
        with serve(settings) as server:
            response = _post(server.base_url, {"url": "https://news.example/m", "html": EN_HTML})
        sent_max_tokens = {r.body["max_tokens"] for r in fake.requests if r.body}
    # Then the reader still gets a Brief, summarised extractively, saying why
    assert response.status_code == 200, response.text
    summary = response.json()["summary"]
    assert summary["method"] == "extractive" and summary["notice"] == NOTICE_INVALID_OUTPUT
    assert len(summary["bullets"]) <= 5
    # And the model was asked for at most the configured number of tokens
    assert sent_max_tokens == {1024}


def test_a_model_answer_that_trickles_in_ends_at_the_models_deadline(tmp_path: Path) -> None:
    # Given a model service that answers a byte every 0.1 s: each read is in time, the answer
    # would take minutes. Before, the Brief waited past the model's 1.5 s for its own deadline
    # and was a 504 with nothing, its worker held until the service stopped.
    def trickle(request: RecordedRequest) -> Reply:
        return Reply(200, tool_use_message(request, {}), trickle_s=0.1)

    with FakeAnthropic() as fake:
        fake.default = trickle
        settings = Settings(
            home=tmp_path,
            providers=(),
            brief_deadline_s=8.0,
            llm_provider="anthropic",
            llm_base_url=fake.base_url,
            llm_api_key=SecretStr("sk-test-not-a-real-key"),
            llm_timeout_s=1.5,
            llm_max_retries=2,
        )
        with serve(settings) as server:
            started = time.monotonic()
            response = _post(server.base_url, {"url": "https://news.example/t", "html": EN_HTML})
            elapsed = time.monotonic() - started
    # Then the reader gets the extractive summary saying the model timed out, within its budget
    assert response.status_code == 200, response.text
    summary = response.json()["summary"]
    assert summary["method"] == "extractive" and summary["notice"] == "llm_timeout"
    assert elapsed < 5.0
