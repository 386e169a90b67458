"""The reader walks' report sets (tests/fixtures/<language>_reports.json: stories each told by a
source and another outlet, and same-day reports of other stories), as index items and articles,
and the same-story count every walk's bench prints: is the other outlet's report found by the
feed index (FeedIndex.search on build_query) and put in the same-story tier (RelatedRanker)?
Shared by bench_korean_same_story, bench_russian_same_story, bench_tr_el_same_story and
bench_polish_same_story, and by their unit tests."""

from __future__ import annotations

import json
import random
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parallax.adapters.feed_index import FeedIndex, IndexItem
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.related_ranking import RelatedRanker, build_query
from parallax.domain.sentences import split_sentences
from parallax.domain.text_terms import tokenize

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def report_item(key: str, report: dict[str, str], language: str, day: str) -> IndexItem:
    """A fixture report as the feed index holds it (its outlet's address ends in ``key``)."""
    return IndexItem(
        url=f"https://{report['outlet']}.example/{key}",
        outlet_id=report["outlet"],
        title=report["title"],
        summary=report["summary"],
        guid=None,
        language=language,
        published=day,
        outlet_name=report["outlet"],
        outlet_domain=f"{report['outlet']}.example",
    )


def report_article(key: str, report: dict[str, str], language: str, day: str) -> Article:
    """A fixture source as the Brief's extraction gives it."""
    sentences = split_sentences(report["text"], language)
    url = f"https://{report['outlet']}.example/{key}"
    return Article(
        url=url,
        canonical_url=url,
        title=report["title"],
        text=report["text"],
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name=report["outlet"], domain=f"{report['outlet']}.example"),
        published=day,
        language=language,
        word_count=len(report["text"].split()),
    )


@dataclass
class SameStoryCounts:
    stories: int = 0
    found: int = 0
    in_tier: int = 0
    wrong_in_tier: int = 0
    search_ms: list[float] = field(default_factory=list)

    def lines(self, prefix: str = "") -> list[str]:
        tier_total = self.in_tier + self.wrong_in_tier
        precision = self.in_tier / tier_total if tier_total else 1.0
        return [
            f"{prefix}found by the search: {self.found}/{self.stories}",
            f"{prefix}same-story recall: {self.in_tier}/{self.stories} = "
            f"{self.in_tier / self.stories:.2f}",
            f"{prefix}same-story precision: {self.in_tier}/{tier_total} = {precision:.2f}",
        ]


def load(language: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (FIXTURES / f"{language}_reports.json").read_text(encoding="utf-8")
    )
    return data


def filler(data: dict[str, Any], count: int, language: str, day: str) -> list[IndexItem]:
    """``count`` reports of 20 lower-case words of the fixture's texts each (seeded): a story's
    common words in many reports, as a large index has them (its search then keeps the rarest
    words only, the postings budget: the names)."""
    texts = [
        " ".join(part.get(k, "") for part in (story["source"], story["same"]) for k in part)
        for story in data["stories"]
    ] + [o["title"] + " " + o["summary"] for o in data["others"]]
    words = sorted(
        {w for text in texts for w in text.split() if w[:1].islower() and tokenize(w) != []}
    )
    rng = random.Random(0)
    return [
        report_item(
            f"filler-{n}",
            {
                "outlet": "filler",
                "title": " ".join(rng.choices(words, k=6)),
                "summary": " ".join(rng.choices(words, k=14)),
            },
            language,
            day,
        )
        for n in range(count)
    ]


def same_story_counts(
    language: str,
    day: str,
    *,
    extra: Sequence[IndexItem] = (),
    verbose: bool = True,
) -> SameStoryCounts:
    """Every story's source searched on an index of every other report (and ``extra``): found,
    in the same-story tier, and the fixture's other reports let into the tier (``extra`` items
    in the tier are not counted: word salad says nothing of the ranking of real reports)."""
    data = load(language)
    items = [report_item(s["id"], s["same"], language, day) for s in data["stories"]]
    items += [report_item(f"other-{n}", o, language, day) for n, o in enumerate(data["others"])]
    extra_urls = {item.url for item in extra}
    counts = SameStoryCounts(stories=len(data["stories"]))
    with tempfile.TemporaryDirectory() as tmp:
        index = FeedIndex(Path(tmp) / "index.sqlite3")
        try:
            index.upsert_items([*items, *extra])
            ranker = RelatedRanker()
            for story in data["stories"]:
                source = report_article(story["id"], story["source"], language, day)
                want = f"https://{story['same']['outlet']}.example/{story['id']}"
                started = time.perf_counter()
                candidates = index.search(build_query(source, [language]), 20)
                counts.search_ms.append((time.perf_counter() - started) * 1000)
                urls = [c.url for c in candidates]
                tiers = ranker.rank_tiers(source, candidates, max_items=10)
                tier = [item.url for item in tiers.items]
                counts.found += want in urls
                counts.in_tier += want in tier
                counts.wrong_in_tier += sum(u != want and u not in extra_urls for u in tier)
                if verbose:
                    print(
                        f"{language} {story['id']}: found {len(urls)} "
                        f"({'same' if want in urls else 'MISSED'}), same-story tier {tier}"
                    )
        finally:
            index.close()
    return counts
