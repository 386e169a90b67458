"""Abuse: one client cannot starve the others, only the configured extension origins may read the
API from a browser, and nothing a reader sends (or a key the service holds) ends up in the logs.

Prompt injection (instructions hidden in an article) is covered by the suite in
``tests/integration/test_llm_summariser.py`` (``test_instructions_inside_the_article_are_not_obeyed``
and ``test_injection_into_some_bullets_only_loses_those``), which ``make test`` runs.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from parallax.api.app import create_app
from parallax.api.local_server import LocalServer, RateLimiter
from parallax.config import DEFAULT_EXTENSION_ORIGIN, Settings
from parallax.domain.errors import FetchFailed
from parallax.domain.ports import FetchedPage
from tests.conftest import PAGES
from tests.hardening.harness import PUBLIC_V4, StubNetwork, build_service, offline_fetcher, serve
from tests.support.fake_anthropic import FakeAnthropic
from tests.support.fake_providers import HTML_ERROR_PAGE, HTML_TYPE, FakeProviderServer, Reply
from tests.support.fixture_site import FixtureSite

EN_HTML = (PAGES / "en_article.html").read_text(encoding="utf-8")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- rate limiting: the token bucket ------------------------------------------------------------


def test_a_client_gets_its_burst_then_the_rate() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)
    # Given a full bucket of 3, When 3 requests arrive at once, Then all go through
    assert [limiter.acquire("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    # And the 4th waits for the next token: one second at 60 a minute
    assert limiter.acquire("a") == pytest.approx(1.0)
    # And after half a second it is still half a second away
    clock.now += 0.5
    assert limiter.acquire("a") == pytest.approx(0.5)
    # And after a further second one request is allowed again, not a burst
    clock.now += 1.0
    assert limiter.acquire("a") == 0.0
    assert limiter.acquire("a") > 0.0


def test_clients_have_their_own_buckets_and_zero_disables() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, burst=1, clock=clock)
    assert limiter.acquire("a") == 0.0 and limiter.acquire("a") > 0
    assert limiter.acquire("b") == 0.0
    off = RateLimiter(per_minute=0, burst=0, clock=clock)
    assert not off.enabled and all(off.acquire("a") == 0.0 for _ in range(1000))


def test_the_bucket_table_stays_bounded_under_a_scan_from_many_addresses() -> None:
    clock = FakeClock()
    limiter = RateLimiter(per_minute=60, burst=5, clock=clock, max_clients=100)
    # Given ten thousand addresses, each sending once
    for i in range(10_000):
        limiter.acquire(f"10.0.{i // 256}.{i % 256}")
    # Then the table never holds more than its bound
    assert len(limiter) <= 100


@pytest.mark.parametrize(("per_minute", "burst"), [(-1, 1), (1, -1)])
def test_nonsense_limits_are_refused(per_minute: int, burst: int) -> None:
    with pytest.raises(ValueError):
        RateLimiter(per_minute=per_minute, burst=burst)


# --- rate limiting: the server ------------------------------------------------------------------


@pytest.fixture
def limited(home: Path) -> Iterator[tuple[LocalServer, FakeClock]]:
    settings = Settings(home=home, providers=())
    service = build_service(settings, offline_fetcher(settings))
    clock = FakeClock()
    server = LocalServer(
        lambda: create_app(settings, lambda: service),
        port=0,
        rate_limit_per_minute=60,
        rate_limit_burst=5,
        cors_origins=settings.cors_origins,
        clock=clock,
    )
    with server:
        yield server, clock


def test_a_client_over_its_rate_gets_429_problems_with_retry_after(
    limited: tuple[LocalServer, FakeClock],
) -> None:
    server, clock = limited
    url = f"{server.base_url}/v1/health"
    # Given a client that has used its burst of 5
    assert [httpx.get(url, timeout=10).status_code for _ in range(5)] == [200] * 5
    # When it asks again, also pretending to be someone else through X-Forwarded-For
    refused = httpx.get(url, headers={"X-Forwarded-For": "203.0.113.9"}, timeout=10)
    # Then it is told to slow down, in the API's format, with when to retry
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) >= 1
    # And the browser extension can read that answer (CORS, Retry-After exposed)
    from_extension = httpx.post(
        f"{server.base_url}/v1/briefs",
        json={"url": "https://news.example/a"},
        headers={"Origin": DEFAULT_EXTENSION_ORIGIN},
        timeout=10,
    )
    assert from_extension.status_code == 429
    assert from_extension.headers["access-control-allow-origin"] == DEFAULT_EXTENSION_ORIGIN
    assert "retry-after" in from_extension.headers["access-control-expose-headers"].lower()
    # And once the time has passed, it is served again
    clock.now += 1.0
    assert httpx.get(url, timeout=10).status_code == 200


def test_one_clients_flood_does_not_limit_another(limited: tuple[LocalServer, FakeClock]) -> None:
    server, _ = limited
    url = f"{server.base_url}/v1/health"
    # Given one client (127.0.0.1) flooding the server
    codes = [httpx.get(url, timeout=10).status_code for _ in range(20)]
    assert codes.count(429) == 15
    # When another client (another loopback address, 127.0.0.2) asks
    with httpx.Client(transport=httpx.HTTPTransport(local_address="127.0.0.2")) as other:
        # Then it has its own full burst
        assert [other.get(url, timeout=10).status_code for _ in range(5)] == [200] * 5


def test_the_settings_turn_rate_limiting_on_by_default(home: Path) -> None:
    # Given the defaults: on, 120 a minute with a burst of 30
    settings = Settings(home=home, providers=())
    assert (settings.rate_limit_per_minute, settings.rate_limit_burst) == (120, 30)
    service = build_service(settings, offline_fetcher(settings))

    def server_for(**limits: int) -> LocalServer:
        configured = settings.model_copy(update=limits)
        return LocalServer.from_settings(
            lambda: create_app(configured, lambda: service), configured, port=0
        )

    # When the server is built from settings (a slow refill keeps this test deterministic)
    with server_for() as default, server_for(rate_limit_per_minute=1, rate_limit_burst=3) as slow:
        # Then the defaults are applied, and the configured bucket is what a client gets
        assert default.rate_limiter.enabled and default.rate_limiter.capacity == 30
        codes = [httpx.get(f"{slow.base_url}/v1/health", timeout=10).status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
    # And 0 turns it off
    with server_for(rate_limit_per_minute=0) as off:
        assert not off.rate_limiter.enabled
        assert all(
            httpx.get(f"{off.base_url}/v1/health", timeout=10).status_code == 200 for _ in range(40)
        )


# --- CORS ---------------------------------------------------------------------------------------

EXTENSION_A = DEFAULT_EXTENSION_ORIGIN
EXTENSION_B = "chrome-extension://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"


@pytest.fixture(scope="module")
def cors_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings = Settings(
        home=tmp_path_factory.mktemp("cors-home"),
        providers=(),
        cors_origins=(EXTENSION_A, EXTENSION_B),
        max_body_bytes=10_000,
        rate_limit_per_minute=0,  # CORS is the subject here, not the limiter
    )
    service = build_service(settings, offline_fetcher(settings))
    with LocalServer.from_settings(
        lambda: create_app(settings, lambda: service), settings, port=0
    ) as server:
        yield server.base_url


def _preflight(base: str, origin: str) -> httpx.Response:
    return httpx.options(
        f"{base}/v1/briefs",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=10,
    )


@pytest.mark.parametrize("origin", [EXTENSION_A, EXTENSION_B])
def test_configured_extension_origins_may_call_the_api(cors_api: str, origin: str) -> None:
    preflight = _preflight(cors_api, origin)
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == origin
    answer = httpx.post(
        f"{cors_api}/v1/briefs",
        json={"url": "https://news.example/a", "html": EN_HTML},
        headers={"Origin": origin},
        timeout=30,
    )
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == origin
    assert answer.headers.get("access-control-allow-credentials") != "true"


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example",
        "null",
        "*",
        EXTENSION_A + "x",
        EXTENSION_A.upper(),
        EXTENSION_A + "/",
        "chrome-extension://otherextensionidotherextensionid",
        "moz-extension://" + EXTENSION_A.removeprefix("chrome-extension://"),
        "http://127.0.0.1:8787",
    ],
)
def test_any_other_origin_gets_no_cors_grant(cors_api: str, origin: str) -> None:
    # Given a web page (or another extension) calling the API from a browser
    preflight = _preflight(cors_api, origin)
    answer = httpx.post(
        f"{cors_api}/v1/briefs",
        json={"url": "https://news.example/a", "html": EN_HTML},
        headers={"Origin": origin},
        timeout=30,
    )
    too_large = httpx.post(
        f"{cors_api}/v1/briefs",
        content=b"x" * 10_001,
        headers={"Origin": origin, "content-type": "application/json"},
        timeout=30,
    )
    # Then no answer grants it access (the browser keeps the response from the page), and the
    # wildcard is never used
    for response in (preflight, answer, too_large):
        assert "access-control-allow-origin" not in response.headers, response.headers


def test_transport_refusals_carry_cors_for_the_extension(cors_api: str) -> None:
    # A body refused by the server itself (before the routes) is still readable by the
    # extension, so it can show "too large" instead of "backend unreachable".
    response = httpx.post(
        f"{cors_api}/v1/briefs",
        content=b"x" * 10_001,
        headers={"Origin": EXTENSION_A, "content-type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 413
    assert response.headers["access-control-allow-origin"] == EXTENSION_A


# --- a web page driving the local server -------------------------------------------------------


class CountingFetcher:
    """A fetcher that only counts: any call means a page got the server to fetch for it."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def fetch(self, url: str) -> FetchedPage:
        self.calls.append(url)
        raise FetchFailed("counting fetcher")


