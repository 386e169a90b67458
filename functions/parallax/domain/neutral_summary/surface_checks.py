"""Checks on a bullet's surface: links or markup, text in another language than asked, and quotes
of the system prompt (a model talked into revealing its instructions).
"""

# ruff: noqa: RUF001 -- look-alike angle brackets, quotes and dashes are the point here

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from parallax.domain.language_id import identify, language_model
from parallax.domain.languages import close_languages, primary_language
from parallax.domain.neutral_summary.thresholds import (
    MIN_TOKENS_FOR_STOPWORDS,
    OTHER_LANGUAGE_CONFIDENCE,
    OTHER_LANGUAGE_MIN_CJK_CHARS,
    OTHER_LANGUAGE_MIN_WORDS,
    SHINGLE,
)
from parallax.domain.scripts import script_of
from parallax.domain.text_terms import STOP_WORD_LANGUAGES, stop_words, tokenize

# Links in any spelling a model might use: scheme, www., a markdown link, an HTML tag, or a bare
# domain with a path, under any top-level domain ("rathaus.de/abstimmung", "city.gov/budget": a
# list of a few generic ones let every country's through). A neutral summary never needs one, and
# an injected article asks for them. A bare domain without a path stays: "Amazon.com" is a name.
# Any letters, not only ASCII ones: "köln.de/abstimmung", "президент.рф/news" passed (session 13).
# Measured: the any-domain form matches none of 44,122 sentences of the summary and extraction
# sets that the listed-domain form did not; the any-letter form none of 52,865 that the ASCII
# form did not (96 each). A host starts only where no host character is before it: from every
# word boundary ("a.a.a.a...", "1.1.1...") each start scanned the rest, 100,000 characters took
# 88-108 s; now 10-20 ms (session 13).
LINK_OR_MARKUP = re.compile(
    r"""(?ix)
      \b[a-z][a-z0-9+.-]{1,15}://\S*
    | \b(?:javascript|mailto):\S+
    | \bwww\.\S+
    | \]\(
    | </?[a-z!]
    | [‹<]/?(?:system|article|instructions?|prompt|s|t|titles?|sentences|assistant|user)(?:\s[^‹›<>]{0,60})?[›>]
    | (?<![\w.-])[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,24}/\S*
    """
)

# A bare host name or e-mail address ("see evil.com", "write to tips@evil.com"): LINK_OR_MARKUP
# lets it stay, as "Amazon.com" is a name. The guard keeps one only where the cited sentences
# spell it; one they do not is an address the model added, which an injected article asks for.
# A host starts only where no host or address character is before it (one pass over a run of
# dotted labels, as above).
BARE_ADDRESS = re.compile(
    r"(?<![\w.@+-])(?:[\w+-]+(?:\.[\w+-]+)*@)?[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,24}(?![\w-])"
)


# Dotted abbreviations of the summary languages whose last part looks like a top-level domain:
# a translated bullet writes them where the cited sentence (in another language) does not, and
# the guard dropped it as an added address: Polish "m.in." ("among others", in most Polish news
# sentences that list anything), Spanish "p.ej.", Italian "p.es." / "dott.ssa" / "sig.ra", French
# and Portuguese "p.ex.", German "Dr.med." / "u.dgl.". Taken only with their closing period, as
# they are written; "visit m.in" without one is still an address. Each only in its own language:
# some are registrable hosts ("m.in", "p.es", "dr.ing", "dipl.ing", "sig.na"), and an injected
# article that asked for "details at dr.ing." at a sentence's end had an English bullet keep it.
_DOTTED_ABBREVIATIONS: Final[dict[str, frozenset[str]]] = {
    "pl": frozenset({"m.in"}),
    "es": frozenset({"p.ej"}),
    "it": frozenset({"p.es", "dott.ssa", "prof.ssa", "sig.ra", "sig.na"}),
    "fr": frozenset({"p.ex"}),
    "pt": frozenset({"p.ex"}),
    "de": frozenset(
        {"dr.med", "dr.phil", "dr.jur", "dr.rer.nat", "dr.med.dent", "dr.ing", "dipl.ing", "u.dgl"}
    ),
}


def _is_dotted_abbreviation(found: re.Match[str], language: str | None) -> bool:
    listed = _DOTTED_ABBREVIATIONS.get(primary_language(language)) if language else None
    return (
        listed is not None
        and found.group().casefold() in listed
        and found.string[found.end() : found.end() + 1] == "."
    )


