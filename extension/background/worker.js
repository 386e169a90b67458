/**
 * The background worker: opens the panel on a toolbar click, captures the tab's URL and DOM,
 * asks the backend for a Brief, and hands it to the panel through `storage.session` (one entry
 * per tab, see lib/state.js). All messages from extension pages go through one router below.
 *
 * Why `openPanelOnActionClick` stays false: with it set to true Chromium opens the panel itself
 * and neither fires `action.onClicked` nor grants `activeTab`, so the page could not be read
 * without a host permission for every site. A click handler that opens the panel synchronously
 * (inside the user gesture) and then captures the tab needs only `activeTab` + `scripting`.
 */
import { accessProblem, ext, extensionOrigin, openPanel, setUpPanelBehaviour } from "../lib/ext.js";
import {
  PROGRESS_POLL_AFTER_MS,
  PROGRESS_POLL_EVERY_MS,
  fitsHtmlLimit,
  progressOf,
  requestBrief,
} from "../lib/api.js";
import {
  HIGHLIGHT_CSS,
  capturePage,
  clearHighlights,
  fragmentNamesElement,
  highlightSentences,
  highlightStyleInserted,
  pageAddress,
  waitForNewArticle,
} from "../lib/page.js";
import { loadSettings, resolveSummaryLanguage } from "../lib/settings.js";
import {
  evictOldEntries,
  getEntry,
  isQuotaError,
  pageKey,
  pathLikeFragment,
  putEntry,
  RecordTooLarge,
  removeEntry,
  slimBrief,
  summaryLanguageFollowUp,
} from "../lib/state.js";

const SPA_SETTLE_MS = 1200;
const CAPTURE_RETRY_MS = [0, 50, 100, 200, 400];

setUpPanelBehaviour();

/** The request in flight per tab, so that the panel's Cancel can stop it. */
const inFlight = new Map();
/**
 * The newest analysis per tab, in memory: a replaced request learns it is stale at once, even
 * before the newer one's entry has reached storage (the abort of the old request can resolve
 * first). The stored requestId still decides after the worker restarts.
 */
const latestRequest = new Map();

// --- the click -------------------------------------------------------------------------------

ext.action.onClicked.addListener((tab) => {
  const clickedAt = Date.now();
  openPanel(tab); // first, and synchronously: opening needs the user gesture
  if (Number.isInteger(tab?.id)) {
    void analyseTab(tab.id, { trigger: "action", startedAt: clickedAt });
  }
});

// --- capture and Brief -----------------------------------------------------------------------

/**
 * Run capturePage in the tab. Right after a click the grant can reach the browser before the
 * page's renderer ("Cannot access contents of the page" for a few milliseconds), so a refusal
 * is retried briefly before it counts as no access. `previousPage` (see previousPageOf) lets
 * the page leave out a head a single-page site kept from the article before.
 */
