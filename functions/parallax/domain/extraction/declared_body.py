"""The JSON-LD ``articleBody`` as the main text, when the page's own text is too thin to be the
article or clearly cut short, and the page shows (or agrees with) the declared body.
"""

from __future__ import annotations

from typing import Any

from parallax.domain.extraction.boilerplate import declared_body_agrees
from parallax.domain.extraction.metadata import PageMeta
from parallax.domain.extraction.text import LETTERS, clean_text, count_words, strip_markup
from parallax.domain.extraction.thresholds import LONGER_BODY, MIN_WORDS


def prefer_declared_body(text: str, meta: PageMeta, tree: Any) -> str:
    """Use JSON-LD ``articleBody`` when the visible text is too thin to be the article (pages
    that render their body with script) and the declared body belongs to this page, or when the
    declared body is much longer and the page itself shows it (the extraction was cut short)."""
    if not meta.article_body:
        return text
    body = clean_text(strip_markup(meta.article_body))
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
        if len(body) >= LONGER_BODY * len(text) and declared_body_agrees(body, tree):
            return body
        return text
    return body if _thin_text_agrees(text, body, meta) else text


def _thin_text_agrees(text: str, body: str, meta: PageMeta) -> bool:
    """Whether a declared body belongs to a page that shows too little text to check it with:
    its headline matches the page's own title, or what little text the page shows is (mostly)
    part of the declared body."""
    page_words = set(LETTERS.findall((text + " " + (meta.title or "")).casefold()))
    headline_words = set(LETTERS.findall((meta.headline or "").casefold()))
    body_words = set(LETTERS.findall(body.casefold()))
    if headline_words and len(headline_words & page_words) >= 0.5 * len(headline_words):
        return True
    return bool(page_words) and len(page_words & body_words) >= 0.6 * len(page_words)
