"""The faithfulness guard on a perturbation suite built from real articles (issue 15, item 11).

For each language (en, de, fr, es) real sentences are taken from the evaluation data: ``cnndm-dev``
(en) and ``20min-dev`` (de) in ``summaries/``, and the article texts of ``related/semeval-dev.jsonl``
in German, French and Spanish. Each sentence is the cited source of generated bullets, made by code
(deterministic; no model):

* **faithful** bullets, which the guard must keep: the sentence itself; its opening phrase moved to
  the end; a subordinate or parenthetical clause dropped; an attribution added ("according to the
  report"); a word or two replaced by a synonym; a clause dropped *and* an attribution added.
* **unfaithful** perturbations, which it must drop: negation added or removed; a word replaced by
  its antonym; two numbers swapped; a number changed; two names (or, in German, two nouns) swapped
  (unless they are only coordinated: "A and B" for "B and A" says the same);
  an unsupported clause added (an accusation, an arrest, a verdict); an amount moved to another
  actor of the article (the bullet cites both sentences, as the prompt asks a model to).

A perturbation is only made where the sentence allows it (two numbers to swap, a word with a known
antonym, ...), so each type has its own count. The report gives, per language and type, how many
perturbations the guard drops (catch rate) and how many faithful bullets it drops (false drops), for
the full guard and, as the baseline in the same run, for the lexical checks alone (citations,
numbers, names, links, language: the guard before issue 15). A last block checks clock times in a
sentence's translation (:mod:`parallax.evaluation.clock_times`).

The generator's word lists (antonyms, synonyms, added clauses) are its own; they overlap the
guard's lexicons, so the antonym type measures the lexicon's coverage of the words it knows, not
of every antonym a model might choose. The added clauses are caught by novelty (a run of content
words the cited sentences do not support), not by a list.
"""

# ruff: noqa: RUF001 -- typographic apostrophes in French and Spanish text are the point here
from __future__ import annotations

import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from parallax.domain.language_id import identify
from parallax.domain.models import Article, Outlet, Sentence
from parallax.domain.neutral_summary import DraftBullet, DraftSummary, guard_summary
from parallax.domain.sentences import split_sentences
from parallax.domain.text_terms import stop_words
from parallax.evaluation import DataError, data_rows
from parallax.evaluation.clock_times import clock_time_checks

__all__ = [
    "FAITHFUL_TYPES",
    "GUARD_LANGUAGES",
    "UNFAITHFUL_TYPES",
    "GuardCase",
    "SourceText",
    "format_guard_table",
    "generate_cases",
    "load_sources",
    "run_guard_eval",
]

GUARD_LANGUAGES: Final = ("en", "de", "fr", "es")
FAITHFUL_TYPES: Final = (
    "verbatim",
    "clause_reorder",
    "clause_drop",
    "attribution",
    "synonym",
    "drop_and_attribute",
)
UNFAITHFUL_TYPES: Final = (
    "negation",
    "antonym",
    "number_swap",
    "number_change",
    "name_swap",
    "added_claim",
    "misattributed_amount",
)
MIN_WORDS, MAX_WORDS = 8, 45
DEFAULT_TEXTS_PER_LANGUAGE: Final = 60

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True, slots=True)
class SourceText:
    id: str
    language: str
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GuardCase:
    language: str
    source: str
    faithful: bool
    type: str
    bullet: str
    sentence_ids: tuple[int, ...]
    sentence: str
    """The cited sentence the bullet was made from (for reports)."""


# --- the data -----------------------------------------------------------------------------------

_MOJIBAKE = re.compile("[ÃÂ�]|â€")


def _usable(sentence: str, language: str) -> bool:
    words = sentence.split()
    return (
        identify(sentence)[0] == language
        and MIN_WORDS <= len(words) <= MAX_WORDS
        and sentence[-1:] in ".!"
        and not _MOJIBAKE.search(sentence)
        and sentence.count('"') % 2 == 0
        and not sentence.startswith(("'", '"', "«", "„", "“", "-", "–"))
    )


def _read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    for _, row in data_rows(path):
        yield row


