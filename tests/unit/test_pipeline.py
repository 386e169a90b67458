from __future__ import annotations

import time
from typing import Any

import pytest

from parallax.config import Settings
from parallax.domain.brief_bounds import MAX_ARTICLE_TEXT_CHARS, MAX_SENTENCES, MAX_TITLE_CHARS
from parallax.domain.errors import (
    BlockedUrl,
    InvalidRequest,
    NotAnArticle,
    TooLarge,
    UnsupportedMedia,
    UpstreamTimeout,
)
from parallax.domain.models import (
    MAX_HTML_BYTES,
    Article,
    BriefRequest,
    Bullet,
    Include,
    Outlet,
    Related,
    RelatedItem,
    Sentence,
    Summary,
)
from parallax.domain.pipeline import PARTIAL_TTL_S, BriefService
from parallax.domain.ports import TranslatedTitles
from parallax.wiring import summary_writer
from tests.fakes import (
    FakeExtractor,
    FakeFetcher,
    FakeRelated,
    FakeSummariser,
    MemoryCache,
    make_article,
)


def _service(
    fetcher: FakeFetcher | None = None,
    extractor: FakeExtractor | None = None,
    cache: MemoryCache | None = None,
    cache_ttl_s: int = 60,
    **options: Any,
) -> tuple[BriefService, FakeFetcher, FakeExtractor, FakeSummariser, MemoryCache]:
    """A Brief service over fakes; ``options`` go to ``BriefService`` as they are."""
    fetcher = fetcher or FakeFetcher()
    extractor = extractor or FakeExtractor()
    summariser = FakeSummariser()
    cache = cache or MemoryCache()
    service = BriefService(
        fetcher=fetcher,
        cache=cache,
        summariser=summariser,
        extractor=extractor,
        cache_ttl_s=cache_ttl_s,
        **options,
    )
    return service, fetcher, extractor, summariser, cache


def test_html_from_the_client_is_used_without_fetching() -> None:
    # Given a request that carries the page's HTML
    service, fetcher, extractor, _, _ = _service()
    request = BriefRequest(url="https://news.example/a", html="<p>client dom</p>", language="en")
    # When the Brief is made
    brief = service.brief(request)
    # Then nothing was fetched and the client's HTML was extracted
    assert fetcher.calls == []
    assert extractor.calls == [("<p>client dom</p>", "https://news.example/a")]
    assert brief.summary is not None and brief.summary.method == "extractive"
    assert brief.related.items == [] and brief.related.sources_queried == []
    assert brief.cache.hit is False and brief.cache.stored_at is not None
    assert {"extract", "summary", "total"} <= brief.timings_ms.keys()


def test_without_html_the_page_is_fetched_and_its_final_url_extracted() -> None:
    service, fetcher, extractor, _, _ = _service()
    service.brief(BriefRequest(url="https://news.example/a"))
    assert fetcher.calls == ["https://news.example/a"]
    assert extractor.calls[0][1] == "https://news.example/a"


def test_a_hash_routed_article_is_read_under_its_route_and_keyed_apart_from_the_front() -> None:
    # Given a hash-routed site's two stories, sent by the reader (the same app shell around them,
    # so only the route tells them apart once the extension has left the stale head out)
    service, _, extractor, _, _ = _service()
    first = service.brief(BriefRequest(url="https://news.example/#!/story/1/", html="<p>x</p>"))
    second = service.brief(BriefRequest(url="https://news.example/#/story/2", html="<p>x</p>"))
    anchor = service.brief(BriefRequest(url="https://news.example/#comments", html="<p>x</p>"))
    # Then each is read under its own route (before: under the app's front address, and the
    # two stories shared one Brief), and an anchor is still no part of the address
    assert [url for _, url in extractor.calls] == [
        "https://news.example/#/story/1",
        "https://news.example/#/story/2",
        "https://news.example/",
    ]
    assert first.article.canonical_url == "https://news.example/#/story/1"
    assert second.cache.hit is False and second.cache.key != first.cache.key
    assert anchor.cache.key not in {first.cache.key, second.cache.key}


