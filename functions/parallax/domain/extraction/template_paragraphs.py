"""Paragraphs of the article's own kind of block that the extraction left out, put back in page
order (long-form pages that set their article in a row of blocks of one kind).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from parallax.domain.extraction.markers import (
    TEMPLATE_NOT_ARTICLE,
    TEMPLATE_NOT_ARTICLE_TAGS,
    TEMPLATE_SENTENCE_END,
)
from parallax.domain.extraction.thresholds import (
    TEMPLATE_KEPT_SHARE,
    TEMPLATE_KEY_CHARS,
    TEMPLATE_MAX_LINK_SHARE,
    TEMPLATE_MAX_SEARCH_CHARS,
    TEMPLATE_MIN_ADDED,
    TEMPLATE_MIN_CHARS,
    TEMPLATE_MIN_KEPT,
    TEMPLATE_MIN_SENTENCES,
    TEMPLATE_START_CHARS,
)
from parallax.domain.page_notices import is_notice_line


def restore_template_paragraphs(
    text: str, long_paragraphs: Iterable[tuple[Any, str]], *, page_about_browsing: bool = False
) -> str:
    """``text`` with the paragraphs put back that the page sets in the same kind of block as the
    text's own paragraphs, but in blocks the extraction left out (see TEMPLATE_MIN_KEPT);
    ``long_paragraphs`` are the page's ``<p>`` elements and texts (:attr:`PageEvidence.long_paragraphs`).

    A paragraph that is nothing but the page's notices to its reader
    (:func:`parallax.domain.page_notices.is_notice_line`, with ``page_about_browsing`` as the
    trimming had it) is not put back: the trimming dropped it from the text as no article's."""
    # A kept paragraph starts a line of the text; looking up line starts rather than searching
    # the whole text for each of the page's paragraphs keeps this step under a tenth of a
    # millisecond a page. The few paragraphs about to be restored are searched for in full.
    line_starts = {" ".join(line.split())[:TEMPLATE_START_CHARS] for line in text.split("\n")}
    paragraphs = [
        (element, paragraph, paragraph[:TEMPLATE_START_CHARS] in line_starts)
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
    least_chars = TEMPLATE_KEPT_SHARE * sum(kept_chars.values())
    candidates = [
        (index, element, paragraph)
        for index, (element, paragraph, is_kept) in enumerate(paragraphs)
        if not is_kept
        and kept_count[_block_kind(element)] >= TEMPLATE_MIN_KEPT
        and kept_chars[_block_kind(element)] >= least_chars
        and element.getparent() not in kept_parents
    ]
    if len(candidates) < TEMPLATE_MIN_ADDED:
        return text
    collapsed = " ".join(text.split())
    if len(candidates) * len(collapsed) > TEMPLATE_MAX_SEARCH_CHARS:
        return text
    kept_ancestors: set[Any] = set()
    for element, _, is_kept in paragraphs:
        if is_kept:
            kept_ancestors.update(element.iterancestors())
    restored = [
        (index, paragraph)
        for index, element, paragraph in candidates
        if paragraph[:TEMPLATE_KEY_CHARS] not in collapsed
        and _reads_as_article_prose(element, paragraph, kept_ancestors)
        and not is_notice_line(paragraph, page_about_browsing=page_about_browsing)
    ]
    if (
        len(restored) < TEMPLATE_MIN_ADDED
        or sum(len(paragraph) for _, paragraph in restored) < TEMPLATE_MIN_CHARS
    ):
        return text
    return _insert_in_page_order(text, paragraphs, restored)


def _block_kind(paragraph: Any) -> tuple[str, str]:
    parent = paragraph.getparent()
    return str(parent.tag), parent.get("class") or ""


def _reads_as_article_prose(element: Any, paragraph: str, kept_ancestors: set[Any]) -> bool:
    if len(TEMPLATE_SENTENCE_END.findall(paragraph)) < TEMPLATE_MIN_SENTENCES:
        return False
    linked = sum(len(" ".join(anchor.text_content().split())) for anchor in element.iter("a"))
    if linked > TEMPLATE_MAX_LINK_SHARE * len(paragraph):
        return False
    # Only the blocks below the one it shares with the kept text: the article's own wrappers
    # often carry layout classes ("has-sidebar") that say nothing about the paragraph.
    for ancestor in element.iterancestors():
        if ancestor in kept_ancestors:
            break
        names = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}"
        if ancestor.tag in TEMPLATE_NOT_ARTICLE_TAGS or TEMPLATE_NOT_ARTICLE.search(names):
            return False
    return True


def _insert_in_page_order(
    text: str, paragraphs: list[tuple[Any, str, bool]], restored: list[tuple[int, str]]
) -> str:
    """``text`` with each restored paragraph after the line that starts the kept paragraph
    before it on the page (in front when none is).

    One pass over the page's paragraphs and one over the lines: a page of tens of thousands of
    restored paragraphs (a hostile page's banner, one per block) took seconds per thousand when
    each looked back over the paragraphs before it and searched the lines for its place."""
    lines = text.split("\n")
    # Where a kept paragraph's start begins a line (every kept paragraph's does: that is how it
    # was found kept), the first such line.
    first_line: dict[str, int] = {}
    for i, line_text in enumerate(lines):
        first_line.setdefault(" ".join(line_text.split())[:TEMPLATE_START_CHARS], i)
    previous_kept: list[str | None] = []
    last: str | None = None
    for _, paragraph, is_kept in paragraphs:
        previous_kept.append(last)
        if is_kept:
            last = paragraph
    after: dict[int, list[str]] = {}
    for index, paragraph in restored:
        previous = previous_kept[index]
        place = (
            -1
            if previous is None
            else first_line.get(previous[:TEMPLATE_START_CHARS], len(lines) - 1)
        )
        after.setdefault(place, []).append(paragraph)
    out = list(after.get(-1, []))
    for i, line_text in enumerate(lines):
        out.append(line_text)
        out.extend(after.get(i, []))
    return "\n".join(out)
