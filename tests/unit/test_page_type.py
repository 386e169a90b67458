"""The page-type judgement: what kind of page was read, why a Brief refuses it (issue 16)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from parallax.domain.errors import NotAnArticle
from parallax.domain.extraction import extract_article, read_page
from parallax.domain.page_type import REASONS, PageSignals, judge_page
from tests.conftest import PAGES

NON_ARTICLES = PAGES / "nonarticle"
SECTION_URL = "https://www.harbourcourier.example/news/local"


def _read(name: str) -> str:
    return (NON_ARTICLES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "page_type", "reason"),
    [
        ("navigation_only.html", "front", "navigation_only"),
        ("image_only.html", "other", "no_text"),
        ("pdf_viewer.html", "other", "pdf_viewer"),
        ("cookie_wall.html", "other", "cookie_wall"),
        ("product.html", "product", "product_page"),
        ("section_front.html", "listing", "listing"),
    ],
)
def test_a_page_that_is_not_an_article_is_read_and_judged_with_its_reason(
    page: str, page_type: str, reason: str
) -> None:
    # Given a page that is not an article
    html = _read(page)
    # When it is read
    reading = read_page(html, SECTION_URL)
    # Then it is judged what it is, with a reason the panel can show
    assert not reading.is_article
    assert (reading.judgement.page_type, reading.judgement.reason) == (page_type, reason)
    assert reading.judgement.detail == REASONS[reason]
    # And a Brief refuses it with that reason, never with a summary of its furniture
    with pytest.raises(NotAnArticle) as refused:
        extract_article(html, SECTION_URL)
    assert refused.value.reason == reason
    assert refused.value.detail == REASONS[reason]


def test_a_news_article_is_judged_an_article() -> None:
    # Given the fixture articles in three languages
    for name, url in (
        ("en_article.html", "https://www.example-news.test/2024/05/reservoir"),
        ("de_article.html", "https://www.rheinblick.example/a/1"),
        ("fr_article.html", "https://www.example.fr/x"),
    ):
        # When read / Then each is an article
        reading = read_page((PAGES / name).read_text(encoding="utf-8"), url)
        assert reading.is_article and reading.judgement.page_type == "article", name


def test_the_home_page_fixture_is_a_section_front_at_the_sites_root() -> None:
    reading = read_page(
        (PAGES / "home.html").read_text(encoding="utf-8"), "https://www.harbourcourier.example/"
    )
    assert not reading.is_article
    assert reading.judgement.reason == "section_front"


def test_an_article_that_mentions_prices_is_still_an_article() -> None:
    # Given the signals of a declared news article that names prices (a review, a market report)
    signals = PageSignals(
        og_type="article", has_article_node=True, declares_date=True, word_count=800, lines=14,
        prices=6, cart=1, own_headline=True, block_paragraphs=12, block_words=760,
        long_line_share=0.9, slug_words=8,
    )  # fmt: skip
    # When judged / Then it is an article
    assert judge_page(signals).is_article


def test_every_reason_has_a_detail_for_the_reader() -> None:
    assert set(REASONS) == {
        "section_front", "listing", "product_page", "service_page", "navigation_only",
        "cookie_wall", "pdf_viewer", "no_text",
    }  # fmt: skip
    assert all(detail.endswith(".") for detail in REASONS.values())


@pytest.mark.parametrize("url", ["http://[", "https://[::1", "", "not a url"])
def test_a_broken_address_is_judged_without_error(url: str) -> None:
    # Given an article sent with an address that does not parse / When read / Then it is judged
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    assert read_page(html, url).judgement.page_type in {"article", "listing", "front", "other"}


def _product_page(padding: str) -> str:
    """A shop's page that declares a product, with ``padding`` before its buy buttons."""
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Oak desk</title>"
        '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product",'
        '"name":"Oak desk"}</script></head><body><h1>Oak standing desk</h1>'
        f"{padding}"
        "<p>Our solid oak standing desk rises from 62 to 127 centimetres at the push of a button, "
        "with two quiet motors and a memory for four heights, oiled by hand in our workshop.</p>"
        "<p>Free delivery within five working days. Assembly takes about twenty minutes with the "
        "tools in the box, and our team answers questions by phone every day of the week.</p>"
        "<form action='/cart/add'><button class='add-to-cart'>Add to cart</button></form>"
        "<button class='buy-now'>Buy now</button></body></html>"
    )


