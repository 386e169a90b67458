"""Pages ABOUT cookies, ad blockers, JavaScript and browsers (how-tos, tech news) keep their
sentences (session 9, found by the lead): "You can block third-party cookies in your browser
settings" has a notice's words and a notice's address, and was dropped from the article text,
never a bullet, never sent to the model; a short news item about cookies was refused as a cookie
wall. The page's own notices (a consent banner, an ad-block wall) are still dropped on those same
pages. Fixtures: tests/fixtures/pages/browsing/ (written for these tests, en/de/fr/es); the real
extraction, the real extractive summariser, the real prompt builder, ``parallax extract``."""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from parallax.cli import main
from parallax.domain import page_notices
from parallax.domain.errors import NotAnArticle
from parallax.domain.extraction import extract_article
from parallax.domain.extractive_summariser import ExtractiveSummariser, select_sentences
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.neutral_summary import build_summary_prompt
from tests.conftest import PAGES
from tests.support.briefs import extractive_brief

BROWSING = PAGES / "browsing"
URL = "https://www.example.org/guides/a"


class Page:
    """A fixture page: its file, language, the content sentences a notice rule could take for a
    notice (each must stay), and the sentences of the site's own notice (each must go)."""

    def __init__(self, name: str, language: str, kept: list[str], dropped: list[str]) -> None:
        self.name = name
        self.language = language
        self.kept = kept
        self.dropped = dropped

    @property
    def html(self) -> str:
        return (BROWSING / self.name).read_text(encoding="utf-8")


PAGES_ABOUT_BROWSING = [
    Page(
        "en_howto_firefox_trackers.html",
        "en",
        [
            "You can block third-party cookies in your browser settings, and in Firefox it takes "
            "less than a minute.",
            "If a site breaks, you may need to enable JavaScript again or switch back to Standard "
            "protection for that site.",
            "Your ad blocker may stop some pages from loading, so add exceptions for sites you "
            "trust.",
            "We tested five ad blockers on our own site to see which one is fastest.",
            "Firefox will warn you if your browser is out of date, but you can also check by "
            "opening Help and then About Firefox.",
        ],
        [
            "We use cookies to give you the best experience on our website.",
            "By continuing to browse the site you agree to our use of cookies.",
        ],
    ),
    # The headline names none of the topics: the page is about them by its sentences.
    Page(
        "en_news_cookie_phaseout.html",
        "en",
        [
            "If you want to block third-party cookies sooner, you can turn them off in your "
            "browser settings today.",
            "You may need to sign in again on some sites after the change, because login cookies "
            "set by another domain will no longer be sent.",
        ],
        [
            "We noticed you are using an ad blocker.",
            "Please disable your ad blocker or whitelist our site to continue enjoying our "
            "journalism.",
        ],
    ),
    Page(
        "de_howto_werbeblocker.html",
        "de",
        [
            "Sie können Cookies von Drittanbietern in den Einstellungen Ihres Browsers blockieren.",
            "Wenn eine Seite nicht mehr richtig funktioniert, müssen Sie JavaScript eventuell "
            "wieder aktivieren.",
            "Ihr Werbeblocker kann manche Seiten am Laden hindern, deshalb sollten Sie Ausnahmen "
            "für vertrauenswürdige Seiten anlegen.",
            "Wir haben fünf Werbeblocker auf unserer eigenen Seite getestet.",
            "Firefox warnt Sie, wenn Ihr Browser veraltet ist, und installiert Updates beim "
            "nächsten Neustart.",
        ],
        [
            "Wir verwenden Cookies, um Ihnen ein optimales Webseiten-Erlebnis zu bieten.",
            "Durch die weitere Nutzung der Webseite stimmen Sie der Verwendung von Cookies zu.",
        ],
    ),
    Page(
        "fr_howto_cookies_tiers.html",
        "fr",
        [
            "Vous pouvez bloquer les cookies tiers dans les paramètres de votre navigateur.",
            "Si un site ne s'affiche plus correctement, vous devrez peut-être réactiver JavaScript.",
            "Votre bloqueur de publicité peut empêcher certaines pages de se charger : ajoutez "
            "des exceptions pour les sites de confiance.",
            "Nous avons testé cinq bloqueurs de publicité sur notre propre site.",
            "Firefox vous avertit si votre navigateur n'est pas à jour, et la mise à jour "
            "s'installe au prochain redémarrage.",
        ],
        [
            "Nous utilisons des cookies pour vous offrir la meilleure expérience sur notre site.",
            "En poursuivant votre navigation, vous acceptez l'utilisation des cookies.",
        ],
    ),
    Page(
        "es_howto_javascript.html",
        "es",
        [
            "Si una web no carga bien, puede que tengas que activar JavaScript en tu navegador.",
            "Puedes bloquear las cookies de terceros en la configuración de tu navegador sin "
            "desactivar JavaScript.",
            "Tu bloqueador de anuncios puede impedir que algunas páginas se carguen, así que "
            "añade excepciones para los sitios de confianza.",
            "Hemos probado cinco bloqueadores de anuncios en nuestro propio sitio.",
        ],
        [
            "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
            "Si continúa navegando, usted acepta el uso de cookies.",
        ],
    ),
]
IDS = [page.name.removesuffix(".html") for page in PAGES_ABOUT_BROWSING]


