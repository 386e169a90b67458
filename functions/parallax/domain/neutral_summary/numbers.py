"""Numbers as the guard compares them: every value a token can denote ("1.000" is a thousand in
German and one in English), and number words.
"""

# ruff: noqa: RUF001 -- look-alike angle brackets, quotes and dashes are the point here

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Final

from parallax.domain.text_terms import tokenize

# A number is digits joined by separators; a space only joins a following group of exactly three
# digits ("1 000", French and Polish thousands), an apostrophe is the Swiss thousands mark.
_SEP_CHARS = ".,'’ \u00a0\u202f\u2009"
NUMBER_PATTERN = re.compile(r"\d+(?:(?:[.,'’]|[ \u00a0\u202f\u2009](?=\d{3}(?!\d)))\d+)*")
_SEP = re.compile(f"[{re.escape(_SEP_CHARS)}]")


def _canonical(digits: str) -> str:
    try:
        return format(Decimal(digits).normalize(), "f")
    except InvalidOperation:  # pragma: no cover - the regex only lets digits through
        return digits


def _is_grouped(groups: Sequence[str]) -> bool:
    return len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])


@lru_cache(maxsize=4096)
def interpretations(token: str) -> frozenset[str]:
    """Every value ``token`` can denote: ``"1.000"`` is 1000 (German) or 1 (English), ``"4,2"`` is
    4.2, ``"1 000"`` and ``"1,000"`` are 1000. Dates, times and versions ("02.11.2026") are read
    as their separate parts."""
    seps = _SEP.findall(token)
    groups = _SEP.split(token)
    if not seps:
        return frozenset({_canonical(token)})
    values: set[str] = set()
    if len(set(seps)) == 1 and _is_grouped(groups):
        values.add(_canonical("".join(groups)))
    last = seps[-1]
    if last in ".,":
        head_groups, head_seps = groups[:-1], seps[:-1]
        if not head_seps or (
            len(set(head_seps)) == 1 and head_seps[0] != last and _is_grouped(head_groups)
        ):
            values.add(_canonical("".join(head_groups) + "." + groups[-1]))
    if not values:
        values.update(_canonical(g) for g in groups)
    return frozenset(values)


# Small numbers are often words in the article and digits in a summary (and in another language
# in a translated one): "zwei Verletzte" supports "2 injured".
_NUMBER_WORDS: Final[dict[str, str]] = {
    word: str(value)
    for value, words in {
        1: "one a an ein eine einen einem einer eins un une uno una um uma een één jeden jedna jedno",
        2: "two zwei deux dos due dois duas twee dwa dwie both beide",
        3: "three drei trois tres tre três drie trzy",
        4: "four vier quatre cuatro quattro quatro cztery",
        5: "five fünf cinq cinco cinque vijf pięć",
        6: "six sechs seis sei zes sześć",
        7: "seven sieben sept siete sette sete zeven siedem",
        8: "eight acht huit ocho otto oito osiem",
        9: "nine neun neuf nueve nove negen dziewięć",
        10: "ten zehn dix diez dieci dez tien dziesięć",
        11: "eleven elf onze once undici jedenaście",
        12: "twelve zwölf douze doce dodici doze twaalf dwanaście dozen dutzend",
        20: "twenty zwanzig vingt veinte venti vinte twintig dwadzieścia",
        100: "hundred hundert cent cien cento cem honderd sto",
        1000: "thousand tausend mille mil duizend tysiąc",
    }.items()
    for word in words.split()
}


def number_values(text: str) -> set[str]:
    """Every value a number in ``text`` can denote, plus small numbers written as words."""
    values: set[str] = set()
    for match in NUMBER_PATTERN.finditer(text):
        values |= interpretations(match.group())
    for token in tokenize(text):
        value = _NUMBER_WORDS.get(token)
        if value is not None:
            values.add(value)
    return values
