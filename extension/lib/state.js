/**
 * Per-tab state in `storage.session`: what the worker hands to the panel.
 *
 * Key `tab:<tabId>` holds one entry:
 *   {tabId, state, requestId, trigger, url, language, startedAt, updatedAt, brief?, error?, sentHtml?}
 * where state is "loading" | "ready" | "error" | "navigated", and `language` is the summary
 * language the Brief was asked for (set once the tab is read; see summaryLanguageFollowUp). A loading entry carries `phase`:
 * "capturing" (reading the tab) or "backend" (waiting for the Brief; `backendFetches` when the
 * page was too large to send, so the backend loads it itself), and, once the backend says,
 * `backendStep`: "fetching" | "reading" | "summarising" | "finding_coverage". From the capture on,
 * an entry also carries `documentStartedAt` (the captured document's performance.timeOrigin) and
 * `pageTitle` (its document.title then): after the tab's address changes, the worker compares
 * with them to tell a single-page site's new article from the old one. `storage.session` lives
 * in memory, is cleared when the browser quits, and is readable by extension pages only (not by
 * web pages).
 *
 * Key `corroboration:<tabId>` holds the corroboration of the tab's Brief, written by the panel
 * document that asked for it (sidepanel/corroboration.js) and read by every other panel document
 * showing the tab: `{id, at, ok, answer?, code?}`, `id` naming the request and backend it is for;
 * written only while the tab's entry is that request (a late answer for an older Brief is
 * dropped). It goes with the tab's entry (removeEntry, evictOldEntries, and putRecord's eviction
 * when the storage is full). No record weighs more than MAX_RECORD_BYTES.
 */
import { ext, sessionStorageArea as area } from "./ext.js";
import { primaryLanguage } from "./languages.js";

export const TAB_PREFIX = "tab:";
export const MAX_TABS = 24; // Briefs kept; the oldest go first (storage.session holds 10 MB).
export const STALE_LOADING_MS = 60_000;
/**
 * The most one record (a tab's entry, a corroboration answer) may weigh in storage.session, as
 * the browsers count it (key + JSON, UTF-8: getBytesInUse). Measured on the e2e fixtures: a
 * Brief as stored 4 KB, one with 50 related reports of 5 wire copies each and 20 on the topic
 * 156 KB; a corroboration 3 KB, one of 6 bullets x 20 supports 73 KB. 512 KB is three times the
 * largest of them, and keeps one hostile or broken answer from taking the whole 10 MB, which
 * would evict every other tab's Brief to make room.
 */
export const MAX_RECORD_BYTES = 512 * 1024;

export const tabKey = (tabId) => `${TAB_PREFIX}${tabId}`;
/** Where the panels keep the corroboration of the tab's Brief (sidepanel/corroboration.js). */
export const CORROBORATION_PREFIX = "corroboration:";
export const corroborationKey = (tabId) => `${CORROBORATION_PREFIX}${tabId}`;

export async function getEntry(tabId) {
  if (!Number.isInteger(tabId)) {
    return null;
  }
  const key = tabKey(tabId);
  const stored = await area.get(key);
  return stored[key] ?? null;
}

export async function putEntry(entry) {
  await putRecord(tabKey(entry.tabId), { ...entry, updatedAt: Date.now() }, entry.tabId);
}

/** A record heavier than MAX_RECORD_BYTES: it is not stored. */
export class RecordTooLarge extends Error {}

const encoder = new TextEncoder();
/** What `key: value` weighs in storage.session (both browsers count key + JSON in UTF-8). */
export const recordBytes = (key, value) => encoder.encode(key + JSON.stringify(value)).length;

/** Chromium: "Session storage quota bytes exceeded"; Firefox: "QuotaExceededError: ...". */
export const isQuotaError = (error) =>
  error?.name === "QuotaExceededError" || /quota/i.test(String(error?.message ?? error));

