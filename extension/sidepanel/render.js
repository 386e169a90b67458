/**
 * Rendering a per-tab entry into the panel. Everything from the backend is untrusted data:
 * it becomes text nodes and attribute values through DOM APIs only (never HTML), and only
 * http(s) URLs become links.
 */
import { languageLabel, languageName, primaryLanguage } from "../lib/languages.js";
import { MAX_RELATED_LIMIT, resolveSummaryLanguage, unavailableBrowserLanguage } from "../lib/settings.js";
import { relatedReaderLanguage, STALE_LOADING_MS } from "../lib/state.js";

const MAX_TEXT = 600;

/** A string from untrusted data, trimmed to a sane length; "" for anything else. */
export function str(value, max = MAX_TEXT) {
  if (typeof value === "number" && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value !== "string") {
    return "";
  }
  // Control characters (except tab and newlines) have no business in a title or a sentence.
  // eslint-disable-next-line no-control-regex
  const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "").trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

const list = (value) => (Array.isArray(value) ? value : []);

/** The URL when it is an absolute http(s) URL, else null. */
export function safeHttpUrl(value) {
  if (typeof value !== "string") {
    return null;
  }
  try {
    const url = new URL(value.trim());
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** el("p", {class: "x", lang: "de"}, "text", otherNode) — attributes by setAttribute, text as text. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (/^on/i.test(name)) {
      throw new Error("event handlers are not attributes");
    }
    element.setAttribute(name === "className" ? "class" : name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/**
 * A value from data inside a sentence of the panel's, isolated in a <bdi>: an Arabic or Hebrew
 * name must not pull the words, numbers and commas around it into its own direction (two
 * Arabic names in an English list would otherwise swap places).
 */
export function bdi(value) {
  return el("bdi", {}, value);
}

/** Values joined by ", ", each isolated (a list of names from data). */
export function bdiList(values) {
  return values.flatMap((value, index) => (index ? [", ", bdi(value)] : [bdi(value)]));
}

const SLOT = /[\ue000-\ue00f]/;

/**
 * A message with nodes in its placeholders: `t` is called with private-use markers in place of
 * the values, the result split at them, and the values (nodes, lists of nodes, or text) put in
 * their place. Text content is the same as `t(key, ...values)`; only the structure differs.
 */
export function withValues(translate, values) {
  const markers = values.map((_, index) => String.fromCharCode(0xe000 + index));
  const text = translate(...markers);
  const parts = [];
  for (const piece of text.split(new RegExp(`(${SLOT.source})`))) {
    if (piece.length === 1 && SLOT.test(piece)) {
      parts.push(values[piece.charCodeAt(0) - 0xe000]);
    } else if (piece) {
      parts.push(piece);
    }
  }
  return parts.flat();
}

const RTL_LANGUAGES = new Set(["ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"]);

/**
 * The direction of a text in a known language: right to left for Arabic, Hebrew, Persian, Urdu
 * and their neighbours, whatever its first letter (an Arabic headline that opens with "BBC"
 * is still Arabic); otherwise "auto", which follows the first strong letter.
 */
export function textDir(code) {
  return RTL_LANGUAGES.has(primaryLanguage(str(code, 20))) ? "rtl" : "auto";
}

/**
 * The `lang` of content from data: its primary language, or "" when the data does not say
 * (missing, empty or malformed), so unknown content does not pass for the panel's language.
 */
export function languageAttr(code) {
  return primaryLanguage(str(code, 20));
}

/**
 * The `lang` of an outlet's name: the language of what it published when the name is written in
 * no Latin letter ("滨江日报", "港北新聞", "الجزيرة"), else none (the panel's). A Chinese name
 * marked English was read with an English voice and drawn with whatever Han glyphs the system
 * gives English text, Japanese forms for a Chinese name (walk6). A Latin-script name ("Le Monde",
 * "NHK") tells no language and stays as it was.
 */
export function outletNameLang(name, code) {
  return /\p{L}/u.test(name) && !/\p{Script=Latin}/u.test(name) ? languageAttr(code) || null : null;
}

function parseDate(value) {
  const text = str(value, 40);
  if (!text) {
    return null;
  }
  const time = Date.parse(text);
  return Number.isNaN(time) ? null : { date: new Date(time), hasTime: /T\d|\s\d{1,2}:\d/.test(text) };
}

export function formatDate(value, language) {
  const parsed = parseDate(value);
  if (!parsed) {
    return null;
  }
  const options = parsed.hasTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
  return { text: new Intl.DateTimeFormat(language, options).format(parsed.date), iso: parsed.date.toISOString() };
}

/** "3 hours ago" within two days, else a date. */
export function formatWhen(value, language, now = Date.now()) {
  const parsed = parseDate(value);
  if (!parsed) {
    return null;
  }
  const seconds = (parsed.date.getTime() - now) / 1000;
  const iso = parsed.date.toISOString();
  if (Math.abs(seconds) < 48 * 3600) {
    const relative = new Intl.RelativeTimeFormat(language, { numeric: "auto" });
    const text =
      Math.abs(seconds) < 3600
        ? relative.format(Math.round(seconds / 60), "minute")
        : relative.format(Math.round(seconds / 3600), "hour");
    return { text, iso };
  }
  return { text: new Intl.DateTimeFormat(language, { dateStyle: "medium" }).format(parsed.date), iso };
}

function outletTypeLabel(type, t) {
  const raw = str(type, 60);
  if (!raw) {
    return null;
  }
  const key = `outletType_${raw.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`;
  return t.has(key) ? t(key) : raw.replace(/[_-]+/g, " ");
}

function timeElement(formatted) {
  return formatted ? el("time", { datetime: formatted.iso }, formatted.text) : null;
}

/**
 * Parts joined by a middle dot. Each part carries its dot in front of it, and the row is shifted
 * left by one dot's width inside a clipping box: a part that starts a line (the first, or one
 * that wrapped) has its dot cut off, so no line ever starts with a lone "·".
 */
function metaLine(className, parts) {
  const present = parts.filter(Boolean);
  if (!present.length) {
    return null;
  }
  return el(
    "p",
    { className: `meta-line ${className}` },
    el("span", { className: "meta-row" }, present.map((part) => el("span", { className: "meta-part" }, part))),
  );
}

// --- the Brief ---------------------------------------------------------------------------------

function renderHeader(brief, t) {
  const article = brief.article ?? {};
  const outlet = article.outlet ?? {};
  const lang = t.language;
  const outletName = str(outlet.name, 120) || str(outlet.domain, 120);
  const typeLabel = outletTypeLabel(outlet.type, t);
  const published = formatDate(article.published, lang);
  const languageCode = languageAttr(article.language);
  const title = str(article.title);
  const authors = list(article.authors).map((a) => str(a, 80)).filter(Boolean).slice(0, 4);
  return el(
    "header",
    { className: "article-head" },
    el(
      "p",
      { className: "outlet-line" },
      outletName
        ? el("span", { className: "outlet-name", dir: "auto", lang: outletNameLang(outletName, languageCode) }, outletName)
        : null,
      typeLabel ? el("span", { className: "badge outlet-type" }, typeLabel) : null,
    ),
    el(
      "h1",
      // "Untitled" is the panel's word, in the panel's language.
      { className: "article-title", lang: title ? languageCode : null, dir: textDir(languageCode) },
      title || t("untitled"),
    ),
    metaLine("meta", [
      timeElement(published),
      languageCode ? el("span", { className: "article-language" }, languageLabel(languageCode, lang)) : null,
      authors.length
        ? el("span", { className: "authors" }, withValues((a) => t("byAuthors", a), [bdiList(authors)]))
        : null,
    ]),
  );
}

// Summary notices of a Brief without bullets whose related coverage is the answer (issue 13;
// behind_consent: the page showed only a consent notice, session 9).
const STORY_ONLY_NOTICES = new Set(["too_short", "behind_gate", "behind_consent"]);

function noticeText(notice, brief, readerLanguage, t, untranslated = false) {
  const code = str(notice, 60);
  if (!code) {
    return null;
  }
  const reader = languageName(readerLanguage, t.language);
  // A model's failure whose fallback points stay in another language than the reader's: the
  // "…_untranslated" wording says so and names the language they are in (the bullets', which is
  // the article's), and speaks of the model's answer, which was a summary or a translation.
  const untranslatedKey = `notice_${code}_untranslated`;
  if (untranslated && t.has(untranslatedKey)) {
    return t(untranslatedKey, languageName(brief.summary?.language, t.language), reader);
  }
  const articleLanguage = languageName(brief.article?.language, t.language);
  const key = `notice_${code}`;
  return t.has(key) ? t(key, articleLanguage, reader) : t("notice_unknown", code);
}

/**
 * The summary's notice as the panel shows it: {code, readerLanguage}. Extractive bullets are the
 * article's own sentences: once the reader wants another language, the notice is the one a
 * backend without a model would give, "not_translated" naming the language now wanted, or none
 * once the bullets are in it. After the backend itself said "not_translated" that is what it
 * would answer (summaryLanguageFollowUp: "stays", no new request). Bullets asked for in the
 * article's own language carry no notice and are asked for again (summaryLanguageFollowUp:
 * "request", since a model may translate them); this wording shows only until that answer is
 * drawn, or if the worker refused the request because another one of the tab took over. Any
 * other notice is the backend's, for the language asked; `untranslated` is true when it is a
 * model's failure (llm_*) whose fallback points are in another language than the one asked (a
 * short article's translation or a summary that failed), unless the reader now wants theirs.
 */
export function shownNotice(summary, entry, wanted) {
  const code = str(summary.notice, 60);
  const bulletsLanguage = primaryLanguage(str(summary.language, 20));
  const target = primaryLanguage(str(wanted, 20));
  const hasBullets = list(summary.bullets).length > 0;
  const untranslatable = summary.method === "extractive" && (!code || code === "not_translated");
  if (untranslatable && bulletsLanguage && target && hasBullets) {
    return {
      code: bulletsLanguage === target ? "" : "not_translated",
      readerLanguage: target,
      untranslated: false,
    };
  }
  const asked = primaryLanguage(str(entry.language, 20));
  const untranslated =
    summary.method === "extractive" &&
    code.startsWith("llm_") &&
    hasBullets &&
    Boolean(bulletsLanguage && asked) &&
    bulletsLanguage !== asked &&
    bulletsLanguage !== target;
  return { code, readerLanguage: entry.language, untranslated };
}

function renderSummary(brief, entry, t, handlers, wanted, browserLanguage = "") {
  const summary = brief.summary && typeof brief.summary === "object" ? brief.summary : null;
  const section = el(
    "section",
    { className: "summary", "aria-labelledby": "summary-heading" },
    el("h2", { className: "section-title", id: "summary-heading" }, t("summaryHeading")),
  );
  if (browserLanguage) {
    // A browser in Hindi or Thai, on "auto": the panel and the summaries are English, which
    // without a word read as if Parallax had not noticed the browser's language (walk9).
    section.append(
      el(
        "p",
        { className: "hint language-fallback", role: "note" },
        t("browserLanguageFallback", languageName(browserLanguage, t.language)),
      ),
    );
  }
  if (!summary) {
    section.append(el("p", { className: "empty" }, t("summaryMissing")));
    return section;
  }
  if (STORY_ONLY_NOTICES.has(str(summary.notice, 60)) && !list(summary.bullets).length) {
    // Too little of the article on the page to summarise (a paywall stub, a one-sentence item, a
    // consent notice in front of it): say why, and let the related sections below tell the
    // story. No method line: nothing was summarised.
    // "Here is how other outlets report the story" only when the related sections have a report
    // to show; otherwise the notice says why there is no summary and the related section says
    // why there is no coverage (index filling, nothing found).
    const code = str(summary.notice, 60);
    const related = brief.related && typeof brief.related === "object" ? brief.related : {};
    const covered = list(related.items).length + list(related.topic).length > 0;
    section.append(
      el(
        "p",
        { className: "notice story-only", role: "note", "data-notice": code },
        covered ? noticeText(code, brief, entry.language, t) : t(`notice_${code}_alone`),
      ),
    );
    return section;
  }
  const isModel = summary.method === "llm";
  const model = str(summary.model, 80);
  section.append(
    el(
      "p",
      { className: "method", "data-method": isModel ? "llm" : "extractive" },
      el("span", { className: "badge" }, isModel ? t("methodLlmBadge") : t("methodExtractiveBadge")),
      isModel
        ? model
          ? withValues((m) => t("methodLlm", m), [bdi(model)])
          : t("methodLlmUnnamed")
        : t("methodExtractive"),
    ),
  );
  const shown = shownNotice(summary, entry, wanted);
  const notice = noticeText(shown.code, brief, shown.readerLanguage, t, shown.untranslated);
  if (notice) {
    section.append(el("p", { className: "notice", role: "note", "data-notice": shown.code }, notice));
  }
  const summaryLang = languageAttr(summary.language);
  const headline = str(summary.headline, 300);
  if (headline) {
    section.append(
      el(
        "p",
        { className: "neutral-headline" },
        el("span", { className: "label" }, t("summaryHeadlineLabel")),
        el("span", { className: "text", lang: summaryLang, dir: textDir(summaryLang) }, headline),
      ),
    );
  }
  const bullets = list(summary.bullets).filter((b) => b && str(b.text));
  const after = [];
  const disputed = str(summary.disputed, 1200);
  if (disputed) {
    after.push(
      el(
        "p",
        { className: "disputed", role: "note" },
        el("strong", {}, t("disputedLabel")),
        " ",
        el("span", { lang: summaryLang, dir: textDir(summaryLang) }, disputed),
      ),
    );
  }
  const dropped = Number.isInteger(summary.dropped_bullets) ? summary.dropped_bullets : 0;
  // Only under the model's own points: when its answer was set aside for the article's sentences
  // (llm_unfaithful), the points dropped were the model's, none of them shown, and the notice
  // says so. "4 points were left out because the article did not support them" under three of
  // the article's own sentences read as if the article's points had been hidden (the demo walk).
  if (dropped > 0 && isModel) {
    after.push(el("p", { className: "hint dropped" }, t.plural("droppedBullets", dropped)));
  }
  if (!bullets.length) {
    section.append(el("p", { className: "empty" }, t("summaryEmpty")), ...after);
    return section;
  }
  const items = bullets.map((bullet, index) => {
    const ids = list(bullet.sentence_ids).filter(Number.isInteger);
    const button = el(
      "button",
      {
        type: "button",
        className: "bullet",
        "aria-pressed": "false",
        "aria-describedby": ids.length ? "bullet-hint" : null,
        lang: summaryLang,
        dir: textDir(summaryLang), // an Arabic bullet reads right to left, its number on the right
        "data-sentences": ids.join(","),
      },
      el("span", { className: "bullet-text" }, str(bullet.text, 1200)),
    );
    button.disabled = ids.length === 0;
    button.addEventListener("click", () => handlers.onBullet(button, ids));
    // Per-bullet additions (e.g. corroboration chips) go into .bullet-extras, next to the
    // button rather than inside it, so they can hold controls of their own.
    // In the bullet's direction: under an Arabic bullet the chips are indented from the right,
    // where its number is (the chips' own words keep the panel's direction).
    const extras = el("div", {
      className: "bullet-extras",
      "data-bullet": String(index),
      dir: textDir(summaryLang) === "rtl" ? "rtl" : null,
    });
    handlers.decorateBullet?.(extras, bullet, index);
    return el("li", { "data-bullet": String(index) }, button, extras);
  });
  section.append(
    el("ol", { className: "bullets" }, items),
    el("p", { className: "hint", id: "bullet-hint" }, t("bulletHint")),
    el("p", { className: "hint highlight-status", id: "highlight-status", "aria-live": "polite" }),
    ...after,
  );
  return section;
}

function renderRelatedItem(item, t, { idPrefix, showLanguage = false, headingLevel = 4, readerLanguage = null }) {
  const lang = t.language;
  const outlet = item.outlet ?? {};
  const outletName = str(outlet.name, 120) || str(outlet.domain, 120);
  const typeLabel = outletTypeLabel(outlet.type, t);
  const when = formatWhen(item.published, lang);
  const itemLang = languageAttr(item.language);
  const title = str(item.title, 300);
  const translated = str(item.translated_title, 300);
  const href = safeHttpUrl(item.url);
  const headlineText = translated || title || t("untitled");
  // A model translated the headline into the reader's summary language, not the panel's.
  const headlineLang = translated ? languageAttr(readerLanguage) : title ? itemLang : null;
  const headline = href
    ? el(
        "a",
        { href, target: "_blank", rel: "noopener noreferrer", lang: headlineLang, dir: textDir(headlineLang) },
        headlineText,
        // The panel's words inside a link in the headline's language: a screen reader reads
        // "(opens in a new tab)" in English, not with the voice of the Arabic headline (walk5).
        el("span", { className: "visually-hidden", lang: t.language }, ` (${t("opensInNewTab")})`),
      )
    : el("span", { lang: headlineLang, dir: textDir(headlineLang) }, headlineText);
  const children = [
    metaLine("item-meta", [
      outletName
        ? el("span", { className: "outlet-name", dir: "auto", lang: outletNameLang(outletName, itemLang) }, outletName)
        : null,
      typeLabel ? el("span", { className: "badge outlet-type" }, typeLabel) : null,
      showLanguage && itemLang ? el("span", { className: "item-language" }, languageLabel(itemLang, lang)) : null,
      timeElement(when),
    ]),
    // The heading takes the headline's direction too: a right-to-left headline (an Arabic one,
    // or one the model translated into Hebrew) that wraps ends every line on the right. Only the
    // link had it, and its last lines ended on the left of the panel's left-to-right block.
    el(`h${headingLevel}`, { className: "headline", dir: textDir(headlineLang) }, headline),
  ];
  if (translated && title && translated !== title) {
    children.push(
      el(
        "p",
        { className: "original", lang: itemLang, dir: textDir(itemLang) },
        el("span", { className: "visually-hidden", lang: t.language }, `${t("originalHeadlineLabel")} `),
        el("bdi", {}, title),
      ),
    );
  }
  const snippet = renderSnippet(item.snippet, itemLang, `${idPrefix}-snippet`, t);
  if (snippet) {
    children.push(snippet);
  }
  const others = alsoReportedBy(item);
  if (others.length) {
    const also = el(
      "details",
      { className: "also" },
      el("summary", {}, t.plural("alsoReportedBy", others.length)),
      el(
        "ul",
        {},
        others.slice(0, 30).map(({ name, href }) =>
          el(
            "li",
            { dir: "auto" },
            href
              ? el(
                  "a",
                  { href, target: "_blank", rel: "noopener noreferrer", dir: "auto" },
                  name,
                  el("span", { className: "visually-hidden" }, ` (${t("opensInNewTab")})`),
                )
              : name,
          ),
        ),
      ),
    );
    children.push(closesOnEscape(also));
  }
  return el("li", { className: "related-item", "data-language": itemLang ?? "" }, children);
}

/**
 * Escape closes an open <details> from its summary or from inside it, and focus goes back to the
 * summary, as it does for the corroboration chips: 20 outlets' links are a long way to tab back.
 */
function closesOnEscape(details) {
  details.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && details.open) {
      event.preventDefault();
      details.open = false;
      details.querySelector("summary")?.focus();
    }
  });
  return details;
}

