"""The search query built from an article, and the search strings providers send."""

from __future__ import annotations

import pytest

from parallax.adapters.gdelt import gdelt_query
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.ports import StoryQuery
from parallax.domain.related_ranking import (
    build_query,
    is_language_neutral,
    search_string,
    search_terms,
)


def _article(title: str, sentences: list[str], language: str = "en") -> Article:
    return Article(
        url="https://www.example.com/a?utm_source=x",
        canonical_url="https://www.example.com/a",
        title=title,
        text=" ".join(sentences),
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        outlet=Outlet(name="Example", domain="example.com"),
        published="2026-11-29T08:00:00Z",
        language=language,
        word_count=sum(len(s.split()) for s in sentences),
    )


BOE = _article(
    "Bank of England raises rates to 4.25% as inflation bites",
    [
        "The Bank of England raised interest rates on Thursday to 4.25 per cent, the highest "
        "level since 2008.",
        "Governor Andrew Bailey said inflation in the United Kingdom remained too high.",
        "Markets in London reacted calmly, and Andrew Bailey's team declined to rule out more "
        "rises.",
        "Analysts at Goldman Sachs had expected the move.",
    ],
)


def test_the_query_carries_the_article_identity_and_languages_in_order() -> None:
    # When the query is built for a reader of German who also wants French
    query = build_query(BOE, ["de-CH", "en", "fr", "de"])
    # Then the article's language comes first and the list has no repeats
    assert query.languages == ("en", "de", "fr")
    assert query.language == "en"
    assert query.title == BOE.title
    assert query.source_url == "https://www.example.com/a"
    assert query.published == "2026-11-29T08:00:00Z"
    assert query.translated_terms is None


def test_the_lead_is_the_opening_sentences_up_to_a_few_hundred_characters() -> None:
    query = build_query(BOE, [])
    assert query.lead.startswith("The Bank of England raised interest rates")
    assert "Andrew Bailey" in query.lead  # the first sentence alone is too short to be a lead
    assert "Goldman Sachs" not in query.lead
    assert len(query.lead) <= 400


def test_terms_are_names_first_then_numbers_then_salient_words() -> None:
    terms = build_query(BOE, []).terms
    # Multi-word names, with the role trimmed off ("Governor Andrew Bailey") and connectors kept
    assert terms[:4] == ("Bank of England", "Andrew Bailey", "United Kingdom", "Goldman Sachs")
    assert "London" in terms
    assert not [t for t in terms if "'" in t]  # "Andrew Bailey's" counts as Andrew Bailey
    # Numbers after names
    assert terms.index("4.25") > terms.index("London")
    # Ordinary words last, lower-cased, no stop words, no weekday
    assert "rates" in terms and "inflation" in terms
    assert not {"the", "to", "as", "Thursday", "thursday"} & set(terms)
    assert len(terms) <= 12


def test_a_title_in_title_case_is_not_mistaken_for_a_row_of_names() -> None:
    article = _article(
        "Council Approves New Budget For Harbour Project",
        [
            "The council approved the budget on Monday.",
            "It runs to 4.2 billion, said Anne Hidalgo.",
        ],
    )
    terms = build_query(article, []).terms
    assert terms[0] == "Anne Hidalgo"
    assert "Council Approves New Budget" not in terms
    assert "4.2" in terms
    assert "budget" in terms


def test_sentence_initial_words_are_not_names_unless_capitalised_elsewhere() -> None:
    article = _article(
        "Police arrest suspect",
        [
            "Police arrested Mark Smith on Friday.",
            "Yesterday the court heard from Smith.",
            "Paris prosecutors said Paris would appeal.",
        ],
    )
    terms = build_query(article, []).terms
    assert "Mark Smith" in terms
    assert "Police" not in terms and "Yesterday" not in terms
    assert "Paris" in terms  # also capitalised mid-sentence


def test_german_single_capitalised_nouns_are_not_names_but_multi_word_names_are() -> None:
    article = _article(
        "Scholz trifft Macron in Paris zu Gesprächen über die Ukraine",
        [
            "Bundeskanzler Olaf Scholz ist am Montag in Paris mit dem französischen Präsidenten "
            "Emmanuel Macron zusammengetroffen.",
            "Die beiden Politiker sprachen über Hilfen im Umfang von 1,5 Milliarden Euro.",
        ],
        language="de",
    )
    terms = build_query(article, []).terms
    assert terms[:2] == ("Olaf Scholz", "Emmanuel Macron")
    assert "1,5" in terms
    assert not {"Politiker", "Hilfen", "Milliarden Euro", "die", "über", "montag"} & set(terms)
    assert "gesprächen" in terms  # an ordinary (lower-cased) search word in German


