"""HTML of a news page → :class:`Article`.

The main text comes from trafilatura (``bare_extraction``, comments left out because readers'
comments are not the article), in precision mode unless the page's own paragraph text shows that
mode lost part of the article (see :func:`_main_text`); readability-lxml's text replaces it when
it is far shorter than the page's prose and readability finds that prose (articles split over
sibling blocks, :func:`_rescue_with_readability`); a JSON-LD ``articleBody`` replaces it when the
page shows that body and the extraction was cut short; headline copies, furniture lines
(newsletter prompts, "Read more", credits) and the trailer after a "Related articles" or
"Comments" heading are then trimmed (:mod:`.extraction_boilerplate`); and a lead paragraph that
the page shows as its meta description but the extraction lost is put back in front
(:func:`_restore_lead`); last, paragraphs the page sets in the same kind of block as the text's
own but that the extraction left out (an article split over repeated blocks) are put back in
place (:func:`_restore_template_paragraphs`).

Metadata comes first from what the page declares about itself — JSON-LD, ``og:``/``article:``
tags, ``<link rel=canonical>``, ``<html lang>`` — and only then from heuristics, because a
publisher's own declaration is right far more often than a guess from the layout.

Bad input, by design:

* empty or white-space-only HTML → :class:`NotAnArticle` (nothing to read, but nothing wrong with
  the medium either);
* binary data (NUL bytes, mostly control or replacement characters) or text without any markup →
  :class:`UnsupportedMedia` (it is not an HTML page at all);
* HTML whose main text is missing or too short, a home page or a section index →
  :class:`NotAnArticle`.

Anything else that goes wrong inside the parsers is reported as one of those two errors, never as
an unexpected exception. trafilatura, readability and the language model
(parallax.domain.language_id) are loaded on first use: together they cost most of a second, which
a cold start that never extracts should not pay.
"""

from __future__ import annotations

import copy
import html as html_lib
import json
import logging
import re
import time
import unicodedata
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from functools import cache
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from parallax.domain import page_type_rules
from parallax.domain.errors import NotAnArticle, UnsupportedMedia
from parallax.domain.extraction_boilerplate import declared_body_agrees, trim_boilerplate
from parallax.domain.language_id import identify, language_model
from parallax.domain.languages import primary_language
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.page_type import PageJudgement, PageSignals, judge_page, read_signals
from parallax.domain.sentences import split_sentences

__all__ = [
    "MIN_SENTENCES",
    "MIN_WORDS",
    "PageReading",
    "count_words",
    "detect_language",
    "extract_article",
    "read_page",
    "warm_up",
]

LOGGER = logging.getLogger(__name__)

# Below this many words a page is a teaser, a gallery or an error page, not something to summarise.
MIN_WORDS = page_type_rules.MIN_WORDS
# A single sentence is not an article either; the word bound keeps a long text that the splitter
# failed to cut (scripts without capitals, missing spaces after full stops) from being refused.
MIN_SENTENCES = 2
_SINGLE_SENTENCE_MAX_WORDS = 150

# How much of a page is inspected to decide that it is binary.
_SNIFF_CHARS = 8192
# Text, even badly decoded text, has next to no control characters; a wrongly guessed charset
# leaves replacement characters, but in the text only, never in the markup around it.
_MAX_CONTROL_SHARE = 0.05
_MAX_REPLACEMENT_SHARE = 0.3

_MAX_JSONLD_ITEMS = 500

# Language identification reads this much text: more only costs time.
_LANGUAGE_SAMPLE_CHARS = 2000

_ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
        "askpublicnewsarticle", "satiricalarticle", "blogposting", "liveblogposting", "report",
        "techarticle", "scholarlyarticle", "socialmediaposting", "advertisercontentarticle",
    }
)  # fmt: skip
_INDEX_TYPES = frozenset({"website", "collectionpage", "itemlist", "searchresultspage"})

# Meta names carrying a publication date, most specific first.
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "date",
    "citation_publication_date",
)
_AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
_LANGUAGE_META = ("content-language", "og:locale", "language", "dc.language")

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NON_LATIN = re.compile(r"[\u0370-\u1dff\u2c00-\ud7ff\uf900-\ufaff]")
_LETTERS = re.compile(r"[^\W\d_]+")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")
_TAG = re.compile(r"<[A-Za-z!/?]")
_URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/\s*(?:p|div|h[1-6]|li|blockquote|section))\s*>", re.I)
_ANY_TAG = re.compile(r"<[^>]{0,2000}>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")
_NAME_SEPARATOR = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b)\s*")
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,6}|(?:[A-Za-z]{1,3}\.){1,3}[A-Za-z]{0,2})$")
_TITLE_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u00b7:]{1,2}\s+")
# "By", "Von", "Par", and the kind of piece before it ("Analysis by", "Ein Kommentar von",
# "Analyse de"): words in front of a name, never part of it. "de" counts only after a kind word.
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:(?:an?|ein(?:e|en)?|une?)\s+)?(?:(?:news\s+)?analysis|opinion|commentary|comment|"
    r"review|interview|column|reporting|text|words|story|analyse|kommentar|meinung|gastbeitrag|"
    r"tribune|chronique|éditorial|análisis|opinión|columna|crónica|texto)\s+"
    r"(?:by|von|par|de|por|di)|by|von|par|por|di|door|przez|av|af)\s+",
    re.I,
)
# What follows a name after a comma in a byline: the author's role, not a second author.
_BYLINE_ROLE = re.compile(
    r"\b(?:editor|editors|correspondent|reporter|writer|columnist|analyst|producer|contributor|"
    r"staff|journalist|at-large|redakteur\w*|korrespondent\w*|autor\w*|journaliste|rédact\w*|"
    r"envoyée?|correspondant\w*|corresponsal|redactor\w*|periodista)\b",
    re.I,
)


@dataclass
class _PageMeta:
    """What the page says about itself, before any look at its text."""

    title: str | None = None
    headline: str | None = None
    site_name: str | None = None
    publisher: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    canonical: str | None = None
    og_url: str | None = None
    og_type: str | None = None
    languages: list[str] = field(default_factory=list)
    article_body: str | None = None
    has_article_node: bool = False
    has_index_node: bool = False
    declares_date: bool = False
    declared_types: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PageReading:
    """A page as read: its text and metadata (``article``, built for every page with a text, even
    a section front) and the judgement of what kind of page it is."""

    article: Article
    judgement: PageJudgement
    signals: PageSignals
    judgement_seconds: float = 0.0
    """Time spent gathering the signals and judging, for the benchmark and the evaluation."""

    @property
    def is_article(self) -> bool:
        return self.judgement.is_article


def extract_article(html: str, url: str) -> Article:
    """Extract the article in ``html``, the page found at ``url``.

    Raises :class:`NotAnArticle` (with the judgement's reason code) for pages that are not an
    article (home pages, section indexes, shop pages, empty pages) and :class:`UnsupportedMedia`
    for input that is not HTML.
    """
    reading = read_page(html, url)
    judgement = reading.judgement
    if not judgement.is_article:
        raise NotAnArticle(judgement.detail, reason=judgement.reason or "no_text")
    return reading.article


