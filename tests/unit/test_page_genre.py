"""The learned text-genre score (issue 16, sixth round): one number from the sample's words."""

from __future__ import annotations

from collections import Counter

import lxml.html

from parallax.domain import page_genre, page_type_rules
from parallax.domain.extraction import read_page
from parallax.domain.page_genre import genre_score
from parallax.domain.page_type import read_signals
from tests.unit.test_page_type import _declared_article


def _signals_of(text: str) -> float:
    tree = lxml.html.fromstring("<html><head><title>t</title></head><body><p>x</p></body></html>")
    return read_signals(
        html="", tree=tree, text=text, word_count=len(text.split()), anchors=[], headlines=[],
        url="https://example.test/a/b", url_is_root=False, paragraphs=(), og_type=None,
        jsonld_types=frozenset(), has_article_node=False, declares_date=False, has_date=False,
        has_author=False, times=0,
    ).text_genre  # fmt: skip


def test_an_empty_text_scores_the_bias() -> None:
    # Given no words / When scored / Then the score is the model's bias, not an error
    assert genre_score(Counter(), 0) == page_genre._genre_model().bias
    assert _signals_of("") == page_genre._genre_model().bias


def test_words_the_model_never_saw_weigh_nothing() -> None:
    # Given a Chinese text (one long \w run per clause) and a string of made-up words
    chinese = "北京市政府今天宣布新的交通计划\uff0c将在明年开始实施。市民对此反应不一。" * 20
    # When scored / Then each scores the bias: no weight, no error
    bias = page_genre._genre_model().bias
    assert _signals_of(chinese) == bias
    assert genre_score(Counter({"qzxv": 3, "wrrpt": 2}), 5) == bias


def test_sales_prose_scores_above_news_prose() -> None:
    # Given a service page's pitch and a news report of the same length
    pitch = (
        "We offer affordable, professional services for every customer. Contact us today for a "
        "free quote: our experts guarantee quality, and our team will help you choose the plan "
        "that fits your budget. Book your consultation online. "
    ) * 8
    news = (
        "The council voted on Tuesday to close the bridge after inspectors said the steel had "
        "corroded. Residents told reporters they had warned officials for years, according to "
        "minutes of the meeting held in March. "
    ) * 8
    # When scored / Then the pitch reads less like an article
    assert _signals_of(pitch.casefold()) > _signals_of(news.casefold())


def test_a_five_megabyte_text_is_read_only_as_far_as_the_sample() -> None:
    # Given a 5 MB text whose first screens are news and whose rest is a sales pitch
    news = "The council voted on Tuesday to close the bridge, officials said. " * 200
    text = news + "We offer affordable services, contact us for a free quote. " * 90_000
    assert len(text) > 5_000_000
    # When its signals are read / Then the genre is the sample's, whatever follows it
    assert _signals_of(text) == _signals_of(text[: page_type_rules.TEXT_SAMPLE_CHARS])
    assert _signals_of(text) == _signals_of(news[: page_type_rules.TEXT_SAMPLE_CHARS])


def test_a_news_report_about_prices_and_offers_is_still_an_article() -> None:
    # Given a news report whose subject is sales talk: tuition, insurance premiums, "free" offers,
    # with a university's pitch quoted, declared as an article like any news page
    paragraphs = [
        "Universities across the region raised tuition by up to nine percent on Tuesday, the third"
        " increase in as many years, according to figures published by the education ministry.",
        "Insurers followed in March: premiums for students' health plans rose by an average of"
        " 120 euros, the consumer office said, while several providers advertised free quotes.",
        "\u201cWe offer affordable, professional programs and our team guarantees quality,\u201d"
        " one university's brochure says. Students' unions called the wording misleading.",
        "\u201cNobody can plan a budget like this,\u201d said Lena Hoffmann, who chairs the union"
        " at the technical university. She said 40 students had asked for advice in April.",
        "The ministry said on Wednesday that it would review the fees next year and publish the"
        " insurers' contracts, after a court ruled in February that the public has a right to them.",
    ]
    body = "<article><h1>Tuition and premiums rise again</h1>" + "".join(
        f"<p>{p}</p>" for p in paragraphs
    )
    html = _declared_article("Tuition and premiums rise again", body + "</article>")
    # When it is read and judged
    reading = read_page(html, "https://www.harbourcourier.example/2026/03/tuition-premiums-rise")
    # Then it is summarised, not refused as a service page
    assert reading.is_article, reading.judgement


def test_the_same_text_scores_the_same_in_every_process() -> None:
    # Given a text of many distinct words, and processes that hash strings differently
    # (PYTHONHASHSEED: the order of a set of words differs between them)
    import os
    import subprocess
    import sys

    program = (
        "from collections import Counter; from parallax.domain.page_genre import genre_score; "
        "words = ('we offer the council a free quote for every customer after the vote on the "
        "bridge said inspectors book your plan today residents told reporters minutes ').split()"
        " * 30; print(repr(genre_score(Counter(words), len(words))))"
    )
    # When each scores it
    scores = {
        subprocess.run(
            [sys.executable, "-c", program],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3", "4", "5", "6")
    }
    # Then the score is the same to the last bit
    assert len(scores) == 1, scores
