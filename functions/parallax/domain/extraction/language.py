"""The page's language: its declarations, confirmed (or overruled) by the text's script and function
words, and the statistical model (:mod:`parallax.domain.language_id`) only when those do not
settle it.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from parallax.domain.extraction.text import LETTERS
from parallax.domain.extraction.thresholds import (
    CONFIRM_SHARE,
    LANGUAGE_SAMPLE_CHARS,
    NAME_MARGIN,
    NAME_SHARE,
    OVERRIDE_CONFIDENCE,
)
from parallax.domain.language_id import identify
from parallax.domain.languages import close_languages, primary_language
from parallax.domain.scripts import script_of

_NON_LATIN = re.compile(r"[\u0370-\u1dff\u2c00-\ud7ff\uf900-\ufaff]")

# Short lists of frequent, mostly language-specific function words. They confirm a declared
# language (or name an undeclared one) without loading a statistical model in the common case.
_FUNCTION_WORDS: dict[str, str] = {
    "en": (
        "the and of to is that for was with on as it by at from he she has have are were this "
        "which be not but said an they their his her been will would who"
    ),
    "de": (
        "der die das und ist nicht mit von den dem des ein eine einen zu auf für im sich auch es "
        "wird wurde sie er bei nach aus noch wie hat sind dass oder als"
    ),
    "fr": (
        "le la les des et est une un du dans que qui pour pas sur au aux avec il elle ce cette "
        "sont ont été mais par plus ne se son sa ses leur"
    ),
    "es": (
        "el la los las y que en es un una por con para del al se su sus lo como más pero fue "
        "está han ha este esta también sobre entre"
    ),
    "it": (
        "il la le lo gli di che è un una per con del della dei delle nel nella al alla non sono "
        "ha anche come più ma si sul questo"
    ),
    "pt": (
        "o os as e que de do da dos das em no na nos um uma para com por não é ao mais foi como "
        "mas seu sua também está"
    ),
    "nl": (
        "de het een en van is dat die in op te met voor niet zijn aan er ook als bij door naar "
        "wordt werd om maar nog heeft hij zij worden"
    ),
    "pl": (
        "i w na z się nie do to że jest o jak po co ale od za przez jego dla oraz był była są "
        "tak czy już może które który która"
    ),
}

# Scripts written by exactly one of the supported languages, or by a known few.
_SCRIPT_LANGUAGES: dict[str, frozenset[str]] = {
    "cyrillic": frozenset({"ru", "uk", "bg", "sr", "mk", "be", "kk"}),
    "greek": frozenset({"el"}),
    "arabic": frozenset({"ar", "fa", "ur"}),
    "hebrew": frozenset({"he", "yi"}),
    "devanagari": frozenset({"hi", "mr", "ne"}),
    "bengali": frozenset({"bn", "as"}),
    "thai": frozenset({"th"}),
    "han": frozenset({"zh", "ja"}),
    "kana": frozenset({"ja"}),
    "hangul": frozenset({"ko"}),
}


def choose_language(declared: list[str], text: str) -> str:
    """The declared language unless the text obviously disagrees; the detected one otherwise."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    shares = _function_word_shares(sample)
    script = _dominant_script(sample)
    confirmed = next((lang for lang in declared if _confirms(lang, shares, script)), None)
    if confirmed:
        return confirmed
    named = _named_by_function_words(shares)
    if named and (not declared or declared[0] in _FUNCTION_WORDS):
        # Typically a template's lang="en" left on a page in another listed language.
        return named
    if not LETTERS.search(sample):
        return declared[0] if declared else "und"
    return _settle(declared, *_identify(sample))


def _settle(declared: list[str], detected: str, confidence: float) -> str:
    """Between declarations the text did not confirm and the statistical model's verdict."""
    if not declared or detected in declared:
        return detected
    if confidence >= OVERRIDE_CONFIDENCE and not close_languages(declared[0], detected):
        return detected
    return declared[0]


def detect_language(text: str) -> str:
    """Primary subtag of the language ``text`` is written in (no declaration to go by)."""
    return choose_language([], text)


@cache
def _function_word_languages() -> dict[str, tuple[str, ...]]:
    languages: dict[str, list[str]] = {}
    for language, words in _FUNCTION_WORDS.items():
        for word in words.split():
            languages.setdefault(word, []).append(language)
    return {word: tuple(found) for word, found in languages.items()}


def _function_word_shares(sample: str) -> dict[str, float]:
    words = LETTERS.findall(sample.casefold())
    if len(words) < 20:
        return {}
    lookup = _function_word_languages()
    hits: Counter[str] = Counter()
    for word, count in Counter(words).items():
        for language in lookup.get(word, ()):
            hits[language] += count
    return {language: hits[language] / len(words) for language in _FUNCTION_WORDS}


def _confirms(language: str, shares: dict[str, float], script: str) -> bool:
    expected_script = next(
        (name for name, languages in _SCRIPT_LANGUAGES.items() if language in languages), "latin"
    )
    if language == "ja" and script in {"han", "kana"}:
        return True
    if script != expected_script:
        return False
    if expected_script != "latin" or not shares:
        # Too little Latin text to argue with the page, or a script that settles it.
        return True
    own = shares.get(language)
    best_other = max((s for lang, s in shares.items() if lang != language), default=0.0)
    if own is not None:
        return own >= CONFIRM_SHARE and own >= best_other
    # A Latin-script language without a word list: accept it unless one of the listed languages
    # plainly fits the text.
    return best_other < NAME_SHARE


def _named_by_function_words(shares: dict[str, float]) -> str | None:
    if not shares:
        return None
    ranked = sorted(shares.items(), key=lambda item: item[1], reverse=True)
    (best, top), (_, second) = ranked[0], ranked[1]
    return best if top >= NAME_SHARE and top >= NAME_MARGIN * second else None


def _dominant_script(sample: str) -> str:
    if not _NON_LATIN.search(sample):
        return "latin"
    counts: Counter[str] = Counter()
    for ch in sample[:1000]:
        if ch.isalpha():
            counts[script_of(ch)] += 1
    if counts["kana"] and counts["kana"] >= 0.05 * sum(counts.values()):
        return "kana"
    return counts.most_common(1)[0][0] if counts else "latin"


def _identify(sample: str) -> tuple[str, float]:
    # The model loads once per process (a few tenths of a second) and only when a page's language
    # cannot be settled from its declaration, script and function words.
    language, confidence = identify(sample)
    return primary_language(language), confidence
