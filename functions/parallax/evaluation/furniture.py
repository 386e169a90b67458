"""Is a summary bullet page furniture? The evaluation's own detector.

The summariser has a furniture filter of its own (:func:`parallax.domain.extractive_summariser.is_furniture`);
measuring it with itself would prove nothing. This detector is written apart and works
differently where it can: it compares a bullet with the page's *metadata* (the extracted title and
authors, which the summariser's filter does not see), measures how much of a bullet is date or
interface vocabulary rather than matching anchored patterns, and flags near-duplicate bullets by
word-set overlap rather than TF-IDF cosine. It was checked by reading bullets by hand (see
docs/benchmarks.md, issue 16).

Kinds: ``headline`` (a copy of the title), ``byline`` (the authors' names), ``date`` (a date,
time or update notice with next to nothing else), ``dateline`` (a place in capitals alone),
``interface`` (navigation, subscription and sharing prompts, credits), ``fragment`` (fewer than
four words: not a statement).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

__all__ = ["FURNITURE_KINDS", "furniture_kind", "near_duplicate_pairs"]

FURNITURE_KINDS = ("headline", "byline", "date", "dateline", "interface", "fragment")

_TOKEN = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_DATE_VOCABULARY = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "januar",
        "februar",
        "märz",
        "juni",
        "juli",
        "oktober",
        "dezember",
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "am",
        "pm",
        "gmt",
        "utc",
        "et",
        "est",
        "edt",
        "cet",
        "cest",
        "bst",
        "pt",
        "pst",
        "uhr",
        "updated",
        "update",
        "posted",
        "published",
        "last",
        "modified",
        "aktualisiert",
        "veröffentlicht",
        "stand",
        "zuletzt",
        "publié",
        "mis",
        "à",
        "jour",
        "le",
        "la",
        "de",
        "del",
        "el",
        "on",
        "at",
        "um",
        "the",
        "of",
        "ago",
        "hours",
        "hour",
        "minutes",
        "minute",
        "stunden",
        "stunde",
        "vor",
        "min",
        "h",
    ]
)
_BYLINE_WORDS = frozenset(
    [
        "by",
        "von",
        "par",
        "por",
        "di",
        "door",
        "and",
        "und",
        "et",
        "y",
        "e",
        "with",
        "mit",
        "from",
        "aus",
        "in",
        "for",
        "für",
        "the",
        "der",
        "die",
        "staff",
        "writer",
        "reporter",
        "correspondent",
        "editor",
        "text",
        "photos",
    ]
)
# Phrases of the page's interface, flagged in a bullet of up to 30 words ...
_INTERFACE = (
    "skip to", "main content", "main menu", "sign up for", "sign in to", "log in to",
    "share this", "share on", "follow us on", "read more:", "click here", "all rights reserved",
    "accept cookies", "getty images", "photo:", "image:", "foto:", "bild:", "credit:", "©",
    "jetzt abonnieren", "jetzt lesen", "weiterlesen", "zum inhalt", "lesen sie auch",
    "mehr zum thema", "s'abonner", "abonnez-vous", "lire aussi", "suscríbete", "leer más",
    "back to top", "for more information, see", "download the app", "subscribe now",
    "subscribe to our", "our newsletter", "min read", "on this page",
)  # fmt: skip
# ... and words that are the interface only in a short line ("Newsletter", "Login | Register").
_INTERFACE_WORDS = (
    "navigation", "subscribe", "subscription", "login", "log in", "newsletter", "cookie",
    "advertisement", "copyright", "anmelden", "registrieren", "account", "recommended",
    "sponsored", "watch:", "listen:",
)  # fmt: skip


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def furniture_kind(  # noqa: PLR0911 - one return per kind reads best
    bullet: str, title: str | None, authors: Sequence[str] = ()
) -> str | None:
    """The kind of furniture ``bullet`` is, or ``None`` for a statement of the article."""
    tokens = _tokens(bullet)
    cjk = len(_CJK.findall(bullet))
    if len(tokens) + cjk // 2 < 4:
        return "fragment"
    if title and _similar_to_title(bullet, title, tokens):
        return "headline"
    if authors and len(tokens) <= 15 and _names_authors(tokens, authors):
        return "byline"
    dated = [t for t in tokens if t.isdigit() or t in _DATE_VOCABULARY]
    if len(tokens) <= 15 and any(t.isdigit() for t in tokens) and len(dated) >= 0.7 * len(tokens):
        return "date"
    letters = [ch for ch in bullet if ch.isalpha()]
    if len(tokens) <= 6 and letters and all(ch.isupper() for ch in letters):
        return "dateline"
    lowered = bullet.casefold()
    if len(tokens) <= 30 and any(marker in lowered for marker in _INTERFACE):
        return "interface"
    if len(tokens) <= 8 and any(marker in lowered for marker in _INTERFACE_WORDS):
        return "interface"
    # a table row or a menu ("| Su | Mo | Tu |"), an advertising tick list ("✔ Free quote")
    if bullet.count("|") + bullet.count("✔") + bullet.count("✓") >= 2:
        return "interface"
    return None


def _similar_to_title(bullet: str, title: str, tokens: list[str]) -> bool:
    headline = _tokens(title)
    if not headline or len(tokens) > 2 * len(headline) + 3:
        return False
    ratio = SequenceMatcher(None, " ".join(tokens), " ".join(headline), autojunk=False).ratio()
    return ratio >= 0.75


def _names_authors(tokens: list[str], authors: Sequence[str]) -> bool:
    """The bullet names an author and says little else (at most three other words): a byline,
    not a sentence that happens to mention the author."""
    joined = f" {' '.join(tokens)} "
    names = [_tokens(a) for a in authors]
    if not any(len(n) >= 2 and f" {' '.join(n)} " in joined for n in names):
        return False
    own = {t for n in names for t in n}
    rest = [t for t in tokens if t not in own and t not in _BYLINE_WORDS]
    return len(rest) <= 3


def near_duplicate_pairs(bullets: Sequence[str], threshold: float = 0.6) -> int:
    """Pairs of bullets whose word sets overlap this much (Jaccard): the same point twice."""
    sets = [set(_tokens(b)) for b in bullets]
    pairs = 0
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            union = sets[i] | sets[j]
            if union and len(sets[i] & sets[j]) / len(union) >= threshold:
                pairs += 1
    return pairs
