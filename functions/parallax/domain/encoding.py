"""Bytes of an HTML document → text, as a browser would decode it.

One implementation for every source of HTML (the fetcher, saved files, evaluation pages), so the
same bytes always become the same text and the same cache key.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

__all__ = ["decode_html"]

# WHATWG label → decoder, where Python's codec of the same name is stricter than what browsers
# (and so page authors) actually use.
_CHARSET_ALIASES: Final = {
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "gb2312": "gbk",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "sjis": "cp932",
}
_META_CHARSET: Final = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE
)


def _codec(label: str | None, *, from_meta: bool = False) -> str | None:
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if from_meta and name.startswith("utf-16"):
        # Bytes that were readable as ASCII to find this meta cannot be UTF-16 (WHATWG).
        return "utf-8"
    name = _CHARSET_ALIASES.get(name, name)
    try:
        # Rejects unknown names and non-text codecs (base64, rot13); b"" would skip the lookup.
        b"a".decode(name, "replace")
    except LookupError:
        return None
    return name


def decode_html(raw: bytes, declared_charset: str | None = None) -> str:
    """BOM, then the declared (HTTP) charset, then ``<meta charset>``, then UTF-8; never raises.

    Undeclared bytes that are not valid UTF-8 are decoded as Windows-1252, the browsers' default
    for unlabelled Western pages, rather than sprinkled with replacement characters.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", "replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", "replace")
    codec = _codec(declared_charset)
    if codec is None:
        match = _META_CHARSET.search(raw[:1024])
        codec = _codec(match.group(1).decode("ascii"), from_meta=True) if match else None
    if codec is not None:
        return raw.decode(codec, "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")
