"""The one composition root: builds the services and the adapters the Settings ask for, lazily.

The only module that knows the domain, the ingest services and the adapters together. The API
(``api/handler.py``, ``parallax serve``), the command line (``parallax brief``, ``parallax
ingest``) and every Lambda handler (``api/handler.py``, ``ingest/handlers.py``) get their
objects here. Nothing here runs at import time: the first request (or CLI command) calls a
builder, which opens files and builds clients; each SDK and adapter module is imported inside the
builder that needs it, so a handler's cold start pays only for what it uses.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from parallax.config import Settings, SettingsError
from parallax.domain.models import Outlet
from parallax.domain.pipeline import BriefService
from parallax.domain.ports import (
    BriefCache,
    BriefProgress,
    OutletLookup,
    RelatedProvider,
    Summariser,
    TitleTranslator,
)

if TYPE_CHECKING:
    from pathlib import Path
    from typing import TextIO

    from parallax.adapters.aws.dynamodb_feed_state import DynamoFeedStateStore
    from parallax.adapters.aws.dynamodb_items import DynamoItemStore
    from parallax.adapters.feed_index import FeedIndex
    from parallax.adapters.fetcher import Resolver
    from parallax.adapters.index_status import IngestProgress, SqliteRunRecorder
    from parallax.domain.corroboration_service import AlignmentChecker, CorroborationService
    from parallax.domain.ingest_ports import FeedQueue, FeedStateStore
    from parallax.domain.related_fanout import RelatedService
    from parallax.ingest.background import BackgroundIngest
    from parallax.ingest.feed_worker import FeedWorker
    from parallax.ingest.index_publisher import IndexPublisher
    from parallax.ingest.runner import IngestRunner
    from parallax.ingest.scheduler import FeedScheduler

# Receives the model adapters' per-call figures (tokens, cost, latency, fallbacks).
MetricsSink = Callable[[Any], None]

__all__ = [
    "MetricsSink",
    "PageReadingWarmUp",
    "build_background_ingest",
    "build_brief_service",
    "build_corroboration_service",
    "build_feed_queue",
    "build_feed_scheduler",
    "build_feed_state_store",
    "build_feed_worker",
    "build_index_publisher",
    "build_ingest_runner",
    "build_model_adapters",
    "build_outlet_lookup",
    "build_providers",
    "build_related_service",
    "count_metric",
    "lazy_brief_service",
    "lazy_corroboration_service",
    "model_metrics_sink",
    "open_feed_index",
    "open_run_recorder",
    "summary_writer",
]


def _build_cache(settings: Settings) -> BriefCache:
    if settings.cache_backend == "none":
        from parallax.adapters.null_cache import NullBriefCache

        return NullBriefCache()
    if settings.cache_backend == "dynamodb":
        from parallax.adapters.aws.clients import aws_client
        from parallax.adapters.aws.dynamodb_cache import DynamoBriefCache

        return DynamoBriefCache(
            aws_client("dynamodb", settings),
            _required(settings.cache_table, "CACHE_TABLE", "PARALLAX_CACHE_BACKEND=dynamodb"),
            on_event=count_metric,
        )
    from parallax.adapters.sqlite_cache import SqliteBriefCache

    return SqliteBriefCache(settings.cache_path)


# --- cloud builders (chosen by the Cloud settings; boto3 is imported only through these) ---------


def _required(value: str | None, name: str, because: str) -> str:
    if not value:
        raise SettingsError(f"PARALLAX_{name} is required with {because}")
    return value


def model_metrics_sink(metrics: Any) -> MetricsSink:
    """The model adapters' per-call figures as metrics on ``metrics`` (a Powertools ``Metrics``).
    The model adapter module is imported on the first call, not when a handler is imported."""

    def record(figures: Any) -> None:
        from parallax.adapters.llm import powertools_metrics_sink

        powertools_metrics_sink(metrics)(figures)

    return record


def count_metric(name: str) -> None:
    """Count one event as a CloudWatch metric. Powertools keeps one metric set per process, so the
    handler's ``@metrics.log_metrics`` flushes it with the invocation's other metrics."""
    from aws_lambda_powertools import Metrics
    from aws_lambda_powertools.metrics import MetricUnit

    Metrics().add_metric(name=name, unit=MetricUnit.Count, value=1)


def _build_index_provider(
    settings: Settings, ingest_progress: IngestProgress | None = None
) -> RelatedProvider:
    """The ``index`` provider: the local index file, or the snapshot the index publisher keeps
    in S3 (downloaded to PARALLAX_HOME, refreshed when its ETag changes). Either tells the
    related step its state; ``ingest_progress`` is the background poll's, under `serve`."""
    from parallax.ingest.catalogue import load_catalogue

    # The catalogue ships in every bundle: the feeds the index is filled from, in both backends.
    feed_urls = [
        feed.url
        for outlet in load_catalogue(settings.catalogue_path).outlets
        for feed in outlet.feeds
    ]
    feeds_total = len(feed_urls)
    if settings.index_backend == "s3":
        from parallax.adapters.aws.clients import aws_client
        from parallax.adapters.aws.s3_snapshot_store import S3SnapshotStore
        from parallax.adapters.aws.snapshot_index_provider import SnapshotIndexProvider

        store = S3SnapshotStore(
            aws_client("s3", settings),
            _required(settings.index_bucket, "INDEX_BUCKET", "PARALLAX_INDEX_BACKEND=s3"),
            settings.index_key,
        )
        return SnapshotIndexProvider(
            store,
            settings.home / "index-snapshots",
            refresh_s=settings.index_refresh_s,
            feeds_total=feeds_total,
        )
    from parallax.adapters.feed_index import FeedIndex, IndexProvider

    return IndexProvider(
        FeedIndex(settings.index_path),
        feeds_total=feeds_total,
        feed_urls=feed_urls,
        progress=ingest_progress,
    )