def load_sources(
    data: Path, texts_per_language: int = DEFAULT_TEXTS_PER_LANGUAGE
) -> list[SourceText]:
    """Up to ``texts_per_language`` texts per language, split into sentences, in file order."""
    raw: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in ("cnndm-dev", "20min-dev"):
        for row in _read_jsonl(data / "summaries" / f"{name}.jsonl"):
            raw[str(row.get("lang") or "en")].append((f"{name}:{row.get('id')}", row["article"]))
    seen: set[str] = set()
    for row in _read_jsonl(data / "related" / "semeval-dev.jsonl"):
        for side in ("1", "2"):
            language, text = str(row.get(f"lang{side}")), str(row.get(f"text{side}") or "")
            if language in GUARD_LANGUAGES and text[:80] not in seen:
                seen.add(text[:80])
                raw[language].append((f"semeval:{row.get('pair_id')}:{side}", text))
    sources: list[SourceText] = []
    for language in GUARD_LANGUAGES:
        for text_id, text in raw[language][:texts_per_language]:
            sentences = tuple(s.strip() for s in split_sentences(text, language) if s.strip())
            # Some texts of the similarity set mix languages (a German quote in a French text).
            if len(sentences) >= 2 and identify(text)[0] == language:
                sources.append(SourceText(text_id, language, sentences))
    if not sources:
        raise DataError(f"no usable texts under {data}")
    return sources


# --- language resources of the generator -----------------------------------------------------------

_AUXILIARIES: Final[dict[str, tuple[str, ...]]] = {
    "en": ("is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could",
           "should", "must", "did", "does", "do"),
    "de": ("ist", "sind", "war", "waren", "hat", "haben", "hatte", "hatten", "wird", "werden",
           "wurde", "wurden", "kann", "können", "konnte", "soll", "sollen", "muss", "müssen"),
    "fr": ("est", "sont", "était", "étaient", "a", "ont", "avait", "avaient", "sera", "seront",
           "va", "vont", "peut", "peuvent", "doit", "doivent", "fait", "font"),
    "es": ("es", "son", "era", "eran", "fue", "fueron", "ha", "han", "había", "habían", "será",
           "serán", "está", "están", "puede", "pueden", "debe", "deben", "va", "van"),
}  # fmt: skip

_GEN_ANTONYMS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "en": (
        ("approved", "rejected"), ("accepted", "refused"), ("increased", "decreased"),
        ("rose", "fell"), ("won", "lost"), ("higher", "lower"), ("more", "less"),
        ("guilty", "innocent"), ("convicted", "acquitted"), ("allowed", "banned"),
        ("confirmed", "denied"), ("opened", "closed"), ("before", "after"), ("first", "last"),
        ("best", "worst"), ("support", "oppose"), ("supported", "opposed"), ("began", "ended"),
        ("started", "stopped"), ("arrived", "left"), ("alive", "dead"), ("survived", "died"),
        ("early", "late"), ("success", "failure"), ("increase", "decrease"), ("large", "small"),
        ("big", "small"), ("new", "old"), ("young", "old"), ("positive", "negative"),
        ("agreed", "refused"), ("released", "detained"), ("found", "lost"), ("gained", "lost"),
        ("strong", "weak"), ("cheap", "expensive"), ("public", "private"),
        ("legal", "illegal"), ("win", "lose"), ("open", "closed"), ("easy", "difficult"),
    ),
    "de": (
        ("genehmigt", "abgelehnt"), ("angenommen", "abgelehnt"), ("gestiegen", "gesunken"),
        ("steigt", "sinkt"), ("gewonnen", "verloren"), ("höher", "niedriger"), ("mehr", "weniger"),
        ("schuldig", "unschuldig"), ("verurteilt", "freigesprochen"), ("erlaubt", "verboten"),
        ("bestätigt", "dementiert"), ("geöffnet", "geschlossen"), ("vor", "nach"),
        ("erste", "letzte"), ("ersten", "letzten"), ("beste", "schlechteste"),
        ("begann", "endete"), ("alt", "jung"), ("neue", "alte"), ("neuen", "alten"),
        ("große", "kleine"), ("großen", "kleinen"), ("stark", "schwach"), ("früh", "spät"),
        ("positiv", "negativ"), ("öffentlich", "privat"), ("zugenommen", "abgenommen"),
        ("lebend", "tot"), ("billig", "teuer"), ("leicht", "schwer"), ("viele", "wenige"),
    ),
    "fr": (
        ("approuvé", "rejeté"), ("accepté", "refusé"), ("augmenté", "diminué"),
        ("hausse", "baisse"), ("gagné", "perdu"), ("plus", "moins"), ("coupable", "innocent"),
        ("condamné", "acquitté"), ("autorisé", "interdit"), ("confirmé", "démenti"),
        ("ouvert", "fermé"), ("avant", "après"), ("premier", "dernier"),
        ("première", "dernière"), ("meilleur", "pire"), ("début", "fin"), ("nouveau", "ancien"),
        ("nouvelle", "ancienne"), ("grand", "petit"), ("grande", "petite"), ("fort", "faible"),
        ("positif", "négatif"), ("public", "privé"), ("publique", "privée"),
        ("jeune", "vieux"), ("facile", "difficile"), ("beaucoup", "peu"), ("vivant", "mort"),
    ),
    "es": (
        ("aprobado", "rechazado"), ("aprobó", "rechazó"), ("aceptó", "rechazó"),
        ("aumentó", "disminuyó"), ("subió", "bajó"), ("ganó", "perdió"), ("más", "menos"),
        ("culpable", "inocente"), ("condenado", "absuelto"), ("permitido", "prohibido"),
        ("confirmó", "negó"), ("abierto", "cerrado"), ("antes", "después"),
        ("primer", "último"), ("primera", "última"), ("mejor", "peor"), ("nuevo", "viejo"),
        ("nueva", "vieja"), ("gran", "pequeña"), ("grande", "pequeño"), ("fuerte", "débil"),
        ("positivo", "negativo"), ("público", "privado"), ("pública", "privada"),
        ("joven", "viejo"), ("fácil", "difícil"), ("mucho", "poco"), ("muchos", "pocos"),
        ("vivo", "muerto"), ("alto", "bajo"), ("alta", "baja"),
    ),
}  # fmt: skip

