/**
 * The WebExtension namespace: `browser` where it exists (Firefox, Chrome >= 148), else `chrome`.
 * Both are promise-based for every API used here, so no polyfill is needed.
 */
export const ext = globalThis.browser ?? globalThis.chrome;

/** Chromium's side panel API, or null (Firefox uses `sidebarAction`). */
export const sidePanel = ext.sidePanel ?? null;

/** Firefox's sidebar API, or null. */
export const sidebarAction = ext.sidebarAction ?? null;

/** The extension's own origin, e.g. chrome-extension://abcnaopliegkipjfhllbmpobejklbpki */
export const extensionOrigin = new URL(ext.runtime.getURL("/")).origin;

/** The browser's UI language as a BCP 47 tag. */
export function uiLanguage() {
  try {
    return ext.i18n.getUILanguage() || globalThis.navigator?.language || "en";
  } catch {
    return globalThis.navigator?.language || "en";
  }
}
