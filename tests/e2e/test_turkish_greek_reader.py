"""A reader whose summary language is Turkish reads a Turkish article, then a Greek reader a Greek
one (session 20, walk10): the README's offline path (the fixture news site, the extension, the
real backend with its feed index and the extractive summariser) and the model on the loopback
fake of the Messages API, in Debian's Chromium, the panel at 360 px and at 200 % zoom (180 CSS px).

What failed before, fixed: a Greek report of another story (road closures for the Athens
marathon) was put in the same story as the article (Greek had no similarity stop words: του, της,
στο, θα were shared content); a Greek question ("Πότε θα ξαναρχίσουν τα δρομολόγια;") was one
sentence with the next (Greek's question mark is ";", and a page's U+037E is ";" once NFC), so
every later sentence had another id and the model's point citing sentence 6 was checked against
the wrong sentence and dropped; and the English reader's "ships sail again on Thursday at 6 am"
of "στις 6 το πρωί" was unsupported_number. On main the Greek related test and the four Greek
model tests fail; the Turkish walk passes on main and branch."""

# The test text is Turkish and Greek on purpose.
# ruff: noqa: RUF001

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

ARTICLES = {
    "tr": (
        "tr_article.html",
        "Gündem Postası",
        "İstanbul'da Kadıköy-Sultanbeyli metrosu için ihale tamamlandı",
    ),
    "el": (
        "el_article.html",
        "Ημερήσια Ακτή",
        "Απεργία στο λιμάνι του Πειραιά: Δεμένα τα πλοία για 24 ώρες",
    ),
}
NAME_LANGUAGE = {"tr": "en", "el": "el"}
WIDTHS = pytest.mark.parametrize("width", [360, NARROW], ids=["360px", "360px-at-200pct-zoom"])


@WIDTHS
@pytest.mark.parametrize("language", ["tr", "el"])
def test_a_turkish_or_greek_article_reads_whole_in_its_language(
    browser: ExtensionBrowser, backend: str, fixture_site: FixtureSite, language: str, width: int
) -> None:
    # Given a reader whose summaries are in the article's language, without a model
    page, outlet, title = ARTICLES[language]
    browser.set_settings(backendUrl=backend, summaryLanguage=language)
    tab, _ = show(browser, backend, fixture_site, page)
    brief: dict[str, Any] = browser.entry(tab)["brief"]  # type: ignore[index]
    panel = browser.open_panel(tab=tab, width=width)
    wait_panel_state(panel, "ready")
    # Then the headline, the points and the Greek outlet's name are marked in the article's
    # language (a Latin-script name tells no language: the panel's, walk6's outletNameLang)
    assert panel.evaluate(TEXT_LANGUAGES, ".article-head .outlet-name") == [
        [outlet, NAME_LANGUAGE[language]]
    ]
    [[headline, headline_lang]] = panel.evaluate(TEXT_LANGUAGES, ".article-title")
    assert headline.startswith(title) and headline_lang == language
    bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
    assert len(bullets) >= 3 and {lang for _, lang in bullets} == {language}
    # And each point is the whole sentences it cites (a quote's "?" diye sordu goes on in its
    # sentence; Greek's question mark is checked where a point cites the question, below)
    sentences = {s["id"]: s["text"] for s in brief["article"]["sentences"]}
    for (text, _), bullet in zip(bullets, brief["summary"]["bullets"], strict=True):
        assert text == " ".join(sentences[i] for i in bullet["sentence_ids"])
        assert text[-1] in '.?!;»"”'
    assert not any(s.startswith(("diye", "dedi")) for s in sentences.values())
    assert panel.locator(".summary > .notice").count() == 0
    # And nothing is cut, overlaps, or scrolls sideways at this width
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


