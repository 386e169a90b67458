"""The training script's boosted trees (issue 16, sixth round): the split each node finds from
sums per bin is the split the plain loop over every feature and cut finds."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "train_page_type.py"


@pytest.fixture(scope="module")
def training() -> ModuleType:
    spec = importlib.util.spec_from_file_location("train_page_type", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _plain_split(
    x: np.ndarray, g: np.ndarray, h: np.ndarray, cuts: list[np.ndarray], min_leaf: int
) -> tuple[int, float] | None:
    """The best split by the loop the script used before: feature by feature, cut by cut."""
    total_g, total_h = g.sum(), h.sum()
    base = total_g**2 / (total_h + 1.0)
    best_gain, best = 0.0, None
    for j in range(x.shape[1]):
        for cut in cuts[j]:
            left = x[:, j] <= cut
            n = int(left.sum())
            if n < min_leaf or len(g) - n < min_leaf:
                continue
            gl, hl = g[left].sum(), h[left].sum()
            gain = gl**2 / (hl + 1.0) + (total_g - gl) ** 2 / (total_h - hl + 1.0) - base
            if gain > best_gain:
                best_gain, best = gain, (j, float(cut))
    return best


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_first_split_is_the_plain_loops(training: Any, seed: int) -> None:
    # Given pages with continuous, binary and tied feature values and labels tied to two of them
    rng = np.random.default_rng(seed)
    x = np.column_stack(
        [
            rng.normal(size=300),
            rng.integers(0, 2, size=300).astype(float),
            rng.integers(0, 5, size=300).astype(float),
        ]
    )
    y = ((0.3 * x[:, 0] + x[:, 1] + x[:, 2] + 0.3 * rng.normal(size=300)) > 2.5).astype(float)
    # When one tree of depth 1 is grown
    booster = training.Booster(1, 0.1, depth=1, min_leaf=8, l2=1.0).fit(x, y, np.ones(300))
    # Then its split is the plain loop's, on the same gradients
    p = np.full(300, 1 / (1 + np.exp(-booster.bias)))
    expected = _plain_split(x, p - y, p * (1 - p), booster.cuts, 8)
    assert expected is not None
    assert booster.trees[0][:2] == [expected[0], expected[1]]


def test_scores_are_the_sum_of_the_leaves_the_rows_reach(training: Any) -> None:
    # Given trees trained on a small separable set
    rng = np.random.default_rng(3)
    x = rng.normal(size=(200, 4))
    y = (x[:, 2] > 0.2).astype(float)
    booster = training.Booster(20, 0.1, depth=2, min_leaf=4, l2=1.0).fit(x, y, np.ones(200))
    # When rows are scored
    scores = booster.score(x)

    # Then each score is the bias plus the rate times the leaves reached, walked one row at a time
    def walk(tree: Any, row: np.ndarray) -> float:
        while isinstance(tree, list):
            tree = tree[2] if row[tree[0]] <= tree[1] else tree[3]
        return float(tree)

    walked = [booster.bias + 0.1 * sum(walk(t, row) for t in booster.trees) for row in x]
    assert np.allclose(scores, walked)
    assert (scores[y == 1] > 0).mean() > 0.9
    assert (scores[y == 0] < 0).mean() > 0.9


def test_a_value_equal_to_a_cut_goes_left(training: Any) -> None:
    # Given counts 0-4, where a page with 2 or fewer is one kind and with more the other
    x = np.repeat(np.arange(5, dtype=float), 40)[:, None]
    y = (x[:, 0] > 2).astype(float)
    # When one tree of depth 1 is grown
    booster = training.Booster(1, 0.1, depth=1, min_leaf=8, l2=1.0).fit(x, y, np.ones(200))
    # Then it splits at "2 or fewer" (the cut itself on the left, as the model reads it)
    assert booster.trees[0][:2] == [0, 2.0]


def test_a_node_too_small_to_split_is_a_leaf(training: Any) -> None:
    # Given fewer rows than two leaves of the minimum size
    x = np.arange(10, dtype=float)[:, None]
    y = (x[:, 0] > 4).astype(float)
    # When a tree is grown with min-leaf 8
    booster = training.Booster(1, 0.1, depth=2, min_leaf=8, l2=1.0).fit(x, y, np.ones(10))
    # Then it is one leaf
    assert isinstance(booster.trees[0], float)


def test_without_the_genre_its_column_is_zero_whatever_the_cache_holds(training: Any) -> None:
    # Given signals read while a genre model existed (its in-sample score cached)
    from parallax.domain.page_type import FEATURE_NAMES, PageSignals

    pages = [PageSignals(word_count=400, text_genre=5.0), PageSignals(word_count=50)]
    column = FEATURE_NAMES.index("text_genre")
    # When the matrix is built with the genre off / Then the column is 0 (no leak of the labels)
    assert training.feature_matrix(pages, genre=False)[:, column].tolist() == [0.0, 0.0]
    # And with it on the cached score stays (nesting overwrites it fold by fold)
    assert training.feature_matrix(pages, genre=True)[0, column] == 5.0
