"""What the page declares about itself (JSON-LD, ``og:``/``article:`` meta tags, ``<link
rel=canonical>``, ``<html lang>``), read in one walk over the tree, then the heuristics that fill
what it does not declare (the headline from ``<h1>``, the site name off the title).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from parallax.domain.extraction.addresses import is_http, own_address
from parallax.domain.extraction.authors import byline_authors, dedupe, is_author_link, split_names
from parallax.domain.extraction.dates import normalise_date, time_element_date
from parallax.domain.extraction.jsonld import (
    first_name,
    inline_value,
    jsonld_article,
    jsonld_documents,
    jsonld_site_name,
    node_types,
    people,
    top_level_nodes,
)
from parallax.domain.extraction.markers import (
    AUTHOR_META,
    DATE_META,
    DESCRIPTION_META,
    INDEX_TYPES,
    LANGUAGE_META,
    LANGUAGE_TAG,
    TITLE_SEPARATOR,
)
from parallax.domain.extraction.text import clean_inline, count_words, letters_only
from parallax.domain.languages import primary_language


@dataclass
class PageMeta:
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
    description: str | None = None
    """What the page says its story is in a sentence or two: the article node's JSON-LD
    ``description``, else ``og:description`` / ``description`` / ``twitter:description``."""
    has_article_node: bool = False
    has_index_node: bool = False
    declares_date: bool = False
    declared_types: frozenset[str] = frozenset()
    declares_paywall: bool = False
    """The article node says ``isAccessibleForFree: false`` (schema.org's paywall markup, which
    search engines ask of every paywalled article, in any language)."""


@dataclass
class PageScan:
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


def scan_page(tree: Any) -> PageScan:
    scan = PageScan()
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
            scan.title = clean_inline(element.text_content()) or None
    return scan


def _add_meta(tags: dict[str, list[str]], element: Any) -> None:
    content = element.get("content")
    if not content or content.isspace():
        return
    for attribute in ("property", "name", "itemprop", "http-equiv"):
        key = element.get(attribute)
        if key:
            tags.setdefault(key.strip().lower(), []).append(clean_inline(content))


def _not_free(value: Any) -> bool:
    """``isAccessibleForFree`` is a boolean or, as many sites write it, the text "False"."""
    if isinstance(value, bool):
        return not value
    return isinstance(value, str) and value.strip().casefold() in {"false", "no", "0"}


def read_metadata(tree: Any, url: str, scan: PageScan) -> PageMeta:
    meta = PageMeta()
    tags = scan.tags
    base = url if is_http(url) else ""
    declared: list[str] = []
    # <html lang> comes from the site's template and is sometimes left at a default; every
    # declaration is checked against the text later, so order here only breaks ties.
    root_lang = tree.get("lang") or tree.get("xml:lang")
    if isinstance(root_lang, str):
        declared.append(root_lang)

    nodes = top_level_nodes(jsonld_documents(scan.jsonld))
    node, by_id = jsonld_article(nodes, url)
    meta.has_index_node = any(node_types(n) & INDEX_TYPES for n in nodes)
    meta.declared_types = frozenset(t for n in nodes for t in node_types(n))
    if node is not None:
        meta.has_article_node = True
        meta.headline = inline_value(node.get("headline")) or inline_value(node.get("name"))
        meta.published = normalise_date(inline_value(node.get("datePublished")))
        meta.authors = people(node.get("author"), by_id)
        meta.publisher = first_name(node.get("publisher"), by_id)
        meta.description = inline_value(node.get("description"))
        meta.declares_paywall = _not_free(node.get("isAccessibleForFree"))
        body = node.get("articleBody")
        meta.article_body = body.strip() if isinstance(body, str) else None
        in_language = node.get("inLanguage")
        if isinstance(in_language, dict):
            in_language = in_language.get("alternateName") or in_language.get("name")
        if isinstance(in_language, str):
            declared.append(in_language)

    meta.title = _first(tags, "og:title", "twitter:title") or _heuristic_title(scan)
    meta.description = meta.description or _first(tags, *DESCRIPTION_META)
    meta.site_name = _clean_site_name(_first(tags, "og:site_name", "application-name"))
    meta.og_type = (_first(tags, "og:type") or "").lower() or None
    og_url = _first(tags, "og:url")
    meta.og_url = own_address(og_url, base)
    meta.canonical = own_address(scan.canonical[0] if scan.canonical else None, base)
    meta.declares_date = any(key in tags for key in DATE_META[:2])
    if not meta.published:
        meta.published = next(
            (d for key in DATE_META if (d := normalise_date(_first(tags, key)))), None
        ) or time_element_date(scan.times)
    if not meta.authors:
        meta.authors = dedupe(
            name
            for key in AUTHOR_META
            for value in tags.get(key, [])
            for name in split_names(value)
        ) or byline_authors(scan.bylines + [a for a in scan.anchors if is_author_link(a)])
    if not meta.publisher and not meta.site_name:
        meta.publisher = jsonld_site_name(nodes)

    declared += [v for key in LANGUAGE_META if (v := _first(tags, key))]
    meta.languages = list(
        dict.fromkeys(
            primary_language(tag)
            for tag in (d.strip() for d in declared)
            if LANGUAGE_TAG.match(tag)
        )
    )
    return meta


def _first(tags: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        for value in tags.get(key, ()):
            if value:
                return value
    return None


def _heuristic_title(scan: PageScan) -> str | None:
    # A lone <h1> is the headline on nearly every article template; otherwise the <title>,
    # whose site-name suffix is removed later, once the site's name is known.
    headings = [t for h1 in scan.h1 if (t := clean_inline(h1.text_content()))]
    if len(headings) == 1:
        return headings[0]
    return scan.title or (headings[0] if headings else None)


def _clean_site_name(name: str | None) -> str | None:
    if not name:
        return None
    return name.lstrip("@").strip() or None


def without_site_name(title: str | None, meta: PageMeta, domain: str) -> str | None:
    """``"Headline | Site"`` → ``"Headline"`` when the last part names the site itself."""
    if not title:
        return None
    parts = TITLE_SEPARATOR.split(title)
    if len(parts) < 2:
        return title
    tail = letters_only(parts[-1])
    names = {letters_only(n) for n in (meta.site_name, meta.publisher, domain) if n}
    if "." in domain:
        names.add(letters_only(domain.rsplit(".", 1)[0]))
    # "Recipe from Example.com" names the site too; very short names would match by accident.
    if tail in names or any(
        len(n) >= 5 and n in tail for n in names if count_words(parts[-1]) <= 6
    ):
        head = title[: title.rfind(parts[-1])].rstrip(" |-\u2013\u2014\u00b7:")
        if count_words(head) >= 2:
            return head
    return title
