"""Replay: pages of a single-page news site read under the head it left from the article before.

A single-page site that swaps the body and keeps the old article's ``<head>`` has that head
emptied by the extension (``capturePage`` in extension/lib/page.js: og:*/twitter:* but the site
tags, the canonical link, JSON-LD page nodes down to publisher and nested nodes, page-level
description/author/date tags). What stays can still say "article": ``og:type``. This replays,
on real pages, what the backend's page-type judgement (``read_page(...).judgement``) makes of:

  fronts    each listing/collection page of ``pagetype/wcxb-dev`` (120: section fronts, home
            pages, teaser lists) under the emptied head of an article of
            ``extraction/wcxb-articles-dev`` (the i-th front under the head of the i-th article
            that declares ``og:type`` article), with the front's own ``<title>`` (the site sets
            the document title), at the front's address;
  articles  each of the 300 ``wcxb-articles-dev`` pages under its own emptied head (another
            article of the same site would leave a head of the same template), its ``<title>``
            kept, at its address.

Variants: which head declarations stay (``--variants``): ``@type`` (the stale JSON-LD node keeps
its kind, as before session 12), ``og`` (``og:type`` stays: the extension now), ``none``
(``og:type`` dropped too), ``address`` (``og:type`` dropped when the address does not look like an
article's: ``address_names_an_article``), ``rule`` (dropped when, moreover, the page shows no
headline of its own: ``shows_own_headline``; the rule the extension applies).

The emptying is a Python mirror of capturePage's for a head whose every group is stale (their
addresses name another page); it reads the JSON-LD as the backend does. A benchmark, not a test:
it prints counts (and, with ``--json``, which pages changed); nothing is asserted.

Example:
    uv run python bench/replay_spa_head.py --data /work/shared/data
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, machine

sys.path.insert(0, str(REPO / "functions"))

# As capturePage's forgetStaleHead (extension/lib/page.js).
PAGE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle", "askpublicnewsarticle",
    "satiricalarticle", "blogposting", "liveblogposting", "report", "techarticle",
    "scholarlyarticle", "socialmediaposting", "advertisercontentarticle", "webpage", "itempage",
    "collectionpage", "searchresultspage", "aboutpage", "profilepage", "qapage", "faqpage",
    "medicalwebpage", "videogallery", "imagegallery",
}  # fmt: skip
NODE_KEEPS = {
    "@context", "@graph", "mainEntity", "publisher", "isPartOf", "inLanguage",
    "sourceOrganization", "copyrightHolder",
}  # fmt: skip
SITE_TAGS = {
    "og:type", "og:site_name", "og:locale", "og:locale:alternate", "twitter:card",
    "twitter:site", "twitter:site:id",
}  # fmt: skip
PAGE_TAGS = {
    "description", "author", "keywords", "news_keywords", "title", "datepublished",
    "datemodified", "headline", "article.published", "published_time", "publishdate",
    "publish-date", "publish_date", "pubdate", "date", "parsely-title", "parsely-link",
    "parsely-pub-date", "parsely-author", "sailthru.title", "sailthru.date", "sailthru.author",
    "dc.title", "dc.date", "dc.date.issued", "dc.creator", "dcterms.title", "dcterms.issued",
    "dcterms.date", "dcterms.created", "citation_publication_date",
}  # fmt: skip

VARIANTS = ("@type", "og", "none", "address", "rule")


# As capturePage's PATH_LIKE_FRAGMENT: a fragment that reads as a path is a route (unless it
# names an element of the page, which a replay without the live page cannot ask: none does).
PATH_LIKE_FRAGMENT = re.compile(r"^[A-Za-z0-9_.~%-]+/\S*$")


def route_of(fragment: str) -> str:
    """Python mirror of capturePage's ``routeOf``, for a page with no element of that id."""
    if fragment[:1] in ("/", "!"):
        return fragment.removeprefix("!").lstrip("/").rstrip("/")
    return fragment.rstrip("/") if PATH_LIKE_FRAGMENT.match(fragment) else ""


