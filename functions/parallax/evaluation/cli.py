"""``parallax eval`` and ``parallax summarize``: measuring Parallax, and the summariser in batch.

    parallax eval extraction [--data DIR] [--sets a,b] [--limit N] [--json OUT]
    parallax eval summaries  [--data DIR] [--sets a,b] [--limit N] [--json OUT]
    parallax eval pagetype   [--data DIR] [--sets a,b] [--limit N] [--json OUT]
    parallax eval furniture  [--data DIR] [--sets a,b] [--limit N] [--json OUT]
    parallax eval guard      [--data DIR] [--limit N] [--json OUT]
    parallax summarize --input FILE.jsonl [--sentences N]

``eval`` prints a table (ours against the baseline, per set) on stdout and, with ``--json``,
writes the full report. Exit codes: 0 done, 1 the data (or the optional ``rouge-score``) is
missing, 2 usage. ``summarize`` writes one JSON line per input line; a bad line gets an error
line with a stable ``code`` and the batch goes on.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from parallax.jsonl import InputTooLarge, bounded_lines
from parallax.terminal_progress import TerminalProgress

__all__ = [
    "BadLine",
    "add_commands",
    "default_data_dir",
    "eval_data_dir",
    "input_lines",
    "output_file",
    "parse_line",
    "positive",
    "run_report",
    "write_line",
]

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2

_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*")
MAX_TEXT_CHARS = 5_000_000
# What each `parallax eval KIND` scores, as its --help names it ("Score our related ..." said
# nothing a newcomer could read).
_SCORED = {
    "extraction": "text extraction",
    "summaries": "extractive summaries",
    "pagetype": "judgement of what kind of page it is",
    "furniture": "share of page furniture in summaries of real pages",
    "related": "same-story similarity",
}
"""A longer text is refused as ``too_large``: no article is that long (the API takes at most
5 MB of HTML), and splitting it would only cost time."""


# --- shared ---------------------------------------------------------------------------------------


def _error(message: str) -> None:
    print(f"parallax: {message}", file=sys.stderr)


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        # argparse's own words were "invalid positive value: 'abc'", naming this function.
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def output_file(value: str) -> str:
    """argparse type of ``--json OUT`` and ``--output FILE``: a usage error (exit 2) for a path
    that can only fail, before the work is done (an evaluation runs for minutes, then its
    report could not be written: a traceback)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("give a file name")
    if Path(value).is_dir():
        raise argparse.ArgumentTypeError(f"{value} is a directory; give a file name")
    return value


def _set_names(value: str) -> list[str]:
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names:
        raise argparse.ArgumentTypeError("give at least one set name")
    return names


# --- eval ---------------------------------------------------------------------------------------


def _beside_repo() -> Path:
    # functions/parallax/evaluation/cli.py -> the repository is three folders up
    return Path(__file__).resolve().parents[3].parent / "shared" / "data"


def default_data_dir() -> Path | None:
    """``../shared/data`` from the current directory, else beside the repository; None if
    neither exists."""
    for candidate in (Path.cwd().parent / "shared" / "data", _beside_repo()):
        if candidate.is_dir():
            return candidate.resolve()
    return None


def eval_data_dir(args: argparse.Namespace) -> Path | None:
    """The data folder ``--data`` names, or the default one; None (said on stderr) if absent."""
    data = Path(args.data) if args.data else default_data_dir()
    if data is None or not data.is_dir():
        where = str(data) if data else f"../shared/data (from {Path.cwd()}) or {_beside_repo()}"
        _error(f"no evaluation data at {where}; give --data DIR (see the data folder's README)")
        return None
    return data


