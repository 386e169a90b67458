"""Claim by claim, end to end: ``parallax eval corroboration-path``.

``parallax eval corroboration`` scores the alignment on texts handed to it. This measures what a
reader's chips say, through the path the panel takes:

1. Every original SemEval-2022 dev text becomes an item of its outlet's RSS feed on disk (the
   corpus and feeds of ``parallax eval retrieval``: one outlet per text side and pair bucket, a
   pair's two texts on one day, the other pairs as distractors on other days) and
   ``parallax ingest --once --from-dir`` (a child process) fills a fresh index.
2. Every text is also an article page on a loopback site, at ``http://<its outlet's
   host>:<port>/<digest>``: the feeds link there. The corroboration service is the one
   ``parallax serve`` builds (:func:`parallax.wiring.build_corroboration_service`, default 5
   sources and 4 s budget, the guarded fetcher with private hosts and the site's port allowed),
   with one change: its name lookup answers 127.0.0.1 for the corpus's outlet hosts and refuses
   every other name, so the evaluation dials nothing but the site. The SSRF guard still checks
   every address it gets.
3. For each query (a same-story pair, ``overall`` <= 2, asked in both directions; a
   known-unrelated pair, ``overall`` >= 3.5, likewise) the query's page goes to ``POST
   /v1/briefs`` as the extension sends it (html, summary and related, other languages, ten
   related), then ``POST /v1/corroborations`` with the body the side panel builds from that
   Brief (``extension/sidepanel/corroboration.js``: the Brief's cache key and URL, the reader's
   language, the related same-story items' URLs, at most ten), both through the API's resolver
   in process. The reader's language is the article's own (a reader of that outlet).

What is reported, per kind (same-language, cross-language, known-unrelated):

* whether the partner reached the reader's list (in the Brief's same-story items, so sent) and
  what became of it (read ``ok``, ``skipped`` beyond the five sources, ``timeout``, ...), and
  when read, how the service judged its whole text (``story_relation``: same story, doubtful,
  another story);
* when it was read: the share of the query's bullets whose chip counts the partner (agrees or
  differs) and the share of queries where it counts for at least one bullet. For a
  known-unrelated partner that is false corroboration;
* the chips over every bullet ("N outlets" / "differs in N" / "only here"), the "what others
  report" entries from the partner and from the others, every other's status, and the request
  times (p50/p95);
* a baseline on the same reads in the same run: a bullet is supported by a report that was read
  when one of that report's sentences (as the service's own extractor reads the page) has word
  Jaccard >= 0.2 with the bullet, the baseline of ``parallax eval corroboration``;
* ROC AUC of "share of bullets the partner supports" for same-story against known-unrelated
  partners that were read: comparable with the component eval's same-story AUC, but measured on
  the Brief's own bullets and the reports the Brief found.
"""

from __future__ import annotations

import html
import json
import math
import random
import tempfile
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from parallax.domain.timestamps import iso_utc
from parallax.evaluation.corroboration import Progress, overlap_supports, roc_auc, word_set
from parallax.evaluation.metrics import nearest_rank
from parallax.evaluation.retrieval import (
    SAME_STORY_MAX_OVERALL,
    SEMEVAL_FILE,
    UNRELATED_MIN_OVERALL,
    _cross,
    _f,
    _ingest,
    _Item,
    _paragraphs,
    _path,
    _semeval,
    _write_feeds,
)

__all__ = ["format_corroboration_path_table", "run_corroboration_path_eval"]

KINDS = ("same_language", "cross_language", "unrelated")
MAX_OTHERS = 10
"""What the side panel sends at most (``MAX_OTHERS`` in corroboration.js)."""
MAX_RELATED = 10
"""The extension's default ``maxRelated``."""
_EXAMPLES = 8
SCORE_SWEEP = (0.25, 0.3, 0.35, 0.4, 0.5)
"""Support scores at which the partner's chip is counted again, to see what a stricter
alignment threshold (``SUPPORT_THRESHOLD``, 0.25) would show the reader."""


@dataclass(frozen=True, slots=True)
class _Query:
    kind: str
    item: _Item
    partner: str


# --- the loopback site ----------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        # Served by the Host header's name and the path: a page asked under another outlet's
        # name is not found, so a lookup that sent the fetcher elsewhere would show.
        host = (self.headers.get("host") or "").rsplit(":", 1)[0].lower()
        body = self.server.pages.get((host, self.path.split("?", 1)[0]))
        with self.server.lock:
            self.server.served[body is not None] += 1
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the evaluation prints its table, not a line per page."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    pages: dict[tuple[str, str], bytes]
    served: Counter[bool]
    lock: threading.Lock


