"""Turkish and Greek related coverage: is another outlet's report of a Turkish or Greek story
found in the feed index and put in the same-story tier? Fixtures: tests/fixtures/tr_reports.json
and el_reports.json (four stories, each told by a source and another outlet, and five or six
same-day reports of other stories that share the sources' words), as
bench_korean_same_story.py does for Korean. Session 20 (walk10): Turkish "İstanbul" lower-cases
with a combining dot, Greek headlines are written in capitals without accents, and both
languages inflect names (İstanbul'un, Αθήνας). Run it on two checkouts to compare.
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

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
DAY = "2024-08-06T08:00:00Z"


def _item(key: str, report: dict[str, str], language: str) -> IndexItem:
    return IndexItem(
        url=f"https://{report['outlet']}.example/{key}",
        outlet_id=report["outlet"],
        title=report["title"],
        summary=report["summary"],
        guid=None,
        language=language,
        published=DAY,
        outlet_name=report["outlet"],
        outlet_domain=f"{report['outlet']}.example",
    )


def _article(key: str, report: dict[str, str], language: str) -> Article:
    sentences = split_sentences(report["text"], language)
    url = f"https://{report['outlet']}.example/{key}"
    return Article(
        url=url,
        canonical_url=url,
        title=report["title"],
        text=report["text"],
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name=report["outlet"], domain=f"{report['outlet']}.example"),
        published=DAY,
        language=language,
        word_count=len(report["text"].split()),
    )


def run(language: str) -> tuple[int, int, int, int]:
    """(stories, found, in the same-story tier, others in the tier) for one fixture."""
    data = json.loads((FIXTURES / f"{language}_reports.json").read_text(encoding="utf-8"))
    items = [_item(s["id"], s["same"], language) for s in data["stories"]]
    items += [_item(f"other-{n}", o, language) for n, o in enumerate(data["others"])]
    found = in_tier = wrong_in_tier = 0
    with tempfile.TemporaryDirectory() as tmp:
        index = FeedIndex(Path(tmp) / "index.sqlite3")
        index.upsert_items(items)
        ranker = RelatedRanker()
        for story in data["stories"]:
            source = _article(story["id"], story["source"], language)
            want = f"https://{story['same']['outlet']}.example/{story['id']}"
            candidates = index.search(build_query(source, [language]), 20)
            urls = [c.url for c in candidates]
            tiers = ranker.rank_tiers(source, candidates, max_items=10)
            tier = [item.url for item in tiers.items]
            found += want in urls
            in_tier += want in tier
            wrong_in_tier += sum(url != want for url in tier)
            print(
                f"{language} {story['id']}: found {len(urls)} "
                f"({'same' if want in urls else 'MISSED'}), same-story tier {tier}"
            )
        index.close()
    return len(data["stories"]), found, in_tier, wrong_in_tier


def main() -> None:
    bench_parser(__doc__).parse_args()
    for language in ("tr", "el"):
        stories, found, in_tier, wrong_in_tier = run(language)
        tier_total = in_tier + wrong_in_tier
        precision = in_tier / tier_total if tier_total else 1.0
        print(f"{language} found by the search: {found}/{stories}")
        print(f"{language} same-story recall: {in_tier}/{stories} = {in_tier / stories:.2f}")
        print(f"{language} same-story precision: {in_tier}/{tier_total} = {precision:.2f}")


if __name__ == "__main__":
    main()
