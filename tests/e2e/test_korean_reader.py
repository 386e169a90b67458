"""A reader whose summary language is Korean reads a Korean article (session 19, walk7): the
README's offline path (the fixture news site, the extension, the real backend with its feed index
and the extractive summariser), in Debian's Chromium, the panel at 360 px and at 200 % zoom
(180 CSS px).

What failed before, fixed: the feed index did not find another outlet's report naming the
story's council and line with other particles (누리시의회, 연장안 for the article's 누리시의회는,
연장안을: a Korean particle is written onto its noun, and FTS5 read them as other words)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.harness import ExtensionBrowser, horizontal_overflow, wait_panel_state
from tests.e2e.indexed_backend import backend_over_index, scripted_model
from tests.e2e.reader_checks import LAYOUT_PROBLEMS
from tests.e2e.test_cjk_reader import NARROW, OWN_TEXT_LANGUAGES, TEXT_LANGUAGES, _report, show
from tests.support.fake_anthropic import FakeAnthropic

if TYPE_CHECKING:
    from tests.support.fixture_site import FixtureSite

pytestmark = pytest.mark.e2e

PAGE = "ko_article.html"
TITLE = "누리시의회가 지하철 7호선 연장안을 가결했다"


@pytest.mark.parametrize("width", [360, NARROW], ids=["360px", "360px-at-200pct-zoom"])
def test_a_korean_article_reads_whole_in_korean(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite, width: int
) -> None:
    # Given a reader whose summaries are in Korean, without a model
    browser.set_settings(backendUrl=backend, summaryLanguage="ko")
    tab, _ = show(browser, backend, fixture_site, PAGE)
    brief: dict[str, Any] = browser.entry(tab)["brief"]  # type: ignore[index]
    panel = browser.open_panel(tab=tab, width=width)
    wait_panel_state(panel, "ready")
    # Then the headline, the points and the outlet's name are marked Korean
    assert panel.evaluate(TEXT_LANGUAGES, ".article-head .outlet-name") == [["한빛일보", "ko"]]
    [[headline, headline_lang]] = panel.evaluate(TEXT_LANGUAGES, ".article-title")
    assert headline.startswith(TITLE) and headline_lang == "ko"
    bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
    assert len(bullets) >= 3 and {lang for _, lang in bullets} == {"ko"}
    # And each point is the whole sentence it cites, split at 다. 요. ? (a quote's "…?"고 물었다
    # goes on in its sentence), and no untranslated-notice: the article is in the reader's language
    sentences = {s["id"]: s["text"] for s in brief["article"]["sentences"]}
    for (text, _), bullet in zip(bullets, brief["summary"]["bullets"], strict=True):
        assert text == " ".join(sentences[i] for i in bullet["sentence_ids"])
        assert text[-1] in ".?!"
    assert not any(s.startswith(("고 ", "라고", "이라고")) for s in sentences.values())
    assert panel.locator(".summary > .notice").count() == 0
    # And nothing is cut, overlaps, or scrolls sideways at this width (Korean breaks between
    # words, as the panel's text does)
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


REPORTS = [
    # Another outlet's report of the story: the council and the plan without the article's
    # particles, no headline word in common
    _report(
        "dasol-news", "다솔뉴스", "ko", "누리시의회, 도시철도 연장안 가결…신도시 역 6곳 신설",
        "누리시의회에서 북쪽 신도시로 이어지는 도시철도 연장 사업이 가결됐다. 총사업비는 1조2천억원이다.",
    ),
    # A report of another story sharing the city's name
    _report(
        "gaon-ilbo", "가온일보", "ko", "누리시 여름 축제, 관광객 몰려",
        "누리시 여름 축제에 주말 동안 관광객 수만 명이 찾았다.",
    ),
]  # fmt: skip


@pytest.fixture
def indexed_backend(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    """The real backend over a feed index holding ``REPORTS``."""
    reports = [_with_date(r) for r in REPORTS]
    with backend_over_index(tmp_path / "home", reports, site_port=fixture_site.port) as base_url:
        yield base_url


def _with_date(report: Any) -> Any:
    # The article is dated 8 July 2024 (09:30 in Seoul); the reports the same afternoon
    return replace(report, published="2024-07-08T06:00:00Z")


def test_the_same_story_from_another_korean_outlet_is_found(
    browser: ExtensionBrowser, indexed_backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=indexed_backend, summaryLanguage="ko")
    tab, _ = show(browser, indexed_backend, fixture_site, PAGE)
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    # Then the panel shows the other outlet's report among the same story, marked Korean
    same = panel.evaluate(OWN_TEXT_LANGUAGES, ".same-story .headline a")
    assert same == [["누리시의회, 도시철도 연장안 가결…신도시 역 6곳 신설", "ko"]]
    assert panel.evaluate(TEXT_LANGUAGES, ".same-story .outlet-name") == [["다솔뉴스", "ko"]]
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


# --- with the model on: the loopback fake of the Messages API --------------------------------------

# What a model writes of the Korean article, in Korean and in English: the numbers as the article
# writes them (3억 5천만 원) and as a translation does (350 million won).
SUMMARIES: dict[str, dict[str, Any]] = {
    "ko": {
        "headline": "누리시의회, 지하철 7호선 연장안 가결…총사업비 1조 2천억 원",
        "bullets": [
            {
                "text": "누리시의회가 지하철 7호선을 북쪽 신도시까지 잇는 안건을 찬성 28표, 반대 9표로 가결했다.",
                "sentence_ids": [0],
            },
            {
                "text": "총사업비는 1조 2천억 원으로 시의 교통 사업 가운데 가장 큰 규모다.",
                "sentence_ids": [1],
            },
            {
                "text": "시는 기본설계 용역비 3억 5천만 원을 편성했으며 2031년 개통이 목표다.",
                "sentence_ids": [3],
            },
        ],
        "disputed": None,
    },
    "en": {
        "headline": "Nuri council approves a 1.2 trillion won extension of metro line 7",
        "bullets": [
            {
                "text": "Nuri's city council voted 28 to 9 to extend metro line 7 to the new town "
                "in the north.",
                "sentence_ids": [0],
            },
            {
                "text": "The project will cost 1.2 trillion won, the largest transport project "
                "the city has pursued.",
                "sentence_ids": [1],
            },
            {
                "text": "The city has set aside 350 million won for the basic design; building "
                "starts in 2027 and the line is to open in 2031.",
                "sentence_ids": [3],
            },
        ],
        "disputed": None,
    },
}
TRANSLATED = {REPORTS[0].title: "Nuri council passes the urban rail extension; six new stations"}

_answer = scripted_model(SUMMARIES, TRANSLATED)


@pytest.fixture
def model_backend(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    """The real backend with the model on the loopback fake, over a feed index holding
    ``REPORTS``."""
    reports = [_with_date(r) for r in REPORTS]
    with (
        FakeAnthropic() as fake,
        backend_over_index(
            tmp_path / "home", reports, site_port=fixture_site.port, model_url=fake.base_url
        ) as base_url,
    ):
        fake.default = _answer
        yield base_url


@pytest.mark.parametrize("reader", ["ko", "en"])
def test_the_models_summary_of_a_korean_article_keeps_every_point(
    browser: ExtensionBrowser, model_backend: str, fixture_site: FixtureSite, reader: str
) -> None:
    # Given a Korean (then an English) reader with the model on, at 200 % zoom
    browser.set_settings(backendUrl=model_backend, summaryLanguage=reader)
    tab, _ = show(browser, model_backend, fixture_site, PAGE)
    brief: dict[str, Any] = browser.entry(tab)["brief"]  # type: ignore[index]
    summary = brief["summary"]
    assert (summary["method"], summary["language"]) == ("llm", reader), json.dumps(summary)
    # Then no point was dropped: "1.2 trillion won" and "350 million won" are the article's
    # "1조 2천억 원" and "3억 5천만 원" (read digit by digit, they supported 1, 2, 3 and 5 only)
    assert len(summary["bullets"]) == 3 and not summary.get("dropped_bullets")
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
    assert [lang for _, lang in bullets] == [reader] * 3
    assert [lang for _, lang in panel.evaluate(TEXT_LANGUAGES, ".article-title")] == ["ko"]
    # And the other outlet's report is the same story, its headline translated for the English
    # reader (and marked so), as written for the Korean one
    same = panel.evaluate(OWN_TEXT_LANGUAGES, ".same-story .headline a")
    expected = TRANSLATED[REPORTS[0].title] if reader == "en" else REPORTS[0].title
    assert same == [[expected, reader]]
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []
