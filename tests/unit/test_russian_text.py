"""A Russian (and Ukrainian) reader's article read by the summariser (session 20, walk8): its
sentences split where a Russian writer ends them, and a Russian bullet naming brands in Latin
letters kept as Russian.

What failed before: a quote's attribution after a dash ("«…?» — спросил житель.") was cut off
as a sentence of its own; the year "г." passed for an initial, so "к 2030 г. В Москве …" ran on
into the next sentence; "1,2 млрд долл. США" was cut after "долл."; and "Компания Apple
представила iPhone 16 Pro" has more Latin letters than Cyrillic, so the guard dropped the
bullet as not Russian."""

# Cyrillic text on purpose.
# ruff: noqa: RUF001, RUF002

from __future__ import annotations

import pytest

from parallax.domain.models import Article, Bullet, Outlet, Sentence
from parallax.domain.neutral_summary.guard import guard_bullets, guard_summary
from parallax.domain.neutral_summary.model_output import parse_summary_output
from parallax.domain.neutral_summary.surface_checks import wrong_language
from parallax.domain.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("«Когда откроется станция?» — спросил житель. Мэр не ответил.", "ru"),
        ("«Это правда!» — воскликнул депутат. Зал замолчал.", "ru"),
        ("«Коли відкриють станцію?» — запитав мешканець. Мер не відповів.", "uk"),
    ],
    ids=["ru-question", "ru-exclamation", "uk-question"],
)
def test_a_quotes_attribution_after_a_dash_stays_in_its_sentence(text: str, language: str) -> None:
    first, second = split_sentences(text, language)
    assert first.endswith(("житель.", "депутат.", "мешканець.")), first
    assert second in ("Мэр не ответил.", "Зал замолчал.", "Мер не відповів.")


def test_a_russian_year_and_units_end_a_sentence_only_before_a_new_one() -> None:
    text = (
        "Строительство завершится к 2030 г. В Москве появятся 10 станций. "
        "Проект стоит 1,2 млрд долл. США, сообщил мэр. "
        "Продажи выросли на 3 тыс. Это рекорд. "
        "В 2020 г. Путин подписал указ. Работы оцениваются в 80 млрд руб. за участок, т. е. "
        "дорого. Президент В. В. Путин поддержал проект."
    )
    assert split_sentences(text, "ru") == [
        "Строительство завершится к 2030 г.",
        "В Москве появятся 10 станций.",
        "Проект стоит 1,2 млрд долл. США, сообщил мэр.",
        "Продажи выросли на 3 тыс.",
        "Это рекорд.",
        "В 2020 г. Путин подписал указ.",
        "Работы оцениваются в 80 млрд руб. за участок, т. е. дорого.",
        "Президент В. В. Путин поддержал проект.",
    ]
    assert split_sentences(
        "Ціни зросли на 3 тис. грн. Це рекорд. Вул. Хрещатик закрита.", "uk"
    ) == [
        "Ціни зросли на 3 тис. грн.",
        "Це рекорд.",
        "Вул. Хрещатик закрита.",
    ]


def _article(sentence: str) -> Article:
    return Article(
        url="https://vesti.example/a",
        canonical_url="https://vesti.example/a",
        title="Apple представила новые смартфоны",
        text=sentence,
        sentences=[Sentence(id=0, text=sentence)],
        outlet=Outlet(name="Вести", domain="vesti.example"),
        published="2024-09-10T08:00:00Z",
        language="ru",
        word_count=len(sentence.split()),
    )