def test_buy_buttons_far_down_a_large_page_are_read_from_the_tree() -> None:
    # Given a product page whose buy buttons come after 500,000 characters of markup (an inline
    # style sheet): the raw-HTML scan read only the first 400,000 characters and missed them
    padding = "<style>" + ".c{color:red}\n" * 36_000 + "</style>"
    html = _product_page(padding)
    assert html.index("add-to-cart") > 400_000
    # When read
    reading = read_page(html, "https://shop.example/desks/oak-standing-desk")
    # Then the controls are counted and the page is refused as a shop page
    assert reading.signals.cart >= 3
    assert (reading.judgement.page_type, reading.judgement.reason) == ("product", "product_page")


def test_words_in_scripts_are_not_buy_controls() -> None:
    # Given a news article whose analytics script names "add_to_cart" and "buy_now" events
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    script = "<script>track('add_to_cart');track('buy_now');var s='book-now free-trial';</script>"
    html = html.replace("</body>", f"{script}</body>")
    # When read / Then no control is counted and it is an article
    reading = read_page(html, "https://www.example-news.test/2024/05/reservoir")
    assert reading.signals.cart == 0
    assert reading.is_article


def test_microdata_types_are_read_from_the_tree() -> None:
    # Given a page that declares a product in microdata only
    html = _product_page("").replace(
        "<h1>", "<div itemscope itemtype='https://schema.org/Product'><h1>"
    )
    html = html.replace("</body>", "</div></body>")
    # When read / Then the type is among the declared ones
    reading = read_page(html, "https://shop.example/desks/oak")
    assert "product" in reading.signals.declared_types


def test_a_list_page_shows_what_its_text_is_made_of() -> None:
    # Given a page that is a long list of short entries under an address that says so
    items = "".join(
        f"<li><a href='/wiki/L{i}'>Language {i}</a> (19{i % 90 + 10})</li>" for i in range(120)
    )
    html = (
        "<html><head><title>List of programming languages</title></head><body>"
        "<h1>List of programming languages</h1><p>This is an alphabetical list of notable "
        f"programming languages, with the year each first appeared.</p><ul>{items}</ul></body></html>"
    )
    # When read
    signals = read_page(html, "https://en.wiki.example/wiki/List_of_programming_languages").signals
    # Then the signals say what the layout is made of (extraction keeps the prose, not the list)
    assert (signals.list_items, signals.anchors) == (120, 120)
    assert signals.url_listing_word and not signals.url_service_word


def test_one_booking_link_on_a_page_that_declares_an_offer_is_not_a_shop_by_rule() -> None:
    # Given the signals of a long holiday-home description that declares an offer and has one
    # booking link (trafilatura-dev counts such a page as an article)
    base: dict[str, Any] = {
        "og_type": "website", "declared_types": frozenset({"product", "offer"}),
        "word_count": 2300, "lines": 40, "own_headline": True, "block_paragraphs": 10,
        "block_words": 1800, "long_line_share": 0.8, "sentence_line_share": 0.9,
        "slug_words": 2, "path_depth": 3,
    }  # fmt: skip
    # When judged with one control / Then the product rule does not refuse it
    judgement = judge_page(PageSignals(**base, cart=1), score=-5.0)
    assert judgement.is_article
    # And with two controls it does
    judgement = judge_page(PageSignals(**base, cart=2), score=-5.0)
    assert judgement.reason == "product_page"


def test_an_article_with_an_faq_block_is_labelled_an_article_not_a_forum() -> None:
    # Given the signals of an article whose JSON-LD declares an FAQ with its questions
    signals = PageSignals(
        og_type="article", declared_types=frozenset({"article", "faqpage", "question"}),
        has_article_node=True, word_count=900, lines=20, own_headline=True,
        block_paragraphs=12, block_words=800, long_line_share=0.9, slug_words=6,
    )  # fmt: skip
    # When judged / Then it is an article, and not labelled a forum thread
    judgement = judge_page(signals, score=-5.0)
    assert (judgement.page_type, judgement.is_article) == ("article", True)
    # While a declared forum posting still is one
    thread = PageSignals(
        **{**asdict(signals), "declared_types": frozenset({"discussionforumposting"})}
    )
    assert judge_page(thread, score=-5.0).page_type == "forum"


