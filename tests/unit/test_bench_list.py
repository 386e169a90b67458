"""`make bench` runs every benchmark in bench/, or the Makefile says why one is left out: 13
scripts had been added to bench/ over the sessions without joining BENCHES or being named."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
# "BENCHES := a b \" and its continuation lines.
_BENCHES = re.compile(r"^BENCHES\s*:=((?:[^\n]*\\\n)*[^\n]*)$", re.MULTILINE)
# "#   bench_x: why it is not in BENCHES" in the block that starts "# Left out of `make bench`".
_LEFT_OUT_BLOCK = re.compile(r"^# Left out of `make bench`[^\n]*\n((?:#[^\n]*\n)+)", re.MULTILINE)
_LEFT_OUT_LINE = re.compile(r"^#\s+(bench_\w+):\s*(\S.*)$")


def _listed() -> list[str]:
    match = _BENCHES.search(MAKEFILE)
    assert match, "the Makefile has no BENCHES list"
    return match.group(1).replace("\\", " ").split()


def _left_out() -> dict[str, str]:
    match = _LEFT_OUT_BLOCK.search(MAKEFILE)
    assert match, "the Makefile has no block of benchmarks left out"
    reasons: dict[str, str] = {}
    for line in match.group(1).splitlines():
        found = _LEFT_OUT_LINE.match(line)
        if found:
            reasons[found.group(1)] = found.group(2)
    return reasons


def test_every_benchmark_is_run_by_make_bench_or_left_out_with_a_reason() -> None:
    scripts = {path.stem for path in (ROOT / "bench").glob("bench_*.py")}
    listed, left_out = set(_listed()), _left_out()
    # Every script is in exactly one of the two lists
    assert scripts - listed - set(left_out) == set(), "neither run nor left out with a reason"
    assert listed & set(left_out) == set(), "both run and left out"
    # And both lists name scripts that exist, each once
    assert listed - scripts == set() and set(left_out) - scripts == set()
    assert len(_listed()) == len(listed)
    # And a reason says something
    assert all(len(reason.split()) >= 3 for reason in left_out.values()), left_out