def test_a_hash_route_without_html_is_refused_not_briefed_as_the_app_shell() -> None:
    # Given a hash route's address and no HTML (the reader's page was too large to send)
    service, fetcher, extractor, _, _ = _service()
    # When a Brief is asked for, Then it is the client's error, named (before: the server fetched
    # the address without its route, got the app's shell and briefed it as the story)
    with pytest.raises(InvalidRequest, match="hash route"):
        service.brief(BriefRequest(url="https://news.example/#/story/1"))
    assert fetcher.calls == [] and extractor.calls == []
    # An anchor is no route: that page is fetched as before
    service.brief(BriefRequest(url="https://news.example/a#comments"))
    assert fetcher.calls == ["https://news.example/a#comments"]


def test_second_request_is_a_cache_hit_even_through_a_tracking_link() -> None:
    # Given a Brief made once from the server's own fetch
    service, fetcher, extractor, _, _ = _service()
    first = service.brief(BriefRequest(url="https://news.example/a"))
    # When the same article is asked for through a tracking link
    second = service.brief(BriefRequest(url="https://news.example/a?utm_source=x#top"))
    # Then it comes from the cache, with the same key, and fetch and extraction ran once
    assert second.cache.hit is True and second.cache.key == first.cache.key
    assert len(fetcher.calls) == 1 and len(extractor.calls) == 1
    assert second.article == first.article
    assert "extract" not in second.timings_ms


def test_the_same_client_article_is_a_cache_hit_through_a_tracking_link() -> None:
    # Given a Brief made once from a reader's HTML
    service, _, extractor, summariser, _ = _service()
    first = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    # When another reader sends a page with the same article, through a tracking link
    second = service.brief(
        BriefRequest(url="https://news.example/a?utm_source=x#top", html="<p>x</p>")
    )
    # Then it comes from the cache with the same key: the page was extracted (the key is made of
    # the article) but not summarised again
    assert second.cache.hit is True and second.cache.key == first.cache.key
    assert len(extractor.calls) == 2 and len(summariser.calls) == 1
    assert second.article == first.article


def test_language_and_include_are_part_of_the_cache_key() -> None:
    service, _, extractor, _, _ = _service()
    service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>", language="en"))
    service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>", language="de"))
    service.brief(
        BriefRequest(url="https://news.example/a", html="<p>x</p>", include=Include(summary=False))
    )
    assert len(extractor.calls) == 3


def test_who_writes_the_summary_is_part_of_the_cache_key() -> None:
    # Given a Brief cached while no model was set
    offline, _, _, _, cache = _service(summary_writer="extractive")
    first = offline.brief(BriefRequest(url="https://news.example/a", language="de"))
    # When the same page is asked for once a model writes the summaries (the same cache)
    with_model, _, _, summariser, _ = _service(
        cache=cache, summary_writer="anthropic:claude-haiku-4-5"
    )
    second = with_model.brief(BriefRequest(url="https://news.example/a", language="de"))
    # Then the model writes it (before: the extractive, untranslated Brief was a hit for its
    # whole time to live)
    assert second.cache.hit is False and second.cache.key != first.cache.key
    assert summariser.calls == ["de"]
    # And the model's Brief is a hit for the next reader
    assert with_model.brief(BriefRequest(url="https://news.example/a", language="de")).cache.hit


def test_the_summary_writer_names_the_provider_and_its_model() -> None:
    # Given the settings of each provider, Then the writer differs with the model too
    writers = {
        summary_writer(Settings(llm_provider="none")),
        summary_writer(Settings(llm_provider="anthropic", llm_model="claude-haiku-4-5")),
        summary_writer(Settings(llm_provider="anthropic", llm_model="claude-sonnet-4-5")),
        summary_writer(Settings(llm_provider="bedrock")),
    }
    assert len(writers) == 4 and "extractive" in writers


