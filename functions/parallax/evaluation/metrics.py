"""The metrics of ``../shared/data/README.md``, implemented exactly, plus metadata accuracy.

Body F1 (token 4-gram overlap, as in scrapinghub/article-extraction-benchmark):

* tokens are ``\\w+`` runs, compared as they are (case kept); a text becomes the multiset of its
  token 4-grams. A text of one to three tokens becomes one shorter n-gram of all its tokens, as in
  the benchmark's own script, so that a very short text is not mistaken for an empty one;
* per page, precision = matched / predicted and recall = matched / true, where matched counts
  each n-gram ``min(predicted count, true count)`` times;
* both texts empty: precision = recall = 1 (nothing to find, nothing wrongly found);
* exactly one empty: precision = recall = 0. An empty prediction found nothing of the article; a
  prediction for a page whose truth is empty found only what should not be there. The benchmark's
  script instead leaves such pages out of the precision mean; we count them, so that refusing a
  hard page (returning nothing) can never raise a score;
* precision and recall are averaged over pages, and F1 is the harmonic mean of the two means.

Snippet F1 (trafilatura's evaluation): white space is collapsed in snippets and output alike; a
``with`` snippet contained in the output is a true positive, else a false negative; a ``without``
snippet contained is a false positive (not contained: a true negative, which F1 ignores). Counts
are summed over all pages of a set (micro-average). Snippets empty after collapsing are skipped:
the empty string is contained in every text and says nothing.

ROUGE-1/2/Lsum F1: the ``rouge-score`` package with its default tokenizer, Porter stemming for
English only; for ROUGE-Lsum each sentence is on its own line. Scores are means of the per-item
F-measures, in points (x 100), as ROUGE is usually reported.

Metadata: a title is right when it equals the truth after normalisation (Unicode NFKC, case
folded, only ``\\w+`` runs kept, joined by single spaces) — so case, punctuation, quotes and
white space do not matter, but a site name appended to the headline ("Title | Site") does. A date
is right when it names the same calendar day (``YYYY-MM-DD``, the time is ignored). Only pages
whose truth has a non-empty value count; a missing prediction is wrong.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

__all__ = [
    "NGRAM",
    "Accuracy",
    "BodyScore",
    "PageScore",
    "RougeScore",
    "SnippetCounts",
    "SnippetScore",
    "accuracy",
    "body_f1",
    "body_page_score",
    "count_snippets",
    "date_matches",
    "f1",
    "nearest_rank",
    "ngrams",
    "normalise_title",
    "rouge",
    "snippet_f1",
    "timing",
    "title_matches",
    "tokens",
]

NGRAM = 4
_TOKEN = re.compile(r"\w+")
_DAY = re.compile(r"^\s*(\d{4}-\d{2}-\d{2})")


def f1(precision: float, recall: float) -> float:
    """Harmonic mean; 0 when both are 0."""
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


# --- body F1 -------------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def ngrams(text: str, n: int = NGRAM) -> Counter[tuple[str, ...]]:
    """The multiset of token ``n``-grams of ``text``; one shorter n-gram when it has fewer tokens."""
    words = tokens(text)
    if not words:
        return Counter()
    if len(words) < n:
        return Counter([tuple(words)])
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


@dataclass(frozen=True, slots=True)
class PageScore:
    precision: float
    recall: float


def body_page_score(predicted: str, true: str) -> PageScore:
    """Precision and recall of one page's predicted text against its true text."""
    pred, gold = ngrams(predicted), ngrams(true)
    if not pred and not gold:
        return PageScore(1.0, 1.0)
    if not pred or not gold:
        return PageScore(0.0, 0.0)
    matched = sum((pred & gold).values())
    return PageScore(matched / pred.total(), matched / gold.total())


@dataclass(frozen=True, slots=True)
class BodyScore:
    precision: float
    recall: float
    f1: float
    pages: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def body_f1(pairs: Iterable[tuple[str, str]]) -> BodyScore:
    """Body F1 over ``(predicted, true)`` text pairs; an empty set scores 0 (nothing measured)."""
    scores = [body_page_score(predicted, true) for predicted, true in pairs]
    if not scores:
        return BodyScore(0.0, 0.0, 0.0, 0)
    precision = sum(s.precision for s in scores) / len(scores)
    recall = sum(s.recall for s in scores) / len(scores)
    return BodyScore(precision, recall, f1(precision, recall), len(scores))


# --- snippet F1 ----------------------------------------------------------------------------------


