"""A Russian, a Ukrainian and an English reader of a Russian article with the model on, in Firefox
ESR (session 20, walk8): the Brief made by the real backend (pipeline, guard, feed index, the real
SDK against the loopback fake of the Messages API), shown in the panel at 360 px and at 200 % zoom
(180 CSS px). What failed before: the Russian summary lost its headline and a point (it declines
the article's names: Москва, Бирюзовую for Москвы, Бирюзовой), and the resident's question was
cut from its attribution ("— спросил …" a sentence of its own)."""

# Cyrillic text on purpose.

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.firefox import FirefoxExtension, open_panel_at, set_settings
from tests.e2e.indexed_backend import backend_over_index, scripted_model
from tests.e2e.reader_checks import LAYOUT_PROBLEMS

# The CJK walk's options tab (a pytest fixture) and its query of elements' languages.
from tests.e2e.test_firefox_cjk_reader import LANGUAGES, panel_tab  # noqa: F401
from tests.e2e.test_russian_reader import (
    PAGE,
    REPORTS,
    SUMMARIES,
    TRANSLATED,
    _with_date,
    translations,
)
from tests.support.fake_anthropic import FakeAnthropic
from tests.support.fixture_site import PAGES_DIR

pytestmark = pytest.mark.e2e

READERS = ("ru", "uk", "en")


@pytest.fixture(scope="module")
def model_briefs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, dict[str, Any]]]:
    """Per reader's language, the Brief the real backend makes of the Russian article with the
    model on the loopback fake and another outlet's report in the feed index."""
    made: dict[str, dict[str, Any]] = {}
    with FakeAnthropic() as fake:
        home = tmp_path_factory.mktemp("ru-model")
        reports = [_with_date(r) for r in REPORTS]
        with backend_over_index(home, reports, model_url=fake.base_url) as base_url:
            for reader in READERS:
                fake.default = scripted_model(SUMMARIES, translations(reader))
                response = httpx.post(
                    f"{base_url}/v1/briefs",
                    json={
                        "url": "https://www.sever-vestnik.example/gorod/biryuzovaya-liniya",
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
def test_the_models_summary_of_a_russian_article_is_shown_whole(
    firefox: FirefoxExtension,
    model_briefs: dict[str, dict[str, Any]],
    reader: str,
    width: int,
) -> None:
    brief = model_briefs[reader]
    # Given the model's summary of the Russian article in the reader's language
    summary = brief["summary"]
    assert (summary["method"], summary["language"]) == ("llm", reader), json.dumps(summary)
    # Then none of its points was dropped, nor its headline
    assert len(summary["bullets"]) == 4 and not summary.get("dropped_bullets")
    assert summary["headline"] == SUMMARIES[reader]["headline"]
    set_settings(firefox, summaryLanguage=reader)
    open_panel_at(
        firefox,
        brief,
        tab_id=870 + width + READERS.index(reader),
        width=width,
        language=reader,
        url=brief["article"]["url"],
    )
    firefox.wait("return document.getElementById('content').dataset.state === 'ready'", "Brief")
    # And the points are in the reader's language, the headline and the outlet's name Russian
    assert [lang for _, lang in firefox.run(LANGUAGES, [".bullet-text"])] == [reader] * 4
    assert [lang for _, lang in firefox.run(LANGUAGES, [".article-title"])] == ["ru"]
    assert firefox.run(LANGUAGES, [".article-head .outlet-name"]) == [["Северный вестник", "ru"]]
    # And the other outlet's report is the same story, translated for the Ukrainian and the
    # English reader
    same = firefox.run(LANGUAGES, [".same-story .headline a"])
    expected = TRANSLATED[REPORTS[0].title].get(reader, REPORTS[0].title)
    assert same == [[expected, reader]]
    # And nothing is cut, overlaps, or scrolls sideways at this width
    assert firefox.run(f"return ({LAYOUT_PROBLEMS})();") == []
