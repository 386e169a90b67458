"""Train the page-type model: boosted depth-2 trees over the page signals (issue 16).

    uv run python scripts/train_page_type.py [--signals /tmp/page-signals.jsonl] [--data ../shared/data]

Step 1 reads every page of ``pagetype/wcxb-dev`` (listing, collection, product, service, forum,
documentation) and of the article sets in ``extraction/`` (zyte, trafilatura-dev,
wcxb-articles-dev) with ``read_page`` and keeps its signals (cached in ``--signals``: reading
1,291 pages takes minutes). Step 2 fits gradient-boosted trees (logistic loss, depth 2) that score
"front, listing, product or service" against "article"; forum and documentation pages are left
out (they may go either way; ``--forum-documentation-weight`` trains on them as articles) and so
are pages under the minimum word count (refused by rule).
Articles weigh ``--article-weight`` times more, because refusing an article costs the reader
more than summarising a listing. Step 3 reports five-fold cross-validated refusal rates (folds
by site, so that no site is in its own training data) beside the rates on the training data,
both for the whole judgement (``judge_page``: the rules for short pages, navigation, product pages
with a cart and walls of teasers, then the trees' score), and picks the threshold: the lowest at
which cross-validated article refusal stays within ``--max-article-refusal`` on every article
set. It then shows how sharp that edge is (the cross-validated rates a little either side) and
how the threshold generalises: each fold judged at the threshold picked the same way on the
other four folds alone. The model and threshold go to
``functions/parallax/domain/data/page_type_model.json``, read by ``parallax.domain.page_type``
in pure Python (numpy is needed here only, and comes with the dev dependencies).

One feature is itself learned: the text-genre score (``parallax.domain.page_genre``), a logistic
regression over the word frequencies of the text sample, English service and product pages
against English articles (``--genre-target``, ``--genre-languages``). It is nested in the folds:
within each outer fold it is learned from the training sites only, and the trees see out-of-fold
genre scores (inner folds) for their own training rows. It goes to ``page_genre.json`` beside the
model. ``--genre off`` holds the feature at 0 (the trees as without it).

The teaser-card rule (``page_type._teaser_card_wall``: a page that does not declare an article and
whose text is mostly the snippets of repeated cards) is part of the judgement measured here;
``--teaser-cards off`` measures the judgement without it (same trees, same signals), and so does
an ``off`` switch for each of the other structural rules (``RULE_SWITCHES``: ``--dated-teasers``,
``--text-dated-teasers``, ``--declared-items``, ``--declared-card-wall``, ``--headline-wall``,
``--priced-cards``, ``--action-links``); ``--teaser-card-wall-cards`` and
``--teaser-card-wall-share`` try other constants. The report also gives the two target groups
(listing + collection, product + service) and the sum of the four refused types, by which a
change is judged across ``--fold-salt`` splits.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import hashlib
import json
import math
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "functions" / "parallax" / "domain" / "data" / "page_type_model.json"
GENRE_OUTPUT = REPO / "functions" / "parallax" / "domain" / "data" / "page_genre.json"
REFUSE = {"listing", "collection", "product", "service"}
ARTICLE_SETS = ("zyte", "trafilatura-dev", "wcxb-articles-dev")
# Forum threads and documentation may go either way (issue 16): left out of training. Trained on
# as articles at weight 0.5 they seemed to help on four fold splits, not on twelve more (sixth
# round, docs/benchmarks.md), so they stay out; the option keeps the experiment repeatable.
FORUM_DOCUMENTATION_WEIGHT = 0.0
# Pages the article sets label articles that read as something else: the highest-scoring articles
# held out (issue 16, fourth session). They stay labelled articles for training and for the
# threshold; the report only adds, beside the rates on the labels as given, the rates without
# them and the threshold that would be picked without them (see docs/benchmarks.md). Two more
# high scorers were read and kept off this list: they are prose (greenpeace.de's essay on
# consumption, hrsa.gov's page on oral health).
DOUBTFUL_ARTICLES = {
    ("wcxb-articles-dev", "0341"): "a national park's webcam page (nps.gov)",
    ("wcxb-articles-dev", "0339"): "a catalogue of graphic design courses (conejoadulted.org)",
    ("wcxb-articles-dev", "0316"): "a catalogue of courses (web.dev/learn)",
    ("trafilatura-dev", "backen.de"): "a recipe (backen.de/rezept)",
    ("trafilatura-dev", "ebrosia.de"): "a wine's shop page (ebrosia.de)",
    ("trafilatura-dev", "lavazza.de"): "a coffee's shop page (lavazza.de)",
    ("trafilatura-dev", "villacc.de"): "a holiday villa's booking page (villacc.de)",
}


def read_signals(data: Path, cache: Path) -> list[dict[str, Any]]:
    if cache.is_file():
        cached = [json.loads(line) for line in cache.read_text().splitlines() if line]
        if all("sample" in row for row in cached):  # older caches lack the text sample
            return cached
    from parallax.domain.encoding import decode_html
    from parallax.domain.errors import ParallaxError
    from parallax.domain.extraction import read_page, warm_up
    from parallax.domain.page_type_rules import TEXT_SAMPLE_CHARS

    warm_up()
    rows: list[dict[str, Any]] = []
    for name in ("wcxb-dev", *ARTICLE_SETS):
        folder = data / ("pagetype" if name == "wcxb-dev" else "extraction") / name
        truth = [json.loads(x) for x in (folder / "truth.jsonl").read_text().splitlines() if x]
        for number, row in enumerate(truth):
            html = decode_html(
                gzip.decompress((folder / "pages" / f"{row['id']}.html.gz").read_bytes())
            )
            try:
                reading = read_page(html, row["url"])
            except ParallaxError:
                continue
            signals = dataclasses.asdict(reading.signals)
            signals["declared_types"] = sorted(signals["declared_types"])
            rows.append(
                {"set": name, "id": row["id"], "url": row["url"],
                 "truth": row.get("page_type", "article"), "signals": signals,
                 # the text sample the judgement reads, for the text-genre score (page_genre)
                 "sample": reading.article.text[:TEXT_SAMPLE_CHARS],
                 "language": reading.article.language}
            )  # fmt: skip
            # progress on a terminal only: piped or in CI the report stays clean
            if number % 50 == 0 and sys.stderr.isatty():
                print(f"{name} {number}/{len(truth)}", file=sys.stderr)
    cache.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return rows


class Booster:
    def __init__(self, trees: int, rate: float, depth: int, min_leaf: int, l2: float) -> None:
        self.n_trees, self.rate, self.depth, self.min_leaf, self.l2 = (
            trees,
            rate,
            depth,
            min_leaf,
            l2,
        )
        self.bias = 0.0
        self.trees: list[Any] = []

    def fit(self, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Booster:
        self.cuts = [
            np.unique(np.quantile(x[:, j], np.linspace(0.02, 0.98, 33))) for j in range(x.shape[1])
        ]
        # Each value as its bin among the cuts (x <= cuts[k] exactly when bin <= k), so that a
        # node's best split comes from sums per bin instead of one mask per candidate cut: the
        # same trees as that loop (checked on the development data), about 15 times sooner.
        self.width = max(len(c) for c in self.cuts) + 1
        self.bins = np.stack(
            [np.searchsorted(cuts, x[:, j], side="left") for j, cuts in enumerate(self.cuts)],
            axis=1,
        )
        self.valid = np.zeros((x.shape[1], self.width - 1), dtype=bool)
        for j, cuts in enumerate(self.cuts):
            self.valid[j, : len(cuts)] = True
        self.bias = float(np.log((w * y).sum() / (w * (1 - y)).sum()))
        f = np.full(len(y), self.bias)
        for _ in range(self.n_trees):
            p = 1 / (1 + np.exp(-f))
            tree = self._grow(np.arange(len(y)), (p - y) * w, p * (1 - p) * w, self.depth)
            self.trees.append(tree)
            f += self.rate * _leaves(tree, x)
        return self

    def _grow(self, rows: np.ndarray, g: np.ndarray, h: np.ndarray, depth: int) -> Any:
        g_rows, h_rows = g[rows], h[rows]
        total_g, total_h = g_rows.sum(), h_rows.sum()
        leaf = float(-total_g / (total_h + self.l2))
        if depth == 0 or len(rows) < 2 * self.min_leaf:
            return leaf
        bins = self.bins[rows]
        n_features = bins.shape[1]
        slots = (bins + np.arange(n_features) * self.width).ravel()
        size = n_features * self.width

        def per_bin(weights: np.ndarray | None) -> np.ndarray:
            spread = None if weights is None else np.broadcast_to(weights[:, None], bins.shape)
            counts = np.bincount(slots, None if spread is None else spread.ravel(), size)
            return np.cumsum(counts.reshape(n_features, self.width), axis=1)[:, :-1]

        gl, hl, nl = per_bin(g_rows), per_bin(h_rows), per_bin(None)
        base = total_g**2 / (total_h + self.l2)
        gain = gl**2 / (hl + self.l2) + (total_g - gl) ** 2 / (total_h - hl + self.l2) - base
        allowed = self.valid & (nl >= self.min_leaf) & (len(rows) - nl >= self.min_leaf)
        gain = np.where(allowed, gain, -np.inf)
        best = int(np.argmax(gain))  # the first of equal gains, as feature by feature, cut by cut
        if not gain.flat[best] > 0:
            return leaf
        j, k = divmod(best, self.width - 1)
        left = bins[:, j] <= k
        return [j, float(self.cuts[j][k]), self._grow(rows[left], g, h, depth - 1),
                self._grow(rows[~left], g, h, depth - 1)]  # fmt: skip

    def score(self, x: np.ndarray) -> np.ndarray:
        return self.bias + self.rate * sum((_leaves(t, x) for t in self.trees), np.zeros(len(x)))


def _leaves(tree: Any, x: np.ndarray) -> np.ndarray:
    """The leaf value ``tree`` gives each row of ``x``."""
    if not isinstance(tree, list):
        return np.full(len(x), float(tree))
    out = np.empty(len(x))
    left = x[:, tree[0]] <= tree[1]
    out[left] = _leaves(tree[2], x[left])
    out[~left] = _leaves(tree[3], x[~left])
    return out


def refusal_rates(
    rows: list[dict[str, Any]],
    signals: list[Any],
    scores: np.ndarray,
    threshold: float | np.ndarray,
) -> dict[str, float]:
    """Share of each group that the whole judgement refuses when the trees score ``scores``
    and the threshold is ``threshold`` (one for all pages, or one a page)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    thresholds = np.broadcast_to(np.asarray(threshold, dtype=float), (len(rows),))
    for row, page, score, edge in zip(rows, signals, scores, thresholds, strict=True):
        group = row["truth"] if row["set"] == "wcxb-dev" else row["set"]
        refused_anyway, refused_when_over = _verdicts(page)
        counts[group][0] += 1
        counts[group][1] += refused_anyway or (refused_when_over and float(score) > edge)
    return {g: refused / pages for g, (pages, refused) in sorted(counts.items())}


