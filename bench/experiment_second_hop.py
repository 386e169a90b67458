"""Would a second hop find more of the story? (issue 13, session 15; no product code uses it.)

The SemEval queries of ``parallax eval retrieval``, through the same path (feeds -> ``parallax
ingest --from-dir`` -> ``POST /v1/briefs`` in process), with the ranker's tiers recorded. A
report in the "on the topic" tier is scored against each report the Brief put in the same-story
tier (the same-story probability of the two headlines and descriptions). The idea: a partner the
article scores too low may still be close to another outlet's report of the event. For each
rule "promote a topic report whose best hop reaches H, counting only same-story reports of
probability >= C", the script prints what the rates of the eval would become: same-language and
cross-language partners, known-unrelated partners, grey pairs (3 <= overall < 3.5), and how many
topic reports that are no partner the rule would promote in the same-language queries.

Example:
    uv run python bench/experiment_second_hop.py
    uv run python bench/experiment_second_hop.py --hops 0.3 0.5 --confidence 0 0.6
"""

from __future__ import annotations

import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _common import DATA, bench_parser, machine, progress
from parallax.domain import related_ranking
from parallax.domain.languages import primary_language
from parallax.domain.models import Article, RelatedItem
from parallax.domain.similarity import Story, same_story_probability, story_similarity
from parallax.evaluation import retrieval

KINDS = ("same_language", "cross_language", "unrelated", "grey")


def _story(item: RelatedItem) -> Story:
    return Story(
        text=item.snippet or item.title,
        title=related_ranking.strip_furniture(item.title),
        language=primary_language(item.language),
        published=item.published,
    )


def _addresses(item: RelatedItem) -> set[str]:
    return {item.url, *(copy.url for copy in item.copies)}


def _record(data: Path) -> list[dict[str, Any]]:
    """Per SemEval query: whether a partner is in the same-story tier, and for each topic report
    whether it is a partner and its hops (same-story probability, hop probability)."""
    tiers_of: list[related_ranking.RankedTiers] = []
    original = related_ranking.RelatedRanker.rank_tiers

    def recording(
        self: related_ranking.RelatedRanker, source: Article, candidates: Any, **kw: Any
    ) -> related_ranking.RankedTiers:
        tiers = original(self, source, candidates, **kw)
        tiers_of.append(tiers)
        return tiers

    related_ranking.RelatedRanker.rank_tiers = recording  # type: ignore[method-assign]
    anchor = datetime.now(UTC).replace(microsecond=0)
    corpus = retrieval._corpus(data, anchor, 0, None, 13)
    queries = [q for q in corpus.queries if q.kind in KINDS]
    out: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="parallax-hop-") as tmp:
        feeds, home = Path(tmp) / "feeds", Path(tmp) / "home"
        feeds.mkdir()
        home.mkdir()
        retrieval._write_feeds(corpus.items, feeds)
        retrieval._ingest(feeds, home)
        parallax = retrieval._Parallax(home)
        for query in progress(queries, "queries"):
            tiers_of.clear()
            parallax.ask(query)
            if not tiers_of:
                continue  # refused page
            tiers = tiers_of[-1]
            topic = []
            for report in tiers.topic:
                hops = [
                    (
                        same.similarity,
                        same_story_probability(
                            story_similarity(_story(same), _story(report)),
                            primary_language(same.language) == primary_language(report.language),
                        ),
                    )
                    for same in tiers.items
                ]
                topic.append({"partner": bool(_addresses(report) & query.relevant), "hops": hops})
            found = any(_addresses(item) & query.relevant for item in tiers.items)
            out.append({"kind": query.kind, "found": found, "topic": topic})
    return out


def _best_hop(report: dict[str, Any], confidence: float) -> float:
    return max((hop for same, hop in report["hops"] if same >= confidence), default=0.0)


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(__doc__, __doc__.split("Example:\n", 1)[1].strip(), data=DATA)
    parser.add_argument("--hops", type=float, nargs="+", default=[0.3, 0.4, 0.5, 0.6, 0.7])
    parser.add_argument("--confidence", type=float, nargs="+", default=[0.0, 0.6, 0.8])
    args = parser.parse_args(argv)
    records = _record(args.data)
    print(f"second hop, SemEval dev ({machine()}); {len(records)} queries answered")
    header = "".join(f"{kind:>16}" for kind in KINDS) + "   other reports promoted"
    for confidence in args.confidence:
        print(f"\nsame-story reports counted from probability {confidence}")
        print(f"{'rule':<14}{header}")
        rows = [("now", None), *((f"hop >= {h}", h) for h in args.hops)]
        for name, hop in rows:
            cells = []
            for kind in KINDS:
                mine = [r for r in records if r["kind"] == kind]
                found = sum(
                    1
                    for r in mine
                    if r["found"]
                    or (
                        hop is not None
                        and any(
                            t["partner"] and _best_hop(t, confidence) >= hop for t in r["topic"]
                        )
                    )
                )
                cells.append(f"{found / len(mine):>16.3f}")
            promoted = (
                0
                if hop is None
                else sum(
                    1
                    for r in records
                    if r["kind"] == "same_language"
                    for t in r["topic"]
                    if not t["partner"] and _best_hop(t, confidence) >= hop
                )
            )
            print(f"{name:<14}{''.join(cells)}   {promoted}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
