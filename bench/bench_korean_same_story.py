"""Korean related coverage: is another outlet's report of a Korean story found in the feed index
and put in the same-story tier? Fixture: tests/fixtures/ko_reports.json (three stories, each
told by a source and another outlet, and five same-day reports of other stories that share the
sources' words). Each source is searched through a real FeedIndex holding every report but its
own (FeedIndex.search, the query build_query makes) and the found reports are ranked
(RelatedRanker.rank_tiers). Session 19 (walk7): a Korean word carries its particle
(서울시는 / 서울시가), so FTS5 tokens of one name differed between two reports. Run it on two
checkouts to compare.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser
from parallax.adapters.feed_index import FeedIndex, IndexItem
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.related_ranking import RelatedRanker, build_query
from parallax.domain.sentences import split_sentences

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "ko_reports.json"
DAY = "2024-08-06T08:00:00Z"


def _item(key: str, report: dict[str, str]) -> IndexItem:
    return IndexItem(
        url=f"https://{report['outlet']}.example/{key}",
        outlet_id=report["outlet"],
        title=report["title"],
        summary=report["summary"],
        guid=None,
        language="ko",
        published=DAY,
        outlet_name=report["outlet"],
        outlet_domain=f"{report['outlet']}.example",
    )


def _article(key: str, report: dict[str, str]) -> Article:
    sentences = split_sentences(report["text"], "ko")
    url = f"https://{report['outlet']}.example/{key}"
    return Article(
        url=url,
        canonical_url=url,
        title=report["title"],
        text=report["text"],
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name=report["outlet"], domain=f"{report['outlet']}.example"),
        published=DAY,
        language="ko",
        word_count=len(report["text"].split()),
    )


def main() -> None:
    bench_parser(__doc__).parse_args()
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    items = [_item(s["id"], s["same"]) for s in data["stories"]]
    items += [_item(f"other-{n}", o) for n, o in enumerate(data["others"])]
    found = in_tier = wrong_in_tier = 0
    with tempfile.TemporaryDirectory() as tmp:
        index = FeedIndex(Path(tmp) / "index.sqlite3")
        index.upsert_items(items)
        ranker = RelatedRanker()
        for story in data["stories"]:
            source = _article(story["id"], story["source"])
            want = f"https://{story['same']['outlet']}.example/{story['id']}"
            candidates = index.search(build_query(source, ["ko"]), 20)
            urls = [c.url for c in candidates]
            tiers = ranker.rank_tiers(source, candidates, max_items=10)
            tier = [item.url for item in tiers.items]
            found += want in urls
            in_tier += want in tier
            wrong_in_tier += sum(url != want for url in tier)
            print(
                f"{story['id']}: found {len(urls)} ({'same' if want in urls else 'MISSED'}), "
                f"same-story tier {tier}"
            )
        index.close()
    stories = len(data["stories"])
    tier_total = in_tier + wrong_in_tier
    print(f"found by the search: {found}/{stories}")
    print(f"same-story recall: {in_tier}/{stories} = {in_tier / stories:.2f}")
    print(
        f"same-story precision: {in_tier}/{tier_total} = "
        f"{(in_tier / tier_total if tier_total else 1.0):.2f}"
    )


if __name__ == "__main__":
    main()
