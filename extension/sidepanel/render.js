/**
 * Rendering a per-tab entry into the panel. Everything from the backend is untrusted data:
 * it becomes text nodes and attribute values through DOM APIs only (never HTML), and only
 * http(s) URLs become links.
 */
import { languageName, primaryLanguage } from "../lib/languages.js";
import { STALE_LOADING_MS } from "../lib/state.js";

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

function languageAttr(code) {
  const primary = primaryLanguage(str(code, 20));
  return primary || null;
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

/** Parts joined by a middle dot that wraps with the part after it, never alone at a line end. */
function separated(parts) {
  return parts
    .filter(Boolean)
    .map((part, index) =>
      index === 0
        ? part
        : el("span", { className: "joined" }, el("span", { className: "sep", "aria-hidden": "true" }, "·"), part),
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
  const authors = list(article.authors).map((a) => str(a, 80)).filter(Boolean).slice(0, 4);
  return el(
    "header",
    { className: "article-head" },
    el(
      "p",
      { className: "outlet-line" },
      outletName ? el("span", { className: "outlet-name" }, outletName) : null,
      typeLabel ? el("span", { className: "badge outlet-type" }, typeLabel) : null,
    ),
    el("h1", { className: "article-title", lang: languageCode }, str(article.title) || t("untitled")),
    el(
      "p",
      { className: "meta" },
      separated([
        timeElement(published),
        languageCode ? el("span", { className: "article-language" }, languageName(languageCode, lang)) : null,
        authors.length ? el("span", { className: "authors" }, t("byAuthors", authors.join(", "))) : null,
      ]),
    ),
  );
}

function noticeText(notice, brief, readerLanguage, t) {
  const code = str(notice, 60);
  if (!code) {
    return null;
  }
  const articleLanguage = languageName(brief.article?.language, t.language);
  const reader = languageName(readerLanguage, t.language);
  const key = `notice_${code}`;
  return t.has(key) ? t(key, articleLanguage, reader) : t("notice_unknown", code);
}

function renderSummary(brief, entry, t, handlers) {
  const summary = brief.summary && typeof brief.summary === "object" ? brief.summary : null;
  const section = el(
    "section",
    { className: "summary", "aria-labelledby": "summary-heading" },
    el("h2", { className: "section-title", id: "summary-heading" }, t("summaryHeading")),
  );
  if (!summary) {
    section.append(el("p", { className: "empty" }, t("summaryMissing")));
    return section;
  }
  const isModel = summary.method === "llm";
  const model = str(summary.model, 80);
  section.append(
    el(
      "p",
      { className: "method", "data-method": isModel ? "llm" : "extractive" },
      el("span", { className: "badge" }, isModel ? t("methodLlmBadge") : t("methodExtractiveBadge")),
      isModel ? (model ? t("methodLlm", model) : t("methodLlmUnnamed")) : t("methodExtractive"),
    ),
  );
  const notice = noticeText(summary.notice, brief, entry.language, t);
  if (notice) {
    section.append(el("p", { className: "notice", role: "note", "data-notice": str(summary.notice, 60) }, notice));
  }
  const summaryLang = languageAttr(summary.language);
  const headline = str(summary.headline, 300);
  if (headline) {
    section.append(
      el(
        "p",
        { className: "neutral-headline" },
        el("span", { className: "label" }, t("summaryHeadlineLabel")),
        el("span", { className: "text", lang: summaryLang }, headline),
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
        el("span", { lang: summaryLang }, disputed),
      ),
    );
  }
  const dropped = Number.isInteger(summary.dropped_bullets) ? summary.dropped_bullets : 0;
  if (dropped > 0) {
    after.push(el("p", { className: "hint dropped" }, t.plural("droppedBullets", dropped)));
  }
  if (!bullets.length) {
    section.append(el("p", { className: "empty" }, t("summaryEmpty")), ...after);
    return section;
  }
  const items = bullets.map((bullet) => {
    const ids = list(bullet.sentence_ids).filter(Number.isInteger);
    const button = el(
      "button",
      {
        type: "button",
        className: "bullet",
        "aria-pressed": "false",
        "aria-describedby": ids.length ? "bullet-hint" : null,
        lang: summaryLang,
        "data-sentences": ids.join(","),
      },
      el("span", { className: "bullet-text" }, str(bullet.text, 1200)),
    );
    button.disabled = ids.length === 0;
    button.addEventListener("click", () => handlers.onBullet(button, ids));
    return el("li", {}, button);
  });
  section.append(
    el("ol", { className: "bullets" }, items),
    el("p", { className: "hint", id: "bullet-hint" }, t("bulletHint")),
    el("p", { className: "hint highlight-status", id: "highlight-status", "aria-live": "polite" }),
    ...after,
  );
  return section;
}

function renderRelatedItem(item, t) {
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
  const headline = href
    ? el(
        "a",
        { href, target: "_blank", rel: "noopener noreferrer", lang: translated ? null : itemLang },
        headlineText,
        el("span", { className: "visually-hidden" }, ` (${t("opensInNewTab")})`),
      )
    : el("span", { lang: translated ? null : itemLang }, headlineText);
  const children = [
    el(
      "p",
      { className: "item-meta" },
      separated([
        outletName ? el("span", { className: "outlet-name" }, outletName) : null,
        typeLabel ? el("span", { className: "badge outlet-type" }, typeLabel) : null,
        timeElement(when),
      ]),
    ),
    el("h4", { className: "headline" }, headline),
  ];
  if (translated && title && translated !== title) {
    children.push(
      el(
        "p",
        { className: "original", lang: itemLang },
        el("span", { className: "visually-hidden" }, `${t("originalHeadline")}: `),
        title,
      ),
    );
  }
  const others = list(item.also_reported_by)
    .map((o) => str(o?.name, 120) || str(o?.domain, 120))
    .filter(Boolean);
  if (others.length) {
    children.push(
      el(
        "details",
        { className: "also" },
        el("summary", {}, t.plural("alsoReportedBy", others.length)),
        el("ul", {}, others.slice(0, 30).map((name) => el("li", {}, name))),
      ),
    );
  }
  return el("li", { className: "related-item", "data-language": itemLang ?? "" }, children);
}

/** Items grouped by language: the reader's first, then the article's, then by name. */
export function groupRelated(items, { readerLanguage, articleLanguage, includeOtherLanguages, displayLanguage }) {
  const reader = primaryLanguage(readerLanguage);
  const source = primaryLanguage(articleLanguage);
  const groups = new Map();
  for (const item of items) {
    if (!item || typeof item !== "object") {
      continue;
    }
    const code = primaryLanguage(str(item.language, 20)) || "und";
    if (!includeOtherLanguages && code !== reader && code !== source) {
      continue;
    }
    if (!groups.has(code)) {
      groups.set(code, []);
    }
    groups.get(code).push(item);
  }
  const time = (item) => parseDate(item.published)?.date.getTime() ?? -Infinity;
  for (const group of groups.values()) {
    group.sort((a, b) => time(b) - time(a));
  }
  const rank = (code) => (code === reader ? 0 : code === source ? 1 : 2);
  return [...groups.entries()].sort(([a], [b]) =>
    rank(a) - rank(b) ||
    languageName(a, displayLanguage).localeCompare(languageName(b, displayLanguage), displayLanguage),
  );
}

function renderRelated(brief, entry, settings, t) {
  const related = brief.related ?? {};
  const section = el(
    "section",
    { className: "related", "aria-labelledby": "related-heading" },
    el("h2", { className: "section-title", id: "related-heading" }, t("relatedHeading")),
  );
  const sourceName = (source) => {
    const key = `source_${source.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`;
    return t.has(key) ? t(key) : source;
  };
  const failed = list(related.failed_sources).map((s) => str(s, 60)).filter(Boolean).map(sourceName);
  if (related.partial === true || failed.length) {
    section.append(
      el(
        "p",
        { className: "partial", role: "note" },
        failed.length ? t("relatedPartial", failed.join(", ")) : t("relatedPartialUnnamed"),
      ),
    );
  }
  const groups = groupRelated(list(related.items), {
    readerLanguage: entry.language,
    articleLanguage: brief.article?.language,
    includeOtherLanguages: settings.includeOtherLanguages,
    displayLanguage: t.language,
  });
  if (!groups.length) {
    const hidden = list(related.items).length > 0;
    section.append(el("p", { className: "empty" }, hidden ? t("relatedHiddenByLanguage") : t("relatedEmpty")));
    return section;
  }
  for (const [code, items] of groups) {
    const name = code === "und" ? t("languageUnknown") : languageName(code, t.language);
    const headingId = `related-${code}`;
    section.append(
      el(
        "section",
        { className: "lang-group", "aria-labelledby": headingId, "data-language": code },
        el("h3", { id: headingId }, t("languageGroup", name, items.length)),
        el("ul", {}, items.map((item) => renderRelatedItem(item, t))),
      ),
    );
  }
  return section;
}

function renderFootnote(brief, t) {
  const cache = brief.cache ?? {};
  const stored = formatWhen(cache.stored_at, t.language);
  if (cache.hit === true && stored) {
    return el("p", { className: "footnote" }, t("fromCache", stored.text));
  }
  return null;
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
    renderSummary(brief, entry, t, handlers),
    renderRelated(brief, entry, settings, t),
    renderFootnote(brief, t),
  );
}

// --- the other states --------------------------------------------------------------------------

const KNOWN_ERROR = /^[a-z][a-z0-9_]{0,47}$/;
const RETRYABLE = new Set([
  "backend_unreachable",
  "backend_timeout",
  "bad_response",
  "fetch_failed",
  "rate_limited",
  "internal",
  "upstream_timeout",
]);

function message({ kind, code, title, body, checks = [], actions = [], showCode = false, t }) {
  const section = el(
    "section",
    {
      className: `message${kind === "error" ? " is-error" : ""}`,
      role: kind === "error" ? "alert" : null,
      "aria-labelledby": "message-title",
      "data-code": code,
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

/** The localised {title, body, checks} for an error code. */
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
  return {
    title: t(`error_${key}_title`),
    body: t(`error_${key}_body`, known ? (context.backendUrl ?? "") : code),
    checks,
  };
}

export function renderError(entry, t, handlers) {
  const code = KNOWN_ERROR.test(str(entry.error?.code, 60)) ? entry.error.code : "unknown";
  const text = errorText(code, t, { backendUrl: str(entry.backendUrl, 300) });
  const actions = [];
  if (RETRYABLE.has(code) || code === "unknown") {
    actions.push(actionButton(t("retry"), handlers.onRetry, true));
  }
  if (["backend_unreachable", "backend_timeout", "bad_response", "not_found", "invalid_request"].includes(code)) {
    actions.push(actionButton(t("openOptions"), handlers.onOptions));
  }
  return message({ kind: "error", code, ...text, actions, showCode: true, t });
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
