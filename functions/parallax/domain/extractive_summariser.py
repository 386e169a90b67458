"""The offline extractive summariser: chooses a few of the article's own sentences.

Used when no language model is configured or the model fails. The choice combines what news
writing and the evaluation both reward:

* position: news puts the story in its first sentences (the "lead"), so earlier is better;
* centrality: a sentence whose words recur in the sentences *after* it states what the article
  goes on to develop (the directed centrality of PacSum, Zheng & Lapata 2019, on TF-IDF vectors);
* title overlap, when the title is known;
* neutrality: quotations, questions and sentences dominated by opinion markers are down-weighted,
  because a neutral summary states what happened and attributes claims rather than repeating them
  (a sentence that is mostly direct speech is a last resort);
* hygiene: very short and very long sentences, page furniture ("Read more", photo credits) and
  sentences that open with a pronoun (unclear out of context) lose;
* redundancy: a candidate that repeats a chosen sentence is passed over (maximal marginal relevance).

The weights are global (one set for every article and language), chosen on the development sets
in ../shared/data/summaries; ``bench/bench_summaries.py`` measures them against Lead-3.

Bullets are the chosen sentences verbatim, in article order, each citing its own sentence id. They
cannot be translated, so a reader who asked for another language gets ``notice="not_translated"``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from parallax.domain.errors import InvalidRequest
from parallax.domain.languages import primary_language
from parallax.domain.models import Article, Bullet, Summary
from parallax.domain.page_notices import is_page_notice, page_is_about_browsing
from parallax.domain.text_terms import content_terms, has_cjk, tokenize

__all__ = [
    "DEFAULT_WEIGHTS",
    "MAX_BULLETS",
    "NOT_TRANSLATED",
    "SCAN_LIMIT",
    "ExtractiveSummariser",
    "ScoringWeights",
    "default_sentence_count",
    "is_furniture",
    "select_sentences",
]

NOT_TRANSLATED = "not_translated"
"""The notice of bullets left in the article's language: its own sentences cannot be translated
here (the model summariser translates a short article's when it sees it)."""

SCAN_LIMIT = 200
"""Only the first sentences are candidates. A news story is told in its first screens, and the
pairwise similarity is quadratic: a megabyte of text (thousands of sentences) must still come back
in milliseconds, not fail."""


@dataclass(frozen=True, slots=True)
class ScoringWeights:
    """The global knobs of the scorer; one set for every article and language."""

    position_decay: float = 0.8
    """The prior of sentence ``i`` (from 0) is ``(1 + i) ** -position_decay``; the other signals
    multiply it, so they reorder sentences of similar position rather than overrule the lead."""
    centrality: float = 0.5
    backward: float = -0.3
    """Weight of similarity to *earlier* sentences relative to later ones (negative: a sentence
    that only repeats what came before is not the one that introduces the story)."""
    title: float = 1.0
    redundancy: float = 0.3
    quote_penalty: float = 0.4
    """For a sentence more than half inside quotation marks: the multiplier falls linearly from 1
    to ``quote_penalty`` as the quoted share rises from 0 to 1."""
    quotation_penalty: float = 0.1
    """For a sentence more than two thirds inside quotation marks: it is someone's words, not the
    report, so it is a last resort (chosen only when the article offers too little else). A quote
    lead ("«The car was stolen on Sunday», the police said on Monday.") otherwise wins on position
    alone."""
    question_penalty: float = 0.4
    opinion_penalty: float = 0.5
    boilerplate_penalty: float = 0.05
    anaphora_penalty: float = 0.7
    """For a sentence that opens with a pronoun ("He said ..."): out of its context it leaves the
    reader asking who; the first sentence is exempt."""
    short_words: int = 7
    long_words: int = 55


DEFAULT_WEIGHTS = ScoringWeights()


def default_sentence_count(sentences: Sequence[str]) -> int:
    """How many sentences a summary of this text should have: fewer for short texts (a summary as
    long as its article is not a summary), 3 for a news item, up to 6 for a long read: the
    reader of a 3,000-word feature needs more than its first three points."""
    count = len(sentences)
    words = sum(_word_count(s) for s in sentences[:SCAN_LIMIT])
    if count <= 2 or words < 40:
        return min(count, 1)
    if count <= 5 or words < 80:
        return 2
    for bound, wanted in _BULLETS_BY_WORDS:
        if words < bound:
            return wanted
    return MAX_BULLETS


MAX_BULLETS = 6
# (words below, bullets): 3 for a news item, 5 for a long read, 6 beyond 2,000 words. Reference
# summaries of news items are about three sentences (cnndm-dev, 20min-dev): a fourth bullet for
# 700-1,000 words cost 0.6 ROUGE-1 on cnndm-dev (41.43 -> 40.79, below Lead-3's 40.88).
_BULLETS_BY_WORDS = ((1000, 3), (2000, 5))


def select_sentences(
    sentences: Sequence[str],
    language: str,
    title: str | None = None,
    n: int | None = None,
    weights: ScoringWeights = DEFAULT_WEIGHTS,
    *,
    about_browsing: bool | None = None,
) -> list[int]:
    """Indices of the sentences that summarise ``sentences``, ascending (article order).

    ``language`` is the text's language (any tag; one without stop words still works, less well).
    ``n`` defaults to :func:`default_sentence_count`; fewer come back when the text is shorter.
    An empty text gives ``[]``; a negative ``n`` raises ``InvalidRequest``.
    ``about_browsing`` is the article's decision (:attr:`parallax.domain.models.Article.about_browsing`);
    None decides it from ``title`` and the sentences.
    """
    if n is not None and n < 0:
        raise InvalidRequest("the number of summary sentences must not be negative")
    lang = primary_language(language or "en")
    scanned = list(sentences[:SCAN_LIMIT])
    if about_browsing is None:
        about_browsing = page_is_about_browsing([title], scanned)
    furniture = {
        i
        for i, sentence in enumerate(scanned)
        if is_furniture(sentence, title, page_about_browsing=about_browsing)
    }
    prose = [sentence for i, sentence in enumerate(scanned) if i not in furniture]
    wanted = default_sentence_count(prose) if n is None else n
    wanted = min(wanted, len(prose))
    if wanted == 0:
        return []
    scores, vectors = _score(scanned, lang, title, weights)
    return _pick(scores, vectors, wanted, weights.redundancy, furniture)


class ExtractiveSummariser:
    """The ``Summariser`` port, offline: the article's own sentences, chosen and cited."""

    def __init__(self, weights: ScoringWeights = DEFAULT_WEIGHTS) -> None:
        self._weights = weights

    def summarise(
        self,
        article: Article,
        language: str,
        max_bullets: int = MAX_BULLETS,
        *,
        time_left_s: float | None = None,
    ) -> Summary:
        """Up to ``max_bullets`` bullets (3 for a news item, up to 6 for a long read, see
        :func:`default_sentence_count`); none for an article without sentences. Page furniture
        (headline copies, bylines, update notices, navigation) is never a bullet. ``notice`` is
        ``"not_translated"`` when ``language`` is not the article's. ``time_left_s`` is not
        needed: nothing here waits on anything."""
        sentences = sorted(article.sentences, key=lambda s: s.id)
        texts = [s.text for s in sentences]
        chosen = select_sentences(
            texts,
            article.language,
            title=article.title or None,
            n=min(max(max_bullets, 0), default_sentence_count(texts)),
            weights=self._weights,
            about_browsing=article.about_browsing,
        )
        bullets = [Bullet(text=sentences[i].text, sentence_ids=[sentences[i].id]) for i in chosen]
        wanted = primary_language(language) if language else ""
        translated = not wanted or wanted == primary_language(article.language)
        return Summary(
            language=article.language,
            method="extractive",
            bullets=bullets,
            notice=None if translated else NOT_TRANSLATED,
        )


# --- scoring -----------------------------------------------------------------------------------

_Vector = dict[str, float]


def _score(
    sentences: list[str], lang: str, title: str | None, w: ScoringWeights
) -> tuple[list[float], list[_Vector]]:
    terms = [content_terms(s, lang) for s in sentences]
    vectors = _tfidf(terms)
    count = len(sentences)
    forward = [0.0] * count
    backward = [0.0] * count
    for i in range(count):
        for j in range(i + 1, count):
            sim = _cosine(vectors[i], vectors[j])
            forward[i] += sim
            backward[j] += sim
    centrality = [f + w.backward * b for f, b in zip(forward, backward, strict=True)]
    centrality = _rescale(centrality)
    title_vector = _unit(Counter(content_terms(title, lang))) if title else {}
    title_sim = [_cosine(title_vector, v) for v in vectors] if title_vector else [0.0] * count

    scores: list[float] = []
    openers = _ANAPHORA.get(lang, frozenset())
    for i, sentence in enumerate(sentences):
        prior = (1.0 + i) ** -w.position_decay
        base = prior * (1.0 + w.centrality * centrality[i] + w.title * title_sim[i])
        factor = _quality(sentence, lang, w)
        if i > 0 and openers and _first_word(sentence) in openers:
            factor *= w.anaphora_penalty
        scores.append(base * factor)
    return scores, vectors


def _quality(sentence: str, lang: str, w: ScoringWeights) -> float:
    """A multiplier in (0, 1]: what makes a sentence a poor bullet regardless of its content."""
    factor = 1.0
    words = _word_count(sentence)
    if words < w.short_words:
        factor *= (words / w.short_words) ** 2
    elif words > w.long_words:
        factor *= (w.long_words / words) ** 2
    if _is_boilerplate(sentence):
        factor *= w.boilerplate_penalty
    if sentence.rstrip(_TRAILING).endswith(("?", "\uff1f", "\u061f")):
        factor *= w.question_penalty
    quoted = _quoted_share(sentence)
    if quoted > _MOSTLY_QUOTED:
        factor *= w.quotation_penalty
    elif quoted > 0.5:
        factor *= 1.0 - (1.0 - w.quote_penalty) * quoted
    opinion = opinion_share(sentence, lang)
    if opinion > 0.0:
        factor *= 1.0 - (1.0 - w.opinion_penalty) * min(1.0, 4.0 * opinion)
    return factor


# The scripts written without spaces between words whose words WORD_MARKS keeps whole: Thai, Lao,
# Myanmar, Khmer (attack17: a Lao, Myanmar or Khmer clause became one token, as Thai's had).
_UNSPACED: Final = re.compile(r"[\u0e01-\u0e4e\u0e81-\u0edf\u1000-\u109f\u1780-\u17dd]")


def _word_count(sentence: str) -> int:
    """Words, with unspaced CJK runs counted as one word per two characters (a typical word) and
    Thai, Lao, Myanmar and Khmer runs (a clause: they put no space between words) as one per
    four."""
    count = 0
    for token in tokenize(sentence):
        if has_cjk(token):
            count += (len(token) + 1) // 2
        elif _UNSPACED.search(token) is not None:
            # Counted as one word, six paragraphs of a Thai report were a text of 70 words and got
            # two bullets (walk9; before that, \w+ cut Thai at every vowel and tone mark).
            count += (len(token) + 3) // 4
        else:
            count += 1
    return count


def _pick(
    scores: list[float],
    vectors: list[_Vector],
    wanted: int,
    redundancy: float,
    excluded: set[int],
) -> list[int]:
    chosen: list[int] = []
    candidates = set(range(len(scores))) - excluded
    top = max((scores[i] for i in candidates), default=0.0) or 1.0
    while len(chosen) < wanted and candidates:
        best, best_value = -1, -math.inf
        for i in sorted(candidates):
            overlap = max((_cosine(vectors[i], vectors[j]) for j in chosen), default=0.0)
            if overlap >= _NEAR_DUPLICATE or any(
                _shared_terms(vectors[i], vectors[j]) >= _NEAR_DUPLICATE_TERMS for j in chosen
            ):
                continue
            value = scores[i] / top - redundancy * overlap
            if value > best_value:
                best, best_value = i, value
        if best < 0:
            break
        chosen.append(best)
        candidates.discard(best)
    return sorted(chosen)


# Two sentences this similar (TF-IDF cosine) say the same thing: a wire story repeated under a
# photo, a lead restated as a summary box. The second is never a bullet of its own.
_NEAR_DUPLICATE = 0.6
# ... or share this much of their content words (Jaccard): the same point in other words, which
# the TF-IDF weights can hide when the shared words are frequent in the article.
_NEAR_DUPLICATE_TERMS = 0.5


def _shared_terms(a: _Vector, b: _Vector) -> float:
    if not a or not b:
        return 0.0
    shared = len(a.keys() & b.keys())
    return shared / (len(a) + len(b) - shared)


def _tfidf(terms: list[list[str]]) -> list[_Vector]:
    df: Counter[str] = Counter()
    for bag in terms:
        df.update(set(bag))
    n = len(terms)
    idf = {term: math.log((1 + n) / (0.5 + count)) for term, count in df.items()}
    return [_unit({t: c * idf[t] for t, c in Counter(bag).items()}) for bag in terms]


def _unit(vector: dict[str, float] | Counter[str]) -> _Vector:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def _cosine(a: _Vector, b: _Vector) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def _rescale(values: list[float]) -> list[float]:
    low, high = min(values, default=0.0), max(values, default=0.0)
    span = high - low
    return [(v - low) / span if span > 0 else 0.0 for v in values]


_ANAPHORA: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "he she it they this these those his her their its him them",
        "de": "er sie es dies diese dieser dieses diesem diesen ihr ihm ihn sein seine ihre",
        "fr": "il elle ils elles ce cela ceci celui celle ceux celles",
        "es": "él ella ellos ellas este esta esto estos estas ese esa eso",
        "it": "lui lei loro questo questa questi queste quello quella",
        "pt": "ele ela eles elas este esta isto isso estes estas",
        "nl": "hij zij ze het dit deze dat zijn haar hun",
        "pl": "on ona oni one ono ten ta to ci te jego jej ich",
    }.items()
}


