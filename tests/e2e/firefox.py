"""Drive the extension in Debian's Firefox ESR with Mozilla's Marionette client (no downloaded
driver, no downloaded browser).

Firefox starts headless with Marionette and ``-remote-allow-system-access`` (the chrome context
is needed to click the toolbar button and open extension pages in tabs). The extension is
installed as a temporary add-on, from its source folder or a packaged .xpi, and its internal
UUID is pinned with ``extensions.webextensions.uuids`` so that its origin, which the backend's
CORS list must name, is known in advance.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.e2e.harness import EXTENSION_DIR

ADDON_ID = "parallax@parallax-news.example"  # browser_specific_settings.gecko.id
ADDON_UUID = "7d0c3e52-5a1b-4c8e-9f2d-3b6a4e1c9d07"
FIREFOX_ORIGIN = f"moz-extension://{ADDON_UUID}"
# CustomizableUI's id for the add-on's toolbar button (makeWidgetId of the add-on id).
ACTION_WIDGET = "parallax_parallax-news_example-browser-action"


def firefox_path() -> str | None:
    """Debian's Firefox ESR (or ``PARALLAX_FIREFOX``), when installed."""
    explicit = os.environ.get("PARALLAX_FIREFOX")
    candidates = [explicit] if explicit else ["/usr/bin/firefox-esr", shutil.which("firefox-esr")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


class FirefoxExtension:
    """One headless Firefox with the extension installed as a temporary add-on."""

    def __init__(self, executable: str, log: Path, addon: Path = EXTENSION_DIR) -> None:
        from marionette_driver.addons import Addons
        from marionette_driver.marionette import Marionette

        self.marionette = Marionette(
            bin=executable,
            headless=True,
            app_args=["-remote-allow-system-access"],
            port=_free_port(),
            gecko_log=str(log),
            prefs={
                "extensions.webextensions.uuids": json.dumps({ADDON_ID: ADDON_UUID}),
                # The panel language follows the settings, not the test machine's locale.
                "intl.locale.requested": "en-US",
            },
        )
        self.marionette.start_session()
        self.addon_id = Addons(self.marionette).install(str(addon), temp=True)
        self.main_handle = self.marionette.current_window_handle

    def close(self) -> None:
        try:
            self.marionette.delete_session()
        finally:
            self.marionette.cleanup()

    # --- chrome context: the toolbar button and tabs ---------------------------------------------

    def chrome(self, script: str, args: list[Any] | None = None) -> Any:
        with self.marionette.using_context("chrome"):
            return self.marionette.execute_script(script, script_args=args or [])

    def click_action(self) -> None:
        """Click the add-on's toolbar button, as a reader does (a user gesture: it opens the
        sidebar and grants activeTab for the selected tab)."""
        from marionette_driver.by import By

        self.chrome(
            "window.CustomizableUI.addWidgetToArea(arguments[0], window.CustomizableUI.AREA_NAVBAR);",
            [ACTION_WIDGET],
        )
        with self.marionette.using_context("chrome"):
            # The widget is a toolbaritem; the button inside it is what a reader clicks.
            self.marionette.find_element(
                By.CSS_SELECTOR, f"#{ACTION_WIDGET} .unified-extensions-item-action-button"
            ).click()

    def sidebar_is_open(self) -> bool:
        opened: bool = self.chrome(
            "return Boolean(window.SidebarController?.isOpen ?? "
            "!document.getElementById('sidebar-box').hidden);"
        )
        return opened

    def open_tab(self, url: str, *, select: bool = True) -> str:
        """A new tab at ``url`` (extension pages too: opened with the system principal), once its
        document is ``url``'s and loaded; returns its window handle, switched to when ``select``.

        A new tab holds an about:blank document first, whose readyState is already "complete":
        waiting for "complete" alone could return (and a toolbar click land) before the page."""
        before = set(self.marionette.window_handles)
        self.chrome(
            """const tab = gBrowser.addTab(arguments[0], {
                   triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal()});
               if (arguments[1]) { gBrowser.selectedTab = tab; }""",
            [url, select],
        )
        poll(lambda: len(set(self.marionette.window_handles) - before) == 1, "a new tab")
        (handle,) = set(self.marionette.window_handles) - before
        self.marionette.switch_to_window(handle, focus=select)
        self.wait(
            "return location.href === arguments[0] && document.readyState === 'complete'",
            f"{url} loaded in the new tab",
            args=[url],
        )
        return str(handle)

    def switch_to(self, handle: str) -> None:
        self.marionette.switch_to_window(handle)

    # --- content context -------------------------------------------------------------------------

    def run(self, script: str, args: list[Any] | None = None) -> Any:
        return self.marionette.execute_script(script, script_args=args or [])

    def run_async(self, script: str, args: list[Any] | None = None) -> Any:
        """An async script: the last argument is the callback (``arguments[arguments.length-1]``)."""
        return self.marionette.execute_async_script(script, script_args=args or [])

    def extension_call(self, body: str, args: list[Any] | None = None) -> Any:
        """Run ``body`` (an async function body using ``browser`` and ``args``) in the current
        extension page. The script sandbox has no ``browser`` of its own, so the page's is used
        (the page's CSP forbids building functions from strings there, hence the sandbox)."""
        script = (
            "const done = arguments[arguments.length - 1];"
            "const page = window.wrappedJSObject;"
            "const browser = page.browser;"
            "const args = JSON.parse(arguments[0]);"
            f"(async () => {{ {body} }})()"
            ".then((v) => done(page.JSON.stringify(v ?? null)),"
            " (e) => done(JSON.stringify({error: String(e)})));"
        )
        raw = self.run_async(script, [json.dumps(args or [])])
        return json.loads(raw)

    def wait(
        self, script: str, what: str, timeout: float = 30.0, args: list[Any] | None = None
    ) -> Any:
        """Poll ``script`` until it returns something true. A script error counts as "not yet":
        a tab just added may not have parsed its document (``document.body`` is still null), and
        on a loaded machine the first poll can land there; the last error is in the timeout."""
        from marionette_driver.errors import JavascriptException

        found: Any = None

        def check() -> bool:
            nonlocal found
            try:
                found = self.run(script, args)
            except JavascriptException as error:
                found = error
                return False
            return bool(found)

        try:
            poll(check, what, timeout)
        except AssertionError as timed_out:
            raise AssertionError(f"{timed_out}; last: {found!r}") from None
        return found


def set_settings(firefox: FirefoxExtension, **values: object) -> None:
    """From an extension page, as the options page would (storage.sync, merged)."""
    firefox.extension_call(
        """const stored = (await browser.storage.sync.get("settings")).settings ?? {};
           await browser.storage.sync.set({settings: {...stored, ...args[0]}});""",
        [values],
    )


def stored_entry(firefox: FirefoxExtension, url: str | None = None) -> dict[str, Any] | None:
    """From an extension page: the worker's entry for the tab showing ``url`` (any tab's entry
    when ``url`` is None), or None."""
    entries = firefox.extension_call("return browser.storage.session.get(null);")
    found = [
        value
        for key, value in entries.items()
        if key.startswith("tab:") and (url is None or value.get("url") == url)
    ]
    return found[0] if found else None


PANEL = f"{FIREFOX_ORIGIN}/sidepanel/sidepanel.html"
WINDOW = 500  # Firefox's narrowest window


def open_panel_at(
    firefox: FirefoxExtension,
    brief: dict[str, Any],
    *,
    tab_id: int,
    width: int,
    language: str,
    url: str,
) -> None:
    """Given a ready entry for a tab (what the worker writes: ``brief`` for the page at ``url``,
    summarised in ``language``), the panel page on it, ``width`` CSS px wide."""
    firefox.extension_call(
        """await browser.storage.session.set({["tab:" + args[0]]: {
               tabId: args[0], state: "ready", requestId: "ff-" + args[0], language: args[2],
               url: args[3], startedAt: Date.now(), brief: args[1]}});""",
        [tab_id, brief, language, url],
    )
    # A Firefox window is at least 500 px wide: the panel's width in CSS px is reached with
    # Firefox's own zoom, as a reader's zoom would (500 px at 156 % is 320 CSS px; at 312 %,
    # 160 CSS px: a 320 px panel at 200 %). Zoom steps are device pixels: within 4 CSS px.
    firefox.marionette.set_window_rect(width=WINDOW, height=900)
    firefox.marionette.navigate(f"{PANEL}?tab={tab_id}")
    firefox.chrome("gBrowser.selectedBrowser.fullZoom = arguments[0];", [WINDOW / width])
    firefox.wait(
        f"return Math.abs(window.innerWidth - {width}) <= 4", f"a page about {width} px wide"
    )


def poll(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.1)
