"""Names as the guard compares them: word tokens with their position (a capital at a sentence
start is grammar, not a name), folded to ASCII, matched with room for an inflection.
"""

# ruff: noqa: RUF001 -- look-alike angle brackets, quotes and dashes are the point here

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final, NamedTuple

from parallax.domain.neutral_summary.thresholds import PREFIX_MIN, SUFFIX_SLACK
from parallax.domain.text_terms import tokenize

_WORD_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_BREAK = re.compile(r"[.!?…:;\n\"“”„«»]")
_ELISION = re.compile(r"^[^\W\d_]{1,2}['’](?=[^\W\d_])")
# Languages that capitalise every noun: a capitalised word there is not evidence of a name.
NOUN_CAPITALISING: Final = frozenset({"de", "lb"})

# Capitalised in English but not names; a summary may spell out "02.11." as "2 November" (the
# numbers around them are still checked). Weekdays are not here: an invented day is a claim.
NOT_NAMES: Final = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december",
    }
)  # fmt: skip


@lru_cache(maxsize=16384)
def fold_word(token: str) -> str:
    """Case- and accent-insensitive form of a word, transliterated to ASCII where the script has
    a romanisation (``Müller`` → ``muller``, ``Путин`` → ``putin``) so that names are compared
    across spellings and, often, scripts."""
    from anyascii import anyascii

    return anyascii(token).casefold().replace("'", "").replace("’", "")


def fold_text(text: str) -> str:
    return " ".join(tokenize(unicodedata.normalize("NFKC", text)))


class Word(NamedTuple):
    text: str
    initial: bool
    """At a sentence start: after the beginning, a sentence end, a colon or an opening quote,
    where a word is capitalised for grammar, not because it is a name."""
    spaced: bool
    """Separated from the previous word by white space only (not a hyphen or punctuation)."""


def word_tokens(text: str) -> list[Word]:
    out: list[Word] = []
    previous = 0
    for match in _WORD_TOKEN.finditer(text):
        word = match.group()
        if "'" in word or "’" in word:
            word = _ELISION.sub("", word)
        gap = text[previous : match.start()]
        spaced = not gap or gap.isspace()
        initial = not out or (not spaced and _BREAK.search(gap) is not None)
        out.append(Word(word, initial, spaced))
        previous = match.end()
    return out


def is_capitalised(word: str) -> bool:
    return len(word) >= 2 and word[0].isupper()


def is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _names_match(candidate: str, known: str) -> bool:
    """Equal, or the same stem with an inflection ("Merkels", "Tuska", "Macron's")."""
    if candidate == known:
        return True
    short, long_ = (candidate, known) if len(candidate) <= len(known) else (known, candidate)
    return (
        len(short) >= PREFIX_MIN
        and len(long_) - len(short) <= SUFFIX_SLACK
        and long_.startswith(short)
    )


class KnownNames:
    """Folded words, looked up with :func:`_names_match`. Two words that match share their first
    :data:`PREFIX_MIN` characters (or are equal), so only that bucket is scanned."""

    def __init__(self, words: set[str]) -> None:
        self._words = words
        self._buckets: dict[str, list[str]] = {}
        for word in words:
            if len(word) >= PREFIX_MIN:
                self._buckets.setdefault(word[:PREFIX_MIN], []).append(word)

    def __contains__(self, folded: str) -> bool:
        if folded in self._words:
            return True
        if len(folded) < PREFIX_MIN:
            return False
        return any(_names_match(folded, w) for w in self._buckets.get(folded[:PREFIX_MIN], ()))