def test_a_short_page_that_declares_an_article_and_is_prose_is_summarised() -> None:
    # Given the signals of a 19-word blog post that declares itself an article (trafilatura-dev
    # has such a page, read in full: the post is that short)
    post = PageSignals(
        og_type="article", declares_date=True, word_count=19, lines=1, headline_links=1,
        sentence_line_share=1.0, url_has_date=True, slug_words=2, short_text_sentences=5,
    )  # fmt: skip
    # When judged / Then it is an article, not refused for too little text
    judgement = judge_page(post, score=5.0)
    assert (judgement.page_type, judgement.is_article) == ("article", True)
    # While the same words as menu labels, without a declaration, or under the floor are refused
    for refused in (
        PageSignals(**{**asdict(post), "sentence_line_share": 0.2}),
        PageSignals(**{**asdict(post), "og_type": "", "declares_date": False}),
        PageSignals(**{**asdict(post), "headline_links": 39}),
        PageSignals(**{**asdict(post), "word_count": 9}),
        PageSignals(**{**asdict(post), "short_text_sentences": 1}),
    ):
        assert not judge_page(refused, score=-5.0).is_article


def test_an_image_page_that_declares_an_article_is_still_refused() -> None:
    # Given the one-image fixture (it declares itself an article) with a one-sentence caption
    # long enough for a short article
    html = _read("image_only.html").replace(
        "Photo: Jane Doe",
        "The harbour at sunset on Tuesday, seen from the old lighthouse above the fishing boats"
        " and the ferry pier.",
    )
    # When read / Then it is refused for too little text, never summarised
    reading = read_page(html, SECTION_URL)
    assert (reading.is_article, reading.judgement.reason) == (False, "no_text")


def test_what_the_title_headline_and_text_say_is_read() -> None:
    # Given a service page: its title, headline and sections name the offer, its text asks the
    # reader to act
    body = " ".join(
        ["We offer personal training for every level, and our team will plan each session."] * 6
    )
    html = (
        "<html><head><title>Personal Training Services | Gym</title></head><body>"
        "<h1>Services</h1>"
        f"<h2>Pricing</h2><p>{body}</p><h2>Why us</h2><p>{body} Contact us to book a session."
        " Read more about the coaches. View all classes.</p></body></html>"
    )
    # When read
    signals = read_page(html, "https://gym.example/personal-training").signals
    # Then the signals say so
    assert signals.title_service and signals.headline_service and signals.plural_headline
    assert not signals.title_listing and not signals.headline_listing
    assert signals.service_headings == 1
    assert signals.offer_phrases >= 7 and signals.catalogue_phrases == 2
    # And a list's title is read as an index
    listing = (
        "<html><head><title>List of Nobel laureates</title></head><body><h1>List of"
        " Nobel laureates</h1><p>" + body + "</p></body></html>"
    )
    signals = read_page(listing, "https://en.wiki.example/wiki/Nobel").signals
    assert signals.title_listing and signals.headline_listing and not signals.plural_headline


