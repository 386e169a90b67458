"""Reading JSON lines with a bound on every line: the one reader every JSONL input goes through.

Iterating a file yields whole lines however long they are, so ``parallax similarity --input
/dev/zero`` once grew to 23.5 GB looking for the first newline. Here a line is read up to
``max_chars``; a longer one is reported (``None`` in its place) and its rest skipped in bounded
chunks, and a "line" that does not end within ``max_skip_chars`` more stops the input with
:class:`InputTooLarge`. Memory stays at about ``max_chars`` whatever the input.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TextIO

__all__ = ["MAX_LINE_CHARS", "MAX_SKIP_CHARS", "InputTooLarge", "bounded_lines"]

MAX_LINE_CHARS = 4_000_000
"""Longest line read: above a 2 MB article with its reference summary in one JSON object."""
MAX_SKIP_CHARS = 64_000_000
"""How far past ``max_chars`` the end of an over-long line is looked for before giving up."""
_CHUNK = 1 << 20


class InputTooLarge(ValueError):
    """A line of the input does not end within the bounds: the rest cannot be read as lines."""


def bounded_lines(
    handle: TextIO,
    max_chars: int = MAX_LINE_CHARS,
    max_skip_chars: int = MAX_SKIP_CHARS,
) -> Iterator[tuple[int, str | None]]:
    """``(number, line)`` for each line of ``handle`` from 1, ``line`` None when it is longer
    than ``max_chars`` characters (its rest is skipped). Raises :class:`InputTooLarge` when an
    over-long line has not ended ``max_skip_chars`` characters later."""
    number = 0
    while True:
        line = handle.readline(max_chars + 1)
        if not line:
            return
        number += 1
        if len(line) <= max_chars or line.endswith("\n"):
            yield number, line
            continue
        yield number, None
        skipped = 0
        while True:
            chunk = handle.readline(_CHUNK)
            if not chunk or chunk.endswith("\n"):
                break
            skipped += len(chunk)
            if skipped > max_skip_chars:
                raise InputTooLarge(
                    f"line {number} does not end within {max_chars + max_skip_chars} characters"
                )
