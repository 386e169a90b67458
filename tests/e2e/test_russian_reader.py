"""A reader whose summary language is Russian reads a Russian article, then one whose summary
language is Ukrainian a Ukrainian article (session 20, walk8): the README's offline path (the
fixture news site, the extension, the real backend with its feed index and the extractive
summariser) and the model on the loopback fake of the Messages API, in Debian's Chromium, the
panel at 360 px and at 200 % zoom (180 CSS px).

What failed before, fixed: a quote's attribution after a dash ("«…?» — спросил житель.") was a
point of its own; the feed index did not find another outlet's report naming the story's city,
line and district in other cases (Бирюзовую, в Коммунарку for the article's Бирюзовой, до
Коммунарки); and the model's Russian summary, which declines the article's names as Russian
does, lost its headline and points as naming someone the article does not."""

# Cyrillic text on purpose.
# ruff: noqa: RUF001, RUF003

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

PAGE = "ru_article.html"
TITLE = "Власти Москвы утвердили продление Бирюзовой линии метро до Коммунарки"
ARTICLES = {
    "ru": (PAGE, "Северный вестник", TITLE),
    "uk": ("uk_article.html", "Дніпровий вісник", "Київрада ухвалила програму оновлення трамвайних ліній"),
}  # fmt: skip


@pytest.mark.parametrize("language", ["ru", "uk"])
@pytest.mark.parametrize("width", [360, NARROW], ids=["360px", "360px-at-200pct-zoom"])
def test_a_russian_or_ukrainian_article_reads_whole_in_its_language(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite, language: str, width: int
) -> None:
    page, outlet, title = ARTICLES[language]
    # Given a reader whose summaries are in Russian (Ukrainian), without a model
    browser.set_settings(backendUrl=backend, summaryLanguage=language)
    tab, _ = show(browser, backend, fixture_site, page)
    brief: dict[str, Any] = browser.entry(tab)["brief"]  # type: ignore[index]
    panel = browser.open_panel(tab=tab, width=width)
    wait_panel_state(panel, "ready")
    # Then the headline, the points and the outlet's name are marked in the article's language
    assert panel.evaluate(TEXT_LANGUAGES, ".article-head .outlet-name") == [[outlet, language]]
    [[headline, headline_lang]] = panel.evaluate(TEXT_LANGUAGES, ".article-title")
    assert headline.startswith(title) and headline_lang == language
    bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
    assert len(bullets) >= 3 and {lang for _, lang in bullets} == {language}
    # And each point is the whole sentence it cites ("т. е.", "И. П. Орлова", "2,5 млрд руб. за"
    # and "4,2 млрд грн до 2028 р." end none)
    sentences = {s["id"]: s["text"] for s in brief["article"]["sentences"]}
    for (text, _), bullet in zip(bullets, brief["summary"]["bullets"], strict=True):
        assert text == " ".join(sentences[i] for i in bullet["sentence_ids"])
        assert text[-1] in ".?!»"
    assert not any(s.endswith((" т. е.", " И.", " П.", " руб.")) for s in sentences.values())
    assert panel.locator(".summary > .notice").count() == 0
    # And nothing is cut, overlaps, or scrolls sideways at this width
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


REPORTS = [
    # Another outlet's report of the story: the line and the district in other cases than the
    # article's (Бирюзовую, в Коммунарку), no word as the article writes it
    _report(
        "stolitsa", "Столица сегодня", "ru",
        "Бирюзовую ветку продлят в Коммунарку к концу десятилетия",
        "Столичная мэрия одобрила проект: на продлённом участке появится десять остановок.",
    ),
    # A report of another story sharing the city's name and the metro
    _report(
        "gorod24", "Город 24", "ru", "В Москве открылся фестиваль «Московская осень»",
        "Ярмарки фестиваля заработали у станций метро по всему городу.",
    ),
]  # fmt: skip


def _with_date(report: Any) -> Any:
    # The article is dated 1 October 2024 (11:30 in Moscow); the reports the same afternoon
    return replace(report, published="2024-10-01T10:00:00Z")