# As capturePage's ``addressNamesAnArticle``, pattern by pattern (JavaScript source, flags):
# tests/unit/test_replay_spa_head_mirror.py checks these against page.js.
ARTICLE_ADDRESS_PATTERNS = {
    "file extension": (r"\.[a-z0-9]{2,5}$", "i"),
    "word separators": (r"[-_+]+", ""),
    "long number": (r"\d{5,}", ""),
    "year and month": (r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/|$)", ""),
    "article parameter": (r"[?&](?:p|id|article|story|storyid|articleid)=\w", "i"),
}
MIN_ARTICLE_WORDS = 4  # words in one path segment that make it an article's
MIN_HEADLINE_WORDS = 3  # words in an <h1> that make it a headline of the page's own


def _pattern(name: str) -> re.Pattern[str]:
    source, flags = ARTICLE_ADDRESS_PATTERNS[name]
    return re.compile(source, re.IGNORECASE if "i" in flags else 0)


def address_names_an_article(url: str) -> bool:
    """Python mirror of capturePage's ``addressNamesAnArticle`` (extension/lib/page.js)."""
    parts = urlsplit(url)
    route = route_of(parts.fragment)
    segments = [unquote(s) for s in f"{parts.path}/{route}".split("/") if s]
    for segment in segments:
        stem = _pattern("file extension").sub("", segment)
        words = [w for w in _pattern("word separators").split(stem) if w]
        if len(words) >= MIN_ARTICLE_WORDS or _pattern("long number").search(stem):
            return True
    if _pattern("year and month").search("/" + "/".join(segments)):
        return True
    return bool(_pattern("article parameter").search(f"?{parts.query}"))


HAN_OR_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def shows_own_headline(body_html: str) -> bool:
    """Python mirror of capturePage's ``showsOwnHeadline``: an ``<h1>`` of three words or more,
    neither inside a link nor holding one (the backend's ``own_headline``)."""
    from lxml import html as lxml_html

    tree = lxml_html.document_fromstring(f"<html>{body_html}</html>")
    for h1 in tree.iter("h1"):
        text = h1.text_content()
        words = len(HAN_OR_KANA.findall(text)) + len(HAN_OR_KANA.sub(" ", text).split())
        if (
            words >= MIN_HEADLINE_WORDS
            and next(h1.iterancestors("a"), None) is None
            and h1.find(".//a") is None
        ):
            return True
    return False


def _key(meta: Any) -> str:
    return (
        str(meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
    )


def _types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.split("/")[-1].split(":")[-1].lower() for v in values if isinstance(v, str)}


def _empty_nodes(data: Any, keep_type: bool) -> None:
    pending: list[Any] = [data]
    steps = 2000
    while pending and steps > 0:
        steps -= 1
        item = pending.pop(0)
        if isinstance(item, list):
            pending[:0] = item
            continue
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("@graph"), list):
            pending[:0] = item["@graph"]
        if isinstance(item.get("mainEntity"), dict):
            pending.append(item["mainEntity"])
        if not (_types(item) & PAGE_TYPES):
            continue
        keeps = NODE_KEEPS | ({"@type"} if keep_type else set())
        for key in list(item):
            if key not in keeps:
                del item[key]