def _first_word(sentence: str) -> str:
    tokens = tokenize(sentence[:40])
    return tokens[0] if tokens else ""


# --- neutrality and hygiene --------------------------------------------------------------------

_TRAILING = " \"'”’»«›)]」』"  # noqa: RUF001

_BOILERPLATE = re.compile(
    r"""(?ix)
    \b(?: read\ (?:more|also|next) | follow\ us | scroll\ down | click\ here | sign\ up\ (?:for|to)
      | subscribe\ (?:to|now) | newsletter | all\ rights\ reserved | image\ (?:copyright|caption)
      | media\ playback | share\ (?:this|on) | advertisement | related\ (?:articles?|stories)
      | getty\ images | ap\ photo | last\ updated | lesen\ sie\ (?:auch|mehr) | mehr\ zum\ thema
      | folgen\ sie\ uns | jetzt\ abonnieren | lire\ aussi | suivez-nous | leer\ más
      | lee\ también | síguenos | leggi\ anche | seguici | leia\ também | siga-nos | lees\ ook
      | volg\ ons | czytaj\ (?:też|także|więcej) | zobacz\ (?:też|także) | obserwuj\ nas )\b
    | \b(?:photo|picture|image|foto|bild|zdjęcie)s?\s*(?:credits?\b|:)
    | ©
    """
)


