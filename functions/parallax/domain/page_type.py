"""Is this page an article? A judgement with its evidence.

Extraction reads the text of every page; this module then says what kind of page it read, from
what the page declares about itself and what its layout shows:

* declarations: ``og:type``, schema.org types in JSON-LD and microdata (``NewsArticle``,
  ``Product``/``Offer``, ``CollectionPage``/``ItemList``, ``DiscussionForumPosting``), a declared
  publication time;
* layout: headline links and headings that are links (teaser cards), how much of the extracted
  text is made of link labels, how long its paragraphs are, whether the page has a headline of its
  own;
* commerce: prices and cart or booking controls;
* what is left when nothing else is: no text, a cookie or consent notice, a PDF viewer shell, a
  page of navigation.

The verdict is a :class:`PageJudgement`: a ``page_type``, whether the Brief should summarise it
(``is_article``), a stable ``reason`` code the panel localises and a human ``detail``, plus the
evidence it rests on. Thresholds live in :mod:`.page_type_rules` beside this module, with how
they were measured. Forum threads and documentation pages are judged as what they are but not
refused (the reader may well want a thread or a how-to summarised); see ``REFUSED``.

All signals come from the tree and text extraction has already built, plus a few regular
expressions over the raw HTML; the judgement costs well under a millisecond on a news page.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal
from urllib.parse import urlsplit

from parallax.domain import page_type_rules as rules

__all__ = [
    "FEATURE_NAMES",
    "PAGE_TYPES",
    "REASONS",
    "PageJudgement",
    "PageSignals",
    "RefusalReason",
    "features",
    "judge_page",
    "non_article_score",
    "read_signals",
]

PageType = Literal[
    "article", "front", "listing", "product", "service", "forum", "documentation", "other"
]
PAGE_TYPES: tuple[str, ...] = (
    "article", "front", "listing", "product", "service", "forum", "documentation", "other",
)  # fmt: skip

RefusalReason = Literal[
    "section_front", "listing", "product_page", "service_page", "navigation_only", "cookie_wall",
    "pdf_viewer", "no_text",
]  # fmt: skip
# Stable reason codes (the extension localises by them) with the detail shown when it cannot.
REASONS: dict[str, str] = {
    "section_front": "This looks like a home page or section front: open one of its articles.",
    "listing": "This looks like a list of articles or search results: open one of them.",
    "product_page": "This looks like a shop page, not an article.",
    "service_page": "This looks like a page offering a service, not an article.",
    "navigation_only": "This page holds only menus and links: open an article from it.",
    "cookie_wall": "Only a cookie or consent notice could be read: accept or close it, then try "
    "again.",
    "pdf_viewer": "This page shows a PDF document, which cannot be summarised here.",
    "no_text": "This page has too little text to summarise.",
}


@dataclass(frozen=True, slots=True)
class PageSignals:
    """What the judgement looks at, gathered once per page."""

    url_is_root: bool = False
    og_type: str = ""
    declared_types: frozenset[str] = frozenset()
    """schema.org types of the page's own JSON-LD nodes and microdata, lower case."""
    has_article_node: bool = False
    declares_date: bool = False
    word_count: int = 0
    lines: int = 0
    linked_lines: int = 0
    linked_share: float = 0.0
    """Share of the text's words in lines that are also the label of a link on the page."""
    headline_links: int = 0
    """Links with a label of four words or more: teaser headlines."""
    headline_link_words: int = 0
    linked_headings: int = 0
    """h2-h4 headings inside or around a link: teaser cards."""
    headings: int = 0
    own_headline: bool = False
    articles: int = 0
    """``<article>`` elements: one for an article page, one per card on a front."""
    prices: int = 0
    cart: int = 0
    """Controls to buy or book: "add to cart", basket forms, ``product:price`` metadata."""
    forum: int = 0
    block_paragraphs: int = 0
    """Paragraphs of 20 words or more in the one block that holds most of them: an article's body
    is a run of sibling paragraphs, a front's teasers sit one to a card."""
    block_words: int = 0
    long_line_share: float = 0.0
    """Share of the text's words in lines of 25 words or more (prose, not teaser labels)."""
    slug_words: int = 0
    """Words in the longest segment of the address's path ("/2024/05/storm-floods-the-town")."""
    url_has_date: bool = False
    url_has_id: bool = False
    path_depth: int = 0
    has_date: bool = False
    """A publication date was found anywhere (declared, in the address, beside the headline)."""
    has_author: bool = False
    times: int = 0
    """``<time>`` elements: one or two on an article, one per teaser on a front."""
    headlines: int = 0
    paragraph_blocks: int = 0
    """Blocks (parents) holding paragraphs of eight words or more."""
    block_share: float = 0.0
    """Share of those paragraphs' words in the block with most of them."""
    reader_address: float = 0.0
    """"you", "your" (and their kin in other languages) per word: marketing speaks to the reader."""
    company_voice: float = 0.0
    """"we", "our" per word: a business describing itself."""
    calls_to_action: int = 0
    pdf_viewer: bool = False
    cookie_text: bool = False
    has_letters: bool = True


