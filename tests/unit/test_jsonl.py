from __future__ import annotations

import io

import pytest

from parallax.jsonl import InputTooLarge, bounded_lines


def test_lines_are_numbered_and_kept_whole() -> None:
    handle = io.StringIO('{"a": 1}\n\n{"b": 2}')
    assert list(bounded_lines(handle)) == [(1, '{"a": 1}\n'), (2, "\n"), (3, '{"b": 2}')]


def test_a_line_at_the_bound_is_read_and_one_past_it_is_skipped() -> None:
    # Given a line of exactly 10 characters, one of 11, then a short one
    handle = io.StringIO("0123456789\n0123456789X\nok\n")
    # When read with a bound of 10, Then the long one is None and reading goes on after it
    assert list(bounded_lines(handle, max_chars=10)) == [
        (1, "0123456789\n"),
        (2, None),
        (3, "ok\n"),
    ]


def test_a_line_that_never_ends_stops_the_input() -> None:
    # Given a "line" longer than the bound plus the skip allowance
    handle = io.StringIO("x" * 5_000)
    lines = bounded_lines(handle, max_chars=100, max_skip_chars=1_000)
    # When read, Then the line is reported too long and then the input stops
    assert next(lines) == (1, None)
    with pytest.raises(InputTooLarge, match="line 1"):
        next(lines)
