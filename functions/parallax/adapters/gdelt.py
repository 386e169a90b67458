"""The GDELT DOC 2.0 API as a related-coverage provider.

``GET {base}/api/v2/doc/doc?query=...&mode=artlist&format=json&maxrecords=..&sort=datedesc
&timespan=..`` answers ``{"articles": [{"url", "title", "seendate": "20261129T101500Z",
"domain", "language": "German", "sourcecountry", ...}]}``; no match is ``{}`` or an empty list.
A query GDELT does not like (a word under three letters, too many terms, bad syntax) is answered
with a line of plain text and status 200, so anything that is not a JSON object is a failure.

Rate limit. GDELT asks for at most one request every five seconds. This process keeps to that
with one shared :class:`GdeltThrottle` (a lock and the time of the last call) and a short cache:

* a query answered within the last ``cache_ttl_s`` (default 10 min) is served from the cache,
  without a call — GDELT itself only updates every 15 minutes;
* a query that is being asked right now by another thread waits for that answer (within its own
  timeout) instead of calling again;
* any other query inside the five-second window is refused at once with ``RateLimited``. It does
  not sleep until the window opens: a five-second wait would blow the Brief's time budget, and
  the service reports the provider as failed (``partial``) while the other providers answer.

Every call, failed or not, counts against the window, because GDELT counts it too. The window is
per process: separate Lambda containers each keep their own.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import httpx

from parallax.adapters.provider_http import DEFAULT_MAX_BYTES, ProviderHttp, looks_like_html
from parallax.domain.bidi import visible_text
from parallax.domain.errors import FetchFailed, RateLimited, UpstreamTimeout
from parallax.domain.languages import primary_language
from parallax.domain.ports import Candidate, StoryQuery
from parallax.domain.related_ranking import search_string, search_terms
from parallax.domain.timestamps import iso_utc, parse_iso_utc

__all__ = [
    "GDELT_LANGUAGES",
    "PROCESS_THROTTLE",
    "GdeltProvider",
    "GdeltThrottle",
    "gdelt_query",
    "parse_gdelt_artlist",
]

# GDELT names languages in English; these are the ones its translingual pipeline covers that
# Parallax can show, plus a few it often returns.
GDELT_LANGUAGES: Final[Mapping[str, str]] = {
    "english": "en", "german": "de", "french": "fr", "spanish": "es", "italian": "it",
    "portuguese": "pt", "dutch": "nl", "polish": "pl", "swedish": "sv", "norwegian": "no",
    "danish": "da", "finnish": "fi", "czech": "cs", "slovak": "sk", "hungarian": "hu",
    "romanian": "ro", "bulgarian": "bg", "greek": "el", "turkish": "tr", "russian": "ru",
    "ukrainian": "uk", "croatian": "hr", "serbian": "sr", "slovenian": "sl", "estonian": "et",
    "latvian": "lv", "lithuanian": "lt", "hebrew": "he", "arabic": "ar", "chinese": "zh",
    "japanese": "ja", "korean": "ko", "indonesian": "id", "catalan": "ca", "hindi": "hi",
    "persian": "fa", "urdu": "ur", "vietnamese": "vi", "thai": "th", "malay": "ms",
    "bengali": "bn", "albanian": "sq", "macedonian": "mk", "bosnian": "bs", "tamil": "ta",
}  # fmt: skip
_LANGUAGE_NAMES: Final[Mapping[str, str]] = {code: name for name, code in GDELT_LANGUAGES.items()}

# GDELT's query rules: words of at least three characters, a bounded number of terms, OR only
# inside parentheses. The length cap keeps well inside what the API accepts.
_MIN_TERM_CHARS: Final = 3
_MAX_QUERY_TERMS: Final = 6
_MAX_QUERY_CHARS: Final = 250
_MAX_RECORDS: Final = 250
_MAX_LANGUAGE_FILTER: Final = 4
_CACHE_ENTRIES: Final = 256
# Older stories are searched in a window around their date instead of the last week.
_WINDOW_BEFORE: Final = timedelta(days=2)
_WINDOW_AFTER: Final = timedelta(days=5)
_SEENDATE_FORMAT: Final = "%Y%m%dT%H%M%SZ"
_GDELT_DATETIME: Final = "%Y%m%d%H%M%S"

Clock = Callable[[], float]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _InFlight:
    done: threading.Event = field(default_factory=threading.Event)


class GdeltThrottle:
    """One call per ``min_interval_s`` and a per-query answer cache, shared by a process.

    Times are whatever the provider's clock says (``time.monotonic`` in production, a fake in
    tests); the throttle never reads a clock itself.
    """

    def __init__(self, max_entries: int = _CACHE_ENTRIES) -> None:
        self._lock = threading.Lock()
        self._last_call: float | None = None
        self._cache: OrderedDict[str, tuple[float, tuple[Candidate, ...]]] = OrderedDict()
        self._in_flight: dict[str, _InFlight] = {}
        self._max_entries = max_entries

    def reset(self) -> None:
        """Forget the last call and the cache (tests; a new deployment starts empty anyway)."""
        with self._lock:
            self._last_call = None
            self._cache.clear()
            self._in_flight.clear()

    def cached(self, key: str, now: float, ttl_s: float) -> tuple[Candidate, ...] | None:
        with self._lock:
            return self._fresh(key, now, ttl_s)

    def _fresh(self, key: str, now: float, ttl_s: float) -> tuple[Candidate, ...] | None:
        entry = self._cache.get(key)
        if entry is None:
            return None
        stored_at, candidates = entry
        if now - stored_at > ttl_s or now < stored_at:
            del self._cache[key]
            return None
        return candidates

    def begin(
        self, key: str, now: float, min_interval_s: float, ttl_s: float
    ) -> tuple[Candidate, ...] | _InFlight | threading.Event:
        """Decide what a search for ``key`` at ``now`` does.

        Returns the cached answer, or an ``Event`` to wait on (another thread is asking the same
        query), or an ``_InFlight`` token meaning "call GDELT now, then :meth:`finish`". Raises
        ``RateLimited`` when the window is closed.
        """
        with self._lock:
            fresh = self._fresh(key, now, ttl_s)
            if fresh is not None:
                return fresh
            running = self._in_flight.get(key)
            if running is not None:
                return running.done
            if self._last_call is not None and 0 <= now - self._last_call < min_interval_s:
                wait = min_interval_s - (now - self._last_call)
                raise RateLimited(
                    f"gdelt allows one call every {min_interval_s:g} s; next in {wait:.1f} s"
                )
            self._last_call = now
            token = _InFlight()
            self._in_flight[key] = token
            return token

    def finish(
        self,
        key: str,
        token: _InFlight,
        now: float,
        candidates: tuple[Candidate, ...] | None,
    ) -> None:
        """End the call ``token`` stands for; store ``candidates`` unless the call failed."""
        with self._lock:
            if candidates is not None:
                self._cache[key] = (now, candidates)
                self._cache.move_to_end(key)
                while len(self._cache) > self._max_entries:
                    self._cache.popitem(last=False)
            if self._in_flight.get(key) is token:
                del self._in_flight[key]
        token.done.set()


PROCESS_THROTTLE: Final = GdeltThrottle()
"""The throttle every ``GdeltProvider`` in this process shares unless given its own."""


def gdelt_query(query: StoryQuery) -> str:
    """The GDELT query string for ``query`` ("" when nothing is searchable).

    GDELT matches non-English articles through their English machine translation, so the terms
    are the ones for English: all of them for an English article, otherwise the names and numbers
    (and the model's English terms when it gave any). Two terms are required when there are
    enough, the rest OR'd: results are sorted by date, not relevance, so the query itself has to
    be precise. The languages asked for become a ``sourcelang:`` filter.
    """
    terms = search_terms(query, "en")
    anchors = 2 if len(terms) >= 3 else 1
    languages = [
        _LANGUAGE_NAMES[code]
        for code in dict.fromkeys(primary_language(x) for x in query.languages)
        if code in _LANGUAGE_NAMES
    ]
    language_filter = ""
    if languages and len(languages) <= _MAX_LANGUAGE_FILTER:
        names = [f"sourcelang:{name}" for name in languages]
        language_filter = names[0] if len(names) == 1 else "(" + " OR ".join(names) + ")"
    room = _MAX_QUERY_CHARS - (len(language_filter) + 1 if language_filter else 0)
    text = search_string(
        terms,
        max_chars=room,
        max_terms=_MAX_QUERY_TERMS,
        min_term_chars=_MIN_TERM_CHARS,
        anchors=anchors,
    )
    if not text:
        return ""
    return f"{text} {language_filter}".strip()


class GdeltProvider:
    """``RelatedProvider`` over the GDELT DOC 2.0 article list."""

    def __init__(
        self,
        base_url: str,
        timeout_s: float,
        min_interval_s: float = 5.0,
        clock: Clock = time.monotonic,
        client: httpx.Client | None = None,
        *,
        name: str = "gdelt",
        cache_ttl_s: float = 600.0,
        throttle: GdeltThrottle | None = None,
        utc_now: Callable[[], datetime] = _utc_now,
        timespan: str = "7d",
        max_bytes: int = DEFAULT_MAX_BYTES,
        user_agent: str | None = None,
    ) -> None:
        self.name = name
        self._http = ProviderHttp(
            name, base_url, timeout_s, client, max_bytes=max_bytes, user_agent=user_agent
        )
        self._min_interval_s = min_interval_s
        self._clock = clock
        self._cache_ttl_s = cache_ttl_s
        self._throttle = PROCESS_THROTTLE if throttle is None else throttle
        self._utc_now = utc_now
        self._timespan = timespan

    def params(self, query: StoryQuery, limit: int) -> dict[str, str] | None:
        """The request parameters for ``query``, or None when there is nothing to search for."""
        text = gdelt_query(query)
        if not text:
            return None
        params = {
            "query": text,
            "mode": "artlist",
            "format": "json",
            "maxrecords": str(max(1, min(limit, _MAX_RECORDS))),
            "sort": "datedesc",
        }
        published = parse_iso_utc(query.published)
        now = self._utc_now()
        if published is not None and published + _WINDOW_AFTER < now:
            params["startdatetime"] = (published - _WINDOW_BEFORE).strftime(_GDELT_DATETIME)
            params["enddatetime"] = (published + _WINDOW_AFTER).strftime(_GDELT_DATETIME)
        else:
            params["timespan"] = self._timespan
        return params

    def search(self, query: StoryQuery, limit: int, timeout_s: float) -> list[Candidate]:
        params = self.params(query, limit)
        if params is None or limit <= 0:
            return []
        key = "\x1f".join([self._http.base_url, *(f"{k}={v}" for k, v in sorted(params.items()))])
        budget = min(timeout_s, self._http.timeout_s)
        outcome = self._throttle.begin(key, self._clock(), self._min_interval_s, self._cache_ttl_s)
        if isinstance(outcome, tuple):
            return list(outcome[:limit])
        if isinstance(outcome, threading.Event):
            if not outcome.wait(budget):
                raise UpstreamTimeout(f"{self.name} did not answer within {budget:g} s")
            shared = self._throttle.cached(key, self._clock(), self._cache_ttl_s)
            if shared is None:
                raise FetchFailed(f"{self.name} failed for a concurrent identical query")
            return list(shared[:limit])
        candidates: tuple[Candidate, ...] | None = None
        try:
            body, _ = self._http.get(
                "/api/v2/doc/doc", params, budget, accept="application/json, */*;q=0.1"
            )
            candidates = tuple(parse_gdelt_artlist(body, provider=self.name))
        finally:
            self._throttle.finish(key, outcome, self._clock(), candidates)
        return list(candidates[:limit])


def parse_gdelt_artlist(body: bytes, *, provider: str = "gdelt") -> list[Candidate]:
    """Candidates from an ``artlist`` JSON answer; raises for anything else.

    Articles without an http(s) URL or a title are skipped; an unknown language or an unreadable
    ``seendate`` leaves that field empty rather than dropping the article.
    """
    if looks_like_html(body):
        raise FetchFailed(f"{provider} answered an HTML page instead of JSON")
    text = body.decode("utf-8", errors="replace").strip()
    if text.lower().startswith("please limit requests"):
        raise RateLimited(f"{provider} asked to slow down")
    try:
        # strict=False: GDELT titles occasionally carry raw control characters.
        data: Any = json.loads(text, strict=False) if text else {}
    except (json.JSONDecodeError, RecursionError):
        raise FetchFailed(f"{provider} answer is not valid JSON") from None
    if not isinstance(data, dict):
        raise FetchFailed(f"{provider} answer is not a JSON object")
    articles = data.get("articles", [])
    if not isinstance(articles, list):
        raise FetchFailed(f"{provider} answer has no article list")
    candidates: list[Candidate] = []
    for article in articles:
        candidate = _candidate(article, provider)
        if candidate is not None:
            candidates.append(candidate)
    return candidates


def _candidate(article: object, provider: str) -> Candidate | None:
    if not isinstance(article, dict):
        return None
    url = _text(article.get("url"))
    # Without bidi overrides, which can show a headline reversed (parallax.domain.bidi): a
    # title of only such characters is none, and the article is skipped.
    title = " ".join(visible_text(_text(article.get("title"))).split())
    if not title or not url.lower().startswith(("http://", "https://")):
        return None
    language = GDELT_LANGUAGES.get(_text(article.get("language")).lower())
    domain = _text(article.get("domain")).lower() or None
    return Candidate(
        url=url,
        title=title,
        provider=provider,
        outlet_name=None,
        outlet_domain=domain,
        language=language,
        published=_seendate(_text(article.get("seendate"))),
    )


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _seendate(value: str) -> str | None:
    """``20261129T101500Z`` → ``2026-11-29T10:15:00Z``."""
    try:
        moment = datetime.strptime(value, _SEENDATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None
    return iso_utc(moment)
