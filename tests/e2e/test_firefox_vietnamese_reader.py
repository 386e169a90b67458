"""An English and a Vietnamese reader of a Vietnamese article with the model on, in Firefox ESR
(session 21, walk13): the Brief made by the real backend (pipeline, guard, the real SDK against
the loopback fake of the Messages API), shown in the panel at 360 px and at 200 % zoom (180 CSS
px). What failed before: the English summary lost its point with "3:30 pm" (the article's "15 giờ
30"), the Vietnamese one its point in the passive ("name_context"), and with "TP." ending a
sentence the cited sentences were others."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.firefox import FirefoxExtension, open_panel_at, set_settings
from tests.e2e.indexed_backend import backend_over_index
from tests.e2e.reader_checks import LAYOUT_PROBLEMS

# The CJK walk's options tab (a pytest fixture) and its query of elements' languages.
from tests.e2e.test_firefox_cjk_reader import LANGUAGES, panel_tab  # noqa: F401
from tests.e2e.test_vietnamese_reader import ENGLISH_SUMMARY, PAGE, VIETNAMESE_SUMMARY, answer
from tests.support.fake_anthropic import FakeAnthropic
from tests.support.fixture_site import PAGES_DIR

pytestmark = pytest.mark.e2e

WRITTEN = {"en": ENGLISH_SUMMARY, "vi": VIETNAMESE_SUMMARY}


@pytest.fixture(scope="module")
def model_briefs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    """Per reader's language, the Brief the real backend makes of the Vietnamese article with
    the model on the loopback fake."""
    made: dict[str, dict[str, Any]] = {}
    with FakeAnthropic() as fake:
        fake.default = answer
        home = tmp_path_factory.mktemp("vi-model")
        with backend_over_index(home, [], model_url=fake.base_url) as base_url:
            for reader in WRITTEN:
                response = httpx.post(
                    f"{base_url}/v1/briefs",
                    json={
                        "url": "https://www.saigonmoi.example/giao-thong/2024-07-08/metro-so-2",
                        "html": (PAGES_DIR / PAGE).read_text(encoding="utf-8"),
                        "language": reader,
                    },
                    timeout=30,
                )
                assert response.status_code == 200, response.text
                made[reader] = response.json()
    yield made


@pytest.mark.usefixtures("panel_tab")
@pytest.mark.parametrize("reader", sorted(WRITTEN))
@pytest.mark.parametrize("width", [360, 180], ids=["360px", "360px-at-200pct-zoom"])
def test_the_models_summary_of_a_vietnamese_article_is_shown_whole(
    firefox: FirefoxExtension,
    model_briefs: dict[str, dict[str, Any]],
    reader: str,
    width: int,
) -> None:
    brief = model_briefs[reader]
    # Given the model's summary of the Vietnamese article in the reader's language
    summary = brief["summary"]
    assert (summary["method"], summary["language"]) == ("llm", reader), json.dumps(summary)
    # Then none of its points was dropped
    assert len(summary["bullets"]) == 3 and not summary.get("dropped_bullets"), summary
    set_settings(firefox, summaryLanguage=reader)
    open_panel_at(
        firefox,
        brief,
        tab_id=1310 + width + (reader == "en"),
        width=width,
        language=reader,
        url=brief["article"]["url"],
    )
    firefox.wait("return document.getElementById('content').dataset.state === 'ready'", "Brief")
    # And the points are the model's, in the reader's language, the headline Vietnamese
    bullets = firefox.run(LANGUAGES, [".bullet-text"])
    assert [text for text, _ in bullets] == [b["text"] for b in WRITTEN[reader]["bullets"]]
    assert [lang for _, lang in bullets] == [reader] * 3
    assert [lang for _, lang in firefox.run(LANGUAGES, [".article-title"])] == ["vi"]
    # And nothing is cut, overlaps, or scrolls sideways at this width
    assert firefox.run(f"return ({LAYOUT_PROBLEMS})();") == []
