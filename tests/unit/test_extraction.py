"""Article extraction: the fixture pages, metadata precedence, and input that is not an article."""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.domain.errors import NotAnArticle, UnsupportedMedia
from parallax.domain.extraction import (
    count_words,
    detect_language,
    extract_article,
    html_input,
    read_page,
    readability_rescue,
)
from parallax.domain.extraction.boilerplate import declared_body_agrees, trim_boilerplate
from parallax.domain.extraction.lead_restore import restore_lead as _restore_lead
from parallax.domain.extraction.main_text import PageEvidence as _Evidence
from parallax.domain.extraction.main_text import ReadabilityPort as _ReadabilityPort
from parallax.domain.extraction.main_text import page_evidence as _page_evidence
from parallax.domain.extraction.metadata import scan_page as _scan
from parallax.domain.extraction.readability_rescue import (
    rescue_with_readability as _rescue_with_readability,
)
from parallax.domain.extraction.template_paragraphs import (
    restore_template_paragraphs as _restore_template_paragraphs,
)
from parallax.domain.models import Article
from tests.conftest import PAGES
from tests.support.cpu_budget import thread_cpu

PARAGRAPH = (
    "The regional water board said on Monday that the reservoir above the town had fallen to "
    "its lowest level in twenty years. Engineers will inspect the dam next week, and residents "
    "have been asked to save water until the autumn rains arrive."
)


def _read(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8")


def _page(body: str, head: str = "", html_attributes: str = ' lang="en"') -> str:
    """A small but complete news page around ``body``."""
    return (
        f"<!DOCTYPE html><html{html_attributes}><head><meta charset='utf-8'>{head}</head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/news'>News</a></nav></header>"
        f"<main><article>{body}</article></main>"
        "<footer><p>© 2024 Example Media</p></footer></body></html>"
    )


@dataclass(frozen=True)
class Expected:
    page: str
    url: str
    title: str
    outlet: str
    domain: str
    published: str
    authors: list[str]
    language: str
    canonical: str
    in_text: str
    not_in_text: tuple[str, ...]


FIXTURES = [
    Expected(
        page="de_article.html",
        url="https://www.rheinblick.example/politik/stadtrat-beschliesst-strassenbahnlinie-nordheim-100.html?utm_source=newsletter#kommentare",
        title="Stadtrat beschließt neue Straßenbahnlinie nach Nordheim",
        outlet="Rheinblick",
        domain="rheinblick.example",
        published="2024-03-14T09:30:00+01:00",
        authors=["Katrin Albers", "Jonas Reuter"],
        language="de",
        canonical="https://www.rheinblick.example/politik/stadtrat-beschliesst-strassenbahnlinie-nordheim-100.html",
        in_text="Mit 38 zu 21 Stimmen fiel die Entscheidung deutlicher aus als erwartet.",
        not_in_text=("Wir verwenden Cookies", "Ich warte seit Jahren", "Alle Rechte vorbehalten"),
    ),
    Expected(
        page="en_article.html",
        url="https://www.harbourcourier.example/news/local/kestrel-bay-tidal-barrier-vote",
        title="Harbour town votes to build tidal flood barrier after record surge",
        outlet="The Harbour Courier",
        domain="harbourcourier.example",
        published="2024-05-02T14:05:00+00:00",
        authors=["Priya Natarajan"],
        language="en",
        canonical="https://www.harbourcourier.example/news/local/kestrel-bay-tidal-barrier-vote",
        in_text="The barrier, made up of four steel gates",
        not_in_text=("Subscribe from", "Registered in England", "View 42 comments"),
    ),
    Expected(
        page="fr_article.html",
        url="https://www.echo-sudouest.example/environnement/secheresse-vallee-aurelle-irrigation-2024-07-09",
        title="Sécheresse : la vallée de l'Aurelle réduit de moitié l'irrigation agricole",
        outlet="L'Écho du Sud-Ouest",
        domain="echo-sudouest.example",
        published="2024-07-09T06:45:00+02:00",
        authors=["Claire Dumoulin"],
        language="fr",
        canonical="https://www.echo-sudouest.example/environnement/secheresse-vallee-aurelle-irrigation-2024-07-09",
        in_text="Les agriculteurs de la vallée de l'Aurelle devront se contenter",
        not_in_text=("Ce site utilise des cookies", "Mentions légales"),
    ),
    Expected(
        page="jsonld_body.html",
        url="https://news.northfielddaily.example/2024/09/18/valley-rail-line-reopen",
        title="Valley rail line to reopen to passengers after 58 years",
        outlet="Northfield Daily",
        domain="news.northfielddaily.example",
        published="2024-09-18T07:00:00-04:00",
        authors=["Daniel Okafor"],
        language="en",
        canonical="https://news.northfielddaily.example/2024/09/18/valley-rail-line-reopen",
        in_text="Four stations will reopen along the route",
        not_in_text=("Please enable JavaScript", "Obituaries"),
    ),
]


@pytest.mark.parametrize("expected", FIXTURES, ids=lambda e: e.page)
def test_fixture_page_gives_its_article_and_metadata(expected: Expected) -> None:
    # Given a saved news page with navigation, boilerplate and (some) declared metadata
    html = _read(expected.page)
    # When it is extracted
    article = extract_article(html, expected.url)
    # Then the metadata is what the page declares
    assert article.url == expected.url
    assert article.title == expected.title
    assert article.outlet.name == expected.outlet
    assert article.outlet.domain == expected.domain
    assert article.published == expected.published
    assert article.authors == expected.authors
    assert article.language == expected.language
    assert article.canonical_url == expected.canonical
    # And the text is the article's body without the page around it
    assert expected.in_text in article.text
    for boilerplate in expected.not_in_text:
        assert boilerplate not in article.text
    assert 300 <= article.word_count == count_words(article.text)
    # And the sentences are numbered from 0 and come from the text
    assert len(article.sentences) >= 5
    assert [s.id for s in article.sentences] == list(range(len(article.sentences)))
    assert all(s.text and s.text in article.text for s in article.sentences)


def test_paragraphs_are_separated_by_single_newlines() -> None:
    # Given the German article, which has eleven body paragraphs
    article = extract_article(_read("de_article.html"), "https://www.rheinblick.example/a/1")
    # When its text is split into lines
    lines = article.text.split("\n")
    # Then every paragraph is one non-empty line
    assert len(lines) >= 10
    assert all(line.strip() == line and line for line in lines)


def test_declared_body_keeps_its_paragraphs_when_the_page_renders_with_script() -> None:
    # Given a page whose visible body is empty until script runs, with JSON-LD articleBody
    article = extract_article(_read("jsonld_body.html"), "https://news.northfielddaily.example/x")
    # Then the text is the declared body, paragraph by paragraph
    assert article.text.startswith("Passenger trains will return to the Ashby Valley line")
    assert article.text.count("\n") == 7


def test_article_after_an_early_end_of_document_is_read() -> None:
    # Given a page whose header partial closes the document before the article follows
    html = (
        "<!DOCTYPE html><html lang='en'><head><title>Reservoir</title></head><body>"
        "<header><nav><a href='/'>Home</a></nav></header></body></html>\n"
        f"<div class='post'><h1>Reservoir falls</h1><p>{PARAGRAPH}</p>"
        f"<p>{PARAGRAPH.replace('reservoir', 'lake')}</p></div></body></html>"
    )
    # When it is extracted
    article = extract_article(html, "https://news.example/reservoir")
    # Then the article that follows the early end tags is the text, as a browser shows it
    assert PARAGRAPH in article.text
    assert "Home" not in article.text


def test_thin_page_uses_declared_body_that_matches_its_headline() -> None:
    # Given a page that shows only its headline and a line of text, and declares the full body
    body_text = "\\n\\n".join([PARAGRAPH, PARAGRAPH.replace("reservoir", "lake"), PARAGRAPH[:120]])
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "Reservoir falls to lowest level in twenty years", '
        f'"articleBody": "{body_text}"}}</script>'
    )
    html = _page("<h1>Reservoir falls to lowest level in twenty years</h1><p>Loading…</p>", head)
    # When it is extracted
    article = extract_article(html, "https://news.example/reservoir")
    # Then the declared body is the text
    assert article.text.split("\n")[0] == PARAGRAPH
    assert article.word_count > 80