def read_page(html: str, url: str) -> PageReading:
    """Read the text and metadata of any HTML page and judge whether it is an article.

    Raises :class:`NotAnArticle` only for an empty document and :class:`UnsupportedMedia` for
    input that is not HTML; every other page comes back with its text, however little.
    """
    _refuse_non_html(html)
    html = _without_early_end_tags(html)
    tree = _parse(html)
    scan = _scan(tree)
    meta = _read_metadata(tree, url, scan)
    evidence = _page_evidence(tree)
    port = _ReadabilityPort(tree)
    text = _main_text(tree, url, evidence, port)
    text = _rescue_with_readability(text, html, evidence, port)
    text = _prefer_declared_body(text, meta, tree)
    text = trim_boilerplate(text, [meta.headline, meta.title, *(h.text_content() for h in scan.h1)])
    text = _restore_lead(text, html, tree, scan)
    text = _restore_template_paragraphs(text, evidence.long_paragraphs)

    word_count = count_words(text)
    published = _in_publisher_day(meta.published, url) or _heuristic_date(
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
        url_is_root=_path_is_root(url),
        paragraphs=evidence.long_paragraphs,
        og_type=meta.og_type,
        jsonld_types=meta.declared_types,
        has_article_node=meta.has_article_node,
        declares_date=meta.declares_date,
        has_date=published is not None,
        has_author=bool(meta.authors),
        times=len(scan.times),
    )
    judgement = judge_page(signals)
    judgement_seconds = time.perf_counter() - started

    language = _choose_language(meta.languages, text)
    sentences = [s for s in (s.strip() for s in split_sentences(text, language)) if s]
    if (
        judgement.is_article
        and len(sentences) < MIN_SENTENCES
        and word_count < _SINGLE_SENTENCE_MAX_WORDS
    ):
        judgement = PageJudgement("other", False, "no_text", ("one sentence",))

    domain = _domain(url) or _domain(meta.canonical or "") or _domain(meta.og_url or "")
    article = Article(
        url=url,
        canonical_url=meta.canonical or meta.og_url or _without_fragment(url),
        title=meta.headline or _without_site_name(meta.title, meta, domain) or _first_line(text),
        text=text,
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name=meta.publisher or meta.site_name or domain or "unknown", domain=domain),
        published=published,
        authors=meta.authors,
        language=language,
        word_count=word_count,
    )
    return PageReading(article, judgement, signals, judgement_seconds)


def warm_up() -> None:
    """Import the extraction libraries and load the language model now rather than on the first
    page: for a function's init phase, or a benchmark that should time steady state."""
    import htmldate  # noqa: F401
    import readability  # noqa: F401
    import trafilatura  # noqa: F401

    language_model()
    # htmldate's text search (see _headline_block_date) builds its table of month names in every
    # locale, and dateparser its parser, on first use: about 0.25 s once per process. These are
    # htmldate internals, so a version without them only loses the warm-up.
    try:
        from htmldate.extractors import external_date_parser, month_words
    except ImportError:
        return
    month_words()
    external_date_parser("27 January 2022", "%Y-%m-%d")


def count_words(text: str) -> int:
    """Words in ``text`` as a word processor counts them: runs between white space, and each
    Chinese or Japanese character on its own."""
    if _CJK.search(text):
        return len(_CJK.findall(text)) + len(_CJK.sub(" ", text).split())
    return len(text.split())


# --- input checks and parsing -------------------------------------------------------------------


def _refuse_non_html(html: str) -> None:
    if not html or html.isspace():
        raise NotAnArticle("The page is empty", reason="no_text")
    head = html[:_SNIFF_CHARS]
    if "\x00" in head:
        raise UnsupportedMedia("The content is binary, not HTML")
    controls = len(_CONTROL.findall(head)) if _CONTROL.search(head) else 0
    replaced = head.count("\ufffd")
    if controls > _MAX_CONTROL_SHARE * len(head) or replaced > _MAX_REPLACEMENT_SHARE * len(head):
        raise UnsupportedMedia("The content is binary, not HTML")
    if not _TAG.search(head) and not _TAG.search(html):
        raise UnsupportedMedia("The content has no HTML markup")


# Some templates close the document early: a header partial ends in "</body></html>" and the
# article follows. Browsers ignore both end tags and show what follows in the body; libxml2 drops
# everything after "</html>", the article with it. When page markup (a block element) follows the
# first of these end tags, they are all removed, and libxml2 closes the document at its end.
# Measured on the development sets: wcxb-articles-dev body F1 0.9441 -> 0.9473 (13 pages in the
# three sets have such a tag; one, refused as too short before, gains its whole article, the
# others are unchanged), zyte and trafilatura-dev unchanged; the search costs about 0.1 ms a page.
_END_OF_DOCUMENT = re.compile(r"</\s*(?:body|html)\s*>", re.I)
_BLOCK_START = re.compile(r"<(?:p|div|article|section)[\s>]", re.I)


def _without_early_end_tags(html: str) -> str:
    first = _END_OF_DOCUMENT.search(html)
    if first is None or _BLOCK_START.search(html, first.end()) is None:
        return html
    return _END_OF_DOCUMENT.sub("", html)


def _parse(html: str) -> Any:
    from trafilatura.utils import load_html

    if _SURROGATE.search(html):
        # A lone surrogate (JSON allows "\\ud800") makes libxml2 drop the whole document.
        html = _SURROGATE.sub("\ufffd", html)
    try:
        tree = load_html(html)
        if tree is None:
            # trafilatura refuses a lone fragment as "not quite HTML"; a reader's selection or a
            # stripped-down DOM is still worth reading, so give it the document it lacks.
            tree = load_html(f"<html><body>{html}</body></html>")
    except Exception as exc:  # lxml raises several unrelated types on hostile input
        LOGGER.info("HTML could not be parsed: %s", type(exc).__name__)
        raise UnsupportedMedia("The content could not be parsed as HTML") from exc
    if tree is None:
        raise UnsupportedMedia("The content could not be parsed as HTML")
    return tree


def _main_text(tree: Any, url: str, evidence: _Evidence, port: _ReadabilityPort) -> str:
    """The main text, from trafilatura in the mode the page calls for.

    Precision mode: on the development sets it leaves out more teaser lists, share boxes and
    newsletter prompts than the balanced default. It runs first in its fast form (without the
    comparison with readability and jusText, a third cheaper); the full form runs only when the
    fast text is short beside the page's own paragraph text, which is how the comparison's rescues
    show up, and only when trafilatura's readability port (the cheap half of that comparison) finds
    enough text for the comparison to prefer it. Precision sometimes drops real paragraphs too, so when even the full form's text is
    short, the balanced mode is run, and when that is still short, the recall mode. On the
    development sets this costs less than one balanced extraction per page on average.

    Guides and how-tos carry part of their text in list items, which the paragraph count above
    does not see, and trafilatura's precision and balanced modes often keep only one of their
    sections. So the recall mode also runs when the text is short beside the page's paragraphs
    and list items outside its navigation, headers and footers (see :data:`_LIST_HEAVY`), and its
    text is kept when it is clearly longer.
    """
    reference = evidence.paragraphs
    text = _extract(tree, url, favor_precision=True, fast=True)
    if len(text) < max(_FAST_SHARE * reference, _FAST_MIN_CHARS) and _comparison_may_help(
        port, text
    ):
        text = _extract(tree, url, favor_precision=True)
    recalled: str | None = None
    if not text or len(text) < _RETRY_SHARE * reference:
        text = _extract(tree, url)
        if len(text) < _RETRY_SHARE * reference:
            recalled = _extract(tree, url, favor_recall=True)
            if len(recalled) > len(text):
                text = recalled
    if len(text) < _RECALL_EVIDENCE_SHARE * evidence.prose and (
        evidence.prose >= _LIST_HEAVY * evidence.paragraphs
        or len(text) < _SHORT_SHARE * evidence.paragraphs
    ):
        if recalled is None:
            recalled = _extract(tree, url, favor_recall=True)
        if len(recalled) >= _LONGER_RESCUE * len(text):
            text = recalled
    return text


def _comparison_may_help(port: _ReadabilityPort, text: str) -> bool:
    """Whether the full precision mode may give another text than the fast one: its comparison
    replaces a text with readability's only when that is more than twice as long, and calls
    jusText in earnest only for a near-empty text. Asking trafilatura's readability port first
    (a fifth of an extraction) skips half of the full runs at no loss on the development sets."""
    if len(text) < _COMPARISON_MIN_CHARS:
        return True
    return len(port.text()) > _COMPARISON_LONGER * len(text)