@pytest.fixture
def counted(home: Path) -> Iterator[tuple[LocalServer, CountingFetcher]]:
    settings = Settings(home=home, providers=())
    fetcher = CountingFetcher()
    with serve(settings, fetcher) as server:
        yield server, fetcher


def test_a_cross_site_simple_post_never_reaches_the_fetcher(
    counted: tuple[LocalServer, CountingFetcher],
) -> None:
    # Given a web page posting to the local server without a preflight (a "simple" request:
    # text/plain or a form body, which a browser sends cross-origin without asking)
    server, fetcher = counted
    for content_type in ("text/plain", "application/x-www-form-urlencoded", "multipart/form-data"):
        response = httpx.post(
            f"{server.base_url}/v1/briefs",
            content=b'{"url": "http://intranet.example/"}',
            headers={"Origin": "https://evil.example", "content-type": content_type},
            timeout=10,
        )
        # Then it is refused as unsupported media, before anything is fetched
        assert response.status_code == 415, response.text
    assert fetcher.calls == []


@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8787", "127.0.0.1.evil.example", "[::1", "10.0.0.1"]
)
def test_requests_for_another_host_name_are_refused_on_loopback(
    counted: tuple[LocalServer, CountingFetcher], host: str
) -> None:
    # Given a page whose name was re-pointed at 127.0.0.1 (DNS rebinding): same-origin with the
    # server as far as the browser knows, so CORS does not apply; its Host is still its name
    server, fetcher = counted
    for method, path in (("GET", "/v1/health"), ("POST", "/v1/briefs")):
        response = httpx.request(
            method,
            f"{server.base_url}{path}",
            json={"url": "https://news.example/a"} if method == "POST" else None,
            headers={"Host": host},
            timeout=10,
        )
        # Then the server refuses it, and nothing was fetched
        assert response.status_code == 400, response.text
        assert response.json()["code"] == "invalid_request"
    assert fetcher.calls == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost:{port}", "[::1]:{port}", "app.localhost"])
