"""A short article with a consent banner inside its text is summarised (session 10,
shortconsent). A news page that declares an article, with two to four real paragraphs and a consent
banner whose sentences sit inside the extracted area, was refused ``cookie_wall`` and answered
story-only (``behind_consent``): the consent wording was read on the text as shown, with the word
count of the text as trimmed. Now the text past the page's notices is read too: two sentences or
more and enough words, with no cookie or consent wording left among them, is an article, judged
and summarised without the banner; a headline or one sentence beside a banner stays a cookie wall.
Fixtures are written here (en, it); the real extraction, judgement, extractive summariser and API
resolver."""

from __future__ import annotations

import html as html_lib

import pytest

from parallax.domain.errors import NotAnArticle
from parallax.domain.extraction import extract_article
from parallax.domain.extraction.page_reading import read_page
from parallax.domain.page_notices import is_page_notice
from parallax.domain.page_type import _space_words, _story_past_consent
from tests.support.briefs import extractive_brief
from tests.support.cpu_budget import thread_cpu

URL = "https://kestrel.example/news/2026/12/01/tram"

NEWS = {
    "en": [
        "The city council of Kestrel Bay voted on Tuesday to approve a new tram line linking the "
        "harbour to the university district, after two years of debate.",
        "The line will cost 84 million euros and is expected to open in 2028, the transport "
        "department said in a statement.",
        "Mayor Anna Lindqvist said the vote was a turning point for a city whose roads are "
        "choked every morning.",
        "Opposition councillors argued the money would be better spent on buses, and three of "
        "them voted against the plan.",
    ],
    "it": [
        "Il consiglio comunale di Kestrel Bay ha approvato martedì una nuova linea del tram che "
        "collegherà il porto al quartiere universitario, dopo due anni di discussioni.",
        "La linea costerà 84 milioni di euro e dovrebbe entrare in servizio nel 2028, ha fatto "
        "sapere l'assessorato ai trasporti in una nota.",
        "Il sindaco Anna Lindqvist ha detto che il voto segna una svolta per una città le cui "
        "strade sono intasate ogni mattina.",
        "I consiglieri di opposizione hanno sostenuto che i soldi andrebbero spesi per gli "
        "autobus, e tre di loro hanno votato contro il progetto.",
    ],
}
HEADLINES = {"en": "Council approves tram line", "it": "Il consiglio approva la linea del tram"}
# The banner the lead reproduced (en), and an Italian one in its usual words.
BANNERS = {
    "en": [
        "We use cookies to improve your experience and to show you personalised ads.",
        "We and our partners store and access information on your device.",
        "By clicking Accept all you consent to our use of cookies.",
        "Accept all",
        "Manage preferences",
    ],
    "it": [
        "Utilizziamo i cookie per migliorare la tua esperienza e per mostrarti annunci "
        "personalizzati.",
        "Noi e i nostri partner archiviamo e/o accediamo a informazioni su un dispositivo e "
        "trattiamo dati personali per annunci e contenuti personalizzati.",
        "Cliccando su Accetta tutti acconsenti all'uso dei cookie.",
        "Puoi gestire le tue preferenze sui cookie in qualsiasi momento.",
        "Accetta tutti",
        "Rifiuta tutti",
        "Gestisci le preferenze",
    ],
}
# The whole English banner of the IAB consent framework, as the most common banner in Europe
# writes it: its sentences were all article text before.
TCF_BANNER = [
    "We and our partners store and/or access information on a device, such as cookies and "
    "process personal data, such as unique identifiers and standard information sent by a device "
    "for personalised ads and content, ad and content measurement, and audience insights, as well "
    "as to develop and improve products.",
    "With your permission we and our partners may use precise geolocation data and "
    "identification through device scanning.",
    "You may click to consent to our and our partners' processing as described above.",
    "Alternatively you may access more detailed information and change your preferences before "
    "consenting or to refuse consenting.",
    "Please note that some processing of your personal data may not require your consent, but "
    "you have a right to object to such processing.",
    "Your preferences will apply to this website only.",
    "You can change your preferences at any time by returning to this site or visit our privacy "
    "policy.",
]
_HEAD = (
    '<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
    '<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{title}",'
    '"datePublished":"2026-12-01"}}</script>'
)