_SYNONYMS: Final[dict[str, dict[str, str]]] = {
    "en": {
        "said": "stated", "says": "states", "big": "large", "started": "began",
        "start": "begin", "buy": "purchase", "bought": "purchased", "help": "assist",
        "helped": "assisted", "shows": "indicates", "showed": "indicated", "also": "additionally",
        "people": "individuals", "officials": "authorities", "car": "vehicle",
        "children": "youngsters", "told": "informed", "about": "roughly", "however": "but",
        "believe": "think", "believed": "thought", "wanted": "wished", "found": "discovered",
        "home": "house", "got": "received", "received": "got", "quickly": "rapidly",
        "important": "significant", "during": "throughout", "enough": "sufficient",
    },
    "de": {
        "sagte": "erklärte", "sagt": "erklärt", "Menschen": "Personen", "etwa": "rund",
        "rund": "etwa", "bereits": "schon", "schon": "bereits", "jedoch": "aber", "aber": "jedoch",
        "beginnt": "startet", "begann": "startete", "erhielt": "bekam", "bekam": "erhielt",
        "zeigt": "belegt", "wichtig": "bedeutend", "schnell": "rasch", "Auto": "Fahrzeug",
        "ungefähr": "etwa", "außerdem": "zudem", "zudem": "außerdem", "gab": "verkündete",
        "derzeit": "aktuell", "aktuell": "derzeit", "Kinder": "Kleinen",
    },
    "fr": {
        "déclaré": "affirmé", "dit": "affirmé", "personnes": "individus", "environ": "près de",
        "aussi": "également", "également": "aussi", "mais": "cependant", "commencé": "débuté",
        "important": "considérable", "rapidement": "vite", "voiture": "véhicule",
        "enfants": "jeunes", "actuellement": "aujourd'hui", "plusieurs": "divers",
        "annoncé": "indiqué", "indiqué": "annoncé", "précisé": "indiqué",
    },
    "es": {
        "dijo": "afirmó", "dice": "afirma", "personas": "individuos", "también": "asimismo",
        "pero": "sin embargo", "comenzó": "empezó", "empezó": "comenzó", "importante": "relevante",
        "rápidamente": "velozmente", "coche": "vehículo", "niños": "menores",
        "actualmente": "hoy", "varios": "diversos", "anunció": "informó", "informó": "anunció",
        "explicó": "detalló", "aseguró": "afirmó", "señaló": "indicó", "indicó": "señaló",
    },
}  # fmt: skip

_ATTRIBUTIONS: Final[dict[str, tuple[str, ...]]] = {
    "en": ("According to the report, {s}", "{s_no_stop}, the report said."),
    "de": ("{s_no_stop}, so der Bericht.", "{s_no_stop}, heißt es in dem Bericht."),
    "fr": ("Selon l'article, {s}", "{s_no_stop}, selon le texte."),
    "es": ("Según el artículo, {s}", "{s_no_stop}, según el texto."),
}