def open_feed_index(settings: Settings) -> FeedIndex:
    """The local feed index file under PARALLAX_HOME (``parallax ingest --from-dir`` writes it)."""
    from parallax.adapters.feed_index import FeedIndex

    return FeedIndex(settings.index_path)


def open_run_recorder(settings: Settings, progress_every_s: float = 0.0) -> SqliteRunRecorder:
    """The record of an ingest run in the index file (``ingest_run``), which a `parallax serve`
    in another process reads to say "filling n of m": the poll's (a write per feed finished),
    and ``--from-dir``'s (at most every ``progress_every_s``)."""
    from parallax.adapters.index_status import SqliteRunRecorder

    return SqliteRunRecorder(settings.index_path, progress_every_s=progress_every_s)


def build_ingest_runner(
    settings: Settings,
    catalogue_path: Path | None = None,
    *,
    concurrency: int | None = None,
    progress: TextIO | None = None,
    observer: IngestProgress | None = None,
) -> IngestRunner[FeedIndex]:
    """The local runner (``parallax ingest``, ``parallax serve``'s poll): the packaged (or given)
    catalogue, the index under PARALLAX_HOME with its feed-state table, and the guarded fetcher
    with the settings' policy. Its progress is recorded in the index file (so a `serve` that
    does not run this poll can tell), and told to ``observer`` too."""
    from parallax.adapters.feed_state import SqliteFeedStateStore
    from parallax.adapters.fetcher import FetchPolicy, GuardedFetcher
    from parallax.ingest.catalogue import load_catalogue
    from parallax.ingest.runner import DEFAULT_CONCURRENCY, IngestRunner, ObserverGroup

    recorder = open_run_recorder(settings)

    return IngestRunner(
        catalogue=load_catalogue(catalogue_path or settings.catalogue_path),
        index=open_feed_index(settings),
        state=SqliteFeedStateStore(settings.index_path),
        fetcher=GuardedFetcher(FetchPolicy.from_settings(settings)),
        retention_days=settings.feed_retention_days,
        concurrency=DEFAULT_CONCURRENCY if concurrency is None else concurrency,
        max_feed_bytes=settings.fetch_max_bytes,
        progress=progress,
        observer=recorder if observer is None else ObserverGroup(observer, recorder),
    )


