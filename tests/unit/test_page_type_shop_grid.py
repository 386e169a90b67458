"""Shop grids: a shop's category page declares what it is (issue 16, i16j).

A grid of product cards with prices and no buy buttons (IKEA's, Thomann's, Shopify's collections)
was scored by the trees just under their threshold and summarised as an article. Such pages
declare ``og:type`` ``product.group``; no article page of the article sets does.
"""

from __future__ import annotations

from parallax.domain.extraction import read_page
from parallax.domain.extraction.html_input import parse_html
from parallax.domain.extraction.metadata import scan_page
from parallax.domain.page_type import PageSignals, judge_page, read_signals
from tests.support.cpu_budget import thread_cpu

_SHOP_URL = "https://www.guitars.example/gb/electric_guitars.html"
_ARTICLE_URL = "https://www.harbourcourier.example/business/2026/12/01/guitar-prices-rise"
_GROUP = '<meta property="og:type" content="product.group">'
_DECLARES_ARTICLE = (
    '<meta property="og:type" content="article"><script type="application/ld+json">'
    '{"@context":"https://schema.org","@type":"NewsArticle","headline":"Guitar prices rise",'
    '"datePublished":"2026-12-01T10:00:00Z"}</script>'
)
# A shop's guide above its grid: prose, so that the page reads like an article to the trees.
_GUIDE_PROSE = (
    "Good news for everybody who is looking to buy an electric guitar: we have a virtually endless"
    " selection of instruments on offer, which cater to almost every requirement.",
    "From guitars for children and beginners to hand-built signature models for professional"
    " players, every style and every budget finds its instrument in our range.",
    "Solid bodies, semi-acoustics and hollow bodies differ in sound, weight and feedback, so take"
    " your time and compare the pickups, the neck profile and the scale length before you choose.",
    "Our advisers play every model themselves and are happy to help you find the right one by"
    " phone or e-mail, and every order comes with thirty days to change your mind.",
)
_GUIDE = "<h1>Electric Guitars</h1>" + "".join(f"<p>{p}</p>" for p in _GUIDE_PROSE)


def _card(number: int) -> str:
    return (
        f"<div class='product-card'><a href='/gb/guitar_{number}.htm'>"
        f"<span class='title'>Harbour Model {number} Sunburst</span></a>"
        f"<span class='price__primary'>£{100 + number % 900}</span></div>"
    )


def _shop_grid(cards: int, head: str = _GROUP) -> str:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>Electric Guitars | Guitars</title>{head}"
        f"</head><body><nav><a href='/'>Home</a><a href='/gb/guitars.html'>Guitars</a></nav>"
        f"<main>{_GUIDE}<div class='grid'>{''.join(_card(i) for i in range(cards))}</div></main>"
        "</body></html>"
    )


def test_a_shop_grid_declaring_a_group_of_products_is_refused_as_a_shops_list() -> None:
    # Given a category page of 12 priced product cards (£) under a guide in prose, no buy
    # buttons, declaring og:type product.group (extraction keeps the guide, not the grid: the
    # trees scored it +1.69 against a threshold of +1.70 and it was summarised)
    html = _shop_grid(12)
    # When read
    reading = read_page(html, _SHOP_URL)
    # Then it is refused as a shop's list of products, with the declaration as its evidence
    assert not reading.is_article
    assert (reading.judgement.page_type, reading.judgement.reason) == ("listing", "product_page")
    assert any("product.group" in e for e in reading.judgement.evidence)


def test_a_catalogue_of_offers_that_declares_no_article_is_a_shops_list() -> None:
    # Given the signals of a page declaring a schema.org OfferCatalog and no article
    signals = PageSignals(declared_types=frozenset({"offercatalog"}), word_count=400, lines=30)
    # When judged, whatever the trees score / Then it is a shop's list
    judgement = judge_page(signals, score=-9.0)
    assert (judgement.is_article, judgement.reason) == (False, "product_page")


def test_a_page_that_declares_an_article_is_left_to_the_trees() -> None:
    # Given the signals of a page declaring an article node beside a catalogue of offers
    signals = PageSignals(
        og_type="website", has_article_node=True, declares_date=True,
        declared_types=frozenset({"offercatalog", "newsarticle"}), word_count=800, lines=14,
    )  # fmt: skip
    # When the trees score it as an article / Then the declaration rule does not refuse it
    judgement = judge_page(signals, score=-9.0)
    assert judgement.is_article, judgement


def test_an_article_that_mentions_prices_is_still_an_article() -> None:
    # Given a declared news article naming prices in pounds, euros and dollars
    prose = "".join(
        f"<p>Dealers said a sunburst model that cost £{400 + i} last spring now sells for"
        f" €{520 + i},00 in Germany and ${610 + i} in New York, according to the trade"
        " association, which expects prices to keep rising through the winter months.</p>"
        for i in range(8)
    )
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>Guitar prices rise</title>"
        f"{_DECLARES_ARTICLE}</head><body><article><h1>Guitar prices rise across Europe"
        f"</h1>{prose}</article></body></html>"
    )
    # When read / Then it is an article
    reading = read_page(html, _ARTICLE_URL)
    assert reading.is_article, reading.judgement


def test_a_hostile_page_of_20000_price_cards_is_judged_in_bounded_time() -> None:
    # Given a page of 20,000 priced product cards (its parsed tree and a text of every card)
    html = _shop_grid(20_000)
    tree = parse_html(html)
    scan = scan_page(tree)
    cards = "\n".join(f"Harbour Model {i} Sunburst\n£{100 + i % 900}" for i in range(20_000))
    text = "\n".join((*_GUIDE_PROSE, cards))
    # When its signals are read and judged
    with thread_cpu() as cpu:
        signals = read_signals(
            html=html, tree=tree, text=text, word_count=len(text.split()), anchors=scan.anchors,
            headlines=scan.h1, url=_SHOP_URL, url_is_root=False, paragraphs=(),
            og_type="product.group", jsonld_types=frozenset(), has_article_node=False,
            declares_date=False, has_date=False,
            has_author=False, times=0,
        )  # fmt: skip
        judgement = judge_page(signals)
    # Then it is refused as a shop's list, prices are read from the text sample only, and the
    # judgement takes well under a second (about 0.14 s here; the page itself is 3.2 MB)
    assert (judgement.is_article, judgement.reason) == (False, "product_page")
    assert 0 < signals.prices < 2_000
    assert cpu.seconds < 2.0, cpu.seconds