class _ReadabilityPort:
    """trafilatura's port of readability on the page, run at most once and only when asked: a
    cheap second opinion (a fifth of an extraction) on how much article text the page holds."""

    def __init__(self, tree: Any) -> None:
        self._tree = tree
        self._text: str | None = None

    def text(self) -> str:
        if self._text is None:
            from trafilatura.readability_lxml import Document

            try:
                # The port rewrites the tree it reads; the page's tree is read again later.
                summary = Document(copy.deepcopy(self._tree)).summary()
            except Exception:  # a second opinion only; an empty one asks for no extra work
                summary = ""
            self._text = _clean_text(_strip_markup(summary)) if isinstance(summary, str) else ""
        return self._text


# The fast precision text is kept when it has at least this share of the page's paragraph text
# and this many characters; otherwise the full precision mode runs (one page in six to ten on the
# development sets). Lower shares lost body F1 on wcxb-articles-dev, higher ones bought nothing
# for their cost.
_FAST_SHARE = 0.6
_FAST_MIN_CHARS = 500
# The full mode runs without asking readability first for texts shorter than this (where jusText
# may rescue them), and otherwise when readability's text is this many times longer: trafilatura's
# own threshold for preferring it. On the development sets: scores unchanged, time per page about
# 5% lower on trafilatura-dev and wcxb-articles-dev, zyte unchanged.
_COMPARISON_MIN_CHARS = 250
_COMPARISON_LONGER = 2.0
# A mode's text shorter than this share of the page's paragraph text has lost part of the
# article: 0.3 moved the fewest pages on the development sets for nearly all of the gain.
_RETRY_SHARE = 0.3
# Paragraphs shorter than this are captions, bylines and teaser labels, not article text.
_REFERENCE_PARAGRAPH_WORDS = 8
# The recall mode also runs when the text has less than this share of the page's paragraph and
# list text outside its furniture, if that text is list-heavy (this many times the paragraph
# text) or the text is short beside the paragraphs alone (this share); pages with neither rarely
# gained and cost a recall run each. Its text replaces the shorter one only when it is this much
# longer: recall's extra text is often furniture, and a small gain is more often that than a lost
# section. Measured on the development sets (the recall mode ran on one page in twenty instead of
# one in sixty): trafilatura-dev +0.0024 snippet F1, wcxb-articles-dev +0.0024 body F1, zyte
# unchanged; replacing at 1.1 times the length lost on zyte, and running the full precision mode
# on the same evidence gained a tenth as much for twice the cost.
_RECALL_EVIDENCE_SHARE = 0.7
_LIST_HEAVY = 1.3
_SHORT_SHARE = 0.4
_LONGER_RESCUE = 1.25
# List items mostly made of links are teasers and menus, not article text.
_MAX_ITEM_LINK_SHARE = 0.5
# Text inside these is the site's furniture, whatever it looks like.
_FURNITURE = frozenset({"nav", "footer", "header", "aside", "form"})


@dataclass(frozen=True, slots=True)
class _Evidence:
    """How much text the page shows as an article's text (characters, white space collapsed):
    ``paragraphs`` counts every ``<p>`` of at least :data:`_REFERENCE_PARAGRAPH_WORDS` words;
    ``prose`` those outside the site's furniture, plus list items of as many words that are
    neither mostly links nor containers of further items or paragraphs. ``long_paragraphs`` holds
    those ``<p>`` elements with their text, in page order, for
    :func:`_restore_template_paragraphs` (one walk over the page serves both)."""

    paragraphs: int
    prose: int
    long_paragraphs: tuple[tuple[Any, str], ...] = ()


def _page_evidence(tree: Any) -> _Evidence:
    furniture: set[Any] = set()
    for container in tree.iter(*_FURNITURE):
        furniture.update(container.iter("p", "li"))
    paragraphs = prose = 0
    long_paragraphs: list[tuple[Any, str]] = []
    for element in tree.iter("p", "li"):
        is_paragraph = element.tag == "p"
        if not is_paragraph and element in furniture:
            continue
        words = element.text_content().split()
        if len(words) < _REFERENCE_PARAGRAPH_WORDS:
            continue
        text = " ".join(words)
        chars = len(text)
        if is_paragraph:
            paragraphs += chars
            long_paragraphs.append((element, text))
            if element not in furniture:
                prose += chars
        elif _is_leaf_item(element, chars):
            prose += chars
    return _Evidence(paragraphs, prose, tuple(long_paragraphs))


def _is_leaf_item(item: Any, chars: int) -> bool:
    if item.find(".//li") is not None or item.find(".//p") is not None:
        return False
    linked = sum(len(anchor.text_content()) for anchor in item.iter("a"))
    return linked < _MAX_ITEM_LINK_SHARE * chars


def _extract(
    tree: Any,
    url: str,
    *,
    favor_precision: bool = False,
    favor_recall: bool = False,
    fast: bool = False,
) -> str:
    from trafilatura import bare_extraction

    try:
        document = bare_extraction(
            tree,
            url=url or None,
            include_comments=False,
            favor_precision=favor_precision,
            favor_recall=favor_recall,
            fast=fast,
        )
    except Exception as exc:  # a bug in a heuristic on one odd page must not cost the reader
        LOGGER.warning("main text extraction failed: %s", type(exc).__name__)
        return ""
    raw = getattr(document, "text", None) if document is not None else None
    return _clean_text(raw) if isinstance(raw, str) else ""


def _clean_text(raw: str) -> str:
    if not unicodedata.is_normalized("NFC", raw):
        raw = unicodedata.normalize("NFC", raw)
    lines = (line.strip() for line in _SPACES.sub(" ", raw).splitlines())
    return "\n".join(line for line in lines if line)


# --- second opinions: readability, and the page's own lead ----------------------------------------

# readability runs only when the text has less than this share of the page's prose (the paragraph
# and list text outside its furniture, see :class:`_Evidence`) and that prose is long enough for
# the loss to matter: one page in twenty-five to sixty on the development sets, since it costs about
# as much as a trafilatura extraction. Its text replaces ours when it is at least
# _READABILITY_LONGER times longer yet no more than _READABILITY_CEILING times the prose: longer
# still, it has taken in teaser lists and comment threads as well. Measured on the development
# sets: zyte +0.003 and wcxb-articles-dev +0.003 body F1, trafilatura-dev unchanged (the prose
# floor costs nothing there and halves its runs). Running it on more pages (text under 0.9 of the
# prose) gained more on wcxb-articles-dev but lost on the other two sets and ran on a third of the
# pages; trafilatura's own readability port, four times cheaper, misses the sibling blocks of
# split articles that recover these pages.
_READABILITY_SHARE = 0.5
_READABILITY_MIN_PROSE = 4000
# readability itself runs only when trafilatura's port of it (see :class:`_ReadabilityPort`) finds
# this much more than our text: on the development sets that skipped 21 of 25 runs, none of them
# one that readability improved.
_PORT_LONGER = 1.15
_READABILITY_LONGER = 1.5
_READABILITY_CEILING = 1.3


def _rescue_with_readability(
    text: str, html: str, evidence: _Evidence, port: _ReadabilityPort
) -> str:
    """readability-lxml's text when ours is clearly short of the prose the page shows and
    readability finds (most of) it: pages whose article is split over sibling blocks, which
    trafilatura's modes keep only one of."""
    if evidence.prose < _READABILITY_MIN_PROSE or len(text) >= _READABILITY_SHARE * evidence.prose:
        return text
    # Most pages that get here hold other prose than the article (comments, teasers), and
    # readability finds what we found; the cheap port says so first.
    if len(port.text()) < _PORT_LONGER * len(text):
        return text
    candidate = _readability_text(html)
    if _READABILITY_LONGER * len(text) <= len(candidate) <= _READABILITY_CEILING * evidence.prose:
        return candidate
    return text