def test_furniture_lines_and_the_repeated_headline_are_left_out_of_the_text() -> None:
    # Given an article whose block repeats the headline and carries prompts and labels
    headline = "Reservoir falls to lowest level in twenty years"
    mention = (
        "The board's weekly newsletter, which lists every reservoir in the region, has reported "
        "falling levels since the spring, and farmers say they have read it with growing worry."
    )
    body = (
        f"<h1>{headline}</h1><p>{PARAGRAPH}</p><p>Advertisement</p>"
        f"<p>{PARAGRAPH.replace('reservoir', 'lake')}</p><p>{mention}</p>"
        "<p>Sign up for our newsletter</p><p>Photo: Jane Roe</p>"
        "<p>Follow us on Twitter and Facebook for the latest news.</p>"
    )
    head = f'<meta property="og:title" content="{headline}">'
    # When it is extracted
    article = extract_article(_page(body, head), "https://news.example/2024/reservoir")
    # Then the headline is the title, not the first line, and only the furniture is gone
    assert article.title == headline
    assert article.text.split("\n")[0] == PARAGRAPH
    assert mention in article.text
    for furniture in ("Advertisement", "Sign up", "Photo: Jane Roe", "Follow us"):
        assert furniture not in article.text


@pytest.mark.parametrize(
    "line",
    [
        "Read more",
        "Related: Ten ways to save water this summer",
        "Thanks for signing up!",
        "Copyright 2024 Example Media. All rights reserved.",
        "Lesen Sie auch: Der Stausee ist leer",
        "Anzeige",
        "Additional reporting by Jane Roe; editing by John Doe",
        "Tags: drought, water",
        "Lesezeit: 3 Minuten",
        "Siguenos en Telegram, Instagram y Twitter",
        "Get the day's top headlines delivered to your inbox every morning",
        "For the latest stories download the Example News app for iOS and Android",
        "*Werbung. Dieser Beitrag enthält Werbung für Example.",
    ],
)
def test_trim_boilerplate_drops_a_furniture_line(line: str) -> None:
    # Given an extracted text with one furniture line between two paragraphs
    text = f"{PARAGRAPH}\n{line}\n{PARAGRAPH}"
    # Then trimming leaves the two paragraphs
    assert trim_boilerplate(text, []) == f"{PARAGRAPH}\n{PARAGRAPH}"


