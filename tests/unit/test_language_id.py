# ruff: noqa: RUF001 - Cyrillic, Greek and Turkish sample text is the point here
"""The numpy-free language identifier: same verdicts as py3langid, small and self-contained."""

from __future__ import annotations

import lzma
import subprocess
import sys
from importlib import resources

import pytest

from parallax.domain.language_id import identify, language_model, parse_language_model

# One short news-like paragraph per language, written for these tests.
SAMPLES = {
    "en": "The city council voted on Tuesday to build a new swimming pool near the harbour, "
    "although the opposition said the money should go to schools instead.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, am Hafen ein neues Hallenbad zu bauen, "
    "obwohl die Opposition das Geld lieber in die Schulen stecken wollte.",
    "fr": "Le conseil municipal a voté mardi la construction d'une nouvelle piscine près du "
    "port, même si l'opposition estime que l'argent devrait aller aux écoles.",
    "es": "El ayuntamiento aprobó el martes la construcción de una nueva piscina junto al "
    "puerto, aunque la oposición cree que el dinero debería ir a las escuelas.",
    "it": "Il consiglio comunale ha approvato martedì la costruzione di una nuova piscina "
    "vicino al porto, anche se l'opposizione ritiene che i soldi servano alle scuole.",
    "pt": "A câmara municipal aprovou na terça-feira a construção de uma nova piscina junto "
    "ao porto, embora a oposição ache que o dinheiro devia ir para as escolas.",
    "nl": "De gemeenteraad heeft dinsdag besloten een nieuw zwembad bij de haven te bouwen, "
    "hoewel de oppositie vindt dat het geld naar de scholen moet gaan.",
    "pl": "Rada miasta zdecydowała we wtorek o budowie nowego basenu przy porcie, choć "
    "opozycja uważa, że pieniądze powinny trafić do szkół.",
    "sv": "Kommunfullmäktige beslutade på tisdagen att bygga en ny simhall vid hamnen, trots "
    "att oppositionen anser att pengarna borde gå till skolorna.",
    "ru": "Городской совет во вторник проголосовал за строительство нового бассейна у порта, "
    "хотя оппозиция считает, что деньги следовало бы потратить на школы.",
    "el": "Το δημοτικό συμβούλιο ψήφισε την Τρίτη την κατασκευή νέας πισίνας κοντά στο "
    "λιμάνι, αν και η αντιπολίτευση θεωρεί ότι τα χρήματα πρέπει να πάνε στα σχολεία.",
    "tr": "Belediye meclisi salı günü limanın yanına yeni bir yüzme havuzu yapılmasına karar "
    "verdi, ancak muhalefet paranın okullara harcanması gerektiğini söylüyor.",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_each_sample_is_identified(language: str) -> None:
    found, confidence = identify(SAMPLES[language])
    assert found == language
    assert 0.5 < confidence <= 1.0


def test_verdicts_match_py3langid() -> None:
    # Given py3langid, whose model ours is converted from (a dev dependency only)
    langid = pytest.importorskip("py3langid.langid")
    reference = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    # restricted, as the converted model is, to the languages Parallax tells apart
    reference.set_languages(sorted(set(language_model().classes)))
    texts = [
        *SAMPLES.values(),
        "BREAKING NEWS: EARTHQUAKE HITS THE COAST",  # all capitals are lower-cased by both
        "Ünïcödé ñ ß",
        "東京都は火曜日、港の近くに新しいプールを建設することを決めた。",
        "市议会周二投票决定在港口附近修建一座新的游泳池。",
    ]
    for text in texts:
        # When both classify the same text
        ours = identify(text)
        theirs = reference.classify(text)
        # Then they agree on the language and (to the model's int16 rounding) the probability
        assert ours[0] == theirs[0], text
        assert ours[1] == pytest.approx(float(theirs[1]), abs=1e-3), text


def test_text_without_features_is_undetermined() -> None:
    assert identify("") == ("und", 0.0)


def test_model_covers_every_supported_language() -> None:
    from parallax.domain.languages import SUPPORTED_LANGUAGES

    assert set(language_model().classes) >= SUPPORTED_LANGUAGES


def test_a_damaged_model_file_is_refused_with_a_reason() -> None:
    packed = resources.files("parallax.domain.data").joinpath("language_model.xz").read_bytes()
    blob = lzma.decompress(packed)
    with pytest.raises(ValueError, match="not a Parallax language model"):
        parse_language_model(b"GARBAGE" + blob)
    with pytest.raises(ValueError, match="truncated"):
        parse_language_model(blob[:-100])
    with pytest.raises(ValueError, match="trailing"):
        parse_language_model(blob + b"\0\0")


def test_identification_needs_neither_numpy_nor_py3langid() -> None:
    # Given a fresh interpreter, When a page's language is identified from its text alone
    code = (
        "import sys\n"
        "from parallax.domain.extraction import detect_language\n"
        "assert detect_language('Kommunfullmäktige beslutade på tisdagen att bygga en ny "
        "simhall vid hamnen, trots att oppositionen anser att pengarna borde gå till skolorna "
        "och att den gamla simhallen kan repareras för en bråkdel av kostnaden.') == 'sv'\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'numpy', 'py3langid'}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    # Then neither numpy nor py3langid was imported (the Lambda bundle ships neither)
    assert done.stdout.strip() == "[]"