_VERDICTS: dict[int, tuple[Any, bool, bool]] = {}


def _verdicts(page: Any) -> tuple[bool, bool]:
    """Whether ``judge_page`` refuses ``page`` whatever its score, and whether it refuses it
    when the score is over the threshold: the score enters the judgement only through that one
    comparison, so the rates at a hundred candidate thresholds need two judgements a page."""
    from parallax.domain.page_type import judge_page

    known = _VERDICTS.get(id(page))
    if known is None or known[0] is not page:
        known = (
            page,
            not judge_page(page, score=-1e9).is_article,
            not judge_page(page, score=1e9).is_article,
        )
        _VERDICTS[id(page)] = known
    return known[1], known[2]


# The structural rules of page_type, each with a switch for measuring the judgement without it:
# option -> (the rule, the constant that holds its least count or share).
RULE_SWITCHES = {
    "dated-teasers": ("_dated_teaser_wall", "DATED_CARD_WALL_MIN"),
    "text-dated-teasers": ("_text_dated_teaser_wall", "TEXT_DATED_WALL_MIN"),
    "declared-items": ("_declared_item_list", "DECLARED_ITEMS_MIN"),
    "declared-card-wall": ("_declared_card_wall", "DECLARED_CARD_WALL_SHARE"),
    "headline-wall": ("_headline_wall", "HEADLINE_WALL_WORDS_PER_WORD"),
    "priced-cards": ("_priced_card_wall", "PRICED_CARD_WALL_MIN"),
    "action-links": ("_action_link_wall", "ACTION_LINK_WALL_MIN"),
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__)
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument(
        "--signals", type=Path, default=Path(tempfile.gettempdir()) / "page-signals.jsonl"
    )
    parser.add_argument("--trees", type=int, default=120)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--rate", type=float, default=0.1)
    parser.add_argument("--min-leaf", type=int, default=8)
    parser.add_argument("--article-weight", type=float, default=1.0)
    parser.add_argument(
        "--forum-documentation-weight",
        type=float,
        default=FORUM_DOCUMENTATION_WEIGHT,
        help="weight of forum and documentation pages, trained on as articles (0: left out)",
    )
    parser.add_argument("--max-article-refusal", type=float, default=0.01)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--fold-salt",
        default="",
        help="prefix of the site hash that assigns folds: another split of the sites by fold",
    )
    add_genre_options(parser)
    add_teaser_card_options(parser)
    for option, (rule, _constant) in RULE_SWITCHES.items():
        parser.add_argument(
            f"--{option}",
            choices=("on", "off"),
            default="on",
            help=f"off: no page is refused by page_type.{rule}",
        )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    set_teaser_card_wall(args)

    from parallax.domain.page_type import PageSignals
    from parallax.domain.page_type_rules import MIN_WORDS

    # read_page and judge_page need a stored model of the current features: while training, the
    # package's model file holds provisional trees (restored afterwards if --output is elsewhere).
    stored = OUTPUT.read_text()
    stored_genre_text = GENRE_OUTPUT.read_text()
    if not _model_loads():
        write_model(OUTPUT, Booster(0, 0.1, depth=2, min_leaf=8, l2=1.0), 0.0, {})
    rows = read_signals(args.data, args.signals)

    def signals(row: dict[str, Any]) -> PageSignals:
        values = dict(row["signals"])
        values["declared_types"] = frozenset(values["declared_types"])
        return PageSignals(**values)

    pages = [signals(r) for r in rows]
    x = feature_matrix(pages, genre=args.genre == "on")
    y = np.array([1.0 if r["truth"] in REFUSE else 0.0 for r in rows])
    either_way = np.array([r["truth"] in ("forum", "documentation") for r in rows])
    w = np.where(
        y == 1, 1.0, np.where(either_way, args.forum_documentation_weight, args.article_weight)
    )
    used = np.array([r["signals"]["word_count"] >= MIN_WORDS for r in rows]) & (
        ~either_way | (args.forum_documentation_weight > 0)
    )
    sites = [r["url"].split("/")[2] if "://" in r["url"] else r["id"] for r in rows]
    fold = np.array(
        [int(hashlib.sha256((args.fold_salt + s).encode()).hexdigest(), 16) % 5 for s in sites]
    )

    def booster() -> Booster:
        return Booster(args.trees, args.rate, depth=args.depth, min_leaf=args.min_leaf, l2=1.0)

    genre = GenreTexts(rows, sites, fold, args) if args.genre == "on" else None
    held_out = np.zeros(len(rows))
    for k in range(5):
        train = (fold != k) & used
        if genre is not None:
            genre.nest(x, train, fold == k)
        held_out[fold == k] = booster().fit(x[train], y[train], w[train]).score(x[fold == k])
    write_genre(GENRE_OUTPUT, genre.final(x, used) if genre is not None else GenreModel(0.0, {}))
    model = booster().fit(x[used], y[used], w[used])
    fitted = model.score(x)
    # judge_page reads the stored model's threshold: store the new trees first (threshold 0), so
    # that the rates below are measured even when the features have changed since the last run.
    write_model(OUTPUT, model, 0.0, {})

    threshold = lowest_threshold(rows, pages, held_out, args.max_article_refusal)
    cv = report(rows, pages, held_out, fitted, threshold=threshold, limit=args.max_article_refusal)
    report_groups(rows, cv)
    report_threshold_margin(rows, pages, held_out, threshold)
    report_languages(rows, pages, held_out, threshold)
    fits = Fits(x, y, w, used, fold, booster)
    report_outer_folds(rows, pages, held_out, fits, args.max_article_refusal)
    offers = fit_offers(rows, pages, fits, held_out, threshold)
    if args.output != OUTPUT:
        OUTPUT.write_text(stored)
        GENRE_OUTPUT.write_text(stored_genre_text)
    write_model(args.output, model, threshold, cv, offers)
    return 0


