"""Where the deployment tools live on this machine, and how to run them offline.

aws-sam-cli has its own virtual environment under .tools/sam (`make sam`), because it pins
versions of boto3 and pydantic the project does not use. `sam build` needs the Lambda runtime's
Python (3.12) on PATH to build without Docker.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAM = REPO / ".tools" / "sam" / "bin" / "sam"
REGION = "eu-central-1"


def offline_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "PARALLAX_"))}
    # No telemetry, no credentials: nothing the tools do here may reach AWS.
    env.update(SAM_CLI_TELEMETRY="0", AWS_DEFAULT_REGION=REGION, AWS_REGION=REGION)
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    env.update(AWS_EC2_METADATA_DISABLED="true")
    env.update(extra)
    return env


def require_sam() -> Path:
    if SAM.is_file():
        return SAM
    message = "aws-sam-cli is not installed in .tools/sam (run `make sam`; `make test` does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@cache
def python312() -> Path | None:
    """A working python3.12: from PATH if it runs (a pyenv shim may not), else pyenv's."""
    candidates: list[str | None] = [shutil.which("python3.12")]
    roots = [os.environ.get("PYENV_ROOT"), str(Path.home() / ".pyenv")]
    for root in filter(None, roots):
        found = Path(root).glob("versions/3.12*/bin/python3.12")
        candidates += sorted((str(p) for p in found), reverse=True)
    candidates += ["/usr/bin/python3.12", "/usr/local/bin/python3.12"]
    for candidate in filter(None, candidates):
        try:
            done = subprocess.run(
                [candidate, "-c", "import sys; print(sys.version_info[:2] == (3, 12))"],
                capture_output=True, text=True, timeout=30, check=False,
            )  # fmt: skip
        except OSError:
            continue
        if done.returncode == 0 and done.stdout.strip() == "True":
            return Path(candidate)
    return None


def require_python312() -> Path:
    found = python312()
    if found is None:
        pytest.skip(
            "no python3.12 on this machine: `sam build` without Docker needs the Lambda "
            "runtime's Python (install python3.12, or pyenv install 3.12)"
        )
    return found


def run(args: list[str | Path], *, timeout: float = 120, **kwargs: object) -> str:
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, check=False,
        **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip
    assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def venv_tool(name: str) -> Path:
    return Path(sys.executable).parent / name
