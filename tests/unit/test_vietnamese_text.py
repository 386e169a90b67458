"""A Vietnamese article's times and sentences (session 21, walk13).

Vietnamese news writes the 24-hour clock with "giờ" ("15 giờ 30", "15 giờ") and the part of the
day in words ("8 giờ sáng", "8 giờ tối"). Read as bare numbers, the model's faithful English
"3:30 pm", "3 pm", "8 am" and "8 pm" were unsupported and the bullet dropped. Titles before a
name ("PGS.", "TS.", "ThS.", "GS.", "BS.") and "TP." (city: "TP. Hồ Chí Minh") ended a sentence,
so "Theo PGS. TS. Nguyễn Văn An, ..." was three sentences and "TP." alone a point. And a name's
context was read three syllables wide (a word and a half): a faithful Vietnamese point in the
passive was dropped as "name_context"."""

# ruff: noqa: RUF001 -- en dashes are the test data, as Vietnamese news writes them
from __future__ import annotations

import pytest

from parallax.domain.faithfulness import meaning_problem
from parallax.domain.numbers import interpretations
from parallax.domain.sentences import split_sentences
from tests.unit.test_number_readings import _verdict

CEREMONY = "The ceremony began at {} at Ben Thanh station."


@pytest.mark.parametrize(
    ("source", "time"),
    [
        ("Buổi lễ bắt đầu lúc 15 giờ 30 tại ga Bến Thành.", "3:30 pm"),
        ("Buổi lễ bắt đầu lúc 15 giờ 30 phút tại ga Bến Thành.", "3:30 pm"),
        ("Buổi lễ bắt đầu lúc 15 giờ tại ga Bến Thành.", "3 pm"),
        ("Buổi lễ bắt đầu lúc 8 giờ sáng tại ga Bến Thành.", "8 am"),
        ("Buổi lễ bắt đầu lúc 8h30 sáng tại ga Bến Thành.", "8:30 am"),
        ("Buổi lễ bắt đầu lúc 8 giờ tối tại ga Bến Thành.", "8 pm"),
        ("Buổi lễ bắt đầu lúc 2 giờ chiều tại ga Bến Thành.", "2 pm"),
        ("Buổi lễ bắt đầu lúc 2 giờ 15 phút chiều tại ga Bến Thành.", "2:15 pm"),
        ("Buổi lễ bắt đầu lúc 11 giờ đêm tại ga Bến Thành.", "11 pm"),
        ("Buổi lễ bắt đầu lúc 2 giờ đêm tại ga Bến Thành.", "2 am"),
        ("Buổi lễ bắt đầu lúc 11 giờ trưa tại ga Bến Thành.", "11 am"),
        ("Buổi lễ bắt đầu lúc 1 giờ trưa tại ga Bến Thành.", "1 pm"),
        # Already read before walk13, kept
        ("Buổi lễ bắt đầu lúc 15h30 tại ga Bến Thành.", "3:30 pm"),
    ],
)
def test_a_vietnamese_time_supports_the_same_time_in_english(source: str, time: str) -> None:
    assert _verdict(source, CEREMONY.format(time), language="vi") is None


@pytest.mark.parametrize(
    ("source", "time"),
    [
        ("Buổi lễ bắt đầu lúc 15 giờ 30 tại ga Bến Thành.", "5:30 pm"),
        ("Buổi lễ bắt đầu lúc 15 giờ 30 tại ga Bến Thành.", "3:15 pm"),
        ("Buổi lễ bắt đầu lúc 8 giờ tối tại ga Bến Thành.", "8 am"),
        ("Buổi lễ bắt đầu lúc 8 giờ sáng tại ga Bến Thành.", "8 pm"),
        ("Buổi lễ bắt đầu lúc 2 giờ đêm tại ga Bến Thành.", "2 pm"),
    ],
)
def test_a_wrong_time_does_not_pass(source: str, time: str) -> None:
    assert _verdict(source, CEREMONY.format(time), language="vi") == "unsupported_number"


@pytest.mark.parametrize(
    ("source", "bullet"),
    [
        # "24 giờ" is also a duration, as "24 Uhr" and "24 h" are
        ("Kết quả sẽ được công bố trong vòng 24 giờ tới.", "Results will come within 24 hours."),
        # No clock word, no time: "3 sáng kiến" are three initiatives, "2 đêm" two nights
        ("Thành phố đưa ra 3 sáng kiến và lễ hội kéo dài 2 đêm.", "The city made 3 proposals."),
    ],
)
def test_a_number_with_a_vietnamese_word_after_it_is_still_its_number(
    source: str, bullet: str
) -> None:
    assert _verdict(source, bullet, language="vi") is None


