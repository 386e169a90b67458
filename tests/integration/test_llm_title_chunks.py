"""A Brief's foreign headlines are translated in calls of a few each (session 18): the real SDK
against the loopback fake of the Messages API. One call for every headline had one output budget,
and a stop at it (40 headlines into Cyrillic: about 2,300 tokens against 2,048) lost all of them,
cached with the Brief for 6 h."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from parallax.adapters.llm import (
    NOTICE_INVALID_OUTPUT,
    NOTICE_OVERLOADED,
    NOTICE_TIMEOUT,
    AnthropicClientFactory,
    LlmCallMetrics,
    LlmTitleTranslator,
)
from parallax.config import Settings
from parallax.domain.models import Article, BriefRequest, Outlet, Related, RelatedItem
from parallax.domain.pipeline import PARTIAL_TTL_S, BriefService
from parallax.wiring import build_model_adapters
from tests.fakes import FakeExtractor, FakeFetcher, FakeSummariser, MemoryCache
from tests.support.fake_anthropic import (
    FakeAnthropic,
    RecordedRequest,
    Reply,
    loopback_llm_settings,
    tool_use_message,
)
from tests.support.metrics_sinks import call_records

KEY = "sk-ant-test-SECRET-0123456789"
_HEADLINE = re.compile(r'<t id="(\d+)">Bericht (\d+) zum Haushalt</t>')
SIX_HOURS_S = 6 * 3600


def german(n: int) -> str:
    return f"Bericht {n} zum Haushalt"


def english(n: int) -> str:
    return f"Budget report {n} passes the council vote"


def _numbers(request: RecordedRequest) -> list[tuple[int, int]]:
    """(id, n) of each headline ``Bericht n zum Haushalt`` the request asks for."""
    return [(int(i), int(n)) for i, n in _HEADLINE.findall(request.user_message)]


def _english(request: RecordedRequest, whole: int | None = None) -> dict[str, Any]:
    """The headlines in English; with ``whole``, cut off as at the output budget: that many
    whole, then the next one stopped mid-word."""
    numbers = _numbers(request)
    if whole is None:
        return {"translations": [{"id": i, "text": english(n)} for i, n in numbers]}
    whole = min(whole, len(numbers) - 1)
    cut: list[dict[str, Any]] = [{"id": i, "text": english(n)} for i, n in numbers[:whole]]
    i, n = numbers[whole]
    return {"translations": [*cut, {"id": i, "text": english(n)[:9]}]}


def model(
    stopped: int | None = None, whole: int = 0, failing: int | None = None
) -> Callable[[RecordedRequest], Reply]:
    """A model that translates into English; the call holding headline ``stopped`` stops at its
    output budget with ``whole`` translations whole (0: the service held the cut-off list back,
    as the Messages API's stream did with a parameter not yet complete), and the call holding
    headline ``failing`` is answered 529 overloaded."""

    def answer(request: RecordedRequest) -> Reply:
        numbers = {n for _, n in _numbers(request)}
        if failing in numbers:
            body = {"type": "error", "error": {"type": "overloaded_error", "message": "fake"}}
            return Reply(529, body)
        if stopped in numbers:
            tool_input = _english(request, whole) if whole else {}
            return Reply(200, tool_use_message(request, tool_input, stop_reason="max_tokens"))
        return Reply(200, tool_use_message(request, _english(request)))

    return answer


def _translator(
    fake: FakeAnthropic, metrics: list[LlmCallMetrics] | None = None
) -> LlmTitleTranslator:
    settings = loopback_llm_settings(fake, KEY)
    sink = None if metrics is None else call_records(metrics)
    return LlmTitleTranslator(AnthropicClientFactory(settings), settings, sink)


def test_a_call_stopped_at_its_budget_keeps_what_arrived_and_sends_the_rest_again_halved(
    fake: FakeAnthropic,
) -> None:
    # Given 40 German headlines for an English reader, and a model whose answer for the call
    # holding headline 25 stops at the output budget with 7 translations whole
    fake.default = model(stopped=25, whole=7)
    metrics: list[LlmCallMetrics] = []
    # When they are translated
    out = _translator(fake, metrics).translate([german(n) for n in range(40)], "en", ["de"] * 40)
    # Then all 40 are translated (one call of 40 lost all 40): the first call's 20, the 7 that
    # arrived whole, and the 13 the stop left out, sent again at once in two halves (a smaller
    # call needs a smaller answer; 5 minutes later the same call would stop the same way)
    assert out.titles == [english(n) for n in range(40)]
    assert out.failure is None
    assert sorted(len(_numbers(r)) for r in fake.requests) == [6, 7, 20, 20]
    # And each call has its record, in order: the stopped one says why, with its tokens
    assert [m.operation for m in metrics] == ["translate"] * 4
    assert [m.ok for m in metrics] == [True, False, True, True]
    assert metrics[1].fallback_reason == NOTICE_INVALID_OUTPUT
    assert metrics[1].detail == "max_tokens" and metrics[1].output_tokens > 0


def test_a_stop_that_comes_again_costs_only_its_halfs_headlines(fake: FakeAnthropic) -> None:
    # Given a model that stops at the budget, with nothing whole, whenever a call holds
    # headline 25 (the service held the cut-off list back)
    fake.default = model(stopped=25)
    metrics: list[LlmCallMetrics] = []
    # When 40 headlines are translated
    out = _translator(fake, metrics).translate([german(n) for n in range(40)], "en", ["de"] * 40)
    # Then only the half holding headline 25 stays untranslated, once halved (no further)
    assert out.titles[:20] == [english(n) for n in range(20)]
    assert out.titles[20:30] == [None] * 10
    assert out.titles[30:] == [english(n) for n in range(30, 40)]
    assert sorted(len(_numbers(r)) for r in fake.requests) == [10, 10, 20, 20]
    assert [m.detail for m in metrics] == ["", "max_tokens", "max_tokens", ""]
    # And the Brief is told of an unusable answer: kept the usual time (it would stop again)
    assert out.failure == NOTICE_INVALID_OUTPUT


def test_the_one_headline_a_stop_left_out_is_sent_again_alone(fake: FakeAnthropic) -> None:
    # Given 20 German headlines, and a model whose answer stops at the output budget in the
    # last translation (19 whole): all but the cut one are kept
    fake.default = model(stopped=0, whole=19)
    metrics: list[LlmCallMetrics] = []
    # When they are translated
    out = _translator(fake, metrics).translate([german(n) for n in range(20)], "en", ["de"] * 20)
    # Then the one left out is sent again at once, alone, and translated (attack12: it was left
    # untranslated, and the Brief cached for 6 h with it, as if sending it again would stop the
    # same way; one headline needs a twentieth of the answer)
    assert out.titles == [english(n) for n in range(20)]
    assert out.failure is None
    assert [len(_numbers(r)) for r in fake.requests] == [20, 1]
    assert [m.detail for m in metrics] == ["max_tokens", ""]


def test_a_lone_headline_that_stops_is_not_sent_again(fake: FakeAnthropic) -> None:
    # Given one headline whose answer stops at the output budget, with nothing whole
    fake.default = model(stopped=0)
    # When it is translated
    out = _translator(fake).translate([german(0)], "en", ["de"])
    # Then it is not sent again (the same call would stop the same way) and stays untranslated
    assert out.titles == [None]
    assert out.failure == NOTICE_INVALID_OUTPUT
    assert len(fake.requests) == 1


def test_a_stopped_calls_rest_without_time_left_is_a_time_out(fake: FakeAnthropic) -> None:
    # Given a Brief with 6 s left, and a model that takes 3.5 s to stop at the budget with 5
    # of 20 translations whole
    def slow_stop(request: RecordedRequest) -> Reply:
        reply = Reply(200, tool_use_message(request, _english(request, 5), "max_tokens"))
        reply.delay_s = 3.5
        return reply

    fake.default = slow_stop
    settings = loopback_llm_settings(fake, KEY)
    factory = AnthropicClientFactory(settings)
    factory()  # the SDK imported and the client built now: a cold start counts in the 6 s
    translator = LlmTitleTranslator(factory, settings)
    out = translator.translate([german(n) for n in range(20)], "en", ["de"] * 20, time_left_s=6.0)
    # Then the 5 are kept, the rest is not sent again (too little of the Brief's time), and the
    # Brief is told of a time-out: kept 5 minutes, the next reader may have the time
    assert out.titles == [english(n) for n in range(5)] + [None] * 15
    assert len(fake.requests) == 1
    assert out.failure == NOTICE_TIMEOUT


def test_a_passing_failure_is_the_one_the_brief_hears_of(fake: FakeAnthropic) -> None:
    # Given 60 headlines: the first call's answer stops at the budget (and again for the half
    # holding headline 5), the second call is overloaded
    fake.default = model(stopped=5, failing=25)
    # When they are translated
    out = _translator(fake).translate([german(n) for n in range(60)], "en", ["de"] * 60)
    # Then the headlines of the calls that answered are translated, the others' not
    assert out.titles[:10] == [None] * 10
    assert out.titles[10:20] == [english(n) for n in range(10, 20)]
    assert out.titles[20:40] == [None] * 20
    assert out.titles[40:] == [english(n) for n in range(40, 60)]
    # And the failure told is the overload: trying again soon would translate its headlines
    assert out.failure == NOTICE_OVERLOADED


def test_the_calls_are_made_side_by_side(fake: FakeAnthropic) -> None:
    # Given a model that answers only once three calls are waiting at the same time
    arrived = threading.Barrier(3, timeout=5)

    def together(request: RecordedRequest) -> Reply:
        try:
            arrived.wait()
        except threading.BrokenBarrierError:
            return Reply(500, {"type": "error", "error": {"type": "api_error", "message": "x"}})
        return Reply(200, tool_use_message(request, _english(request)))

    fake.default = together
    # When 60 headlines are translated
    out = _translator(fake).translate([german(n) for n in range(60)], "en", ["de"] * 60)
    # Then their three calls were under way together (one after the other, each could take the
    # whole translation budget, and the Brief's deadline cut off the last ones)
    assert out.titles == [english(n) for n in range(60)]
    assert out.failure is None and len(fake.requests) == 3


def test_the_largest_request_is_translated_whole(fake: FakeAnthropic) -> None:
    # Given the most headlines a Brief can show (50 of the story, 50 on the topic) and more
    fake.default = model()
    out = _translator(fake).translate([german(n) for n in range(105)], "en", ["de"] * 105)
    # Then the first 100 are translated, in five calls; no caller makes it more
    assert out.titles[:100] == [english(n) for n in range(100)]
    assert out.titles[100:] == [None] * 5
    assert len(fake.requests) == 5


def _service(
    tmp_path: Path, fake: FakeAnthropic, briefs: MemoryCache | None = None
) -> BriefService:
    """A Brief service with 15 German reports of the story and 15 German ones on the topic, and
    the headline translator the settings build (real SDK, loopback fake); its Briefs are kept in
    ``briefs`` (else a cache of its own)."""
    settings = Settings(
        home=tmp_path,
        llm_provider="anthropic",
        llm_base_url=fake.base_url,
        llm_api_key=KEY,
        llm_timeout_s=5.0,
        llm_max_retries=0,
        providers=(),
    )
    _, translator = build_model_adapters(settings)
    assert translator is not None

    def item(n: int) -> RelatedItem:
        return RelatedItem(
            url=f"https://de.example/{n}",
            title=german(n),
            outlet=Outlet(name="de", domain="de.example"),
            language="de",
            similarity=0.9,
            provider="index",
        )

    class Finder:
        def find(self, article: Article, language: str, other: bool, max_items: int) -> Related:
            return Related(
                items=[item(n) for n in range(15)],
                topic=[item(n) for n in range(15, 30)],
                sources_queried=["index"],
            )

    return BriefService(
        fetcher=FakeFetcher(),
        cache=MemoryCache() if briefs is None else briefs,
        summariser=FakeSummariser(),
        extractor=FakeExtractor(),
        cache_ttl_s=SIX_HOURS_S,
        related=Finder(),
        translator=translator,
    )


REQUEST = BriefRequest(url="https://news.example/a", html="<p>x</p>", max_related=15)


def test_a_brief_keeps_the_topics_translations_when_their_call_stops_short(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    # Given a model whose answer stops at its output budget, with nothing whole, whenever a
    # call holds the topic's headline 27 (in the second call, 20-29)
    fake.default = model(stopped=27)
    # When an English reader gets the Brief
    brief = _service(tmp_path, fake).brief(REQUEST)
    # Then the story's headlines are translated, and the topic's but the half that stopped again
    # (session 17 sent the topic's only while one call held 20: 15-19 here, 20-29 never)
    assert [i.translated_title for i in brief.related.items] == [english(n) for n in range(15)]
    topic = [i.translated_title for i in brief.related.topic]
    assert topic == [english(n) for n in range(15, 25)] + [None] * 5
    # And the Brief is kept for the usual time (the same call would most likely stop again)
    assert brief.cache.ttl_s == SIX_HOURS_S


def test_a_brief_whose_topic_call_was_overloaded_is_kept_briefly(
    tmp_path: Path, fake: FakeAnthropic
) -> None:
    # Given a model that is overloaded for the call with the topic's last headlines
    fake.default = model(failing=27)
    # When an English reader gets the Brief
    brief = _service(tmp_path, fake).brief(REQUEST)
    # Then the first call's headlines are translated, and the Brief is kept five minutes, not
    # six hours: the next reader (or ↻) gets the rest
    assert all(i.translated_title for i in brief.related.items)
    assert [i.translated_title for i in brief.related.topic][5:] == [None] * 10
    assert brief.cache.ttl_s == PARTIAL_TTL_S
