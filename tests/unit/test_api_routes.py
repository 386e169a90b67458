"""The routes through the real Powertools resolver, with real HTTP API v2 events and fake ports."""

from __future__ import annotations

import json
from typing import Any

import pytest

from parallax.api.app import create_app
from parallax.config import DEFAULT_EXTENSION_ORIGIN, Settings
from parallax.domain.errors import FetchFailed, NotAnArticle
from parallax.domain.models import MAX_HTML_BYTES
from parallax.domain.pipeline import BriefService
from tests.events import FakeLambdaContext, http_api_event
from tests.fakes import FakeExtractor, FakeFetcher, FakeSummariser, MemoryCache

URL = "https://news.example/politics/budget"


class Boom(FakeExtractor):
    def __call__(self, html: str, url: str) -> Any:
        raise RuntimeError("secret internal detail /etc/passwd")


def _resolve(event: dict[str, Any], extractor: FakeExtractor | None = None) -> dict[str, Any]:
    settings = Settings.from_env({})
    service = BriefService(
        fetcher=FakeFetcher(error=FetchFailed("HTTP 404")),
        cache=MemoryCache(),
        summariser=FakeSummariser(),
        extractor=extractor or FakeExtractor(),
        cache_ttl_s=60,
    )
    app = create_app(settings, lambda: service)
    return app.resolve(event, FakeLambdaContext())  # type: ignore[arg-type]


def _problem(response: dict[str, Any], status: int, code: str) -> dict[str, Any]:
    assert response["statusCode"] == status, response["body"]
    assert response["headers"]["Content-Type"] == "application/problem+json"
    problem = json.loads(response["body"])
    assert problem["code"] == code and problem["status"] == status
    assert problem["type"] == f"urn:parallax:problem:{code}"
    assert "Traceback" not in response["body"]
    return problem


def test_health() -> None:
    response = _resolve(http_api_event("GET", "/v1/health"))
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["status"] == "ok"


def test_brief_with_html() -> None:
    # Given a request with the page's HTML, When it is posted
    response = _resolve(
        http_api_event("POST", "/v1/briefs", {"url": URL, "html": "<p>x</p>", "language": "de"})
    )
    # Then the Brief comes back as JSON
    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"] == "application/json"
    brief = json.loads(response["body"])
    assert brief["article"]["url"] == URL
    assert brief["summary"]["method"] == "extractive"
    assert brief["related"] == {
        "items": [],
        "topic": [],
        "hidden_other_languages": 0,
        "sources_queried": [],
        "partial": False,
        "failed_sources": [],
    }
    assert brief["cache"]["hit"] is False


def test_base64_body_as_api_gateway_sends_binary() -> None:
    event = http_api_event(
        "POST", "/v1/briefs", json.dumps({"url": URL, "html": "<p>x</p>"}),
        headers={"content-type": "application/json"}, base64_body=True,
    )  # fmt: skip
    assert _resolve(event)["statusCode"] == 200


@pytest.mark.parametrize(
    ("body", "headers", "status", "code"),
    [
        ("{not json", {"content-type": "application/json"}, 400, "invalid_request"),
        (None, {"content-type": "application/json"}, 400, "invalid_request"),
        ("[]", {"content-type": "application/json"}, 400, "invalid_request"),
        ({"html": "<p>x</p>"}, None, 400, "invalid_request"),
        ({"url": URL, "colour": "red"}, None, 400, "invalid_request"),
        ({"url": "ftp://news.example/a"}, None, 400, "invalid_request"),
        ({"url": "javascript:alert(1)"}, None, 400, "invalid_request"),
        ({"url": "https://news.example/" + "a" * 2048}, None, 400, "invalid_request"),
        ({"url": URL, "language": "xx"}, None, 400, "invalid_request"),
        ({"url": URL, "language": "en; drop table"}, None, 400, "invalid_request"),
        ({"url": URL, "max_related": 1000}, None, 400, "invalid_request"),
        ({"url": URL, "include": {"summary": "maybe"}}, None, 400, "invalid_request"),
        ({"url": URL, "html": "x" * (MAX_HTML_BYTES + 1)}, None, 413, "too_large"),
        ({"url": URL, "html": "GIF89a\x00\x00\x01"}, None, 415, "unsupported_media"),
        ('{"url": "' + URL + '"}', {"content-type": "text/plain"}, 415, "unsupported_media"),
        ({"url": URL}, None, 422, "fetch_failed"),
    ],
)
def test_bad_input_is_a_4xx_problem(
    body: Any, headers: dict[str, str] | None, status: int, code: str
) -> None:
    response = _resolve(http_api_event("POST", "/v1/briefs", body, headers=headers))
    _problem(response, status, code)


def test_field_errors_name_the_field_without_echoing_input() -> None:
    response = _resolve(
        http_api_event("POST", "/v1/briefs", {"url": "ftp://secret-token@x/", "extra": 1})
    )
    problem = _problem(response, 400, "invalid_request")
    locations = {e["location"] for e in problem["errors"]}
    assert locations == {"url", "extra"}
    assert "secret-token" not in response["body"]


