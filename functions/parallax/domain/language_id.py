"""Statistical language identification without numpy: py3langid's model, scored in pure Python.

Extraction asks this module only when a page's declaration, script and function words leave its
language open, so speed matters less than size: numpy alone would be about half of the API
function's bundle. The model is py3langid's naive Bayes over byte n-grams (converted by
scripts/build_language_model.py, which documents the file layout); the arithmetic here is the
same as ``py3langid.langid.LanguageIdentifier`` with ``norm_probs=True`` — a walk of the byte
DFA that counts features, ``log1p(count)``-weighted sums of per-class log-probabilities, then a
softmax over the length-scaled scores — and tests check that both agree. The converted model
keeps 46 of py3langid's 142 languages (the script names them and says why).
"""

from __future__ import annotations

import json
import lzma
import math
import sys
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from operator import add

from parallax.domain.load_once import load_once

__all__ = ["LanguageModel", "identify", "language_model", "parse_language_model"]

_MAGIC = b"PLXLID1\n"
_RESOURCE = "language_model.xz"


@dataclass(frozen=True, slots=True)
class LanguageModel:
    classes: tuple[str, ...]
    scale: float
    rows: array[int]  # distinct 256-entry DFA transition rows, flattened
    row_base: list[int]  # per state: offset of its row in ``rows``
    feature_of_state: array[int]  # -1 where a state emits no feature
    ptc: array[int]  # features by classes, scaled log-probabilities
    pc: tuple[float, ...]  # class priors (log)

    def identify(self, text: str) -> tuple[str, float]:
        """``(language, probability)`` of the most likely class; ``("und", 0.0)`` for no features."""
        data = _encode(text)
        counts = self._feature_counts(data)
        if not counts:
            return "und", 0.0
        width = len(self.classes)
        ptc = self.ptc
        # Features seen the same number of times share one weight: sum their rows first, then
        # weight once. ``map(add, ...)`` keeps the inner loop in C.
        by_count: dict[int, list[int]] = {}
        for feature, count in counts.items():
            by_count.setdefault(count, []).append(feature)
        scores = [0.0] * width
        for count, features in by_count.items():
            total: list[int] = [0] * width
            for feature in features:
                start = feature * width
                total = list(map(add, total, ptc[start : start + width]))
            weight = math.log1p(count) / self.scale
            scores = [s + weight * t for s, t in zip(scores, total, strict=True)]
        norm = 1.0 / math.sqrt(len(data) or 1)
        scores = [(s + p) * norm for s, p in zip(scores, self.pc, strict=True)]
        best = max(scores)
        weights = [math.exp(s - best) for s in scores]
        merged: dict[str, float] = {}
        for language, weight in zip(self.classes, weights, strict=True):
            # A language the model knows in two scripts (sr, Cyrillic and Latin) has two classes.
            merged[language] = merged.get(language, 0.0) + weight
        language, weight = max(merged.items(), key=lambda item: item[1])
        return language, weight / sum(weights)

    def _feature_counts(self, data: bytes) -> Counter[int]:
        rows, row_base, feature_of_state = self.rows, self.row_base, self.feature_of_state
        state = 0
        found: list[int] = []
        for byte in data:
            state = rows[row_base[state] + byte]
            feature = feature_of_state[state]
            if feature >= 0:
                found.append(feature)
        return Counter(found)


def _encode(text: str) -> bytes:
    # As py3langid: an all-capitals text is lower-cased (its n-grams were learnt from mixed case).
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf-8", errors="surrogatepass")


@load_once
def language_model() -> LanguageModel:
    """The packaged model, loaded once per process (a few tenths of a second, ~50 MB of memory),
    by one thread: `parallax serve`'s background warm-up and the first Brief may ask at once."""
    packed = resources.files("parallax.domain.data").joinpath(_RESOURCE).read_bytes()
    return parse_language_model(lzma.decompress(packed))


def parse_language_model(blob: bytes) -> LanguageModel:
    """A model from the decompressed file (layout: scripts/build_language_model.py)."""
    if not blob.startswith(_MAGIC):
        raise ValueError(f"{_RESOURCE}: not a Parallax language model")
    header_end = blob.index(b"\n", len(_MAGIC))
    header = json.loads(blob[len(_MAGIC) : header_end])
    lengths: dict[str, int] = header["lengths"]
    reader = _ArrayReader(blob, header_end + 1)
    rows = reader.ints("I", lengths["rows"])
    row_of_state = reader.ints("I", lengths["row_of_state"])
    feature_of_state = reader.ints("i", lengths["feature_of_state"])
    ptc = reader.ints("h", lengths["ptc"])
    pc = reader.floats("f", lengths["pc"])
    if reader.offset != len(blob):
        raise ValueError(f"{_RESOURCE}: {len(blob) - reader.offset} unexpected trailing bytes")
    return LanguageModel(
        classes=tuple(header["classes"]),
        scale=float(header["scale"]),
        rows=rows,
        row_base=[row << 8 for row in row_of_state],
        feature_of_state=feature_of_state,
        ptc=ptc,
        pc=tuple(pc),
    )


class _ArrayReader:
    """Consecutive little-endian arrays out of one buffer."""

    def __init__(self, blob: bytes, offset: int) -> None:
        self.blob = memoryview(blob)  # slices of a view copy nothing
        self.offset = offset

    def ints(self, typecode: str, length: int) -> array[int]:
        values: array[int] = array(typecode)
        self._fill(values, length)
        return values

    def floats(self, typecode: str, length: int) -> array[float]:
        values: array[float] = array(typecode)
        self._fill(values, length)
        return values

    def _fill(self, values: array[int] | array[float], length: int) -> None:
        end = self.offset + length * values.itemsize
        if end > len(self.blob):
            raise ValueError(f"{_RESOURCE}: truncated")
        values.frombytes(self.blob[self.offset : end])
        if sys.byteorder == "big":
            values.byteswap()  # the file is little-endian
        self.offset = end


def identify(text: str) -> tuple[str, float]:
    """Most likely language of ``text`` (a py3langid code such as ``de``) and its probability."""
    return language_model().identify(text)