const MAX_COPY_URL = 2048; // the backend's MAX_URL_LENGTH: longer is a broken or hostile answer

const sameOutlet = (a, b) =>
  Boolean(a && b && typeof a === "object" && typeof b === "object") &&
  a.name === b.name &&
  a.domain === b.domain;

/**
 * The other outlets that ran the item's report (a collapsed wire copy), each with the address
 * of its copy when there is one, so the reader can open the outlet they prefer. The backend
 * sends `copies` in the order of `also_reported_by`, each naming its outlet, and leaves out a
 * copy it cannot send: a copy goes with its outlet only when it names that outlet. An older
 * backend sends no copies: names only, as before.
 */
function alsoReportedBy(item) {
  const copies = list(item.copies);
  let next = 0;
  const others = [];
  for (const outlet of list(item.also_reported_by)) {
    const name = str(outlet?.name, 120) || str(outlet?.domain, 120);
    if (!name) {
      continue;
    }
    let href = null;
    if (sameOutlet(copies[next]?.outlet, outlet)) {
      const url = copies[next].url;
      href = typeof url === "string" && url.length <= MAX_COPY_URL ? safeHttpUrl(url) : null;
      next += 1;
    }
    others.push({ name, href });
  }
  return others;
}

const SNIPPET_SHORT = 140;

