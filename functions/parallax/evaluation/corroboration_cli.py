"""``parallax corroborate`` (the alignment in batch, offline) and ``parallax eval corroboration``.

parallax corroborate --input FILE.jsonl
parallax eval corroboration [--data DIR] [--limit N] [--json OUT]
parallax eval corroboration-path [--data DIR] [--limit N] [--seed N] [--json OUT]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from parallax.evaluation.cli import (
    BadLine,
    eval_data_dir,
    input_lines,
    output_file,
    parse_line,
    positive,
    run_report,
    write_line,
)
from parallax.jsonl import InputTooLarge
from parallax.terminal_progress import TerminalProgress

__all__ = [
    "add_corroborate_command",
    "add_eval_corroboration",
    "add_eval_corroboration_path",
    "corroborate_line",
]

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
MAX_TEXT_CHARS = 5_000_000
MAX_OTHERS = 20

_EXAMPLE_LINE = (
    '{"id": "a1", "article": {"text": "Police said 12 people were hurt in Lyon on Monday. ...", '
    '"language": "en"}, "others": [{"id": "b", "text": "Zwölf Menschen wurden am Montag in '
    'Lyon verletzt, sagte die Polizei. ...", "language": "de"}]}'
)


def _text_and_language(item: object, where: str) -> tuple[str, str]:
    from parallax.domain.languages import primary_language

    if not isinstance(item, dict):
        raise BadLine("invalid_request", f"{where} must be an object with 'text'")
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise BadLine("invalid_request", f"{where}.text must be a non-empty string")
    if len(text) > MAX_TEXT_CHARS:
        raise BadLine("too_large", f"{where}.text is longer than {MAX_TEXT_CHARS} characters")
    language = item.get("language")
    if language is None or language == "":
        from parallax.domain.extraction import detect_language

        language = detect_language(text)
    if not isinstance(language, str) or not language.strip() or len(language) > 35:
        raise BadLine("invalid_request", f"{where}.language must be a language tag such as 'de'")
    return text, primary_language(language)


def _claims(item: dict[str, Any], sentences: list[str], language: str) -> list[Any]:
    from parallax.domain.corroboration import Claim
    from parallax.domain.extractive_summariser import select_sentences

    bullets = item.get("bullets")
    if bullets is None:
        return [Claim(sentences[i], (i,)) for i in select_sentences(sentences, language)]
    if not isinstance(bullets, list):
        raise BadLine("invalid_request", "article.bullets must be a list")
    claims = []
    for bullet in bullets:
        if not isinstance(bullet, dict) or not isinstance(bullet.get("text"), str):
            raise BadLine("invalid_request", "each bullet needs 'text' (and 'sentence_ids')")
        ids = bullet.get("sentence_ids", [])
        if not isinstance(ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in ids
        ):
            raise BadLine("invalid_request", "sentence_ids must be a list of integers")
        claims.append(Claim(bullet["text"], tuple(ids)))
    return claims


def corroborate_line(item: object) -> dict[str, Any]:
    """One input object -> the output fields (without the id); raises ``BadLine``."""
    from parallax.domain.corroboration import Report, align
    from parallax.domain.sentences import split_sentences

    if not isinstance(item, dict):
        raise BadLine("invalid_request", "a line must be a JSON object")
    article = item.get("article")
    text, language = _text_and_language(article, "article")
    assert isinstance(article, dict)
    others = item.get("others")
    if not isinstance(others, list):
        raise BadLine("invalid_request", "others must be a list of {id, text, language}")
    if len(others) > MAX_OTHERS:
        raise BadLine("too_large", f"at most {MAX_OTHERS} others")
    reports = []
    for n, other in enumerate(others):
        other_text, other_language = _text_and_language(other, f"others[{n}]")
        assert isinstance(other, dict)
        other_id = other.get("id", n)
        if not isinstance(other_id, str | int) or isinstance(other_id, bool):
            raise BadLine("invalid_request", f"others[{n}].id must be a string or a number")
        reports.append(
            Report(
                str(other_id), tuple(split_sentences(other_text, other_language)), other_language
            )
        )
    sentences = split_sentences(text, language)
    result = align(sentences, language, _claims(article, sentences, language), reports)
    return {
        "bullets": [
            {
                "text": c.claim.text,
                "sentence_ids": list(c.claim.sentence_ids),
                "support": [
                    {
                        "other": m.other,
                        "sentence": m.sentence,
                        "relation": m.relation,
                        "sentence_id": m.sentence_id,
                        "score": m.score,
                        **(
                            {
                                "differences": [
                                    {"kind": d.kind, "here": d.here, "there": d.there}
                                    for d in m.differences
                                ]
                            }
                            if m.differences
                            else {}
                        ),
                    }
                    for m in c.support
                ],
            }
            for c in result.claims
        ],
        "missing_here": [
            {"other": m.other, "sentence": m.sentence, "sentence_id": m.sentence_id}
            for m in result.missing_here
        ],
    }


def _process(number: int, line: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the id to echo, the result or the error) of one input line."""
    echo: dict[str, Any] = {}
    try:
        item, echo = parse_line(line)
        result = corroborate_line(item)
    except BadLine as bad:
        result = {"error": bad.code, "detail": bad.detail}
    except Exception as exc:  # one line's bug must not cost the rest of the batch
        result = {"error": "internal", "detail": type(exc).__name__}
    if "id" not in echo:
        echo["id"] = None
        if "error" in result:
            echo["line"] = number
    return echo, result


