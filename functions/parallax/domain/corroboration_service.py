"""``POST /v1/corroborations`` as orchestration over ports: the Brief's article and bullets, the
other reports fetched in parallel inside a time budget, :func:`align`, an optional model check.

Reads no environment and imports no adapter (the wiring passes the guarded fetcher, the Brief
cache and service, the extractor). What a report that cannot be used becomes is data: its status
in ``others``; the answer is ``partial`` and the rest still answers.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Protocol

from parallax.domain.brief_bounds import bounded_article
from parallax.domain.corroboration import (
    MAX_MISSING,
    Alignment,
    Claim,
    Report,
    StoryRelation,
    align,
    reading_of,
    story_relation,
)
from parallax.domain.corroboration_models import (
    BulletCorroboration,
    Corroboration,
    CorroborationCache,
    CorroborationRequest,
    FactDifference,
    MissingHere,
    OtherReport,
    OtherStatus,
    SupportingSentence,
)
from parallax.domain.errors import (
    BlockedUrl,
    NotAnArticle,
    NotFound,
    ParallaxError,
    TooLarge,
)
from parallax.domain.extraction.short_story import STORY_NOTICES
from parallax.domain.extractive_summariser import select_sentences
from parallax.domain.hosts import registrable_domain
from parallax.domain.models import Article, Brief, BriefRequest
from parallax.domain.page_notices import article_is_about_browsing
from parallax.domain.pipeline import PARTIAL_TTL_S, check_html
from parallax.domain.ports import BriefCache, PageFetcher
from parallax.domain.similarity import Story
from parallax.domain.urls import canonical_url

__all__ = ["MIN_REPORT_WORDS", "AlignmentChecker", "CorroborationService"]

MIN_REPORT_WORDS = 50
"""Fewer words than this is a teaser or a paywall stub, not a report to compare claims with."""
# Wire copies: this share of one report's sentences found verbatim in another makes it a copy.
_COPY_SHARE = 0.6
# A report sharing at least this many sentences verbatim with one read before it (under the copy
# share) is a partial copy: the shared sentences count once, for the report read first.
_PARTIAL_COPY_SENTENCES = 2
# A report that cannot be read (paywalled, failing, blocked) is read from at most this many of
# its wire copies (RelatedItem.copies), one after the other inside the same budget.
_MAX_COPY_READS = 2
_CACHE_ENTRIES = 256
PAGE_CACHE_BYTES = 64_000_000
"""What the reports kept in memory may take together, about. 256 reports of up to about 3 MB
each (a bounded article of 4,000 short sentences, measured) was 800 MB in the worst case on a
1 GB function; now the oldest go first once 64 MB are held."""
# Measured with tracemalloc on bounded articles: a Sentence costs about 560 bytes besides its
# text, and a character 1 byte (Latin-1) or 2 (the rest of the BMP, e.g. Cyrillic, CJK).
_SENTENCE_BYTES = 600
_CHARACTER_BYTES = 2

_STATUS_OF_ERROR: dict[type[ParallaxError], OtherStatus] = {
    BlockedUrl: "blocked",
    NotAnArticle: "not_an_article",
    TooLarge: "too_large",
}

Extractor = Callable[[str, str], Article]
BriefMaker = Callable[[BriefRequest], Brief]


class AlignmentChecker(Protocol):
    """A second opinion on the offline alignment (the model): it may turn ``differs`` into
    ``agrees`` and choose the "missing here" sentences, citing the same sentences."""

    def check(
        self,
        article_sentences: Sequence[str],
        language: str,
        alignment: Alignment,
        reports: Sequence[Report],
    ) -> Alignment | None:
        """The checked alignment, or None when the model could not be used."""
        ...


@dataclass(frozen=True, slots=True)
class _Read:
    """One requested report after fetching: its article, or the status that says why not.
    ``read_from`` is the wire copy read instead when the report itself could not be."""

    url: str
    status: OtherStatus
    article: Article | None = None
    digest: str = ""
    read_from: str | None = None

    @property
    def source(self) -> str:
        """The address the article's sentences come from."""
        return self.read_from or self.url


@dataclass(frozen=True, slots=True)
class _Answer:
    """A cached answer with each usable report's whole-text judgement, by the report's URL: a
    hit answers ``others[].story_relation`` without judging the reports again."""

    answer: Corroboration
    relations: dict[str, StoryRelation]