/** The item's snippet: shown clamped to two lines, with a button that expands it. */
function renderSnippet(value, itemLang, id, t) {
  const text = str(value, 1000);
  if (!text) {
    return null;
  }
  const paragraph = el("p", { className: "snippet", id, lang: itemLang, dir: textDir(itemLang) }, text);
  if (text.length <= SNIPPET_SHORT) {
    return el("div", { className: "snippet-box" }, paragraph);
  }
  paragraph.classList.add("is-clamped");
  const toggle = el(
    "button",
    { type: "button", className: "link-button snippet-toggle", "aria-expanded": "false", "aria-controls": id },
    t("snippetMore"),
  );
  toggle.addEventListener("click", () => {
    const expanded = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(expanded));
    paragraph.classList.toggle("is-clamped", !expanded);
    toggle.textContent = expanded ? t("snippetLess") : t("snippetMore");
  });
  return el("div", { className: "snippet-box" }, paragraph, toggle);
}

/**
 * Items kept by the language setting, and how many it hid. The backend leaves out other
 * languages itself when asked to (and counts them); an older backend sends everything, so the
 * same rule is applied here too: the reader's and the article's language always stay.
 */
export function filterByLanguage(items, { readerLanguage, articleLanguage, includeOtherLanguages }) {
  const reader = primaryLanguage(readerLanguage);
  const source = primaryLanguage(articleLanguage);
  const kept = [];
  let hidden = 0;
  for (const item of items) {
    if (!item || typeof item !== "object") {
      continue;
    }
    const code = primaryLanguage(str(item.language, 20)) || "und";
    if (!includeOtherLanguages && code !== reader && code !== source) {
      hidden += 1;
      continue;
    }
    kept.push(item);
  }
  return { kept, hidden };
}

