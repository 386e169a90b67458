/**
 * The options page: one form over the settings module. Saved to `storage.sync` on "Save";
 * every open panel picks the change up through `storage.onChanged`.
 */
import { checkHealth } from "../lib/api.js";
import { ext } from "../lib/ext.js";
import { loadTranslator, localiseDocument } from "../lib/i18n.js";
import { PANEL_LANGUAGES, PANEL_LANGUAGE_NAMES, SUMMARY_LANGUAGES, languageLabel } from "../lib/languages.js";
import {
  MAX_RELATED_LIMIT,
  loadSettings,
  normaliseBackendUrl,
  resetSettings,
  resolvePanelLanguage,
  resolveSummaryLanguage,
  saveSettings,
  unavailableBrowserLanguage,
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

/** "Deutsch" for German in a German page, else "Englisch (English)": the native name once. */
function summaryLanguageLabel(code, display) {
  const name = languageLabel(code, display);
  const native = languageLabel(code, code);
  return name === native ? name : `${name} (${native})`;
}

function fillSelects(settings) {
  const display = t.language;
  // "auto" follows the panel language (resolveSummaryLanguage); the label names the language
  // that will be asked for with the panel setting currently in the form.
  const panelChoice = fields.panelLanguage.value || settings.panelLanguage;
  const autoSummary = resolveSummaryLanguage({ summaryLanguage: "auto", panelLanguage: panelChoice });
  const summaryOptions = [...SUMMARY_LANGUAGES]
    .map((code) => ({
      code,
      label: summaryLanguageLabel(code, display),
      sortKey: languageLabel(code, display),
    }))
    .sort((a, b) => a.sortKey.localeCompare(b.sortKey, display));
  const selectedSummary = fields.summaryLanguage.value || settings.summaryLanguage;
  // A browser in a language the panel is not translated into (Chinese, Japanese) shows the panel
  // in English but asks for summaries in its own language: "Same as the panel (Chinese)" named
  // a panel that is English, so that choice is named by the browser's language instead.
  const autoPanel = resolvePanelLanguage({ panelLanguage: panelChoice });
  const autoLabel = autoSummary === autoPanel ? "summaryAutoOption" : "browserLanguageOption";
  // A browser in a language neither the panel nor the backend has (Tamil, Burmese) gets English:
  // "Same as the panel (English)" hid that the browser's language was passed over (walk9).
  const missing = unavailableBrowserLanguage(
    { summaryLanguage: "auto", panelLanguage: panelChoice },
    "summary",
  );
  const autoText = missing
    ? t(
        "browserLanguageUnavailableOption",
        languageLabel(autoSummary, display),
        languageLabel(missing, display),
      )
    : t(autoLabel, languageLabel(autoSummary, display));
  fields.summaryLanguage.replaceChildren(
    option("auto", autoText, selectedSummary === "auto"),
    ...summaryOptions.map((o) => option(o.code, o.label, selectedSummary === o.code)),
  );
  // Panel languages are listed by their own names, so "auto" names its language that way too;
  // "Browser language (English)" in a Chinese or Hindi browser named a language it is not.
  const browserPanel = PANEL_LANGUAGE_NAMES[resolvePanelLanguage({ panelLanguage: "auto" })];
  const missingPanel = unavailableBrowserLanguage({ panelLanguage: "auto" }, "panel");
  const panelAutoText = missingPanel
    ? t("browserLanguageUnavailableOption", browserPanel, languageLabel(missingPanel, display))
    : t("browserLanguageOption", browserPanel);
  fields.panelLanguage.replaceChildren(
    option("auto", panelAutoText, panelChoice === "auto"),
    ...PANEL_LANGUAGES.map((code) => option(code, PANEL_LANGUAGE_NAMES[code], panelChoice === code)),
  );
}

async function show(settings) {
  t = await loadTranslator(resolvePanelLanguage(settings));
  localiseDocument(t);
  document.title = `Parallax · ${t("optionsTitle")}`;
  fields.panelLanguage.value = "";
  fields.summaryLanguage.value = "";
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
  // No answer at all: most often the backend is simply not running. CORS comes second (the
  // browser reports both the same way), so the grant is offered below, not instead.
  const text =
    result.error.code === "backend_unreachable"
      ? t("connectionDown", backendUrl)
      : errorText(result.error.code, t, { backendUrl }).title;
  setStatus(connectionStatus, text, true);
  if (result.error.code === "backend_unreachable" && ext.permissions) {
    const granted = await ext.permissions
      .contains({ origins: [originPattern(backendUrl)] })
      .catch(() => true);
    grantButton.hidden = granted;
    grantHelp.hidden = granted;
  }
}

document.getElementById("testConnection").addEventListener("click", () => void testConnection());

// A result is about the address it was tested with: editing the address clears it.
fields.backendUrl.addEventListener("input", () => {
  setStatus(connectionStatus, "");
  grantButton.hidden = true;
  grantHelp.hidden = true;
});

// The summary's "auto" names the panel language it follows.
fields.panelLanguage.addEventListener("change", () => fillSelects({}));

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
