"""A word that is a number in some languages only is read as one in those languages only: "a" is
one in English ("a man", "a dozen"), a preposition in Spanish, Italian and Portuguese and a verb
in French, where as 1 it supported any "1" a summary made up. The same for "due" (2 in Italian,
an English adjective), "cent", "sept", "otto", "elf", "sei" and the others of the table that
are a common word of another language."""

from __future__ import annotations

import pytest

from parallax.domain.numbers import number_values
from tests.unit.test_number_readings import _verdict


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Llegó a Madrid a las 3 de la tarde.", "es"),
        ("Il treno è arrivato a Roma alle 3.", "it"),
        ("O comboio chegou a Lisboa às 3 horas.", "pt-BR"),
        ("Le train a atteint Paris à 3 heures.", "fr"),
    ],
)
def test_a_is_no_number_in_romance_languages(text: str, language: str) -> None:
    values = number_values(text, language)
    assert "1" not in values and "3" in values


@pytest.mark.parametrize(
    ("text", "values"),
    [("a man was hurt", {"1"}), ("a dozen people", {"1", "12"}), ("A train at 3", {"1", "3"})],
)
def test_a_stays_one_in_english(text: str, values: set[str]) -> None:
    assert number_values(text, "en") == values
    assert number_values(text, "en-GB") == values


@pytest.mark.parametrize(
    ("text", "language", "one"),
    [
        ("Sie trafen sich um 3 an der Grenze.", "de", False),
        ("Il gagne 3 000 euros par an.", "fr", False),
        ("an hour late", "en", True),
        ("Chegou um comboio.", "pt", True),
    ],
)
def test_an_and_um_are_one_only_where_they_mean_one(text: str, language: str, one: bool) -> None:
    assert ("1" in number_values(text, language)) is one


def test_other_number_words_count_in_every_language() -> None:
    assert number_values("un homme et deux femmes", "fr") == {"1", "2"}
    assert number_values("uno a uno", "es") == {"1"}


def test_without_a_language_a_is_read_as_before() -> None:
    # The translation checks compare headlines whose language they are not told
    assert number_values("a las 3") == {"1", "3"}


@pytest.mark.parametrize(
    ("source", "bullet", "language"),
    [
        (
            "El tren llegó a Madrid a las 3 de la tarde con varios heridos.",
            "El tren llegó a Madrid a las 3 de la tarde con 1 herido.",
            "es",
        ),
        (
            "Le maire a annoncé la fermeture de la gare à 3 heures.",
            "Le maire a annoncé la fermeture de 1 gare à 3 heures.",
            "fr",
        ),
    ],
)
def test_a_bullets_made_up_one_is_not_supported_by_a_preposition(
    source: str, bullet: str, language: str
) -> None:
    assert _verdict(source, bullet, language=language, reader=language) == "unsupported_number"


# --- every word of the table that is a common word of another language -------------------------


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("The match was called off due to rain.", "en", "2"),
        ("Prices rose by five per cent.", "en", "100"),
        ("The vote is on 12 Sept.", "en", "7"),
        ("Otto Schmidt spoke first.", "en", "8"),
        ("He was once mayor.", "en", "11"),
        ("An elf on the shelf.", "en", "11"),
        ("Er sagte, es sei vorbei.", "de", "6"),
        ("Ten dům je nový.", "cs", "10"),
        ("Ten samochód jest nowy.", "pl", "10"),
        ("Onze regering heeft besloten.", "nl", "11"),
        ("Il a mal au dos.", "fr", "2"),
        ("Io sto bene.", "it", "100"),
        ("Um doce de leite.", "pt", "12"),
        ("Nove zgrade su otvorene.", "hr", "9"),
        ("Vi körde tre mil.", "sv", "1000"),
        ("Er kommt auf jeden Fall, jeden Tag.", "de", "1"),
        ("Je dois partir, a-t-il dit.", "fr", "2"),
        ("Le mien et le tien.", "fr", "10"),
        ("Vi må sette inn flere tog.", "no", "7"),
        ("Han tok sete ved vinduet.", "nb", "7"),
        ("Mi-e sete.", "ro", "7"),
    ],
)
def test_a_word_of_another_language_is_no_number(text: str, language: str, value: str) -> None:
    assert value not in number_values(text, language)


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Ci sono due feriti.", "it", "2"),
        ("Il y a cent personnes.", "fr", "100"),
        ("Hi havia cent persones.", "ca", "100"),
        ("Il y a sept blessés.", "fr", "7"),
        ("Ci sono otto feriti.", "it", "8"),
        ("Es gab elf Verletzte.", "de", "11"),
        ("Er zijn elf gewonden.", "nl", "11"),
        ("Ci sono sei feriti.", "it", "6"),
        ("Hay once heridos.", "es", "11"),
        ("Il y a onze blessés.", "fr", "11"),
        ("Hay dos heridos.", "es", "2"),
        ("Tre personer skadades.", "sv", "3"),
        ("Ten people were hurt.", "en", "10"),
        ("Zginęło sto osób.", "pl", "100"),
        ("Hay mil heridos.", "es", "1000"),
        ("Zginął jeden człowiek.", "pl", "1"),
        ("Há dois feridos.", "pt", "2"),
        ("Er zijn tien gewonden.", "nl", "10"),
        ("Ci sono sette feriti.", "it", "7"),
        ("Há sete feridos.", "pt-BR", "7"),
    ],
)
def test_the_word_in_its_own_language_is_a_number(text: str, language: str, value: str) -> None:
    assert value in number_values(text, language)