def test_requests_for_loopback_names_are_served(
    counted: tuple[LocalServer, CountingFetcher], host: str
) -> None:
    server, _ = counted
    port = server.base_url.rsplit(":", 1)[1]
    response = httpx.get(
        f"{server.base_url}/v1/health", headers={"Host": host.format(port=port)}, timeout=10
    )
    assert response.status_code == 200


# --- the shared cache ---------------------------------------------------------------------------


def test_a_cached_brief_does_not_carry_another_readers_tracking_ids(home: Path) -> None:
    # Every reader of an article is served the same cached Brief; it used to keep the first
    # reader's URL as sent, click ids and campaign tags included.
    settings = Settings(home=home, providers=())
    with serve(settings) as server:
        # Given reader A arriving through a link with a per-click id
        first = httpx.post(
            f"{server.base_url}/v1/briefs",
            json={"url": "https://news.example/story?fbclid=READER-A-CLICK", "html": EN_HTML},
            timeout=30,
        )
        assert first.status_code == 200
        # When reader B opens the same article
        second = httpx.post(
            f"{server.base_url}/v1/briefs",
            json={"url": "https://news.example/story", "html": EN_HTML},
            timeout=30,
        )
    # Then B is served from the cache, without A's id
    assert second.json()["cache"]["hit"] is True
    assert "READER-A-CLICK" not in second.text