def test_trim_boilerplate_keeps_a_text_that_is_only_furniture_or_only_the_headline() -> None:
    # Given texts that trimming would empty, Then they are returned as they are
    assert trim_boilerplate("Advertisement", []) == "Advertisement"
    assert trim_boilerplate("Water runs low", ["Water runs low"]) == "Water runs low"
    # And a headline copy is dropped only from the first line, whatever its punctuation
    assert trim_boilerplate("Water, runs low!\nText.", ["water runs low"]) == "Text."
    assert trim_boilerplate("Text.\nWater runs low", ["Water runs low"]).endswith("low")


@pytest.mark.parametrize(
    "heading", ["Related articles", "More from Example News", "References", "3 Kommentare"]
)
def test_trim_boilerplate_cuts_the_trailer_after_its_heading(heading: str) -> None:
    # Given an article followed by a trailer of teasers, sources or comments under its heading
    text = f"{PARAGRAPH}\n{PARAGRAPH}\n{heading}\nTeaser for another story\nAnother teaser"
    # Then the text ends with the article
    assert trim_boilerplate(text, []) == f"{PARAGRAPH}\n{PARAGRAPH}"


def test_trim_boilerplate_keeps_a_trailer_heading_in_the_first_half() -> None:
    # Given a "References" heading that opens a section early in the text
    text = f"Short intro.\nReferences\n{PARAGRAPH}\n{PARAGRAPH}"
    # Then nothing is cut: the trailer is at the end of an article, not at its start
    assert trim_boilerplate(text, []) == text


SECOND = (
    "Farmers in the valley have already cut back on irrigation, and the board expects the "
    "restrictions to stay in place at least until the end of October this year."
)


def test_trim_boilerplate_drops_repeated_copies_of_the_article() -> None:
    # Given a text in which the page's second rendering of the article follows the first
    third = f"{PARAGRAPH} Again, the board said so."
    article = f"{PARAGRAPH}\n{SECOND}\n{third}\nShort label"
    # Then one copy of each paragraph is left; short lines are not judged
    expected = f"{PARAGRAPH}\n{SECOND}\n{third}\nShort label\nShort label"
    assert trim_boilerplate(f"{article}\n{article}", []) == expected


def test_trim_boilerplate_keeps_a_lone_repeated_pull_quote() -> None:
    # Given a long article that repeats one of its paragraphs as a pull quote
    others = [f"{PARAGRAPH} Part {n}." for n in range(6)]
    text = "\n".join([*others[:3], SECOND, *others[3:], SECOND])
    # Then the repetition is too small a share of the text to be a copy, and stays
    assert trim_boilerplate(text, []) == text


def test_extract_article_reads_an_article_rendered_twice_once() -> None:
    # Given a page that renders the same article in two blocks (one per screen size)
    copy = f"<p>{PARAGRAPH}</p><p>{SECOND}</p><p>{PARAGRAPH} Again, the board said so.</p>"
    html = _page(f'<div class="desktop">{copy}</div><div class="mobile">{copy}</div>')
    # Then each paragraph is read once
    text = extract_article(html, "https://example.com/news/reservoir").text
    assert text.count(SECOND) == 1


LEAD = (
    "The town's reservoir has fallen to its lowest level in twenty years, and the water board "
    "asks every household to save water until the autumn rains."
)


def _lead_page(lead_markup: str, description: str = LEAD) -> str:
    return _page(
        f"{lead_markup}<p>{PARAGRAPH}</p>",
        head=f'<meta name="description" content="{description}">',
    )


@pytest.mark.parametrize(
    ("markup", "restored"),
    [
        (f'<div class="teaser"><p>{LEAD}</p></div>', True),
        (f"<h2>{LEAD}</h2>", False),  # a subtitle under the headline, not a paragraph
        (f"<figure><figcaption>{LEAD}</figcaption></figure>", False),
        (f'<a href="/other">{LEAD}</a>', False),  # a teaser for another page
        ("", False),  # described, but not shown
    ],
)
def test_lead_shown_on_the_page_is_restored_in_front_of_the_text(
    markup: str, restored: bool
) -> None:
    from trafilatura.utils import load_html

    # Given a page whose meta description is (or is not) shown as its lead paragraph
    html = _lead_page(markup)
    tree = load_html(html)
    # When the lead is restored into an extraction that lost it
    text = _restore_lead(PARAGRAPH, html, tree, _scan(tree))
    # Then it opens the text only when it is shown as a paragraph of its own
    assert text == (f"{LEAD}\n{PARAGRAPH}" if restored else PARAGRAPH)


def test_lead_already_in_the_text_or_a_short_description_is_left_alone() -> None:
    from trafilatura.utils import load_html

    html = _lead_page(f"<p>{LEAD}</p>")
    tree = load_html(html)
    # Given an extraction that has the lead already, Then nothing is added
    assert _restore_lead(f"{LEAD}\n{PARAGRAPH}", html, tree, _scan(tree)) == f"{LEAD}\n{PARAGRAPH}"
    # And a label-like description does not identify a paragraph
    short = _lead_page("<p>Water news.</p>", description="Water news.")
    tree = load_html(short)
    assert _restore_lead(PARAGRAPH, short, tree, _scan(tree)) == PARAGRAPH


def _split_article(blocks: int) -> str:
    return _page("".join(f"<div class='part'><p>{PARAGRAPH}</p></div>" for _ in range(blocks)))


def _rescue(text: str, html: str, blocks: int) -> str:
    """``text`` after the readability rescue, on a page whose prose is ``blocks`` paragraphs."""
    from trafilatura.utils import load_html

    evidence = _Evidence(paragraphs=blocks * len(PARAGRAPH), prose=blocks * len(PARAGRAPH))
    return _rescue_with_readability(text, html, evidence, _ReadabilityPort(load_html(html)))