@pytest.mark.parametrize(
    ("text", "value"),
    [("due to rain", "2"), ("per cent", "100"), ("es sei vorbei", "6"), ("ten dům", "10")],
)
def test_without_a_language_every_number_word_is_read_as_before(text: str, value: str) -> None:
    assert number_values(text) == {value}


@pytest.mark.parametrize(
    ("source", "bullet", "language"),
    [
        (
            "The match in the capital was called off due to heavy rain on Saturday.",
            "The match in the capital was called off after 2 days of heavy rain on Saturday.",
            "en",
        ),
        (
            "Prices in the capital rose by five per cent on Saturday, the office said.",
            "Prices in the capital rose by 100 euros on Saturday, the office said.",
            "en",
        ),
        (
            "Der Minister sagte, die Lage sei in der Hauptstadt am Samstag ruhig.",
            "Der Minister sagte, die Lage in 6 Städten sei am Samstag ruhig.",
            "de",
        ),
        (
            "Der Minister will auf jeden Fall am Samstag in die Hauptstadt reisen.",
            "Der Minister will für 1 Tag am Samstag in die Hauptstadt reisen.",
            "de",
        ),
        (
            "Le ministre a dit : « Je dois partir samedi pour la capitale du pays. »",
            "Le ministre a dit qu'il part samedi pour 2 jours dans la capitale du pays.",
            "fr",
        ),
    ],
)
def test_a_bullets_made_up_number_is_not_supported_by_another_languages_word(
    source: str, bullet: str, language: str
) -> None:
    assert _verdict(source, bullet, language=language, reader=language) == "unsupported_number"


@pytest.mark.parametrize(
    ("source", "bullet", "language"),
    [
        (
            "Il ministro ha detto che ci sono due feriti nella capitale sabato.",
            "Il ministro ha detto che ci sono 2 feriti nella capitale sabato.",
            "it",
        ),
        (
            "Le ministre a dit que cent personnes ont manifesté dans la capitale samedi.",
            "Le ministre a dit que 100 personnes ont manifesté dans la capitale samedi.",
            "fr",
        ),
        (
            "Der Minister sagte, elf Menschen seien in der Hauptstadt verletzt worden.",
            "Der Minister sagte, 11 Menschen seien in der Hauptstadt verletzt worden.",
            "de",
        ),
    ],
)
def test_the_word_in_its_own_language_still_supports_a_bullets_number(
    source: str, bullet: str, language: str
) -> None:
    assert _verdict(source, bullet, language=language, reader=language) is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Les prix ont augmenté de cinq pour cent.", "fr"),
        ("I prezzi sono saliti del cinque per cento.", "it"),
        ("Los precios subieron un cinco por ciento.", "es"),
        ("Los precios subieron un cinco por cien.", "es"),
        ("Os preços subiram cinco por cento.", "pt"),
        ("Els preus han pujat un cinc per cent.", "ca"),
        ("Les prix ont augmenté de 5 pour\u00a0cent.", "fr"),
    ],
)
def test_per_cent_in_its_own_language_is_no_hundred(text: str, language: str) -> None:
    # Given a share said in words in the language whose word for a hundred makes it
    # Then it is no 100 (before: "cent", "cento", "ciento" each supported a made-up "100")
    assert "100" not in number_values(text, language)


def test_a_hundred_still_counts_beside_per_cent() -> None:
    assert "100" in number_values("cent personnes, soit dix pour cent", "fr")
    assert "100" in number_values("cento per cento", "it")
    assert "100" in number_values("cien por cien", "es")


