/**
 * Functions injected into the reader's page with `scripting.executeScript({func})`.
 *
 * Each one is serialised on its own and runs in the extension's isolated world, so it must be
 * self-contained: no imports, no closures, nothing from this module's scope. Their arguments
 * arrive as JSON (never as code), and they only read the page or add highlights to it.
 */

/** The page's address and a copy of its DOM, trimmed of what the backend does not need. */
export function capturePage() {
  const clone = document.documentElement.cloneNode(true);
  // Scripts (except JSON-LD metadata), styles, embeds, and form fields: not article text, and
  // form fields may hold what the reader typed.
  const drop =
    "script, style, link[rel~='stylesheet'], noscript, template, iframe, object, embed, svg, " +
    "canvas, video, audio, input, textarea, select, button";
  for (const node of clone.querySelectorAll(drop)) {
    const type = (node.getAttribute("type") || "").trim().toLowerCase();
    if (node.localName === "script" && type === "application/ld+json") {
      continue;
    }
    node.remove();
  }
  for (const mark of clone.querySelectorAll("mark[data-parallax-cite]")) {
    mark.replaceWith(...mark.childNodes);
  }
  const doctype = document.doctype ? `<!DOCTYPE ${document.doctype.name}>` : "<!DOCTYPE html>";
  return {
    url: location.href,
    html: `${doctype}\n${clone.outerHTML}`,
    contentType: document.contentType || "",
    // Which document this was (a reload or a new page has another) and its title then: after a
    // single-page site changes its address, waitForNewArticle() compares with them.
    documentStartedAt: performance.timeOrigin,
    title: document.title || "",
  };
}

/**
 * After the tab's address changed: wait until the page shows the new article, then resolve.
 *
 * A single-page news site puts the new address in the bar at once and the new article on the
 * page when its data has come (the browser reports the tab "complete" within milliseconds), so
 * a page read at once is the old article under the new address. `previous` describes the page
 * read last: `{documentStartedAt, title, texts}` (its document, its title, and the old Brief's
 * title and cited sentences). A new document (a real page load) is read at once. In the same
 * document, this waits until what of the old article is on the page now (its texts, its
 * document title) has gone and the page has been still for a moment; at most a few seconds,
 * then the page is read as it is. Resolves to "new_document", "settled" or "timeout".
 */
export async function waitForNewArticle(previous) {
  const QUIET_MS = 400;
  const TIMEOUT_MS = 5000;
  const EVERY_MS = 100;
  if (!previous || previous.documentStartedAt !== performance.timeOrigin) {
    return "new_document";
  }
  const normalise = (text) => String(text ?? "").replace(/\s+/g, " ").trim().toLowerCase();
  const pageText = () => normalise(document.body?.innerText ?? "");
  const oldTitle = normalise(previous.title);
  const text = pageText();
  const oldTexts = (Array.isArray(previous.texts) ? previous.texts : [])
    .map(normalise)
    .filter((t) => t.length >= 12 && text.includes(t));
  const oldTitleShown = () => oldTitle !== "" && normalise(document.title) === oldTitle;
  const watchTitle = oldTitleShown();
  let lastChange = performance.now();
  const observer = new MutationObserver(() => {
    lastChange = performance.now();
  });
  observer.observe(document, { subtree: true, childList: true, characterData: true });
  const started = performance.now();
  try {
    while (performance.now() - started < TIMEOUT_MS) {
      await new Promise((resolve) => setTimeout(resolve, EVERY_MS));
      if (performance.now() - lastChange < QUIET_MS) {
        continue;
      }
      const now = pageText();
      const oldShown = (watchTitle && oldTitleShown()) || oldTexts.some((t) => now.includes(t));
      if (!oldShown) {
        return "settled";
      }
    }
    return "timeout";
  } finally {
    observer.disconnect();
  }
}

/**
 * Find each sentence's text in the page, highlight it (CSS Custom Highlight API, or <mark>
 * elements where that API is missing) and scroll the first one into view.
 * Returns `{found, total}`.
 */
