"""``parallax serve`` keeps its feed index fresh by itself: the first poll starts with the server,
then one every ``PARALLAX_INGEST_INTERVAL_S`` seconds, in one background thread.

Briefs never wait for it. Fetching and parsing run in the runner's small thread pool, writes are
one short transaction per feed, and the index file is in WAL mode, so a search reads the last
committed state while a feed is being written. How far the poll has got is published through a
:class:`~parallax.domain.ingest_ports.PollObserver` (``IngestProgress``, which the index provider
reads, so a Brief made during the first poll says "filling, n of m feeds").

A poll that fails as a whole (the index cannot be written: disk full, say) is logged and tried
again at the next interval; one feed's failure is the runner's business and never stops a poll.
:meth:`BackgroundIngest.stop` asks a running poll to stop after the feed in hand and waits a
little for it; the thread is a daemon, so the process never hangs on a slow outlet.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from parallax.domain.ingest_ports import ItemIndex, PollObserver
from parallax.ingest.runner import IngestReport, IngestRunner

__all__ = ["BackgroundIngest"]

ProgressT = TypeVar("ProgressT", bound=PollObserver)

_LOG = logging.getLogger(__name__)


class BackgroundIngest(Generic[ProgressT]):
    """Polls with ``runner`` at start and then every ``interval_s`` until :meth:`stop`.

    The runner is built by ``runner_factory`` inside the thread (reading the catalogue, opening
    the index), so that starting the server is not delayed by it either.
    """

    def __init__(
        self,
        runner_factory: Callable[[], IngestRunner[ItemIndex]],
        interval_s: float,
        progress: ProgressT,
        *,
        on_report: Callable[[IngestReport], None] | None = None,
    ) -> None:
        if interval_s <= 0:
            raise ValueError("interval_s must be positive (0 means: do not start one)")
        self._runner_factory = runner_factory
        self._interval_s = interval_s
        self.progress = progress
        self._on_report = on_report
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.polls = 0
        """Polls finished (for tests and logs)."""

    def start(self) -> BackgroundIngest[ProgressT]:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._loop, name="parallax-ingest-poll", daemon=True
            )
            self._thread.start()
        return self

    def stop(self, timeout_s: float = 5.0) -> bool:
        """Ask the poll to stop and wait up to ``timeout_s``; True when the thread has ended."""
        self._stop.set()
        if self._thread is None:
            return True
        self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def _loop(self) -> None:
        runner: IngestRunner[ItemIndex] | None = None
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                if runner is None:
                    runner = self._runner_factory()
                self._poll(runner)
            except Exception as exc:  # the next interval tries again; the server goes on
                _LOG.error("background feed poll failed: %s", type(exc).__name__)
            if self._stop.wait(max(0.0, self._interval_s - (time.monotonic() - started))):
                return

    def _poll(self, runner: IngestRunner[ItemIndex]) -> None:
        try:
            unfilled = runner.index.count() == 0
        except Exception:
            # Not built yet, or unreadable (replaced by the run): either way it starts empty.
            unfilled = True
        self.progress.start(unfilled=unfilled)
        try:
            report = runner.run_once(stop=self._stop)
        finally:
            self.progress.finish()
        self.polls += 1
        if self._on_report is not None and not self._stop.is_set():
            self._on_report(report)