def build_background_ingest(
    settings: Settings, on_report: Callable[[Any], None] | None = None
) -> BackgroundIngest[IngestProgress] | None:
    """The poll `parallax serve` runs beside the API (first at start, then every
    PARALLAX_INGEST_INTERVAL_S), or None when it is turned off (interval 0), when the index is
    not asked (PARALLAX_PROVIDERS without ``index``) or is the cloud's snapshot. Not started:
    the caller starts it, and passes its ``progress`` to :func:`lazy_brief_service`."""
    if (
        settings.ingest_interval_s <= 0
        or "index" not in settings.providers
        or settings.index_backend != "file"
    ):
        return None
    from parallax.adapters.index_status import IngestProgress
    from parallax.ingest.background import BackgroundIngest

    progress = IngestProgress()
    return BackgroundIngest(
        lambda: build_ingest_runner(settings, concurrency=4, observer=progress),
        settings.ingest_interval_s,
        progress,
        on_report=on_report,
    )


def _dynamo_feed_state(settings: Settings) -> DynamoFeedStateStore:
    from parallax.adapters.aws.clients import aws_client
    from parallax.adapters.aws.dynamodb_feed_state import DynamoFeedStateStore

    table = _required(
        settings.feed_state_table, "FEED_STATE_TABLE", "PARALLAX_FEED_STATE_BACKEND=dynamodb"
    )
    return DynamoFeedStateStore(aws_client("dynamodb", settings), table)


def build_feed_state_store(settings: Settings) -> FeedStateStore:
    if settings.feed_state_backend == "dynamodb":
        return _dynamo_feed_state(settings)
    from parallax.adapters.feed_state import SqliteFeedStateStore

    return SqliteFeedStateStore(settings.index_path)


def _item_store(settings: Settings) -> DynamoItemStore:
    from parallax.adapters.aws.clients import aws_client
    from parallax.adapters.aws.dynamodb_items import DynamoItemStore

    table = _required(settings.feed_items_table, "FEED_ITEMS_TABLE", "the cloud ingest")
    return DynamoItemStore(
        aws_client("dynamodb", settings), table, retention_days=settings.feed_retention_days
    )


def build_feed_queue(settings: Settings) -> FeedQueue:
    """The scheduler's fan-out queue (SQS)."""
    from parallax.adapters.aws.clients import aws_client
    from parallax.adapters.aws.sqs_feed_queue import SqsFeedQueue

    queue_url = _required(settings.feed_queue_url, "FEED_QUEUE_URL", "the ingest scheduler")
    return SqsFeedQueue(aws_client("sqs", settings), queue_url)


def build_feed_scheduler(settings: Settings) -> FeedScheduler:
    """Every catalogue feed as one job on the fan-out queue."""
    from parallax.ingest.catalogue import load_catalogue
    from parallax.ingest.scheduler import FeedScheduler

    return FeedScheduler(load_catalogue(settings.catalogue_path), build_feed_queue(settings))


def build_feed_worker(settings: Settings) -> FeedWorker:
    """One feed per SQS message, DynamoDB behind feed state and items."""
    from parallax.adapters.fetcher import FetchPolicy, GuardedFetcher
    from parallax.ingest.catalogue import load_catalogue
    from parallax.ingest.feed_worker import FeedWorker

    return FeedWorker(
        catalogue=load_catalogue(settings.catalogue_path),
        items=_item_store(settings),
        state=build_feed_state_store(settings),
        fetcher=GuardedFetcher(FetchPolicy.from_settings(settings)),
        retention_days=settings.feed_retention_days,
        max_feed_bytes=settings.fetch_max_bytes,
    )


