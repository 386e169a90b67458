"""A Thai article's extractive summary has as many points as a news item of its length
(session 20, walk9). Thai puts no space between words, so a ``\\w+`` run is a clause: counted as
one word each, the six paragraphs of the fixture report were a text of under 80 words and got
two points. (Before walk9 ``\\w+`` cut Thai at every vowel and tone mark, which counted the
fragments as words instead.)"""

from __future__ import annotations

import re
from pathlib import Path

from parallax.domain.extractive_summariser import default_sentence_count

PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "th_article.html"


def test_a_thai_news_item_gets_three_points() -> None:
    paragraphs = re.findall(r"<p>(.*?)</p>", PAGE.read_text(encoding="utf-8"))
    assert len(paragraphs) == 6
    assert default_sentence_count(paragraphs) == 3


def test_a_lao_myanmar_or_khmer_clause_counts_its_words_as_a_thai_one_does() -> None:
    # attack17: WORD_MARKS keeps their vowel signs in a word, so a clause of these unspaced
    # scripts became one token, and counted as one word (as Thai's did before walk9's count)
    from parallax.domain.extractive_summariser import _word_count

    for clause in (
        "ລັດຖະບານປະກາດແຜນການກໍ່ສ້າງທາງລົດໄຟໃໝ່",  # Lao
        "မြို့တော်ရထားလမ်းသစ်ကိုဖွင့်လှစ်မည်",  # Myanmar
        "រដ្ឋាភិបាលប្រកាសផែនការសាងសង់ផ្លូវដែកថ្មី",  # Khmer
    ):
        assert _word_count(clause) >= 6, clause