def feature_matrix(pages: list[Any], *, genre: bool) -> Any:
    """The trees' inputs, one row per page. Without the genre (``--genre off``) its column is 0:
    a signals cache read while ``page_genre.json`` existed holds the stored genre model's scores,
    learned on these very pages, and a baseline that kept them would leak the labels (service
    refused 98% "cross-validated")."""
    from parallax.domain.page_type import FEATURE_NAMES, features

    x = np.array([features(page) for page in pages], dtype=float)
    if not genre:
        x[:, FEATURE_NAMES.index("text_genre")] = 0.0
    return x


def set_teaser_card_wall(args: argparse.Namespace) -> None:
    """The teaser-card rule (``page_type._teaser_card_wall``) as the options ask, in this process
    only: ``--teaser-cards off`` judges without it; the stored judgement keeps the constants of
    ``page_type``."""
    from parallax.domain import page_type

    for option, (_rule, constant) in RULE_SWITCHES.items():
        if getattr(args, option.replace("-", "_")) == "off":
            # The rule's least count (or share) out of reach: it refuses no page.
            setattr(page_type, constant, math.inf)
    if args.teaser_cards == "off":
        page_type.CARD_WALL_MIN_CARDS = sys.maxsize
        return
    if args.teaser_card_wall_cards is not None:
        page_type.CARD_WALL_MIN_CARDS = args.teaser_card_wall_cards
    if args.teaser_card_wall_share is not None:
        page_type.CARD_WALL_SHARE = args.teaser_card_wall_share


