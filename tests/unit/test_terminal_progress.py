from __future__ import annotations

import io

from parallax.terminal_progress import TerminalProgress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_piped_output_gets_nothing() -> None:
    # Given stderr that is a pipe, When items are counted, Then nothing is written
    stream = io.StringIO()
    progress = TerminalProgress(3, "pages", stream)
    for _ in range(3):
        progress.step()
    progress("pages", 3, 3)
    progress.close()
    assert stream.getvalue() == ""


def test_a_terminal_sees_one_rewritten_line_ending_at_the_total() -> None:
    # Given a terminal, When three items are counted
    stream = _Terminal()
    progress = TerminalProgress(3, "pages", stream)
    for _ in range(3):
        progress.step()
    progress.close()
    # Then the first and the last count are shown on one line, ended once
    text = stream.getvalue()
    assert text.startswith("\r\033[Kpages: 1/3")
    assert text.endswith("\r\033[Kpages: 3/3\n")
    assert text.count("\n") == 1


def test_show_counts_without_a_total_and_close_without_output_writes_nothing() -> None:
    stream = _Terminal()
    TerminalProgress(stream=stream).close()
    assert stream.getvalue() == ""
    progress = TerminalProgress(stream=stream)
    progress.show("lines", 7)
    progress.close()
    progress.close()
    assert stream.getvalue() == "\r\033[Klines: 7\n"


def test_a_detail_follows_the_count() -> None:
    # Given a terminal, When a step carries a status detail
    stream = _Terminal()
    progress = TerminalProgress(1, "feeds", stream)
    progress.step(" · new 3 · failed 0")
    progress.close()
    # Then it is shown after the count on the same line
    assert stream.getvalue() == "\r\033[Kfeeds: 1/1 · new 3 · failed 0\n"


def test_a_count_without_a_total_ends_on_its_last_item() -> None:
    # Given a terminal, When 60 items without a known total are counted faster than the line is
    # redrawn (corroborate, summarize: their input's length is not known in advance)
    stream = _Terminal()
    progress = TerminalProgress(label="corroborate", stream=stream)
    for _ in range(60):
        progress.step()
    progress.close()
    # Then the line ends on 60 (it ended on "corroborate: 1", the only count drawn)
    assert stream.getvalue().endswith("\r\033[Kcorroborate: 60\n")
    assert stream.getvalue().count("\n") == 1
