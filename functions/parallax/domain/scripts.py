"""Which writing system a letter belongs to: one table of Unicode blocks for every caller.

Callers compare the share of a text's letters in a script with what a language is written in
(the summary guard, the page-language check, the similarity fallback). Latin, Greek, Cyrillic,
Hebrew, Arabic and Hangul include their extension and presentation-form blocks, and Han includes
the compatibility ideographs and the supplementary planes, so a Vietnamese, polytonic Greek or
rare-character text is not counted as "other".
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from typing import Final, Literal

__all__ = ["HAN_OR_KANA", "SCRIPT_BLOCKS", "WORD_MARKS", "Script", "script_of"]

Script = Literal[
    "latin", "greek", "cyrillic", "hebrew", "arabic", "devanagari", "bengali", "thai", "hangul",
    "kana", "han", "other",
]  # fmt: skip

# (first, last + 1, script), sorted and not overlapping; whatever falls between is "other".
SCRIPT_BLOCKS: Final[tuple[tuple[int, int, Script], ...]] = (
    (0x0000, 0x0370, "latin"),  # ASCII, Latin-1, Extended-A/B, IPA, modifier letters, diacritics
    (0x0370, 0x0400, "greek"),
    (0x0400, 0x0530, "cyrillic"),  # with the Cyrillic Supplement
    (0x0590, 0x0600, "hebrew"),
    (0x0600, 0x0700, "arabic"),
    (0x0750, 0x0780, "arabic"),  # Arabic Supplement
    (0x08A0, 0x0900, "arabic"),  # Arabic Extended-A
    (0x0900, 0x0980, "devanagari"),  # Hindi, Marathi, Nepali
    (0x0980, 0x0A00, "bengali"),  # Bengali, Assamese
    (0x0E00, 0x0E80, "thai"),
    (0x1100, 0x1200, "hangul"),  # Jamo
    (0x1C80, 0x1C90, "cyrillic"),  # Cyrillic Extended-C
    (0x1E00, 0x1F00, "latin"),  # Latin Extended Additional (Vietnamese)
    (0x1F00, 0x2000, "greek"),  # Greek Extended (polytonic)
    (0x2C60, 0x2C80, "latin"),  # Latin Extended-C
    (0x2DE0, 0x2E00, "cyrillic"),  # Cyrillic Extended-A
    (0x3005, 0x3008, "han"),  # iteration mark, closing mark, ideographic zero
    (0x3040, 0x3100, "kana"),  # Hiragana, Katakana
    (0x3130, 0x3190, "hangul"),  # Compatibility Jamo
    (0x31F0, 0x3200, "kana"),  # Katakana Phonetic Extensions
    (0x3400, 0x4DC0, "han"),  # Extension A
    (0x4E00, 0xA000, "han"),
    (0xA640, 0xA6A0, "cyrillic"),  # Cyrillic Extended-B
    (0xA720, 0xA800, "latin"),  # Latin Extended-D
    (0xA960, 0xA980, "hangul"),  # Jamo Extended-A
    (0xAB30, 0xAB70, "latin"),  # Latin Extended-E
    (0xAC00, 0xD7B0, "hangul"),  # Syllables
    (0xD7B0, 0xD800, "hangul"),  # Jamo Extended-B
    (0xF900, 0xFB00, "han"),  # Compatibility Ideographs
    (0xFB00, 0xFB07, "latin"),  # ligatures ﬀ ﬁ ﬂ
    (0xFB1D, 0xFB50, "hebrew"),  # presentation forms
    (0xFB50, 0xFE00, "arabic"),  # presentation forms A
    (0xFE70, 0xFF00, "arabic"),  # presentation forms B
    (0xFF21, 0xFF3B, "latin"),  # fullwidth A-Z
    (0xFF41, 0xFF5B, "latin"),  # fullwidth a-z
    (0xFF66, 0xFFA0, "kana"),  # halfwidth Katakana
    (0xFFA0, 0xFFE0, "hangul"),  # halfwidth Jamo
    (0x20000, 0x32000, "han"),  # Extensions B-H and the compatibility supplement
)
_STARTS: Final = tuple(first for first, _, _ in SCRIPT_BLOCKS)


def script_of(ch: str) -> Script:
    """The script of one character (``"other"`` outside the table: digits of other systems,
    symbols, scripts no supported language is written in)."""
    code = ord(ch)
    index = bisect_right(_STARTS, code) - 1
    if index >= 0:
        _, end, script = SCRIPT_BLOCKS[index]
        if code < end:
            return script
    return "other"


HAN_OR_KANA: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
"""One kana or common Han character: the scripts written without spaces between words, which
tokenisers cut into characters or bigrams instead of words."""


# The abugidas of South and Southeast Asia: Devanagari to Sinhala (Bengali, Gurmukhi, Gujarati,
# Oriya, Tamil, Telugu, Kannada, Malayalam), Thai and Lao, Tibetan, Myanmar, Khmer.
_ABUGIDA_BLOCKS: Final = ((0x0900, 0x0E00), (0x0E00, 0x0F00), (0x0F00, 0x1000), (0x1000, 0x10A0),
                          (0x1780, 0x1800))  # fmt: skip


def _word_marks() -> str:
    """The combining marks (Unicode Mn, Mc) of ``_ABUGIDA_BLOCKS`` as character-class ranges."""
    ranges: list[list[int]] = []
    for first, end in _ABUGIDA_BLOCKS:
        for code in range(first, end):
            if unicodedata.category(chr(code)) not in {"Mn", "Mc"}:
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


WORD_MARKS: Final = _word_marks()
"""Combining vowel signs, viramas and tone marks of the abugidas of South and Southeast Asia,
for a regular expression's character class: Python's ``\\w`` leaves them out, so ``\\w+`` cut
"मेट्रो" (metro) into "म", "ट" and "र", and every Hindi text shared such fragments with every
other (walk9). Every mark of these blocks, not Devanagari's, Bengali's and Thai's alone
(attack17): a Tamil, Telugu, Gujarati or Gurmukhi word was still cut so ("சென்னை", Chennai,
into "ச", "ன", "ன"). Not the marks of other scripts: Arabic harakat and Hebrew points are
written on some words and not on others, and kept in a word they would part "مُنحت" from the
"منحت" of the next report; Latin accents are letters once composed (NFC)."""