def build_index_publisher(settings: Settings) -> IndexPublisher:
    """Items table → SQLite FTS5 snapshot → S3, with the feed-state table's tally (the current
    catalogue's feeds only) in the snapshot's metadata when that table is DynamoDB (the cloud's)."""
    from parallax.adapters.aws.clients import aws_client
    from parallax.adapters.aws.s3_snapshot_store import S3SnapshotStore
    from parallax.adapters.feed_index import FeedIndex
    from parallax.ingest.catalogue import load_catalogue
    from parallax.ingest.index_publisher import IndexPublisher

    bucket = _required(settings.index_bucket, "INDEX_BUCKET", "the index publisher")
    feeds: DynamoFeedStateStore | None = None
    feed_urls: list[str] | None = None
    if settings.feed_state_backend == "dynamodb":
        feeds = _dynamo_feed_state(settings)
        # The tally counts the feeds of the catalogue this bundle ships, as the API does.
        catalogue = load_catalogue(settings.catalogue_path)
        feed_urls = [feed.url for outlet in catalogue.outlets for feed in outlet.feeds]
    return IndexPublisher(
        _item_store(settings),
        S3SnapshotStore(aws_client("s3", settings), bucket, settings.index_key),
        settings.home / "publish",
        new_index=FeedIndex,
        feeds=feeds,
        feed_urls=feed_urls,
        segments=settings.index_scan_segments,
    )


def build_outlet_lookup(settings: Settings) -> OutletLookup:
    """Domain or URL → the catalogue's Outlet (id, type, country), keeping the host it was seen on."""
    from parallax.domain.hosts import host_of
    from parallax.ingest.catalogue import load_catalogue

    catalogue = load_catalogue(settings.catalogue_path)

    def lookup(domain_or_url: str) -> Outlet | None:
        entry = catalogue.outlet_for_domain(domain_or_url)
        if entry is None:
            return None
        host = host_of(domain_or_url)
        return entry.to_outlet(host.removeprefix("www.") if host else None)

    return lookup


def build_providers(
    settings: Settings, ingest_progress: IngestProgress | None = None
) -> list[RelatedProvider]:
    """The related-coverage providers named in PARALLAX_PROVIDERS, each on its base URL, each
    answering only candidates that link to public hosts."""
    providers: list[RelatedProvider] = []
    for name in dict.fromkeys(settings.providers):
        if name == "index":
            providers.append(_build_index_provider(settings, ingest_progress))
        elif name == "google_news":
            from parallax.adapters.google_news import GoogleNewsProvider

            # PARALLAX_USER_AGENT is what the search services see too, not only the fetcher
            # and the feed polling: it was the built-in default here whatever it was set to.
            providers.append(
                GoogleNewsProvider(
                    settings.google_news_base_url,
                    settings.provider_timeout_s,
                    user_agent=settings.user_agent,
                )
            )
        elif name == "gdelt":
            from parallax.adapters.gdelt import GdeltProvider

            providers.append(
                GdeltProvider(
                    settings.gdelt_base_url,
                    settings.provider_timeout_s,
                    user_agent=settings.user_agent,
                )
            )
    from parallax.adapters.public_links import public_links_only

    # Whatever a provider answers, a reader is never shown a link into a private network.
    return [public_links_only(provider) for provider in providers]


def build_related_service(
    settings: Settings,
    outlet_lookup: OutletLookup,
    ingest_progress: IngestProgress | None = None,
) -> RelatedService:
    # Imported here: ranking pulls in the similarity model, which the handler's import must not pay.
    from parallax.domain.related_fanout import RelatedService

    return RelatedService(
        build_providers(settings, ingest_progress),
        settings.related_budget_s,
        outlet_lookup=outlet_lookup,
        provider_timeout_s=settings.provider_timeout_s,
    )


def build_model_adapters(
    settings: Settings, metrics: MetricsSink | None = None
) -> tuple[Summariser, TitleTranslator | None]:
    """The summariser (Claude with the extractive fallback, or extractive only) and, when a
    model is configured, the headline translator. The SDK itself is imported on first use."""
    from parallax.domain.extractive_summariser import ExtractiveSummariser

    extractive = ExtractiveSummariser()
    if settings.llm_provider == "none":
        return extractive, None
    from parallax.adapters.llm import (
        AnthropicClientFactory,
        LlmSettings,
        LlmSummariser,
        LlmTitleTranslator,
    )

    try:
        llm = LlmSettings.from_settings(settings)
    except ValidationError as exc:
        raise SettingsError(f"PARALLAX_LLM_*: {exc.error_count()} invalid value(s)") from None
    factory = AnthropicClientFactory(llm)
    return (
        LlmSummariser(factory, llm, extractive, metrics=metrics),
        LlmTitleTranslator(factory, llm, metrics=metrics),
    )