_ADDED_CLAIMS: Final[dict[str, tuple[str, ...]]] = {
    "en": (
        ", after officials were bribed to approve it",
        ", which critics called illegal",
        ", and police later arrested the organisers",
        ", amid allegations of fraud and corruption",
        ", despite secret payments from wealthy donors",
        ", although investigators say the evidence was faked",
    ),
    "de": (
        ", nachdem Beamte dafür bestochen worden waren",
        ", was Kritiker als illegal bezeichneten",
        ", und die Polizei nahm später die Organisatoren fest",
        ", begleitet von Vorwürfen wegen Betrugs und Korruption",
        ", trotz geheimer Zahlungen reicher Spender",
        ", obwohl Ermittler die Beweise für gefälscht halten",
    ),
    "fr": (
        ", après que des responsables ont été soudoyés",
        ", ce que les critiques ont qualifié d'illégal",
        ", et la police a ensuite arrêté les organisateurs",
        ", sur fond d'accusations de fraude et de corruption",
        ", malgré des paiements secrets de riches donateurs",
        ", bien que les enquêteurs jugent les preuves falsifiées",
    ),
    "es": (
        ", después de que los funcionarios fueran sobornados",
        ", lo que los críticos calificaron de ilegal",
        ", y la policía detuvo después a los organizadores",
        ", en medio de acusaciones de fraude y corrupción",
        ", pese a pagos secretos de donantes ricos",
        ", aunque los investigadores creen que las pruebas fueron falsificadas",
    ),
}

_RELATIVES: Final[dict[str, str]] = {
    "en": r"which|who|whose|where|while|although|because",
    "de": r"der|die|das|dem|den|deren|dessen|weil|obwohl|nachdem|wo|was|wie|wobei",
    "fr": r"qui|que|qu'|dont|où|lorsque|lequel|laquelle|alors|car|puisque",
    "es": r"que|quien|quienes|donde|cuando|cual|porque|aunque|mientras|lo que",
}
# Words that open an adverbial phrase, which can move to the end of the sentence. German is left
# out: moving the phrase breaks its verb-second order.
_OPENERS: Final[dict[str, str]] = {
    "en": r"In|On|At|After|Before|During|Since|Last|This|Earlier|Later|Despite|Until|By",
    "de": r"(?!)",
    "fr": r"En|Dans|Après|Avant|Lors|Depuis|Pendant|Malgré|Jusqu'|Le|Mardi|Lundi|Mercredi|Jeudi"
    r"|Vendredi|Samedi|Dimanche",
    "es": r"En|Tras|Después|Antes|Durante|Desde|Pese|El|Este|Esta|Hasta",
}
_CLAUSE: Final = r"(?:[^,]|,(?=\d))"
_NEGATED: Final[dict[str, re.Pattern[str]]] = {
    "en": re.compile(r"\b(?:not|never) |n't\b", re.I),
    "de": re.compile(r"\b(?:nicht|nie|niemals) ", re.I),
    "fr": re.compile(r"\bn(?:e |')(\S+) (?:pas|jamais|plus)\b", re.I),
    "es": re.compile(r"\b(?:no|nunca) (?=\w)", re.I),
}

_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_VOWEL_START = re.compile(r"^[aeiouhâéèêîôûAEIOUH]")


# --- the generators ----------------------------------------------------------------------------------


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _decapitalise(text: str, language: str) -> str:
    first = text.split(" ", 1)[0]
    if first.isupper() and len(first) > 1:
        return text
    if first.casefold().strip(",") in stop_words(language) and language != "de":
        return text[:1].lower() + text[1:]
    if language == "de" and first.casefold() in stop_words("de"):
        return text[:1].lower() + text[1:]
    return text


def _body(sentence: str) -> tuple[str, str]:
    """(sentence without its final punctuation, that punctuation)."""
    end = len(sentence.rstrip(".!"))
    return sentence[:end], sentence[end:] or "."


def _names(sentence: str, language: str) -> list[tuple[int, int, str]]:
    """Capitalised words away from the sentence start (names; in German nouns too)."""
    stops = stop_words(language)
    out = []
    for match in _WORD.finditer(sentence):
        word = match.group()
        before = sentence[max(0, match.start() - 2) : match.start()].strip()
        if match.start() == 0 or before in {".", ":", '"', "«", "„", "‘", "“", "'", "(", "-", "–"}:
            continue
        if len(word) >= 3 and word[0].isupper() and word.casefold() not in stops:
            out.append((match.start(), match.end(), word))
    return out