def _is_boilerplate(sentence: str) -> bool:
    return _BOILERPLATE.search(sentence) is not None


_QUOTE_SPANS = re.compile(
    r"""“[^”]*”? | „[^“”]*[“”]? | «[^»]*»? | »[^«]*«? | ‹[^›]*›? | "[^"]*"?
      | (?:^|(?<=\s))['‘](?=\w)[^'’]*(?:['’](?=\W|$)|$)""",  # noqa: RUF001
    re.VERBOSE,
)


_MOSTLY_QUOTED = 2 / 3


def _quoted_share(sentence: str) -> float:
    """Share of the sentence's characters inside quotation marks (direct speech)."""
    if not sentence:
        return 0.0
    inside = sum(len(m.group()) for m in _QUOTE_SPANS.finditer(sentence))
    return min(1.0, inside / len(sentence))


# Markers of opinion rather than report: first-person judgement, evaluative and loaded words,
# intensifiers. Single words are matched on their lower-cased token, a trailing "*" as a prefix;
# phrases on the token sequence. They are evidence, not proof, hence a share rather than a veto.
_OPINION: dict[str, str] = {
    "en": """i think | i believe | i feel | in my opinion | in my view | we believe | frankly
        | arguably | clearly | obviously | undoubtedly | surely | sadly | unfortunately
        | fortunately | thankfully | shocking | outrageous | disgraceful | scandalous | ridiculous
        | absurd | brilliant | amazing | incredible | incredibly | fantastic | terrible | horrible
        | awful | appalling | disastrous | stunning | astonishing | shameful | pathetic | heroic
        | evil | vile | hilarious | adorable | whopping | staggering | disgusting | despicable
        | wonderful | gorgeous | beautiful | sickening | horrific | tragic | tragically | heartbreaking
        | insane | crazy | stupid | idiotic | magnificent | spectacular | extraordinary
        | perhaps | possibly | presumably""",
    "de": """ich finde | ich glaube | ich denke | meiner meinung | meines erachtens | leider
        | zum glück | glücklicherweise | offensichtlich | zweifellos | skandalös | unglaublich
        | schrecklich | fantastisch | großartig | grossartig | peinlich | absurd | lächerlich
        | katastrophal | erschreckend | empörend | unverschämt | genial | toll | super | krass
        | wahnsinnig | furchtbar | grauenhaft | herrlich | wunderbar | traurig* | vielleicht
        | möglicherweise | vermutlich""",
    "fr": """je pense | je crois | à mon avis | selon moi | malheureusement | heureusement
        | scandaleu* | incroyable* | terrible* | horrible* | formidable* | magnifique* | ridicule*
        | absurde* | honteu* | catastrophique* | évidemment | manifestement | génial* | lamentable*""",
    "es": """creo que | en mi opinión | a mi juicio | desgraciadamente | lamentablemente
        | afortunadamente | escandalos* | increíble* | terrible* | horrible* | fantástic*
        | ridícul* | absurd* | vergonzos* | catastrófic* | obviamente | evidentemente | maravillos*""",
    "it": """secondo me | a mio avviso | penso che | credo che | purtroppo | fortunatamente
        | scandalos* | incredibil* | terribil* | orribil* | fantastic* | ridicol* | assurd*
        | vergognos* | catastrofic* | ovviamente | evidentemente | meraviglios*""",
    "pt": """eu acho | na minha opinião | a meu ver | infelizmente | felizmente | escandalos*
        | incrível | incríveis | terrível | terríveis | horrível | horríveis | fantástic* | ridícul*
        | absurd* | vergonhos* | catastrófic* | obviamente | evidentemente | maravilhos*""",
    "nl": """ik denk | ik vind | naar mijn mening | volgens mij | helaas | gelukkig | schandalig*
        | ongelooflijk* | verschrikkelijk* | vreselijk* | fantastisch* | geweldig* | belachelijk*
        | absurd* | schaamteloos | rampzalig* | uiteraard | prachtig*""",
    "pl": """moim zdaniem | uważam | sądzę | myślę | niestety | na szczęście | skandaliczn*
        | niesamowi* | straszn* | okropn* | fantastyczn* | żenując* | absurdaln* | haniebn*
        | katastrofaln* | oczywiście | wspaniał* | cudown*""",
}


