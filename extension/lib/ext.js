/**
 * The WebExtension namespace, and everything that differs between Chromium and Firefox. This is
 * the one place such differences are handled; the rest of the extension calls these functions.
 *
 * `browser` where it exists (Firefox, Chrome >= 148), else `chrome`: both are promise-based for
 * every API used here, so no polyfill is needed.
 *
 * What differs, and what is done about it:
 * - The panel: Chromium's `sidePanel` vs Firefox's `sidebarAction` (`openPanel`,
 *   `setUpPanelBehaviour`). Both must be opened synchronously inside the click's user gesture.
 * - `activeTab`: both browsers grant it on the toolbar click (and its keyboard shortcut) for the
 *   tab's current page only; a refused capture means "click again" unless the click itself has
 *   just happened (`accessProblem`). Firefox ties the grant to the document (a reload ends it,
 *   `pushState` and a fragment change keep it) and gives `tab.url` in `tabs.onUpdated` only to
 *   the `tabs` permission: the worker asks the page for its address instead (`pageAddress`).
 * - Storage: `storage.session` is in both (Firefox >= 115); `sessionStorageArea` falls back to
 *   `storage.local` where it is missing, so the per-tab state never fails for want of it.
 */
export const ext = globalThis.browser ?? globalThis.chrome;

/** Chromium's side panel API, or null (Firefox uses `sidebarAction`). */
export const sidePanel = ext.sidePanel ?? null;

/** Firefox's sidebar API, or null. */
export const sidebarAction = ext.sidebarAction ?? null;

/** "chromium" or "firefox": for diagnostics and tests, never for feature checks elsewhere. */
export const browserFamily = sidebarAction && !sidePanel ? "firefox" : "chromium";

/** The extension's own origin, e.g. chrome-extension://abcnaopliegkipjfhllbmpobejklbpki */
export const extensionOrigin = new URL(ext.runtime.getURL("/")).origin;

/** Where per-tab state lives: in memory, readable by extension pages only. */
export const sessionStorageArea = ext.storage.session ?? ext.storage.local;

/** The area name `storage.onChanged` reports for `sessionStorageArea`. */
export const sessionAreaName = ext.storage.session ? "session" : "local";

/** The browser's UI language as a BCP 47 tag. */
export function uiLanguage() {
  try {
    return ext.i18n.getUILanguage() || globalThis.navigator?.language || "en";
  } catch {
    return globalThis.navigator?.language || "en";
  }
}

/**
 * Chromium opens its side panel itself when `openPanelOnActionClick` is true, but then neither
 * fires `action.onClicked` nor grants `activeTab`: keep it false and open the panel from the
 * click handler. Firefox's sidebar has no such switch.
 */
export function setUpPanelBehaviour() {
  if (sidePanel?.setPanelBehavior) {
    sidePanel.setPanelBehavior({ openPanelOnActionClick: false }).catch(() => {});
  }
}

/**
 * Open the panel for the clicked tab's window. Must run synchronously in the click handler:
 * both browsers refuse to open a panel outside a user gesture.
 */
export function openPanel(tab) {
  try {
    if (sidePanel?.open) {
      sidePanel.open({ windowId: tab.windowId }).catch(() => {});
    } else if (sidebarAction?.open) {
      sidebarAction.open().catch(() => {});
    }
  } catch {
    // The panel may already be open, or the browser has none: the capture goes on regardless.
  }
}

/**
 * Why a tab could not be read, as a stable code. Right after a toolbar click `activeTab` covers
 * the page, so a refusal means the page is off limits to every extension (browser pages, the
 * add-on store, PDFs); from any other trigger it means the grant is missing or gone (the panel
 * was opened elsewhere, or the tab moved to another site): the reader must click again.
 */
export function accessProblem(trigger) {
  return trigger === "action" ? "no_access" : "needs_click";
}
