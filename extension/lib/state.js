/**
 * Per-tab state in `storage.session`: what the worker hands to the panel.
 *
 * Key `tab:<tabId>` holds one entry:
 *   {tabId, state, requestId, url, language, startedAt, updatedAt, brief?, error?, sentHtml?}
 * where state is "loading" | "ready" | "error" | "navigated". A loading entry carries `phase`:
 * "capturing" (reading the tab) or "backend" (waiting for the Brief; `backendFetches` when the
 * page was too large to send, so the backend loads it itself), and, once the backend says,
 * `backendStep`: "fetching" | "reading" | "summarising" | "finding_coverage". From the capture on,
 * an entry also carries `documentStartedAt` (the captured document's performance.timeOrigin) and
 * `pageTitle` (its document.title then): after the tab's address changes, the worker compares
 * with them to tell a single-page site's new article from the old one. `storage.session` lives
 * in memory, is cleared when the browser quits, and is readable by extension pages only (not by
 * web pages).
 */
import { sessionStorageArea as area } from "./ext.js";

export const TAB_PREFIX = "tab:";
export const MAX_TABS = 24; // Briefs kept; the oldest go first (storage.session holds 10 MB).
export const STALE_LOADING_MS = 60_000;

export const tabKey = (tabId) => `${TAB_PREFIX}${tabId}`;

export async function getEntry(tabId) {
  if (!Number.isInteger(tabId)) {
    return null;
  }
  const key = tabKey(tabId);
  const stored = await area.get(key);
  return stored[key] ?? null;
}

export async function putEntry(entry) {
  await area.set({ [tabKey(entry.tabId)]: { ...entry, updatedAt: Date.now() } });
}

export async function removeEntry(tabId) {
  await area.remove(tabKey(tabId));
}

/** Drop the least recently updated entries beyond MAX_TABS. */
export async function evictOldEntries(keepTabId) {
  const all = await area.get(null);
  const entries = Object.entries(all)
    .filter(([key, value]) => key.startsWith(TAB_PREFIX) && value?.tabId !== keepTabId)
    .sort(([, a], [, b]) => (b.updatedAt ?? 0) - (a.updatedAt ?? 0));
  const surplus = entries.slice(MAX_TABS - 1).map(([key]) => key);
  if (surplus.length) {
    await area.remove(surplus);
  }
}

/**
 * A Brief as stored: the article text is dropped (the panel shows sentences, not the text), and
 * only the sentences that bullets cite are kept, which is what highlighting needs.
 */
export function slimBrief(brief) {
  const article = { ...(brief.article ?? {}) };
  delete article.text;
  const cited = new Set();
  const bullets = brief.summary?.bullets;
  for (const bullet of Array.isArray(bullets) ? bullets : []) {
    for (const id of Array.isArray(bullet?.sentence_ids) ? bullet.sentence_ids : []) {
      cited.add(id);
    }
  }
  article.sentences = (Array.isArray(article.sentences) ? article.sentences : []).filter(
    (sentence) => cited.has(sentence?.id),
  );
  return { ...brief, article };
}

/** A URL without its fragment: a jump to an anchor is not a new page. */
export function pageKey(url) {
  if (typeof url !== "string") {
    return "";
  }
  const hash = url.indexOf("#");
  return hash >= 0 ? url.slice(0, hash) : url;
}
