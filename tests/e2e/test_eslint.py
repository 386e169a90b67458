"""ESLint (flat config, globals.webextensions) passes on the extension's sources."""

from __future__ import annotations

import subprocess

from tests.e2e.harness import EXTENSION_DIR, need_tool, node_modules


def test_eslint_passes() -> None:
    npx = need_tool("npx")
    node_modules(".bin/eslint")
    # Run from extension/, where eslint.config.js and node_modules live.
    result = subprocess.run(
        [npx, "--no-install", "eslint", "--max-warnings=0", "."],
        cwd=EXTENSION_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