def _readability_text(html: str) -> str:
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
    except Exception as exc:  # a second opinion only: its failure leaves the first one standing
        LOGGER.info("readability failed: %s", type(exc).__name__)
        return ""
    return _clean_text(_strip_markup(summary)) if isinstance(summary, str) else ""


# --- paragraphs of the article's own blocks that the extraction left out ---------------------------

# Long-form pages (guides, listicles, reviews of several products) set their article in a row of
# blocks of one kind, one per section; trafilatura sometimes keeps only some of them. A left-out
# paragraph is put back when its parent block has the tag and class of the parents of at least
# _TEMPLATE_MIN_KEPT kept paragraphs holding at least _TEMPLATE_KEPT_SHARE of the kept paragraph
# text (so the template is the article's, not a sidebar's), sits in another block than any kept
# paragraph (paragraphs trafilatura dropped from beside kept ones were dropped for a reason), reads
# as prose (at least _TEMPLATE_MIN_SENTENCES sentence ends, at most _TEMPLATE_MAX_LINK_SHARE of it
# linked) and has no furniture between it and the article (see _TEMPLATE_NOT_ARTICLE). The
# paragraphs go back only when there are _TEMPLATE_MIN_ADDED of them with _TEMPLATE_MIN_CHARS:
# single stray paragraphs were footers and disclaimers. Measured on the development sets:
# wcxb-articles-dev body F1 0.9419 → 0.9441 (7 pages change, 6 gain), trafilatura-dev snippet F1
# 0.9420 → 0.9432, zyte unchanged, about 0.2 ms a page. Matching the grandparent's kind too found
# fewer split articles and more footers; looking only at sibling blocks of the one holding most
# of the text found half the gain.
_TEMPLATE_MIN_KEPT = 3
_TEMPLATE_KEPT_SHARE = 0.3
_TEMPLATE_MIN_SENTENCES = 2
_TEMPLATE_MAX_LINK_SHARE = 0.2
_TEMPLATE_MIN_ADDED = 2
_TEMPLATE_MIN_CHARS = 400
# A paragraph is kept when a line of the text starts with its first _TEMPLATE_START_CHARS
# characters (white space collapsed), and is already in the text when its first
# _TEMPLATE_KEY_CHARS are; a restored one goes after the line that starts the kept paragraph
# before it on the page.
_TEMPLATE_START_CHARS = 40
_TEMPLATE_KEY_CHARS = 80
_TEMPLATE_SENTENCE_END = re.compile(r"[.!?…][”\"')\]]?(?:\s|$)")
# Blocks that make a paragraph inside them furniture, a teaser, a quote or a list entry, and
# class or id words of blocks that hold other text than the article.
_TEMPLATE_NOT_ARTICLE_TAGS = frozenset(
    {"nav", "footer", "header", "aside", "form", "a", "figure", "blockquote", "li", "td"}
)
_TEMPLATE_NOT_ARTICLE = re.compile(
    r"comment|related|teaser|recommend|newsletter|share|promo|footer|sidebar|widget|card|author|bio",
    re.I,
)


def _restore_template_paragraphs(text: str, long_paragraphs: Iterable[tuple[Any, str]]) -> str:
    """``text`` with the paragraphs put back that the page sets in the same kind of block as the
    text's own paragraphs, but in blocks the extraction left out (see _TEMPLATE_MIN_KEPT);
    ``long_paragraphs`` are the page's ``<p>`` elements and texts (:attr:`_Evidence.long_paragraphs`)."""
    # A kept paragraph starts a line of the text; looking up line starts rather than searching
    # the whole text for each of the page's paragraphs keeps this step under a tenth of a
    # millisecond a page. The few paragraphs about to be restored are searched for in full.
    line_starts = {" ".join(line.split())[:_TEMPLATE_START_CHARS] for line in text.split("\n")}
    paragraphs = [
        (element, paragraph, paragraph[:_TEMPLATE_START_CHARS] in line_starts)
        for element, paragraph in long_paragraphs
        if element.getparent() is not None
    ]
    kept_count: Counter[tuple[str, str]] = Counter()
    kept_chars: Counter[tuple[str, str]] = Counter()
    kept_parents: set[Any] = set()
    for element, paragraph, is_kept in paragraphs:
        if is_kept:
            block = _block_kind(element)
            kept_count[block] += 1
            kept_chars[block] += len(paragraph)
            kept_parents.add(element.getparent())
    least_chars = _TEMPLATE_KEPT_SHARE * sum(kept_chars.values())
    candidates = [
        (index, element, paragraph)
        for index, (element, paragraph, is_kept) in enumerate(paragraphs)
        if not is_kept
        and kept_count[_block_kind(element)] >= _TEMPLATE_MIN_KEPT
        and kept_chars[_block_kind(element)] >= least_chars
        and element.getparent() not in kept_parents
    ]
    if len(candidates) < _TEMPLATE_MIN_ADDED:
        return text
    collapsed = " ".join(text.split())
    kept_ancestors: set[Any] = set()
    for element, _, is_kept in paragraphs:
        if is_kept:
            kept_ancestors.update(element.iterancestors())
    restored = [
        (index, paragraph)
        for index, element, paragraph in candidates
        if paragraph[:_TEMPLATE_KEY_CHARS] not in collapsed
        and _reads_as_article_prose(element, paragraph, kept_ancestors)
    ]
    if (
        len(restored) < _TEMPLATE_MIN_ADDED
        or sum(len(paragraph) for _, paragraph in restored) < _TEMPLATE_MIN_CHARS
    ):
        return text
    return _insert_in_page_order(text, paragraphs, restored)


def _block_kind(paragraph: Any) -> tuple[str, str]:
    parent = paragraph.getparent()
    return str(parent.tag), parent.get("class") or ""


def _reads_as_article_prose(element: Any, paragraph: str, kept_ancestors: set[Any]) -> bool:
    if len(_TEMPLATE_SENTENCE_END.findall(paragraph)) < _TEMPLATE_MIN_SENTENCES:
        return False
    linked = sum(len(" ".join(anchor.text_content().split())) for anchor in element.iter("a"))
    if linked > _TEMPLATE_MAX_LINK_SHARE * len(paragraph):
        return False
    # Only the blocks below the one it shares with the kept text: the article's own wrappers
    # often carry layout classes ("has-sidebar") that say nothing about the paragraph.
    for ancestor in element.iterancestors():
        if ancestor in kept_ancestors:
            break
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if ancestor.tag in _TEMPLATE_NOT_ARTICLE_TAGS or _TEMPLATE_NOT_ARTICLE.search(names):
            return False
    return True


def _insert_in_page_order(
    text: str, paragraphs: list[tuple[Any, str, bool]], restored: list[tuple[int, str]]
) -> str:
    """``text`` with each restored paragraph after the line of the kept paragraph before it on
    the page (in front when none is)."""
    lines = text.split("\n")
    collapsed_lines = [" ".join(line.split()) for line in lines]
    after: dict[int, list[str]] = {}
    for index, paragraph in restored:
        line = -1
        previous = [p for _, p, is_kept in paragraphs[:index] if is_kept]
        if previous:
            head = previous[-1][:_TEMPLATE_START_CHARS]
            line = next(
                (i for i, candidate in enumerate(collapsed_lines) if head in candidate),
                len(lines) - 1,
            )
        after.setdefault(line, []).append(paragraph)
    out = list(after.get(-1, []))
    for i, line_text in enumerate(lines):
        out.append(line_text)
        out.extend(after.get(i, []))
    return "\n".join(out)


