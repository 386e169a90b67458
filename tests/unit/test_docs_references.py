"""The tests and files the documentation names exist: docs/security.md says which test covers each
threat, and a renamed test left its old name there (reliability.md named a snapshot test that
had been renamed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

DOCS = ["README.md", *sorted(p.name for p in (REPO / "docs").glob("*.md"))]
# `tests/x/test_y.py::test_z`, `test_y.py::test_z` (a file named on its own) and `::test_w`,
# which continues the file named last
_REFERENCE = re.compile(
    r"`((?:tests|bench|scripts|infra|functions|extension)/[\w./-]+|test_\w+\.py)(?:::(\w+))?`"
    r"|`::(\w+)`"
)


def _doc(name: str) -> str:
    return (REPO / name if name == "README.md" else REPO / "docs" / name).read_text("utf-8")


def _test_file(named: str) -> Path | None:
    if "/" in named:
        return REPO / named
    found = sorted((REPO / "tests").rglob(named))
    return found[0] if found else None


def _references(text: str) -> list[tuple[str, str | None]]:
    """(file as named, test function or None) for every reference, in order."""
    found: list[tuple[str, str | None]] = []
    last: str | None = None
    for match in _REFERENCE.finditer(text):
        named, function, continued = match.groups()
        if named is not None:
            last = named
            found.append((named, function))
        elif last is not None:
            found.append((last, continued))
    return found


@pytest.mark.parametrize("doc", DOCS)
def test_every_file_and_test_a_document_names_exists(doc: str) -> None:
    missing = []
    for named, function in _references(_doc(doc)):
        path = _test_file(named)
        if path is None or not (path.exists() or path.with_suffix("").exists()):
            missing.append(named)
        elif (
            function is not None
            and path.is_file()
            and not re.search(rf"\bdef {function}\(", path.read_text("utf-8"))
        ):
            missing.append(f"{named}::{function}")
    assert missing == []
