"""Reading a page end to end: the steps of the other modules in their order, the judgement of the
page's type, and the :class:`~parallax.domain.models.Article` built from it all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from parallax.domain.errors import NotAnArticle
from parallax.domain.extraction.addresses import host_domain, path_is_root, without_anchor
from parallax.domain.extraction.boilerplate import trim_boilerplate
from parallax.domain.extraction.dates import heuristic_date, in_publisher_day, load_date_tables
from parallax.domain.extraction.declared_body import prefer_declared_body
from parallax.domain.extraction.html_input import (
    parse_html,
    refuse_non_html,
    without_early_end_tags,
)
from parallax.domain.extraction.language import choose_language
from parallax.domain.extraction.lead_restore import restore_lead
from parallax.domain.extraction.main_text import (
    ReadabilityPort,
    joiners_protected,
    joiners_restored,
    main_text,
    page_evidence,
)
from parallax.domain.extraction.metadata import read_metadata, scan_page, without_site_name
from parallax.domain.extraction.readability_rescue import rescue_with_readability
from parallax.domain.extraction.short_story import (
    ShortStory,
    names_consent,
    says_notice,
    says_paywall,
    short_story,
    story_past_notices,
)
from parallax.domain.extraction.template_paragraphs import restore_template_paragraphs
from parallax.domain.extraction.text import count_words, first_line
from parallax.domain.extraction.thresholds import (
    MIN_SENTENCES,
    MIN_WORDS,
    SINGLE_SENTENCE_MAX_WORDS,
)
from parallax.domain.language_id import language_model
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.page_notices import page_is_about_browsing
from parallax.domain.page_type import (
    PageJudgement,
    PageSignals,
    judge_page,
    non_article_score,
    offer_page_score,
    read_signals,
)
from parallax.domain.sentences import split_sentences


@dataclass(frozen=True, slots=True)
class PageReading:
    """A page as read: its text and metadata (``article``, built for every page with a text, even
    a section front) and the judgement of what kind of page it is."""

    article: Article
    judgement: PageJudgement
    signals: PageSignals
    judgement_seconds: float = 0.0
    """Time spent gathering the signals and judging, for the benchmark and the evaluation."""
    short_story: ShortStory | None = None
    """For a page refused as too short to summarise that still names its story (a paywall stub,
    a one-sentence news item under its headline, a headline over a consent notice): what to look
    for the story with, and why there is no summary (:mod:`.short_story`)."""

    @property
    def is_article(self) -> bool:
        return self.judgement.is_article


def extract_article(html: str, url: str) -> Article:
    """Extract the article in ``html``, the page found at ``url``.

    Raises :class:`NotAnArticle` (with the judgement's reason code) for pages that are not an
    article (home pages, section indexes, shop pages, empty pages) and :class:`UnsupportedMedia`
    for input that is not HTML. A page too short to summarise, or showing only a consent notice,
    that still names its story is refused too, with that story on the error (``story``): the
    Brief looks for it elsewhere.
    """
    reading = read_page(html, url)
    judgement = reading.judgement
    if not judgement.is_article:
        raise NotAnArticle(
            judgement.detail, reason=judgement.reason or "no_text", story=reading.short_story
        )
    return reading.article


def read_page(html: str, url: str) -> PageReading:
    """Read the text and metadata of any HTML page and judge whether it is an article.

    Raises :class:`NotAnArticle` only for an empty document and :class:`UnsupportedMedia` for
    input that is not HTML; every other page comes back with its text, however little.
    """
    refuse_non_html(html)
    html = without_early_end_tags(html)
    tree = parse_html(html)
    scan = scan_page(tree)
    meta = read_metadata(tree, url, scan)
    evidence = page_evidence(tree)
    port = ReadabilityPort(tree)
    # trafilatura drops zero-width (non-)joiners; it reads a copy holding stand-ins for them.
    protected, stand_ins = joiners_protected(html)
    main_tree = parse_html(protected) if stand_ins else tree
    text = joiners_restored(main_text(main_tree, url, evidence, port), stand_ins)
    text = rescue_with_readability(text, html, evidence, port)
    text = prefer_declared_body(text, meta, tree)
    shown_text = text
    # Whether the page is about cookies, ad blockers, JavaScript or browsers, from its declared
    # titles and the text it shows (before its notices are dropped): there only interface text
    # about those is a notice, so that a how-to's advice stays the article's. Decided once: the
    # article carries it to the summary and the corroboration (Article.about_browsing).
    about_browsing = page_is_about_browsing([meta.headline, meta.title], shown_text.splitlines())
    text = trim_boilerplate(
        text,
        [meta.headline, meta.title, *(h.text_content() for h in scan.h1)],
        page_about_browsing=about_browsing,
    )
    text = restore_lead(text, html, tree, scan)
    text = restore_template_paragraphs(
        text, evidence.long_paragraphs, page_about_browsing=about_browsing
    )

    word_count = count_words(text)
    published = in_publisher_day(meta.published, url) or heuristic_date(
        tree, url, scan.times, scan.h1
    )
    started = time.perf_counter()
    signals = read_signals(
        html=html,
        tree=tree,
        text=text,
        word_count=word_count,
        anchors=scan.anchors,
        headlines=scan.h1,
        url=url,
        url_is_root=path_is_root(url),
        paragraphs=evidence.long_paragraphs,
        og_type=meta.og_type,
        jsonld_types=meta.declared_types,
        has_article_node=meta.has_article_node,
        declares_date=meta.declares_date,
        has_date=published is not None,
        has_author=bool(meta.authors),
        times=len(scan.times),
        shown_text=shown_text,
        page_about_browsing=about_browsing,
    )
    judgement = judge_page(signals)
    judgement_seconds = time.perf_counter() - started

    language = choose_language(meta.languages, text)
    sentences = [s for s in (s.strip() for s in split_sentences(text, language)) if s]
    if (
        judgement.is_article
        and len(sentences) < MIN_SENTENCES
        and word_count < SINGLE_SENTENCE_MAX_WORDS
    ):
        judgement = PageJudgement("other", False, "no_text", ("one sentence",))
    elif judgement.is_article and word_count < MIN_WORDS:
        if says_paywall(text) or meta.declares_paywall:
            # A short "article" whose few sentences are a paywall's ("You have reached the limit
            # for free access ... Subscribers, click below to login"), or a teaser of a few
            # sentences that the publisher marks as paywalled (isAccessibleForFree: false): not
            # enough of the story to summarise.
            judgement = PageJudgement("other", False, "no_text", ("a paywall or login notice",))
        elif says_notice(text, page_about_browsing=about_browsing):
            # A short "article" that is one sentence of news and an ad-blocker or JavaScript
            # notice: summarised, the notice would be half its bullets. Too little text; the
            # story is looked for elsewhere without the notice (short_story).
            judgement = PageJudgement("other", False, "no_text", ("a notice beside a few words",))
    if judgement.is_article and not story_past_notices(
        sentences, page_about_browsing=about_browsing
    ):
        # Page notices and a few words: a consent banner longer than the cookie-wall rule reads
        # (250 words), or a notice in a long line that the trimming keeps. Its summary would have
        # no bullet; the story is looked for elsewhere by the headline (short_story).
        reason = "cookie_wall" if names_consent(text) else "no_text"
        judgement = PageJudgement("other", False, reason, ("page notices and a few words",))

    domain = host_domain(url) or host_domain(meta.canonical or "") or host_domain(meta.og_url or "")
    headline = meta.headline or without_site_name(meta.title, meta, domain)
    article = Article(
        url=url,
        canonical_url=meta.canonical or meta.og_url or without_anchor(url),
        title=headline or first_line(text),
        text=text,
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name=meta.publisher or meta.site_name or domain or "unknown", domain=domain),
        published=published,
        authors=meta.authors,
        language=language,
        word_count=word_count,
        about_browsing=about_browsing,
    )
    story = None
    if not judgement.is_article and judgement.reason in ("no_text", "cookie_wall"):
        story = short_story(
            article,
            judgement,
            signals,
            headline=headline,
            description=meta.description,
            declares_paywall=meta.declares_paywall,
            page_title=scan.title,
            site_names=tuple(name for name in (meta.site_name, meta.publisher) if name),
        )
    return PageReading(article, judgement, signals, judgement_seconds, story)


# A page for warm_up() to read: an article of a few paragraphs, so that every step of read_page
# runs (the judgement scores only pages with enough text). Nothing is fetched: it is read from here.
_WARM_UP_URL = "https://warm-up.invalid/news/2024/03/14/council-approves-tram-line"
_WARM_UP_HTML = (
    "<!DOCTYPE html><html lang='en'><head><title>Council approves tram line</title>"
    "<meta property='og:type' content='article'></head><body><article>"
    "<h1>Council approves tram line</h1><time datetime='2024-03-14T08:30:00Z'>14 March 2024</time>"
    + "".join(
        f"<p>The city council approved the new tram line on Thursday, its {n} vote of the year, "
        "after residents had asked for better connections to the northern districts. The mayor "
        "said construction would start next spring and that the line would open in 2031.</p>"
        for n in ("first", "second", "third", "fourth", "fifth")
    )
    + "</article></body></html>"
)


def warm_up() -> None:
    """Load now, rather than on the first page, what reading a page loads on first use: the
    extraction libraries, the language model, the page-type judgement's models and htmldate's
    date tables. For a function's init phase (never at import), or a benchmark that should time
    steady state."""
    import htmldate  # noqa: F401
    import readability  # noqa: F401
    import trafilatura  # noqa: F401

    language_model()
    _warm_up_judgement()
    load_date_tables()


def _warm_up_judgement() -> None:
    """The page-type judgement's trees, its offer model, the text genre's weights and its
    compiled XPaths are loaded on first use (10 to 40 ms here): reading a small article loads
    the XPaths and the genre's weights, and scoring its signals both models, whatever verdict
    the rules reach before the scores."""
    signals = read_page(_WARM_UP_HTML, _WARM_UP_URL).signals
    non_article_score(signals)
    offer_page_score(signals)
