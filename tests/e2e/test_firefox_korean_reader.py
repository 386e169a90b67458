"""A Korean and an English reader of a Korean article with the model on, in Firefox ESR (session
19, walk7): the Brief made by the real backend (pipeline, guard, feed index, the real SDK against
the loopback fake of the Messages API), shown in the panel at 360 px and at 200 % zoom (180 CSS
px). What failed before: the English summary lost two of its three points ("350 million won"
and "1.2 trillion won" were the article's 3억 5천만 원 and 1조 2천억 원, which the guard read as
3, 5, 1 and 2)."""

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
from tests.e2e.test_korean_reader import PAGE, REPORTS, TRANSLATED, _answer, _with_date
from tests.support.fake_anthropic import FakeAnthropic
from tests.support.fixture_site import PAGES_DIR

pytestmark = pytest.mark.e2e

READERS = ("ko", "en")


@pytest.fixture(scope="module")
def model_briefs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    """Per reader's language, the Brief the real backend makes of the Korean article with the
    model on the loopback fake and another outlet's report in the feed index."""
    made: dict[str, dict[str, Any]] = {}
    with FakeAnthropic() as fake:
        fake.default = _answer
        home = tmp_path_factory.mktemp("ko-model")
        reports = [_with_date(r) for r in REPORTS]
        with backend_over_index(home, reports, model_url=fake.base_url) as base_url:
            for reader in READERS:
                response = httpx.post(
                    f"{base_url}/v1/briefs",
                    json={
                        "url": "https://www.hanbit-daily.example/society/metro-line-7",
                        "html": (PAGES_DIR / PAGE).read_text(encoding="utf-8"),
                        "language": reader,
                    },
                    timeout=30,
                )
                assert response.status_code == 200, response.text
                made[reader] = response.json()
    yield made


@pytest.mark.usefixtures("panel_tab")
@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("width", [360, 180], ids=["360px", "360px-at-200pct-zoom"])
def test_the_models_summary_of_a_korean_article_is_shown_whole(
    firefox: FirefoxExtension,
    model_briefs: dict[str, dict[str, Any]],
    reader: str,
    width: int,
) -> None:
    brief = model_briefs[reader]
    # Given the model's summary of the Korean article in the reader's language
    summary = brief["summary"]
    assert (summary["method"], summary["language"]) == ("llm", reader), json.dumps(summary)
    # Then none of its points was dropped
    assert len(summary["bullets"]) == 3 and not summary.get("dropped_bullets")
    set_settings(firefox, summaryLanguage=reader)
    open_panel_at(
        firefox,
        brief,
        tab_id=770 + width + (reader == "en"),
        width=width,
        language=reader,
        url=brief["article"]["url"],
    )
    firefox.wait("return document.getElementById('content').dataset.state === 'ready'", "Brief")
    # And the points are in the reader's language, the headline and the outlet's name Korean
    assert [lang for _, lang in firefox.run(LANGUAGES, [".bullet-text"])] == [reader] * 3
    assert [lang for _, lang in firefox.run(LANGUAGES, [".article-title"])] == ["ko"]
    assert firefox.run(LANGUAGES, [".article-head .outlet-name"]) == [["한빛일보", "ko"]]
    # And the other outlet's report is the same story, translated for the English reader
    same = firefox.run(LANGUAGES, [".same-story .headline a"])
    expected = TRANSLATED[REPORTS[0].title] if reader == "en" else REPORTS[0].title
    assert same == [[expected, reader]]
    # And nothing is cut, overlaps, or scrolls sideways at this width
    assert firefox.run(f"return ({LAYOUT_PROBLEMS})();") == []
