"""Author names from metadata values and bylines: split on separators, "By"/"Von"/"Par" prefixes,
degrees and roles removed, duplicates dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from parallax.domain.extraction.markers import (
    BYLINE_PREFIX,
    BYLINE_ROLE,
    CREDENTIAL,
    NAME_SEPARATOR,
)
from parallax.domain.extraction.text import clean_inline


def is_author_link(anchor: Any) -> bool:
    return anchor.get("itemprop") == "author" or "author" in (anchor.get("rel") or "").split()


def split_names(value: str) -> list[str]:
    value = clean_inline(value)
    if not value or "://" in value or value.startswith("www.") or len(value) > 200:
        return []
    parts = NAME_SEPARATOR.split(value)
    names = [_strip_byline_prefix(p).strip(" .") for p in parts]
    if len(names) > 1:
        # "Jane Doe, PhD", "John Roe, MS, RD" and "Chris Cillizza, CNN Editor-at-large": degrees
        # and roles follow a comma like a second name would.
        names = [n for n in names if not CREDENTIAL.match(n) and not BYLINE_ROLE.search(n)]
    return [n for n in names if 1 < len(n) <= 80 and not n.isdigit()]


def _strip_byline_prefix(part: str) -> str:
    """Strip "By", then "Analysis by" ("By Analysis by Chris Cillizza"): prefixes can repeat."""
    for _ in range(3):
        stripped = BYLINE_PREFIX.sub("", part, count=1)
        if stripped == part:
            break
        part = stripped
    return part


def dedupe(names: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique: list[str] = []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            unique.append(name)
    return unique


def byline_authors(elements: list[Any]) -> list[str]:
    names = dedupe(name for element in elements[:5] for name in split_names(_element_name(element)))
    # A long list is a comment section or a teaser wall, not this article's byline.
    return names if len(names) <= 3 else []


def _element_name(element: Any) -> str:
    named = element.xpath('.//*[@itemprop="name"]')
    source = named[0] if named else element
    value = source.get("content") or source.text_content()
    return str(value) if len(value) <= 100 else ""
