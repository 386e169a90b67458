/**
 * The panel: follows the active tab of its window (or one tab, with ?tab=<id>) and shows that
 * tab's entry from `storage.session`, as written by the worker. The skeleton is in the static
 * HTML, so it is on screen at first paint, before any script has run.
 *
 * Query parameters (for opening the panel as a page, e.g. in tests):
 *   ?tab=<tabId>        show this tab only
 *   ?window=<windowId>  follow the active tab of that window
 */
import { ext, sessionAreaName, sessionStorageArea } from "../lib/ext.js";
import { loadTranslator, localiseDocument } from "../lib/i18n.js";
import { languageName } from "../lib/languages.js";
import {
  loadSettings,
  onSettingsChanged,
  resolvePanelLanguage,
  resolveSummaryLanguage,
  saveSettings,
} from "../lib/settings.js";
import { getEntry, STALE_LOADING_MS, summaryLanguageFollowUp, tabKey } from "../lib/state.js";
import {
  PROGRESS_AFTER_MS,
  errorText,
  INFO_CODES,
  renderBrief,
  renderError,
  renderIdle,
  renderNavigated,
  renderProgress,
  viewOf,
} from "./render.js";
import { attachCorroboration } from "./corroboration.js";

const params = new URLSearchParams(location.search);
const intParam = (name) => {
  const value = Number.parseInt(params.get(name) ?? "", 10);
  return Number.isInteger(value) ? value : null;
};
const pinnedTabId = intParam("tab");
const mode = pinnedTabId !== null || intParam("window") !== null ? "page" : "panel";

const content = document.getElementById("content");
const announcer = document.getElementById("announcer");
const refreshButton = document.getElementById("refresh");

let settings;
let t;
let windowId = null;
let currentTabId = null;
let shown = { tabId: null, requestId: null, view: null };
let loadingEntry = null;
let progressTimer = null;
const marks = { requestId: null };
/** Requests whose entry this panel asked to have made again in a new summary language. */
const followed = new Set();

function announce(text) {
  announcer.textContent = "";
  // A new text node in a live region is announced; clearing first repeats equal messages.
  setTimeout(() => {
    announcer.textContent = text;
  }, 30);
}

// --- performance marks (read by the benchmark and tests; diagnostics only) ---------------------

function mark(entry, name) {
  if (!entry?.requestId) {
    return;
  }
  if (marks.requestId !== entry.requestId) {
    marks.requestId = entry.requestId;
    marks.startedAt = entry.startedAt ?? null;
    marks.skeletonAt = null;
    marks.renderedAt = null;
  }
  if (marks[name]) {
    return;
  }
  marks[name] = Date.now();
  void sessionStorageArea.set({ [`perf:${mode}`]: { ...marks, tabId: entry.tabId } }).catch(() => {});
}

// --- rendering -----------------------------------------------------------------------------

/**
 * Where a control is in the content: its tag and class, and its position among the content's
 * controls of that tag and class ("the second bullet", "the fourth link"). The same Brief drawn
 * again in another panel language has the same controls in the same order.
 */
function placeOf(element) {
  if (!element || element === content || !content.contains(element)) {
    return null;
  }
  const selector = `${element.localName}${[...element.classList].map((c) => `.${CSS.escape(c)}`).join("")}`;
  const all = [...content.querySelectorAll(selector)];
  const index = all.indexOf(element);
  return index < 0 ? null : { selector, index, count: all.length };
}

/** The control at `place` once the content has as many of its kind again (a link inside a chip
 * is not "the fourth link" before the chips are drawn), else null. */
function atPlace(place) {
  const all = place ? content.querySelectorAll(place.selector) : [];
  return all.length === place?.count ? all[place.index] : null;
}

/** What the reader opened: a snippet's "More", an "also reported by" list, a chip. */
function openedPlaces() {
  return [...content.querySelectorAll('[aria-expanded="true"], details[open]')].map(placeOf).filter(Boolean);
}

