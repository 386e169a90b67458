"""Cold start of each Lambda function, from the `sam build` artifact: handler import time in a
fresh runtime-version interpreter, and bundle size.

    make build ARCHITECTURE=x86_64     # the artifact this machine can import (bytecode compiled)
    uv run python bench/bench_cold_start.py [--runs 7] [--json out.json]

Each run starts a new ``python3.12 -I -S`` (no site-packages: only the bundle, the SDK the Lambda
runtime provides, and the standard library on sys.path, in Lambda's order) and times
``import <handler module>``. Two settings of the environment: tracing off, and "as in Lambda"
(``AWS_LAMBDA_FUNCTION_NAME`` set, so Powertools' Tracer imports the X-Ray SDK and patches
modules, as it does in the deployed function). Without python3.12 the bench falls back to this
interpreter and says so (bytecode of another version is then not used: the times are pessimistic).

Target (issue 7): the API function's handler imports in at most 0.8 s.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, bench_parser, machine, median

HANDLERS = {
    "ApiFunction": "parallax.api.handler",
    "IngestSchedulerFunction": "parallax.ingest.handlers",
    "FeedWorkerFunction": "parallax.ingest.handlers",
    "IndexPublisherFunction": "parallax.ingest.handlers",
}
TARGET_S = 0.8
_TIMER = (
    "import sys, time; sys.path.insert(0, sys.argv[1]); sys.path.append(sys.argv[2]); "
    "t = time.perf_counter(); __import__(sys.argv[3]); print(time.perf_counter() - t)"
)


def find_python312() -> str | None:
    candidates = [shutil.which("python3.12")]
    for root in filter(None, [os.environ.get("PYENV_ROOT"), str(Path.home() / ".pyenv")]):
        candidates += sorted((str(p) for p in Path(root).glob("versions/3.12*/bin/python3.12")),
                             reverse=True)  # fmt: skip
    for candidate in filter(None, candidates):
        done = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2])"],
                              capture_output=True, text=True, check=False)  # fmt: skip
        if done.returncode == 0 and done.stdout.strip() == "(3, 12)":
            return candidate
    return None


def size(path: Path, suffix: str | None = None) -> int:
    return sum(
        f.stat().st_size
        for f in path.rglob("*")
        if f.is_file() and (suffix is None or f.name.endswith(suffix))
    )


def zipped_size(path: Path, scratch: Path) -> int:
    """Deflated size, as `sam deploy` uploads it."""
    target = scratch / f"{path.name}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(path.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(path))
    bytes_ = target.stat().st_size
    target.unlink()
    return bytes_


def artifact_arch(function_dir: Path) -> str:
    for binary in function_dir.glob("lxml/etree*.so"):
        return "arm64" if "aarch64" in binary.name else "x86_64"
    return "unknown"


def import_times(python: str, site: Path, runtime: Path, module: str, runs: int,
                 lambda_like: bool) -> list[float]:  # fmt: skip
    env = {"PATH": os.environ.get("PATH", ""), "PARALLAX_HOME": "/tmp/parallax-bench",
           "POWERTOOLS_SERVICE_NAME": "parallax", "POWERTOOLS_METRICS_NAMESPACE": "Parallax",
           "AWS_REGION": "eu-central-1", "AWS_DEFAULT_REGION": "eu-central-1"}  # fmt: skip
    if lambda_like:
        env.update(
            AWS_LAMBDA_FUNCTION_NAME="parallax-bench", AWS_XRAY_CONTEXT_MISSING="IGNORE_ERROR"
        )
    else:
        env["POWERTOOLS_TRACE_DISABLED"] = "true"
    args = [python, "-I", "-S", "-c", _TIMER, str(site), str(runtime), module]
    subprocess.run(args, check=True, capture_output=True, env=env)  # warm the page cache
    return [
        float(subprocess.run(args, check=True, capture_output=True, text=True, env=env).stdout)
        for _ in range(runs)
    ]


def slowest_imports(python: str, site: Path, runtime: Path, module: str) -> list[tuple[float, str]]:
    """Import time spent in each top-level package (self time summed, ``-X importtime``)."""
    env = {"PATH": os.environ.get("PATH", ""), "POWERTOOLS_TRACE_DISABLED": "true",
           "PARALLAX_HOME": "/tmp/parallax-bench"}  # fmt: skip
    done = subprocess.run(
        [python, "-X", "importtime", "-I", "-S", "-c", _TIMER, str(site), str(runtime), module],
        check=True, capture_output=True, text=True, env=env,
    )  # fmt: skip
    totals: dict[str, float] = {}
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \| *(\S+)", line)
        if match:
            name = match.group(2).split(".")[0]
            totals[name] = totals.get(name, 0.0) + int(match.group(1)) / 1e6
    return sorted(((s, n) for n, s in totals.items()), reverse=True)[:8]


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--build", type=Path, default=REPO / ".aws-sam" / "build")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    runtime = args.build.parent / "runtime-provided"
    if not (args.build / "ApiFunction").is_dir():
        sys.exit(f"no artifact in {args.build}: run `make build ARCHITECTURE=x86_64` first")
    python = find_python312()
    note = "python3.12 (the runtime's version)"
    if python is None:
        python, note = sys.executable, f"python{platform.python_version()} (no python3.12 found)"
    arch = artifact_arch(args.build / "ApiFunction")
    host = "arm64" if platform.machine() in {"aarch64", "arm64"} else "x86_64"
    if arch != host:
        sys.exit(f"the artifact is {arch}, this machine {host}: `make build ARCHITECTURE={host}`")

    result: dict[str, object] = {"machine": machine(), "interpreter": note, "artifact_arch": arch,
                                 "target_api_import_s": TARGET_S, "functions": {}}  # fmt: skip
    scratch = args.build.parent
    print(f"machine: {result['machine']}\ninterpreter: {note}; artifact: {arch}")
    print(f"{'function':<26}{'import s (median/min)':>24}{'as in Lambda':>16}"
          f"{'unzipped MB':>13}{'of it .pyc':>12}{'zipped MB':>11}")  # fmt: skip
    functions: dict[str, object] = {}
    for function, module in HANDLERS.items():
        site = args.build / function
        plain = import_times(python, site, runtime, module, args.runs, lambda_like=False)
        traced = import_times(python, site, runtime, module, args.runs, lambda_like=True)
        total, pyc = size(site), size(site, ".pyc")
        zipped = zipped_size(site, scratch)
        functions[function] = {
            "import_s_median": round(median(plain), 3), "import_s_min": round(min(plain), 3),
            "import_s_median_lambda_env": round(median(traced), 3),
            "unzipped_bytes": total, "pyc_bytes": pyc, "zipped_bytes": zipped,
        }  # fmt: skip
        print(f"{function:<26}{median(plain):>14.3f} / {min(plain):.3f}{median(traced):>16.3f}"
              f"{total / 1e6:>13.1f}{pyc / 1e6:>12.1f}{zipped / 1e6:>11.1f}")  # fmt: skip
    layer = args.build / "LlmLayer"
    if layer.is_dir():
        functions["LlmLayer"] = {
            "unzipped_bytes": size(layer),
            "zipped_bytes": zipped_size(layer, scratch),
        }
        print(f"{'LlmLayer (anthropic SDK)':<26}{'':>24}{'':>16}{size(layer) / 1e6:>13.1f}"
              f"{size(layer, '.pyc') / 1e6:>12.1f}{zipped_size(layer, scratch) / 1e6:>11.1f}")  # fmt: skip
    result["functions"] = functions
    top = slowest_imports(python, args.build / "ApiFunction", runtime, HANDLERS["ApiFunction"])
    result["api_slowest_imports"] = [{"package": n, "s": round(s, 3)} for s, n in top]
    print("API handler import, self time by package: "
          + ", ".join(f"{n} {s:.3f}s" for s, n in top))  # fmt: skip
    api = functions["ApiFunction"]
    assert isinstance(api, dict)
    verdict = "meets" if api["import_s_median_lambda_env"] <= TARGET_S else "MISSES"
    print(f"API import {api['import_s_median_lambda_env']:.3f} s as in Lambda: {verdict} the "
          f"{TARGET_S} s target")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