def article_bytes(article: Article) -> int:
    """About how much memory ``article`` holds: its text, its sentences' texts (copies) and
    their objects, on the high side (2 bytes a character)."""
    characters = (
        len(article.text) + len(article.title) + sum(len(s.text) for s in article.sentences)
    )
    return characters * _CHARACTER_BYTES + len(article.sentences) * _SENTENCE_BYTES


class _Lru:
    """At most ``size`` entries, each for ``ttl_s``, and, when ``max_weight`` is given, entries
    weighing (``weigh``) at most that much together: the least recently used go first, and an
    entry heavier than ``max_weight`` on its own is not kept."""

    def __init__(
        self,
        size: int,
        ttl_s: float,
        clock: Callable[[], float],
        *,
        max_weight: int | None = None,
        weigh: Callable[[object], int] = lambda _value: 0,
    ) -> None:
        self._items: OrderedDict[str, tuple[float, object, int]] = OrderedDict()
        self._size, self._ttl_s, self._clock = size, ttl_s, clock
        self._max_weight, self._weigh = max_weight, weigh
        self._weight = 0
        self._lock = threading.Lock()

    @property
    def weight(self) -> int:
        return self._weight

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: str) -> object | None:
        with self._lock:
            item = self._items.get(key)
            if item is None or item[0] < self._clock():
                self._drop(key)
                return None
            self._items.move_to_end(key)
            return item[1]

    def put(self, key: str, value: object, ttl_s: float | None = None) -> None:
        """Keep ``value`` for ``ttl_s`` (at most the cache's own TTL; default: that TTL)."""
        weight = self._weigh(value)
        kept_s = self._ttl_s if ttl_s is None else min(ttl_s, self._ttl_s)
        with self._lock:
            self._drop(key)
            if self._max_weight is not None and weight > self._max_weight:
                return
            self._items[key] = (self._clock() + kept_s, value, weight)
            self._weight += weight
            while len(self._items) > self._size or (
                self._max_weight is not None and self._weight > self._max_weight
            ):
                self._drop(next(iter(self._items)))

    def _drop(self, key: str) -> None:
        item = self._items.pop(key, None)
        if item is not None:
            self._weight -= item[2]


def _read_bytes(value: object) -> int:
    article = value.article if isinstance(value, _Read) else None
    return 0 if article is None else article_bytes(article)


def _digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogatepass"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


def _content_digest(article: Article) -> str:
    """What a report's (or the article's) whole-text judgement and its sentences are read from:
    its title, language and text."""
    return _digest(article.title, article.language, article.text)


def _own_sentences(article: Article) -> frozenset[str]:
    """The article's sentences as a report's are compared with them (verbatim, trimmed)."""
    return frozenset(s.text.strip() for s in article.sentences)


def _readings(
    usable: Sequence[_Read],
    ids: dict[str, str],
    relations: dict[str, StoryRelation],
    own: frozenset[str],
) -> list[Report]:
    """The reports to align, as their whole-text judgements say to read them (none for another
    story), in the order read.

    A report's sentence that is word for word one of the article's own (``own``) is the
    article's text, not another outlet confirming it: a page that carries the whole article and
    as much again of its own (under the copy share) confirmed every bullet with the bullet's own
    sentence. A partial copy (another report's agency text, under the copy share, with text of
    its own) is collapsed as a whole copy is, sentence by sentence: what it shares word for word
    with a report read before it counts once, so one agency sentence run by two outlets is one
    confirmation, not two; its own sentences still count. Such sentences read as empty (ids
    stay the report's positions)."""
    earlier: set[str] = set()
    reports: list[Report] = []
    for read in usable:
        if read.article is None:
            continue
        texts = [s.text.strip() for s in read.article.sentences]
        copied = {t for t in texts if t and t in earlier and t not in own}
        if len(copied) < _PARTIAL_COPY_SENTENCES:
            copied = set()  # one shared sentence is a quote two reports both give
        reading = reading_of(
            Report(
                ids[read.url],
                tuple(
                    "" if t in own or t in copied else s.text
                    for s, t in zip(read.article.sentences, texts, strict=True)
                ),
                read.article.language,
            ),
            relations[read.url],
        )
        if reading is not None:
            reports.append(reading)
            earlier.update(texts)
    return reports


def _canonical(url: str) -> str:
    try:
        return canonical_url(url)
    except ValueError:
        return url


