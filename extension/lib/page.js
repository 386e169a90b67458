/**
 * Functions injected into the reader's page with `scripting.executeScript({func})`.
 *
 * Each one is serialised on its own and runs in the extension's isolated world, so it must be
 * self-contained: no imports, no closures, nothing from this module's scope. Their arguments
 * arrive as JSON (never as code), and they only read the page or add highlights to it.
 */

/**
 * The page's address and a copy of its DOM, trimmed of what the backend does not need.
 *
 * `previous` describes the page the tab's last entry was made from, or is null:
 * `{documentStartedAt, url, title, headline}` (its document, its address, its document title and
 * its Brief's title). A single-page site may leave the old article's `<head>` in place when it
 * shows a new one; what of it names the old article is left out of the copy (see below).
 */
export function capturePage(previous = null) {
  // A fragment's route, or "" for an anchor: lib/state.js's rule (pageKey), which the worker
  // applies and this copies (an injected function cannot import). A fragment that starts with
  // "/" or "!" is a route; one that reads as a path ("story/123") is too, unless it names an
  // element of this page (an anchor whose id holds a "/"), other than the view that holds the
  // page's headline (its first <h1> that is not the logo) or main region (see
  // fragmentNamesElement). "#!/x", "#/x" and "#x/" are one
  // route.
  const PATH_LIKE_FRAGMENT = /^[A-Za-z0-9_.~%-]+\/\S*$/;
  // As fragmentNamesElement: the fragment as written first, then decoded, as the browser does
  // (each well-formed escape a byte, anything else as written, the bytes read as UTF-8).
  const namesElement = (fragment) => {
    // As fragmentNamesElement: the page's headline is its first <h1> that is not the logo.
    const ROOT_FRAGMENTS = ["", "#", "#/", "#!", "#!/"];
    const leadsHome = (link) => {
      const href = (link.getAttribute("href") ?? "").trim();
      if (ROOT_FRAGMENTS.includes(href)) {
        return true;
      }
      let url;
      try {
        url = new URL(href, document.baseURI);
      } catch {
        return false;
      }
      return (
        /^\/(?:[A-Za-z]{2}(?:[-_][A-Za-z]{2})?\/?)?(?:index\.[a-z]+)?$/.test(url.pathname) &&
        url.search === "" &&
        ROOT_FRAGMENTS.includes(url.hash)
      );
    };
    const isLogo = (h1) => {
      if (h1.closest("article, main, [role=main]") !== null) {
        return false;
      }
      const link = h1.closest("a[href]") ?? h1.querySelector("a[href]");
      if (link !== null) {
        return leadsHome(link);
      }
      return h1.closest("header, [role=banner], a") !== null || h1.querySelector("a") !== null;
    };
    const headings = [...document.querySelectorAll("h1")].slice(0, 20);
    const headline = headings.find((h1) => !isLogo(h1)) ?? headings[0] ?? null;
    const isAnchor = (node) =>
      node !== null &&
      !node.contains(headline) &&
      !node.matches("main, [role=main]") &&
      node.querySelector("main, [role=main]") === null;
    const names = (id) =>
      isAnchor(document.getElementById(id)) ||
      [...document.getElementsByName(id)].some((node) => node.localName === "a" && isAnchor(node));
    if (names(fragment)) {
      return true;
    }
    const encoder = new TextEncoder();
    const bytes = [];
    for (let i = 0; i < fragment.length; ) {
      if (fragment[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(fragment.slice(i + 1, i + 3))) {
        bytes.push(Number.parseInt(fragment.slice(i + 1, i + 3), 16));
        i += 3;
      } else {
        const character = String.fromCodePoint(fragment.codePointAt(i));
        bytes.push(...encoder.encode(character));
        i += character.length;
      }
    }
    const decoded = new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(bytes));
    return decoded !== fragment && names(decoded);
  };
  const routeOf = (fragment) => {
    let route = "";
    if (/^[/!]/.test(fragment)) {
      route = fragment.replace(/^!?\/*/, "");
    } else if (PATH_LIKE_FRAGMENT.test(fragment) && !namesElement(fragment)) {
      route = fragment;
    }
    let end = route.length; // trailing slashes off, by a loop (see withoutTrailingSlashes)
    while (end > 0 && route[end - 1] === "/") {
      end -= 1;
    }
    return route.slice(0, end);
  };
  // The address as Parallax names the page: an anchor that reads as a path is left out, so that
  // the worker and the backend (which cannot look into the page) do not take it for a route.
  const fragment = location.hash.slice(1);
  const address = !/^[/!]/.test(fragment) && PATH_LIKE_FRAGMENT.test(fragment) && !routeOf(fragment)
    ? location.href.slice(0, location.href.indexOf("#"))
    : location.href;

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
  forgetStaleHead(clone, previous);
  const doctype = document.doctype ? `<!DOCTYPE ${document.doctype.name}>` : "<!DOCTYPE html>";
  return {
    url: address,
    html: `${doctype}\n${clone.outerHTML}`,
    contentType: document.contentType || "",
    // Which document this was (a reload or a new page has another) and its title then: after a
    // single-page site changes its address, waitForNewArticle() compares with them.
    documentStartedAt: performance.timeOrigin,
    title: document.title || "",
  };

  /**
   * A single-page news site changes the address with history.pushState and swaps the article in
   * the body; some leave the old document's head as it was: og:title, og:url, the canonical
   * link, JSON-LD NewsArticle (headline, datePublished, url). The backend prefers those to the
   * body's <h1>, so the new article was briefed under the old headline, date and address.
   *
   * Only when this document now shows another address than it was loaded at (or than the page
   * the tab was analysed at before, in this document; a hash-routed site's route counts, an
   * anchor does not): each group of declarations (og:*,
   * twitter:*, the canonical link, each JSON-LD page node) is stale when its own address names
   * another page than the one in the bar, or, without an address, when its headline is the
   * previous page's title. A headline the page shows as its <h1> is never stale. Page-level
   * meta tags without an address of their own (description, author, dates) follow the head: they
   * go when some group is stale and none names this page. Whose site it is (og:site_name,
   * publisher) stays, and so does og:type, which the page-type judgement weighs against the
   * layout (templates write it on every page), unless neither the address nor a headline of the
   * page shown vouches for an article. A stale JSON-LD node loses its @type: an article
   * node is proof of an article to the backend, so a section front shown after an article was
   * briefed as one (wcxb-dev fronts under an article's emptied head: 64 of 120 with the node's
   * @type, 29 without it, 9 with no kind declared at all; articles under their own emptied head:
   * 300 of 300 read as articles with it, 295 without it, 281 without og:type too). Dropping
   * og:type only where neither vouches (session 13, bench/replay_spa_head.py): fronts 29 -> 20,
   * articles the same 296 of 300. A real page load is never touched.
   */
  function forgetStaleHead(root, before) {
    // Bounds on what a page's JSON-LD may cost here (the backend reads at most 500 items).
    const MAX_JSONLD_BLOCKS = 100;
    const MAX_JSONLD_CHARS = 2_000_000;
    const MAX_JSONLD_STEPS = 2000;
    const PAGE_TYPES = new Set([
      "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
      "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
      "askpublicnewsarticle", "satiricalarticle", "blogposting", "liveblogposting", "report",
      "techarticle", "scholarlyarticle", "socialmediaposting", "advertisercontentarticle",
      "webpage", "itempage", "collectionpage", "searchresultspage", "aboutpage", "profilepage",
      "qapage", "faqpage", "medicalwebpage", "videogallery", "imagegallery",
    ]);
    // What a stale JSON-LD page node keeps: the site and the nodes nested in it.
    const NODE_KEEPS = new Set([
      "@context", "@graph", "mainEntity", "publisher", "isPartOf", "inLanguage",
      "sourceOrganization", "copyrightHolder",
    ]);
    // og:* and twitter:* names that describe the site or the kind of page, not the article.
    const SITE_TAGS = new Set([
      "og:type", "og:site_name", "og:locale", "og:locale:alternate", "twitter:card",
      "twitter:site", "twitter:site:id",
    ]);
    // Page-level meta names with no address of their own (the backend reads these).
    const PAGE_TAGS = new Set([
      "description", "author", "keywords", "news_keywords", "title", "datepublished",
      "datemodified", "headline", "article.published", "published_time", "publishdate",
      "publish-date", "publish_date", "pubdate", "date", "parsely-title", "parsely-link",
      "parsely-pub-date", "parsely-author", "sailthru.title", "sailthru.date", "sailthru.author",
      "dc.title", "dc.date", "dc.date.issued", "dc.creator", "dcterms.title", "dcterms.issued",
      "dcterms.date", "dcterms.created", "citation_publication_date",
    ]);

    // An http(s) address reduced to the page it names (host without www./m., path without a
    // trailing slash, a hash-routed site's route; scheme, query and an anchor ignored), or null:
    // javascript:, data:, a bare fragment and anything unparseable name no page. Which fragment
    // is a route ("#/story/123", "#!/politics/abc", "#story/123"): routeOf above, as pageKey() in
    // lib/state.js decides for the worker.
    const pageOf = (value) => {
      if (typeof value !== "string") {
        return null;
      }
      const raw = value.trim();
      if (raw === "" || raw.startsWith("#") || raw.length > 4000) {
        return null;
      }
      let url;
      try {
        url = new URL(raw, location.href);
      } catch {
        return null;
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        return null;
      }
      const host = url.host.toLowerCase().replace(/^(?:www|m|mobile|amp)\./, "");
      const route = routeOf(url.hash.slice(1));
      return `${host}${url.pathname.replace(/\/+$/, "")}${route ? `#/${route}` : ""}`;
    };
    const here = pageOf(location.href);
    const loadedAt = pageOf(performance.getEntriesByType?.("navigation")?.[0]?.name);
    const sameDocument = before !== null && typeof before === "object" &&
      before.documentStartedAt === performance.timeOrigin;
    const seenBefore = sameDocument ? pageOf(before.url) : null;
    const movedFromLoad = loadedAt !== null && loadedAt !== here;
    const movedFromBefore = seenBefore !== null && seenBefore !== here;
    if (here === null || (!movedFromLoad && !movedFromBefore)) {
      return;
    }

    const normalise = (text) =>
      String(text ?? "").replace(/\s+/g, " ").trim().toLowerCase().slice(0, 1000);
    // "Headline" and "Headline | Site" name the same article.
    const sameTitle = (a, b) => {
      const [short, long] = [normalise(a), normalise(b)].sort((x, y) => x.length - y.length);
      if (short.length < 8) {
        return false;
      }
      return short === long || (long.startsWith(short) &&
        /^\s*[|\-\u2013\u2014\u00b7:]/.test(long.slice(short.length)));
    };
    const oldTitles = movedFromBefore
      ? [before.title, before.headline].filter((t) => typeof t === "string" && t.trim())
      : [];
    const headings = [...document.querySelectorAll("h1")]
      .slice(0, 20)
      .map((h1) => normalise(h1.textContent))
      .filter(Boolean);
    const shownAsHeading = (headline) =>
      typeof headline === "string" && headings.includes(normalise(headline));
    // A group: its verdict, the page its address names (or null), its headline, and how to
    // leave it out of the copy.
    const group = (addresses, headline, forget) => {
      const page = addresses.map(pageOf).find((p) => p !== null) ?? null;
      let verdict = "unknown";
      if (shownAsHeading(headline)) {
        verdict = "fresh";
      } else if (page !== null) {
        verdict = page === here ? "fresh" : "stale";
      } else if (typeof headline === "string" && oldTitles.some((t) => sameTitle(t, headline))) {
        verdict = "stale";
      }
      return { verdict, page, headline, forget };
    };

    // An address that names an article: a path segment of four words or more ("/2024/05/
    // storm-floods-the-town"), a long number (an article id), a year and month, or an article
    // parameter (?p=123); a hash-routed site's route counts as path. Section fronts have short
    // names ("/news", "/category/science", "/c/furniture/-/N-5xtnr").
    const addressNamesAnArticle = (href) => {
      let url;
      try {
        url = new URL(href);
      } catch {
        return false;
      }
      const route = routeOf(url.hash.slice(1));
      const segments = `${url.pathname}/${route}`.split("/").filter(Boolean).map((segment) => {
        try {
          return decodeURIComponent(segment);
        } catch {
          return segment;
        }
      });
      for (const segment of segments) {
        const stem = segment.replace(/\.[a-z0-9]{2,5}$/i, "");
        if (stem.split(/[-_+]+/).filter(Boolean).length >= 4 || /\d{5,}/.test(stem)) {
          return true;
        }
      }
      if (/\/(?:19|20)\d\d\/(?:0?[1-9]|1[0-2])(?:\/|$)/.test(`/${segments.join("/")}`)) {
        return true;
      }
      return /[?&](?:p|id|article|story|storyid|articleid)=\w/i.test(url.search);
    };
    // A headline of its own, as the backend's page-type judgement reads it: an <h1> of three
    // words or more (a Chinese or Japanese character is a word), not in a link, holding none.
    const showsOwnHeadline = () =>
      [...document.querySelectorAll("h1")].slice(0, 20).some((h1) => {
        const text = h1.textContent || "";
        const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
        const words = (text.match(cjk) ?? []).length +
          text.replace(cjk, " ").split(/\s+/).filter(Boolean).length;
        return words >= 3 && !h1.closest("a") && !h1.querySelector("a");
      });

    const head = root.querySelector("head");
    const metas = head ? [...head.querySelectorAll("meta[content]")] : [];
    const keyOf = (meta) =>
      (meta.getAttribute("property") || meta.getAttribute("name") ||
        meta.getAttribute("itemprop") || "").trim().toLowerCase();
    const contentOf = (key) =>
      metas.find((meta) => keyOf(meta) === key)?.getAttribute("content") ?? null;
    const groups = [];
    for (const prefix of ["og:", "twitter:"]) {
      const tags = metas.filter((meta) => {
        const key = keyOf(meta);
        return (key.startsWith(prefix) || (prefix === "og:" && key.startsWith("article:"))) &&
          !SITE_TAGS.has(key);
      });
      if (tags.length) {
        const name = prefix.slice(0, -1);
        groups.push(
          group([contentOf(`${name}:url`)], contentOf(`${name}:title`), () =>
            tags.forEach((tag) => tag.remove()),
          ),
        );
      }
    }
    const canonical = head ? [...head.querySelectorAll("link[rel~='canonical' i]")] : [];
    if (canonical.length) {
      groups.push(
        group(canonical.map((link) => link.getAttribute("href")), null, () =>
          canonical.forEach((link) => link.remove()),
        ),
      );
    }

    // JSON-LD, read as the backend reads it (a comment or CDATA wrapper, a trailing comma).
    const parse = (text) => {
      try {
        return JSON.parse(text);
      } catch {
        const repaired = text
          .replace(/^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$/g, "")
          .replace(/,\s*([}\]])/g, "$1");
        try {
          return JSON.parse(repaired);
        } catch {
          return undefined;
        }
      }
    };
    const typesOf = (node) =>
      (Array.isArray(node["@type"]) ? node["@type"] : [node["@type"]])
        .filter((t) => typeof t === "string")
        .map((t) => t.split("/").pop().split(":").pop().toLowerCase());
    const addressOf = (value) => {
      const first = Array.isArray(value) ? value[0] : value;
      return first !== null && typeof first === "object" ? first["@id"] ?? first.url : first;
    };
    const firstText = (value) =>
      (Array.isArray(value) ? value : [value]).find((v) => typeof v === "string" && v.trim());
    const rewritten = new Map(); // script element → its data, once a node in it was hollowed
    let charsLeft = MAX_JSONLD_CHARS;
    let stepsLeft = MAX_JSONLD_STEPS;
    const scripts = [...root.querySelectorAll("script")].filter(
      (s) => (s.getAttribute("type") || "").trim().toLowerCase() === "application/ld+json",
    );
    for (const script of scripts.slice(0, MAX_JSONLD_BLOCKS)) {
      const text = script.textContent || "";
      charsLeft -= text.length;
      const data = charsLeft >= 0 ? parse(text) : undefined;
      if (data === undefined) {
        continue;
      }
      // The nodes the page describes itself with: top-level objects, @graph members and their
      // mainEntity (as the backend's top_level_nodes).
      const pending = [data];
      while (pending.length && stepsLeft > 0) {
        stepsLeft -= 1;
        const item = pending.shift();
        if (Array.isArray(item)) {
          pending.unshift(...item.slice(0, stepsLeft));
          continue;
        }
        if (item === null || typeof item !== "object") {
          continue;
        }
        if (Array.isArray(item["@graph"])) {
          pending.unshift(...item["@graph"].slice(0, stepsLeft));
        }
        if (item.mainEntity !== null && typeof item.mainEntity === "object") {
          pending.push(item.mainEntity);
        }
        if (!typesOf(item).some((t) => PAGE_TYPES.has(t))) {
          continue;
        }
        const headline = firstText(item.headline) ?? firstText(item.name) ?? null;
        const addresses = [item.url, item.mainEntityOfPage, item["@id"]].map(addressOf);
        groups.push(
          group(addresses, headline, () => {
            for (const key of Object.keys(item)) {
              if (!NODE_KEEPS.has(key)) {
                delete item[key];
              }
            }
            rewritten.set(script, data);
          }),
        );
      }
    }

    // An address a fresh group names is a name of this page too (a site that rewrote the address
    // after loading, its head naming the page as it was loaded and showing its headline).
    const freshPages = new Set(
      groups.filter((g) => g.verdict === "fresh" && g.page !== null).map((g) => g.page),
    );
    for (const g of groups) {
      if (g.verdict === "stale" && g.page !== null && freshPages.has(g.page)) {
        g.verdict = "fresh";
      }
    }
    const headStale = groups.some((g) => g.verdict === "stale") &&
      !groups.some((g) => g.verdict === "fresh");
    const staleHeadlines = [...oldTitles];
    for (const g of groups) {
      if (g.verdict === "stale" || (g.verdict === "unknown" && headStale)) {
        if (g.headline) {
          staleHeadlines.push(g.headline);
        }
        g.forget();
      }
    }
    for (const [script, data] of rewritten) {
      // "<" escaped: a headline holding "</script>" must not end the element in the copy.
      script.textContent = JSON.stringify(data).replace(/</g, "\\u003c");
    }
    if (headStale) {
      // og:type too, when nothing on the page shown vouches for an article: its address names
      // none and it shows no headline of its own. A template writes og:type on every page, so
      // the old article's stays under a section front and tips the page-type judgement to
      // "article"; a real article almost always has an article's address or its own <h1>.
      const dropKind = !addressNamesAnArticle(location.href) && !showsOwnHeadline();
      for (const meta of metas) {
        const key = keyOf(meta);
        if (PAGE_TAGS.has(key) || (dropKind && key === "og:type")) {
          meta.remove();
        }
      }
    }
    // The document title, when the site left the old article's in place too.
    const title = head?.querySelector("title");
    if (title && staleHeadlines.some((t) => sameTitle(t, title.textContent))) {
      title.remove();
    }
  }
}

/**
 * Whether `fragment` (an address's part after "#", as written) names an element of the page: an
 * element with that id, or an `<a name>`, as the browser's jump to an anchor finds it, that is a
 * part of the page and not the view holding its headline or main region. The worker asks this of
 * a fragment that reads as a path ("notes/1"), which is a route unless it does (lib/state.js
 * pageKey).
 */
export function fragmentNamesElement(fragment) {
  if (typeof fragment !== "string" || fragment === "") {
    return false;
  }
  // An element that holds the page's headline or its main region is the view a route shows,
  // not a place in the page: a router may give the view it draws the route as its id
  // ("#story/2" drawn into <div id="story/2">), and a jump to an anchor goes to a part of the
  // page (a footnote, a comment, a section), never to the whole story. Without this, such a
  // route was an anchor and the panel kept the story before's Brief.
  // The headline is the first <h1> that is not the site's logo. Many sites set their name as
  // the page's first <h1>, in the banner or as a link home; a view holding the story's <h1> but
  // not the logo's was then an anchor. A logo is an <h1> outside any article and main region
  // that is in or holding a link to the site's front page ("/", "/en/", "#/"), or unlinked in a
  // <header> (or role=banner). An <h1> linked anywhere else is a headline wherever it is: many
  // sites link the story's headline to its permalink ("/2026/12/budget", "?p=123", "#story/1"),
  // inside the view or its own <header>, and taken for a logo it handed "the headline" to a
  // later <h1> (an aside's "Most read") outside the view, whose route was then an anchor. A
  // headline inside an article may be a link too. Not the last <h1> (a comment's or an aside's
  // can come after the story's) nor the largest (a view not laid out yet has no size); with
  // nothing but logos, the first <h1>, as before.
  const ROOT_FRAGMENTS = ["", "#", "#/", "#!", "#!/"];
  const leadsHome = (link) => {
    const href = (link.getAttribute("href") ?? "").trim();
    if (ROOT_FRAGMENTS.includes(href)) {
      return true;
    }
    let url;
    try {
      url = new URL(href, document.baseURI);
    } catch {
      return false;
    }
    // The root, a language's root ("/en/", "/pt-br/") or its index page; no query ("?p=1" is
    // a post on the front page's path) and no route but the root's.
    return (
      /^\/(?:[A-Za-z]{2}(?:[-_][A-Za-z]{2})?\/?)?(?:index\.[a-z]+)?$/.test(url.pathname) &&
      url.search === "" &&
      ROOT_FRAGMENTS.includes(url.hash)
    );
  };
  const isLogo = (h1) => {
    if (h1.closest("article, main, [role=main]") !== null) {
      return false;
    }
    const link = h1.closest("a[href]") ?? h1.querySelector("a[href]");
    if (link !== null) {
      return leadsHome(link);
    }
    return h1.closest("header, [role=banner], a") !== null || h1.querySelector("a") !== null;
  };
  const headings = [...document.querySelectorAll("h1")].slice(0, 20);
  const headline = headings.find((h1) => !isLogo(h1)) ?? headings[0] ?? null;
  const isAnchor = (node) =>
    node !== null &&
    !node.contains(headline) &&
    !node.matches("main, [role=main]") &&
    node.querySelector("main, [role=main]") === null;
  // The fragment as written first, then percent-decoded: the HTML standard's "indicated part of
  // the document" looks up both in that order, so `#a/b%20c` jumps to `id="a/b%20c"` (before,
  // only "a/b c" was looked up, and such an anchor was taken for a route).
  const names = (id) =>
    isAnchor(document.getElementById(id)) ||
    [...document.getElementsByName(id)].some((node) => node.localName === "a" && isAnchor(node));
  if (names(fragment)) {
    return true;
  }
  // Percent-decoded as the standard does it (URL "percent-decode", then "UTF-8 decode without
  // BOM"): each well-formed escape is a byte, anything else stays as written, and bytes that
  // are no UTF-8 become U+FFFD. decodeURIComponent throws on the first malformed escape, so
  // `#a%20b%ZZ/1`, which jumps to `id="a b%ZZ/1"`, was taken for a route.
  const encoder = new TextEncoder();
  const bytes = [];
  for (let i = 0; i < fragment.length; ) {
    if (fragment[i] === "%" && /^[0-9A-Fa-f]{2}$/.test(fragment.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(fragment.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const character = String.fromCodePoint(fragment.codePointAt(i));
      bytes.push(...encoder.encode(character));
      i += character.length;
    }
  }
  const decoded = new TextDecoder("utf-8", { ignoreBOM: true }).decode(new Uint8Array(bytes));
  return decoded !== fragment && names(decoded);
}

/**
 * The address the document shows now. Firefox reports a `history.pushState` or fragment
 * navigation to `tabs.onUpdated` without the address (no `tabs` permission) but keeps the
 * `activeTab` grant for the document, so the worker asks the page itself.
 */
export function pageAddress() {
  return location.href;
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
