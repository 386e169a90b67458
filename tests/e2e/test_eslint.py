"""ESLint (flat config, globals.webextensions) passes on the extension's sources."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.e2e.harness import EXTENSION_DIR


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        reason = f"{tool} is not installed (Debian: apt-get install nodejs npm)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def test_eslint_passes() -> None:
    npm = _need("npm")
    npx = _need("npx")
    if not (EXTENSION_DIR / "node_modules" / ".bin" / "eslint").exists():
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"],
            cwd=EXTENSION_DIR,
            check=True,
            capture_output=True,
            timeout=600,
        )
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
