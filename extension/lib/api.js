/**
 * The backend client: POST /v1/briefs, GET /v1/briefs/progress/{id} and GET /v1/health.
 *
 * Every outcome is a plain object, never a thrown error: `{ok: true, brief}` or
 * `{ok: false, error: {code, status?}}`. Codes are the backend's stable problem codes, plus
 * the client's own: backend_unreachable (no answer / CORS refused), backend_timeout,
 * bad_response (an answer that is not a Brief or a problem), cancelled (the reader stopped it),
 * page_not_read (a hash route whose HTML the tab did not give: no fetch can read a route).
 * The worker adds brief_too_large: a Brief too large to keep in storage.session (lib/state.js
 * MAX_RECORD_BYTES).
 * A problem may carry a `reason` (e.g. not_an_article's page type), passed on when well-formed.
 * An error answer that is not a problem gets its code from its HTTP status (`answerCode`).
 */

import { pageKey } from "./state.js";

export const MAX_HTML_BYTES = 5_000_000; // BriefRequest.html limit on the backend
export const BRIEF_TIMEOUT_MS = 45_000;
export const HEALTH_TIMEOUT_MS = 5_000;
export const PROGRESS_TIMEOUT_MS = 2_000;
/** The backend's step is asked for after this long (when the panel starts saying "still working")… */
export const PROGRESS_POLL_AFTER_MS = 3_000;
/** …and then about once a second. */
export const PROGRESS_POLL_EVERY_MS = 1_000;
/** Steps the backend reports for a Brief being made (parallax.domain.progress.BriefStep). */
export const BACKEND_STEPS = ["fetching", "reading", "summarising", "finding_coverage", "done"];
export const REQUEST_ID_HEADER = "x-parallax-request-id";
const REQUEST_ID_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

const CODE_PATTERN = /^[a-z][a-z0-9_]{0,47}$/;

async function call(url, init, timeoutMs, cancelSignal = null) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const cancel = () => controller.abort();
  cancelSignal?.addEventListener("abort", cancel, { once: true });
  try {
    const response = await fetch(url, {
      ...init,
      signal: controller.signal,
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    });
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return { response, body };
  } catch {
    if (cancelSignal?.aborted) {
      return { failed: "cancelled" };
    }
    return { failed: controller.signal.aborted ? "backend_timeout" : "backend_unreachable" };
  } finally {
    clearTimeout(timer);
    cancelSignal?.removeEventListener("abort", cancel);
  }
}

function problemCode(body) {
  const code = body && typeof body === "object" ? body.code : null;
  return typeof code === "string" && CODE_PATTERN.test(code) ? code : null;
}

/**
 * The code of an answer that is not a Brief: the problem's own code, or — for an error answer
 * that is not problem+json — one read from its status. API Gateway answers throttling and a
 * failed or timed-out function itself (`{"message": "Too Many Requests"}` 429, `{"message":
 * "Service Unavailable"}` 503, 500/502/504 likewise), and a proxy in front of the backend sends
 * its own 502 page: those said "bad_response" (the URL may point at another service, or the
 * versions do not match), which was not true and hid the retry that helps. A 2xx or 4xx that is
 * not a problem stays bad_response: that is an answer from something that is not the backend.
 */
export function answerCode(status, body) {
  const code = problemCode(body);
  if (code) {
    return code;
  }
  if (status === 429) {
    return "rate_limited";
  }
  if (status === 502 || status === 503 || status === 504) {
    return "upstream_timeout"; // the gateway gave up on the function: "try again" is the advice
  }
  if (status >= 500 && status <= 599) {
    return "internal";
  }
  return "bad_response";
}

/** A problem's machine-readable reason (`reason`, or `page_type`), when well-formed. */
function problemReason(body) {
  if (!body || typeof body !== "object") {
    return null;
  }
  const reason = typeof body.reason === "string" ? body.reason : body.page_type;
  return typeof reason === "string" && CODE_PATTERN.test(reason) ? reason : null;
}

const isObject = (value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);

/**
 * Just enough shape to render; the panel treats every field as untrusted anyway. A summary, when
 * there is one, is an object whose bullets (when named) are a list: anything else is not a Brief.
 */
export function looksLikeBrief(body) {
  const summary = isObject(body) ? body.summary : null;
  return Boolean(
    isObject(body) &&
      isObject(body.article) &&
      Array.isArray(body.article.sentences) &&
      isObject(body.related) &&
      Array.isArray(body.related.items) &&
      (summary === undefined ||
        summary === null ||
        (isObject(summary) && (summary.bullets === undefined || Array.isArray(summary.bullets)))),
  );
}

