"""Russian related coverage: is another outlet's report of a Russian story found in the feed index
and put in the same-story tier? Fixture: tests/fixtures/ru_reports.json (five stories, each told
by a source and another outlet, and six same-day reports of other stories that share the
sources' words). Each source is searched through a real FeedIndex holding every report but its
own (FeedIndex.search, the query build_query makes) and the found reports are ranked
(RelatedRanker.rank_tiers). Session 20 (walk8): Russian declines its names (Оренбурга /
Оренбурге, Спартак / «Спартака»), so the FTS5 tokens of one name differed between two reports.

--filler N adds N reports made of the fixture's lower-case words (no names), as a large index
holds many reports sharing a story's common words: the search then keeps its rarest words only
(the postings budget), which are the names. Run it on two checkouts to compare.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser
from parallax.adapters.feed_index import FeedIndex, IndexItem
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.related_ranking import RelatedRanker, build_query
from parallax.domain.sentences import split_sentences
from parallax.domain.text_terms import tokenize

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ru_reports.json"
DAY = "2024-10-01T08:00:00Z"
LANGUAGE = "ru"


def _item(key: str, report: dict[str, str]) -> IndexItem:
    return IndexItem(
        url=f"https://{report['outlet']}.example/{key}",
        outlet_id=report["outlet"],
        title=report["title"],
        summary=report["summary"],
        guid=None,
        language=LANGUAGE,
        published=DAY,
        outlet_name=report["outlet"],
        outlet_domain=f"{report['outlet']}.example",
    )


def _article(key: str, report: dict[str, str]) -> Article:
    sentences = split_sentences(report["text"], LANGUAGE)
    url = f"https://{report['outlet']}.example/{key}"
    return Article(
        url=url,
        canonical_url=url,
        title=report["title"],
        text=report["text"],
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name=report["outlet"], domain=f"{report['outlet']}.example"),
        published=DAY,
        language=LANGUAGE,
        word_count=len(report["text"].split()),
    )


def filler(data: dict[str, Any], count: int) -> list[IndexItem]:
    """``count`` reports of 20 lower-case words of the fixture's texts each (seeded): a story's
    common words in many reports, as a large index has them."""
    texts = [
        " ".join(part.get(k, "") for part in (story["source"], story["same"]) for k in part)
        for story in data["stories"]
    ] + [o["title"] + " " + o["summary"] for o in data["others"]]
    words = sorted(
        {w for text in texts for w in text.split() if w[:1].islower() and tokenize(w) != []}
    )
    rng = random.Random(0)
    return [
        _item(
            f"filler-{n}",
            {
                "outlet": "filler",
                "title": " ".join(rng.choices(words, k=6)),
                "summary": " ".join(rng.choices(words, k=14)),
            },
        )
        for n in range(count)
    ]


def measure(filler_count: int, *, verbose: bool = True) -> tuple[int, int, int, int]:
    """(stories, found by the search, in the same-story tier, other reports in the tier)."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    items = [_item(s["id"], s["same"]) for s in data["stories"]]
    items += [_item(f"other-{n}", o) for n, o in enumerate(data["others"])]
    items += filler(data, filler_count)
    found = in_tier = wrong_in_tier = 0
    search_ms: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        index = FeedIndex(Path(tmp) / "index.sqlite3")
        index.upsert_items(items)
        ranker = RelatedRanker()
        for story in data["stories"]:
            source = _article(story["id"], story["source"])
            want = f"https://{story['same']['outlet']}.example/{story['id']}"
            started = time.perf_counter()
            candidates = index.search(build_query(source, [LANGUAGE]), 20)
            search_ms.append((time.perf_counter() - started) * 1000)
            urls = [c.url for c in candidates]
            tiers = ranker.rank_tiers(source, candidates, max_items=10)
            tier = [item.url for item in tiers.items]
            found += want in urls
            in_tier += want in tier
            # The filler is word salad of the story's own words: in the tier it says nothing of
            # the ranking of real reports, so precision counts the fixture's reports only.
            wrong_in_tier += sum(url != want and "filler" not in url for url in tier)
            if verbose:
                print(
                    f"{story['id']}: found {len(urls)} ({'same' if want in urls else 'MISSED'}), "
                    f"same-story tier {tier}"
                )
        index.close()
    if verbose:
        print(f"search: {sum(search_ms):.1f} ms for {len(search_ms)} searches")
    return len(data["stories"]), found, in_tier, wrong_in_tier


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--filler", type=int, default=0, help="reports of common words added")
    args = parser.parse_args()
    stories, found, in_tier, wrong_in_tier = measure(args.filler)
    tier_total = in_tier + wrong_in_tier
    print(f"filler reports: {args.filler}")
    print(f"found by the search: {found}/{stories}")
    print(f"same-story recall: {in_tier}/{stories} = {in_tier / stories:.2f}")
    print(
        f"same-story precision: {in_tier}/{tier_total} = "
        f"{(in_tier / tier_total if tier_total else 1.0):.2f}"
    )


if __name__ == "__main__":
    main()