def _collapse(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True, slots=True)
class SnippetCounts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: SnippetCounts) -> SnippetCounts:
        return SnippetCounts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def count_snippets(output: str, with_: Sequence[str], without: Sequence[str]) -> SnippetCounts:
    """True positives, false positives and false negatives of one page."""
    text = _collapse(output)
    wanted = [s for s in map(_collapse, with_) if s]
    unwanted = [s for s in map(_collapse, without) if s]
    tp = sum(1 for s in wanted if s in text)
    fp = sum(1 for s in unwanted if s in text)
    return SnippetCounts(tp=tp, fp=fp, fn=len(wanted) - tp)


@dataclass(frozen=True, slots=True)
class SnippetScore:
    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def snippet_f1(counts: Iterable[SnippetCounts]) -> SnippetScore:
    """Micro-averaged snippet F1. With no snippets at all (nothing to get right or wrong) every
    score is 1; otherwise a zero denominator means nothing right was found, and scores 0."""
    total = sum(counts, SnippetCounts())
    tp, fp, fn = total.tp, total.fp, total.fn
    if tp + fp + fn == 0:
        return SnippetScore(1.0, 1.0, 1.0, 0, 0, 0)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return SnippetScore(precision, recall, f1(precision, recall), tp, fp, fn)


# --- ROUGE ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RougeScore:
    """Mean F-measures in points (0 to 100)."""

    rouge1: float
    rouge2: float
    rougeLsum: float  # noqa: N815 -- the name rouge-score and the literature use
    items: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def rouge(items: Iterable[tuple[Sequence[str], Sequence[str], str]]) -> RougeScore:
    """ROUGE F-measures over ``(predicted sentences, reference sentences, language)`` items.

    Raises ``ModuleNotFoundError`` when the optional ``rouge-score`` package is missing.
    """
    # optional extra `eval`, without type information; costly to import
    from rouge_score import rouge_scorer  # type: ignore[import-untyped]

    scorers: dict[bool, Any] = {}
    sums = {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0}
    count = 0
    for predicted, reference, language in items:
        stem = language.strip().lower().replace("_", "-").split("-")[0] == "en"
        if stem not in scorers:
            scorers[stem] = rouge_scorer.RougeScorer(list(sums), use_stemmer=stem)
        # rouge-score computes the summary-level LCS of ROUGE-Lsum over newline-separated lines.
        result = scorers[stem].score("\n".join(reference), "\n".join(predicted))
        for key in sums:
            sums[key] += result[key].fmeasure
        count += 1
    if not count:
        return RougeScore(0.0, 0.0, 0.0, 0)
    return RougeScore(
        100 * sums["rouge1"] / count,
        100 * sums["rouge2"] / count,
        100 * sums["rougeLsum"] / count,
        count,
    )


# --- metadata ------------------------------------------------------------------------------------


def normalise_title(title: str) -> str:
    return " ".join(_TOKEN.findall(unicodedata.normalize("NFKC", title).casefold()))


def title_matches(predicted: str | None, true: str) -> bool:
    return bool(predicted) and normalise_title(predicted or "") == normalise_title(true)


def date_matches(predicted: str | None, true: str) -> bool:
    found, wanted = _DAY.match(predicted or ""), _DAY.match(true)
    return found is not None and wanted is not None and found.group(1) == wanted.group(1)


@dataclass(frozen=True, slots=True)
class Accuracy:
    correct: int
    total: int

    @property
    def accuracy(self) -> float | None:
        """None when nothing was measured (no page had the truth field)."""
        return self.correct / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        return {"accuracy": self.accuracy, "correct": self.correct, "total": self.total}


def accuracy(outcomes: Iterable[bool]) -> Accuracy:
    results = list(outcomes)
    return Accuracy(sum(results), len(results))


# --- time ----------------------------------------------------------------------------------------


def timing(seconds: Sequence[float]) -> dict[str, float | None]:
    """Milliseconds per item (mean, median, 95th percentile) and the total in seconds."""
    if not seconds:
        return {"mean_ms": None, "p50_ms": None, "p95_ms": None, "total_s": 0.0}
    ordered = sorted(seconds)
    return {
        "mean_ms": 1000 * sum(ordered) / len(ordered),
        "p50_ms": 1000 * nearest_rank(ordered, 0.5),
        "p95_ms": 1000 * nearest_rank(ordered, 0.95),
        "total_s": sum(ordered),
    }


def nearest_rank(values: Sequence[float], share: float) -> float:
    """The ``share`` percentile of ``values`` by nearest rank: one of the measured values, not an
    interpolation; NaN when there are none."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]