class _TwoTiers:
    """Related coverage with a German report of the story and a French one on the topic."""

    def find(
        self, article: Article, language: str, include_other_languages: bool, max_items: int
    ) -> Related:
        def item(url: str, title: str, item_language: str) -> RelatedItem:
            return RelatedItem(
                url=url,
                title=title,
                outlet=Outlet(name="Other", domain="other.example"),
                language=item_language,
                similarity=0.5,
                provider="index",
            )

        return Related(
            items=[
                item("https://de.example/a", "Stadtrat beschließt Haushalt", "de"),
                item("https://en.example/a", "Council passes budget", "en"),
            ],
            topic=[item("https://fr.example/b", "Le budget de l'an dernier", "fr")],
            sources_queried=["index"],
        )


class _RecordingTranslator:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def translate(
        self,
        titles: list[str],
        language: str,
        title_languages: list[str] | None = None,
        *,
        time_left_s: float | None = None,
    ) -> TranslatedTitles:
        self.calls.append(list(titles))
        return TranslatedTitles([f"[{language}] {t}" for t in titles])


def test_headlines_of_both_tiers_are_translated_in_one_call() -> None:
    # Given related coverage with a foreign report of the story and a foreign one on the topic
    translator = _RecordingTranslator()
    service, _, _, _, _ = _service(related=_TwoTiers(), translator=translator)
    # When an English reader's Brief is made
    brief = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    # Then one call translates both foreign headlines, the topic's too (before: only the same
    # story's; "on the topic" stayed in French under the English heading)
    assert translator.calls == [["Stadtrat beschließt Haushalt", "Le budget de l'an dernier"]]
    assert [i.translated_title for i in brief.related.items] == [
        "[en] Stadtrat beschließt Haushalt",
        None,
    ]
    assert [i.translated_title for i in brief.related.topic] == ["[en] Le budget de l'an dernier"]


class _ManyForeign(_TwoTiers):
    """A long related list: 19 foreign reports of the story, 3 foreign ones on the topic."""

    def __init__(self, same_story: int) -> None:
        self.same_story = same_story

    def find(
        self, article: Article, language: str, include_other_languages: bool, max_items: int
    ) -> Related:
        two = super().find(article, language, include_other_languages, max_items)
        story, topic = two.items[0], two.topic[0]
        return two.model_copy(
            update={
                "items": [
                    story.model_copy(update={"url": f"https://de.example/{n}"})
                    for n in range(self.same_story)
                ],
                "topic": [
                    topic.model_copy(update={"url": f"https://fr.example/{n}"}) for n in range(3)
                ],
            }
        )


@pytest.mark.parametrize("same_story", [17, 19, 25, 50])
def test_every_foreign_headline_of_both_tiers_is_sent_the_same_storys_first(
    same_story: int,
) -> None:
    # Given a long list of foreign reports of the story and three foreign ones on the topic
    translator = _RecordingTranslator()
    service, _, _, _, _ = _service(related=_ManyForeign(same_story), translator=translator)
    brief = service.brief(
        BriefRequest(url="https://news.example/a", html="<p>x</p>", max_related=50)
    )
    # Then every one is sent, the same story's first (the translator's first call has them),
    # and the topic's are translated too (session 17 sent them only while one call held 20: a
    # German reader's "Zum Thema" stayed in French under a long list of the story's reports)
    (sent,) = translator.calls
    assert sent == ["Stadtrat beschließt Haushalt"] * same_story + ["Le budget de l'an dernier"] * 3
    assert all(item.translated_title for item in brief.related.topic)