async function capture(tabId, previousPage) {
  let reason = "";
  for (const delay of CAPTURE_RETRY_MS) {
    if (delay) {
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    try {
      const [injection] = await ext.scripting.executeScript({
        target: { tabId },
        func: capturePage,
        args: [previousPage ?? null],
      });
      const page = injection?.result ?? null;
      return { page, reason: page ? "" : "no result" };
    } catch (error) {
      // A browser page, the web store, a closed tab, or no activeTab grant for this tab.
      reason = String(error?.message ?? error).slice(0, 200);
    }
  }
  return { page: null, reason };
}

/**
 * While a Brief is made: after PROGRESS_POLL_AFTER_MS, ask the backend about once a second which
 * step it is at, and pass each new step to `onStep`. Stops at the answer (the returned function,
 * which also waits for a step being stored, so it never lands after the result), on Cancel
 * (`signal`), at "done", and at any refusal: a 404 is a backend that cannot tell (AWS Lambda,
 * an older backend), and the panel keeps its generic text.
 */
function followBackendSteps({ backendUrl, requestId, signal, onStep }) {
  const polling = new AbortController();
  const stop = () => polling.abort();
  signal.addEventListener("abort", stop, { once: true });
  let timer = null;
  let pending = Promise.resolve();
  let last = null;
  const tick = async () => {
    if (polling.signal.aborted) {
      return;
    }
    const answer = await progressOf(backendUrl, requestId, polling.signal);
    if (polling.signal.aborted) {
      return;
    }
    if (!answer.ok || answer.step === "done") {
      stop();
      return;
    }
    if (answer.step !== last) {
      last = answer.step;
      await onStep(answer.step);
    }
    if (!polling.signal.aborted) {
      timer = setTimeout(run, PROGRESS_POLL_EVERY_MS);
    }
  };
  const run = () => {
    pending = tick().catch(() => undefined);
  };
  timer = setTimeout(run, PROGRESS_POLL_AFTER_MS);
  return async () => {
    stop();
    clearTimeout(timer);
    signal.removeEventListener("abort", stop);
    await pending;
  };
}

/**
 * Capture the tab and fetch its Brief. A newer analysis of the same tab wins: each run carries
 * a requestId, and a result is stored only while the entry still has that id.
 */
async function analyseTab(
  tabId,
  {
    trigger,
    startedAt = Date.now(),
    requestId = crypto.randomUUID(),
    otherLanguages = null,
    previousPage = null,
  },
) {
  const base = { tabId, requestId, trigger, startedAt };
  latestRequest.set(tabId, requestId);
  inFlight.get(tabId)?.abort(); // a newer analysis of the tab replaces the older one
  inFlight.delete(tabId);
  // A click or a refresh after the site changed its page in the same document: the entry before
  // tells capturePage which article the page showed (a navigation passes it in).
  const pageBefore = previousPage ?? previousPageOf(await getEntry(tabId).catch(() => null));
  await putEntry({ ...base, state: "loading", phase: "capturing", url: null });
  const stillCurrent = async () =>
    latestRequest.get(tabId) === requestId && (await getEntry(tabId))?.requestId === requestId;

  if (previousPage) {
    // The address changed: in a single-page site the new article may not be on the page yet.
    await ext.scripting
      .executeScript({ target: { tabId }, func: waitForNewArticle, args: [previousPage] })
      .catch(() => undefined); // the document went (a real load): capture reads the new one
    if (latestRequest.get(tabId) !== requestId) {
      return; // a newer analysis of the tab took over while the page settled
    }
  }
  /**
   * Read the tab and store the loading entry with the address read; null when the tab could not
   * be read (the entry says so) or a newer analysis took over.
   */
  const readTab = async () => {
    const { page, reason } = await capture(tabId, pageBefore);
    if (!page || typeof page.url !== "string" || !/^https?:\/\//i.test(page.url)) {
      if (await stillCurrent()) {
        const error = { code: accessProblem(trigger) };
        await putEntry({ ...base, state: "error", url: null, error, reason });
      }
      return null;
    }
    const settings = await loadSettings();
    const language = resolveSummaryLanguage(settings);
    // The panel's "show them" asks once for the reports in other languages the settings hide.
    const includeOtherLanguages = otherLanguages ?? settings.includeOtherLanguages;
    const showOtherLanguages = otherLanguages === true && !settings.includeOtherLanguages;
    const loading = {
      ...base,
      state: "loading",
      phase: "backend",
      backendFetches: !(typeof page.html === "string" && page.html && fitsHtmlLimit(page.html)),
      url: page.url,
      language,
      showOtherLanguages,
      documentStartedAt: Number.isFinite(page.documentStartedAt) ? page.documentStartedAt : null,
      pageTitle: typeof page.title === "string" ? page.title.slice(0, 300) : "",
    };
    if (!(await stillCurrent())) {
      return null;
    }
    try {
      await putEntry(loading);
    } catch (failure) {
      if (!(failure instanceof RecordTooLarge)) {
        throw failure;
      }
      // An address of over half a megabyte (a page can make one with history.replaceState) does
      // not fit an entry: the analysis ended here, the panel on its skeleton until the entry
      // went stale. The backend refuses any address over 2,048 characters as invalid_request,
      // what the reader was told before entries had a cap.
      await putEntry({
        ...base,
        state: "error",
        url: null,
        error: { code: "invalid_request" },
        backendUrl: settings.backendUrl,
        receivedAt: Date.now(),
      });
      return null;
    }
    return { page, settings, language, includeOtherLanguages, loading };
  };

  let read = await readTab();
  if (!read) {
    return;
  }
  // A navigation while the tab was being read went unseen: onTabUpdated passes over an entry
  // without an address, so after a burst of route changes the Brief could be for the route
  // before the last. The entry has its address now (onTabUpdated sees what comes next); if the
  // page shows another page than the one read, read it once more, once the page has been still
  // for a moment (waitForNewArticle). Once only: a site that changes its address a hundred
  // times a second must not hold the worker in a loop of readings.
  const shownNow = await addressInPage(tabId);
  if (typeof shownNow === "string" && (await keyInPage(tabId, shownNow)) !== pageKey(read.page.url)) {
    const justRead = { documentStartedAt: read.page.documentStartedAt, url: read.page.url, title: "", texts: [] };
    await ext.scripting
      .executeScript({ target: { tabId }, func: waitForNewArticle, args: [justRead] })
      .catch(() => undefined);
    if (latestRequest.get(tabId) !== requestId) {
      return;
    }
    read = await readTab();
    if (!read) {
      return;
    }
  }
  const { page, settings, language, includeOtherLanguages, loading } = read;
  const controller = new AbortController();
  inFlight.set(tabId, controller);
  const stopFollowing = followBackendSteps({
    backendUrl: settings.backendUrl,
    requestId,
    signal: controller.signal,
    onStep: async (backendStep) => {
      // Only while this request is still the tab's newest: never over a newer analysis.
      if (latestRequest.get(tabId) === requestId && !controller.signal.aborted) {
        await putEntry({ ...loading, backendStep });
      }
    },
  });
  const result = await requestBrief({
    backendUrl: settings.backendUrl,
    url: page.url,
    html: page.html,
    language,
    maxRelated: settings.maxRelated,
    includeOtherLanguages,
    signal: controller.signal,
    requestId,
  });
  await stopFollowing();
  if (inFlight.get(tabId) === controller) {
    inFlight.delete(tabId);
  }
  if (!(await stillCurrent())) {
    return;
  }
  let stored = false;
  if (result.ok) {
    try {
      await putEntry({
        ...loading,
        state: "ready",
        brief: slimBrief(result.brief),
        sentHtml: result.sentHtml,
        receivedAt: Date.now(),
      });
      stored = true;
    } catch (failure) {
      // A Brief that cannot be kept is an answer the panel cannot use: an error now, not a
      // skeleton until the loading entry goes stale a minute later. One over MAX_RECORD_BYTES,
      // or larger than storage.session holds once the other tabs' entries are evicted, is a
      // real Brief, too large: `brief_too_large`, whose words say so and what to do (fewer
      // related reports). It said bad_response, whose words blame the backend's URL or
      // version, which were right. A shape that breaks slimming is not a Brief: bad_response.
      result.error = {
        code: failure instanceof RecordTooLarge || isQuotaError(failure) ? "brief_too_large" : "bad_response",
      };
    }
  }
  if (!stored) {
    await putEntry({
      ...loading,
      state: "error",
      error: result.error,
      backendUrl: settings.backendUrl,
      receivedAt: Date.now(),
    });
  }
  await evictOldEntries(tabId);
}

// --- tabs: closing forgets, navigating refreshes -----------------------------------------------

const settleTimers = new Map();

ext.tabs.onRemoved.addListener((tabId) => {
  latestRequest.delete(tabId);
  inFlight.get(tabId)?.abort();
  inFlight.delete(tabId);
  clearTimeout(settleTimers.get(tabId));
  settleTimers.delete(tabId);
  void removeEntry(tabId);
});

ext.tabs.onReplaced?.addListener((addedTabId, removedTabId) => {
  void removeEntry(removedTabId);
});

ext.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === "complete" || typeof change.url === "string") {
    void onTabUpdated(tabId, change, tab);
  }
});

