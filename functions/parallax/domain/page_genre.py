"""A learned text-genre score: does the text read like a sale or an index, or like an article?

The page-type judgement counts the words of the case-folded text sample once
(``page_type._read_voice``); this module weighs those counts with a linear model learned from the
development sets (logistic regression over word frequencies per 100 words, trained by
``scripts/train_page_type.py``, stored in ``domain/data/page_genre.json``). The result is one
number, the log-odds that the text is a product or service page's rather than an article's
(trained on English pages: learned on every language it took German for "article"), which the
trees read as one more feature (issue 16, sixth round).

Only the weightiest words are stored (600); a word the model has not seen weighs
nothing, so a text in a language the model was not trained on scores the bias. Looking the
sample's words up costs one set intersection in C, a few microseconds a page.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources

from parallax.domain.load_once import load_once

__all__ = ["GENRE_RESOURCE", "genre_score"]

GENRE_RESOURCE = "page_genre.json"
# Word frequencies are per this many words of the sample (keeps the stored weights readable).
PER_WORDS = 100.0


@dataclass(frozen=True, slots=True)
class _GenreModel:
    bias: float
    weights: dict[str, float]


@load_once
def _genre_model() -> _GenreModel:
    raw = json.loads(
        resources.files("parallax.domain.data").joinpath(GENRE_RESOURCE).read_text("utf-8")
    )
    return _GenreModel(
        bias=float(raw["bias"]),
        weights={str(word): float(weight) for word, weight in raw["weights"].items()},
    )


def genre_score(counts: Mapping[str, int], tokens: int) -> float:
    """Log-odds that a text whose word counts are ``counts`` (``tokens`` words in all, case
    folded) is not an article's. An empty text, or one of words the model never saw, scores the
    model's bias."""
    model = _genre_model()
    weights = model.weights
    # In the text's own word order, not a set's: a set's order follows the process's string
    # hashing, and float sums in another order differ in their last bits, so the same page scored
    # differently from one process to the next.
    total = sum(weights[word] * count for word, count in counts.items() if word in weights)
    return model.bias + PER_WORDS * total / max(tokens, 1)