def _parse_jsonld(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        repaired = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", text)
        repaired = re.sub(r",\s*([}\]])", r"\1", repaired)
        try:
            return json.loads(repaired)
        except ValueError:
            return None


def emptied_head(head: Any, *, keep_type: bool, keep_og_type: bool, title: str | None) -> str:
    """The head as capturePage sends it when all of it names another page."""
    from lxml import html as lxml_html

    for meta in head.xpath(".//meta[@content]"):
        key = _key(meta)
        named = key.startswith(("og:", "article:", "twitter:")) and key not in SITE_TAGS
        if named or key in PAGE_TAGS or (key == "og:type" and not keep_og_type):
            meta.getparent().remove(meta)
    for link in head.xpath(".//link[@rel]"):
        if "canonical" in str(link.get("rel")).lower().split():
            link.getparent().remove(link)
    for script in head.xpath(".//script"):
        if str(script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        data = _parse_jsonld(script.text or "")
        if data is None:
            continue
        _empty_nodes(data, keep_type)
        script.text = json.dumps(data).replace("<", "\\u003c")
    for old in head.xpath(".//title"):
        if title is not None:
            old.getparent().remove(old)
    inner = "".join(lxml_html.tostring(child, encoding="unicode") for child in head.iterchildren())
    if title is not None:
        inner += f"<title>{_escape(title)}</title>"
    return inner


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _load(set_dir: Path, keep: Callable[[dict[str, Any]], bool]) -> list[dict[str, Any]]:
    from parallax.domain.encoding import decode_html

    rows = []
    for line in (set_dir / "truth.jsonl").read_text("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if keep(row):
            raw = (set_dir / "pages" / f"{row['id']}.html.gz").read_bytes()
            row["html"] = decode_html(gzip.decompress(raw))
            rows.append(row)
    return rows


def _split(html: str) -> tuple[Any, str, str]:
    """(head element, body HTML, document title)."""
    from lxml import html as lxml_html

    tree = lxml_html.document_fromstring(html)
    head = tree.find("head")
    if head is None:
        head = lxml_html.fromstring("<head></head>")
    body = tree.find("body")
    body_html = (
        lxml_html.tostring(body, encoding="unicode") if body is not None else "<body></body>"
    )
    title = tree.findtext(".//title") or ""
    return head, body_html, title.strip()


def _declares_og_article(html: str) -> bool:
    return bool(
        re.search(
            r"""<meta[^>]+(?:property|name)=["']og:type["'][^>]+content=["']article""", html, re.I
        )
        or re.search(
            r"""<meta[^>]+content=["']article["'][^>]+(?:property|name)=["']og:type""", html, re.I
        )
    )


def _judge(html: str, url: str) -> bool:
    from parallax.domain import extraction
    from parallax.domain.errors import ParallaxError

    try:
        return bool(extraction.read_page(html, url).judgement.is_article)
    except ParallaxError:
        return False


def _settings(variant: str, url: str, body: str) -> tuple[bool, bool]:
    """(keep the JSON-LD @type, keep og:type) for a variant, at this address with this body."""
    if variant == "@type":
        return True, True
    if variant == "og":
        return False, True
    if variant == "none":
        return False, False
    if variant == "address":
        return False, address_names_an_article(url)
    return False, address_names_an_article(url) or shows_own_headline(body)


def replay(data: Path, variants: Iterable[str]) -> dict[str, Any]:
    from parallax.domain import extraction

    extraction.warm_up()
    fronts = _load(
        data / "pagetype" / "wcxb-dev", lambda r: r["page_type"] in ("listing", "collection")
    )
    articles = _load(data / "extraction" / "wcxb-articles-dev", lambda r: True)
    donors = [a for a in articles if _declares_og_article(a["html"])]
    chosen = list(variants)
    report: dict[str, Any] = {
        "machine": machine(),
        "fronts": len(fronts),
        "articles": len(articles),
        "donor_heads": len(donors),
        "judged_articles": {},
        "ids": {},
    }
    started = time.monotonic()
    for variant in chosen:
        front_hits: list[str] = []
        for index, front in enumerate(fronts):
            donor = donors[index % len(donors)]
            head, _, _ = _split(donor["html"])
            _, body, title = _split(front["html"])
            keep_type, keep_og = _settings(variant, front["url"], body)
            inner = emptied_head(head, keep_type=keep_type, keep_og_type=keep_og, title=title)
            if _judge(f"<!DOCTYPE html><html><head>{inner}</head>{body}</html>", front["url"]):
                front_hits.append(front["id"])
        article_hits: list[str] = []
        for article in articles:
            head, body, _ = _split(article["html"])
            keep_type, keep_og = _settings(variant, article["url"], body)
            inner = emptied_head(head, keep_type=keep_type, keep_og_type=keep_og, title=None)
            if _judge(f"<!DOCTYPE html><html><head>{inner}</head>{body}</html>", article["url"]):
                article_hits.append(article["id"])
        report["judged_articles"][variant] = {
            "fronts": len(front_hits),
            "articles": len(article_hits),
        }
        report["ids"][variant] = {"fronts": front_hits, "articles": article_hits}
        print(
            f"{variant:>6}: fronts judged articles {len(front_hits)}/{len(fronts)}, "
            f"articles judged articles {len(article_hits)}/{len(articles)}",
            flush=True,
        )
    report["seconds"] = round(time.monotonic() - started, 1)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--json", type=Path, help="write the report (with page ids) here")
    args = parser.parse_args()
    report = replay(args.data, args.variants)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), "utf-8")
    print(f"{report['seconds']} s on {report['machine']}")


if __name__ == "__main__":
    main()