@dataclass(frozen=True, slots=True)
class PageJudgement:
    page_type: PageType
    is_article: bool
    reason: str | None = None
    """A key of :data:`REASONS` when ``is_article`` is false."""
    evidence: tuple[str, ...] = field(default_factory=tuple)

    @property
    def detail(self) -> str:
        return REASONS.get(self.reason or "", "This page does not look like an article.")


_ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
        "askpublicnewsarticle", "satiricalarticle", "blogposting", "liveblogposting", "report",
        "socialmediaposting", "advertisercontentarticle",
    }
)  # fmt: skip
_PRODUCT_TYPES = frozenset(
    {"product", "offer", "aggregateoffer", "productgroup", "individualproduct", "productmodel"}
)
_SERVICE_TYPES = frozenset(
    {
        "service", "localbusiness", "professionalservice", "financialservice", "educationalorganization",
        "course", "hotel", "lodgingbusiness", "restaurant", "store", "softwareapplication",
        "webapplication", "event", "medicalbusiness", "legalservice", "travelagency",
    }
)  # fmt: skip
_LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage"})
_FORUM_TYPES = frozenset({"discussionforumposting", "qapage", "question"})
_DOCUMENTATION_TYPES = frozenset({"techarticle", "apireference"})

# These read the raw HTML, lower-cased once: case-sensitive patterns over lower-case text are
# about twice as fast as case-insensitive ones, and a pattern that starts with a literal lets the
# regular expression engine skip ahead to it, so the commerce markers are one pattern each.
_MICRODATA = re.compile(r"""itemtype\s*=\s*["']?https?://schema\.org/(\w+)""")
_PRICE = re.compile(
    r"(?:[$€£¥]\s?\d{1,5}(?:[.,]\d{2})?(?!\d)|\b\d{1,5}[.,]\d{2}\s?(?:€|EUR|USD|CHF|zł)\b)"
)
# (necessary words, pattern): the pattern runs only when one of its words is in the markup, so
# that a news page without any of them costs a few substring tests rather than a scan per pattern.
_CART: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...] = tuple(
    (words, re.compile(pattern))
    for words, pattern in (
        (("cart", "bag", "basket", "wish"), r"add[ _-]?to[ _-]?(?:cart|bag|basket|wish[ _-]?list)"),
        (("warenkorb",), r"in den warenkorb"),
        (("panier",), r"ajouter au panier"),
        (("carrito",), r"añadir al carrito"),
        (("carrello",), r"aggiungi al carrello"),
        (("koszyka",), r"do koszyka"),
        (("buy now", "buy_now", "buy-now", "buynow"), r"buy[ _-]now"),
        (("product:price",), r"product:price"),
        (("og:price",), r"og:price"),
        (('itemprop="price', "itemprop='price", "itemprop=price"), r"itemprop=[\"']?price\b"),
        (("book now", "book_now", "book-now", "booknow"), r"book[ _-]now"),
        (("a quote", "a_quote", "a-quote", "aquote"), r"request[ _-]a[ _-]quote"),
        (("a quote", "a_quote", "a-quote", "aquote"), r"get[ _-]a[ _-]quote"),
        (("free trial", "free_trial", "free-trial", "freetrial"), r"free[ _-]trial"),
        (
            ("schedule a", "schedule_a", "schedule-a", "schedulea"),
            r"schedule[ _-]a[ _-](?:call|demo|consultation)",
        ),
    )
)
_FORUM_WORDS = (
    "vbulletin", "phpbb", "xenforo", "discourse", "bbpress", "invision", "mybb",
    "simple machines", "postbit", "postreply", "post-reply", "reply to", "joined:", "post:",
    "posts:",
)  # fmt: skip
_PDF_WORDS = ("pdf", "viewercontainer")
_FORUM = re.compile(
    r"\b(?:vbulletin|phpbb|xenforo|discourse|bbpress|invision ?community|mybb|simple machines"
    r"|postbit|post-?reply|reply to (?:this )?(?:topic|thread)|joined:|posts?:\s*\d)",
)
_PDF_VIEWER = re.compile(
    r"""<(?:embed|object|iframe)\b[^>]{0,400}(?:application/pdf|\.pdf\b)|pdf\.js|pdfjs-|id=["']viewercontainer""",
)
_COOKIE = re.compile(
    r"\b(?:cookies?|consent|privacy settings|datenschutz|einwilligung|zustimm|consentement"
    r"|accept all|alle akzeptieren|tout accepter|aceptar todo|accetta)\b",
    re.I,
)
_LETTERS = re.compile(r"[^\W\d_]")
_TOKEN = re.compile(r"\w+")
_READER = frozenset(
    re.findall(
        r"\w+",
        "you your yours yourself du dich dein deine euch euer vous votre vos tu ton ta tes usted "
        "ustedes tú",
    )
)
_COMPANY = frozenset(
    re.findall(
        r"\w+",
        "we our ours us wir unser unsere unseren unserem uns nous notre nos nosotros nuestro "
        "nuestra nuestros",
    )
)
_CALL_TO_ACTION = re.compile(
    r"(?i)\b(?:get started|contact us|call us|request a (?:quote|demo|consultation)|free (?:consultation|quote|trial|estimate)"
    r"|book (?:a|an|your|now)|schedule (?:a|an|your)|apply now|enroll|sign up today|learn more about our|our services"
    r"|kontaktieren sie uns|jetzt (?:anfragen|buchen|bestellen)|contactez-nous|demandez un devis)\b"
)
_SLUG_SPLIT = re.compile(r"[-_+.%]+")
_URL_DATE = re.compile(
    r"(?<!\d)(?:19|20)\d\d[/_-]?(?:0?[1-9]|1[0-2])(?:[/_-]?(?:0?[1-9]|[12]\d|3[01]))?(?!\d)"
)
_URL_ID = re.compile(r"\d{5,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def read_signals(
    *,
    html: str,
    tree: Any,
    text: str,
    word_count: int,
    anchors: list[Any],
    headlines: list[Any],
    url: str,
    url_is_root: bool,
    paragraphs: tuple[tuple[Any, str], ...],
    og_type: str | None,
    jsonld_types: frozenset[str],
    has_article_node: bool,
    declares_date: bool,
    has_date: bool,
    has_author: bool,
    times: int,
) -> PageSignals:
    """The signals of one page, from what extraction has already parsed."""
    link_labels: set[str] = set()
    headline_links = headline_link_words = 0
    for anchor in anchors:
        label = " ".join(anchor.text_content().split()).casefold()
        words = _words(label)
        if words >= 3:
            link_labels.add(label)
        if words >= 4:
            headline_links += 1
            headline_link_words += words
    lines = [line for line in text.split("\n") if line.strip()]
    linked = [line for line in lines if " ".join(line.split()).casefold() in link_labels]
    linked_words = sum(_words(line) for line in linked)

    headings = linked_headings = 0
    for heading in tree.iter("h2", "h3", "h4"):
        headings += 1
        if heading.find(".//a") is not None or _inside_link(heading):
            linked_headings += 1
    articles = sum(1 for _ in tree.iter("article"))

    blocks: dict[Any, list[int]] = {}
    all_blocks: dict[Any, int] = {}
    for element, paragraph in paragraphs:
        words = _words(paragraph)
        parent = element.getparent()
        all_blocks[parent] = all_blocks.get(parent, 0) + words
        if words >= rules.BLOCK_PARAGRAPH_WORDS:
            blocks.setdefault(parent, []).append(words)
    block = max(blocks.values(), key=sum, default=[])
    paragraph_words = sum(all_blocks.values())
    tokens = _TOKEN.findall(text[: rules.TEXT_SAMPLE_CHARS].casefold())
    long_words = sum(w for w in (_words(line) for line in lines) if w >= rules.LONG_LINE_WORDS)
    path = _path(url)
    segments = [seg for seg in path.split("/") if seg]
    slug_words = max((len(_SLUG_SPLIT.split(seg)) for seg in segments), default=0)

    markup = html[: rules.SCAN_CHARS].lower()
    types = set(jsonld_types)
    types.update(_MICRODATA.findall(markup))
    sample = text[: rules.TEXT_SAMPLE_CHARS]
    return PageSignals(
        url_is_root=url_is_root,
        og_type=(og_type or "").lower(),
        declared_types=frozenset(types),
        has_article_node=has_article_node,
        declares_date=declares_date,
        word_count=word_count,
        lines=len(lines),
        linked_lines=len(linked),
        linked_share=linked_words / max(word_count, 1),
        headline_links=headline_links,
        headline_link_words=headline_link_words,
        linked_headings=linked_headings,
        headings=headings,
        own_headline=_has_own_headline(headlines),
        articles=articles,
        prices=len(_PRICE.findall(sample)),
        cart=sum(
            len(pattern.findall(markup))
            for words, pattern in _CART
            if any(word in markup for word in words)
        ),
        forum=len(_FORUM.findall(markup)) if any(w in markup for w in _FORUM_WORDS) else 0,
        block_paragraphs=len(block),
        block_words=sum(block),
        long_line_share=long_words / max(word_count, 1),
        slug_words=slug_words,
        url_has_date=_URL_DATE.search(path) is not None,
        url_has_id=_URL_ID.search(path) is not None,
        path_depth=len(segments),
        has_date=has_date,
        has_author=has_author,
        times=times,
        headlines=len(headlines),
        paragraph_blocks=len(all_blocks),
        block_share=max(all_blocks.values(), default=0) / max(paragraph_words, 1),
        reader_address=sum(1 for t in tokens if t in _READER) / max(len(tokens), 1),
        company_voice=sum(1 for t in tokens if t in _COMPANY) / max(len(tokens), 1),
        calls_to_action=len(_CALL_TO_ACTION.findall(sample)),
        pdf_viewer=any(w in markup for w in _PDF_WORDS) and _PDF_VIEWER.search(markup) is not None,
        cookie_text=len(_COOKIE.findall(sample)) >= rules.COOKIE_MIN_MENTIONS,
        has_letters=_LETTERS.search(text) is not None,
    )


