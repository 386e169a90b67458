"""Whole pages as the reader gets them: is it an article, and does its summary read well.

``run_pagetype``: every page of ``DATA/pagetype/wcxb-dev`` (labelled non-article pages) and of the
article sets in ``DATA/extraction`` goes through :func:`parallax.domain.extraction.read_page`; the
report gives, per page type and per article set, the share refused (``is_article`` false), the
reason codes and the time of the judgement itself. The baseline in the same run is the page's
own declaration alone: refuse unless it declares an article (``og:type`` article, a schema.org
article node or a publication time).

``run_furniture``: the article pages of the extraction sets that ours accepts, summarised by the
offline summariser as a reader gets it (:class:`parallax.domain.extractive_summariser.ExtractiveSummariser`);
the report gives the share of bullets that are furniture by the evaluation's own detector
(:mod:`parallax.evaluation.furniture`), near-duplicate pairs, bullets per article by length and
whether bullets keep the article's order. The baseline is Lead-3 of the same extracted text.
"""

from __future__ import annotations

import platform
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from parallax.domain.page_type_rules import MIN_WORDS
from parallax.evaluation.extraction import (
    EXTRACTION_SETS,
    Progress,
    _read_page,
    check_sets,
    load_truth,
)
from parallax.evaluation.furniture import furniture_kind, near_duplicate_pairs
from parallax.evaluation.metrics import timing

__all__ = ["PAGETYPE_SETS", "WORD_BUCKETS", "run_furniture", "run_pagetype"]

PAGETYPE_SETS = ("wcxb-dev", *EXTRACTION_SETS)
# Bullet counts are reported for articles in these word ranges (lower bound inclusive).
WORD_BUCKETS = ((0, 300), (300, 700), (700, 1000), (1000, 2000), (2000, 10**9))


def _set_dir(data: Path, name: str) -> Path:
    return data / "pagetype" / name if name == "wcxb-dev" else data / "extraction" / name


def run_pagetype(
    data: Path,
    sets: Sequence[str] | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
    stride: int = 1,
) -> dict[str, Any]:
    """Refusal rates per page type (``wcxb-dev``) and per article set, ours and the baseline.

    ``stride`` takes every n-th page of each set (a sample of every page type for the CI gate;
    ``limit`` would take only the first few types)."""
    from parallax.domain import extraction
    from parallax.domain.errors import ParallaxError

    chosen = check_sets(sets, PAGETYPE_SETS)
    extraction.warm_up()
    judge_seconds: list[float] = []
    groups: dict[str, dict[str, Any]] = {}
    report: dict[str, Any] = {
        "kind": "pagetype",
        "data": str(data),
        "limit": limit,
        "ours": "parallax.domain.extraction.read_page(html, url).judgement",
        "baseline": "refuse unless the page declares an article (og:type, JSON-LD, date)",
        "versions": {"python": platform.python_version()},
        "groups": groups,
    }
    for name in chosen:
        pages = load_truth(_set_dir(data, name), limit)[::stride]
        for index, page in enumerate(pages):
            group = str(page.truth.get("page_type") or name)
            entry = groups.setdefault(
                group,
                {"pages": 0, "refused": 0, "baseline_refused": 0, "reasons": Counter(),
                 "page_types": Counter(), "errors": Counter(), "refused_ids": [],
                 "story_only": 0, "story_only_ids": []},
            )  # fmt: skip
            entry["pages"] += 1
            if progress:
                progress(name, index + 1, len(pages))
            try:
                reading = extraction.read_page(_read_page(page), page.url)
            except ParallaxError as exc:
                entry["refused"] += 1
                entry["baseline_refused"] += 1
                entry["errors"][exc.code] += 1
                entry["reasons"][getattr(exc, "reason", exc.code)] += 1
                entry["refused_ids"].append(page.id)
                continue
            except Exception as exc:  # counted: one crash must not hide the other pages
                entry["errors"][f"internal:{type(exc).__name__}"] += 1
                continue
            judge_seconds.append(reading.judgement_seconds)
            judgement = reading.judgement
            entry["page_types"][judgement.page_type] += 1
            if not judgement.is_article and reading.short_story is not None:
                # Too short to summarise but names its story (issue 13): the Brief answers 200
                # with related coverage and no bullets, so the reader is not refused.
                entry["story_only"] += 1
                entry["story_only_ids"].append(page.id)
            elif not judgement.is_article:
                entry["refused"] += 1
                entry["reasons"][judgement.reason or "none"] += 1
                entry["refused_ids"].append(page.id)
            entry["baseline_refused"] += not _declares_article(reading.signals)
    for entry in groups.values():
        pages_ = max(entry["pages"], 1)
        entry["refused_share"] = entry["refused"] / pages_
        entry["story_only_share"] = entry["story_only"] / pages_
        entry["baseline_refused_share"] = entry["baseline_refused"] / pages_
        for key in ("reasons", "page_types", "errors"):
            entry[key] = dict(entry[key].most_common())
    report["issue_groups"] = _issue_groups(groups)
    report["judgement_time"] = timing(judge_seconds)
    return report


