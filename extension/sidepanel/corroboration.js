/**
 * Claim by claim (issue 18): after the Brief is on screen, ask the backend which other outlets
 * support each bullet (POST /v1/corroborations) and fill it in as it arrives. The Brief is never
 * held back: the request starts after it is rendered, and a failure only leaves a short note.
 *
 * Everything from the backend is untrusted data: text nodes and attributes through DOM APIs
 * only (the `el` helper), and only http(s) URLs become links.
 */
import { answerCode } from "../lib/api.js";
import { sessionStorageArea } from "../lib/ext.js";
import { languageName, primaryLanguage } from "../lib/languages.js";
import { corroborationKey, getEntry, putRecord } from "../lib/state.js";
import { bdi, bdiList, el, languageAttr, safeHttpUrl, str, textDir, withValues } from "./render.js";

export const CORROBORATION_TIMEOUT_MS = 15_000;
const MAX_OTHERS = 10; // the backend reads at most PARALLAX_CORROBORATION_SOURCES of them
const MAX_KEPT = 16; // answers kept in memory, by request
const MAX_SUPPORT = 12; // sentences shown per bullet: more is noise, and a hostile answer is long
const CODE_PATTERN = /^[a-z][a-z0-9_]{0,47}$/;
const MAX_NAMED = 5; // outlets named in the status line; the others are counted

const answers = new Map();
const list = (value) => (Array.isArray(value) ? value : []);
/** Only the entries that are objects: an answer may break its contract anywhere. */
const objects = (value) => list(value).filter((v) => v && typeof v === "object" && !Array.isArray(v));

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
    // A 2xx that is not an answer is bad_response; an error that is not a problem (API
    // Gateway's own 429/5xx) is read from its status, as the Brief's is.
    return { ok: false, code: answerCode(response.status, answer) };
  } catch {
    return { ok: false, code: controller.signal.aborted ? "backend_timeout" : "backend_unreachable" };
  } finally {
    clearTimeout(timer);
  }
}

/** Where the answer for this entry (its request) from this backend is kept. */
const answerId = (entry, settings) => `${entry.requestId ?? entry.url}|${settings.backendUrl}`;

/** An answer about none of the bullets shown: it is about another Brief of the page. */
class OtherBullets extends Error {}

/**
 * One request per Brief, however many panel documents show it. Every panel page is a document
 * of its own with its own memory: the side panel, the same page opened in a tab (?tab=, as the
 * tests and Firefox's sidebar screenshots do), a panel closed and opened again without a new
 * Brief. Each asked on its own, so the backend compared the same reports two or three times
 * per Brief (two POSTs in every e2e test: the side panel's and the test's page). Now the
 * answer is kept in `storage.session` beside the tab's entry (`corroboration:<tabId>`, removed
 * with it), and a Web Lock per answer (extension pages share one origin, so one lock) lets one
 * document ask while the others wait for what it keeps. A failure is kept too, but used only by
 * a document that was already waiting for that request (`askedAt`); "Try again" (`fresh`) never
 * takes a kept answer older than the click.
 */
async function sharedAnswer(entry, id, askedAt, fresh, ask) {
  const locks = globalThis.navigator?.locks;
  if (!Number.isInteger(entry?.tabId) || typeof locks?.request !== "function") {
    return ask();
  }
  const key = corroborationKey(entry.tabId);
  const kept = async () => {
    try {
      const record = (await sessionStorageArea.get(key))[key];
      if (!record || record.id !== id || (fresh && !(record.at >= askedAt))) {
        return null;
      }
      if (record.ok && record.answer && Array.isArray(record.answer.bullets)) {
        return { ok: true, answer: record.answer };
      }
      // Another document's failure counts only for the request this one was waiting for.
      return !record.ok && record.at >= askedAt && CODE_PATTERN.test(String(record.code))
        ? { ok: false, code: record.code }
        : null;
    } catch {
      return null;
    }
  };
  return locks.request(`parallax-corroboration|${id}`, async () => {
    const found = await kept();
    if (found) {
      return found;
    }
    const result = await ask();
    const record = result.ok
      ? { id, at: Date.now(), ok: true, answer: result.answer }
      : { id, at: Date.now(), ok: false, code: result.code };
    await keepRecord(locks, entry, key, record);
    return result;
  });
}

/**
 * Keep an answer in `corroboration:<tabId>` for the other panel documents, unless the tab's
 * entry is another request by now. An answer that came late for an older Brief of the tab (the
 * reader went on to another article and its Brief is shown) replaced the record of the newer
 * Brief: every panel document opened on it afterwards found a record for another request and
 * asked the backend again. The check and the write hold one lock per tab, so that no other
 * answer's write comes between them. A record too large to keep (putRecord), a storage that is
 * full of this tab alone, or gone: this document still has the answer.
 */