def _path(url: str) -> str:
    try:
        return urlsplit(url).path if "://" in url else ""
    except ValueError:  # "http://[" and other addresses a hostile client may send
        return ""


def _words(text: str) -> int:
    """Words as extraction counts them: each Chinese or Japanese character is one."""
    if _CJK.search(text):
        return len(_CJK.findall(text)) + len(_CJK.sub(" ", text).split())
    return len(text.split())


def _inside_link(element: Any) -> bool:
    parent = element.getparent()
    for _ in range(3):
        if parent is None:
            return False
        if parent.tag == "a":
            return True
        parent = parent.getparent()
    return False


def _has_own_headline(headings: list[Any]) -> bool:
    return any(
        _words(h1.text_content()) >= 3 and not h1.xpath("ancestor::a|.//a") for h1 in headings
    )


FEATURE_NAMES: tuple[str, ...] = (
    "says_article", "article_node", "declares_date", "og_website", "og_product",
    "declares_listing", "declares_product", "declares_service", "declares_article", "url_is_root",
    "log_words", "log_headline_links", "headline_words_per_word", "log_linked_headings",
    "linked_heading_share", "log_articles", "linked_share", "log_linked_lines",
    "log_words_per_line", "own_headline", "log_prices", "log_cart", "log_forum",
    "log_block_paragraphs", "log_block_words", "long_line_share", "log_slug_words",
    "url_has_date", "url_has_id", "path_depth", "has_date", "has_author", "log_times",
    "headlines", "log_paragraph_blocks", "block_share", "reader_address", "company_voice",
    "log_calls_to_action",
)  # fmt: skip