@pytest.mark.parametrize(
    ("pitch", "report"),
    [
        (
            "Our certified experts offer affordable consultation for every client. Book an "
            "appointment today: free quotes, guaranteed prices and discounts for new customers.",
            'The council said on Tuesday that the bridge would reopen in March. "We expect '
            'traffic to return," the mayor said, according to a statement.',
        ),
        (
            "Unsere Experten bieten kostenlose Beratung: jetzt Termin vereinbaren, faire Preise "
            "und Angebote für neue Kunden. Kontakt aufnehmen und Leistungen vergleichen.",
            "Der Stadtrat erklärte am Dienstag, die Brücke werde im März wieder geöffnet. "
            "„Wir rechnen mit mehr Verkehr“, sagte die Bürgermeisterin laut einer Mitteilung.",
        ),
        (
            "Nos experts vous proposent un devis gratuit et des tarifs clairs: contactez-nous, "
            "offre spéciale pour les nouveaux clients. Servicios y precios para clientes.",
            "Le conseil a déclaré mardi que le pont rouvrirait en mars. « Nous attendons plus "
            "de trafic », a déclaré la maire, selon un communiqué.",
        ),
    ],
)
def test_what_sales_text_says_is_read_apart_from_what_news_says(pitch: str, report: str) -> None:
    # Given a page of sales text and a page of news, in the same language
    def page(text: str) -> str:
        return f"<html><body><h1>A page</h1><p>{' '.join([text] * 4)}</p></body></html>"

    # When both are read
    sales = read_page(page(pitch), "https://shop.example/offer").signals
    news = read_page(page(report), "https://news.example/2024/05/bridge").signals
    # Then the sales text has the words of a sale, the news the dates and quotes
    assert sales.offer_words > 0.15 and sales.sales_words > 0.1
    assert news.offer_words < 0.05 and news.sales_words == 0
    assert news.date_words > 0.04 and sales.date_words == 0
    assert news.quote_marks > 0.03 and sales.quote_marks == 0


def test_a_refused_page_whose_title_and_text_make_an_offer_is_named_a_service_page() -> None:
    # Given the signals of a refused page under a menu of many links, whose title names an offer
    # and whose text makes one
    page: dict[str, Any] = {
        "og_type": "website", "word_count": 600, "lines": 40, "headline_links": 30,
        "path_depth": 1, "title_service": True, "offer_phrases": 4,
    }  # fmt: skip
    # When judged refused / Then it is named a service page, not a front or a listing
    judgement = judge_page(PageSignals(**page), score=9.0)
    assert (judgement.page_type, judgement.reason) == ("service", "service_page")
    # While a title that names an index keeps it a listing
    judgement = judge_page(PageSignals(**page, title_listing=True), score=9.0)
    assert judgement.reason in {"listing", "section_front"}


# Attacks on the short-article rule (issue 16, atk16): pages of 15-39 words that declare an
# article and are prose of two sentences or more, but are furniture in front of the text.
_DECLARES_ARTICLE = (
    '<meta property="og:type" content="article"><script type="application/ld+json">'
    '{"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour budget",'
    '"datePublished":"2026-12-01T10:00:00Z"}</script>'
)
_MENU = "<nav><a href='/'>Home</a><a href='/news'>News</a><a href='/sport'>Sport</a></nav>"
_ARTICLE_URL = "https://www.harbourcourier.example/news/2026/12/01/harbour-budget"


def _declared_article(title: str, body: str, head: str = _DECLARES_ARTICLE) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title>{head}</head>"
        f"<body>{_MENU}{body}</body></html>"
    )


_SHORT_FURNITURE = {
    "consent dialog": _declared_article(
        "Harbour news",
        "<div class='consent'><h2>Before you continue</h2><p>We and our partners store and access"
        " information on your device to show personalised ads and measure audiences. By clicking"
        " agree you allow this processing for all the purposes listed in our notice.</p>"
        "<button>Agree</button><button>More options</button></div>",
    ),
    "paywall stub": _declared_article(
        "Council approves budget",
        "<h1>Council approves new harbour budget</h1><div class='paywall'><p>This article is for"
        " subscribers only. Subscribe to continue reading and get unlimited access to all our"
        " journalism. Already a subscriber? Log in.</p><a href='/subscribe'>Subscribe</a>"
        "<a href='/login'>Log in</a></div>",
    ),
    "page not found": _declared_article(
        "Page not found",
        "<h1>Page not found</h1><p>Sorry, the page you were looking for does not exist or has"
        " been moved. Please check the address or use the search box to find what you need.</p>"
        "<p>Error 404.</p>",
    ),
    "page not found, other words": _declared_article(
        "Oops",
        "<h1>Oops! We can't find that page.</h1><p>The article you requested may have been"
        " removed, had its name changed or is temporarily unavailable. Try going back to the"
        " home page of our site.</p>",
    ),
    "page not found, with stories": _declared_article(
        "Page not found",
        "<h1>Page not found</h1><p>Sorry, the page you were looking for does not exist or has"
        " been moved. Please check the address or use the search box to find what you need. You"
        " might be interested in these stories instead:</p><ul>"
        + "".join(
            f"<li><a href='/news/{i}'>Council approves new harbour budget after a long debate"
            f" number {i}</a></li>"
            for i in range(6)
        )
        + "</ul>",
    ),
    "login page": _declared_article(
        "Sign in",
        "<h1>Sign in to your account</h1><p>Enter your email address and password to sign in to"
        " your account. Forgot your password? We will send you a link to reset it.</p>"
        "<form><input name='email'><input type='password' name='pw'><button>Sign in</button>"
        "</form>",
    ),
    "age gate": _declared_article(
        "Age verification",
        "<h1>Are you of legal drinking age?</h1><p>You must be 18 years or older to enter this"
        " website. Please confirm your date of birth to continue to the content of this page.</p>"
        "<button>Yes, I am 18</button><button>No</button>",
    ),
}