def add_teaser_card_options(parser: argparse.ArgumentParser) -> None:
    """The options of the teaser-card rule (issue 16, eighth round)."""
    parser.add_argument(
        "--teaser-cards",
        choices=("on", "off"),
        default="on",
        help="off: no page is refused by the teaser-card rule (the judgement as without it)",
    )
    parser.add_argument(
        "--teaser-card-wall-cards",
        type=int,
        default=None,
        help="the rule's least number of teaser cards (default: page_type.CARD_WALL_MIN_CARDS; "
        "the cached signals skip pages with fewer paragraphs than the constant they were read "
        "with, so a lower value needs a fresh --signals cache)",
    )
    parser.add_argument(
        "--teaser-card-wall-share",
        type=float,
        default=None,
        help="the rule's least share of the text in cards (default: page_type.CARD_WALL_SHARE)",
    )


def add_genre_options(parser: argparse.ArgumentParser) -> None:
    """The options of the text-genre score (issue 16, sixth round)."""
    parser.add_argument(
        "--genre",
        choices=("on", "off"),
        default="on",
        help="learn the text-genre score (nested in the folds); off: the feature is held at 0",
    )
    parser.add_argument(
        "--genre-languages",
        default="en",
        help="comma-separated languages whose pages train the genre score ('' for all): "
        "trained on every language it learns German = article, as the non-article pages are "
        "mostly English",
    )
    parser.add_argument(
        "--genre-target",
        default="service,product",
        help="the page types the genre score tells from articles (their sales prose; "
        "listings, whose teasers read as news, are left out of its training)",
    )
    parser.add_argument(
        "--genre-words",
        type=int,
        default=600,
        help="words the genre score keeps (the most weighty)",
    )
    parser.add_argument("--genre-l2", type=float, default=1e-3, help="the genre score's L2")
    parser.add_argument(
        "--genre-min-sites", type=int, default=3, help="a word must occur on this many sites"
    )


