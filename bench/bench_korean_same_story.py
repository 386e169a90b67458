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

import sys
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser
from _fixture_reports import FIXTURES, report_article, report_item, same_story_counts

FIXTURE = FIXTURES / "ko_reports.json"
DAY = "2024-08-06T08:00:00Z"
# The unit test (tests/unit/test_korean_related.py) builds its index from these.
_item = partial(report_item, language="ko", day=DAY)
_article = partial(report_article, language="ko", day=DAY)


def main() -> None:
    bench_parser(__doc__).parse_args()
    print("\n".join(same_story_counts("ko", DAY).lines()))


if __name__ == "__main__":
    main()
