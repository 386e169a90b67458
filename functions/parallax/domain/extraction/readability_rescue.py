"""readability-lxml as a second opinion, on the few pages whose text is far shorter than the prose
the page shows (articles split over sibling blocks).
"""

from __future__ import annotations

import logging

from parallax.domain.extraction.main_text import PageEvidence, ReadabilityPort
from parallax.domain.extraction.text import clean_text, strip_markup
from parallax.domain.extraction.thresholds import (
    PORT_LONGER,
    READABILITY_CEILING,
    READABILITY_LONGER,
    READABILITY_MIN_PROSE,
    READABILITY_SHARE,
)

LOGGER = logging.getLogger(__name__)


def rescue_with_readability(
    text: str, html: str, evidence: PageEvidence, port: ReadabilityPort
) -> str:
    """readability-lxml's text when ours is clearly short of the prose the page shows and
    readability finds (most of) it: pages whose article is split over sibling blocks, which
    trafilatura's modes keep only one of."""
    if evidence.prose < READABILITY_MIN_PROSE or len(text) >= READABILITY_SHARE * evidence.prose:
        return text
    # Most pages that get here hold other prose than the article (comments, teasers), and
    # readability finds what we found; the cheap port says so first.
    if len(port.text()) < PORT_LONGER * len(text):
        return text
    candidate = _readability_text(html)
    if READABILITY_LONGER * len(text) <= len(candidate) <= READABILITY_CEILING * evidence.prose:
        return candidate
    return text


def _readability_text(html: str) -> str:
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
    except Exception as exc:  # a second opinion only: its failure leaves the first one standing
        LOGGER.info("readability failed: %s", type(exc).__name__)
        return ""
    return clean_text(strip_markup(summary)) if isinstance(summary, str) else ""