@dataclasses.dataclass(frozen=True)
class GenreModel:
    """A text-genre score as ``parallax.domain.page_genre`` reads it: log-odds of "not an
    article" = bias + sum of weight x count per 100 words of the sample."""

    bias: float
    weights: dict[str, float]

    def scores(self, counts: list[Counter[str]], rows: np.ndarray) -> np.ndarray:
        from parallax.domain.page_genre import PER_WORDS

        return np.array(
            [
                self.bias
                + PER_WORDS
                * sum(self.weights.get(t, 0.0) * c for t, c in counts[i].items())
                / max(sum(counts[i].values()), 1)
                for i in np.flatnonzero(rows)
            ]
        )


class GenreTexts:
    """The pages' text samples as word frequencies, and the genre score learned from them
    (logistic regression over frequencies per 100 words, L2, the two classes weighed equally).

    Words count only if they occur on ``--genre-min-sites`` sites of the rows a model learns
    from (a site's own words would only memorise the site); folds are by site, so the count per
    fold is made once and summed over the folds a model learns from."""

    def __init__(
        self, rows: list[dict[str, Any]], sites: list[str], fold: np.ndarray, args: Any
    ) -> None:
        from parallax.domain.page_genre import PER_WORDS
        from parallax.domain.page_type import _TOKEN

        self.counts = [Counter(_TOKEN.findall(r["sample"].casefold())) for r in rows]
        target = {x for x in args.genre_target.split(",") if x}
        self.y = np.array([1.0 if r["truth"] in target else 0.0 for r in rows])
        languages = {x for x in args.genre_languages.split(",") if x}
        # Non-article pages of the types left out of the target are left out of the training.
        self.trainable = np.array(
            [
                (not languages or r["language"] in languages)
                and (r["truth"] in target or r["truth"] not in REFUSE)
                for r in rows
            ]
        )
        self.l2 = args.genre_l2
        self.min_sites = args.genre_min_sites
        self.words = args.genre_words
        self.fold = fold
        self.held_out = np.zeros(len(rows))
        where: dict[str, set[str]] = defaultdict(set)
        for i in np.flatnonzero(self.trainable):
            for token in self.counts[i]:
                where[token].add(sites[i])
        self.vocab = sorted(t for t, s in where.items() if len(s) >= self.min_sites)
        column = {t: j for j, t in enumerate(self.vocab)}
        site_fold = dict(zip(sites, fold, strict=True))
        self.sites_per_fold = np.zeros((5, len(self.vocab)), dtype=np.int32)
        for j, token in enumerate(self.vocab):
            for site in where[token]:
                self.sites_per_fold[site_fold[site], j] += 1
        self.x = np.zeros((len(rows), len(self.vocab)), dtype=np.float32)
        for i, counts in enumerate(self.counts):
            n = max(sum(counts.values()), 1)
            for token, times in counts.items():
                j = column.get(token)
                if j is not None:
                    self.x[i, j] = PER_WORDS * times / n

    def nest(self, x: np.ndarray, train: np.ndarray, test: np.ndarray) -> None:
        """Set the genre column of the features ``x`` for one outer fold: learned on this
        fold's training rows only, with out-of-fold scores (inner folds) for the training rows,
        so that the trees learn from scores like those of pages the genre model never saw."""
        from parallax.domain.page_type import FEATURE_NAMES

        column = FEATURE_NAMES.index("text_genre")
        x[:, column] = self.out_of_fold(train, self.fold)
        x[test, column] = self.fit(train).scores(self.counts, test)
        self.held_out[test] = x[test, column]

    def final(self, x: np.ndarray, used: np.ndarray) -> GenreModel:
        """The genre model of all ``used`` rows, to store; the trees to store learn from the
        held-out genre scores of the outer folds (set in ``x``)."""
        from parallax.domain.page_type import FEATURE_NAMES

        x[:, FEATURE_NAMES.index("text_genre")] = self.held_out
        return self.fit(used)

    def out_of_fold(self, train: np.ndarray, fold: np.ndarray) -> np.ndarray:
        """Genre scores for the ``train`` rows, each from a model learned without its fold (the
        other training folds are the inner folds); other rows get 0."""
        column = np.zeros(len(self.counts))
        for inner in np.unique(fold[train]):
            column[train & (fold == inner)] = self.fit(train & (fold != inner)).scores(
                self.counts, train & (fold == inner)
            )
        return column

    def fit(self, rows: np.ndarray, steps: int = 200) -> GenreModel:
        rows = rows & self.trainable
        index = np.flatnonzero(rows)
        folds = np.unique(self.fold[index])
        cols = np.flatnonzero(self.sites_per_fold[folds].sum(axis=0) >= self.min_sites)
        x = self.x[np.ix_(index, cols)]
        y = self.y[index]
        w = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))
        coef = np.zeros(len(cols), dtype=np.float32)
        bias = 0.0
        m, v = np.zeros_like(coef), np.zeros_like(coef)
        mb = vb = 0.0
        for step in range(1, steps + 1):  # Adam on the full batch
            p = 1 / (1 + np.exp(-(x @ coef + bias)))
            g = ((p - y) * w).astype(np.float32)
            grad = x.T @ g + 2 * self.l2 * coef
            gb = float(g.sum())
            m, v = 0.9 * m + 0.1 * grad, 0.999 * v + 0.001 * grad**2
            mb, vb = 0.9 * mb + 0.1 * gb, 0.999 * vb + 0.001 * gb**2
            rate = 0.05 * np.sqrt(1 - 0.999**step) / (1 - 0.9**step)
            coef -= rate * m / (np.sqrt(v) + 1e-8)
            bias -= rate * mb / (np.sqrt(vb) + 1e-8)
        # Only the words that move the score most are kept: every stored word is a dictionary
        # entry looked up on every page, and with 9,400 of them the lookups cost ~0.14 ms a page
        # (cache misses after extraction) against 0.02 ms when warm.
        weight = np.abs(coef) * x.std(axis=0)
        keep = np.argsort(-weight)[: self.words]
        keep = keep[np.abs(coef[keep]) >= 1e-3]
        return GenreModel(
            float(bias), {self.vocab[cols[j]]: round(float(coef[j]), 4) for j in keep}
        )


