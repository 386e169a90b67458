"""What reading the page costs the reader in a real Chromium: capturePage() (lib/page.js) run in
the tab's isolated world by chrome.scripting, timed from an extension page as the worker runs it
(the round trip: injection, the clone, the trimming, the head check, the HTML sent back).

A benchmark, not a test: it prints numbers (and optionally writes them as JSON); nothing is
asserted. The fixture news site's German article, in four states:

  loaded                 the page as loaded (the head check returns at once)
  moved                  the site swapped in the English article behind a new address and kept
                         the German head (og:*, canonical, one JSON-LD NewsArticle)
  moved, 50 JSON-LD      the same with 49 more stale JSON-LD blocks in the head
  moved, 2 MB JSON-LD    100 stale blocks of 20 KB each (the check reads 2 MB, then stops)

With --before REV, the same cases run with lib/page.js as it was at REV (git show), for a
comparison in the same run.

Example:
    uv run python bench/bench_capture.py --runs 30 --before main
"""

from __future__ import annotations

import json
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

CAPTURE = """async ([tabId, previous, runs]) => {
    const { capturePage } = await import("/lib/page.js");
    const times = [];
    let size = 0;
    for (let i = 0; i < runs; i += 1) {
        const started = performance.now();
        const [injection] = await chrome.scripting.executeScript({
            target: { tabId }, func: capturePage, args: [previous] });
        times.push(performance.now() - started);
        size = injection.result.html.length;
    }
    return { times, size };
}"""

STALE_BLOCKS = """([count, bodyChars]) => {
    document.querySelectorAll('script[data-bench]').forEach((s) => s.remove());
    for (let i = 0; i < count; i += 1) {
        const s = document.createElement('script');
        s.type = 'application/ld+json';
        s.dataset.bench = '';
        s.textContent = JSON.stringify({"@context": "https://schema.org", "@type": "NewsArticle",
            "headline": `Stadtrat, Teil ${i}`, "datePublished": "2024-03-14",
            "url": "https://www.rheinblick.example/politik/teil-" + i,
            "articleBody": "Der Stadtrat hat beschlossen. ".repeat(bodyChars / 30)});
        document.head.append(s);
    }
}"""

CASES = ("loaded", "moved", "moved, 50 JSON-LD", "moved, 2 MB JSON-LD")


def extension_at(revision: str, folder: Path) -> Path:
    """A copy of extension/ with lib/page.js as it was at ``revision``."""
    from tests.e2e.harness import EXTENSION_DIR

    copy = folder / f"extension-{revision.replace('/', '_')}"
    shutil.copytree(EXTENSION_DIR, copy, ignore=shutil.ignore_patterns("node_modules"))
    old = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{revision}:extension/lib/page.js"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (copy / "lib" / "page.js").write_text(old, encoding="utf-8")
    return copy


def measure(playwright: Any, executable: str, extension: Path, runs: int) -> dict[str, Any]:
    from tests.e2e import briefs
    from tests.e2e.fake_backend import FakeBackend
    from tests.e2e.harness import EXTENSION_ORIGIN, ExtensionBrowser
    from tests.e2e.test_spa_head import SPA_SWAP
    from tests.support.fixture_site import FixtureSite

    found: dict[str, Any] = {}
    with FixtureSite() as site, FakeBackend() as fake, tempfile.TemporaryDirectory() as tmp:
        browser = ExtensionBrowser(playwright, Path(tmp) / "profile", executable, extension)
        try:
            fake.respond(briefs.sample_brief(summary_language="en", notice=None))
            browser.set_settings(backendUrl=fake.base_url, summaryLanguage="en")
            page, tab = browser.open_tab(site.url("/articles/de_article.html"))
            browser.click_action(page, tab)  # the activeTab grant
            browser.wait_entry(tab)
            previous = {
                "documentStartedAt": page.evaluate("() => performance.timeOrigin"),
                "url": page.url,
                "title": page.title(),
                "headline": "Stadtrat beschließt neue Straßenbahnlinie nach Nordheim",
            }
            extension_page = browser.context.new_page()
            extension_page.goto(f"{EXTENSION_ORIGIN}/options/options.html")
            extension_page.evaluate(CAPTURE, [tab, previous, 3])  # warm-up
            for case in CASES:
                if case == "moved":
                    page.evaluate(SPA_SWAP, "/articles/en_article.html")
                elif case == "moved, 50 JSON-LD":
                    page.evaluate(STALE_BLOCKS, [49, 300])
                elif case == "moved, 2 MB JSON-LD":
                    page.evaluate(STALE_BLOCKS, [100, 20_000])
                result = extension_page.evaluate(CAPTURE, [tab, previous, runs])
                found[case] = {
                    "p50_ms": round(median(result["times"]), 2),
                    "p95_ms": round(percentile(result["times"], 95), 2),
                    "html_chars": result["size"],
                }
        finally:
            browser.close()
    return found


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--runs", type=int, default=30, help="captures per case (default 30)")
    parser.add_argument("--before", help="also time lib/page.js as it was at this git revision")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    parser.add_argument("--chromium", help="browser executable (default: /usr/bin/chromium)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright
    from tests.e2e.harness import EXTENSION_DIR, chromium_path

    executable = args.chromium or chromium_path()
    if not executable:
        sys.exit("Chromium not found: apt-get install chromium (or pass --chromium)")
    results: dict[str, Any] = {"machine": machine(), "date": time.strftime("%Y-%m-%d")}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        variants = {"this": EXTENSION_DIR}
        if args.before:
            variants[args.before] = extension_at(args.before, Path(tmp))
        for name, folder in variants.items():
            results[name] = measure(playwright, executable, folder, args.runs)
    print(f"capturePage round trip, {args.runs} runs per case ({results['machine']})")
    print(f"{'case':<22}" + "".join(f"{name:>28}" for name in variants))
    for case in CASES:
        cells = [
            f"{r['p50_ms']:>8.1f} / {r['p95_ms']:>6.1f} ms {r['html_chars'] // 1000:>5} k"
            for r in (results[name][case] for name in variants)
        ]
        print(f"{case:<22}" + "".join(f"{cell:>28}" for cell in cells))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