def test_a_bullets_made_up_hundred_is_not_supported_by_per_cent_in_its_own_language() -> None:
    source = "Les prix dans la capitale ont augmenté de cinq pour cent samedi, a dit l'office."
    bullet = "Les prix dans la capitale ont augmenté de 100 euros samedi, a dit l'office."
    assert _verdict(source, bullet, language="fr", reader="fr") == "unsupported_number"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Il a vendu sa voiture pour cent euros.", "fr"),
        ("Il y a un médecin pour cent habitants.", "fr"),
        ("Ha venduto la bici per cento euro.", "it"),
        ("Lo vendió por cien euros.", "es"),
        ("Va vendre el cotxe per cent euros.", "ca"),
    ],
)
def test_per_cent_after_no_number_is_a_hundred(text: str, language: str) -> None:
    # Given "for a hundred": no share (a share is a number's), the number 100
    # Then it is 100 (before: left out as a share, and a faithful "100 euros" was dropped)
    assert "100" in number_values(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Les prix ont augmenté de cinquante pour cent.", "fr"),
        ("Les prix ont augmenté de 12,5 pour cent.", "fr"),
        ("Trente-sept pour cent des hommes ont répondu.", "fr"),
        ("Les prix ont augmenté de quatre-vingts pour cent.", "fr"),
        ("Les prix ont augmenté de quelques pour cent.", "fr"),
        ("Les prix ont augmenté de cinq\npour cent.", "fr"),
        ("I prezzi sono saliti del trentacinque per cento.", "it"),
        ("Los precios subieron un veinticinco por ciento.", "es"),
        ("Los precios subieron un treinta y cinco por ciento.", "es"),
        ("Os preços subiram quarenta por cento.", "pt"),
        ("Els preus han pujat un vint-i-cinc per cent.", "ca"),
    ],
)
def test_per_cent_after_a_number_written_any_way_is_a_share(text: str, language: str) -> None:
    assert "100" not in number_values(text, language)


def test_a_bullets_faithful_hundred_is_supported_by_for_a_hundred() -> None:
    source = (
        "Le maire a vendu la vieille voiture de la ville pour cent euros samedi, a dit l'office."
    )
    bullet = (
        "Le maire a vendu la vieille voiture de la ville pour 100 euros samedi, a dit l'office."
    )
    assert _verdict(source, bullet, language="fr", reader="fr") is None


def test_a_word_before_per_cent_is_a_number_in_the_texts_language_only() -> None:
    # French "a" is a verb: "il en a pour cent euros" is a hundred euros, no share of "a" (1)
    assert "100" in number_values("Il en a pour cent euros.", "fr")
    assert "100" not in number_values("Les prix ont augmenté de un pour cent.", "fr")


# --- a number word that is another word of its own language (session 16) -----------------------


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        # French "neuf" is 9 and "new"; Italian "venti" 20 and "winds"
        ("Un bâtiment neuf a été inauguré samedi.", "fr", "9"),
        ("Quoi de neuf ?", "fr", "9"),
        ("La gare a été remise à neuf.", "fr", "9"),
        ("Venti forti su tutta la regione.", "it", "20"),
        ("Forti venti di maestrale sulla costa.", "it", "20"),
        ("I venti soffiano da nord.", "it", "20"),
    ],
)
def test_a_homonym_of_a_number_word_away_from_what_it_counts_is_no_number(
    text: str, language: str, value: str
) -> None:
    # Before: read as the number wherever it stood, so "new" and "winds" supported a made-up one
    assert value not in number_values(text, language)


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Il a neuf ans.", "fr", "9"),
        ("Les neuf blessés ont été soignés.", "fr", "9"),
        ("Le projet coûte neuf millions d'euros.", "fr", "9"),
        ("Il y a eu dix-neuf morts.", "fr", "9"),
        ("Ci sono venti feriti.", "it", "20"),
        ("Il biglietto costa venti euro.", "it", "20"),
        # in another language, or with none, the word is read as before
        ("Un bâtiment neuf", None, "9"),
        ("Venti forti", None, "20"),
    ],
)
def test_a_homonym_before_what_it_counts_is_a_number(
    text: str, language: str | None, value: str
) -> None:
    assert value in number_values(text, language)


def test_a_bullets_made_up_nine_is_not_supported_by_a_new_building() -> None:
    source = "Le maire a inauguré un bâtiment neuf dans la capitale samedi, a dit l'office."
    bullet = "Le maire a inauguré 9 bâtiments dans la capitale samedi, a dit l'office."
    assert _verdict(source, bullet, language="fr", reader="fr") == "unsupported_number"


def test_a_bullets_nine_is_still_supported_by_neuf_before_a_noun() -> None:
    source = "Le maire a inauguré neuf bâtiments dans la capitale samedi, a dit l'office."
    bullet = "Le maire a inauguré 9 bâtiments dans la capitale samedi, a dit l'office."
    assert _verdict(source, bullet, language="fr", reader="fr") is None


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # Galician had no number words of its own: "dous", "catro", "cen" supported nothing
        ("Hai dous feridos e catro mortos.", {"2", "4"}),
        ("Morreu unha persoa; hai cen feridos.", {"1", "100"}),
        (
            "Hai dúas vítimas, once feridos, doce detidos e mil evacuados.",
            {"2", "11", "12", "1000"},
        ),
        ("Hai sete feridos e nove mortos.", {"7", "9"}),
    ],
)
def test_galician_number_words(text: str, values: set[str]) -> None:
    assert number_values(text, "gl") == values


def test_galicians_cen_is_no_hundred_in_polish() -> None:
    assert "100" not in number_values("Wzrost cen paliw.", "pl")
