"""Clock times in translations, a part of ``parallax eval guard`` (session 12, modelpolish).

A model translating a sentence writes its time of day the way the reader's language does:
"2:30 pm" becomes "14.30 Uhr", "14 h 30", "14.30 horas". The number checks of a whole-sentence
translation (``parse_sentence_translation_output``: no number the sentence lacks, none of its
numbers lost) must keep such a translation, and refuse one whose time moved.

Real sentences with a time are taken from the evaluation data (``cnndm-dev`` in English, the
German, French and Spanish article texts of ``related/semeval-dev.jsonl``). The time is found by
this module's own patterns (not the guard's) and respelt, in the sentence itself (the words stay:
only the numbers are checked), in the three other languages' conventions: faithful, and moved one
hour later. Hours alone count only where the spelling makes them a time (2 pm, 14 Uhr): "48 h"
and "24 horas" are durations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final

from parallax.domain.neutral_summary import parse_sentence_translation_output
from parallax.domain.sentences import split_sentences
from parallax.evaluation import data_rows

__all__ = ["clock_time_checks", "respell_times", "time_sentences"]

# Not a lap time (1:35.782), h:mm:ss, or a time already followed by its clock word ("12:11h").
_AFTER = r"(?![\d:]|[.,]\d|h\b)"
# One pattern per language of the data, with the groups hour, minutes, meridiem (am/pm).
_TIMES: Final[dict[str, re.Pattern[str]]] = {
    "en": re.compile(
        rf"(?<![\d.,:])(?P<hour>\d{{1,2}})(?:[:.](?P<minutes>\d{{2}}))?{_AFTER} ?"
        r"(?P<meridiem>[ap])\.?m\.?(?![^\W\d_])"
        rf"|(?<![\d.,:])(?P<hour2>\d{{1,2}}):(?P<minutes2>\d{{2}}){_AFTER}(?! ?[ap]\.?m)",
        re.IGNORECASE,
    ),
    "de": re.compile(
        rf"(?<![\d.,:])(?P<hour>\d{{1,2}})(?:[.:](?P<minutes>\d{{2}}))?{_AFTER} ?Uhr\b"
    ),
    "fr": re.compile(r"(?<![\d.,:])(?P<hour>\d{1,2}) ?h ?(?P<minutes>\d{2})(?!\d)"),
    "es": re.compile(
        rf"(?<![\d.,:])(?P<hour>\d{{1,2}})[.:](?P<minutes>\d{{2}}){_AFTER} ?horas\b"
        rf"|(?<![\d.,:])(?P<hour2>\d{{1,2}}):(?P<minutes2>\d{{2}}){_AFTER}(?! ?[ap]\.?m)"
    ),
}


def _spell(language: str, hour: int, minutes: int | None) -> str:
    """``hour`` (0-23) and ``minutes`` as ``language``'s news write them."""
    if language == "en":
        half = "pm" if hour >= 12 else "am"
        twelve = hour % 12 or 12
        return f"{twelve}:{minutes:02d} {half}" if minutes is not None else f"{twelve} {half}"
    if minutes is None:
        return {"de": f"{hour} Uhr", "fr": f"{hour} h", "es": f"{hour} horas"}[language]
    return {
        "de": f"{hour}.{minutes:02d} Uhr",
        "fr": f"{hour} h {minutes:02d}",
        "es": f"{hour}.{minutes:02d} horas",
    }[language]


def _time_of(match: re.Match[str]) -> tuple[int, int | None] | None:
    groups = match.groupdict()
    hour_text = groups.get("hour") or groups.get("hour2")
    minutes_text = groups.get("minutes") or groups.get("minutes2")
    if hour_text is None:
        return None
    hour, minutes = int(hour_text), int(minutes_text) if minutes_text else None
    meridiem = groups.get("meridiem")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if meridiem.lower() == "p" else 0)
    if hour > 23 or (minutes is not None and minutes > 59):
        return None
    return hour, minutes


def respell_times(sentence: str, source: str, target: str, shift_hours: int = 0) -> str | None:
    """``sentence`` with each of its times (``source``'s spelling) in ``target``'s spelling,
    moved by ``shift_hours``; None when it has no time."""
    found = False

    def respelt(match: re.Match[str]) -> str:
        nonlocal found
        time = _time_of(match)
        if time is None:
            return match.group()
        found = True
        hour, minutes = time
        return _spell(target, (hour + shift_hours) % 24, minutes)

    text = _TIMES[source].sub(respelt, sentence)
    return text if found else None


def time_sentences(data: Path) -> Iterator[tuple[str, str]]:
    """(language, sentence) for each sentence of the data with a time, each text once."""
    texts: list[tuple[str, str]] = [
        ("en", str(row.get("article") or ""))
        for _, row in data_rows(data / "summaries" / "cnndm-dev.jsonl")
    ]
    seen: set[str] = set()
    for _, row in data_rows(data / "related" / "semeval-dev.jsonl"):
        for side in ("1", "2"):
            language, text = str(row.get(f"lang{side}")), str(row.get(f"text{side}") or "")
            if language in _TIMES and language != "en" and text[:80] not in seen:
                seen.add(text[:80])
                texts.append((language, text))
    for language, text in texts:
        for sentence in split_sentences(text, language):
            if respell_times(sentence, language, language) is not None:
                yield language, sentence.strip()


def _kept(original: str, translation: str) -> bool:
    answer = {"translations": [{"id": 0, "text": translation}]}
    return parse_sentence_translation_output(answer, [original]) != [None]


def clock_time_checks(data: Path, kept: Callable[[str, str], bool] = _kept) -> dict[str, Any]:
    """Per language of the sentence: how many translations with the time respelt were kept
    (want all) and how many with the time moved one hour were refused (want all)."""
    by_language: dict[str, dict[str, int]] = {}
    for language, sentence in time_sentences(data):
        tally = by_language.setdefault(language, {"sentences": 0, "n": 0, "kept": 0, "refused": 0})
        tally["sentences"] += 1
        for target in _TIMES:
            if target == language:
                continue
            faithful = respell_times(sentence, language, target)
            moved = respell_times(sentence, language, target, shift_hours=1)
            if faithful is None or moved is None:
                continue
            tally["n"] += 1
            tally["kept"] += kept(sentence, faithful)
            tally["refused"] += not kept(sentence, moved)
    n = sum(t["n"] for t in by_language.values())
    return {
        "sentences": sum(t["sentences"] for t in by_language.values()),
        "n": n,
        "kept": round(sum(t["kept"] for t in by_language.values()) / n, 4) if n else None,
        "refused": round(sum(t["refused"] for t in by_language.values()) / n, 4) if n else None,
        "by_language": by_language,
    }