def features(s: PageSignals) -> list[float]:
    """The signals as the numbers the linear score in :mod:`.page_type_rules` weighs, in the
    order of :data:`FEATURE_NAMES`: counts on a log scale, so that a front with 400 teaser links
    does not outweigh everything else."""
    declared = s.declared_types
    words = max(s.word_count, 1)
    says_article = s.has_article_node or s.og_type == "article" or s.declares_date
    return [
        float(says_article),
        float(s.has_article_node),
        float(s.declares_date),
        float(s.og_type == "website"),
        float(s.og_type.startswith("product")),
        float(bool(declared & _LISTING_TYPES)),
        float(bool(declared & _PRODUCT_TYPES)),
        float(bool(declared & _SERVICE_TYPES)),
        float(bool(declared & _ARTICLE_TYPES)),
        float(s.url_is_root),
        math.log1p(s.word_count),
        math.log1p(s.headline_links),
        min(s.headline_link_words / words, 5.0),
        math.log1p(s.linked_headings),
        s.linked_headings / max(s.headings, 1),
        math.log1p(s.articles),
        s.linked_share,
        math.log1p(s.linked_lines),
        math.log1p(words / max(s.lines, 1)),
        float(s.own_headline),
        math.log1p(s.prices),
        math.log1p(s.cart),
        math.log1p(s.forum),
        math.log1p(s.block_paragraphs),
        math.log1p(s.block_words),
        s.long_line_share,
        math.log1p(s.slug_words),
        float(s.url_has_date),
        float(s.url_has_id),
        float(min(s.path_depth, 6)),
        float(s.has_date),
        float(s.has_author),
        math.log1p(s.times),
        float(min(s.headlines, 3)),
        math.log1p(s.paragraph_blocks),
        s.block_share,
        s.reader_address,
        s.company_voice,
        math.log1p(s.calls_to_action),
    ]


