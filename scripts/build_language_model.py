"""Convert py3langid's language model into the numpy-free file Parallax ships.

    uv run python scripts/build_language_model.py [--output functions/parallax/domain/data/language_model.xz]

Why: py3langid needs numpy at run time (~48 MB unzipped in a Lambda bundle) for one dot product.
Parallax identifies a page's language with py3langid's naive Bayes model only when the page's
declaration, its script and its function words do not settle it, so the model's arithmetic runs
fine in pure Python (parallax.domain.language_id). This script is the only place numpy and
py3langid are needed; it runs with the dev dependencies and its output is committed.

Layout (little-endian, the whole file LZMA-compressed): the magic ``PLXLID1\\n``, a JSON header
line (classes, scale, array lengths, source version), then four arrays: ``rows`` (uint32, the
DFA's distinct 256-entry transition rows), ``row_of_state`` (uint32), ``feature_of_state``
(int32, -1 where a state emits no feature), ``ptc`` (int16, per-feature log-probabilities for
each class times ``scale``, feature-major) and ``pc`` (float32, class priors).

py3langid: BSD-3-Clause (Adrien Barbaresi), a fork of langid.py (BSD-2-Clause, Marco Lui);
their notice travels with the model in functions/parallax/domain/data/LANGUAGE_MODEL_LICENSE.
"""

from __future__ import annotations

import argparse
import io
import json
import lzma
import shutil
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

MAGIC = b"PLXLID1\n"
# Log-probabilities lie in about [-15, -3.9]; at 256 steps per nat the rounding error (2e-3
# per feature) is far below what separates two languages, and int16 holds the range.
SCALE = 256
# The languages the packaged model tells apart: every language Parallax serves
# (parallax.domain.languages), Nynorsk (read as Norwegian), the neighbours a statistical model
# confuses with them (Bosnian, Macedonian, Galician, Malay), and the most read news languages
# Parallax does not serve, so that an undeclared page in one of those is not passed off as a
# served language. py3langid knows 142; all of them would make a 4.8 MB file instead of < 2 MB.
LANGUAGES = (
    "ar", "bg", "ca", "cs", "da", "de", "el", "en", "es", "et", "fi", "fr", "he", "hr", "hu",
    "id", "it", "ja", "ko", "lt", "lv", "nl", "no", "pl", "pt", "ro", "ru", "sk", "sl", "sr",
    "sv", "tr", "uk", "zh",
    "nn", "bs", "mk", "gl", "ms",
    "vi", "th", "hi", "fa", "bn", "ur",
)  # fmt: skip
DEFAULT_OUTPUT = (
    Path(__file__).resolve().parent.parent / "functions/parallax/domain/data/language_model.xz"
)


def build(output: Path, languages: tuple[str, ...] = LANGUAGES) -> None:
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    ptc, pc, classes, _, _, _ = load_model(MODEL_DIR / MODEL_FILE)
    # Read the deduplicated rows straight from the file: load_model expands them per state.
    with tempfile.TemporaryFile() as tmp:
        with lzma.open(MODEL_DIR / MODEL_FILE) as src:
            shutil.copyfileobj(src, tmp)
        tmp.seek(0)
        with np.load(tmp, allow_pickle=False) as data:
            rows = np.asarray(data["nextmove"], dtype="<u4")
            row_of_state = np.asarray(data["nextmove_row"], dtype="<u4")
            feature_of_state = np.asarray(data["out_feat"], dtype="<i4")
    unknown = set(languages) - set(classes)
    if unknown:
        raise SystemExit(f"py3langid does not know {sorted(unknown)}")
    # As py3langid's set_languages(): keep those classes' columns (a language it models in two
    # scripts, such as Serbian, keeps both).
    kept = [i for i, c in enumerate(classes) if c in set(languages)]
    classes = [classes[i] for i in kept]
    ptc, pc = np.asarray(ptc)[:, kept], np.asarray(pc)[kept]
    scaled = np.rint(np.asarray(ptc, dtype=np.float32) * SCALE)
    if scaled.min() < -32768 or scaled.max() > 32767:
        raise SystemExit("model values outside int16 at this scale")
    arrays = {
        "rows": rows,
        "row_of_state": row_of_state,
        "feature_of_state": feature_of_state,
        "ptc": scaled.astype("<i2"),
        "pc": np.asarray(pc, dtype="<f4"),
    }
    header = {
        "classes": [str(c) for c in classes],
        "scale": SCALE,
        "features": int(ptc.shape[0]),
        "lengths": {name: int(a.size) for name, a in arrays.items()},
        "source": f"py3langid {version('py3langid')}",
    }
    buffer = io.BytesIO()
    buffer.write(MAGIC)
    buffer.write(json.dumps(header, sort_keys=True).encode() + b"\n")
    for name in ("rows", "row_of_state", "feature_of_state", "ptc", "pc"):
        buffer.write(np.ascontiguousarray(arrays[name]).tobytes())
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(lzma.compress(buffer.getvalue(), preset=9 | lzma.PRESET_EXTREME))
    print(f"{output}: {output.stat().st_size / 1e6:.2f} MB, {len(classes)} classes, "
          f"{header['features']} features ({header['source']})")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        epilog="Example: uv run python scripts/build_language_model.py",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    build(args.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
