"""The command line as a newcomer meets it: every command's help has an example, and a bad flag
or value is one line naming it and exit 2 (a file that cannot be written: one line, exit 1),
never a traceback."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pytest

from parallax.cli import _parser, main
from parallax.evaluation.cli import run_report


def _commands(
    parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command and sub-command (``eval retrieval`` ...) with its parser."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(((*prefix, name), sub))
                found.extend(_commands(sub, (*prefix, name)))
    return found


COMMANDS = _commands(_parser())


def test_every_command_is_found() -> None:
    names = {" ".join(words) for words, _ in COMMANDS}
    assert {"serve", "brief", "ingest", "eval retrieval", "eval guard", "corroborate"} <= names


@pytest.mark.parametrize(
    "parser", [parser for _, parser in COMMANDS], ids=[" ".join(w) for w, _ in COMMANDS]
)
def test_every_command_help_has_an_example(parser: argparse.ArgumentParser) -> None:
    assert "Example" in parser.format_help()


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        # bind() raised OverflowError: a 30-line traceback and exit 1
        (["serve", "--port", "70000"], "0-65535"),
        (["serve", "--port", "-1"], "0-65535"),
        (["serve", "--port", "http"], "not a port number"),
        # polled hundreds of outlets every 5 s; PARALLAX_INGEST_INTERVAL_S refuses under 60
        (["ingest", "--interval", "5"], "at least 60"),
        (["ingest", "--interval", "inf"], "at least 60"),
        (["ingest", "--interval", "nan"], "at least 60"),
        # waited, after the first run, in an OverflowError traceback; the setting's bound is a day
        (["ingest", "--interval", "1e22"], "at most 86400"),
        # argparse named the type function: "invalid _positive_float value: 'soon'"
        (["ingest", "--interval", "soon"], "not a number of seconds"),
        (["ingest", "--concurrency", "x"], "not a whole number"),
        (["eval", "extraction", "--limit", "ten"], "not a whole number"),
        (["summarize", "--input", "-", "--sentences", "abc"], "not a whole number"),
        # the API's invalid_request problem (a JSON object) came out instead of a usage line
        (["brief", "https://a.example/", "--max-related", "-1"], "0-50"),
        (["brief", "https://a.example/", "--max-related", "51"], "0-50"),
        (["brief", "https://a.example/", "--max-related", "9" * 40], "0-50"),
        (["brief", "https://a.example/", "--max-related", "ten"], "not a whole number"),
        (["brief", "https://a.example/", "--max-related", "1e3"], "not a whole number"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_flag_and_exit_2(
    argv: list[str], words: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # When the command line is read
    with pytest.raises(SystemExit) as stop:
        _parser().parse_args(argv)
    # Then it stops there as a usage error whose one error line names the flag and the rule
    assert stop.value.code == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error:" in line]
    assert len(errors) == 1
    assert argv[-2] in errors[0] and words in errors[0]
    assert "_positive" not in errors[0] and "invalid positive" not in errors[0]


@pytest.mark.parametrize(
    "words", [words for words, _ in COMMANDS], ids=[" ".join(w) for w, _ in COMMANDS]
)
def test_a_usage_error_is_one_line_and_a_hint_to_help_for_every_command(
    words: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a flag the command does not take
    argv = [*words, "--no-such-flag"]
    # When the command line is run
    with pytest.raises(SystemExit) as stop:
        main(argv)
    # Then it is a usage error (exit 2): one line naming the command and the flag, then a hint
    # to that command's help, and no usage block above them (before: argparse's usage lines came
    # first, and an unknown flag was blamed on "parallax", not on the command)
    assert stop.value.code == 2
    prog = " ".join(("parallax", *words))
    first, *rest = capsys.readouterr().err.splitlines()
    assert rest == [f"Try '{prog} --help'."]
    assert first.startswith(f"{prog}: error: ")
    # (a command missing its required arguments says that first, as argparse checks it first)
    assert "unrecognized arguments: --no-such-flag" in first or "are required" in first


def test_max_related_takes_the_apis_own_bounds() -> None:
    from parallax.domain.models import MAX_RELATED, BriefRequest

    for number in (0, MAX_RELATED):
        args = _parser().parse_args(["brief", "https://a.example/", "--max-related", str(number)])
        assert BriefRequest(url="https://a.example/", max_related=args.max_related)
    assert f"0 to {MAX_RELATED}" in dict(COMMANDS)[("brief",)].format_help()


def test_a_bad_max_related_prints_no_problem_object(capsys: pytest.CaptureFixture[str]) -> None:
    # Given a Brief asked for with a count the API refuses, through the whole command
    with pytest.raises(SystemExit) as stop:
        main(["brief", "https://a.example/", "--max-related", "-1"])
    # Then it is the one-line usage error, not the API's problem JSON on either stream
    assert stop.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        "parallax brief: error: argument --max-related: must be 0-50",
        "Try 'parallax brief --help'.",
    ]


@pytest.mark.parametrize(
    ("argv", "first_line"),
    [
        ([], "parallax: error: the following arguments are required: COMMAND"),
        (["eval"], "parallax eval: error: the following arguments are required: KIND"),
        (["brief"], "parallax brief: error: the following arguments are required: url"),
        (
            ["serve", "--port", "x"],
            "parallax serve: error: argument --port: not a port number: 'x'",
        ),
        (["--bogus"], "parallax: error: unrecognized arguments: --bogus"),
    ],
)
def test_missing_and_bad_arguments_are_one_line_and_a_hint(
    argv: list[str], first_line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == first_line and len(err) == 2
    assert err[1].startswith("Try 'parallax") and err[1].endswith(" --help'.")


@pytest.mark.parametrize(
    ("argv", "shown"),
    [
        (["eval", "retrieval", "--x\nTry this"], "--x\\nTry this"),
        (["brief", "https://a.example/", "--\x1b[2Jx"], "--\\x1b[2Jx"),
        (["brief", "https://a.example/", "--\u202egnp.exe"], "--\\u202egnp.exe"),
        (["brief", "https://a.example/", "--größe"], "--größe"),
    ],
)
def test_a_bad_argument_is_shown_escaped_on_the_one_line(
    argv: list[str], shown: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given an argument with a line break, a terminal escape or a bidi override (attack8: the
    # error was two lines, cleared the screen, or showed the flag reversed)
    with pytest.raises(SystemExit) as stop:
        main(argv)
    # Then the error is still one line and a hint, the character shown escaped; letters of any
    # script stay as typed
    assert stop.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[0].endswith(f"unrecognized arguments: {shown}"), err
    assert all(c.isprintable() for c in err[0])


@pytest.mark.parametrize(
    "argv",
    [
        ["openapi", "--output", "{dir}"],
        ["eval", "extraction", "--json", "{dir}"],
        ["eval", "retrieval", "--json", "{dir}"],
        ["eval", "guard", "--json", "{dir}"],
        ["eval", "corroboration", "--json", "{dir}"],
    ],
)
def test_an_output_file_that_is_a_directory_is_refused_before_the_work(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given an output path that is a folder (an eval wrote its report there after minutes of
    # work, then failed with IsADirectoryError and a traceback)
    argv = [word.replace("{dir}", str(tmp_path)) for word in argv]
    # When the command line is read, Then it is a usage error naming the folder
    with pytest.raises(SystemExit) as stop:
        _parser().parse_args(argv)
    assert stop.value.code == 2
    assert "is a directory" in capsys.readouterr().err


def test_openapi_into_a_missing_folder_is_one_line_and_exit_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given an output file in a folder that does not exist
    target = tmp_path / "no-such-folder" / "openapi.json"
    # When the document is written there
    code = main(["openapi", "--output", str(target)])
    # Then one line says which file and why (before: FileNotFoundError's traceback)
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [
        f"parallax openapi: cannot write {target}: No such file or directory"
    ]


def test_an_eval_report_that_cannot_be_written_is_one_line_after_the_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given a report path below a file (the folder cannot be made)
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "report.json"
    # When an evaluation's report is written there
    code = run_report(
        "extraction", lambda progress: {"n": 1}, lambda report: "the table", str(target)
    )
    # Then the table is printed, and the failure is one line and exit 1, not a traceback
    captured = capsys.readouterr()
    assert code == 1
    assert captured.out == "the table\n"
    assert captured.err.startswith(f"parallax: eval extraction: cannot write {target}: ")
    assert len(captured.err.splitlines()) == 1


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("command", "line"),
    [
        (
            "summarize",
            '{"id": %d, "text": "The council met. It voted. It adjourned.", "language": "en"}',
        ),
        (
            "similarity",
            '{"id": %d, "a": {"text": "Council votes"}, "b": {"text": "Council votes"}}',
        ),
    ],
)
def test_a_batch_command_counts_its_lines_on_a_terminal_only(
    command: str,
    line: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Given an input of three lines
    source = tmp_path / "in.jsonl"
    source.write_text("".join(line % n + "\n" for n in range(3)), encoding="utf-8")
    # When the command runs with stderr on a terminal
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main([command, "--input", str(source)]) == 0
    # Then the count ends on the last line (before: nothing was shown, however long the input)
    assert terminal.getvalue().endswith(f"\r\033[K{command}: 3\n")
    # And piped, nothing but the results is written
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert main([command, "--input", str(source)]) == 0
    assert sys.stderr.getvalue() == ""
    assert len(capsys.readouterr().out.splitlines()) == 6


def test_eval_related_shows_its_progress_on_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    # Given a SemEval file of four original pairs
    data = tmp_path / "related"
    data.mkdir()
    rows = [
        {
            "pair_id": f"{n}_{n + 100}",
            "text1": f"Council approves budget number {n} after a long debate in the city hall.",
            "text2": f"City council passes budget {n} after debate.",
            "lang1": "en",
            "lang2": "en",
            "overall": 1.0 + n % 3,
        }
        for n in range(4)
    ]
    (data / "semeval-dev.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8"
    )
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    # When eval related runs with stderr on a terminal
    code = main(["eval", "related", "--data", str(tmp_path)])
    # Then the progress line ends on the last pair (its help promised it; nothing was shown)
    assert code == 0, capsys.readouterr()
    assert terminal.getvalue().endswith("\r\033[Ktiming pairs: 4/4\n")


@pytest.mark.parametrize("argv", [["--bogus"], ["--bogus=1"], ["-x"], ["--bogus", "serve"]])
def test_an_unknown_option_before_the_command_is_named(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # When the command line starts with an option parallax does not know
    with pytest.raises(SystemExit) as stop:
        main(argv)
    # Then the one error line names it (before: "the following arguments are required: COMMAND"
    # for a flag alone, which sent the reader looking for a command they had not forgotten)
    assert stop.value.code == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if "error:" in line]
    assert errors == [f"parallax: error: unrecognized arguments: {argv[0]}"]


def test_no_command_at_all_still_asks_for_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([])
    assert stop.value.code == 2
    assert "required: COMMAND" in capsys.readouterr().err


def test_serve_help_names_every_route_and_what_still_goes_out() -> None:
    # The panel's progress route was missing from the routes `parallax serve --help` lists, and
    # its "ask no outside service" example is not so with a model set (the README walk)
    text = " ".join(dict(COMMANDS)[("serve",)].format_help().split())
    for route in (
        "POST /v1/briefs",
        "GET /v1/briefs/progress/ID",
        "POST /v1/corroborations",
        "GET /v1/health",
    ):
        assert route in text
    assert "ask no outside service (but the model, when PARALLAX_LLM_PROVIDER names one)" in text
