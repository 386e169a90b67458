"""``parallax``: the command line for the backend.

    parallax serve [--host 127.0.0.1] [--port 8787]
    parallax brief URL [--html FILE] [--language de]
    parallax extract FILE... [--url URL] | --input MANIFEST.jsonl
    parallax openapi [--output docs/openapi.json]

Every command prints JSON on stdout; errors are problem objects (stable ``code``) on stderr or,
for batch commands, one line per failed item so the batch goes on.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from parallax.config import Settings, SettingsError

__all__ = ["main"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class _Progress:
    """A one-line counter on stderr when it is a terminal; silent when piped."""

    def __init__(self, total: int | None, label: str, stream: TextIO | None = None) -> None:
        self._total, self._label = total, label
        self._stream = stream or sys.stderr
        self._enabled = self._stream.isatty()
        self._done = 0
        self._last = 0.0

    def step(self) -> None:
        self._done += 1
        now = time.monotonic()
        if self._enabled and (now - self._last > 0.1 or self._done == self._total):
            self._last = now
            total = f"/{self._total}" if self._total else ""
            self._stream.write(f"\r{self._label}: {self._done}{total}")
            self._stream.flush()

    def close(self) -> None:
        if self._enabled and self._done:
            self._stream.write("\n")


def _print_json(data: Any, stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(json.dumps(data, ensure_ascii=False) + "\n")


def _problem_dict(error: Exception) -> dict[str, Any]:
    from parallax.api.problems import problem_for
    from parallax.domain.errors import InternalError, ParallaxError

    if not isinstance(error, ParallaxError):
        error = InternalError(f"{type(error).__name__}")
    return problem_for(error).model_dump(exclude_none=True)


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env()


# --- serve -------------------------------------------------------------------------------------


def _cmd_serve(args: argparse.Namespace) -> int:
    from parallax.api.app import create_app
    from parallax.api.local_server import LocalServer
    from parallax.wiring import lazy_brief_service

    settings = _settings(args)
    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    service = lazy_brief_service(settings)
    server = LocalServer.from_settings(
        lambda: create_app(settings, service), settings, host=host, port=port
    )
    print(f"Parallax serving on {server.base_url} (Ctrl-C stops)", file=sys.stderr, flush=True)
    print(f"  data: {settings.home}   CORS: {', '.join(settings.cors_origins)}", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopping", file=sys.stderr)
    return EXIT_OK


# --- brief -------------------------------------------------------------------------------------


def _cmd_brief(args: argparse.Namespace) -> int:
    from parallax.api.problems import invalid_request_from
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
        _print_json(_problem_dict(_file_error(exc)), sys.stderr)
        return EXIT_ERROR
    try:
        brief = build_brief_service(_settings(args)).brief(request)
    except ParallaxError as exc:
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
        except (OSError, EOFError) as exc:
            raise UnsupportedMedia("the file is not valid gzip") from exc
    if len(raw) > MAX_HTML_BYTES:
        raise TooLarge(f"the file is larger than {MAX_HTML_BYTES} bytes")
    if b"\x00" in raw[:65536]:
        raise UnsupportedMedia("the file is binary, not HTML")
    return decode_html(raw)


def _file_error(exc: Exception) -> Exception:
    from parallax.domain.errors import FetchFailed

    if isinstance(exc, OSError):
        return FetchFailed(f"cannot read the file: {exc.strerror or type(exc).__name__}")
    return exc


def _manifest_items(manifest: Path) -> Iterator[tuple[dict[str, Any], Path | None, str | None]]:
    with manifest.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or not item.get("path"):
                    raise ValueError
            except ValueError:
                yield {"line": number}, None, None
                continue
            path = Path(str(item["path"]))
            if not path.is_absolute():
                path = manifest.parent / path
            echo = {"id": item.get("id"), "path": str(item["path"])}
            yield echo, path, item.get("url")


def _extract_one(path: Path, url: str | None) -> dict[str, Any]:
    """The page's text and metadata, whether or not it is an article, with the judgement: a
    Brief summarises only pages with ``is_article``; the others carry the ``reason`` code the
    Brief's ``not_an_article`` problem would carry."""
    from parallax.domain.errors import ParallaxError
    from parallax.domain.extraction import read_page

    try:
        html = _read_html_file(path)
        reading = read_page(html, url or path.resolve().as_uri())
    except (OSError, ParallaxError) as exc:
        problem = _problem_dict(_file_error(exc))
        result = {"error": problem["code"], "detail": problem["detail"]}
        if "reason" in problem:
            result.update(is_article=False, page_type="other", reason=problem["reason"])
        return result
    judgement = reading.judgement
    verdict: dict[str, Any] = {"is_article": judgement.is_article, "page_type": judgement.page_type}
    if not judgement.is_article:
        verdict.update(reason=judgement.reason, detail=judgement.detail)
    verdict["evidence"] = list(judgement.evidence)
    return {**reading.article.model_dump(exclude_none=True), **verdict}