/** Open again what was open at `places`; returns the places not drawn yet (chips). */
function reopen(places) {
  const missing = [];
  for (const place of places) {
    const element = atPlace(place);
    if (!element) {
      missing.push(place);
    } else if (element.localName === "details") {
      element.open = true;
    } else if (element.getAttribute("aria-expanded") === "false") {
      element.click(); // its own handler: the words ("Less") and what it shows follow
    }
  }
  return missing;
}

function setView(view, node, { keepPlace = false } = {}) {
  // A control the reader was on ("Look again", "Show them", Cancel) goes with the old view:
  // focus stays in the content (main is focusable from script), so that the next Tab goes to
  // the new view's first control instead of starting over at the top of the page.
  // The same Brief or note drawn again (the panel language changed) keeps the reader's place:
  // focus goes back to the control at the same place, what the reader opened is open again, and
  // the bullet whose sentences are highlighted on the page stays pressed (the highlight is still
  // there). Before, a keyboard reader on the third bullet (or on "Settings" under a failure)
  // started over at the first, what they had opened was closed, and the pressed bullet read
  // "not pressed".
  const hadFocus = content.contains(document.activeElement);
  const place = keepPlace ? placeOf(document.activeElement) : null;
  const opened = keepPlace ? openedPlaces() : [];
  const pressed = keepPlace
    ? [...content.querySelectorAll("button.bullet")].map((b) => b.getAttribute("aria-pressed") === "true")
    : [];
  content.dataset.state = view;
  content.setAttribute("aria-busy", view === "loading" ? "true" : "false");
  content.replaceChildren(node);
  const bullets = content.querySelectorAll("button.bullet");
  pressed.forEach((isPressed, index) => {
    if (isPressed && bullets[index]) {
      bullets[index].setAttribute("aria-pressed", "true");
    }
  });
  const closed = reopen(opened);
  const again = atPlace(place);
  if (again) {
    again.focus();
  } else if (hadFocus && !content.contains(document.activeElement)) {
    content.focus({ preventScroll: true });
  }
  // What is not there yet (a corroboration chip, drawn when the answer is read again).
  return { focus: again ? null : place, closed };
}

/** Once the chips are drawn: open again those that were open, and focus the reader's place
 * unless they have moved on meanwhile. */
function returnTo({ focus, closed }) {
  reopen(closed);
  if (focus && document.activeElement === content) {
    atPlace(focus)?.focus();
  }
}

/** The language a loading entry is being summarised in because the reader changed it, or null. */
function followingLanguage(entry) {
  if (entry?.trigger !== "language") {
    return null;
  }
  // Until the tab is read the entry has no language yet: the worker takes it from the settings.
  return entry.language ?? resolveSummaryLanguage(settings);
}

/** The skeleton; with `language`, a line above it says the summary is made anew in it. */
function skeletonNode(language = null) {
  const template = document.createElement("div");
  template.className = "skeleton";
  template.dataset.view = "skeleton";
  const label = document.createElement("h1"); // every view has a heading, this one too
  label.className = "visually-hidden";
  label.textContent = t("loading");
  template.append(label);
  if (language) {
    const why = document.createElement("p");
    why.className = "notice language-follow";
    why.dataset.language = language;
    why.textContent = t("summaryLanguageFollowing", languageName(language, t.language));
    template.append(why);
  }
  const shapes = ["sk-line sk-short", "sk-title", "sk-title sk-mid", "sk-line sk-mid", "sk-heading",
    "sk-bullet", "sk-bullet", "sk-bullet sk-mid", "sk-heading", "sk-card", "sk-card"];
  for (const shape of shapes) {
    const bar = document.createElement("div");
    bar.className = `sk ${shape}`;
    template.append(bar);
  }
  return template;
}

const handlers = {
  onRetry: () => analyse(),
  onOptions: () => ext.runtime.openOptionsPage(),
  onBullet: (button, ids) => void toggleHighlight(button, ids),
  onCancel: () => void cancel(),
  onShowOtherLanguages: () => analyse({ otherLanguages: true }),
  onAlwaysShowOtherLanguages: async () => {
    await saveSettings({ includeOtherLanguages: true });
    await analyse();
  },
};

