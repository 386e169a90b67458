"""Polish related coverage: is another outlet's report of a Polish story found in the feed index
and put in the same-story tier? Fixture: tests/fixtures/pl_reports.json (five stories, each told
by a source and another outlet, and six same-day reports of other stories that share the
sources' places, numbers and function words). Session 21 (walk11): Polish declines its names
(Kraków / Krakowowi, Warszawy / w Warszawie, Tusk / Tuska, Odra / Odrze, Łódź / Łodzi), so the
FTS5 tokens of one name differ between two reports.

--filler N adds N reports made of the fixture's lower-case words (no names), as a large index
holds many reports sharing a story's common words: the search then keeps its rarest words only
(the postings budget), which are the names. Run it on two checkouts to compare.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser
from _fixture_reports import filler, load, same_story_counts

DAY = "2026-12-07T08:00:00Z"
LANGUAGE = "pl"


def measure(filler_count: int, *, verbose: bool = True) -> tuple[int, int, int, int]:
    """(stories, found by the search, in the same-story tier, other reports in the tier)."""
    extra = filler(load(LANGUAGE), filler_count, LANGUAGE, DAY)
    counts = same_story_counts(LANGUAGE, DAY, extra=extra, verbose=verbose)
    return counts.stories, counts.found, counts.in_tier, counts.wrong_in_tier


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--filler", type=int, default=0, help="reports of common words added")
    args = parser.parse_args()
    extra = filler(load(LANGUAGE), args.filler, LANGUAGE, DAY)
    counts = same_story_counts(LANGUAGE, DAY, extra=extra)
    print(f"search: {sum(counts.search_ms):.1f} ms for {len(counts.search_ms)} searches")
    print(f"filler reports: {args.filler}")
    print("\n".join(counts.lines()))


if __name__ == "__main__":
    main()