def run_report(
    kind: str,
    produce: Callable[[TerminalProgress], dict[str, Any]],
    render: Callable[[dict[str, Any]], str],
    json_out: str | None,
) -> int:
    """Run one evaluation with a progress counter, print its table, write its JSON report.

    A missing data file, a bad line or a missing optional package is a message and exit 1,
    never a traceback."""
    from parallax.evaluation import DataError

    progress = TerminalProgress()
    try:
        report = produce(progress)
    except ModuleNotFoundError as exc:
        progress.close()
        _error(f"eval {kind} needs {exc.name}: install the extra, `uv sync --extra eval`")
        return EXIT_ERROR
    except (DataError, OSError, ValueError) as exc:
        progress.close()
        _error(f"eval {kind}: {exc}")
        return EXIT_ERROR
    progress.close()
    sys.stdout.write(render(report) + "\n")
    if json_out:
        out = Path(json_out)
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(
                json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n",
                encoding="utf-8",
            )
        except OSError as exc:  # the table is printed; the report's file is one line, no trace
            _error(f"eval {kind}: cannot write {json_out}: {exc.strerror or type(exc).__name__}")
            return EXIT_ERROR
    return EXIT_OK


def _fmt(value: float, points: bool) -> str:
    if math.isnan(value):
        return "-"
    return f"{value:.2f}" if points else f"{value:.3f}"


def _diff(ours: float, baseline: float, points: bool) -> str:
    if math.isnan(ours) or math.isnan(baseline):
        return ""
    # rounded first (and + 0.0 turns -0.0 into 0.0) so that a tiny loss is not shown as "-0.000"
    digits = 2 if points else 3
    return f"{round(ours - baseline, digits) + 0.0:+.{digits}f}"


def _ms(value: float | None) -> float:
    return float("nan") if value is None else value


def _counts(result: dict[str, Any]) -> str:
    parts = [f"empty {result['empty']}"]
    if "not_an_article" in result:
        parts.append(f"not_an_article {result['not_an_article']}")
    errors = result["errors"]
    parts.append("errors " + (", ".join(f"{k} {v}" for k, v in errors.items()) if errors else "0"))
    return ", ".join(parts)


def render_table(report: dict[str, Any]) -> str:
    """The report as a plain-text table: one block per set, ours against the baseline."""
    points = report["kind"] == "summaries"
    baseline = "Lead-3" if points else "trafilatura"
    unit = "ms/article" if points else "ms/page"
    header = f"{'set':<18} {'metric':<18} {'ours':>9} {baseline:>11} {'diff':>8}"
    lines = [header, "-" * len(header)]
    for name, result in report["sets"].items():
        ours, theirs = result["ours"], result["baseline"]
        label = name
        for metric, value in ours["scores"].items():
            other = theirs["scores"].get(metric, float("nan"))
            lines.append(
                f"{label:<18} {metric:<18} {_fmt(value, points):>9} {_fmt(other, points):>11}"
                f" {_diff(value, other, points):>8}"
            )
            label = ""
        for stat in ("mean_ms", "p50_ms"):
            mine, other = _ms(ours["time"][stat]), _ms(theirs["time"][stat])
            ratio = f"{mine / other:.2f}x" if other and not math.isnan(mine / other) else ""
            name_ = f"{unit} ({stat.removesuffix('_ms')})"
            lines.append(f"{'':<18} {name_:<18} {mine:>9.1f} {other:>11.1f} {ratio:>8}")
        lines.append(f"{'':<18} items {result['items']}")
        lines.append(f"{'':<18} ours: {_counts(ours)}")
        lines.append(f"{'':<18} {baseline}: {_counts(theirs)}")
    return "\n".join(lines)


def _cmd_eval(args: argparse.Namespace) -> int:
    from parallax.evaluation.extraction import EXTRACTION_SETS, check_sets, run_extraction
    from parallax.evaluation.summaries import SUMMARY_SETS, run_summaries

    if args.kind in ("related", "retrieval"):
        return _cmd_eval_related(args) if args.kind == "related" else _cmd_eval_retrieval(args)
    extraction = args.kind == "extraction"
    try:
        sets = check_sets(args.sets, EXTRACTION_SETS if extraction else SUMMARY_SETS)
    except ValueError as exc:
        _error(f"eval {args.kind}: {exc}")
        return EXIT_USAGE
    data = eval_data_dir(args)
    if data is None:
        return EXIT_ERROR
    run = run_extraction if extraction else run_summaries
    return run_report(
        args.kind, lambda progress: run(data, sets, args.limit, progress), render_table, args.json
    )