async function keepRecord(locks, entry, key, record) {
  await locks
    .request(`parallax-corroboration-record|${entry.tabId}`, async () => {
      const current = await getEntry(entry.tabId);
      if (current?.requestId === entry.requestId) {
        await putRecord(key, record, entry.tabId);
      }
    })
    .catch(() => undefined);
}

function corroborationFor(entry, settings, urls, fresh = false) {
  const brief = entry.brief;
  const id = answerId(entry, settings);
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
    const askedAt = Date.now();
    const pending = sharedAnswer(entry, id, askedAt, fresh, () =>
      requestCorroboration(settings.backendUrl, {
        article,
        others: urls.map((u) => ({ url: u })),
      }),
    );
    answers.set(id, pending);
    // A failure is not kept: "Try again" has to ask again.
    void pending.then((result) => {
      if (!result.ok && answers.get(id) === pending) {
        answers.delete(id);
      }
    });
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
    url
      ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer", dir: "auto" }, name)
      : el("span", { dir: "auto" }, name),
  ];
  if (language && language !== articleLanguage) {
    parts.push(" ", el("span", { className: "corroboration-language" }, languageName(language, t.language)));
    const headline = url ? translatedHeadline(brief, url) : "";
    if (headline) {
      // Translated into the reader's summary language, which the worker recorded on the entry.
      const lang = languageAttr(brief?.readerLanguage);
      parts.push(" ", el("span", { className: "corroboration-headline", lang, dir: textDir(lang) }, headline));
    }
  }
  return el("p", { className: "corroboration-source" }, parts);
}

/** The panel's own direction, for its words inside a block laid out in the content's. */
const panelDir = () => (document.dir === "rtl" ? "rtl" : "ltr");

/**
 * The direction a block of one report lays out in (its border and indent on the start side):
 * right to left for an Arabic or Hebrew report, left to right for another known language, and
 * the surrounding block's when the language is unknown.
 */
function blockDir(language) {
  const lang = languageAttr(language);
  if (!lang) {
    return null;
  }
  return textDir(lang) === "rtl" ? "rtl" : "ltr";
}

function quote(text, language) {
  const lang = languageAttr(language); // "" when the data does not say: unknown, not the panel's
  return el("blockquote", { lang, dir: textDir(lang) }, str(text, 1000));
}

function sentenceText(brief, id) {
  const found = list(brief?.article?.sentences).find((s) => s?.id === id);
  return found ? str(found.text, 1000) : "";
}

function supportItem(support, brief, bulletText, articleLanguage, t) {
  const differs = support?.relation === "differs";
  const item = el("li", {
    className: "corroboration-support",
    "data-relation": differs ? "differs" : "agrees",
    dir: blockDir(support?.language),
  });
  if (!differs) {
    item.append(source(support, articleLanguage, t, brief), quote(support.sentence, support.language));
    return item;
  }
  // The article's own sentence, in the article's language; failing that the bullet, which is in
  // the summary's.
  const sentence = sentenceText(brief, support.claim_sentence_id);
  const here = sentence || str(bulletText, 1000);
  const hereLanguage = sentence ? articleLanguage : brief?.summary?.language;
  const changes = objects(support.differences)
    .map((d) => [str(d.here, 120), str(d.there, 120)])
    .filter(([a, b]) => a || b)
    .map(([a, b]) => withValues((x, y) => t("corroboration_change", x, y), [bdi(a), bdi(b)]));
  item.append(
    el(
      "div",
      { className: "side-by-side" },
      el(
        "figure",
        { className: "version here" },
        el("figcaption", {}, t("corroboration_thisArticle")),
        quote(here, hereLanguage),
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
    const joined = changes.flatMap((change, i) => (i ? ["; ", ...change] : change));
    item.append(
      el("p", { className: "corroboration-changes", dir: panelDir() }, withValues((c) => t("corroboration_differsOn", c), [joined])),
    );
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
  const supports = objects(bullet?.support).slice(0, MAX_SUPPORT);
  // Laid out in the bullet's direction: under an Arabic bullet the chip sits on the right,
  // indented from there like the bullet's number (its own words keep the panel's direction).
  const box = el("div", {
    className: "corroboration",
    "data-status": status,
    dir: blockDir(brief?.summary?.language) === "rtl" ? "rtl" : null,
  });
  if (!supports.length) {
    // Nothing to open: a plain chip. "only here" says little read out on its own after the
    // bullet, so screen readers get the whole sentence instead.
    const onlyHere = status === "only_here";
    if (onlyHere) {
      box.append(el("span", { className: "visually-hidden" }, t("corroboration_onlyHereLabel")));
    }
    box.append(
      el(
        "span",
        { className: "corroboration-chip", "data-status": status, "aria-hidden": onlyHere ? "true" : null, dir: panelDir() },
        text,
      ),
    );
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
      dir: panelDir(),
    },
    text,
  );
  const detail = el(
    "ul",
    { className: "corroboration-detail", id: detailId, "aria-label": t("corroboration_detailLabel") },
    supports.map((s) => supportItem(s, brief, bullet.text, articleLanguage, t)),
  );
  detail.hidden = true;
  const toggle = (open) => {
    chip.setAttribute("aria-expanded", String(open));
    detail.hidden = !open;
  };
  chip.addEventListener("click", () => toggle(chip.getAttribute("aria-expanded") !== "true"));
  // Escape closes the open view, from the chip or from inside it, and focus returns to the chip.
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && chip.getAttribute("aria-expanded") === "true") {
      event.preventDefault();
      toggle(false);
      chip.focus();
    }
  });
  box.append(chip, detail);
  li.append(box);
}