/**
 * What waitForNewArticle() and capturePage() need to know about the page an entry was made
 * from, or null: its document, address, document title, Brief title and cited sentences.
 */
function previousPageOf(entry) {
  if (!Number.isFinite(entry?.documentStartedAt)) {
    return null;
  }
  const article = entry.brief?.article;
  const sentences = Array.isArray(article?.sentences) ? article.sentences : [];
  const texts = [article?.title, ...sentences.map((sentence) => sentence?.text)]
    .filter((text) => typeof text === "string" && text)
    .slice(0, 12);
  return {
    documentStartedAt: entry.documentStartedAt,
    url: typeof entry.url === "string" ? entry.url : "",
    title: entry.pageTitle ?? "",
    headline: typeof article?.title === "string" ? article.title : "",
    texts,
  };
}

/**
 * The address the tab's document shows, read in the page, or null without access. Firefox
 * reports a same-document navigation (pushState, a fragment) as "complete" without `tab.url`
 * (it gives that to the `tabs` permission only) but keeps `activeTab` for the document; a reload
 * or another page is a new document, which the grant does not cover.
 */
async function addressInPage(tabId) {
  try {
    const [injection] = await ext.scripting.executeScript({ target: { tabId }, func: pageAddress });
    return typeof injection?.result === "string" ? injection.result : null;
  } catch {
    return null;
  }
}

