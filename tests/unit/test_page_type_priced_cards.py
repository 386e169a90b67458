"""The priced-card rule of the page-type judgement (issue 16, ninth round, i16n): a page that
declares no article and shows a grid of cards, each with its own link and its own price, is a
shop's (or an estate agent's) list of offers. Extraction keeps such a page's guide prose, not its
grid, so its text reads like an article and shows no price."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

from parallax.domain.extraction import read_page
from parallax.domain.extraction.html_input import parse_html
from parallax.domain.extraction.metadata import scan_page
from parallax.domain.page_type import (
    PRICED_CARD_MAX_SCAN,
    PRICED_CARD_WALL_MIN,
    PageSignals,
    _read_links,
    _read_priced_cards,
    _space_words,
    judge_page,
)
from tests.support.cpu_budget import thread_cpu

_SHOP_URL = "https://www.gummies.example/cbd-gummies"
_ROUNDUP_URL = "https://www.gearguide.example/best-camping-stoves"
# A shop's guide above its grid: prose, so that the page reads like an article to the trees.
_GUIDE = "<h1>CBD Gummies</h1>" + "".join(
    f"<p>{p}</p>"
    for p in (
        "Our gummies are made with broad spectrum hemp extract and natural fruit flavours, and "
        "every batch is tested by an independent laboratory before it leaves the kitchen.",
        "Choose the strength that suits your day: a light dose for the afternoon, a stronger one "
        "for the evening, and a sugar free recipe for those who watch what they eat.",
        "Every order ships within two working days, and subscribers save a fifth on each delivery "
        "and can pause or change their plan whenever they like, without any fee.",
        "Read the label of each product for its ingredients and its dose, and ask your doctor "
        "before you take it if you are pregnant or take other medicines every day.",
    )
)


def _product_card(number: int) -> str:
    # An image link, a reviews link (the same product, another fragment), a name link and a
    # price, as greenroads.com's cards (wcxb-dev 0641) are built.
    address = f"/gummies/relax-berries-{number}/"
    return (
        f"<div class='grid-item'><div class='product-card'><div class='figure'>"
        f"<a href='{address}'><img src='/img/{number}.jpg' alt=''></a></div>"
        f"<a class='rating' href='{address}#tab-reviews'>{100 + number} Reviews</a>"
        f"<div class='title'><a href='{address}'>Relax Berries Gummies, {number}0 count</a></div>"
        f"<div class='prices'><span class='price'>${19 + number}.99</span>"
        "<span>Subscribe and Save</span></div></div></div>"
    )


def _shop_grid(cards: int) -> str:
    return (
        "<!DOCTYPE html><html lang='en'><head><title>CBD Gummies | Gummies</title>"
        "<meta property='og:type' content='website'></head><body><nav><a href='/'>Home</a>"
        f"<a href='/shop/'>Shop</a></nav><main>{_GUIDE}<div class='grid'>"
        f"{''.join(_product_card(i) for i in range(cards))}</div></main></body></html>"
    )


def _roundup(picks: int) -> str:
    """A "best of" list declaring nothing: each pick a linked name, a review in sentences, a
    price and a shop's link."""
    items = "".join(
        f"<div class='pick'><h3><a href='/reviews/stove-{i}'>Trail Stove Model {i} Review</a>"
        "</h3><p>We cooked breakfast and dinner on this stove for a week in the hills, and it "
        "boiled a litre of water in under four minutes even when the wind picked up in the "
        f"evening.</p><span class='price'>${40 + i}.99</span>"
        f"<a href='https://shop.example/stove-{i}'>Check price</a></div>"
        for i in range(12)
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><title>The best camping stoves</title></head>"
        "<body><h1>The best camping stoves we tested this year</h1>"
        "<p>We tested twelve stoves on three trips, in rain, wind and snow, and weighed each one "
        "with its fuel, because what you carry matters as much as how fast it boils.</p>"
        f"{items}</body></html>"
    )


def _priced_cards(html: str) -> int:
    """The priced cards of a page, read whatever it declares."""
    links = _read_links(scan_page(parse_html(html)).anchors, _space_words)
    return _read_priced_cards(links.card_parents, links.card_anchors, "gummies.example")


def test_a_priced_grid_declaring_no_article_is_refused_when_read() -> None:
    # Given a shop's category page declaring no article: a guide in prose above 12 product
    # cards, each with its own link and price (extraction drops the grid; main's trees scored it
    # -0.25 and summarised it)
    html = _shop_grid(12)
    # When read
    reading = read_page(html, _SHOP_URL)
    # Then its 12 priced cards are seen, and it is refused as a shop's list of products, with
    # them as evidence
    assert reading.signals.priced_cards == 12
    assert not reading.is_article
    assert reading.judgement.reason == "product_page"
    assert any(
        "12 cards, each with its own link and price" in e for e in reading.judgement.evidence
    )


def test_the_rule_refuses_whatever_the_trees_score_unless_the_page_declares_an_article() -> None:
    # Given the signals of a page with 10 priced cards, scored as an article by the trees
    grid = PageSignals(word_count=900, lines=40, priced_cards=10)
    # When judged / Then it is refused
    judged = judge_page(grid, score=-10.0, offer_score=-10.0)
    assert not judged.is_article
    assert judged.page_type == "listing"
    # But a page declaring an article, or with fewer priced cards, is left to the trees
    for spared in (
        replace(grid, og_type="article"),
        replace(grid, has_article_node=True),
        replace(grid, declares_date=True),
        replace(grid, priced_cards=PRICED_CARD_WALL_MIN - 1),
    ):
        assert judge_page(spared, score=-10.0, offer_score=-10.0).is_article