// --- "still working": after a few seconds of loading, say so, with the step and Cancel -------

function stopProgress() {
  clearInterval(progressTimer);
  progressTimer = null;
  loadingEntry = null;
}

function updateProgress({ quiet = false } = {}) {
  if (!loadingEntry || content.dataset.state !== "loading") {
    stopProgress();
    return;
  }
  const now = Date.now();
  if (viewOf(loadingEntry, now) === "stale") {
    // Nobody will answer any more: the browser stopped the worker mid-request (MV3 does, after
    // 30 s without an extension event), and no new entry will come to render. Say so now.
    render(loadingEntry);
    return;
  }
  if (now - (loadingEntry.startedAt ?? now) < PROGRESS_AFTER_MS) {
    return;
  }
  const current = content.querySelector(".progress");
  const phase = loadingEntry.phase === "capturing" ? "capturing" : "backend";
  if (current && current.dataset.phase === phase) {
    const rendered = renderProgress(loadingEntry, t, handlers, now);
    const fresh = rendered.querySelector(".elapsed");
    const elapsed = current.querySelector(".elapsed");
    if (elapsed && fresh) {
      elapsed.textContent = fresh.textContent; // only the seconds change: focus stays put
    }
    // The backend's step changed: swap the line, not the section, so Cancel keeps its focus.
    const line = current.querySelector('li[data-step="backend"]');
    const freshLine = rendered.querySelector('li[data-step="backend"]');
    if (line && freshLine && line.dataset.backendStep !== freshLine.dataset.backendStep) {
      line.replaceWith(freshLine);
      const step = freshLine.querySelector(".step-label")?.textContent;
      if (step) {
        announce(step);
      }
    }
    return;
  }
  const node = renderProgress(loadingEntry, t, handlers, now);
  if (current) {
    current.replaceWith(node);
  } else {
    content.prepend(node);
    if (!quiet) {
      announce(t("stillWorking"));
    }
  }
}

function startProgress(entry, { quiet = false } = {}) {
  loadingEntry = entry;
  if (progressTimer === null) {
    progressTimer = setInterval(updateProgress, 1000);
  }
  updateProgress({ quiet });
}

/**
 * After the reader changed the summary language (in the options, or the panel language it
 * follows), the shown tab's Brief written by a model in the old language, or a request still
 * waiting in it, is asked for again in the new one (summaryLanguageFollowUp: "request"), once
 * per request. The worker checks again (two panels may show the tab) and replaces the entry;
 * meanwhile the skeleton says why. Returns whether it asked (the entry is then not drawn).
 */
function followSummaryLanguage(entry) {
  if (currentTabId === null || entry?.tabId !== currentTabId || !entry.requestId) {
    return false;
  }
  const wanted = resolveSummaryLanguage(settings);
  if (followed.has(entry.requestId) || summaryLanguageFollowUp(entry, wanted) !== "request") {
    return false;
  }
  followed.add(entry.requestId);
  const { tabId, requestId } = entry;
  stopProgress();
  shown = { tabId, requestId, view: "following" };
  refreshButton.disabled = false;
  setView("loading", skeletonNode(wanted));
  announce(t("summaryLanguageFollowing", languageName(wanted, t.language)));
  void ext.runtime
    .sendMessage({ type: "followSummaryLanguage", tabId, requestId })
    .catch(() => null)
    .then(async (answer) => {
      // Refused (another request took over, or the worker's settings say there is nothing to
      // do): the entry is drawn as it is, unless something else is on screen by now.
      if (!answer?.ok && shown.view === "following" && shown.requestId === requestId) {
        render(await getEntry(tabId), { force: true });
      }
    });
  return true;
}

