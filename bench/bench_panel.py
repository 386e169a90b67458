"""The panel's speed in a real Chromium: skeleton on screen after the click, and Brief rendered.

A benchmark, not a test: it prints numbers (and optionally writes them as JSON); nothing is
asserted. The extension runs unpacked in Debian's Chromium (headless), against the real backend
in-process and the loopback fixture news site. The toolbar click is DevTools'
Extensions.triggerAction, the same code path as a real click. The side panel page records its
own first paint and render times in storage.session; the clock starts just before the click.

Cases:
  skeleton, panel opening   the side panel was closed: the click opens it, and its first paint
                            is the skeleton (static HTML; the panel's modules load after it)
  skeleton, panel open      the panel was open (following the tab): the loading state renders
  skeleton, empty panel     reference: the same click with a panel page that holds one word
                            and no script but the paint probe (what the browser itself costs)
  Brief, cache miss         backend with its cache off: capture + extraction + summary + render
  Brief, cache hit          the same page again from the backend's cache

Example:
    uv run python bench/bench_panel.py --runs 10 --json /tmp/panel.json
"""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, bench_parser, machine, median, percentile

sys.path.insert(0, str(REPO))

SKELETON_BUDGET_MS = 100


def quiet_backend_logs() -> None:
    # The backend warns on stderr when a related-coverage source fails (an empty local index):
    # the numbers are what matters here.
    logging.getLogger("parallax").setLevel(logging.ERROR)


def start_backend(site_port: int, home: Path, cache: bool) -> Any:
    from tests.e2e.harness import EXTENSION_ORIGIN

    from parallax.api.app import create_app
    from parallax.api.local_server import LocalServer
    from parallax.config import Settings
    from parallax.wiring import lazy_brief_service

    settings = Settings(
        home=home,
        allow_private_hosts=True,
        allowed_ports=(site_port,),
        cors_origins=(EXTENSION_ORIGIN,),
        cache_backend="sqlite" if cache else "none",
        providers=("index",),  # no outside service: the benchmark measures the panel
        ingest_interval_s=0,
    )
    service = lazy_brief_service(settings)
    return LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0).start()


def close_side_panel(browser: Any) -> None:
    browser.worker_eval(
        "async (windowId) => { try { await chrome.sidePanel.close({windowId}); } catch {} }",
        browser.main_window,
    )
    deadline = time.monotonic() + 5
    while browser.side_panel_is_open() and time.monotonic() < deadline:
        time.sleep(0.02)


