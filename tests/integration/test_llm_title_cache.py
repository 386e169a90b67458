"""Headlines translated once are not sent again (session 18, titlecache): the real SDK against the
loopback fake of the Messages API, which counts the headlines each request asks for. Readers of
one story get largely the same related headlines; every Brief paid the model for each again."""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parallax.adapters.llm import (
    AnthropicClientFactory,
    LlmCallMetrics,
    LlmTitleTranslator,
    TitleTranslationMetrics,
)
from parallax.adapters.llm.title_cache import TitleCache
from parallax.config import Settings
from parallax.domain.models import BriefRequest
from parallax.domain.pipeline import PARTIAL_TTL_S
from parallax.wiring import build_model_adapters
from tests.fakes import MemoryCache
from tests.integration.test_llm_title_chunks import _service
from tests.support.fake_anthropic import (
    FakeAnthropic,
    RecordedRequest,
    Reply,
    loopback_llm_settings,
    tool_use_message,
)

KEY = "sk-ant-test-SECRET-0123456789"
WIDE: dict[str, Any] = {"max_related": 15}
_HEADLINE = re.compile(r'<t id="(\d+)">Bericht (\d+) zum Haushalt</t>')


def german(n: int) -> str:
    return f"Bericht {n} zum Haushalt"


def english(n: int) -> str:
    return f"Budget report {n} passes the council vote"


def asked(request: RecordedRequest) -> list[int]:
    """The n of each headline ``Bericht n zum Haushalt`` the request asks for."""
    return [int(n) for _, n in _HEADLINE.findall(request.user_message)]


def all_asked(fake: FakeAnthropic) -> list[int]:
    return sorted(n for request in fake.requests for n in asked(request))


def model(
    poisoned: Callable[[int], str] | None = None,
    failing: int | None = None,
) -> Callable[[RecordedRequest], Reply]:
    """A model that translates into English; ``poisoned`` writes the translations instead (a
    link, a made-up number), and the call holding headline ``failing`` is answered 529."""

    def answer(request: RecordedRequest) -> Reply:
        pairs = _HEADLINE.findall(request.user_message)
        if failing is not None and failing in {int(n) for _, n in pairs}:
            body = {"type": "error", "error": {"type": "overloaded_error", "message": "fake"}}
            return Reply(529, body)
        write = poisoned or english
        tool_input = {"translations": [{"id": int(i), "text": write(int(n))} for i, n in pairs]}
        return Reply(200, tool_use_message(request, tool_input))

    return answer


def translator(
    fake: FakeAnthropic,
    metrics: list[LlmCallMetrics | TitleTranslationMetrics] | None = None,
    cache: TitleCache | None = None,
    **overrides: Any,
) -> LlmTitleTranslator:
    settings = loopback_llm_settings(fake, KEY, **overrides)
    sink = None if metrics is None else metrics.append
    return LlmTitleTranslator(AnthropicClientFactory(settings), settings, sink, cache=cache)


def test_headlines_translated_for_one_brief_are_not_sent_for_the_next(
    fake: FakeAnthropic, caplog: pytest.LogCaptureFixture
) -> None:
    # Given a translator that has translated 30 German headlines for an English reader
    fake.default = model()
    records: list[LlmCallMetrics | TitleTranslationMetrics] = []
    service = translator(fake, records)
    first = service.translate([german(n) for n in range(30)], "en", ["de"] * 30)
    assert first.titles == [english(n) for n in range(30)]
    assert len(fake.requests) == 2 and len(calls(records)) == 2
    assert totals(records)[-1] == (30, 0, 30, 30, 2)
    # When the next reader of the story gets 20 of them again and 10 new ones
    caplog.set_level(logging.INFO, logger="parallax.adapters.llm.translator")
    titles = [german(n) for n in range(10, 40)]
    second = service.translate(titles, "en", ["de"] * 30)
    # Then all are translated, and only the 10 new ones were sent, in one call
    assert second.titles == [english(n) for n in range(10, 40)]
    assert second.failure is None
    assert len(fake.requests) == 3 and asked(fake.requests[2]) == list(range(30, 40))
    # And the translation's record says 20 came from the cache and 10 were sent; its log line too
    assert len(calls(records)) == 3 and totals(records)[-1] == (30, 20, 10, 10, 1)
    assert "20 of 30 headlines from the cache, 10 sent in 1 calls" in caplog.text
    # When a third reader gets only headlines already translated
    third = service.translate([german(n) for n in range(5)], "en", ["de"] * 5)
    # Then no call is made, and so no call record; the translation's record still counts the
    # five served from the cache (before, such a Brief left no metric at all)
    assert third.titles == [english(n) for n in range(5)] and third.failure is None
    assert len(fake.requests) == 3 and len(calls(records)) == 3
    assert totals(records) == [(30, 0, 30, 30, 2), (30, 20, 10, 10, 1), (5, 5, 0, 0, 0)]
    assert "all 5 headlines from the cache" in caplog.text
    # And every translation's record comes after its own calls' records
    assert isinstance(records[-1], TitleTranslationMetrics)
    assert [type(r).__name__[0] for r in records] == list("LLTLTT")


