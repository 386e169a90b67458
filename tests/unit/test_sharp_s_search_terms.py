"""A German "ß" in a search term is spelled as the feed index holds it (attack19).

``casefold`` writes "ß" (and the capital "ẞ") as "ss"; SQLite's ``unicode61`` index keeps "ß".
A German article's salient words "Maßnahmen", "Fußball", "Straße" went into the query as
"massnahmen", "fussball", "strasse": no report of the index holds them, and, counted as absent,
they were taken first among the rarest clauses."""

from __future__ import annotations

import sqlite3

from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.related_ranking import build_query
from parallax.domain.text_terms import index_words, tokenize

SENTENCES = [
    "Der Stadtrat beschließt neue Maßnahmen gegen den Lärm an der Hauptstraße.",
    "Die Maßnahmen gelten ab Montag, sagte der Bürgermeister nach der Sitzung.",
    "Auch der Fußballverein an der Hauptstraße muss die Maßnahmen beachten.",
    "AUF DER HAUPTSTRAẞE gilt dann Tempo 30.",
]


def _article() -> Article:
    return Article(
        url="https://zeitung.example.de/a",
        canonical_url="https://zeitung.example.de/a",
        title="Stadtrat beschließt Lärmschutz",
        text=" ".join(SENTENCES),
        sentences=[Sentence(id=i, text=s) for i, s in enumerate(SENTENCES)],
        outlet=Outlet(name="Zeitung", domain="zeitung.example.de"),
        published="2026-12-01T08:00:00Z",
        language="de",
        word_count=45,
    )


def test_a_sharp_s_is_kept_in_the_words_searched_and_folded_in_the_scorers() -> None:
    assert index_words("Maßnahmen an der STRAẞE, bloß") == [
        "maßnahmen",
        "an",
        "der",
        "straße",
        "bloß",
    ]
    # the scorers still fold it, so that a Swiss "Strasse" is the same word
    assert tokenize("Straße") == tokenize("Strasse") == ["strasse"]


def test_every_search_term_of_a_german_article_is_a_word_the_index_holds() -> None:
    terms = build_query(_article(), ["de"]).terms
    assert "maßnahmen" in terms
    assert not any("ss" in term for term in terms)
    index = sqlite3.connect(":memory:")
    index.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 2')")
    article = _article()
    index.execute("INSERT INTO t(x) VALUES (?)", (f"{article.title} {article.text}",))
    for term in terms:
        found = index.execute("SELECT count(*) FROM t WHERE t MATCH ?", (f'"{term}"',)).fetchone()
        assert found == (1,), term