/**
 * Items grouped by language: the reader's first, then the article's, then by name. Within a
 * group the backend's order stays: best match first.
 */
export function groupRelated(items, { readerLanguage, articleLanguage, displayLanguage }) {
  const reader = primaryLanguage(readerLanguage);
  const source = primaryLanguage(articleLanguage);
  const groups = new Map();
  for (const item of items) {
    const code = primaryLanguage(str(item.language, 20)) || "und";
    if (!groups.has(code)) {
      groups.set(code, []);
    }
    groups.get(code).push(item);
  }
  const rank = (code) => (code === reader ? 0 : code === source ? 1 : 2);
  return [...groups.entries()].sort(([a], [b]) =>
    rank(a) - rank(b) ||
    languageName(a, displayLanguage).localeCompare(languageName(b, displayLanguage), displayLanguage),
  );
}

const INDEX_STATES = new Set(["not_filled", "filling", "filled", "failing"]);
/** A count from untrusted data: a non-negative integer of sane size, else 0. */
const count = (value) => (Number.isInteger(value) && value >= 0 && value <= 1e9 ? value : 0);

/** The feed index's state from the Brief, or null when the backend did not say. */
export function indexState(related) {
  const index = related?.index;
  if (!index || typeof index !== "object" || !INDEX_STATES.has(index.status)) {
    return null;
  }
  const age = index.newest_item_age_s;
  return {
    status: index.status,
    feedsTotal: count(index.feeds_total),
    feedsDone: count(index.feeds_done),
    feedsFailing: count(index.feeds_failing),
    items: count(index.items),
    newestAgeS: Number.isInteger(age) && age >= 0 ? age : null,
  };
}

