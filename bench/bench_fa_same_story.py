"""Persian related coverage: is another outlet's report of a Persian story found in the feed
index and put in the same-story tier, and are same-day reports of other stories kept out?
Fixture: tests/fixtures/fa_reports.json (four stories, each told by a source and another outlet,
one of which types Arabic ي and ك for Persian ی and ک or writes Latin digits, and five same-day
reports of other stories sharing the sources' city and words). Session 21 (walk12): Persian
writes a zero-width non-joiner inside words (می‌شود) and had no similarity stop words. Run it on
two checkouts to compare.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser
from _fixture_reports import same_story_counts

DAY = "2026-12-07T08:00:00Z"


def main() -> None:
    bench_parser(__doc__).parse_args()
    print("\n".join(same_story_counts("fa", DAY).lines("fa ")))


if __name__ == "__main__":
    main()