def build_brief_service(
    settings: Settings,
    metrics: MetricsSink | None = None,
    *,
    ingest_progress: IngestProgress | None = None,
    progress: BriefProgress | None = None,
) -> BriefService:
    from parallax.adapters.fetcher import FetchPolicy, GuardedFetcher
    from parallax.domain.extraction import extract_article

    outlet_lookup = build_outlet_lookup(settings)
    summariser, translator = build_model_adapters(settings, metrics)
    return BriefService(
        fetcher=GuardedFetcher(FetchPolicy.from_settings(settings)),
        cache=_build_cache(settings),
        summariser=summariser,
        extractor=extract_article,
        cache_ttl_s=settings.cache_ttl_s,
        related=build_related_service(settings, outlet_lookup, ingest_progress),
        outlet_lookup=outlet_lookup,
        translator=translator,
        deadline_s=settings.brief_deadline_s,
        workers=settings.brief_workers,
        progress=progress,
        summary_writer=summary_writer(settings),
    )


def summary_writer(settings: Settings) -> str:
    """What writes a Brief's summary and headline translations, for its cache key."""
    if settings.llm_provider == "none":
        return "extractive"
    if settings.llm_provider == "bedrock":
        return f"bedrock:{settings.llm_bedrock_model}"
    return f"anthropic:{settings.llm_model}"


def lazy_brief_service(
    settings: Settings,
    metrics: MetricsSink | None = None,
    *,
    ingest_progress: IngestProgress | None = None,
) -> _Lazy:
    """A callable that builds the service on first call and returns the same one afterwards.

    Its ``progress`` (in memory, made now: no I/O) is where the service reports the step of each
    Brief whose client sent a request id; give it to ``create_app`` for the progress route."""
    return _Lazy(settings, metrics, ingest_progress)


class _Lazy:
    def __init__(
        self,
        settings: Settings,
        metrics: MetricsSink | None,
        ingest_progress: IngestProgress | None = None,
    ) -> None:
        self._settings = settings
        self._metrics = metrics
        self._ingest_progress = ingest_progress
        self._service: BriefService | None = None
        self._lock = threading.Lock()
        from parallax.adapters.progress_store import InMemoryBriefProgress

        self.progress: BriefProgress = InMemoryBriefProgress()

    def __call__(self) -> BriefService:
        if self._service is None:
            with self._lock:
                if self._service is None:
                    self._service = build_brief_service(
                        self._settings,
                        self._metrics,
                        ingest_progress=self._ingest_progress,
                        progress=self.progress,
                    )
        return self._service


# --- corroboration (issue 18) -------------------------------------------------------------------


def build_alignment_checker(
    settings: Settings, metrics: MetricsSink | None = None
) -> AlignmentChecker | None:
    """The model's check of ``differs`` and "missing here", when a model is configured."""
    if settings.llm_provider == "none":
        return None
    from parallax.adapters.llm import AnthropicClientFactory, LlmSettings
    from parallax.adapters.llm_corroboration import LlmAlignmentChecker

    try:
        llm = LlmSettings.from_settings(settings)
    except ValidationError as exc:
        raise SettingsError(f"PARALLAX_LLM_*: {exc.error_count()} invalid value(s)") from None
    return LlmAlignmentChecker(AnthropicClientFactory(llm), llm, metrics=metrics)


