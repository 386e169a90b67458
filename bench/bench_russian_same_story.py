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

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser
from _fixture_reports import filler as fixture_filler
from _fixture_reports import load, same_story_counts
from parallax.adapters.feed_index import IndexItem

DAY = "2024-10-01T08:00:00Z"
LANGUAGE = "ru"


def filler(data: dict[str, Any], count: int) -> list[IndexItem]:
    """``count`` reports of the fixture's lower-case words (``_fixture_reports.filler``)."""
    return fixture_filler(data, count, LANGUAGE, DAY)


def measure(filler_count: int, *, verbose: bool = True) -> tuple[int, int, int, int]:
    """(stories, found by the search, in the same-story tier, other reports in the tier)."""
    extra = filler(load(LANGUAGE), filler_count)
    counts = same_story_counts(LANGUAGE, DAY, extra=extra, verbose=verbose)
    return counts.stories, counts.found, counts.in_tier, counts.wrong_in_tier


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--filler", type=int, default=0, help="reports of common words added")
    args = parser.parse_args()
    counts = same_story_counts(LANGUAGE, DAY, extra=filler(load(LANGUAGE), args.filler))
    print(f"search: {sum(counts.search_ms):.1f} ms for {len(counts.search_ms)} searches")
    print(f"filler reports: {args.filler}")
    print("\n".join(counts.lines()))


if __name__ == "__main__":
    main()