@lru_cache(maxsize=16)
def _opinion_markers(lang: str) -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    words: set[str] = set()
    prefixes: list[str] = []
    phrases: list[str] = []
    for raw in _OPINION.get(lang, "").split("|"):
        marker = " ".join(raw.split()).casefold()
        if not marker:
            continue
        if " " in marker:
            phrases.append(f" {marker} ")
        elif marker.endswith("*"):
            prefixes.append(marker[:-1])
        else:
            words.add(marker)
    return frozenset(words), tuple(prefixes), tuple(phrases)


def opinion_share(sentence: str, language: str) -> float:
    """Opinion markers per word of ``sentence`` (0 when the language has no marker list)."""
    words, prefixes, phrases = _opinion_markers(primary_language(language or "en"))
    tokens = tokenize(sentence)
    if not tokens or not (words or prefixes):
        return 0.0
    hits = sum(1 for t in tokens if t in words or (prefixes and t.startswith(prefixes)))
    if phrases:
        joined = f" {' '.join(tokens)} "
        hits += sum(joined.count(p) for p in phrases)
    return hits / len(tokens)


# --- page furniture ----------------------------------------------------------------------------
# Lines of the page that are not the article's statements: they never become a bullet, however
# central they look (a headline copy shares every word with the title; an update notice sits
# first). Patterns are anchored and bounded in length, so that a report that merely mentions a
# newsletter or an update is not lost.

