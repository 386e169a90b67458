"""The import-linter contract in pyproject.toml (run by `make lint`) refuses imports against the
layer rule: it is run here on a copy of the package with one bad import added, so a contract that
stopped checking (a renamed layer, a too-wide ignore) fails this test instead of passing quietly."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(
    tmp_path: Path, bad_module: str | None, line: str = ""
) -> subprocess.CompletedProcess[str]:
    root = tmp_path / "functions"
    shutil.copytree(
        REPO / "functions" / "parallax",
        root / "parallax",
        ignore=shutil.ignore_patterns("__pycache__", "data", "*.json"),
    )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    if bad_module is not None:
        path = root / Path(*bad_module.split(".")).with_suffix(".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / "__init__.py").touch()  # a new subpackage; an existing one is unchanged
        with path.open("a", encoding="utf-8") as handle:
            handle.write(f"\n{line}\n")
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_the_package_as_it_is_keeps_every_contract(tmp_path: Path) -> None:
    # Given the package unchanged / When the contracts are checked
    done = _lint(tmp_path, None)
    # Then none is broken
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "line", "reported"),
    [
        # the domain imports nothing outside itself: adapters, config, ingest, wiring, api
        (
            "parallax.domain.models",
            "from parallax.adapters import feed_index",
            "parallax.domain.models -> parallax.adapters.feed_index",
        ),
        (
            "parallax.domain.pipeline",
            "from parallax.config import Settings",
            "parallax.domain.pipeline -> parallax.config",
        ),
        (
            "parallax.domain.related_ranking",
            "def _later() -> None:\n    import parallax.wiring",
            "parallax.domain.related_ranking -> parallax.wiring",
        ),
        # a subpackage created later is covered without touching the contract
        (
            "parallax.domain.newpackage.rules",
            "from parallax.ingest import runner",
            "parallax.domain.newpackage.rules -> parallax.ingest.runner",
        ),
        # sibling layers: adapters and ingest services never import each other
        (
            "parallax.adapters.feed_state",
            "from parallax.ingest.catalogue import Catalogue",
            "parallax.adapters.feed_state -> parallax.ingest.catalogue",
        ),
        (
            "parallax.ingest.runner",
            "from parallax.adapters.fetcher import GuardedFetcher",
            "parallax.ingest.runner -> parallax.adapters.fetcher",
        ),
        (
            "parallax.ingest.feed_worker",
            "from parallax.wiring import build_feed_worker",
            "parallax.ingest.feed_worker -> parallax.wiring",
        ),
        (
            "parallax.ingest.runner",
            "from parallax.config import Settings",
            "parallax.ingest.runner -> parallax.config",
        ),
        # the top-level helpers sit above the domain and below everything else
        (
            "parallax.domain.sentences",
            "from parallax.terminal_progress import TerminalProgress",
            "parallax.domain.sentences -> parallax.terminal_progress",
        ),
        (
            "parallax.terminal_progress",
            "from parallax.config import Settings",
            "parallax.terminal_progress -> parallax.config",
        ),
        (
            "parallax.jsonl",
            "from parallax.adapters import feed_index",
            "parallax.jsonl -> parallax.adapters.feed_index",
        ),
        # the API goes through wiring, and nothing below it imports the API
        (
            "parallax.api.app",
            "from parallax.adapters.llm import powertools_metrics_sink",
            "parallax.api.app -> parallax.adapters.llm",
        ),
        (
            "parallax.adapters.llm",
            "from parallax.api import problems",
            "parallax.adapters.llm -> parallax.api.problems",
        ),
    ],
)
def test_an_import_against_the_layers_breaks_the_contract(
    tmp_path: Path, module: str, line: str, reported: str
) -> None:
    # Given the package with one import against the layer rule added
    # When the contracts are checked
    done = _lint(tmp_path, module, line)
    # Then the check fails and names that import
    assert done.returncode != 0
    assert "1 broken" in done.stdout
    assert reported in done.stdout
