"""Drive the real extension in Debian's Chromium: shared by the e2e tests and bench/bench_panel.py.

The extension is loaded unpacked into a fresh profile (``launch_persistent_context``). A toolbar
click is reproduced with the DevTools command ``Extensions.triggerAction``, which runs the same
code path as a real click (``action.onClicked``, the ``activeTab`` grant, ``sidePanel.open``).
Playwright does not expose the side panel's page, so tests open the same panel page in a window
of its own (``sidepanel.html?tab=<id>`` or ``?window=<id>``) to read and screenshot it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, CDPSession, Page, Playwright, Worker

REPO = Path(__file__).resolve().parents[2]
EXTENSION_DIR = REPO / "extension"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
EXTENSION_ID = "abcnaopliegkipjfhllbmpobejklbpki"  # pinned by the manifest's "key"
EXTENSION_ORIGIN = f"chrome-extension://{EXTENSION_ID}"
PANEL_PATH = "sidepanel/sidepanel.html"

BASE_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--headless=new",
    # Lets DevTools run an extension's action (Extensions.triggerAction), i.e. "click" it.
    "--enable-unsafe-extension-debugging",
)


def chromium_path() -> str | None:
    """Debian's Chromium (or ``PARALLAX_CHROMIUM``), when installed."""
    explicit = os.environ.get("PARALLAX_CHROMIUM")
    for candidate in [explicit] if explicit else ["/usr/bin/chromium", shutil.which("chromium")]:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def messages(language: str) -> dict[str, Any]:
    path = EXTENSION_DIR / "_locales" / language / "messages.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def message(language: str, key: str, *args: str) -> str:
    """The text the extension's own loader produces for ``key`` (named placeholders only)."""
    entry = messages(language).get(key) or messages("en")[key]
    text: str = entry["message"]
    for name, spec in (entry.get("placeholders") or {}).items():
        index = int(spec["content"].lstrip("$")) - 1
        text = text.replace(f"${name.upper()}$", args[index] if index < len(args) else "")
    return text


