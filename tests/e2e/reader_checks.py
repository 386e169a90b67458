"""Checks of what a reader sees, run inside the panel page: text cut off or overlapping,
reading direction, where a piece of text sits, focus order, and what live regions said.

Each is a JavaScript function (a string) that Playwright's ``page.evaluate`` calls directly and
that Marionette calls as ``return (<function>)(...arguments)``, so Chromium and Firefox run the
same check."""

from __future__ import annotations

# Every line of visible text, as laid out: a line outside the viewport is cut off, and two lines
# of different texts that share pixels overlap. Lines clipped away entirely by an ancestor (a
# clamped snippet's third line) are not shown and not counted.
LAYOUT_PROBLEMS = """() => {
    window.scrollTo(0, 0);  // the sticky top bar covers what scrolls under it, by design
    const width = document.documentElement.clientWidth;
    const problems = [];
    const lines = [];
    const clipOf = (element) => {
        let box = null;
        for (let n = element; n && n !== document.body; n = n.parentElement) {
            const style = getComputedStyle(n);
            if (style.overflowX !== 'visible' || style.overflowY !== 'visible') {
                const r = n.getBoundingClientRect();
                box = box ? {left: Math.max(box.left, r.left), right: Math.min(box.right, r.right),
                             top: Math.max(box.top, r.top), bottom: Math.min(box.bottom, r.bottom)}
                          : {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
            }
        }
        return box;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const parent = node.parentElement;
        if (!node.textContent.trim() || !parent || parent.closest('.visually-hidden, [hidden]')) {
            continue;
        }
        if (parent.getClientRects().length === 0) continue;  // display: none somewhere above
        const clip = clipOf(parent);
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
            let box = {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
            if (clip) {
                box = {left: Math.max(box.left, clip.left), right: Math.min(box.right, clip.right),
                       top: Math.max(box.top, clip.top), bottom: Math.min(box.bottom, clip.bottom)};
            }
            if (box.right - box.left < 1 || box.bottom - box.top < 1) continue;
            const label = node.textContent.trim().slice(0, 30);
            if (r.left < -0.5 || r.right > width + 0.5) {
                problems.push(`cut off: "${label}" ${Math.round(r.left)}..${Math.round(r.right)} of ${width}`);
            }
            lines.push({box, node, label});
        }
    }
    for (let i = 0; i < lines.length; i += 1) {
        for (let j = i + 1; j < lines.length; j += 1) {
            const a = lines[i], b = lines[j];
            if (a.node === b.node) continue;
            const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
            const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
            if (x > 1 && y > 1) problems.push(`overlap: "${a.label}" / "${b.label}"`);
        }
    }
    if (document.documentElement.scrollWidth > width) {
        problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
    }
    return problems;
}"""

# The resolved direction of each element a selector finds: "ltr" or "rtl".
DIRECTIONS = """(selector) => [...document.querySelectorAll(selector)].map(
    (e) => getComputedStyle(e).direction)"""

# The left edge (CSS px) at which `text` is drawn inside the first element matching `selector`
# (it may span several text nodes: the substring is searched in the element's text).
LEFT_OF = """([selector, text]) => {
    const root = document.querySelector(selector);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const at = node.textContent.indexOf(text);
        if (at >= 0) {
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + text.length);
            return Math.min(...[...range.getClientRects()].map((r) => r.left));
        }
    }
    return null;
}"""

# Elements the keyboard should reach, in document order (visible, enabled, not removed from the
# tab order, not inside a closed <details> but for its summary: Chromium gives that content
# client rects although no key reaches it), described as "tag.class: text".
FOCUSABLE = """() => [...document.querySelectorAll('a[href], button, summary, [tabindex]')]
    .filter((e) => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0
        && !e.closest('[hidden]') && !e.closest('details:not([open]) > :not(summary)'))
    .map((e) => `${e.tagName.toLowerCase()}#${e.id}.${e.className}: ${e.textContent.trim().slice(0, 40)}`)"""

# The focused element as FOCUSABLE describes it, and whether its focus ring can be seen.
FOCUSED = """() => {
    const e = document.activeElement;
    const style = getComputedStyle(e);
    const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return {
        name: `${e.tagName.toLowerCase()}#${e.id}.${e.className}: ${e.textContent.trim().slice(0, 40)}`,
        ring,
        body: e === document.body,
    };
}"""