def _brief(html: str, language: str) -> dict[str, Any]:
    return extractive_brief(html, URL, language)


@pytest.mark.parametrize("page", PAGES_ABOUT_BROWSING, ids=IDS)
def test_a_page_about_browsing_keeps_its_sentences_and_drops_its_notice(page: Page) -> None:
    # Given a how-to or news page about cookies, ad blockers, JavaScript or browsers, with the
    # site's own consent banner or ad-block wall in its body
    # When it is extracted
    article = extract_article(page.html, URL)
    sentences = [s.text for s in article.sentences]
    # Then every content sentence is the article's, and no sentence of the notice is
    assert [s for s in page.kept if s not in sentences] == []
    assert [s for s in page.dropped if s in article.text] == []


@pytest.mark.parametrize("page", PAGES_ABOUT_BROWSING, ids=IDS)
def test_the_brief_of_a_page_about_browsing_summarises_its_lead(page: Page) -> None:
    # Given such a page, whose lead sentence speaks to the reader about cookies or JavaScript
    # (or, on the news page, whose advice follows its lead)
    # When its Brief is made through POST /v1/briefs
    brief = _brief(page.html, page.language)
    bullets = [b["text"] for b in brief["summary"]["bullets"]]
    # Then the summary starts with the page's lead, and no bullet is the site's notice
    article = extract_article(page.html, URL)
    assert bullets[0] == article.sentences[0].text
    assert article.sentences[0].text in page.kept or page.name.startswith("en_news")
    assert not set(bullets) & set(page.dropped)


@pytest.mark.parametrize("page", PAGES_ABOUT_BROWSING, ids=IDS)
def test_the_model_is_sent_the_sentences_of_a_page_about_browsing(page: Page) -> None:
    # Given such a page, extracted
    article = extract_article(page.html, URL)
    # When the model's prompt is built for it
    prompt = build_summary_prompt(article, page.language)
    # Then every sentence is sent (the notice is already gone from the text) and none is
    # counted as a notice
    assert prompt.notice_sentences == 0
    assert prompt.sentence_ids == {s.id for s in article.sentences}


HOW_TOS = [page for page in PAGES_ABOUT_BROWSING if "_howto_" in page.name]


@pytest.mark.parametrize("page", HOW_TOS, ids=[page.name.removesuffix(".html") for page in HOW_TOS])
def test_the_summariser_reads_the_advice_of_an_article_about_browsing(page: Page) -> None:
    # Given an article (as any extractor may hand it over) of a how-to's headline, which names
    # its subject, and its advice, with the site's notice among its sentences
    headline = re.search(r"<h1>(.*?)</h1>", page.html)
    assert headline is not None
    texts = [page.kept[0], *page.dropped, *page.kept[1:]]
    article = Article(
        url=URL,
        canonical_url=URL,
        title=html.unescape(headline[1]),
        text=" ".join(texts),
        sentences=[Sentence(id=i, text=t) for i, t in enumerate(texts)],
        outlet=Outlet(name="Example", domain="example.org"),
        language=page.language,
        word_count=sum(len(t.split()) for t in texts),
    )
    # When the extractive summariser and the model's prompt read it
    bullets = [b.text for b in ExtractiveSummariser().summarise(article, page.language).bullets]
    prompt = build_summary_prompt(article, page.language)
    # Then the advice may be a bullet (the lead is the first) and is sent to the model; the
    # notice is neither
    assert bullets[0] == page.kept[0]
    assert not set(bullets) & set(page.dropped)
    assert prompt.notice_sentences == len(page.dropped)
    assert prompt.sentence_ids == {i for i, t in enumerate(texts) if t not in page.dropped}


