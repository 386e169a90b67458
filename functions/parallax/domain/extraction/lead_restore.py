"""The lead paragraph put back in front of the text when the extraction lost it, recognised by the
page's own meta description (see :func:`restore_lead`).
"""

from __future__ import annotations

import re
from typing import Any

from parallax.domain.extraction.markers import (
    DESCRIPTION_META,
    LEAD_SENTENCE_END,
    NOT_LEAD,
    NOT_LEAD_ANCESTORS,
    SHOWN_TEXT,
)
from parallax.domain.extraction.metadata import PageScan
from parallax.domain.extraction.thresholds import (
    DESCRIPTION_MIN_WORDS,
    LEAD_MAX_PROBES,
    LEAD_MIN_WORDS,
    LEAD_PRESENT,
    LEAD_PROBE_CHARS,
    LEAD_SLACK,
    LEAD_SLACK_CHARS,
)

_LEAD_WORD = re.compile(r"\w+")

_BODY_TAG = re.compile(r"<body[\s>]", re.I)
# Characters the markup may spell as entities, so that a plain search could miss them.
_NEEDS_ESCAPING = re.compile(r"[&<>\"'\u00a0]")


def restore_lead(text: str, html: str, tree: Any, scan: PageScan) -> str:
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
    for key in DESCRIPTION_META:
        for description in scan.tags.get(key, ()):
            words = _LEAD_WORD.findall(description.casefold())
            if len(words) < DESCRIPTION_MIN_WORDS or " ".join(words) in seen:
                continue
            seen.add(" ".join(words))
            collapsed = " ".join(description.split())
            probe = collapsed[:LEAD_PROBE_CHARS]
            # An extraction that holds the description's opening has its lead already.
            if probe in text or not _maybe_shown(html, body.start(), probe):
                continue
            lead = _shown_lead(tree, collapsed, words)
            if lead is not None and _shared_share(lead, text) < LEAD_PRESENT:
                return f"{lead}\n{text}"
    return text


def _maybe_shown(html: str, start: int, probe: str) -> bool:
    """Whether ``probe`` may be text of the page's body: most descriptions are not shown at all,
    or only in attributes and scripts, and a plain search of the markup settles that for them
    without the search of the tree (which costs half a millisecond)."""
    if _NEEDS_ESCAPING.search(probe):
        return True  # the markup may spell it with entities; let the tree search decide
    found = html.find(probe, start)
    for _ in range(LEAD_MAX_PROBES):
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
        nodes = tree.xpath(SHOWN_TEXT, probe=collapsed[:LEAD_PROBE_CHARS])
    except Exception:  # an odd character in the probe; the lead is only a bonus
        return None
    # From the text node up to the element holding the description's first words; it is never
    # much longer than the description, which bounds the climb.
    limit = LEAD_SLACK * len(collapsed) + LEAD_SLACK_CHARS
    target = " ".join(words[:LEAD_MIN_WORDS])
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
        or element.tag in NOT_LEAD
        or any(ancestor.tag in NOT_LEAD_ANCESTORS for ancestor in element.iterancestors())
    ):
        return None
    lead = " ".join(element.text_content().split())
    is_paragraph = (
        len(lead) <= limit
        and len(lead.split()) >= LEAD_MIN_WORDS
        and LEAD_SENTENCE_END.search(lead) is not None
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