def judge_page(s: PageSignals) -> PageJudgement:  # noqa: PLR0911 - one return per verdict
    """What kind of page ``s`` describes, and whether the Brief should summarise it.

    Pages with too little text are refused first, with what the page shows instead (a PDF viewer,
    a consent notice, menus). The others are scored by a small boosted model of the signals
    (:func:`non_article_score`, trees and threshold in ``data/page_type_model.json``); a page
    scored over the threshold is refused, and the evidence names what kind of page it is.
    """
    declared = s.declared_types
    says_article = bool(s.has_article_node or s.og_type == "article" or s.declares_date)
    links = s.headline_links + s.linked_lines
    if s.word_count < rules.MIN_WORDS or not s.has_letters:
        if s.pdf_viewer:
            return _refuse("other", "pdf_viewer", "a PDF viewer and no text")
        if s.cookie_text:
            return _refuse("other", "cookie_wall", "only a cookie or consent notice")
        if links >= rules.NAVIGATION_MIN_LINKS:
            return _refuse("front", "navigation_only", f"{links} links and no text")
        return _refuse("other", "no_text", f"{s.word_count} words")
    if s.cookie_text and s.word_count < rules.COOKIE_MAX_WORDS and not says_article:
        return _refuse("other", "cookie_wall", "the text is a cookie or consent notice")
    if s.linked_share >= rules.NAVIGATION_LINKED_SHARE and s.long_line_share == 0:
        return _refuse("front", "navigation_only", "the text is link labels only")

    product = bool(declared & _PRODUCT_TYPES) or s.og_type.startswith("product")
    if product and s.cart >= rules.PRODUCT_MIN_CART and not says_article:
        # A shop's own declaration and a cart: on the development sets 49 product pages and
        # collections, and three pages trafilatura-dev counts as articles (a wine's and a
        # coffee's shop page, a holiday villa's booking page).
        return _refuse("product", "product_page", "declares a product and has a cart")

    score = non_article_score(s)
    evidence = [f"non-article score {score:+.2f}"]
    if score > _model().threshold or _wall_of_teasers(s, says_article, evidence):
        return _name_non_article(s, evidence)
    if declared & _FORUM_TYPES or s.forum >= rules.FORUM_MIN_MARKERS:
        return PageJudgement("forum", True, None, (*evidence, f"{s.forum} forum markers"))
    if declared & _DOCUMENTATION_TYPES:
        return PageJudgement("documentation", True, None, (*evidence, "declares documentation"))
    return PageJudgement("article", True, None, tuple(evidence))