def _forbid_readability(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(html: str) -> str:
        raise AssertionError("readability must not run")

    monkeypatch.setattr(readability_rescue, "_readability_text", fail)


def test_readability_replaces_a_text_far_shorter_than_the_page_prose() -> None:
    # Given an extraction that kept one of twenty blocks of the page's prose
    # When readability is asked for a second opinion
    text = _rescue(PARAGRAPH, _split_article(20), blocks=20)
    # Then its text, which holds all the blocks, is used
    assert text.count(PARAGRAPH) == 20


def test_readability_is_not_run_when_little_prose_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _forbid_readability(monkeypatch)
    # Given a short page of which the extraction missed most: too little to pay readability for
    assert _rescue(PARAGRAPH, _split_article(4), blocks=4) == PARAGRAPH
    # Given a text as long as the page's prose, Then it is kept without a second opinion
    assert _rescue(PARAGRAPH * 20, _split_article(20), blocks=20) == PARAGRAPH * 20


def test_readability_is_not_run_when_its_port_finds_no_more_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _forbid_readability(monkeypatch)
    # Given a page whose other prose is not article text: the cheap port finds what we found
    html = _page(f"<p>{PARAGRAPH}</p>") + "".join(f"<li>{PARAGRAPH}</li>" for _ in range(19))
    # Then readability is not asked and the text is kept
    assert _rescue(PARAGRAPH, html, blocks=20) == PARAGRAPH


def test_readability_text_far_longer_than_the_prose_is_not_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a readability text that took in far more than the page's prose (teasers, comments)
    monkeypatch.setattr(readability_rescue, "_readability_text", lambda html: PARAGRAPH * 60)
    # Then the extraction is kept
    assert _rescue(PARAGRAPH, _split_article(20), blocks=20) == PARAGRAPH


def _section(number: int, *, kind: str = "section-body") -> str:
    return "".join(
        f'<div class="{kind}"><p>Section {number}, paragraph {i}: {PARAGRAPH}</p></div>'
        for i in range(2)
    )


def _template_page(body: str) -> Any:
    return html_input.parse_html(f"<html><body><article>{body}</article></body></html>")


def _kept_text(tree: Any, *numbers: int) -> str:
    return "\n".join(
        " ".join(p.text_content().split())
        for p in tree.iter("p")
        if any(p.text_content().startswith(f"Section {n},") for n in numbers)
    )


def test_paragraphs_of_the_articles_own_blocks_are_restored_in_page_order() -> None:
    # Given an article split over blocks of one kind, of which the extraction kept all but one
    tree = _template_page("".join(_section(n) for n in range(1, 5)))
    text = _kept_text(tree, 1, 3, 4)
    # When the left-out blocks are looked for
    restored = _restore_template_paragraphs(text, _page_evidence(tree).long_paragraphs)
    # Then the missing section's paragraphs are back, between the sections around it
    assert restored == _kept_text(tree, 1, 2, 3, 4)


def test_paragraphs_in_other_kinds_of_block_or_beside_kept_ones_stay_out() -> None:
    kept = "".join(_section(n) for n in range(1, 4))
    # Given left-out prose in another kind of block, and in a footer of the same kind
    footer = _section(5).replace('<div class="section-body">', '<footer><div class="section-body">')
    footer = footer.replace("</div>", "</div></footer>")
    tree = _template_page(kept + _section(4, kind="teaser-body") + footer)
    text = _kept_text(tree, 1, 2, 3)
    assert _restore_template_paragraphs(text, _page_evidence(tree).long_paragraphs) == text
    # Given left-out paragraphs in the very blocks the extraction kept others from
    tree = _template_page(
        "".join(
            _section(n).replace("</p></div>", "</p><p>" + PARAGRAPH + " More. And more.</p></div>")
            for n in range(1, 4)
        )
    )
    text = _kept_text(tree, 1, 2, 3)
    # Then the text is left as it is: trafilatura dropped those for a reason
    assert _restore_template_paragraphs(text, _page_evidence(tree).long_paragraphs) == text


def _numbered_sections(count: int) -> str:
    """``count`` blocks of one kind, each a paragraph of its own that names its number."""
    return "".join(
        f'<div class="section-body"><p>Section {n} tells of step {n} in a few words. {PARAGRAPH}'
        "</p></div>"
        for n in range(count)
    )


def test_twenty_thousand_left_out_paragraphs_are_restored_in_one_pass() -> None:
    # Given an article's first three blocks kept and 20,000 more of its kind left out (a
    # hostile page's banner, one paragraph per block, is such a page: 40,000 of them took 16-32 s)
    tree = _template_page(_numbered_sections(20_003))
    paragraphs = _page_evidence(tree).long_paragraphs
    text = "\n".join(paragraph for _, paragraph in paragraphs[:3])
    # When they are put back
    with thread_cpu() as cpu:
        restored = _restore_template_paragraphs(text, paragraphs)
    # Then all come back in page order, in a pass over the page (each looked back over the
    # paragraphs before it and searched the lines for its place: 3.2 s of CPU here)
    assert restored.split("\n") == [paragraph for _, paragraph in paragraphs]
    assert cpu.seconds < 1.0


BANNER_PARAGRAPHS = [
    "We use cookies to improve your experience and to show you personalised ads. By clicking "
    "Accept all you consent to our use of cookies.",
    "We and our partners store and access information on your device. You can change your "
    "preferences at any time by returning to this site or visit our privacy policy.",
    "Please note that some processing of your personal data may not require your consent. Your "
    "preferences will apply to this website only.",
    "We use cookies to measure how you use our site. Please accept all cookies to continue "
    "reading our journalism.",
]


def test_a_banner_in_the_articles_own_kind_of_block_is_not_restored() -> None:
    # Given an article in blocks of one kind, and a consent banner in blocks of the same kind
    # that the trimming dropped from the text as page notices
    banner = "".join(f'<div class="section-body"><p>{line}</p></div>' for line in BANNER_PARAGRAPHS)
    tree = _template_page("".join(_section(n) for n in range(1, 4)) + banner)
    text = _kept_text(tree, 1, 2, 3)
    # When left-out paragraphs of the article's kind are looked for
    restored = _restore_template_paragraphs(text, _page_evidence(tree).long_paragraphs)
    # Then the banner does not come back
    assert restored == text


def test_a_page_with_thousands_of_left_out_paragraphs_in_a_long_text_restores_none() -> None:
    # Given 10,000 of an article's blocks kept and the 10,000 between them left out: searching
    # the 1.6 MB text for each of those would read 16 billion characters
    tree = _template_page(_numbered_sections(20_000))
    paragraphs = _page_evidence(tree).long_paragraphs
    text = "\n".join(paragraph for _, paragraph in paragraphs[::2])
    # When they are looked for
    with thread_cpu() as cpu:
        restored = _restore_template_paragraphs(text, paragraphs)
    # Then the search is bounded (TEMPLATE_MAX_SEARCH_CHARS) and the text stays as it is
    assert restored == text
    assert cpu.seconds < 1.0


HIDDEN = "The reservoir is full again after the heavy rain this week."


def test_declared_body_agrees_only_when_its_sentences_are_on_the_page() -> None:
    from lxml import html as lxml_html

    # Given a page that shows the declared body's sentences in two paragraphs, one with markup
    shown = PARAGRAPH.replace("twenty years", "<b>twenty</b> years")
    tree = lxml_html.fromstring(
        f"<html><body><p>{shown}</p><p>{PARAGRAPH}</p>"
        f"<script>var note = '{HIDDEN}';</script></body></html>"
    )
    # Then a declared body made of those sentences agrees, and another text does not
    assert declared_body_agrees(f"{PARAGRAPH}\n\n{PARAGRAPH}", tree)
    other = "The stadium will close for repairs next month, the city council said on Tuesday."
    assert not declared_body_agrees(f"{PARAGRAPH}\n{other} {other.replace('city', 'town')}", tree)
    # And sentences hidden in a script are not visible text
    assert not declared_body_agrees(HIDDEN, tree)
    assert not declared_body_agrees("Too short.", tree)


def test_home_page_is_not_an_article() -> None:
    # Given an outlet's home page: teasers, sections, most-read lists
    html = _read("home.html")
    # When it is extracted at its own address or wherever it is served
    for url in ("https://www.harbourcourier.example/", "http://127.0.0.1:8080/articles/home.html"):
        # Then it is refused as not an article
        with pytest.raises(NotAnArticle):
            extract_article(html, url)


def test_home_page_without_declared_type_is_still_not_an_article() -> None:
    # Given the home page stripped of og:type and JSON-LD, so only its layout tells
    html = re.sub(r'<meta property="og:type"[^>]*>', "", _read("home.html"))
    html = re.sub(r"<script type=\"application/ld\+json\">.*?</script>", "", html, flags=re.S)
    # When it is extracted at an address that does not look like a home page
    # Then the wall of teasers is still recognised
    with pytest.raises(NotAnArticle):
        extract_article(html, "https://www.harbourcourier.example/news/index.html")


@pytest.mark.parametrize("html", ["", "   ", "\n\t \r\n"])
def test_empty_input_is_not_an_article(html: str) -> None:
    # Given nothing to read, Then there is no article
    with pytest.raises(NotAnArticle):
        extract_article(html, "https://news.example/a")


@pytest.mark.parametrize(
    "html",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40).decode("utf-8", "replace"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 8).decode("latin-1"),
        bytes(random.Random(7).randrange(1, 256) for _ in range(9000)).decode("cp1252", "replace"),
        bytes(random.Random(8).randrange(1, 256) for _ in range(9000)).decode("utf-8", "replace"),
    ],
    ids=["png-as-utf8", "pdf-as-latin1", "random-as-cp1252", "random-as-utf8"],
)
def test_binary_decoded_as_text_is_unsupported_media(html: str) -> None:
    # Given bytes of a binary file that were decoded as if they were a page
    # When they are extracted, Then they are refused as not HTML
    with pytest.raises(UnsupportedMedia):
        extract_article(html, "https://news.example/image")