_FURNITURE_MAX_WORDS = 20
# A "sentence" of this many words or fewer is a label ("Bill Total", "On this page").
_FRAGMENT_WORDS = 3
_FRAGMENT_CHARS = 40
_PROMPT_MAX_WORDS = 40
_DATE_MAX_WORDS = 12
_BYLINE = re.compile(
    r"""^\W*(?:(?i:text|words|written|reported|reporting|analysis|story|interview|commentary
    |opinion|photos?|video|ein\ (?:kommentar|gastbeitrag)|eine\ analyse|kommentar|analyse)\s+)?
    (?i:by|von|par|por|di|door|przez|av|af|de|da)\s+[A-ZÀ-ÖØ-ÞĀ-Ž]""",
    re.VERBOSE,
)
_DATE_NOTICE = re.compile(
    r"""(?ix)^\W*(?:last\ )?(?:updated?|posted|published|first\ published|modified|aktualisiert
    |zuletzt\ aktualisiert|veröffentlicht|erstellt|stand|geändert|mis\ à\ jour|publié|modifié
    |actualizado|publicado|aggiornato|pubblicato|opublikowano|zaktualizowano|aktualizacja
    |bijgewerkt|gepubliceerd|atualizado)\b""",
)
_DATE_WORDS = re.compile(
    r"""(?ix)\b(?:\d+(?:st|nd|rd|th|\.)?|jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|mar(?:ch)?|märz
    |apr(?:il)?|may|mai|jun[ei]?|jul[iy]?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|okt(?:ober)?
    |nov(?:ember)?|dec(?:ember)?|dez(?:ember)?|mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday
    |thursday|friday|saturday|sunday|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag
    |am|pm|a\.m|p\.m|gmt|utc|est|edt|cet|cest|bst|pst|pdt|uhr|h|at|um|on|am|the|of|de|le|à|a
    |updated?|posted|published|aktualisiert|veröffentlicht|stand|mis|jour|publié|actualizado
    |publicado|ago|hours?|minutes?|stunden?|minuten?|vor|il\ y\ a)\b""",
)
_NAVIGATION = re.compile(
    r"""(?ix)\b(?:skip\ to\ (?:main\ )?(?:content|navigation)|jump\ to\ (?:content|navigation)
    |zum\ inhalt\ springen|direkt\ zum\ inhalt|aller\ au\ contenu|ir\ al\ contenido
    |vai\ al\ contenuto|przejdź\ do\ treści|back\ to\ top|nach\ oben|toggle\ navigation
    |main\ menu|hauptmenü|you\ are\ here|on\ this\ page|auf\ dieser\ seite|table\ of\ contents
    |inhaltsverzeichnis)\b|^\W*home\s*[>|/]""",
)
# Breadcrumbs ("Home \u203a News \u203a Politics"); not "\u00bb", which is also a quotation mark.
_CRUMB = "\u203a"
_SUBSCRIPTION = re.compile(
    r"""(?ix)\b(?:subscribe\ (?:now|today|to\ (?:our|the|read|continue))|sign\ up\ (?:for|to|now|here)
    |already\ (?:a\ )?(?:subscriber|registered)|log\ ?in\ to\ (?:read|continue|comment)
    |create\ (?:a|an|your)\ (?:free\ )?account|to\ continue\ reading|unlock\ (?:this|full|unlimited)
    |support\ (?:our|independent)\ journalism|jetzt\ (?:abonnieren|registrieren|testen|weiterlesen)
    |abonnieren\ sie|abo\ abschließen|weiterlesen\ mit|abonnez-vous|déjà\ abonné|suscríbete
    |hazte\ socio|abbonati|zaloguj\ się|wykup\ (?:dostęp|prenumeratę)|get\ (?:our|the)\ newsletter
    |our\ newsletter|newsletter\ (?:abonnieren|bestellen))\b""",
)
_CREDIT = re.compile(
    r"(?i)^\W*(?:photo|foto|bild|image|picture|credit|source|quelle|crédit|zdjęcie|video|grafik"
    r"|illustration)s?\s*(?:credits?\s*)?[:/|©]"
)
# Cross-references and advertising ticks: "For more information, see our ... article",
# "✔ Free quote in 2 minutes".
_PROMPT = re.compile(
    r"""(?ix)^\W*(?:for\ more\ (?:information|details)|see\ (?:also\ )?our|read\ our|weitere
    \ informationen\ finden|mehr\ (?:dazu|infos?)\ (?:finden|lesen)|pour\ en\ savoir\ plus)\b
    |^\s*[✔✓☑✅]""",
)
# A line with this many cell separators is a table row, a menu or a byline with its date and
# section ("On behalf of X | Apr 21, 2017 | Products Liability"), not a sentence.
_TABLE_CELLS = 2
# "5:45 AM PST 11/19/2019 by Patrick Shanley", "21. Jan 2022 // Dominik Ricker"
_DATED_BYLINE = re.compile(r"(?:\b(?i:by|von|par)|//)\s+[A-ZÀ-ÖØ-Þ]")
_READING_TIME = re.compile(
    r"(?i)\b\d+\s*(?:-\s*)?(?:min(?:ute)?s?\.?\s+read|min\.?\s+lesezeit|minuten?\s+lesezeit|min\s+de\s+lecture)\b"
)
_ACCOUNT = re.compile(
    r"(?i)\b(?:log\s?in|sign\s(?:in|up)|registrieren|anmelden|account|konto|se\sconnecter|iniciar\ssesión)\b"
)
_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f][\s\"'”’»«)\]]*$")  # noqa: RUF001