@pytest.mark.parametrize("case", sorted(_SHORT_FURNITURE))
def test_a_short_page_declaring_an_article_that_is_a_wall_or_error_is_refused(case: str) -> None:
    # Given a page of 15-39 words that declares an article and reads as two sentences of prose,
    # but is a consent dialog, a paywall, an error, a login page or an age gate
    html = _SHORT_FURNITURE[case]
    # When read
    reading = read_page(html, _ARTICLE_URL)
    # Then it is refused as too little text (or a consent notice), never summarised
    assert rules_min_words_apply(reading.signals.word_count)
    assert not reading.is_article
    assert reading.judgement.reason in {"no_text", "cookie_wall"}
    with pytest.raises(NotAnArticle):
        extract_article(html, _ARTICLE_URL)


def rules_min_words_apply(words: int) -> bool:
    return 15 <= words < 40


@pytest.mark.parametrize(
    "prose",
    [
        "The harbour ferry resumed its crossings on Tuesday morning after two days of storm. The"
        " operator said the first boats were full and more would run in the afternoon.",
        "Police said the missing sailor had not been found by Tuesday night. Divers will search"
        " the harbour again at dawn, and the coast guard asked boat owners to check their moorings.",
        "A leak exposed the email and password of 2,000 council staff, the city said on Tuesday."
        " Staff must change their passwords by Friday, and no resident data was taken.",
    ],
    ids=["ferry", "not been found", "password leak"],
)
def test_a_short_real_article_is_still_summarised(prose: str) -> None:
    # Given a short declared article whose prose is news (some of it naming what gates say)
    html = _declared_article("Harbour news", f"<h1>Harbour news in brief</h1><p>{prose}</p>")
    # When read / Then it is an article
    reading = read_page(html, _ARTICLE_URL)
    assert reading.signals.word_count < 40
    assert reading.is_article, reading.judgement


def _wall_of_cart_buttons(cards: int, head: str = "") -> str:
    card = (
        "<div class='card'><h3>Item</h3><span>€9.99</span>"
        "<button class='add-to-cart'>Add to cart</button></div>"
    )
    return _declared_article(
        "Shop",
        "<h1>All products</h1><p>Our products are made with care in our small workshop by the"
        " river in the old town of the city.</p>" + card * cards,
        head=head,
    )


@pytest.mark.parametrize(
    ("cards", "head"),
    [(400, ""), (400, _DECLARES_ARTICLE), (40, "")],
    ids=["400 cards", "400 cards, declares an article", "40 cards"],
)
def test_a_wall_of_add_to_cart_buttons_without_a_product_declaration_is_refused(
    cards: int, head: str
) -> None:
    # Given a page of "Add to cart" cards at an article-like address, declaring no product (the
    # trees scored such a page under their threshold: it was summarised as an article)
    html = _wall_of_cart_buttons(cards, head)
    # When read
    reading = read_page(html, _ARTICLE_URL)
    # Then it is refused as a shop page, never summarised
    assert reading.signals.cart >= cards
    assert (reading.is_article, reading.judgement.reason) == (False, "product_page")


