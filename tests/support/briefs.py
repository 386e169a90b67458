"""A Brief of a page through the API's resolver, offline: extraction, the extractive summariser,
no related providers. Shared by the page-notice tests."""

from __future__ import annotations

import json
from typing import Any

from parallax.api.app import create_app
from parallax.config import Settings
from parallax.domain.extraction import extract_article
from parallax.domain.extractive_summariser import ExtractiveSummariser
from parallax.domain.pipeline import BriefService
from tests.events import FakeLambdaContext, http_api_event
from tests.fakes import FakeFetcher, FakeRelated, MemoryCache

__all__ = ["extractive_brief"]


def extractive_brief(html: str, url: str, language: str = "en") -> dict[str, Any]:
    """The Brief of ``html`` (sent as the page at ``url``) as the API answers it; asserts 200."""
    service = BriefService(
        fetcher=FakeFetcher(html=html),
        cache=MemoryCache(),
        summariser=ExtractiveSummariser(),
        extractor=extract_article,
        cache_ttl_s=600,
        related=FakeRelated(),
    )
    app = create_app(Settings.from_env({}), lambda: service)
    body = {"url": url, "html": html, "language": language}
    response = app.resolve(http_api_event("POST", "/v1/briefs", body), FakeLambdaContext())
    assert response["statusCode"] == 200, response["body"]
    brief: dict[str, Any] = json.loads(response["body"])
    return brief
