"""Headline translation by Claude, in calls of a few headlines each; ``None`` for any headline the
model did not translate usably.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Final, TypeVar

from parallax.adapters.llm.caller import (
    ModelFailure,
    ModelUser,
    classify_failure,
    stopped_at_budget,
    tool_input,
    usage_of,
)
from parallax.adapters.llm.clients import ClientFactory
from parallax.adapters.llm.metrics import (
    CallRecord,
    LlmCallMetrics,
    MetricsSink,
    TitleTranslationMetrics,
    emit_metrics,
)
from parallax.adapters.llm.notices import NOTICE_INVALID_OUTPUT
from parallax.adapters.llm.prices import PRICES, Price
from parallax.adapters.llm.settings import LlmSettings
from parallax.adapters.llm.title_cache import TitleCache, TitleKey
from parallax.domain.languages import primary_language
from parallax.domain.neutral_summary import (
    MAX_TITLES_TRANSLATED,
    TRANSLATION_SYSTEM_PROMPT,
    TRANSLATION_TOOL,
    TRANSLATION_TOOL_NAME,
    OutputInvalid,
    build_translation_prompt,
    parse_translation_output,
    translation_chunks,
)
from parallax.domain.pipeline import RETRY_SOON_NOTICES
from parallax.domain.ports import TranslatedTitles

logger = logging.getLogger(__name__)

_Work = TypeVar("_Work")
_Done = TypeVar("_Done")

MAX_CONCURRENT_CALLS: Final = 5
"""Translation calls of one ``translate`` under way at once. The calls run side by side, not one
after the other: each may take the whole translation budget (translate_timeout_s, 6 s), and a
Brief has what its fetch, extraction and related search left of its 24 s; five calls in a row
would need up to 30 s, and the later ones (the topic's headlines) would be cut off by the Brief's
deadline. Side by side, the Brief waits as long as the slowest call. Five is the largest request's
headlines (2 x 50, MAX_TITLES_TRANSLATED) at 20 a call, so they go in one round; more chunks (long
headlines) wait for a free call, each with what is left of the time then, rather than open a
burst of requests that a rate limit would answer for everyone. (A call that stops at its output
budget sends its rest again in two halves of its own: at most twice as many calls at once, and
only then.)"""


@dataclass(frozen=True)
class _Chunk:
    """What a chunk's calls gave: translations aligned with its headlines, one metrics record
    per call made (or skipped for lack of time), and the failure code when some of them could
    not be translated for a failure (None when every call answered)."""

    titles: list[str | None]
    metrics: list[LlmCallMetrics]
    code: str | None


def _side_by_side(
    run: Callable[[_Work], _Done], work: Sequence[_Work], at_most: int, name: str
) -> list[_Done]:
    """``run`` over ``work`` in order, at most ``at_most`` at once in threads named ``name``; one
    piece of work runs on the caller's thread (no pool for a single call)."""
    if len(work) == 1:
        return [run(work[0])]
    with ThreadPoolExecutor(max_workers=min(at_most, len(work)), thread_name_prefix=name) as pool:
        return list(pool.map(run, work))


def _told_failure(codes: Sequence[str]) -> str | None:
    """Of failed calls' codes, the one the Brief is told: a passing one first (trying again soon
    would translate those headlines), else the first."""
    return next((code for code in codes if code in RETRY_SOON_NOTICES), codes[0] if codes else None)


class LlmTitleTranslator(ModelUser):
    """Related headlines into the reader's language, in calls of a few headlines each
    (``translation_chunks``): ``None`` for a title that could not be translated; a failed call
    leaves its own headlines untranslated, the others keep theirs, and what a call stopped at its
    output budget left out is sent again in two halves.

    A headline translated before (by this model, from the same language as given, into the same
    language) is taken from ``cache`` and not sent: readers of one story get largely the same
    related headlines. Only translations that passed ``parse_translation_output``'s checks are
    kept. Without a ``cache``, one of ``settings.translate_cache_size`` entries is made."""

    def __init__(
        self,
        client_factory: ClientFactory,
        settings: LlmSettings,
        metrics: MetricsSink | None = None,
        *,
        prices: Mapping[str, Price] = PRICES,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        cache: TitleCache | None = None,
    ) -> None:
        super().__init__(client_factory, settings, metrics, prices=prices, clock=clock, sleep=sleep)
        self._cache = TitleCache(settings.translate_cache_size) if cache is None else cache

    def translate(
        self,
        titles: Sequence[str],
        language: str,
        title_languages: Sequence[str] | None = None,
        *,
        time_left_s: float | None = None,
    ) -> TranslatedTitles:
        """Translations aligned with ``titles``; the first ``MAX_TITLES_TRANSLATED`` are
        translated (the rest are ``None``): from the cache where it holds them, the others sent
        in order, the first call with the first headlines (the caller puts the same story's
        there). ``title_languages``, aligned with ``titles``, are their
        own languages where known: a headline's number words are read in its language. Each
        call keeps inside what is left of ``time_left_s`` (less a margin) when it starts, and is
        not made when too little is left.

        ``failure`` is a failed call's code when any failed: one whose reason passes (a
        time-out, a rate limit) before any other, so that the Brief is kept briefly whenever
        trying again would translate the headlines it lacks."""
        if not titles:
            return TranslatedTitles([])
        sent = list(titles[:MAX_TITLES_TRANSLATED])
        languages = None if title_languages is None else list(title_languages[: len(sent)])
        target = primary_language(language)
        translated: list[str | None] = [None] * len(titles)
        asked = self._from_cache(sent, languages, target, translated)
        cached = sum(title is not None for title in translated)
        if not asked:
            logger.info("LLM headline translation: all %d headlines from the cache", cached)
            self._emit_total(len(sent), cached, 0, 0, 0)
            return TranslatedTitles(translated)
        misses = list(asked)
        chunks = translation_chunks([key[0] for key in misses], self._settings.translate_max_tokens)
        outcomes = self._send(misses, chunks, target, languages is not None, time_left_s)

        for chunk, outcome in zip(chunks, outcomes, strict=True):
            for index, title in zip(chunk, outcome.titles, strict=True):
                if title is not None:
                    # Only a translation that passed parse_translation_output's checks.
                    self._cache.put(misses[index], title)
                    for position in asked[misses[index]]:
                        translated[position] = title
        # Sent from the caller's thread, in the calls' order: one record per call, then the
        # translation's own.
        records = [metrics for outcome in outcomes for metrics in outcome.metrics]
        for metrics in records:
            emit_metrics(self._metrics, metrics)
        came_back = sum(title is not None for outcome in outcomes for title in outcome.titles)
        self._emit_total(len(sent), cached, len(misses), came_back, len(records))
        if cached:
            logger.info(
                "LLM headline translation: %d of %d headlines from the cache, %d sent in %d calls",
                cached,
                len(sent),
                len(misses),
                len(records),
            )
        failed = [outcome for outcome in outcomes if outcome.code is not None]
        if not failed:
            return TranslatedTitles(translated)
        codes = [outcome.code for outcome in failed if outcome.code is not None]
        failure = _told_failure(codes)
        logger.warning(
            "LLM headline translation: %d of %d calls failed (%s); %d of %d headlines untranslated",
            len(failed),
            len(outcomes),
            ", ".join(sorted(set(codes))),
            sum(title is None for outcome in failed for title in outcome.titles),
            len(sent),
        )
        return TranslatedTitles(translated, failure)

    def _emit_total(
        self, headlines: int, cached: int, sent: int, translated: int, calls: int
    ) -> None:
        emit_metrics(
            self._metrics,
            TitleTranslationMetrics(
                provider=self._settings.provider,
                model=self._settings.model_id,
                headlines=headlines,
                cached=cached,
                sent=sent,
                translated=translated,
                calls=calls,
            ),
        )

    def _from_cache(
        self,
        sent: list[str],
        languages: list[str] | None,
        target: str,
        translated: list[str | None],
    ) -> dict[TitleKey, list[int]]:
        """Fill ``translated`` with what the cache holds for ``sent``; the headlines still to
        send, each key once (the same headline twice in a Brief is sent once) with the positions
        it fills, in the order given (the same story's first)."""
        model = self._settings.model_id
        asked: dict[TitleKey, list[int]] = {}
        for index, title in enumerate(sent):
            own = None if languages is None or index >= len(languages) else languages[index]
            key: TitleKey = (title, own, target, model)
            kept = self._cache.get(key)
            if kept is not None:
                translated[index] = kept
            else:
                asked.setdefault(key, []).append(index)
        return asked

    def _send(
        self,
        misses: list[TitleKey],
        chunks: list[range],
        target: str,
        with_languages: bool,
        time_left_s: float | None,
    ) -> list[_Chunk]:
        """The calls for ``misses``, one a chunk, side by side (at most MAX_CONCURRENT_CALLS)."""
        started = self._clock()

        def run(chunk: range) -> _Chunk:
            left = None if time_left_s is None else time_left_s - (self._clock() - started)
            return self._translate_chunk(
                [misses[i][0] for i in chunk],
                target,
                # A headline of no known language is read in none ("und": _headline_language).
                [misses[i][1] or "" for i in chunk] if with_languages else None,
                left,
            )

        return _side_by_side(run, chunks, MAX_CONCURRENT_CALLS, "translate")

    def _translate_chunk(
        self,
        batch: list[str],
        target: str,
        batch_languages: list[str] | None,
        time_left_s: float | None,
    ) -> _Chunk:
        """One call for ``batch`` (at most MAX_TITLES_PER_CALL headlines); when its answer
        stops at the output budget, the headlines it left untranslated are sent again at once,
        in two halves side by side (one left out: alone).

        Why at once, and halved: the calls are sized to about 3/4 of the budget, so a stop
        means these headlines' answer is far longer than estimated (a script costlier than
        0.75 tokens a character, a rambling answer). The same call made again would most likely
        stop again, and keeping the Brief 5 minutes to retry it would pay a full budget every
        time for the same stop; half as many headlines need about half the output. What the
        halves cannot translate (one stops again) keeps the Brief for the usual time, for the
        same reason; a half skipped or cut short for lack of the Brief's time is a time-out
        (kept 5 minutes: the next reader's Brief may have the time)."""
        started = self._clock()
        translated, metrics, code, truncated = self._call(
            batch, target, batch_languages, time_left_s
        )
        missing = [i for i, title in enumerate(translated) if title is None]
        if not truncated or not missing or len(batch) < 2:
            # A lone headline that stopped would stop the same way if sent again.
            return _Chunk(translated, [metrics], code)
        # One left out (the answer stopped in its last translation) is sent again alone: it
        # needs a fraction of the answer that stopped (it was kept untranslated, the Brief
        # cached 6 h with it).
        half = (len(missing) + 1) // 2
        parts = [missing[:half], missing[half:]] if len(missing) > 1 else [missing]
        left = None if time_left_s is None else time_left_s - (self._clock() - started)

        def again(part: list[int]) -> tuple[list[str | None], LlmCallMetrics, str | None, bool]:
            languages = (
                None
                if batch_languages is None
                else [batch_languages[i] for i in part if i < len(batch_languages)]
            )
            return self._call([batch[i] for i in part], target, languages, left)

        halves = _side_by_side(again, parts, 2, "translate-half")
        records = [metrics]
        codes: list[str] = []
        for part, (titles, half_metrics, half_code, _) in zip(parts, halves, strict=True):
            for index, title in zip(part, titles, strict=True):
                translated[index] = title
            records.append(half_metrics)
            if half_code is not None:
                codes.append(half_code)
        return _Chunk(translated, records, _told_failure(codes))

    def _call(
        self,
        batch: list[str],
        target: str,
        batch_languages: list[str] | None,
        time_left_s: float | None,
    ) -> tuple[list[str | None], LlmCallMetrics, str | None, bool]:
        """One call for ``batch``: its translations, its metrics record, its failure code, and
        whether its answer stopped at the output budget."""
        call = CallRecord("translate", self._clock())
        translated: list[str | None] = [None] * len(batch)
        truncated = False
        try:
            message, attempts = self._caller.call(
                system=TRANSLATION_SYSTEM_PROMPT,
                tool=TRANSLATION_TOOL,
                user_message=build_translation_prompt(batch, target),
                max_tokens=self._settings.translate_max_tokens,
                budget_s=self._budget(self._settings.translate_timeout_s, time_left_s),
            )
            call = replace(call, attempts=attempts, usage=usage_of(message))
            truncated = stopped_at_budget(message)
            try:
                translated = parse_translation_output(
                    tool_input(message, TRANSLATION_TOOL_NAME, truncated_ok=True),
                    batch,
                    target,
                    batch_languages,
                    truncated=truncated,
                )
            except OutputInvalid as exc:
                reason = "max_tokens" if truncated else exc.reason
                raise ModelFailure(NOTICE_INVALID_OUTPUT, reason, attempts) from None
            if truncated:
                # Stopped at the output budget: the translations that arrived whole are kept,
                # and the call is still a failure (its last headlines are missing).
                call = replace(call, code=NOTICE_INVALID_OUTPUT, detail="max_tokens")
        except ModelFailure as failure:
            translated = [None] * len(batch)
            call = replace(call, code=failure.code, detail=failure.detail)
            if not call.attempts:
                call = replace(call, attempts=failure.attempts)
        except Exception as exc:
            translated = [None] * len(batch)
            code, detail, _ = classify_failure(exc)
            logger.debug("LLM headline translation raised", exc_info=True)
            call = replace(call, code=code, detail=detail)
        if call.code is not None:
            logger.info(
                "LLM headline translation call failed: %s (%s), %d of %d headlines kept",
                call.code,
                call.detail,
                sum(title is not None for title in translated),
                len(batch),
            )
        metrics = call.metrics(self._settings, self._prices, self._clock())
        return translated, metrics, call.code, truncated