_CONSENT = (
    "We and our partners use cookies and similar technologies to store and access information on"
    " your device. We use this for personalised ads and content, ad and content measurement,"
    " audience research and services development. You can accept all cookies, reject them or"
    " manage your privacy settings at any time by clicking the link in the footer of every page."
    " Your consent applies to this website only."
)


def test_a_consent_dialog_of_60_words_on_a_page_declaring_an_article_is_refused() -> None:
    # Given a page that declares an article but whose readable text is a consent dialog of 66
    # words (over the short-page floor, so the rule for short pages does not see it)
    html = _declared_article(
        "Harbour news",
        f"<div class='consent'><h2>We value your privacy</h2><p>{_CONSENT}</p>"
        "<button>Accept all</button><button>Reject all</button></div>",
    )
    # When read
    reading = read_page(html, _ARTICLE_URL)
    # Then it is refused as a consent notice, never summarised
    assert reading.signals.word_count >= 40
    assert (reading.is_article, reading.judgement.reason) == (False, "cookie_wall")


def test_a_short_article_about_cookie_rules_is_still_summarised() -> None:
    # Given a declared news article of about 60 words on cookie consent rules
    html = _declared_article(
        "Cookie rules",
        "<h1>Regulator tightens cookie rules</h1><p>The data protection regulator said on Tuesday"
        " that websites must offer a button to refuse cookies as prominent as the one to accept"
        " them. Sites have six months to change their consent banners, the regulator said, and"
        " fines of up to four percent of turnover are possible for those that do not comply.</p>",
    )
    # When read / Then it is an article: a page about cookies (its headline names them) counts
    # only its notices and labels as consent text, and its news sentences about cookies are none
    reading = read_page(html, _ARTICLE_URL)
    assert not reading.signals.cookie_text
    assert reading.is_article, reading.judgement


@pytest.mark.parametrize(
    "body",
    [
        "<h1>Council approves new harbour budget</h1><p>The city council voted on Tuesday to"
        " approve the budget for the harbour works after a long debate.</p><div class='paywall'>"
        "<h2>Subscribe to continue reading</h2><p>Get unlimited access to all our journalism, the"
        " daily newsletter and the e-paper for one euro a month in the first three months. Cancel"
        " at any time. Already a subscriber? Log in.</p><a href='/subscribe'>Subscribe</a></div>",
        "<h1>Sign in to your account</h1><p>Enter your email address and password to sign in to"
        " your account. Forgot your password? We will send you a link to reset it. New here?"
        " Create a free account to save articles, follow topics and comment on stories from our"
        " newsroom and from our readers around the region.</p><form><input name='email'>"
        "<input type='password' name='pw'><button>Sign in</button></form>",
    ],
    ids=["paywall with a teaser", "login page"],
)
def test_a_paywall_or_login_page_of_40_to_119_words_declaring_an_article_is_refused(
    body: str,
) -> None:
    # Given a page over the short-page floor that declares an article but is a paywall with a
    # one-sentence teaser, or a login page (both were summarised)
    reading = read_page(_declared_article("Harbour news", body), _ARTICLE_URL)
    # When judged / Then it is refused for too little text, never summarised
    assert 40 <= reading.signals.word_count < 120
    assert (reading.is_article, reading.judgement.reason) == (False, "no_text")


def _article_signals(**signals: Any) -> PageSignals:
    base: dict[str, Any] = {
        "og_type": "article", "has_article_node": True, "declares_date": True, "word_count": 850,
        "lines": 40, "own_headline": True, "block_paragraphs": 3, "block_words": 200,
        "long_line_share": 0.3,
    }  # fmt: skip
    return PageSignals(**{**base, **signals})


def test_a_site_root_with_a_wall_of_headline_links_is_a_front_whatever_it_declares() -> None:
    # Given a blog's home page that carries its latest post's article markup: 55 headline links
    # holding more than half of its words
    home = _article_signals(url_is_root=True, headline_links=55, headline_link_words=452)
    # When judged, even with a score of an article
    judgement = judge_page(home, score=-5.0)
    # Then it is refused as a front
    assert not judgement.is_article and judgement.reason == "section_front"
    # And a page at the root whose headline links hold a quarter of its words is still read
    assert judge_page(
        _article_signals(url_is_root=True, headline_links=40, headline_link_words=191),
        score=-5.0,
    ).is_article