def write_genre(output: Path, model: GenreModel) -> None:
    """Store the genre score where :mod:`parallax.domain.page_genre` reads it."""
    from parallax.domain.page_genre import _genre_model

    output.write_text(
        json.dumps(
            {
                "_comment": "Written by scripts/train_page_type.py; do not edit by hand.",
                "bias": round(model.bias, 4),
                "weights": dict(sorted(model.weights.items())),
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n"
    )
    _genre_model.cache_clear()


def report_languages(
    rows: list[dict[str, Any]], pages: list[Any], held_out: np.ndarray, threshold: float
) -> None:
    """Cross-validated refusal of article pages by the language extraction found, so that a
    score learning "English = not an article" shows."""
    from parallax.domain.page_type import judge_page

    shift = _stored_threshold() - threshold
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row, page, score in zip(rows, pages, held_out, strict=True):
        if row["truth"] == "article":
            counts[row["language"]][0] += 1
            counts[row["language"]][1] += not judge_page(
                page, score=float(score) + shift
            ).is_article
    print("article pages refused, cross-validated, by language:")
    for language, (n, refused) in sorted(counts.items(), key=lambda kv: -kv[1][0]):
        print(f"  {language:<6} {refused:>3} of {n:>4} ({refused / n:.1%})")


def report(
    rows: list[dict[str, Any]],
    pages: list[Any],
    held_out: np.ndarray,
    fitted: np.ndarray,
    *,
    threshold: float,
    limit: float,
) -> dict[str, float]:
    """Print the refusal rates at ``threshold``, cross-validated and on the training data, and
    the same without the doubtful article labels; return the cross-validated rates."""
    from parallax.domain.page_type import judge_page

    cv = refusal_rates(rows, pages, held_out, threshold)
    fit = refusal_rates(rows, pages, fitted, threshold)
    # The same, with the doubtful article labels left out (reported, never stored).
    kept = [i for i, row in enumerate(rows) if _doubtful(row) is None]
    kept_rows, kept_pages = [rows[i] for i in kept], [pages[i] for i in kept]
    cv_kept = refusal_rates(kept_rows, kept_pages, held_out[kept], threshold)
    threshold_kept = lowest_threshold(kept_rows, kept_pages, held_out[kept], limit)
    cv_kept_own = refusal_rates(kept_rows, kept_pages, held_out[kept], threshold_kept)
    print(
        f"threshold {threshold:+.2f}; without the doubtful labels it would be {threshold_kept:+.2f}"
    )
    print(
        f"{'group':<20} {'cross-validated':>16} {'trained on':>11} {'cv, no doubtful':>16}"
        f" {'same, own thr.':>15}"
    )
    for group in cv:
        print(
            f"{group:<20} {cv[group]:>16.3f} {fit[group]:>11.3f} {cv_kept[group]:>16.3f}"
            f" {cv_kept_own[group]:>15.3f}"
        )
    print("doubtful article labels (held-out score, refused at the threshold):")
    shift = _stored_threshold() - threshold
    for i, row in enumerate(rows):
        why = _doubtful(row)
        if why is not None:
            refused = not judge_page(pages[i], score=float(held_out[i]) + shift).is_article
            print(
                f"  {held_out[i]:+.2f} {'refused ' if refused else 'accepted'} {row['id']}: {why}"
            )
    return cv


@dataclasses.dataclass(frozen=True)
class Fits:
    """What cross-validation needs to train again: features, labels, weights, the rows trained
    on, each row's fold, and a fresh booster."""

    x: np.ndarray
    y: np.ndarray
    w: np.ndarray
    used: np.ndarray
    fold: np.ndarray
    booster: Callable[[], Booster]


def report_outer_folds(
    rows: list[dict[str, Any]], pages: list[Any], held_out: np.ndarray, fits: Fits, limit: float
) -> None:
    """How the threshold generalises: each fold judged at the threshold picked, the same way, on
    held-out scores of the other four folds alone (an inner cross-validation over four folds)."""
    x, y, w, fold = fits.x, fits.y, fits.w, fits.fold
    outer_thresholds = np.zeros(len(rows))
    for k in range(5):
        inner = np.zeros(len(rows))
        for j in set(range(5)) - {k}:
            train = (fold != k) & (fold != j) & fits.used
            inner[fold == j] = fits.booster().fit(x[train], y[train], w[train]).score(x[fold == j])
        others = [i for i in range(len(rows)) if fold[i] != k]
        outer_thresholds[fold == k] = lowest_threshold(
            [rows[i] for i in others], [pages[i] for i in others], inner[others], limit
        )
    picked = ", ".join(f"{outer_thresholds[fold == k][0]:+.2f}" for k in range(5))
    print(f"threshold picked on the other four folds, fold by fold: {picked}; each fold judged")
    print("at its own (cross-validated refusal, the threshold not picked on the judged fold):")
    outer = refusal_rates(rows, pages, held_out, outer_thresholds)
    print("  " + ", ".join(f"{group} {100 * rate:.1f}%" for group, rate in outer.items()))


def group_rates(rows: list[dict[str, Any]], rates: dict[str, float]) -> dict[str, float]:
    """The refusal ``rates`` of the page types joined as the issue's targets count them
    (``parallax.evaluation.pages.ISSUE_GROUPS``, as ``parallax eval pagetype`` pools them), each
    type weighed by its number of pages."""
    from parallax.evaluation.pages import ISSUE_GROUPS

    pages = Counter(row["truth"] for row in rows if row["set"] == "wcxb-dev")
    return {
        name: sum(rates.get(t, 0.0) * pages[t] for t in types)
        / max(sum(pages[t] for t in types), 1)
        for name, types in ISSUE_GROUPS.items()
    }


def report_groups(rows: list[dict[str, Any]], cv: dict[str, float]) -> None:
    """The cross-validated rates by target group, and the sum of the four refused types (what a
    change of the features is judged by across fold splits)."""
    joined = group_rates(rows, cv)
    print(
        "cross-validated, by target group: "
        + ", ".join(f"{name} {100 * rate:.1f}%" for name, rate in joined.items())
        + f"; sum of the four types {100 * sum(cv.get(t, 0.0) for t in sorted(REFUSE)):.1f}"
    )


def report_threshold_margin(
    rows: list[dict[str, Any]], pages: list[Any], held_out: np.ndarray, threshold: float
) -> None:
    """Cross-validated refusal a little either side of ``threshold``: how sharp its edge is."""
    print("cross-validated refusal near the threshold (%):")
    for step in (-0.5, -0.25, -0.1, 0.0, 0.1, 0.25, 0.5):
        rates = refusal_rates(rows, pages, held_out, threshold + step)
        print(
            f"  {threshold + step:+.2f}: "
            + ", ".join(f"{group} {100 * rate:.1f}" for group, rate in rates.items())
        )


def lowest_threshold(
    rows: list[dict[str, Any]], pages: list[Any], scores: np.ndarray, limit: float
) -> float:
    """The lowest threshold (steps of 0.05) at which the whole judgement refuses at most
    ``limit`` of every article set with the held-out ``scores``."""
    for candidate in np.arange(-2.0, 4.001, 0.05):
        rates = refusal_rates(rows, pages, scores, float(candidate))
        if all(rates.get(s, 0.0) <= limit for s in ARTICLE_SETS):
            return round(float(candidate), 2)
    return 4.0


def _doubtful(row: dict[str, Any]) -> str | None:
    for (name, prefix), why in DOUBTFUL_ARTICLES.items():
        if row["set"] == name and row["id"].startswith(prefix):
            return why
    return None


def _stored_threshold() -> float:
    from parallax.domain.page_type import _model

    return _model().threshold


def _model_loads() -> bool:
    from parallax.domain.page_type import _model

    try:
        _model()
    except (RuntimeError, KeyError, ValueError):
        return False
    return True


def fit_offers(
    rows: list[dict[str, Any]], pages: list[Any], fits: Fits, held_out: np.ndarray, threshold: float
) -> Booster:
    """The offer model: among the non-article pages trained on, product and service pages
    against fronts, listings and collections, with the same tree settings. It names a page the
    judgement refuses (``_name_non_article``); the report compares the names it gives, with
    held-out scores, to the names by layout alone."""
    from parallax.domain.page_type import judge_page

    x, fold = fits.x, fits.fold
    offer = np.array([1.0 if r["truth"] in ("product", "service") else 0.0 for r in rows])
    trained = fits.used & (fits.y == 1)
    weights = np.ones(len(rows))
    held_out_offers = np.zeros(len(rows))
    for k in range(5):
        train = trained & (fold != k)
        held_out_offers[fold == k] = (
            fits.booster().fit(x[train], offer[train], weights[train]).score(x[fold == k])
        )
    offers = fits.booster().fit(x[trained], offer[trained], weights[trained])
    shift = _stored_threshold() - threshold
    family = {"front": "list", "listing": "list", "product": "offer", "service": "offer"}
    truth_family = {"collection": "list", "listing": "list", "product": "offer", "service": "offer"}
    print("names of the refused non-article pages, cross-validated (layout alone -> offer model):")
    names: dict[str, list[defaultdict[str, int]]] = {}
    for with_model in (False, True):
        # The stored model holds the new trees at threshold 0; the offer model is added second.
        if with_model:
            write_model(OUTPUT, _stored_booster(), _stored_threshold(), {}, offers)
        for i, row in enumerate(rows):
            if row["truth"] not in truth_family:
                continue
            judged = judge_page(
                pages[i], score=float(held_out[i]) + shift, offer_score=float(held_out_offers[i])
            )
            if not judged.is_article:
                named = names.setdefault(row["truth"], [defaultdict(int), defaultdict(int)])
                named[with_model][judged.page_type] += 1
    right = [0, 0]
    for truth, (layout, model) in sorted(names.items()):
        for i, counts in enumerate((layout, model)):
            right[i] += sum(n for t, n in counts.items() if family.get(t) == truth_family[truth])
        print(f"  {truth:<11} {dict(sorted(layout.items()))} -> {dict(sorted(model.items()))}")
    total = sum(layout[t] for layout, _ in names.values() for t in layout)
    print(f"  named in the right family (front/listing or product/service): {right[0]} -> "
          f"{right[1]} of {total}")  # fmt: skip
    return offers


def _stored_booster() -> Booster:
    """The stored model's trees as a booster (to store them again beside an offer model)."""
    raw = json.loads(OUTPUT.read_text())
    booster = Booster(len(raw["trees"]), raw["rate"], depth=0, min_leaf=0, l2=0.0)
    booster.bias, booster.trees = float(raw["bias"]), list(raw["trees"])
    return booster


def write_model(
    output: Path,
    model: Booster,
    threshold: float,
    cv: dict[str, float],
    offers: Booster | None = None,
) -> None:
    """Store the trees and threshold where :mod:`parallax.domain.page_type` reads them, and make
    this process read them again."""
    from parallax.domain.page_type import FEATURE_NAMES, _model

    output.write_text(
        json.dumps(
            {
                "_comment": "Written by scripts/train_page_type.py; do not edit by hand.",
                "features": list(FEATURE_NAMES),
                "bias": model.bias,
                "rate": model.rate,
                "threshold": threshold,
                "cross_validated_refusal": {g: round(v, 4) for g, v in cv.items()},
                "trees": model.trees,
                **(
                    {}
                    if offers is None
                    else {
                        "offers": {"bias": offers.bias, "rate": offers.rate, "trees": offers.trees}
                    }
                ),
            },
            separators=(",", ":"),
        )
        + "\n"
    )
    _model.cache_clear()


if __name__ == "__main__":
    sys.exit(main())