def _faithful(sentence: str, language: str, rng: random.Random) -> dict[str, str]:
    out = {"verbatim": sentence}
    body, end = _body(sentence)
    # An opening phrase ("On Monday, ...", "In Berlin, ...") moved to the end.
    intro = re.match(rf"^((?:{_OPENERS[language]}) [^,–—:;]{{2,40}}), (.+)$", body)
    if (
        intro
        and 2 <= len(intro.group(1).split()) <= 6
        and len(intro.group(2).split()) >= 6
        and not re.match(
            rf"(?:{_RELATIVES[language]}|however|and|but|et|mais|y|pero)\b", intro.group(2)
        )
    ):
        rest = _capitalise(intro.group(2))
        opener = intro.group(1)
        out["clause_reorder"] = f"{rest} {opener[:1].lower()}{opener[1:]}{end}"
    dropped = _drop_clause(body, language)
    if dropped is not None:
        out["clause_drop"] = dropped + end
    template = rng.choice(_ATTRIBUTIONS[language])
    out["attribution"] = template.format(s=_decapitalise(sentence, language), s_no_stop=body)
    synonym = _synonyms(sentence, language, rng)
    if synonym is not None:
        out["synonym"] = synonym
    if dropped is not None:
        out["drop_and_attribute"] = template.format(
            s=_decapitalise(dropped + end, language), s_no_stop=dropped
        )
    return out


def _drop_clause(body: str, language: str) -> str | None:
    # A parenthesis, a clause between commas opened by a relative word, or a trailing clause.
    for pattern in (
        r" \([^()]{3,80}\)",
        rf", (?:{_RELATIVES[language]})\b{_CLAUSE}{{3,80}},(?!\d)",
        rf", (?:{_RELATIVES[language]})\b{_CLAUSE}{{3,120}}$",
    ):
        match = re.search(pattern, body)
        if match:
            # A clause between commas leaves one comma where German needs it, or where a name
            # follows (", Germany, which ..., Jörg has" keeps ", Germany, Jörg has").
            following = body[match.end() :].lstrip()[:1]
            middle = match.group().endswith(",")
            replacement = "," if middle and (language == "de" or following.isupper()) else ""
            shorter = (body[: match.start()] + replacement + body[match.end() :]).strip()
            shorter = shorter.rstrip(",")
            if len(shorter.split()) >= 6:
                return shorter
    return None


def _synonyms(sentence: str, language: str, rng: random.Random) -> str | None:
    table = _SYNONYMS[language]
    words = [m for m in _WORD.finditer(sentence) if m.group() in table]
    if not words:
        return None
    chosen = sorted(rng.sample(words, min(2, len(words))), key=lambda m: m.start(), reverse=True)
    out = sentence
    for match in chosen:
        out = out[: match.start()] + table[match.group()] + out[match.end() :]
    return out


def _negation(sentence: str, language: str) -> str | None:
    negated = _NEGATED[language].search(sentence)
    if negated:
        if language == "fr":
            return sentence[: negated.start()] + negated.group(1) + sentence[negated.end() :]
        if negated.group() == "n't":
            return None
        return sentence[: negated.start()] + sentence[negated.end() :]
    if language == "de":
        # "ein" → "kein" is the least awkward German negation; else "nicht" after an auxiliary.
        indefinite = re.search(r"\b(ein|eine|einen|einem|einer)\b", sentence[1:])
        if indefinite:
            start = indefinite.start() + 1
            return sentence[:start] + "k" + sentence[start:]
    for auxiliary in _AUXILIARIES[language]:
        match = re.search(rf"(?<=\s){re.escape(auxiliary)}(?=\s)", sentence)
        if not match:
            continue
        before, after = sentence[: match.start()], sentence[match.end() :]
        if language == "en":
            word = "cannot" if auxiliary == "can" else f"{auxiliary} not"
        elif language == "de":
            word = f"{auxiliary} nicht"
        elif language == "fr":
            ne = "n'" if _VOWEL_START.match(auxiliary) else "ne "
            word = f"{ne}{auxiliary} pas"
        else:
            word = f"no {auxiliary}"
        return before + word + after
    return None


def _antonym(sentence: str, language: str, rng: random.Random) -> str | None:
    pairs = dict(_GEN_ANTONYMS[language]) | {b: a for a, b in _GEN_ANTONYMS[language]}
    matches = [m for m in _WORD.finditer(sentence) if m.group().casefold() in pairs]
    if not matches:
        return None
    match = rng.choice(matches)
    replacement = pairs[match.group().casefold()]
    if match.group()[0].isupper():
        replacement = _capitalise(replacement)
    return sentence[: match.start()] + replacement + sentence[match.end() :]


def _numbers(sentence: str) -> list[re.Match[str]]:
    return list(_NUMBER.finditer(sentence))


def _number_swap(sentence: str) -> str | None:
    numbers = _numbers(sentence)
    for i, first in enumerate(numbers):
        for second in numbers[i + 1 :]:
            if first.group() != second.group():
                return (
                    sentence[: first.start()]
                    + second.group()
                    + sentence[first.end() : second.start()]
                    + first.group()
                    + sentence[second.end() :]
                )
    return None


