"""A page too short to summarise that still names its story (issue 13): the rule that decides it,
and every page that keeps being refused exactly as before."""

from __future__ import annotations

import html as html_lib
import json
from pathlib import Path

import pytest

from parallax.cli import main
from parallax.domain.errors import NotAnArticle
from parallax.domain.extraction import extract_article, read_page
from parallax.domain.extraction.short_story import STORY_NOTICES
from parallax.domain.sentences import split_sentences
from tests.support.outlets_site import tram_story

URL = "https://www.unionleader.example/news/2020/01/05/snowmobile-crash"
HEADLINE = "Two hurt when snowmobile crashed into tree"
# The SemEval dev page (UnionLeader.com) the Brief refused, as it reads.
GATE = (
    "<p>You have reached the limit for free access to our important and valuable work.</p>"
    "<p>Subscribers, click below to login or register your subscription to continue receiving "
    "unlimited access to UnionLeader.com.</p><p>Log In Sign Up</p>"
)
# A paywall of three short sentences: the short-article rule (15-39 words of prose) alone would
# have summarised it.
PROSE_GATE = (
    "<p>You have reached the limit for free access. Subscribers, click below to login.</p>"
    "<p>Not a subscriber? Click below to subscribe.</p><p>UnionLeader.com</p>"
)
ONE_SENTENCE = (
    "<p>Russia said on Thursday it had agreed a deal with Turkey that lays the ground for a "
    "ceasefire in Syria's Idlib province.</p>"
)
# A consent banner as a page shows it when it hides the article (issue: consent).
COOKIE_BANNER = (
    "<p>We use cookies. We and our partners store and access information on your device for "
    "personalised ads. Accept all or manage your privacy settings.</p>"
    "<p>Cookie settings. Cookie policy.</p>"
)
ARTICLE_HEAD = (
    '<meta property="og:type" content="article">'
    '<meta property="article:published_time" content="2020-01-05T10:00:00Z">'
)


def _page(
    body: str,
    *,
    title: str = HEADLINE,
    declares: bool = True,
    description: str | None = None,
    head: str = "",
) -> str:
    meta = ARTICLE_HEAD if declares else ""
    if description is not None:
        meta += f'<meta property="og:description" content="{html_lib.escape(description)}">'
    return (
        f'<!doctype html><html lang="en"><head><title>{html_lib.escape(title)} | Union Leader'
        f"</title>{meta}{head}</head><body><article><h1>{html_lib.escape(title)}</h1>{body}"
        "</article></body></html>"
    )


def _refusal(html: str, url: str = URL) -> NotAnArticle:
    with pytest.raises(NotAnArticle) as refused:
        extract_article(html, url)
    return refused.value


def test_a_paywall_stub_that_declares_an_article_names_its_story_behind_a_gate() -> None:
    # Given a paywall stub under a real headline, on a page that declares an article
    html = _page(GATE)
    # When it is read for a Brief
    refusal = _refusal(html)
    # Then it is still refused as too little text (every caller but the Brief sees that) ...
    assert refusal.reason == "no_text"
    # ... with the story it names: the headline, and none of the gate's words to search with
    assert refusal.story is not None
    assert refusal.story.notice == "behind_gate"
    assert refusal.story.article.title == HEADLINE
    assert refusal.story.article.text == ""
    assert refusal.story.article.sentences == []
    assert "subscri" not in refusal.story.article.model_dump_json().casefold()


def test_a_paywall_notice_in_short_sentences_is_not_summarised_as_a_short_article() -> None:
    # Given a paywall notice of three sentences that declares an article (issue 16's short-article
    # rule summarised such a page: bullets made of the paywall's words)
    html = _page(PROSE_GATE)
    # When it is read
    reading = read_page(html, URL)
    # Then it is no article to summarise, and it names its story behind a gate
    assert not reading.is_article and reading.judgement.reason == "no_text"
    assert reading.short_story is not None and reading.short_story.notice == "behind_gate"


@pytest.mark.parametrize(
    ("language", "title", "gate"),
    [
        (
            "de",
            "Stadtrat beschließt neue Straßenbahnlinie nach Nordheim",
            "<p>Dieser Artikel ist nur für Abonnenten. Jetzt abonnieren und weiterlesen.</p>"
            "<p>Bereits Abonnent? Hier anmelden.</p>",
        ),
        (
            "fr",
            "Le conseil municipal approuve une ligne de tramway vers Nordheim",
            "<p>Cet article est réservé aux abonnés. Abonnez-vous pour lire la suite.</p>"
            "<p>Déjà abonné ? Connectez-vous.</p>",
        ),
        (
            "es",
            "El ayuntamiento aprueba una nueva línea de tranvía a Nordheim",
            "<p>Este contenido es solo para suscriptores. Suscríbete para seguir leyendo.</p>"
            "<p>¿Ya eres suscriptor? Inicia sesión.</p>",
        ),
    ],
)
def test_a_paywall_in_another_language_is_behind_a_gate(
    language: str, title: str, gate: str
) -> None:
    # Given a paywall stub in German, French or Spanish under a real headline
    html = _page(gate, title=title).replace('lang="en"', f'lang="{language}"')
    # When it is read / Then it names its story behind a gate, without the gate's words
    story = _refusal(html).story
    assert story is not None and story.notice == "behind_gate"
    assert story.article.title == title and story.article.text == ""


