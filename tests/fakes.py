"""In-memory fakes of the pipeline's ports, for unit tests (no sockets, no files)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from parallax.domain.errors import ParallaxError
from parallax.domain.models import (
    Article,
    Brief,
    Bullet,
    Outlet,
    Related,
    RelatedItem,
    Sentence,
    Summary,
)
from parallax.domain.ports import FetchedPage

if TYPE_CHECKING:
    from parallax.config import Settings


def make_article(url: str = "https://news.example/a", language: str = "en") -> Article:
    sentences = ["The council approved the budget on Monday.", "It runs to 4.2 billion euros."]
    return Article(
        url=url,
        canonical_url=url,
        title="Council approves budget",
        text=" ".join(sentences),
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name="Example News", domain="news.example"),
        published="2026-11-02",
        authors=["A. Writer"],
        language=language,
        word_count=14,
    )


def article_of(
    sentences: list[str],
    *,
    language: str = "en",
    url: str = "https://news.example/budget",
    title: str = "Springfield approves budget",
    published: str | None = "2026-11-02",
) -> Article:
    """An article made of ``sentences`` (ids in order), as extraction would hand it over."""
    return Article(
        url=url,
        canonical_url=url,
        title=title,
        text=" ".join(sentences),
        sentences=[Sentence(id=i, text=text) for i, text in enumerate(sentences)],
        outlet=Outlet(name="Example News", domain="news.example"),
        published=published,
        language=language,
        word_count=sum(len(text.split()) for text in sentences),
    )


@dataclass
class FakeFetcher:
    html: str = "<html><body><p>page</p></body></html>"
    error: ParallaxError | None = None
    calls: list[str] = field(default_factory=list)

    def fetch(self, url: str) -> FetchedPage:
        self.calls.append(url)
        if self.error:
            raise self.error
        return FetchedPage(url=url, html=self.html, status=200, content_type="text/html")


@dataclass
class FakeExtractor:
    error: ParallaxError | None = None
    calls: list[tuple[str, str]] = field(default_factory=list)

    def __call__(self, html: str, url: str) -> Article:
        self.calls.append((html, url))
        if self.error:
            raise self.error
        return make_article(url)


@dataclass
class FakeSummariser:
    calls: list[str] = field(default_factory=list)

    def summarise(
        self,
        article: Article,
        language: str,
        max_bullets: int = 5,
        *,
        time_left_s: float | None = None,
    ) -> Summary:
        self.calls.append(language)
        return Summary(
            language=article.language,
            method="extractive",
            bullets=[Bullet(text=s.text, sentence_ids=[s.id]) for s in article.sentences],
            notice=None if language == article.language else "not_translated",
        )


@dataclass
class MemoryCache:
    entries: dict[str, Brief] = field(default_factory=dict)

    def get(self, key: str) -> tuple[Brief, str] | None:
        brief = self.entries.get(key)
        return None if brief is None else (brief, "2026-11-29T00:00:00Z")

    def put(self, key: str, brief: Brief, ttl_s: int) -> str:
        self.entries[key] = brief
        return "2026-11-29T00:00:00Z"


@dataclass
class FakeRelated:
    partial: bool = False
    calls: list[tuple[str, bool, int]] = field(default_factory=list)

    def find(
        self, article: Article, language: str, include_other_languages: bool, max_items: int
    ) -> Related:
        self.calls.append((language, include_other_languages, max_items))
        item = RelatedItem(
            url="https://other.example/story",
            title="Council passes budget",
            outlet=Outlet(name="Other", domain="other.example"),
            language="en",
            similarity=0.8,
            provider="index",
        )
        return Related(
            items=[item],
            sources_queried=["index", "gdelt"],
            partial=self.partial,
            failed_sources=["gdelt"] if self.partial else [],
        )


def fake_api_app(settings: Settings | None = None) -> Any:
    """The API (the Lambda resolver ``parallax serve`` also serves) over these fakes: no fetch, no
    model, an in-memory cache; for tests of the HTTP edges. ``settings`` default to an index
    provider and a home that does not exist (nothing is read from it)."""
    from parallax.api.app import create_app
    from parallax.config import Settings
    from parallax.domain.pipeline import BriefService

    service = BriefService(
        fetcher=FakeFetcher(),
        cache=MemoryCache(),
        summariser=FakeSummariser(),
        extractor=FakeExtractor(),
        cache_ttl_s=60,
    )
    if settings is None:
        settings = Settings(home=Path("/nonexistent"), providers=("index",))
    return create_app(settings, lambda: service)
