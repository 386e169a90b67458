"""The model path and the page's notices to its reader (issue 16, page notices): a notice sentence
is never sent to the model, so the model cannot cite it, and a bullet that cites its id anyway is
dropped by the guard. Through the real ``anthropic`` SDK against the loopback fake."""

from __future__ import annotations

from parallax.adapters.llm import AnthropicClientFactory, LlmCallMetrics, LlmSummariser
from parallax.domain.extractive_summariser import ExtractiveSummariser
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.neutral_summary.prompts import build_summary_prompt
from tests.support.fake_anthropic import (
    FakeAnthropic,
    RecordedRequest,
    Reply,
    loopback_llm_settings,
    tool_use_message,
)

NOTICE_ID = 1
SENTENCES = [
    "The city council of Riverton voted 7 to 2 on Tuesday to approve a new flood barrier along "
    "the Mill River.",
    "We noticed you are using an ad blocker.",
    "The barrier, expected to cost 42 million dollars, will be paid for by a state grant and a "
    "local bond, Mayor Ellen Price said.",
    "Residents of the Eastside district, which flooded twice in 2023, had pressed for the "
    "project since the spring.",
    "Please enable JavaScript in your browser to view the interactive map.",
    "Construction is due to begin next summer and to take about two years.",
]
NOTICE_IDS = {1, 4}


def riverton() -> Article:
    return Article(
        url="https://news.example.org/riverton",
        canonical_url="https://news.example.org/riverton",
        title="Riverton approves flood barrier after three-year debate",
        text=" ".join(SENTENCES),
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(SENTENCES)],
        outlet=Outlet(name="Example News", domain="news.example.org"),
        published="2026-12-01",
        language="en",
        word_count=sum(len(s.split()) for s in SENTENCES),
    )


def summariser_for(fake: FakeAnthropic) -> tuple[LlmSummariser, list[LlmCallMetrics]]:
    settings = loopback_llm_settings(fake, "sk-ant-test-0123456789")
    metrics: list[LlmCallMetrics] = []
    summariser = LlmSummariser(
        AnthropicClientFactory(settings), settings, ExtractiveSummariser(), metrics.append
    )
    return summariser, metrics


def test_notice_sentences_are_not_sent_to_the_model() -> None:
    # Given an article with an ad-blocker and a JavaScript notice among its sentences
    # When the model's prompt is built
    prompt = build_summary_prompt(riverton(), "en")
    # Then the notices are neither in the message nor among the ids a bullet may cite, and they
    # are counted apart from sentences trimmed for the token budget
    assert "ad blocker" not in prompt.user_message
    assert "JavaScript" not in prompt.user_message
    assert prompt.sentence_ids == frozenset(range(len(SENTENCES))) - NOTICE_IDS
    assert prompt.notice_sentences == len(NOTICE_IDS)
    assert prompt.trimmed_sentences == 0


def test_a_model_that_cites_a_notice_loses_that_bullet(fake: FakeAnthropic) -> None:
    # Given a model that summarises what it saw and adds a bullet citing the notice's id
    def cites_the_notice(request: RecordedRequest) -> Reply:
        seen = request.sentences
        bullets = [{"text": text, "sentence_ids": [i]} for i, text in seen[:3]]
        bullets.append({"text": SENTENCES[NOTICE_ID], "sentence_ids": [NOTICE_ID]})
        return Reply(
            200, tool_use_message(request, {"headline": "Flood barrier", "bullets": bullets})
        )

    fake.script(cites_the_notice)
    summariser, _ = summariser_for(fake)
    # When the article is summarised by the model
    outcome = summariser.summarise_detailed(riverton(), "en")
    # Then the model never saw the notices
    seen_ids = {i for i, _ in fake.requests[0].sentences}
    assert seen_ids.isdisjoint(NOTICE_IDS)
    # And the bullet that cites one is dropped by the guard as citing an unknown sentence
    assert outcome.summary.method == "llm"
    assert [d.reason for d in outcome.dropped] == ["unknown_sentence"]
    assert outcome.dropped[0].sentence_ids == (NOTICE_ID,)
    texts = [b.text for b in outcome.summary.bullets]
    assert len(texts) == 3 and SENTENCES[NOTICE_ID] not in texts


def test_a_text_of_notices_only_is_not_sent_to_the_model(fake: FakeAnthropic) -> None:
    # Given an "article" whose sentences are, but for one, the page's notices (a consent page
    # read as text)
    sentences = [SENTENCES[0], *(SENTENCES[i] for i in sorted(NOTICE_IDS))]
    article = riverton().model_copy(
        update={
            "text": " ".join(sentences),
            "sentences": [Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        }
    )
    summariser, _ = summariser_for(fake)
    # When it is summarised with a model configured
    outcome = summariser.summarise_detailed(article, "en")
    # Then no call is made (one statement is its own summary) and no notice is a bullet
    assert fake.requests == []
    assert outcome.summary.method != "llm"
    assert [b.text for b in outcome.summary.bullets] == [SENTENCES[0]]


def test_advice_in_an_article_about_cookies_is_sent_to_the_model(fake: FakeAnthropic) -> None:
    # Given a short news item about cookies whose two sentences of consumer advice have a
    # notice's words, and a real plea of the site to the reader
    sentences = [
        "Chrome stops sending third-party cookies to every site from Thursday.",
        "You can block third-party cookies in your browser settings before then.",
        "Please enable JavaScript in your browser to view the interactive chart.",
        "You may need to sign in again on some sites, because their login cookies are set by "
        "another domain.",
    ]
    article = riverton().model_copy(
        update={
            "title": "Chrome ends third-party cookies",
            "text": " ".join(sentences),
            "sentences": [Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        }
    )

    def summarises_what_it_saw(request: RecordedRequest) -> Reply:
        bullets = [{"text": text, "sentence_ids": [i]} for i, text in request.sentences]
        return Reply(200, tool_use_message(request, {"headline": "Cookies", "bullets": bullets}))

    fake.script(summarises_what_it_saw)
    summariser, _ = summariser_for(fake)
    # When it is summarised by the model
    outcome = summariser.summarise_detailed(article, "en")
    # Then the model is called (three statements, not one) and sees the advice, not the plea
    assert len(fake.requests) == 1
    assert {i for i, _ in fake.requests[0].sentences} == {0, 1, 3}
    assert outcome.summary.method == "llm"
