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

All signals come from the tree and text extraction has already built: markup markers (microdata
types, buy and booking controls, forum software, PDF viewers) are read from the few elements and
attributes that carry them with compiled XPath, never by scanning the raw HTML, so the judgement
costs about a millisecond however large the page (``bench/bench_page_type.py``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from itertools import islice
from typing import Any, Literal
from urllib.parse import urlsplit

from parallax.domain import page_type_rules as rules
from parallax.domain.load_once import load_once
from parallax.domain.page_genre import genre_score
from parallax.domain.page_notices import is_page_notice
from parallax.domain.scripts import HAN_OR_KANA
from parallax.domain.sentences import split_sentences

__all__ = [
    "FEATURE_NAMES",
    "PAGE_TYPES",
    "REASONS",
    "PageJudgement",
    "PageSignals",
    "RefusalReason",
    "features",
    "judge_page",
    "may_name_its_story",
    "non_article_score",
    "offer_page_score",
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
    """Read only for pages under the minimum word count (the only ones it can refuse)."""
    cookie_text: bool = False
    """Read only for pages under ``COOKIE_MAX_WORDS``."""
    consent_dialog: bool = False
    """The text says what a consent dialog says ("we and our partners", "accept all", "manage your
    privacy settings"). Read only for pages under ``COOKIE_MAX_WORDS``: with ``cookie_text`` it
    refuses a page even when the page declares an article."""
    gate_text: bool = False
    """The text asks the reader to log in, subscribe, prove their age or agree to tracking, or
    says the page was not found. Read only for pages under ``GATE_MAX_WORDS``: such a page can
    declare an article and read as prose, and is still no article to summarise. A consent
    dialog's words count only when ``story_past_consent`` is false."""
    story_past_consent: bool = False
    """The page shows a consent notice, and its text, once the page's notices and the banner's
    buttons are set aside, still reads as an article: enough words in two sentences or more, and
    no cookie or consent wording left in them but the story's own (:func:`_story_past_consent`).
    Read only for pages that declare an article, under ``COOKIE_MAX_WORDS``, that show consent
    wording: such a page is judged past its banner, not refused as a cookie wall."""
    has_letters: bool = True
    sentence_line_share: float = 0.0
    """Share of the text's words in lines that end as a sentence does: prose, not labels."""
    short_line_share: float = 0.0
    """Share of the text's lines under ``SHORT_LINE_WORDS`` words: list entries, table rows."""
    list_items: int = 0
    table_cells: int = 0
    reporting_words: float = 0.0
    """"said", "according" (and kin) per word: news quotes people."""
    first_person: float = 0.0
    """"I", "my" per word: a blog post's voice."""
    digit_share: float = 0.0
    """Numbers per word: tables, standings, catalogues."""
    year_mentions: int = 0
    url_listing_word: bool = False
    """The address's path names an index ("list", "category", "topics", ...)."""
    url_service_word: bool = False
    """The address's path names an offer ("services", "pricing", "courses", ...)."""
    anchors: int = 0
    images: int = 0
    paragraph_elements: int = 0
    """``<p>`` elements of the page."""
    controls: int = 0
    """Buttons, inputs and forms."""
    paragraph_words: int = 0
    """Words in the paragraphs extraction found (eight words or more each)."""
    title_listing: bool = False
    """The ``<title>`` names an index: "List of ...", "Category", "Archive", "Top 10 ..."."""
    title_service: bool = False
    """The ``<title>`` names an offer: "Services", "Pricing", "Courses", "Tuition", "Hire"."""
    headline_listing: bool = False
    """An ``<h1>`` names an index (the same words as ``title_listing``)."""
    headline_service: bool = False
    """An ``<h1>`` names an offer (the same words as ``title_service``)."""
    plural_headline: bool = False
    """The headline is one to three words ending in a plural: "Courses", "Dinner Recipes"."""
    offer_phrases: int = 0
    """Service-offer language in the text: "we offer", "our services", "contact us", "pricing"."""
    catalogue_phrases: int = 0
    """Catalogue language in the text: "read more", "view all", "sort by", "load more"."""
    short_text_sentences: int = 0
    """Sentence ends in the text, counted only on a page under the minimum word count: a short
    article has more than one sentence, a photo's caption or a notice one."""
    service_headings: int = 0
    """h2-h4 headings that name an offer ("Our Services", "Pricing", "Course Fees")."""
    offer_words: float = 0.0
    """Words of a sale per word: "price", "quote", "book", "order", "customers", "services",
    "free" (and kin in German, French, Spanish)."""
    sales_words: float = 0.0
    """The narrower sales pitch per word: "expert", "guaranteed", "affordable", "consultation",
    "tuition", "clients" (no "call", "book" or "order", which news uses too)."""
    date_words: float = 0.0
    """Month and weekday names per word: news says when things happened, sales text rarely."""
    quote_marks: float = 0.0
    """Quotation marks per word: news and features quote people."""
    title_names_list: bool = False
    """The ``<title>`` begins "List of", "Liste der", "Lista de": a list by its own name."""
    card_links: int = 0
    """Links of three words or more in the largest group whose parent elements share tag and
    class: the repeated cards of a grid or a front (read in the link loop, no tree pass)."""
    text_genre: float = 0.0
    """The learned text-genre score of the sample's words (:mod:`.page_genre`): log-odds that the
    text is a front's, listing's, product's or service page's rather than an article's."""
    teaser_card_words: int = 0
    """Words of the extracted text in teaser cards: paragraphs of repeated cards (three or more
    with the same tag and class), each card a short text beside a link of its own
    (:func:`_read_teaser_cards`). A news index's text is its teasers' snippets; an article's
    body is not made of cards, and its related-stories block is small beside the body. Read only
    for pages that declare no article, or declare one but name none in schema.org markup
    (``_teaser_card_fields``); 0 for the others."""
    teaser_cards: int = 0
    """Cards of those groups that hold a paragraph of the extracted text."""
    dated_cards: int = 0
    """Dated teasers: in the largest group of cards sharing tag and class, each holding a
    ``<time>`` and a headline link (four words or more), the number of different headlines
    (:func:`_read_dated_cards`). A news index dates each of its teasers; an article has one date,
    and a forum thread's posts repeat one title. Read only for pages that declare no article and
    are no live blog, with ``DATED_CARD_WALL_MIN`` ``<time>`` elements or more; 0 for the others."""
    declared_items: int = 0
    """The most nodes of one kind of item the page's JSON-LD lists, at any depth: products,
    offers, courses, programmes, events, services, job postings, or list items outside a
    breadcrumb (:func:`_read_declared_items`). A catalogue of courses, a shop's or an estate
    agent's list declares its items; an article declares itself. Read only for pages that declare
    no article and whose own JSON-LD nodes are a list or an offer (``_ITEM_HOLDERS``); 0 for the
    others."""
    priced_cards: int = 0
    """Priced cards: in a group of links sharing their parent's tag and class, the cards (each
    link's largest ancestor holding no other link of the group) that show a price of their own
    in a text node of nothing else ("$24.99", "19,99 €", "From £349"; :func:`_read_priced_cards`).
    A shop's grid prices each product; extraction drops the grid, so the text has no prices. Read
    only for pages that declare no article with ``PRICED_CARD_MIN_LINKS`` card links or more; 0
    for the others."""
    text_dated_cards: int = 0
    """Teasers dated in text ("Allocating on the Stack, 27 February 2026"), not ``<time>``: in
    the largest group of cards sharing tag and class, each holding a headline link and a date in
    its text, the number of different headlines that are in the extracted text
    (:func:`_read_text_dated_cards`). Read only for pages that declare no article, are no live
    blog and have ``TEXT_DATED_MIN_LINKS`` links or more under parents of one tag and class; 0
    for the others."""
    action_links: int = 0
    """Links whose short label asks the reader to act on an offer: book, schedule, request, ask
    for a quote, a demo or a consultation, get started, contact, apply or enrol, call, start a
    free trial (:func:`_action_link_field`). Read only for pages that declare no article; 0 for
    the others."""


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
# A person's or an organisation's page (a social network's profile, an author page): it names
# someone, not a story, whatever date it declares.
_PROFILE_TYPES = frozenset({"profilepage"})
# Not "Question": an article's FAQ block declares its questions (26 wcxb-articles-dev articles were
# labelled forum threads for it).
_FORUM_TYPES = frozenset({"discussionforumposting", "qapage"})
_DOCUMENTATION_TYPES = frozenset({"techarticle", "apireference"})

# Markup markers are read from the parsed tree, not the raw HTML: scanning up to 400k characters
# of markup for a dozen words cost 5-10 ms a page. Here lxml visits, in C, only the elements and
# attributes that can carry a marker (the few controls, the root's classes); the XPaths are
# compiled once, on first use (lxml comes with the extraction libraries, imported on first use).
_MARKER_PATHS = {
    # schema.org microdata: itemtype="https://schema.org/Product", itemprop="price". "//*/@x"
    # walks elements only ("//@x" walks every node, text too): the same values, in the same order,
    # about a quarter faster (issue 16, i16q).
    "itemtype": "//*/@itemtype",
    "itemprop": "//*/@itemprop",
    # A price in the page's metadata (Open Graph product tags).
    "meta_price": "/html/head/meta/@property[contains(., 'product:price')"
    " or contains(., 'og:price')]",
    # Forum software names itself in the generator and the root's classes and ids.
    "forum": "/html/@class | /html/@id | /html/body/@class | /html/body/@id"
    " | /html/head/meta[@name='generator']/@content",
    "pdf": "//embed/@src | //embed/@type | //object/@data | //object/@type | //iframe/@src"
    " | //script/@src | //*[@id='viewerContainer']/@id",
    "list_items": "count(//li)",
    "table_cells": "count(//td)",
    "images": "count(//img)",
    "paragraph_elements": "count(//p)",
}
# Controls that buy, book or ask for a quote: what they say and what they are called.
_CONTROL_ATTRIBUTES = {
    "button": ("class", "name", "id"),
    "form": ("action", "class", "id"),
    "input": ("name", "value"),
}
_MICRODATA = re.compile(r"schema\.org/(\w+)")
_CURRENCIES = ("$", "€", "£", "¥", "EUR", "USD", "CHF", "zł")
_PRICE = re.compile(
    r"(?:[$€£¥]\s?\d{1,5}(?:[.,]\d{2})?(?!\d)|\b\d{1,5}[.,]\d{2}\s?(?:€|EUR|USD|CHF|zł)\b)"
)
# Every alternative begins with a letter of its own (no group first), so that the regex engine
# skips to the positions where one can begin: about 40% less time over a page's link labels and
# controls than with "(?:request|get)[ _-]a[ _-]quote" (issue 16, i16q).
_CART = re.compile(
    r"add[ _-]?to[ _-]?(?:cart|bag|basket|wish[ _-]?list)|in den warenkorb|ajouter au panier"
    r"|añadir al carrito|aggiungi al carrello|do koszyka|buy[ _-]?now|product:price|og:price"
    r"|book[ _-]?now|request[ _-]a[ _-]quote|get[ _-]a[ _-]quote|free[ _-]?trial"
    r"|schedule[ _-]a[ _-](?:call|demo|consultation)"
)
_FORUM = re.compile(
    r"\b(?:vbulletin|phpbb|xenforo|discourse|bbpress|invision ?community|mybb|simple machines"
    r"|postbit|post-?reply|reply to (?:this )?(?:topic|thread)|joined:|posts?:\s*\d)",
)
_FORUM_TEXT = re.compile(r"\b(?:reply to (?:this )?(?:topic|thread)|joined:|posts?:\s*\d)")
# Every match of _FORUM_TEXT holds one of these: most texts hold none, and the pattern is not run.
_FORUM_TEXT_PARTS = ("reply to", "joined:", "post:", "posts:")
_PDF_VIEWER = re.compile(r"application/pdf|\.pdf\b|pdf\.js|pdfjs-|viewercontainer")
# Run over the lower-cased text sample: case-sensitive patterns are about twice as fast.
_COOKIE = re.compile(
    r"\b(?:cookies?|consent|privacy settings|datenschutz|einwilligung|zustimm|consentement"
    r"|accept all|alle akzeptieren|tout accepter|aceptar todo|accetta)\b",
)
# Run over the lower-cased text of a page under the minimum word count: what a paywall, a login
# page, an age gate, an error page or a consent dialog without the word "cookie" says.
_GATE = re.compile(
    r"\b(?:subscribe to (?:continue|read|keep)|subscribers? only|already (?:a )?subscriber"
    r"|already have an account|(?:log|sign) ?in to (?:continue|read|your account)"
    r"|forgot your password|enter your password|page not found|error 404|404 error"
    r"|page (?:you(?:'re| are| were)? (?:looking for|requested))"
    r"|(?:can't|cannot|could not|couldn't) find (?:that|this|the) page|(?:page|article) you requested"
    r"|page (?:does not|doesn't) exist|must be (?:18|21|of legal)|are you (?:18|21|of legal|over)"
    r"|legal drinking age|verify your age|confirm your (?:age|date of birth)"
    r"|seite nicht gefunden|page introuvable|página no encontrada)\b",
)
# ... and what a consent dialog says without naming cookies: a gate too, unless the text past the
# page's notices still reads as an article (``PageSignals.story_past_consent``).
_CONSENT_GATE = re.compile(
    r"\b(?:we and our partners|personali[sz]ed ads|access information on your device"
    r"|by clicking (?:agree|accept|i agree))\b"
)
# What only a consent dialog says (run over the lower-cased text sample of a page under
# COOKIE_MAX_WORDS). On the development and article sets one page of 40-249 words names cookies
# or consent twice (a listing declaring no article): no article page is near this rule. Its
# buttons and the IAB framework's first sentence in English, German, French, Spanish and (session
# 10) Italian, with Italy's usual "Utilizziamo i cookie" and "Questo sito utilizza cookie".
_CONSENT_DIALOG = re.compile(
    r"\b(?:we and our partners|personali[sz]ed ads|access information on (?:your|a) device"
    r"|by clicking (?:agree|accept|i agree)|(?:accept|reject|refuse) all|manage (?:your )?"
    r"(?:privacy|cookie|consent|options|preferences|settings)|alle akzeptieren|alle ablehnen"
    r"|wir und unsere partner|informationen auf (?:einem|ihrem) gerät|tout accepter|tout refuser"
    r"|nous et nos partenaires|nos partenaires et nous|informations sur (?:un|votre) (?:appareil"
    r"|terminal)|aceptar todo|rechazar todo|nosotros y nuestros socios|información en (?:un|su)"
    r" dispositivo|accetta tutt[io]|rifiuta tutt[io]|gestisci (?:le )?(?:preferenze|impostazioni"
    r"|opzioni|scelte)|utilizziamo (?:i )?cookie|questo sito (?:web )?utilizza (?:i )?cookie"
    r"|noi e i nostri partner|informazioni su (?:un|tuo) dispositivo)\b",
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
# Words that report what someone said: news and features quote people, shop and service pages
# and lists rarely do.
_REPORTING = frozenset(
    re.findall(
        r"\w+",
        "said says told according sagte sagt sagten erklärte laut selon déclaré dijo según afirmó "
        "powiedział",
    )
)
_FIRST_PERSON = frozenset(
    re.findall(r"\w+", "i my me mine ich mein meine mir mich je mon ma mes moi")
)
# What long sales text says and news rarely does (idea and lists: issue 16, fourth session; on
# the development sets the median service page has 2.5 offer words per 100, an article 0.4).
# Single words, so that they are counted from the one token count of _read_voice at no cost.
_OFFER_WORDS = frozenset(
    re.findall(
        r"\w+",
        "free best expert experts professional professionals quality trusted guarantee guaranteed "
        "certified licensed affordable reliable customer customers client clients solution "
        "solutions service services quote quotes discount discounts offer offers save savings "
        "benefit benefits feature features plan plans pricing price prices enroll enrol register "
        "apply appointment appointments consultation schedule call contact book booking order buy "
        "shop deals deal tuition fees kostenlos angebot angebote jetzt kontakt kunden leistungen "
        "preise beratung termin gratuit devis contactez offre offres tarifs tarif gratis contacto "
        "solicita oferta ofertas precios clientes servicios cita",
    )
)
_SALES_WORDS = frozenset(
    re.findall(
        r"\w+",
        "free expert experts professional professionals quality trusted guarantee guaranteed "
        "certified licensed affordable reliable customer customers client clients solution "
        "solutions service services quote quotes discount discounts offer offers save savings "
        "benefits pricing enroll enrol appointment appointments consultation tuition kostenlos "
        "angebot angebote kunden leistungen preise beratung termin gratuit devis offre offres "
        "tarifs gratis oferta ofertas precios clientes servicios",
    )
)
_DATE_WORDS = frozenset(
    re.findall(
        r"\w+",
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec januar februar märz juni juli oktober "
        "dezember janvier février mars avril mai juin juillet août septembre octobre novembre "
        "décembre enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
        "diciembre monday tuesday wednesday thursday friday saturday sunday montag dienstag "
        "mittwoch donnerstag freitag samstag sonntag lundi mardi mercredi jeudi vendredi lunes "
        "martes miércoles jueves viernes",
    )
)
_QUOTE_MARKS = ('"', "“", "”", "„", "«", "»")
# Words of an address's path that name an index or an offer rather than one story.
_URL_LISTING = frozenset(
    re.findall(
        r"\w+",
        "list lists category categories tag tags topic topics hub section archive archives search "
        "browse trending chart charts directory latest recent",
    )
)
_URL_SERVICE = frozenset(
    re.findall(
        r"\w+",
        "service services solution solutions product products feature features pricing program "
        "programs course courses certificate certificates certification offers deals coupons "
        "plans insurance rental rentals shop store hire testimonials",
    )
)
_URL_WORD_SPLIT = re.compile(r"[^a-z]+")
# What a title or headline says the page is: an index of other pages, or an offer. Measured on
# the development sets (share of pages whose <title> matches): listing 12% / service 48%, against
# 1-4% of zyte and trafilatura-dev articles (wcxb-articles-dev, many of them companies' blog posts,
# 16% / 18%); the trees weigh them with everything else.
_TITLE_LISTING = re.compile(
    r"\b(?:list of|lists of|category|categories|archives?|tagged|topics?|search results?|directory"
    r"|index of|all (?:posts|articles|courses|products|news)|top \d+|\d+ best|best \d+"
    r"|catalog(?:ue)?|kategorie|übersicht|liste der|catégorie|categoría|resources|glossary|faqs?)\b"
)
# A title that begins by calling the page a list (Wikipedia's "List of Nobel laureates").
_TITLE_LIST_OF = re.compile(r"(?:lists? of|liste (?:der|des|de)|listes? des|lista de)\b")
_TITLE_SERVICE = re.compile(
    r"\b(?:services?|pricing|prices|plans?|tuition|fees|courses?|training|consult(?:ing|ancy|ation)"
    r"|hire|booking|book (?:a|an|now|online)|agency|solutions?|packages?|certification|programs?"
    r"|programmes?|degree|admissions?|apply|quote|rentals?|repair|treatment|therapy|lessons?"
    r"|classes|clinic|contact|membership|shop|store|buy|for sale|leistungen|angebot|preise|kurse)\b"
)
# What the text says, in one pass over the lower-cased text sample (one regex with a group per
# kind: three separate ones cost about 0.3 ms a page). Group 1, calls to action ("contact us",
# "book now"); group 2, other service-offer language: a business speaking of what it sells (with
# the calls to action, in 70% of wcxb-dev service pages and 3-10% of zyte and trafilatura-dev
# articles); group 3, catalogue language: the labels of a list of teasers or results.
_TEXT_CUES = re.compile(
    r"\b(?=[a-z])(?:(get started|contact us|call us|request a (?:quote|demo|consultation)"
    r"|free (?:consultation|quote|trial|estimate)|book (?:a|an|your|now)|schedule (?:a|an|your)"
    r"|apply now|enroll|sign up today|learn more about our|our services|kontaktieren sie uns"
    r"|jetzt (?:anfragen|buchen|bestellen)|contactez-nous|demandez un devis)"
    r"|(we offer|we provide|we help|we specialize|our (?:team|clients|customers|experts"
    r"|programs?|courses?|students)|get in touch|call (?:today|now)|book online|pricing"
    r"|per (?:month|hour|session|year)|enrol(?:l|ment)?|apply (?:today|online)|sign up"
    r"|learn more|request (?:an|more)|testimonials?|satisfaction|affordable|years of experience)"
    r"|(read more|view all|see all|see more|show more|load more|view more|sort by|filter|results"
    r"|page \d+ of|next page|previous page|older posts|newer posts|continue reading|weiterlesen"
    r"|mehr lesen|lire la suite|leer más))\b"
)
# One to three words, capitalised, the last a plural: "Courses", "Tomato Sauce Recipes".
_PLURAL_HEADLINE = re.compile(r"^[A-Z][a-z]+(?: [A-Za-z&]+){0,2}s$")
# Ends of a sentence, with the full-width marks of Chinese and Japanese text.
_SENTENCE_END = (".", "!", "?", "…", '"', "”", "»", "“", "'", ")", ":", "。", "\uff01", "\uff1f")
# The story past a consent banner also ends its sentences in the scripts whose full stop is no
# period: the danda of Hindi and Bengali, the Arabic question mark, the Urdu full stop. (Not
# added to _SENTENCE_END: the judgement's model was trained on its line features as they are.)
_STORY_SENTENCE_END = (*_SENTENCE_END, "\u0964", "\u0965", "\u061f", "\u06d4")
_SENTENCE_ENDS = re.compile(r"[.!?…。\uff01\uff1f](?=\s|$)")
_SLUG_SPLIT = re.compile(r"[-_+.%]+")
_URL_DATE = re.compile(
    r"(?<!\d)(?:19|20)\d\d[/_-]?(?:0?[1-9]|1[0-2])(?:[/_-]?(?:0?[1-9]|[12]\d|3[01]))?(?!\d)"
)
_URL_ID = re.compile(r"\d{5,}")


# A label or button of a consent banner ("Cookie settings.", "Cookie policy.", "Accept all"):
# a sentence this short that names cookies is the interface's, not a news sentence about them.
_CONSENT_LABEL_MAX_WORDS = 4


def _consent_sentences(text: str) -> str:
    """The sentences of ``text`` (a page about browsing) that speak to its reader about consent:
    page notices (:func:`parallax.domain.page_notices.is_page_notice`: "We use cookies", "Accept
    all or manage your privacy settings") and a banner's labels. The page's sentences about
    cookies are its story, and are left out."""
    return "\n".join(
        sentence
        for sentence in split_sentences(text, "und")
        if len(sentence.split()) <= _CONSENT_LABEL_MAX_WORDS
        or is_page_notice(sentence, page_about_browsing=True)
    )


def _story_past_consent(text: str, count: Callable[[str], int], page_about_browsing: bool) -> bool:
    """Whether ``text`` (a page's extracted text, the lines that are nothing but page notices
    already dropped) still reads as an article once its other page notices and a banner's
    buttons are set aside (:func:`parallax.domain.page_notices.is_page_notice`): at least
    ``STORY_MIN_SENTENCES`` sentences of ``STORY_SENTENCE_MIN_WORDS`` words or more that end as
    sentences do, ``STORY_MIN_WORDS`` words together, and among them fewer than
    ``COOKIE_MIN_MENTIONS`` mentions of cookies or consent and none of a consent dialog's or a
    gate's words: the rest of a banner that no notice rule knows names cookies or consent, a
    headline or one sentence beside a banner is too little. On a page about browsing the story's
    own sentences speak of cookies and of the buttons that set them (a how-to about cookie
    settings): only the notices in an interface form are set aside there, and the words left are
    the story's."""
    story = [
        sentence
        for sentence in split_sentences(text[: rules.TEXT_SAMPLE_CHARS], "und")
        if count(sentence) >= rules.STORY_SENTENCE_MIN_WORDS
        and sentence.rstrip().endswith(_STORY_SENTENCE_END)
        and not is_page_notice(sentence, page_about_browsing=page_about_browsing)
    ]
    if (
        len(story) < rules.STORY_MIN_SENTENCES
        or sum(count(sentence) for sentence in story) < rules.STORY_MIN_WORDS
    ):
        return False
    if page_about_browsing:
        return True
    folded = "\n".join(story).casefold()
    return (
        len(_COOKIE.findall(folded)) < rules.COOKIE_MIN_MENTIONS
        and _CONSENT_DIALOG.search(folded) is None
        and _CONSENT_GATE.search(folded) is None
        and _GATE.search(folded) is None
    )


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
    shown_text: str | None = None,
    page_about_browsing: bool = False,
) -> PageSignals:
    """The signals of one page, from what extraction has already parsed. ``html`` is not read:
    markup markers come from ``tree`` (see ``_MARKER_PATHS``). ``shown_text`` is the text before
    its furniture lines were dropped (default: ``text``): a consent notice, paywall or gate is
    read there, on what the page shows, since the text drops a consent banner's lines.
    ``page_about_browsing`` says the page's subject is cookies, ad blockers, JavaScript or
    browsers (:func:`parallax.domain.page_notices.page_is_about_browsing`): there the mentions of
    cookies that make a consent notice are counted in its notices and labels only
    (:func:`_consent_sentences`), so that a short news item about cookies is not a cookie wall.
    """
    del html
    # Chinese and Japanese text shows in its first screens; the rest of the text is not searched.
    count = (
        _words if HAN_OR_KANA.search(text, 0, rules.TEXT_SAMPLE_CHARS) is not None else _space_words
    )
    links = _read_links(anchors, count)
    lines = _read_lines(text, links.labels, count)
    elements = _read_elements(tree)
    title_element = tree.find(".//title")
    raw_title = " ".join(
        (title_element.text_content() if title_element is not None else "").split()
    )
    title = raw_title.casefold()
    headline_texts = [" ".join(h1.text_content().split()) for h1 in headlines]
    headline = " | ".join(headline_texts).casefold()
    first_headline = headline_texts[0] if headline_texts else raw_title
    blocks: dict[Any, list[int]] = {}
    all_blocks: dict[Any, int] = {}
    spaced = count is _space_words
    for element, paragraph in paragraphs:
        words = len(paragraph.split()) if spaced else count(paragraph)
        parent = element.getparent()
        all_blocks[parent] = all_blocks.get(parent, 0) + words
        if words >= rules.BLOCK_PARAGRAPH_WORDS:
            blocks.setdefault(parent, []).append(words)
    block = max(blocks.values(), key=sum, default=[])
    sample = text[: rules.TEXT_SAMPLE_CHARS]
    lowered = sample.casefold()
    shown = lowered if shown_text is None else shown_text[: rules.TEXT_SAMPLE_CHARS].casefold()
    # Notices are read as written (German address is told by its capital), then folded; only
    # pages of few words are read for consent at all.
    consent_text = (
        _consent_sentences(
            (sample if shown_text is None else shown_text)[: rules.TEXT_SAMPLE_CHARS]
        ).casefold()
        if page_about_browsing and word_count < rules.COOKIE_MAX_WORDS
        else shown
    )
    og_type = (og_type or "").lower()
    says_article = _says_article(has_article_node, og_type, declares_date)
    short = word_count < rules.COOKIE_MAX_WORDS
    cookie_text = short and len(_COOKIE.findall(consent_text)) >= rules.COOKIE_MIN_MENTIONS
    consent_dialog = short and _CONSENT_DIALOG.search(shown) is not None
    consent_gate = word_count < rules.GATE_MAX_WORDS and _CONSENT_GATE.search(shown) is not None
    story_past_consent = (
        says_article
        and (cookie_text or consent_dialog or consent_gate)
        and _story_past_consent(text, count, page_about_browsing)
    )
    # A price needs a currency sign or code: most texts have none, and the pattern is not run.
    priced = any(sign in sample for sign in _CURRENCIES)
    voice = _read_voice(lowered)
    cues = [0, 0, 0, 0]
    for cue in _TEXT_CUES.finditer(lowered):
        cues[cue.lastindex or 0] += 1
    path = _path(url)
    segments = [seg for seg in path.split("/") if seg]
    path_words = set(_URL_WORD_SPLIT.split(path.lower()))
    markup = _read_markup(tree, word_count, lowered, elements.control_words)
    words = max(word_count, 1)
    return PageSignals(
        url_is_root=url_is_root,
        og_type=og_type,
        declared_types=jsonld_types | markup.types,
        has_article_node=has_article_node,
        declares_date=declares_date,
        word_count=word_count,
        lines=lines.count,
        linked_lines=lines.linked,
        linked_share=lines.linked_words / words,
        headline_links=links.headline_links,
        headline_link_words=links.headline_link_words,
        linked_headings=elements.linked_headings,
        headings=elements.headings,
        own_headline=_has_own_headline(headlines),
        articles=elements.articles,
        prices=len(_PRICE.findall(sample)) if priced else 0,
        cart=markup.cart + links.cart,
        forum=markup.forum,
        block_paragraphs=len(block),
        block_words=sum(block),
        long_line_share=lines.long_words / words,
        slug_words=max((len(_SLUG_SPLIT.split(seg)) for seg in segments), default=0),
        url_has_date=_URL_DATE.search(path) is not None,
        url_has_id=_URL_ID.search(path) is not None,
        path_depth=len(segments),
        has_date=has_date,
        has_author=has_author,
        times=times,
        headlines=len(headlines),
        paragraph_blocks=len(all_blocks),
        block_share=max(all_blocks.values(), default=0) / max(sum(all_blocks.values()), 1),
        reader_address=voice.reader,
        company_voice=voice.company,
        calls_to_action=cues[1],
        pdf_viewer=markup.pdf_viewer,
        cookie_text=cookie_text,
        consent_dialog=consent_dialog,
        gate_text=word_count < rules.GATE_MAX_WORDS
        and (_GATE.search(shown) is not None or (consent_gate and not story_past_consent)),
        story_past_consent=story_past_consent,
        has_letters=_LETTERS.search(text) is not None,
        sentence_line_share=lines.sentence_words / max(lines.words, 1),
        short_line_share=lines.short / max(lines.count, 1),
        list_items=markup.list_items,
        table_cells=markup.table_cells,
        reporting_words=voice.reporting,
        first_person=voice.first_person,
        digit_share=voice.digits,
        year_mentions=voice.years,
        offer_words=voice.offer,
        sales_words=voice.sales,
        date_words=voice.dates,
        quote_marks=voice.quotes,
        url_listing_word=bool(path_words & _URL_LISTING),
        url_service_word=bool(path_words & _URL_SERVICE),
        anchors=len(anchors),
        images=markup.images,
        paragraph_elements=markup.paragraph_elements,
        controls=elements.controls,
        paragraph_words=sum(all_blocks.values()),
        title_listing=_TITLE_LISTING.search(title) is not None,
        title_names_list=_TITLE_LIST_OF.match(title) is not None,
        card_links=links.card_links,
        text_genre=voice.genre,
        **_teaser_card_fields(
            paragraphs,
            text,
            count,
            says_article and _names_article(has_article_node, jsonld_types | markup.types),
        ),
        dated_cards=_dated_card_field(
            tree,
            times,
            says_article,
            "liveblogposting" in jsonld_types | markup.types,
        ),
        declared_items=_declared_item_field(tree, says_article, jsonld_types),
        priced_cards=_priced_card_field(links, says_article, url),
        text_dated_cards=_text_dated_card_field(
            links.headline_anchors,
            text,
            links.card_links,
            says_article or "liveblogposting" in jsonld_types | markup.types,
        ),
        title_service=_TITLE_SERVICE.search(title) is not None,
        headline_listing=_TITLE_LISTING.search(headline) is not None,
        headline_service=_TITLE_SERVICE.search(headline) is not None,
        plural_headline=_PLURAL_HEADLINE.match(first_headline) is not None,
        offer_phrases=cues[1] + cues[2],
        catalogue_phrases=cues[3],
        service_headings=elements.service_headings,
        short_text_sentences=len(_SENTENCE_ENDS.findall(text))
        if word_count < rules.MIN_WORDS
        else 0,
        action_links=_action_link_field(links.short_labels, says_article),
    )


# Teaser cards (issue 16, eighth round): a paragraph's card is its nearest ancestor (parent and
# up to two more levels) with a link of its own beside the paragraph; a card holds at most
# CARD_MAX_PARAGRAPHS paragraphs of eight words or more and CARD_MAX_WORDS words (a listicle's
# sections hold more; on the development sets 17 listings, 5 collections and 4 of 928 articles
# have over half of their text in such cards). Only the first CARD_MAX_SCAN paragraphs are read, and a card's
# paragraph is looked for in the next CARD_TEXT_WINDOW characters of the text after the last one
# found (extraction keeps the page's order): a page of 20,000 cards costs what one of 400 does.
CARD_LEVELS = 3
CARD_MAX_PARAGRAPHS = 2
CARD_MAX_WORDS = 120
CARD_MIN_GROUP = 3
CARD_MAX_SCAN = 400
CARD_TEXT_WINDOW = 20_000
CARD_PREFIX_CHARS = 48
# A child of a would-be card makes it one if one of its first this many links is a story's.
CARD_MAX_LINKS_LOOKED_AT = 5
# A reader's address: a profile, or a reply to a comment. (Not "#comments": a teaser's "3
# comments" link leads to its story's page.)
_READER_PATH = re.compile(r"/(?:users?|u|profiles?|members?|commenters?)/|[?&]replytocom=", re.I)
# A page not declaring an article with this many teaser cards holding this share of its text is
# refused by rule (_teaser_card_wall): on the development sets 9 listings, 5 collections, 1
# service and 1 documentation page, no article (the nearest: a German shop's product-test page
# with 42% of its text in 19 cards). Chosen on those sets; chosen on four folds of sites at a time
# from a grid, the rule refused 1 article of 928 on the fifth (docs/benchmarks.md, i16i).
CARD_WALL_MIN_CARDS = 8
CARD_WALL_SHARE = 0.5


def _teaser_card_fields(
    paragraphs: tuple[tuple[Any, str], ...], text: str, count: Any, spared: bool
) -> dict[str, Any]:
    """The :class:`PageSignals` fields of :func:`_read_teaser_cards`, read only for a page that
    has paragraphs enough for ``CARD_WALL_MIN_CARDS`` cards and is not ``spared`` (it declares
    an article and names it in schema.org markup, :func:`_names_article`): the only pages the
    two card rules can refuse (read for every page they cost ~0.05 ms a page at the median)."""
    if spared or len(paragraphs) < CARD_WALL_MIN_CARDS:
        return {"teaser_card_words": 0, "teaser_cards": 0}
    cards = _read_teaser_cards(paragraphs, text, count)
    return {"teaser_card_words": cards.words, "teaser_cards": cards.cards}


@dataclass(frozen=True, slots=True)
class _TeaserCards:
    words: int
    cards: int


def _read_teaser_cards(
    paragraphs: tuple[tuple[Any, str], ...], text: str, count: Any
) -> _TeaserCards:
    """How much of the extracted text sits in repeated cards that each lead elsewhere, from the
    paragraphs extraction found (eight words or more; no walk of the whole tree)."""
    by_parent: dict[Any, list[tuple[Any, str]]] = {}
    for element, paragraph in paragraphs[:CARD_MAX_SCAN]:
        parent = element.getparent()
        if parent is not None:
            by_parent.setdefault(parent, []).append((element, paragraph))
    links: dict[Any, tuple[Any, ...]] = {}
    cards: dict[Any, list[str]] = {}
    for parent, block in by_parent.items():
        if len(block) > CARD_MAX_PARAGRAPHS:
            continue  # a run of paragraphs in one block: an article's body, no card
        card = _card_of(parent, block, links)
        if card is not None:
            cards.setdefault(card, []).extend(paragraph for _, paragraph in block)
    spaced = count is _space_words
    groups: dict[tuple[Any, Any], list[tuple[Any, list[str], int]]] = {}
    for card, held in cards.items():
        words = sum(p.count(" ") + 1 if spaced else count(p) for p in held)
        if len(held) <= CARD_MAX_PARAGRAPHS and words <= CARD_MAX_WORDS:
            groups.setdefault((card.tag, card.get("class")), []).append((card, held, words))
    repeated = {
        card: held
        for group in groups.values()
        if len(group) >= CARD_MIN_GROUP
        for card, held, _ in group
    }
    if not repeated:
        return _TeaserCards(0, 0)
    return _TeaserCards(*_cards_in_text(cards, repeated, text, count))


def _cards_in_text(
    cards: dict[Any, list[str]], repeated: dict[Any, list[str]], text: str, count: Any
) -> tuple[int, int]:
    """Words of the ``repeated`` cards' paragraphs that are in ``text`` and the cards holding
    them. ``cards`` is in page order, as the text is: each paragraph is looked for after the
    last one found, within ``CARD_TEXT_WINDOW`` characters."""
    spaced = count is _space_words
    found = cards_found = position = 0
    for card, held in cards.items():
        if card not in repeated:
            continue
        in_text = False
        for paragraph in held:
            at = text.find(paragraph[:CARD_PREFIX_CHARS], position, position + CARD_TEXT_WINDOW)
            if at >= 0:
                in_text = True
                found += paragraph.count(" ") + 1 if spaced else count(paragraph)
                position = at + CARD_PREFIX_CHARS
        cards_found += in_text
    return found, cards_found


def _card_of(parent: Any, held: list[tuple[Any, str]], links: dict[Any, tuple[Any, ...]]) -> Any:
    """The card of the paragraphs ``held`` by ``parent``: the nearest of ``parent`` and two more
    ancestors with a child holding a link that is not on the way to the paragraphs (their own
    inline links do not make a card). ``links`` keeps each element's first children holding a
    link, so that no element's children are read twice."""
    on_the_way = {element for element, _ in held}
    element = parent
    for _ in range(CARD_LEVELS):
        holders = links.get(element)
        if holders is None:
            holders = _link_holders(element)
            links[element] = holders
        if any(child not in on_the_way for child in holders):
            return element
        on_the_way = {element}
        element = element.getparent()
        if element is None:
            return None
    return None


def _link_holders(element: Any) -> tuple[Any, ...]:
    """The first three children of ``element`` that are or hold a link to another story (three:
    the way up to a card's paragraphs excludes at most two); a reader's own link does not count
    (:func:`_readers_link`)."""
    if next(element.iter("a"), None) is None:
        return ()
    holders: list[Any] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "a":
            if not _readers_link(child):
                holders.append(child)
        elif any(
            not _readers_link(anchor)
            for anchor in islice(child.iter("a"), CARD_MAX_LINKS_LOOKED_AT)
        ):
            holders.append(child)
        if len(holders) == CARD_MAX_PARAGRAPHS + 1:
            break
    return tuple(holders)


def _readers_link(anchor: Any) -> bool:
    """Whether a link is a reader's, not a story's: a comment's author (WordPress writes their
    own sites ``rel="external nofollow ugc"``), a profile ("/users/ana", "/members/12"), a
    reply, or a link within this page ("#comment-12"). Comments under an article are repeated
    blocks of a paragraph beside a link, as teaser cards are; without this an article with
    fifteen readers' comments in its text was refused as a list of articles."""
    rel = anchor.get("rel")
    if rel is not None and ("ugc" in rel or "nofollow" in rel):
        return True
    href = anchor.get("href") or ""
    return (
        not href
        or href.startswith(("#", "javascript:", "mailto:"))
        or (_READER_PATH.search(href) is not None)
    )


# Dated teasers (issue 16, eighth round, i16l): a ``<time>``'s card is its nearest ancestor (up to
# DATED_CARD_LEVELS up) holding a link of DATED_CARD_LINK_WORDS words or more; cards are grouped by
# (tag, class) and a group's different headlines counted. On the development sets a page declaring
# no article reaches 8 or more in 7 listings, 2 collections and 4 forum threads (lists of other
# threads beside the posts), and no article page (the most: 6, an association's news page; a live
# blog, which dates each entry, 14, is not read). Bounded: the first DATED_CARD_MAX_SCAN ``<time>`` elements, the first
# DATED_CARD_MAX_LINKS links of each ancestor, each ancestor looked at once.
DATED_CARD_LEVELS = 4
DATED_CARD_LINK_WORDS = 4
DATED_CARD_MAX_SCAN = 200
DATED_CARD_MAX_LINKS = 30
# A page not declaring an article with this many dated teasers is refused by rule
# (_dated_teaser_wall); chosen on the development sets, checked on inner folds
# (docs/benchmarks.md, i16l).
DATED_CARD_WALL_MIN = 8


def _dated_card_field(tree: Any, times: int, says_article: bool, live_blog: bool) -> int:
    """:attr:`PageSignals.dated_cards`, read only where :func:`_dated_teaser_wall` can refuse."""
    if says_article or live_blog or times < DATED_CARD_WALL_MIN:
        return 0
    return _read_dated_cards(tree)


def _read_dated_cards(tree: Any) -> int:
    """The most different headlines in one group of repeated cards (same tag and class) that each
    hold a ``<time>`` and a headline link: the dated teasers of a news index."""
    headline_of: dict[Any, str | None] = {}
    cards: dict[Any, str] = {}
    for scanned, time in enumerate(tree.iter("time")):
        if scanned >= DATED_CARD_MAX_SCAN:
            break
        element = time
        for _ in range(DATED_CARD_LEVELS):
            element = element.getparent()
            if element is None:
                break
            if element not in headline_of:
                headline_of[element] = _headline_link(element)
            headline = headline_of[element]
            if headline is not None:
                cards[element] = headline
                break
    headlines: dict[tuple[Any, Any], set[str]] = {}
    for card, headline in cards.items():
        headlines.setdefault((card.tag, card.get("class")), set()).add(headline)
    return max((len(group) for group in headlines.values()), default=0)


def _headline_link(element: Any) -> str | None:
    """The label of the first link of ``element`` (itself or among its first
    ``DATED_CARD_MAX_LINKS``) with ``DATED_CARD_LINK_WORDS`` words or more besides those of its
    ``<time>``s, case folded: a forum post's permalink "Posted May 23, 2024" is a date, not a
    headline."""
    anchors = [element] if element.tag == "a" else element.iter("a")
    for number, anchor in enumerate(anchors):
        if number >= DATED_CARD_MAX_LINKS:
            break
        if anchor.get("href") is None:
            continue
        parts = anchor.text_content().split()
        words = len(parts) - sum(len(t.text_content().split()) for t in anchor.iter("time"))
        if words >= DATED_CARD_LINK_WORDS:
            return " ".join(parts).casefold()
    return None


# Declared items (issue 16, ninth round, i16p): a page's JSON-LD that lists many items of one kind
# (Course, Product, Offer, Event, ListItem outside a BreadcrumbList, ...) describes a list of
# things on offer. On the development sets, of the 931 article pages those declaring no article
# list at most 1 item of a kind (a coffee's shop page trafilatura-dev counts as an article: one
# Product, one Offer); 31 non-article pages list 3 or more, 3 of them listings the trees summarised
# (a learning path of 21 courses, a course catalogue's ItemList of 32, an estate agent's 41 houses).
# Bounded: only the first DECLARED_ITEMS_MAX_NODES nodes of the page's JSON-LD are visited.
DECLARED_ITEM_TYPES = frozenset(
    {
        "product", "offer", "course", "educationaloccupationalprogram", "event", "service",
        "jobposting", "listitem",
    }
)  # fmt: skip
DECLARED_ITEMS_MAX_NODES = 2_000
# A page not declaring an article whose JSON-LD lists this many items of one kind is refused by
# rule (_declared_item_list); chosen on inner folds (docs/benchmarks.md, i16p).
DECLARED_ITEMS_MIN = 3
# Top-level JSON-LD types of a page that may list items; the others are not read (the count costs
# a JSON parse; on the development sets every page declaring no article with 3 or more items of a
# kind declares one of these at the top).
_ITEM_HOLDERS = (
    _LISTING_TYPES
    | _PRODUCT_TYPES
    | _SERVICE_TYPES
    | frozenset({"educationaloccupationalprogram", "offercatalog"})
)


def _declared_item_field(tree: Any, says_article: bool, jsonld_types: frozenset[str]) -> int:
    """:attr:`PageSignals.declared_items`, read only where :func:`_declared_item_list` can
    refuse and the page's own nodes may hold a list."""
    if says_article or not jsonld_types & _ITEM_HOLDERS:
        return 0
    return _read_declared_items(
        element.text or ""
        for element in tree.iter("script")
        if (element.get("type") or "").strip().lower() == "application/ld+json"
    )


def _read_declared_items(scripts: Iterable[str]) -> int:
    """The most nodes of one type of :data:`DECLARED_ITEM_TYPES` in the JSON-LD ``scripts``
    (list items inside a ``BreadcrumbList`` are the page's address, not items); unreadable
    blocks are skipped, and only the first ``DECLARED_ITEMS_MAX_NODES`` nodes are visited."""
    counts: Counter[str] = Counter()
    pending: list[tuple[Any, bool]] = []
    for script in scripts:
        try:
            pending.append((json.loads(script, strict=False), False))
        except (ValueError, RecursionError):
            continue
    visited = 0
    while pending and visited < DECLARED_ITEMS_MAX_NODES:
        value, in_breadcrumb = pending.pop()
        visited += 1
        if isinstance(value, list):
            pending.extend((item, in_breadcrumb) for item in value[:DECLARED_ITEMS_MAX_NODES])
            continue
        if not isinstance(value, dict):
            continue
        raw = value.get("@type")
        types = {
            t.rsplit("/", 1)[-1].lower()
            for t in (raw if isinstance(raw, list) else [raw])
            if isinstance(t, str)
        }
        in_breadcrumb = in_breadcrumb or "breadcrumblist" in types
        for kind in types & DECLARED_ITEM_TYPES:
            if not (kind == "listitem" and in_breadcrumb):
                counts[kind] += 1
        pending.extend(
            (child, in_breadcrumb) for child in value.values() if isinstance(child, dict | list)
        )
    return max(counts.values(), default=0)


# Priced cards (issue 16, ninth round, i16n): a shop's category page shows its products as a grid
# of cards, each a link to the product and its price, and extraction keeps the guide prose beside
# the grid, not the grid (so ``prices``, read from the text, is 0). The links of three words or
# more are grouped by their parent's (tag, class), as for ``card_links`` (the grouping is the link
# loop's, no second pass over the links), and only links to the page's own site are kept (a list
# of deals leads to other shops); a link's card is its largest ancestor (up to
# PRICED_CARD_LEVELS up) that holds no other address of the group, and a card is priced when one
# of its first PRICED_CARD_MAX_TEXTS text nodes (not white space) is a price and nothing else and
# none is prose (a "best of" list's pick reviews its product in sentences). Bounded: the
# PRICED_CARD_GROUPS largest groups of PRICED_CARD_MIN_LINKS links or more, the first
# PRICED_CARD_MAX_SCAN links of each. Read only for a page declaring no article whose largest group
# has PRICED_CARD_MIN_LINKS links or more (337 of the 1,291 pages of the development sets).
PRICED_CARD_MIN_LINKS = 8
PRICED_CARD_LEVELS = 5
PRICED_CARD_GROUPS = 4
PRICED_CARD_MAX_SCAN = 24
# A group whose first this many cards show no price is no grid of offers: not read further.
PRICED_CARD_FIRST = 4
PRICED_CARD_MAX_TEXTS = 40
PRICED_CARD_MAX_NODES = 120
PRICED_CARD_MAX_CHARS = 40
PRICED_CARD_PROSE_WORDS = 20
# A page not declaring an article with this many priced cards in one group is refused by rule
# (_priced_card_wall); see docs/benchmarks.md (i16n) for how it was chosen.
PRICED_CARD_WALL_MIN = 8
# A text node that is a price and nothing else: a currency sign or code before or after the
# amount, "from", "ab", "dès", "desde", "now", "was" before it ("From £349", "19,99 €",
# "$1,299.00", "44,99€").
_PRICE_ONLY = re.compile(
    r"(?:(?:from|ab|dès|desde|now|only|sale|was|starting at)\s*:?\s*)?"
    r"(?:(?:(?:US|CA|AU|NZ|HK|S|R)?\$|[€£¥₹]|(?:USD|EUR|GBP|CHF)\s?)\s?\d{1,7}(?:[.,\u00a0 ]\d{3})*"
    r"(?:[.,]\d{1,2})?|\d{1,7}(?:[.,\u00a0 ]\d{3})*(?:[.,]\d{1,2})?\s?(?:[$€£¥₹]|EUR|USD|CHF|zł|kr))"
    r"\s*\*?",
    re.IGNORECASE,
)


def _priced_card_field(links: _Links, says_article: bool, url: str) -> int:
    """:attr:`PageSignals.priced_cards`, read only where :func:`_priced_card_wall` can refuse: a
    page that declares no article and has a group of ``PRICED_CARD_MIN_LINKS`` card links or more
    (grouped in the link loop, :func:`_read_links`, which has already visited every link)."""
    if says_article or links.card_links < PRICED_CARD_MIN_LINKS:
        return 0
    return _read_priced_cards(links.card_parents, links.card_anchors, _site(url))


def _read_priced_cards(parents: list[tuple[Any, Any]], anchors: list[Any], site: str) -> int:
    """The most priced cards of one group of links (three words or more) sharing their parent's
    tag and class and leading to pages of the page's own ``site``: a shop's grid leads to its
    own products, a list of deals to other shops. ``parents[i]`` is the (tag, class) of
    ``anchors[i]``'s parent."""
    best = 0
    for key, size in Counter(parents).most_common(PRICED_CARD_GROUPS):
        if size < PRICED_CARD_MIN_LINKS:
            break
        # The group's links to the site, taken as needed: most groups (menus, lists of posts)
        # are left after the first few cards, and the address of each link costs a urlsplit.
        on_site = (
            anchor
            for anchor, parent in zip(anchors, parents, strict=True)
            if parent == key and _on_site(anchor.get("href") or "", site)
        )
        best = max(best, _priced_cards(on_site))
    return best


def _site(url: str) -> str:
    """The page's host without "www.", lower case ("" for an address without one)."""
    if "://" not in url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:  # "http://[" and other addresses a hostile client may send
        return ""
    return host.removeprefix("www.")


def _on_site(href: str, site: str) -> bool:
    """Whether a link leads to a page of ``site``: a relative address, or an absolute one on the
    same host, one of its subdomains or its parent domain ("shop.brand.example" and
    "brand.example")."""
    if not href:
        return False
    try:
        parts = urlsplit(href)
        host = (parts.hostname or "").removeprefix("www.")
    except ValueError:
        return False
    if parts.scheme not in ("", "http", "https"):
        return False  # javascript:, mailto:, tel:
    if not host:
        return True
    return bool(site) and (host == site or host.endswith("." + site) or site.endswith("." + host))


def _priced_cards(links: Iterator[Any]) -> int:
    """Cards of a group's ``links`` (the first ``PRICED_CARD_MAX_SCAN``) that show a price of
    their own. A grid prices its first cards: when the first ``PRICED_CARD_FIRST`` show none
    (cut out with one link more, so that the last of them is bounded too), the group is a menu
    or a list of posts and is read no further. (Until this was ``any``, a list of bools that was
    never empty let every group through to the full count.)"""
    first = list(islice(links, PRICED_CARD_FIRST + 1))
    if not any(_card_prices(first, PRICED_CARD_FIRST)):
        return 0
    group = first + list(islice(links, PRICED_CARD_MAX_SCAN - len(first)))
    return sum(_card_prices(group, len(group)))


def _card_prices(group: list[Any], cards_wanted: int) -> list[bool]:
    """Whether each of the first ``cards_wanted`` cards of ``group``'s links shows a price. A
    card is the link's largest ancestor (the link itself included) through which no other
    address of the group passes: a product's image and name links share one card, a grid's next
    product does not."""
    addresses: dict[Any, set[str]] = {}
    chains: list[list[Any]] = []
    for anchor in group:
        # The address without its fragment: a product's "#reviews" link is the same product.
        href = anchor.get("href", "").split("#", 1)[0]
        chain = [anchor]
        element = anchor.getparent()
        while element is not None and len(chain) <= PRICED_CARD_LEVELS:
            chain.append(element)
            element = element.getparent()
        for element in chain:
            addresses.setdefault(element, set()).add(href)
        chains.append(chain)
    cards: dict[Any, bool] = {}  # in page order, as the links are
    for chain in chains:
        card = chain[0]
        for element in chain[1:]:
            if len(addresses[element]) > 1:
                break
            card = element
        if card not in cards:
            cards[card] = _shows_price(card)
            if len(cards) == cards_wanted:
                break
    return list(cards.values())


def _shows_price(card: Any) -> bool:
    """Whether the card is a product's: one of its first ``PRICED_CARD_MAX_TEXTS`` text nodes
    that are not white space (of its first ``PRICED_CARD_MAX_NODES``) is a price and nothing
    else, and none of them is prose (``PRICED_CARD_PROSE_WORDS`` words or more). A shopping
    guide's or a "best of" list's pick reviews its product in sentences beside the price; a
    product card is labels. The texts come from one compiled XPath: no element is wrapped for
    Python."""
    priced = False
    shown = 0
    for text in _card_texts()(card):
        stripped = text.strip()
        if not stripped:
            continue  # the white space between a card's tags
        shown += 1
        if shown > PRICED_CARD_MAX_TEXTS:
            break
        if len(stripped) <= PRICED_CARD_MAX_CHARS:
            priced = priced or _PRICE_ONLY.fullmatch(stripped) is not None
        elif stripped.count(" ") + 1 >= PRICED_CARD_PROSE_WORDS:
            return False
    return priced


@cache
def _card_texts() -> Any:
    """The compiled XPath of a card's first ``PRICED_CARD_MAX_NODES`` text nodes, white space
    included (testing each node for white space in XPath cost ten times more on a large page)."""
    from lxml import etree

    return etree.XPath(
        f"descendant::text()[position() <= {PRICED_CARD_MAX_NODES}]", smart_strings=False
    )


# Dates written as text (issue 16, ninth round, i16m): the teasers of an index whose dates are
# text ("Allocating on the Stack, 27 February 2026" on blog.golang.org, hospitalitynet's
# ``<timeago>``), not ``<time>``. Read from the page's headline links (four words or more, leading
# to another page): a link's card is its nearest ancestor (up to DATED_CARD_LEVELS up) whose text
# holds a date; an ancestor of more than TEXT_CARD_MAX_CHILDREN children or TEXT_CARD_MAX_CHARS
# characters is no card, and the walk stops there. Cards are grouped by (tag, class), and only
# headlines that are in the extracted text count: an index's text is its teasers, an article's is
# its body, beside which a list of dated headlines (more columns, related posts) is left out.
# Bounded: TEXT_DATE_MAX_SCAN headline links of a group, each ancestor read once.
TEXT_CARD_MAX_CHILDREN = 12
TEXT_CARD_MAX_CHARS = 1_500
TEXT_DATE_MAX_SCAN = 200
# A group of links whose first TEXT_DATE_PROBE links have no dated card is left (a menu, a grid
# of products): a list of dated teasers dates its first ones too.
TEXT_DATE_PROBE = 3
# A page not declaring an article with this many teasers dated in text is refused by rule
# (_text_dated_teaser_wall): the same constant as DATED_CARD_WALL_MIN. On the development and
# article sets no article page declaring none reads above 0; 0259 and 2900 (listings) read 10 and
# 9, three pages refused already 6-25; on inner folds 6, 9 or 10 (docs/benchmarks.md, i16m).
TEXT_DATED_WALL_MIN = 8
# The reading looks only at pages, and groups of headline links, with this many links under
# parents of one tag and class: no fewer than the rule needs (the training script moves
# TEXT_DATED_WALL_MIN, not this, so that its signals cache holds the reading either way).
TEXT_DATED_MIN_LINKS = 8
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july"
    "|august|september|october|november|december|januar|februar|märz|mai|juni|juli|oktober"
    "|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
# A date with its year: "27 February 2026", "February 27, 2026", "2026-02-27", "27.02.2026". No
# boundary before it: text_content() runs an element's texts together ("Folge 010. Oktober 2023",
# "by Arturo López Nieto22 December 2025").
_TEXT_DATE = re.compile(
    rf"(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?:{_MONTHS})\.?,?\s+(?:19|20)\d\d"
    r"|(?:19|20)\d\d-\d\d-\d\d|\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d)(?!\d)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")
# "27th of September 2026": the most characters of a date before its year.
_DATE_BEFORE_YEAR_CHARS = 24
# "2026-02-27": the most characters of a date after its year, and one to see where it ends.
_DATE_AFTER_YEAR_CHARS = 7
# A link whose label is a date and little else is a permalink, not a headline.
_DATE_LABEL_MAX_EXTRA_WORDS = 2


def _text_dated_card_field(
    headline_anchors: tuple[tuple[Any, str, tuple[Any, Any]], ...],
    text: str,
    card_links: int,
    spared: bool,
) -> int:
    """:attr:`PageSignals.text_dated_cards`, read only where :func:`_text_dated_teaser_wall` can
    refuse: a page that declares no article and is no live blog (``spared`` otherwise), with
    ``TEXT_DATED_MIN_LINKS`` links or more under parents of one tag and class
    (:attr:`PageSignals.card_links`): the teasers' headlines."""
    if spared or card_links < TEXT_DATED_MIN_LINKS:
        return 0
    return _read_text_dated_cards(headline_anchors, text)


def _read_text_dated_cards(
    headline_anchors: tuple[tuple[Any, str, tuple[Any, Any]], ...], text: str
) -> int:
    """The most different headlines, in the extracted ``text``, of one group of repeated cards
    (same tag and class) that each hold a headline link and a date written as text; a card's
    headline is its first link that is in the text. ``headline_anchors`` are the page's links of
    four words or more, with their label and their parent's (tag, class) (from
    :func:`_read_links`); only those whose parents repeat (``TEXT_DATED_MIN_LINKS`` times or
    more) are looked at: a teaser's headline sits where every other teaser's does."""
    parents = Counter(key for _, _, key in headline_anchors)
    dated: dict[Any, bool | None] = {}
    cards: dict[Any, str] = {}
    looked_at: Counter[tuple[Any, Any]] = Counter()
    found: Counter[tuple[Any, Any]] = Counter()
    folded = ""
    for anchor, label, key in headline_anchors:
        if parents[key] < TEXT_DATED_MIN_LINKS or looked_at[key] >= TEXT_DATE_MAX_SCAN:
            continue
        if looked_at[key] >= TEXT_DATE_PROBE and not found[key]:
            continue  # a teaser list dates every teaser: its first ones are dated
        if not _leads_elsewhere(anchor, label):
            continue
        looked_at[key] += 1
        card = _dated_card(anchor, dated)
        if card is None or card in cards:
            continue
        found[key] += 1
        folded = folded or text.casefold()
        if label in folded:
            cards[card] = label
    headlines: dict[tuple[Any, Any], set[str]] = {}
    for card, label in cards.items():
        headlines.setdefault((card.tag, card.get("class")), set()).add(label)
    return max((len(group) for group in headlines.values()), default=0)


def _leads_elsewhere(anchor: Any, label: str) -> bool:
    """Whether a link of four words or more is a headline: a story's link, not a reader's
    (:func:`_readers_link`: "#comment-12", a commenter's own site), and its label is no date
    ("Posted May 3, 2024 at 10:15")."""
    if _readers_link(anchor):
        return False
    date = _text_date(label)
    return date is None or len(label.split()) - len(date.split()) > _DATE_LABEL_MAX_EXTRA_WORDS


def _dated_card(anchor: Any, dated: dict[Any, bool | None]) -> Any:
    """The nearest ancestor of ``anchor`` (up to ``DATED_CARD_LEVELS`` up) whose text holds a
    date, or None; ``dated`` keeps what each ancestor was found to be (True: a dated card, False:
    no date, None: too large for a card), so that no ancestor is read twice."""
    element = anchor
    for _ in range(DATED_CARD_LEVELS):
        element = element.getparent()
        if element is None:
            return None
        if element not in dated:
            dated[element] = _holds_date(element)
        found = dated[element]
        if found is None:
            return None
        if found:
            return element
    return None


def _holds_date(element: Any) -> bool | None:
    """Whether the text of ``element`` holds a date; None when it is too large for a card.
    ``text_content()`` is one call into C; ``itertext()`` makes an object of every element it
    passes, which cost ten times more on the development pages."""
    if len(element) > TEXT_CARD_MAX_CHILDREN:
        return None
    text = element.text_content()
    if len(text) > TEXT_CARD_MAX_CHARS:
        return None
    return _text_date(text) is not None


def _text_date(text: str) -> str | None:
    """The first date of ``text``, looked for only around its years (a plain search for four
    digits runs many times faster than the date pattern over the whole text)."""
    for year in _YEAR.finditer(text):
        start = max(year.start() - _DATE_BEFORE_YEAR_CHARS, 0)
        date = _TEXT_DATE.search(text, start, year.end() + _DATE_AFTER_YEAR_CHARS)
        if date is not None:
            return date.group()
    return None


# Action links (issue 16, ninth round, i16r): a service's landing page repeats its offer's buttons
# ("Book a consultation", "Get started", "Request a demo", "Contact us") down the page. Among the
# development pages that declare no article, 8 of 40 service pages have 12 such links or more,
# and no other page: none of the 202 article pages (the most: 10, a software vendor's guide with
# "Free trial" and "Demo" in its header, side bar and footer). Pages that declare an article are
# not read: the article sets' own reviews of movers and dentists hold up to 51.
ACTION_LINK_WALL_MIN = 12
# Case-folded labels of CONTROL_LABEL_WORDS words or fewer. English only: the non-article pages
# of the development sets are mostly English, so other languages' words could not be measured.
# Not "request" alone: MDN's Fetch guide links the API's Request 16 times.
_ACTION_LINK = re.compile(
    r"\b(?:book(?:ing)?|schedule|request (?:a|an|more|info|information|service)"
    r"|(?:a|free|get|your) quote|(?:quote|service) request|get started|contact us|apply"
    r"|enrol|enroll|call (?:us|now|today)|free trial|consultation|demo|appointment"
    r"|get in touch)\b"
)


def _action_link_field(short_labels: tuple[str, ...], says_article: bool) -> int:
    """How many of the short link labels ask the reader to act on an offer (``_ACTION_LINK``),
    on a page that declares no article; 0 for the others. One search over all labels first: most
    pages have none, and then no label is searched alone."""
    if says_article or not short_labels or not _ACTION_LINK.search("\n".join(short_labels)):
        return 0
    return sum(1 for label in short_labels if _ACTION_LINK.search(label))


@dataclass(frozen=True, slots=True)
class _Links:
    labels: frozenset[str]
    """Link labels of three words or more, white space collapsed, case folded."""
    headline_links: int
    headline_link_words: int
    cart: int
    card_links: int
    card_parents: list[tuple[Any, Any]]
    """The (tag, class) of the parent of each link of three words or more, in page order."""
    card_anchors: list[Any]
    """Those links, in the same order (for :func:`_priced_card_field`)."""
    headline_anchors: tuple[tuple[Any, str, tuple[Any, Any]], ...]
    """Links of four words or more with their label and their parent's (tag, class), for
    :func:`_read_text_dated_cards`."""
    short_labels: tuple[str, ...]
    """Labels of ``CONTROL_LABEL_WORDS`` words or fewer, for :func:`_action_link_field`."""


def _read_links(anchors: list[Any], count: Any) -> _Links:
    labels: set[str] = set()
    headline_links = headline_link_words = 0
    # Links of three words or more by their parent's (tag, class): a grid's or a front's cards
    # share one; read here because the loop visits every link anyway (a tree pass cost 1.7 ms).
    card_parents: list[tuple[Any, Any]] = []
    card_anchors: list[Any] = []
    short_labels: list[str] = []
    headline_anchors: list[tuple[Any, str, tuple[Any, Any]]] = []
    spaced = count is _space_words
    for anchor in anchors:
        # A link of plain text (most are) is read without text_content()'s XPath call.
        raw = anchor.text if len(anchor) == 0 else anchor.text_content()
        if not raw:
            continue
        parts = raw.split()
        label = " ".join(parts).casefold()
        words = len(parts) if spaced else count(label)
        if words >= 3:
            labels.add(label)
            parent = anchor.getparent()
            if parent is not None:
                card_parents.append((parent.tag, parent.get("class")))
                card_anchors.append(anchor)
        if words >= 4:
            headline_links += 1
            headline_link_words += words
            if parent is not None:
                headline_anchors.append((anchor, label, card_parents[-1]))
        if words <= rules.CONTROL_LABEL_WORDS:
            short_labels.append(label)
    # Most pages have no buy or booking link: one search over all short labels, one per label
    # only when it finds one (the pattern matches no line break, so no match spans two labels).
    cart = 0
    if short_labels and _CART.search("\n".join(short_labels)):
        cart = sum(1 for label in short_labels if _CART.search(label))
    card_links = max(Counter(card_parents).values(), default=0)
    return _Links(
        frozenset(labels), headline_links, headline_link_words, cart, card_links, card_parents,
        card_anchors, tuple(headline_anchors), tuple(short_labels),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Lines:
    count: int
    words: int
    linked: int
    linked_words: int
    long_words: int
    sentence_words: int
    short: int


def _read_lines(text: str, link_labels: frozenset[str], count: Any) -> _Lines:
    total = linked = linked_words = long_words = sentence_words = short = lines = 0
    spaced = count is _space_words
    for raw in text.split("\n"):
        parts = raw.split()
        if not parts:
            continue
        lines += 1
        if spaced:
            # Link labels have three words or more: a shorter line is not joined to be looked up.
            words = len(parts)
            is_label = words >= 3 and " ".join(parts).casefold() in link_labels
        else:
            words = count(" ".join(parts))
            is_label = " ".join(parts).casefold() in link_labels
        total += words
        if is_label:
            linked += 1
            linked_words += words
        if words >= rules.LONG_LINE_WORDS:
            long_words += words
        if words < rules.SHORT_LINE_WORDS:
            short += 1
        if parts[-1].endswith(_SENTENCE_END):  # the line's end, without joining it
            sentence_words += words
    return _Lines(lines, total, linked, linked_words, long_words, sentence_words, short)


@dataclass(frozen=True, slots=True)
class _Voice:
    reader: float
    company: float
    reporting: float
    first_person: float
    digits: float
    years: int
    offer: float
    sales: float
    dates: float
    quotes: float
    genre: float


def _read_voice(lowered: str) -> _Voice:
    """Who the text speaks to and as, what it sells, when it says things happened, whom it
    quotes and how much of it is numbers, per word of ``lowered`` (the case-folded sample)."""
    tokens = _TOKEN.findall(lowered)
    counts = Counter(tokens)  # counted in C; the word lists are then looked up once per word
    seen = counts.keys()
    reader = sum(counts[t] for t in _READER & seen)
    company = sum(counts[t] for t in _COMPANY & seen)
    reporting = sum(counts[t] for t in _REPORTING & seen)
    first_person = sum(counts[t] for t in _FIRST_PERSON & seen)
    offer = sum(counts[t] for t in _OFFER_WORDS & seen)
    sales = sum(counts[t] for t in _SALES_WORDS & seen)
    dates = sum(counts[t] for t in _DATE_WORDS & seen)
    quotes = sum(lowered.count(mark) for mark in _QUOTE_MARKS)
    digits = years = 0
    for token in filter(str.isdigit, seen):  # the few numbers, picked out in C
        times = counts[token]
        digits += times
        if len(token) == 4 and token[:2] in ("19", "20"):
            years += times
    n = max(len(tokens), 1)
    return _Voice(
        reader / n, company / n, reporting / n, first_person / n, digits / n, years, offer / n,
        sales / n, dates / n, quotes / n, genre_score(counts, len(tokens)),
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Markup:
    types: frozenset[str]
    cart: int
    forum: int
    pdf_viewer: bool
    list_items: int
    table_cells: int
    images: int
    paragraph_elements: int


@dataclass(frozen=True, slots=True)
class _Elements:
    headings: int
    """h2-h4 headings."""
    linked_headings: int
    """Headings that hold a link or sit inside one: teaser cards."""
    service_headings: int
    """The other headings that name an offer."""
    articles: int
    controls: int
    """Buttons, inputs and forms."""
    control_words: list[str]
    """What the controls say and are called (see ``_CONTROL_ATTRIBUTES``)."""


_ELEMENT_TAGS = ("h2", "h3", "h4", "article", *_CONTROL_ATTRIBUTES)


def _read_elements(tree: Any) -> _Elements:
    """Headings, ``<article>`` elements and controls in one walk of the tree (lxml picks the few
    elements of these tags in C; three walks cost about 0.03 ms more a page)."""
    headings = linked_headings = service_headings = articles = controls = 0
    control_words: list[str] = []
    for element in tree.iter(*_ELEMENT_TAGS):
        tag = element.tag
        if tag == "article":
            articles += 1
        elif tag in _CONTROL_ATTRIBUTES:
            controls += 1
            if tag == "button":
                control_words.append(element.text_content())
            control_words.extend(v for a in _CONTROL_ATTRIBUTES[tag] if (v := element.get(a)))
        else:
            headings += 1
            # iter("a") rather than find(".//a"): the same first link, without ElementPath.
            if next(element.iter("a"), None) is not None or _inside_link(element):
                linked_headings += 1
            elif _TITLE_SERVICE.search(element.text_content().casefold()):
                service_headings += 1
    return _Elements(headings, linked_headings, service_headings, articles, controls, control_words)


def _read_markup(
    tree: Any, word_count: int, lowered_text: str, control_words: list[str]
) -> _Markup:
    """Markers of the markup, read from the tree: microdata types, buy and booking controls
    (``control_words``, from :func:`_read_elements`), forum software, a PDF viewer (looked for
    only on a page too short to read), lists, tables."""
    paths = _marker_paths()
    types = frozenset(_MICRODATA.findall(" ".join(paths["itemtype"](tree)).lower()))
    item_props = paths["itemprop"](tree)
    controls = [*control_words, *paths["meta_price"](tree)]
    cart = len(_CART.findall(" ".join(controls).lower()))
    cart += sum(1 for prop in item_props if prop.strip().lower() == "price")
    forum = len(_FORUM.findall(" ".join(paths["forum"](tree)).lower()))
    if any(part in lowered_text for part in _FORUM_TEXT_PARTS):
        forum += len(_FORUM_TEXT.findall(lowered_text))
    pdf_viewer = word_count < rules.MIN_WORDS and (
        _PDF_VIEWER.search(" ".join(paths["pdf"](tree)).lower()) is not None
    )
    return _Markup(
        types=types,
        cart=cart,
        forum=forum,
        pdf_viewer=pdf_viewer,
        list_items=int(paths["list_items"](tree)),
        table_cells=int(paths["table_cells"](tree)),
        images=int(paths["images"](tree)),
        paragraph_elements=int(paths["paragraph_elements"](tree)),
    )


@load_once
def _marker_paths() -> dict[str, Any]:
    """The compiled XPaths of ``_MARKER_PATHS``."""
    from lxml import etree

    return {name: etree.XPath(path, smart_strings=False) for name, path in _MARKER_PATHS.items()}


def _path(url: str) -> str:
    try:
        return urlsplit(url).path if "://" in url else ""
    except ValueError:  # "http://[" and other addresses a hostile client may send
        return ""


def _space_words(text: str) -> int:
    return len(text.split())


def _words(text: str) -> int:
    """Words as extraction counts them: each Chinese or Japanese character is one."""
    if HAN_OR_KANA.search(text):
        return len(HAN_OR_KANA.findall(text)) + len(HAN_OR_KANA.sub(" ", text).split())
    return len(text.split())


def _inside_link(element: Any) -> bool:
    if next(element.iterancestors("a"), None) is None:
        # No link above it at any depth, looked for in C: most headings are answered without
        # an element object for each of their three parents (issue 16, i16q).
        return False
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
        _words(h1.text_content()) >= 3
        and next(h1.iterancestors("a"), None) is None
        and next(h1.iter("a"), None) is None
        for h1 in headings
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
    "log_calls_to_action", "sentence_line_share", "short_line_share", "log_list_items",
    "log_table_cells", "list_items_per_line", "reporting_words", "first_person", "digit_share",
    "log_year_mentions", "url_listing_word", "url_service_word", "log_anchors",
    "anchors_per_word", "log_images", "images_per_kword", "words_per_paragraph_element",
    "log_controls", "paragraph_share", "headings_per_kword", "list_items_per_kword",
    "title_listing", "title_service", "headline_listing", "headline_service", "plural_headline",
    "log_offer_phrases", "log_catalogue_phrases", "log_service_headings", "offer_words",
    "sales_words", "date_words", "quote_marks", "log_card_links", "card_links_per_kword",
    "text_genre",
)  # fmt: skip


def _says_article(has_article_node: bool, og_type: str, declares_date: bool) -> bool:
    """Whether the page declares itself an article: an article node in its structured data,
    ``og:type`` article (lower case) or a publication date. The rules spare such pages."""
    return has_article_node or og_type == "article" or declares_date


def may_name_its_story(s: PageSignals) -> bool:
    """Whether a page refused for too little text (``no_text``) or for showing only a consent
    notice (``cookie_wall``) may still name a news story, so that the Brief can look for the
    story elsewhere (issue 13, ``parallax.domain.extraction.short_story``): it declares an
    article, declares no product, offer, service or list, and has no wall of links, no cart and
    at most one price. A shop's or a section's short page stays refused, and so does a profile
    page (schema.org ``ProfilePage`` or ``og:type`` profile, with no article node): "New York
    Daily News on Twitter" declares a date and names no story. Whether a consent notice on the
    page rules it out is the caller's to say: it is what a ``cookie_wall`` page shows."""
    return (
        _says_article(s.has_article_node, s.og_type, s.declares_date)
        and not _declares_profile(s)
        and not s.declared_types & (_PRODUCT_TYPES | _SERVICE_TYPES | _LISTING_TYPES)
        and not s.og_type.startswith("product")
        and s.headline_links + s.linked_lines < rules.NAVIGATION_MIN_LINKS
        and s.cart == 0
        # One amount is news ("brought forward its $10.7 million payout"); two a price list.
        and s.prices < rules.PRODUCT_MIN_PRICES
        and not s.pdf_viewer
    )


def _declares_profile(s: PageSignals) -> bool:
    """Whether the page declares itself a profile (schema.org ``ProfilePage``, ``og:type``
    profile). An article node wins: a site's graph may describe its author beside the article."""
    return not s.has_article_node and (
        bool(s.declared_types & _PROFILE_TYPES) or s.og_type == "profile"
    )


def _names_article(has_article_node: bool, declared_types: frozenset[str]) -> bool:
    """Whether the page names itself an article in schema.org markup (a JSON-LD article node, or
    an article type in JSON-LD or microdata): the declaration a site writes for its articles.
    ``og:type`` article and a publication date alone are often a template's, written on every
    page of a site (its topic pages, its "in the news" page); the two rules of
    :func:`_declared_card_wall` and :func:`_headline_wall` spare only this stronger one."""
    return has_article_node or bool(declared_types & _ARTICLE_TYPES)


def features(s: PageSignals) -> list[float]:
    """The signals as the numbers the linear score in :mod:`.page_type_rules` weighs, in the
    order of :data:`FEATURE_NAMES`: counts on a log scale, so that a front with 400 teaser links
    does not outweigh everything else."""
    declared = s.declared_types
    words = max(s.word_count, 1)
    says_article = _says_article(s.has_article_node, s.og_type, s.declares_date)
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
        s.sentence_line_share,
        s.short_line_share,
        math.log1p(s.list_items),
        math.log1p(s.table_cells),
        min(s.list_items / max(s.lines, 1), 10.0),
        s.reporting_words,
        s.first_person,
        s.digit_share,
        math.log1p(s.year_mentions),
        float(s.url_listing_word),
        float(s.url_service_word),
        math.log1p(s.anchors),
        min(s.anchors / words, 5.0),
        math.log1p(s.images),
        min(1000 * s.images / words, 100.0),
        min(s.word_count / max(s.paragraph_elements, 1), 500.0),
        math.log1p(s.controls),
        min(s.paragraph_words / words, 1.0),
        min(1000 * s.headings / words, 200.0),
        min(1000 * s.list_items / words, 1000.0),
        float(s.title_listing),
        float(s.title_service),
        float(s.headline_listing),
        float(s.headline_service),
        float(s.plural_headline),
        math.log1p(s.offer_phrases),
        math.log1p(s.catalogue_phrases),
        math.log1p(s.service_headings),
        s.offer_words,
        s.sales_words,
        s.date_words,
        s.quote_marks,
        math.log1p(s.card_links),
        min(1000 * s.card_links / words, 200.0),
        s.text_genre,
    ]


def judge_page(  # noqa: PLR0911 - one return per verdict
    s: PageSignals, score: float | None = None, offer_score: float | None = None
) -> PageJudgement:
    """What kind of page ``s`` describes, and whether the Brief should summarise it.

    Pages with too little text are refused first, with what the page shows instead (a PDF viewer,
    a consent notice, menus). The others are scored by a small boosted model of the signals
    (:func:`non_article_score`, trees and threshold in ``data/page_type_model.json``); a page
    scored over the threshold is refused, and the evidence names what kind of page it is.
    ``score`` and ``offer_score`` replace the models' scores (the training script judges with
    held-out scores).
    """
    declared = s.declared_types
    says_article = _says_article(s.has_article_node, s.og_type, s.declares_date)
    links = s.headline_links + s.linked_lines
    if s.word_count < rules.MIN_WORDS or not s.has_letters:
        if _short_article(s, says_article, links):
            return PageJudgement(
                "article", True, None, (f"a short article of {s.word_count} words",)
            )
        if s.pdf_viewer:
            return _refuse("other", "pdf_viewer", "a PDF viewer and no text")
        if s.cookie_text:
            return _refuse("other", "cookie_wall", "only a cookie or consent notice")
        if links >= rules.NAVIGATION_MIN_LINKS:
            return _refuse("front", "navigation_only", f"{links} links and no text")
        return _refuse("other", "no_text", f"{s.word_count} words")
    wall = _wall_or_gate(s, says_article)
    if wall is not None:
        return wall
    if s.linked_share >= rules.NAVIGATION_LINKED_SHARE and s.long_line_share == 0:
        return _refuse("front", "navigation_only", "the text is link labels only")

    ruled = _shop_page(s, says_article) or _list_page(s)
    if ruled is not None:
        return ruled

    if score is None:
        score = non_article_score(s)
    evidence = [f"non-article score {score:+.2f}"]
    # Said on the verdict, so that `parallax extract` shows why a page with a banner is read.
    evidence += ["a consent notice beside the story, set aside"] if s.story_past_consent else []
    if (
        score > _model().threshold
        or _wall_of_teasers(s, says_article, evidence)
        or _teaser_card_wall(s, says_article, evidence)
        or _dated_teaser_wall(s, says_article, evidence)
        or _declared_item_list(s, says_article, evidence)
        or _declared_card_wall(s, says_article, evidence)
        or _headline_wall(s, evidence)
        or _text_dated_teaser_wall(s, says_article, evidence)
        or _action_link_wall(s, says_article, evidence)
    ):
        return _name_non_article(s, evidence, offer_score)
    if declared & _FORUM_TYPES or s.forum >= rules.FORUM_MIN_MARKERS:
        return PageJudgement("forum", True, None, (*evidence, f"{s.forum} forum markers"))
    if declared & _DOCUMENTATION_TYPES:
        return PageJudgement("documentation", True, None, (*evidence, "declares documentation"))
    return PageJudgement("article", True, None, tuple(evidence))


def _wall_or_gate(s: PageSignals, says_article: bool) -> PageJudgement | None:
    """A consent notice, paywall, login page, age gate or error page in front of the text."""
    if (
        s.cookie_text
        and s.word_count < rules.COOKIE_MAX_WORDS
        # A page that declares an article is a wall only when no story is left past its
        # notices: a banner that says no dialog's words ("Wir setzen auf unserer Website Cookies
        # ... ein", a SemEval page) is a wall too, under a headline that declares an article.
        and (not says_article or not s.story_past_consent)
    ):
        return _refuse("other", "cookie_wall", "the text is a cookie or consent notice")
    if s.gate_text and says_article:
        # A paywall, login page, age gate or error page that declares an article: no article
        # page of 40-249 words in the article sets says what such pages say.
        return _refuse("other", "no_text", "the text is a paywall, login, age gate or error page")
    return None


def _shop_page(s: PageSignals, says_article: bool) -> PageJudgement | None:
    """A shop's page by rule, before the trees: it declares a product and has a cart, it declares
    a group of products, or it is a wall of buy buttons whatever it declares."""
    product = bool(s.declared_types & _PRODUCT_TYPES) or s.og_type.startswith("product")
    if product and s.cart >= rules.PRODUCT_MIN_CART and not says_article:
        # A shop's own declaration and a cart (two controls or more): on the development sets
        # 30 product pages and 4 collections, and one page trafilatura-dev counts as an article
        # (a wine's shop page, ebrosia.de).
        return _refuse("product", "product_page", "declares a product and has a cart")

    group = _declares_product_group(s, says_article)
    if group is not None:
        return _refuse("listing", "product_page", "a shop's list of products", group)

    priced = _priced_card_wall(s, says_article)
    if priced is not None:
        return _refuse("listing", "product_page", "a shop's list of products", priced)

    if s.cart >= rules.CART_WALL_MIN and s.cart * rules.CART_WALL_WORDS >= s.word_count:
        # A wall of buy buttons is a shop's list whatever the page declares: the trees, which
        # never saw one, scored a page of 9,000 "Add to cart" cards under their threshold.
        return _refuse(
            "listing", "product_page", "a shop's list of products",
            f"{s.cart} buy or booking controls in {s.word_count} words",
        )  # fmt: skip
    return None


def _declares_product_group(s: PageSignals, says_article: bool) -> str | None:
    """What a shop's category page declares itself to be, if it does: Open Graph's
    ``product.group`` (Shopify's collections, IKEA's, Target's and Thomann's category pages) or a
    schema.org ``OfferCatalog``. On the development sets 11 collections, 1 listing and 2 product
    pages declare one, on seven sites, and no page of the article sets (931 pages) does; the trees
    scored 5 of those collections under their threshold (issue 16, i16j). A page that also
    declares an article is left to the trees."""
    if says_article:
        return None
    if s.og_type == "product.group":
        return "declares a group of products (og:type product.group)"
    if "offercatalog" in s.declared_types:
        return "declares a catalogue of offers (schema.org OfferCatalog)"
    return None


def _priced_card_wall(s: PageSignals, says_article: bool) -> str | None:
    """A grid of cards, each leading to its own page and showing its own price
    (:func:`_read_priced_cards`), on a page that declares no article: a shop's (or an estate
    agent's) list of offers, whatever the trees score. Extraction keeps the category's guide prose
    and drops the grid, so the text alone reads like an article (issue 16, i16n)."""
    if says_article or s.priced_cards < PRICED_CARD_WALL_MIN:
        return None
    return f"{s.priced_cards} cards, each with its own link and price"


def _list_page(s: PageSignals) -> PageJudgement | None:
    """A page that calls itself a list in its title and is made of list items or table cells,
    not of sentences, is a list, whatever it declares (Wikipedia's lists declare an article). A
    listicle titled "List of ..." whose items are sentences stays with the trees."""
    if (
        s.title_names_list
        and s.list_items + s.table_cells >= rules.LIST_PAGE_MIN_ITEMS
        and s.sentence_line_share < rules.LIST_PAGE_MAX_PROSE_SHARE
    ):
        return _refuse(
            "listing", "listing", "the title names a list",
            f"{s.list_items} list items, {s.table_cells} table cells",
        )  # fmt: skip
    return None


def _short_article(s: PageSignals, says_article: bool, links: int) -> bool:
    """A page under the minimum word count that is still an article to summarise: it declares
    itself one, its few words are prose (lines ending as sentences do, more than one sentence)
    and it has no wall of links. On trafilatura-dev a 19-word blog post and a 22-word photo story are such pages; of
    the 12 wcxb-dev non-article pages under 40 words none is (one shop declares an article, but
    with 39 headline links and label lines)."""
    return (
        says_article
        and s.has_letters
        and s.word_count >= rules.SHORT_ARTICLE_MIN_WORDS
        and s.sentence_line_share >= rules.SHORT_ARTICLE_PROSE_SHARE
        and s.short_text_sentences >= rules.SHORT_ARTICLE_MIN_SENTENCES
        and links < rules.NAVIGATION_MIN_LINKS
        and not s.pdf_viewer
        and not s.cookie_text
        and not s.gate_text
    )


def _wall_of_teasers(  # noqa: PLR0911 - one return per rule
    s: PageSignals, says_article: bool, evidence: list[str]
) -> bool:
    """The layout rules that refused fronts before the model (kept: on the development sets they
    refuse a few fronts the model misses, and no article): a wall of headline links at the
    site's root, extracted text made of teaser headlines, or teaser summaries without them."""
    words = max(s.word_count, 1)
    root_wall = (
        s.url_is_root
        and s.headline_links >= rules.TEASER_HEADLINE_LINKS
        and s.headline_link_words >= rules.ROOT_HEADLINE_WORDS_SHARE * words
    )
    if root_wall and says_article:
        # A blog's or portal's home page often carries the article markup of its latest post:
        # at the site's root, a wall of headline links is a front whatever the page declares.
        evidence.append(
            "the site's root with a wall of headline links, though it declares an article"
        )
        return True
    if says_article:
        return False
    if s.url_is_root:
        if s.linked_share >= rules.ROOT_LINKED_SHARE or root_wall:
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


def _teaser_card_wall(s: PageSignals, says_article: bool, evidence: list[str]) -> bool:
    """A page that does not declare an article and whose extracted text is mostly the snippets
    of many teaser cards (:func:`_read_teaser_cards`) is an index, whatever the trees score."""
    if (
        says_article
        or s.teaser_cards < CARD_WALL_MIN_CARDS
        or s.teaser_card_words < CARD_WALL_SHARE * s.word_count
    ):
        return False
    evidence.append(f"{s.teaser_cards} teaser cards hold {s.teaser_card_words} of the text's words")
    return True


def _dated_teaser_wall(s: PageSignals, says_article: bool, evidence: list[str]) -> bool:
    """A page that does not declare an article and shows many teasers, each with its own date and
    its own headline leading elsewhere (:func:`_read_dated_cards`), is a news index, whatever the
    trees score: an article has one date."""
    if says_article or s.dated_cards < DATED_CARD_WALL_MIN:
        return False
    evidence.append(f"{s.dated_cards} dated teasers, each with its own headline")
    return True


def _declared_item_list(s: PageSignals, says_article: bool, evidence: list[str]) -> bool:
    """A page that does not declare an article and whose structured data lists many items of one
    kind (:func:`_read_declared_items`: courses, products, offers, list items) is a list of
    them, whatever the trees score: an article declares itself, not a catalogue."""
    if says_article or s.declared_items < DECLARED_ITEMS_MIN:
        return False
    evidence.append(f"its structured data lists {s.declared_items} items of one kind")
    return True


# Indexes that declare an article (issue 16, ninth round, i16o): the rules above spare every page
# declaring an article. Of the 931 article pages, 236 (of 40 words or more) declare one only by
# og:type or a date meta tag, with no schema.org article; so do the listings still summarised
# (readingandmath.org's "In the news", wral.com's and kval.com's topic pages, interiordesign.net's
# awards index), whose templates write og:type article or a date on every page. Two rules look
# past such a declaration, with constants stricter than the undeclared pages' (docs/benchmarks.md,
# i16o):
# * teaser cards hold this share of the text, with CARD_WALL_MIN_CARDS cards or more: of the
#   article pages declaring that way with 8 cards or more the most is 0.42
#   (reisen-mit-dem-internet.de; menlocoaching.com 0.35); readingandmath.org's listing 0.80;
DECLARED_CARD_WALL_SHARE = 0.6
# * most headings are teaser links (rules.TEASER_CARDS or more, rules.TEASER_CARD_SHARE of them)
#   and the headline links hold this many times the words of the extracted text: the text is a
#   sliver of an index. Of the 931 article pages naming no article in schema.org markup, with
#   those headings, the most is 6.7 (football.ua, 164 words beside 82 headline links), naming
#   one 5.5 (cbsnews.com);
#   wral.com's topic page 9.9, interiordesign.net's awards index 18.6.
HEADLINE_WALL_WORDS_PER_WORD = 8.0


def _declared_card_wall(s: PageSignals, says_article: bool, evidence: list[str]) -> bool:
    """A page that declares an article only by ``og:type`` or a date, not in schema.org markup
    (:func:`_names_article`), and whose text is mostly the snippets of many teaser cards, is an
    index: :func:`_teaser_card_wall` with a stricter share of the text."""
    if (
        not says_article
        or _names_article(s.has_article_node, s.declared_types)
        or s.teaser_cards < CARD_WALL_MIN_CARDS
        or s.teaser_card_words < DECLARED_CARD_WALL_SHARE * s.word_count
    ):
        return False
    evidence.append(
        f"{s.teaser_cards} teaser cards hold {s.teaser_card_words} of the text's words, though "
        "the page declares an article"
    )
    return True


def _headline_wall(s: PageSignals, evidence: list[str]) -> bool:
    """A page naming no article in schema.org markup whose headings are mostly teaser links, and
    whose headline links hold many times the words extraction found, is an index of which
    extraction kept a sliver (one teaser, an introduction), whatever ``og:type`` it declares."""
    if (
        _names_article(s.has_article_node, s.declared_types)
        or s.linked_headings < rules.TEASER_CARDS
        or s.linked_headings < rules.TEASER_CARD_SHARE * s.headings
        or s.headline_link_words < HEADLINE_WALL_WORDS_PER_WORD * max(s.word_count, 1)
    ):
        return False
    evidence.append(
        f"{s.linked_headings} of {s.headings} headings are links, {s.headline_link_words} words "
        f"in headline links beside {s.word_count} of text"
    )
    return True


def _text_dated_teaser_wall(s: PageSignals, says_article: bool, evidence: list[str]) -> bool:
    """:func:`_dated_teaser_wall` for dates written as text: a page that does not declare an
    article and whose extracted text holds the headlines of many teasers, each dated in text and
    leading elsewhere, is a news index (issue 16, ninth round, i16m)."""
    if says_article or s.text_dated_cards < TEXT_DATED_WALL_MIN:
        return False
    evidence.append(f"{s.text_dated_cards} teasers dated in text, each with its own headline")
    return True


def _action_link_wall(s: PageSignals, says_article: bool, evidence: list[str]) -> bool:
    """A page that declares no article and asks its reader, in ``ACTION_LINK_WALL_MIN`` links
    or more, to book, call, ask for a quote or a demo, get started or enrol is an offer's page: a
    service's landing page (issue 16, ninth round, i16r). Extraction keeps its pitch, which reads
    like a guide, and drops the buttons."""
    if says_article or s.action_links < ACTION_LINK_WALL_MIN:
        return False
    evidence.append(f"{s.action_links} links asking to book, call, enrol or ask for a quote")
    return True


def _name_non_article(
    s: PageSignals, evidence: list[str], offer_score: float | None = None
) -> PageJudgement:
    """The kind of a page judged not an article, from its strongest evidence: a product that
    shows a cart or prices, a title that names an offer and a text that makes one; then, when
    the page does not name itself a list, the offer model (:func:`offer_page_score`) says whether
    it is a shop's or service's page or a front or listing."""
    declared = s.declared_types
    product = bool(declared & _PRODUCT_TYPES) or s.og_type.startswith("product")
    if s.cart:
        evidence.append(f"{s.cart} buy or booking controls")
    if s.prices:
        evidence.append(f"{s.prices} prices")
    if product and (s.cart or s.prices):
        return _refuse("product", "product_page", "declares a product or offer", *evidence)
    names_list = s.title_listing or s.headline_listing or bool(declared & _LISTING_TYPES)
    names_offer = (s.title_service or s.headline_service) and not names_list
    if names_offer and s.offer_phrases >= rules.SERVICE_MIN_OFFER_PHRASES:
        # Its title names an offer and its text makes one: a service page, however many links
        # its menus hold (these were named fronts and listings before).
        evidence.append(f"the title names an offer, {s.offer_phrases} offer phrases")
        return _refuse("service", "service_page", *evidence)
    if not names_list and _model().offers is not None:
        return _name_by_offer_model(s, product, evidence, offer_score)
    return _name_by_layout(s, product, evidence)


def _name_by_offer_model(
    s: PageSignals, product: bool, evidence: list[str], offer_score: float | None
) -> PageJudgement:
    """Cross-validated on the development pages (default split), the layout alone named 17 of
    30 refused service pages a front or listing, with the offer model 6; over all refused pages
    it names the family right more often on four fold splits (docs/benchmarks.md, issue 16,
    sixth round). The layout then says which of the two."""
    if offer_score is None:
        offer_score = offer_page_score(s)
    evidence.append(f"offer score {offer_score:+.2f}")
    if offer_score <= 0:
        return _name_list_page(s, product, evidence)
    return _name_offer_page(s, product, evidence)


def _name_by_layout(s: PageSignals, product: bool, evidence: list[str]) -> PageJudgement:
    """Without an offer model: a front at the site's root, a listing by its teasers, else a
    product or service page."""
    if s.url_is_root or (s.og_type == "website" and s.path_depth <= 1):
        return _refuse("front", "section_front", "the site's front page", *evidence)
    teasers = s.headline_links >= rules.TEASER_HEADLINE_LINKS or s.linked_headings >= 8
    if teasers or s.declared_types & _LISTING_TYPES or s.paragraph_blocks >= rules.TEASER_BLOCKS:
        return _name_list_page(s, product, evidence)
    return _name_offer_page(s, product, evidence)


def _name_offer_page(s: PageSignals, product: bool, evidence: list[str]) -> PageJudgement:
    """A product or a service page, once the page is known to be one of the two."""
    if product or (s.cart and s.prices >= rules.PRODUCT_MIN_PRICES):
        return _refuse("product", "product_page", *evidence)
    if s.calls_to_action:
        evidence.append(f"{s.calls_to_action} calls to action")
    return _refuse("service", "service_page", *evidence)


def _name_list_page(s: PageSignals, product: bool, evidence: list[str]) -> PageJudgement:
    """A front or a listing, once the page is known to be one of the two."""
    if s.url_is_root or (s.og_type == "website" and s.path_depth <= 1):
        return _refuse("front", "section_front", "the site's front page", *evidence)
    evidence.append(f"{s.headline_links} headline links, {s.linked_headings} linked headings")
    if product or s.cart >= rules.PRODUCT_MIN_CART:
        return _refuse("listing", "product_page", "a shop's list of products", *evidence)
    return _refuse("listing", "listing", *evidence)


@dataclass(frozen=True, slots=True)
class _Trees:
    """Boosted trees: ``bias + rate * sum(leaf of each tree)`` over :func:`features`."""

    bias: float
    rate: float
    trees: tuple[Any, ...]

    def score(self, x: list[float]) -> float:
        total = 0.0
        for tree in self.trees:
            node = tree
            while isinstance(node, tuple):
                node = node[2] if x[node[0]] <= node[1] else node[3]
            total += node
        return self.bias + self.rate * total


@dataclass(frozen=True, slots=True)
class _Model:
    threshold: float
    names: tuple[str, ...]
    articles: _Trees
    """Non-article against article: the page is refused when this scores over ``threshold``."""
    offers: _Trees | None
    """Among refused pages, product or service page against front, listing or collection
    (absent from model files written before it: the pages are then named by layout alone)."""


@load_once
def _model() -> _Model:
    raw = json.loads(
        resources.files("parallax.domain.data").joinpath(rules.MODEL_RESOURCE).read_text("utf-8")
    )
    return _read_model(raw)


def _read_model(raw: dict[str, Any]) -> _Model:
    if tuple(raw["features"]) != FEATURE_NAMES:
        raise RuntimeError("the page-type model was trained on other features")
    offers = raw.get("offers")
    return _Model(
        threshold=float(raw["threshold"]),
        names=tuple(raw["features"]),
        articles=_read_trees(raw),
        offers=None if offers is None else _read_trees(offers),
    )


def _read_trees(raw: dict[str, Any]) -> _Trees:
    return _Trees(
        bias=float(raw["bias"]),
        rate=float(raw["rate"]),
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
    return _model().articles.score(features(s))


def offer_page_score(s: PageSignals) -> float:
    """Log-odds that a page judged not an article is a shop's or a service's page rather than a
    front, listing or collection (0 without an offer model): scored only for refused pages."""
    offers = _model().offers
    return 0.0 if offers is None else offers.score(features(s))


def _refuse(page_type: PageType, reason: str, *evidence: str) -> PageJudgement:
    return PageJudgement(page_type, False, reason, tuple(e for e in evidence if e))