def test_a_russian_bullet_naming_brands_in_latin_letters_is_russian() -> None:
    sentence = "Компания Apple во вторник представила iPhone 16 Pro и iPhone 16 Pro Max."
    bullet = "Apple представила iPhone 16 Pro и iPhone 16 Pro Max."
    for language in ("ru", "uk"):
        text = (
            bullet if language == "ru" else "Apple представила iPhone 16 Pro та iPhone 16 Pro Max."
        )
        result = guard_bullets([Bullet(text=text, sentence_ids=[0])], _article(sentence), language)
        assert [b.text for b in result.bullets] == [text], result.dropped
    # A sentence in English is still not Russian, nor a headline of Latin words only
    assert wrong_language("Apple presented the new iPhone 16 Pro on Tuesday", "ru")
    assert wrong_language("Moscow Approves Metro Extension", "ru")
    assert not wrong_language("삼성전자, Galaxy S24 Ultra 공개", "ko")


def test_a_russian_summary_may_decline_the_articles_names() -> None:
    sentences = [
        "Правительство Москвы утвердило продление Бирюзовой линии метро до Коммунарки.",
        "По словам заместителя мэра Орлова, линией будут пользоваться 1,5 млн пассажиров.",
        "Строительство завершится к 2030 году.",
    ]
    article = _article(" ".join(sentences)).model_copy(
        update={
            "title": "Власти Москвы утвердили продление Бирюзовой линии",
            "sentences": [Sentence(id=i, text=s) for i, s in enumerate(sentences)],
        }
    )
    draft = parse_summary_output(
        {
            "headline": "Столица продлит Бирюзовую линию до Коммунарки",
            "bullets": [
                {
                    "text": "В Москве продлят Бирюзовую линию метро до Коммунарки.",
                    "sentence_ids": [0],
                },
                {"text": "Заместитель мэра Орлов ждёт 1,5 млн пассажиров.", "sentence_ids": [1]},
                {
                    "text": "Заместитель мэра Орловский ждёт 1,5 млн пассажиров.",
                    "sentence_ids": [1],
                },
                {"text": "Линию от Москвы продлят до Выхино к 2030 году.", "sentence_ids": [0, 2]},
            ],
            "disputed": None,
        }
    )
    result = guard_summary(draft, article, "ru")
    # Москве, Бирюзовую, Орлов are the article's Москвы, Бирюзовой, Орлова: kept
    assert result.headline == "Столица продлит Бирюзовую линию до Коммунарки"
    assert [b.text for b in result.bullets] == [
        "В Москве продлят Бирюзовую линию метро до Коммунарки.",
        "Заместитель мэра Орлов ждёт 1,5 млн пассажиров.",
    ]
    # Another name, or a name that is only like one, is not
    assert [(d.reason, d.detail) for d in result.dropped] == [
        ("unsupported_name", "Орловский"),
        ("unsupported_name", "Выхино"),
    ]


def _named(sentence: str, bullet: str) -> list[str]:
    article = _article(sentence).model_copy(update={"title": "Новости дня"})
    result = guard_bullets([Bullet(text=bullet, sentence_ids=[0])], article, "ru")
    return [b.text for b in result.bullets]


def test_a_declined_name_is_not_taken_for_a_longer_one_it_begins() -> None:
    # attack18: the summary's name was stemmed ("Мария" → "Мари") and then matched as a prefix
    # of the article's words, so "Мария" passed for the article's "Марина", another person.
    sentence = "Губернатор вручил награду учительнице Марине Ивановой из Твери."
    assert _named(sentence, "Награду получила учительница Марина Иванова.") != []
    assert _named(sentence, "Награду получила учительница Мария Иванова.") == []
    # A city is not its adjective, either way.
    assert _named("Мэр Москвы открыл станцию.", "Открыт Московский вокзал.") == []
    assert _named("Открыт Московский вокзал.", "Мэр Москвы открыл станцию.") == []


def test_a_name_whose_stem_is_three_letters_may_be_declined() -> None:
    # "Ольга" → "Ольг", folded to "olg": three letters were too short to match a known name, so
    # a summary naming the article's Ольга in any case was dropped (attack18).
    sentence = "По словам Ольги Петровой, школа откроется в сентябре."
    assert _named(sentence, "Директор Ольга Петрова ждёт открытия школы.") != []
    assert _named(sentence, "Директор Дарья Петрова ждёт открытия школы.") == []