class _HalfFailingTranslator(_RecordingTranslator):
    """Translates the first half of the titles; the call for the rest failed with ``code``."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code

    def translate(
        self,
        titles: list[str],
        language: str,
        title_languages: list[str] | None = None,
        *,
        time_left_s: float | None = None,
    ) -> TranslatedTitles:
        self.calls.append(list(titles))
        half = len(titles) // 2
        done: list[str | None] = [f"[{language}] {t}" for t in titles[:half]]
        return TranslatedTitles(done + [None] * (len(titles) - half), self.code)


@pytest.mark.parametrize(
    ("code", "ttl_s"), [("llm_overloaded", PARTIAL_TTL_S), ("llm_invalid_output", 3600)]
)
def test_a_brief_whose_translation_partly_failed_keeps_what_was_translated(
    code: str, ttl_s: int
) -> None:
    # Given a translator whose call for the topic's headlines failed, the story's having answered
    service, _, _, _, _ = _service(
        related=_ManyForeign(3), translator=_HalfFailingTranslator(code), cache_ttl_s=3600
    )
    brief = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    # Then the story's headlines are translated, the topic's shown as they are, and the Brief is
    # kept briefly when the failure passes (the next reader gets the rest), else as usual
    assert all(item.translated_title for item in brief.related.items)
    assert [item.translated_title for item in brief.related.topic] == [None] * 3
    assert brief.cache.ttl_s == ttl_s


def test_summary_can_be_left_out() -> None:
    service, _, _, summariser, _ = _service()
    brief = service.brief(
        BriefRequest(url="https://news.example/a", html="<p>x</p>", include=Include(summary=False))
    )
    assert brief.summary is None and summariser.calls == []


def test_reader_language_reaches_the_summariser() -> None:
    service, _, _, summariser, _ = _service()
    brief = service.brief(
        BriefRequest(url="https://news.example/a", html="<p>x</p>", language="de-CH")
    )
    assert summariser.calls == ["de"]
    assert brief.summary is not None and brief.summary.notice == "not_translated"


def test_html_over_the_cap_is_too_large() -> None:
    service, _, extractor, _, _ = _service()
    with pytest.raises(TooLarge):
        service.brief(BriefRequest(url="https://news.example/a", html="x" * (MAX_HTML_BYTES + 1)))
    # multi-byte characters count in bytes, not characters
    with pytest.raises(TooLarge):
        service.brief(
            BriefRequest(url="https://news.example/a", html="é" * (MAX_HTML_BYTES // 2 + 1))
        )
    assert extractor.calls == []


def test_binary_html_is_unsupported_media() -> None:
    service, _, _, _, _ = _service()
    with pytest.raises(UnsupportedMedia):
        service.brief(BriefRequest(url="https://news.example/a", html="\x89PNG\r\n\x1a\n\x00\x00"))


def test_errors_from_ports_propagate_and_nothing_is_cached() -> None:
    service, _, _, _, cache = _service(fetcher=FakeFetcher(error=BlockedUrl("private address")))
    with pytest.raises(BlockedUrl):
        service.brief(BriefRequest(url="https://news.example/a"))
    service2, _, _, _, cache2 = _service(extractor=FakeExtractor(error=NotAnArticle()))
    with pytest.raises(NotAnArticle):
        service2.brief(BriefRequest(url="https://news.example/home", html="<p>x</p>"))
    assert cache.entries == {} and cache2.entries == {}


def _with_related(
    related: FakeRelated, outlet_lookup: object = None
) -> tuple[BriefService, MemoryCache]:
    cache = MemoryCache()
    service = BriefService(
        fetcher=FakeFetcher(),
        cache=cache,
        summariser=FakeSummariser(),
        extractor=FakeExtractor(),
        cache_ttl_s=3600,
        related=related,
        outlet_lookup=outlet_lookup,  # type: ignore[arg-type]
    )
    return service, cache


def test_related_coverage_is_found_for_the_reader() -> None:
    # Given a related finder, When a Brief is made for a German reader without other languages
    related = FakeRelated()
    service, _ = _with_related(related)
    brief = service.brief(
        BriefRequest(
            url="https://news.example/a",
            html="<p>x</p>",
            language="de",
            include=Include(other_languages=False),
            max_related=7,
        )
    )
    # Then the finder was asked with those choices and its list is in the Brief
    assert related.calls == [("de", False, 7)]
    assert [i.url for i in brief.related.items] == ["https://other.example/story"]
    assert brief.related.sources_queried == ["index", "gdelt"]
    assert "related" in brief.timings_ms


def test_related_is_skipped_when_not_wanted() -> None:
    related = FakeRelated()
    service, _ = _with_related(related)
    url = "https://news.example/a"
    service.brief(BriefRequest(url=url, html="<p>x</p>", include=Include(related=False)))
    service.brief(BriefRequest(url=url, html="<p>x</p>", max_related=0))
    assert related.calls == []


def test_a_partial_result_is_cached_only_briefly() -> None:
    service, _ = _with_related(FakeRelated(partial=True))
    brief = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    assert brief.related.partial is True and brief.related.failed_sources == ["gdelt"]
    assert brief.cache.ttl_s == PARTIAL_TTL_S


def test_a_cache_hit_says_how_long_its_brief_was_stored_for() -> None:
    # Given a partial Brief, stored for PARTIAL_TTL_S and not the service's 3600 s
    service, _ = _with_related(FakeRelated(partial=True))
    request = BriefRequest(url="https://news.example/a", html="<p>x</p>")
    first = service.brief(request)
    # When it is asked for again within that time
    again = service.brief(request)
    # Then the hit reports the TTL it was stored with (it said 3600: a reader or a script
    # trusting it kept a partial Brief an hour that the backend itself drops after five minutes)
    assert first.cache.ttl_s == PARTIAL_TTL_S
    assert again.cache.hit is True
    assert again.cache.ttl_s == PARTIAL_TTL_S


def test_the_outlet_is_labelled_from_the_catalogue() -> None:
    known = Outlet(id="example-news", name="Example News", domain="news.example", type="private")
    service, _ = _with_related(
        FakeRelated(), outlet_lookup=lambda d: known if "news.example" in d else None
    )
    brief = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    assert brief.article.outlet == known


def _page_extractor(html: str, url: str) -> Article:
    """An extractor whose article is the page's text, so different pages differ."""
    article = make_article(url)
    text = html.removeprefix("<p>").removesuffix("</p>")
    return article.model_copy(
        update={"title": text, "text": text, "sentences": [Sentence(id=0, text=text)]}
    )