def _wall_of_teasers(  # noqa: PLR0911 - one return per rule
    s: PageSignals, says_article: bool, evidence: list[str]
) -> bool:
    """The layout rules that refused fronts before the model (kept: on the development sets they
    refuse a few fronts the model misses, and no article): a wall of headline links at the
    site's root, extracted text made of teaser headlines, or teaser summaries without them."""
    if says_article:
        return False
    words = max(s.word_count, 1)
    if s.url_is_root:
        if s.linked_share >= rules.ROOT_LINKED_SHARE or (
            s.headline_links >= rules.TEASER_HEADLINE_LINKS
            and s.headline_link_words >= rules.ROOT_HEADLINE_WORDS_SHARE * words
        ):
            evidence.append("the site's root with a wall of headline links")
            return True
        return False
    if (
        s.linked_headings >= rules.TEASER_CARDS
        and s.linked_headings >= rules.TEASER_CARD_SHARE * s.headings
        and s.long_line_share < rules.TEASER_CARD_PROSE_SHARE
    ):
        # Headings that are links, and most of the page's headings: cards leading elsewhere.
        evidence.append(f"{s.linked_headings} of {s.headings} headings are links")
        return True
    says_index = s.og_type == "website" or bool(s.declared_types & _LISTING_TYPES)
    if s.linked_lines >= rules.MIN_LINKED_LINES and s.linked_share >= (
        rules.INDEX_LINKED_SHARE if says_index else rules.LINKED_SHARE
    ):
        evidence.append(f"{s.linked_lines} lines of the text are link labels")
        return True
    if (
        s.headline_links >= rules.TEASER_HEADLINE_LINKS
        and s.headline_link_words >= words
        and words < rules.WORDS_PER_LINE * max(s.lines, 1)
        and not s.own_headline
    ):
        evidence.append("more words in headline links than in the text")
        return True
    return False


def _name_non_article(s: PageSignals, evidence: list[str]) -> PageJudgement:
    """The kind of a page judged not an article, from its strongest evidence."""
    declared = s.declared_types
    product = bool(declared & _PRODUCT_TYPES) or s.og_type.startswith("product")
    if s.cart:
        evidence.append(f"{s.cart} buy or booking controls")
    if s.prices:
        evidence.append(f"{s.prices} prices")
    if product and (s.cart or s.prices):
        return _refuse("product", "product_page", "declares a product or offer", *evidence)
    if s.url_is_root or (s.og_type == "website" and s.path_depth <= 1):
        return _refuse("front", "section_front", "the site's front page", *evidence)
    teasers = s.headline_links >= rules.TEASER_HEADLINE_LINKS or s.linked_headings >= 8
    if teasers or declared & _LISTING_TYPES or s.paragraph_blocks >= rules.TEASER_BLOCKS:
        evidence.append(f"{s.headline_links} headline links, {s.linked_headings} linked headings")
        if product or s.cart >= rules.PRODUCT_MIN_CART:
            return _refuse("listing", "product_page", "a shop's list of products", *evidence)
        return _refuse("listing", "listing", *evidence)
    if product or (s.cart and s.prices >= rules.PRODUCT_MIN_PRICES):
        return _refuse("product", "product_page", *evidence)
    if s.calls_to_action:
        evidence.append(f"{s.calls_to_action} calls to action")
    return _refuse("service", "service_page", *evidence)


@dataclass(frozen=True, slots=True)
class _Model:
    bias: float
    rate: float
    threshold: float
    names: tuple[str, ...]
    trees: tuple[Any, ...]


@cache
def _model() -> _Model:
    raw = json.loads(
        resources.files("parallax.domain.data").joinpath(rules.MODEL_RESOURCE).read_text("utf-8")
    )
    if tuple(raw["features"]) != FEATURE_NAMES:
        raise RuntimeError("the page-type model was trained on other features")
    return _Model(
        bias=float(raw["bias"]),
        rate=float(raw["rate"]),
        threshold=float(raw["threshold"]),
        names=tuple(raw["features"]),
        trees=tuple(_tree(t) for t in raw["trees"]),
    )


def _tree(node: Any) -> Any:
    """JSON lists back to tuples: ``[feature, threshold, left, right]`` or a leaf value."""
    if isinstance(node, list):
        return (int(node[0]), float(node[1]), _tree(node[2]), _tree(node[3]))
    return float(node)


def non_article_score(s: PageSignals) -> float:
    """Log-odds that the page is a front, listing, product or service page rather than an
    article: the sum of the model's depth-2 trees over :func:`features`."""
    model = _model()
    x = features(s)
    total = 0.0
    for tree in model.trees:
        node = tree
        while isinstance(node, tuple):
            node = node[2] if x[node[0]] <= node[1] else node[3]
        total += node
    return model.bias + model.rate * total


def _refuse(page_type: PageType, reason: str, *evidence: str) -> PageJudgement:
    return PageJudgement(page_type, False, reason, tuple(e for e in evidence if e))
