"""Multilingual sentence splitting with regular expressions and a few orthographic rules.

A statistical splitter (Punkt, a model) would need training data or a download at run time; news
text is regular enough that rules do well: a sentence ends at ``.``, ``!``, ``?`` or an ellipsis
(plus any closing quotes or brackets) followed by white space and something that is not a lower-case
letter, unless the word before the period is an abbreviation, an initial, or (in languages that
write ordinals with a period, like German) a number before a month or a noun. CJK full stops end a
sentence without white space. Every sentence is a slice of the input, so no text is ever lost:
joining the sentences with spaces gives back the paragraph up to white space.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from parallax.domain.languages import primary_language
from parallax.domain.similarity_stopwords import similarity_stop_words
from parallax.domain.text_terms import has_cjk, stop_words

__all__ = ["MAX_SENTENCE_CHARS", "split_sentences"]

MAX_SENTENCE_CHARS = 1000
"""Longer runs without a sentence end (captions glued together, scripts without punctuation,
pasted tables) are cut at the softest break before this length so that no 'sentence' is a page."""
_MIN_CUT = MAX_SENTENCE_CHARS // 2

# Punctuation of many scripts is the point of these literals, hence the RUF001 exemptions; the
# comments quote Russian text (walk8).
# ruff: noqa: RUF003
_LATIN_ENDS = ".!?…‼⁇⁈⁉"
_WIDE_ENDS = "。！？｡．"  # noqa: RUF001 -- CJK: no white space follows a sentence
_OTHER_ENDS = "।॥؟۔።፧։။།។\u037e"  # noqa: RUF001 -- Devanagari, Arabic, Ethiopic, Armenian, ...
_CLOSERS = "\"'”’“‘»«›‹)]}」』】〕〉》）＂＇"  # noqa: RUF001
_OPENERS = "\"'“‘„«‹([{¿¡「『【〈《（—–-"  # noqa: RUF001

_CANDIDATE = re.compile(
    rf"(?P<term>[{re.escape(_LATIN_ENDS + _WIDE_ENDS + _OTHER_ENDS)}]+)"
    # French and some Swiss texts put a (narrow) space before a closing guillemet.
    rf"(?P<close>(?:[{re.escape(_CLOSERS)}]|[ \u00a0\u202f][»\u203a](?=\s|$))*)"
)
_NEXT_WORD = re.compile(rf"\s+(?P<open>[{re.escape(_OPENERS)}]*)(?P<word>[^\W\d_]*)")
# A quote's attribution after a dash: «Когда откроется станция?» — спросил житель. "¿Vienes?
# — preguntó". The sentence goes on: cut there, "— спросил житель." was a sentence (walk8).
_DASH_ATTRIBUTION = re.compile(r"\s+[\u2014\u2013-]\s+(?=[^\W\d_])")
_MAX_TOKEN = 40
_DOTTED = re.compile(r"^(?:[^\W\d_]{1,4}\.)+[^\W\d_]{1,4}$")
_ROMAN = re.compile(r"^[IVXLC]{1,6}$")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations after which a period never ends a sentence: titles before names, and abbreviations
# that sit inside a sentence (z. B., ca.). Compared lower-cased, without the final period.
_NEVER_COMMON = """
mr mrs ms dr prof st jr sr gen gov rep rev hon capt lt sgt maj adm vs ca cf approx fig nr pp
jan feb aug sep sept oct nov dec e.g i.e
"""
_NEVER: dict[str, str] = {
    "en": """mar apr jun jul tues wed thu thurs fri est ave blvd rd messrs mx mt ft sen col cpl
        cmdr supt det insp pres vol vols figs tel ed eds dept univ a.k.a""",
    "de": """z.b d.h u.a o.ä u.ä s.o s.u z.t u.u v.a i.d.r bzw vgl sog ggf inkl evtl bspw bzgl
        ehem einschl entspr gegr insb mind rd urspr zzgl zit hrsg std str hr fr frl dipl ing mio
        mrd tsd abs art bd jh jhd kap geb gest allg abt bzw zb zt mär okt dez mo di mi do sa
        ev kath röm stv sek min tel""",
    "fr": """m mm mme mmes mlle mlles mgr pr ste av apr bd boul chap env ex hab janv févr avr juil
        déc qqn qqch réf suiv tél c.-à-d ss vve""",
    "es": """sr sra srta sres sras dra dña ud uds vd vds lic ing arq gral cnel tte pdte sto sta
        avda cía ej núm pág págs aprox admón dcha izq izqda ene abr ago dic p.ej""",
    "it": """sig sigg dott prof avv ing arch geom on es pag pagg nn cfr gen giu lug ago set ott
        dic ss sec""",
    "pt": """sr sra srta dra profa exmo exma eng av pç pág págs cap ex fev abr mai ago set out dez
        sto sta""",
    "nl": """dhr mevr mw drs ir ing bijv bv d.w.z e.d enz i.p.v m.b.t n.a.v o.a t.a.v blz mrt okt
        zgn resp incl excl evt jl m.i.v""",
    "pl": """ul al pl os prof hab inż mgr lek płk ks św ppor por kpt mjr tzw np m.in tj ok godz tys
        mln mld wg zob dot ds pn ww sp przyp tzn red oprac poz str dn tel""",
    # Vietnamese titles before a name and "TP." (thành phố, city: "TP. Hồ Chí Minh", "UBND TP.
    # Hà Nội"): each ended a sentence, and "Theo PGS. TS. Nguyễn Văn An, ..." was three (walk13).
    "vi": "tp tx tt ts ths pgs gs bs ks ls nsnd nsưt",
    "ru": "ул им просп акад",
    "uk": "вул ім просп акад",
}
# Abbreviations that also end sentences ("... and Apple Inc. The company ..."): a period after them
# ends the sentence only when a capitalised function word follows.
_AMBIGUOUS_COMMON = "inc ltd co corp bros llc plc no u.s u.k u.n e.u"
_AMBIGUOUS: dict[str, str] = {
    "es": "mar",
    "pl": "in",
    # The year ("в 2030 г.") and units of money and numbers: inside a sentence before a name
    # ("1,2 млрд долл. США", "в 2020 г. Путин подписал"), at its end before a function word
    # ("выросли на 3 тыс. Это рекорд", "к 2030 г. В Москве"). "г" alone passed for an initial,
    # and "к 2030 г. В Москве …" was one sentence with the next (walk8).
    "ru": "г гг руб долл тыс млн млрд трлн коп",  # noqa: RUF001
    "uk": "р рр грн дол тис млн млрд трлн коп",  # noqa: RUF001
}
# Abbreviations that usually close a list or a time and so usually end the sentence they are in;
# listed because they would otherwise pass for initials or dotted acronyms.
_ENDERS: dict[str, str] = {"en": "a.m p.m", "pl": "r w itd itp", "nl": "enz", "it": "ecc"}
# Languages that write ordinals as a number with a period ("am 3. Oktober", "3. maja").
_CYRILLIC_STARTERS = _words("ru uk")
_ORDINAL_LANGUAGES = _words("de pl cs sk da no nb nn fi hu hr sl sr bs et lv lt is fo tr")
_MONTHS = _words(
    """
    januar jänner februar feber märz april mai juni juli august september oktober november dezember
    jan feb mär apr jun jul aug sep sept okt nov dez
    stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada
    grudnia styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik
    listopad grudzień leden únor březen duben květen červen červenec srpen září říjen
    prosinec ledna února března dubna května června července srpna října listopadu prosince
    januari februari mars maj juni juli augusti oktober tammikuuta helmikuuta maaliskuuta
    huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta syyskuuta lokakuuta marraskuuta
    joulukuuta január február március április május június július augusztus szeptember
    október ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık
    """  # noqa: RUF001 -- Turkish dotless i
)


@lru_cache(maxsize=64)
def _rules(
    language: str,
) -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str], bool]:
    never = _words(_NEVER_COMMON + " " + _NEVER.get(language, ""))
    ambiguous = _words(_AMBIGUOUS_COMMON + " " + _AMBIGUOUS.get(language, ""))
    enders = _words(_ENDERS.get(language, ""))
    # Russian and Ukrainian have no list of the shared module's; the similarity's list of their
    # function words tells a sentence's first word ("Это", "В") as well (walk8).
    own = similarity_stop_words(language) if language in _CYRILLIC_STARTERS else frozenset()
    starters = stop_words(language) or own or stop_words("en")
    return never - ambiguous - enders, ambiguous, enders, starters, language in _ORDINAL_LANGUAGES


def split_sentences(text: str, language: str = "en") -> list[str]:
    """Split ``text`` into sentences; a line break (paragraph) always ends a sentence."""
    lang = primary_language(language)
    sentences: list[str] = []
    for paragraph in text.splitlines():
        for sentence in _split_paragraph(paragraph, lang):
            sentences.extend(_wrap(sentence))
    return sentences


# Greek's question mark is the semicolon: a page's U+037E (GREEK QUESTION MARK) is ";" once the
# text is NFC, as every page's is, so a Greek question was one sentence with the next (walk10). Greek writes no semicolon (its ano teleia "·" is one, and no end).
_GREEK_CANDIDATE = re.compile(
    rf"(?P<term>[{re.escape(_LATIN_ENDS + _WIDE_ENDS + _OTHER_ENDS)};]+)"
    rf"(?P<close>(?:[{re.escape(_CLOSERS)}]|[ \u00a0\u202f][»\u203a](?=\s|$))*)"
)


def _split_paragraph(paragraph: str, lang: str) -> list[str]:
    pieces: list[str] = []
    start = 0
    # Offsets, never slices of the rest: a paragraph can be a megabyte long.
    content_end = len(paragraph.rstrip())
    candidate = _GREEK_CANDIDATE if lang == "el" else _CANDIDATE
    for match in candidate.finditer(paragraph, 0, content_end):
        end = match.end()
        if end > start and (end >= content_end or _is_boundary(paragraph, match, lang)):
            pieces.append(paragraph[start:end])
            start = end
    pieces.append(paragraph[start:])
    return [p.strip() for p in pieces if p.strip()]


def _is_boundary(text: str, match: re.Match[str], lang: str) -> bool:  # noqa: PLR0911
    term = match["term"]
    end = match.end()
    if any(ch in _WIDE_ENDS for ch in term):
        return not _quoted_in_japanese(text, match)
    if not text[end].isspace():
        return term == "." and _glued_boundary(text, match.start(), end)
    if any(ch in _OTHER_ENDS for ch in term):
        return True
    following = _NEXT_WORD.match(text, end)
    word = following["word"] if following else ""
    next_char = (
        text[following.end("open")] if following and following.end("open") < len(text) else ""
    )
    if next_char.islower():
        # "Is it? he asked", "z. B. ein", "ca. fünf": never a boundary before lower case.
        return False
    dash = _DASH_ATTRIBUTION.match(text, end)
    if dash is not None and text[dash.end()].islower():
        return False
    if term != ".":
        return True
    token = _previous_token(text, match.start())
    never, ambiguous, enders, starters, ordinal_language = _rules(lang)
    key = token.casefold()
    starts_sentence = bool(following and following["open"]) or word.casefold() in starters
    if key in enders:
        return True
    if key in ambiguous:
        return starts_sentence
    if key in never or (len(token) == 1 and token.isalpha()):
        # Initials ("J. R. R. Tolkien") and single-letter abbreviations ("z. B.", "M. Dupont").
        return False
    if _DOTTED.match(token):
        return starts_sentence
    if ordinal_language and ((token.isdigit() and len(token) <= 3) or _ROMAN.match(token)):
        return word.casefold() not in _MONTHS and starts_sentence
    return True


# Closing quotation brackets, and the quotative particles that carry a Japanese sentence on after
# one (with the question mark inside): 「…ではないか」と指摘した, "he asked whether ... and",
# 「…」って, 「…」などと.
_QUOTE_CLOSERS = "」』"
# と is also the first kana of words that open a sentence (ところが "however", とにかく
# "anyway", とうとう "at last"): after them the quote's full stop is the sentence's (attack15).
_QUOTATIVE: Final = re.compile(
    r"って|など|と(?!ころが|ころで|はいえ|にかく|もあれ|もかく|りあえず|りわけ|うとう|ても)"
)


def _quoted_in_japanese(text: str, match: re.Match[str]) -> bool:
    """A CJK full stop, question or exclamation mark inside 「」 followed by と: the quote is the
    object of the verb after it, and the sentence goes on ("と指摘し、…" alone was a bullet)."""
    close = match["close"]
    return (
        bool(close)
        and close[-1] in _QUOTE_CLOSERS
        and _QUOTATIVE.match(text, match.end()) is not None
    )


def _previous_token(text: str, end: int) -> str:
    """The run of non-space characters before ``end``, without opening quotes or brackets."""
    start = end
    while start > 0 and end - start < _MAX_TOKEN and not text[start - 1].isspace():
        if text[start - 1] in _OPENERS:
            break
        start -= 1
    return text[start:end]


def _glued_boundary(text: str, start: int, end: int) -> bool:
    """A period with no space after it: "...über die Schweiz.Die Orkanböen..." or CJK text."""
    if start > 0 and has_cjk(text[start - 1]):
        return True
    before = text[max(0, start - 2) : start]
    after = text[end : end + 2]
    return (
        len(before) == 2
        and before.isalpha()
        and before.islower()
        and len(after) == 2
        and after[0].isupper()
        and after[1].islower()
    )


def _wrap(sentence: str) -> list[str]:
    """Cut an over-long sentence at its softest break (``;``, ``:``, ``,``, a space)."""
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return [sentence]
    pieces: list[str] = []
    start = 0
    while len(sentence) - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        cut = -1
        for mark in ("; ", ": ", ", ", " "):
            cut = sentence.rfind(mark, start + _MIN_CUT, limit)
            if cut >= 0:
                cut += len(mark)
                break
        if cut <= start:
            cut = limit
        pieces.append(sentence[start:cut])
        start = cut
    pieces.append(sentence[start:])
    return [p.strip() for p in pieces if p.strip()]
