"""The same-story tier on Chinese pairs: SemEval-2022's 81 Chinese pairs (related/semeval-dev.jsonl,
"same story" = overall <= 2.0), each second text offered as a report of the first with 9 other
Chinese texts of the set as the rest of the candidates (the pool the ranking's cosine weighs
words in). Counts whether the pair's report is put in the same-story tier and how many of the
others are. Session 19 (walk6): the pool cosine compared clause-long runs of Chinese; it compares
character bigrams now. Run it on two checkouts to compare.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DATA, bench_parser
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.ports import Candidate
from parallax.domain.related_ranking import RelatedRanker
from parallax.domain.sentences import split_sentences

OTHERS = 9


def _candidate(key: str, text: str) -> Candidate:
    sentences = split_sentences(text, "zh")
    return Candidate(
        url=f"https://{key}.example/a",
        title=sentences[0][:100],
        provider="index",
        outlet_name=key,
        outlet_domain=f"{key}.example",
        language="zh",
        snippet=" ".join(sentences[1:])[:600] or None,
    )


def main() -> None:
    args = bench_parser(__doc__, data=DATA).parse_args()
    rows = [json.loads(line) for line in (Path(args.data) / "related" / "semeval-dev.jsonl").open()]
    pairs = [r for r in rows if r["lang1"] == "zh" and r["lang2"] == "zh"]
    seconds = [r["text2"] for r in pairs]
    rnd = random.Random(7)
    ranker = RelatedRanker()
    counts = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
    others_in = 0
    for n, pair in enumerate(pairs):
        sentences = split_sentences(pair["text1"], "zh")[:40]
        source = Article(
            url=f"https://source{n}.example/a",
            canonical_url=f"https://source{n}.example/a",
            title=sentences[0][:100],
            text=" ".join(sentences),
            sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
            outlet=Outlet(name="Source", domain=f"source{n}.example"),
            language="zh",
            word_count=len(pair["text1"]) // 2,
        )
        report = _candidate(f"report{n}", pair["text2"])
        others = rnd.sample([t for i, t in enumerate(seconds) if i != n], OTHERS)
        candidates = [report] + [_candidate(f"other{n}-{k}", t) for k, t in enumerate(others)]
        shown = {item.url for item in ranker.rank_tiers(source, candidates, max_items=20).items}
        same = report.url in shown
        truth = pair["overall"] <= 2.0
        counts[("t" if same == truth else "f") + ("p" if same else "n")] += 1
        others_in += len(shown - {report.url})
    tp, fp, fn = counts["tp"], counts["fp"], counts["fn"]
    print(f"pairs {len(pairs)} (same story {tp + fn}): {counts}")
    print(f"precision {tp / max(1, tp + fp):.3f}  recall {tp / max(1, tp + fn):.3f}")
    print(f"other texts put in the same story: {others_in} of {OTHERS * len(pairs)}")


if __name__ == "__main__":
    main()