def calls(records: list[LlmCallMetrics | TitleTranslationMetrics]) -> list[LlmCallMetrics]:
    return [r for r in records if isinstance(r, LlmCallMetrics)]


def totals(
    records: list[LlmCallMetrics | TitleTranslationMetrics],
) -> list[tuple[int, int, int, int, int]]:
    """(headlines, cached, sent, translated, calls) of each translation's own record."""
    return [
        (r.headlines, r.cached, r.sent, r.translated, r.calls)
        for r in records
        if isinstance(r, TitleTranslationMetrics)
    ]


def test_the_same_headline_twice_in_one_brief_is_sent_once(fake: FakeAnthropic) -> None:
    fake.default = model()
    titles = [german(1), german(2), german(1)]
    out = translator(fake).translate(titles, "en", ["de"] * 3)
    assert out.titles == [english(1), english(2), english(1)]
    assert all_asked(fake) == [1, 2]


def test_another_models_translation_is_not_served(fake: FakeAnthropic) -> None:
    # Given one cache shared by a translator on one model, which translated the headlines
    fake.default = model()
    cache = TitleCache(100)
    translator(fake, cache=cache, model="claude-old").translate([german(1)], "en", ["de"])
    assert len(fake.requests) == 1
    # When a translator on another model translates them
    out = translator(fake, cache=cache, model="claude-new").translate([german(1)], "en", ["de"])
    # Then they are sent to it (a model change must not serve the old model's output)
    assert out.titles == [english(1)]
    assert len(fake.requests) == 2 and fake.requests[1].body is not None
    assert fake.requests[1].body["model"] == "claude-new"


def test_another_target_or_another_given_language_is_sent_again(fake: FakeAnthropic) -> None:
    # Given a headline translated for an English reader, its language given as German
    fake.default = model()
    service = translator(fake)
    service.translate([german(1)], "en-GB", ["de"])
    # When a reader of en-US gets it, the same language: from the cache (primary language)
    service.translate([german(1)], "en-US", ["de"])
    assert len(fake.requests) == 1
    # When its language is not given, or another is (its numbers are read in that language:
    # the parser's checks may judge the same answer otherwise), it is sent again
    service.translate([german(1)], "en", None)
    service.translate([german(1)], "en", ["nl"])
    assert len(fake.requests) == 3


@pytest.mark.parametrize(
    "poison",
    [
        lambda n: f"Budget report {n} https://evil.example/click",
        lambda n: f"Budget report {n}: 500 dead",
    ],
    ids=["link", "made-up number"],
)
def test_a_translation_the_checks_refuse_is_not_kept(
    fake: FakeAnthropic, poison: Callable[[int], str]
) -> None:
    # Given a model whose answer for a headline the parser's checks refuse (a link, a number
    # the headline does not have)
    fake.default = model(poisoned=poison)
    service = translator(fake)
    first = service.translate([german(1)], "en", ["de"])
    assert first.titles == [None]
    # When the next Brief asks for it, and the model now answers well
    fake.default = model()
    second = service.translate([german(1)], "en", ["de"])
    # Then it is sent again (the refused answer was never kept) and translated
    assert second.titles == [english(1)]
    assert len(fake.requests) == 2


def test_a_failed_calls_headlines_are_sent_again_and_only_they(fake: FakeAnthropic) -> None:
    # Given 40 headlines, the call holding the last 20 overloaded
    fake.default = model(failing=25)
    service = translator(fake)
    first = service.translate([german(n) for n in range(40)], "en", ["de"] * 40)
    assert first.titles[20:] == [None] * 20 and first.failure is not None
    # When they are asked again (the Brief kept 5 minutes, made anew) and the model answers
    fake.default = model()
    second = service.translate([german(n) for n in range(40)], "en", ["de"] * 40)
    # Then only the failed call's 20 are sent; the first call's 20 are not paid for again
    assert second.titles == [english(n) for n in range(40)] and second.failure is None
    assert len(fake.requests) == 3 and asked(fake.requests[2]) == list(range(20, 40))