@pytest.mark.parametrize(
    "language", ["secret-token-0451", "<img src=x onerror=alert(1)>", "de\u202e"]
)
def test_a_bad_language_is_named_without_echoing_it(language: str) -> None:
    # Given a language that is no language tag (before: its first 20 characters came back in
    # the problem's message, where every other field error names the field only)
    response = _resolve(http_api_event("POST", "/v1/briefs", {"url": URL, "language": language}))
    # Then the field is named, and nothing of the value is in the answer
    problem = _problem(response, 400, "invalid_request")
    assert [e["location"] for e in problem["errors"]] == ["language"]
    for fragment in ("secret", "img", "\u202e", "\\u202e"):
        assert fragment not in response["body"]


def test_not_an_article_is_422() -> None:
    response = _resolve(
        http_api_event("POST", "/v1/briefs", {"url": URL, "html": "<p>x</p>"}),
        extractor=FakeExtractor(error=NotAnArticle()),
    )
    _problem(response, 422, "not_an_article")


def test_not_an_article_carries_its_reason_code() -> None:
    # Given an extractor that refuses the page as a shop page
    response = _resolve(
        http_api_event("POST", "/v1/briefs", {"url": URL, "html": "<p>x</p>"}),
        extractor=FakeExtractor(error=NotAnArticle("This looks like a shop page.", "product_page")),
    )
    # Then the problem names the reason, for the panel to localise, and the detail to show
    problem = _problem(response, 422, "not_an_article")
    assert problem["reason"] == "product_page"
    assert problem["detail"] == "This looks like a shop page."


@pytest.mark.parametrize(
    ("page", "reason"),
    [
        ("navigation_only.html", "navigation_only"),
        ("image_only.html", "no_text"),
        ("pdf_viewer.html", "pdf_viewer"),
        ("cookie_wall.html", "cookie_wall"),
        ("product.html", "product_page"),
        ("section_front.html", "listing"),
    ],
)
def test_pages_that_are_not_articles_are_a_422_with_their_reason(page: str, reason: str) -> None:
    from parallax.domain.extraction import extract_article
    from parallax.domain.page_type import REASONS
    from tests.conftest import PAGES

    # Given a page that is not an article, sent by the extension with the real extractor behind
    html = (PAGES / "nonarticle" / page).read_text(encoding="utf-8")
    settings = Settings.from_env({})
    service = BriefService(
        fetcher=FakeFetcher(error=FetchFailed("HTTP 404")),
        cache=MemoryCache(),
        summariser=FakeSummariser(),
        extractor=extract_article,
        cache_ttl_s=60,
    )
    app = create_app(settings, lambda: service)
    event = http_api_event("POST", "/v1/briefs", {"url": URL, "html": html})
    # When briefed
    response = app.resolve(event, FakeLambdaContext())  # type: ignore[arg-type]
    # Then it is refused with its reason, never a 5xx and never a summary
    problem = _problem(response, 422, "not_an_article")
    assert problem["reason"] == reason and problem["detail"] == REASONS[reason]
    assert "summary" not in problem


def test_an_unexpected_error_is_a_500_problem_without_details() -> None:
    response = _resolve(
        http_api_event("POST", "/v1/briefs", {"url": URL, "html": "<p>x</p>"}), extractor=Boom()
    )
    problem = _problem(response, 500, "internal")
    assert "passwd" not in response["body"] and "RuntimeError" not in problem["detail"]


def test_unknown_route_is_a_404_problem() -> None:
    _problem(_resolve(http_api_event("GET", "/v1/nothing")), 404, "not_found")


def test_cors_allows_the_extension_origin_only() -> None:
    # Given a preflight from the extension
    preflight = http_api_event(
        "OPTIONS", "/v1/briefs",
        headers={"origin": DEFAULT_EXTENSION_ORIGIN, "access-control-request-method": "POST"},
    )  # fmt: skip
    response = _resolve(preflight)
    assert response["statusCode"] == 204
    assert response["headers"]["Access-Control-Allow-Origin"] == DEFAULT_EXTENSION_ORIGIN
    # And a request from some web page
    other = _resolve(
        http_api_event("GET", "/v1/health", headers={"origin": "https://evil.example"})
    )
    assert "Access-Control-Allow-Origin" not in other["headers"]


def test_each_brief_becomes_metrics_naming_what_degraded() -> None:
    from parallax.api.app import brief_metric_names
    from parallax.domain.models import Brief, Bullet, CacheInfo, Related, Summary
    from tests.fakes import make_article

    # Given a fresh Brief whose GDELT source failed and whose summary fell back
    brief = Brief(
        article=make_article(),
        summary=Summary(
            language="en",
            method="extractive",
            bullets=[Bullet(text="x", sentence_ids=[0])],
            notice="llm_timeout",
        ),
        related=Related(sources_queried=["index", "gdelt"], partial=True, failed_sources=["gdelt"]),
        cache=CacheInfo(hit=False, key="k", ttl_s=60),
        timings_ms={},
    )
    # Then its metrics name the miss, the partial result, the failed source and the fallback
    assert brief_metric_names(brief) == [
        "CacheMiss",
        "RelatedPartial",
        "RelatedSourceFailed_gdelt",
        "SummaryNotice_llm_timeout",
    ]
    # And a cache hit counts only as a hit (its degradations were counted when it was made)
    hit = brief.model_copy(update={"cache": CacheInfo(hit=True, key="k", ttl_s=60)})
    assert brief_metric_names(hit) == ["CacheHit"]
