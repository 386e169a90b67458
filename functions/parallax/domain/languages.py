"""Language tags Parallax accepts, and their normal form.

A request names the reader's language as a BCP 47 tag (``de``, ``de-CH``, ``pt-BR``). The pipeline
works on the primary subtag; the set below is what the summariser, the sentence splitter and the
extension can serve. Anything else is refused as ``invalid_request`` rather than silently ignored.
"""

from __future__ import annotations

import re

__all__ = [
    "CLOSE_LANGUAGES",
    "SUPPORTED_LANGUAGES",
    "close_languages",
    "normalise_language",
    "primary_language",
]

SUPPORTED_LANGUAGES: frozenset[str] = frozenset(
    {
        "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "he",
        "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "nl", "no", "pl", "pt", "ro", "ru",
        "sk", "sl", "sr", "sv", "th", "tr", "uk", "ur", "vi", "zh",
    }
)  # fmt: skip

_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def primary_language(tag: str) -> str:
    """``"de-CH"`` → ``"de"``; ``"nb"``/``"nn"`` → ``"no"``. Does not validate."""
    primary = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return {"nb": "no", "nn": "no", "iw": "he", "in": "id"}.get(primary, primary)


def normalise_language(tag: str) -> str:
    """Return the supported primary subtag for ``tag`` or raise ``ValueError``."""
    if not _TAG.match(tag.strip()):
        # The value is not quoted back: a problem answer names the field, never what was sent.
        raise ValueError("not a language tag (a BCP 47 tag such as 'en' or 'pt-BR')")
    primary = primary_language(tag)
    if primary not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language: {primary!r}")
    return primary


CLOSE_LANGUAGES: tuple[frozenset[str], ...] = (
    frozenset({"hr", "sr", "bs", "sl", "mk"}),
    frozenset({"cs", "sk"}),
    frozenset({"no", "da", "nb", "nn", "sv"}),
    frozenset({"id", "ms"}),
    frozenset({"es", "gl", "ca", "pt"}),
)
"""Languages a statistical model confuses on news text, and a reader may read across."""


def close_languages(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are one of :data:`CLOSE_LANGUAGES` (a language is not close to
    itself: callers compare for equality first)."""
    return a != b and any(a in group and b in group for group in CLOSE_LANGUAGES)
