"""The action-link rule of the page-type judgement (issue 16, ninth round, i16r): a page that
declares no article and asks its reader, in many links, to book, call, ask for a quote or a demo,
get started or enrol is a service's landing page. Extraction keeps its pitch, which reads like a
guide, and drops the buttons."""

from __future__ import annotations

from dataclasses import replace
from types import ModuleType

from parallax.domain.extraction import read_page
from parallax.domain.page_type import (
    ACTION_LINK_WALL_MIN,
    PageSignals,
    _action_link_field,
    judge_page,
)
from tests.support.cpu_budget import thread_cpu

_URL = "https://www.brightsmiles.example/services/teeth-whitening"
_PITCH = "".join(
    f"<p>{p}</p>"
    for p in (
        "Professional teeth whitening brightens your smile by several shades in a single visit, "
        "and our dentists check your teeth and gums first so that the treatment is safe for you.",
        "The treatment takes about an hour in a quiet room, and most patients read or listen to "
        "music while the gel works; there is no drilling and no injection at any point.",
        "Afterwards you take home a kit with trays made for your teeth, so that you can keep the "
        "colour for years with a few minutes of care every month at home.",
        "Ask about our payment plans when you come in: every treatment can be spread over twelve "
        "months without interest, and the first consultation is free of charge.",
    )
)
_ACTIONS = (
    "Book a consultation",
    "Get started",
    "Request an appointment",
    "Call us now",
    "Contact us",
    "Get a free quote",
)


def _landing_page(actions: int, *, declares_article: bool = False) -> str:
    """A service's landing page: its pitch in prose, and ``actions`` buttons down the page."""
    buttons = "".join(
        f"<div class='cta'><a class='button' href='/book?from={i}'>{_ACTIONS[i % 6]}</a></div>"
        for i in range(actions)
    )
    declaration = "<meta property='og:type' content='article'>" if declares_article else ""
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Teeth Whitening | Bright Smiles</title>"
        f"{declaration}</head><body><nav><a href='/'>Home</a><a href='/services/'>Services</a>"
        f"</nav><main><h1>Teeth whitening</h1>{_PITCH}{buttons}</main></body></html>"
    )


def test_a_landing_page_of_action_links_declaring_no_article_is_refused_when_read() -> None:
    # Given a service's landing page declaring no article, its pitch in prose and 14 links
    # asking the reader to book, call or ask for a quote
    html = _landing_page(14)
    # When read
    reading = read_page(html, _URL)
    # Then its 14 action links are seen, and it is refused with them as evidence
    assert reading.signals.action_links == 14
    assert not reading.is_article
    assert any("14 links asking to book" in e for e in reading.judgement.evidence)


def test_the_rule_refuses_whatever_the_trees_score_unless_the_page_declares_an_article() -> None:
    # Given the signals of a page with ACTION_LINK_WALL_MIN action links, scored as an article
    landing = PageSignals(word_count=900, lines=40, action_links=ACTION_LINK_WALL_MIN)
    # When judged / Then it is refused
    assert not judge_page(landing, score=-10.0, offer_score=-10.0).is_article
    # ... and one action link fewer, or a declared article, is left to the trees
    fewer = replace(landing, action_links=ACTION_LINK_WALL_MIN - 1)
    assert judge_page(fewer, score=-10.0, offer_score=-10.0).is_article
    declared = replace(landing, og_type="article")
    assert judge_page(declared, score=-10.0, offer_score=-10.0).is_article


def test_an_article_declaring_itself_is_not_read_for_action_links() -> None:
    # Given a review of local dentists that declares an article and links to each one's booking
    # page (the article sets hold such reviews, with up to 51 such links)
    html = _landing_page(30, declares_article=True)
    # When read
    reading = read_page(html, _URL)
    # Then its links are not counted, and the rule does not refuse it
    assert reading.signals.action_links == 0
    assert not any("links asking to book" in e for e in reading.judgement.evidence)


def test_a_vendors_guide_with_a_few_demo_buttons_is_not_refused_by_the_rule() -> None:
    # Given the nearest article shape in the article sets: a software vendor's guide, declaring
    # nothing, with "Request a demo" in its header, side bar and footer (10 action links)
    html = _landing_page(ACTION_LINK_WALL_MIN - 2)
    # When read
    reading = read_page(html, _URL)
    # Then the links are counted, and the rule leaves the page to the trees
    assert reading.signals.action_links == ACTION_LINK_WALL_MIN - 2
    assert not any("links asking to book" in e for e in reading.judgement.evidence)


def test_only_labels_that_ask_for_an_action_on_an_offer_count() -> None:
    # Given short link labels: sections, a newsletter, "learn more", a forum's "quote", an API
    # guide's "Request" (MDN's Fetch guide links it 16 times), and three that ask for an offer
    labels = (
        "news",
        "sign up for our newsletter",
        "learn more",
        "quote",
        "books",
        "request",
        "request()",
        "schedule a call",
        "request a demo",
        "service request",
    )
    # When counted / Then only the three offers' labels count
    assert _action_link_field(labels, says_article=False) == 3
    assert _action_link_field(labels, says_article=True) == 0


def test_twenty_thousand_action_links_are_counted_in_bounded_time() -> None:
    # Given a hostile page of 20,000 "Book now" links declaring no article
    labels = ("book now",) * 20_000
    # When counted
    with thread_cpu() as cpu:
        count = _action_link_field(labels, says_article=False)
    # Then every one is counted, well within a page's budget
    assert count == 20_000
    assert cpu.seconds < 0.5


def test_the_training_scripts_switch_turns_the_rule_off_and_keeps_the_reading(
    page_type_training: ModuleType,
) -> None:
    # Given the training script's options with --action-links off
    training = page_type_training
    # When the options are applied
    training.set_teaser_card_wall(training.parse_args(["--action-links", "off"]))
    # Then no page is refused by the rule, but the links are still counted (a signals cache
    # written by an "off" run holds them as an "on" run would)
    reading = read_page(_landing_page(14), _URL)
    assert reading.signals.action_links == 14
    assert not any("links asking to book" in e for e in reading.judgement.evidence)
