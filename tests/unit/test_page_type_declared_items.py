"""The declared-item rule of the page-type judgement (issue 16, ninth round, i16p): a page that
declares no article and whose JSON-LD lists many items of one kind (courses, products, offers,
list items) is a list of them; an article declares itself, and a review declares one product."""

from __future__ import annotations

import json
from dataclasses import replace

from parallax.domain.extraction import read_page
from parallax.domain.page_type import (
    DECLARED_ITEMS_MAX_NODES,
    DECLARED_ITEMS_MIN,
    PageSignals,
    _read_declared_items,
    judge_page,
)
from tests.support.cpu_budget import thread_cpu

PROSE = (
    "This learning path guides you through a curated collection of courses, labs and badges that "
    "give you real experience with the tools that engineers use every day at work. Part {}."
)


def _page(jsonld: object, body: str, title: str = "Machine Learning Engineer") -> str:
    return (
        f"<html><head><title>{title}</title><script type='application/ld+json'>"
        f"{json.dumps(jsonld)}</script></head><body><h1>{title}</h1>{body}</body></html>"
    )


def _learning_path(courses: int) -> str:
    # As skills.google's paths (0077) declare one: a Course whose parts are courses, rendered by
    # scripts, so that the page shows only the path's description
    jsonld = {
        "@context": "https://schema.org/",
        "@type": "Course",
        "name": "Machine Learning Engineer",
        "offers": [{"@type": "Offer", "category": "Subscription"}],
        "hasPart": [
            {"@type": "Course", "name": f"Course {i}", "description": "Build models on data."}
            for i in range(courses)
        ],
    }
    body = "".join(f"<p>{PROSE.format(i)}</p>" for i in range(4))
    return _page(jsonld, f"<p>Path</p><p>{courses} activities</p>{body}")


def test_a_learning_path_declaring_its_courses_is_refused() -> None:
    # Given a page declaring no article whose JSON-LD is a Course listing 20 courses, and whose
    # text is only the path's description in prose
    html = _learning_path(20)
    # When read
    reading = read_page(html, "https://www.skills.example/paths/17")
    # Then its 20 declared courses are seen (the outer Course too: 21), and it is refused with
    # them as evidence
    assert reading.signals.declared_items == 21
    assert not reading.is_article
    assert any("structured data lists 21 items" in line for line in reading.judgement.evidence)


def test_the_rule_refuses_whatever_the_trees_score_unless_the_page_declares_an_article() -> None:
    # Given the signals of a page listing 12 items in its JSON-LD, scored as an article
    listing = PageSignals(word_count=600, lines=30, declared_items=12)
    # When judged / Then it is refused
    judged = judge_page(listing, score=-10.0, offer_score=-10.0)
    assert not judged.is_article
    # But a page declaring an article, or listing fewer items, is left to the trees
    for spared in (
        replace(listing, og_type="article"),
        replace(listing, has_article_node=True),
        replace(listing, declares_date=True),
        replace(listing, declared_items=DECLARED_ITEMS_MIN - 1),
    ):
        assert judge_page(spared, score=-10.0, offer_score=-10.0).is_article


def test_a_review_declaring_one_product_and_a_breadcrumb_is_an_article() -> None:
    # Given the nearest article shape: a review declaring no article but one Product with one
    # Offer (as lavazza.de's page in trafilatura-dev does) and a BreadcrumbList of five steps
    jsonld = [
        {
            "@context": "https://schema.org",
            "@type": "Product",
            "name": "Espresso beans",
            "offers": {"@type": "Offer", "price": "12.99", "priceCurrency": "EUR"},
        },
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": i, "name": f"Step {i}"} for i in range(5)
            ],
        },
    ]
    body = "".join(
        f"<p>The beans were roasted for a long time and taste of chocolate and nuts, said the "
        f"roaster, who has sold them at the market for twenty years. Paragraph {i}.</p>"
        for i in range(10)
    )
    # When read
    reading = read_page(_page(jsonld, body, "Our test of the beans"), "https://shop.example/b")
    # Then one item of a kind is no list, the breadcrumb's steps are not items, and it is read
    # as an article
    assert reading.signals.declared_items == 1
    assert reading.is_article


def test_an_article_declaring_an_item_list_is_left_to_the_trees() -> None:
    # Given a roundup declaring a NewsArticle beside an ItemList of 10 products
    jsonld = [
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Ten kettles"},
        {
            "@context": "https://schema.org",
            "@type": "ItemList",
            "itemListElement": [{"@type": "ListItem", "position": i} for i in range(10)],
        },
    ]
    body = "".join(f"<p>{PROSE.format(i)}</p>" for i in range(10))
    # When read / Then the items are not even counted: the page declares an article
    reading = read_page(_page(jsonld, body, "Ten kettles"), "https://paper.example/kettles")
    assert reading.signals.declared_items == 0


def test_unreadable_blocks_are_skipped() -> None:
    # Given an unreadable block beside a readable list of four offers
    offers = json.dumps([{"@type": "Offer"}] * 4)
    # When counted / Then the readable block is counted
    assert _read_declared_items(["{not json", offers]) == 4


def test_twenty_thousand_declared_items_cost_what_the_first_ones_do() -> None:
    # Given a hostile page whose JSON-LD lists 20,000 courses, each with nested parts
    jsonld = {
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "item": {"@type": "Course", "hasPart": [{"@type": "Course"}]}}
            for _ in range(20_000)
        ],
    }
    script = json.dumps(jsonld)
    # When counted
    with thread_cpu() as cpu:
        items = _read_declared_items([script])
    # Then only the first nodes are visited, and quickly (the parse of the block included)
    assert 0 < items <= DECLARED_ITEMS_MAX_NODES
    assert cpu.seconds < 0.5


def test_a_page_declaring_twenty_thousand_items_is_judged_in_bounded_time() -> None:
    # Given a hostile page declaring no article whose JSON-LD is an ItemList of 20,000 items
    # (1 MB), with a paragraph of prose
    jsonld = {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "url": f"https://x.example/{i}"}
            for i in range(20_000)
        ],
    }
    html = _page(jsonld, "".join(f"<p>{PROSE.format(i)}</p>" for i in range(4)), "Everything")
    # When read
    reading = read_page(html, "https://x.example/all")
    # Then it is refused as a list, and only the first nodes are visited
    assert DECLARED_ITEMS_MIN <= reading.signals.declared_items <= DECLARED_ITEMS_MAX_NODES
    assert not reading.is_article
    # And the whole reading (extraction, signals and judgement) is a bounded pass over the page
    with thread_cpu() as cpu:
        read_page(html, "https://x.example/all")
    assert cpu.seconds < 5.0, cpu.seconds