@pytest.mark.parametrize(
    "html", [PARAGRAPH * 5, '{"headline": "x", "body": "y"}'], ids=["plain-text", "json"]
)
def test_text_without_markup_is_unsupported_media(html: str) -> None:
    with pytest.raises(UnsupportedMedia):
        extract_article(html, "https://news.example/a")


def test_too_little_text_is_not_an_article() -> None:
    # Given a page with a headline and one short paragraph
    html = _page("<h1>Short notice</h1><p>The office is closed on Friday.</p>")
    # Then it is refused
    with pytest.raises(NotAnArticle):
        extract_article(html, "https://news.example/notice")


def test_page_evidence_counts_article_list_items_but_not_furniture_or_link_lists() -> None:
    # Given a guide with one paragraph and two steps in a list, a list of teaser links, a short
    # list item, and a navigation menu and footer with long entries of their own
    step = "Measure the room twice before you order the tiles, and keep one spare box aside."
    long_link = "Our ten most read guides to tiling a bathroom floor this year"
    html = (
        _page(
            f"<p>{PARAGRAPH}</p><ol><li>{step}</li><li>{step}</li></ol>"
            f"<ul><li><a href='/a'>{long_link}</a></li><li>Short item</li></ul>",
        )
        .replace("</nav>", f"<ul><li>{step}</li></ul></nav>")
        .replace("</footer>", f"<p>{PARAGRAPH}</p></footer>")
    )
    from trafilatura.utils import load_html

    # When its evidence is counted
    evidence = _page_evidence(load_html(html))

    # Then every long paragraph counts as paragraph text, and the article's own paragraph and
    # steps (only) as prose
    collapsed = len(" ".join(PARAGRAPH.split()))
    assert evidence.paragraphs == 2 * collapsed
    assert evidence.prose == collapsed + 2 * len(step)


