"""Small text helpers shared by the extraction's steps: word count, white space and markup removal."""

from __future__ import annotations

import html as html_lib
import re
import unicodedata

from parallax.domain.scripts import HAN_OR_KANA

LETTERS = re.compile(r"[^\W\d_]+")

_BLOCK_END = re.compile(r"<\s*(?:br\s*/?|/\s*(?:p|div|h[1-6]|li|blockquote|section))\s*>", re.I)
_ANY_TAG = re.compile(r"<[^>]{0,2000}>")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b]+")


def count_words(text: str) -> int:
    """Words in ``text`` as a word processor counts them: runs between white space, and each
    Chinese or Japanese character on its own."""
    if HAN_OR_KANA.search(text):
        return len(HAN_OR_KANA.findall(text)) + len(HAN_OR_KANA.sub(" ", text).split())
    return len(text.split())


def clean_text(raw: str) -> str:
    if not unicodedata.is_normalized("NFC", raw):
        raw = unicodedata.normalize("NFC", raw)
    lines = (line.strip() for line in _SPACES.sub(" ", raw).splitlines())
    return "\n".join(line for line in lines if line)


def clean_inline(value: str) -> str:
    """A headline, name or meta value on one line, composed (NFC) as the text is by
    :func:`clean_text`: a page written decomposed ("e" + U+0301, Hangul as letters) kept its
    headline so, and the feed index's query cut "Sébastien" into "S" and "bastien" (a combining
    mark is no word character) and never matched a Korean word with its particle (attack16)."""
    value = html_lib.unescape(value)
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return _SPACES.sub(" ", value.replace("\n", " ")).strip()


def letters_only(value: str) -> str:
    return "".join(ch for ch in value.casefold() if ch.isalnum())


def first_line(text: str) -> str:
    return text.split("\n", 1)[0][:200]


def strip_markup(value: str) -> str:
    if "<" not in value:
        return html_lib.unescape(value)
    return html_lib.unescape(_ANY_TAG.sub(" ", _BLOCK_END.sub("\n", value)))
