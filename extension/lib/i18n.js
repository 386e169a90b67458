/**
 * Our own message loader. `chrome.i18n` always follows the browser's language; the reader may
 * choose another one for the panel, so the same `_locales/<lang>/messages.json` files are read
 * here directly. English is the fallback for a missing key.
 */
import { ext } from "./ext.js";
import { PANEL_LANGUAGES } from "./languages.js";

const cache = new Map();

async function readMessages(language) {
  if (!cache.has(language)) {
    const url = ext.runtime.getURL(`_locales/${language}/messages.json`);
    cache.set(
      language,
      fetch(url)
        .then((response) => (response.ok ? response.json() : {}))
        .catch(() => ({})),
    );
  }
  return cache.get(language);
}

/**
 * Substitute Chrome-style placeholders in one pass: named `$NAME$` (through the entry's
 * `placeholders`, whose `content` is `$1`..`$9`), bare `$1`..`$9`, and `$$` for a dollar sign.
 * Substituted text is never scanned again, so an argument containing "$1" stays literal.
 */
export function format(entry, substitutions = []) {
  if (!entry || typeof entry.message !== "string") {
    return "";
  }
  const args = (Array.isArray(substitutions) ? substitutions : [substitutions]).map((s) =>
    String(s ?? ""),
  );
  const positional = (text) =>
    String(text).replace(/\$(\d)|\$\$/g, (match, digit) =>
      match === "$$" ? "$" : (args[Number(digit) - 1] ?? ""),
    );
  const placeholders = entry.placeholders ?? {};
  return entry.message.replace(/\$([A-Za-z0-9_@]+)\$|\$(\d)|\$\$/g, (match, name, digit) => {
    if (name) {
      const placeholder = placeholders[name.toLowerCase()] ?? placeholders[name];
      return placeholder ? positional(placeholder.content ?? "") : match;
    }
    if (digit) {
      return args[Number(digit) - 1] ?? "";
    }
    return "$";
  });
}

/**
 * Load the messages for `language` (one of PANEL_LANGUAGES) and return a translator:
 * `t(key, ...substitutions)`, with `t.has(key)` and `t.language`.
 */
export async function loadTranslator(language) {
  const lang = PANEL_LANGUAGES.includes(language) ? language : "en";
  const [primary, fallback] = await Promise.all([readMessages(lang), readMessages("en")]);
  // A number put into a sentence of the panel's is written the panel language's way
  // ("1.200" in German): every count reaches the messages through here.
  const numbers = new Intl.NumberFormat(lang);
  const t = (key, ...substitutions) => {
    const entry = primary[key] ?? fallback[key];
    const written = substitutions.map((value) =>
      typeof value === "number" && Number.isFinite(value) ? numbers.format(value) : value,
    );
    return entry ? format(entry, written) : key;
  };
  t.has = (key) => key in primary || key in fallback;
  // Plural-aware: picks `<key>_one`, `<key>_few`, ... or `<key>_other` for `count`.
  const rules = new Intl.PluralRules(lang);
  t.plural = (key, count, ...substitutions) => {
    const form = `${key}_${rules.select(count)}`;
    return t(t.has(form) ? form : `${key}_other`, count, ...substitutions);
  };
  t.language = lang;
  return t;
}

/** Fill `data-i18n` (text), `data-i18n-aria-label`, `data-i18n-title` and `data-i18n-placeholder`. */
export function localiseDocument(t, root = document) {
  document.documentElement.lang = t.language;
  for (const element of root.querySelectorAll("[data-i18n]")) {
    element.textContent = t(element.dataset.i18n);
  }
  const attributes = [
    ["aria-label", "[data-i18n-aria-label]", "i18nAriaLabel"],
    ["title", "[data-i18n-title]", "i18nTitle"],
    ["placeholder", "[data-i18n-placeholder]", "i18nPlaceholder"],
  ];
  for (const [attribute, selector, key] of attributes) {
    for (const element of root.querySelectorAll(selector)) {
      element.setAttribute(attribute, t(element.dataset[key]));
    }
  }
}
