"""``parallax``: the command line for the backend.

    parallax serve [--host 127.0.0.1] [--port 8787]   (and polls the feed index in the background)
    parallax brief URL [--html FILE] [--language de]
    parallax extract FILE... [--url URL] | --input MANIFEST.jsonl
    parallax openapi [--output docs/openapi.json]
    parallax ingest | summarize | similarity | corroborate | eval KIND   (registered from
        parallax.ingest.cli, parallax.evaluation.cli and parallax.evaluation.corroboration_cli)

Every command prints JSON on stdout; errors are problem objects (stable ``code``) on stderr or,
for batch commands, one line per failed item so the batch goes on.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from parallax.terminal_progress import TerminalProgress

if TYPE_CHECKING:
    from parallax.config import Settings
    from parallax.wiring import PageReadingWarmUp

# pydantic and parallax.config are imported where they are used, not here: the console script's
# `from parallax.cli import main` runs outside main()'s Ctrl-C handling, and they were 0.15 of its
# 0.24 s (python -X importtime), a window where Ctrl-C printed a traceback.

__all__ = ["main"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def _print_json(data: Any, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(json.dumps(data, ensure_ascii=False) + "\n")


def _problem_dict(error: Exception) -> dict[str, Any]:
    from parallax.api.problems import problem_for
    from parallax.domain.errors import InternalError, ParallaxError

    if not isinstance(error, ParallaxError):
        error = InternalError(f"{type(error).__name__}")
    return problem_for(error).model_dump(exclude_none=True)


def _settings(args: argparse.Namespace) -> Settings:
    from parallax.config import Settings

    return Settings.from_env()


# --- serve -------------------------------------------------------------------------------------


def _poll_line(report: Any) -> str:
    read = report.feeds_ok + report.feeds_not_modified
    return (
        f"  feed index: {read} of {report.feeds_total} feeds read, {report.feeds_failed} failed, "
        f"{report.items_inserted} new items ({report.duration_s:.0f} s)"
    )


def _stop_on_signals(*, ctrl_c: bool = True) -> dict[int, Any]:
    """SIGTERM (a service manager, `kill`) stops the server like Ctrl-C does, and only the first
    of them does: a second one while stopping (``timeout`` and ``uv run`` both pass a SIGTERM on,
    a reader presses Ctrl-C twice) raised KeyboardInterrupt again, out of the stopping code, with
    a traceback. Returns the previous handlers by signal, or {} when not on the main thread
    (signals can only be set there)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return {}
    stopping = threading.Event()

    def _interrupt(signum: int, frame: Any) -> None:
        if not stopping.is_set():
            stopping.set()
            raise KeyboardInterrupt

    signals = (signal.SIGTERM, signal.SIGINT) if ctrl_c else (signal.SIGTERM,)
    return {sig: signal.signal(sig, _interrupt) for sig in signals}


def _restore_signals(previous: dict[int, Any]) -> None:
    import signal

    for sig, handler in previous.items():
        # None: a handler set from C, which Python cannot set again (the default is the nearest).
        signal.signal(sig, signal.SIG_DFL if handler is None else handler)