@pytest.mark.parametrize(
    ("source", "bullet"),
    [
        # Scale words that follow one another add up: 1.2 billion dong
        (
            "Căn hộ được bán với giá 1 tỷ 200 triệu đồng, theo sàn giao dịch.",
            "The flat sold for 1.2 billion dong, according to the exchange.",
        ),
        (
            "Căn hộ được bán với giá 3 triệu 500 nghìn đồng mỗi mét vuông.",
            "The flat sold for 3.5 million dong a square metre.",
        ),
        # A decimal comma before a scale word, written out in full
        (
            "Khoảng 1,5 triệu người đã đến xem lễ hội pháo hoa.",
            "About 1,500,000 people came to watch the fireworks festival.",
        ),
        (
            "Khoảng 2,3 nghìn tỷ đồng đã được giải ngân trong năm nay.",
            "About 2,300,000,000,000 dong has been disbursed this year.",
        ),
    ],
)
def test_a_vietnamese_amount_supports_its_whole_value(source: str, bullet: str) -> None:
    assert _verdict(source, bullet, language="vi") is None


@pytest.mark.parametrize(
    ("source", "bullet"),
    [
        ("Căn hộ được bán với giá 1 tỷ 200 triệu đồng.", "The flat sold for 1.3 billion dong."),
        ("Khoảng 1,5 triệu người đã đến xem.", "About 1,600,000 people came to watch."),
        # "tỷ lệ" is a rate, no billion
        ("Tỷ lệ thất nghiệp là 3 tỷ lệ phần trăm.", "Unemployment is 3,000,000,000."),
    ],
)
def test_a_wrong_vietnamese_amount_does_not_pass(source: str, bullet: str) -> None:
    assert _verdict(source, bullet, language="vi") == "unsupported_number"


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Theo PGS. TS. Nguyễn Văn An, giảng viên Đại học Bách khoa, dự án sẽ giảm ùn tắc. "
            "Ông cho biết chi phí sẽ tăng.",
            2,
        ),
        ("Tuyến metro số 1 của TP. Hồ Chí Minh đã vận hành. Hàng nghìn người đến đi thử.", 2),
        ("UBND TP. Hà Nội đã phê duyệt đề án. Sở GTVT sẽ triển khai từ tháng 1.", 2),
        ("Theo ThS. Lê Thị Hoa, đây là bước ngoặt. GS. Trần Văn Bình đồng tình.", 2),
        ("Theo BS. Nguyễn Văn Cường, bệnh nhân đã ổn định. Bệnh viện cho biết thêm.", 2),
        # Kept as before walk13
        ("Tuyến metro số 1 của TP.HCM đã vận hành. Giá vé là 12.000 đồng.", 2),
    ],
)
def test_a_vietnamese_title_or_tp_does_not_end_the_sentence(text: str, sentences: int) -> None:
    assert len(split_sentences(text, "vi")) == sentences


# --- the context of a name is read in words, not syllables ------------------------------------

SOURCES = [
    "Chiều 8/7, UBND TP. Hồ Chí Minh chính thức khánh thành tuyến metro số 2 đoạn Bến Thành – "
    "Tham Lương sau gần 10 năm xây dựng.",
    "Theo PGS. TS. Nguyễn Văn Hùng, chuyên gia giao thông của Trường Đại học Bách khoa, tuyến "
    "metro sẽ giúp giảm ùn tắc ở cửa ngõ phía tây bắc.",
    'Bà Lê Thị Mai, một tiểu thương ở quận Tân Bình, cho biết: "Chúng tôi đã đợi ba năm mà vẫn '
    'chưa nhận đủ tiền."',
]


def test_a_faithful_vietnamese_point_in_the_passive_is_kept() -> None:
    # A window of three syllables reached "được khánh thành" (opened) after "Tham Lương" and not
    # its own "sau gần" (after nearly), and found "khánh thành" after "Hồ Chí Minh": the point
    # was dropped as "name_context"
    bullet = "Tuyến metro số 2 Bến Thành – Tham Lương được khánh thành sau gần 10 năm xây dựng."
    assert meaning_problem(bullet, SOURCES[:1], "vi", interpretations) is None


@pytest.mark.parametrize(
    "bullet",
    [
        # One person's words given to the other
        "Bà Lê Thị Mai cho rằng tuyến metro sẽ giúp giảm ùn tắc ở cửa ngõ phía tây bắc.",
        "Ông Nguyễn Văn Hùng, một tiểu thương ở quận Tân Bình, đã đợi ba năm mà vẫn chưa nhận đủ tiền.",
    ],
)
def test_a_point_that_gives_one_persons_words_to_another_is_dropped(bullet: str) -> None:
    assert meaning_problem(bullet, SOURCES[1:], "vi", interpretations) is not None