function missingSection(answer, articleLanguage, t) {
  const missing = objects(answer.missing_here).filter((m) => str(m.sentence)).slice(0, 3);
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

// A report the backend judged, on its whole text, to tell another story was read but compared
// with nothing (it confirms no bullet): it is named apart, not counted among those compared.
function toldElsewhere(others) {
  return others.filter((o) => o?.status === "ok" && o?.story_relation === "other_story");
}

/** How many other reports the bullets were compared with. */
function comparedCount(answer) {
  const others = objects(answer.others);
  return others.filter((o) => o?.status === "ok").length - toldElsewhere(others).length;
}

/**
 * The outlet a report of the answer is named by: its own, or else the one the Brief gave its
 * address (a related item or one of its wire copies), or else its host. The backend names no
 * outlet for a report it could not read; the status line then said
 * "www.journal-du-rhone.example" where the related list above it says "Journal du Rhône".
 */
function reportName(report, brief) {
  if (str(report?.outlet?.name, 120)) {
    return outletName(report);
  }
  const url = safeHttpUrl(report?.url);
  if (url) {
    for (const item of objects(brief?.related?.items)) {
      const known = [item, ...objects(item.copies)].find((c) => safeHttpUrl(c?.url) === url);
      const name = str(known?.outlet?.name, 120);
      if (name) {
        return name;
      }
    }
  }
  return outletName(report);
}

function statusText(answer, t, brief) {
  const others = objects(answer.others);
  const elsewhere = toldElsewhere(others);
  const read = comparedCount(answer);
  const unread = others.filter((o) => o?.status === "timeout" || o?.status === "failed");
  // "Compared with 0 other outlets" read as a count of outlets that agreed (the offline demo,
  // whose reports cannot be fetched, showed it every time): with none, it says so in words.
  const parts = [read > 0 ? t.plural("corroboration_compared", read) : t("corroboration_comparedNone")];
  const nameOf = (o) => reportName(o, brief);
  const named = (key, reports) => {
    // Each outlet once: two reports of one outlet (the backend reads up to two) were named
    // twice, "Reuters, Reuters", as if they were two outlets.
    const names = [...new Set(reports.map(nameOf).filter(Boolean))];
    // At most MAX_NAMED names; the reports of the others, and those without a name, are counted
    // ("A, B, C, D, E and 3 more"): with eight failing outlets the line said "8 could not be
    // read" and named five, as if those were the eight.
    const listed = new Set(names.slice(0, MAX_NAMED));
    const shown = bdiList([...listed]);
    const more = reports.filter((o) => !listed.has(nameOf(o))).length;
    const list =
      more > 0 && names.length ? withValues((n) => t.plural("corroboration_namesMore", more, n), [shown]) : shown;
    parts.push(" ", ...withValues((n) => t.plural(key, reports.length, n), [list]));
  };
  if (unread.length) {
    named("corroboration_unread", unread);
  }
  if (elsewhere.length) {
    named("corroboration_otherStory", elsewhere);
  }
  return parts;
}

function fill(root, entry, answer, t) {
  const brief = { ...(entry.brief ?? {}), readerLanguage: entry.language };
  brief.summary = brief.summary && typeof brief.summary === "object" ? brief.summary : null;
  const articleLanguage = primaryLanguage(str(brief.article?.language, 20));
  const items = root.querySelectorAll(".summary .bullets > li");
  // The bullets as drawn (render.js leaves out those without text). An answer is matched to them
  // by text, not by place: once the Brief's key has expired (60 s while the index fills, 5 min
  // after a partial list or a model's passing failure) the backend makes the Brief anew from
  // its URL, and that Brief's bullets may be others; their chips must not sit on these.
  const shown = list(brief.summary?.bullets)
    .filter((b) => b && str(b.text))
    .map((b) => b.text);
  const taken = new Set();
  let matched = 0;
  // With no other report compared (every one failed, timed out or told another story), a bullet
  // nothing supports is not "only here": nobody else was read. It gets no chip; the status line
  // says what could not be read. (The README's offline demo, whose reports exist nowhere,
  // showed "only here" on every bullet. The backend answers "unchecked" for such a bullet since
  // session 17; the count is read too, for an answer cached before.)
  const nothingCompared = comparedCount(answer) <= 0;
  for (const value of list(answer.bullets)) {
    const bullet = value && typeof value === "object" ? value : null;
    const text = typeof bullet?.text === "string" ? bullet.text : null;
    const index = shown.findIndex((drawn, i) => !taken.has(i) && drawn === text);
    if (index < 0) {
      continue;
    }
    taken.add(index);
    matched += 1;
    const li = items[index];
    if (bullet?.status === "unchecked" || (nothingCompared && chipLabel(bullet, t).status === "only_here")) {
      continue;
    }
    if (li && !li.querySelector(".corroboration")) {
      decorateBullet(li, bullet, index, brief, articleLanguage, t);
    }
  }
  if (!matched && shown.length) {
    throw new OtherBullets("the answer is about other bullets"); // a calm "could not check"
  }
  const section = missingSection(answer, articleLanguage, t);
  const summary = root.querySelector(".summary");
  if (section && summary && !root.querySelector(".corroboration-missing")) {
    summary.after(section);
  }
}

/**
 * Ask, and fill in the answer when it comes (if the same Brief is still shown then). On a
 * failure, "Try again" asks again; but an answer about another Brief's bullets, or a Brief key
 * the backend no longer has (`not_found`: it expired), would come back the same however often
 * it is asked: then "Try again" asks for the Brief anew (`briefAgain`, the panel's ↻), whose
 * corroboration follows it under its fresh key.
 */
function ask(root, entry, settings, t, urls, status, briefAgain, fresh = false) {
  root.dataset.corroboration = "loading";
  if (status.textContent !== t("corroboration_checking")) {
    status.textContent = t("corroboration_checking"); // asked again: the reader hears it
  }
  return corroborationFor(entry, settings, urls, fresh).then((result) => {
    if (!status.isConnected) {
      return result; // another Brief (or state) is on screen now
    }
    let otherBullets = false;
    if (result.ok) {
      try {
        fill(root, entry, result.answer, t);
        status.replaceChildren(...statusText(result.answer, t, entry.brief));
        root.dataset.corroboration = "ready";
        return result;
      } catch (error) {
        // An answer that breaks the contract in a way not foreseen: a calm note, as a failure.
        otherBullets = error instanceof OtherBullets;
      }
    }
    const stale = otherBullets || (!result.ok && result.code === "not_found");
    if (result.ok) {
      answers.delete(answerId(entry, settings)); // an answer that could not be shown is not kept
    }
    status.textContent = t("corroboration_failed");
    root.dataset.corroboration = "error";
    // "Try again", outside the live region (its label is not part of what is announced).
    const retry = el("button", { type: "button", className: "link-button corroboration-retry" }, t("retry"));
    retry.addEventListener("click", () => {
      const hadFocus = document.activeElement === retry;
      retry.remove();
      if (hadFocus) {
        status.tabIndex = -1; // the button goes: focus waits on the status, where the answer comes
        status.focus();
      }
      if (stale && typeof briefAgain === "function") {
        briefAgain();
      } else {
        void ask(root, entry, settings, t, urls, status, briefAgain, true);
      }
    });
    status.after(retry);
    return result;
  });
}

/**
 * Ask for the corroboration of the Brief shown in `root` and fill it in when it arrives (if the
 * same Brief is still shown then); a failure offers "Try again", which calls `briefAgain` (ask
 * for the Brief anew) when asking again could not help (see `ask`). Returns the pending promise,
 * for tests.
 */
export function attachCorroboration(root, entry, settings, t, briefAgain = null) {
  const brief = entry?.brief;
  const urls = othersOf(brief);
  const bulletsList = root.querySelector(".summary .bullets");
  if (!brief || !urls.length || !bulletsList || !settings?.backendUrl) {
    return Promise.resolve(null);
  }
  // Inserted with its text: a new live region is not read out, only what changes in it later.
  const status = el(
    "p",
    { className: "hint corroboration-status", role: "status", "aria-live": "polite" },
    t("corroboration_checking"),
  );
  bulletsList.after(status);
  return ask(root, entry, settings, t, urls, status, briefAgain);
}
