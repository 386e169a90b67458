/**
 * The one settings module: defaults, validation, load/save in `storage.sync`.
 *
 * Stored as one object under the key "settings". Whatever is stored is sanitised on load, so a
 * value written by an older version (or by hand) can never reach the backend call unchecked.
 */
import { ext, uiLanguage } from "./ext.js";
import { PANEL_LANGUAGES, SUMMARY_LANGUAGES, primaryLanguage } from "./languages.js";

export const SETTINGS_KEY = "settings";
export const DEFAULT_BACKEND_URL = "http://127.0.0.1:8787";
export const MAX_RELATED_LIMIT = 50; // the API's own limit (BriefRequest.max_related <= 50)

export const DEFAULTS = Object.freeze({
  /** "auto" = the panel language when chosen, else the browser's (when supported, else English). */
  summaryLanguage: "auto",
  /** "auto" = the browser's language when the panel is translated into it, else English. */
  panelLanguage: "auto",
  /** Show related coverage in languages other than the article's and the reader's. */
  includeOtherLanguages: true,
  maxRelated: 10,
  backendUrl: DEFAULT_BACKEND_URL,
});

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * A backend URL as it will be used (origin plus optional path, no trailing slash), or null.
 * https anywhere; plain http only on this machine, since the page's HTML travels in the request.
 */
export function normaliseBackendUrl(value) {
  if (typeof value !== "string") {
    return null;
  }
  let url;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.username || url.password || url.search || url.hash) {
    return null;
  }
  if (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  }
  return null;
}

/** Fill in defaults and drop anything invalid. */
export function sanitiseSettings(raw) {
  const value = raw && typeof raw === "object" ? raw : {};
  const settings = { ...DEFAULTS };
  if (value.summaryLanguage === "auto" || SUMMARY_LANGUAGES.includes(value.summaryLanguage)) {
    settings.summaryLanguage = value.summaryLanguage;
  }
  if (value.panelLanguage === "auto" || PANEL_LANGUAGES.includes(value.panelLanguage)) {
    settings.panelLanguage = value.panelLanguage;
  }
  if (typeof value.includeOtherLanguages === "boolean") {
    settings.includeOtherLanguages = value.includeOtherLanguages;
  }
  const max = Number(value.maxRelated);
  if (Number.isInteger(max) && max >= 0 && max <= MAX_RELATED_LIMIT) {
    settings.maxRelated = max;
  }
  const backendUrl = normaliseBackendUrl(value.backendUrl);
  if (backendUrl) {
    settings.backendUrl = backendUrl;
  }
  return settings;
}

export async function loadSettings() {
  try {
    const stored = await ext.storage.sync.get(SETTINGS_KEY);
    return sanitiseSettings(stored[SETTINGS_KEY]);
  } catch {
    return { ...DEFAULTS };
  }
}

/** Merge `changes` into the stored settings; returns what was saved. */
export async function saveSettings(changes) {
  const current = await loadSettings();
  const next = sanitiseSettings({ ...current, ...changes });
  await ext.storage.sync.set({ [SETTINGS_KEY]: next });
  return next;
}

export async function resetSettings() {
  await ext.storage.sync.remove(SETTINGS_KEY);
  return { ...DEFAULTS };
}

/** Call `listener(settings)` whenever the stored settings change (any page, any device). */
export function onSettingsChanged(listener) {
  const handler = (changes, area) => {
    if (area === "sync" && SETTINGS_KEY in changes) {
      listener(sanitiseSettings(changes[SETTINGS_KEY].newValue));
    }
  };
  ext.storage.onChanged.addListener(handler);
  return () => ext.storage.onChanged.removeListener(handler);
}

/**
 * The language the summary is asked for. "auto" follows the panel language the reader chose
 * (a reader with the panel in Deutsch wants German bullets); with the panel on "auto" too, the
 * browser's language when the backend can write it, else English.
 */
export function resolveSummaryLanguage(settings, browserLanguage = uiLanguage()) {
  if (settings.summaryLanguage !== "auto") {
    return settings.summaryLanguage;
  }
  if (PANEL_LANGUAGES.includes(settings.panelLanguage)) {
    return settings.panelLanguage;
  }
  const primary = primaryLanguage(browserLanguage);
  return SUMMARY_LANGUAGES.includes(primary) ? primary : "en";
}

/** The language the panel and options page are shown in. */
export function resolvePanelLanguage(settings, browserLanguage = uiLanguage()) {
  if (settings.panelLanguage !== "auto") {
    return settings.panelLanguage;
  }
  const primary = primaryLanguage(browserLanguage);
  return PANEL_LANGUAGES.includes(primary) ? primary : "en";
}

/**
 * The browser's language when Parallax falls back from it to English, "" otherwise. `what`:
 * "panel" (the panel on "auto" in a language it is not translated into: Chinese, Hindi) or
 * "summary" (both settings on "auto" in a language the backend cannot write: Tamil, Burmese). The
 * options page and the panel name it instead of showing English as if it were the browser's.
 */
export function unavailableBrowserLanguage(settings, what, browserLanguage = uiLanguage()) {
  const primary = primaryLanguage(browserLanguage);
  if (!primary || settings.panelLanguage !== "auto") {
    return "";
  }
  if (what === "panel") {
    return PANEL_LANGUAGES.includes(primary) ? "" : primary;
  }
  return settings.summaryLanguage === "auto" && !SUMMARY_LANGUAGES.includes(primary) ? primary : "";
}
