from __future__ import annotations

from itertools import pairwise

import pytest

from parallax.domain.scripts import HAN_OR_KANA, SCRIPT_BLOCKS, script_of


@pytest.mark.parametrize(
    ("letters", "script"),
    [
        ("Aazéßøłő", "latin"),
        ("ɐʃ", "latin"),  # IPA: the two old copies disagreed (one said "other")
        ("ệầữ", "latin"),  # Vietnamese, Latin Extended Additional
        ("ﬁＡｚ", "latin"),  # ligature, fullwidth
        ("αβΩά", "greek"),
        ("ἀὥ", "greek"),  # polytonic: the old copies said "other"
        ("жЯїґ", "cyrillic"),
        ("\u0501\u051b", "cyrillic"),  # Cyrillic Supplement
        ("שלום", "hebrew"),
        ("مرحبا", "arabic"),
        ("ﻻ", "arabic"),  # presentation form
        ("ひらカタ", "kana"),
        ("ｶﾀ", "kana"),  # halfwidth
        ("漢字々", "han"),
        ("豈", "han"),  # compatibility ideograph: one old copy said "other"
        ("𠀋", "han"),  # supplementary plane
        ("한국ᄀㄱ", "hangul"),
        ("ئ", "arabic"),
        ("हिन्दी", "devanagari"),  # Hindi is a summary language (session 21)
        ("বাংলা", "bengali"),
        ("ภาษาไทย", "thai"),
    ],
)
def test_letters_are_placed_in_their_script(letters: str, script: str) -> None:
    assert {script_of(ch) for ch in letters} == {script}


@pytest.mark.parametrize("ch", ["\u0561", "த", "ⅳ", "€", "😀"])
def test_scripts_no_supported_language_uses_are_other(ch: str) -> None:
    assert script_of(ch) == "other"


def test_the_block_table_is_sorted_and_does_not_overlap() -> None:
    for (_, end, _), (start, _, _) in pairwise(SCRIPT_BLOCKS):
        assert end <= start
    assert all(first < end for first, end, _ in SCRIPT_BLOCKS)


def test_han_or_kana_matches_the_characters_tokenisers_split() -> None:
    assert all(HAN_OR_KANA.match(ch) for ch in "ひカ漢豈")
    assert not any(HAN_OR_KANA.match(ch) for ch in "a한ж")
