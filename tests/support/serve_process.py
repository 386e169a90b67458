"""`parallax serve` in its own process, as `make run` starts it, for tests that read what it says.

One thread reads its stderr line by line from the start, and every test reads the lines that
thread kept. Before, each test module read the pipe itself, with ``readline()`` and then
``communicate()``: ``communicate()`` with a timeout reads the pipe's descriptor, not the text
stream, and lost the lines the stream had already buffered (met twice in CI, each time a start
line the test asserted on).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType

__all__ = ["SERVING", "ServeProcess", "serve_env"]

REPO = Path(__file__).resolve().parents[2]
SERVING = re.compile(r"Parallax serving on (http://\S+)")


def serve_env(home: Path, *, inherit_settings: bool = False, **settings: str) -> dict[str, str]:
    """The process's environment: this one's, with no ``PARALLAX_*`` setting of the test run's
    unless ``inherit_settings``; its data under ``home``; the local index only and no poll
    (nothing leaves the machine) unless ``settings`` say otherwise."""
    env = {k: v for k, v in os.environ.items() if inherit_settings or not k.startswith("PARALLAX_")}
    env.update(PARALLAX_HOME=str(home), PARALLAX_PROVIDERS="index", PARALLAX_INGEST_INTERVAL_S="0")
    env.update(settings)
    return env


class ServeProcess:
    """A started ``parallax serve --port 0``. Use it as a context manager: it is killed on the
    way out if the test did not stop it."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        console_script: bool = False,
        args: tuple[str, ...] = ("--host", "127.0.0.1", "--port", "0"),
        command: list[str] | None = None,
    ) -> None:
        # The console script is what `make run` starts (its entry module catches signals from
        # the first moments); `python -m parallax.cli` is the same CLI without it. ``command``:
        # another program that ends in `parallax serve` (the demo script).
        if command is None:
            cli = ["parallax"] if console_script else [sys.executable, "-m", "parallax.cli"]
            command = [*cli, "serve", *args]
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=dict(env),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.base_url = ""  # set by wait_serving()
        self._lines: list[tuple[float, str]] = []
        self._changed = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            with self._changed:
                self._lines.append((time.monotonic(), line))
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    # -- what it said ------------------------------------------------------------------------

    @property
    def lines(self) -> list[str]:
        """Every stderr line so far, with its newline."""
        with self._changed:
            return [line for _, line in self._lines]

    @property
    def timed_lines(self) -> list[tuple[float, str]]:
        """Every stderr line so far with the ``time.monotonic()`` it was read at."""
        with self._changed:
            return list(self._lines)

    @property
    def stderr(self) -> str:
        return "".join(self.lines)

    def wait_for(self, pattern: re.Pattern[str], timeout: float = 60.0) -> re.Match[str]:
        """The first match of ``pattern`` in a line; fails if the process ends or ``timeout``
        passes before one comes."""
        deadline = time.monotonic() + timeout
        seen = 0
        with self._changed:
            while True:
                for _, line in self._lines[seen:]:
                    found = pattern.search(line)
                    if found:
                        return found
                seen = len(self._lines)
                left = deadline - time.monotonic()
                reader_done = not self._reader.is_alive()
                if left <= 0 or reader_done:
                    raise AssertionError(
                        f"parallax serve never said {pattern.pattern!r}:\n{self.stderr}"
                    )
                self._changed.wait(min(left, 0.5))

    def wait_serving(self, timeout: float = 60.0) -> str:
        """The base URL, once it serves (kept as ``base_url``)."""
        self.base_url = self.wait_for(SERVING, timeout).group(1)
        return self.base_url

    def lines_after(self, pattern: re.Pattern[str]) -> list[str]:
        """The lines said after the first line that matches ``pattern``."""
        lines = self.lines
        for n, line in enumerate(lines):
            if pattern.search(line):
                return lines[n + 1 :]
        return []

    # -- stopping ----------------------------------------------------------------------------

    def send_signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def wait(self, timeout: float = 15.0) -> int:
        """Its exit code once it has ended, with every line it said read."""
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise
        self._reader.join(10)
        return code

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 15.0) -> int:
        """Send ``signum`` and wait for the exit code (``stderr`` then holds everything)."""
        self.send_signal(signum)
        return self.wait(timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._reader.join(10)

    def __enter__(self) -> ServeProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.kill()
