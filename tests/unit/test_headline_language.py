"""A related headline's translation in another language than the reader's is no translation
(session 14): the model gave French to a German reader, and the panel marked it German."""

from __future__ import annotations

import pytest

from parallax.domain.neutral_summary import parse_translation_output
from parallax.domain.neutral_summary.surface_checks import confidently_another_language

ORIGINAL = ["City council passes the budget after a long debate"]


def _answer(text: str) -> dict[str, object]:
    return {"translations": [{"id": 0, "text": text}]}


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("de", "Le conseil municipal adopte le budget après un long débat"),
        ("fr", "Der Stadtrat beschließt nach langer Debatte den Haushalt"),
        ("en", "Der Stadtrat beschließt nach langer Debatte den Haushalt"),
        ("de", "مجلس المدينة يقر الميزانية بعد نقاش طويل"),
        ("es", "Der Stadtrat beschließt nach langer Debatte den Haushalt"),
    ],
)
def test_a_translation_in_another_language_is_refused(language: str, text: str) -> None:
    assert parse_translation_output(_answer(text), ORIGINAL, language) == [None]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # the language asked for
        ("de", "Der Stadtrat beschließt nach langer Debatte den Haushalt"),
        ("fr", "Le conseil municipal adopte le budget après un long débat"),
        # short, or names only: no language can be told
        ("de", "Merz rencontre Macron"),
        ("fr", "Bayern gegen Real"),
        # a close language, which the model confuses with the one asked (and a reader reads)
        ("no", "Regeringen vil sænke skatten for familier med børn"),
        ("es", "O Governo aprova o orçamento municipal para as escolas"),
        ("sr", "Vlada je usvojila proračun za škole i bolnice"),
        # names of another language in a translation of the one asked
        ("en", "Bayern Munich beat Real Madrid in the Champions League final"),
    ],
)
def test_a_translation_that_may_be_in_the_language_asked_is_kept(language: str, text: str) -> None:
    assert parse_translation_output(_answer(text), ORIGINAL, language) == [text]


def test_a_language_the_model_does_not_know_is_never_judged() -> None:
    # Icelandic is not among the language model's classes: nothing to compare with
    assert not confidently_another_language(
        "Le conseil municipal adopte le budget après un long débat", "is"
    )


# Chinese, Japanese and Korean put no spaces between words: before session 15 a headline in them
# was one or two "words" and never judged, so a Chinese "translation" was shown to a Japanese
# reader as Japanese.
@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ja", "国务院召开常务会议部署经济工作"),
        ("ko", "国务院召开常务会议部署经济工作"),
        ("zh", "서울서 강한 지진 발생…피해 없어"),
        ("en", "东京发生强烈地震，无人受伤"),  # noqa: RUF001 - a Chinese comma
        ("zh", "東京で強い地震、けが人なし"),
        # Han characters only, in Chinese forms: simplified, or traditional throughout
        ("ja", "习近平主席访问美国举行首脑会谈"),
        ("ja", "美國總統拜登與中國國家主席習近平舉行會談"),
        ("ja", "颱風來襲全台停班停課"),
        # Han characters only, in the forms Japanese writes them in: Japanese, which the
        # language model reads as Chinese (zh at 0.92 and 0.94)
        ("zh", "東京都知事選挙結果発表"),
        ("zh", "日銀総裁金融政策決定会合後会見"),
        ("zh", "髙橋総理大臣発言内容"),
        # Chinese in traditional forms naming a Japanese company (総 of 三菱総合研究所): Chinese
        ("ja", "三菱総合研究所發表報告"),
    ],
)
def test_a_translation_in_another_cjk_language_is_refused(language: str, text: str) -> None:
    assert parse_translation_output(_answer(text), ORIGINAL, language) == [None]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("zh", "国务院召开常务会议部署经济工作"),
        ("ja", "東京で強い地震、けが人なし"),
        # mostly Han characters with a few kana: Japanese, whatever the model reads
        ("ja", "政府、経済対策を閣議決定"),
        ("ja", "日銀、金融政策の現状維持を決定"),
        ("ko", "서울서 강한 지진 발생…피해 없어"),
        # Chinese in traditional forms, and a simplified one with a name outside GB 2312
        ("zh", "台灣總統大選結果揭曉民進黨勝選"),
        ("zh", "香港特區政府今日公布施政報告"),
        ("zh", "国务院总理会见喆喆代表团成员"),
        # too short to tell Chinese from Japanese
        ("ja", "日米首脳会談"),
        # Han characters only, which the language model reads as Chinese at 0.91-0.99, in the
        # forms Japanese writes them in (発, 総, 経, 弾; 議 with 会): Japanese
        ("ja", "東京都知事選挙結果発表"),
        ("ja", "日銀総裁金融政策決定会合後会見"),
        ("ja", "首相官邸前抗議集会参加者数万人"),
        ("ja", "中国経済減速懸念強"),
        ("ja", "北朝鮮弾道弾発射日本海落下"),
        # surnames in the extension kanji every Japanese system writes (髙, 﨑: Windows-31J),
        # which strict Shift_JIS lacks; the language model reads both as Chinese (0.83-0.89)
        ("ja", "髙橋総理大臣発言内容"),
        ("ja", "山﨑知事選挙結果発表"),
        # a surname in an old form (邊, which Chinese writes) beside two Japanese forms
        ("ja", "渡邊総理大臣発言内容"),
        # a Japanese name's form (総) in a headline otherwise in traditional Chinese forms (發:
        # Japanese writes 発): Chinese, refused for a Chinese reader before
        ("zh", "三菱総合研究所發表報告"),
    ],
)
def test_a_cjk_translation_in_the_language_asked_is_kept(language: str, text: str) -> None:
    assert parse_translation_output(_answer(text), ORIGINAL, language) == [text]


# (Session 19, walk6) A headline put into English instead of the reader's language is read by the
# language model as English under its 0.8 bar when it is short, and was shown to a Chinese or
# Japanese reader as a translation, marked lang="zh".
@pytest.mark.parametrize("language", ["zh", "ja", "ko", "ru", "ar"])
@pytest.mark.parametrize(
    ("original", "text"),
    [
        # English at 0.75 and 0.27 to the language model
        (
            "Le conseil approuve le prolongement du métro",
            "City council approves metro line extension",
        ),
        ("La tempête Ciarán frappe le nord de la France", "Storm Ciarán batters northern France"),
    ],
)
def test_a_translation_with_no_letter_of_the_readers_script_is_refused(
    language: str, original: str, text: str
) -> None:
    assert parse_translation_output(_answer(text), [original], language) == [None]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # Latin names inside a translation in the reader's script stay
        ("zh", "苹果发布iPhone 16 Pro和Apple Watch Series 10"),
        ("ja", "Apple、iPhone 16 ProとApple Watch Series 10を発表"),
        # too few words to tell (names only; four Latin words and none in the reader's
        # script are refused, and the original is shown as it is, untranslated)
        ("zh", "Merz trifft Macron"),
    ],
)
def test_a_cjk_translation_with_latin_names_is_kept(language: str, text: str) -> None:
    original = ["Apple stellt iPhone 16 Pro und Apple Watch Series 10 vor"]
    assert parse_translation_output(_answer(text), original, language) == [text]
