"""``parallax ingest``: fill the local feed index from the outlet catalogue's feeds.

    parallax ingest --once                      poll every due feed once, print the report, exit
    parallax ingest [--interval 900]            poll, wait, poll again ... until Ctrl-C
    parallax ingest --from-dir feeds/ --once    index feed files from disk (offline, benchmarks)

Each run prints one JSON report line on stdout (feeds ok / not modified / failed / deferred,
items inserted / updated, purged, and the failures). Progress goes to stderr on a terminal only.
Exit codes: 0 done (also when some feeds failed: that is recorded, not fatal), 1 the catalogue or
the index could not be used, 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path

__all__ = ["add_ingest_command", "run_ingest_command"]

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
DEFAULT_INTERVAL_S = 900.0

_EPILOG = """\
Examples:
  parallax ingest --once
  parallax ingest --interval 600 --catalogue my-outlets.json
  parallax ingest --from-dir ./saved-feeds --once

With --from-dir, a file's outlet is the catalogue id its name starts with (bbc-news.xml,
bbc-news--world.xml), else the catalogue's outlet for its links' host, else that host. An item
linking into this machine or a private network (127.0.0.1, localhost, 10.x) is skipped and
counted in items_skipped: related coverage never links a reader into their own network.

The index is written to $PARALLAX_HOME/index.sqlite3 and keeps PARALLAX_FEED_RETENTION_DAYS days
(default 14). A failing feed is retried later with exponential backoff; --force polls it anyway.
`parallax serve` polls by itself every PARALLAX_INGEST_INTERVAL_S (900 s; 0 = off): this command
is for one-off and scripted runs, and offline measurements (--from-dir).
"""


def _interval(value: str) -> float:
    # The same bounds as PARALLAX_INGEST_INTERVAL_S: every poll asks hundreds of outlets, and
    # `--interval 5` polled them every 5 s; `--interval 1e22` ended the first wait in an
    # OverflowError traceback (time.sleep). A ValueError here was argparse's "invalid
    # _positive_float value", naming this function.
    from parallax.config import MAX_INGEST_INTERVAL_S, MIN_INGEST_INTERVAL_S

    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not MIN_INGEST_INTERVAL_S <= number <= MAX_INGEST_INTERVAL_S:  # also nan
        raise argparse.ArgumentTypeError(
            f"must be at least {MIN_INGEST_INTERVAL_S:.0f} and at most "
            f"{MAX_INGEST_INTERVAL_S:.0f} seconds (a day)"
        )
    return number


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def add_ingest_command(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Register ``ingest`` on the ``parallax`` command line; returns its parser."""
    parser = subparsers.add_parser(
        "ingest",
        help="poll the outlet catalogue's feeds into the local feed index",
        description="Poll the RSS/Atom feeds of the outlet catalogue with conditional GET and\n"
        "upsert their items into the feed index (SQLite FTS5) that related coverage searches.\n"
        "Re-running loses and duplicates nothing.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--catalogue",
        type=Path,
        metavar="FILE",
        help="outlet catalogue JSON (default: PARALLAX_CATALOGUE_PATH, else the packaged one)",
    )
    parser.add_argument("--once", action="store_true", help="run once and exit")
    parser.add_argument(
        "--interval",
        type=_interval,
        default=DEFAULT_INTERVAL_S,
        metavar="S",
        help=f"seconds between runs without --once (default {DEFAULT_INTERVAL_S:.0f}, 60-86400)",
    )
    parser.add_argument(
        "--from-dir",
        type=Path,
        metavar="DIR",
        help="index the feed files under DIR instead of polling (each file's outlet: see below)",
    )
    parser.add_argument(
        "--concurrency",
        type=_positive_int,
        default=8,
        metavar="N",
        help="feeds fetched in parallel (default 8)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="with --once: also poll feeds that are backing off after failures",
    )
    parser.set_defaults(func=run_ingest_command)
    return parser


def _print_report(data: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def run_ingest_command(args: argparse.Namespace) -> int:
    from parallax.config import Settings
    from parallax.ingest.catalogue import CatalogueError, load_catalogue
    from parallax.ingest.runner import ingest_directory, run_forever
    from parallax.wiring import build_ingest_runner, open_feed_index, open_run_recorder

    settings = Settings.from_env()
    catalogue_path = args.catalogue or settings.catalogue_path
    try:
        if args.from_dir is not None:
            if not args.from_dir.is_dir():
                print(f"parallax: {args.from_dir} is not a directory", file=sys.stderr)
                return EXIT_USAGE
            catalogue = load_catalogue(catalogue_path)
            index = open_feed_index(settings)
            # A file takes two milliseconds or so: the progress is written twice a second.
            recorder = open_run_recorder(settings, progress_every_s=0.5)
            try:
                report = ingest_directory(
                    args.from_dir,
                    index=index,
                    catalogue=catalogue,
                    retention_days=settings.feed_retention_days,
                    max_feed_bytes=settings.fetch_max_bytes,
                    observer=recorder,
                )
            finally:
                recorder.close()
                index.close()
            _print_report(report.to_dict())
            return EXIT_OK
        runner = build_ingest_runner(settings, catalogue_path, concurrency=args.concurrency)
        if args.once:
            _print_report(runner.run_once(force=args.force).to_dict())
            return EXIT_OK
        print(
            f"parallax: polling every {args.interval:.0f} s into {settings.index_path} "
            "(Ctrl-C stops)",
            file=sys.stderr,
        )
        try:
            run_forever(runner, args.interval, on_report=lambda r: _print_report(r.to_dict()))
        except KeyboardInterrupt:
            print("parallax: stopped", file=sys.stderr)
        return EXIT_OK
    except CatalogueError as exc:
        print(f"parallax: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except sqlite3.DatabaseError as exc:
        print(f"parallax: the feed index cannot be written: {exc}", file=sys.stderr)
        return EXIT_ERROR