def _page(language: str, lines: list[str], title: str | None = None) -> str:
    title = html_lib.escape(title or HEADLINES[language])
    body = "".join(f"<p>{html_lib.escape(line)}</p>" for line in lines)
    return (
        f'<!doctype html><html lang="{language}"><head><title>{title} | Kestrel Post</title>'
        f"{_HEAD.format(title=title)}</head><body><article><h1>{title}</h1>{body}</article>"
        "</body></html>"
    )


def _short_article(language: str, paragraphs: int, banner_first: bool = False) -> str:
    news = NEWS[language][:paragraphs]
    banner = BANNERS[language]
    return _page(language, banner + news if banner_first else news + banner)


def _is_banner(sentence: str, language: str) -> bool:
    return any(sentence in line or line in sentence for line in BANNERS[language] + TCF_BANNER)


# --- the judgement --------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(NEWS))
@pytest.mark.parametrize("paragraphs", [2, 3, 4])
@pytest.mark.parametrize("banner_first", [False, True], ids=["banner after", "banner before"])
def test_a_short_article_beside_a_consent_banner_is_an_article(
    language: str, paragraphs: int, banner_first: bool
) -> None:
    # Given a page declaring an article with 2-4 real paragraphs (48-86 words) and a consent
    # banner whose sentences sit in the extracted text
    html = _short_article(language, paragraphs, banner_first)
    # When it is read
    reading = read_page(html, URL)
    # Then it is an article (past its banner), no story-only page, and its text is the story's
    assert reading.is_article, reading.judgement
    assert reading.short_story is None
    assert "a consent notice beside the story, set aside" in reading.judgement.evidence
    assert [s.text for s in reading.article.sentences] == NEWS[language][:paragraphs]


@pytest.mark.parametrize("language", sorted(NEWS))
def test_a_headline_or_one_sentence_beside_a_banner_stays_a_cookie_wall(language: str) -> None:
    # Given a page whose text is the banner alone under a headline, or one sentence beside it
    for lines in (BANNERS[language], NEWS[language][:1] + BANNERS[language]):
        # When it is read for a Brief
        with pytest.raises(NotAnArticle) as refused:
            extract_article(_page(language, lines), URL)
        # Then it is refused as a cookie wall and answered with the story behind consent
        assert refused.value.reason == "cookie_wall", lines
        assert refused.value.story is not None and refused.value.story.notice == "behind_consent"


# A SemEval dev page's whole text under its headline: a German banner that says none of a
# dialog's words ("alle akzeptieren", "wir und unsere Partner"), with its button and link.
PLAIN_BANNER_DE = [
    "OK",
    "Wir setzen auf unserer Website Cookies und andere Technologien ein, um Ihnen den vollen "
    "Funktionsumfang unseres Angebotes anzubieten. Zudem ermöglichen Cookies die "
    "Personalisierung von Inhalten und dienen der Ausspielung von Werbung. Sie können auch zu "
    "Analysezwecken gesetzt werden. Durch die weitere Nutzung unserer Website erklären Sie sich "
    "mit dem Einsatz von Cookies einverstanden. Weitere Informationen, auch zur Deaktivierung der "
    "Cookies, finden Sie in unserer Datenschutzerklärung.",
    "Datenschutz",
]


def test_a_banner_without_a_dialogs_words_under_a_declared_article_is_a_cookie_wall() -> None:
    # Given a page that declares an article, whose only text under its headline is a banner
    # that names cookies five times but says none of a consent dialog's words
    html = _page(
        "de", PLAIN_BANNER_DE, title="Grüne: Regierung muss bei Schienen-Elektrifizierung zulegen"
    )
    # When it is read for a Brief
    with pytest.raises(NotAnArticle) as refused:
        extract_article(html, URL)
    # Then it is a cookie wall, not an article summarised as its banner, and its story is
    # looked for by its headline
    assert refused.value.reason == "cookie_wall"
    story = refused.value.story
    assert story is not None and story.notice == "behind_consent"
    assert "Cookies" not in story.article.text