export function highlightSentences(sentences) {
  const NAME = "parallax-cite";
  const BLOCKS =
    "p, div, li, ul, ol, h1, h2, h3, h4, h5, h6, td, th, tr, table, blockquote, section, " +
    "article, header, footer, aside, figure, figcaption, dd, dt, dl, pre, main, nav, form";
  const SKIP = "script, style, noscript, template, textarea, select, option, head, title";
  const QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2039": "'", "\u203a": "'", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2026": ".",
  };
  const DROPPED = /[\u00ad\u200b-\u200d\u2060\ufeff]/;
  const SPACE = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]/;

  // One character of normalised text, "" to drop it, " " for white space.
  const normaliseChar = (ch) => {
    if (DROPPED.test(ch)) {
      return "";
    }
    if (SPACE.test(ch)) {
      return " ";
    }
    const mapped = QUOTES[ch] ?? ch;
    const lower = mapped.toLowerCase();
    return lower.length === 1 ? lower : mapped;
  };
  const normalise = (text) => {
    let out = "";
    for (const ch of String(text)) {
      const n = normaliseChar(ch);
      if (n === " " && (out === "" || out.endsWith(" "))) {
        continue;
      }
      out += n;
    }
    return out.trim();
  };

  // Clear what a previous call left.
  if (globalThis.CSS && CSS.highlights) {
    CSS.highlights.delete(NAME);
  }
  for (const mark of document.querySelectorAll("mark[data-parallax-cite]")) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent?.normalize();
  }
  const wanted = (Array.isArray(sentences) ? sentences : [])
    .map((s) => normalise(s))
    .filter((s) => s.length >= 8);
  if (!document.body || wanted.length === 0) {
    return { found: 0, total: wanted.length };
  }

  // The page's visible text, normalised, with a map from each character back to its text node.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      const parent = node.parentElement;
      return !parent || parent.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    },
  });
  const nodes = [];
  const nodeAt = [];
  const offsetAt = [];
  let hay = "";
  let lastBlock = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const block = node.parentElement.closest(BLOCKS);
    const index = nodes.push(node) - 1;
    if (block !== lastBlock && hay && !hay.endsWith(" ")) {
      // A block boundary reads as a space (mapped to the end of the previous node).
      const previous = nodes[index - 1];
      hay += " ";
      nodeAt.push(index - 1);
      offsetAt.push(previous.nodeValue.length);
    }
    lastBlock = block;
    const text = node.nodeValue;
    for (let i = 0; i < text.length; i += 1) {
      const n = normaliseChar(text[i]);
      if (n === "" || (n === " " && (hay === "" || hay.endsWith(" ")))) {
        continue;
      }
      hay += n;
      nodeAt.push(index);
      offsetAt.push(i);
    }
  }

  const locate = (needle) => {
    const at = hay.indexOf(needle);
    if (at >= 0) {
      return [at, at + needle.length];
    }
    // The page may differ slightly (an inline ad, a footnote marker): match head and tail.
    const head = needle.slice(0, Math.min(60, needle.length));
    const tail = needle.slice(-Math.min(30, needle.length));
    const start = hay.indexOf(head);
    if (start < 0 || head.length < 20) {
      return null;
    }
    const end = hay.indexOf(tail, start + head.length);
    if (end >= 0 && end - start <= needle.length * 1.5) {
      return [start, end + tail.length];
    }
    return [start, start + head.length];
  };

  const ranges = [];
  for (const needle of wanted) {
    const span = locate(needle);
    if (!span) {
      continue;
    }
    const [start, end] = span;
    const range = document.createRange();
    range.setStart(nodes[nodeAt[start]], offsetAt[start]);
    const lastNode = nodes[nodeAt[end - 1]];
    range.setEnd(lastNode, Math.min(offsetAt[end - 1] + 1, lastNode.nodeValue.length));
    ranges.push(range);
  }
  if (ranges.length === 0) {
    return { found: 0, total: wanted.length };
  }

  let first = ranges[0].startContainer.parentElement;
  if (globalThis.CSS && CSS.highlights && typeof Highlight === "function") {
    CSS.highlights.set(NAME, new Highlight(...ranges));
  } else {
    // Fallback: wrap each text node part of each range in a <mark>.
    const marks = [];
    for (const range of ranges) {
      const parts = [];
      const inner = document.createTreeWalker(range.commonAncestorContainer, NodeFilter.SHOW_TEXT);
      let node = range.commonAncestorContainer.nodeType === Node.TEXT_NODE
        ? range.commonAncestorContainer
        : inner.nextNode();
      for (; node; node = inner.nextNode()) {
        if (range.intersectsNode(node)) {
          parts.push(node);
        }
      }
      for (let part of parts) {
        const from = part === range.startContainer ? range.startOffset : 0;
        const to = part === range.endContainer ? range.endOffset : part.nodeValue.length;
        if (to <= from) {
          continue;
        }
        if (from > 0) {
          part = part.splitText(from);
        }
        if (to - from < part.nodeValue.length) {
          part.splitText(to - from);
        }
        const mark = document.createElement("mark");
        mark.dataset.parallaxCite = "";
        part.replaceWith(mark);
        mark.append(part);
        marks.push(mark);
      }
    }
    first = marks[0] ?? first;
  }
  const reduce = globalThis.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
  first?.scrollIntoView({ block: "center", behavior: reduce ? "auto" : "smooth" });
  return { found: ranges.length, total: wanted.length };
}

/** Remove Parallax's highlights from the page. */
export function clearHighlights() {
  if (globalThis.CSS && CSS.highlights) {
    CSS.highlights.delete("parallax-cite");
  }
  for (const mark of document.querySelectorAll("mark[data-parallax-cite]")) {
    const parent = mark.parentNode;
    mark.replaceWith(...mark.childNodes);
    parent?.normalize();
  }
  return true;
}

/**
 * Whether the highlight style has been inserted into this document; with `mark`, records that it
 * has. Kept in the extension's isolated world, whose globals live exactly as long as the
 * document: a reload starts without the style, and without the record.
 */
export function highlightStyleInserted(mark) {
  const KEY = "__parallaxHighlightStyle";
  const inserted = globalThis[KEY] === true;
  if (mark) {
    globalThis[KEY] = true;
  }
  return inserted;
}

/** Styles for the highlights, injected with `scripting.insertCSS` (not subject to page CSP). */
export const HIGHLIGHT_CSS = `
::highlight(parallax-cite) { background-color: #ffd24d; color: #111111; }
mark[data-parallax-cite] {
  background-color: #ffd24d; color: #111111; box-shadow: 0 0 0 2px #ffd24d; border-radius: 2px;
}
`;