@pytest.fixture
def indexed_backend(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    """The real backend over a feed index holding ``REPORTS``."""
    reports = [_with_date(r) for r in REPORTS]
    with backend_over_index(tmp_path / "home", reports, site_port=fixture_site.port) as base_url:
        yield base_url


def test_the_same_story_from_another_russian_outlet_is_found(
    browser: ExtensionBrowser, indexed_backend: str, fixture_site: FixtureSite
) -> None:
    browser.set_settings(backendUrl=indexed_backend, summaryLanguage="ru")
    tab, _ = show(browser, indexed_backend, fixture_site, PAGE)
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    # Then the panel shows the other outlet's report among the same story, marked Russian
    same = panel.evaluate(OWN_TEXT_LANGUAGES, ".same-story .headline a")
    assert same == [["Бирюзовую ветку продлят в Коммунарку к концу десятилетия", "ru"]]
    assert panel.evaluate(TEXT_LANGUAGES, ".same-story .outlet-name") == [["Столица сегодня", "ru"]]
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


# --- with the model on: the loopback fake of the Messages API --------------------------------------

# What a model writes of the Russian article in Russian, Ukrainian and English: the names
# declined as the sentence needs (Москва, Бирюзовую), the numbers as the article writes them
# ("2,5 млрд руб.", "10 000", "3 тыс.") and as a translation does ("2.5 billion", "10,000").
SUMMARIES: dict[str, dict[str, Any]] = {
    "ru": {
        "headline": "Москва продлит Бирюзовую линию метро до Коммунарки за 80 млрд рублей",
        "bullets": [
            {
                "text": "Власти продлят Бирюзовую линию до Коммунарки: 32 км и десять станций.",
                "sentence_ids": [0, 1],
            },
            {
                "text": "Работы обойдутся в 2,5 млрд руб. за километр, т. е. около 80 млрд "
                "рублей за весь участок.",
                "sentence_ids": [1],
            },
            {
                "text": "Житель посёлка Сосенское спросил, кто ответит за шум и пробки на пять "
                "лет стройки.",
                "sentence_ids": [7],
            },
            {
                "text": "Строительство завершится к 2030 г.; рядом живут более 10 000 семей, "
                "а квартиры подорожали на 3 тыс. рублей за метр.",
                "sentence_ids": [4, 5],
            },
        ],
        "disputed": None,
    },
    "uk": {
        "headline": "Москва продовжить Бірюзову лінію метро до Комунарки за 80 млрд рублів",
        "bullets": [
            {
                "text": "Уряд Москви затвердив продовження Бірюзової лінії до Комунарки: 32 км "
                "і десять станцій.",
                "sentence_ids": [0, 1],
            },
            {
                "text": "Роботи коштуватимуть 2,5 млрд рублів за кілометр, тобто близько 80 млрд "
                "рублів за всю ділянку.",
                "sentence_ids": [1],
            },
            {
                "text": "Один із мешканців запитав, хто відповість за шум і затори протягом "
                "п'яти років будівництва.",
                "sentence_ids": [7],
            },
            {
                "text": "Будівництво завершиться до 2030 р.; поруч живуть понад 10 000 родин, а "
                "квартири подорожчали на 3 тис. рублів за метр.",
                "sentence_ids": [4, 5],
            },
        ],
        "disputed": None,
    },
    "en": {
        "headline": "Moscow approves an 80 billion rouble extension of the Biryuzovaya metro line",
        "bullets": [
            {
                "text": "Moscow's government approved extending the Biryuzovaya metro line to "
                "Kommunarka: 32 km and ten stations.",
                "sentence_ids": [0, 1],
            },
            {
                "text": "The work will cost 2.5 billion roubles per kilometre, about 80 billion "
                "roubles for the whole section.",
                "sentence_ids": [1],
            },
            {
                "text": "A resident asked who would answer for five years of noise and traffic "
                "jams.",
                "sentence_ids": [7],
            },
            {
                "text": "Building ends by 2030; more than 10,000 families live nearby, and flats "
                "rose by 3,000 roubles per square metre.",
                "sentence_ids": [4, 5],
            },
        ],
        "disputed": None,
    },
}
TRANSLATED = {
    REPORTS[0].title: {
        "en": "The Biryuzovaya line will reach Kommunarka by the end of the decade",
        "uk": "Бірюзову гілку продовжать до Комунарки до кінця десятиліття",
    }
}


def translations(reader: str) -> dict[str, str]:
    """The model's translations of the reports' headlines for ``reader`` (none for a Russian
    reader: the reports are Russian)."""
    return {title: by[reader] for title, by in TRANSLATED.items() if reader in by}


@pytest.fixture(params=["ru", "uk", "en"])
def reader(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def model_backend(fixture_site: FixtureSite, tmp_path: Path, reader: str) -> Iterator[str]:
    """The real backend with the model on the loopback fake, over a feed index holding
    ``REPORTS``."""
    reports = [_with_date(r) for r in REPORTS]
    translated = translations(reader)
    with (
        FakeAnthropic() as fake,
        backend_over_index(
            tmp_path / "home", reports, site_port=fixture_site.port, model_url=fake.base_url
        ) as base_url,
    ):
        fake.default = scripted_model(SUMMARIES, translated)
        yield base_url


def test_the_models_summary_of_a_russian_article_keeps_every_point(
    browser: ExtensionBrowser, model_backend: str, fixture_site: FixtureSite, reader: str
) -> None:
    # Given a Russian (then a Ukrainian, an English) reader with the model on, at 200 % zoom
    browser.set_settings(backendUrl=model_backend, summaryLanguage=reader)
    tab, _ = show(browser, model_backend, fixture_site, PAGE)
    brief: dict[str, Any] = browser.entry(tab)["brief"]  # type: ignore[index]
    summary = brief["summary"]
    assert (summary["method"], summary["language"]) == ("llm", reader), json.dumps(summary)
    # Then no point was dropped and the model's headline is kept: "Москва", "Бирюзовую" are
    # the article's Москвы, Бирюзовой; "2.5 billion", "10,000", "3,000" its "2,5 млрд",
    # "10 000" (a no-break space), "3 тыс."
    assert len(summary["bullets"]) == 4 and not summary.get("dropped_bullets"), json.dumps(summary)
    assert summary["headline"] == SUMMARIES[reader]["headline"]
    # And the resident's question is cited with its attribution after the dash: the sentence
    # went on to "— спросил …", which was a sentence (and a point) of its own
    sentences = {s["id"]: s["text"] for s in brief["article"]["sentences"]}
    assert sentences[7].startswith("«Кто ответит") and sentences[7].endswith("Пётр Васильев.")
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
    assert [lang for _, lang in bullets] == [reader] * 4
    assert [lang for _, lang in panel.evaluate(TEXT_LANGUAGES, ".article-title")] == ["ru"]
    # And the other outlet's report is the same story, its headline translated for the
    # Ukrainian and the English reader (and marked so), as written for the Russian one
    same = panel.evaluate(OWN_TEXT_LANGUAGES, ".same-story .headline a")
    expected = TRANSLATED[REPORTS[0].title].get(reader, REPORTS[0].title)
    assert same == [[expected, reader]]
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []
