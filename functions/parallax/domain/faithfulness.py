"""Meaning checks of the faithfulness guard: what a bullet says, not only which words it uses.

The lexical guard (``neutral_summary``) keeps a bullet when its numbers and names are found in the
sentences it cites. A model can still turn those sentences around with the same words: "rejected"
for "approved", "did not" added or dropped, "31 to 12" for "12 to 31", one actor's amount given to
another, or a clause the article never wrote ("after he was bribed"). These checks compare a
bullet with its cited sentences, in the same language, offline and in microseconds:

* **negation**: the bullet negates more than its sentences do, or states plainly what a sentence
  negates (the negated word is there, the negation is not);
* **antonym**: the bullet uses a word whose opposite its sentences use, and not the word itself
  (small per-language lexicons; a pair is matched on word stems);
* **number order**: two numbers that stand side by side ("31 to 12", "3:1") appear the other way
  round in the sentences;
* **context**: a number or a name sits among words that the sentences put next to *another*
  number or name (a swap, or an amount moved to another actor), judged on the nearest words to
  its left and right;
* **unsupported claim**: a run of content words the sentences do not support (an added clause),
  or one loaded word (bribery, fraud, arrest, ...) they do not contain.

Paraphrase within a sentence survives: reordered clauses, dropped clauses, an attribution
("according to the report"), a synonym or two. Bullets in another language than their article are
left to the lexical checks (these lexicons compare words of one language).

Pure functions; no I/O. ``neutral_summary`` decides when they run.
"""

# ruff: noqa: RUF001 -- typographic apostrophes of French and Spanish text are matched on purpose
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal

from parallax.domain.languages import primary_language
from parallax.domain.numbers import NUMBER_PATTERN
from parallax.domain.text_terms import stop_words

__all__ = ["MEANING_LANGUAGES", "MeaningReason", "meaning_problem", "number_order_problem"]

MeaningReason = Literal[
    "negation", "antonym", "number_order", "number_context", "name_context", "unsupported_claim"
]

MEANING_LANGUAGES: Final = frozenset({"en", "de", "fr", "es"})
"""Languages with negation, antonym and loaded-word lexicons. Number order and context checks
run for every language."""

# --- lexicons -------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, _, b in (pair.partition("/") for pair in text.split()))


_NEGATIONS: Final[dict[str, frozenset[str]]] = {
    "en": frozenset(_words("not no never neither nor none nobody nothing cannot without")),
    "de": frozenset(
        _words("nicht kein keine keinen keinem keiner keines nie niemals niemand nichts weder ohne")
    ),
    "fr": frozenset(_words("ne n pas jamais aucun aucune rien ni sans nullement")),
    "es": frozenset(_words("no nunca jamas ningun ninguna ninguno nada nadie ni tampoco sin")),
}
# "not only", "nicht nur", "non seulement", "no solo": emphasis, not negation.
# "sin embargo" and "no obstante" (however) neither.
_NOT_NEGATING_NEXT: Final = frozenset(
    {"only", "nur", "seulement", "solo", "solamente", "embargo", "obstante"}
)

# Antonym pairs as word beginnings: a word matches an entry when it starts with it and adds at most
# three letters ("approv" matches approve, approved, approval). Entries of three letters or fewer
# match whole words only.
_ANTONYMS: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "en": _pairs(
        "approv/reject approv/refus accept/reject accept/refus increas/decreas increas/reduc "
        "rose/fell rise/fall rises/falls rising/falling won/lost win/lose wins/loses "
        "winner/loser higher/lower more/less more/fewer most/least highest/lowest "
        "guilty/innocent convict/acquitt allow/ban allowed/banned allow/forbid "
        "permit/prohibit confirm/deni confirm/deny opened/closed open/close before/after "
        "first/last best/worst support/oppos began/ended start/stopp start/end "
        "arriv/depart alive/dead surviv/died early/late earlier/later success/failure "
        "succeed/fail large/small larger/smaller big/small bigger/smaller new/old "
        "young/old younger/older positive/negative agreed/refused agree/disagree "
        "releas/detain releas/arrest freed/detained found/lost gain/lost gain/loss "
        "strong/weak stronger/weaker cheap/expensiv public/private legal/illegal "
        "easy/difficult easier/harder up/down above/below maximum/minimum "
        "includ/exclud import/export buy/sell bought/sold victory/defeat profit/loss "
        "majority/minority true/false always/never all/none everyone/nobody "
        "lead/trail ahead/behind inside/outside north/south east/west enter/leave "
        "hire/fire hired/fired raise/lower raised/lowered expand/shrink boost/cut "
        "strengthen/weaken improv/worsen safe/dangerous rich/poor wealthy/poor "
        "love/hate praised/criticised praised/criticized succeeded/failed"
    ),
    "de": _pairs(
        "genehmig/abgelehn angenomm/abgelehn zustimm/ablehn stimmte/lehnte "
        "gestieg/gesunk steig/sink stieg/sank zugenomm/abgenomm erhöh/senk "
        "gewonn/verlor gewinn/verlier siegte/unterlag höher/niedriger mehr/weniger "
        "meist/wenigst viele/wenige schuldig/unschuldig verurteil/freigesproch "
        "erlaub/verbot bestätig/dementier bestätig/bestritt geöffnet/geschlossen "
        "öffne/schließ vor/nach vorher/nachher erste/letzte beste/schlechteste "
        "begann/endete beginn/end unterstütz/ablehn lebend/tot überleb/starb "
        "früh/spät früher/später erfolg/misserfolg groß/klein größer/kleiner "
        "neu/alt jung/alt jünger/älter positiv/negativ stark/schwach stärker/schwächer "
        "billig/teuer günstig/teuer öffentlich/privat legal/illegal leicht/schwer "
        "einfach/schwierig oben/unten über/unter maximal/minimal import/export "
        "kauf/verkauf kaufte/verkaufte sieg/niederlage gewinn/verlust mehrheit/minderheit "
        "wahr/falsch immer/nie alle/keine freigelassen/festgenommen sicher/gefährlich "
        "reich/arm lob/kritisier lobte/kritisierte verbessert/verschlechtert"
    ),
    "fr": _pairs(
        "approuv/rejet accept/refus adopt/rejet augment/diminu augment/baiss hausse/baisse "
        "gagn/perd victoire/défaite plus/moins coupable/innocent condamn/acquitt "
        "autoris/interdi confirm/dément confirm/démenti ouvert/fermé ouvr/ferm "
        "avant/après premier/dernier première/dernière meilleur/pire début/fin "
        "commenc/termin soutien/oppos soutenu/opposé vivant/mort survécu/mort "
        "tôt/tard succès/échec réussi/échoué grand/petit grande/petite nouveau/ancien "
        "nouvelle/ancienne jeune/vieux jeune/âgé fort/faible positif/négatif "
        "positive/négative public/privé publique/privée légal/illégal facile/difficile "
        "beaucoup/peu hausse/chute achet/vend achat/vente import/export "
        "majorité/minorité vrai/faux toujours/jamais libér/arrêt libér/détenu "
        "sûr/dangereux riche/pauvre salu/critiqu amélior/aggrav maximum/minimum "
        "au-dessus/au-dessous supérieur/inférieur"
    ),
    "es": _pairs(
        "aprob/rechaz acept/rechaz aument/disminu aument/reduj subió/bajó sub/baj "
        "ganó/perdió gan/perd victoria/derrota más/menos culpable/inocente "
        "conden/absuel permit/prohib confirm/neg abierto/cerrado abri/cerr antes/después "
        "primer/último primera/última mejor/peor comienzo/final comenz/termin "
        "empez/termin apoy/oponi vivo/muerto sobreviv/muri temprano/tarde éxito/fracaso "
        "grande/pequeñ mayor/menor nuevo/viejo nueva/vieja joven/viejo fuerte/débil "
        "positivo/negativo positiva/negativa público/privado pública/privada "
        "legal/ilegal fácil/difícil mucho/poco muchos/pocos alto/bajo alta/baja "
        "compr/vend import/export mayoría/minoría verdad/mentira siempre/nunca "
        "liber/detuv liberad/detenid seguro/peligroso rico/pobre elogi/critic "
        "mejor/empeor máximo/mínimo superior/inferior"
    ),
}

