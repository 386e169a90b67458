"""Ship it: `make extension` packages, web-ext lint, and both packages load in their browser.

The Chromium package is unzipped and loaded like an unpacked extension; the Firefox package is
installed from the .xpi as a temporary add-on (unsigned add-ons install only that way).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.firefox import FIREFOX_ORIGIN, FirefoxExtension, firefox_path
from tests.e2e.harness import (
    EXTENSION_DIR,
    EXTENSION_ORIGIN,
    REPO,
    ExtensionBrowser,
    need_tool,
    node_modules,
)

if TYPE_CHECKING:
    from playwright.sync_api import Playwright

pytestmark = pytest.mark.e2e

BUILD = REPO / "scripts" / "build_extension.py"
VERSION = json.loads((EXTENSION_DIR / "manifest.json").read_text("utf-8"))["version"]


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, str(BUILD), "--output-dir", str(out), "--unpacked"],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return {
        "chromium": out / f"parallax-chromium-{VERSION}.zip",
        "firefox": out / f"parallax-firefox-{VERSION}.xpi",
        "chromium_dir": out / f"parallax-chromium-{VERSION}",
        "firefox_dir": out / f"parallax-firefox-{VERSION}",
    }


def _manifest(archive: Path) -> dict[str, Any]:
    with zipfile.ZipFile(archive) as zipped:
        loaded: dict[str, Any] = json.loads(zipped.read("manifest.json"))
    return loaded


def test_both_packages_carry_the_one_version_and_only_their_browsers_keys(
    packages: dict[str, Path], tmp_path: Path
) -> None:
    chromium, firefox = _manifest(packages["chromium"]), _manifest(packages["firefox"])
    assert chromium["version"] == firefox["version"] == VERSION
    assert "sidebar_action" not in chromium and "browser_specific_settings" not in chromium
    assert chromium["background"] == {"service_worker": "background/worker.js", "type": "module"}
    assert "side_panel" not in firefox and "key" not in firefox
    assert "sidePanel" not in firefox["permissions"]
    assert firefox["background"] == {"scripts": ["background/worker.js"], "type": "module"}
    # No development tooling, and the same files otherwise
    for archive in (packages["chromium"], packages["firefox"]):
        names = zipfile.ZipFile(archive).namelist()
        assert not [n for n in names if n.startswith("node_modules/") or n.startswith("package")]
        assert "sidepanel/render.js" in names and "_locales/de/messages.json" in names
    # Reproducible: a second build is byte for byte the same
    subprocess.run(
        [sys.executable, str(BUILD), "--output-dir", str(tmp_path)], check=True, timeout=120
    )
    for name in ("chromium", "firefox"):
        assert (tmp_path / packages[name].name).read_bytes() == packages[name].read_bytes()


def _web_ext_lint(source: Path, *extra: str) -> dict[str, Any]:
    npx = need_tool("npx")
    node_modules(".bin/web-ext")
    result = subprocess.run(
        [
            npx,
            "--no-install",
            "web-ext",
            "lint",
            "--source-dir",
            str(source),
            "--output",
            "json",
            "--ignore-files",
            "node_modules/**",
            "package.json",
            "package-lock.json",
            "eslint.config.js",
            *extra,
        ],
        cwd=EXTENSION_DIR,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report: dict[str, Any] = json.loads(result.stdout)
    report["returncode"] = result.returncode
    return report


def test_web_ext_lint_passes_on_the_source_and_the_firefox_package(
    packages: dict[str, Path],
) -> None:
    source = _web_ext_lint(EXTENSION_DIR)
    assert source["returncode"] == 0 and source["errors"] == [], source["errors"]
    # The Firefox package has none of Chromium's keys, so not even a warning
    firefox = _web_ext_lint(packages["firefox_dir"], "--warnings-as-errors")
    assert firefox["returncode"] == 0, firefox["errors"] + firefox["warnings"]
    assert firefox["summary"] == {"errors": 0, "notices": 0, "warnings": 0}


def test_chromium_loads_the_unzipped_package(
    packages: dict[str, Path], playwright: Playwright, chromium: str, tmp_path: Path
) -> None:
    browser = ExtensionBrowser(
        playwright, tmp_path / "profile", chromium, extension_dir=packages["chromium_dir"]
    )
    try:
        # The key pins the same id, hence the origin the backend allows
        assert browser.extension_id == EXTENSION_ORIGIN.split("//")[1]
        options = browser.open_options()
        assert options.evaluate("() => document.documentElement.lang") == "en"
        _, tab = browser.open_tab("about:blank")
        panel = browser.open_panel(tab=tab)
        assert panel.evaluate("() => document.getElementById('content').dataset.state") == "idle"
    finally:
        browser.close()


def test_firefox_installs_the_xpi(packages: dict[str, Path], tmp_path: Path) -> None:
    path = firefox_path()
    if path is None:
        reason = "Debian's firefox-esr is not installed (apt-get install firefox-esr)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    firefox = FirefoxExtension(path, tmp_path / "gecko.log", addon=packages["firefox"])
    try:
        assert firefox.addon_id == "parallax@parallax-news.example"
        firefox.open_tab(f"{FIREFOX_ORIGIN}/options/options.html")
        firefox.wait("return document.body.dataset.ready === 'true'", "the options page")
        firefox.marionette.navigate(f"{FIREFOX_ORIGIN}/sidepanel/sidepanel.html?window=1")
        firefox.wait("return document.body.dataset.ready === 'true'", "the panel page")
        manifest = firefox.extension_call("return browser.runtime.getManifest();")
        assert manifest["version"] == VERSION
    finally:
        firefox.close()
