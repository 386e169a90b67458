"""The extractive summariser on the development sets: ours against Lead-3.

For every line ``{id, lang, article, reference}`` of ``DATA/summaries/<set>.jsonl``:

* ours: the article split by :func:`parallax.domain.sentences.split_sentences`, then the sentences
  :func:`parallax.domain.extractive_summariser.select_sentences` chooses (its default count, the one a
  reader gets: 3 for a news item, fewer for short texts, 5 above 1,000 words and 6 above 2,000 —
  one article of cnndm-dev is that long; the reference summaries are about three sentences);
* the baseline, Lead-3: the first three sentences of the same split, so that the comparison is
  about choosing sentences, not about splitting them.

Both are timed from the article text (splitting included), interleaved per item, alternating
which goes first. The reference is split by the same splitter, one sentence per line, for
ROUGE-Lsum. A summariser error leaves that item's summary empty and is counted by code.
"""

from __future__ import annotations

import json
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from parallax.evaluation import DataError, data_lines
from parallax.evaluation.extraction import Progress, check_sets
from parallax.evaluation.metrics import rouge, timing

__all__ = ["SUMMARY_SETS", "lead", "load_items", "run_summaries"]

SUMMARY_SETS = ("cnndm-dev", "20min-dev")
LEAD_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class _Item:
    id: str
    language: str
    article: str
    reference: str


@dataclass(frozen=True, slots=True)
class _Output:
    sentences: list[str]
    error: str | None = None


def load_items(path: Path, limit: int | None = None) -> list[_Item]:
    if not path.is_file():
        raise DataError(f"missing {path}")
    items: list[_Item] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in data_lines(path, handle):
            try:
                row = json.loads(line)
                item = _Item(str(row["id"]), str(row["lang"]), row["article"], row["reference"])
            except (ValueError, KeyError, TypeError) as exc:
                raise DataError(f"{path}:{number}: not a summary record") from exc
            if not isinstance(item.article, str) or not isinstance(item.reference, str):
                raise DataError(f"{path}:{number}: article and reference must be text")
            items.append(item)
            if limit is not None and len(items) >= limit:
                break
    return items


def lead(text: str, language: str, n: int = LEAD_SENTENCES) -> list[str]:
    """The first ``n`` sentences of ``text``."""
    from parallax.domain.sentences import split_sentences

    return split_sentences(text, language)[:n]


def _ours(text: str, language: str) -> _Output:
    from parallax.domain.errors import ParallaxError
    from parallax.domain.extractive_summariser import select_sentences
    from parallax.domain.sentences import split_sentences

    try:
        sentences = split_sentences(text, language)
        return _Output([sentences[i] for i in select_sentences(sentences, language)])
    except ParallaxError as exc:
        return _Output([], exc.code)
    except Exception as exc:  # counted and reported: one crash must not hide the other items
        return _Output([], f"internal:{type(exc).__name__}")


def _lead3(text: str, language: str) -> _Output:
    try:
        return _Output(lead(text, language))
    except Exception as exc:  # the baseline's failures are counted like ours
        return _Output([], f"internal:{type(exc).__name__}")


def _timed(function: Callable[[str, str], _Output], item: _Item) -> tuple[_Output, float]:
    started = time.perf_counter()
    output = function(item.article, item.language)
    return output, time.perf_counter() - started


def _score(
    items: Sequence[_Item],
    outputs: Sequence[_Output],
    references: Sequence[list[str]],
    seconds: Sequence[float],
) -> dict[str, Any]:
    scores = rouge(
        (o.sentences, ref, i.language) for i, o, ref in zip(items, outputs, references, strict=True)
    )
    errors = Counter(o.error for o in outputs if o.error)
    return {
        "scores": {"rouge1": scores.rouge1, "rouge2": scores.rouge2, "rougeLsum": scores.rougeLsum},
        "time": timing(seconds),
        "mean_sentences": sum(len(o.sentences) for o in outputs) / len(outputs) if outputs else 0,
        "empty": sum(1 for o in outputs if not o.sentences),
        "errors": dict(sorted(errors.items())),
    }


def _run_set(items: Sequence[_Item], label: str, progress: Progress | None) -> dict[str, Any]:
    from parallax.domain.sentences import split_sentences

    ours: list[_Output] = []
    baseline: list[_Output] = []
    ours_s: list[float] = []
    baseline_s: list[float] = []
    for index, item in enumerate(items):
        if index % 2 == 0:
            mine, mine_s = _timed(_ours, item)
            theirs, theirs_s = _timed(_lead3, item)
        else:
            theirs, theirs_s = _timed(_lead3, item)
            mine, mine_s = _timed(_ours, item)
        ours.append(mine)
        ours_s.append(mine_s)
        baseline.append(theirs)
        baseline_s.append(theirs_s)
        if progress:
            progress(label, index + 1, len(items))
    references = [split_sentences(i.reference, i.language) for i in items]
    return {
        "items": len(items),
        "ours": _score(items, ours, references, ours_s),
        "baseline": _score(items, baseline, references, baseline_s),
    }


def run_summaries(
    data: Path,
    sets: Sequence[str] | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run ours and Lead-3 on each set under ``data/summaries`` and return the report.

    Raises ``ValueError`` for an unknown set name, :class:`DataError` for missing or broken data
    and ``ModuleNotFoundError`` when the optional ``rouge-score`` package is not installed.
    """
    # optional extra `eval`: fail before the work, not after it
    import rouge_score  # type: ignore[import-untyped]  # noqa: F401

    chosen = check_sets(sets, SUMMARY_SETS)
    loaded = {name: load_items(data / "summaries" / f"{name}.jsonl", limit) for name in chosen}
    first = next((items[0] for items in loaded.values() if items), None)
    if first is not None:
        # the first call compiles the splitter's patterns and loads stop words: paid untimed
        _ours(first.article, first.language)
    report: dict[str, Any] = {
        "kind": "summaries",
        "data": str(data),
        "limit": limit,
        "ours": "parallax.domain.extractive_summariser.select_sentences (default count)",
        "baseline": f"Lead-{LEAD_SENTENCES} (same sentence splitter)",
        "versions": {"python": platform.python_version()},
        "sets": {},
    }
    for name, items in loaded.items():
        report["sets"][name] = _run_set(items, name, progress)
    return report