def build_corroboration_service(
    settings: Settings,
    briefs: Callable[[], BriefService],
    metrics: MetricsSink | None = None,
    warm_up: Callable[[], None] | None = None,
    *,
    resolver: Resolver | None = None,
) -> CorroborationService:
    """Other reports through the guarded fetcher, with a time-out no longer than the budget.
    ``warm_up`` loads page reading before the first budget starts (default: the domain's
    ``warm_up``; `serve` passes its background warm-up's ``run``, so that both share one load).
    ``resolver`` replaces the system's name lookup (the SSRF guard still checks every address
    it answers): ``parallax eval corroboration-path`` maps its outlets' names to its loopback
    site with it, so the evaluation dials nothing else."""
    from dataclasses import replace

    from parallax.adapters.fetcher import FetchPolicy, GuardedFetcher
    from parallax.domain.corroboration_service import CorroborationService
    from parallax.domain.extraction import extract_article
    from parallax.domain.extraction import warm_up as load_page_reading

    policy = FetchPolicy.from_settings(settings)
    policy = replace(policy, timeout_s=min(policy.timeout_s, settings.corroboration_budget_s))
    return CorroborationService(
        fetcher=GuardedFetcher(policy, resolver=resolver),
        extractor=extract_article,
        brief_cache=_build_cache(settings),
        make_brief=lambda request: briefs().brief(request),
        max_sources=settings.corroboration_sources,
        budget_s=settings.corroboration_budget_s,
        cache_ttl_s=float(min(settings.cache_ttl_s, 3600)),
        checker=build_alignment_checker(settings, metrics),
        warm_up=load_page_reading if warm_up is None else warm_up,
    )


def lazy_corroboration_service(
    settings: Settings,
    briefs: Callable[[], BriefService],
    metrics: MetricsSink | None = None,
    warm_up: Callable[[], None] | None = None,
) -> Callable[[], CorroborationService]:
    """Built on the first corroboration request, then reused."""
    built: list[CorroborationService] = []
    lock = threading.Lock()

    def get() -> CorroborationService:
        if not built:
            with lock:
                if not built:
                    built.append(build_corroboration_service(settings, briefs, metrics, warm_up))
        return built[0]

    return get


# --- the first Brief after a start (warm) -------------------------------------------------------


class PageReadingWarmUp:
    """Loads, once per process, what the first page read would otherwise load on first use
    (``parallax.domain.extraction.warm_up``: trafilatura, readability and htmldate with their
    lxml, the language model, the page-type judgement's models, dateparser's tables; about
    1.7 s here), so that the first reader's Brief costs what the second one does.

    ``start()`` runs it on a daemon thread: `parallax serve` calls it once its socket is bound,
    so neither the start nor ``/v1/health`` waits for it. Briefs never wait for it either: one
    that arrives while it runs reads its page as before, loading lazily what is not loaded yet
    (imports wait for each other under Python's import locks; the language model, the largest
    load, is taken under a lock, so only one thread loads it; the smaller model loaders are
    ``functools.cache``, whose cache stays coherent when two threads fill it at once). ``run()``
    is for callers that want everything loaded first (the corroboration service, before its
    first budget starts): the first caller loads, the others wait for that load to end.

    A failure is kept (``error``), never raised: warming is an optimisation, and a page read
    afterwards loads whatever is missing itself."""

    def __init__(self, load: Callable[[], None] | None = None) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._done = threading.Event()
        self.seconds: float | None = None
        """How long the load took, once it is done."""
        self.error: str | None = None
        """The type of the exception the load raised, if it did."""

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def run(self) -> None:
        """Load now (or wait for the load another thread is doing); returns when it is done."""
        if self._done.is_set():
            return
        with self._lock:
            if self._done.is_set():
                return
            started = time.perf_counter()
            try:
                self._loader()()
            except Exception as exc:  # an optimisation: the first page read loads it instead
                self.error = type(exc).__name__
            finally:
                self.seconds = time.perf_counter() - started
                self._done.set()

    def start(self, on_done: Callable[[PageReadingWarmUp], None] | None = None) -> threading.Thread:
        """Run the load on a daemon thread (a stop does not wait for it); ``on_done`` is called on
        that thread once it is done."""

        def work() -> None:
            self.run()
            if on_done is not None:
                on_done(self)

        thread = threading.Thread(target=work, name="parallax-warm-up", daemon=True)
        thread.start()
        return thread

    def wait(self, timeout_s: float | None = None) -> bool:
        """True once the load is done (by whichever thread), False after ``timeout_s``."""
        return self._done.wait(timeout_s)

    def _loader(self) -> Callable[[], None]:
        if self._load is not None:
            return self._load
        # Imported here, on the warming thread: the import of the extraction package is part of
        # what is warmed, and the caller's start must not pay for it.
        from parallax.domain.extraction import warm_up

        return warm_up
