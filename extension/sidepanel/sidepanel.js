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
import { loadSettings, onSettingsChanged, resolvePanelLanguage, saveSettings } from "../lib/settings.js";
import { getEntry, tabKey } from "../lib/state.js";
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

function setView(view, node) {
  // A control the reader was on ("Look again", "Show them", Cancel) goes with the old view:
  // focus stays in the content (main is focusable from script), so that the next Tab goes to
  // the new view's first control instead of starting over at the top of the page.
  const hadFocus = content.contains(document.activeElement);
  content.dataset.state = view;
  content.setAttribute("aria-busy", view === "loading" ? "true" : "false");
  content.replaceChildren(node);
  if (hadFocus && !content.contains(document.activeElement)) {
    content.focus({ preventScroll: true });
  }
}

function skeletonNode() {
  const template = document.createElement("div");
  template.className = "skeleton";
  template.dataset.view = "skeleton";
  const label = document.createElement("h1"); // every view has a heading, this one too
  label.className = "visually-hidden";
  label.textContent = t("loading");
  template.append(label);
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

function render(entry, { force = false } = {}) {
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
      if (force || content.dataset.state !== "loading" || !content.querySelector(".skeleton")) {
        setView("loading", skeletonNode());
      }
      content.dataset.state = "loading";
      mark(entry, "skeletonAt");
      startProgress(entry, { quiet: force });
      if (onCancel) {
        content.querySelector(".progress .cancel")?.focus();
      }
      break;
    }
    case "ready":
      setView("ready", renderBrief(entry, settings, t, handlers));
      mark(entry, "renderedAt");
      void attachCorroboration(content, entry, settings, t); // after the Brief, never before
      if (!same) {
        announce(t("briefReady"));
      }
      break;
    case "stale":
      setView("error", renderError({ ...entry, error: { code: "backend_timeout" } }, t, handlers));
      break;
    case "error": {
      const code = entry.error?.code ?? "unknown";
      setView(INFO_CODES.has(code) ? "note" : "error", renderError(entry, t, handlers));
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

async function applySettings(next) {
  settings = next;
  t = await loadTranslator(resolvePanelLanguage(settings));
  localiseDocument(t);
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
      render(changes[key].newValue ?? null);
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