class _Site:
    """The corpus's article pages on 127.0.0.1, one thread per connection (the service reads
    five reports at once), and the name lookup that leads the fetcher there."""

    def __init__(self) -> None:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.pages = {}
        self._server.served = Counter()
        self._server.lock = threading.Lock()
        self._hosts: frozenset[str] = frozenset()
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="parallax-eval-site", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def serve(self, pages: dict[tuple[str, str], bytes]) -> None:
        self._server.pages = pages
        self._hosts = frozenset(host for host, _ in pages)
        self._thread.start()

    @property
    def served(self) -> dict[str, int]:
        """Pages answered, and requests for a page the site does not have."""
        return {"pages": self._server.served[True], "not_found": self._server.served[False]}

    def resolve(self, host: str, port: int, timeout: float | None) -> list[str]:
        """The corpus's outlet hosts are this site; no other name resolves."""
        if host.lower() in self._hosts and port == self.port:
            return ["127.0.0.1"]
        raise OSError(f"not a host of the evaluation site: {host}:{port}")

    def close(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()


def _page(item: _Item) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in _paragraphs(item.summary))
    title = html.escape(item.title)
    return (
        f'<!doctype html><html lang="{html.escape(item.language)}"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        f'<link rel="canonical" href="{html.escape(item.url)}">'
        f'<meta property="article:published_time" content="{iso_utc(item.published)}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def _on_site(item: _Item, port: int) -> _Item:
    path = item.url.split("/", 3)[3]
    return replace(item, url=f"http://{item.host}:{port}/{path}")


# --- the corpus -----------------------------------------------------------------------------


def _queries(
    pairs: Sequence[dict[str, Any]], by_url: dict[str, _Item], limit: int | None, seed: int
) -> list[_Query]:
    same = [p for p in pairs if p["overall"] <= SAME_STORY_MAX_OVERALL]
    unrelated = [p for p in pairs if p["overall"] >= UNRELATED_MIN_OVERALL]
    if limit is not None:
        # As ``eval retrieval --semeval-pairs``: every cross-language pair stays (there are few).
        rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
        cross = [p for p in same if _cross(p)]
        alike = [p for p in same if not _cross(p)]
        same = cross + rng.sample(alike, min(limit, len(alike)))
        unrelated = rng.sample(unrelated, min(limit, len(unrelated)))
    queries: list[_Query] = []
    for pair in [*same, *unrelated]:
        a, b = pair["urls"]
        if a == b:
            continue
        if pair["overall"] >= UNRELATED_MIN_OVERALL:
            kind = "unrelated"
        else:
            kind = "cross_language" if _cross(pair) else "same_language"
        queries.extend(
            _Query(kind, by_url[source], by_url[partner].url)
            for source, partner in ((a, b), (b, a))
        )
    return queries


# --- the reader's path ------------------------------------------------------------------------


class _Panel:
    """``POST /v1/briefs`` then ``POST /v1/corroborations`` as the side panel sends them, through
    the API's resolver in process, the corroboration service reading the loopback site."""

    def __init__(self, home: Path, site: _Site) -> None:
        from parallax.api.app import create_app
        from parallax.config import Settings
        from parallax.wiring import build_corroboration_service, lazy_brief_service

        settings = Settings.from_env(
            {
                "PARALLAX_HOME": str(home),
                "PARALLAX_PROVIDERS": "index",
                "PARALLAX_INGEST_INTERVAL_S": "0",
                "PARALLAX_ALLOW_PRIVATE_HOSTS": "true",
                "PARALLAX_ALLOWED_PORTS": f"80,443,{site.port}",
            }
        )
        briefs = lazy_brief_service(settings)
        service = build_corroboration_service(settings, briefs, resolver=site.resolve)
        self.sources = settings.corroboration_sources
        self.budget_s = settings.corroboration_budget_s
        self._app = create_app(settings, briefs, corroborations=lambda: service)

    def _post(self, path: str, body: dict[str, Any]) -> tuple[int, dict[str, Any], float]:
        from parallax.api.local_server import LocalLambdaContext, http_to_event

        event = http_to_event(
            "POST",
            path,
            [("content-type", "application/json")],
            json.dumps(body).encode("utf-8"),
            "127.0.0.1",
        )
        started = time.perf_counter()
        response = self._app.resolve(event, LocalLambdaContext())  # type: ignore[arg-type]
        ms = 1000 * (time.perf_counter() - started)
        try:
            answer = json.loads(response["body"])
        except (TypeError, ValueError):
            answer = {}
        return int(response["statusCode"]), answer if isinstance(answer, dict) else {}, ms

    def brief(self, item: _Item, page: str) -> tuple[int, dict[str, Any], float]:
        """The extension's Brief request (``extension/lib/api.js``)."""
        return self._post(
            "/v1/briefs",
            {
                "url": item.url,
                "html": page,
                "language": item.language,
                "include": {"summary": True, "related": True, "other_languages": True},
                "max_related": MAX_RELATED,
            },
        )

    def corroborate(
        self, brief: dict[str, Any], language: str
    ) -> tuple[int, dict[str, Any], float, list[str]]:
        """The side panel's request (``corroborationFor`` in corroboration.js)."""
        others = others_of(brief)
        article: dict[str, Any] = {"language": language}
        key = (brief.get("cache") or {}).get("key")
        if key:
            article["key"] = key
        url = (brief.get("article") or {}).get("url")
        if url:
            article["url"] = url
        status, answer, ms = self._post(
            "/v1/corroborations", {"article": article, "others": [{"url": u} for u in others]}
        )
        return status, answer, ms, others


def others_of(brief: dict[str, Any]) -> list[str]:
    """``othersOf`` of corroboration.js: the same-story items' URLs, distinct, at most ten."""
    urls: list[str] = []
    for item in (brief.get("related") or {}).get("items") or []:
        url = item.get("url") if isinstance(item, dict) else None
        if isinstance(url, str) and url.startswith(("http://", "https://")) and url not in urls:
            urls.append(url)
        if len(urls) == MAX_OTHERS:
            break
    return urls


# --- scoring one answer -------------------------------------------------------------------------


def _canonical(url: str) -> str:
    from parallax.domain.urls import canonical_url

    try:
        return canonical_url(url)
    except ValueError:
        return url


@dataclass
class _Outcome:
    """What one query's reader saw, and what the baseline says on the same reads."""

    kind: str
    brief_status: int
    corroboration_status: int | None = None
    brief_ms: float = 0.0
    corroboration_ms: float | None = None
    partner_status: str = "not_shown"
    partner_relation: str | None = None
    """The service's judgement of the partner's whole text (``story_relation``), when read."""
    chips: list[str] = field(default_factory=list)
    partner_chips: list[bool] = field(default_factory=list)
    partner_scores: list[float] = field(default_factory=list)
    baseline_chips: list[bool] = field(default_factory=list)
    baseline_partner: list[bool] = field(default_factory=list)
    missing_partner: int = 0
    missing_others: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    component: float = 0.0
    """The component measure on the same pair: the share of the query text's extractive bullets
    that :func:`align` finds in the partner's text, both handed over directly (no Brief, no
    fetch), as the one-way score of ``parallax eval corroboration``."""


class _Reads:
    """The sentences of each page as the service's extractor reads it, once per address."""

    def __init__(self, pages: dict[str, str]) -> None:
        self._pages = pages
        self._sentences: dict[str, list[frozenset[str]]] = {}

    def sentences(self, url: str) -> list[frozenset[str]]:
        key = _canonical(url)
        if key not in self._sentences:
            from parallax.domain.extraction import extract_article

            page = self._pages.get(key)
            article = extract_article(page, key) if page is not None else None
            self._sentences[key] = (
                [word_set(s.text) for s in article.sentences] if article is not None else []
            )
        return self._sentences[key]


def _score(outcome: _Outcome, answer: dict[str, Any], partner: str, reads: _Reads) -> None:
    others = [o for o in answer.get("others") or [] if isinstance(o, dict)]
    outcome.statuses.update(str(o.get("status")) for o in others)
    mine = _canonical(partner)
    partner_ids = {str(o.get("id")) for o in others if _canonical(str(o.get("url"))) == mine}
    shown = [o for o in others if _canonical(str(o.get("url"))) == mine]
    if shown:
        outcome.partner_status = str(shown[0].get("status"))
        outcome.partner_relation = shown[0].get("story_relation")
    read = [o for o in others if o.get("status") == "ok"]
    read_words = {
        str(o.get("id")): reads.sentences(str(o.get("read_from") or o.get("url"))) for o in read
    }
    for bullet in answer.get("bullets") or []:
        support = [s for s in bullet.get("support") or [] if isinstance(s, dict)]
        # As the panel draws it: no chip for a bullet nothing was compared with ("unchecked").
        outcome.chips.append(
            "differs"
            if bullet.get("differing")
            else "agrees"
            if bullet.get("agreeing")
            else "unchecked"
            if bullet.get("status") == "unchecked"
            else "only_here"
        )
        mine_support = [s for s in support if str(s.get("other")) in partner_ids]
        outcome.partner_chips.append(bool(mine_support))
        outcome.partner_scores.append(
            max((float(s.get("score", 0)) for s in mine_support), default=0.0)
        )
        words = word_set(str(bullet.get("text", "")))
        backed = {
            other for other, sentences in read_words.items() if overlap_supports(words, sentences)
        }
        outcome.baseline_chips.append(bool(backed))
        outcome.baseline_partner.append(bool(backed & partner_ids))
    for entry in answer.get("missing_here") or []:
        if str(entry.get("other")) in partner_ids:
            outcome.missing_partner += 1
        else:
            outcome.missing_others += 1


# --- metrics ------------------------------------------------------------------------------------


def _share(part: float, whole: float) -> float:
    return part / whole if whole else math.nan


def _partner_metrics(read: Sequence[_Outcome], baseline: bool) -> dict[str, Any]:
    chips = [c.baseline_partner if baseline else c.partner_chips for c in read]
    bullets = sum(len(c) for c in chips)
    return {
        "bullet_share": _share(sum(sum(c) for c in chips), bullets),
        "query_share": _share(sum(1 for c in chips if any(c)), len(read)),
    }


def _kind_metrics(outcomes: Sequence[_Outcome]) -> dict[str, Any]:
    answered = [o for o in outcomes if o.corroboration_status == 200]
    read = [o for o in answered if o.partner_status == "ok"]
    chips = Counter(c for o in answered for c in o.chips)
    bullets = sum(chips.values())
    baseline_backed = sum(sum(o.baseline_chips) for o in answered)
    return {
        "queries": len(outcomes),
        "brief_failed": sum(1 for o in outcomes if o.brief_status != 200),
        "corroboration_failed": sum(
            1 for o in outcomes if o.corroboration_status not in (None, 200)
        ),
        "no_others": sum(1 for o in outcomes if o.brief_status == 200 and o.corroboration_status
                         is None),
        "partner_sent": _share(sum(1 for o in answered if o.partner_status != "not_shown"),
                               len(outcomes)),
        "partner_read": _share(len(read), len(outcomes)),
        "partner_statuses": dict(Counter(o.partner_status for o in answered)),
        "partner_read_queries": len(read),
        "partner_relations": dict(Counter(str(o.partner_relation) for o in read)),
        "ours": _partner_metrics(read, baseline=False),
        "baseline": _partner_metrics(read, baseline=True),
        "bullets": bullets,
        "chips": {name: _share(chips[name], bullets) for name in ("agrees", "differs", "only_here")},
        "baseline_chips": {"agrees": _share(baseline_backed, bullets),
                           "only_here": _share(bullets - baseline_backed, bullets)},
        "missing_here": {"from_partner": sum(o.missing_partner for o in answered),
                         "from_others": sum(o.missing_others for o in answered)},
        "others": dict(sum((o.statuses for o in answered), Counter())),
    }  # fmt: skip


def _component_share(query: _Item, partner: _Item) -> float:
    from parallax.domain.corroboration import Report, align
    from parallax.domain.languages import primary_language
    from parallax.domain.sentences import split_sentences
    from parallax.evaluation.corroboration import claims_of

    lang_a, lang_b = primary_language(query.language), primary_language(partner.language)
    mine = split_sentences(f"{query.title}\n{query.summary}", lang_a)
    theirs = split_sentences(f"{partner.title}\n{partner.summary}", lang_b)
    claims = claims_of(mine, lang_a)
    if not claims:
        return 0.0
    result = align(mine, lang_a, claims, [Report("p", tuple(theirs), lang_b)], max_missing=0)
    return sum(1 for c in result.claims if c.support) / len(claims)


def _component_auc(outcomes: Sequence[_Outcome], kinds: Sequence[str], read_only: bool) -> float:
    """The component's one-way share on the same queries (those whose partner was read, or
    every query): what the same pairs score without the reader's path."""
    pick = [
        o
        for o in outcomes
        if o.kind in (*kinds, "unrelated") and (o.partner_status == "ok" or not read_only)
    ]
    return roc_auc([o.component for o in pick], [o.kind != "unrelated" for o in pick])


def _auc(
    outcomes: Sequence[_Outcome], kinds: Sequence[str], baseline: bool, read_only: bool = True
) -> float:
    """Same-story (``kinds``) against known-unrelated partners, scored by the share of the
    query's bullets the partner supports: over the partners that were read, or (``read_only``
    false) over every query, a partner the reader never got scoring 0."""
    scores: list[float] = []
    positive: list[bool] = []
    for outcome in outcomes:
        if outcome.kind not in (*kinds, "unrelated"):
            continue
        chips = outcome.baseline_partner if baseline else outcome.partner_chips
        if outcome.partner_status != "ok" or not chips:
            if read_only:
                continue
            chips = [False]
        scores.append(sum(chips) / len(chips))
        positive.append(outcome.kind != "unrelated")
    return roc_auc(scores, positive)


def _sweep(outcomes: Sequence[_Outcome], at_least: float) -> dict[str, Any]:
    """The partner's chips had they needed a support score of ``at_least``: the share of bullets
    per kind (partners read) and the AUC of same-story against known-unrelated."""
    shares: dict[str, float] = {}
    scores: list[float] = []
    positive: list[bool] = []
    for kind in KINDS:
        counted = total = 0
        for outcome in outcomes:
            if outcome.kind != kind or outcome.partner_status != "ok" or not outcome.partner_scores:
                continue
            hits = sum(1 for score in outcome.partner_scores if score >= at_least)
            counted += hits
            total += len(outcome.partner_scores)
            scores.append(hits / len(outcome.partner_scores))
            positive.append(kind != "unrelated")
        shares[kind] = _share(counted, total)
    return {"bullet_share": shares, "auc": roc_auc(scores, positive)}


def _report(
    outcomes: Sequence[_Outcome], examples: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    by_kind: dict[str, list[_Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.kind].append(outcome)
    auc: dict[str, dict[str, float]] = {}
    for name, kinds in (
        ("all", ("same_language", "cross_language")),
        ("same_language", ("same_language",)),
        ("cross_language", ("cross_language",)),
    ):
        auc[name] = {
            "ours": _auc(outcomes, kinds, baseline=False),
            "baseline": _auc(outcomes, kinds, baseline=True),
            "ours_every_query": _auc(outcomes, kinds, baseline=False, read_only=False),
            "baseline_every_query": _auc(outcomes, kinds, baseline=True, read_only=False),
            "component": _component_auc(outcomes, kinds, read_only=True),
            "component_every_query": _component_auc(outcomes, kinds, read_only=False),
        }
    corroboration_ms = [o.corroboration_ms for o in outcomes if o.corroboration_ms is not None]
    sweep = {str(t): _sweep(outcomes, t) for t in SCORE_SWEEP}
    brief_ms = [o.brief_ms for o in outcomes]
    return {
        "kinds": {kind: _kind_metrics(by_kind.get(kind, [])) for kind in KINDS},
        "auc": auc,
        "score_sweep": sweep,
        "brief_ms": {"p50": nearest_rank(brief_ms, 0.5), "p95": nearest_rank(brief_ms, 0.95)},
        "corroboration_ms": {
            "p50": nearest_rank(corroboration_ms, 0.5),
            "p95": nearest_rank(corroboration_ms, 0.95),
            "max": max(corroboration_ms, default=math.nan),
        },
        "examples": examples,
    }


def _example(query: _Query, answer: dict[str, Any]) -> dict[str, Any]:
    """One query's bullets, each with the partner's sentences the chip counted (if any)."""
    mine = _canonical(query.partner)
    ids = {
        str(o.get("id"))
        for o in answer.get("others") or []
        if _canonical(str(o.get("url"))) == mine
    }
    return {
        "query": query.item.url,
        "partner": query.partner,
        "bullets": [
            {
                "text": str(b.get("text", ""))[:240],
                "status": b.get("status"),
                "partner_support": [
                    {"sentence": str(s.get("sentence", ""))[:240], "relation": s.get("relation"),
                     "score": s.get("score")}
                    for s in b.get("support") or []
                    if str(s.get("other")) in ids
                ],
            }
            for b in answer.get("bullets") or []
        ],
        "others": [
            {"url": o.get("url"), "status": o.get("status")} for o in answer.get("others") or []
        ],
    }  # fmt: skip


def _note_example(
    examples: dict[str, list[dict[str, Any]]], query: _Query, outcome: _Outcome, answer: Any
) -> None:
    if outcome.partner_status != "ok" or not isinstance(answer, dict):
        return
    if query.kind == "unrelated" and any(outcome.partner_chips):
        name = "unrelated_partner_counted"
    elif query.kind != "unrelated" and not any(outcome.partner_chips):
        name = "same_story_partner_never_counted"
    else:
        return
    bucket = examples.setdefault(name, [])
    if len(bucket) < _EXAMPLES:
        bucket.append(_example(query, answer))


# --- the run ------------------------------------------------------------------------------------


def run_corroboration_path_eval(
    data_dir: Path,
    *,
    limit: int | None = None,
    seed: int = 13,
    progress: Progress | None = None,
    workdir: Path | None = None,
) -> dict[str, Any]:
    """Briefs and corroborations of the SemEval dev pairs through the reader's path, with the
    word-overlap baseline on the same reads. ``limit`` samples that many same-language
    same-story pairs and as many known-unrelated ones (every cross-language pair stays);
    default: every pair. Raises :class:`parallax.evaluation.DataError` for missing data."""
    started_run = time.perf_counter()
    anchor = datetime.now(UTC).replace(microsecond=0)
    items, pairs = _semeval(_path(data_dir, SEMEVAL_FILE), anchor)
    site = _Site()
    try:
        items = [_on_site(item, site.port) for item in items]
        by_digest = {item.url.rsplit("/", 1)[1]: item for item in items}
        for pair in pairs:
            pair["urls"] = [by_digest[url.rsplit("/", 1)[1]].url for url in pair["urls"]]
        by_url = {item.url: item for item in items}
        queries = _queries(pairs, by_url, limit, seed)
        pages = {item.url: _page(item) for item in items}
        site.serve(
            {
                (item.host, "/" + item.url.split("/", 3)[3]): pages[item.url].encode()
                for item in items
            }
        )
        with tempfile.TemporaryDirectory(prefix="parallax-corrpath-", dir=workdir) as tmp:
            root = Path(tmp)
            feeds, home = root / "feeds", root / "home"
            feeds.mkdir()
            home.mkdir()
            files = _write_feeds(items, feeds)
            started = time.perf_counter()
            ingest = _ingest(feeds, home)
            ingest_s = time.perf_counter() - started
            panel = _Panel(home, site)
            reads = _Reads({_canonical(url): page for url, page in pages.items()})
            outcomes, examples = _ask_all(panel, queries, pages, reads, by_url, progress=progress)
    finally:
        site.close()
    report = _report(outcomes, examples)
    return {
        "kind": "corroboration_path",
        "data": str(data_dir),
        "seed": seed,
        "limit": limit,
        "sources": panel.sources,
        "budget_s": panel.budget_s,
        "index": {"items": len(items), "feeds": files, "ingest": ingest,
                  "ingest_s": round(ingest_s, 2)},
        "queries": dict(Counter(q.kind for q in queries)),
        "site": site.served,
        **report,
        "run_s": round(time.perf_counter() - started_run, 1),
    }  # fmt: skip


def _ask_all(
    panel: _Panel,
    queries: Sequence[_Query],
    pages: dict[str, str],
    reads: _Reads,
    by_url: dict[str, _Item],
    *,
    progress: Progress | None,
) -> tuple[list[_Outcome], dict[str, list[dict[str, Any]]]]:
    outcomes: list[_Outcome] = []
    examples: dict[str, list[dict[str, Any]]] = {}
    for done, query in enumerate(queries, start=1):
        status, brief, brief_ms = panel.brief(query.item, pages[query.item.url])
        outcome = _Outcome(query.kind, status, brief_ms=brief_ms)
        outcome.component = _component_share(query.item, by_url[query.partner])
        if status == 200 and others_of(brief):
            code, answer, ms, _ = panel.corroborate(brief, query.item.language)
            outcome.corroboration_status, outcome.corroboration_ms = code, ms
            if code == 200:
                _score(outcome, answer, query.partner, reads)
                _note_example(examples, query, outcome, answer)
        outcomes.append(outcome)
        if progress is not None:
            progress("corroboration path", done, len(queries))
    return outcomes, examples


# --- the table ----------------------------------------------------------------------------------


def format_corroboration_path_table(report: dict[str, Any]) -> str:
    """The report of :func:`run_corroboration_path_eval` as a plain-text table."""
    kinds = report["kinds"]
    header = f"{'':<50}" + "".join(f"{k.replace('_', '-'):>16}" for k in KINDS)
    lines = [
        f"corroboration end to end ({report['data']}): index {report['index']['items']} items in "
        f"{report['index']['feeds']} feeds; queries {report['queries']}; "
        f"{report['sources']} sources, {report['budget_s']} s budget; run {report['run_s']} s",
        header,
        "-" * len(header),
    ]

    def row(label: str, value: Callable[[dict[str, Any]], Any]) -> None:
        cells = []
        for kind in KINDS:
            got = value(kinds[kind])
            cells.append(f"{_f(got) if isinstance(got, float) else got:>16}")
        lines.append(f"{label:<50}" + "".join(cells))

    row("partner sent (in the Brief's same-story list)", lambda k: k["partner_sent"])
    row("partner read (status ok)", lambda k: k["partner_read"])
    row("  queries with the partner read", lambda k: k["partner_read_queries"])
    row("partner counted: share of bullets, ours", lambda k: k["ours"]["bullet_share"])
    row("partner counted: share of bullets, baseline", lambda k: k["baseline"]["bullet_share"])
    row("partner counted for >= 1 bullet, ours", lambda k: k["ours"]["query_share"])
    row("partner counted for >= 1 bullet, baseline", lambda k: k["baseline"]["query_share"])
    row("bullets (queries answered)", lambda k: k["bullets"])
    row("chips 'N outlets', ours", lambda k: k["chips"]["agrees"])
    row("chips 'differs in N', ours", lambda k: k["chips"]["differs"])
    row("chips 'only here', ours", lambda k: k["chips"]["only_here"])
    row("chips 'N outlets', baseline", lambda k: k["baseline_chips"]["agrees"])
    row(
        "'what others report' entries from the partner", lambda k: k["missing_here"]["from_partner"]
    )
    row("'what others report' entries from others", lambda k: k["missing_here"]["from_others"])
    row("Brief or corroboration not 200", lambda k: k["brief_failed"] + k["corroboration_failed"])
    row("Brief with no same-story item (not asked)", lambda k: k["no_others"])
    for kind in KINDS:
        lines.append(
            f"partner statuses, {kind.replace('_', '-')}: {kinds[kind]['partner_statuses']}"
        )
        lines.append(
            f"partner read, judged as a whole, {kind.replace('_', '-')}: "
            f"{kinds[kind]['partner_relations']}"
        )
        lines.append(f"others' statuses, {kind.replace('_', '-')}: {kinds[kind]['others']}")
    lines.append(
        "ROC AUC, same-story vs known-unrelated partners, by the share of bullets the partner "
        "supports: ours, baseline, component on the same pairs (texts aligned directly)"
    )
    for name, auc in report["auc"].items():
        lines.append(
            f"  {name.replace('_', '-'):<16} partners read {_f(auc['ours'])} "
            f"{_f(auc['baseline'])} {_f(auc['component'])} | every query (0 when not read) "
            f"{_f(auc['ours_every_query'])} {_f(auc['baseline_every_query'])} "
            f"{_f(auc['component_every_query'])}"
        )
    lines.append(
        "if the partner counted only from support score t: share of bullets same-language / "
        "cross-language / unrelated, AUC"
    )
    for at_least, sweep in report["score_sweep"].items():
        shares = sweep["bullet_share"]
        lines.append(
            f"  t >= {at_least:<5} "
            + " / ".join(_f(shares[k]) for k in KINDS)
            + f", {_f(sweep['auc'])}"
        )
    brief, corr = report["brief_ms"], report["corroboration_ms"]
    lines.append(
        f"POST /v1/briefs ms p50 {_f(brief['p50'])} p95 {_f(brief['p95'])}; "
        f"POST /v1/corroborations ms p50 {_f(corr['p50'])} p95 {_f(corr['p95'])} "
        f"max {_f(corr['max'])}; site served {report['site']['pages']} pages, "
        f"{report['site']['not_found']} not found"
    )
    return "\n".join(lines)