/** "5 minutes", "3 hours", "2 days" in the panel language. */
function formatAge(seconds, language) {
  const units = [["day", 86400], ["hour", 3600], ["minute", 60]];
  const [unit, size] = units.find(([, s]) => seconds >= s) ?? ["minute", 60];
  const value = Math.max(1, Math.round(seconds / size));
  try {
    return new Intl.NumberFormat(language, { style: "unit", unit, unitDisplay: "long" }).format(value);
  } catch {
    return `${value} ${unit}s`;
  }
}

/**
 * What the reader is told about the search itself: a note when it could not look everywhere
 * (index not filled yet, filling, failing; a source that did not answer), with what to do.
 * `complete` says whether "nothing found" may be stated as a fact.
 */
function searchNotes(related, t, handlers) {
  const notes = [];
  const index = indexState(related);
  const sourceName = (source) => {
    const key = `source_${source.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`;
    return t.has(key) ? t(key) : source;
  };
  const failedCodes = list(related.failed_sources).map((s) => str(s, 60)).filter(Boolean);
  // The index's own note (not filled, filling, failing) says more than "did not answer": it is
  // not repeated as a failure. A filled index has no note, and its search may still have run
  // out of time (the backend's PartialAnswer): then it is named as any source is, or a list cut
  // short read as the whole answer, with no word that it may be incomplete (attack19).
  const noted = index !== null && index.status !== "filled";
  const failed = failedCodes.filter((code) => !(noted && code === "index")).map(sourceName);
  if (index?.status === "not_filled") {
    // The ↻ the note asks for is the top bar's button: a screen reader says its name, not
    // "clockwise open circle arrow" (walk4).
    const button = el("span", { role: "img", "aria-label": t("refresh") }, "↻");
    notes.push(
      el(
        "p",
        { className: "index-note", role: "note", "data-index": "not_filled" },
        withValues((b) => t("indexNotFilled", b), [button]),
      ),
    );
  } else if (index?.status === "filling") {
    const note = el(
      "p",
      { className: "index-note", role: "note", "data-index": "filling" },
      index.feedsTotal > 0 ? t("indexFilling", index.feedsDone, index.feedsTotal) : t("indexFillingUnknown"),
      " ",
    );
    const again = el("button", { type: "button", className: "link-button" }, t("indexFillingAction"));
    again.addEventListener("click", () => handlers.onRetry());
    note.append(again);
    notes.push(note);
  } else if (index?.status === "failing") {
    notes.push(
      el(
        "p",
        { className: "index-note is-warning", role: "note", "data-index": "failing" },
        index.feedsTotal > 0 ? t("indexFailing", index.feedsFailing, index.feedsTotal) : t("indexFailingUnknown"),
      ),
    );
  }
  if (failed.length || (related.partial === true && !index)) {
    notes.push(
      el(
        "p",
        { className: "partial", role: "note" },
        failed.length
          ? withValues((names) => t("relatedPartial", names), [bdiList(failed)])
          : t("relatedPartialUnnamed"),
      ),
    );
  }
  const indexComplete = !index || index.status === "filled";
  const complete = indexComplete && !failed.length && related.partial !== true;
  return { notes, complete, index };
}

