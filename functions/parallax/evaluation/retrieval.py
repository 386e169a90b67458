"""Finding the story, end to end: ``parallax eval retrieval``.

The reader's path, nothing skipped: evaluation rows become RSS files on disk, ``parallax ingest
--once --from-dir DIR`` (a child process, as anyone would run it) fills a fresh feed index, and
every query article goes as a page to ``POST /v1/briefs`` through the API's own resolver in
process (the one ``parallax serve`` and Lambda run); what counts is ``brief.related``. Two
baselines answer the same queries from the same index file in the same run: BM25 (FTS5) on the
items' headlines with the query's headline, and TF-IDF cosine of the query's title and text
against the items' title and description. Both get the same exclusions as Parallax (the source
article and its own outlet).

Data (``../shared/data/related``):

* ``uci-dev.csv``: headlines of 43 stories from many outlets (one feed per host). A query is one
  row's headline as an article page; relevant = a row of the same ``STORY``. precision@5 is
  relevant rows in the first five shown over ``min(5, relevant rows in the index)`` (showing
  fewer than there are costs, as it costs the reader), MRR over the first ten, and the share of
  shown rows that are another story.
* ``semeval-dev.jsonl``: the original pairs. Every text becomes an item of its own outlet; both
  texts of a pair share a day, and the pairs are spread over the retention window, so the other
  pairs are distractors from other days (and the UCI rows distractors from another month). A
  same-story pair (``overall`` <= 2) asks, in both directions, whether the partner is in the
  first ten shown; a known-unrelated pair (``overall`` >= 3.5) asks the same and should not.
  The pairs in between, 3 <= ``overall`` < 3.5 (what issue 18's corroboration eval already
  calls unrelated), are asked the same way and reported, not gated: the grey zone where
  "another event on the same subject" starts.

What is shown is a row: a related item with the addresses of the wire copies collapsed into it
(``copies``), which the reader can open from the row. A row shows a text (a partner, a relevant
UCI row) when its own address or one of its copies' is that text's; it counts once however many
of its addresses are relevant. The baselines show one address per row.

Headline-only UCI pages carry a paragraph of stop words after the headline, because a Brief
needs 40 words to call a page an article; stop words are what every system ignores.

Times are shifted so that the newest UCI row is an hour old at the start of the run: the index's
retention and the Brief's "now" then work as they do for a reader.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import math
import os
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any, cast

from parallax.domain.hosts import outlet_host
from parallax.domain.text_terms import tokenize
from parallax.domain.timestamps import iso_utc
from parallax.evaluation import DataError, data_rows

__all__ = ["format_retrieval_table", "run_retrieval_eval"]

UCI_FILE = Path("related") / "uci-dev.csv"
SEMEVAL_FILE = Path("related") / "semeval-dev.jsonl"
SAME_STORY_MAX_OVERALL = 2.0
UNRELATED_MIN_OVERALL = 3.5
GREY_MIN_OVERALL = 3.0
"""Pairs with GREY_MIN_OVERALL <= overall < UNRELATED_MIN_OVERALL: reported, not gated."""
TOP = 10
SYSTEMS = ("parallax", "bm25", "tfidf")
_FILLER = (
    "It is what it is, and there is more to it than that, as they said it would be.",
    "So it was for all of them who were there at that time, and for those who were not there.",
    "And then it was over, as it had to be, and that was all there was to it for now.",
)
Progress = Callable[[str, int, int], None]
Shown = tuple[str, ...]
"""One row shown to the reader: its address, then its collapsed copies' addresses."""
# The ``parallax`` console script, run by this interpreter (the script may not be on PATH).
_RUN_CLI = "import sys; from parallax.cli import main; sys.exit(main(sys.argv[1:]))"


@dataclass(frozen=True, slots=True)
class _Item:
    url: str
    host: str
    title: str
    summary: str
    language: str
    published: datetime