def is_furniture(  # noqa: PLR0911, PLR0912
    sentence: str, title: str | None = None, *, page_about_browsing: bool = False
) -> bool:
    """Whether ``sentence`` is page furniture rather than a statement of the article: a copy of
    the ``title``, a byline or credit, an update notice or date alone, a dateline alone,
    navigation, a subscription prompt or a page notice to the reader (cookies, ad blocker,
    JavaScript, browser: :func:`parallax.domain.page_notices.is_page_notice`, told by
    ``page_about_browsing`` whether the article is about those)."""
    words = sentence.split()
    count = len(words)
    if count == 0:
        return True
    if is_page_notice(sentence, page_about_browsing=page_about_browsing):
        return True
    if count <= _FURNITURE_MAX_WORDS and sentence.count(_CRUMB) >= 2:
        return True
    # Cheap tests first: most sentences of an article are longer than any furniture line.
    short = count <= _FURNITURE_MAX_WORDS
    if (short or "kip" in sentence) and _NAVIGATION.search(sentence):
        return True
    if count <= _PROMPT_MAX_WORDS and _SUBSCRIPTION.search(sentence):
        return True
    if _CREDIT.search(sentence) or _PROMPT.search(sentence):
        return True
    if sentence.count("|") >= _TABLE_CELLS:
        return True
    if count <= _FRAGMENT_WORDS and len(sentence) <= _FRAGMENT_CHARS and not has_cjk(sentence):
        return True
    if short:
        if _BYLINE.search(sentence) and _mostly_names(words[1:]):
            return True
        dated = any(ch.isdigit() for ch in sentence)
        if dated and (_DATE_NOTICE.search(sentence) or _is_dated_byline(sentence)):
            return True
        if _READING_TIME.search(sentence) or (
            count <= _DATE_MAX_WORDS and _ACCOUNT.search(sentence)
        ):
            return True
        if dated and count <= _DATE_MAX_WORDS and _mostly_numbers(words):
            return True
        if (count <= _DATE_MAX_WORDS and _is_date_alone(sentence)) or _is_dateline_alone(
            sentence, count
        ):
            return True
    return bool(title) and _copies_title(sentence, title or "")