function renderItemList(items, t, { idPrefix, showLanguage, headingLevel, readerLanguage }) {
  return el(
    "ul",
    { className: "related-list" },
    items.map((item, i) =>
      renderRelatedItem(item, t, {
        idPrefix: `${idPrefix}-${i}`,
        showLanguage,
        headingLevel,
        readerLanguage,
      }),
    ),
  );
}

function renderHiddenNote(hidden, t, handlers) {
  const note = el("div", { className: "hidden-note", role: "note" }, el("p", {}, t.plural("relatedHidden", hidden)));
  const actions = el("div", { className: "actions" });
  const once = actionButton(t("relatedHiddenShow"), () => handlers.onShowOtherLanguages?.());
  const always = actionButton(t("relatedHiddenAlways"), () => handlers.onAlwaysShowOtherLanguages?.());
  actions.append(once, always);
  note.append(actions);
  return note;
}

function renderRelated(brief, entry, settings, t, handlers) {
  const related = brief.related && typeof brief.related === "object" ? brief.related : {};
  const section = el(
    "section",
    { className: "related", "aria-labelledby": "related-heading" },
    el("h2", { className: "section-title", id: "related-heading" }, t("relatedHeading")),
  );
  const { notes, complete } = searchNotes(related, t, handlers);
  section.append(...notes);

  // After a language change that brings no new Brief, the reports are shown for the language
  // the reader wants now, as a new Brief would show them.
  const languages = {
    readerLanguage: relatedReaderLanguage(entry, resolveSummaryLanguage(settings ?? {})),
    articleLanguage: brief.article?.language,
    includeOtherLanguages: settings.includeOtherLanguages || entry.showOtherLanguages === true,
  };
  // The API sends at most MAX_RELATED_LIMIT per tier; a backend that sends hundreds is not
  // followed (500 items took a third of a second to lay out, for nobody to read).
  const same = filterByLanguage(list(related.items).slice(0, MAX_RELATED_LIMIT), languages);
  const topic = filterByLanguage(list(related.topic).slice(0, MAX_RELATED_LIMIT), languages);
  const hidden = count(related.hidden_other_languages) + same.hidden + topic.hidden;

  // The same story: other outlets' reports of this event, grouped by language.
  const sameSection = el(
    "section",
    { className: "related-tier same-story", "aria-labelledby": "same-story-heading" },
    el("h3", { className: "tier-title", id: "same-story-heading" }, t("sameStoryHeading")),
  );
  const groups = groupRelated(same.kept, { ...languages, displayLanguage: t.language });
  if (!groups.length) {
    let text;
    if (!complete) {
      text = t("relatedEmptyIncomplete");
    } else if (hidden > 0) {
      text = t("relatedOnlyOtherLanguages");
    } else {
      text = t("relatedEmpty");
    }
    sameSection.append(el("p", { className: "empty" }, text));
  }
  for (const [code, items] of groups) {
    const name = code === "und" ? t("languageUnknown") : languageLabel(code, t.language);
    const headingId = `related-${code}`;
    sameSection.append(
      el(
        "section",
        { className: "lang-group", "aria-labelledby": headingId, "data-language": code },
        el("h4", { id: headingId, className: "group-title" }, t("languageGroup", name, items.length)),
        renderItemList(items, t, {
          idPrefix: `same-${code}`,
          showLanguage: false,
          headingLevel: 5,
          readerLanguage: entry.language,
        }),
      ),
    );
  }
  section.append(sameSection);

  // On the topic: earlier and background stories, best first, one list.
  if (topic.kept.length) {
    section.append(
      el(
        "section",
        { className: "related-tier on-topic", "aria-labelledby": "on-topic-heading" },
        el("h3", { className: "tier-title", id: "on-topic-heading" }, t("onTopicHeading")),
        el("p", { className: "hint tier-hint" }, t("onTopicHint")),
        renderItemList(topic.kept, t, {
          idPrefix: "topic",
          showLanguage: true,
          headingLevel: 4,
          readerLanguage: entry.language,
        }),
      ),
    );
  }
  if (hidden > 0) {
    section.append(renderHiddenNote(hidden, t, handlers));
  }
  return section;
}