class ExtensionBrowser:
    """One Chromium with the extension, in a fresh profile."""

    def __init__(
        self,
        playwright: Playwright,
        profile: Path,
        executable: str,
        extension_dir: Path = EXTENSION_DIR,
        locale: str | None = None,
    ) -> None:
        """``locale`` (BCP 47, e.g. "zh-CN"): the browser's language, as the extension reads it
        (``chrome.i18n.getUILanguage()`` follows ``LANGUAGE`` on Linux, pages ``navigator``)."""
        args = [
            *BASE_ARGS,
            f"--disable-extensions-except={extension_dir}",
            f"--load-extension={extension_dir}",
        ]
        language: dict[str, Any] = {}
        if locale is not None:
            posix = locale.replace("-", "_")
            language = {
                "locale": locale,
                "env": {**os.environ, "LANGUAGE": posix, "LANG": f"{posix}.UTF-8"},
            }
        self.context: BrowserContext = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=executable,
            headless=False,  # headless comes from --headless=new, which can run extensions
            args=args,
            viewport={"width": 1100, "height": 800},
            **language,
        )
        self.worker: Worker = self._find_worker()
        browser = self.context.browser
        assert browser is not None
        self.cdp: CDPSession = browser.new_browser_cdp_session()
        # The first tab is about:blank in the main window; articles open next to it.
        self.main_window = self.worker_eval(
            "async () => (await chrome.windows.getLastFocused()).id"
        )

    # --- plumbing ---------------------------------------------------------------------------

    def _find_worker(self) -> Worker:
        for worker in self.context.service_workers:
            if worker.url.startswith(EXTENSION_ORIGIN):
                return worker
        worker = self.context.wait_for_event("serviceworker", timeout=15_000)
        return worker

    @property
    def extension_id(self) -> str:
        return self.worker.url.split("/")[2]

    def worker_eval(self, script: str, arg: Any = None) -> Any:
        return self.worker.evaluate(script, arg)

    def put_entry(self, tab_id: int, **fields: Any) -> str:
        """A tab's entry as the worker writes it (``tab:<id>`` in storage.session): ``fields``
        over a new request id and the current time as ``startedAt`` and ``updatedAt``. Returns
        the entry's request id."""
        request_id = str(fields.pop("requestId", None) or f"entry-{tab_id}-{time.time_ns()}")
        self.worker_eval(
            """async ([tabId, requestId, fields]) => chrome.storage.session.set({["tab:" + tabId]: {
                tabId, requestId, updatedAt: Date.now(), startedAt: Date.now(), ...fields}})""",
            [tab_id, request_id, fields],
        )
        return request_id

    def close(self) -> None:
        self.context.close()

    # --- settings and state -----------------------------------------------------------------

    def set_settings(self, **values: Any) -> None:
        """Write settings the way the options page does (merged with the stored ones)."""
        self.worker_eval(
            """async (values) => {
                const stored = (await chrome.storage.sync.get("settings")).settings ?? {};
                await chrome.storage.sync.set({settings: {...stored, ...values}});
            }""",
            values,
        )

    def settings(self) -> dict[str, Any]:
        stored: dict[str, Any] = self.worker_eval(
            'async () => (await chrome.storage.sync.get("settings")).settings ?? {}'
        )
        return stored

    def entry(self, tab_id: int) -> dict[str, Any] | None:
        found: dict[str, Any] | None = self.worker_eval(
            "async (key) => (await chrome.storage.session.get(key))[key] ?? null", f"tab:{tab_id}"
        )
        return found

    def session(self) -> dict[str, Any]:
        stored: dict[str, Any] = self.worker_eval("async () => chrome.storage.session.get(null)")
        return stored

    def wait_entry(
        self,
        tab_id: int,
        accept: Callable[[dict[str, Any]], bool] | None = None,
        timeout: float = 30.0,
    ) -> dict[str, Any]:
        """Poll the tab's entry until ``accept`` holds (default: ready or error)."""

        def done(entry: dict[str, Any]) -> bool:
            return entry.get("state") in ("ready", "error")

        check = accept or done
        deadline = time.monotonic() + timeout
        last: dict[str, Any] | None = None
        while time.monotonic() < deadline:
            last = self.entry(tab_id)
            if last is not None and check(last):
                return last
            time.sleep(0.05)
        raise AssertionError(f"tab {tab_id}: entry never satisfied the condition; last: {last!r}")

    def request_id(self, tab_id: int) -> str | None:
        """The tab's current request id (None without an entry): read it before an action whose
        answer a test waits for, and pass it to :meth:`wait_answer_shown` as ``after``."""
        entry = self.entry(tab_id)
        return None if entry is None else entry.get("requestId")

    def drawn_request(self) -> str | None:
        """The request whose answer (ready or error) a panel page (``?tab=`` or ``?window=``) has
        drawn last: the panel's performance mark, which it stores after drawing."""
        marks: dict[str, Any] | None = self.worker_eval(
            'async () => (await chrome.storage.session.get("perf:page"))["perf:page"] ?? null'
        )
        if not marks or not marks.get("renderedAt"):
            return None
        drawn: str | None = marks.get("requestId")
        return drawn

    def wait_answer_shown(
        self, panel: Page, tab_id: int, after: str | None, view: str, timeout: float = 30.0
    ) -> dict[str, Any]:
        """Wait for the answer to an action (a click, the panel's refresh, "Look again"): the tab's
        entry is ready or an error for a request other than ``after`` (the id read before the
        action), and the panel page has drawn that answer, in ``view``. Waiting for the panel's
        state alone is not enough: the state an earlier step left is often the same one."""
        entry = self.wait_entry(
            tab_id,
            lambda e: e.get("state") in ("ready", "error") and e.get("requestId") != after,
            timeout,
        )
        request = entry["requestId"]
        poll(lambda: self.drawn_request() == request, f"the panel draws request {request}", timeout)
        shown = panel_state(panel)
        assert shown == view, f"the panel shows {shown!r}, not {view!r}, for {entry!r}"
        return entry

    # --- tabs -------------------------------------------------------------------------------

    def open_tab(self, url: str, window_id: int | None = None) -> tuple[Page, int]:
        """A new tab in the main window (or ``window_id``), active; returns (page, tab id)."""
        with self.context.expect_page() as info:
            tab_id = self.worker_eval(
                "async ([url, windowId]) => (await chrome.tabs.create({url, windowId})).id",
                [url, window_id if window_id is not None else self.main_window],
            )
        page = info.value
        # Not wait_for_load_state("load"): Playwright can miss a new tab's "load" lifecycle event
        # when the tab loads while Playwright is still attaching to it (twice on a loaded CI
        # machine: "networkidle" had fired, "load" never did, 30 s lost). The document's own
        # readyState is the fact the tests need (of the page asked for: a new tab holds a
        # complete about:blank first); a function, not an expression string, because extension
        # pages forbid eval.
        page.wait_for_function(
            "(url) => (url === 'about:blank' || location.href !== 'about:blank')"
            " && document.readyState === 'complete'",
            arg=url,
        )
        return page, int(tab_id)

    def activate(self, tab_id: int) -> None:
        self.worker_eval("async (id) => { await chrome.tabs.update(id, {active: true}); }", tab_id)

    def _tab_target(self, url: str) -> str:
        targets = self.cdp.send("Target.getTargets", {"filter": [{"type": "tab"}]})["targetInfos"]
        matching = [t["targetId"] for t in targets if t["url"] == url]
        if len(matching) != 1:
            raise AssertionError(f"expected one tab at {url}, found {len(matching)}")
        return str(matching[0])

    def click_action(self, page: Page, tab_id: int) -> float:
        """Click the toolbar button on this tab. Returns the wall-clock time (ms) just before."""
        self.activate(tab_id)
        target = self._tab_target(page.url)
        clicked_at = time.time() * 1000
        self.cdp.send("Extensions.triggerAction", {"id": self.extension_id, "targetId": target})
        return clicked_at

    def side_panel_is_open(self) -> bool:
        targets = self.cdp.send("Target.getTargets")["targetInfos"]
        panel = f"{EXTENSION_ORIGIN}/{PANEL_PATH}"
        return any(t["url"].startswith(panel) for t in targets)

    # --- the panel as a page ------------------------------------------------------------------

    def open_panel(
        self, *, tab: int | None = None, window: int | None = None, width: int = 400
    ) -> Page:
        """The panel page in a window of its own, showing one tab or following a window."""
        query = f"tab={tab}" if tab is not None else f"window={window}"
        url = f"{EXTENSION_ORIGIN}/{PANEL_PATH}?{query}"
        with self.context.expect_page() as info:
            self.worker_eval(
                "async (url) => { await chrome.windows.create({url, focused: false}); }", url
            )
        page = info.value
        page.set_viewport_size({"width": width, "height": 900})
        # The page is handed over once its navigation has committed, maybe before its <body> is
        # parsed: a poll that throws on a null body would fail the wait, not repeat it
        page.wait_for_function("() => document.body?.dataset.ready === 'true'")
        return page

    def open_options(self) -> Page:
        page = self.context.new_page()
        page.goto(f"{EXTENSION_ORIGIN}/options/options.html")
        page.wait_for_function("() => document.body.dataset.ready === 'true'")
        return page


