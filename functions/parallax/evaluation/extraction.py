"""Main-text extraction on the development sets: ours against trafilatura's defaults.

For every page of ``DATA/extraction/<set>/`` (``pages/<id>.html.gz`` and ``truth.jsonl``) both
systems get the same decoded HTML string and the page's URL:

* ours: :func:`parallax.domain.extraction.extract_article`. A page it refuses as not an article
  gives empty text (counted as ``not_an_article``); any other error gives empty text too and is
  counted by error code (``internal:<Type>`` for an exception that is not a ``ParallaxError``);
* the baseline: plain ``trafilatura.extract(html, url=url)``, and for metadata
  ``trafilatura.extract_metadata(html, default_url=url)``, which is not timed because the plain
  call that is timed does not produce metadata.

Both are timed on every page, one right after the other, alternating which goes first, so that
neither is systematically measured on a warmer cache or a quieter machine. Scores follow
:mod:`parallax.evaluation.metrics`: body F1 where the truth has ``body``, snippet F1 where it has
``with``/``without``, title and date accuracy where it has ``title``/``date``.
"""

from __future__ import annotations

import gzip
import json
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parallax.evaluation import DataError, data_lines
from parallax.evaluation.metrics import (
    accuracy,
    body_f1,
    count_snippets,
    date_matches,
    snippet_f1,
    timing,
    title_matches,
)

__all__ = ["EXTRACTION_SETS", "Progress", "check_sets", "load_truth", "run_extraction"]

EXTRACTION_SETS = ("zyte", "trafilatura-dev", "wcxb-articles-dev")

Progress = Callable[[str, int, int], None]
"""Called as ``progress(label, done, total)`` after each item."""


@dataclass(frozen=True, slots=True)
class _Page:
    id: str
    url: str
    path: Path
    truth: dict[str, Any]


@dataclass(frozen=True, slots=True)
class _Output:
    text: str
    title: str | None = None
    date: str | None = None
    refused: bool = False
    error: str | None = None


@dataclass(slots=True)
class _Run:
    """What one system produced over a set."""

    outputs: list[_Output] = field(default_factory=list)
    seconds: list[float] = field(default_factory=list)


def load_truth(set_dir: Path, limit: int | None = None) -> list[_Page]:
    truth_file = set_dir / "truth.jsonl"
    if not truth_file.is_file():
        raise DataError(f"missing {truth_file}")
    pages: list[_Page] = []
    with truth_file.open(encoding="utf-8") as handle:
        for number, line in data_lines(truth_file, handle):
            try:
                row = json.loads(line)
                page_id, url = str(row["id"]), str(row.get("url") or "")
            except (ValueError, KeyError, TypeError) as exc:
                raise DataError(f"{truth_file}:{number}: not a truth record") from exc
            if not page_id or Path(page_id).name != page_id:
                raise DataError(f"{truth_file}:{number}: the id is not a file name")
            path = set_dir / "pages" / f"{page_id}.html.gz"
            pages.append(_Page(page_id, url, path, row))
            if limit is not None and len(pages) >= limit:
                break
    return pages


def _read_page(page: _Page) -> str:
    from parallax.domain.encoding import decode_html

    try:
        return decode_html(gzip.decompress(page.path.read_bytes()))
    except (OSError, EOFError) as exc:
        raise DataError(f"cannot read {page.path}: {exc}") from exc


def _ours(html: str, url: str) -> _Output:
    from parallax.domain.errors import NotAnArticle, ParallaxError
    from parallax.domain.extraction import extract_article

    try:
        article = extract_article(html, url)
    except NotAnArticle:
        return _Output("", refused=True)
    except ParallaxError as exc:
        return _Output("", error=exc.code)
    except Exception as exc:  # counted and reported: one crash must not hide the other pages
        return _Output("", error=f"internal:{type(exc).__name__}")
    return _Output(article.text, article.title, article.published)


def _baseline(html: str, url: str) -> _Output:
    import trafilatura

    try:
        # Only ever the HTML string as first argument: given a string that starts with "http",
        # htmldate (inside trafilatura) would download it.
        text = trafilatura.extract(html, url=url)
    except Exception as exc:  # the baseline's failures are counted like ours
        return _Output("", error=f"internal:{type(exc).__name__}")
    return _Output(text or "")


def _baseline_metadata(html: str, url: str) -> tuple[str | None, str | None]:
    import trafilatura

    try:
        document = trafilatura.extract_metadata(html, default_url=url)
    except Exception:  # metadata is a side measurement; a failure counts as "not found"
        return None, None
    if document is None:
        return None, None
    title, date = getattr(document, "title", None), getattr(document, "date", None)
    return (title if isinstance(title, str) else None), (date if isinstance(date, str) else None)