def _cmd_extract(args: argparse.Namespace) -> int:
    if bool(args.files) == bool(args.input):
        print("parallax extract: give FILE... or --input MANIFEST.jsonl", file=sys.stderr)
        return EXIT_USAGE
    jobs: list[tuple[dict[str, Any], Path | None, str | None]]
    if args.input:
        jobs = list(_manifest_items(Path(args.input)))
    else:
        jobs = [({"path": f}, Path(f), args.url) for f in args.files]
    progress = _Progress(len(jobs), "extract")
    failures = 0
    for echo, path, url in jobs:
        if path is None:
            result: dict[str, Any] = {"error": "invalid_request", "detail": "not a manifest line"}
        else:
            result = _extract_one(path, url)
        failures += "error" in result
        _print_json({**echo, **result})
        progress.step()
    progress.close()
    return EXIT_OK if failures < len(jobs) or not jobs else EXIT_ERROR


# --- openapi -----------------------------------------------------------------------------------


def _cmd_openapi(args: argparse.Namespace) -> int:
    from parallax.api.openapi import build_openapi

    text = json.dumps(build_openapi(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return EXIT_OK


# --- parser ------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="parallax",
        description="Parallax backend: Briefs for news articles.",
        epilog="Example: parallax brief https://www.example.org/news/1 --html page.html --language de",
        formatter_class=formatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="serve the API locally on embedded defaults",
        description="Serve POST /v1/briefs and GET /v1/health on this machine.",
        epilog="Example: parallax serve --port 8787\n"
        "Settings come from PARALLAX_* variables (see README).",
        formatter_class=formatter,
    )
    serve.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default 8787; 0 = any)")
    serve.set_defaults(func=_cmd_serve)

    brief = commands.add_parser(
        "brief",
        help="make the Brief for one URL and print it as JSON",
        epilog="Example: parallax brief https://www.example.org/news/1 --html saved.html --language en",
        formatter_class=formatter,
    )
    brief.add_argument("url")
    brief.add_argument("--html", help="use this saved HTML (.html or .html.gz) instead of fetching")
    brief.add_argument("--language", default="en", help="reader's language (BCP 47), default en")
    brief.add_argument("--max-related", type=int, default=10)
    brief.add_argument("--no-summary", action="store_true", help="skip the summary")
    brief.add_argument("--no-related", action="store_true", help="skip related coverage")
    brief.set_defaults(func=_cmd_brief)

    extract = commands.add_parser(
        "extract",
        help="extract the text of saved HTML pages, one JSON line each, with is_article",
        description="Read the text and metadata of each page, article or not, and judge what "
        "kind of page it is: is_article, page_type (article, front, listing, product, service, "
        "forum, documentation, other) and, for pages a Brief refuses, the reason code and "
        "detail of its not_an_article problem.",
        epilog="Examples:\n  parallax extract page.html --url https://www.example.org/a\n"
        "  parallax extract --input manifest.jsonl   # lines {id, path, url?}",
        formatter_class=formatter,
    )
    extract.add_argument("files", nargs="*", metavar="FILE", help=".html or .html.gz files")
    extract.add_argument("--url", help="the address the files were served from")
    extract.add_argument("--input", metavar="MANIFEST", help="JSON lines {id, path, url?}")
    extract.set_defaults(func=_cmd_extract)

    openapi = commands.add_parser(
        "openapi",
        help="print the OpenAPI document",
        epilog="Example: parallax openapi --output docs/openapi.json",
        formatter_class=formatter,
    )
    openapi.add_argument("--output", help="write to this file instead of stdout")
    openapi.set_defaults(func=_cmd_openapi)
    from parallax.evaluation.cli import add_commands

    add_commands(commands)
    from parallax.ingest.cli import add_ingest_command

    add_ingest_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except SettingsError as exc:
        print(f"parallax: bad setting: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(main())