def _reason(exc: Exception) -> str:
    """An exception as one line for the terminal: the OS's words for an OSError."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _print_warmed(warm: PageReadingWarmUp) -> None:
    if warm.error is not None:
        print(
            f"  page reading: not preloaded ({warm.error}); loads on the first page",
            file=sys.stderr,
            flush=True,
        )
    else:
        print(f"  page reading: loaded in {warm.seconds:.1f} s", file=sys.stderr, flush=True)


def _cmd_serve(args: argparse.Namespace) -> int:
    import signal

    from parallax.api.app import create_app
    from parallax.api.local_server import LocalServer
    from parallax.config import SettingsError
    from parallax.wiring import (
        PageReadingWarmUp,
        build_background_ingest,
        lazy_brief_service,
        lazy_corroboration_service,
    )

    settings = _settings(args)
    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    # One line per poll on a terminal; nothing when stderr is piped.
    on_report = (
        (lambda r: print(_poll_line(r), file=sys.stderr, flush=True))
        if (sys.stderr.isatty())
        else None
    )
    ingest = build_background_ingest(settings, on_report=on_report)
    service = lazy_brief_service(
        settings, ingest_progress=ingest.progress if ingest is not None else None
    )
    # Page reading's libraries and models, loaded once the socket is bound (below); the
    # corroboration service shares that load instead of loading again.
    warm = PageReadingWarmUp()
    corroborations = lazy_corroboration_service(settings, service, warm_up=warm.run)
    try:
        # Built now, not at the first request: a setting only an adapter checks (a catalogue
        # file, PARALLAX_INDEX_BUCKET with the s3 index) stops the start with one line instead
        # of failing every request afterwards.
        service()
        corroborations()
    except SettingsError:
        raise  # main() prints it as a bad setting
    except Exception as exc:  # the settings' doing: one line, not a traceback
        print(f"parallax serve: cannot start: {_reason(exc)}", file=sys.stderr)
        return EXIT_ERROR
    try:
        server = LocalServer.from_settings(
            lambda: create_app(
                settings, service, corroborations=corroborations, progress=service.progress
            ),
            settings,
            host=host,
            port=port,
        )
    except OSError as exc:  # in use, not ours to bind, no such address
        print(f"parallax serve: cannot listen on {host}:{port}: {_reason(exc)}", file=sys.stderr)
        return EXIT_ERROR
    print(f"Parallax serving on {server.base_url} (Ctrl-C stops)", file=sys.stderr, flush=True)
    print(f"  data: {settings.home}   CORS: {', '.join(settings.cors_origins)}", file=sys.stderr)
    _say_feed_index(settings, polling=ingest is not None)
    _say_summaries(settings)
    previous = _stop_on_signals()
    if getattr(previous.get(signal.SIGTERM), "requested", False) is True:
        # A SIGTERM while it started whose exit Python could not raise where it came
        # (parallax.entry.StopOnSigterm, the handler replaced): stop now, as asked.
        server.close()
        _restore_signals(previous)
        return EXIT_OK
    try:
        # The first Brief costs what the second does once this is done (about 2 s after the
        # start); one asked for earlier does not wait for it, and neither does /v1/health.
        warm.start(on_done=_print_warmed)
        if ingest is not None:
            ingest.start()
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr, flush=True)
    finally:
        if ingest is not None:
            ingest.stop(timeout_s=5.0)
        server.close()
        _restore_signals(previous)
    return EXIT_OK


def _say_feed_index(settings: Settings, *, polling: bool) -> None:
    """The start line about the local feed index: polled, or how to fill or refresh it."""
    if polling:
        print(
            f"  feed index: polling the outlets' feeds now and every "
            f"{settings.ingest_interval_s:.0f} s (PARALLAX_INGEST_INTERVAL_S=0 turns it off)",
            file=sys.stderr,
            flush=True,
        )
    elif "index" in settings.providers and settings.index_backend == "file":
        # Polling off, the local index asked: nothing fills it unless the user does, and the
        # panel says "not filled" on every page. Say how, where they are looking.
        held = _index_items(settings)
        how = (
            f"it holds {held:,} items; `parallax ingest --once` refreshes it"
            if held
            else "fill it with `parallax ingest --once` (or --once --from-dir DIR)"
        )
        print(
            f"  feed index: not polled (PARALLAX_INGEST_INTERVAL_S=0); {how}",
            file=sys.stderr,
            flush=True,
        )


def _index_items(settings: Settings) -> int:
    """How many items the local index file holds (0 when it does not exist or cannot be read):
    told "fill it" beside an index `ingest --from-dir` had filled (`make demo`), a reader took the
    related coverage they were about to see for missing."""
    if not settings.index_path.is_file():
        return 0
    import sqlite3

    from parallax.domain.errors import ParallaxError
    from parallax.wiring import open_feed_index

    try:
        index = open_feed_index(settings)
        try:
            return index.count()
        finally:
            index.close()
    except (OSError, sqlite3.Error, ParallaxError):
        return 0


def _summaries_said(settings: Settings) -> str:
    """What writes the summaries, for the start lines: a newcomer who set the model up saw
    nothing of it there, and learnt whether it was used only from a Brief's ``method``."""
    if settings.llm_provider == "anthropic":
        return f"by {settings.llm_model} through the Anthropic API (extractive when a call fails)"
    if settings.llm_provider == "bedrock":
        return f"by {settings.llm_bedrock_model} through Bedrock (extractive when a call fails)"
    return "extractive, offline: no model (PARALLAX_LLM_PROVIDER=none)"