def test_a_paywall_stub_searches_with_its_description_not_its_gate() -> None:
    # Given a paywall stub whose meta description says what happened
    description = "A man and a woman were taken to hospital after their snowmobile hit a tree."
    html = _page(GATE, description=description)
    # When it is read
    story = _refusal(html).story
    # Then the description is the text the story is looked for with, and the gate is not
    assert story is not None and story.notice == "behind_gate"
    assert story.article.text == description
    assert [s.text for s in story.article.sentences] == [description]


@pytest.mark.parametrize(
    ("site_name", "body"),
    [
        ("Harbour Courier Daily", GATE),
        ("Harbour Courier Daily", ONE_SENTENCE),
        ("harbourcourierdaily.example", GATE),
    ],
    ids=["paywall", "one sentence", "the site's domain"],
)
def test_a_short_page_whose_headline_is_the_sites_name_names_no_story(
    site_name: str, body: str
) -> None:
    # Given a paywall stub or a one-sentence item on a page that declares an article, whose
    # declared headline is only the site's name (the template hides the article's)
    head = (
        '<meta property="og:title" content="The Harbour Courier Daily">'
        f'<meta property="og:site_name" content="{site_name}">'
    )
    html = _page(body, title="The Harbour Courier Daily", head=head)
    # When it is read for a Brief
    refusal = _refusal(html)
    # Then it is refused as too little text, with no story to search the site's name for
    assert (refusal.reason, refusal.story) == ("no_text", None)


def test_a_short_page_under_a_real_headline_still_names_its_story_beside_its_site_name() -> None:
    # Given the same paywall stub under a real headline, the site's name declared beside it
    head = '<meta property="og:site_name" content="Harbour Courier Daily">'
    html = _page(GATE, head=head)
    # When it is read / Then it is behind a gate, looked for by its headline
    story = _refusal(html).story
    assert story is not None and story.notice == "behind_gate"
    assert story.article.title == HEADLINE


def test_a_description_that_is_the_gate_itself_is_left_out() -> None:
    # Given a paywall whose description is the paywall's notice too
    html = _page(GATE, description="Subscribers only. Already a subscriber? Log in to continue.")
    # When it is read / Then only the headline is left to search with
    story = _refusal(html).story
    assert story is not None and story.article.text == ""


def test_a_one_sentence_news_item_under_its_headline_is_too_short() -> None:
    # Given a one-sentence news item under a real headline, declaring an article
    title = "Russia says agreed deal with Turkey, lays ground for Syria ceasefire"
    html = _page(ONE_SENTENCE, title=title)
    # When it is read
    refusal = _refusal(html)
    # Then it is refused as too short to summarise, with the story it names
    assert refusal.reason == "no_text"
    assert refusal.story is not None and refusal.story.notice == "too_short"
    assert refusal.story.article.title == title
    assert "agreed a deal with Turkey" in refusal.story.article.text


def test_a_long_single_sentence_item_is_too_short_as_well() -> None:
    # Given an item of one long sentence (over 40 words: judged an article, refused for one
    # sentence)
    sentence = (
        "<p>NRW said on Monday that it remained on track for a strong financial year 2020 after "
        "its order book grew by a fifth in the first half, helped by mining contracts in Western "
        "Australia and civil works in Queensland and New South Wales that were won against "
        "larger rivals earlier this year</p>"
    )
    html = _page(sentence, title="NRW on track for strong FY20")
    # When it is read / Then the story is named, too short to summarise
    refusal = _refusal(html)
    assert refusal.story is not None and refusal.story.notice == "too_short"


def test_a_description_adds_to_a_short_items_text_once() -> None:
    # Given a one-sentence item whose description is another sentence of the story
    description = "The agreement follows talks in Moscow between the two countries' ministers."
    html = _page(
        ONE_SENTENCE,
        title="Russia says agreed deal with Turkey, lays ground for Syria ceasefire",
        description=description,
    )
    # When it is read / Then both are the story's text, each once
    story = _refusal(html).story
    assert story is not None
    assert story.article.text.count(description) == 1
    assert "Idlib" in story.article.text


