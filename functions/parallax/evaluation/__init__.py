"""How good Parallax is, measured on the evaluation data in ``../shared/data``.

``metrics`` implements the metric definitions of that folder's README; ``extraction`` and
``summaries`` run our code and the off-the-shelf baseline over the development sets in one run;
``cli`` adds ``parallax eval`` and ``parallax summarize`` to the command line. Nothing here is
imported by the API: evaluation is a development tool, and ``rouge_score`` is an optional extra.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from parallax.jsonl import InputTooLarge, bounded_lines

__all__ = ["DataError", "data_lines"]


class DataError(Exception):
    """The evaluation data is missing or malformed; the message says what and where."""


def data_lines(path: Path, handle: TextIO) -> Iterator[tuple[int, str]]:
    """The non-blank lines of a JSONL data file, each bounded (``parallax.jsonl``); an over-long
    line is a DataError naming the file and line."""
    try:
        for number, line in bounded_lines(handle):
            if line is None:
                raise DataError(f"{path}:{number}: the line is too long")
            if line.strip():
                yield number, line
    except InputTooLarge as exc:
        raise DataError(f"{path}: {exc}") from None