def unsupported_address(text: str, cited: str, language: str | None = None) -> re.Match[str] | None:
    """The first bare host name or e-mail address in ``text`` that ``cited`` does not spell.
    Only a lower-case last label is taken for a top-level domain: "EE.UU." (Spanish for the
    United States), "St.Gallen" or two sentences run together ("Monday.The") are not hosts;
    nor is a dotted abbreviation of ``language``, the one ``text`` is written in ("m.in." in
    Polish, "p.ej." in Spanish; without a language, none is spared)."""
    folded = cited.casefold()
    for found in BARE_ADDRESS.finditer(text):
        address = found.group()
        if (
            address.rsplit(".", 1)[1].islower()
            and address.casefold() not in folded
            and not _is_dotted_abbreviation(found, language)
        ):
            return found
    return None


_SCRIPTS: Final[dict[str, str]] = {
    "ru": "cyrillic", "uk": "cyrillic", "bg": "cyrillic", "el": "greek", "he": "hebrew",
    "ar": "arabic", "ja": "cjk", "zh": "cjk", "ko": "hangul", "hi": "devanagari", "bn": "bengali",
    "th": "thai", "fa": "arabic", "ur": "arabic",
}  # fmt: skip


def _script(ch: str) -> str:
    # Japanese mixes kana and Han, Chinese is Han only: for "is this the target's script" both
    # count as one script, "cjk".
    script = script_of(ch)
    return "cjk" if script in ("han", "kana") else script


_LETTER_RUN: Final = re.compile(r"[^\W\d_]+")


def _latin_name(word: str) -> bool:
    return any(ch.isupper() for ch in word) and all(_script(ch) == "latin" for ch in word)


def wrong_language(text: str, target: str) -> bool:
    """Whether ``text`` is plainly not in ``target``: mostly another script, or (for languages with
    a stop-word list) clearly more function words of another language than of the target's.
    Unsure means no: the guard must not drop a good bullet for a few foreign names."""
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return False
    expected = _SCRIPTS.get(target, "latin")
    if expected != "latin" and any(_script(ch) == expected for ch in letters):
        # Names and brands are written in Latin letters in Russian, Greek or Korean text too:
        # "Apple представила iPhone 16 Pro" has more Latin letters than Cyrillic, and a Russian
        # reader's bullet of a technology story was dropped as not Russian (walk8). A Latin
        # word with a capital letter is such a name; the words of a sentence in another
        # language (lower case) still count, and a text with no letter of the target's script
        # is still plainly another language.
        letters = [ch for word in _LETTER_RUN.findall(text) if not _latin_name(word) for ch in word]
        if not letters:
            return False
    share = sum(1 for ch in letters if _script(ch) == expected) / len(letters)
    # Mostly another script is decisive (Japanese mixes kana and Han: both count as CJK).
    if share < 0.5:
        return True
    tokens = tokenize(text)
    if target == "vi":
        return len(tokens) >= MIN_TOKENS_FOR_STOPWORDS and not _has_vietnamese_marks(text)
    if expected != "latin" or target not in STOP_WORD_LANGUAGES:
        return False
    return len(tokens) >= MIN_TOKENS_FOR_STOPWORDS and _more_foreign_function_words(tokens, target)


def _has_vietnamese_marks(text: str) -> bool:
    # Vietnamese has no function-word list here, but nearly every syllable carries a tone mark
    # or a modified vowel (đ, ă, â, ê, ô, ơ, ư): six words or more without one are not Vietnamese
    # (an English bullet given to a Vietnamese reader passed as Vietnamese; session 21).
    return "đ" in text.casefold() or any(
        unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", text)
    )


def _more_foreign_function_words(tokens: list[str], target: str) -> bool:
    own = stop_words(target)
    for other in STOP_WORD_LANGUAGES - {target}:
        theirs = stop_words(other)
        only_theirs = sum(1 for t in tokens if t in theirs and t not in own)
        only_own = sum(1 for t in tokens if t in own and t not in theirs)
        if only_theirs >= 3 and only_theirs > 2 * only_own:
            return True
    return False


_WORD: Final = re.compile(r"[^\W\d_]{2,}")
# The scripts written without spaces between words (the project's one script table).
_UNSPACED_SCRIPTS: Final = frozenset({"han", "kana", "hangul"})


