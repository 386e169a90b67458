"""The ``parallax`` command's entry point (``[project.scripts]``).

The console script runs ``from <module> import <function>`` before any of our code can handle
Ctrl-C, so a SIGINT while :mod:`parallax.cli` and its imports load (argparse, json, the
progress line: tens of milliseconds, more on a busy machine) printed a KeyboardInterrupt
traceback. This module imports nothing of its own at the top, so the window before the handling
below is the package's empty ``__init__`` only.
"""

from __future__ import annotations

import sys

__all__ = ["run"]

_EXIT_INTERRUPTED = 130  # 128 + SIGINT, as parallax.cli.EXIT_INTERRUPTED


def run() -> int:
    """Import the CLI and run it; Ctrl-C during the import is one line and exit 130."""
    try:
        from parallax.cli import main
    except KeyboardInterrupt:
        print("parallax: interrupted", file=sys.stderr)
        return _EXIT_INTERRUPTED
    return main()