def poll(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.05)


def panel_state(page: Page) -> str:
    state: str = page.evaluate("() => document.getElementById('content').dataset.state")
    return state


def wait_panel_state(page: Page, state: str, timeout: float = 30_000) -> None:
    page.wait_for_function(
        "(s) => document.getElementById('content').dataset.state === s", arg=state, timeout=timeout
    )


def need_tool(tool: str, hint: str = "Debian: apt-get install nodejs npm") -> str:
    """The path of ``tool``; a missing one fails the test under CI and skips it elsewhere."""
    found = shutil.which(tool)
    if found is None:
        reason = f"{tool} is not installed ({hint})"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def node_modules(needed: str) -> Path:
    """extension/node_modules, installed from the lockfile (`npm ci`) when ``needed`` (a path
    inside it) is missing, so that any e2e test file runs on a fresh clone, alone or first."""
    modules = EXTENSION_DIR / "node_modules"
    if not (modules / needed).exists():
        subprocess.run(
            [need_tool("npm"), "ci", "--no-audit", "--no-fund"],
            cwd=EXTENSION_DIR,
            check=True,
            capture_output=True,
            timeout=600,
        )
    return modules


AXE_SOURCE = EXTENSION_DIR / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page: Page) -> list[str]:
    """axe-core's WCAG 2 A/AA and best-practice violations on the page, as "rule: target" lines.

    axe-core is a dev dependency of extension/ (npm ci). It is evaluated through DevTools,
    which the pages' CSP does not govern; nothing is added to the extension itself.
    """
    if not AXE_SOURCE.exists():
        raise AssertionError(f"{AXE_SOURCE} is missing: run `npm ci` in extension/")
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE.read_text("utf-8"))
    found: list[str] = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']},
            });
            return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
        }"""
    )
    return found


def horizontal_overflow(page: Page) -> list[str]:
    """Elements wider than the viewport (what makes a narrow panel scroll sideways)."""
    found: list[str] = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [];
            for (const el of document.querySelectorAll('body *')) {
                const box = el.getBoundingClientRect();
                if (box.width && box.right > width + 0.5 && !el.closest('.visually-hidden')) {
                    wide.push(`${el.tagName.toLowerCase()}.${el.className}: ${Math.round(box.right)} > ${width}`);
                }
            }
            if (document.documentElement.scrollWidth > width) {
                wide.push(`document: ${document.documentElement.scrollWidth} > ${width}`);
            }
            return wide;
        }"""
    )
    return found
