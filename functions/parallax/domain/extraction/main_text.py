"""The main text from trafilatura, in the mode the page calls for (see :func:`main_text`), and the
evidence of how much article text the page shows that the other steps compare against.
"""

from __future__ import annotations

import copy
import logging
import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from parallax.domain.extraction.markers import FURNITURE
from parallax.domain.extraction.text import clean_text, strip_markup
from parallax.domain.extraction.thresholds import (
    COMPARISON_LONGER,
    COMPARISON_MIN_CHARS,
    FAST_MIN_CHARS,
    FAST_SHARE,
    LIST_HEAVY,
    LONGER_RESCUE,
    MAX_COMPARISON_BLOCKS,
    MAX_ITEM_LINK_SHARE,
    RECALL_EVIDENCE_SHARE,
    REFERENCE_PARAGRAPH_WORDS,
    RETRY_SHARE,
    SHORT_SHARE,
)

LOGGER = logging.getLogger(__name__)


# trafilatura keeps printable characters only, and the zero-width non-joiner and joiner (U+200C,
# U+200D) are not: "می‌شود" came out as "میشود", "هزینه‌ی" as "هزینهی", letters joined that the
# writer kept apart, in every Persian sentence of the panel (walk12); ZWJ is part of Indic
# conjuncts and emoji sequences. They go through as printable letters the page does not contain
# (a Cyrillic and a Glagolitic rarity; a page holding them all is read as before) and come back
# after a letter of a script that writes them (Arabic, Syriac, Thaana, N'Ko and the Brahmic
# scripts) or an emoji; elsewhere (a German page's ligature breaker: "Auf\u200clage") they go as
# before, as a word cut there by every tokeniser would search and compare as two.
_JOINERS: Final = ("\u200c", "\u200d")
_STAND_INS: Final = ("\ua66e", "\ua66d", "\u2c5e", "\u2c2e", "\ua698", "\ua699")
_JOINING_BEFORE: Final = (
    "\u0600-\u07ff\u0860-\u08ff\u0900-\u0dff\ufb50-\ufdff\ufe70-\ufeff"
    "\u2600-\u27bf\U0001f000-\U0001faff"
)


def joiners_protected(html: str) -> tuple[str, dict[str, str]]:
    """``html`` with each zero-width joiner or non-joiner it holds written as a stand-in letter it
    does not hold, and the stand-ins ({stand-in: joiner}); ``html`` and {} when it holds none."""
    present = [joiner for joiner in _JOINERS if joiner in html]
    if not present:
        return html, {}
    free = [ch for ch in _STAND_INS if ch not in html]
    if len(free) < len(present):
        return html, {}
    stand_ins = dict(zip(free, present, strict=False))
    for stand_in, joiner in stand_ins.items():
        html = html.replace(joiner, stand_in)
    return html, stand_ins


def joiners_restored(text: str, stand_ins: dict[str, str]) -> str:
    """``text`` with the stand-ins of :func:`joiners_protected` written back as their joiners
    where a script that writes them comes before (see ``_JOINING_BEFORE``), and dropped, as
    trafilatura drops the joiners, elsewhere."""
    for stand_in, joiner in stand_ins.items():
        text = re.sub(f"(?<=[{_JOINING_BEFORE}]){stand_in}", joiner, text).replace(stand_in, "")
    return text


def main_text(tree: Any, url: str, evidence: PageEvidence, port: ReadabilityPort) -> str:
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
    and list items outside its navigation, headers and footers (see :data:`LIST_HEAVY`), and its
    text is kept when it is clearly longer.
    """
    reference = evidence.paragraphs
    # On a huge page every mode runs in its fast form (see MAX_COMPARISON_BLOCKS). The blocks are
    # counted (0.2 ms a page) only when a full form is about to run, on a page in six to ten.
    fast_only = cache(lambda: _block_count(tree) > MAX_COMPARISON_BLOCKS)
    text = _extract(tree, url, favor_precision=True, fast=True)
    if len(text) < max(FAST_SHARE * reference, FAST_MIN_CHARS) and _comparison_may_help(port, text):
        text = _extract(tree, url, favor_precision=True, fast=fast_only())
    recalled: str | None = None
    if not text or len(text) < RETRY_SHARE * reference:
        text = _extract(tree, url, fast=fast_only())
        if len(text) < RETRY_SHARE * reference:
            recalled = _extract(tree, url, favor_recall=True, fast=fast_only())
            if len(recalled) > len(text):
                text = recalled
    if len(text) < RECALL_EVIDENCE_SHARE * evidence.prose and (
        evidence.prose >= LIST_HEAVY * evidence.paragraphs
        or len(text) < SHORT_SHARE * evidence.paragraphs
    ):
        if recalled is None:
            recalled = _extract(tree, url, favor_recall=True, fast=fast_only())
        if len(recalled) >= LONGER_RESCUE * len(text):
            text = recalled
    return text


_BLOCK_TAGS = ("p", "div", "li", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt")


def _block_count(tree: Any) -> int:
    """Block elements of the page: about the paragraphs jusText would classify."""
    return sum(1 for _ in tree.iter(*_BLOCK_TAGS))


def _comparison_may_help(port: ReadabilityPort, text: str) -> bool:
    """Whether the full precision mode may give another text than the fast one: its comparison
    replaces a text with readability's only when that is more than twice as long, and calls
    jusText in earnest only for a near-empty text. Asking trafilatura's readability port first
    (a fifth of an extraction) skips half of the full runs at no loss on the development sets."""
    if len(text) < COMPARISON_MIN_CHARS:
        return True
    return len(port.text()) > COMPARISON_LONGER * len(text)


class ReadabilityPort:
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
            self._text = clean_text(strip_markup(summary)) if isinstance(summary, str) else ""
        return self._text


@dataclass(frozen=True, slots=True)
class PageEvidence:
    """How much text the page shows as an article's text (characters, white space collapsed):
    ``paragraphs`` counts every ``<p>`` of at least :data:`REFERENCE_PARAGRAPH_WORDS` words;
    ``prose`` those outside the site's furniture, plus list items of as many words that are
    neither mostly links nor containers of further items or paragraphs. ``long_paragraphs`` holds
    those ``<p>`` elements with their text, in page order, for
    :func:`restore_template_paragraphs` (one walk over the page serves both)."""

    paragraphs: int
    prose: int
    long_paragraphs: tuple[tuple[Any, str], ...] = ()


def page_evidence(tree: Any) -> PageEvidence:
    furniture: set[Any] = set()
    for container in tree.iter(*FURNITURE):
        furniture.update(container.iter("p", "li"))
    paragraphs = prose = 0
    long_paragraphs: list[tuple[Any, str]] = []
    for element in tree.iter("p", "li"):
        is_paragraph = element.tag == "p"
        if not is_paragraph and element in furniture:
            continue
        words = element.text_content().split()
        if len(words) < REFERENCE_PARAGRAPH_WORDS:
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
    return PageEvidence(paragraphs, prose, tuple(long_paragraphs))


def _is_leaf_item(item: Any, chars: int) -> bool:
    if item.find(".//li") is not None or item.find(".//p") is not None:
        return False
    linked = sum(len(anchor.text_content()) for anchor in item.iter("a"))
    return linked < MAX_ITEM_LINK_SHARE * chars


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
    return clean_text(raw) if isinstance(raw, str) else ""