REPORTS = {
    "tr": [
        # Another outlet's report of the story, naming it with other suffixes (İstanbul'un,
        # metrosunun, belediyesi) and a headline in capitals
        _report(
            "haber-merkez", "Haber Merkez", "tr",
            "İBB, SULTANBEYLİ METROSUNUN İHALESİNİ YAPTI: 9 İSTASYON, 2027 HEDEFİ",
            "İstanbul'un Anadolu yakasında yapılacak Kadıköy-Sultanbeyli metrosunun ihalesi "
            "sonuçlandı. Büyükşehir belediyesi 14,3 kilometrelik hatta 9 istasyon yapılacağını, "
            "yatırımın 1,5 milyar liraya mal olacağını duyurdu.",
        ),
        # A report of another story sharing the city and the council
        _report(
            "sehir-haber", "Şehir Haber", "tr", "İstanbul'da Boğaz'da gemi trafiği durduruldu",
            "İstanbul Boğazı'nda yoğun sis nedeniyle gemi trafiği çift yönlü olarak askıya "
            "alındı. Kıyı Emniyeti, sis dağılınca geçişlerin yeniden başlayacağını bildirdi.",
        ),
    ],
    "el": [
        # Another outlet's report of the story, naming the port in another case (Πειραιάς)
        _report(
            "ta-nea", "Τα Νέα", "el", "Πειραιάς: 24ωρη απεργία της ΠΝΟ την Τετάρτη",
            "Χωρίς πλοία θα μείνουν ο Πειραιάς και τα άλλα λιμάνια της χώρας την Τετάρτη, καθώς "
            "η ΠΝΟ κήρυξε 24ωρη απεργία. Οι ναυτεργάτες διεκδικούν νέα συλλογική σύμβαση εργασίας.",
        ),
        # A report of another story sharing only Greek's function words and a word or two
        _report(
            "proto-thema", "Πρώτο Θέμα", "el",
            "Αθήνα: Κλειστοί δρόμοι στο κέντρο για τον Μαραθώνιο",
            "Κυκλοφοριακές ρυθμίσεις θα ισχύσουν την Κυριακή στο κέντρο της Αθήνας λόγω του "
            "Αυθεντικού Μαραθωνίου. Η Τροχαία συνιστά στους οδηγούς να χρησιμοποιούν το μετρό.",
        ),
    ],
}  # fmt: skip


def _with_date(report: Any) -> Any:
    # The articles are dated 8 July 2024 (09:30 local); the reports the same morning
    return replace(report, published="2024-07-08T08:00:00Z")


@pytest.fixture
def indexed_backend(fixture_site: FixtureSite, tmp_path: Path) -> Iterator[str]:
    """The real backend over a feed index holding both languages' ``REPORTS``."""
    reports = [_with_date(r) for rs in REPORTS.values() for r in rs]
    with backend_over_index(tmp_path / "home", reports, site_port=fixture_site.port) as base_url:
        yield base_url


@pytest.mark.parametrize("language", ["tr", "el"])
def test_the_same_story_from_another_outlet_is_found_and_another_story_is_not(
    browser: ExtensionBrowser, indexed_backend: str, fixture_site: FixtureSite, language: str
) -> None:
    page, _, _ = ARTICLES[language]
    browser.set_settings(backendUrl=indexed_backend, summaryLanguage=language)
    tab, _ = show(browser, indexed_backend, fixture_site, page)
    panel = browser.open_panel(tab=tab, width=NARROW)
    wait_panel_state(panel, "ready")
    # Then the panel shows the other outlet's report, and only it, as the same story
    same = panel.evaluate(OWN_TEXT_LANGUAGES, ".same-story .headline a")
    assert same == [[REPORTS[language][0].title, language]]
    assert panel.evaluate(TEXT_LANGUAGES, ".same-story .outlet-name") == [
        [REPORTS[language][0].outlet_name, NAME_LANGUAGE[language]]
    ]
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []


# --- with the model on: the loopback fake of the Messages API --------------------------------------