def _is_dated_byline(sentence: str) -> bool:
    """A date and a byline alone ("5:45 AM PST 11/19/2019 by Patrick Shanley", "21. Jan 2022 //
    Dominik Ricker"): only date words before the marker, only names (and dates) after it. A
    statement has other words around its "by" or "von": "The company was bought by Google in
    2014", "Der Stadtrat von Riedstadt hat am Dienstag mit 31 zu 12 Stimmen beschlossen"."""
    marker = _DATED_BYLINE.search(sentence)
    if marker is None:
        return False
    if _LETTER_RUN.search(_DATE_WORDS.sub(" ", sentence[: marker.start()].casefold())):
        return False
    after = sentence[marker.end() - 1 :]  # from the name's capital on
    names = [w for w in after.split() if not _DATE_WORDS.fullmatch(w.casefold().strip(",.;:"))]
    return _mostly_names(names)


def _mostly_numbers(words: list[str]) -> bool:
    """A score or table row ("Palm Bay 18 22 13 17 — 70"): at least half of it numbers."""
    numbers = sum(1 for w in words if any(ch.isdigit() for ch in w))
    return numbers >= max(2, len(words) / 2)


def _mostly_names(words: list[str]) -> bool:
    """A byline's words: names (capitalised), joiners and the outlet; a sentence that goes on
    ("By Friday the river had risen ...") has lower-case words beyond those."""
    lower = [w for w in words if w[:1].islower() and w.casefold() not in _NAME_JOINERS]
    return len(lower) <= 1 and len(words) <= 12