def test_a_short_article_beside_the_same_banner_is_an_article() -> None:
    # Given three paragraphs of news beside that banner
    lines = [
        "Die Grünen haben die Bundesregierung aufgefordert, mehr Bahnstrecken zu elektrifizieren "
        "als bisher geplant.",
        "Bis 2030 sollen nach ihrem Antrag drei Viertel des Netzes mit Oberleitungen ausgestattet "
        "sein, sagte die verkehrspolitische Sprecherin am Montag in Berlin.",
        "Das Verkehrsministerium verwies auf die bereits eingeplanten Mittel von einer Milliarde "
        "Euro im Jahr.",
        *PLAIN_BANNER_DE,
    ]
    html = _page("de", lines, title="Grüne fordern mehr Oberleitungen")
    # When it is read / Then it is an article past its banner
    reading = read_page(html, URL)
    assert reading.is_article, reading.judgement
    assert reading.short_story is None
    # And its Brief's bullets are the news, none of them the banner
    bullets = [b["text"] for b in extractive_brief(html, URL, "de")["summary"]["bullets"]]
    assert bullets and not any("Cookies" in bullet for bullet in bullets)


def test_a_consent_banner_longer_than_the_wall_rule_reads_is_no_article() -> None:
    # Given a page declaring an article whose text is the IAB framework's whole banner three
    # times over in one paragraph (441 words: past the cookie-wall rule's 250)
    html = _page("en", [" ".join(TCF_BANNER * 3)])
    # When it is read for a Brief
    with pytest.raises(NotAnArticle) as refused:
        extract_article(html, URL)
    # Then it is a cookie wall, its story looked for by its headline, not summarised into a
    # Brief without a bullet
    assert refused.value.reason == "cookie_wall"
    story = refused.value.story
    assert story is not None and story.notice == "behind_consent"
    assert story.article.title == HEADLINES["en"]
    brief = extractive_brief(html, URL)
    assert (brief["summary"]["bullets"], brief["summary"]["notice"]) == ([], "behind_consent")


def test_a_notice_plea_longer_than_a_short_article_is_no_article() -> None:
    # Given a page declaring an article whose text is an ad-blocker and JavaScript plea of 49
    # words, no cookies named
    plea = [
        "We noticed that you are using an ad blocker.",
        "Please disable your ad blocker or add our site to your whitelist to continue reading.",
        "Please enable JavaScript in your browser to view this page.",
        "Advertising helps us pay our journalists and keep our reporting free for everyone.",
    ]
    # When it is read / Then it is refused as no text, with no story made of the plea
    with pytest.raises(NotAnArticle) as refused:
        extract_article(_page("en", plea), URL)
    assert refused.value.reason == "no_text"
    story = refused.value.story
    assert story is None or "ad blocker" not in story.article.text


def test_a_long_banner_beside_a_short_story_leaves_the_story_summarised() -> None:
    # Given three news paragraphs beside the long banner
    html = _page("en", [*NEWS["en"][:3], " ".join(TCF_BANNER * 3)])
    # When briefed / Then the news is the summary
    bullets = [b["text"] for b in extractive_brief(html, URL)["summary"]["bullets"]]
    assert bullets == NEWS["en"][:3]


def test_a_short_hindi_article_beside_a_banner_is_an_article() -> None:
    # Given three Hindi sentences of news, each ending in a danda, beside an English banner (as
    # Oneindia's Hindi pages show it)
    news = [
        "दिल्ली सरकार ने मंगलवार को शहर में बीस नई इलेक्ट्रिक बसें चलाने की घोषणा की।",
        "परिवहन मंत्री ने कहा कि ये बसें अगले महीने से हवाई अड्डे और विश्वविद्यालय के बीच चलेंगी।",
        "सरकार के अनुसार इस योजना पर कुल चौरासी करोड़ रुपये खर्च होंगे और इससे प्रदूषण कम होगा।",
    ]
    html = _page("en", news + BANNERS["en"], title="दिल्ली में बीस नई इलेक्ट्रिक बसें")
    # When it is read / Then it is an article past its banner, its text the news
    reading = read_page(html, URL)
    assert reading.is_article, reading.judgement
    assert [s.text for s in reading.article.sentences] == news