def _say_summaries(settings: Settings) -> None:
    """The start line saying what writes the summaries, and a warning when the model has no
    key: every model call failed as `llm_error` (the SDK's TypeError) and the panel said "The
    AI model failed" on every page, with nothing to say why where the user was looking."""
    print(f"  summaries: {_summaries_said(settings)}", file=sys.stderr, flush=True)
    if _no_model_key(settings):
        print(
            "  warning: no Anthropic API key is set (PARALLAX_LLM_API_KEY, "
            "PARALLAX_LLM_API_KEY_SECRET or ANTHROPIC_API_KEY): every model call will fail and "
            "summaries will be extractive",
            file=sys.stderr,
            flush=True,
        )


def _no_model_key(settings: Settings) -> bool:
    from parallax.config import anthropic_key_in_environment

    return (
        settings.llm_provider == "anthropic"
        and settings.llm_api_key is None
        and not settings.llm_api_key_secret
        and not anthropic_key_in_environment()
    )


# --- brief -------------------------------------------------------------------------------------


def _cmd_brief(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from parallax.api.problems import invalid_request_from
    from parallax.config import SettingsError
    from parallax.domain.errors import ParallaxError
    from parallax.domain.models import BriefRequest, Include
    from parallax.wiring import build_brief_service

    try:
        html = _read_html_file(Path(args.html)) if args.html else None
        request = BriefRequest(
            url=args.url,
            html=html,
            language=args.language,
            include=Include(summary=not args.no_summary, related=not args.no_related),
            max_related=args.max_related,
        )
    except ValidationError as exc:
        _print_json(_problem_dict(invalid_request_from(exc)), sys.stderr)
        return EXIT_USAGE
    except (OSError, ParallaxError) as exc:
        # The file is named: "cannot read the file: No such file or directory" under "The page
        # could not be fetched" read as if the URL's fetch had failed (the README walk).
        _print_json(_problem_dict(_file_error(exc, f"the --html file {args.html}")), sys.stderr)
        return EXIT_ERROR
    try:
        brief = build_brief_service(_settings(args)).brief(request)
    except SettingsError:
        raise  # main() prints "bad setting" (exit 2); it was an `internal` problem, exit 1
    except ParallaxError as exc:
        _print_json(_problem_dict(exc), sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a problem on stderr, never a traceback (issue 15: IDNA errors)
        _print_json(_problem_dict(exc), sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(brief.model_dump_json(indent=2, exclude_none=True) + "\n")
    return EXIT_OK


# --- extract -----------------------------------------------------------------------------------


def _read_html_file(path: Path) -> str:
    from parallax.domain.encoding import decode_html
    from parallax.domain.errors import TooLarge, UnsupportedMedia
    from parallax.domain.models import MAX_HTML_BYTES

    with path.open("rb") as handle:
        raw = handle.read(MAX_HTML_BYTES + 1)
    if raw[:2] == b"\x1f\x8b":
        try:
            with gzip.open(path, "rb") as handle:
                raw = handle.read(MAX_HTML_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            raise UnsupportedMedia("the file is not valid gzip") from exc
    if len(raw) > MAX_HTML_BYTES:
        raise TooLarge(f"the file is larger than {MAX_HTML_BYTES} bytes")
    if b"\x00" in raw[:65536]:
        raise UnsupportedMedia("the file is binary, not HTML")
    return decode_html(raw)


def _file_error(exc: Exception, what: str = "the file") -> Exception:
    from parallax.domain.errors import FetchFailed

    if isinstance(exc, OSError):
        return FetchFailed(f"cannot read {what}: {exc.strerror or type(exc).__name__}")
    return exc


def _url_problem(url: str) -> str | None:
    """Why ``url`` is not an address the API would take for an article (``POST /v1/briefs``
    refuses it with these words), or None when it is one. The API's own check, not a copy."""
    from pydantic import ValidationError

    from parallax.domain.models import BriefRequest

    try:
        BriefRequest.model_validate({"url": url})
    except ValidationError as exc:
        first = exc.errors(include_input=False, include_url=False)[0]
        return str(first["msg"]).removeprefix("Value error, ")
    return None


def _article_url(value: str) -> str:
    """argparse type of ``--url``: a usage error (exit 2) for what the API would refuse."""
    problem = _url_problem(value)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return value.strip()


def _manifest_items(manifest: Path) -> Iterator[tuple[dict[str, Any], Path | None, str | None]]:
    """``(echo, path, url)`` per manifest line; a line that cannot be a job has no path and its
    echo carries the ``error`` and ``detail``."""
    from parallax.jsonl import bounded_lines

    with manifest.open(encoding="utf-8", errors="replace") as handle:
        for number, line in bounded_lines(handle):
            if line is None:
                yield _bad_line(number, "too_large", "the manifest line is too long"), None, None
                continue
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except (ValueError, RecursionError):
                item = None
            if not isinstance(item, dict) or not isinstance(item.get("path"), str | int):
                yield _bad_line(number, "invalid_request", "not a manifest line"), None, None
                continue
            echo = {"id": item.get("id"), "path": str(item["path"])}
            url = item.get("url")
            if url is not None and not isinstance(url, str):
                detail = "url must be a string"
                yield {**echo, "error": "invalid_request", "detail": detail}, None, None
                continue
            if url is not None and (problem := _url_problem(url)) is not None:
                yield {**echo, "error": "invalid_request", "detail": problem}, None, None
                continue
            path = Path(str(item["path"]))
            if not path.is_absolute():
                path = manifest.parent / path
            yield echo, path, url


def _bad_line(number: int, code: str, detail: str) -> dict[str, Any]:
    return {"line": number, "error": code, "detail": detail}


def _extract_one(path: Path, url: str | None) -> dict[str, Any]:
    """The page's text and metadata, whether or not it is an article, with the judgement: a
    Brief summarises only pages with ``is_article``; the others carry the ``reason`` code the
    Brief's ``not_an_article`` problem would carry."""
    from parallax.domain.errors import ParallaxError
    from parallax.domain.extraction import read_page
    from parallax.domain.html_limits import check_html_shape

    try:
        html = _read_html_file(path)
        # The server's structural limits apply to saved files too: a hostile page would hold up
        # the rest of the batch for minutes. The 931 evaluation pages are far within them
        # (bench/bench_html_limits.py), and the evaluation harness calls the extractor itself.
        check_html_shape(html)
        reading = read_page(html, url or path.resolve().as_uri())
    except (OSError, ParallaxError) as exc:
        problem = _problem_dict(_file_error(exc))
        result = {"error": problem["code"], "detail": problem["detail"]}
        if "reason" in problem:
            result.update(is_article=False, page_type="other", reason=problem["reason"])
        return result
    except Exception as exc:  # one file's bug must not cost the rest of the batch
        return {"error": "internal", "detail": type(exc).__name__}
    judgement = reading.judgement
    verdict: dict[str, Any] = {"is_article": judgement.is_article, "page_type": judgement.page_type}
    if not judgement.is_article:
        verdict.update(reason=judgement.reason, detail=judgement.detail)
    if reading.short_story is not None:
        # Too short to summarise (or behind a consent notice) but names its story: the Brief
        # answers with related coverage and a summary without bullets carrying this notice.
        verdict["story_only"] = reading.short_story.notice
    verdict["evidence"] = list(judgement.evidence)
    return {**reading.article.model_dump(exclude_none=True), **verdict}


def _cmd_extract(args: argparse.Namespace) -> int:
    if bool(args.files) == bool(args.input):
        print("parallax extract: give FILE... or --input MANIFEST.jsonl", file=sys.stderr)
        return EXIT_USAGE
    jobs: list[tuple[dict[str, Any], Path | None, str | None]]
    if args.input:
        from parallax.jsonl import InputTooLarge

        try:
            jobs = list(_manifest_items(Path(args.input)))
        except (OSError, InputTooLarge) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            print(f"parallax extract: cannot read {args.input}: {reason}", file=sys.stderr)
            return EXIT_ERROR
    else:
        jobs = [({"path": f}, Path(f), args.url) for f in args.files]
    progress = TerminalProgress(len(jobs), "extract")
    failures = 0
    for echo, path, url in jobs:
        result: dict[str, Any] = {} if path is None else _extract_one(path, url)
        failures += "error" in result or "error" in echo
        _print_json({**echo, **result})
        progress.step()
    progress.close()
    return EXIT_OK if failures < len(jobs) or not jobs else EXIT_ERROR


# --- openapi -----------------------------------------------------------------------------------


def _cmd_openapi(args: argparse.Namespace) -> int:
    from parallax.api.openapi import build_openapi

    text = json.dumps(build_openapi(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as exc:  # no such folder, not ours to write: one line, not a traceback
            reason = exc.strerror or type(exc).__name__
            print(f"parallax openapi: cannot write {args.output}: {reason}", file=sys.stderr)
            return EXIT_ERROR
    else:
        sys.stdout.write(text)
    return EXIT_OK


# --- parser ------------------------------------------------------------------------------------


def _port(value: str) -> int:
    """argparse type of ``serve --port``: a usage error for what no socket can bind (70000 and -1
    were an OverflowError traceback from bind(), exit 1)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {value!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError("must be 0-65535 (0: any free port)")
    return number


def _max_related(value: str) -> int:
    """argparse type of ``brief --max-related``: a usage error for what the API refuses (-1 and
    51 were the API's invalid_request problem, a JSON object on stderr, where every other bad
    flag is one line naming it)."""
    from parallax.domain.models import MAX_RELATED

    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 0 <= number <= MAX_RELATED:
        raise argparse.ArgumentTypeError(f"must be 0-{MAX_RELATED}")
    return number


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors as one line and a hint, for every command (sub-parsers are made
    of the parent's class). argparse printed the whole usage block above the error, so the one
    line that says what was wrong came last, under a wall of flags."""

    def error(self, message: str) -> NoReturn:
        # The bad argument is quoted as typed; what a terminal would act on instead of showing
        # (a line break, an escape sequence, a bidi override) is shown escaped, so the error
        # stays one line and says what was given.
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {shown}\nTry '{self.prog} --help'.\n")


def _parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser: argparse.ArgumentParser = _Parser(
        prog="parallax",
        description="Parallax backend: Briefs for news articles.",
        epilog="Example: parallax brief https://www.example.org/news/1 --html page.html --language de",
        formatter_class=formatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="serve the API locally on embedded defaults",
        description="Serve POST /v1/briefs, GET /v1/briefs/progress/ID, POST /v1/corroborations\n"
        "and GET /v1/health on this machine, and keep the local feed index fresh: its feeds\n"
        "are polled at start, then every PARALLAX_INGEST_INTERVAL_S seconds (default 900;\n"
        "0 turns it off), in the background.",
        epilog="Examples:\n  parallax serve --port 8787\n"
        "  PARALLAX_INGEST_INTERVAL_S=0 PARALLAX_PROVIDERS=index parallax serve   "
        "# ask no outside service (but the model, when PARALLAX_LLM_PROVIDER names one)\n"
        "Settings come from PARALLAX_* variables (see README).",
        formatter_class=formatter,
    )
    serve.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=None, help="port (default 8787; 0 = any)")
    serve.set_defaults(func=_cmd_serve)

    brief = commands.add_parser(
        "brief",
        help="make the Brief for one URL and print it as JSON",
        epilog="Example: parallax brief https://www.example.org/news/1 --html saved.html --language en",
        formatter_class=formatter,
    )
    brief.add_argument("url", help="the article's address (absolute http or https)")
    brief.add_argument("--html", help="use this saved HTML (.html or .html.gz) instead of fetching")
    brief.add_argument("--language", default="en", help="reader's language (BCP 47), default en")
    brief.add_argument(
        "--max-related",
        type=_max_related,
        default=10,
        metavar="N",
        help="related items at most, 0 to 50 (default 10)",
    )
    brief.add_argument("--no-summary", action="store_true", help="skip the summary")
    brief.add_argument("--no-related", action="store_true", help="skip related coverage")
    brief.set_defaults(func=_cmd_brief)

    extract = commands.add_parser(
        "extract",
        help="extract the text of saved HTML pages, one JSON line each, with is_article",
        description="Read the text and metadata of each page, article or not, and judge what "
        "kind of page it is: is_article, page_type (article, front, listing, product, service, "
        "forum, documentation, other) and, for pages a Brief refuses, the reason code and "
        "detail of its not_an_article problem; story_only (too_short, behind_gate, "
        "behind_consent) when the page is too short to summarise, or shows only a consent "
        "notice, but names its story, which the Brief then looks for elsewhere.",
        epilog="Examples:\n  parallax extract page.html --url https://www.example.org/a\n"
        "  parallax extract --input manifest.jsonl   # lines {id, path, url?}",
        formatter_class=formatter,
    )
    extract.add_argument("files", nargs="*", metavar="FILE", help=".html or .html.gz files")
    extract.add_argument(
        "--url",
        type=_article_url,
        help="the address the files were served from (absolute http or https, as for a Brief)",
    )
    extract.add_argument("--input", metavar="MANIFEST", help="JSON lines {id, path, url?}")
    extract.set_defaults(func=_cmd_extract)

    openapi = commands.add_parser(
        "openapi",
        help="print the OpenAPI document",
        epilog="Example: parallax openapi --output docs/openapi.json",
        formatter_class=formatter,
    )
    from parallax.evaluation.cli import add_commands, output_file

    openapi.add_argument(
        "--output", type=output_file, metavar="FILE", help="write to this file instead of stdout"
    )
    openapi.set_defaults(func=_cmd_openapi)
    add_commands(commands)
    from parallax.evaluation.corroboration_cli import add_corroborate_command

    add_corroborate_command(commands)
    from parallax.ingest.cli import add_ingest_command

    add_ingest_command(commands)
    return parser


EXIT_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command Ctrl-C stopped
# Commands that read no setting: the OpenAPI document is the route table's, whatever the settings.
_READS_NO_SETTINGS = frozenset({"openapi"})


def _refuse_unknown_leading_option(parser: argparse.ArgumentParser, words: list[str]) -> None:
    """A usage error naming an unknown option given before any command. argparse checks for the
    missing COMMAND before it reports unknown options, so ``parallax --bogus`` said "the
    following arguments are required: COMMAND" and never named the flag."""
    for word in words:
        if word == "--" or not word.startswith("-") or word == "-":
            return  # the command (or a positional) comes first: argparse reports the rest
        if word.split("=", 1)[0] not in parser._option_string_actions:
            parser.error(f"unrecognized arguments: {word}")


def _command_parser(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> argparse.ArgumentParser:
    """The parser of the command ``args`` ran (``eval retrieval``'s for ``eval retrieval``)."""
    found = parser
    while True:
        subs = [a for a in found._actions if isinstance(a, argparse._SubParsersAction)]
        if not subs:
            return found
        chosen = getattr(args, subs[0].dest or "", None)
        if not isinstance(chosen, str) or chosen not in subs[0].choices:
            return found
        found = subs[0].choices[chosen]


def main(argv: Sequence[str] | None = None) -> int:
    try:
        return _run(argv)
    except KeyboardInterrupt:
        # Ctrl-C before a command handles it itself (serve while it builds its services, about
        # 1 s; any command while importing): a KeyboardInterrupt traceback before.
        print("parallax: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _run(argv: Sequence[str] | None) -> int:
    from parallax.config import Settings, SettingsError

    parser = _parser()
    words = list(sys.argv[1:] if argv is None else argv)
    _refuse_unknown_leading_option(parser, words)
    args, unknown = parser.parse_known_args(words)
    if unknown:
        # Named by the command they were given to, whose --help lists what it takes
        # (argparse named the top-level parser: "parallax: error: unrecognized arguments").
        _command_parser(parser, args).error(f"unrecognized arguments: {' '.join(unknown)}")
    try:
        if args.command not in _READS_NO_SETTINGS:
            # Read before any work, for every command as for serve: `eval ...`, `corroborate`,
            # `summarize` read none and ran on with a bad setting in the environment, and
            # `eval retrieval` failed minutes later in its ingest child ("a data error", exit 1).
            Settings.from_env()
        # Every other command stops on SIGTERM as on Ctrl-C (serve sets its own handlers):
        # `parallax ingest` under a service manager or `timeout` ended by the signal (-15)
        # without a word, its recorded run left "running" for a serve to report as "filling".
        # Ctrl-C keeps Python's own handling: a second one still cuts a slow stop short
        # (`ingest --once` waits for the fetches in flight, up to their timeout).
        previous = {} if args.command == "serve" else _stop_on_signals(ctrl_c=False)
        try:
            code: int = args.func(args)
        finally:
            _restore_signals(previous)
    except SettingsError as exc:
        print(f"parallax: bad setting: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(main())