def _cmd_corroborate(args: argparse.Namespace) -> int:
    source: str = args.input
    if source != "-" and not Path(source).is_file():
        print(f"parallax: corroborate: no such file: {source}", file=sys.stderr)
        return EXIT_ERROR
    progress = TerminalProgress()
    total = failures = 0
    try:
        # Bounded lines (parallax.jsonl): an endless line is an error line, then a stop, never
        # unbounded memory (issue 15, item 8).
        for number, line in input_lines(source):
            if line is not None and not line.strip():
                continue
            total += 1
            if line is None:
                echo, result = (
                    {"line": number},
                    {"error": "too_large", "detail": "the line is too long"},
                )
            else:
                echo, result = _process(number, line)
            failures += "error" in result
            write_line({**echo, **result})
            progress("corroborate", total)
    except InputTooLarge as exc:
        print(f"parallax: corroborate: {exc}; stopped", file=sys.stderr)
        return EXIT_ERROR
    finally:
        progress.close()
    return EXIT_ERROR if total and failures == total else EXIT_OK


def _cmd_eval_corroboration(args: argparse.Namespace) -> int:
    from parallax.evaluation.corroboration import (
        format_corroboration_table,
        run_corroboration_eval,
    )

    data = eval_data_dir(args)
    if data is None:
        return EXIT_ERROR
    return run_report(
        "corroboration",
        lambda progress: run_corroboration_eval(data, args.limit, progress),
        format_corroboration_table,
        args.json,
    )


def _cmd_eval_corroboration_path(args: argparse.Namespace) -> int:
    from parallax.evaluation.corroboration_path import (
        format_corroboration_path_table,
        run_corroboration_path_eval,
    )

    data = eval_data_dir(args)
    if data is None:
        return EXIT_ERROR
    return run_report(
        "corroboration-path",
        lambda progress: run_corroboration_path_eval(
            data, limit=args.limit, seed=args.seed, progress=progress
        ),
        format_corroboration_path_table,
        args.json,
    )


def add_corroborate_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    corroborate = commands.add_parser(
        "corroborate",
        help="align each article's bullets with other reports (offline), one JSON line each",
        description="For each input line {id, article: {text, language, bullets?}, others: "
        "[{id, text, language}]} print {id, bullets: [{text, sentence_ids, support: [{other, "
        "sentence, relation}]}], missing_here: [{other, sentence}]}. Without bullets, the "
        "article's extractive bullets are used. relation is 'agrees' or 'differs' (a number, "
        "date or name that does not match). A bad line prints {id, error, detail} and the "
        "batch goes on. Progress on stderr when it is a terminal.",
        epilog=f"Examples:\n  parallax corroborate --input pairs.jsonl > aligned.jsonl\n"
        f"  echo '{_EXAMPLE_LINE}' | parallax corroborate --input -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    corroborate.add_argument("--input", required=True, metavar="FILE", help="JSON lines; - = stdin")
    corroborate.set_defaults(func=_cmd_corroborate)


def add_eval_corroboration(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = kinds.add_parser(
        "corroboration",
        help="claim alignment: same story from claims (SemEval) and differs (CNN/DM)",
        description="Same story from claims alone: ROC AUC of the support strength of A's "
        "bullets in B and B's in A, same-story (overall <= 2) against unrelated (>= 3) SemEval "
        "dev pairs, same- and cross-language apart; baseline: word overlap; also the earlier "
        "one-way share and the whole-text score for reference. Differs: found and false "
        "rates on perturbed copies of CNN/DM dev articles; baseline: number and capital sets.",
        epilog="Example: parallax eval corroboration --json corroboration.json\n"
        "Exit codes: 0 done, 1 data missing, 2 usage.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument("--data", metavar="DIR", help="the evaluation data folder")
    sub.add_argument("--limit", type=positive, metavar="N", help="first N items per set")
    sub.add_argument(
        "--json", type=output_file, metavar="OUT", help="also write the full report here"
    )
    sub.set_defaults(func=_cmd_eval_corroboration)


def add_eval_corroboration_path(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = kinds.add_parser(
        "corroboration-path",
        help="claim by claim end to end: the chips a reader gets for SemEval pairs",
        description="The reader's path: SemEval dev texts as feeds (ingested by a child "
        "`parallax ingest`) and as article pages on a loopback site under their outlets' own "
        "host names; each query page goes to POST /v1/briefs and then POST /v1/corroborations "
        "as the side panel sends them (default sources and budget). Reports, for same-story "
        "pairs (same- and cross-language) and known-unrelated ones: whether the partner was "
        "shown and read, the share of bullets whose chip counts it, the chips, 'what others "
        "report', the others' statuses and request times, against a word-overlap baseline on "
        "the same reads, and a ROC AUC of the partner's share of supported bullets.",
        epilog="Examples:\n  parallax eval corroboration-path --limit 40\n"
        "  parallax eval corroboration-path --json corroboration-path.json\n"
        "Exit codes: 0 done, 1 data missing, 2 usage.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub.add_argument("--data", metavar="DIR", help="the evaluation data folder")
    sub.add_argument(
        "--limit",
        type=positive,
        metavar="N",
        help="sample N same-language same-story pairs and N known-unrelated pairs (every "
        "cross-language pair stays); default: every pair",
    )
    sub.add_argument("--seed", type=int, default=13, help="sampling seed (default 13)")
    sub.add_argument(
        "--json", type=output_file, metavar="OUT", help="also write the full report here"
    )
    sub.set_defaults(func=_cmd_eval_corroboration_path)