def _cmd_eval_related(args: argparse.Namespace) -> int:
    from parallax.evaluation.related import format_related_table, run_related_eval

    data = eval_data_dir(args)
    if data is None:
        return EXIT_ERROR
    return run_report(
        "related",
        lambda progress: run_related_eval(data, args.limit, progress),
        format_related_table,
        args.json,
    )


def _cmd_eval_retrieval(args: argparse.Namespace) -> int:
    from parallax.evaluation.retrieval import format_retrieval_table, run_retrieval_eval

    data = eval_data_dir(args)
    if data is None:
        return EXIT_ERROR
    return run_report(
        "retrieval",
        lambda progress: run_retrieval_eval(
            data,
            uci_queries=args.uci_queries,
            semeval_pairs=args.semeval_pairs,
            seed=args.seed,
            progress=progress,
        ),
        format_retrieval_table,
        args.json,
    )


def _cmd_eval_guard(args: argparse.Namespace) -> int:
    from parallax.evaluation.guard import (
        DEFAULT_TEXTS_PER_LANGUAGE,
        format_guard_table,
        run_guard_eval,
    )

    data = eval_data_dir(args)
    if data is None:
        return EXIT_ERROR
    limit = args.limit or DEFAULT_TEXTS_PER_LANGUAGE
    return run_report(
        "guard",
        lambda progress: run_guard_eval(data, limit, progress),
        format_guard_table,
        args.json,
    )


def _cmd_eval_pages(args: argparse.Namespace) -> int:
    from parallax.evaluation.extraction import EXTRACTION_SETS, check_sets
    from parallax.evaluation.pages import PAGETYPE_SETS, run_furniture, run_pagetype

    pagetype = args.kind == "pagetype"
    try:
        sets = check_sets(args.sets, PAGETYPE_SETS if pagetype else EXTRACTION_SETS)
    except ValueError as exc:
        _error(f"eval {args.kind}: {exc}")
        return EXIT_USAGE
    data = eval_data_dir(args)
    if data is None:
        return EXIT_ERROR
    run = run_pagetype if pagetype else run_furniture
    return run_report(
        args.kind,
        lambda progress: run(data, sets, args.limit, progress),
        render_pagetype_table if pagetype else render_furniture_table,
        args.json,
    )


def render_pagetype_table(report: dict[str, Any]) -> str:
    """Refused share per page type and article set: ours, and the declarations-only baseline;
    "story only": pages too short to summarise that the Brief answers with related coverage and
    no bullets (issue 13), counted apart from the refused ones."""
    header = (
        f"{'group':<18} {'pages':>6} {'refused':>8} {'baseline':>9} {'story only':>11}  reasons"
    )
    lines = [header, "-" * len(header)]
    for group, entry in report["groups"].items():
        reasons = ", ".join(f"{k} {v}" for k, v in entry["reasons"].items())
        lines.append(
            f"{group:<18} {entry['pages']:>6} {entry['refused_share']:>8.1%}"
            f" {entry['baseline_refused_share']:>9.1%} {entry.get('story_only', 0):>11}"
            f"  {reasons}"
        )
    for family, entry in report.get("issue_groups", {}).items():
        lines.append(
            f"{family:<18} {entry['pages']:>6} {entry['refused_share']:>8.1%}"
            f" {entry['baseline_refused_share']:>9.1%} {entry.get('story_only', 0):>11}"
            "  (pooled, as the issue states its targets)"
        )
    judged = report["judgement_time"]
    lines.append(
        f"page-type judgement ms/page: p50 {_ms(judged['p50_ms']):.2f}, "
        f"mean {_ms(judged['mean_ms']):.2f}, p95 {_ms(judged['p95_ms']):.2f}"
    )
    return "\n".join(lines)