def test_a_page_titled_as_a_list_and_made_of_list_items_is_a_listing() -> None:
    # Given Wikipedia's "List of Nobel laureates": declares an article, 308 list items
    html = (
        "<html><head><title>List of Nobel laureates - Wikipedia</title>"
        '<meta property="og:type" content="article"></head><body><h1>List of Nobel laureates</h1>'
        "<p>The Nobel Prizes are awarded annually by several institutions to individuals and"
        " organisations for outstanding contributions in chemistry, physics and other fields.</p>"
        "<ul>"
        + "".join(
            f"<li>Laureate number {i}, for work in physics and chemistry</li>" for i in range(60)
        )
        + "</ul></body></html>"
    )
    # When read
    reading = read_page(html, "https://en.wiki.example/wiki/List_of_Nobel_laureates")
    # Then it is refused as a listing
    assert reading.signals.title_names_list
    assert (reading.is_article, reading.judgement.reason) == (False, "listing")
    # And an article whose title only mentions a list, or that has few list items, is not
    assert not read_page(
        html.replace("<title>List of", "<title>The list of"), "https://x.example/a"
    ).signals.title_names_list
    assert judge_page(_article_signals(title_names_list=True, list_items=12), score=-5.0).is_article


def test_a_listicle_titled_as_a_list_whose_items_are_sentences_is_left_to_the_trees() -> None:
    # Given a blog post titled "List of ..." whose 60 list items are full sentences
    items = "".join(
        f"<li>Restaurant {i} serves a seasonal menu that changes every week, and its owners"
        " say the queue starts at noon.</li>"
        for i in range(60)
    )
    html = (
        "<html><head><title>List of the 60 best restaurants in town</title>"
        '<meta property="og:type" content="article"></head><body><h1>The 60 best restaurants'
        f"</h1><ul>{items}</ul></body></html>"
    )
    # When read
    reading = read_page(html, "https://food.example/2024/05/best-restaurants")
    # Then the list rule does not refuse it (its items are prose)
    assert reading.signals.title_names_list and reading.signals.sentence_line_share >= 0.5
    assert "the title names a list" not in reading.judgement.evidence


def test_links_in_repeated_cards_are_counted_in_the_link_loop() -> None:
    # Given a grid of 15 cards whose headline links sit in parents of one tag and class, under a
    # menu of short links and beside two links of another kind
    cards = "".join(
        f"<div class='card'><h3 class='card-title'><a href='/n/{i}'>Council approves budget "
        f"number {i}</a></h3><p>A teaser of a few words about story {i}.</p></div>"
        for i in range(15)
    )
    menu = "".join(f"<li class='menu-item'><a href='/s/{i}'>Section {i}</a></li>" for i in range(9))
    html = (
        "<html><head><title>News</title></head><body><nav><ul>"
        f"{menu}</ul></nav><h1>Latest news</h1>{cards}"
        "<p class='more'><a href='/a'>See all the latest stories here</a></p>"
        "<footer><a href='/about'>About this newspaper and its staff</a></footer></body></html>"
    )
    # When read / Then the largest group of card links is the grid (menu labels are too short)
    assert read_page(html, "https://news.example/latest").signals.card_links == 15


def test_an_articles_links_are_not_a_wall_of_cards() -> None:
    # Given the news article fixture / When read / Then its links form no large repeated group
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    reading = read_page(html, "https://www.example-news.test/2024/05/reservoir")
    assert reading.signals.card_links < 5
    assert reading.is_article


@pytest.mark.parametrize("related", [12, 48])
def test_an_article_with_a_block_of_related_story_cards_is_still_an_article(related: int) -> None:
    # Given the news article fixture followed by a block of related-story cards of one kind
    cards = "".join(
        f"<div class='related'><h3 class='t'><a href='/r/{i}'>Another related story about the "
        f"region {i}</a></h3></div>"
        for i in range(related)
    )
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    html = html.replace("</body>", f"<aside>{cards}</aside></body>")
    # When read
    reading = read_page(html, "https://www.example-news.test/2024/05/reservoir")
    # Then the cards are counted and the page is still summarised
    assert reading.signals.card_links == related
    assert reading.is_article


