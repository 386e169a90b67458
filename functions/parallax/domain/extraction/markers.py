"""What the extraction recognises in a page's markup: schema.org types, meta names, tag sets, class
words, byline and title patterns, the XPath of shown text. Data, kept beside the code as
trafilatura keeps its XPaths; the numeric thresholds are in :mod:`.thresholds`.
"""

from __future__ import annotations

import re

ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
        "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
        "askpublicnewsarticle", "satiricalarticle", "blogposting", "liveblogposting", "report",
        "techarticle", "scholarlyarticle", "socialmediaposting", "advertisercontentarticle",
    }
)  # fmt: skip
INDEX_TYPES = frozenset({"website", "collectionpage", "itemlist", "searchresultspage"})

# Meta names carrying a publication date, most specific first.
DATE_META = (
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
AUTHOR_META = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator")
LANGUAGE_META = ("content-language", "og:locale", "language", "dc.language")

LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")

URL_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?!\d)"
)

NAME_SEPARATOR = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b)\s*")
CREDENTIAL = re.compile(r"^(?:[A-Z]{2,6}|(?:[A-Za-z]{1,3}\.){1,3}[A-Za-z]{0,2})$")
TITLE_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u00b7:]{1,2}\s+")
# "By", "Von", "Par", and the kind of piece before it ("Analysis by", "Ein Kommentar von",
# "Analyse de"): words in front of a name, never part of it. "de" counts only after a kind word.
BYLINE_PREFIX = re.compile(
    r"^(?:(?:(?:an?|ein(?:e|en)?|une?)\s+)?(?:(?:news\s+)?analysis|opinion|commentary|comment|"
    r"review|interview|column|reporting|text|words|story|analyse|kommentar|meinung|gastbeitrag|"
    r"tribune|chronique|éditorial|análisis|opinión|columna|crónica|texto)\s+"
    r"(?:by|von|par|de|por|di)|by|von|par|por|di|door|przez|av|af)\s+",
    re.I,
)
# What follows a name after a comma in a byline: the author's role, not a second author.
BYLINE_ROLE = re.compile(
    r"\b(?:editor|editors|correspondent|reporter|writer|columnist|analyst|producer|contributor|"
    r"staff|journalist|at-large|redakteur\w*|korrespondent\w*|autor\w*|journaliste|rédact\w*|"
    r"envoyée?|correspondant\w*|corresponsal|redactor\w*|periodista)\b",
    re.I,
)

# Text inside these is the site's furniture, whatever it looks like.
FURNITURE = frozenset({"nav", "footer", "header", "aside", "form"})

TEMPLATE_SENTENCE_END = re.compile(r"[.!?…][”\"')\]]?(?:\s|$)")
# Blocks that make a paragraph inside them furniture, a teaser, a quote or a list entry, and
# class or id words of blocks that hold other text than the article.
TEMPLATE_NOT_ARTICLE_TAGS = frozenset(
    {"nav", "footer", "header", "aside", "form", "a", "figure", "blockquote", "li", "td"}
)
TEMPLATE_NOT_ARTICLE = re.compile(
    r"comment|related|teaser|recommend|newsletter|share|promo|footer|sidebar|widget|card|author|bio",
    re.I,
)

# The meta descriptions a lead is looked for in, most specific first.
DESCRIPTION_META = ("og:description", "description", "twitter:description")

LEAD_SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")

# Elements whose text is a heading, a caption, a link or a list entry, not a lead paragraph; and
# ancestors that make any text inside them furniture or a teaser for another page.
NOT_LEAD = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "a", "li", "td", "th"})
NOT_LEAD_ANCESTORS = frozenset(
    {"nav", "footer", "aside", "form", "a", "figure", "figcaption", "li", "button", "label"}
)

SHOWN_TEXT = "//body//text()[not(parent::script or parent::style)][contains(., $probe)]"
