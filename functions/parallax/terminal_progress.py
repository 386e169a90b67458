"""The one progress line long-running commands show: on a terminal only, silent when piped.

``parallax batch``, ``parallax eval`` and the evaluation commands count items on stderr with it;
when stderr is a file or a pipe nothing is written, so logs and JSON output stay clean.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

__all__ = ["TerminalProgress"]

_MIN_INTERVAL_S = 0.1


class TerminalProgress:
    """``label: done/total`` rewritten in place at most every 0.1 s (and always for the last item).

    ``step()`` counts one more item of the ``label`` and ``total`` given at construction;
    ``show(label, done, total)`` shows any count; ``close()`` ends the line if one was written.
    ``detail`` (to either) follows the count, e.g. ``" · new 3 · failed 1"``; it is formatted by the
    caller on every call, so keep it cheap.
    """

    def __init__(
        self, total: int | None = None, label: str = "", stream: TextIO | None = None
    ) -> None:
        # sys.stderr is looked up per instance, not bound at import: tests may replace it.
        self._stream = stream if stream is not None else sys.stderr
        self._enabled = self._stream.isatty()
        self._total, self._label = total, label
        self._done = 0
        self._last = 0.0
        self._open = False
        # The newest line not written because it came too soon after the last one: close()
        # writes it, so that a count without a total does not end on its first item
        # ("corroborate: 1" after 60 lines).
        self._pending: str | None = None

    def step(self, detail: str = "") -> None:
        self._done += 1
        self.show(self._label, self._done, self._total, detail)

    def show(self, label: str, done: int, total: int | None = None, detail: str = "") -> None:
        if not self._enabled:
            return
        of = f"/{total}" if total else ""
        line = f"{label}: {done}{of}{detail}"
        now = time.monotonic()
        if now - self._last > _MIN_INTERVAL_S or done == total:
            self._last = now
            self._write(line)
        else:
            self._pending = line

    def _write(self, line: str) -> None:
        self._stream.write(f"\r\033[K{line}")
        self._stream.flush()
        self._open = True
        self._pending = None

    def __call__(self, label: str, done: int, total: int | None = None) -> None:
        self.show(label, done, total)

    def close(self) -> None:
        if self._pending is not None:
            self._write(self._pending)
        if self._open:
            self._stream.write("\n")
            self._stream.flush()
            self._open = False