def test_a_short_article_beside_the_whole_consent_framework_banner_is_an_article() -> None:
    # Given three paragraphs of news beside the IAB framework's whole English banner
    reading = read_page(_page("en", TCF_BANNER + NEWS["en"][:3] + ["Accept all"]), URL)
    # When read / Then an article whose text is the news alone
    assert reading.is_article, reading.judgement
    assert reading.article.text.splitlines() == NEWS["en"][:3]


def test_249_words_of_banner_and_one_news_sentence_stay_a_cookie_wall() -> None:
    # Given one news sentence and a banner of 249 words (the framework's, one and a half times,
    # with its buttons)
    banner = TCF_BANNER + TCF_BANNER[:4] + ["Accept all", "Reject all", "OK"]
    html = _page("en", NEWS["en"][:1] + banner)
    assert sum(len(line.split()) for line in banner) == 249
    # When it is read / Then it is refused as a cookie wall, the story looked for elsewhere
    with pytest.raises(NotAnArticle) as refused:
        extract_article(html, URL)
    assert refused.value.reason == "cookie_wall"


def test_leftovers_of_a_banner_that_name_consent_are_no_story() -> None:
    # Given one news sentence and a banner whose sentences no notice rule knows but which speak
    # of cookies and consent ("Your consent matters", "Cookies help us")
    unknown = [
        "Cookies help the newsroom understand which stories matter to readers like you.",
        "Consent can be withdrawn and given again as often as needed from the footer link.",
    ]
    html = _page("en", NEWS["en"][:1] + unknown + BANNERS["en"])
    # When it is read / Then what is left past the notices is no story: still a cookie wall
    with pytest.raises(NotAnArticle) as refused:
        extract_article(html, URL)
    assert refused.value.reason == "cookie_wall"


def test_a_how_to_about_cookie_settings_beside_a_banner_is_an_article_with_its_advice() -> None:
    # Given a short how-to about cookie settings (its own subject is cookies) with the site's
    # consent banner in its text
    advice = [
        "Open the menu in the top right corner of Firefox and choose Settings, then Privacy and "
        "Security.",
        "Under Enhanced Tracking Protection, choose Strict to block third-party cookies on every "
        "site you visit.",
        "You can also delete the cookies a site has already stored by clicking Manage Data and "
        "removing it from the list.",
    ]
    html = _page("en", advice + BANNERS["en"], title="How to block third-party cookies in Firefox")
    # When it is read
    reading = read_page(html, URL)
    # Then it is an article whose advice is kept and whose banner is dropped
    assert reading.is_article, reading.judgement
    assert [s.text for s in reading.article.sentences] == advice


def test_the_story_past_a_five_megabyte_banner_is_read_from_a_bounded_sample() -> None:
    # Given the text of a page that is about 5 MB of banner sentences and two news sentences
    text = "\n".join([BANNERS["en"][0]] * 65_000 + NEWS["en"][:2])
    assert len(text) > 4_900_000
    # When the rule reads the story past its notices, many times over
    with thread_cpu() as cpu:
        for _ in range(20):
            story = _story_past_consent(text, _space_words, page_about_browsing=False)
    # Then the work is bounded by the judgement's text sample, not the input, and a banner's
    # sample holds no story
    assert not story
    assert cpu.seconds < 0.5


# --- the Brief --------------------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(NEWS))
@pytest.mark.parametrize(
    ("paragraphs", "banner_first"), [(2, False), (3, True)], ids=["2 then banner", "banner then 3"]
)
def test_the_brief_of_a_short_article_beside_a_banner_has_bullets_and_none_is_the_banner(
    language: str, paragraphs: int, banner_first: bool
) -> None:
    # Given the lead's page: real paragraphs and a consent banner, sent to the API
    html = _short_article(language, paragraphs, banner_first)
    brief = extractive_brief(html, URL, language)
    # When the Brief is made / Then it summarises the story (no story-only notice) ...
    summary = brief["summary"]
    assert summary.get("notice") != "behind_consent"
    bullets = [bullet["text"] for bullet in summary["bullets"]]
    assert bullets
    assert all(bullet in NEWS[language] for bullet in bullets), bullets
    # ... and no bullet is a sentence of the banner, nor any page notice
    assert not [b for b in bullets if _is_banner(b, language) or is_page_notice(b)]
