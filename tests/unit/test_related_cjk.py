"""Related coverage of a Chinese article (session 19, walk6): another outlet's report of the same
story, worded its own way, is the same story.

The pool cosine that joins the similarity's probability in one language compared ``\\w+`` runs,
and a run of Chinese is a whole clause, which no other report repeats: the cosine was about 0 and
a plain same-story report (probability 0.39) stayed under the combined threshold (0.40), shown
"on the topic". Its character bigrams are the words now. On the 81 SemEval Chinese pairs, each
with 9 other Chinese texts as the pool, recall of the same-story tier went from 0.655 to 0.828,
precision from 0.905 to 0.960, and none of the 729 other texts was put in it
(docs/benchmarks.md, Session 19 (walk6))."""

# ruff: noqa: RUF001 -- CJK punctuation is the point of these texts

from __future__ import annotations

import re
from pathlib import Path

from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.ports import Candidate
from parallax.domain.related_ranking import RelatedRanker
from parallax.domain.sentences import split_sentences

PAGE = Path(__file__).resolve().parent.parent / "fixtures" / "pages" / "zh_article.html"
# The article's paragraphs, as the walk's page has them.
TEXT = "\n".join(re.findall(r"<p>(.*?)</p>", PAGE.read_text(encoding="utf-8")))


def _article() -> Article:
    sentences = split_sentences(TEXT, "zh")
    return Article(
        url="https://www.binjiang-daily.example/city/metro-line-7",
        canonical_url="https://www.binjiang-daily.example/city/metro-line-7",
        title="滨江市地铁7号线延伸段获批 总投资214亿元预计2031年通车",
        text=TEXT,
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name="滨江日报", domain="binjiang-daily.example"),
        published="2024-07-09T00:30:00Z",
        language="zh",
        word_count=len(TEXT) // 2,
    )


def _candidate(outlet: str, title: str, snippet: str) -> Candidate:
    return Candidate(
        url=f"https://www.{outlet}.example/news/1",
        title=title,
        provider="index",
        outlet_name=outlet,
        outlet_domain=f"{outlet}.example",
        language="zh",
        published="2024-07-09T06:00:00Z",
        snippet=snippet,
    )


def test_another_outlets_report_of_a_chinese_story_is_the_same_story() -> None:
    same = _candidate(
        "linhai-news",
        "地铁7号线北延工程获市人大批准",
        "市人大常委会批准地铁7号线延伸至临港新区，总投资约214亿元，2031年建成通车。",
    )
    other = _candidate(
        "caijing",
        "上海股市周一大幅上涨",
        "上海证券交易所综合指数周一上涨百分之二，滨江市多家企业股价走高。",
    )
    tiers = RelatedRanker().rank_tiers(_article(), [same, other], max_items=10)
    assert [item.url for item in tiers.items] == [same.url]
    assert other.url not in {item.url for item in tiers.items}