def confidently_another_language(text: str, target: str) -> bool:
    """Whether the language model reads ``text`` as another language than ``target`` (and not
    one close to it: Danish for Norwegian, Portuguese for Spanish), confidently: French given
    back as a German headline. Short text, names and languages the model does not know are
    never judged (:data:`OTHER_LANGUAGE_MIN_WORDS`, :data:`OTHER_LANGUAGE_CONFIDENCE`); Chinese,
    Japanese and Korean, written without spaces, are judged from
    :data:`OTHER_LANGUAGE_MIN_CJK_CHARS` characters."""
    target = primary_language(target)
    scripts = [script_of(ch) for ch in text]
    if (
        len(_WORD.findall(text)) < OTHER_LANGUAGE_MIN_WORDS
        and sum(script in _UNSPACED_SCRIPTS for script in scripts) < OTHER_LANGUAGE_MIN_CJK_CHARS
    ):
        return False
    expected = _SCRIPTS.get(target)
    if expected is not None and not any(_script(ch) == expected for ch in text if ch.isalpha()):
        # Not one letter in the script the target is written in: an English headline given
        # to a Chinese or Japanese reader as a translation ("City council adopts the budget
        # after a long debate" is English at 0.73 only, under the bar, and was shown as "zh").
        return True
    japanese_forms = _japanese_character_forms(text, scripts)
    if target == "ja" and ("kana" in scripts or japanese_forms):
        # Kana are written in Japanese only: a headline of mostly Han characters with a few
        # kana may read as Chinese to the model, and is Japanese. So is one of Han characters
        # only in the forms Japanese writes them in ("東京都知事選挙結果発表": zh at 0.92).
        return False
    if target == "zh" and japanese_forms:
        # ...which the model reads as Chinese, and a Chinese reader was shown as Chinese.
        return True
    if target not in _model_languages():
        return False
    detected, probability = identify(text)
    detected = primary_language(detected)
    return (
        probability >= OTHER_LANGUAGE_CONFIDENCE
        and detected != target
        and not close_languages(detected, target)
    )


def _encodes(text: str, codec: str) -> bool:
    try:
        text.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


_JIS_LEVEL_2: Final = (0x989F, 0xEAA4)
"""Shift_JIS codes of JIS X 0208's second level: the kanji Japanese writes rarely, among them the
old forms (發, 會, 國, 學, 體) it replaced in 1946 and Chinese in traditional forms still writes."""


def _chinese_form(ch: str) -> bool:
    """A Han character Japanese does not write today: outside its set, or an old form of its
    second level that Chinese writes (發, 國)."""
    try:
        code = int.from_bytes(ch.encode("cp932"), "big")
    except UnicodeEncodeError:
        return True
    low, high = _JIS_LEVEL_2
    return low <= code <= high and (_encodes(ch, "big5") or _encodes(ch, "gb2312"))


def _japanese_character_forms(text: str, scripts: Sequence[str]) -> bool:
    """Whether the Han characters of ``text`` are Japanese in their forms: not all in the
    simplified Chinese set (GB 2312) nor all in the traditional one (Big5), and more of them in
    forms Japanese alone writes (発, 総, 経: neither set has them) than in forms Japanese does not
    write today (:func:`_chinese_form`), or none of the latter. Japanese's set is the one its
    systems write (JIS X 0208 with the NEC and IBM extension kanji, the ``cp932`` codec: strict
    ``shift_jis`` lacks the 髙 and 﨑 of common surnames). Japanese writes some characters as
    simplified Chinese does (会, 党, 数), some as traditional Chinese does (議, 選), some as
    neither: a headline of Han characters only, which the language model reads as Chinese,
    holds such a mix; a Chinese one is written in one set, apart from a Japanese name in it
    ("三菱総合研究所發表報告": one Japanese form, 総, and one Chinese, 發). Chinese in simplified
    forms has characters Japanese does not write (all 224 SemEval openings the CJK rule was
    measured on have one), so it is still judged."""
    han = "".join(ch for ch, script in zip(text, scripts, strict=True) if script == "han")
    if not han or _encodes(han, "gb2312") or _encodes(han, "big5"):
        return False
    chinese_only = sum(_chinese_form(ch) for ch in han)
    japanese_only = sum(
        not (_encodes(ch, "gb2312") or _encodes(ch, "big5")) and _encodes(ch, "cp932") for ch in han
    )
    return chinese_only == 0 or japanese_only > chinese_only


@lru_cache(maxsize=1)
def _model_languages() -> frozenset[str]:
    return frozenset(primary_language(c) for c in language_model().classes)


@lru_cache(maxsize=4)
def _prompt_shingles(prompt: str) -> frozenset[tuple[str, ...]]:
    words = tokenize(prompt)
    return frozenset(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def quotes_prompt(text: str, prompt: str) -> bool:
    """Whether ``text`` repeats eight consecutive words of ``prompt``: a summary has no reason to,
    a model talked into revealing its instructions does."""
    words = tokenize(text)
    if len(words) < SHINGLE:
        return False
    shingles = _prompt_shingles(prompt)
    return any(tuple(words[i : i + SHINGLE]) in shingles for i in range(len(words) - SHINGLE + 1))