def render_furniture_table(report: dict[str, Any]) -> str:
    """Furniture share of the bullets, near duplicates and bullets by article length."""
    header = f"{'set':<18} {'metric':<26} {'ours':>9} {'Lead-3':>9}"
    lines = [header, "-" * len(header)]
    for name, result in report["sets"].items():
        ours, lead = result["ours"], result["baseline"]
        rows = [
            ("articles", f"{ours['articles']}", f"{lead['articles']}"),
            ("bullets", f"{ours['bullets']}", f"{lead['bullets']}"),
            ("furniture share", f"{ours['furniture_share']:.2%}", f"{lead['furniture_share']:.2%}"),
            ("near-duplicate pairs", f"{ours['near_duplicate_pairs']}",
             f"{lead['near_duplicate_pairs']}"),
            ("in article order", f"{ours['in_order_share']:.0%}", ""),
        ]  # fmt: skip
        for bucket, stats in ours["bullets_by_words"].items():
            rows.append(
                (
                    f"bullets, {bucket} words",
                    f"{stats['mean_bullets']:.2f}",
                    f"n={stats['articles']}",
                )
            )
        label = name
        for metric, mine, theirs in rows:
            lines.append(f"{label:<18} {metric:<26} {mine:>9} {theirs:>9}")
            label = ""
        kinds = ", ".join(f"{k} {v}" for k, v in ours["furniture_kinds"].items()) or "none"
        lines.append(f"{'':<18} ours, furniture by kind: {kinds}")
    return "\n".join(lines)


# --- similarity ---------------------------------------------------------------------------------


def _cmd_similarity(args: argparse.Namespace) -> int:
    from parallax.evaluation.related import similarity_lines

    if args.input != "-":
        try:
            Path(args.input).open("rb").close()
        except OSError as exc:
            _error(f"similarity: cannot read {args.input}: {exc.strerror}")
            return EXIT_ERROR
    progress = TerminalProgress(label="similarity")
    try:
        for result in similarity_lines(line for _, line in input_lines(args.input)):
            write_line(result)
            progress.step()
    except InputTooLarge as exc:
        progress.close()
        _error(f"similarity: {exc}; stopped")
        return EXIT_ERROR
    progress.close()
    return EXIT_OK


# --- summarize ----------------------------------------------------------------------------------


class BadLine(Exception):
    """One input line of a batch command cannot be processed: its error ``code`` and ``detail``
    are written in its place and the batch goes on."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code, self.detail = code, detail


def parse_line(line: str) -> tuple[Any, dict[str, Any]]:
    """``(item, echo)`` of one input line of a batch command: the parsed JSON and the ``id`` to
    echo with its result (empty when the item has none). Raises :class:`BadLine` for non-JSON."""
    try:
        item = json.loads(line)
    except ValueError:
        raise BadLine("invalid_request", "the line is not JSON") from None
    return item, ({"id": item["id"]} if isinstance(item, dict) and "id" in item else {})


def _language_of(item: dict[str, Any], text: str) -> tuple[str, str | None]:
    """The text's language (declared, else detected) and a notice when it is not supported."""
    from parallax.domain.languages import SUPPORTED_LANGUAGES, primary_language

    declared = item.get("language", item.get("lang"))
    if declared is None or declared == "":
        from parallax.domain.extraction import detect_language

        declared = detect_language(text)
    if not isinstance(declared, str) or not _LANGUAGE_TAG.fullmatch(declared.strip()):
        raise BadLine("invalid_request", "language must be a language tag such as 'de'")
    language = primary_language(declared)
    if language in SUPPORTED_LANGUAGES:
        return language, None
    # Well-formed but unsupported (or undetermined, "zxx"): the splitter and the scorer fall
    # back to rules that hold for most alphabetic scripts, which serves better than a refusal;
    # the notice says the result was made without the language's own rules.
    return language, "unsupported_language"