# The meta descriptions a lead is looked for in, most specific first.
_DESCRIPTION_META = ("og:description", "description", "twitter:description")
# A lead is a paragraph: at least this many words, with at least one full stop (a one-line dek
# under the headline is a subtitle, not article text, on the development sets).
_LEAD_MIN_WORDS = 20
# Shorter descriptions are labels ("News from Berlin"), too short to identify a paragraph by.
_DESCRIPTION_MIN_WORDS = 12
_LEAD_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")
# The element holding the description may add a little (a dateline, a "more" link), no more.
_LEAD_SLACK = 1.5
_LEAD_SLACK_CHARS = 100
# Text the lead is restored into already has it when it holds this share of the lead's 4-grams.
_LEAD_PRESENT = 0.5
# Elements whose text is a heading, a caption, a link or a list entry, not a lead paragraph; and
# ancestors that make any text inside them furniture or a teaser for another page.
_NOT_LEAD = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "a", "li", "td", "th"})
_NOT_LEAD_ANCESTORS = frozenset(
    {"nav", "footer", "aside", "form", "a", "figure", "figcaption", "li", "button", "label"}
)
_LEAD_WORD = re.compile(r"\w+")
_LEAD_PROBE_CHARS = 30
_LEAD_MAX_PROBES = 5
_BODY_TAG = re.compile(r"<body[\s>]", re.I)
# Characters the markup may spell as entities, so that a plain search could miss them.
_NEEDS_ESCAPING = re.compile(r"[&<>\"'\u00a0]")
_SHOWN_TEXT = "//body//text()[not(parent::script or parent::style)][contains(., $probe)]"


def _restore_lead(text: str, html: str, tree: Any, scan: _Scan) -> str:
    """``text`` with the article's lead paragraph in front when the extraction lost it.

    News pages (German and Spanish ones above all) set the lead apart from the body, in a
    "teaser", "intro" or "abstract" block that trafilatura discards with the teasers of other
    articles. The lead is recognised by the page's own meta description: a block of the page that
    shows that description, as a paragraph of its own (not a heading, caption or link), is the
    lead. Measured on the development sets: trafilatura-dev +0.008 snippet F1 (a quarter of the
    missed article snippets were leads), zyte -0.0005 and wcxb-articles-dev -0.0001 body F1 (their
    truth leaves out the standfirst under the headline; requiring a paragraph of 20 words with a
    full stop, not a heading, keeps most of those out).
    """
    body = _BODY_TAG.search(html)
    if not text or body is None:
        return text
    seen: set[str] = set()
    for key in _DESCRIPTION_META:
        for description in scan.tags.get(key, ()):
            words = _LEAD_WORD.findall(description.casefold())
            if len(words) < _DESCRIPTION_MIN_WORDS or " ".join(words) in seen:
                continue
            seen.add(" ".join(words))
            collapsed = " ".join(description.split())
            probe = collapsed[:_LEAD_PROBE_CHARS]
            # An extraction that holds the description's opening has its lead already.
            if probe in text or not _maybe_shown(html, body.start(), probe):
                continue
            lead = _shown_lead(tree, collapsed, words)
            if lead is not None and _shared_share(lead, text) < _LEAD_PRESENT:
                return f"{lead}\n{text}"
    return text


def _maybe_shown(html: str, start: int, probe: str) -> bool:
    """Whether ``probe`` may be text of the page's body: most descriptions are not shown at all,
    or only in attributes and scripts, and a plain search of the markup settles that for them
    without the search of the tree (which costs half a millisecond)."""
    if _NEEDS_ESCAPING.search(probe):
        return True  # the markup may spell it with entities; let the tree search decide
    found = html.find(probe, start)
    for _ in range(_LEAD_MAX_PROBES):
        if found < 0:
            return False
        in_tag = html.rfind("<", start, found) > html.rfind(">", start, found)
        in_script = html.rfind("<script", start, found) > html.rfind("</script", start, found)
        if not in_tag and not in_script:
            return True
        found = html.find(probe, found + len(probe))
    return True


def _shown_lead(tree: Any, collapsed: str, words: list[str]) -> str | None:
    """The text of the paragraph-like element of the page that shows the description
    ``collapsed`` (white space collapsed; ``words`` are its words), if any."""
    try:
        nodes = tree.xpath(_SHOWN_TEXT, probe=collapsed[:_LEAD_PROBE_CHARS])
    except Exception:  # an odd character in the probe; the lead is only a bonus
        return None
    # From the text node up to the element holding the description's first words; it is never
    # much longer than the description, which bounds the climb.
    limit = _LEAD_SLACK * len(collapsed) + _LEAD_SLACK_CHARS
    target = " ".join(words[:_LEAD_MIN_WORDS])
    element = nodes[0].getparent() if nodes else None
    while element is not None:
        content = element.text_content()
        if len(content) > 2 * limit:
            return None
        if target in _lead_key(content):
            break
        element = element.getparent()
    if (
        element is None
        or element.tag in _NOT_LEAD
        or any(ancestor.tag in _NOT_LEAD_ANCESTORS for ancestor in element.iterancestors())
    ):
        return None
    lead = " ".join(element.text_content().split())
    is_paragraph = (
        len(lead) <= limit
        and len(lead.split()) >= _LEAD_MIN_WORDS
        and _LEAD_SENTENCE_END.search(lead) is not None
    )
    return lead if is_paragraph else None


def _lead_key(text: str) -> str:
    return " ".join(_LEAD_WORD.findall(text.casefold()))


def _shared_share(part: str, text: str) -> float:
    """Share of the word 4-grams of ``part`` that also occur in ``text``."""
    grams = _four_grams(_LEAD_WORD.findall(part))
    if not grams:
        return 1.0
    known = set(_four_grams(_LEAD_WORD.findall(text)))
    return sum(1 for gram in grams if gram in known) / len(grams)


def _four_grams(words: list[str]) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + 4]) for i in range(max(len(words) - 3, 1 if words else 0))]


# --- metadata -----------------------------------------------------------------------------------


@dataclass
class _Scan:
    """The elements metadata is read from, collected in one walk over the tree: each walk costs
    about a quarter of a millisecond on a news page, and there would otherwise be six."""

    tags: dict[str, list[str]] = field(default_factory=dict)
    canonical: list[str] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    times: list[Any] = field(default_factory=list)
    h1: list[Any] = field(default_factory=list)
    anchors: list[Any] = field(default_factory=list)
    bylines: list[Any] = field(default_factory=list)
    title: str | None = None


def _scan(tree: Any) -> _Scan:
    scan = _Scan()
    for element in tree.iter("meta", "link", "script", "time", "title", "h1", "a"):
        tag = element.tag
        if tag == "a":
            scan.anchors.append(element)
        elif tag == "meta":
            _add_meta(scan.tags, element)
        elif tag == "link":
            rel = (element.get("rel") or "").lower().split()
            if "canonical" in rel and element.get("href"):
                scan.canonical.append(element.get("href"))
            elif "author" in rel:
                scan.bylines.append(element)
        elif tag == "script":
            if (element.get("type") or "").strip().lower() == "application/ld+json":
                scan.jsonld.append(element.text or "")
        elif tag == "time":
            scan.times.append(element)
        elif tag == "h1":
            scan.h1.append(element)
        elif scan.title is None:
            scan.title = _clean_inline(element.text_content()) or None
    return scan


def _add_meta(tags: dict[str, list[str]], element: Any) -> None:
    content = element.get("content")
    if not content or content.isspace():
        return
    for attribute in ("property", "name", "itemprop", "http-equiv"):
        key = element.get(attribute)
        if key:
            tags.setdefault(key.strip().lower(), []).append(_clean_inline(content))