/**
 * Store one record of tab `tabId` (its entry or its corroboration). When storage.session is full
 * the write throws before anything else could make room (evictOldEntries runs after a Brief), so
 * a click on a full storage left the panel on its skeleton or on the Brief before, until tabs
 * were closed: on a quota error the least recently updated other tabs' entries go, with their
 * corroboration records, a growing number per round (1, 2, 4 ...), and the write is tried again;
 * tabs that no panel shows go before those a panel shows (evictionOrder).
 * Throws RecordTooLarge for a record over MAX_RECORD_BYTES, and the quota error when nothing of
 * the other tabs is left to evict.
 */
export async function putRecord(key, value, tabId) {
  if (recordBytes(key, value) > MAX_RECORD_BYTES) {
    throw new RecordTooLarge(`${key}: over ${MAX_RECORD_BYTES} bytes`);
  }
  for (let round = 0; ; round += 1) {
    try {
      await area.set({ [key]: value });
      return;
    } catch (error) {
      if (!isQuotaError(error) || !(await evictOldest(tabId, 2 ** round))) {
        throw error;
      }
    }
  }
}

const PANEL_PAGE = "/sidepanel/sidepanel.html";

/**
 * The tabs a panel shows now: the side panel (or Firefox's sidebar) follows its window's active
 * tab, a panel page opened with `?tab=<id>` shows that tab, one with `?window=<id>` that
 * window's active tab. Asked of `runtime.getContexts` (Chromium 116, Firefox 128); an empty set
 * where the browser cannot tell, and eviction is by age alone, as before. Chromium gives a side
 * panel's context no window (windowId -1, w3c/webextensions#1076; Firefox gives the sidebar's):
 * such a panel shows the active tab of one window or another, so every window's active tab
 * counts as shown. Before, Chromium's side panel, the panel a click opens, spared nothing.
 */
export async function tabsShownInPanels() {
  const shown = new Set();
  if (typeof ext.runtime?.getContexts !== "function") {
    return shown;
  }
  try {
    const windows = new Set();
    let windowUnknown = false;
    for (const context of await ext.runtime.getContexts({})) {
      let url;
      try {
        url = new URL(context.documentUrl ?? "");
      } catch {
        continue;
      }
      if (url.pathname !== PANEL_PAGE) {
        continue;
      }
      const tab = Number.parseInt(url.searchParams.get("tab") ?? "", 10);
      const window = Number.parseInt(url.searchParams.get("window") ?? "", 10);
      if (Number.isInteger(tab)) {
        shown.add(tab);
      } else if (Number.isInteger(window)) {
        windows.add(window);
      } else if (Number.isInteger(context.windowId) && context.windowId >= 0) {
        windows.add(context.windowId);
      } else {
        windowUnknown = true;
      }
    }
    const actives = windowUnknown
      ? [ext.tabs.query({ active: true })]
      : [...windows].map((windowId) => ext.tabs.query({ active: true, windowId }));
    for (const tabs of await Promise.all(actives)) {
      for (const active of tabs) {
        if (Number.isInteger(active?.id)) {
          shown.add(active.id);
        }
      }
    }
  } catch {
    // Nothing known: eviction by age alone.
  }
  return shown;
}

/**
 * Entries of tabs other than `keepTabId`, the first to go first: tabs no panel shows, least
 * recently updated first, then those a panel shows, least recently updated first. Evicting the
 * Brief a panel in another window is showing blanked that panel (it re-asks now, see
 * sidepanel.js, but that is a new request), while a tab in the background loses nothing the
 * reader is looking at.
 */
async function evictionOrder(all, keepTabId) {
  const shown = await tabsShownInPanels();
  return Object.entries(all)
    .filter(([key, value]) => key.startsWith(TAB_PREFIX) && value?.tabId !== keepTabId)
    .sort(
      ([, a], [, b]) =>
        Number(shown.has(a.tabId)) - Number(shown.has(b.tabId)) || (a.updatedAt ?? 0) - (b.updatedAt ?? 0),
    )
    .map(([key]) => key);
}

/**
 * Remove the first `count` entries of tabs other than `keepTabId` in eviction order (tabs no
 * panel shows first, then by age), with their corroboration records, and every orphaned
 * corroboration record; false when none was left.
 */