function renderFootnote(brief, t) {
  const lines = [];
  const index = indexState(brief.related);
  if (index?.status === "filled") {
    const items = new Intl.NumberFormat(t.language).format(index.items);
    lines.push(
      el(
        "p",
        { className: "footnote index-footnote", "data-index": "filled" },
        index.newestAgeS === null
          ? t.plural("indexFilledNoAge", index.items, items)
          : t.plural("indexFilled", index.items, items, formatAge(index.newestAgeS, t.language)),
      ),
    );
  }
  const cache = brief.cache ?? {};
  const stored = formatWhen(cache.stored_at, t.language);
  if (cache.hit === true && stored) {
    lines.push(el("p", { className: "footnote" }, t("fromCache", stored.text)));
  }
  return lines.length ? el("footer", { className: "footnotes" }, lines) : null;
}

export function renderBrief(entry, settings, t, handlers) {
  const brief = entry.brief ?? {};
  return el(
    "article",
    { className: "brief", "aria-labelledby": "brief-title" },
    (() => {
      const header = renderHeader(brief, t);
      header.querySelector(".article-title").id = "brief-title";
      return header;
    })(),
    renderSummary(
      brief,
      entry,
      t,
      handlers,
      resolveSummaryLanguage(settings ?? {}),
      unavailableBrowserLanguage(settings ?? {}, "summary"),
    ),
    renderRelated(brief, entry, settings, t, handlers),
    renderFootnote(brief, t),
  );
}

// --- the other states --------------------------------------------------------------------------

const KNOWN_ERROR = /^[a-z][a-z0-9_]{0,47}$/;
const RETRYABLE = new Set([
  "backend_unreachable",
  "backend_timeout",
  "bad_response",
  "brief_too_large",
  "fetch_failed",
  "rate_limited",
  "overloaded",
  "internal",
  "upstream_timeout",
  "cancelled",
  "page_not_read",
]);
/**
 * Not failures: the page is not something Parallax reads, or the reader has to click. They are
 * calm notes (no role=alert, no error colour), each saying what to do.
 */
export const INFO_CODES = new Set([
  "not_an_article",
  "no_access",
  "needs_click",
  "cancelled",
  "unsupported_media",
  "blocked_url",
  "too_large",
  "page_not_read",
]);

function message({ kind, code, title, body, checks = [], actions = [], showCode = false, t, extra = {} }) {
  const section = el(
    "section",
    {
      className: `message${kind === "error" ? " is-error" : " is-info"}`,
      role: kind === "error" ? "alert" : null,
      "aria-labelledby": "message-title",
      "data-code": code,
      ...extra,
    },
    el("h1", { id: "message-title" }, title),
    body ? el("p", { className: "message-body" }, body) : null,
    checks.length ? el("ul", { className: "checklist" }, checks.map((c) => el("li", {}, c))) : null,
    showCode ? el("p", { className: "code" }, t("errorCode", code)) : null,
  );
  if (actions.length) {
    section.append(el("div", { className: "actions" }, actions));
  }
  return section;
}

function actionButton(label, onClick, primary = false) {
  const button = el("button", { type: "button", className: `button${primary ? " primary" : ""}` }, label);
  button.addEventListener("click", onClick);
  return button;
}