# What a model writes of each article in its language and in English: numbers as the article
# writes them (1,5 milyar lira, %60, 1,5 εκατ. ευρώ) and as a translation does; names declined
# as the summary's sentence needs them.
SUMMARIES: dict[str, dict[str, dict[str, Any]]] = {
    "tr": {
        "tr": {
            "headline": "İstanbul'da Sultanbeyli metrosunun ihalesi yapıldı",
            "bullets": [
                {
                    "text": "İstanbul Büyükşehir Belediyesi, Kadıköy-Sultanbeyli metrosunun "
                    "ikinci etabının ihalesini tamamladı: 14,3 kilometre, 9 istasyon.",
                    "sentence_ids": [0, 1],
                },
                {
                    "text": "Projenin maliyeti 1,5 milyar lira; yatırımın %60'ı belediye "
                    "bütçesinden karşılanacak.",
                    "sentence_ids": [2, 3],
                },
                {
                    "text": "İlk seferler 2027'de başlayacak; hattın günde 450 bin yolcu taşıması "
                    "bekleniyor.",
                    "sentence_ids": [4, 6],
                },
            ],
            "disputed": None,
        },
        "en": {
            "headline": "Istanbul awards the tender for the Sultanbeyli metro line",
            "bullets": [
                {
                    "text": "Istanbul's metropolitan municipality completed the tender for the "
                    "second stage of the Kadıköy-Sultanbeyli line: 14.3 km and 9 stations.",
                    "sentence_ids": [0, 1],
                },
                {
                    "text": "The project costs 1.5 billion lira; 60% comes from the "
                    "municipality's own budget.",
                    "sentence_ids": [2, 3],
                },
                {
                    "text": "The first trains are due in 2027, carrying 450,000 passengers a day.",
                    "sentence_ids": [4, 6],
                },
            ],
            "disputed": None,
        },
    },
    "el": {
        "el": {
            "headline": "Δεμένα τα πλοία στον Πειραιά λόγω 24ωρης απεργίας της ΠΝΟ",
            "bullets": [
                {
                    "text": "Τα πλοία μένουν δεμένα στο λιμάνι του Πειραιά την Τετάρτη λόγω της "
                    "24ωρης απεργίας της ΠΝΟ, που ζητά αυξήσεις 10%.",
                    "sentence_ids": [0, 1],
                },
                {
                    "text": "Επηρεάζονται 120 δρομολόγια και περίπου 35.000 επιβάτες.",
                    "sentence_ids": [2],
                },
                {
                    "text": "Οι εφοπλιστές υπολογίζουν απώλειες 1,5 εκατ. ευρώ την ημέρα· τα "
                    "πλοία αναχωρούν ξανά την Πέμπτη στις 6 το πρωί.",
                    "sentence_ids": [4, 6],
                },
            ],
            "disputed": None,
        },
        "en": {
            "headline": "Ships stay in port in Piraeus during a 24-hour seamen's strike",
            "bullets": [
                {
                    "text": "Ships stay in the port of Piraeus on Wednesday during a 24-hour "
                    "strike by the PNO, which wants a 10% raise.",
                    "sentence_ids": [0, 1],
                },
                {
                    "text": "120 sailings and about 35,000 passengers are affected.",
                    "sentence_ids": [2],
                },
                {
                    "text": "Shipowners put the losses at 1.5 million euros a day; ships sail "
                    "again on Thursday at 6 am.",
                    "sentence_ids": [4, 6],
                },
            ],
            "disputed": None,
        },
    },
}
TRANSLATED = {
    REPORTS["tr"][0].title: "Istanbul awards the Sultanbeyli metro tender: 9 stations, 2027",
    REPORTS["el"][0].title: "Piraeus: 24-hour PNO strike on Wednesday",
}


@pytest.fixture
def model_backend(
    fixture_site: FixtureSite, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """The real backend with the model on the loopback fake, over a feed index holding
    ``REPORTS``; the fake answers for the test's article language."""
    reports = [_with_date(r) for rs in REPORTS.values() for r in rs]
    language = request.node.callspec.params["language"]
    with (
        FakeAnthropic() as fake,
        backend_over_index(
            tmp_path / "home", reports, site_port=fixture_site.port, model_url=fake.base_url
        ) as base_url,
    ):
        fake.default = scripted_model(SUMMARIES[language], TRANSLATED)
        yield base_url


@WIDTHS
@pytest.mark.parametrize("reader", ["own", "en"])
@pytest.mark.parametrize("language", ["tr", "el"])
def test_the_models_summary_keeps_every_point(
    browser: ExtensionBrowser,
    model_backend: str,
    fixture_site: FixtureSite,
    language: str,
    reader: str,
    width: int,
) -> None:
    # Given a reader of the article's language (then an English one) with the model on
    summary_language = language if reader == "own" else reader
    page, _, _ = ARTICLES[language]
    browser.set_settings(backendUrl=model_backend, summaryLanguage=summary_language)
    tab, _ = show(browser, model_backend, fixture_site, page)
    brief: dict[str, Any] = browser.entry(tab)["brief"]  # type: ignore[index]
    summary = brief["summary"]
    assert (summary["method"], summary["language"]) == ("llm", summary_language), json.dumps(
        summary, ensure_ascii=False
    )
    # Then no point was dropped and the model's headline is kept
    assert len(summary["bullets"]) == 3 and not summary.get("dropped_bullets"), json.dumps(
        summary, ensure_ascii=False
    )
    panel = browser.open_panel(tab=tab, width=width)
    wait_panel_state(panel, "ready")
    bullets = panel.evaluate(TEXT_LANGUAGES, ".bullet-text")
    assert [lang for _, lang in bullets] == [summary_language] * 3
    # And the other outlet's report is the same story, its headline translated for the English
    # reader, as written for the reader of the article's language
    same = panel.evaluate(OWN_TEXT_LANGUAGES, ".same-story .headline a")
    original = REPORTS[language][0].title
    expected = TRANSLATED[original] if reader == "en" else original
    assert same == [[expected, summary_language]]
    assert panel.evaluate(LAYOUT_PROBLEMS) == []
    assert horizontal_overflow(panel) == []
