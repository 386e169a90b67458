from __future__ import annotations

import io
from pathlib import Path

import pytest

from parallax.evaluation import DataError, data_rows
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


def test_data_rows_read_objects_and_name_the_bad_line(tmp_path: Path) -> None:
    # Given a data file with two objects, a blank line and a line that is not JSON
    path = tmp_path / "set.jsonl"
    path.write_text('{"id": 1}\n\n{"id": 2}\nnot json\n', encoding="utf-8")
    rows = data_rows(path)
    # When read, Then the objects come with their line numbers and the bad line is named
    assert next(rows) == (1, {"id": 1})
    assert next(rows) == (3, {"id": 2})
    with pytest.raises(DataError, match=r"set\.jsonl:4"):
        next(rows)


def test_data_rows_refuse_a_missing_file_and_a_line_that_is_not_an_object(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="missing"):
        list(data_rows(tmp_path / "absent.jsonl"))
    path = tmp_path / "list.jsonl"
    path.write_text("[1, 2]\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"list\.jsonl:1: not a JSON object"):
        list(data_rows(path))
