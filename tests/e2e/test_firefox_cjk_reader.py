"""A Japanese reader of a Chinese article, and a Chinese reader of a Japanese one, with the model
on, in Firefox ESR (session 19, walk6): the Brief made by the real backend (pipeline, guard, feed
index, the real SDK against the loopback fake of the Messages API writing the summaries and the
headline translations), shown in the panel at 360 px and at 200 % zoom (180 CSS px).

What failed before: the Japanese summary's second point was dropped because its "10年" was the
article's "十年" (Han numerals were no number to the guard), and the other outlet's report of
the story was not found in the feed index."""

# ruff: noqa: RUF001 -- CJK punctuation is the point of these texts

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.fake_backend import PathBackend
from tests.e2e.firefox import FIREFOX_ORIGIN, FirefoxExtension, open_panel_at, set_settings
from tests.e2e.indexed_backend import backend_over_index, scripted_model
from tests.e2e.reader_checks import LAYOUT_PROBLEMS
from tests.e2e.test_cjk_reader import ARTICLES, REPORTS
from tests.support.fake_anthropic import FakeAnthropic
from tests.support.fixture_site import PAGES_DIR

pytestmark = pytest.mark.e2e

# What a model writes: the Chinese article in Japanese, the Japanese one in Chinese.
SUMMARIES: dict[str, dict[str, Any]] = {
    "ja": {
        "headline": "浜江市の地下鉄7号線延伸が承認、総投資214億元で2031年開業予定",
        "bullets": [
            {
                "text": "浜江市人民代表大会常務委員会は月曜日、賛成38、反対21で地下鉄7号線を臨港新区まで延伸する計画を承認した。",
                "sentence_ids": [0],
            },
            {
                "text": "総投資額は約214億元で、同市で過去10年で最大の公共交通事業となる。",
                "sentence_ids": [1],
            },
            {
                "text": "延伸区間は約23キロで12駅を設け、2031年の開業を予定している。",
                "sentence_ids": [2, 3],
            },
        ],
        "disputed": None,
    },
    "zh": {
        "headline": "港北市议会通过地铁7号线延伸计划 总投资2140亿日元 力争2031年开通",
        "bullets": [
            {
                "text": "港北市议会8日以38票赞成、21票反对通过了将地铁7号线延伸至临海地区的计划。",
                "sentence_ids": [0],
            },
            {
                "text": "总投资约2140亿日元，是该市过去10年来规模最大的公共交通项目。",
                "sentence_ids": [1],
            },
            {"text": "延伸段约23公里，新设12座车站，计划2031年开通。", "sentence_ids": [2, 3]},
        ],
        "disputed": None,
    },
}
TRANSLATED = {
    "地铁7号线北延工程获市人大批准": "地下鉄7号線の北延伸工事、市人大が承認",
    "地下鉄7号線延伸、港北市議会が可決": "地铁7号线延伸，港北市议会通过",
}
# reader's language -> (the article it reads, the other outlet's headline translated for it)
READS = {"ja": "zh", "zh": "ja"}

_answer = scripted_model(SUMMARIES, TRANSLATED)


@pytest.fixture(scope="module")
def model_briefs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    """Per reader's language, the Brief the real backend makes of the other language's article
    with the model on the loopback fake and the other outlets' reports in the feed index."""
    made: dict[str, dict[str, Any]] = {}
    with FakeAnthropic() as fake:
        fake.default = _answer
        home = tmp_path_factory.mktemp("cjk-model")
        with backend_over_index(home, REPORTS, model_url=fake.base_url) as base_url:
            for reader, article in READS.items():
                page = ARTICLES[article][0]
                response = httpx.post(
                    f"{base_url}/v1/briefs",
                    json={
                        "url": f"https://www.{article}-news.example/city/metro-line-7",
                        "html": (PAGES_DIR / page).read_text(encoding="utf-8"),
                        "language": reader,
                    },
                    timeout=30,
                )
                assert response.status_code == 200, response.text
                made[reader] = response.json()
    yield made


@pytest.fixture(scope="module")
def panel_tab(firefox: FirefoxExtension, firefox_fake_backend: PathBackend) -> str:
    handle = firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
    firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
    set_settings(firefox, backendUrl=firefox_fake_backend.base_url, panelLanguage="en")
    return handle


# Elements' own text and the language they are read in (their nearest `lang`).
LANGUAGES = """return [...document.querySelectorAll(arguments[0])]
    .map((e) => [e.firstChild.textContent.trim(), e.closest('[lang]')?.lang ?? ''])"""


@pytest.mark.parametrize("reader", ["ja", "zh"])
@pytest.mark.parametrize("width", [360, 180], ids=["360px", "360px-at-200pct-zoom"])
def test_a_model_summary_in_the_other_cjk_language_is_shown_whole(
    firefox: FirefoxExtension,
    panel_tab: str,
    model_briefs: dict[str, dict[str, Any]],
    reader: str,
    width: int,
) -> None:
    brief = model_briefs[reader]
    article = READS[reader]
    # Given the model's summary, in the reader's language, of an article in the other one
    summary = brief["summary"]
    assert (summary["method"], summary["language"]) == ("llm", reader), json.dumps(summary)
    # Then none of its points was dropped (the Japanese "過去10年" is the Chinese "近十年")
    assert len(summary["bullets"]) == 3 and not summary.get("dropped_bullets")
    set_settings(firefox, summaryLanguage=reader)
    open_panel_at(
        firefox,
        brief,
        tab_id=970 + width + (reader == "zh"),
        width=width,
        language=reader,
        url=brief["article"]["url"],
    )
    firefox.wait("return document.getElementById('content').dataset.state === 'ready'", "Brief")
    # And the points and the neutral headline are in the reader's language, the article's
    # headline and its outlet's name in the article's
    bullets = firefox.run(LANGUAGES, [".bullet-text"])
    assert [lang for _, lang in bullets] == [reader] * 3
    assert [lang for _, lang in firefox.run(LANGUAGES, [".article-title"])] == [article]
    assert [lang for _, lang in firefox.run(LANGUAGES, [".article-head .outlet-name"])] == [article]
    # And the other outlet's report of the story is there, its headline translated into the
    # reader's language
    same = firefox.run(LANGUAGES, [".same-story .headline a"])
    assert same == [[TRANSLATED[REPORTS[0 if article == "zh" else 1].title], reader]]
    # And nothing is cut, overlaps, or scrolls sideways at this width
    assert firefox.run(f"return ({LAYOUT_PROBLEMS})();") == []
