"""What one Brief may hold, whatever the page or the providers sent.

A request of at most 6 MB once made a 14.6 MB cached Brief (the article's text, then the same text
again as sentences, escaped in JSON). The bounds sit well above real articles: the longest article
body in ``../shared/data/extraction`` is 53 372 characters, the longest title 142. An article past
them is cut at a sentence boundary, so the summary and the cache see a bounded article; related
items get bounded titles, snippets, outlet names, outlet lists and copies.
"""

from __future__ import annotations

from parallax.domain.models import (
    MAX_URL_LENGTH,
    Article,
    Outlet,
    Related,
    RelatedCopy,
    RelatedItem,
)

__all__ = [
    "MAX_ARTICLE_TEXT_CHARS",
    "MAX_AUTHORS",
    "MAX_FIELD_CHARS",
    "MAX_RELATED_OUTLETS",
    "MAX_SENTENCES",
    "MAX_SNIPPET_CHARS",
    "MAX_TITLE_CHARS",
    "bounded_article",
    "bounded_related",
]

MAX_ARTICLE_TEXT_CHARS = 200_000
MAX_SENTENCES = 4_000
MAX_TITLE_CHARS = 1_000
MAX_AUTHORS = 20
MAX_FIELD_CHARS = 300
"""An author's name, an outlet's name or domain."""
MAX_SNIPPET_CHARS = 1_000
MAX_RELATED_OUTLETS = 20
"""Outlets listed under one related item's ``also_reported_by``, and so its ``copies``."""


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bounded_article(article: Article) -> Article:
    """``article`` with at most MAX_ARTICLE_TEXT_CHARS of text (cut after the last whole sentence
    that fits), MAX_SENTENCES sentences and bounded title, authors and outlet."""
    update: dict[str, object] = {}
    if len(article.text) > MAX_ARTICLE_TEXT_CHARS or len(article.sentences) > MAX_SENTENCES:
        # Sentences are slices of the text in order: keep those that end inside the bound.
        kept = []
        end = position = 0
        for sentence in article.sentences[:MAX_SENTENCES]:
            found = article.text.find(sentence.text, position)
            if found < 0 or found + len(sentence.text) > MAX_ARTICLE_TEXT_CHARS:
                break
            kept.append(sentence)
            position = end = found + len(sentence.text)
        text = article.text[:end] if kept else _cut(article.text, MAX_ARTICLE_TEXT_CHARS)
        update |= {"text": text, "sentences": kept, "word_count": len(text.split())}
    if len(article.title) > MAX_TITLE_CHARS:
        update["title"] = _cut(article.title, MAX_TITLE_CHARS)
    if len(article.authors) > MAX_AUTHORS or any(len(a) > MAX_FIELD_CHARS for a in article.authors):
        update["authors"] = [_cut(a, MAX_FIELD_CHARS) for a in article.authors[:MAX_AUTHORS]]
    outlet = _bounded_outlet(article.outlet)  # og:site_name is the page's to say, at any length
    if outlet is not article.outlet:
        update["outlet"] = outlet
    return article.model_copy(update=update) if update else article


def _bounded_outlet(outlet: Outlet) -> Outlet:
    """``outlet`` with its name and domain cut: a page (``og:site_name``) or a provider (a Google
    News ``<source>``) names an outlet not in the catalogue, and a hostile one may name it with a
    megabyte."""
    if len(outlet.name) <= MAX_FIELD_CHARS and len(outlet.domain) <= MAX_FIELD_CHARS:
        return outlet
    return outlet.model_copy(
        update={
            "name": _cut(outlet.name, MAX_FIELD_CHARS),
            "domain": _cut(outlet.domain, MAX_FIELD_CHARS),
        }
    )


def _bounded_copies(item: RelatedItem, outlets: list[Outlet]) -> list[RelatedCopy]:
    """The copies of the outlets still listed, titles and outlets cut: the same cap as the
    outlets, and the same cut, so that a copy still names its outlet (the panel pairs them)."""
    return [
        copy.model_copy(
            update={
                "title": _cut(copy.title, MAX_TITLE_CHARS),
                "outlet": _bounded_outlet(copy.outlet),
            }
        )
        for copy in item.copies
        if copy.outlet in outlets
    ][:MAX_RELATED_OUTLETS]


def _bounded_item(item: RelatedItem) -> RelatedItem:
    outlets = item.also_reported_by[:MAX_RELATED_OUTLETS]
    return item.model_copy(
        update={
            "title": _cut(item.title, MAX_TITLE_CHARS),
            "outlet": _bounded_outlet(item.outlet),
            "translated_title": (
                _cut(item.translated_title, MAX_TITLE_CHARS) if item.translated_title else None
            ),
            "snippet": _cut(item.snippet, MAX_SNIPPET_CHARS) if item.snippet else None,
            "also_reported_by": [_bounded_outlet(outlet) for outlet in outlets],
            "copies": _bounded_copies(item, outlets),
        }
    )


def bounded_related(related: Related) -> Related:
    """``related`` with over-long addresses dropped and titles, snippets, outlet names and
    outlet lists cut."""

    def keep(items: list[RelatedItem]) -> list[RelatedItem]:
        return [_bounded_item(i) for i in items if len(i.url) <= MAX_URL_LENGTH]

    return related.model_copy(update={"items": keep(related.items), "topic": keep(related.topic)})
