"""How good Parallax is, measured on the evaluation data in ``../shared/data``.

``metrics`` implements the metric definitions of that folder's README; ``extraction`` and
``summaries`` run our code and the off-the-shelf baseline over the development sets in one run;
``cli`` adds ``parallax eval`` and ``parallax summarize`` to the command line. Nothing here is
imported by the API: evaluation is a development tool, and ``rouge_score`` is an optional extra.
"""

from __future__ import annotations

__all__ = ["DataError"]


class DataError(Exception):
    """The evaluation data is missing or malformed; the message says what and where."""