@dataclass(frozen=True, slots=True)
class _Query:
    kind: str  # "uci", "same_language", "cross_language", "unrelated", "grey"
    url: str
    host: str
    title: str
    paragraphs: tuple[str, ...]
    language: str
    published: datetime
    relevant: frozenset[str]
    available: int  # relevant items in the index from another outlet


@dataclass
class _Corpus:
    items: list[_Item] = field(default_factory=list)
    queries: list[_Query] = field(default_factory=list)


# --- data -------------------------------------------------------------------------------------


def _path(data_dir: Path, name: Path) -> Path:
    for candidate in (data_dir / name, data_dir / name.name):
        if candidate.is_file():
            return candidate
    raise DataError(f"no {name} under {data_dir} (see ../shared/data/README.md)")


def _host(url: str) -> str:
    return outlet_host(url, prefixes=("www.",))


def _domain(host: str) -> str:
    from parallax.domain.hosts import registrable_domain

    return registrable_domain(host) or host


def _uci(path: Path, anchor: datetime) -> tuple[list[_Item], dict[str, str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row.get("TITLE", "").strip()]
    if not rows:
        raise DataError(f"{path}: no rows")
    try:
        newest = max(int(row["TIMESTAMP"]) for row in rows)
    except (KeyError, ValueError) as exc:
        raise DataError(f"{path}: not the UCI format ({exc})") from None
    shift = anchor - timedelta(hours=1) - datetime.fromtimestamp(newest / 1000, tz=UTC)
    items: list[_Item] = []
    story_of: dict[str, str] = {}
    seen: set[str] = set()
    kept: list[dict[str, str]] = []
    for row in rows:
        url = f"https://{_host(row['URL']) or 'unknown.example'}/uci/{row['ID']}"
        if url in seen:
            continue
        seen.add(url)
        when = datetime.fromtimestamp(int(row["TIMESTAMP"]) / 1000, tz=UTC) + shift
        items.append(_Item(url, _host(url), row["TITLE"].strip(), "", "en", when))
        story_of[url] = row["STORY"]
        kept.append({**row, "_url": url, "_when": when.isoformat()})
    return items, story_of, kept


def _split_title(text: str) -> tuple[str, str]:
    text = text.strip()
    for mark in ("\n", "  "):
        cut = text.find(mark)
        if 10 <= cut <= 250:
            return text[:cut].strip(), text[cut:].strip()
    match = re.search(r"[.!?]\s", text[:250])
    if match and match.start() >= 10:
        return text[: match.start() + 1].strip(), text[match.end() :].strip()
    head = text[:120].rsplit(" ", 1)[0]
    return head, text[len(head) :].strip()


def _semeval(path: Path, anchor: datetime) -> tuple[list[_Item], list[dict[str, Any]]]:
    """Items (one per distinct text) and the original pairs with their two item URLs.

    A text can sit in several pairs but is one item with one date, so the day goes to a group of
    pairs, not to a pair: pairs that share a text (directly or through other pairs) share a day.
    Dated by its first pair alone, a text reused by a later pair was up to 11 days away from its
    partner there, outside the index's search window, although the two are one story."""
    rows: list[tuple[str, str, str, str, float]] = []
    for number, row in data_rows(path):
        try:
            if row.get("augmented"):
                continue
            overall = float(row["overall"])
            rows.append(
                (str(row["text1"]), str(row["lang1"]), str(row["text2"]), str(row["lang2"]),
                 overall)
            )  # fmt: skip
        except (ValueError, KeyError, TypeError) as exc:
            raise DataError(f"{path}:{number}: not a SemEval pair ({exc})") from None
    if not rows:
        raise DataError(f"{path}: no original (non-augmented) pairs")
    digests = [(_digest(text1), _digest(text2)) for text1, _, text2, _, _ in rows]
    group = _pair_groups(digests)
    items: dict[str, _Item] = {}
    pairs: list[dict[str, Any]] = []
    for index, (text1, lang1, text2, lang2, overall) in enumerate(rows):
        # Pair groups spread over 12 days before the UCI rows: distractors from other days.
        first = group[index]
        day = anchor - timedelta(days=2 + first % 12, hours=first % 7)
        urls: list[str] = []
        for side, (text, language) in enumerate(((text1, lang1), (text2, lang2))):
            digest = digests[index][side]
            # One outlet per text (side and pair bucket), so a partner is never "own outlet".
            host = f"semeval-{language}-{'ab'[side]}{index % 40}.example"
            url = f"https://{host}/{digest}"
            if digest not in items:
                title, body = _split_title(text)
                when = day + timedelta(minutes=17 * side)
                items[digest] = _Item(url, host, title, body, language, when)
            urls.append(items[digest].url)
        pairs.append({"urls": urls, "langs": [lang1, lang2], "overall": overall})
    return list(items.values()), pairs


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _pair_groups(digests: Sequence[tuple[str, str]]) -> list[int]:
    """For each pair, the index of the first pair of its group (pairs linked by shared texts)."""
    parent: dict[str, str] = {}

    def root(text: str) -> str:
        parent.setdefault(text, text)
        while parent[text] != text:
            parent[text] = parent[parent[text]]
            text = parent[text]
        return text

    for first, second in digests:
        parent[root(second)] = root(first)
    earliest: dict[str, int] = {}
    for index, (first, _) in enumerate(digests):
        earliest.setdefault(root(first), index)
    return [earliest[root(first)] for first, _ in digests]


def _cross(pair: dict[str, Any]) -> bool:
    first, second = (str(x).split("-")[0].lower() for x in pair["langs"])
    return bool(first != second)


def _paragraphs(text: str) -> tuple[str, ...]:
    parts = [p.strip() for p in re.split(r"\n+|(?<=[.!?])\s{2,}", text) if p.strip()]
    return tuple(parts) or (text,)


def _corpus(
    data_dir: Path, anchor: datetime, uci_limit: int | None, semeval_limit: int | None, seed: int
) -> _Corpus:
    corpus = _Corpus()
    uci_items, story_of, rows = _uci(_path(data_dir, UCI_FILE), anchor)
    sem_items, pairs = _semeval(_path(data_dir, SEMEVAL_FILE), anchor)
    corpus.items = uci_items + sem_items
    by_url = {item.url: item for item in corpus.items}

    by_story: dict[str, list[str]] = defaultdict(list)
    for url, story in story_of.items():
        by_story[story].append(url)
    rng = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    chosen = rows if uci_limit is None else rng.sample(rows, min(uci_limit, len(rows)))
    for row in chosen:
        item = by_url[row["_url"]]
        mine = _domain(item.host)
        relevant = frozenset(
            u for u in by_story[row["STORY"]] if u != item.url and _domain(by_url[u].host) != mine
        )
        corpus.queries.append(
            _Query("uci", item.url, item.host, item.title, (f"{item.title}.", *_FILLER),
                   "en", item.published, relevant, len(relevant))
        )  # fmt: skip

    wanted = [p for p in pairs if p["overall"] <= SAME_STORY_MAX_OVERALL]
    unrelated = [p for p in pairs if p["overall"] >= UNRELATED_MIN_OVERALL]
    grey = [p for p in pairs if GREY_MIN_OVERALL <= p["overall"] < UNRELATED_MIN_OVERALL]
    if semeval_limit is not None:
        # Every cross-language pair stays (there are few); the others are sampled.
        cross = [p for p in wanted if _cross(p)]
        same = [p for p in wanted if not _cross(p)]
        wanted = cross + rng.sample(same, min(semeval_limit, len(same)))
        unrelated = rng.sample(unrelated, min(semeval_limit, len(unrelated)))
        # Drawn last, so the gated sample above is the one it always was.
        grey = rng.sample(grey, min(semeval_limit, len(grey)))
    for kind_pairs, fixed_kind in ((wanted, None), (unrelated, "unrelated"), (grey, "grey")):
        for pair in kind_pairs:
            a, b = pair["urls"]
            if a == b:
                continue
            told = "cross_language" if _cross(pair) else "same_language"
            kind = fixed_kind or told
            for source, partner in ((a, b), (b, a)):
                item = by_url[source]
                corpus.queries.append(
                    _Query(kind, item.url, item.host, item.title, _paragraphs(item.summary),
                           item.language, item.published, frozenset({partner}), 1)
                )  # fmt: skip
    return corpus


# --- feeds on disk and ingest -------------------------------------------------------------------


def _write_feeds(items: Iterable[_Item], folder: Path) -> int:
    by_host: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        by_host[item.host].append(item)
    for host, members in by_host.items():
        language = Counter(i.language for i in members).most_common(1)[0][0]
        entries = "".join(
            "<item>"
            f"<title>{html.escape(i.title)}</title><link>{html.escape(i.url)}</link>"
            f'<guid isPermaLink="true">{html.escape(i.url)}</guid>'
            f"<description>{html.escape(i.summary)}</description>"
            f"<pubDate>{format_datetime(i.published, usegmt=True)}</pubDate>"
            f"<dc:language>{html.escape(i.language)}</dc:language>"
            "</item>"
            for i in members
        )
        feed = (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>{html.escape(host)}</title><link>https://{html.escape(host)}/</link>"
            f"<language>{html.escape(language)}</language>{entries}</channel></rss>"
        )
        (folder / f"{host}.xml").write_text(feed, encoding="utf-8")
    return len(by_host)


def _ingest(feeds: Path, home: Path) -> dict[str, Any]:
    """``parallax ingest --once --from-dir FEEDS`` in a child process, as a user runs it."""
    env = {**os.environ, "PARALLAX_HOME": str(home), "PARALLAX_INGEST_INTERVAL_S": "0"}
    done = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
        [sys.executable, "-c", _RUN_CLI, "ingest", "--once", "--from-dir", str(feeds)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    if done.returncode != 0:
        raise DataError(f"parallax ingest failed ({done.returncode}): {done.stderr.strip()[-500:]}")
    return cast(dict[str, Any], json.loads(done.stdout.strip().splitlines()[-1]))


# --- the systems ------------------------------------------------------------------------------


def _page(query: _Query) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in query.paragraphs)
    when = iso_utc(query.published)
    title = html.escape(query.title)
    return (
        f'<!doctype html><html lang="{html.escape(query.language)}"><head><title>{title}</title>'
        f'<link rel="canonical" href="{html.escape(query.url)}">'
        f'<meta property="article:published_time" content="{when}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


class _Parallax:
    """``POST /v1/briefs`` through the API's resolver, in process."""

    def __init__(self, home: Path) -> None:
        from parallax.api.app import create_app
        from parallax.config import Settings
        from parallax.wiring import lazy_brief_service

        settings = Settings.from_env(
            {
                "PARALLAX_HOME": str(home),
                "PARALLAX_PROVIDERS": "index",
                "PARALLAX_INGEST_INTERVAL_S": "0",
            }
        )
        self._app = create_app(settings, lazy_brief_service(settings))

    def ask(self, query: _Query) -> tuple[list[Shown], list[Shown], dict[str, Any]]:
        from parallax.api.local_server import LocalLambdaContext, http_to_event

        body = json.dumps(
            {
                "url": query.url,
                "html": _page(query),
                "language": "en",
                "include": {"summary": False, "related": True, "other_languages": True},
                "max_related": TOP,
            }
        ).encode("utf-8")
        event = http_to_event(
            "POST", "/v1/briefs", [("content-type", "application/json")], body, "127.0.0.1"
        )
        response = self._app.resolve(event, LocalLambdaContext())  # type: ignore[arg-type]
        if response["statusCode"] != 200:
            return [], [], {"status": response["statusCode"], "body": response["body"][:200]}
        related = json.loads(response["body"])["related"]
        items = [_row(item) for item in related["items"]]
        topic = [_row(item) for item in related.get("topic", [])]
        return items, topic, related


def _row(item: dict[str, Any]) -> Shown:
    return (item["url"], *(copy["url"] for copy in item.get("copies", [])))


def _addresses(ranked: Sequence[Shown]) -> set[str]:
    """Every address the first TOP rows show."""
    return {url for row in ranked[:TOP] for url in row}


class _Baselines:
    """BM25 on headlines and TF-IDF cosine, answered from the same index file."""

    def __init__(self, index_path: Path) -> None:
        self._conn = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True)
        rows = self._conn.execute("SELECT url, title, summary, outlet_domain FROM items").fetchall()
        self._domain = {url: _domain(domain or _host(url)) for url, _, _, domain in rows}
        df: Counter[str] = Counter()
        docs: dict[str, Counter[str]] = {}
        for url, title, summary, _ in rows:
            counts = Counter(t for t in tokenize(f"{title} {summary}") if len(t) >= 2)
            docs[url] = counts
            df.update(counts.keys())
        n = len(rows)
        self._idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
        self._unseen = math.log(1 + n) + 1
        self._postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for url, counts in docs.items():
            vector = self._vector(counts)
            for term, weight in vector.items():
                self._postings[term].append((url, weight))

    def _vector(self, counts: Counter[str]) -> dict[str, float]:
        vec = {t: (1 + math.log(c)) * self._idf.get(t, self._unseen) for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {t: v / norm for t, v in vec.items()}

    def _admissible(self, ranked: Iterable[str], query: _Query) -> list[Shown]:
        mine = _domain(query.host)
        shown: list[Shown] = [
            (u,) for u in ranked if u != query.url and self._domain.get(u) != mine
        ]
        return shown[:TOP]

    def bm25(self, query: _Query) -> list[Shown]:
        words = list(dict.fromkeys(w for w in re.findall(r"\w+", query.title.lower()) if w))
        if not words:
            return []
        terms = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self._conn.execute(
            "SELECT i.url FROM items_fts JOIN items AS i ON i.id = items_fts.rowid "
            "WHERE items_fts MATCH ? ORDER BY bm25(items_fts, 1.0, 0.0) LIMIT 60",
            (f"title : ({terms})",),
        ).fetchall()
        return self._admissible((r[0] for r in rows), query)

    def tfidf(self, query: _Query, text: str) -> list[Shown]:
        counts = Counter(t for t in tokenize(text) if len(t) >= 2)
        scores: dict[str, float] = defaultdict(float)
        for term, weight in self._vector(counts).items():
            for url, other in self._postings.get(term, ()):
                scores[url] += weight * other
        ranked = sorted(scores, key=lambda u: (-scores[u], u))[: TOP + 40]
        return self._admissible(ranked, query)


# --- metrics ----------------------------------------------------------------------------------


def _uci_metrics(rows: Sequence[tuple[_Query, list[Shown]]]) -> dict[str, Any]:
    precision: list[float] = []
    reciprocal: list[float] = []
    shown = wrong = empty = 0
    for query, ranked in rows:
        top = ranked[:TOP]
        hits = [not query.relevant.isdisjoint(row) for row in top]
        if query.available:
            precision.append(sum(hits[:5]) / min(5, query.available))
        reciprocal.append(next((1.0 / (i + 1) for i, hit in enumerate(hits) if hit), 0.0))
        shown += len(top)
        wrong += sum(1 for hit in hits if not hit)
        empty += not top
    n = len(rows)
    return {
        "queries": n,
        "precision_at_5": sum(precision) / len(precision) if precision else math.nan,
        "mrr": sum(reciprocal) / n if n else math.nan,
        "wrong_share": wrong / shown if shown else 0.0,
        "shown_per_query": shown / n if n else 0.0,
        "empty_share": empty / n if n else 0.0,
    }


def _partner_rate(
    rows: Sequence[tuple[_Query, list[Shown]]], refused: Collection[tuple[str, str]] = ()
) -> dict[str, Any]:
    """Share of queries with the partner in the first ten rows (as a row's address or one of
    its copies'); also over the queries whose page the Brief answers (``refused`` are the
    others), the same subset for every system, so that the baselines, which never refuse a
    page, are compared on equal terms."""
    found = sum(1 for query, ranked in rows if query.relevant & _addresses(ranked))
    answered = [(q, r) for q, r in rows if (q.url, q.kind) not in refused]
    found_answered = sum(1 for query, ranked in answered if query.relevant & _addresses(ranked))
    return {
        "queries": len(rows),
        "in_top_10": found / len(rows) if rows else math.nan,
        "answered": len(answered),
        "in_top_10_answered": found_answered / len(answered) if answered else math.nan,
    }


def _report(
    results: dict[str, list[tuple[_Query, list[Shown]]]], refused: Collection[tuple[str, str]] = ()
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in ("uci", "same_language", "cross_language", "unrelated", "grey"):
        rows = results.get(kind, [])
        out[kind] = _uci_metrics(rows) if kind == "uci" else _partner_rate(rows, refused)
    return out


def _misses(
    shown: Sequence[tuple[_Query, list[Shown]]],
    topic: dict[tuple[str, str], list[Shown]],
    refused: Collection[tuple[str, str]],
) -> dict[str, int]:
    """Where Parallax's missed partners went: the page was refused (too short to be an
    article), the partner was in the "on the topic" tier, or it was not shown at all (not
    retrieved, or scored below the topic floor)."""
    out = {"refused": 0, "topic_tier": 0, "not_shown": 0}
    for query, ranked in shown:
        if query.relevant & _addresses(ranked):
            continue
        key = (query.url, query.kind)
        if key in refused:
            out["refused"] += 1
        elif query.relevant & _addresses(topic.get(key, [])):
            out["topic_tier"] += 1
        else:
            out["not_shown"] += 1
    return out


def run_retrieval_eval(
    data_dir: Path,
    *,
    uci_queries: int | None = None,
    semeval_pairs: int | None = None,
    seed: int = 13,
    progress: Progress | None = None,
    workdir: Path | None = None,
) -> dict[str, Any]:
    """Parallax, BM25 and TF-IDF on the UCI and SemEval dev data, end to end, in one run.

    ``uci_queries`` samples that many UCI rows as queries (default: every row);
    ``semeval_pairs`` samples that many same-language same-story pairs and as many unrelated
    ones, and keeps every cross-language pair (default: all pairs).
    The index always holds every row and text. Raises :class:`DataError` for missing data.
    """
    anchor = datetime.now(UTC).replace(microsecond=0)
    corpus = _corpus(data_dir, anchor, uci_queries, semeval_pairs, seed)
    with tempfile.TemporaryDirectory(prefix="parallax-retrieval-", dir=workdir) as tmp:
        root = Path(tmp)
        feeds, home = root / "feeds", root / "home"
        feeds.mkdir()
        home.mkdir()
        files = _write_feeds(corpus.items, feeds)
        started = time.perf_counter()
        ingest = _ingest(feeds, home)
        ingest_s = time.perf_counter() - started

        parallax = _Parallax(home)
        baselines = _Baselines(home / "index.sqlite3")
        results: dict[str, dict[str, list[tuple[_Query, list[Shown]]]]] = {
            name: defaultdict(list) for name in (*SYSTEMS, "parallax_with_topic")
        }
        brief_ms: list[float] = []
        failures: Counter[str] = Counter()
        refused: set[tuple[str, str]] = set()
        topics: dict[tuple[str, str], list[Shown]] = {}
        hidden = 0
        total = len(corpus.queries)
        for done, query in enumerate(corpus.queries, start=1):
            started = time.perf_counter()
            items, topic, related = parallax.ask(query)
            brief_ms.append(1000 * (time.perf_counter() - started))
            if "status" in related:
                failures[str(related["status"])] += 1
                refused.add((query.url, query.kind))
            topics[(query.url, query.kind)] = topic
            hidden += int(related.get("hidden_other_languages", 0) or 0)
            text = " ".join((query.title, *query.paragraphs))
            results["parallax"][query.kind].append((query, items))
            results["parallax_with_topic"][query.kind].append((query, items + topic))
            results["bm25"][query.kind].append((query, baselines.bm25(query)))
            results["tfidf"][query.kind].append((query, baselines.tfidf(query, text)))
            if progress is not None:
                progress("retrieval", done, total)
    ordered = sorted(brief_ms)
    return {
        "kind": "retrieval",
        "data": str(data_dir),
        "seed": seed,
        "uci_queries": uci_queries,
        "semeval_pairs": semeval_pairs,
        "index": {"items": len(corpus.items), "feeds": files, "ingest": ingest,
                  "ingest_s": round(ingest_s, 2)},
        "queries": Counter(q.kind for q in corpus.queries),
        "brief_failures": dict(failures),
        "brief_ms": {
            "p50": ordered[len(ordered) // 2] if ordered else math.nan,
            "p95": ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
            if ordered else math.nan,
        },
        "systems": {name: _report(rows, refused) for name, rows in results.items()},
        "parallax_misses": {
            kind: _misses(results["parallax"][kind], topics, refused)
            for kind in ("same_language", "cross_language")
        },
    }  # fmt: skip


def _f(value: float) -> str:
    return "-" if isinstance(value, float) and math.isnan(value) else f"{value:.3f}"


def format_retrieval_table(report: dict[str, Any]) -> str:
    """The report of :func:`run_retrieval_eval` as a plain-text table."""
    systems = report["systems"]
    names = ("parallax", "bm25", "tfidf", "parallax_with_topic")
    labels = {"parallax": "Parallax", "bm25": "BM25 headlines", "tfidf": "TF-IDF cosine",
              "parallax_with_topic": "Parallax +topic"}  # fmt: skip
    header = f"{'':<44}" + "".join(f"{labels[n]:>17}" for n in names)
    lines = [
        f"retrieval end to end ({report['data']}): index {report['index']['items']} items in "
        f"{report['index']['feeds']} feeds, ingest {report['index']['ingest_s']} s; "
        f"queries {dict(report['queries'])}",
        header,
        "-" * len(header),
    ]
    rows = (
        ("UCI precision@5", "uci", "precision_at_5"),
        ("UCI MRR", "uci", "mrr"),
        ("UCI share of shown items from another story", "uci", "wrong_share"),
        ("UCI items shown per query", "uci", "shown_per_query"),
        ("SemEval same-language: partner in top 10", "same_language", "in_top_10"),
        ("SemEval cross-language: partner in top 10", "cross_language", "in_top_10"),
        ("SemEval known-unrelated in top 10", "unrelated", "in_top_10"),
        ("SemEval 3 <= overall < 3.5 in top 10", "grey", "in_top_10"),
        ("  same-language, pages the Brief answers", "same_language", "in_top_10_answered"),
        ("  cross-language, pages the Brief answers", "cross_language", "in_top_10_answered"),
        ("  known-unrelated, pages the Brief answers", "unrelated", "in_top_10_answered"),
        ("  3 <= overall < 3.5, answered pages", "grey", "in_top_10_answered"),
    )
    for label, kind, metric in rows:
        lines.append(f"{label:<44}" + "".join(f"{_f(systems[n][kind][metric]):>17}" for n in names))
    for kind, misses in report.get("parallax_misses", {}).items():
        lines.append(
            f"Parallax {kind.replace('_', '-')} misses: {misses['refused']} pages refused as too "
            f"short, {misses['topic_tier']} partners in the topic tier, {misses['not_shown']} "
            "not shown (not retrieved or below the topic floor)"
        )
    ms = report["brief_ms"]
    lines.append(
        f"Brief (related only) ms p50 {_f(ms['p50'])} p95 {_f(ms['p95'])}; "
        f"non-200 answers {report['brief_failures'] or 0}"
    )
    return "\n".join(lines)