function render(entry, { force = false } = {}) {
  if (followSummaryLanguage(entry)) {
    return;
  }
  const view = viewOf(entry);
  const requestId = entry?.requestId ?? null;
  const same =
    shown.tabId === currentTabId && shown.requestId === requestId && shown.view === view;
  if (view !== "loading") {
    stopProgress();
  }
  if (same && !force) {
    if (view === "loading") {
      startProgress(entry); // the same request moved on, from reading the tab to the backend
    }
    return; // nothing new: keep the DOM (and the reader's focus) as it is
  }
  shown = { tabId: currentTabId, requestId, view };
  refreshButton.disabled = currentTabId === null;
  switch (view) {
    case "loading": {
      // Drawn anew when forced (the panel language changed): the progress, its steps and Cancel
      // are words too. The reader on Cancel stays on it, and hears nothing new.
      const onCancel = force && Boolean(document.activeElement?.closest?.(".progress .cancel"));
      const following = followingLanguage(entry);
      const saysFollowing = content.querySelector(".skeleton .language-follow")?.dataset.language ?? null;
      if (
        force ||
        content.dataset.state !== "loading" ||
        !content.querySelector(".skeleton") ||
        saysFollowing !== following
      ) {
        setView("loading", skeletonNode(following));
      }
      content.dataset.state = "loading";
      mark(entry, "skeletonAt");
      startProgress(entry, { quiet: force });
      if (onCancel) {
        content.querySelector(".progress .cancel")?.focus();
      }
      break;
    }
    case "ready": {
      const missed = setView("ready", renderBrief(entry, settings, t, handlers), { keepPlace: same });
      mark(entry, "renderedAt");
      // After the Brief, never before; its "Try again" may ask for the Brief anew (↻).
      void attachCorroboration(content, entry, settings, t, () => void analyse())
        .then(() => {
          if (shown.requestId === requestId && shown.view === "ready") {
            returnTo(missed);
          }
        })
        .catch((error) => console.error(error));
      if (!same) {
        announce(t("briefReady"));
      }
      break;
    }
    case "stale":
      setView("error", renderError({ ...entry, error: { code: "backend_timeout" } }, t, handlers), {
        keepPlace: same,
      });
      break;
    case "error": {
      const code = entry.error?.code ?? "unknown";
      setView(INFO_CODES.has(code) ? "note" : "error", renderError(entry, t, handlers), { keepPlace: same });
      mark(entry, "renderedAt");
      if (INFO_CODES.has(code)) {
        announce(errorText(code, t).title); // a failure is a role=alert, read out as it appears
      }
      break;
    }
    case "navigated":
      setView("navigated", renderNavigated(t));
      break;
    default:
      setView("idle", renderIdle(t));
  }
}

/** When this panel last asked again for each tab's vanished entry (reaskVanished). */
const reasked = new Map();

/**
 * The entry this panel shows was removed while its tab is still open: a full storage.session
 * evicted it to make room for another tab's Brief (lib/state.js putRecord; tabs a panel shows go
 * last, but they go when nothing else is left). Drawing "nothing" would blank the panel, with
 * the reader's Brief gone for no reason they can see: ask for it again instead, as ↻ does. At
 * most once a minute per tab, so that two panels whose Briefs cannot both fit never take turns
 * evicting each other for ever. False (draw the removal) when the tab was closed (removeEntry),
 * or the panel already asked again within the minute.
 */
function reaskVanished(removed) {
  const tabId = currentTabId;
  const last = reasked.get(tabId) ?? -Infinity;
  if (!["ready", "loading"].includes(removed.state) || Date.now() - last < STALE_LOADING_MS) {
    return false;
  }
  reasked.set(tabId, Date.now());
  void ext.tabs
    .get(tabId)
    .then(async () => {
      // Only while this panel still shows that tab: analyse() asks for the tab shown now, and a
      // reader who turned to another tab meanwhile had that page sent to the backend unasked.
      if (currentTabId === tabId) {
        await analyse();
      }
    })
    .catch(async () => {
      // The tab is gone: draw what is there now (nothing), as before.
      if (currentTabId === tabId) {
        render(await getEntry(tabId));
      }
    });
  return true;
}

async function showTab(tabId) {
  currentTabId = Number.isInteger(tabId) ? tabId : null;
  render(currentTabId === null ? null : await getEntry(currentTabId));
}

// --- actions -------------------------------------------------------------------------------

async function analyse({ otherLanguages } = {}) {
  if (currentTabId === null) {
    return;
  }
  await ext.runtime.sendMessage({ type: "analyse", tabId: currentTabId, otherLanguages });
}