async function evictOldest(keepTabId, count) {
  const all = await area.get(null);
  return removeEntries(all, (await evictionOrder(all, keepTabId)).slice(0, count));
}

/**
 * Remove the entries `evicted` (keys of `all`, the whole storage) and every corroboration record
 * whose tab has no entry left; false when there was nothing to remove.
 */
async function removeEntries(all, evicted) {
  const kept = new Set(Object.keys(all).filter((key) => key.startsWith(TAB_PREFIX)));
  for (const key of evicted) {
    kept.delete(key);
  }
  const orphaned = Object.keys(all).filter(
    (key) =>
      key.startsWith(CORROBORATION_PREFIX) &&
      !kept.has(tabKey(key.slice(CORROBORATION_PREFIX.length))),
  );
  const surplus = [...evicted, ...orphaned];
  if (!surplus.length) {
    return false;
  }
  await area.remove(surplus);
  return true;
}

export async function removeEntry(tabId) {
  await area.remove([tabKey(tabId), corroborationKey(tabId)]);
}

/**
 * Drop the entries beyond MAX_TABS in eviction order (tabs no panel shows, least recently updated
 * first), and every corroboration record whose tab has no entry left: a panel still open when its
 * tab closed can write one after removeEntry, and nothing else would ever remove it.
 */