def _count_subject_decisions(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Every decision of a page's subject (page_is_about_browsing) from now on, wherever made."""
    decisions: list[bool] = []
    decide = page_notices.page_is_about_browsing

    def counting(titles: Iterable[str | None], texts: Iterable[str]) -> bool:
        decisions.append(decide(titles, texts))
        return decisions[-1]

    for module in list(sys.modules.values()):
        if getattr(module, "page_is_about_browsing", None) is decide:
            monkeypatch.setattr(module, "page_is_about_browsing", counting)
    return decisions


@pytest.mark.parametrize(
    ("html_page", "about_browsing"),
    [
        ((BROWSING / "en_howto_firefox_trackers.html"), True),
        ((PAGES / "en_article.html"), False),
    ],
    ids=["how-to", "news"],
)
def test_the_brief_decides_once_whether_its_page_is_about_browsing(
    monkeypatch: pytest.MonkeyPatch, html_page: Path, about_browsing: bool
) -> None:
    # Given a how-to about browsing and a news page
    decisions = _count_subject_decisions(monkeypatch)
    # When a Brief is made
    brief = _brief(html_page.read_text(encoding="utf-8"), "en")
    # Then the page's subject was decided once, when it was read (up to five times before: the
    # reading, the summary, the prompt, the corroboration), and the article carries it
    assert decisions == [about_browsing]
    assert brief["article"]["about_browsing"] is about_browsing


ADVICE = (
    "You can block third-party cookies in your browser settings, and in Firefox it takes less "
    "than a minute."
)


@pytest.mark.parametrize("about_browsing", [True, False])
def test_the_summary_and_the_prompt_read_the_article_with_its_pages_decision(
    about_browsing: bool,
) -> None:
    # Given an article whose page was read as about browsing (or not), under a headline that
    # does not say so, with one sentence of advice among news (too few to tell its subject)
    texts = [
        "The city council approved a new cycling plan for the old town on Monday evening.",
        ADVICE,
        "Council members said the plan would be reviewed again after one year of use.",
        "Local shop owners had asked for fewer parking spaces to be removed from the streets.",
    ]
    article = Article(
        url=URL,
        canonical_url=URL,
        title="Council approves cycling plan",
        text="\n".join(texts),
        sentences=[Sentence(id=i, text=t) for i, t in enumerate(texts)],
        outlet=Outlet(name="Example", domain="example.org"),
        language="en",
        word_count=sum(len(t.split()) for t in texts),
        about_browsing=about_browsing,
    )
    # When the model's prompt is built and the extractive summariser chooses
    prompt = build_summary_prompt(article, "en")
    chosen = select_sentences(texts, "en", article.title, n=4, about_browsing=about_browsing)
    # Then the advice is the article's on a page about browsing, and a notice elsewhere
    assert (1 in prompt.sentence_ids) is about_browsing
    assert prompt.notice_sentences == (0 if about_browsing else 1)
    assert (1 in chosen) is about_browsing


def test_a_short_news_item_about_cookies_is_summarised_not_refused() -> None:
    # Given a three-sentence news item "Chrome ends third-party cookies", two of whose sentences
    # are consumer advice, beside a JavaScript notice
    html = (BROWSING / "en_news_short_cookie_change.html").read_text(encoding="utf-8")
    # When it is extracted and briefed
    article = extract_article(html, URL)
    bullets = [b["text"] for b in _brief(html, "en")["summary"]["bullets"]]
    # Then it is an article of its three sentences (it was refused as a cookie wall: "accept or
    # close the notice"), summarised from them from its lead on, and the notice is none of them
    assert [s.text for s in article.sentences] == [
        "Chrome stops sending third-party cookies to every site from Thursday.",
        "You can block third-party cookies in your browser settings before then.",
        "You may need to sign in again on some sites, because their login cookies are set by "
        "another domain.",
    ]
    assert len(bullets) >= 2 and bullets[0] == article.sentences[0].text
    assert all(bullet in [s.text for s in article.sentences] for bullet in bullets)


def test_a_short_news_item_about_cookies_that_declares_no_article_is_not_a_cookie_wall() -> None:
    # Given the same item with no article markup (no og:type, no JSON-LD): a page of under 250
    # words that mentions cookies twice and declares no article was refused as a cookie wall
    html = (BROWSING / "en_news_short_cookie_change.html").read_text(encoding="utf-8")
    html = re.sub(r'<meta property="og:type"[^>]*>|<script type="application/ld\+json">.*?</script>',
                  "", html, flags=re.S)  # fmt: skip
    assert "NewsArticle" not in html and "og:type" not in html
    # When it is extracted / Then it is read as the article it is
    article = extract_article(html, URL)
    assert article.sentences[0].text.startswith("Chrome stops sending third-party cookies")


CONSENT_WALLS_TITLED_ABOUT_COOKIES = {
    "en": (
        "Cookie settings",
        [
            "We use cookies and similar technologies to personalise content and ads and to "
            "analyse our traffic. You can accept all cookies or manage your choices.",
            "By clicking accept all, you agree to the storing of cookies on your device.",
        ],
    ),
    "de": (
        "Cookie-Einstellungen",
        [
            "Wir verwenden Cookies und ähnliche Technologien, um Inhalte zu personalisieren und "
            "Zugriffe zu analysieren.",
            "Mit einem Klick auf „Alle akzeptieren“ stimmen Sie der Verwendung von Cookies zu.",
            "Cookie-Richtlinie",
        ],
    ),
    # A SemEval page's form: a news title that runs on into the banner, whose consent sentence
    # is "Sie stimmen ... zu" (a German consent the notice rule missed before)
    "de-title-runs-on": (
        "Corona-Appell \u2013 Kogler weist Freizeitsportler zurecht - News Cookie-Informationen",
        [
            "Cookies verwendet. Für eine aktivierte Nutzung der Webseite werden Cookies benötigt. "
            'Sie stimmen der Verwendung von Cookies durch Anklicken von "OK" zu.',
            "Nähere Informationen finden Sie in unseren Datenschutzbestimmungen.",
        ],
    ),
    "fr": (
        "Paramètres des cookies",
        [
            "Nous utilisons des cookies pour améliorer votre expérience sur notre site.",
            "En cliquant sur « Tout accepter », vous consentez à l'utilisation des cookies.",
        ],
    ),
    "es": (
        "Configuración de cookies",
        [
            "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
            "Si continúa navegando, consideramos que acepta su uso.",
            "Puede cambiar la configuración u obtener más información en nuestra política de "
            "cookies.",
        ],
    ),
}


@pytest.mark.parametrize("language", sorted(CONSENT_WALLS_TITLED_ABOUT_COOKIES))
def test_a_consent_wall_whose_title_names_cookies_is_still_a_cookie_wall(language: str) -> None:
    # Given a page that shows only a consent notice, titled about cookies (so "about browsing")
    title, paragraphs = CONSENT_WALLS_TITLED_ABOUT_COOKIES[language]
    html = (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        + "<button>Accept all</button></body></html>"
    )
    # When it is extracted / Then it is refused as a cookie wall, as before
    with pytest.raises(NotAnArticle) as refused:
        extract_article(html, URL)
    assert refused.value.reason == "cookie_wall"


def test_a_short_news_item_beside_a_notice_is_still_refused() -> None:
    # Given a one-sentence item about the weather beside the same JavaScript notice (the page is
    # about nothing of the web)
    html = (BROWSING / "en_news_short_cookie_change.html").read_text(encoding="utf-8")
    start = html.index("<p>Chrome stops")
    end = html.index('<p class="site-notice">')
    weather = (
        "<p>Heavy rain is expected across the north of the county from Thursday, and the river "
        "authority has warned of local flooding in the lower town.</p>"
    )
    html = html[:start] + weather + html[end:]
    html = html.replace("Chrome ends third-party cookies", "Rain expected on Thursday")
    # When it is extracted / Then it is refused as before: the notice would be half its bullets
    with pytest.raises(NotAnArticle):
        extract_article(html, URL)


@pytest.mark.parametrize(
    "page", PAGES_ABOUT_BROWSING[:1] + PAGES_ABOUT_BROWSING[2:], ids=IDS[:1] + IDS[2:]
)
def test_parallax_extract_prints_the_how_to_text(
    page: Page, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a how-to page about browsing, as a file
    # When `parallax extract` reads it
    main(["extract", str(BROWSING / page.name), "--url", URL])
    result = json.loads(capsys.readouterr().out.splitlines()[0])
    # Then the page is an article whose text holds the advice and not the site's notice
    assert result["is_article"] is True
    assert [s for s in page.kept if s not in result["text"]] == []
    assert [s for s in page.dropped if s in result["text"]] == []