# One of these in a bullet, and nothing like it in the sentences it cites, is an accusation (or a
# verdict) the article did not make. Word beginnings, as above.
_LOADED: Final[dict[str, tuple[str, ...]]] = {
    "en": _words(
        "brib corrupt fraud illegal unlawful crimin arrest jailed lied liar fake faked "
        "forged forgery scandal guilty murder stole steal theft abus cover-up conspir launder "
        "embezzl extort rigged cheat kickback smuggl terroris racist traitor treason"
    ),
    "de": _words(
        "besteche bestoch korrupt betrug betrüg illegal rechtswidrig kriminell festgenommen "
        "verhaftet gelogen lüge gefälscht fälsch geheim skandal schuldig mord gestohlen "
        "diebstahl missbrauch vertusch verschwör geldwäsch erpress manipuliert "
        "schmuggel terror rassist verrat"
    ),
    "fr": _words(
        "soudoy corromp corruption fraud illégal illicite crimin arrêté arrêtés arrêter "
        "emprisonn menti mensong falsifi truqu =secret =secrete =secrets =secretes scandal "
        "coupable meurtr "
        "volé détourn abus dissimul complot blanchi extorqu manipul trich contrebande "
        "terroris raciste trahi"
    ),
    "es": _words(
        "soborn corrup fraud ilegal ilícit crimin detuv detenid arrest encarcel mintió "
        "mentira falsific fraudul =secreto =secreta =secretos =secretas escándal culpable "
        "asesin robó =robo desfalc malvers "
        "abus encubr conspir blanque extors manipul trampa contraband terroris racista "
        "traici"
    ),
}

# Words an attribution adds ("according to the report", "the article says"): new, but no claim.
_ATTRIBUTION: Final[frozenset[str]] = frozenset(
    _words(
        "according report reports reported reporting article text story said says say stated "
        "states told added noted explained laut bericht berichtet artikel text heisst hiess "
        "zufolge sagte sagt erklarte erklart selon article texte rapport indique affirme "
        "declare explique segun articulo texto informe informa afirma dijo indica explica"
    )
)

_NOUN_CAPITALISING: Final = frozenset({"de", "lb"})
_MIN_CLAIM_RUN: Final = 4
"""Content words in a row (stop words aside) that the sentences do not support: an added clause.
Three would catch a few more added clauses, but drops a quarter more of the human-written summary
sentences of cnndm-dev (``parallax eval guard``, "references"), which paraphrase freely."""
_MAX_NOVEL: Final = 6
"""Unsupported content words in all, wherever they are."""
_WINDOW: Final = 3
# Vietnamese writes each syllable apart, and most words have two ("khánh thành", to open): a
# window of three tokens is a word and a half. A model's faithful Vietnamese point in the passive
# ("Tuyến metro ... Tham Lương được khánh thành sau gần 10 năm") met its own sentence's "sau gần"
# only past the window, and another name's "chính thức khánh thành" within it, and was dropped as
# "name_context" (walk13).
_SYLLABLES_A_WORD: Final[dict[str, int]] = {"vi": 2}
"""Tokens on each side of a number or name that make up its context."""

# --- tokens -----------------------------------------------------------------------------------

# A number is what the lexical checks read as one (:data:`parallax.domain.numbers.NUMBER_PATTERN`):
# a clock time in any spelling is one token ("10:30", "14.30 Uhr", "2:30 pm"), whose key is the
# time of day. Read with a pattern of its own, "10:30" was the numbers 10 and 30 with a sentence
# stop between them, so "from 9:30 to 11:15" held no pair of numbers to keep in order.
_TOKEN = re.compile(
    rf"(?P<num>{NUMBER_PATTERN.pattern})"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<stop>[.!?;:…])",
    NUMBER_PATTERN.flags,
)
_CONTRACTIONS: Final = (
    (re.compile(r"\b(can)['’]t\b", re.I), r"\1 not"),
    (re.compile(r"\b(won)['’]t\b", re.I), "will not"),
    (re.compile(r"n['’]t\b", re.I), " not"),
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: Literal["num", "word", "stop"]
    text: str
    key: str
    """Folded word (lower case, no accents), or the number's canonical value."""
    name: bool
    """A capitalised word away from the sentence start, or an acronym."""
    spaced: bool = False
    """Separated from the previous token by white space only."""
    values: frozenset[str] = frozenset()
    """A number's readings (its key is the smallest, which names it in a reason and groups the
    sentences' equal spellings): two numbers are the same when they share one, as "14 Uhr"
    ({"14", "14:00"}) and "2 pm" ({"14:00"}) do, in the order and the context checks alike."""


@lru_cache(maxsize=32768)
def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1024)
def _tokens(text: str, values: Callable[[str], frozenset[str]]) -> tuple[_Token, ...]:
    """The tokens of ``text`` (cached: a summary's bullets cite the same sentences)."""
    return tuple(_tokenise(text, values))


