/**
 * Claim by claim (issue 18): after the Brief is on screen, ask the backend which other outlets
 * support each bullet (POST /v1/corroborations) and fill it in as it arrives. The Brief is never
 * held back: the request starts after it is rendered, and a failure only leaves a short note.
 *
 * Everything from the backend is untrusted data: text nodes and attributes through DOM APIs
 * only (the `el` helper), and only http(s) URLs become links.
 */
import { languageName, primaryLanguage } from "../lib/languages.js";
import { el, safeHttpUrl, str } from "./render.js";

export const CORROBORATION_TIMEOUT_MS = 15_000;
const MAX_OTHERS = 10; // the backend reads at most PARALLAX_CORROBORATION_SOURCES of them
const MAX_KEPT = 16; // answers kept in memory, by request
const CODE_PATTERN = /^[a-z][a-z0-9_]{0,47}$/;

const answers = new Map();
const list = (value) => (Array.isArray(value) ? value : []);

/** The other reports to compare with: the Brief's same-story items, wire copies collapsed. */
export function othersOf(brief) {
  const seen = new Set();
  const urls = [];
  for (const item of list(brief?.related?.items)) {
    const url = safeHttpUrl(item?.url);
    if (url && !seen.has(url)) {
      seen.add(url);
      urls.push(url);
    }
    if (urls.length === MAX_OTHERS) {
      break;
    }
  }
  return urls;
}

async function requestCorroboration(backendUrl, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), CORROBORATION_TIMEOUT_MS);
  try {
    const response = await fetch(`${backendUrl}/v1/corroborations`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, application/problem+json" },
      body: JSON.stringify(body),
      signal: controller.signal,
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    });
    let answer = null;
    try {
      answer = await response.json();
    } catch {
      answer = null;
    }
    if (response.ok && answer && Array.isArray(answer.bullets)) {
      return { ok: true, answer };
    }
    const code = answer && CODE_PATTERN.test(String(answer.code ?? "")) ? answer.code : "bad_response";
    return { ok: false, code };
  } catch {
    return { ok: false, code: controller.signal.aborted ? "backend_timeout" : "backend_unreachable" };
  } finally {
    clearTimeout(timer);
  }
}

function corroborationFor(entry, settings, urls) {
  const brief = entry.brief;
  const id = `${entry.requestId ?? entry.url}|${settings.backendUrl}`;
  if (!answers.has(id)) {
    const article = { language: str(entry.language, 20) || "en" };
    const key = str(brief?.cache?.key, 256);
    const url = safeHttpUrl(brief?.article?.url) ?? safeHttpUrl(entry.url);
    if (key) {
      article.key = key;
    }
    if (url) {
      article.url = url;
    }
    answers.set(id, requestCorroboration(settings.backendUrl, { article, others: urls.map((u) => ({ url: u })) }));
    while (answers.size > MAX_KEPT) {
      answers.delete(answers.keys().next().value);
    }
  }
  return answers.get(id);
}

// --- rendering ---------------------------------------------------------------------------------

function outletName(item) {
  const outlet = item?.outlet ?? {};
  const name = str(outlet.name, 120) || str(outlet.domain, 120);
  if (name) {
    return name;
  }
  try {
    return new URL(item.url).hostname;
  } catch {
    return "";
  }
}

/** The Brief's translated headline of a report in another language (a model made it), if any. */
function translatedHeadline(brief, url) {
  const item = list(brief?.related?.items).find((i) => safeHttpUrl(i?.url) === url);
  return str(item?.translated_title, 300);
}

function source(item, articleLanguage, t, brief = null) {
  const url = safeHttpUrl(item?.url);
  const name = outletName(item);
  const language = primaryLanguage(str(item?.language, 20));
  const parts = [
    url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, name) : el("span", {}, name),
  ];
  if (language && language !== articleLanguage) {
    parts.push(" ", el("span", { className: "corroboration-language" }, languageName(language, t.language)));
    const headline = url ? translatedHeadline(brief, url) : "";
    if (headline) {
      // Translated into the reader's summary language, which the worker recorded on the entry.
      const lang = primaryLanguage(str(brief?.readerLanguage, 20)) || null;
      parts.push(" ", el("span", { className: "corroboration-headline", lang }, headline));
    }
  }
  return el("p", { className: "corroboration-source" }, parts);
}

function quote(text, language) {
  return el("blockquote", { lang: primaryLanguage(str(language, 20)) || null }, str(text, 1000));
}

function sentenceText(brief, id) {
  const found = list(brief?.article?.sentences).find((s) => s?.id === id);
  return found ? str(found.text, 1000) : "";
}

function supportItem(support, brief, bulletText, articleLanguage, t) {
  const differs = support?.relation === "differs";
  const item = el("li", { className: "corroboration-support", "data-relation": differs ? "differs" : "agrees" });
  if (!differs) {
    item.append(source(support, articleLanguage, t, brief), quote(support.sentence, support.language));
    return item;
  }
  const here = sentenceText(brief, support.claim_sentence_id) || str(bulletText, 1000);
  const changes = list(support.differences)
    .map((d) => t("corroboration_change", str(d?.here, 120), str(d?.there, 120)))
    .filter(Boolean);
  item.append(
    el(
      "div",
      { className: "side-by-side" },
      el(
        "figure",
        { className: "version here" },
        el("figcaption", {}, t("corroboration_thisArticle")),
        quote(here, articleLanguage),
      ),
      el(
        "figure",
        { className: "version there" },
        el("figcaption", {}, source(support, articleLanguage, t, brief)),
        quote(support.sentence, support.language),
      ),
    ),
  );
  if (changes.length) {
    item.append(el("p", { className: "corroboration-changes" }, t("corroboration_differsOn", changes.join("; "))));
  }
  return item;
}

