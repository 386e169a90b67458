"""Bytes of an HTML document → text, with the charset the document itself declares."""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_html"]

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def decode_html(raw: bytes, declared_charset: str | None = None) -> str:
    """Decode ``raw`` by BOM, then the declared (HTTP) charset, then ``<meta charset>``, then
    UTF-8, falling back to Windows-1252, which decodes any byte and is what mislabelled
    Western pages usually are. Never raises."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", "replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", "replace")
    candidates = [_codec(declared_charset)]
    match = _META_CHARSET.search(raw[:4096])
    if match:
        candidates.append(_codec(match.group(1).decode("ascii", "ignore")))
    for codec in candidates:
        if codec:
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                continue
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")