def test_french_elisions_do_not_hide_names() -> None:
    article = _article(
        "L'Élysée annonce la visite d'Olaf Scholz à Paris",
        [
            "Le président Emmanuel Macron recevra le chancelier Olaf Scholz lundi à l'Élysée.",
            "Les deux dirigeants parleront de l'Ukraine.",
        ],
        language="fr",
    )
    terms = build_query(article, []).terms
    assert terms[:2] == ("Olaf Scholz", "Emmanuel Macron")
    assert "Élysée" in terms and "Ukraine" in terms
    assert not {"le", "la", "lundi", "président"} & set(terms[:5])


def test_an_article_without_sentences_still_gets_a_query() -> None:
    article = _article("Storm Ciarán hits Brittany", [])
    article = article.model_copy(update={"text": "Storm Ciarán hit Brittany overnight. More."})
    query = build_query(article, [])
    assert query.lead.startswith("Storm Ciarán hit Brittany overnight.")
    assert "Ciarán" in " ".join(query.terms)


# --- per-language terms and search strings -------------------------------------------------------


def _query(**overrides: object) -> StoryQuery:
    values: dict[str, object] = {
        "title": "t",
        "lead": "l",
        "language": "de",
        "terms": ("Olaf Scholz", "1,5", "Paris", "gesprächen", "ukraine"),
        "published": None,
        "source_url": "https://x.example/a",
        "languages": ("de", "en"),
    }
    values.update(overrides)
    return StoryQuery(**values)  # type: ignore[arg-type]


def test_search_terms_per_language() -> None:
    query = _query()
    # In the article's own language every term is used
    assert search_terms(query, "de") == query.terms
    # In another language only names and numbers (they read the same there)
    assert search_terms(query, "en-GB") == ("Olaf Scholz", "1,5", "Paris")
    # A model's translation wins when there is one
    translated = _query(translated_terms={"en": ("Olaf Scholz", "talks", "aid")})
    assert search_terms(translated, "en") == ("Olaf Scholz", "talks", "aid")
    assert search_terms(translated, "fr") == ("Olaf Scholz", "1,5", "Paris")


@pytest.mark.parametrize(
    ("term", "neutral"),
    [("Olaf Scholz", True), ("4.25", True), ("G7", True), ("budget", False), ("", False)],
)
def test_language_neutral_terms(term: str, neutral: bool) -> None:
    assert is_language_neutral(term) is neutral


def test_search_string_quotes_phrases_and_ors_the_rest() -> None:
    terms = ["Bank of England", "Andrew Bailey", "rates", "inflation"]
    assert (
        search_string(terms, max_chars=200)
        == '"Bank of England" ("Andrew Bailey" OR rates OR inflation)'
    )
    assert (
        search_string(terms, max_chars=200, anchors=2)
        == '"Bank of England" "Andrew Bailey" (rates OR inflation)'
    )
    # Parentheses only around two or more OR'd terms
    assert search_string(terms[:2], max_chars=200) == '"Bank of England" "Andrew Bailey"'
    assert search_string(terms[:1], max_chars=200) == '"Bank of England"'


def test_search_string_respects_limits_and_strips_syntax() -> None:
    terms = ['Say "no" (now)', "EU", "ab", "Ursula von der Leyen", "tariffs", "steel", "cars"]
    # Short words are left out; a phrase is judged as a whole
    text = search_string(terms, max_chars=200, min_term_chars=3, max_terms=4)
    assert text == '"Say no now" ("Ursula von der Leyen" OR tariffs OR steel)'
    # A term that would overrun the length cap is skipped, a later shorter one may still fit
    short = search_string(terms, max_chars=31, min_term_chars=3)
    assert len(short) <= 31
    assert short == '"Say no now" (tariffs OR steel)'
    assert search_string([], max_chars=100) == ""
    assert search_string(["(", '""'], max_chars=100) == ""


def test_the_gdelt_query_follows_gdelt_rules() -> None:
    # Given a German article's query searched in German and English
    query = _query(terms=("Olaf Scholz", "EU", "1,5", "Paris", "gesprächen"))
    text = gdelt_query(query)
    # Then: names and numbers only (GDELT matches the English translation), two anchors, no
    # word under three characters, OR only in parentheses, a sourcelang filter
    assert text == '"Olaf Scholz" 1,5 Paris (sourcelang:german OR sourcelang:english)'
    assert gdelt_query(_query(terms=("EU", "gesprächen"))) == ""
    assert len(gdelt_query(_query(terms=tuple(f"Name{i} Surname{i}" for i in range(40))))) <= 250