def _site(url: str) -> str:
    """The registrable domain of a URL's host (``www.bbc.co.uk`` → ``bbc.co.uk``), or ``""``
    for an IP address or no host: an outlet is known by its domain, and an address alone does
    not say whose site it is (every loopback fixture shares 127.0.0.1)."""
    domain = registrable_domain(url)
    return "" if not domain or domain.replace(".", "").isdigit() or ":" in domain else domain


def _story(article: Article) -> Story:
    # Undated on purpose: the ranking weighed the dates when it put the report among the same
    # story's, and a running story's report a week on tells the same event; the whole-text
    # judgement asks only whether the texts do (its thresholds were fitted on same-day pairs,
    # where the time factor is 1, so leaving dates out changes none of them).
    return Story(article.text, article.title, article.language)


def _relation(article: Article, report: Article) -> StoryRelation:
    return story_relation(_story(article), _story(report))


def _copies_of(brief: Brief) -> dict[str, list[str]]:
    """The wire copies of each related report, by the report's canonical address."""
    return {
        _canonical(item.url): [copy.url for copy in item.copies]
        for item in [*brief.related.items, *brief.related.topic]
        if item.copies
    }


class CorroborationService:
    def __init__(
        self,
        *,
        fetcher: PageFetcher,
        extractor: Extractor,
        brief_cache: BriefCache,
        make_brief: BriefMaker,
        max_sources: int,
        budget_s: float,
        cache_ttl_s: float = 3600.0,
        checker: AlignmentChecker | None = None,
        clock: Callable[[], float] = time.monotonic,
        warm_up: Callable[[], None] | None = None,
        page_cache_bytes: int = PAGE_CACHE_BYTES,
    ) -> None:
        self._fetcher = fetcher
        self._extractor = extractor
        self._brief_cache = brief_cache
        self._make_brief = make_brief
        self._max_sources = max_sources
        self._budget_s = budget_s
        self._checker = checker
        self._clock = clock
        # The extractor's libraries load on first use (about a second): done once before the
        # first budget starts, or every report of a new process's first request times out.
        self._warm_up = warm_up
        self._warm_lock = threading.Lock()
        # Pages are kept by URL (a report read for one reader serves the next), answers by the
        # article and the set of reports with their content hashes.
        # Bounded by memory too: 256 reports at the bounds of an article were 800 MB.
        self._pages = _Lru(
            _CACHE_ENTRIES, cache_ttl_s, clock, max_weight=page_cache_bytes, weigh=_read_bytes
        )
        self._answers = _Lru(_CACHE_ENTRIES, cache_ttl_s, clock)
        self._pool = ThreadPoolExecutor(
            max_workers=max(1, max_sources) * 2, thread_name_prefix="corroborate"
        )

    # --- the request ---------------------------------------------------------------------------

    def corroborate(self, request: CorroborationRequest) -> Corroboration:
        started = self._clock()
        timings: dict[str, float] = {}
        brief, made_here = self._brief_of(request)
        article = brief.article
        timings["brief"] = self._ms(started)

        wanted, skipped = self._choose(request, brief, made_here=made_here)
        fetch_started = self._clock()
        reads = self._read_all(wanted, _copies_of(brief))
        timings["fetch"] = self._ms(fetch_started)
        reads = self._collapse_copies(reads, article)
        # Ids are made from the URL, so a cached answer's ids hold whatever order the next
        # reader's request lists the reports in.
        ids = {read.url: "o" + _digest(read.url)[:10] for read in reads + skipped}

        usable = [r for r in reads if r.status == "ok" and r.article is not None]
        claims = self._claims(brief)
        # The key holds everything the answer and the reports' whole-text judgements are made
        # from: the article's and each report's content (title, language, text: their digests),
        # whether the article is about browsing, and the claims. So a cached answer carries
        # those judgements, and a hit skips them (a few milliseconds per report).
        key = _digest(
            article.canonical_url,
            _content_digest(article),
            str(article.about_browsing),
            *(f"{c.text}|{c.sentence_ids}" for c in claims),
            *sorted(f"{r.url}|{r.source}|{r.digest}" for r in usable),
        )
        cached = self._answers.get(key)
        if isinstance(cached, _Answer):
            others = [self._other(ids, r, cached.relations.get(r.url)) for r in reads + skipped]
            timings["total"] = self._ms(started)
            return cached.answer.model_copy(
                update={
                    "others": others,
                    "partial": any(o.status in ("timeout", "failed") for o in others),
                    "cache": CorroborationCache(hit=True, key=key),
                    "timings_ms": timings,
                }
            )
        # Each report is judged as a whole before any of its sentences may confirm a bullet.
        relations = {r.url: _relation(article, r.article) for r in usable if r.article is not None}
        others = [self._other(ids, r, relations.get(r.url)) for r in reads + skipped]
        partial = any(o.status in ("timeout", "failed") for o in others)

        align_started = self._clock()
        # The article's own sentences, and what a partial copy shares with a report read before
        # it, confirm nothing (again): see _readings.
        reports = _readings(usable, ids, relations, _own_sentences(article))
        sentences = [s.text for s in sorted(article.sentences, key=lambda s: s.id)]
        # With a model, more "missing here" candidates go to it; it chooses up to three.
        candidates = MAX_MISSING if self._checker is None else MAX_MISSING * 3
        alignment = align(
            sentences,
            article.language,
            claims,
            reports,
            max_missing=candidates,
            about_browsing=article_is_about_browsing(article),
        )
        timings["align"] = self._ms(align_started)
        method: str = "offline"
        notice = None
        if self._checker is not None and reports:
            check_started = self._clock()
            checked = self._checker.check(sentences, article.language, alignment, reports)
            timings["check"] = self._ms(check_started)
            if checked is None:
                notice = "model_unavailable"
            else:
                alignment, method = checked, "llm"
        alignment = Alignment(alignment.claims, alignment.missing_here[:MAX_MISSING])
        answer = self._answer(
            article=article,
            alignment=alignment,
            compared=bool(reports),
            usable=usable,
            ids=ids,
            others=others,
            partial=partial,
            key=key,
            method=method,
            notice=notice,
        )
        # The key does not say whether the model answered: an answer it failed on (a rate limit,
        # a timeout) is kept as briefly as a Brief whose summary the model failed on, or every
        # reader of the article got the offline check, 'model_unavailable', for the whole hour.
        retry_soon = notice == "model_unavailable"
        self._answers.put(key, _Answer(answer, relations), PARTIAL_TTL_S if retry_soon else None)
        timings["total"] = self._ms(started)
        return answer.model_copy(update={"timings_ms": timings})

    def _ms(self, since: float) -> float:
        return round((self._clock() - since) * 1000, 2)

    def _brief_of(self, request: CorroborationRequest) -> tuple[Brief, bool]:
        """The Brief whose bullets are checked, and whether this service made it.

        A key names the Brief the reader sees. When it has expired it is not made anew from the
        URL, even when one is given: the server's own fetch may read another page than the
        reader's (a paywall, a login, a consent wall), whose bullets are not the ones shown, and
        the answer would be about none of them. The client asks for the Brief again and sends
        its key (the panel's "Try again" does). A URL alone makes or reuses the Brief of the
        server's fetch, related coverage included (the default request, so a URL-only Brief the
        client asked for is reused): its related reports are the only ones read."""
        ref = request.article
        if ref.key is not None:
            cached = self._brief_cache.get(ref.key)
            if cached is not None:
                return cached[0], False
            raise NotFound(
                "There is no Brief with this key (it expired, or was never made): ask for the "
                "Brief again and send its key, or send the article's url and language alone."
            )
        assert ref.url is not None  # the request model requires a key or a url
        return self._make_brief(BriefRequest(url=ref.url, language=ref.language)), True

    def _claims(self, brief: Brief) -> list[Claim]:
        if brief.summary is not None and brief.summary.notice in STORY_NOTICES:
            # A page too short to summarise (a paywall stub): its Brief has no bullets to check.
            return []
        if brief.summary is not None and brief.summary.bullets:
            return [Claim(b.text, tuple(b.sentence_ids)) for b in brief.summary.bullets]
        # A Brief made without a summary: the extractive bullets, as the summariser would choose.
        sentences = sorted(brief.article.sentences, key=lambda s: s.id)
        texts = [s.text for s in sentences]
        return [
            Claim(texts[i], (sentences[i].id,))
            for i in select_sentences(
                texts, brief.article.language, about_browsing=brief.article.about_browsing
            )
        ]

    def _choose(
        self, request: CorroborationRequest, brief: Brief, *, made_here: bool = False
    ) -> tuple[list[str], list[_Read]]:
        article = brief.article
        own = {_canonical(article.url), article.canonical_url}
        # Only the Brief's related reports are fetched: the route must not be a way to make the
        # backend fetch any page a client names, five at a time. That holds for every Brief whose
        # related coverage was looked for (made here, or a source was queried), even when it found
        # none; a client's Brief made without related coverage has no list to hold to.
        related = {_canonical(item.url) for item in [*brief.related.items, *brief.related.topic]}
        looked_for = made_here or bool(brief.related.sources_queried)
        seen: set[str] = set()
        wanted: list[str] = []
        skipped: list[_Read] = []
        for ref in request.others:
            canonical = _canonical(ref.url)
            if canonical in own or canonical in seen:
                continue
            seen.add(canonical)
            if (related or looked_for) and canonical not in related:
                skipped.append(_Read(ref.url, "not_in_brief"))
            elif len(wanted) < self._max_sources:
                wanted.append(ref.url)
            else:
                skipped.append(_Read(ref.url, "skipped"))
        return wanted, skipped

    # --- reading the others --------------------------------------------------------------------

    def _read_all(
        self, urls: Sequence[str], copies: dict[str, list[str]] | None = None
    ) -> list[_Read]:
        if self._warm_up is not None:
            with self._warm_lock:
                warm_up, self._warm_up = self._warm_up, None
                if warm_up is not None:
                    warm_up()
        deadline = self._clock() + self._budget_s
        reads: dict[str, _Read] = {}
        pending: dict[Future[_Read], str] = {}
        for url in urls:
            cached = self._pages.get(url)
            if isinstance(cached, _Read):
                reads[url] = cached
            else:
                alternatives = (copies or {}).get(_canonical(url), [])
                future = self._pool.submit(self._read_or_copy, url, alternatives, deadline)
                pending[future] = url
        while pending:
            remaining = deadline - self._clock()
            if remaining <= 0:
                break
            done, _ = wait(pending, timeout=remaining, return_when=FIRST_COMPLETED)
            for future in done:
                url = pending.pop(future)
                reads[url] = future.result()
                # A copy read for a failing report is not kept under the report's address: the
                # report itself may be readable for the next reader.
                if reads[url].status == "ok" and reads[url].read_from is None:
                    self._pages.put(url, reads[url])
        for future, url in pending.items():
            # Still running: the fetcher's own time-out ends it; the reader does not wait.
            future.cancel()
            reads[url] = _Read(url, "timeout")
        return [reads[url] for url in urls]

    def _read_or_copy(self, url: str, copies: Sequence[str], deadline: float) -> _Read:
        """``url``'s report; when it cannot be used, the first of its wire copies that can
        (the same agency text on another site: a paywalled or failing lead copy need not cost
        the reader its sentences). No copy read starts once ``deadline`` has passed: the
        reader has been answered ``timeout`` by then, and a read nobody waits for would hold a
        worker (and a connection) for another fetch time-out, twice, while the next reader's
        reports queue behind it."""
        read = self._read_one(url)
        for copy in copies[:_MAX_COPY_READS]:
            if read.status == "ok" or self._clock() >= deadline:
                break
            instead = self._read_one(copy)
            if instead.status == "ok":
                return _Read(url, "ok", instead.article, instead.digest, read_from=copy)
        return read

    def _read_one(self, url: str) -> _Read:
        try:
            page = self._fetcher.fetch(url)
            check_html(page.html)
            # Bounded as a Brief's own article is: a hostile 4.5 MB page of 50,000 sentences
            # was kept whole in the page cache (about 37 MB a read, 256 reads), now 2 MB at most.
            article = bounded_article(self._extractor(page.html, _canonical(page.url)))
        except ParallaxError as error:
            return _Read(url, _STATUS_OF_ERROR.get(type(error), "failed"))
        except Exception:  # one broken page must not cost the other reports
            return _Read(url, "failed")
        if article.word_count < MIN_REPORT_WORDS or len(article.sentences) < 2:
            return _Read(url, "too_short")
        return _Read(url, "ok", article, _content_digest(article))

    def _collapse_copies(self, reads: list[_Read], article: Article) -> list[_Read]:
        """Wire copies (the same agency text on several sites) count once: the first stays.

        A report that is the article itself counts not at all: its address led to the article
        (a redirect, a canonical link), or most of its sentences are the article's own (another
        site's copy of the same agency text). It would confirm every bullet with the bullet's
        own sentence; it is a ``duplicate`` of no other report (``duplicate_of`` null).

        A report whose final address (after redirects; the wire copy's, when one was read) is on
        the article's own site, the same registrable domain, is ``own_outlet``: another article
        of the same outlet (a short link, an aggregator's redirect, a moved story) is no other
        outlet's confirmation, whatever host its first address named."""
        own_urls = {article.canonical_url, _canonical(article.url)}
        own_sites = {_site(url) for url in (article.url, article.canonical_url)} - {""}
        own = _own_sentences(article)
        kept: list[tuple[str, frozenset[str]]] = []
        result: list[_Read] = []
        for read in reads:
            if read.status != "ok" or read.article is None:
                result.append(read)
                continue
            sentences = frozenset(s.text.strip() for s in read.article.sentences)
            if read.article.canonical_url in own_urls or (
                len(sentences & own) >= _COPY_SHARE * len(sentences)
            ):
                # The digest field of a duplicate names the report it copies: none here.
                result.append(_Read(read.url, "duplicate", read.article, read_from=read.read_from))
                continue
            if _site(read.article.url) in own_sites:
                result.append(_Read(read.url, "own_outlet", read.article, read_from=read.read_from))
                continue
            copy_of = next(
                (
                    url
                    for url, theirs in kept
                    if len(sentences & theirs) >= _COPY_SHARE * min(len(sentences), len(theirs))
                ),
                None,
            )
            if copy_of is None:
                kept.append((read.url, sentences))
                result.append(read)
            else:
                result.append(
                    _Read(read.url, "duplicate", read.article, copy_of, read_from=read.read_from)
                )
        return result

    # --- the answer ----------------------------------------------------------------------------

    @staticmethod
    def _other(ids: dict[str, str], read: _Read, relation: StoryRelation | None) -> OtherReport:
        article = read.article
        return OtherReport(
            id=ids[read.url],
            url=read.url,
            status=read.status,
            outlet=article.outlet if article is not None else None,
            title=article.title if article is not None else None,
            language=article.language if article is not None else None,
            # A copy names the report it copies by id; its digest field holds that report's URL.
            duplicate_of=ids.get(read.digest) if read.status == "duplicate" else None,
            read_from=read.read_from,
            story_relation=relation,
        )

    def _answer(
        self,
        *,
        article: Article,
        alignment: Alignment,
        compared: bool,
        usable: Sequence[_Read],
        ids: dict[str, str],
        others: list[OtherReport],
        partial: bool,
        key: str,
        method: str,
        notice: str | None,
    ) -> Corroboration:
        by_id = {ids[r.url]: r for r in usable}
        bullets: list[BulletCorroboration] = []
        for claim_support in alignment.claims:
            support = [
                SupportingSentence(
                    other=m.other,
                    url=by_id[m.other].source,
                    outlet=by_id[m.other].article.outlet,  # type: ignore[union-attr]
                    language=by_id[m.other].article.language,  # type: ignore[union-attr]
                    sentence_id=m.sentence_id,
                    sentence=m.sentence,
                    relation=m.relation,
                    score=min(1.0, max(0.0, m.score)),
                    claim_sentence_id=m.claim_sentence_id,
                    differences=[
                        FactDifference(kind=d.kind, here=d.here, there=d.there)
                        for d in m.differences
                    ],
                )
                for m in claim_support.support
            ]
            differing = sum(1 for s in support if s.relation == "differs")
            agreeing = len(support) - differing
            bullets.append(
                BulletCorroboration(
                    text=claim_support.claim.text,
                    sentence_ids=list(claim_support.claim.sentence_ids),
                    # With no report compared (every one failed, timed out, was no article
                    # or told another story) a bullet is not "only here": nobody else was read.
                    status="differs"
                    if differing
                    else "agrees"
                    if agreeing
                    else "only_here"
                    if compared
                    else "unchecked",
                    agreeing=agreeing,
                    differing=differing,
                    support=support,
                )
            )
        missing = [
            MissingHere(
                other=m.other,
                url=by_id[m.other].source,
                outlet=by_id[m.other].article.outlet,  # type: ignore[union-attr]
                language=by_id[m.other].article.language,  # type: ignore[union-attr]
                sentence_id=m.sentence_id,
                sentence=m.sentence,
                also_in=list(m.also_in),
            )
            for m in alignment.missing_here
        ]
        return Corroboration(
            article_url=article.canonical_url,
            language=article.language,
            method="llm" if method == "llm" else "offline",
            bullets=bullets,
            missing_here=missing,
            others=others,
            partial=partial,
            notice=notice,
            cache=CorroborationCache(hit=False, key=key),
            timings_ms={},
        )
