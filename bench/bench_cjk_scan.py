"""The feed index's Chinese and Japanese bigram scan on a large window (session 19, attack15).

Builds an index of random Chinese items (30-character titles, 590-character teasers, the feeds'
caps) spread over ``--days`` days, then times `FeedIndex.search` for a Chinese headline dated
today and undated (a page with no date, or dated ahead of now), three times each, as the index
provider calls it (limit 20, 5 background, its 2.5 s budget by default). No item shares three
bigrams with the query: every row is compared, the worst case. Run it on two checkouts to
compare; the index file is kept and reused (``--index``).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser
from parallax.adapters.feed_index import FeedIndex, IndexItem
from parallax.domain.errors import UpstreamTimeout
from parallax.domain.ports import PartialAnswer, StoryQuery
from parallax.domain.timestamps import iso_utc

NOW = 1_715_000_000.0
# Common characters: random text of them shares a bigram with the query now and then, not three.
CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过"
    "子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体"
)


def build(path: Path, items: int, days: float) -> None:
    rnd = random.Random(1)

    def text(n: int) -> str:
        return "".join(rnd.choice(CHARS) for _ in range(n))

    index = FeedIndex(path, clock=lambda: NOW)
    try:
        batch = [
            IndexItem(
                url=f"https://o{i % 300}.example/{i}",
                outlet_id=f"o{i % 300}",
                title=text(30),
                summary=text(590),
                language="zh",
                published=iso_utc(NOW - rnd.random() * days * 86400),
            )
            for i in range(items)
        ]
        for start in range(0, items, 5000):
            index.upsert_items(batch[start : start + 5000])
    finally:
        index.close()


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--items", type=int, default=80_000)
    parser.add_argument("--days", type=float, default=14.0, help="spread (retention: 14)")
    parser.add_argument("--index", type=Path, default=Path("/tmp/parallax-bench-cjk.sqlite3"))
    parser.add_argument("--timeout", type=float, default=2.5, help="the provider's budget")
    args = parser.parse_args()
    if not args.index.exists():
        build(args.index, args.items, args.days)
    index = FeedIndex(args.index, clock=lambda: NOW)
    try:
        for published in (iso_utc(NOW), None):
            query = StoryQuery(
                title="北京地铁十七号线将于明年六月全线通车",
                lead="",
                language="zh",
                terms=("北京市政府周一宣布",),
                published=published,
                source_url="https://source.example/a",
                languages=("zh", "en"),
                counted_languages=("de", "fr", "es"),
            )
            times = []
            for _ in range(3):
                start = time.perf_counter()
                try:
                    found: object = len(
                        index.search(query, 20, background_limit=5, timeout_s=args.timeout)
                    )
                except PartialAnswer as partial:
                    found = f"{len(partial.candidates)}, partial"
                except UpstreamTimeout:
                    found = "timeout"
                times.append(f"{(time.perf_counter() - start) * 1000:.0f} ms ({found})")
            print("dated" if published else "undated", "; ".join(times))
    finally:
        index.close()


if __name__ == "__main__":
    main()
