from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from parallax.domain.timestamps import iso_utc, parse_iso_utc

_EPOCH = 1_796_120_100.75  # 2026-12-01T10:15:00.75Z


def test_a_unix_time_and_a_datetime_format_to_whole_utc_seconds() -> None:
    # Given the same moment as a Unix time, an aware datetime in another zone and a naive one
    cet = timezone(timedelta(hours=1))
    # When formatted, Then each gives the one stored form, fraction dropped
    assert iso_utc(_EPOCH) == "2026-12-01T10:15:00Z"
    assert iso_utc(datetime(2026, 12, 1, 11, 15, 0, tzinfo=cet)) == "2026-12-01T10:15:00Z"
    assert iso_utc(datetime(2026, 12, 1, 10, 15, 0)) == "2026-12-01T10:15:00Z"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01T10:15:00Z", datetime(2026, 12, 1, 10, 15, tzinfo=UTC)),
        (" 2026-12-01T11:15:00+01:00 ", datetime(2026, 12, 1, 10, 15, tzinfo=UTC)),
        ("2026-12-01T10:15:00", datetime(2026, 12, 1, 10, 15, tzinfo=UTC)),
        ("2026-12-01", datetime(2026, 12, 1, tzinfo=UTC)),
        ("2026-12-01T10:15:00.250Z", datetime(2026, 12, 1, 10, 15, 0, 250_000, tzinfo=UTC)),
    ],
)
def test_iso_texts_parse_to_aware_utc(text: str, expected: datetime) -> None:
    parsed = parse_iso_utc(text)
    assert parsed == expected
    assert parsed is not None and parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize("text", [None, "", "yesterday", "2026-13-01", "Sun, 29 Nov 2026"])
def test_what_is_not_an_iso_time_is_none(text: str | None) -> None:
    assert parse_iso_utc(text) is None


def test_formatting_and_parsing_round_trip() -> None:
    assert parse_iso_utc(iso_utc(_EPOCH)) == datetime(2026, 12, 1, 10, 15, tzinfo=UTC)


@pytest.mark.parametrize("text", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_a_time_whose_utc_is_outside_the_calendar_is_none(text: str) -> None:
    # Given a time that names a moment, but one before year 1 or after 9999 in UTC (a hand-edited
    # items table's seen_at, which attack10's snapshot reads): None, as for any unreadable time;
    # the OverflowError it raised stopped the publisher's whole scan
    assert parse_iso_utc(text) is None