/** The localised {title, body, checks} for an error code (and a problem's reason). */
export function errorText(code, t, context = {}) {
  const known = KNOWN_ERROR.test(code) && t.has(`error_${code}_title`);
  const key = known ? code : "unknown";
  const checks = [];
  for (let i = 1; i <= 4; i += 1) {
    const checkKey = `error_${key}_check${i}`;
    if (t.has(checkKey)) {
      checks.push(t(checkKey, context.backendUrl ?? ""));
    }
  }
  const text = {
    title: t(`error_${key}_title`),
    body: t(`error_${key}_body`, known ? (context.backendUrl ?? "") : code),
    checks,
  };
  // A page type the backend named ("section_front") gets its own words; any other reason, or
  // none, keeps the generic text.
  const reason = str(context.reason, 48);
  if (known && reason && KNOWN_ERROR.test(reason) && t.has(`error_${key}_reason_${reason}`)) {
    text.body = t(`error_${key}_reason_${reason}`);
  }
  return text;
}

export function renderError(entry, t, handlers) {
  const code = KNOWN_ERROR.test(str(entry.error?.code, 60)) ? entry.error.code : "unknown";
  const reason = str(entry.error?.reason, 48);
  const text = errorText(code, t, { backendUrl: str(entry.backendUrl, 300), reason });
  const actions = [];
  if (RETRYABLE.has(code) || code === "unknown") {
    actions.push(actionButton(t("retry"), handlers.onRetry, true));
  }
  if (["backend_unreachable", "backend_timeout", "bad_response", "brief_too_large", "not_found", "invalid_request"].includes(code)) {
    actions.push(actionButton(t("openOptions"), handlers.onOptions));
  }
  const kind = INFO_CODES.has(code) ? "info" : "error";
  const extra = reason && KNOWN_ERROR.test(reason) ? { "data-reason": reason } : {};
  return message({ kind, code, ...text, actions, showCode: kind === "error", t, extra });
}

export const PROGRESS_AFTER_MS = 3000;

/** The backend's own steps (GET /v1/briefs/progress/{id}) and their words. */
const BACKEND_STEP_KEYS = {
  fetching: "backendStepFetching",
  reading: "backendStepReading",
  summarising: "backendStepSummarising",
  finding_coverage: "backendStepFindingCoverage",
};

/** The backend step an entry carries, when it is one the panel has words for. */
export function backendStepOf(entry) {
  const step = entry?.backendStep;
  return typeof step === "string" && Object.hasOwn(BACKEND_STEP_KEYS, step) ? step : null;
}

/** What the backend line says: its step when the backend told it, else the generic text. */
export function backendStepLabel(entry, t) {
  const step = backendStepOf(entry);
  if (step) {
    return t(BACKEND_STEP_KEYS[step]);
  }
  return entry?.backendFetches ? t("stepBackendFetches") : t("stepBackend");
}

/**
 * While the backend works: after PROGRESS_AFTER_MS, say it is still working, which step it is
 * at (reading the tab, then the step the backend reports: fetching, reading, summarising,
 * finding coverage; a backend that cannot tell gets the generic line), for how long, and offer
 * Cancel.
 */
export function renderProgress(entry, t, handlers, now = Date.now()) {
  const elapsed = Math.max(0, Math.round((now - (entry.startedAt ?? now)) / 1000));
  const phase = entry.phase === "capturing" ? "capturing" : "backend";
  const steps = [
    ["capturing", t("stepReading")],
    ["backend", backendStepLabel(entry, t)],
  ];
  const cancel = actionButton(t("cancel"), () => handlers.onCancel?.());
  cancel.classList.add("cancel");
  return el(
    "section",
    { className: "progress", "aria-labelledby": "progress-title", "data-phase": phase },
    el("p", { className: "progress-title", id: "progress-title" }, t("stillWorking")),
    el(
      "ol",
      { className: "steps" },
      steps.map(([name, label], index) => {
        const done = phase === "backend" && name === "capturing";
        return el(
          "li",
          {
            className: done ? "is-done" : name === phase ? "is-current" : null,
            "aria-current": name === phase ? "step" : null,
            "data-step": name,
            "data-backend-step": name === "backend" ? backendStepOf(entry) : null,
          },
          el("span", { className: "visually-hidden" }, done ? `${t("stepDoneLabel")} ` : ""),
          el("span", { className: "step-label" }, label),
          index === steps.length - 1 && name === phase ? el("span", { className: "elapsed" }, ` (${t("elapsedSeconds", elapsed)})`) : null,
        );
      }),
    ),
    el("div", { className: "actions" }, cancel),
  );
}

export function renderIdle(t) {
  return message({
    kind: "info",
    code: "idle",
    title: t("idle_title"),
    body: t("idle_body"),
    checks: [t("idle_shortcut")],
    t,
  });
}

export function renderNavigated(t) {
  return message({ kind: "info", code: "navigated", title: t("navigated_title"), body: t("navigated_body"), t });
}

/** Which view an entry needs: "idle" | "loading" | "ready" | "error" | "navigated". */
export function viewOf(entry, now = Date.now()) {
  if (!entry || typeof entry !== "object") {
    return "idle";
  }
  if (entry.state === "loading") {
    return now - (entry.startedAt ?? now) > STALE_LOADING_MS ? "stale" : "loading";
  }
  if (entry.state === "ready" && entry.brief && typeof entry.brief === "object") {
    return "ready";
  }
  if (entry.state === "navigated") {
    return "navigated";
  }
  return "error";
}