_NAME_JOINERS = frozenset(
    re.findall(
        r"\S+",
        "and und et y e i en og och & , von van der de la le di da del dos the staff writer "
        "correspondent reporter editor redakteur redakteurin korrespondent korrespondentin",
    )
)


def _is_date_alone(sentence: str) -> bool:
    if not any(ch.isdigit() for ch in sentence):
        return False
    rest = _DATE_WORDS.sub(" ", sentence.casefold())
    return len(_LETTER_RUN.findall(rest)) <= 1


_LETTER_RUN = re.compile(r"[^\W\d_]{2,}")


def _is_dateline_alone(sentence: str, count: int) -> bool:
    """ "SIOUX FALLS, S.D." or "WASHINGTON (AP) —" on its own: capitals and no statement."""
    if count > 6:
        return False
    letters = [ch for ch in sentence if ch.isalpha()]
    if len(letters) < 3:
        return True
    upper = sum(1 for ch in letters if ch.isupper())
    return upper >= 0.8 * len(letters)


def _copies_title(sentence: str, title: str) -> bool:
    """The headline repeated in the text (with a kicker or the site's name around it)."""
    own = [t.casefold() for t in _WORD.findall(sentence)]
    headline = {t.casefold() for t in _WORD.findall(title)}
    if not own or not headline:
        return False
    shared = sum(1 for t in own if t in headline) / len(own)
    if len(own) > 1.5 * len(headline) + 2:
        return False
    return shared >= 0.8 or (shared >= 0.5 and not _SENTENCE_END.search(sentence))


_WORD = re.compile(r"\w+")