def test_a_best_of_list_with_a_price_per_pick_is_read_as_no_grid() -> None:
    # Given a "best of" list declaring no article: 12 picks, each a linked name, a review in
    # sentences, a price and a shop's link (the article the rule must not refuse)
    # When its priced cards are read / Then none counts: a pick that reviews in sentences is
    # not a product card
    assert _priced_cards(_roundup(12)) == 0
    # and read whole, the page is not refused by the rule
    reading = read_page(_roundup(12), _ROUNDUP_URL)
    assert reading.signals.priced_cards == 0
    assert not any("each with its own link and price" in e for e in reading.judgement.evidence)


def _deals(items: int, shop: str) -> str:
    """A list of deals declaring nothing: each a linked product and its price, no prose."""
    deals = "".join(
        f"<div class='deal'><a href='{shop}/dp/B0{i:04}'>Trail Stove Model {i}, two burners</a>"
        f"<span class='price'>${40 + i}.99</span></div>"
        for i in range(items)
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Today's camping deals</title></head><body>"
        f"<h1>Today's camping deals</h1><div class='deals'>{deals}</div></body></html>"
    )


def test_a_list_of_deals_leading_to_other_shops_is_read_as_no_grid() -> None:
    # Given a list of 12 deals declaring nothing, each a product linked to another shop and its
    # price, without a sentence of review
    # When its priced cards are read / Then none counts: a shop's grid leads to its own products
    assert _priced_cards(_deals(12, "https://www.amazon.example")) == 0
    # while the same cards leading to the page's own site (relative, absolute, a subdomain) count
    assert _priced_cards(_deals(12, "")) == 12
    assert _priced_cards(_deals(12, "https://www.gummies.example")) == 12
    assert _priced_cards(_deals(12, "https://shop.gummies.example")) == 12
    assert _priced_cards(_deals(12, "javascript:void(0)//")) == 0


def test_a_cards_links_to_one_product_make_one_card() -> None:
    # Given product cards whose image, name and reviews ("#tab-reviews") link to one product
    # When read / Then each product is one priced card, not three
    assert _priced_cards(_shop_grid(9)) == 9


def test_prices_that_are_not_alone_in_their_text_do_not_price_a_card() -> None:
    # Given cards whose only money is inside a sentence ("Save $5 on ...") or a year
    html = _shop_grid(12).replace("$", "Save $").replace("<span>Subscribe", "<span>2024 Subscribe")
    # When read / Then no card is priced
    assert _priced_cards(html) == 0


def test_a_page_declaring_an_article_is_not_read() -> None:
    # Given the same grid on a page that declares an article
    html = _shop_grid(12).replace("content='website'", "content='article'")
    # When read / Then the priced cards are not read at all (the rule could not refuse it)
    assert read_page(html, _SHOP_URL).signals.priced_cards == 0


def test_a_hostile_grid_of_20000_priced_cards_is_read_in_bounded_time() -> None:
    # Given a page of 20,000 priced product cards (about 6 MB), its links grouped
    links = _read_links(scan_page(parse_html(_shop_grid(20_000))).anchors, _space_words)
    # When its priced cards are read
    with thread_cpu() as cpu:
        priced = _read_priced_cards(links.card_parents, links.card_anchors, "gummies.example")
    # Then only the first links of each group are looked at, quickly
    assert priced == PRICED_CARD_MAX_SCAN
    assert cpu.seconds < 0.5


def test_the_training_switch_turns_the_rule_off_but_still_reads_the_signal(
    page_type_training: ModuleType,
) -> None:
    # Given the training script's options with --priced-cards off
    training = page_type_training
    # When the options are applied
    training.set_teaser_card_wall(training.parse_args(["--priced-cards", "off"]))
    # Then no page is refused by the rule, but the cards are still read (a signals cache written
    # by an "off" run holds them as an "on" run would)
    reading = read_page(_shop_grid(12), _SHOP_URL)
    assert reading.signals.priced_cards == 12
    assert not any("each with its own link and price" in e for e in reading.judgement.evidence)


def test_a_group_whose_first_cards_show_no_price_is_read_no_further() -> None:
    # Given a list whose first four cards are unpriced posts, then ten priced product cards in
    # the same shape (a menu or a list of posts is not a grid, whatever follows in it)
    posts = "".join(_product_card(i).replace(f"${19 + i}.99", "Read the story") for i in range(4))
    grid = "".join(_product_card(i) for i in range(4, 14))
    html = _shop_grid(0).replace("<div class='grid'>", f"<div class='grid'>{posts}{grid}")
    # When read / Then the group is left after its first cards: no priced card is counted
    assert _priced_cards(html) == 0
    # But with one of the first four priced, the whole group is read
    html = _shop_grid(0).replace(
        "<div class='grid'>",
        f"<div class='grid'>{posts.replace('Read the story', '$5.99', 1)}{grid}",
    )
    assert _priced_cards(html) == 11