def test_a_brief_of_a_clients_html_is_never_served_for_another_page() -> None:
    # Given an attacker's made-up page sent for a real article's URL (issue 15, item 1)
    cache = MemoryCache()
    service = BriefService(
        fetcher=FakeFetcher(html="<p>The council approved the budget.</p>"),
        cache=cache,
        summariser=FakeSummariser(),
        extractor=_page_extractor,
        cache_ttl_s=60,
    )
    url = "https://news.example/a"
    forged = service.brief(BriefRequest(url=url, html="<p>Minister admits election was rigged</p>"))
    assert forged.article.title == "Minister admits election was rigged"
    # When a reader asks with their own (real) page, and another asks with the URL only
    reader = service.brief(BriefRequest(url=url, html="<p>The council approved the budget.</p>"))
    url_only = service.brief(BriefRequest(url=url))
    # Then neither gets the forged Brief: each is made from what they (or the server) read
    assert reader.cache.hit is False and reader.article.title == "The council approved the budget."
    assert url_only.cache.hit is False
    assert url_only.article.title == "The council approved the budget."
    assert len({forged.cache.key, reader.cache.key, url_only.cache.key}) == 3
    # And a URL-only repeat is served the server's own Brief, never a client's
    again = service.brief(BriefRequest(url=url))
    assert again.cache.hit is True and again.cache.key == url_only.cache.key


def test_a_brief_that_misses_its_deadline_is_an_upstream_timeout() -> None:
    # Given an extractor that takes longer than the Brief's deadline
    def slow(html: str, url: str) -> Article:
        time.sleep(0.5)
        return make_article(url)

    service = BriefService(
        fetcher=FakeFetcher(),
        cache=MemoryCache(),
        summariser=FakeSummariser(),
        extractor=slow,
        cache_ttl_s=60,
        deadline_s=0.2,
    )
    # When a Brief is asked for, Then it is refused as upstream_timeout at about the deadline
    started = time.perf_counter()
    with pytest.raises(UpstreamTimeout):
        service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    assert time.perf_counter() - started < 0.45


