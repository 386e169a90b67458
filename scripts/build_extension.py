"""Package the browser extension for Chromium and for Firefox, from the one source in extension/.

    uv run python scripts/build_extension.py                  # what `make extension` runs
    uv run python scripts/build_extension.py --output-dir /tmp/pkgs --unpacked

Writes ``dist/parallax-chromium-<version>.zip`` and ``dist/parallax-firefox-<version>.xpi``
(an .xpi is a zip: it is also what addons.mozilla.org takes). The version has one place:
``extension/manifest.json``. Each package gets a manifest of its own, with the keys the other
browser reads (and this one warns about) left out; the code is the same, since the extension
handles what differs at run time in one module (extension/lib/ext.js). The archives are
reproducible: sorted entries, fixed timestamps.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "extension"
# Development tooling in extension/, never shipped.
EXCLUDED_NAMES = {"node_modules", "package.json", "package-lock.json", "eslint.config.js"}
FIXED_TIME = (2020, 1, 1, 0, 0, 0)


def chromium_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest without Firefox's keys. The "key" stays: it pins the extension id that the
    backend's default CORS origin names."""
    result = copy.deepcopy(manifest)
    result.pop("sidebar_action", None)
    result.pop("browser_specific_settings", None)
    result["background"].pop("scripts", None)
    return result


def firefox_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest without Chromium's keys: Firefox runs the worker as an event page
    ("scripts") and has a sidebar instead of the side panel."""
    result = copy.deepcopy(manifest)
    for key in ("side_panel", "key", "minimum_chrome_version"):
        result.pop(key, None)
    result["background"].pop("service_worker", None)
    result["permissions"] = [p for p in result["permissions"] if p != "sidePanel"]
    return result


def source_files(source: Path) -> list[Path]:
    files = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if path.is_dir() or relative.parts[0] in EXCLUDED_NAMES:
            continue
        if any(part.startswith(".") for part in relative.parts) or relative.name == "manifest.json":
            continue
        files.append(path)
    return files


def write_archive(target: Path, source: Path, manifest: dict[str, Any]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        entries = [("manifest.json", (json.dumps(manifest, indent=2) + "\n").encode())]
        entries += [
            (p.relative_to(source).as_posix(), p.read_bytes()) for p in source_files(source)
        ]
        for name, data in sorted(entries):
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)


def build(output_dir: Path, source: Path = SOURCE, *, unpacked: bool = False) -> dict[str, Path]:
    """Write both packages; returns their paths by browser ("chromium", "firefox")."""
    manifest: dict[str, Any] = json.loads((source / "manifest.json").read_text("utf-8"))
    version = manifest["version"]
    packages = {
        "chromium": (output_dir / f"parallax-chromium-{version}.zip", chromium_manifest(manifest)),
        "firefox": (output_dir / f"parallax-firefox-{version}.xpi", firefox_manifest(manifest)),
    }
    for browser, (path, browser_manifest) in packages.items():
        write_archive(path, source, browser_manifest)
        if unpacked:
            folder = output_dir / f"parallax-{browser}-{version}"
            shutil.rmtree(folder, ignore_errors=True)
            with zipfile.ZipFile(path) as archive:
                archive.extractall(folder)
    return {browser: path for browser, (path, _) in packages.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Package extension/ for Chromium (.zip) and Firefox (.xpi).",
        epilog="example: uv run python scripts/build_extension.py --output-dir dist",
    )
    parser.add_argument("--output-dir", type=Path, default=REPO / "dist", help="default: dist/")
    parser.add_argument(
        "--unpacked", action="store_true", help="also unpack each package next to it"
    )
    args = parser.parse_args(argv)
    for path in build(args.output_dir, unpacked=args.unpacked).values():
        size_kb = path.stat().st_size / 1024
        print(f"{path.relative_to(REPO) if path.is_relative_to(REPO) else path}  {size_kb:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
