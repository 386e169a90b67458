"""Bidirectional formatting characters in text from others (feeds, news search providers).

An embedding or override (U+202A-U+202E) or an isolate (U+2066-U+2069) in a headline makes the
panel, which shows it with ``dir="auto"``, draw part of it in reverse: "Minister resigns" can be
made to read as something else ("Trojan Source"). None of them is needed to show a headline:
``dir="auto"`` and the Unicode algorithm order a plain Arabic or Hebrew title. They are removed.
The marks (LRM/RLM U+200E/U+200F, ALM U+061C) only move neutral characters such as digits and
punctuation to the right side of a run, reverse nothing, and a right-to-left headline can need
them, so they stay; but text made only of marks and white space shows nothing, and counts as
empty.
"""

from __future__ import annotations

import re
from typing import Final

_EMBEDDINGS_OVERRIDES_ISOLATES: Final = re.compile("[\u202a-\u202e\u2066-\u2069]")
# What a reader does not see: white space, the direction marks, and zero-width characters.
_INVISIBLE: Final = re.compile(r"[\s\u061c\u200b-\u200f\u2060\ufeff]+")


def without_bidi_controls(text: str) -> str:
    """``text`` without bidirectional embeddings, overrides and isolates; marks are kept."""
    return _EMBEDDINGS_OVERRIDES_ISOLATES.sub("", text)


def shows_nothing(text: str) -> bool:
    """Whether ``text`` has no character a reader would see once drawn."""
    return not _INVISIBLE.sub("", without_bidi_controls(text))


def visible_text(text: str) -> str:
    """``text`` without bidirectional embeddings, overrides and isolates, or ``""`` when what is
    left shows nothing (only marks, zero-width characters and white space)."""
    cleaned = without_bidi_controls(text)
    return "" if shows_nothing(cleaned) else cleaned