FORGED_TITLE = "Minister admits election was rigged"


class RealSite:
    """The outlet as the server sees it: the real article for every URL, each fetch recorded."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def fetch(self, url: str) -> FetchedPage:
        self.urls.append(url)
        return FetchedPage(url=url, html=EN_HTML, status=200, content_type="text/html")


def test_a_brief_of_a_forged_page_is_never_served_to_other_readers(home: Path) -> None:
    # Given an attacker who sends a made-up page for a real article's URL (issue 15, item 1: the
    # forged Brief was then served to every reader of the URL for 6 hours)
    settings = Settings(home=home, providers=())
    url = "https://www.harbourcourier.example/news/local/kestrel-bay-tidal-barrier-vote"
    forged_html = EN_HTML.replace(
        "Harbour town votes to build tidal flood barrier after record surge", FORGED_TITLE
    )
    site = RealSite()
    with serve(settings, site) as server:
        brief_url = f"{server.base_url}/v1/briefs"
        forged = httpx.post(brief_url, json={"url": url, "html": forged_html}, timeout=30)
        assert forged.status_code == 200 and FORGED_TITLE in forged.text
        # When a reader sends their own page, and another asks with the URL only
        reader = httpx.post(brief_url, json={"url": url, "html": EN_HTML}, timeout=30)
        url_only = httpx.post(brief_url, json={"url": url}, timeout=30)
        # And the attacker tries again with the forged page
        again = httpx.post(brief_url, json={"url": url, "html": forged_html}, timeout=30)
    # Then neither reader gets the forged Brief: the reader's is made from their page, and the
    # URL-only one from what the server fetched
    assert reader.status_code == 200 and FORGED_TITLE not in reader.text
    assert reader.json()["cache"]["hit"] is False
    assert FORGED_TITLE not in url_only.text and site.urls == [url]
    # And the forged Brief is shared only with the same forged page
    assert again.json()["cache"]["hit"] is True and FORGED_TITLE in again.text


def test_readers_with_the_same_article_share_a_brief_despite_page_noise(home: Path) -> None:
    # Given two readers' pages of one article that differ in scripts, ads and tokens
    settings = Settings(home=home, providers=())
    url = "https://www.harbourcourier.example/news/local/kestrel-bay-tidal-barrier-vote"
    page_a = EN_HTML.replace(
        "</body>", '<script>var csrf="A-1f2e";</script><div id="ad">Ad slot 17</div></body>'
    )
    page_b = EN_HTML.replace("</body>", '<script>var csrf="B-9c8d";</script></body>')
    with serve(settings) as server:
        brief_url = f"{server.base_url}/v1/briefs"
        first = httpx.post(brief_url, json={"url": url, "html": page_a}, timeout=30)
        # When the second reader asks
        second = httpx.post(brief_url, json={"url": url, "html": page_b}, timeout=30)
    # Then the second is served the first's Brief: same extracted article, same key
    assert first.json()["cache"]["hit"] is False
    assert second.json()["cache"]["hit"] is True
    assert second.json()["cache"]["key"] == first.json()["cache"]["key"]


# --- logs ---------------------------------------------------------------------------------------

API_KEY = "sk-ant-api03-LOGTEST-SECRET-KEY-0123456789"
PAGE_MARKER = "Zephyrine Quillfeather-Okonkwo"
QUERY_SECRET = "QSECRET"
ARTICLE_SENTENCE = "Kestrel Bay will build a moving tidal barrier"


class _Everything(logging.Handler):
    """Every record, with its ``extra`` fields: what any formatter could print."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        fields = dict(record.__dict__)
        fields["formatted"] = record.getMessage()
        if record.exc_info:
            fields["exception"] = logging.Formatter().formatException(record.exc_info)
        self.lines.append(json.dumps(fields, default=str, ensure_ascii=False))


