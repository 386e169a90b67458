"""`sam build` without Docker, then the built artifacts themselves: does each function's bundle
import its handler and run a first request with only what is in the bundle (plus the SDK the
Lambda runtime provides)? Built once per session, for both architectures in parallel:

* x86_64 (this machine's): imported and exercised by the runtime's Python, isolated;
* arm64 (what deploys): the API function alone, checked to build with aarch64 binaries.
"""

from __future__ import annotations

import json
import platform
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.cloud.tooling import (
    REGION,
    REPO,
    offline_env,
    require_python312,
    require_sam,
    run,
    venv_tool,
)
from tests.conftest import PAGES

FUNCTIONS = (
    "ApiFunction",
    "IngestSchedulerFunction",
    "FeedWorkerFunction",
    "IndexPublisherFunction",
)
BUILD_TIMEOUT_S = 420
# The session fixture builds (about one to two minutes) inside the first test that asks for it.
pytestmark = pytest.mark.timeout(BUILD_TIMEOUT_S + 120)


@dataclass(frozen=True)
class Build:
    root: Path
    python: Path

    @property
    def build(self) -> Path:
        return self.root / "build"

    @property
    def runtime(self) -> Path:
        return self.root / "runtime-provided"


def _sam_build(
    sam: Path,
    python: Path,
    root: Path,
    architecture: str,
    only: str | None = None,
    compile_bytecode: bool = False,
) -> Build:
    root.mkdir(parents=True, exist_ok=True)
    env = offline_env(PATH=f"{python.parent}:{offline_env()['PATH']}")
    # Its own working directory per build: sam writes build.toml there.
    run([sam, "build", *([only] if only else []), "--template-file", REPO / "template.yaml",
         "--build-dir", root / "build", "--region", REGION,
         "--parameter-overrides", f"Architecture={architecture}"],
        cwd=root, env=env, timeout=BUILD_TIMEOUT_S)  # fmt: skip
    # As `make build` does: prune, and (for the bundle that deploys) ship bytecode.
    compile_args = ["--compile", python] if compile_bytecode else []
    run([venv_tool("python"), REPO / "infra" / "prune_build.py", root / "build", *compile_args],
        cwd=REPO)  # fmt: skip
    return Build(root, python)


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    sam, python = require_sam(), require_python312()
    if platform.machine() not in {"x86_64", "AMD64"}:
        pytest.skip("the import check builds for x86_64 and runs the result on this machine")
    root = tmp_path_factory.mktemp("sam")
    with ThreadPoolExecutor(max_workers=2) as pool:
        # Every function for this machine's architecture; the API function alone for arm64
        # (the same bundle, resolved for the other platform: what deploys).
        futures = {
            "x86_64": pool.submit(_sam_build, sam, python, root / "x86_64", "x86_64"),
            "arm64": pool.submit(
                _sam_build, sam, python, root / "arm64", "arm64", "ApiFunction", True
            ),
        }
        return {arch: future.result() for arch, future in futures.items()}


@pytest.mark.parametrize("function", FUNCTIONS)
def test_the_built_function_imports_its_handler_and_serves_a_first_request(
    builds: dict[str, Build], function: str, tmp_path: Path
) -> None:
    build = builds["x86_64"]
    html = (PAGES / "en_article.html").read_text(encoding="utf-8")
    (tmp_path / "article.html").write_text(html, encoding="utf-8")
    env = offline_env(
        PARALLAX_HOME=str(tmp_path / "home"),
        PARALLAX_CACHE_BACKEND="none",
        PARALLAX_PROVIDERS="index",
        POWERTOOLS_TRACE_DISABLED="true",
        POWERTOOLS_METRICS_NAMESPACE="ParallaxCheck",
        POWERTOOLS_SERVICE_NAME="parallax",
    )
    done = subprocess.run(
        [str(build.python), "-B", "-I", "-S", str(Path(__file__).with_name("artifact_check.py")),
         str(build.build / function), str(build.runtime), function, str(tmp_path)],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-4000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # Nothing was imported from outside the bundle, the runtime's SDK or the standard library
    assert result["outside"] == [], result["outside"]
    assert result["anthropic_loaded"] is False
    if function == "ApiFunction":
        assert result["health"] == 200 and result["brief"] == 200
        assert result["bullets"] >= 3
        assert result["related_partial"] is True  # no local index in a fresh /tmp
        assert result["language"] == "sv"
        assert len(result["lang_filter"]) == 3
    elif function == "IngestSchedulerFunction":
        assert result["jobs"] > 100  # the packaged catalogue is in the bundle
    elif function == "FeedWorkerFunction":
        assert result["items"] == 1
    else:
        assert result["snapshot_bytes"] > 0


def test_the_bundle_leaves_the_anthropic_sdk_to_its_layer(builds: dict[str, Build]) -> None:
    api = builds["arm64"].build / "ApiFunction"
    assert (api / "parallax" / "ingest" / "catalogue.json").is_file()
    assert not (api / "anthropic").exists()
    assert (builds["x86_64"].build / "LlmLayer" / "python" / "anthropic").is_dir()
    # Language identification runs on packaged data, without numpy (≈ 48 MB) or py3langid
    assert (api / "parallax" / "domain" / "data" / "language_model.xz").is_file()
    assert not (api / "numpy").exists() and not (api / "py3langid").exists()
    # The runtime provides boto3; the bundle does not carry a second copy
    assert not (api / "botocore").exists() and (builds["arm64"].runtime / "botocore").is_dir()


def test_the_arm64_build_carries_aarch64_binaries(builds: dict[str, Build]) -> None:
    api = builds["arm64"].build / "ApiFunction"
    for package in ("lxml", "pydantic_core", "regex"):
        binaries = list((api / package).rglob("*.so"))
        assert binaries, package
        assert all("x86_64" not in b.name for b in binaries), package
        assert any("aarch64" in b.name for b in binaries), package


def test_bundle_sizes_are_reported_and_within_lambda_limits(
    builds: dict[str, Build], capsys: pytest.CaptureFixture[str]
) -> None:
    def size(path: Path) -> int:
        return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())

    sizes = {
        "ApiFunction (arm64, with bytecode)": size(builds["arm64"].build / "ApiFunction"),
        "ApiFunction (x86_64)": size(builds["x86_64"].build / "ApiFunction"),
        "LlmLayer (x86_64)": size(builds["x86_64"].build / "LlmLayer"),
    }
    with capsys.disabled():
        print("\nbundle sizes (unzipped, pruned):")
        for name, total in sizes.items():
            print(f"  {name:<36} {total / 1e6:7.1f} MB")
    # Issue 7's target: the API bundle that deploys (arm64, with the bytecode `make build` adds)
    # within 60 MB unzipped without the Anthropic SDK
    assert sizes["ApiFunction (arm64, with bytecode)"] <= 60e6
    # Lambda's hard limit: 250 MB unzipped for a function and all its layers together
    assert sizes["ApiFunction (arm64, with bytecode)"] + sizes["LlmLayer (x86_64)"] < 250e6