export async function evictOldEntries(keepTabId) {
  const all = await area.get(null);
  const order = await evictionOrder(all, keepTabId);
  await removeEntries(all, order.slice(0, Math.max(0, order.length - (MAX_TABS - 1))));
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

/**
 * The page a URL names, to tell a new page from the same one: the URL without its fragment,
 * unless the fragment is a route. A jump to an anchor (`#comments`, `#section-2`) is not a new
 * page; a hash-routed single-page site's route (`#/story/123`, `#!/politics/abc`, `#story/123`)
 * is. The rule (routeOf): a fragment that starts with "/" or "!" (the "hashbang" convention) is
 * a route, as hash routers (Angular's, Vue's, React Router's HashRouter) write it; so is one
 * that reads as a path ("story/123": a first segment of URL-safe characters, then "/"), as
 * routers that write no "#/" do (Backbone's, hand-made ones), unless it names an element of the
 * page: `namesElement(fragment)`, which only the page can answer (the worker asks it,
 * fragmentNamesElement in lib/page.js). An element that holds the page's headline (its first
 * h1 that is not the site's logo) or its main region is the route's view, not an anchor: a router may give the view the
 * route as its id, and an anchor is a part of the page (a footnote, a comment), never the story. "#!/x", "#/x", "#x/" and "#/x/" are one route, "#/"
 * and "#!" none (a router's address for the front page). capturePage() in lib/page.js applies
 * the same rule to the addresses it compares (it runs in the page and cannot import this), and
 * the backend's canonical_url (functions/parallax/domain/urls.py, hash_route) the same without
 * the page: capturePage leaves a path-like fragment that names an element out of the address
 * it reports, so the address sent never carries one.
 */
export function pageKey(url, namesElement = null) {
  if (typeof url !== "string") {
    return "";
  }
  const hash = url.indexOf("#");
  if (hash < 0) {
    return url;
  }
  const route = routeOf(url.slice(hash + 1), namesElement);
  return route ? `${url.slice(0, hash)}#/${route}` : url.slice(0, hash);
}

/** A fragment that reads as a path: a route, unless the page has an element of that id. */
export const PATH_LIKE_FRAGMENT = /^[A-Za-z0-9_.~%-]+\/\S*$/;

/**
 * The fragment of `url` when it is a route only because it reads as a path (then whether it
 * names an element of the page decides), else null.
 */
export function pathLikeFragment(url) {
  if (typeof url !== "string" || url.indexOf("#") < 0) {
    return null;
  }
  const fragment = url.slice(url.indexOf("#") + 1);
  return !/^[/!]/.test(fragment) && PATH_LIKE_FRAGMENT.test(fragment) ? fragment : null;
}

/**
 * A fragment's route ("story/123" for "/story/123/", "!/story/123" or "story/123"), or "" for an
 * anchor (see pageKey).
 */
function routeOf(fragment, namesElement = null) {
  if (/^[/!]/.test(fragment)) {
    return withoutTrailingSlashes(fragment.replace(/^!?\/*/, ""));
  }
  if (PATH_LIKE_FRAGMENT.test(fragment) && !(typeof namesElement === "function" && namesElement(fragment))) {
    return withoutTrailingSlashes(fragment);
  }
  return "";
}

/**
 * `text` without the slashes it ends with. A loop, not `replace(/\/+$/, "")`: that regex tries
 * each slash of a run as a start and scans the run to its end, so a page's route of 100,000
 * slashes followed by a letter (the page writes its own fragment) held the worker 11 s.
 */
function withoutTrailingSlashes(text) {
  let end = text.length;
  while (end > 0 && text[end - 1] === "/") {
    end -= 1;
  }
  return text.slice(0, end);
}

/**
 * What a tab's entry needs once the reader's summary language (resolveSummaryLanguage) is
 * `wanted`, after a change in the options:
 *   "none"    the Brief was asked for in `wanted`, its bullets are in `wanted` already (a German
 *             article for a reader now on Deutsch), it has no bullets (a story-only entry), or
 *             the entry is no Brief (an error, a note, a tab still being read: the worker reads
 *             the settings after the capture, so that request is in `wanted` already);
 *   "request" ask again: a model wrote the bullets (or was asked and failed), so a new request
 *             can have them written in `wanted`; likewise a request still waiting for the
 *             backend in the old language, whose answer would be in the wrong one; and the
 *             article's own sentences asked for in the article's language (no notice): the Brief
 *             does not say whether a model is configured, and with one a short article asked for
 *             in another language comes back translated (method "llm"); without one the answer
 *             is the same sentences with "not_translated", which then "stays";
 *   "stays"   the bullets are the article's own sentences and the backend said it could not
 *             translate them (notice "not_translated": it has no model): a new request would
 *             return the same sentences, so none is made and the panel says why (the notice, for
 *             `wanted`) and shows the related reports it has for `wanted` (relatedReaderLanguage).
 *             Unless the backend left reports out for being in neither the old reader language
 *             nor the article's (`related.hidden_other_languages`): some may be in `wanted`, and
 *             only a request in `wanted` brings them, so that is "request".
 * The answer depends on the entry and `wanted` only, so the Brief a request brings (asked for in
 * `wanted`) is "none": a change of language leads to one request per tab, never to a loop.
 */
export function summaryLanguageFollowUp(entry, wanted, now = Date.now()) {
  const asked = primaryLanguage(entry?.language);
  const target = primaryLanguage(wanted);
  if (!asked || !target || asked === target) {
    return "none";
  }
  if (entry.state === "loading") {
    const fresh = now - (entry.startedAt ?? now) <= STALE_LOADING_MS; // else nobody answers
    return entry.phase === "backend" && fresh ? "request" : "none";
  }
  const summary = entry.state === "ready" ? entry.brief?.summary : null;
  if (!summary || typeof summary !== "object") {
    return "none";
  }
  const bullets = Array.isArray(summary.bullets) ? summary.bullets : [];
  if (!bullets.length || primaryLanguage(summary.language) === target) {
    return "none";
  }
  if (summary.method === "llm") {
    return "request";
  }
  if (summary.notice !== "not_translated") {
    return "request";
  }
  const hidden = entry.brief?.related?.hidden_other_languages;
  return Number.isInteger(hidden) && hidden > 0 ? "request" : "stays";
}

/**
 * The reader language the related reports of a ready entry are filtered and grouped by once the
 * reader wants `wanted`: `wanted` when the entry "stays" (no request will bring a Brief in
 * `wanted`, and the backend sent every report it found, so the panel can do what the backend
 * would), else the language the Brief was asked in (a request in `wanted` follows, or that is
 * `wanted` already).
 */
export function relatedReaderLanguage(entry, wanted, now = Date.now()) {
  return summaryLanguageFollowUp(entry, wanted, now) === "stays" ? wanted : entry?.language;
}