@pytest.fixture
def captured() -> Iterator[_Everything]:
    handler = _Everything()
    touched = [logging.getLogger(), logging.getLogger("parallax")]
    levels = [logger.level for logger in touched]
    for logger in touched:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(touched, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def marked_site(tmp_path: Path) -> Iterator[FixtureSite]:
    pages = tmp_path / "pages"
    pages.mkdir()
    marked = EN_HTML.replace("Councillor Martin Osei", f"Councillor {PAGE_MARKER}")
    assert PAGE_MARKER in marked
    (pages / "secret.html").write_text(marked, encoding="utf-8")
    (pages / "home.html").write_text((PAGES / "home.html").read_text(encoding="utf-8"))
    with FixtureSite(pages_dir=pages) as site:
        yield site


def test_logs_hold_no_page_article_text_key_or_query_string(
    captured: _Everything,
    capfd: pytest.CaptureFixture[str],
    marked_site: FixtureSite,
    trap: FixtureSite,
    home: Path,
) -> None:
    marked_html = EN_HTML.replace("Councillor Martin Osei", f"Councillor {PAGE_MARKER}")
    network = StubNetwork(
        routes={PUBLIC_V4: marked_site.port},
        trap_port=trap.port,
        table={"news.example": [[PUBLIC_V4]]},
    )
    with (
        FakeAnthropic() as model,
        FakeProviderServer(Reply(500, HTML_ERROR_PAGE, HTML_TYPE)) as providers,
    ):
        model.script("good", "overloaded", "unauthorized", "good")
        settings = Settings(
            home=home,
            providers=("index", "google_news", "gdelt"),
            google_news_base_url=providers.base_url,
            gdelt_base_url=providers.base_url,
            llm_provider="anthropic",
            llm_base_url=model.base_url,
            llm_api_key=SecretStr(API_KEY),
            llm_max_retries=0,
            provider_timeout_s=1.0,
        )
        requests: list[dict[str, Any]] = [
            # fetched by URL (the page carries the marker), then again from the cache
            {"url": f"http://news.example/articles/secret.html?session={QUERY_SECRET}1&x=y"},
            {"url": f"http://news.example/articles/secret.html?session={QUERY_SECRET}1&x=y"},
            # HTML from the client; the model fails (overloaded, then a bad key)
            {"url": f"https://news.example/b?token={QUERY_SECRET}2", "html": marked_html},
            {"url": f"https://news.example/c?token={QUERY_SECRET}3", "html": marked_html},
            # refused: internal, a refused redirect, not http, not an article, bad JSON types
            {"url": f"http://127.0.0.1/?token={QUERY_SECRET}4"},
            {"url": f"http://news.example/redirect-to?u=http://10.0.0.1/%3Ft%3D{QUERY_SECRET}5"},
            {"url": f"ftp://news.example/?token={QUERY_SECRET}6"},
            {"url": f"http://news.example/articles/home.html?token={QUERY_SECRET}7"},
            {"url": f"https://news.example/d?token={QUERY_SECRET}8", "html": 42},
        ]
        service = build_service(settings, network.fetcher(settings))
        answers = []
        with serve(settings, service=service) as server:
            for body in requests:
                answers.append(httpx.post(f"{server.base_url}/v1/briefs", json=body, timeout=60))
        assert model.requests, "the model was called"
        assert providers.requests, "the providers were called"

    statuses = [a.status_code for a in answers]
    assert statuses == [200, 200, 200, 200, 403, 403, 400, 422, 400], statuses
    out, err = capfd.readouterr()
    logged = "\n".join([*captured.lines, out, err])
    # The capture works: the refusals were logged
    assert "request refused" in logged
    # And nothing a reader sent, nor the key, is in any log line or field
    for secret in (QUERY_SECRET, PAGE_MARKER, ARTICLE_SENTENCE, API_KEY, "<!DOCTYPE", "<p>"):
        leaks = sorted({json.loads(line)["name"] for line in captured.lines if secret in line})
        assert secret not in logged, (secret, leaks)
    # Nor are the providers' search URLs (their query is the article's names)
    assert "/rss/search?" not in logged and "/api/v2/doc/doc?" not in logged
    # And the refusals sent back do not echo the query either
    for answer in answers[4:]:
        assert QUERY_SECRET not in answer.text
