"""The whole Brief with a model configured: local server → pipeline → real anthropic SDK → fake
Messages API on loopback. Proves the wiring: settings pick the LLM summariser, failures fall back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.domain.models import Article, BriefRequest, Outlet, Related, RelatedItem
from parallax.domain.pipeline import PARTIAL_TTL_S, BriefService
from parallax.wiring import build_model_adapters, lazy_brief_service
from tests.conftest import PAGES
from tests.fakes import FakeExtractor, FakeFetcher, FakeSummariser, MemoryCache
from tests.support.fake_anthropic import (
    FakeAnthropic,
    RecordedRequest,
    Reply,
    tool_use_message,
)


@pytest.fixture
def fake() -> Iterator[FakeAnthropic]:
    with FakeAnthropic() as server:
        yield server


def _settings(tmp_path: Path, fake: FakeAnthropic, **extra: Any) -> Settings:
    return Settings(
        home=tmp_path,
        llm_provider="anthropic",
        llm_base_url=fake.base_url,
        llm_api_key="sk-test-not-a-real-key",  # type: ignore[arg-type]
        llm_timeout_s=5.0,
        llm_max_retries=0,
        providers=(),
        **extra,
    )


def _brief(settings: Settings, language: str, page: str = "de_article.html") -> dict[str, Any]:
    service = lazy_brief_service(settings)
    html = (PAGES / page).read_text(encoding="utf-8")
    with LocalServer(lambda: create_app(settings, service), port=0) as server:
        response = httpx.post(
            f"{server.base_url}/v1/briefs",
            json={"url": "https://www.example.de/politik/a", "html": html, "language": language},
            timeout=30,
        )
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def test_a_configured_model_writes_the_summary(tmp_path: Path, fake: FakeAnthropic) -> None:
    # Given a model on the loopback fake (it answers with the article's own sentences, so the
    # reader's language is the article's: a verbatim German answer for an English reader would
    # rightly be dropped by the guard), When a reader asks for a Brief
    brief = _brief(_settings(tmp_path, fake), "en", page="en_article.html")
    # Then Claude's summary is in the Brief, citing existing sentences
    summary = brief["summary"]
    assert summary["method"] == "llm" and summary["language"] == "en"
    assert summary["model"] and "notice" not in summary
    ids = {s["id"] for s in brief["article"]["sentences"]}
    assert 2 <= len(summary["bullets"]) <= 5
    assert all(b["sentence_ids"] and set(b["sentence_ids"]) <= ids for b in summary["bullets"])
    # And the article reached the model as delimited data
    assert fake.requests and "<article" in fake.requests[0].user_message


def test_a_failing_model_falls_back_to_the_extractive_summary(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    fake.default = "overloaded"
    brief = _brief(_settings(tmp_path, fake), "de")
    assert brief["summary"]["method"] == "extractive"
    assert brief["summary"]["notice"] == "llm_overloaded"
    assert brief["summary"]["bullets"]
    # And the fallback is cached briefly: the model may answer the next reader
    assert brief["cache"]["ttl_s"] == PARTIAL_TTL_S


def _english_headlines(request: RecordedRequest) -> Reply:
    """The German headline in English. (The fake's default answer, the headline under a
    language tag, "[en] Rat beschließt Haushalt", is German: refused as a translation since
    session 14.)"""
    answer = {"translations": [{"id": 0, "text": "Council passes budget"}]}
    return Reply(200, tool_use_message(request, answer))


def _service_with_translator(
    tmp_path: Path, fake: FakeAnthropic, cache_ttl_s: int = 60
) -> tuple[BriefService, MemoryCache]:
    """A Brief service whose related finder gives a German and an English headline, with the
    headline translator the settings build (the real SDK against the loopback fake, which
    answers in English)."""
    fake.default = _english_headlines
    _, translator = build_model_adapters(_settings(tmp_path, fake))
    assert translator is not None

    def item(title: str, language: str) -> RelatedItem:
        return RelatedItem(
            url=f"https://{language}.example/{len(title)}",
            title=title,
            outlet=Outlet(name=language, domain=f"{language}.example"),
            language=language,
            similarity=0.9,
            provider="index",
        )

    class Finder:
        def find(self, article: Article, language: str, other: bool, max_items: int) -> Related:
            return Related(
                items=[item("Rat beschließt Haushalt", "de"), item("Council passes budget", "en")],
                sources_queried=["index"],
            )

    cache = MemoryCache()
    service = BriefService(
        fetcher=FakeFetcher(),
        cache=cache,
        summariser=FakeSummariser(),
        extractor=FakeExtractor(),
        cache_ttl_s=cache_ttl_s,
        related=Finder(),
        translator=translator,
    )
    return service, cache


def test_related_headlines_in_other_languages_are_translated_in_one_call(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    # Given the translator the settings build, and related items in two languages
    service, _ = _service_with_translator(tmp_path, fake)
    # When an English reader gets the Brief
    brief = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    # Then only the German headline was sent, once, and comes back translated
    translated = {i.language: i.translated_title for i in brief.related.items}
    assert translated["de"] and translated["en"] is None
    assert len(fake.requests) == 1 and "Rat beschließt Haushalt" in fake.requests[0].user_message


def _spanish_headlines_in_german(request: RecordedRequest) -> Reply:
    """Both Spanish headlines in German, numbers in digits; the second makes one up."""
    answer = {
        "translations": [
            {"id": 0, "text": "2 Tote bei Unfall in Madrid"},
            {"id": 1, "text": "Erdbeben: 1 Toter in Chile"},
        ]
    }
    return Reply(200, tool_use_message(request, answer))


def test_a_headlines_number_words_are_read_in_its_own_language(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    # Given two Spanish related headlines and a model that writes their numbers in digits
    fake.default = _spanish_headlines_in_german
    _, translator = build_model_adapters(_settings(tmp_path, fake))
    assert translator is not None
    titles = ["Dos muertos en un accidente en Madrid", "Terremoto sacude a Chile"]

    class Finder:
        def find(self, article: Article, language: str, other: bool, max_items: int) -> Related:
            return Related(
                items=[
                    RelatedItem(
                        url=f"https://es.example/{n}",
                        title=title,
                        outlet=Outlet(name="es", domain="es.example"),
                        language="es",
                        similarity=0.9,
                        provider="index",
                    )
                    for n, title in enumerate(titles)
                ],
                sources_queried=["index"],
            )

    service = BriefService(
        fetcher=FakeFetcher(),
        cache=MemoryCache(),
        summariser=FakeSummariser(),
        extractor=FakeExtractor(),
        cache_ttl_s=60,
        related=Finder(),
        translator=translator,
    )
    # When a German reader gets the Brief
    brief = service.brief(
        BriefRequest(url="https://news.example/a", html="<p>x</p>", language="de")
    )
    # Then "dos" is read as Spanish: the faithful "2 Tote" is shown (refused before), while
    # Spanish "a" ("to") still supports no made-up "1 Toter"
    assert [i.translated_title for i in brief.related.items] == [
        "2 Tote bei Unfall in Madrid",
        None,
    ]


SIX_HOURS_S = 6 * 3600


@pytest.mark.parametrize("behaviour", ["overloaded", "rate_limited", "server_error"])
def test_a_brief_whose_headline_translation_failed_for_a_passing_reason_is_cached_briefly(
    tmp_path: Path, fake: FakeAnthropic, behaviour: str
) -> None:
    # Given a model that is overloaded / rate limited / failing when the headlines are translated
    service, cache = _service_with_translator(tmp_path, fake, cache_ttl_s=SIX_HOURS_S)
    fake.script(behaviour)
    request = BriefRequest(url="https://news.example/a", html="<p>x</p>")
    # When an English reader gets the Brief
    brief = service.brief(request)
    # Then the German headline is shown untranslated, and the Brief is kept five minutes, not six
    # hours: the next reader (or ↻) after that gets the translation
    assert [i.translated_title for i in brief.related.items] == [None, None]
    assert brief.cache.ttl_s == PARTIAL_TTL_S
    cache.entries.clear()
    again = service.brief(request)
    assert again.related.items[0].translated_title == "Council passes budget"
    assert again.cache.ttl_s == SIX_HOURS_S


def test_a_brief_whose_headline_translation_was_unusable_is_cached_as_usual(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    # Given a model that answers the headline translation with output of the wrong shape (it
    # would most likely answer the same again)
    service, _ = _service_with_translator(tmp_path, fake, cache_ttl_s=SIX_HOURS_S)
    fake.script("schema")
    brief = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    # Then the Brief is cached for the usual time
    assert brief.related.items[0].translated_title is None
    assert brief.cache.ttl_s == SIX_HOURS_S