def _tokenise(text: str, values: Callable[[str], frozenset[str]]) -> list[_Token]:
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    out: list[_Token] = []
    sentence_start = True
    previous_end = 0
    for match in _TOKEN.finditer(text):
        gap = text[previous_end : match.start()]
        spaced = bool(out) and (not gap or gap.isspace())
        previous_end = match.end()
        if match.lastgroup == "stop":
            out.append(_Token("stop", match.group(), "", name=False))
            sentence_start = True
            continue
        if match.lastgroup == "num":
            token = match.group()
            readings = values(token) or frozenset({token})
            out.append(_Token("num", token, min(readings), name=False, values=readings))
            sentence_start = False
            continue
        word = match.group()
        capital = len(word) >= 2 and word[0].isupper()
        acronym = len(word) >= 2 and word.isupper()
        name = acronym or (capital and not sentence_start)
        out.append(_Token("word", word, _fold(word), name=name, spaced=spaced))
        sentence_start = False
    return out


def _prefix_match(word: str, entry: str) -> bool:
    if len(entry) <= 3:
        return word == entry
    return word.startswith(entry) and len(word) - len(entry) <= 3


def _loaded_match(word: str, entry: str) -> bool:
    """A loaded-word entry: "=word" is that word only; otherwise a beginning with up to four more
    letters ("soborn" → sobornados, "brib" → bribery)."""
    if entry.startswith("="):
        return word == _fold(entry[1:])
    entry = _fold(entry)
    return word.startswith(entry) and len(word) - len(entry) <= _LOADED_SLACK


_LOADED_SLACK: Final = 4