function chipLabel(bullet, t) {
  const differing = Number.isInteger(bullet?.differing) ? bullet.differing : 0;
  const agreeing = Number.isInteger(bullet?.agreeing) ? bullet.agreeing : 0;
  if (differing > 0) {
    return { status: "differs", text: t.plural("corroboration_differsIn", differing) };
  }
  if (agreeing > 0) {
    return { status: "agrees", text: t.plural("corroboration_outlets", agreeing) };
  }
  return { status: "only_here", text: t("corroboration_onlyHere") };
}

function decorateBullet(li, bullet, index, brief, articleLanguage, t) {
  const { status, text } = chipLabel(bullet, t);
  const supports = list(bullet?.support);
  const box = el("div", { className: "corroboration", "data-status": status });
  if (!supports.length) {
    box.append(el("span", { className: "corroboration-chip", "data-status": status }, text));
    li.append(box);
    return;
  }
  const detailId = `corroboration-detail-${index}`;
  const chip = el(
    "button",
    {
      type: "button",
      className: "corroboration-chip",
      "data-status": status,
      "aria-expanded": "false",
      "aria-controls": detailId,
      "aria-label": t("corroboration_chipLabel", text),
    },
    text,
  );
  const detail = el(
    "ul",
    { className: "corroboration-detail", id: detailId, "aria-label": t("corroboration_detailLabel") },
    supports.map((s) => supportItem(s, brief, bullet.text, articleLanguage, t)),
  );
  detail.hidden = true;
  chip.addEventListener("click", () => {
    const open = chip.getAttribute("aria-expanded") !== "true";
    chip.setAttribute("aria-expanded", String(open));
    detail.hidden = !open;
  });
  box.append(chip, detail);
  li.append(box);
}

function missingSection(answer, articleLanguage, t) {
  const missing = list(answer.missing_here).filter((m) => str(m?.sentence)).slice(0, 3);
  if (!missing.length) {
    return null;
  }
  return el(
    "section",
    { className: "corroboration-missing", "aria-labelledby": "corroboration-missing-heading" },
    el("h2", { className: "section-title", id: "corroboration-missing-heading" }, t("corroboration_missingHeading")),
    el(
      "ul",
      {},
      missing.map((m) => el("li", {}, quote(m.sentence, m.language), source(m, articleLanguage, t))),
    ),
  );
}

function statusText(answer, t) {
  const others = list(answer.others);
  const read = others.filter((o) => o?.status === "ok").length;
  const unread = others.filter((o) => o?.status === "timeout" || o?.status === "failed");
  const parts = [t.plural("corroboration_compared", read)];
  if (unread.length) {
    const names = unread.map((o) => outletName(o)).filter(Boolean).slice(0, 5).join(", ");
    parts.push(t.plural("corroboration_unread", unread.length, names));
  }
  return parts.join(" ");
}

function fill(root, entry, answer, t) {
  const brief = { ...(entry.brief ?? {}), readerLanguage: entry.language };
  const articleLanguage = primaryLanguage(str(brief.article?.language, 20));
  const items = root.querySelectorAll(".summary .bullets > li");
  list(answer.bullets).forEach((bullet, index) => {
    const li = items[index];
    if (li && !li.querySelector(".corroboration")) {
      decorateBullet(li, bullet, index, brief, articleLanguage, t);
    }
  });
  const section = missingSection(answer, articleLanguage, t);
  const summary = root.querySelector(".summary");
  if (section && summary && !root.querySelector(".corroboration-missing")) {
    summary.after(section);
  }
}

/**
 * Ask for the corroboration of the Brief shown in `root` and fill it in when it arrives (if the
 * same Brief is still shown then). Returns the pending promise, for tests.
 */
export function attachCorroboration(root, entry, settings, t) {
  const brief = entry?.brief;
  const urls = othersOf(brief);
  const bulletsList = root.querySelector(".summary .bullets");
  if (!brief || !urls.length || !bulletsList || !settings?.backendUrl) {
    return Promise.resolve(null);
  }
  const status = el("p", { className: "hint corroboration-status", role: "status", "aria-live": "polite" }, t("corroboration_checking"));
  bulletsList.after(status);
  root.dataset.corroboration = "loading";
  return corroborationFor(entry, settings, urls).then((result) => {
    if (!status.isConnected) {
      return result; // another Brief (or state) is on screen now
    }
    if (result.ok) {
      fill(root, entry, result.answer, t);
      status.textContent = statusText(result.answer, t);
      root.dataset.corroboration = "ready";
    } else {
      status.textContent = t("corroboration_failed");
      root.dataset.corroboration = "error";
    }
    return result;
  });
}