/**
 * Whether the page has an element that `fragment` names (an anchor), asked in the page; false
 * without access (the capture that follows says so).
 */
async function namesElementInPage(tabId, fragment) {
  try {
    const [injection] = await ext.scripting.executeScript({
      target: { tabId },
      func: fragmentNamesElement,
      args: [fragment],
    });
    return injection?.result === true;
  } catch {
    return false;
  }
}

/**
 * The page `url` names in this tab (lib/state.js pageKey), its fragment judged in the page: a
 * path-like one ("#notes/1") is an anchor when the page has an element of that id.
 */
async function keyInPage(tabId, url) {
  const fragment = pathLikeFragment(url);
  const named = fragment !== null && (await namesElementInPage(tabId, fragment));
  return pageKey(url, () => named);
}

async function onTabUpdated(tabId, change, tab) {
  const entry = await getEntry(tabId);
  if (!entry?.url || entry.state === "navigated") {
    return; // never analysed, still capturing, or already waiting for a click
  }
  // `tab.url` is there while activeTab still covers the tab (Chromium: a same-origin navigation);
  // Firefox leaves it out, and the page is asked once it has loaded.
  let url = tab?.url;
  if (typeof url !== "string" && change.status === "complete") {
    url = await addressInPage(tabId);
  }
  if (typeof url !== "string") {
    if (change.status === "complete") {
      await putEntry({
        tabId,
        state: "navigated",
        requestId: crypto.randomUUID(),
        startedAt: Date.now(),
        url: null,
      });
    }
    return;
  }
  // "#notes/1" reads as a route, but is an anchor when the page has an element of that id: only
  // the page can tell (keyInPage). The entry's address never carries such an anchor
  // (capturePage leaves it out).
  if ((await keyInPage(tabId, url)) === pageKey(entry.url)) {
    return; // the same page: an anchor jump or a reload (the refresh button re-analyses)
  }
  // Another page, or a hash-routed site's new route (lib/state.js pageKey): read it anew.
  clearTimeout(settleTimers.get(tabId));
  settleTimers.delete(tabId);
  const previousPage = previousPageOf(entry);
  // A fragment that is a route only because no element has its id yet waits too (below): a
  // script may draw that element a moment after the jump.
  if (change.status === "complete" && pathLikeFragment(url) === null) {
    await analyseTab(tabId, { trigger: "navigation", previousPage });
    return;
  }
  // A URL change without a finished load: a single-page app's history navigation, or the start
  // of a normal load (whose "complete" comes later and wins). Wait for the page to settle.
  settleTimers.set(
    tabId,
    setTimeout(async () => {
      settleTimers.delete(tabId);
      const current = await ext.tabs.get(tabId).catch(() => null);
      if (current?.status !== "complete") {
        return;
      }
      // Asked again now that the page has settled: an anchor's element may be drawn after the
      // jump ("#notes/1" whose footnote a script adds), and the reader may have come back to the
      // page the Brief is of. Either way it is the same page: no second reading of it.
      const settled = await getEntry(tabId);
      const shown = await addressInPage(tabId);
      if (settled?.url && typeof shown === "string" && (await keyInPage(tabId, shown)) === pageKey(settled.url)) {
        return;
      }
      await analyseTab(tabId, { trigger: "navigation", previousPage });
    }, SPA_SETTLE_MS),
  );
}

// --- highlighting cited sentences ------------------------------------------------------------

/**
 * Insert the highlight style into the tab's document unless it is there already. Kept per
 * document, not per Brief: a reload (or a new page) starts without it, and a highlight without
 * its style is there but cannot be seen.
 */
async function ensureHighlightStyle(tabId) {
  const [check] = await ext.scripting.executeScript({
    target: { tabId },
    func: highlightStyleInserted,
    args: [false],
  });
  if (check?.result === true) {
    return;
  }
  await ext.scripting.insertCSS({ target: { tabId }, css: HIGHLIGHT_CSS });
  await ext.scripting.executeScript({ target: { tabId }, func: highlightStyleInserted, args: [true] });
}