def _signals_of(html: str) -> PageSignals:
    return read_page(html, "https://shop.example/catalogue/garden").signals


def test_buy_links_are_counted_one_per_label_never_across_two_labels() -> None:
    # Given links that say "add to cart" (one saying it twice) beside a link "add to" followed
    # by a link "cart" (the cart pattern is first run once over all short labels joined)
    links = (
        '<a href="/1">Add to cart</a><a href="/2">Add to cart</a>'
        '<a href="/3">add to cart, add to cart</a><a href="/4">add to</a><a href="/5">cart</a>'
    )
    prose = "<p>" + "The garden centre opened a new hall for plants this spring. " * 8 + "</p>"
    # When the page is read
    signals = _signals_of(f"<html><body><h1>Garden tools</h1>{prose}{links}</body></html>")
    # Then each label that says it counts once, and the two halves not at all
    assert signals.cart == 3


def test_headings_inside_or_holding_a_link_are_linked_and_the_others_may_name_an_offer() -> None:
    # Given headings that hold a link, sit three levels inside one, four levels inside one, and
    # two that hold none (one naming an offer), read in the one walk of the tree
    prose = "<p>" + "The council met on Tuesday to discuss the budget for the year. " * 8 + "</p>"
    headings = (
        '<h2><a href="/a">Storm floods the town</a></h2>'
        '<a href="/b"><div><div><h3>Council budget approved</h3></div></div></a>'
        '<a href="/c"><div><div><div><h3>Four levels down</h3></div></div></div></a>'
        "<h4>Our services</h4><h2>What happened</h2>"
    )
    # When the page is read
    signals = _signals_of(f"<html><body><h1>News</h1>{prose}{headings}</body></html>")
    # Then two are linked, and of the other three one names an offer
    assert (signals.headings, signals.linked_headings, signals.service_headings) == (5, 2, 1)


def test_forum_text_is_counted_when_the_text_says_posts_and_joined() -> None:
    # Given a thread whose text carries a forum's post counts and join dates
    posts = "".join(
        f"<p>Joined: March 2019 Posts: {n} I had the same problem with the boiler last winter "
        "and the fitter replaced the valve for me.</p>"
        for n in (12, 40, 7)
    )
    # When it is read
    signals = _signals_of(f"<html><body><h1>Boiler valve</h1>{posts}</body></html>")
    # Then every "Joined:" and "Posts: n" counts as a forum marker
    assert signals.forum == 6


def test_a_story_headline_over_a_consent_banner_is_a_cookie_wall() -> None:
    # Given a page that declares an article and shows only its headline and a consent banner,
    # one sentence a paragraph (the SemEval page "Einigung über erste schwarz-grüne Regierung in
    # Österreich"): the extraction drops the banner's lines as page notices
    banner = [
        "Wir verwenden auf unserer Webseite Cookies und pseudonyme Analysetechniken, um unseren "
        "Internetauftritt möglichst benutzerfreundlich zu gestalten.",
        "Zudem messen und werten wir die Besuche aus, um unsere Webseite optimal auf Ihre "
        "Bedürfnisse anzupassen.",
        "Weitere Informationen, auch zur Deaktivierung von Cookies, finden Sie in unseren "
        "Datenschutzhinweisen.",
    ]
    html = _declared_article(
        "Einigung über erste schwarz-grüne Regierung in Österreich",
        "<h1>Einigung über erste schwarz-grüne Regierung in Österreich</h1><p>OK</p>"
        + "".join(f"<p>{line}</p>" for line in banner),
    ).replace("lang='en'", "lang='de'")
    # When read
    reading = read_page(html, _ARTICLE_URL)
    # Then the banner is not the article's text, and the page is refused as a consent notice
    # (the reader is told to accept or close it and click again), not as a page without text
    assert "Cookies" not in reading.article.text
    assert (reading.is_article, reading.judgement.reason) == (False, "cookie_wall")