def test_an_overlong_article_is_cut_at_a_sentence_so_the_brief_stays_bounded() -> None:
    # Given an article far longer than any real one (a ~6 MB request made a 14.6 MB Brief)
    sentence = "The council approved the budget on Monday after a long debate. "
    text = (sentence * 50_000).strip()

    def huge(html: str, url: str) -> Article:
        return make_article(url).model_copy(
            update={
                "text": text,
                "title": "T" * 50_000,
                "authors": ["A" * 10_000] * 1_000,
                "sentences": [Sentence(id=i, text=sentence.strip()) for i in range(50_000)],
            }
        )

    service = BriefService(
        fetcher=FakeFetcher(),
        cache=MemoryCache(),
        summariser=FakeSummariser(),
        extractor=huge,
        cache_ttl_s=60,
    )
    # When its Brief is made
    brief = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    # Then text, sentences, title and authors are bounded and the text ends with a whole sentence
    assert len(brief.article.text) <= MAX_ARTICLE_TEXT_CHARS
    assert brief.article.text.endswith("debate.")
    assert len(brief.article.sentences) <= MAX_SENTENCES
    assert brief.article.sentences[-1].text in brief.article.text
    assert len(brief.article.title) <= MAX_TITLE_CHARS and len(brief.article.authors) <= 20
    assert len(brief.model_dump_json()) < 1_000_000


class _NoticeSummariser:
    """The model summariser's answer when its call failed: the fallback's bullets, with ``notice``."""

    def __init__(self, notice: str | None) -> None:
        self.notice = notice

    def summarise(
        self,
        article: Article,
        language: str,
        max_bullets: int = 5,
        *,
        time_left_s: float | None = None,
    ) -> Summary:
        return Summary(
            language=article.language,
            method="extractive",
            bullets=[Bullet(text=s.text, sentence_ids=[s.id]) for s in article.sentences],
            notice=self.notice,
        )


@pytest.mark.parametrize(
    ("notice", "ttl_s"),
    [
        # the model call failed for a reason that passes: it gets another chance soon
        ("llm_timeout", PARTIAL_TTL_S),
        ("llm_rate_limited", PARTIAL_TTL_S),
        ("llm_overloaded", PARTIAL_TTL_S),
        ("llm_error", PARTIAL_TTL_S),
        # the model answered, and its answer was not usable: asking again would cost a call for
        # the same answer, most likely
        ("llm_invalid_output", 3600),
        ("llm_unfaithful", 3600),
        (None, 3600),
        ("not_translated", 3600),
    ],
)
def test_a_brief_whose_model_call_failed_for_a_passing_reason_is_cached_briefly(
    notice: str | None, ttl_s: int
) -> None:
    # Given a summariser whose model call failed (a time-out: the fallback's sentences, untranslated
    # for a reader of another language)
    cache = MemoryCache()
    service = BriefService(
        fetcher=FakeFetcher(),
        cache=cache,
        summariser=_NoticeSummariser(notice),
        extractor=FakeExtractor(),
        cache_ttl_s=3600,
    )
    # When a Brief is made
    brief = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>"))
    # Then it is kept only briefly when the model may well answer next time (before: six hours of
    # the fallback for every reader of the article in that language, ↻ included)
    assert brief.summary is not None and brief.summary.notice == notice
    assert brief.cache.ttl_s == ttl_s


def test_the_passing_failures_are_the_model_adapters_codes() -> None:
    from parallax.adapters.llm import notices
    from parallax.domain.pipeline import RETRY_SOON_NOTICES

    codes = {v for k, v in vars(notices).items() if k.startswith("NOTICE_")}
    assert codes >= RETRY_SOON_NOTICES
    assert codes - RETRY_SOON_NOTICES == {notices.NOTICE_INVALID_OUTPUT, notices.NOTICE_UNFAITHFUL}
