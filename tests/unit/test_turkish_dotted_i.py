"""Turkish capital "İ" (attack18): Python case-folds it to "i" + U+0307, a combining dot that is
no word character, so "İstanbul" was tokenised as "i" and "stanbul". SQLite's unicode61 index
stores "istanbul", so a Turkish article's İstanbul, İzmir, İran and İçişleri were searched as
fragments the index never holds, and a sentence-initial "İçin" or "İle" was no stop word."""

# The test text is Turkish on purpose.
# ruff: noqa: RUF001, RUF003

from __future__ import annotations

import pytest

from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.related_ranking import build_query
from parallax.domain.similarity import analyse_word
from parallax.domain.text_terms import content_terms, tokenize


def test_a_dotted_capital_i_is_tokenised_as_the_index_stores_it() -> None:
    assert tokenize("İstanbul, İzmir ve İçişleri") == ["istanbul", "izmir", "ve", "içişleri"]
    # Already lower-cased, or written decomposed: the dot over a small i goes too.
    assert tokenize("i\u0307stanbul I\u0307ran") == ["istanbul", "iran"]
    assert content_terms("İsrail İngiltere", "tr") == ["israil", "ingiltere"]


def test_dotless_i_and_other_letters_fold_as_before() -> None:
    # Only the dot goes: "I" is "i" and "ı" stays "ı", as casefold and the index have them.
    from parallax.domain.text_terms import fold_case

    assert fold_case("Işık ISPARTA ı Straße") == "işık isparta ı strasse"


def test_a_turkish_articles_search_terms_are_whole_words() -> None:
    sentences = [
        "İstanbul Valiliği ve İçişleri Bakanlığı dün büyük bir deprem tatbikatı düzenledi.",
        "Tatbikata İzmir ve İstanbul'dan ekipler katıldı.",
        "İçişleri Bakanı tatbikatın başarılı geçtiğini söyledi.",
    ]
    article = Article(
        url="https://haber.example.com/a",
        canonical_url="https://haber.example.com/a",
        title="İstanbul'da deprem tatbikatı yapıldı",
        text=" ".join(sentences),
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name="Haber", domain="haber.example.com"),
        published="2026-11-29T08:00:00Z",
        language="tr",
        word_count=30,
    )
    terms = build_query(article, ["tr"]).terms
    assert "istanbul" in terms
    assert "içişleri" in terms
    assert not {"stanbul", "çişleri", "zmir"} & set(terms)


@pytest.mark.parametrize("word", ["İçin", "İle", "İşte"])
def test_a_sentence_initial_turkish_stop_word_stays_one(word: str) -> None:
    # "için", "ile", "işte" are Turkish similarity stop words; capitalised, they were content.
    assert analyse_word(word, "tr") is None


def test_a_dotted_capital_name_keys_as_its_plain_spelling() -> None:
    keys = analyse_word("İstanbul", "tr")
    assert keys is not None
    assert keys[1] == "istanbul"