FLOOR_HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>Parallax</title>
<script type="module" src="floor.js"></script></head><body><p>Parallax</p></body></html>
"""


def floor_extension(target: Path) -> Path:
    """A copy of the extension whose panel page is empty but for the first-paint probe."""
    from tests.e2e.harness import EXTENSION_DIR

    copy = target / "extension-floor"
    shutil.copytree(EXTENSION_DIR, copy, ignore=shutil.ignore_patterns("node_modules"))
    boot = (copy / "sidepanel" / "boot.js").read_text(encoding="utf-8")
    probe = boot.split("// After the next frame", 1)[0]
    (copy / "sidepanel" / "floor.js").write_text(probe, encoding="utf-8")
    (copy / "sidepanel" / "sidepanel.html").write_text(FLOOR_HTML, encoding="utf-8")
    return copy


def one_click(browser: Any, url: str) -> dict[str, float | None]:
    """Open ``url`` in a new tab, click, and wait for the side panel to render the result."""
    page, tab = browser.open_tab(url)
    browser.worker_eval(
        "async () => chrome.storage.session.remove(['perf:panel', 'perf:panel:open'])"
    )
    clicked_at = browser.click_action(page, tab)
    entry = browser.wait_entry(tab, timeout=60)
    deadline = time.monotonic() + 10
    marks: dict[str, Any] = {}
    while time.monotonic() < deadline:
        session = browser.session()
        marks = session.get("perf:panel") or {}
        if marks.get("requestId") == entry["requestId"] and marks.get("renderedAt"):
            break
        time.sleep(0.02)
    opened = browser.session().get("perf:panel:open") or {}
    page.close()

    def since_click(value: Any) -> float | None:
        return None if value is None else float(value) - clicked_at

    return {
        "state": entry["state"],
        "first_paint_ms": since_click(opened.get("firstPaintAt")),
        "page_start_ms": since_click(opened.get("openedAt")),
        "skeleton_ms": since_click(marks.get("skeletonAt")),
        "rendered_ms": since_click(marks.get("renderedAt")),
        "worker_click_ms": since_click(entry.get("startedAt")),
    }


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50": round(median(values), 1),
        "p95": round(percentile(values, 95), 1),
        "max": round(max(values), 1) if values else float("nan"),
    }


def chromium_version(executable: str) -> str:
    try:
        return subprocess.run(
            [executable, "--version"], capture_output=True, text=True, timeout=20, check=False
        ).stdout.strip()
    except OSError:
        return "unknown"


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--runs", type=int, default=10, help="clicks per case (default 10)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--chromium", help="browser executable (default: /usr/bin/chromium)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright
    from tests.e2e.harness import ExtensionBrowser, chromium_path
    from tests.support.fixture_site import FixtureSite

    quiet_backend_logs()
    executable = args.chromium or chromium_path()
    if not executable:
        sys.exit("Chromium not found: apt-get install chromium (or pass --chromium)")

    results: dict[str, list[float]] = {
        "skeleton_panel_opening": [],
        "skeleton_panel_open": [],
        "skeleton_empty_panel": [],
        "brief_cache_miss": [],
        "brief_cache_hit": [],
    }
    with (
        FixtureSite() as site,
        tempfile.TemporaryDirectory() as tmp,
        sync_playwright() as playwright,
    ):
        miss_backend = start_backend(site.port, Path(tmp) / "miss", cache=False)
        hit_backend = start_backend(site.port, Path(tmp) / "hit", cache=True)
        browser = ExtensionBrowser(playwright, Path(tmp) / "profile", executable)
        try:
            url = site.url("/articles/de_article.html")
            # Warm-up: the backend's first Brief loads the extractor; the browser's first
            # extension page loads the modules from disk.
            browser.set_settings(backendUrl=hit_backend.base_url, summaryLanguage="en")
            one_click(browser, url)
            for run in range(args.runs):
                # Panel closed → the click opens it (first paint = skeleton), cache miss
                browser.set_settings(backendUrl=miss_backend.base_url)
                close_side_panel(browser)
                cold = one_click(browser, f"{url}?run={run}")
                if cold["first_paint_ms"] is not None:
                    results["skeleton_panel_opening"].append(cold["first_paint_ms"])
                if cold["rendered_ms"] is not None:
                    results["brief_cache_miss"].append(cold["rendered_ms"])
                # Panel open → the loading state replaces the previous view, cache hit
                browser.set_settings(backendUrl=hit_backend.base_url)
                warm = one_click(browser, url)
                if warm["skeleton_ms"] is not None:
                    results["skeleton_panel_open"].append(warm["skeleton_ms"])
                if warm["rendered_ms"] is not None:
                    results["brief_cache_hit"].append(warm["rendered_ms"])
        finally:
            browser.close()
        # The reference: an empty panel page, same browser, same click.
        floor = ExtensionBrowser(
            playwright, Path(tmp) / "profile-floor", executable, floor_extension(Path(tmp))
        )
        try:
            floor.set_settings(backendUrl=hit_backend.base_url)
            one_click(floor, url)
            for _ in range(args.runs):
                close_side_panel(floor)
                empty = one_click(floor, url)
                if empty["first_paint_ms"] is not None:
                    results["skeleton_empty_panel"].append(empty["first_paint_ms"])
        finally:
            floor.close()
            miss_backend.stop()
            hit_backend.stop()

    report = {
        "machine": machine(),
        "browser": chromium_version(executable),
        "runs": args.runs,
        **{name: summary(values) for name, values in results.items()},
        "skeleton_budget_ms": SKELETON_BUDGET_MS,
    }
    print(f"machine: {report['machine']}")
    print(f"browser: {report['browser']} (headless), {args.runs} clicks per case")
    print("skeleton on screen after the click:")
    for name, label in (
        ("skeleton_panel_opening", "panel opening (first paint)"),
        ("skeleton_panel_open", "panel already open"),
        ("skeleton_empty_panel", "empty panel page (reference)"),
    ):
        s = report[name]
        within = sum(v <= SKELETON_BUDGET_MS for v in results[name])
        print(
            f"  {label:<28} p50 {s['p50']:7.1f} ms  p95 {s['p95']:7.1f} ms  max {s['max']:7.1f}"
            f" ms  ({within}/{len(results[name])} within {SKELETON_BUDGET_MS} ms)"
        )
    print("Brief rendered after the click:")
    for name, label in (
        ("brief_cache_miss", "backend cache miss"),
        ("brief_cache_hit", "backend cache hit"),
    ):
        s = report[name]
        print(
            f"  {label:<28} p50 {s['p50']:7.1f} ms  p95 {s['p95']:7.1f} ms  max {s['max']:7.1f} ms"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
