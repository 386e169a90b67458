"""A reader whose summary language is Korean reads a Korean article (session 19, walk7): the
README's offline path (the fixture news site, the extension, the real backend with its feed index
and the extractive summariser), in Debian's Chromium, the panel at 360 px and at 200 % zoom
(180 CSS px).

What failed before, fixed: the feed index did not find another outlet's report naming the
story's council and line with other particles (누리시의회, 연장안 for the article's 누리시의회는,
연장안을: a Korean particle is written onto its noun, and FTS5 read them as other words)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.harness import ExtensionBrowser, horizontal_overflow, wait_panel_state
from tests.e2e.reader_checks import LAYOUT_PROBLEMS
from tests.e2e.test_cjk_reader import NARROW, OWN_TEXT_LANGUAGES, TEXT_LANGUAGES, _report, show

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
    from parallax.adapters.feed_index import FeedIndex
    from parallax.api.app import create_app
    from parallax.api.local_server import LocalServer
    from parallax.config import Settings
    from parallax.wiring import lazy_brief_service
    from tests.e2e.harness import EXTENSION_ORIGIN

    settings = Settings(
        home=tmp_path / "home",
        allow_private_hosts=True,
        allowed_ports=(fixture_site.port,),
        cors_origins=(EXTENSION_ORIGIN,),
        providers=("index",),
        ingest_interval_s=0,
    )
    index = FeedIndex(settings.index_path)
    index.upsert_items([_with_date(r) for r in REPORTS])
    index.close()
    service = lazy_brief_service(settings)
    server = LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0).start()
    yield server.base_url
    server.stop()


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