def _number_change(sentence: str, rng: random.Random) -> str | None:
    numbers = [m for m in _numbers(sentence) if m.group().isdigit()]
    if not numbers:
        return None
    match = rng.choice(numbers)
    value = int(match.group())
    if 1900 <= value <= 2100:
        changed = value - rng.choice((1, 2, 3))
    elif value < 10:
        changed = value + rng.choice((1, 2, 3))
    else:
        changed = value * rng.choice((2, 3)) if rng.random() < 0.5 else value + rng.choice((1, 7))
    return sentence[: match.start()] + str(changed) + sentence[match.end() :]


# Two items joined only by "and", "or" or a comma change places without changing the meaning
# ("windows and doors"): such a swap is no perturbation.
_COORDINATION: Final = re.compile(r"^(?:,|,? (?:and|or|und|oder|sowie|et|ou|y|e|o|u)) $")


def _name_swap(sentence: str, language: str) -> str | None:
    names = _names(sentence, language)
    for i, (start_a, end_a, a) in enumerate(names):
        for start_b, end_b, b in names[i + 1 :]:
            if _COORDINATION.match(sentence[end_a:start_b]):
                continue
            if a.casefold() != b.casefold() and start_b > end_a + 1:
                return sentence[:start_a] + b + sentence[end_a:start_b] + a + sentence[end_b:]
    return None


def _added_claim(sentence: str, language: str, index: int) -> str:
    body, end = _body(sentence)
    claims = _ADDED_CLAIMS[language]
    return body + claims[index % len(claims)] + end


def _misattributed_amount(
    source: SourceText, sentence_id: int, rng: random.Random
) -> tuple[str, tuple[int, ...]] | None:
    """An amount given to an actor of another sentence: the sentence's name (next to its number)
    replaced by a name found only elsewhere in the article; both sentences cited."""
    sentence = source.sentences[sentence_id]
    if not _numbers(sentence):
        return None
    own = _names(sentence, source.language)
    if not own:
        return None
    own_words = {w.casefold() for _, _, w in own}
    others: list[tuple[int, str]] = []
    for other_id, other in enumerate(source.sentences):
        if other_id == sentence_id:
            continue
        for _, _, word in _names(other, source.language):
            if word.casefold() not in own_words and word.casefold() not in sentence.casefold():
                others.append((other_id, word))
    if not others:
        return None
    other_id, replacement = rng.choice(others)
    start, end, _ = own[0]
    text = sentence[:start] + replacement + sentence[end:]
    return text, tuple(sorted({sentence_id, other_id}))


def generate_cases(sources: Sequence[SourceText], seed: int = 15) -> list[GuardCase]:
    """Every applicable faithful bullet and perturbation for every usable sentence."""
    rng = random.Random(seed)  # noqa: S311 -- a reproducible suite, not a secret
    cases: list[GuardCase] = []
    claim_index = 0
    for source in sources:
        language = source.language
        for sentence_id, sentence in enumerate(source.sentences):
            if not _usable(sentence, language):
                continue
            ids = (sentence_id,)
            made: list[tuple[bool, str, str | None, tuple[int, ...]]] = [
                (True, kind, bullet, ids)
                for kind, bullet in _faithful(sentence, language, rng).items()
            ]
            made += [
                (False, "negation", _negation(sentence, language), ids),
                (False, "antonym", _antonym(sentence, language, rng), ids),
                (False, "number_swap", _number_swap(sentence), ids),
                (False, "number_change", _number_change(sentence, rng), ids),
                (False, "name_swap", _name_swap(sentence, language), ids),
                (False, "added_claim", _added_claim(sentence, language, claim_index), ids),
            ]
            moved = _misattributed_amount(source, sentence_id, rng)
            if moved is not None:
                made.append((False, "misattributed_amount", moved[0], moved[1]))
            for faithful, kind, bullet, cited in made:
                if bullet is None or (not faithful and bullet == sentence):
                    continue
                cases.append(
                    GuardCase(language, source.id, faithful, kind, bullet, cited, sentence)
                )
            claim_index += 1
    return cases


# --- running the guard ---------------------------------------------------------------------------


def _article(source: SourceText) -> Article:
    sentences = [Sentence(id=i, text=s) for i, s in enumerate(source.sentences)]
    text = " ".join(source.sentences)
    return Article(
        url="https://news.example/guard",
        canonical_url="https://news.example/guard",
        title="",
        text=text,
        sentences=sentences,
        outlet=Outlet(name="Example News", domain="news.example"),
        published=None,
        language=source.language,
        word_count=len(text.split()),
    )