def test_huge_valid_page_is_extracted() -> None:
    # Given a valid article page of about 2 MB (its body repeated, each copy numbered: identical
    # copies would be read as one article rendered many times, and kept once)
    base = _read("en_article.html")
    body = base.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert "<p>" in body
    html = base.replace(body, "".join(body.replace("<p>", f"<p>Part {n}. ") for n in range(600)))
    assert len(html) > 1_900_000
    # When it is extracted
    article = extract_article(html, "https://www.harbourcourier.example/long")
    # Then it is one article with all its text
    assert article.title == "Harbour town votes to build tidal flood barrier after record surge"
    assert article.word_count > 250_000
    assert len(article.sentences) > 10_000


def test_broken_json_ld_falls_back_to_og_tags() -> None:
    # Given the German article with its JSON-LD made unreadable
    html = _read("de_article.html").replace('"headline":', '"headline":: ,,{')
    # When it is extracted
    article = extract_article(html, "https://www.rheinblick.example/a/1")
    # Then title, date and outlet come from og: tags
    assert article.title == "Stadtrat beschließt neue Straßenbahnlinie nach Nordheim"
    assert article.published == "2024-03-14T09:30:00+01:00"
    assert article.outlet.name == "Rheinblick"
    assert article.language == "de"


def test_json_ld_in_an_html_comment_with_trailing_comma_is_read() -> None:
    head = (
        '<script type="application/ld+json"><!-- {"@type": "NewsArticle", "headline": '
        '"Reservoir falls to its lowest level", "datePublished": "2024-06-01", '
        '"author": [{"name": "Ann Lee"}, {"name": "ann lee"}, "By Bo Chen"],} --></script>'
    )
    article = extract_article(
        _page(f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>", head), "https://n.example/a"
    )
    assert article.title == "Reservoir falls to its lowest level"
    assert article.published == "2024-06-01"
    # And authors are deduplicated, with the byline's "By" removed
    assert article.authors == ["Ann Lee", "Bo Chen"]


def test_declared_language_that_disagrees_with_the_text_is_overridden() -> None:
    # Given the German article whose template declares English everywhere
    html = (
        _read("de_article.html")
        .replace('<html lang="de">', '<html lang="en">')
        .replace('content="de_DE"', 'content="en_US"')
        .replace('"inLanguage": "de-DE",', "")
    )
    # When it is extracted, Then the language is the text's
    assert extract_article(html, "https://www.rheinblick.example/a/1").language == "de"


def test_declared_language_that_fits_the_text_is_kept_with_its_region_dropped() -> None:
    html = _page(f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>", html_attributes=' lang="en-GB"')
    assert extract_article(html, "https://news.example/a").language == "en"


def test_undeclared_language_is_detected_from_the_text() -> None:
    # Given a Swedish article without any language declaration
    swedish = (
        "<p>Kommunfullmäktige i Sjöviken beslutade på tisdagskvällen att bygga en ny simhall vid "
        "hamnen. Bygget beräknas kosta 180 miljoner kronor och ska vara klart om tre år.</p>"
        "<p>Oppositionen röstade emot förslaget och menar att pengarna hellre borde gå till "
        "skolorna. Kommunalrådet säger att den gamla simhallen är i så dåligt skick att den "
        "måste stängas inom kort.</p>"
    )
    html = _page(swedish, html_attributes="")
    # When it is extracted, Then the language is recognised
    assert extract_article(html, "https://nyheter.example/simhall").language == "sv"


def test_detect_language_names_common_languages() -> None:
    assert detect_language(PARAGRAPH) == "en"
    assert detect_language(_read_text("de_article.html")) == "de"
    assert detect_language("12 345 678") == "und"


def _read_text(name: str) -> str:
    return extract_article(_read(name), "https://x.example/a").text


def test_relative_canonical_is_resolved_and_unsafe_ones_are_ignored() -> None:
    body = f"<h1>Reservoir falls</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>"
    url = "https://news.example/water/reservoir?utm_source=x#top"
    relative = _page(body, '<link rel="canonical" href="/water/reservoir-low">')
    assert (
        extract_article(relative, url).canonical_url == "https://news.example/water/reservoir-low"
    )
    # A script address or the site's home page is not this article's address
    for href in ("javascript:alert(1)", "ftp://news.example/x", "https://news.example/"):
        page = _page(body, f'<link rel="canonical" href="{href}">')
        assert (
            extract_article(page, url).canonical_url
            == "https://news.example/water/reservoir?utm_source=x"
        )


def test_outlet_falls_back_to_the_domain_and_title_loses_the_site_suffix() -> None:
    # Given a page with no JSON-LD, no og: tags and no <h1>, only a <title> with the site's name
    html = _page(
        f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>",
        "<title>Reservoir falls to lowest level in twenty years | Valley Times</title>"
        '<meta name="application-name" content="Valley Times">',
    )
    article = extract_article(html, "https://www.valleytimes.example/news/reservoir")
    assert article.title == "Reservoir falls to lowest level in twenty years"
    assert article.outlet.name == "Valley Times"
    assert article.outlet.domain == "valleytimes.example"
    # And with no name at all, the domain names the outlet
    bare = _page(f"<h1>Reservoir falls</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>")
    assert (
        extract_article(bare, "https://www.valleytimes.example/n/1").outlet.name
        == "valleytimes.example"
    )


@pytest.mark.parametrize(
    ("declared", "expected"),
    [
        ("Tue, 14 May 2024 08:00:00 GMT", "2024-05-14T08:00:00+00:00"),
        ("2024/05/14", "2024-05-14"),
        ("2024-05-14T08:00:00+0200", "2024-05-14T08:00:00+02:00"),
        ("yesterday", None),
    ],
)
def test_published_date_is_iso_8601(declared: str, expected: str | None) -> None:
    head = f'<meta property="article:published_time" content="{declared}">'
    html = _page(f"<h1>Reservoir falls</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>", head)
    assert extract_article(html, "https://news.example/a").published == expected


@pytest.mark.parametrize(
    ("declared", "address", "expected"),
    [
        # UTC metadata a day after the address's local day: the address's day
        ("2023-11-09T05:30:59+00:00", "https://news.example/2023/11/08/mayor", "2023-11-08"),
        ("2018-12-31T23:11:59+00:00", "https://blog.example/2019/01/01/new-year", "2019-01-01"),
        # the same day, days further apart, or a date without a time: the metadata
        (
            "2023-11-08T05:30:59+00:00",
            "https://news.example/2023/11/08/mayor",
            "2023-11-08T05:30:59+00:00",
        ),
        (
            "2023-11-12T05:30:59+00:00",
            "https://news.example/2023/11/08/mayor",
            "2023-11-12T05:30:59+00:00",
        ),
        ("2023-11-09", "https://news.example/2023/11/08/mayor", "2023-11-09"),
        (
            "2023-11-09T05:30:59+00:00",
            "https://news.example/politics/mayor",
            "2023-11-09T05:30:59+00:00",
        ),
    ],
)
def test_a_date_in_the_address_settles_a_utc_day(
    declared: str, address: str, expected: str
) -> None:
    # Given a page whose metadata gives the time in UTC, at an address that may carry a date
    head = f'<meta property="article:published_time" content="{declared}">'
    html = _page(f"<h1>Mayor elected</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>", head)
    # When extracted / Then a day-apart address wins, as the publisher's own day
    assert extract_article(html, address).published == expected


def test_a_date_written_in_the_byline_is_found_without_metadata() -> None:
    # Given a long page without date metadata, URL date or <time>: its byline says when, and an
    # older comment far below the headline carries a date too
    paragraphs = f"<p>{PARAGRAPH}</p>" * 20
    body = (
        "<div><h1>Reservoir falls to a twenty-year low</h1>"
        "<p>Von Anna Muster · Veröffentlicht am 27. Januar 2022</p></div>"
        f"{paragraphs}<aside><p>Kommentar vom 3. März 2021</p></aside>"
    )
    html = _page(body, html_attributes=' lang="de"')
    # When extracted / Then the date near the headline is the publication date
    assert extract_article(html, "https://news.example/reservoir").published == "2022-01-27"
    # And a page that writes no date anywhere has none
    bare = _page(f"<h1>Reservoir falls</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>")
    assert extract_article(bare, "https://news.example/reservoir").published is None


def test_local_file_address_takes_the_outlet_domain_from_the_page() -> None:
    # Given the German article read from disk (as `parallax extract FILE` does without --url)
    article = extract_article(_read("de_article.html"), "file:///tmp/de_article.html")
    # Then the address is kept and the outlet's domain comes from the page's canonical link
    assert article.url == "file:///tmp/de_article.html"
    assert article.outlet.domain == "rheinblick.example"


def test_fragment_without_document_is_read() -> None:
    html = f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>"
    assert extract_article(html, "https://news.example/a").word_count == 2 * count_words(PARAGRAPH)


def test_hostile_structure_gives_a_clear_answer() -> None:
    # Given a lone surrogate, very deep nesting and very deep or very long JSON-LD
    surrogate = _read("en_article.html").replace("Kestrel Bay will", "Kestrel\ud800 Bay will")
    deep = _page("<div>" * 5000 + f"<p>{PARAGRAPH}</p>" + "</div>" * 5000)
    deep_json = _page(
        f"<h1>Reservoir</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>",
        '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>"
        '<script type="application/ld+json">[' + "1," * 200_000 + "1]</script>",
    )
    # When each is extracted, Then the result is an article or a refusal, never a crash
    assert extract_article(surrogate, "https://www.harbourcourier.example/a").word_count > 300
    for html in (deep, deep_json):
        assert _outcome(html) in {"article", "not_an_article"}


def _outcome(html: str) -> str:
    try:
        extract_article(html, "https://news.example/a")
    except (NotAnArticle, UnsupportedMedia) as error:
        return error.code
    return "article"


def test_count_words_counts_chinese_characters() -> None:
    assert count_words("Der Stadtrat hat 2024 entschieden.") == 5
    assert count_words("北京市政府周二宣布") == 9


HTML_PIECES = [
    "<p>", "</p>", "<div>", "<a href='/x'>", "</a>", "<h1>", "<script>", "<!--", "&amp;", "\x00",
    "\ufffd", "Ä", "word ", "Sentence. ", "<html lang='xx'>",
    '<script type="application/ld+json">{"@type":"NewsArticle"', "}</script>",
]  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.text(max_size=400),
        st.lists(st.sampled_from(HTML_PIECES), max_size=200).map("".join),
    ),
    st.sampled_from(["https://news.example/a", "", "file:///x.html", "http://[::1", "hard::x"]),
)
def test_any_input_gives_an_article_or_a_refusal(html: str, url: str) -> None:
    # Given any text at all, When it is extracted, Then it is an article or a refusal by code
    try:
        article = extract_article(html, url)
    except (NotAnArticle, UnsupportedMedia):
        return
    assert isinstance(article, Article)
    assert [s.id for s in article.sentences] == list(range(len(article.sentences)))


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),
        ("Analysis by Jane Doe", ["Jane Doe"]),
        ("Ein Kommentar von Katrin Albers", ["Katrin Albers"]),
        ("Von Katrin Albers und Jonas Reuter", ["Katrin Albers", "Jonas Reuter"]),
        ("Par Claire Dumoulin, envoyée spéciale à Lyon", ["Claire Dumoulin"]),
        ("Análisis de Lucía Pérez", ["Lucía Pérez"]),
        ("By Ann Lee, Senior Correspondent, and Bo Chen", ["Ann Lee", "Bo Chen"]),
        # A name that happens to start like a prefix word stays whole
        ("Bystrom Anna", ["Bystrom Anna"]),
        ("Charles de Gaulle", ["Charles de Gaulle"]),
    ],
)
def test_a_byline_loses_its_prefixes_and_the_authors_role(byline: str, expected: list[str]) -> None:
    # Given a page whose author metadata is a whole byline
    head = f'<meta name="author" content="{byline}">'
    # When it is extracted
    article = extract_article(
        _page(f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>", head), "https://n.example/a"
    )
    # Then only the names remain: "By", "Analysis by", "Von", "Par" and roles are not names
    assert article.authors == expected


def _record_extraction_modes(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    from parallax.domain.extraction import main_text

    modes: list[bool] = []
    real = main_text._extract

    def recording(tree: Any, url: str, **options: Any) -> str:
        modes.append(bool(options.get("fast")))
        return real(tree, url, **options)

    monkeypatch.setattr(main_text, "_extract", recording)
    return modes


def _card_wall(cards: int) -> str:
    card = "<div class='card'><h3>Item</h3><span>9.99</span><button>Add to cart</button></div>"
    lead = (
        "<p>Our products are made with care in our small workshop by the river in the old town"
        " of the city, and every one of them is checked twice before it leaves.</p>" * 12
    )
    return f"<html><head><title>Shop</title></head><body><main>{lead}{card * cards}</main></body></html>"


def test_a_page_of_thousands_of_blocks_is_read_in_the_fast_form_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a hostile page of 3,000 cards (9,000 blocks): the full form's jusText comparison is
    # quadratic in the paragraphs (9,000 cards took about 50 s before)
    modes = _record_extraction_modes(monkeypatch)
    # When read
    read_page(_card_wall(3_000), "https://shop.example.com/2024/01/02/all")
    # Then every trafilatura run was its fast form
    assert modes and all(modes)


def test_an_ordinary_page_may_still_use_the_full_comparison(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given the same short-text page with 100 cards (well under the block bound)
    modes = _record_extraction_modes(monkeypatch)
    # When read
    read_page(_card_wall(100), "https://shop.example.com/2024/01/02/all")
    # Then the text was short beside the page's paragraphs, and the full form ran as before
    assert not all(modes)


@pytest.mark.parametrize(
    ("page", "url"),
    [
        ("fr_article.html", "https://www.lematin-lyon.example/a"),
        ("ko_article.html", "https://www.hanbit.example/a"),
    ],
)
def test_a_page_written_decomposed_is_searched_as_the_same_page_composed(
    page: str, url: str
) -> None:
    # attack16: the text was composed (NFC) by clean_text, the headline not: a page written
    # decomposed ("e" + U+0301, Hangul as its letters) kept a headline whose words the feed
    # index's query cut at each combining mark ("Sébastien": "S", "bastien") or could not strip
    # of their particle (누리시의회는), so another outlet's report of the story was not found.
    from parallax.adapters.feed_index import query_clauses
    from parallax.domain.related_ranking import build_query

    composed = extract_article(_read(page), url)
    decomposed = extract_article(unicodedata.normalize("NFD", _read(page)), url)
    assert decomposed.title == composed.title
    languages = [composed.language or "und"]
    assert query_clauses(build_query(decomposed, languages)) == query_clauses(
        build_query(composed, languages)
    )
