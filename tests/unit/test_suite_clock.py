"""No test module reads the clock when it is imported (at collection).

A date taken at collection is stale by the time a late test runs: a suite collected before
midnight UTC then dates its feeds yesterday while the code under test looks at today. Tests take
the time in a fixture or in the test (tests/integration/test_ingest.py's ``today``,
tests/cloud/test_handlers.py's ``now``).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]

# Calls that read the wall clock, by the last two parts of their dotted name (or the bare name).
CLOCK_READS = {
    "datetime.now",
    "datetime.utcnow",
    "datetime.today",
    "date.today",
    "time.time",
    "time.gmtime",
    "time.localtime",
    "utils.formatdate",
    "formatdate",
}


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def _run_at_import(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes under ``node`` that run when the module is imported: not function bodies, but
    their decorators and default values, and class bodies."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        for part in (*node.decorator_list, *node.args.defaults, *node.args.kw_defaults):
            if part is not None:
                yield from _run_at_import(part)
        return
    if isinstance(node, ast.Lambda):
        for default in (*node.args.defaults, *node.args.kw_defaults):
            if default is not None:
                yield from _run_at_import(default)
        return
    yield node
    for child in ast.iter_child_nodes(node):
        yield from _run_at_import(child)


def clock_reads_at_import(source: str) -> list[int]:
    """Line numbers of the clock reads that run when ``source`` is imported."""
    found = []
    for node in _run_at_import(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = ".".join(_dotted(node.func).split(".")[-2:])
            if name in CLOCK_READS:
                found.append(node.lineno)
    return found


def test_the_finder_sees_a_date_taken_at_import_and_not_one_taken_in_a_test() -> None:
    # Given the shapes the two fixed modules had, and their fixes
    at_import = (
        "import email.utils\nfrom datetime import UTC, datetime\n"
        "TODAY = email.utils.formatdate(usegmt=True)\n"
        "NOW = datetime.now(tz=UTC).replace(microsecond=0)\n"
        "def f(when=time.time()): pass\n"
        "class C:\n    at = date.today()\n"
    )
    in_tests = (
        "@pytest.fixture\ndef now():\n    return datetime.now(tz=UTC)\n"
        "def test_x():\n    assert time.time() > 0\n"
        "LATER = lambda: formatdate()\n"
    )
    # Then the reads at import are found, those inside functions are not
    assert clock_reads_at_import(at_import) == [3, 4, 5, 7]
    assert clock_reads_at_import(in_tests) == []


def test_no_test_module_reads_the_clock_at_import() -> None:
    # Given every Python file of the test suite
    found = {
        str(path.relative_to(TESTS)): lines
        for path in sorted(TESTS.rglob("*.py"))
        if (lines := clock_reads_at_import(path.read_text(encoding="utf-8")))
    }
    # Then none reads the clock when collected
    assert found == {}
