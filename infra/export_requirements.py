"""Write the pip requirements that `sam build` installs, from uv.lock (the one source of pins).

    functions/requirements.txt       the package's runtime dependencies with the `aws` extra
                                     (boto3), without the Anthropic SDK
    infra/layers/llm/requirements.txt  the Anthropic SDK and everything it needs, for the layer
                                     the API function gets only when LlmProvider is not none

Run by `make requirements`; `--check` (used by the tests) fails when a file is out of date.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FUNCTIONS = REPO / "functions" / "requirements.txt"
LAYER = REPO / "infra" / "layers" / "llm" / "requirements.txt"
_EXPORT = ["export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project"]
_FORMAT = ["--format", "requirements-txt"]
_PIN = re.compile(r"^([A-Za-z0-9._-]+)==")


def _uv() -> str:
    # The Makefile's choice: uv from PATH, else the private copy it installs under .tools/.
    found = os.environ.get("UV") or shutil.which("uv")
    if found:
        return found
    private = REPO / ".tools" / "bin" / "uv"
    if private.is_file():
        return str(private)
    raise SystemExit("uv not found (the Makefile installs it: `make setup`)")


def _export(*extras: str, annotate: bool) -> str:
    args = [_uv(), *_EXPORT, *(x for e in extras for x in ("--extra", e)), *_FORMAT, "--no-header"]
    if not annotate:
        args.append("--no-annotate")
    # Fixed arguments; uv is the one the Makefile uses.
    done = subprocess.run(args, cwd=REPO, check=True, capture_output=True, text=True)  # noqa: S603
    return done.stdout


def _closure(annotated: str, root: str) -> set[str]:
    """Names of ``root`` and everything it depends on, from uv's ``# via`` annotations."""
    parents: dict[str, set[str]] = {}
    current: str | None = None
    for line in annotated.splitlines():
        pin = _PIN.match(line)
        if pin:
            current = pin.group(1).lower()
            parents.setdefault(current, set())
            continue
        text = line.strip().removeprefix("#").strip().removeprefix("via").strip()
        if current and text and line.lstrip().startswith("#"):
            parents[current].add(text.lower())
    wanted = {root}
    changed = True
    while changed:
        changed = False
        for name, via in parents.items():
            if name not in wanted and via & wanted:
                wanted.add(name)
                changed = True
    return wanted


def _spell_lxml_extra(requirements: str) -> str:
    """Name lxml's ``html_clean`` extra on lxml's own pin.

    jusText asks for ``lxml[html_clean]`` and readability-lxml for ``lxml[html-clean]``: the same
    extra, spelt two ways. The pip that `sam build` runs (the one of the Lambda runtime's Python,
    23.2 with pyenv's 3.12.1) fails on that with "Candidate is not for this requirement
    lxml[html-clean,html-clean]"; asking for the extra at the top level resolves it (pip warns
    that lxml does not provide it, which is harmless: lxml-html-clean is pinned below anyway).
    """
    return re.sub(r"^lxml==", "lxml[html_clean]==", requirements, flags=re.MULTILINE)


def render() -> dict[Path, str]:
    header = "# Generated from uv.lock by `make requirements` (infra/export_requirements.py).\n"
    functions = _spell_lxml_extra(_export("aws", annotate=False))
    # The layer's pins: the Anthropic SDK's dependency closure, at the versions of the lock.
    with_llm = _export("aws", "llm", annotate=True)
    closure = _closure(with_llm, "anthropic")
    layer_lines = [
        line
        for line in _export("aws", "llm", annotate=False).splitlines()
        if (pin := _PIN.match(line)) and pin.group(1).lower() in closure
    ]
    return {
        FUNCTIONS: header
        + "# Runtime dependencies of every Parallax function (extra: aws).\n"
        + functions,
        LAYER: header
        + "# The Anthropic SDK layer (only attached when LlmProvider != none).\n"
        + "\n".join(layer_lines)
        + "\n",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a file is out of date")
    args = parser.parse_args(argv)
    stale = []
    for path, text in render().items():
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(path.relative_to(REPO))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(REPO)}")
    if stale:
        print(
            f"out of date (run `make requirements`): {', '.join(map(str, stale))}", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