def guard_drops(case: GuardCase, article: Article, *, lexical_only: bool) -> str | None:
    """The guard's drop reason for the case's bullet, or None when it is kept."""
    filler = [
        DraftBullet(text=f"Filler {n}.", sentence_ids=[case.sentence_ids[0]]) for n in range(2)
    ]
    draft = DraftSummary(
        headline=None,
        bullets=[DraftBullet(text=case.bullet, sentence_ids=list(case.sentence_ids)), *filler],
    )
    result = guard_summary(draft, article, case.language, lexical_only=lexical_only)
    for dropped in result.dropped:
        if dropped.text == draft.bullets[0].text:
            return dropped.reason
    return None


def run_guard_eval(
    data: Path,
    texts_per_language: int = DEFAULT_TEXTS_PER_LANGUAGE,
    progress: Progress | None = None,
    examples: int = 3,
    *,
    baseline: bool = True,
) -> dict[str, Any]:
    """Generate the suite and score the guard (and, with ``baseline``, the lexical checks alone)
    on it."""
    modes = ("guard", "lexical") if baseline else ("guard",)
    sources = load_sources(data, texts_per_language)
    by_id = {s.id: s for s in sources}
    cases = generate_cases(sources)
    articles = {s.id: _article(s) for s in sources}
    counts: dict[str, dict[str, dict[str, Counter[str]]]] = {
        mode: defaultdict(lambda: defaultdict(Counter)) for mode in modes
    }
    reasons: Counter[str] = Counter()
    misses: dict[str, list[dict[str, str]]] = defaultdict(list)
    started = time.perf_counter()
    for index, case in enumerate(cases, start=1):
        article = articles[case.source]
        for mode in modes:
            reason = guard_drops(case, article, lexical_only=mode == "lexical")
            tally = counts[mode][case.language][case.type]
            tally["n"] += 1
            tally["dropped"] += reason is not None
            if mode == "guard" and reason is not None:
                reasons[reason] += 1
            wrong = (reason is None) != case.faithful
            if mode == "guard" and wrong and len(misses[case.type]) < examples:
                misses[case.type].append(
                    {
                        "language": case.language,
                        "sentence": case.sentence,
                        "bullet": case.bullet,
                        "reason": reason or "",
                    }
                )
        if progress is not None:
            progress("guard", index, len(cases))
    references = _reference_drops(data, modes)
    clock_times = clock_time_checks(data)
    elapsed = time.perf_counter() - started
    report: dict[str, Any] = {
        "references": references,
        "clock_times": clock_times,
        "texts": {
            lang: sum(1 for s in by_id.values() if s.language == lang) for lang in GUARD_LANGUAGES
        },
        "cases": len(cases),
        "seconds": round(elapsed, 2),
        "drop_reasons": dict(reasons.most_common()),
        "wrong_examples": dict(misses),
    }
    for mode in modes:
        report[mode] = _summarise(counts[mode])
    return report


def _reference_drops(data: Path, modes: Sequence[str]) -> dict[str, Any]:
    """Human-written summary sentences of ``cnndm-dev`` as bullets, each citing the two article
    sentences that share the most content words with it: abstractive paraphrase, as a model may
    write, with no perturbation. Not all of them are supported by those two sentences (the
    references draw on the whole article), so the drop rate is an upper bound of false drops; the
    lexical checks' rate, in the same run, is the baseline."""
    from parallax.domain.text_terms import content_terms

    counts: Counter[str] = Counter()
    for row in _read_jsonl(data / "summaries" / "cnndm-dev.jsonl"):
        language = str(row.get("lang") or "en")
        sentences = tuple(
            s.strip() for s in split_sentences(str(row["article"]), language) if s.strip()
        )
        if len(sentences) < 2:
            continue
        source = SourceText(str(row.get("id")), language, sentences)
        article = _article(source)
        terms = [set(content_terms(s, language)) for s in sentences]
        for reference in split_sentences(str(row.get("reference") or ""), language):
            wanted = set(content_terms(reference, language))
            if not wanted:
                continue
            best = sorted(range(len(sentences)), key=lambda i: -len(wanted & terms[i]))[:2]
            case = GuardCase(
                language, source.id, True, "reference", reference, tuple(sorted(best)), ""
            )
            counts["n"] += 1
            for mode in modes:
                counts[mode] += (
                    guard_drops(case, article, lexical_only=mode == "lexical") is not None
                )
    return {"n": counts["n"], **{mode: _rate(counts[mode], counts["n"]) for mode in modes}}


