"""Cheap structural limits on a page, checked before any parser sees it.

lxml, justext and htmldate are superlinear on some shapes of input: one ``<h1>`` with 100 000
attributes took 232 s to extract, 500 000 empty ``<p>`` took 99 s and 464 MB. The reader's own
page is sent by the extension, so any page can be such input. One linear pass with regular
expressions that cannot backtrack (each character is looked at a bounded number of times) counts
elements, attributes and nesting depth; a page past any limit is refused as ``too_large`` before
it is parsed.

The limits sit far above what real articles reach (measured over the 931 pages of
``../shared/data/extraction``; ``bench/bench_html_limits.py`` prints the maxima, see
docs/security.md), so no real article is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parallax.domain.errors import TooLarge

__all__ = [
    "MAX_ATTRIBUTES",
    "MAX_ATTRIBUTES_PER_ELEMENT",
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "HtmlShape",
    "check_html_shape",
    "html_shape",
]

# Measured maxima over the 931 real pages (bench/bench_html_limits.py): 10 077 elements, 10 976
# attributes, 1 219 attributes on one element (a JSON blob in a data-* attribute with broken
# quoting, which the parser too splits into attributes), nesting depth 87 (an over-estimate: see
# _NOT_NESTING). The limits are about 3x those (2x per element). Extraction time is about linear
# in elements (100 000 empty <p>: 13.6 s) and quadratic in attributes per element (100 000 on one
# <h1>: 232 s; 20 000: 6 s); the costliest pages within the limits take 3-6 s (30 000 elements
# with an attribute each; 16 elements of 2 500 attributes), well inside the Brief's deadline.
MAX_ELEMENTS = 30_000
MAX_ATTRIBUTES_PER_ELEMENT = 2_500
MAX_ATTRIBUTES = 40_000
MAX_DEPTH = 1_000

# A start or end tag: name, then anything up to the next '<' or '>'. No quantifier can rescan:
# '[^<>]*' stops at the first bracket, so a tag that never closes costs its own length once.
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)([^<>]*)")
# One attribute: a name, optionally '=' and a quoted or bare value (quoted values cannot contain
# their own quote, so each character is consumed once).
_ATTRIBUTE = re.compile(r"""[^\s=/"'<>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>]*))?""")
# Comments, scripts, styles and templates hold text that looks like tags; they are blanked first.
# Found by plain searches (each character looked at once or twice), not one regex with a lazy
# ".*?" and a back-reference, which was 4x slower on real pages.
_OPAQUE_START = re.compile(r"<!--|<(script|style|template)\b", re.IGNORECASE)
_OPAQUE_END = {
    kind: re.compile(rf"</{kind}\s*>", re.IGNORECASE) for kind in ("script", "style", "template")
}
# Elements that have no end tag, or whose end tag the parser implies (so that counting them
# would measure sloppy markup, not depth).
_NOT_NESTING = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "option", "tr", "td", "th", "tbody",
        "thead", "tfoot", "colgroup", "rt", "rp", "optgroup", "html", "head", "body",
    }
)  # fmt: skip


def _without_opaque(html: str) -> str:
    """``html`` with every comment, script, style and template replaced by a space."""
    parts: list[str] = []
    position = 0
    while (start := _OPAQUE_START.search(html, position)) is not None:
        parts.append(html[position : start.start()])
        parts.append(" ")
        kind = start.group(1)
        if kind is None:
            end = html.find("-->", start.end())
            position = len(html) if end < 0 else end + 3
            continue
        open_end = html.find(">", start.end())
        close = None if open_end < 0 else _OPAQUE_END[kind.lower()].search(html, open_end + 1)
        position = len(html) if close is None else close.end()
    parts.append(html[position:])
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class HtmlShape:
    elements: int
    attributes: int
    max_attributes_per_element: int
    max_depth: int


def html_shape(html: str, *, stop_past_limits: bool = False) -> HtmlShape:
    """Elements, attributes (total and most on one element) and an upper bound of nesting depth.

    With ``stop_past_limits`` the count stops as soon as one limit is passed, so that a hostile
    page costs no more than the limit's worth of scanning.
    """
    text = _without_opaque(html)
    elements = attributes = most = depth = deepest = 0
    for match in _TAG.finditer(text):
        closing, name, rest = match.groups()
        lowered = name.lower()
        if closing:
            if lowered not in _NOT_NESTING and depth > 0:
                depth -= 1
            continue
        elements += 1
        # One character cannot hold an attribute: skip the regex for the common bare tag.
        count = len(_ATTRIBUTE.findall(rest)) if len(rest) > 1 else 0
        attributes += count
        most = max(most, count)
        if lowered not in _NOT_NESTING and not rest.rstrip().endswith("/"):
            depth += 1
            deepest = max(deepest, depth)
        if stop_past_limits and (
            elements > MAX_ELEMENTS
            or most > MAX_ATTRIBUTES_PER_ELEMENT
            or attributes > MAX_ATTRIBUTES
            or deepest > MAX_DEPTH
        ):
            break
    return HtmlShape(elements, attributes, most, deepest)


def check_html_shape(html: str) -> None:
    """Raise ``TooLarge`` when the page has more structure than any article needs."""
    shape = html_shape(html, stop_past_limits=True)
    if shape.elements > MAX_ELEMENTS:
        raise TooLarge(f"The page has more than {MAX_ELEMENTS} elements.")
    if shape.max_attributes_per_element > MAX_ATTRIBUTES_PER_ELEMENT:
        raise TooLarge(
            f"An element of the page has more than {MAX_ATTRIBUTES_PER_ELEMENT} attributes."
        )
    if shape.attributes > MAX_ATTRIBUTES:
        raise TooLarge(f"The page has more than {MAX_ATTRIBUTES} attributes.")
    if shape.max_depth > MAX_DEPTH:
        raise TooLarge(f"The page nests elements more than {MAX_DEPTH} deep.")