def _is_author_link(anchor: Any) -> bool:
    return anchor.get("itemprop") == "author" or "author" in (anchor.get("rel") or "").split()


def _read_metadata(tree: Any, url: str, scan: _Scan) -> _PageMeta:
    meta = _PageMeta()
    tags = scan.tags
    base = url if _is_http(url) else ""
    declared: list[str] = []
    # <html lang> comes from the site's template and is sometimes left at a default; every
    # declaration is checked against the text later, so order here only breaks ties.
    root_lang = tree.get("lang") or tree.get("xml:lang")
    if isinstance(root_lang, str):
        declared.append(root_lang)

    nodes = _top_level_nodes(_jsonld_documents(scan.jsonld))
    node, by_id = _jsonld_article(nodes, url)
    meta.has_index_node = any(_types(n) & _INDEX_TYPES for n in nodes)
    meta.declared_types = frozenset(t for n in nodes for t in _types(n))
    if node is not None:
        meta.has_article_node = True
        meta.headline = _inline_value(node.get("headline")) or _inline_value(node.get("name"))
        meta.published = _normalise_date(_inline_value(node.get("datePublished")))
        meta.authors = _people(node.get("author"), by_id)
        meta.publisher = _first_name(node.get("publisher"), by_id)
        body = node.get("articleBody")
        meta.article_body = body.strip() if isinstance(body, str) else None
        in_language = node.get("inLanguage")
        if isinstance(in_language, dict):
            in_language = in_language.get("alternateName") or in_language.get("name")
        if isinstance(in_language, str):
            declared.append(in_language)

    meta.title = _first(tags, "og:title", "twitter:title") or _heuristic_title(scan)
    meta.site_name = _clean_site_name(_first(tags, "og:site_name", "application-name"))
    meta.og_type = (_first(tags, "og:type") or "").lower() or None
    og_url = _first(tags, "og:url")
    meta.og_url = _own_address(og_url, base)
    meta.canonical = _own_address(scan.canonical[0] if scan.canonical else None, base)
    meta.declares_date = any(key in tags for key in _DATE_META[:2])
    if not meta.published:
        meta.published = next(
            (d for key in _DATE_META if (d := _normalise_date(_first(tags, key)))), None
        ) or _time_element_date(scan.times)
    if not meta.authors:
        meta.authors = _dedupe(
            name
            for key in _AUTHOR_META
            for value in tags.get(key, [])
            for name in _split_names(value)
        ) or _byline_authors(scan.bylines + [a for a in scan.anchors if _is_author_link(a)])
    if not meta.publisher and not meta.site_name:
        meta.publisher = _jsonld_site_name(nodes)

    declared += [v for key in _LANGUAGE_META if (v := _first(tags, key))]
    meta.languages = list(
        dict.fromkeys(
            primary_language(tag)
            for tag in (d.strip() for d in declared)
            if _LANGUAGE_TAG.match(tag)
        )
    )
    return meta


def _first(tags: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        for value in tags.get(key, ()):
            if value:
                return value
    return None


def _heuristic_title(scan: _Scan) -> str | None:
    # A lone <h1> is the headline on nearly every article template; otherwise the <title>,
    # whose site-name suffix is removed later, once the site's name is known.
    headings = [t for h1 in scan.h1 if (t := _clean_inline(h1.text_content()))]
    if len(headings) == 1:
        return headings[0]
    return scan.title or (headings[0] if headings else None)


def _own_address(href: str | None, base: str) -> str | None:
    """An absolute http(s) address the page declares for itself, or None."""
    address = _absolute_http(href, base) if href else None
    # Some sites declare their home page as every page's canonical address; trusting that would
    # merge all their articles into one cache entry.
    if address and _path_is_root(address) and not _path_is_root(base):
        return None
    return address


def _absolute_http(href: str, base: str) -> str | None:
    try:
        absolute = urljoin(base, href.strip()) if base else href.strip()
        parts = urlsplit(absolute)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return urlunsplit(parts._replace(fragment=""))


def _without_fragment(url: str) -> str:
    try:
        return urlunsplit(urlsplit(url)._replace(fragment=""))
    except ValueError:
        return url


def _is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _path_is_root(url: str) -> bool:
    if not _is_http(url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.path in {"", "/"} and not parts.query


def _domain(url: str) -> str:
    if not _is_http(url):
        return ""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def _clean_site_name(name: str | None) -> str | None:
    if not name:
        return None
    return name.lstrip("@").strip() or None


def _clean_inline(value: str) -> str:
    return _SPACES.sub(" ", html_lib.unescape(value).replace("\n", " ")).strip()


def _without_site_name(title: str | None, meta: _PageMeta, domain: str) -> str | None:
    """``"Headline | Site"`` → ``"Headline"`` when the last part names the site itself."""
    if not title:
        return None
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    tail = _letters_only(parts[-1])
    names = {_letters_only(n) for n in (meta.site_name, meta.publisher, domain) if n}
    if "." in domain:
        names.add(_letters_only(domain.rsplit(".", 1)[0]))
    # "Recipe from Example.com" names the site too; very short names would match by accident.
    if tail in names or any(
        len(n) >= 5 and n in tail for n in names if count_words(parts[-1]) <= 6
    ):
        head = title[: title.rfind(parts[-1])].rstrip(" |-\u2013\u2014\u00b7:")
        if count_words(head) >= 2:
            return head
    return title


def _letters_only(value: str) -> str:
    return "".join(ch for ch in value.casefold() if ch.isalnum())


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0][:200]


# --- JSON-LD ------------------------------------------------------------------------------------


def _jsonld_documents(scripts: list[str]) -> Iterator[Any]:
    for script in scripts:
        raw = script.strip()
        if not raw:
            continue
        try:
            yield json.loads(raw, strict=False)
        except RecursionError:
            LOGGER.debug("JSON-LD block nested too deeply, skipped")
        except ValueError:
            # Hand-written JSON-LD is often wrapped in HTML comments or CDATA, or carries a
            # trailing comma; anything beyond that is not worth guessing at.
            repaired = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", raw)
            repaired = re.sub(r",\s*([}\]])", r"\1", repaired)
            try:
                yield json.loads(repaired, strict=False)
            except (ValueError, RecursionError):
                LOGGER.debug("unreadable JSON-LD block skipped")


def _top_level_nodes(documents: Iterable[Any]) -> list[dict[str, Any]]:
    """Nodes the page describes itself with: top-level objects, ``@graph`` members and their
    ``mainEntity``. Deeper nodes (an ``ItemList`` of teasers) describe other pages."""
    nodes: list[dict[str, Any]] = []
    pending: deque[Any] = deque(documents)
    # Bounded, because the page decides how large these lists are.
    for _ in range(_MAX_JSONLD_ITEMS):
        if not pending:
            break
        item = pending.popleft()
        if isinstance(item, list):
            pending.extendleft(reversed(item[:_MAX_JSONLD_ITEMS]))
        elif isinstance(item, dict):
            nodes.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                pending.extendleft(reversed(graph[:_MAX_JSONLD_ITEMS]))
            main = item.get("mainEntity")
            if isinstance(main, dict | list):
                pending.append(main)
    return nodes


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for v in values if isinstance(v, str)}