# The issue states its targets per family ("fronts/listings/collections refused >= 90%, product
# and service pages >= 75%"), and the data README measured the hidden split the same way
# ("fronts refused 31%, product/service 7%"), so the families are reported pooled beside the types.
ISSUE_GROUPS = {
    "listing+collection": ("listing", "collection"),
    "product+service": ("product", "service"),
}


def _issue_groups(groups: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    pooled: dict[str, dict[str, Any]] = {}
    for family, types in ISSUE_GROUPS.items():
        present = [groups[t] for t in types if t in groups]
        if not present:
            continue
        pages = sum(e["pages"] for e in present)
        refused = sum(e["refused"] for e in present)
        story_only = sum(e.get("story_only", 0) for e in present)
        baseline = sum(e["baseline_refused"] for e in present)
        pooled[family] = {
            "pages": pages,
            "refused": refused,
            "refused_share": refused / max(pages, 1),
            "story_only": story_only,
            "story_only_share": story_only / max(pages, 1),
            "baseline_refused_share": baseline / max(pages, 1),
        }
    return pooled


def _declares_article(signals: Any) -> bool:
    """The baseline: what the page says about itself, and a text to read."""
    declared = signals.has_article_node or signals.og_type == "article" or signals.declares_date
    return bool(declared) and signals.word_count >= MIN_WORDS


def run_furniture(
    data: Path,
    sets: Sequence[str] | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
    stride: int = 1,
) -> dict[str, Any]:
    """Furniture, duplicates, bullet counts and order of the summaries of real article pages
    (every ``stride``-th page of each set)."""
    from parallax.domain import extraction
    from parallax.domain.errors import ParallaxError
    from parallax.domain.extractive_summariser import ExtractiveSummariser

    chosen = check_sets(sets, EXTRACTION_SETS)
    extraction.warm_up()
    summariser = ExtractiveSummariser()
    report: dict[str, Any] = {
        "kind": "furniture",
        "data": str(data),
        "limit": limit,
        "ours": "ExtractiveSummariser().summarise(extract_article(html, url))",
        "baseline": "Lead-3 of the same extracted sentences",
        "versions": {"python": platform.python_version()},
        "sets": {},
        "examples": [],
    }
    for name in chosen:
        pages = load_truth(data / "extraction" / name, limit)[::stride]
        ours, lead = _Tally(), _Tally()
        refused = 0
        for index, page in enumerate(pages):
            try:
                article = extraction.extract_article(_read_page(page), page.url)
            except ParallaxError:
                refused += 1
                continue
            summary = summariser.summarise(article, article.language)
            bullets = [b.text for b in summary.bullets]
            ids = [i for b in summary.bullets for i in b.sentence_ids]
            kinds = ours.add(bullets, article.title, article.authors, article.word_count)
            ours.in_order += ids == sorted(ids)
            lead.add(
                [s.text for s in article.sentences[:3]],
                article.title,
                article.authors,
                article.word_count,
            )
            report["examples"].extend(
                {"set": name, "id": page.id, "kind": k, "bullet": b}
                for b, k in zip(bullets, kinds, strict=True)
                if k
            )
            if progress:
                progress(name, index + 1, len(pages))
        report["sets"][name] = {
            "pages": len(pages),
            "refused": refused,
            "ours": ours.report(),
            "baseline": lead.report(),
        }
    return report


class _Tally:
    def __init__(self) -> None:
        self.articles = 0
        self.bullets = 0
        self.furniture: Counter[str] = Counter()
        self.duplicate_pairs = 0
        self.in_order = 0
        self.by_words: dict[str, list[int]] = {}

    def add(
        self, bullets: list[str], title: str, authors: list[str], words: int
    ) -> list[str | None]:
        self.articles += 1
        self.bullets += len(bullets)
        kinds = [furniture_kind(b, title, authors) for b in bullets]
        self.furniture.update(k for k in kinds if k)
        self.duplicate_pairs += near_duplicate_pairs(bullets)
        for low, high in WORD_BUCKETS:
            if low <= words < high:
                self.by_words.setdefault(f"{low}-{high if high < 10**9 else ''}", []).append(
                    len(bullets)
                )
        return kinds

    def report(self) -> dict[str, Any]:
        flagged = sum(self.furniture.values())
        return {
            "articles": self.articles,
            "bullets": self.bullets,
            "furniture": flagged,
            "furniture_share": flagged / self.bullets if self.bullets else 0.0,
            "furniture_kinds": dict(self.furniture.most_common()),
            "near_duplicate_pairs": self.duplicate_pairs,
            "in_order_share": self.in_order / self.articles if self.articles else 1.0,
            "bullets_by_words": {
                bucket: {"articles": len(counts), "mean_bullets": sum(counts) / len(counts)}
                for bucket, counts in self.by_words.items()
            },
        }