async function cancel() {
  if (currentTabId === null) {
    return;
  }
  await ext.runtime.sendMessage({ type: "cancel", tabId: currentTabId });
}

async function toggleHighlight(button, ids) {
  const status = document.getElementById("highlight-status");
  const wasPressed = button.getAttribute("aria-pressed") === "true";
  for (const other of content.querySelectorAll(".bullet[aria-pressed='true']")) {
    other.setAttribute("aria-pressed", "false");
  }
  if (wasPressed) {
    await ext.runtime.sendMessage({ type: "clearHighlight", tabId: currentTabId });
    if (status) {
      status.textContent = t("highlightCleared");
    }
    return;
  }
  button.setAttribute("aria-pressed", "true");
  const result = await ext.runtime.sendMessage({
    type: "highlight",
    tabId: currentTabId,
    sentenceIds: ids,
  });
  let text;
  if (result?.ok && result.found > 0) {
    text = t.plural("highlightShown", result.found);
  } else if (result?.ok) {
    text = t("highlightNotFound");
  } else {
    text = t("highlightNoAccess");
  }
  button.dataset.found = String(result?.found ?? 0);
  if (status) {
    status.textContent = text;
  }
}

// --- wiring ----------------------------------------------------------------------------------

/**
 * Settings being applied: the new settings are known at once, the panel language's words only
 * when its messages are read. An entry the worker writes meanwhile (it asks anew in the new
 * summary language as soon as the settings change) waits for them, or it would be drawn in the
 * old panel language ("The summary language changed…" in English to a reader who just chose
 * Deutsch).
 */
let settingsApplied = Promise.resolve();
/** The session entries' draws, one after the other (init's storage listener). */
let entryDraws = Promise.resolve();

function applySettings(next) {
  settings = next;
  settingsApplied = loadTranslator(resolvePanelLanguage(next)).then((translator) => {
    if (settings === next) {
      t = translator;
      localiseDocument(t);
    }
  });
  return settingsApplied;
}

async function init() {
  await applySettings(await loadSettings());

  const followWindow = intParam("window");
  if (pinnedTabId === null) {
    windowId = followWindow ?? (await ext.windows.getCurrent()).id;
    ext.tabs.onActivated.addListener((info) => {
      if (info.windowId === windowId) {
        void showTab(info.tabId);
      }
    });
  }

  ext.storage.onChanged.addListener((changes, area) => {
    if (area !== sessionAreaName || currentTabId === null) {
      return;
    }
    const key = tabKey(currentTabId);
    if (key in changes) {
      const { oldValue, newValue } = changes[key];
      const tabId = currentTabId;
      // After the words of a panel language being applied (settingsApplied), and in the order
      // the changes came: a later change waiting on a quicker language must not be drawn
      // before an earlier one, which would then overwrite it.
      entryDraws = entryDraws.then(() => settingsApplied).then(() => {
        if (currentTabId !== tabId) {
          return; // another tab is shown by now: showTab drew it
        }
        if (newValue === undefined && oldValue && reaskVanished(oldValue)) {
          return; // the new request's entry is drawn when it comes; the Brief stays until then
        }
        render(newValue ?? null);
      })
      // One draw that throws must not stop every later one (the chain would stay rejected).
      .catch((error) => console.error(error));
    }
  });

  onSettingsChanged(async (next) => {
    const before = t.language;
    await applySettings(next);
    if (t.language !== before) {
      announcer.textContent = ""; // what was said, in the old language, is not left to be read
    }
    render(currentTabId === null ? null : await getEntry(currentTabId), { force: true });
  });

  refreshButton.addEventListener("click", () => void analyse());
  document.getElementById("open-options").addEventListener("click", () => {
    void ext.runtime.openOptionsPage();
  });

  if (pinnedTabId !== null) {
    await showTab(pinnedTabId);
  } else {
    const [active] = await ext.tabs.query({ active: true, windowId });
    await showTab(active?.id ?? null);
  }
  document.body.dataset.ready = "true";
}

void init();