def _jsonld_article(
    nodes: list[dict[str, Any]], url: str
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The node describing this page's article, if any, and all nodes by ``@id``."""
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    articles = [n for n in nodes if _types(n) & _ARTICLE_TYPES]
    if not articles:
        return None, by_id
    page = _without_fragment(url).rstrip("/")

    def rank(node: dict[str, Any]) -> int:
        own = {_node_url(node.get(k)) for k in ("url", "mainEntityOfPage", "@id")}
        return (2 if page and page in own else 0) + (1 if node.get("articleBody") else 0)

    return max(articles, key=rank), by_id


def _node_url(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return _without_fragment(value).rstrip("/") if isinstance(value, str) else ""


def _inline_value(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return (_clean_inline(value) or None) if isinstance(value, str) else None


def _resolve(value: Any, by_id: dict[str, Any]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
        return by_id.get(value.get("@id", ""), value)
    return value


def _first_name(value: Any, by_id: dict[str, Any]) -> str | None:
    names = _people(value, by_id)
    return names[0] if names else None


def _people(value: Any, by_id: dict[str, Any]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:20]:
        person = _resolve(item, by_id)
        name = (
            person.get("name") or person.get("alternateName")
            if isinstance(person, dict)
            else person
        )
        if isinstance(name, list):
            name = next((v for v in name if isinstance(v, str)), None)
        if isinstance(name, str):
            names.extend(_split_names(name))
    return _dedupe(names)


def _jsonld_site_name(nodes: list[dict[str, Any]]) -> str | None:
    for node in nodes:
        if _types(node) & {"website", "newsmediaorganization", "organization"}:
            name = _inline_value(node.get("name"))
            if name:
                return name
    return None


def _split_names(value: str) -> list[str]:
    value = _clean_inline(value)
    if not value or "://" in value or value.startswith("www.") or len(value) > 200:
        return []
    parts = _NAME_SEPARATOR.split(value)
    names = [_strip_byline_prefix(p).strip(" .") for p in parts]
    if len(names) > 1:
        # "Jane Doe, PhD", "John Roe, MS, RD" and "Chris Cillizza, CNN Editor-at-large": degrees
        # and roles follow a comma like a second name would.
        names = [n for n in names if not _CREDENTIAL.match(n) and not _BYLINE_ROLE.search(n)]
    return [n for n in names if 1 < len(n) <= 80 and not n.isdigit()]


def _strip_byline_prefix(part: str) -> str:
    """Strip "By", then "Analysis by" ("By Analysis by Chris Cillizza"): prefixes can repeat."""
    for _ in range(3):
        stripped = _BYLINE_PREFIX.sub("", part, count=1)
        if stripped == part:
            break
        part = stripped
    return part


def _dedupe(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique: list[str] = []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def _byline_authors(elements: list[Any]) -> list[str]:
    names = _dedupe(
        name for element in elements[:5] for name in _split_names(_element_name(element))
    )
    # A long list is a comment section or a teaser wall, not this article's byline.
    return names if len(names) <= 3 else []


def _element_name(element: Any) -> str:
    named = element.xpath('.//*[@itemprop="name"]')
    source = named[0] if named else element
    value = source.get("content") or source.text_content()
    return str(value) if len(value) <= 100 else ""


# --- dates --------------------------------------------------------------------------------------


def _time_element_date(times: list[Any]) -> str | None:
    for element in times:
        if element.get("itemprop") == "datePublished" or element.get("pubdate") is not None:
            found = _normalise_date(element.get("datetime") or element.text_content())
            if found:
                return found
    return None


def _in_publisher_day(published: str | None, url: str) -> str | None:
    """``published``, or the day in the address when the two are one day apart.

    Metadata often gives the time in UTC, while a date in the address is the publisher's own
    day: a story posted at 23:30 in Minneapolis carries 05:30 the next day in its metadata.
    """
    if not published or "T" not in published:
        return published
    in_url = _URL_DATE.search(url)
    if in_url is None:
        return published
    address_day = _normalise_date("-".join(in_url.groups()))
    if address_day is None:
        return published
    try:
        apart = abs((date.fromisoformat(address_day) - date.fromisoformat(published[:10])).days)
    except ValueError:
        return published
    return address_day if apart == 1 else published


def _heuristic_date(tree: Any, url: str, times: list[Any], headlines: list[Any]) -> str | None:
    # A date in the address or a <time> element settles it before htmldate's search, which
    # costs a couple of milliseconds (it copies the tree).
    in_url = _URL_DATE.search(url)
    if in_url:
        found = _normalise_date("-".join(in_url.groups()))
        if found:
            return found
    for element in times:
        found = _normalise_date(element.get("datetime"))
        if found:
            return found

    from htmldate import find_date

    try:
        # The tree, never the URL string: given a string that looks like a URL, htmldate
        # downloads it. The quick search only: the extensive one (dates written in the text,
        # read by dateparser) costs 15% more time per page on wcxb-articles-dev over the whole
        # page, so it runs on the headline's block alone, and only when this finds nothing.
        found = find_date(
            tree, extensive_search=False, original_date=True, url=url if _is_http(url) else None
        )
    except Exception:  # htmldate's heuristics only refine metadata; a failure costs the date
        return None
    if isinstance(found, str):
        return _normalise_date(found)
    return _headline_block_date(headlines)


# The headline's block (headline, standfirst, byline) is at most this long; beyond, an ancestor
# holds the article or the page.
_HEADLINE_BLOCK_CHARS = 4000


def _headline_block_date(headlines: list[Any]) -> str | None:
    """A date written in the headline's block, such as a byline's "Posted 11. April 2018".

    htmldate's extensive search (dates in free text) finds these, but over a whole page it costs
    10-25 ms and picks up dates of comments and teasers. Run on the block around the first
    <h1> only, it costs well under a millisecond on most pages.
    """
    if not headlines:
        return None
    block = headlines[0]
    for ancestor in block.iterancestors():
        if ancestor.tag in ("body", "html") or len(ancestor.text_content()) > _HEADLINE_BLOCK_CHARS:
            break
        block = ancestor

    from htmldate import find_date

    try:
        # find_date copies an element before it prunes it, so the page's tree is left intact.
        found = find_date(block, extensive_search=True, original_date=True)
    except Exception:  # as above: a failure costs the date, not the article
        return None
    return _normalise_date(found) if isinstance(found, str) else None


def _normalise_date(value: str | None) -> str | None:
    """An ISO 8601 date (or date-time when the page gives the time), or None if unreadable."""
    if not value:
        return None
    value = value.strip()
    parsed: datetime | None = None
    try:
        parsed = datetime.fromisoformat(value.replace("/", "-"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
            if match:
                try:
                    year, month, day = (int(g) for g in match.groups())
                    parsed = datetime(year, month, day)
                except ValueError:
                    parsed = None
    if parsed is None or not 1990 <= parsed.year <= 2100:
        return None
    date_only = len(value) <= 10 or (parsed.time() == datetime.min.time() and "T" not in value)
    if date_only:
        return date(parsed.year, parsed.month, parsed.day).isoformat()
    return parsed.isoformat()


# --- text choice and page type ------------------------------------------------------------------


def _prefer_declared_body(text: str, meta: _PageMeta, tree: Any) -> str:
    """Use JSON-LD ``articleBody`` when the visible text is too thin to be the article (pages
    that render their body with script) and the declared body belongs to this page, or when the
    declared body is much longer and the page itself shows it (the extraction was cut short)."""
    if not meta.article_body:
        return text
    body = _clean_text(_strip_markup(meta.article_body))
    if body.split() == text.split():
        # trafilatura found the same words (it reads articleBody itself when the page shows
        # nothing) but joins them into one line; the declared body keeps its paragraphs.
        return body
    if count_words(body) < MIN_WORDS:
        return text
    if count_words(text) >= MIN_WORDS:
        # A longer declared body is sometimes another text altogether (a different article, a
        # draft padded with boilerplate); it replaces the extraction only when nearly all of its
        # sentences can be read on the page.
        if len(body) >= _LONGER_BODY * len(text) and declared_body_agrees(body, tree):
            return body
        return text
    return body if _thin_text_agrees(text, body, meta) else text


def _thin_text_agrees(text: str, body: str, meta: _PageMeta) -> bool:
    """Whether a declared body belongs to a page that shows too little text to check it with:
    its headline matches the page's own title, or what little text the page shows is (mostly)
    part of the declared body."""
    page_words = set(_LETTERS.findall((text + " " + (meta.title or "")).casefold()))
    headline_words = set(_LETTERS.findall((meta.headline or "").casefold()))
    body_words = set(_LETTERS.findall(body.casefold()))
    if headline_words and len(headline_words & page_words) >= 0.5 * len(headline_words):
        return True
    return bool(page_words) and len(page_words & body_words) >= 0.6 * len(page_words)


# A declared body this much longer than the extraction is evidence that the extraction missed
# part of the article (slightly longer bodies differ only by captions and ads).
_LONGER_BODY = 1.5


def _strip_markup(value: str) -> str:
    if "<" not in value:
        return html_lib.unescape(value)
    return html_lib.unescape(_ANY_TAG.sub(" ", _BLOCK_END.sub("\n", value)))


# --- language -----------------------------------------------------------------------------------

# Short lists of frequent, mostly language-specific function words. They confirm a declared
# language (or name an undeclared one) without loading a statistical model in the common case.
_FUNCTION_WORDS: dict[str, str] = {
    "en": (
        "the and of to is that for was with on as it by at from he she has have are were this "
        "which be not but said an they their his her been will would who"
    ),
    "de": (
        "der die das und ist nicht mit von den dem des ein eine einen zu auf für im sich auch es "
        "wird wurde sie er bei nach aus noch wie hat sind dass oder als"
    ),
    "fr": (
        "le la les des et est une un du dans que qui pour pas sur au aux avec il elle ce cette "
        "sont ont été mais par plus ne se son sa ses leur"
    ),
    "es": (
        "el la los las y que en es un una por con para del al se su sus lo como más pero fue "
        "está han ha este esta también sobre entre"
    ),
    "it": (
        "il la le lo gli di che è un una per con del della dei delle nel nella al alla non sono "
        "ha anche come più ma si sul questo"
    ),
    "pt": (
        "o os as e que de do da dos das em no na nos um uma para com por não é ao mais foi como "
        "mas seu sua também está"
    ),
    "nl": (
        "de het een en van is dat die in op te met voor niet zijn aan er ook als bij door naar "
        "wordt werd om maar nog heeft hij zij worden"
    ),
    "pl": (
        "i w na z się nie do to że jest o jak po co ale od za przez jego dla oraz był była są "
        "tak czy już może które który która"
    ),
}
_CONFIRM_SHARE = 0.15
_NAME_SHARE = 0.2
_NAME_MARGIN = 1.5

# Scripts written by exactly one of the supported languages, or by a known few.
_SCRIPT_LANGUAGES: dict[str, frozenset[str]] = {
    "cyrillic": frozenset({"ru", "uk", "bg", "sr", "mk", "be", "kk"}),
    "greek": frozenset({"el"}),
    "arabic": frozenset({"ar", "fa", "ur"}),
    "hebrew": frozenset({"he", "yi"}),
    "han": frozenset({"zh", "ja"}),
    "kana": frozenset({"ja"}),
    "hangul": frozenset({"ko"}),
}
# Pairs a statistical model confuses on news text; a page's own declaration wins between them.
_CLOSE_LANGUAGES = (
    frozenset({"hr", "sr", "bs", "sl", "mk"}),
    frozenset({"cs", "sk"}),
    frozenset({"no", "da", "nb", "nn", "sv"}),
    frozenset({"id", "ms"}),
    frozenset({"es", "gl", "ca", "pt"}),
)
_OVERRIDE_CONFIDENCE = 0.9


def _choose_language(declared: list[str], text: str) -> str:
    """The declared language unless the text obviously disagrees; the detected one otherwise."""
    sample = text[:_LANGUAGE_SAMPLE_CHARS]
    shares = _function_word_shares(sample)
    script = _dominant_script(sample)
    confirmed = next((lang for lang in declared if _confirms(lang, shares, script)), None)
    if confirmed:
        return confirmed
    named = _named_by_function_words(shares)
    if named and (not declared or declared[0] in _FUNCTION_WORDS):
        # Typically a template's lang="en" left on a page in another listed language.
        return named
    if not _LETTERS.search(sample):
        return declared[0] if declared else "und"
    return _settle(declared, *_identify(sample))


def _settle(declared: list[str], detected: str, confidence: float) -> str:
    """Between declarations the text did not confirm and the statistical model's verdict."""
    if not declared or detected in declared:
        return detected
    if confidence >= _OVERRIDE_CONFIDENCE and not _close(declared[0], detected):
        return detected
    return declared[0]


def detect_language(text: str) -> str:
    """Primary subtag of the language ``text`` is written in (no declaration to go by)."""
    return _choose_language([], text)


@cache
def _function_word_languages() -> dict[str, tuple[str, ...]]:
    languages: dict[str, list[str]] = {}
    for language, words in _FUNCTION_WORDS.items():
        for word in words.split():
            languages.setdefault(word, []).append(language)
    return {word: tuple(found) for word, found in languages.items()}


def _function_word_shares(sample: str) -> dict[str, float]:
    words = _LETTERS.findall(sample.casefold())
    if len(words) < 20:
        return {}
    lookup = _function_word_languages()
    hits: Counter[str] = Counter()
    for word, count in Counter(words).items():
        for language in lookup.get(word, ()):
            hits[language] += count
    return {language: hits[language] / len(words) for language in _FUNCTION_WORDS}


def _confirms(language: str, shares: dict[str, float], script: str) -> bool:
    expected_script = next(
        (name for name, languages in _SCRIPT_LANGUAGES.items() if language in languages), "latin"
    )
    if language == "ja" and script in {"han", "kana"}:
        return True
    if script != expected_script:
        return False
    if expected_script != "latin" or not shares:
        # Too little Latin text to argue with the page, or a script that settles it.
        return True
    own = shares.get(language)
    best_other = max((s for lang, s in shares.items() if lang != language), default=0.0)
    if own is not None:
        return own >= _CONFIRM_SHARE and own >= best_other
    # A Latin-script language without a word list: accept it unless one of the listed languages
    # plainly fits the text.
    return best_other < _NAME_SHARE


def _named_by_function_words(shares: dict[str, float]) -> str | None:
    if not shares:
        return None
    ranked = sorted(shares.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top >= _NAME_SHARE and top >= _NAME_MARGIN * second else None


def _dominant_script(sample: str) -> str:
    if not _NON_LATIN.search(sample):
        return "latin"
    counts: Counter[str] = Counter()
    for ch in sample[:1000]:
        if ch.isalpha():
            counts[_script(ch)] += 1
    if counts["kana"] and counts["kana"] >= 0.05 * sum(counts.values()):
        return "kana"
    return counts.most_common(1)[0][0] if counts else "latin"


def _script(ch: str) -> str:
    code = ord(ch)
    if code < 0x0370:
        return "latin"
    ranges = (
        (0x0400, 0x0530, "cyrillic"),
        (0x0370, 0x0400, "greek"),
        (0x0590, 0x0600, "hebrew"),
        (0x0600, 0x0780, "arabic"),
        (0x3040, 0x3100, "kana"),
        (0x3400, 0xA000, "han"),
        (0xAC00, 0xD7B0, "hangul"),
        (0x1100, 0x1200, "hangul"),
        (0xF900, 0xFB00, "han"),
        (0x1E00, 0x1F00, "latin"),
    )
    return next((name for low, high, name in ranges if low <= code < high), "other")


def _close(a: str, b: str) -> bool:
    return any(a in group and b in group for group in _CLOSE_LANGUAGES)


def _identify(sample: str) -> tuple[str, float]:
    # The model loads once per process (a few tenths of a second) and only when a page's language
    # cannot be settled from its declaration, script and function words.
    language, confidence = identify(sample)
    return primary_language(language), confidence