@pytest.mark.parametrize(
    ("name", "html", "reason"),
    [
        ("one image and a title", _page('<img src="/photo.jpg" alt="">'), "no_text"),
        ("an empty article", _page(""), "no_text"),
        (
            "a short page declaring nothing",
            _page(ONE_SENTENCE, declares=False),
            "no_text",
        ),
        ("a one-word headline", _page(ONE_SENTENCE, title="Snowmobiles"), "no_text"),
        (
            "an error page declaring an article",
            _page(
                "<p>Sorry, the page you are looking for could not be found. Error 404.</p>",
                title="Page not found",
            ),
            "no_text",
        ),
        (
            "an error page under a real headline",
            _page("<p>Page not found. The page you requested does not exist any more.</p>"),
            "no_text",
        ),
        (
            "an age gate",
            _page("<p>You must be 18 or older to view this page. Please verify your age.</p>"),
            "no_text",
        ),
        ("a cookie wall declaring no article", _page(COOKIE_BANNER, declares=False), "cookie_wall"),
        (
            "a cookie wall under a one-word headline",
            _page(COOKIE_BANNER, title="News"),
            "cookie_wall",
        ),
        (
            "a PDF viewer",
            _page(
                '<div id="viewerContainer"></div><embed src="/report.pdf" type="application/pdf">'
            ),
            "pdf_viewer",
        ),
        (
            "menus only",
            _page(
                "<nav>"
                + "".join(
                    f'<a href="/news/section-{i}/story">Section {i} latest story headline</a>'
                    for i in range(12)
                )
                + "</nav>"
            ),
            "navigation_only",
        ),
        (
            "a 404 page whose template declares an article (lead's attack)",
            _page(
                "<p>It looks like nothing was found at this location. Maybe try a search?</p>",
                title="Oops! That page can't be found",
            ),
            "no_text",
        ),
        (
            "an article that was removed, under its old headline",
            _page("<p>This article is no longer available. It may have been moved.</p>"),
            "no_text",
        ),
        (
            "a line that says only 'Not found', after a sentence",
            _page("<p>We looked everywhere for it.</p><p>Not found</p><p>Try our home page.</p>"),
            "no_text",
        ),
        (
            "a JavaScript notice under a real headline",
            _page("<p>Please enable JavaScript to view this page.</p>"),
            "no_text",
        ),
        (
            "an ad-blocker wall under a real headline",
            _page(
                "<p>We noticed you are using an ad blocker. Please disable it to continue "
                "reading.</p>"
            ),
            "no_text",
        ),
        (
            "a headline that is a login prompt",
            _page(ONE_SENTENCE, title="Sign in to read the full story"),
            "no_text",
        ),
        (
            "a short page with two prices",
            _page("<p>Snowmobile helmet, size L, now $149.99 instead of $199.99 in our shop.</p>"),
            "no_text",
        ),
        (
            "a short shop page declaring an article",
            _page(
                "<p>Snowmobile helmet, size L, black. Only $149.99 today.</p>",
                head='<meta property="product:price:amount" content="149.99">',
            ),
            "no_text",
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 60 else "",
)
def test_every_other_page_with_too_little_text_is_still_refused(
    name: str, html: str, reason: str
) -> None:
    # Given a page that names no story, or is something else than an article
    # When it is read for a Brief
    refusal = _refusal(html)
    # Then it is refused exactly as before: its reason, no story
    assert refusal.reason == reason, name
    assert refusal.story is None, name
    assert read_page(html, URL).short_story is None


def test_a_notice_beside_the_story_never_goes_into_the_query() -> None:
    # Given a one-sentence item whose page also shows an ad-blocker notice (lead's attack)
    html = _page(
        ONE_SENTENCE + "<p>We noticed you are using an ad blocker. Please disable it to continue "
        "reading.</p>"
    )
    # When it is read
    story = _refusal(html).story
    # Then the story is looked for with the headline and the item's sentence, not the notice
    assert story is not None and story.notice == "too_short"
    assert "Idlib" in story.article.text
    assert "blocker" not in story.article.text and "disable" not in story.article.text


def test_an_article_long_enough_to_summarise_has_no_short_story() -> None:
    # Given a real article of several paragraphs
    body = "".join(
        f"<p>The snowmobile left the trail near the lake on Saturday evening, police said, and hit "
        f"a tree; both riders were taken to hospital in Concord. Paragraph {n} of the report.</p>"
        for n in range(4)
    )
    # When it is read / Then it is an article, summarised as ever
    reading = read_page(_page(body), URL)
    assert reading.is_article and reading.short_story is None


def test_the_notice_codes_are_the_three_documented_ones() -> None:
    # The panel localises these codes (notice_<code>); the OpenAPI document names them.
    assert frozenset({"too_short", "behind_gate", "behind_consent"}) == STORY_NOTICES


def test_parallax_extract_says_which_pages_take_the_story_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a saved paywall stub and a saved page that names no story
    gate, image = tmp_path / "gate.html", tmp_path / "image.html"
    gate.write_text(_page(GATE), encoding="utf-8")
    image.write_text(_page('<img src="/photo.jpg" alt="">'), encoding="utf-8")
    # When `parallax extract` reads them
    assert main(["extract", str(gate), str(image), "--url", URL]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    # Then the stub is refused with its reason and says the Brief takes the story path
    assert (first["reason"], first["story_only"]) == ("no_text", "behind_gate")
    assert second["reason"] == "no_text" and "story_only" not in second


def _marked_page(body: str, *, free: object, title: str, lang: str = "it") -> str:
    node = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": "2020-01-05T10:00:00Z",
        "isAccessibleForFree": free,
    }
    return (
        f'<!doctype html><html lang="{lang}"><head><title>{html_lib.escape(title)}</title>'
        f'<script type="application/ld+json">{json.dumps(node)}</script></head>'
        f"<body><article><h1>{html_lib.escape(title)}</h1>{body}</article></body></html>"
    )


IT_TEASER = (
    "<p>Il consiglio regionale ha approvato ieri sera il bilancio di previsione con 30 voti "
    "favorevoli e 12 contrari.</p>"
)
IT_HEADLINE = "Regione, approvato il bilancio da due miliardi"


@pytest.mark.parametrize("free", [False, "False", "false"])
def test_a_teaser_marked_as_paywalled_is_behind_a_gate_in_any_language(free: object) -> None:
    # Given an Italian teaser under its headline, its notice in words no rule knows, on a page
    # whose article node says isAccessibleForFree: false (schema.org's paywall markup)
    html = _marked_page(
        IT_TEASER + "<p>Per leggere tutto: 1 euro al mese per i primi tre mesi.</p>",
        free=free,
        title=IT_HEADLINE,
    )
    # When it is read
    story = _refusal(html).story
    # Then it is behind a gate, and the teaser's sentence joins the headline in the query
    assert story is not None and story.notice == "behind_gate"
    assert story.article.title == IT_HEADLINE
    assert "consiglio regionale" in story.article.text


def test_a_known_paywall_sentence_of_a_marked_teaser_stays_out_of_the_query() -> None:
    # Given a marked Polish teaser whose notice says what a paywall says
    html = _marked_page(
        "<p>Sejm przyjął w piątek ustawę o mediach publicznych głosami koalicji rządzącej.</p>"
        "<p>Ten artykuł jest tylko dla prenumeratorów. Wykup dostęp.</p>",
        free=False,
        title="Sejm przyjął ustawę o mediach publicznych",
        lang="pl",
    )
    # When it is read / Then the teaser is in the query, the notice is not
    story = _refusal(html).story
    assert story is not None and story.notice == "behind_gate"
    assert "ustawę o mediach" in story.article.text
    assert "prenumerator" not in story.article.text and "Wykup" not in story.article.text


def test_a_short_article_marked_free_is_summarised_as_before() -> None:
    # Given a short article of prose, marked isAccessibleForFree: true
    body = (
        "<p>The snowmobile left the trail near the lake on Saturday evening, police said.</p>"
        "<p>Both riders were taken to hospital in Concord with injuries that are not "
        "life-threatening.</p>"
    )
    html = _marked_page(body, free=True, title=HEADLINE, lang="en")
    # When it is read / Then it is an article, with no story-only path
    reading = read_page(html, URL)
    assert reading.is_article and reading.short_story is None


@pytest.mark.parametrize(
    ("name", "html", "notice"),
    [
        (
            "a one-sentence item with a description of two sentences and a notice",
            _page(
                ONE_SENTENCE + "<p>We noticed you are using an ad blocker. Please disable it to "
                "continue reading.</p>",
                description="The deal follows talks in Moscow. Both ministers were there.",
            ),
            "too_short",
        ),
        (
            "a marked teaser of two sentences on one line, beside a known paywall sentence",
            _marked_page(
                "<p>Il consiglio regionale ha approvato il bilancio. Il voto è stato 30 a 12.</p>"
                "<p>Per leggere tutto: 1 euro al mese. Abbonati ora per continuare.</p>",
                free=False,
                title=IT_HEADLINE,
            ),
            "behind_gate",
        ),
    ],
)
def test_the_story_articles_sentences_are_those_of_its_text(
    name: str, html: str, notice: str
) -> None:
    # Given a short page whose story is built from sentences split once (the description's and
    # the page's own, without its notices)
    # When it is read
    story = _refusal(html).story
    # Then the story article's sentences are exactly its text split again, numbered in order
    assert story is not None and story.notice == notice, name
    article = story.article
    assert [s.text for s in article.sentences] == split_sentences(article.text, article.language)
    assert [s.id for s in article.sentences] == list(range(len(article.sentences)))
    assert len(article.sentences) >= 3, name


# The SemEval dev query page that got a 200 Brief with notice too_short (retrieval eval, grey
# zone): a Twitter profile's text under its title, in the harness's page shape (title, canonical
# address, a declared publication date, the text as paragraphs).
PROFILE_URL = "https://nydailynews.example/semeval/1516983064"
PROFILE_TEXT = (
    "<p>Tweet with a location</p><p>You can add location information to your Tweets, such as your "
    "city or precise location, from the web and via third-party applications. You always have "
    "the option to delete your Tweet location history. Learn more</p>"
)


def _profile_page(title: str, *, head: str = ARTICLE_HEAD, body: str = PROFILE_TEXT) -> str:
    escaped = html_lib.escape(title)
    return (
        f'<!doctype html><html lang="en"><head><title>{escaped}</title>'
        f'<link rel="canonical" href="{PROFILE_URL}">{head}</head>'
        f"<body><article><h1>{escaped}</h1>{body}</article></body></html>"
    )


def _head(og_type: str | None = None, jsonld: dict[str, object] | None = None) -> str:
    head = '<meta property="article:published_time" content="2017-01-10T08:00:00Z">'
    if og_type is not None:
        head += f'<meta property="og:type" content="{og_type}">'
    if jsonld is not None:
        head += f'<script type="application/ld+json">{json.dumps(jsonld)}</script>'
    return head


def test_the_semeval_twitter_profile_page_is_refused_not_answered_too_short() -> None:
    # Given the page "New York Daily News on Twitter" as the retrieval eval sends it: a profile
    # that declares a date, 39 words of Twitter's furniture
    html = _profile_page("New York Daily News on Twitter", head=_head())
    # When it is read for a Brief
    refusal = _refusal(html, PROFILE_URL)
    # Then it is refused as too little text, with no story to look for (as before issue 13)
    assert refusal.reason == "no_text"
    assert refusal.story is None
    assert read_page(html, PROFILE_URL).short_story is None


PROFILE_NEWS = "<p>The mayor opened the new bridge over the harbour on Monday, officials said.</p>"


@pytest.mark.parametrize(
    ("name", "html"),
    [
        (
            "schema.org ProfilePage",
            _profile_page(
                "New York Daily News",
                head=_head(jsonld={"@context": "https://schema.org", "@type": "ProfilePage"}),
                body=PROFILE_NEWS,
            ),
        ),
        (
            "a ProfilePage in a graph",
            _profile_page(
                "New York Daily News",
                head=_head(
                    jsonld={
                        "@context": "https://schema.org",
                        "@graph": [{"@type": "ProfilePage"}, {"@type": "Organization"}],
                    }
                ),
                body=PROFILE_NEWS,
            ),
        ),
        (
            "og:type profile",
            _profile_page("New York Daily News", head=_head("profile"), body=PROFILE_NEWS),
        ),
        (
            "og:type article, <title> 'X (@x) / X'",
            _profile_page("New York Daily News (@NYDailyNews) / X", head=_head("article")),
        ),
        ("'X (@x) / Twitter'", _profile_page("Daily News (@NYDailyNews) / Twitter", head=_head())),
        ("'X | Facebook'", _profile_page("New York Daily News | Facebook", head=_head())),
        ("'X - YouTube'", _profile_page("New York Daily News - YouTube", head=_head())),
        (
            "'X (@x) • Instagram photos and videos'",
            _profile_page(
                "Daily News (@nydailynews) \u2022 Instagram photos and videos", head=_head()
            ),
        ),
        ("'X on Facebook'", _profile_page("NY Daily News on Facebook", head=_head())),
        (
            "og:title names the outlet, <title> the network",
            _profile_page("New York Daily News | Facebook", head=_head())
            .replace("<h1>New York Daily News | Facebook</h1>", "<h1>New York Daily News</h1>")
            .replace("</head>", '<meta property="og:title" content="New York Daily News"></head>'),
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 60 else "",
)
def test_a_profile_page_names_no_story(name: str, html: str) -> None:
    # Given a short page that is a profile (by its declaration or by its title), with a date
    # When it is read for a Brief
    refusal = _refusal(html, PROFILE_URL)
    # Then it is refused, with no story to look for
    assert refusal.reason == "no_text", name
    assert refusal.story is None, name


@pytest.mark.parametrize(
    ("name", "title", "head"),
    [
        # A headline about a network, in sentence case, is a headline
        ("a story told on Twitter", "Mayor lashes out at council on Twitter", _head()),
        ("a story about a network", "Regulators fine Facebook over data leak", _head()),
        # Title case writes "On": a headline, not a profile's "Name on Twitter"
        ("a title-case headline on a network", "Trump Lashes Out On Twitter", _head()),
        # A site's graph may describe the article's author as a ProfilePage beside the article
        (
            "an article node beside its author's ProfilePage",
            "Mayor opens the new harbour bridge",
            _head(
                jsonld={
                    "@context": "https://schema.org",
                    "@graph": [
                        {"@type": "NewsArticle", "headline": "Mayor opens the new harbour bridge"},
                        {"@type": "ProfilePage", "name": "Ana Reporter"},
                    ],
                }
            ),
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 60 else "",
)
def test_a_short_news_item_that_is_no_profile_still_names_its_story(
    name: str, title: str, head: str
) -> None:
    # Given a one-sentence news item that is not a profile page
    html = _profile_page(title, head=head, body=ONE_SENTENCE)
    # When it is read / Then it still takes the short-story path
    story = _refusal(html, PROFILE_URL).story
    assert story is not None and story.notice == "too_short", name


def test_a_huge_title_is_not_searched_for_a_profile() -> None:
    # Given a hostile one-sentence page whose <title> is a megabyte of "on Twitter on Twitter"
    # (the headline comes from its <h1>)
    html = _profile_page("Mayor opens the new harbour bridge", head=_head(), body=ONE_SENTENCE)
    html = html.replace(
        "<title>Mayor opens the new harbour bridge</title>",
        f"<title>{'News on Twitter ' * 60_000}on Twitter</title>",
    )
    # When it is read / Then the title is not taken for a profile's, and the story is named
    story = _refusal(html, PROFILE_URL).story
    assert story is not None and story.notice == "too_short"


# --- a page behind a consent notice (cookie_wall) that names its story -------------------------

SEMEVAL_CONSENT_URL = "https://semeval-de-a27.example/aa279aa3c538"
SEMEVAL_CONSENT_HEADLINE = "Einigung über erste schwarz-grüne Regierung in Österreich"
# The SemEval dev page as its text reads: the headline, the banner's button, its notice in one
# sentence a paragraph, the link to the privacy statement.
SEMEVAL_CONSENT_BODY = "".join(
    f"<p>{line}</p>"
    for line in (
        "OK",
        "Wir verwenden auf unserer Webseite Cookies und pseudonyme Analysetechniken, um unseren "
        "Internetauftritt möglichst benutzerfreundlich zu gestalten.",
        "Zudem messen und werten wir die Besuche aus, um unsere Webseite optimal auf Ihre "
        "Bedürfnisse anzupassen.",
        "Dafür arbeiten wir mit Partnern und Dienstleistern zusammen, welche die Informationen zu "
        "Ihrer Verwendung unserer Webseite erhalten.",
        "Weitere Informationen, auch zur Deaktivierung von Cookies, finden Sie in unseren "
        "Datenschutzhinweisen.",
        "Zur Datenschutzerklärung",
    )
)
CONSENT_WORDS = ("cookie", "consent", "privacy", "partners", "accept", "datenschutz", "webseite")


def _semeval_consent_page() -> str:
    title = html_lib.escape(SEMEVAL_CONSENT_HEADLINE)
    return (
        f'<!doctype html><html lang="de"><head><title>{title}</title>'
        '<meta property="article:published_time" content="2020-01-01T20:00:00Z"></head>'
        f"<body><article><h1>{title}</h1>{SEMEVAL_CONSENT_BODY}</article></body></html>"
    )


def _assert_no_consent_words(story_json: str) -> None:
    folded = story_json.casefold()
    assert [word for word in CONSENT_WORDS if word in folded] == []


def test_a_cookie_wall_under_a_real_headline_names_its_story_behind_consent() -> None:
    # Given a page that declares an article under a real headline and shows only a consent notice
    html = _page(COOKIE_BANNER)
    # When it is read for a Brief
    refusal = _refusal(html)
    # Then it is still refused as a cookie wall (every caller but the Brief sees that) ...
    assert refusal.reason == "cookie_wall"
    # ... with the story it names: the headline, and none of the banner's words to search with
    assert refusal.story is not None
    assert refusal.story.notice == "behind_consent"
    assert refusal.story.article.title == HEADLINE
    assert refusal.story.article.text == "" and refusal.story.article.sentences == []
    _assert_no_consent_words(refusal.story.article.model_dump_json())


def test_the_semeval_consent_page_names_its_story_without_the_banners_buttons() -> None:
    # Given the SemEval dev page whose only text is a consent banner (its partner, "ÖVP und Grüne
    # einigen sich auf Regierungsbündnis", was never looked for)
    reading = read_page(_semeval_consent_page(), SEMEVAL_CONSENT_URL)
    # When it is read / Then it is a cookie wall that names its story behind consent ...
    assert reading.judgement.reason == "cookie_wall"
    assert reading.short_story is not None
    assert reading.short_story.notice == "behind_consent"
    # ... searched by its headline alone: not the banner's notice, nor its button ("OK") and link
    # ("Zur Datenschutzerklärung"), which are no page notices of their own
    story = reading.short_story.article
    assert (story.title, story.text, story.language) == (SEMEVAL_CONSENT_HEADLINE, "", "de")
    assert "OK" in reading.article.text.split()  # the page's text, as read, still holds them
    _assert_no_consent_words(story.model_dump_json())


def test_a_consent_page_searches_with_its_description_not_its_banner() -> None:
    # Given a consent page whose meta description says what happened
    description = "A man and a woman were taken to hospital after their snowmobile hit a tree."
    story = _refusal(_page(COOKIE_BANNER, description=description)).story
    # Then the description is the text the story is looked for with
    assert story is not None and story.notice == "behind_consent"
    assert story.article.text == description
    assert [s.text for s in story.article.sentences] == [description]


@pytest.mark.parametrize(
    "description",
    [
        "We use cookies to give you the best experience on our website.",
        "Wir verwenden Cookies, um unsere Webseite für Sie zu verbessern.",
        "Before you continue: we and our partners use data for personalised ads.",
    ],
)
def test_a_consent_pages_description_that_is_the_banner_is_left_out(description: str) -> None:
    # Given a consent page whose description is the banner's notice too
    story = _refusal(_page(COOKIE_BANNER, description=description)).story
    # Then the story is looked for by the headline alone
    assert story is not None and story.notice == "behind_consent"
    assert story.article.text == ""


def test_a_consent_dialog_of_60_words_under_a_real_headline_names_its_story() -> None:
    # Given a page declaring an article whose readable text is a consent dialog over the short-page
    # floor (refused cookie_wall by the dialog rule, not the short-page rule)
    dialog = (
        "<p>We and our partners use cookies and similar technologies to store and access "
        "information on your device. We use this for personalised ads and content, ad and content "
        "measurement, audience research and services development. You can accept all cookies, "
        "reject them or manage your privacy settings at any time by clicking the link in the "
        "footer of every page. Your consent applies to this website only.</p>"
        "<button>Accept all</button><button>Reject all</button>"
    )
    reading = read_page(_page(dialog), URL)
    # When read / Then it names its story behind consent, without the dialog's words
    assert reading.signals.word_count >= 40
    assert reading.judgement.reason == "cookie_wall"
    assert reading.short_story is not None and reading.short_story.notice == "behind_consent"
    _assert_no_consent_words(reading.short_story.article.model_dump_json())


# Hostile and unlucky consent pages (og:title is what the page declares as its headline here).
def _consent_page(
    og_title: str, *, body: str = COOKIE_BANNER, site_name: str = "Union Leader"
) -> str:
    head = (
        f'<meta property="og:title" content="{html_lib.escape(og_title)}">'
        f'<meta property="og:site_name" content="{html_lib.escape(site_name)}">'
    )
    return _page(body, head=head)


@pytest.mark.parametrize(
    ("name", "html"),
    [
        ("the headline is the notice", _consent_page("We value your privacy")),
        ("the headline asks for consent", _consent_page("Before you continue to Union Leader")),
        ("a German notice as headline", _consent_page("Ihre Privatsphäre ist uns wichtig")),
        (
            "a title that runs on into the banner (SemEval)",
            _consent_page(
                "Corona-Appell \u2013 Kogler weist Freizeitsportler zurecht - News Cookie-Informationen"
                "Dieses Seite verwendet Cookies"
            ),
        ),
        (
            "the site's name only",
            _consent_page("The Union Leader Daily", site_name="Union Leader Daily"),
        ),
        ("the site's domain only", _consent_page("The Union Leader Example")),
        ("a megabyte of headline in few words", _consent_page("Council " * 3 + "x" * 1_000_000)),
        ("a megabyte of headline words", _consent_page("Council approves budget " * 80_000)),
        (
            "an error page behind the banner",
            _consent_page(HEADLINE, body=COOKIE_BANNER + "<p>Page not found.</p>"),
        ),
        (
            "an age gate behind the banner",
            _consent_page(HEADLINE, body=COOKIE_BANNER + "<p>Please verify your age.</p>"),
        ),
        ("a profile behind the banner", _consent_page("New York Daily News on Twitter")),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 60 else "",
)
def test_a_consent_page_that_names_no_story_stays_a_cookie_wall(name: str, html: str) -> None:
    # Given a consent page whose headline is the banner's, the site's, a megabyte, or whose text
    # is also an error page or an age gate
    # When it is read for a Brief
    refusal = _refusal(html)
    # Then it is refused exactly as before: a cookie wall, no story
    assert (refusal.reason, refusal.story) == ("cookie_wall", None), name


@pytest.mark.parametrize(
    "headline",
    [
        "Bundesrat verweigert Zustimmung zum Heizungsgesetz",
        "EU court strikes down Privacy Shield data deal",
        "Il Senato dà il consenso alla riforma della giustizia",
        "Le Conseil d'État annule une amende pour défaut de consentement",
    ],
)
def test_news_about_consent_or_privacy_behind_a_banner_keeps_its_headline(headline: str) -> None:
    # Given a consent page whose headline is news about consent or privacy (no cookies named,
    # not said to the reader, not a label of a few words)
    # When it is read for a Brief
    refusal = _refusal(_consent_page(headline))
    # Then its story is looked for behind the consent notice, by that headline
    assert refusal.reason == "cookie_wall"
    assert refusal.story is not None and refusal.story.notice == "behind_consent"
    assert refusal.story.article.title == headline


@pytest.mark.parametrize(
    "headline",
    [
        "Datenschutzeinstellungen jetzt verwalten",
        "Nous respectons votre vie privée",
        "Tu privacidad es importante para nosotros",
        "Cookie-Einstellungen für Union Leader",
    ],
)
def test_a_banners_own_headline_still_names_no_story(headline: str) -> None:
    # Given a consent page whose headline is the banner's: a label, the site or the reader
    # spoken to, cookies named / When read / Then it stays a cookie wall without a story
    refusal = _refusal(_consent_page(headline))
    assert (refusal.reason, refusal.story) == ("cookie_wall", None), headline


def test_a_megabyte_headline_names_no_story_on_any_short_page() -> None:
    # Given a one-sentence item whose declared headline is three words, one a megabyte long
    og_title = f"Council approves {'x' * 1_000_000}"
    html = _page(ONE_SENTENCE, head=f'<meta property="og:title" content="{og_title}">')
    # When it is read / Then it is refused, not answered with that "headline" as its title
    refusal = _refusal(html)
    assert (refusal.reason, refusal.story) == ("no_text", None)


def test_parallax_extract_says_a_consent_page_takes_the_story_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a saved consent page under a real headline
    saved = tmp_path / "consent.html"
    saved.write_text(_page(COOKIE_BANNER), encoding="utf-8")
    # When `parallax extract` reads it
    assert main(["extract", str(saved), "--url", URL]) == 0
    verdict = json.loads(capsys.readouterr().out)
    # Then it is refused as a cookie wall and says the Brief answers with the story behind consent
    assert (verdict["reason"], verdict["story_only"]) == ("cookie_wall", "behind_consent")


# A consent banner and a real headline in each language a consent page is met in (session 9
# review): the banner's words are each language's usual ones.
CONSENT_PAGES = {
    "en": (
        "Council approves new tram line to the northern suburbs",
        "<p>We use cookies. We and our partners store and access information on your device for "
        "personalised ads. Accept all or manage your privacy settings.</p>"
        "<p>Cookie settings. Cookie policy.</p>",
    ),
    "de": (
        "Stadtrat beschließt neue Straßenbahnlinie nach Nordheim",
        "<p>Wir verwenden Cookies und ähnliche Technologien. Wir und unsere Partner speichern "
        "Informationen auf Ihrem Gerät. Alle akzeptieren oder Einstellungen verwalten.</p>"
        "<p>Cookie-Einstellungen. Datenschutzerklärung.</p>",
    ),
    "fr": (
        "Le conseil municipal approuve une ligne de tramway vers Nordheim",
        "<p>Nous utilisons des cookies. Nos partenaires et nous stockons des informations sur "
        "votre appareil pour des publicités personnalisées. Tout accepter ou gérer vos "
        "préférences.</p><p>Paramètres des cookies. Politique de confidentialité.</p>",
    ),
    "es": (
        "El ayuntamiento aprueba una nueva línea de tranvía a Nordheim",
        "<p>Utilizamos cookies. Nosotros y nuestros socios almacenamos información en su "
        "dispositivo para anuncios personalizados. Aceptar todo o gestionar sus preferencias.</p>"
        "<p>Configuración de cookies. Política de privacidad.</p>",
    ),
    "it": (
        "Il consiglio comunale approva una nuova linea del tram per Nordheim",
        "<p>Utilizziamo i cookie. Noi e i nostri partner archiviamo informazioni sul tuo "
        "dispositivo per annunci personalizzati. Accetta tutto o gestisci le preferenze.</p>"
        "<p>Impostazioni dei cookie. Informativa sulla privacy.</p>",
    ),
}


def _banner_page(language: str, body: str) -> str:
    title = html_lib.escape(CONSENT_PAGES[language][0])
    return (
        f'<!doctype html><html lang="{language}"><head><title>{title} | Courier</title>'
        f"{ARTICLE_HEAD}</head><body><article><h1>{title}</h1>{body}</article></body></html>"
    )


@pytest.mark.parametrize("language", sorted(CONSENT_PAGES))
def test_a_consent_page_names_its_story_in_each_language(language: str) -> None:
    # Given a page declaring an article whose only text is a consent banner in its language
    headline, banner = CONSENT_PAGES[language]
    # When it is read / Then it names its story behind consent, by its headline alone
    story = _refusal(_banner_page(language, banner)).story
    assert story is not None and story.notice == "behind_consent"
    assert (story.article.title, story.article.text) == (headline, "")


@pytest.mark.parametrize("language", sorted(CONSENT_PAGES))
def test_a_long_article_with_a_consent_banner_is_summarised_not_story_only(language: str) -> None:
    # Given a real article of some 450 words with a consent banner above its text
    body = CONSENT_PAGES[language][1] + "".join(
        f"<p>{html_lib.escape(p)}</p>" for p in tram_story("courier", words=400)
    )
    # When it is read / Then it is an article to summarise, not a story-only page
    reading = read_page(_banner_page(language, body), URL)
    assert reading.is_article and reading.short_story is None
