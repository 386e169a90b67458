"""Turkish and Greek related coverage: is another outlet's report of a Turkish or Greek story
found in the feed index and put in the same-story tier? Fixtures: tests/fixtures/tr_reports.json
and el_reports.json (four stories, each told by a source and another outlet, and five or six
same-day reports of other stories that share the sources' words), as
bench_korean_same_story.py does for Korean. Session 20 (walk10): Turkish "İstanbul" lower-cases
with a combining dot, Greek headlines are written in capitals without accents, and both
languages inflect names (İstanbul'un, Αθήνας). Run it on two checkouts to compare.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser
from _fixture_reports import FIXTURES, report_article, report_item, same_story_counts
from parallax.adapters.feed_index import IndexItem
from parallax.domain.models import Article

__all__ = ["FIXTURES"]

DAY = "2024-08-06T08:00:00Z"


# The unit test (tests/unit/test_turkish_greek_related.py) builds its index from these.
def _item(key: str, report: dict[str, str], language: str) -> IndexItem:
    return report_item(key, report, language, DAY)


def _article(key: str, report: dict[str, str], language: str) -> Article:
    return report_article(key, report, language, DAY)


def main() -> None:
    bench_parser(__doc__).parse_args()
    for language in ("tr", "el"):
        print("\n".join(same_story_counts(language, DAY).lines(f"{language} ")))


if __name__ == "__main__":
    main()