/** Whether `text` fits the backend's HTML limit in UTF-8 (short strings are not encoded). */
export function fitsHtmlLimit(text) {
  if (text.length * 3 <= MAX_HTML_BYTES) {
    return true;
  }
  return text.length <= MAX_HTML_BYTES && new TextEncoder().encode(text).length <= MAX_HTML_BYTES;
}

/**
 * Ask the backend for a Brief. `html` is sent when it fits the backend's limit; otherwise the
 * backend fetches the URL itself — unless the address is a hash route (`#/story/1`): a fetch
 * never carries the fragment and gets the app's shell, and the backend refuses such a request
 * (invalid_request), so the reader is told at once without asking: `too_large` for a page over
 * the limit, `page_not_read` for one whose HTML the tab did not give (the panel said "the
 * extension and backend versions probably do not match" for the backend's refusal, which was
 * not true; reloading the page and clicking again is what helps).
 */
export async function requestBrief({
  backendUrl,
  url,
  html,
  language,
  maxRelated,
  includeOtherLanguages = true,
  timeoutMs,
  signal = null,
  requestId = null,
}) {
  const body = {
    url,
    language,
    include: { summary: true, related: true, other_languages: includeOtherLanguages !== false },
    max_related: maxRelated,
  };
  if (typeof html === "string" && html && fitsHtmlLimit(html)) {
    body.html = html;
  } else if (pageKey(url).includes("#")) {
    const code = typeof html === "string" && html ? "too_large" : "page_not_read";
    return { ok: false, error: { code } };
  }
  const headers = {
    "content-type": "application/json",
    accept: "application/json, application/problem+json",
  };
  // Named, so that progressOf() can ask which step the backend is at (a backend that does not
  // know the header ignores it; a malformed id would be refused, so none is sent).
  if (typeof requestId === "string" && REQUEST_ID_PATTERN.test(requestId)) {
    headers[REQUEST_ID_HEADER] = requestId;
  }
  const result = await call(
    `${backendUrl}/v1/briefs`,
    {
      method: "POST",
      headers,
      body: JSON.stringify(body),
    },
    timeoutMs ?? BRIEF_TIMEOUT_MS,
    signal,
  );
  if (result.failed) {
    return { ok: false, error: { code: result.failed } };
  }
  const { response, body: answer } = result;
  if (response.ok) {
    return looksLikeBrief(answer)
      ? { ok: true, brief: answer, sentHtml: "html" in body }
      : { ok: false, error: { code: "bad_response", status: response.status } };
  }
  const error = { code: answerCode(response.status, answer), status: response.status };
  const reason = problemReason(answer);
  if (reason) {
    error.reason = reason;
  }
  return { ok: false, error };
}

/**
 * GET /v1/briefs/progress/{requestId}: `{ok: true, step}` with one of BACKEND_STEPS, or
 * `{ok: false, error: {code, status?}}` — `not_found` when the backend does not know the id
 * (in AWS Lambda always: another invocation makes the Brief), and the caller stops asking.
 */
export async function progressOf(backendUrl, requestId, signal = null) {
  if (typeof requestId !== "string" || !REQUEST_ID_PATTERN.test(requestId)) {
    return { ok: false, error: { code: "invalid_request" } };
  }
  const result = await call(
    `${backendUrl}/v1/briefs/progress/${requestId}`,
    { method: "GET", headers: { accept: "application/json, application/problem+json" } },
    PROGRESS_TIMEOUT_MS,
    signal,
  );
  if (result.failed) {
    return { ok: false, error: { code: result.failed } };
  }
  const { response, body } = result;
  if (response.ok && body && BACKEND_STEPS.includes(body.step)) {
    return { ok: true, step: body.step };
  }
  return {
    ok: false,
    error: { code: answerCode(response.status, body), status: response.status },
  };
}

/** GET /v1/health: `{ok: true, version}` or `{ok: false, error: {code}}`. */
export async function checkHealth(backendUrl) {
  const result = await call(`${backendUrl}/v1/health`, { method: "GET" }, HEALTH_TIMEOUT_MS);
  if (result.failed) {
    return { ok: false, error: { code: result.failed } };
  }
  const { response, body } = result;
  if (response.ok && body && body.status === "ok") {
    return { ok: true, version: String(body.version ?? "") };
  }
  return {
    ok: false,
    error: { code: answerCode(response.status, body), status: response.status },
  };
}
