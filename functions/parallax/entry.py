"""The ``parallax`` command's entry point (``[project.scripts]``).

The console script runs ``from <module> import <function>`` before any of our code can handle
Ctrl-C, so a SIGINT while :mod:`parallax.cli` and its imports load (argparse, json, the
progress line: tens of milliseconds, more on a busy machine) printed a KeyboardInterrupt
traceback. This module imports nothing of its own at the top (``os`` and ``sys`` are loaded
with the interpreter), so the window before the handling below is the package's empty
``__init__`` only.

``parallax serve`` also stops on SIGTERM from here on: before, its handler was set once the
server was built (a second or more after the start, its imports and services first), and a
SIGTERM until then (a service manager, ``kill``, a test's clean-up) ended the process by the
signal (exit -15, no "stopping").
"""

from __future__ import annotations

import os
import sys

__all__ = ["StopOnSigterm", "run"]

_EXIT_INTERRUPTED = 130  # 128 + SIGINT, as parallax.cli.EXIT_INTERRUPTED


class StopOnSigterm:
    """``serve``'s SIGTERM handler until it sets its own: the exit is raised where the program
    is (an import, a service being built), "stopping" and exit 0, as its handlers do once it
    serves, so nothing half-built outlives it. Where Python cannot raise it (a finaliser, a
    callback: "Exception ignored"), ``requested`` stays true, and ``serve`` reads it from the
    handler it replaces (parallax.cli may not import this module) before it serves."""

    requested = False

    def __call__(self, signum: int, frame: object) -> None:
        if self.requested:
            return  # a second SIGTERM (`timeout` and `uv run` both pass one on): one stop
        self.requested = True
        os.write(2, b"stopping\n")  # not sys.stderr: the signal may come in the middle of a write
        raise SystemExit(0)


def run() -> int:
    """Import the CLI and run it; Ctrl-C during the import is one line and exit 130."""
    if sys.argv[1:2] == ["serve"]:
        import signal  # here: the other commands do without it, and Ctrl-C waits for no import

        signal.signal(signal.SIGTERM, StopOnSigterm())
    try:
        from parallax.cli import main
    except KeyboardInterrupt:
        print("parallax: interrupted", file=sys.stderr)
        return _EXIT_INTERRUPTED
    return main()