def _same_word(a: str, b: str) -> bool:
    """Equal, or one inflection of the other (a shared beginning of five letters or more with at
    most four letters of difference): "approved"/"approves", "Regierung"/"Regierungen"."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 4:
        return False
    common = 0
    for x, y in zip(short, long_, strict=False):
        if x != y:
            break
        common += 1
    return common >= max(4, len(short) - 2) and len(long_) - common <= 4


class _Vocabulary:
    """The folded words of the cited sentences, looked up with :func:`_same_word`."""

    def __init__(self, words: Iterable[str], *, compounds: bool = False) -> None:
        self.words = set(words)
        self.compounds = compounds
        self._by_prefix: dict[str, list[str]] = {}
        for word in self.words:
            self._by_prefix.setdefault(word[:4], []).append(word)

    def __contains__(self, word: str) -> bool:
        if word in self.words:
            return True
        if any(_same_word(word, w) for w in self._by_prefix.get(word[:4], ())):
            return True
        if self.compounds and len(word) >= _COMPOUND_PART:
            # German compounds: "Gesetz" is part of "Klimagesetz", "Klimaschutz" shares its
            # first part with it.
            return any(
                (len(w) >= _COMPOUND_PART and (word in w or w in word))
                or w[:_COMPOUND_PART] == word[:_COMPOUND_PART]
                for w in self.words
            )
        return False


_COMPOUND_PART: Final = 5


# --- the checks ---------------------------------------------------------------------------------


def meaning_problem(
    bullet: str,
    sources: Sequence[str],
    language: str,
    values: Callable[[str], frozenset[str]],
) -> tuple[MeaningReason, str] | None:
    """Why ``bullet`` says something its cited ``sources`` (same language) do not, or None.

    ``values`` maps a number token to the values it can denote (``neutral_summary`` reads "1.000"
    as 1000 or 1 depending on the language); the first is used as the number's key.
    """
    stops = stop_words(language)
    bullet_tokens = _tokens(bullet, values)
    source_tokens = [_tokens(s, values) for s in sources]
    if language in MEANING_LANGUAGES:
        found = _negation(bullet_tokens, source_tokens, language, stops) or _antonym(
            bullet_tokens, source_tokens, language
        )
        if found:
            return found
    window = _WINDOW * _SYLLABLES_A_WORD.get(primary_language(language), 1)
    found = _number_order(bullet_tokens, source_tokens) or _context(
        bullet_tokens, source_tokens, stops, window
    )
    if found:
        return found
    return _unsupported_claim(bullet_tokens, source_tokens, language, stops)


def number_order_problem(
    bullet: str, sources: Sequence[str], values: Callable[[str], frozenset[str]]
) -> tuple[MeaningReason, str] | None:
    """The one meaning check that needs no words, so it holds across languages too: two numbers
    side by side in the bullet ("12 to 31") stand the other way round in the sentences
    ("31 zu 12")."""
    return _number_order(_tokens(bullet, values), [_tokens(s, values) for s in sources])


def _is_negation(tokens: Sequence[_Token], i: int, negations: frozenset[str]) -> bool:
    token = tokens[i]
    if token.kind != "word" or token.key not in negations:
        return False
    following = tokens[i + 1].key if i + 1 < len(tokens) else ""
    return following not in _NOT_NEGATING_NEXT


def _negation(
    bullet: Sequence[_Token],
    sources: Sequence[Sequence[_Token]],
    language: str,
    stops: frozenset[str],
) -> tuple[MeaningReason, str] | None:
    negations = _NEGATIONS[language]
    bullet_neg = [i for i in range(len(bullet)) if _is_negation(bullet, i, negations)]
    source_neg = sum(
        1 for tokens in sources for i in range(len(tokens)) if _is_negation(tokens, i, negations)
    )
    if len(bullet_neg) > source_neg:
        return ("negation", bullet[bullet_neg[0]].text)
    # What a sentence negates, stated plainly: the negated word is in the bullet with no
    # negation in the few words before (or, for "ne ... pas", around) it, and the sentences never
    # use that word without one.
    if not source_neg:
        return None
    plain = _plain_words(sources, negations)
    bullet_plain = _plain_words([bullet], negations)
    for tokens in sources:
        for i in range(len(tokens)):
            if not _is_negation(tokens, i, negations):
                continue
            target = next(
                (
                    t.key
                    for t in tokens[i + 1 : i + 4]
                    if t.kind == "word" and t.key not in stops and t.key not in negations
                ),
                None,
            )
            if target is None or target in plain:
                continue
            if target in bullet_plain:
                return ("negation", tokens[i].text + " " + target)
    return None


def _plain_words(sources: Iterable[Sequence[_Token]], negations: frozenset[str]) -> _Vocabulary:
    """Words used without a negation in the four tokens before or two after them."""
    words: list[str] = []
    for tokens in sources:
        for j, token in enumerate(tokens):
            if token.kind != "word":
                continue
            window = range(max(0, j - 4), min(len(tokens), j + 3))
            if not any(_is_negation(tokens, k, negations) for k in window):
                words.append(token.key)
    return _Vocabulary(words)


@dataclass(frozen=True, slots=True)
class _AntonymIndex:
    by_start: dict[str, tuple[str, ...]]
    """Lexicon entries by their first two letters."""
    opposites: dict[str, tuple[str, ...]]

    def entries(self, word: str) -> set[str]:
        return {e for e in self.by_start.get(word[:2], ()) if _prefix_match(word, e)}


@lru_cache(maxsize=8)
def _antonym_index(language: str) -> _AntonymIndex:
    opposites: dict[str, list[str]] = {}
    for a, b in _ANTONYMS.get(language, ()):
        opposites.setdefault(_fold(a), []).append(_fold(b))
        opposites.setdefault(_fold(b), []).append(_fold(a))
    by_start: dict[str, list[str]] = {}
    for entry in opposites:
        by_start.setdefault(entry[:2], []).append(entry)
    return _AntonymIndex(
        {k: tuple(v) for k, v in by_start.items()}, {k: tuple(v) for k, v in opposites.items()}
    )


def _antonym(
    bullet: Sequence[_Token], sources: Sequence[Sequence[_Token]], language: str
) -> tuple[MeaningReason, str] | None:
    index = _antonym_index(language)
    in_sources: set[str] = set()
    for word in {t.key for tokens in sources for t in tokens if t.kind == "word"}:
        in_sources |= index.entries(word)
    for token in bullet:
        if token.kind != "word":
            continue
        for entry in index.entries(token.key) - in_sources:
            if any(opposite in in_sources for opposite in index.opposites[entry]):
                return ("antonym", token.text)
    return None


_Pair = tuple[_Token, _Token]


def _number_pairs(tokens: Sequence[_Token]) -> list[_Pair]:
    """Numbers that stand side by side: at most two words between them, in order."""
    pairs: list[_Pair] = []
    for i, token in enumerate(tokens):
        if token.kind != "num":
            continue
        for other in tokens[i + 1 : i + 4]:
            if other.kind == "stop":
                break
            if other.kind == "num":
                if token.values.isdisjoint(other.values):
                    pairs.append((token, other))
                break
    return pairs


def _number_order(
    bullet: Sequence[_Token], sources: Sequence[Sequence[_Token]]
) -> tuple[MeaningReason, str] | None:
    """A pair of the bullet's numbers that the sentences hold the other way round, and never
    this way. Numbers are compared by their readings, not one key each: "14 Uhr" is keyed "14"
    and "2 pm" "14:00", so "from 4 pm to 2 pm" for "von 14 Uhr bis 16 Uhr" was not seen."""
    source_pairs = [pair for tokens in sources for pair in _number_pairs(tokens)]
    for first, second in _number_pairs(bullet):
        turned = any(
            not (first.values.isdisjoint(later.values) or second.values.isdisjoint(earlier.values))
            for earlier, later in source_pairs
        )
        kept = any(
            not (first.values.isdisjoint(earlier.values) or second.values.isdisjoint(later.values))
            for earlier, later in source_pairs
        )
        if turned and not kept:
            return ("number_order", f"{first.key} {second.key}")
    return None


def _side(
    tokens: Sequence[_Token],
    index: int,
    step: int,
    stops: frozenset[str],
    *,
    reach: int = _WINDOW,
    through_entities: bool = False,
) -> frozenset[str]:
    """Content words within ``reach`` tokens of ``index`` on one side, up to the sentence end and,
    unless ``through_entities``, the next number or name (which has a context of its own; a
    number's context includes the names next to it: "Begum, 15")."""
    words: list[str] = []
    position = index + step
    number = tokens[index].kind == "num"
    for _ in range(reach):
        if not 0 <= position < len(tokens):
            break
        token = tokens[position]
        if token.kind == "stop":
            break
        if not through_entities and (token.kind == "num" or (token.name and not number)):
            break
        if token.key not in stops and len(token.key) > 2:
            words.append(token.key)
        if not through_entities and token.name:
            break
        position += step
    return frozenset(words)


_OWN_REACH: Final = 40
"""How far an entity's own context reaches in its sentences (in practice, to the sentence's end):
a bullet that drops a clause brings words from beyond it next to the entity."""


def _overlap(mine: frozenset[str], theirs: frozenset[str]) -> int:
    return sum(1 for word in mine if any(_same_word(word, other) for other in theirs))


def _entity(token: _Token) -> str | None:
    if token.kind == "num":
        return "num:" + token.key
    if token.kind == "word" and token.name:
        return "name:" + token.key
    return None


_Sides = tuple[frozenset[str], frozenset[str]]


def _names_near(tokens: Sequence[_Token], index: int, reach: int = _WINDOW) -> frozenset[str]:
    """Names within ``reach`` tokens of ``index``, in its sentence."""
    names: set[str] = set()
    for step in (-1, 1):
        position = index + step
        for _ in range(reach):
            if not 0 <= position < len(tokens) or tokens[position].kind == "stop":
                break
            if tokens[position].name:
                names.add(tokens[position].key)
            position += step
    return frozenset(names)


def _occurrences(
    sources: Sequence[Sequence[_Token]], key: str
) -> list[tuple[Sequence[_Token], int]]:
    return [(tokens, i) for tokens in sources for i, t in enumerate(tokens) if _entity(t) == key]


def _name_pairs(sources: Iterable[Sequence[_Token]], gap: int) -> set[tuple[str, str]]:
    """Names that follow each other, with at most ``gap`` other names between them ("Roberto
    Merhi (Spain) Marussia" gives merhi-marussia at gap 1)."""
    pairs: set[tuple[str, str]] = set()
    for tokens in sources:
        for i, token in enumerate(tokens):
            if not token.name:
                continue
            for step in range(1, gap + 2):
                if i + step >= len(tokens) or not tokens[i + step].name:
                    break
                if step == 1 and gap == 0 and not tokens[i + 1].spaced:
                    break
                pairs.add(("name:" + token.key, "name:" + tokens[i + step].key))
    return pairs


def _joined_names(
    bullet: Sequence[_Token], sources: Sequence[Sequence[_Token]]
) -> tuple[MeaningReason, str] | None:
    """Two names side by side that the sentences never put side by side, one of which the
    sentences join to another name: "Michael Choudary" from "Anjem Choudary and Michael
    Adebowale". (Names the sentences lack are the lexical check's.)"""
    pairs = _name_pairs(sources, gap=1)
    followed = {first for first, _ in pairs}
    preceded = {second for _, second in pairs}
    for first, second in _name_pairs([bullet], gap=0) - pairs:
        if first in followed or second in preceded:
            return ("name_context", f"{first[5:]} {second[5:]}")
    return None


def _amount_of_another(
    bullet: Sequence[_Token],
    index: int,
    sources: Sequence[Sequence[_Token]],
    keys: frozenset[str],
    near: dict[str, Any],
) -> bool:
    """An amount next to an actor its sentences do not name anywhere near that amount: "Lopez
    received 5 million" where 5 million is Baker's. (Only names the sentences use: a name they
    lack is the lexical check's, and in German a new capitalised word is as often a noun:
    "Personen" for "Menschen".)"""
    actors = _names_near(bullet, index) & {n[5:] for n in near if n.startswith("name:")}
    places = [place for key in keys for place in _occurrences(sources, key)]
    if not actors or not any(_names_near(t, j) for t, j in places):
        return False
    known = frozenset().union(*(_names_near(t, j, _OWN_REACH) for t, j in places))
    return not actors <= known


_COORDINATORS: Final = frozenset(
    _words("and or nor but und oder sowie aber et ou ni mais y o e u ni pero sino")
)


def _left_words(sources: Iterable[Sequence[_Token]]) -> dict[str, set[str]]:
    """For each name, the words right before it (articles and prepositions included)."""
    left: dict[str, set[str]] = {}
    for tokens in sources:
        for i, token in enumerate(tokens):
            if token.kind == "word" and token.name and i and token.spaced:
                previous = tokens[i - 1]
                if previous.kind == "word" and not previous.name:
                    left.setdefault("name:" + token.key, set()).add(previous.key)
    return left


def _swapped_neighbour(
    bullet: Sequence[_Token], sources: Sequence[Sequence[_Token]], near: dict[str, Any]
) -> tuple[MeaningReason, str] | None:
    """A name after a word that, in the sentences, comes before another name of the bullet and
    never before this one: two names (or German nouns) that changed places ("im Schwarzwald im
    Feldberg" for "in Feldberg im Schwarzwald"), even with no content word around them."""
    left = _left_words(sources)
    present = {key for key in map(_entity, bullet) if key is not None}
    for i, token in enumerate(bullet[1:], start=1):
        key = _entity(token)
        previous = bullet[i - 1]
        if (
            key is None
            or token.kind != "word"
            or key not in near
            or not token.spaced
            or previous.kind != "word"
            or previous.name
            or previous.key in _COORDINATORS
            or previous.key in left.get(key, ())
        ):
            continue
        if any(other != key and previous.key in left.get(other, ()) for other in present):
            return ("name_context", f"{previous.text} {token.text}")
    return None


def _number_readings(sources: Iterable[Sequence[_Token]]) -> dict[str, set[str]]:
    """Every reading of the sentences' numbers, by entity key."""
    readings: dict[str, set[str]] = {}
    for tokens in sources:
        for token in tokens:
            if token.kind == "num":
                readings.setdefault("num:" + token.key, set()).update(token.values)
    return readings


def _same_entities(
    token: _Token, key: str, readings: dict[str, set[str]], near: dict[str, Any]
) -> frozenset[str]:
    """The sentences' entities that ``token`` (entity ``key``) is: for a number, those sharing a
    reading with it. Keyed by one reading each, a bullet's "14:00 Uhr" was no "14 Uhr" and
    "1000 Euro" no "1.000 Euro", so the context check was skipped and another actor's time or
    amount kept."""
    if token.kind == "num":
        return frozenset(k for k, values in readings.items() if not token.values.isdisjoint(values))
    return frozenset({key}) & near.keys()


def _context(
    bullet: Sequence[_Token],
    sources: Sequence[Sequence[_Token]],
    stops: frozenset[str],
    window: int = _WINDOW,
) -> tuple[MeaningReason, str] | None:
    near: dict[str, list[tuple[int, _Sides]]] = {}
    wide: dict[str, list[_Sides]] = {}
    for sentence, tokens in enumerate(sources):
        for i, token in enumerate(tokens):
            key = _entity(token)
            if key is None:
                continue
            near.setdefault(key, []).append(
                (
                    sentence,
                    (
                        _side(tokens, i, -1, stops, reach=window),
                        _side(tokens, i, 1, stops, reach=window),
                    ),
                )
            )
            wide.setdefault(key, []).append(
                (
                    _side(tokens, i, -1, stops, reach=_OWN_REACH, through_entities=True),
                    _side(tokens, i, 1, stops, reach=_OWN_REACH, through_entities=True),
                )
            )
    found = _joined_names(bullet, sources) or _swapped_neighbour(bullet, sources, near)
    if found is not None:
        return found
    readings = _number_readings(sources)
    for i, token in enumerate(bullet):
        key = _entity(token)
        if key is None:
            continue
        keys = _same_entities(token, key, readings, near)
        if not keys:
            continue
        if token.kind == "num" and _amount_of_another(bullet, i, sources, keys, near):
            return ("number_context", token.text)
        left = _side(bullet, i, -1, stops, reach=window)
        right = _side(bullet, i, 1, stops, reach=window)
        if not (left or right):
            continue
        own = max(_overlap(left, l_) + _overlap(right, r_) for k in keys for l_, r_ in wide[k])
        kind = key.split(":", 1)[0]
        # A number is compared with the other numbers of its own sentences (a bullet may join
        # "approved the budget" from one sentence to "7 votes to 2" from another); a name with
        # every other name (an amount given to an actor of another sentence).
        mine = {sentence for k in keys for sentence, _ in near[k]}
        other = max(
            (
                _overlap(left, l_) + _overlap(right, r_)
                for other_key, sides in near.items()
                if other_key not in keys and other_key.startswith(kind + ":")
                for sentence, (l_, r_) in sides
                if kind == "name" or sentence in mine
            ),
            default=0,
        )
        if other > own:
            return ("number_context" if kind == "num" else "name_context", token.text)
    return None


def _unsupported_claim(
    bullet: Sequence[_Token],
    sources: Sequence[Sequence[_Token]],
    language: str,
    stops: frozenset[str],
) -> tuple[MeaningReason, str] | None:
    vocabulary = _Vocabulary(
        (t.key for tokens in sources for t in tokens if t.kind == "word"),
        compounds=language in _NOUN_CAPITALISING,
    )
    loaded = _LOADED.get(language, ())
    run: list[str] = []
    novel: list[str] = []
    # Names are the lexical check's, except where every noun is capitalised (German).
    skip_names = language not in _NOUN_CAPITALISING
    for token in bullet:
        if token.kind != "word" or token.key in stops or len(token.key) <= 2:
            continue
        if token.key in vocabulary:
            run = []
            continue
        if any(_loaded_match(token.key, entry) for entry in loaded):
            return ("unsupported_claim", token.text)
        if token.name and skip_names:
            continue
        if token.key in _ATTRIBUTION:
            continue
        run.append(token.text)
        novel.append(token.text)
        if len(run) >= _MIN_CLAIM_RUN:
            return ("unsupported_claim", " ".join(run))
    if len(novel) >= _MAX_NOVEL:
        return ("unsupported_claim", " ".join(novel[:_MAX_NOVEL]))
    return None
