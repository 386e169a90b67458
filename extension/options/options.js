/**
 * The options page: one form over the settings module. Saved to `storage.sync` on "Save";
 * every open panel picks the change up through `storage.onChanged`.
 */
import { checkHealth } from "../lib/api.js";
import { ext } from "../lib/ext.js";
import { loadTranslator, localiseDocument } from "../lib/i18n.js";
import { PANEL_LANGUAGES, PANEL_LANGUAGE_NAMES, SUMMARY_LANGUAGES, languageName } from "../lib/languages.js";
import {
  MAX_RELATED_LIMIT,
  loadSettings,
  normaliseBackendUrl,
  resetSettings,
  resolvePanelLanguage,
  resolveSummaryLanguage,
  saveSettings,
} from "../lib/settings.js";
import { errorText } from "../sidepanel/render.js";

const form = document.getElementById("settings-form");
const fields = {
  summaryLanguage: document.getElementById("summaryLanguage"),
  panelLanguage: document.getElementById("panelLanguage"),
  includeOtherLanguages: document.getElementById("includeOtherLanguages"),
  maxRelated: document.getElementById("maxRelated"),
  backendUrl: document.getElementById("backendUrl"),
};
const saveStatus = document.getElementById("saveStatus");
const connectionStatus = document.getElementById("connectionStatus");
const grantButton = document.getElementById("grantAccess");
const grantHelp = document.getElementById("grantHelp");

let t;

function option(value, label, selected) {
  const element = document.createElement("option");
  element.value = value;
  element.textContent = label;
  element.selected = selected;
  return element;
}

function fillSelects(settings) {
  const display = t.language;
  const browserSummary = languageName(resolveSummaryLanguage({ summaryLanguage: "auto" }), display);
  const summaryOptions = [...SUMMARY_LANGUAGES]
    .map((code) => ({
      code,
      label: `${languageName(code, display)} (${languageName(code, code)})`,
      sortKey: languageName(code, display),
    }))
    .sort((a, b) => a.sortKey.localeCompare(b.sortKey, display));
  fields.summaryLanguage.replaceChildren(
    option("auto", t("browserLanguageOption", browserSummary), settings.summaryLanguage === "auto"),
    ...summaryOptions.map((o) => option(o.code, o.label, settings.summaryLanguage === o.code)),
  );
  const browserPanel = PANEL_LANGUAGE_NAMES[resolvePanelLanguage({ panelLanguage: "auto" })];
  fields.panelLanguage.replaceChildren(
    option("auto", t("browserLanguageOption", browserPanel), settings.panelLanguage === "auto"),
    ...PANEL_LANGUAGES.map((code) =>
      option(code, PANEL_LANGUAGE_NAMES[code], settings.panelLanguage === code),
    ),
  );
}

async function show(settings) {
  t = await loadTranslator(resolvePanelLanguage(settings));
  localiseDocument(t);
  document.title = `Parallax · ${t("optionsTitle")}`;
  fillSelects(settings);
  fields.includeOtherLanguages.checked = settings.includeOtherLanguages;
  fields.maxRelated.value = String(settings.maxRelated);
  fields.backendUrl.value = settings.backendUrl;
}

function setFieldError(name, message) {
  const input = fields[name];
  const error = document.getElementById(`${name}Error`);
  if (message) {
    input.setAttribute("aria-invalid", "true");
    error.textContent = message;
    error.hidden = false;
  } else {
    input.removeAttribute("aria-invalid");
    error.textContent = "";
    error.hidden = true;
  }
}

function readForm() {
  const errors = {};
  const backendUrl = normaliseBackendUrl(fields.backendUrl.value);
  if (!backendUrl) {
    errors.backendUrl = t("backendUrlInvalid");
  }
  const maxRelated = Number(fields.maxRelated.value);
  if (!Number.isInteger(maxRelated) || maxRelated < 0 || maxRelated > MAX_RELATED_LIMIT) {
    errors.maxRelated = t("maxRelatedInvalid", MAX_RELATED_LIMIT);
  }
  return {
    errors,
    values: {
      summaryLanguage: fields.summaryLanguage.value,
      panelLanguage: fields.panelLanguage.value,
      includeOtherLanguages: fields.includeOtherLanguages.checked,
      maxRelated,
      backendUrl,
    },
  };
}

function setStatus(element, text, isError = false) {
  element.textContent = text;
  element.classList.toggle("is-error", isError);
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const { errors, values } = readForm();
  setFieldError("backendUrl", errors.backendUrl);
  setFieldError("maxRelated", errors.maxRelated);
  const firstInvalid = ["maxRelated", "backendUrl"].find((name) => errors[name]);
  if (firstInvalid) {
    fields[firstInvalid].focus();
    setStatus(saveStatus, t("saveFailed"), true);
    return;
  }
  const saved = await saveSettings(values);
  await show(saved);
  setStatus(saveStatus, t("saved"));
  form.dataset.saved = String(Date.now());
});

document.getElementById("reset").addEventListener("click", async () => {
  const defaults = await resetSettings();
  setFieldError("backendUrl", null);
  setFieldError("maxRelated", null);
  await show(defaults);
  setStatus(saveStatus, t("resetDone"));
});

function originPattern(backendUrl) {
  const url = new URL(backendUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

async function testConnection() {
  const backendUrl = normaliseBackendUrl(fields.backendUrl.value);
  setFieldError("backendUrl", backendUrl ? null : t("backendUrlInvalid"));
  if (!backendUrl) {
    return;
  }
  setStatus(connectionStatus, t("testing"));
  const result = await checkHealth(backendUrl);
  if (result.ok) {
    setStatus(connectionStatus, t("connectionOk", result.version || "?"));
    grantButton.hidden = true;
    grantHelp.hidden = true;
    return;
  }
  setStatus(connectionStatus, errorText(result.error.code, t, { backendUrl }).title, true);
  if (result.error.code === "backend_unreachable" && ext.permissions) {
    const granted = await ext.permissions
      .contains({ origins: [originPattern(backendUrl)] })
      .catch(() => true);
    grantButton.hidden = granted;
    grantHelp.hidden = granted;
  }
}

document.getElementById("testConnection").addEventListener("click", () => void testConnection());

grantButton.addEventListener("click", () => {
  const backendUrl = normaliseBackendUrl(fields.backendUrl.value);
  if (!backendUrl) {
    return;
  }
  // permissions.request must be called straight from the click (the user gesture).
  ext.permissions
    .request({ origins: [originPattern(backendUrl)] })
    .then((granted) => (granted ? testConnection() : undefined))
    .catch(() => {});
});

await show(await loadSettings());
document.body.dataset.ready = "true";
