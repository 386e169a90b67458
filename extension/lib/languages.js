/**
 * Languages the backend can summarise into (mirrors parallax.domain.languages.SUPPORTED_LANGUAGES;
 * a test keeps the two lists equal) and the languages the panel itself is translated into.
 */
export const SUMMARY_LANGUAGES = Object.freeze([
  "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "he",
  "hi", "hr", "hu", "id", "it", "ja", "ko", "lt", "lv", "nl", "no", "pl", "pt", "ro", "ru",
  "sk", "sl", "sr", "sv", "th", "tr", "uk", "ur", "vi", "zh",
]);

export const PANEL_LANGUAGES = Object.freeze(["en", "de", "fr", "es"]);

/** Native names of the panel languages (shown as such in the options page). */
export const PANEL_LANGUAGE_NAMES = Object.freeze({
  en: "English",
  de: "Deutsch",
  fr: "Français",
  es: "Español",
});

const ALIASES = { nb: "no", nn: "no", iw: "he", in: "id" };

/** "de-CH" -> "de"; returns "" for anything that is not a plausible language tag. */
export function primaryLanguage(tag) {
  if (typeof tag !== "string" || !/^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$/.test(tag.trim())) {
    return "";
  }
  const primary = tag.trim().split(/[-_]/)[0].toLowerCase();
  return ALIASES[primary] ?? primary;
}

/** The name of a language in the given display language, e.g. ("de", "en") -> "German". */
export function languageName(code, displayLanguage) {
  const primary = primaryLanguage(code);
  if (!primary) {
    return String(code ?? "");
  }
  try {
    const names = new Intl.DisplayNames([displayLanguage, "en"], { type: "language" });
    return names.of(primary) ?? primary;
  } catch {
    return primary;
  }
}

/**
 * A language name as a label on its own (a heading, an option): capitalised in the display
 * language, since French and Spanish write "anglais", "inglés" in running text.
 */
export function languageLabel(code, displayLanguage) {
  const name = languageName(code, displayLanguage);
  if (!name) {
    return name;
  }
  const first = String.fromCodePoint(name.codePointAt(0));
  return `${first.toLocaleUpperCase(displayLanguage)}${name.slice(first.length)}`;
}