def test_size_zero_sends_every_headline_every_time(tmp_path: Path, fake: FakeAnthropic) -> None:
    fake.default = model()
    settings = Settings(
        home=tmp_path,
        llm_provider="anthropic",
        llm_base_url=fake.base_url,
        llm_api_key=KEY,
        llm_max_retries=0,
        llm_translate_cache_size=0,
        providers=(),
    )
    _, service = build_model_adapters(settings)
    assert service is not None
    for _ in range(2):
        assert service.translate([german(1)], "en", ["de"]).titles == [english(1)]
    assert len(fake.requests) == 2


def test_briefs_translating_at_once_get_their_own_translations(fake: FakeAnthropic) -> None:
    # Given one translator, and four Briefs at once, overlapping in their headlines
    fake.default = model()
    service = translator(fake)
    start = threading.Barrier(4, timeout=10)
    results: dict[int, list[str | None]] = {}

    def brief(k: int) -> None:
        numbers = list(range(k * 10, k * 10 + 30))
        start.wait()
        results[k] = service.translate([german(n) for n in numbers], "en", ["de"] * 30).titles

    threads = [threading.Thread(target=brief, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Then each got its own headlines' translations, aligned
    for k in range(4):
        assert results[k] == [english(n) for n in range(k * 10, k * 10 + 30)]
    # And a later Brief with any of them sends none
    sent = len(fake.requests)
    again = service.translate([german(n) for n in range(60)], "en", ["de"] * 60)
    assert again.titles == [english(n) for n in range(60)] and len(fake.requests) == sent


def test_a_brief_made_anew_after_a_partial_failure_pays_only_for_what_failed(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    # Given a Brief whose topic call (headlines 20-29) was overloaded: kept five minutes
    fake.default = model(failing=27)
    briefs = MemoryCache()
    service = _service(tmp_path, fake, briefs)
    first = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>", **WIDE))
    assert first.cache.ttl_s == PARTIAL_TTL_S
    assert len(fake.requests) == 2
    # When, its five minutes over, it is made anew, and a reader of another article of the
    # story comes, the model answering again
    briefs.entries.clear()
    fake.default = model()
    again = service.brief(BriefRequest(url="https://news.example/a", html="<p>x</p>", **WIDE))
    other = service.brief(BriefRequest(url="https://news.example/b", html="<p>y</p>", **WIDE))
    # Then the Brief made anew sent only the 10 that failed, and the other reader's none
    assert len(fake.requests) == 3 and asked(fake.requests[2]) == list(range(20, 30))
    for brief in (again, other):
        shown = [i.translated_title for i in [*brief.related.items, *brief.related.topic]]
        assert shown == [english(n) for n in range(30)]


def test_the_powertools_sink_counts_the_headlines_asked_cached_sent_and_lost() -> None:
    from aws_lambda_powertools import Metrics

    from parallax.adapters.llm import powertools_metrics_sink

    real = Metrics(namespace="ParallaxTest", service="parallax")
    sink = powertools_metrics_sink(real)
    # Given a translation of 30 headlines, 12 from the cache, 18 sent, 15 back translated
    sink(TitleTranslationMetrics("anthropic", "m", 30, 12, 18, 15, 1))
    # Then each count is a metric, and no call is counted (its call's record counts it)
    values = {name: real.metric_set[name]["Value"] for name in real.metric_set}
    assert values == {
        "LlmTranslateTitles": [30.0],
        "LlmTranslateCachedTitles": [12.0],
        "LlmTranslateSentTitles": [18.0],
        "LlmTranslateUntranslatedTitles": [3.0],
    }
    real.clear_metrics()
    # Given one served wholly from the cache: counted too, with nothing lost
    sink(TitleTranslationMetrics("anthropic", "m", 5, 5, 0, 0, 0))
    assert real.metric_set["LlmTranslateCachedTitles"]["Value"] == [5.0]
    assert real.metric_set["LlmTranslateSentTitles"]["Value"] == [0.0]
    assert "LlmTranslateUntranslatedTitles" not in real.metric_set
    assert "LlmTranslateCalls" not in real.metric_set
    real.clear_metrics()
    # And a call's record carries no cache count of its own any more
    sink(LlmCallMetrics("translate", "anthropic", "m", None, "", 3.0, 1, 10, 5))
    assert "LlmTranslateCachedTitles" not in real.metric_set
    assert real.metric_set["LlmTranslateCalls"]["Value"] == [1.0]
    real.clear_metrics()
