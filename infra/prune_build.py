"""Slim the `sam build` artifacts before they are zipped: what `make build` runs after sam build.

What goes, and why it is safe:

* boto3, botocore, s3transfer — the Lambda python3.12 runtime provides them (on sys.path after
  the function's own code). They are moved to ``<build>/../runtime-provided/`` rather than
  deleted, so that the artifact checks can put them where the runtime would (last on sys.path).
* ``tests`` directories of third-party packages (numpy's alone are ~9 MB) and ``*.pyi`` stubs.
* Babel's locale data but ``root`` and ``en``: trafilatura imports courlan, which imports Babel
  only for ``lang_filter``; that returns before touching Babel when no language is given, and
  Parallax never gives one. Were it ever asked, ``Locale.parse`` checks that the file exists and
  raises ``UnknownLocaleError``, which courlan catches and scores as neutral (about 7 MB saved).
* Powertools' bundled Swagger UI assets (1.7 MB of JavaScript and CSS): they are read only when
  a resolver calls ``enable_swagger()`` to serve its own docs page, which Parallax never does
  (its OpenAPI document is docs/openapi.json). The Python modules stay, so imports still work.

With ``--compile PYTHON`` every module is then compiled to bytecode by that interpreter (it must
be the runtime's version, 3.12) with ``unchecked-hash`` pycs: /var/task is read-only, so without
them every cold start compiles the whole import graph again, and an unchecked pyc stays valid
whatever the file times in the zip.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer")
# Babel locale files are named like "de.dat", "de_AT.dat"; root.dat is the parent of all.
KEEP_LOCALES = frozenset({"root", "en"})
SWAGGER_ASSETS = tuple(
    f"aws_lambda_powertools/event_handler/openapi/swagger_ui/{name}"
    for name in ("swagger-ui-bundle.min.js", "swagger-ui.min.css")
)


def _size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def _site_dirs(build: Path) -> list[Path]:
    """Each function's code root and each layer's python/ directory."""
    found = []
    for child in sorted(p for p in build.iterdir() if p.is_dir()):
        if (child / "parallax").is_dir():
            found.append(child)
        elif (child / "python").is_dir():
            found.append(child / "python")
    return found


def prune(site: Path, runtime_dir: Path) -> None:
    for entry in list(site.iterdir()):
        name = entry.name.split("-", 1)[0] if entry.name.endswith(".dist-info") else entry.name
        if name in RUNTIME_PROVIDED:
            target = runtime_dir / entry.name
            if target.exists():
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
            else:
                runtime_dir.mkdir(parents=True, exist_ok=True)
                shutil.move(str(entry), str(target))
    for package in site.iterdir():
        if not package.is_dir() or package.name == "parallax" or package.name.endswith("-info"):
            continue
        for tests in [p for p in package.rglob("tests") if p.is_dir()]:
            shutil.rmtree(tests, ignore_errors=True)
        for stub in package.rglob("*.pyi"):
            stub.unlink()
    for asset in SWAGGER_ASSETS:
        (site / asset).unlink(missing_ok=True)
    locale_data = site / "babel" / "locale-data"
    if locale_data.is_dir():
        for data in locale_data.glob("*.dat"):
            if data.stem not in KEEP_LOCALES:
                data.unlink()


def compile_all(site: Path, python: str) -> None:
    subprocess.run(  # noqa: S603 - the interpreter the caller chose, fixed arguments
        [python, "-m", "compileall", "-q", "-j", "0", "--invalidation-mode", "unchecked-hash",
         str(site)],
        check=True,
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build", type=Path, nargs="?", default=Path(".aws-sam/build"))
    parser.add_argument("--compile", metavar="PYTHON", help="compile bytecode with this python")
    args = parser.parse_args(argv)
    if not args.build.is_dir():
        print(f"{args.build}: no build here (run `sam build` first)", file=sys.stderr)
        return 1
    runtime_dir = args.build.parent / "runtime-provided"
    for site in _site_dirs(args.build):
        before = _size(site)
        prune(site, runtime_dir)
        if args.compile:
            compile_all(site, args.compile)
        print(
            f"{site.relative_to(args.build)}: {before / 1e6:.1f} MB -> {_size(site) / 1e6:.1f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
