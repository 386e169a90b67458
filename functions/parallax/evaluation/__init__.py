"""How good Parallax is, measured on the evaluation data in ``../shared/data``.

``metrics`` implements the metric definitions of that folder's README; ``extraction`` and
``summaries`` run our code and the off-the-shelf baseline over the development sets in one run;
``cli`` adds ``parallax eval`` and ``parallax summarize`` to the command line. Nothing here is
imported by the API: evaluation is a development tool, and ``rouge_score`` is an optional extra.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from parallax.jsonl import InputTooLarge, bounded_lines

__all__ = ["DataError", "data_lines", "data_rows"]


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


def data_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-blank line of a JSONL data file: the one loader of
    the evaluation sets. A missing file, a line that is not JSON or not an object, or an over-long
    line is a DataError naming the file and line."""
    if not path.is_file():
        raise DataError(f"missing {path}: the evaluation data lives in ../shared/data")
    with path.open(encoding="utf-8") as handle:
        for number, line in data_lines(path, handle):
            try:
                row = json.loads(line)
            except (ValueError, RecursionError):
                raise DataError(f"{path}:{number}: not JSON") from None
            if not isinstance(row, dict):
                raise DataError(f"{path}:{number}: not a JSON object")
            yield number, row
