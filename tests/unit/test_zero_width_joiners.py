"""A Persian page's words keep their zero-width non-joiner (session 21, walk12). Persian writes
U+200C inside words to keep letters apart that would otherwise join: می‌شود (is done), هزینه‌ی
(the cost of), خبرگزاری‌ها (news agencies). trafilatura keeps printable characters only, so the
extracted text had "میشود", "هزینهی": every such word of the panel's Persian points misspelt,
its letters joined. The zero-width joiner (U+200D) of Indic conjuncts and emoji went the same way."""

# The test text is Persian on purpose.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

from pathlib import Path

from parallax.domain.extraction import extract_article, read_page

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
ZWNJ = "\u200c"
ZWJ = "\u200d"


def _page(paragraphs: list[str], lang: str = "fa") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='{lang}'><head><meta charset='utf-8'><title>t</title>"
        "<meta property='og:type' content='article'></head><body><article><h1>خبر</h1>"
        f"{body}</article></body></html>"
    )


def test_a_persian_articles_words_keep_their_non_joiner() -> None:
    html = (PAGES / "fa_article.html").read_text(encoding="utf-8")
    article = extract_article(html, "https://www.shahr-daily.example/tehran/metro-line-10")
    assert f"هزینه{ZWNJ}ی این طرح" in article.text
    assert f"خبرگزاری{ZWNJ}ها" in article.text
    assert any(f"می{ZWNJ}شود" in s.text for s in article.sentences)
    # Exactly the page's: none added, none lost
    assert article.text.count(ZWNJ) == html.split("<article>")[1].count(ZWNJ)


def test_a_joiner_is_kept_and_a_page_holding_the_stand_in_letters_reads_them_as_written() -> None:
    sentence = (
        f"گزارش{ZWNJ}ها نشان می{ZWNJ}دهد که این طرح در سال آینده اجرا می{ZWNJ}شود و مردم "
        f"از آن استقبال می{ZWNJ}کنند؛ نماد ꙮ و ⱞ و 👩{ZWJ}💻 هم در متن هست."
    )
    paragraphs = [f"{sentence} بند {n}." for n in range(6)]
    text = read_page(_page(paragraphs), "https://www.example.ir/news/1").article.text
    assert all(p in text for p in paragraphs), text


def test_a_joiner_in_a_latin_word_goes_as_before() -> None:
    # A German page's ligature breaker: the word stays whole for the search and the story score
    paragraphs = [
        f"Die neue Auf{ZWNJ}lage des Buches erscheint im Herbst, Nummer {n}, mit mehr Kapiteln "
        "als die erste und einem Vorwort der Autorin."
        for n in range(6)
    ]
    text = read_page(_page(paragraphs, "de"), "https://www.example.de/buch/1").article.text
    assert "Die neue Auflage des Buches" in text and ZWNJ not in text