def _rate(dropped: int, n: int) -> float | None:
    return round(dropped / n, 4) if n else None


def _summarise(counts: dict[str, dict[str, Counter[str]]]) -> dict[str, Any]:
    per_language: dict[str, Any] = {}
    total: dict[str, Counter[str]] = defaultdict(Counter)
    for language in GUARD_LANGUAGES:
        rows = counts.get(language, {})
        entry: dict[str, Any] = {}
        caught = Counter[str]()
        faithful = Counter[str]()
        for kind in (*UNFAITHFUL_TYPES, *FAITHFUL_TYPES):
            tally = rows.get(kind, Counter())
            entry[kind] = {"n": tally["n"], "dropped": tally["dropped"]}
            bucket = faithful if kind in FAITHFUL_TYPES else caught
            bucket["n"] += tally["n"]
            bucket["dropped"] += tally["dropped"]
            total[kind]["n"] += tally["n"]
            total[kind]["dropped"] += tally["dropped"]
        entry["catch_rate"] = _rate(caught["dropped"], caught["n"])
        entry["false_drop_rate"] = _rate(faithful["dropped"], faithful["n"])
        entry["unfaithful"] = caught["n"]
        entry["faithful"] = faithful["n"]
        per_language[language] = entry
    unfaithful_n = sum(total[k]["n"] for k in UNFAITHFUL_TYPES)
    faithful_n = sum(total[k]["n"] for k in FAITHFUL_TYPES)
    return {
        "catch_rate": _rate(sum(total[k]["dropped"] for k in UNFAITHFUL_TYPES), unfaithful_n),
        "false_drop_rate": _rate(sum(total[k]["dropped"] for k in FAITHFUL_TYPES), faithful_n),
        "by_type": {
            kind: {
                "n": total[kind]["n"],
                "rate": _rate(total[kind]["dropped"], total[kind]["n"]),
            }
            for kind in (*UNFAITHFUL_TYPES, *FAITHFUL_TYPES)
        },
        "by_language": per_language,
    }


def _pct(value: float | None) -> str:
    return "   -  " if value is None else f"{100 * value:5.1f}%"


def format_guard_table(report: dict[str, Any]) -> str:
    """Catch rate per perturbation type and language, false drops per faithful type."""
    lines = [
        f"{report['cases']} cases from {sum(report['texts'].values())} texts "
        f"({', '.join(f'{k} {v}' for k, v in report['texts'].items())}), "
        f"{report['seconds']} s",
        "",
        f"{'type':<22}" + "".join(f"{lang:>9}" for lang in GUARD_LANGUAGES) + f"{'all':>9}{'n':>7}"
        f"{'lexical':>10}",
    ]
    guard = report["guard"]
    lexical = report.get("lexical") or guard
    for title, kinds in (
        ("caught (want high)", UNFAITHFUL_TYPES),
        ("dropped (want low)", FAITHFUL_TYPES),
    ):
        lines.append(f"-- {title}")
        for kind in kinds:
            cells = []
            for language in GUARD_LANGUAGES:
                entry = guard["by_language"][language][kind]
                cells.append(f"{_pct(_rate(entry['dropped'], entry['n'])):>9}")
            overall = guard["by_type"][kind]
            lines.append(
                f"{kind:<22}{''.join(cells)}{_pct(overall['rate']):>9}{overall['n']:>7}"
                f"{_pct(lexical['by_type'][kind]['rate']):>10}"
            )
    references = report.get("references") or {}
    if references.get("n"):
        lines.append("-- human-written summary sentences (cnndm-dev), dropped")
        lines.append(
            f"{'references':<22}{'':>36}{_pct(references.get('guard')):>9}{references['n']:>7}"
            f"{_pct(references.get('lexical')):>10}"
        )
    clock = report.get("clock_times") or {}
    if clock.get("n"):
        lines.append(
            f"-- clock times respelt in a sentence's translation ({clock['sentences']} sentences)"
        )
        lines.append(
            f"{'time kept (want high)':<22}{'':>36}{_pct(clock['kept']):>9}{clock['n']:>7}"
        )
        lines.append(
            f"{'moved 1 h, refused':<22}{'':>36}{_pct(clock['refused']):>9}{clock['n']:>7}"
        )
    lines.append("--")
    for label, key in (("catch rate", "catch_rate"), ("false drops", "false_drop_rate")):
        row = "".join(f"{_pct(guard['by_language'][lang][key]):>9}" for lang in GUARD_LANGUAGES)
        lines.append(f"{label:<22}{row}{_pct(guard[key]):>9}{'':>7}{_pct(lexical[key]):>10}")
    return "\n".join(lines)