def _summarise_item(item: Any, sentences_wanted: int | None) -> dict[str, Any]:
    from parallax.domain.errors import ParallaxError
    from parallax.domain.extractive_summariser import select_sentences
    from parallax.domain.sentences import split_sentences

    if not isinstance(item, dict):
        raise BadLine("invalid_request", "a line must be a JSON object")
    text = item.get("text", item.get("article"))
    if not isinstance(text, str):
        raise BadLine("invalid_request", "give the article as 'text' (or 'article'), a string")
    if not text.strip():
        raise BadLine("invalid_request", "the text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise BadLine("too_large", f"the text is longer than {MAX_TEXT_CHARS} characters")
    title = item.get("title") if isinstance(item.get("title"), str) else None
    language, notice = _language_of(item, text)
    try:
        sentences = split_sentences(text, language)
        chosen = [
            sentences[i] for i in select_sentences(sentences, language, title, sentences_wanted)
        ]
    except ParallaxError as exc:
        raise BadLine(exc.code, exc.detail) from exc
    result: dict[str, Any] = {"sentences": chosen, "summary": " ".join(chosen)}
    if notice:
        result["notice"] = notice
    return result


def input_lines(path: str) -> Iterator[tuple[int, str | None]]:
    """Numbered lines of a file or stdin, each bounded (None: longer than the bound; see
    parallax.jsonl). Raises InputTooLarge when a line never ends."""
    # Invalid UTF-8 (mojibake at the byte level) must not stop the batch: undecodable bytes
    # become U+FFFD and the line is read as it is.
    if path == "-":
        if isinstance(sys.stdin, io.TextIOWrapper):
            sys.stdin.reconfigure(errors="replace")
        yield from bounded_lines(sys.stdin)
        return
    with Path(path).open(encoding="utf-8", errors="replace") as handle:
        yield from bounded_lines(handle)


def write_line(data: dict[str, Any]) -> None:
    """One JSON line on stdout (the output of the batch commands)."""
    try:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    except UnicodeEncodeError:
        # A lone surrogate (from a "\ud800" escape in the input) cannot be written as UTF-8;
        # ASCII-escaped JSON carries it unchanged and is still one valid line.
        sys.stdout.write(json.dumps(data) + "\n")


def _cmd_summarize(args: argparse.Namespace) -> int:
    source = args.input
    if source != "-" and not Path(source).is_file():
        _error(f"summarize: no such file: {source}")
        return EXIT_ERROR
    total = failures = 0
    progress = TerminalProgress(label="summarize")
    try:
        for number, line in input_lines(source):
            total, failures = _summarise_line(number, line, args.sentences, total, failures)
            progress.show("summarize", total)
    except InputTooLarge as exc:
        progress.close()
        _error(f"summarize: {exc}; stopped")
        return EXIT_ERROR
    progress.close()
    return EXIT_ERROR if total and failures == total else EXIT_OK


def _summarise_line(
    number: int, line: str | None, sentences: int, total: int, failures: int
) -> tuple[int, int]:
    """Write the result of one input line; the running (total, failures) after it."""
    if line is not None and not line.strip():
        return total, failures
    total += 1
    echo: dict[str, Any] = {}
    try:
        if line is None:
            raise BadLine("too_large", "the line is too long")
        item, echo = parse_line(line)
        result = _summarise_item(item, sentences)
    except BadLine as bad:
        failures += 1
        result = {"error": bad.code, "detail": bad.detail}
        if "id" not in echo:
            echo["line"] = number
    except Exception as exc:  # one line's bug must not cost the rest of the batch
        failures += 1
        result = {"error": "internal", "detail": type(exc).__name__}
        if "id" not in echo:
            echo["line"] = number
    if "error" not in result:
        echo.setdefault("id", None)
    write_line({**echo, **result})
    return total, failures


# --- registration -------------------------------------------------------------------------------


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``eval``, ``summarize`` and ``similarity`` on the ``parallax`` command line."""
    formatter = argparse.RawDescriptionHelpFormatter

    evaluate = commands.add_parser(
        "eval",
        help="measure each step against the evaluation data, with its baseline",
        description="Score Parallax and the baseline on the development sets of the evaluation "
        "data, in one run: a table on stdout, the full report as JSON with --json.",
        epilog="Examples:\n  parallax eval extraction --limit 20\n"
        "  parallax eval summaries --data ../shared/data --json summaries.json",
        formatter_class=formatter,
    )
    kinds = evaluate.add_subparsers(dest="kind", required=True, metavar="KIND")
    for kind, baseline, sets, example in (
        (
            "extraction",
            "trafilatura.extract(html, url=url)",
            "zyte,trafilatura-dev,wcxb-articles-dev",
            "parallax eval extraction --sets zyte --limit 50 --json extraction.json",
        ),
        (
            "summaries",
            "Lead-3",
            "cnndm-dev,20min-dev",
            "parallax eval summaries --json summaries.json",
        ),
        (
            "pagetype",
            "the page's declarations alone",
            "wcxb-dev,zyte,trafilatura-dev,wcxb-articles-dev",
            "parallax eval pagetype --sets wcxb-dev --limit 30",
        ),
        (
            "furniture",
            "Lead-3 of the same text",
            "zyte,trafilatura-dev,wcxb-articles-dev",
            "parallax eval furniture --sets zyte --json furniture.json",
        ),
        (
            "related",
            "TF-IDF cosine",
            "semeval-dev (original pairs)",
            "parallax eval related --json related.json",
        ),
    ):
        sub = kinds.add_parser(
            kind,
            help=f"ours against {baseline}",
            description=f"Score Parallax's {_SCORED[kind]} against {baseline} on each set "
            f"(default: {sets}). "
            "Progress goes to stderr when it is a terminal.",
            epilog=f"Example: {example}\n"
            "Exit codes: 0 done, 1 data or rouge-score missing, 2 usage.",
            formatter_class=formatter,
        )
        sub.add_argument(
            "--data",
            metavar="DIR",
            help="the evaluation data folder (default: ../shared/data from here, "
            "else beside the repository)",
        )
        if kind != "related":
            sub.add_argument("--sets", type=_set_names, metavar="A,B", help=f"only these ({sets})")
        sub.add_argument("--limit", type=positive, metavar="N", help="first N items per set")
        sub.add_argument(
            "--json", type=output_file, metavar="OUT", help="also write the full report here"
        )
        sub.set_defaults(func=_cmd_eval_pages if kind in ("pagetype", "furniture") else _cmd_eval)
    from parallax.evaluation.corroboration_cli import (
        add_eval_corroboration,
        add_eval_corroboration_path,
    )

    add_eval_corroboration(kinds)
    add_eval_corroboration_path(kinds)

    retrieval = kinds.add_parser(
        "retrieval",
        help="finding the story end to end, against BM25 and TF-IDF on the same index",
        description="UCI headline clusters and SemEval-2022 pairs become feeds on disk, "
        "`parallax ingest --once --from-dir` fills a fresh index, every query goes as a page "
        "to POST /v1/briefs (the API's resolver, in process) and brief.related is scored; BM25 "
        "on headlines and TF-IDF cosine answer the same queries from the same index in the same "
        "run. A related row shows a partner when the partner is its address or one of its wire "
        "copies' (related item copies, which the reader opens from the row); a row counts once. "
        "Progress goes to stderr when it is a terminal.",
        epilog="Examples:\n  parallax eval retrieval\n"
        "  parallax eval retrieval --uci-queries 300 --semeval-pairs 100 --json retrieval.json\n"
        "Exit codes: 0 done, 1 data missing, 2 usage.",
        formatter_class=formatter,
    )
    retrieval.add_argument("--data", metavar="DIR", help="the evaluation data folder")
    retrieval.add_argument(
        "--uci-queries", type=positive, metavar="N", help="sample N UCI rows as queries (all)"
    )
    retrieval.add_argument(
        "--semeval-pairs",
        type=positive,
        metavar="N",
        help="sample N same-story, N unrelated and N grey-zone SemEval pairs (all)",
    )
    retrieval.add_argument("--seed", type=int, default=13, help="sampling seed (default 13)")
    retrieval.add_argument(
        "--json", type=output_file, metavar="OUT", help="also write the full report here"
    )
    retrieval.set_defaults(func=_cmd_eval)

    guard = kinds.add_parser(
        "guard",
        help="the faithfulness guard on generated perturbations of real sentences",
        description="Build the perturbation suite from real sentences of the evaluation data "
        "(en: cnndm-dev; de: 20min-dev and semeval-dev; fr, es: semeval-dev): faithful bullets "
        "(verbatim, reordered, a clause dropped, an attribution added, synonyms) and unfaithful "
        "ones (negation, antonym, swapped or changed numbers, swapped names, an added claim, an "
        "amount moved to another actor). Print the guard's catch rate per type and language and "
        "its false drops, next to the lexical checks alone (the guard before issue 15). "
        "Offline; progress goes to stderr when it is a terminal.",
        epilog="Example: parallax eval guard --limit 20 --json guard.json\n"
        "Exit codes: 0 done, 1 data missing, 2 usage.",
        formatter_class=formatter,
    )
    guard.add_argument(
        "--data",
        metavar="DIR",
        help="the evaluation data folder (default: ../shared/data from here, "
        "else beside the repository)",
    )
    guard.add_argument(
        "--limit", type=positive, metavar="N", help="texts per language (default: 60)"
    )
    guard.add_argument(
        "--json", type=output_file, metavar="OUT", help="also write the full report here"
    )
    guard.set_defaults(func=_cmd_eval_guard)

    summarize = commands.add_parser(
        "summarize",
        help="extractive summaries for JSON lines of text",
        description="Summarise each input line {id, text, language} (also accepted: the data "
        "sets' article/lang; an optional title helps) and print one line "
        "{id, sentences, summary}; a bad line prints {id or line, error, detail} and the batch "
        "goes on. Without a language, it is detected. Progress on stderr when it is a terminal.",
        epilog="Examples:\n  parallax summarize --input ../shared/data/summaries/20min-dev.jsonl "
        '--sentences 2\n  echo \'{"id": 1, "text": "...", "language": "en"}\' | '
        "parallax summarize --input -",
        formatter_class=formatter,
    )
    summarize.add_argument("--input", required=True, metavar="FILE", help="JSON lines; - = stdin")
    summarize.add_argument(
        "--sentences",
        type=positive,
        metavar="N",
        help="sentences per summary (default: by length)",
    )
    summarize.set_defaults(func=_cmd_summarize)

    similarity = commands.add_parser(
        "similarity",
        help="same-story similarity of article pairs (the function the ranking uses)",
        description="Score each input line {id, a: {title?, text, language?}, b: {...}} (or a "
        "SemEval row: pair_id, text1, text2, lang1, lang2) and print {id, score}, score in "
        "[0, 1]; a bad line prints {id or line, error, detail} and the batch goes on. Progress "
        "on stderr when it is a terminal.",
        epilog="Example:\n  parallax similarity --input ../shared/data/related/semeval-dev.jsonl",
        formatter_class=formatter,
    )
    similarity.add_argument("--input", required=True, metavar="FILE", help="JSON lines; - = stdin")
    similarity.set_defaults(func=_cmd_similarity)