async function highlight(tabId, sentenceIds) {
  const entry = await getEntry(tabId);
  if (entry?.state !== "ready") {
    return { ok: false, code: "no_brief" };
  }
  const ids = new Set(sentenceIds.filter(Number.isInteger));
  const texts = (entry.brief.article?.sentences ?? [])
    .filter((sentence) => ids.has(sentence?.id) && typeof sentence.text === "string")
    .map((sentence) => sentence.text);
  try {
    await ensureHighlightStyle(tabId);
    const [injection] = await ext.scripting.executeScript({
      target: { tabId },
      func: highlightSentences,
      args: [texts],
    });
    const { found = 0, total = texts.length } = injection?.result ?? {};
    return { ok: true, found, total };
  } catch {
    return { ok: false, code: "no_access" };
  }
}

async function unhighlight(tabId) {
  try {
    await ext.scripting.executeScript({ target: { tabId }, func: clearHighlights });
    return { ok: true };
  } catch {
    return { ok: false, code: "no_access" };
  }
}

// --- the one message router ------------------------------------------------------------------

const routes = {
  /** Re-analyse a tab (the panel's refresh and retry buttons). Answers at once. */
  analyse: async ({ tabId, otherLanguages }) => {
    const requestId = crypto.randomUUID();
    const include = typeof otherLanguages === "boolean" ? otherLanguages : null;
    void analyseTab(tabId, { trigger: "panel", requestId, otherLanguages: include });
    return { ok: true, requestId };
  },
  /**
   * Ask again in the summary language the reader now has (the panel saw the shown tab's entry
   * in the old one). Checked here once more, with the stored settings: nothing happens when
   * another request of the tab took over meanwhile (a second panel showing the tab asked
   * first) or when the entry needs no new request (lib/state.js summaryLanguageFollowUp).
   */
  followSummaryLanguage: async ({ tabId, requestId }) => {
    const [entry, settings] = await Promise.all([getEntry(tabId), loadSettings()]);
    const latest = latestRequest.get(tabId);
    if (!entry || entry.requestId !== requestId || (latest !== undefined && latest !== requestId)) {
      return { ok: false, code: "superseded" };
    }
    if (summaryLanguageFollowUp(entry, resolveSummaryLanguage(settings)) !== "request") {
      return { ok: false, code: "nothing_to_follow" };
    }
    const next = crypto.randomUUID();
    // Reports in other languages the reader asked to see once stay shown in the new Brief.
    const otherLanguages = entry.showOtherLanguages === true ? true : null;
    void analyseTab(tabId, { trigger: "language", requestId: next, otherLanguages });
    return { ok: true, requestId: next };
  },
  /** Stop the tab's request (the panel's Cancel): the entry says so, calmly. */
  cancel: async ({ tabId }) => {
    const entry = await getEntry(tabId);
    if (entry?.state !== "loading") {
      return { ok: false, code: "not_loading" };
    }
    const requestId = crypto.randomUUID(); // a late answer to the cancelled request is dropped
    latestRequest.set(tabId, requestId);
    inFlight.get(tabId)?.abort();
    inFlight.delete(tabId);
    await putEntry({
      ...entry,
      requestId,
      state: "error",
      error: { code: "cancelled" },
      receivedAt: Date.now(),
    });
    return { ok: true };
  },
  highlight: ({ tabId, sentenceIds }) =>
    highlight(tabId, Array.isArray(sentenceIds) ? sentenceIds : []),
  clearHighlight: ({ tabId }) => unhighlight(tabId),
  getEntry: async ({ tabId }) => ({ ok: true, entry: await getEntry(tabId) }),
  ping: async () => ({ ok: true }),
};

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only the extension's own pages talk to the worker (there are no content scripts).
  const fromExtensionPage =
    sender.id === ext.runtime.id &&
    typeof sender.url === "string" &&
    sender.url.startsWith(`${extensionOrigin}/`);
  const route = fromExtensionPage && message && Object.hasOwn(routes, message.type)
    ? routes[message.type]
    : null;
  if (!route) {
    return false;
  }
  if (message.type !== "ping" && !Number.isInteger(message.tabId)) {
    sendResponse({ ok: false, code: "invalid_message" });
    return false;
  }
  route(message).then(sendResponse, () => sendResponse({ ok: false, code: "internal" }));
  return true; // answers asynchronously
});