# Record what screen readers would be told from now on: text put into a live region (role
# status / aria-live) and alerts inserted into the page.
RECORD_ANNOUNCEMENTS = """() => {
    window.__announced = [];
    window.__recorder?.disconnect();  // recording again starts afresh
    const live = (n) => n.nodeType === 1 ? n : n.parentElement;
    window.__recorder = new MutationObserver((records) => {
        // One announcement per region per change, however many nodes the change added.
        const alerts = new Set();
        const regions = new Set();
        for (const record of records) {
            for (const added of record.addedNodes) {
                const element = live(added);
                if (!element || !added.isConnected) continue;
                const alert = element.closest('[role=alert]') ?? element.querySelector?.('[role=alert]');
                if (alert && (added === alert || added.contains?.(alert))) {
                    alerts.add(alert);
                    continue;
                }
                // A region inserted with its text is not read out: only changes inside one are.
                const region = element.closest('[aria-live], [role=status]');
                if (region && region !== added && added.textContent.trim()) regions.add(region);
            }
        }
        for (const alert of alerts) window.__announced.push(['alert', alert.textContent.trim()]);
        for (const region of regions) window.__announced.push(['status', region.textContent.trim()]);
    });
    window.__recorder.observe(document.body, {childList: true, subtree: true, characterData: true});
}"""


# The highlight colour a cited sentence gets (#ffd24d, lib/page.js HIGHLIGHT_CSS).
HIGHLIGHT_YELLOW = "rgb(255, 210, 77)"
# Whether Parallax's highlight style is in the page's document (run in the article's page, not
# the panel). The style sheet that colours `::highlight(parallax-cite)` also colours
# `mark[data-parallax-cite]` (the fallback where the Highlight API is missing): a probe <mark>
# shows whether the sheet is there.
HIGHLIGHT_STYLE = """() => {
    const probe = document.createElement('mark');
    probe.dataset.parallaxCite = '';
    document.body.append(probe);
    const colour = getComputedStyle(probe).backgroundColor;
    probe.remove();
    return colour;
}"""

# Words cut across two lines: each word of visible text (letters and their punctuation; an
# address or a number may wrap anywhere, and a hyphenated word at its hyphen) whose letters are
# laid out on more than one line. The panel's body wraps with overflow-wrap: anywhere, so a word
# wider than its line is cut where the line ends ("configuració|n").
BROKEN_WORDS = r"""(selector) => {
    const broken = [];
    for (const root of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            if (!node.parentElement || node.parentElement.closest('.visually-hidden, [hidden]')) {
                continue;
            }
            for (const match of node.textContent.matchAll(/[^\s-]+/g)) {
                if (!/^[\p{L}\p{M}'\u2019().,:;¿?¡!«»"]+$/u.test(match[0])) continue;
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const tops = new Set([...range.getClientRects()]
                    .filter((r) => r.width > 0).map((r) => Math.round(r.top)));
                if (tops.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""

# The lines of each element a selector finds, as laid out, and where its content box ends on the
# right: {lines: [[left, right], ...], end}, a line's text rects merged, visually hidden text left
# out. Every line of a right-to-left block ends at `end`; a right-to-left text laid out in a
# left-to-right line ends its last lines on the left (walk5).
LINE_EDGES = """(selector) => [...document.querySelectorAll(selector)].map((root) => {
    const lines = new Map();
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (!node.textContent.trim() || node.parentElement.closest('.visually-hidden')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) {
            if (r.width < 1) continue;
            const top = Math.round(r.top + r.height / 2);
            const line = [...lines.keys()].find((t) => Math.abs(t - top) < 4) ?? top;
            const [left, right] = lines.get(line) ?? [Infinity, -Infinity];
            lines.set(line, [Math.min(left, r.left), Math.max(right, r.right)]);
        }
    }
    const style = getComputedStyle(root);
    const end = root.getBoundingClientRect().right - parseFloat(style.paddingRight)
        - parseFloat(style.borderRightWidth);
    return {
        lines: [...lines.entries()].sort(([a], [b]) => a - b).map(([, edges]) => edges.map(Math.round)),
        end: Math.round(end),
    };
})"""
