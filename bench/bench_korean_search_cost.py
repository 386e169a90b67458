"""The feed index's search for a Korean article on a large index (session 19, walk7): 40,000
random Korean items over nine days (8-word titles, 60-word teasers, nouns with and without
particles, 15 % of them a few common names), searched seven times with the query build_query
makes of tests/fixtures/pages/ko_article.html. Usage: ``bench_korean_search_cost.py [INDEX_FILE]``
(built on first use, in a temporary directory without one); to compare, run it with main's code
on PYTHONPATH on the same file.

``bench_korean_search_cost.py --common-stems INDEX_FILE`` (attack16): 60,000 Korean items in
one day whose words start with five common stems (서울, 정부, 경찰, 한국, 경기: 40 nouns each,
12 particles) in 30 % of words, searched for "서울의 정부가 경찰도" (every clause a common
stem's prefix) with the provider's 2.5 s budget.
"""

from __future__ import annotations

import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_korean_same_story import _article
from parallax.adapters import feed_index
from parallax.adapters.feed_index import FeedIndex, IndexItem
from parallax.domain.related_ranking import build_query

PAGE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pages" / "ko_article.html"
COMMON = (
    "서울시",
    "정부",
    "대통령",
    "국회",
    "부산",
    "경찰",
    "지하철",
    "연장안",
    "누리시의회",
    "신도시",
)
PARTICLES = ("는", "가", "의", "을", "에서", "", "", "")


def _build(path: Path) -> None:
    rnd = random.Random(7)
    syllables = [chr(c) for c in range(0xAC00, 0xAC00 + 400, 3)]
    nouns = ["".join(rnd.choice(syllables) for _ in range(rnd.randint(2, 4))) for _ in range(3000)]

    def words(n: int) -> str:
        return " ".join(
            rnd.choice(COMMON if rnd.random() < 0.15 else nouns) + rnd.choice(PARTICLES)
            for _ in range(n)
        )

    index = FeedIndex(path)
    items = [
        IndexItem(
            url=f"https://o{i % 50}.example/{i}",
            outlet_id=f"o{i % 50}",
            title=words(8),
            summary=words(60),
            guid=None,
            language="ko",
            published=f"2024-08-0{1 + i % 9}T06:00:00Z",
            outlet_name="o",
            outlet_domain=f"o{i % 50}.example",
        )
        for i in range(40_000)
    ]
    for start in range(0, len(items), 2000):
        index.upsert_items(items[start : start + 2000])
    index.close()


def _build_common_stems(path: Path) -> None:
    rnd = random.Random(5)
    stems = ("서울", "정부", "경찰", "한국", "경기")
    particles = ("는", "가", "의", "을", "에서", "으로", "도", "만", "과", "에", "까지", "")
    syllables = [chr(c) for c in range(0xAC00, 0xD7A3, 7)]

    def noun() -> str:
        return "".join(rnd.choice(syllables) for _ in range(rnd.randint(1, 2)))

    nouns = {stem: [stem] + [stem + noun() for _ in range(39)] for stem in stems}
    other = [noun() + noun() for _ in range(20_000)]

    def words(n: int) -> str:
        return " ".join(
            (rnd.choice(nouns[rnd.choice(stems)]) if rnd.random() < 0.3 else rnd.choice(other))
            + rnd.choice(particles)
            for _ in range(n)
        )

    index = FeedIndex(path)
    items = [
        IndexItem(
            url=f"https://o{i % 50}.example/{i}",
            outlet_id=f"o{i % 50}",
            title=words(8),
            summary=words(80),
            guid=None,
            language="ko",
            published="2026-12-06T06:00:00Z",
            outlet_name="o",
            outlet_domain=f"o{i % 50}.example",
        )
        for i in range(60_000)
    ]
    for start in range(0, len(items), 2000):
        index.upsert_items(items[start : start + 2000])
    index.close()


def _run_common_stems(path: Path) -> None:
    from parallax.domain.errors import UpstreamTimeout
    from parallax.domain.ports import PartialAnswer, StoryQuery

    if not path.exists():
        _build_common_stems(path)
    query = StoryQuery(
        title="서울의 정부가 경찰도",
        lead="",
        language="ko",
        terms=(),
        published="2026-12-06T08:00:00Z",
        source_url="https://x.example/a",
        languages=("ko",),
    )
    index = FeedIndex(path)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        try:
            found: object = len(index.search(query, 20, background_limit=5, timeout_s=2.5))
        except PartialAnswer as partial:
            found = f"{len(partial.candidates)}, partial"
        except UpstreamTimeout:
            found = "timed out"
        times.append(f"{(time.perf_counter() - start) * 1000:.0f} ms {found}")
    index.close()
    print(feed_index.__file__)
    print("; ".join(times))


def main() -> None:
    if sys.argv[1:2] == ["--common-stems"]:
        _run_common_stems(Path(sys.argv[2]))
        return
    if len(sys.argv) < 2:
        with tempfile.TemporaryDirectory() as tmp:
            _run(Path(tmp) / "index.sqlite3")
    else:
        _run(Path(sys.argv[1]))


def _run(path: Path) -> None:
    if not path.exists():
        _build(path)
    text = "\n".join(re.findall(r"<p>(.*?)</p>", PAGE.read_text(encoding="utf-8")))
    title = "누리시의회가 지하철 7호선 연장안을 가결했다"
    query = build_query(_article("x", {"outlet": "hanbit", "title": title, "text": text}), ["ko"])
    index = FeedIndex(path)
    times = []
    for _ in range(7):
        start = time.perf_counter()
        found = index.search(query, 20)
        times.append(time.perf_counter() - start)
    index.close()
    print(feed_index.__file__)
    print(f"found {len(found)}, ms", sorted(round(t * 1000, 1) for t in times))


if __name__ == "__main__":
    main()