def _timed(function: Callable[[str, str], _Output], html: str, url: str) -> tuple[_Output, float]:
    started = time.perf_counter()
    output = function(html, url)
    return output, time.perf_counter() - started


def _present(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _score(pages: Sequence[_Page], run: _Run) -> dict[str, Any]:
    outputs = run.outputs
    scores: dict[str, float] = {}
    details: dict[str, Any] = {}
    if any("body" in p.truth for p in pages):
        body = body_f1(
            (o.text, str(p.truth.get("body") or "")) for p, o in zip(pages, outputs, strict=True)
        )
        details["body"] = body.as_dict()
        scores |= {"body_f1": body.f1, "body_precision": body.precision, "body_recall": body.recall}
    if any("with" in p.truth or "without" in p.truth for p in pages):
        snippets = snippet_f1(
            count_snippets(o.text, p.truth.get("with") or [], p.truth.get("without") or [])
            for p, o in zip(pages, outputs, strict=True)
        )
        details["snippets"] = snippets.as_dict()
        scores |= {
            "snippet_f1": snippets.f1,
            "snippet_precision": snippets.precision,
            "snippet_recall": snippets.recall,
        }
    for name, matches in (("title", title_matches), ("date", date_matches)):
        measured = accuracy(
            matches(getattr(o, name), p.truth[name])
            for p, o in zip(pages, outputs, strict=True)
            if _present(p.truth.get(name))
        )
        if measured.total:
            details[name] = measured.as_dict()
            scores[f"{name}_accuracy"] = measured.correct / measured.total
    errors = Counter(o.error for o in outputs if o.error)
    return {
        "scores": scores,
        **details,
        "time": timing(run.seconds),
        "empty": sum(1 for o in outputs if not o.text.strip()),
        "not_an_article": sum(1 for o in outputs if o.refused),
        "errors": dict(sorted(errors.items())),
    }


def _run_set(pages: Sequence[_Page], label: str, progress: Progress | None) -> dict[str, Any]:
    ours, baseline = _Run(), _Run()
    for index, page in enumerate(pages):
        html = _read_page(page)
        if index % 2 == 0:
            mine, mine_s = _timed(_ours, html, page.url)
            theirs, theirs_s = _timed(_baseline, html, page.url)
        else:
            theirs, theirs_s = _timed(_baseline, html, page.url)
            mine, mine_s = _timed(_ours, html, page.url)
        title, date = _baseline_metadata(html, page.url)
        ours.outputs.append(mine)
        ours.seconds.append(mine_s)
        baseline.outputs.append(_Output(theirs.text, title, date, error=theirs.error))
        baseline.seconds.append(theirs_s)
        if progress:
            progress(label, index + 1, len(pages))
    return {"items": len(pages), "ours": _score(pages, ours), "baseline": _score(pages, baseline)}


def _warm_up(page: _Page) -> None:
    # The first call of each system imports trafilatura, lxml, htmldate and (ours) the language
    # identifier's model and readability: a one-off cost of a process, not of a page, so it is
    # paid untimed.
    from parallax.domain.extraction import warm_up

    warm_up()
    html = _read_page(page)
    _ours(html, page.url)
    _baseline(html, page.url)


def _versions() -> dict[str, str]:
    import trafilatura

    return {"python": platform.python_version(), "trafilatura": str(trafilatura.__version__)}


def check_sets(names: Sequence[str] | None, known: Sequence[str]) -> list[str]:
    """The sets to run, in the order given; ``ValueError`` for a name that is not a set."""
    chosen = list(names) if names else list(known)
    unknown = [n for n in chosen if n not in known]
    if unknown:
        raise ValueError(f"unknown set {', '.join(unknown)}; choose from {', '.join(known)}")
    return chosen


def run_extraction(
    data: Path,
    sets: Sequence[str] | None = None,
    limit: int | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Run ours and the baseline on each set under ``data/extraction`` and return the report.

    Raises ``ValueError`` for an unknown set name and :class:`DataError` for missing or broken
    data.
    """
    chosen = check_sets(sets, EXTRACTION_SETS)
    loaded = {name: load_truth(data / "extraction" / name, limit) for name in chosen}
    first = next((pages[0] for pages in loaded.values() if pages), None)
    if first is not None:
        _warm_up(first)
    report: dict[str, Any] = {
        "kind": "extraction",
        "data": str(data),
        "limit": limit,
        "ours": "parallax.domain.extraction.extract_article(html, url)",
        "baseline": "trafilatura.extract(html, url=url)",
        "versions": _versions(),
        "sets": {},
    }
    for name, pages in loaded.items():
        report["sets"][name] = _run_set(pages, name, progress)
    return report
