"""`parallax serve` end to end: real HTTP on loopback, the real pipeline, the fixture news site."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import DEFAULT_EXTENSION_ORIGIN, Settings
from parallax.wiring import lazy_brief_service
from tests.conftest import PAGES
from tests.support.fixture_site import FixtureSite


def _serve(settings: Settings) -> LocalServer:
    service = lazy_brief_service(settings)
    return LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0).start()


@pytest.fixture
def server_for_site(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    # The fixture site is on loopback, so this server may reach private hosts on its port only.
    port = int(fixture_site.base_url.rsplit(":", 1)[1])
    settings = Settings(
        home=tmp_path, allow_private_hosts=True, allowed_ports=(port,), providers=("index",)
    )
    server = _serve(settings)
    yield server.base_url
    server.stop()


@pytest.fixture
def default_server(tmp_path: Path) -> Iterator[str]:
    server = _serve(Settings(home=tmp_path, providers=("index",)))
    yield server.base_url
    server.stop()


def _post(base: str, body: Any, **kwargs: Any) -> httpx.Response:
    return httpx.post(f"{base}/v1/briefs", json=body, timeout=30, **kwargs)


def test_health(default_server: str) -> None:
    response = httpx.get(f"{default_server}/v1/health")
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_german_page_fetched_by_url_then_served_from_cache(
    server_for_site: str, fixture_site: FixtureSite
) -> None:
    # Given the German article on the fixture site, When a Brief is asked for by URL only
    url = fixture_site.url("/articles/de_article.html")
    first = _post(server_for_site, {"url": url, "language": "en"})
    # Then the page was fetched, extracted and summarised
    assert first.status_code == 200, first.text
    brief = first.json()
    assert brief["article"]["language"] == "de"
    assert brief["article"]["title"]
    assert len(brief["article"]["sentences"]) >= 5
    ids = {s["id"] for s in brief["article"]["sentences"]}
    assert brief["summary"]["method"] == "extractive"
    assert 1 <= len(brief["summary"]["bullets"]) <= 5
    assert all(set(b["sentence_ids"]) <= ids for b in brief["summary"]["bullets"])
    assert brief["summary"]["notice"] == "not_translated"
    # the only provider configured is the (empty) local feed index: not filled yet, which makes
    # the list partial (it could not look) without naming the index as a failed source
    assert brief["related"]["items"] == [] and brief["related"]["sources_queried"] == ["index"]
    assert brief["related"]["index"]["status"] == "not_filled"
    assert brief["related"]["partial"] is True and brief["related"]["failed_sources"] == []
    assert brief["cache"]["hit"] is False and "fetch" in brief["timings_ms"]
    # And the second request, through a tracking link, is a cache hit
    second = _post(server_for_site, {"url": url + "?utm_source=newsletter", "language": "en"})
    assert second.status_code == 200 and second.json()["cache"]["hit"] is True
    assert second.json()["article"] == brief["article"]


def test_english_page_with_html_from_the_client(default_server: str) -> None:
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    response = _post(default_server, {"url": "https://www.example-news.test/a/1", "html": html})
    assert response.status_code == 200, response.text
    brief = response.json()
    assert brief["article"]["language"] == "en"
    assert brief["summary"]["language"] == "en" and "notice" not in brief["summary"]
    assert "fetch" not in brief["timings_ms"]


def test_home_page_is_not_an_article(server_for_site: str, fixture_site: FixtureSite) -> None:
    response = _post(server_for_site, {"url": fixture_site.url("/articles/home.html")})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not_an_article"


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/binary", 415, "unsupported_media"),
        ("/text", 415, "unsupported_media"),
        ("/huge", 413, "too_large"),
        ("/status/404", 422, "fetch_failed"),
        ("/redirect/6", 422, "fetch_failed"),
    ],
)
def test_fetch_problems_are_4xx(
    server_for_site: str, fixture_site: FixtureSite, path: str, status: int, code: str
) -> None:
    response = _post(server_for_site, {"url": fixture_site.url(path)})
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


def test_redirect_chain_is_followed(server_for_site: str, fixture_site: FixtureSite) -> None:
    response = _post(server_for_site, {"url": fixture_site.url("/redirect/3")})
    assert response.status_code == 200, response.text
    assert response.json()["article"]["url"].endswith("/articles/en_article.html")


def test_default_settings_refuse_loopback_targets_without_dialling(
    default_server: str, fixture_site: FixtureSite
) -> None:
    # Given the server on default settings (no private hosts)
    before = fixture_site.connections
    # When asked to fetch the loopback site, a metadata address, or a redirect into loopback
    for url in (
        fixture_site.url("/articles/en_article.html"),
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://2130706433/",
    ):
        response = _post(default_server, {"url": url})
        # Then each is refused as blocked_url
        assert response.status_code == 403, (url, response.text)
        assert response.json()["code"] == "blocked_url"
    # And the site never saw a connection
    assert fixture_site.connections == before


def test_transport_level_bad_input(default_server: str) -> None:
    # Malformed JSON, wrong media type, over-long body: 4xx problems, the server keeps serving
    malformed = httpx.post(
        f"{default_server}/v1/briefs", content=b"{", headers={"content-type": "application/json"}
    )
    assert malformed.status_code == 400 and malformed.json()["code"] == "invalid_request"
    wrong_type = httpx.post(
        f"{default_server}/v1/briefs", content=b"url=x", headers={"content-type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    big = httpx.post(
        f"{default_server}/v1/briefs",
        content=b"x" * 6_000_001,
        headers={"content-type": "application/json"},
    )
    assert big.status_code == 413 and big.json()["code"] == "too_large"
    huge_html = _post(default_server, {"url": "https://news.example/a", "html": "x" * 5_000_001})
    assert huge_html.status_code == 413
    assert httpx.get(f"{default_server}/v1/health").status_code == 200


def test_a_header_that_never_finishes_does_not_block_other_clients(default_server: str) -> None:
    host, port = default_server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as slow:
        slow.sendall(b"POST /v1/briefs HTTP/1.1\r\nHost: x\r\n")  # and nothing more
        assert httpx.get(f"{default_server}/v1/health", timeout=5).status_code == 200


def test_cors_preflight_for_the_extension(default_server: str) -> None:
    response = httpx.options(
        f"{default_server}/v1/briefs",
        headers={"Origin": DEFAULT_EXTENSION_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == DEFAULT_EXTENSION_ORIGIN
    assert "POST" in response.headers["access-control-allow-methods"]


def test_json_is_utf8(default_server: str) -> None:
    html = (PAGES / "de_article.html").read_text(encoding="utf-8")
    response = _post(
        default_server, {"url": "https://www.example.de/x", "html": html, "language": "de"}
    )
    assert response.status_code == 200, response.text
    assert json.loads(response.content.decode("utf-8"))["article"]["language"] == "de"
