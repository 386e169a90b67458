"""Claim by claim: which other reports support each bullet, where they differ, what they add.

:func:`align` is pure and offline. It reads every sentence once with the same-story features
(those of :func:`parallax.domain.similarity.features`: folded four-letter word keys,
consonant-skeleton name keys that carry across languages and scripts, numbers in one notation) and compares
sentences by how many of one's keys the other holds.

* **Support.** For each bullet, the claim is the sentences it cites (the bullet's own text when it
  cites none). In each other report the best-scoring sentence supports the claim when the score
  reaches :data:`SUPPORT_THRESHOLD` (scaled up across languages, where only names, numbers and
  cognates can match). The score is the share of the claim's keys the sentence holds.
* **Differs.** A supporting sentence *differs* when, in otherwise matching wording, a number, a
  date word or a name stands where the claim has another one: a token alignment (difflib) finds a
  short replaced span that holds such a fact. Across languages, where wording cannot be aligned,
  a strongly matching pair differs when each side has a number the other lacks.
* **Missing here.** Sentences of the others that no sentence of this article matches, preferring
  those that several others report, then those with names and numbers, then the earliest.
* **Same story from claims** (:func:`pair_support`, for measuring): each side's bullets in the
  other, as a support strength that ramps up around the threshold rather than a yes/no.

Cost: one pass per sentence and an inverted index, so an article and five
others of 1,000 words each align in a few tens of milliseconds (``bench/bench_corroboration.py``).
"""

from __future__ import annotations

import difflib
import heapq
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

# The same-story score's word analysis: claims and stories must be read the same way. The
# similarity module keeps it private, so :func:`word_keys` is the one place that reaches in.
from parallax.domain import similarity as _similarity
from parallax.domain.languages import primary_language

__all__ = [
    "MAX_MISSING",
    "SUPPORT_THRESHOLD",
    "Alignment",
    "Claim",
    "ClaimSupport",
    "Difference",
    "MissingSentence",
    "Relation",
    "Report",
    "SupportMatch",
    "align",
    "claim_scores",
    "claim_strengths",
    "pair_support",
    "sentence_differences",
    "support_strength",
    "word_keys",
]

Relation = Literal["agrees", "differs"]

# Tuned on the original SemEval-2022 dev pairs (``parallax eval corroboration``): the share of
# bullets supported separates same-story pairs from unrelated ones best between 0.25 and 0.3.
SUPPORT_THRESHOLD = 0.25
# Strength of support, for ranking pairs rather than labelling a bullet: no support below this
# coverage, full support from the upper one, linear between (centred on SUPPORT_THRESHOLD).
# Chosen on the same SemEval dev pairs from a 4 x 4 grid (0-0.15 by 0.3-0.5); every cell of the
# grid scores within 0.007 ROC AUC of this one.
_STRENGTH_FROM, _STRENGTH_FULL = 0.10, 0.40
# Across languages only names, numbers and cognates match, so the same fact scores lower.
_CROSS_SCALE = 1.6
# "Otherwise matching": a number conflict across languages counts only in a pair this close
# that also shares a name.
_CROSS_DIFFER_THRESHOLD = 0.4
# Token alignment: the share of the shorter sentence's tokens that must be in matching runs.
_ALIGNED_SHARE = 0.5
_MAX_REPLACED_TOKENS = 3
# Candidates per report for a claim, and how close to the best a score must be to compete on
# wording.
_CANDIDATES = 3
_NEAR_TIE = 0.1
MAX_MISSING = 3
# A sentence of another report is "not here" when no sentence of the article holds this share of
# its keys: a new fact shares a few words with the story ("injured", "Monday"), rarely more.
_MISSING_THRESHOLD = 0.35
_MIN_MISSING_WORDS = 6
# Candidates for "missing here" come from the first sentences of each report: news is told first.
_MISSING_SCAN = 40
_MAX_MISSING_WORDS = 70
# Only so many sentences per report are read: leads carry the story, and work stays bounded.
MAX_SENTENCES_PER_REPORT = 80
_MAX_SENTENCE_CHARS = 1_000

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
_CAPITALISED_NOUNS = frozenset({"de", "lb"})
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_BOILERPLATE = re.compile(
    r"(?i)\b(subscribe|newsletter|cookies?|sign up|log in|click here|read more|all rights "
    r"reserved|copyright|advertisement|follow us|abonn|anmelden|weiterlesen|suscr[ií]b)\b|https?://|©"
)
# Date words whose exchange changes a fact. English only; other languages rely on numbers.
_DATE_WORDS = frozenset(
    (
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
        "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "yesterday", "today", "tomorrow",
    )
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Claim:
    """A bullet of the Brief: its text and the ids of the article sentences it rests on."""

    text: str
    sentence_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Report:
    """Another outlet's report of the same story, as sentences."""

    id: str
    sentences: tuple[str, ...]
    language: str


@dataclass(frozen=True, slots=True)
class Difference:
    """What this article says (``here``) and what the other report says (``there``)."""

    kind: Literal["number", "date", "name"]
    here: str
    there: str


@dataclass(frozen=True, slots=True)
class SupportMatch:
    other: str
    sentence_id: int
    sentence: str
    relation: Relation
    score: float
    claim_sentence_id: int | None
    """The cited sentence of this article the match was judged against."""
    differences: tuple[Difference, ...] = ()


@dataclass(frozen=True, slots=True)
class ClaimSupport:
    claim: Claim
    support: tuple[SupportMatch, ...]


@dataclass(frozen=True, slots=True)
class MissingSentence:
    other: str
    sentence_id: int
    sentence: str
    also_in: tuple[str, ...] = ()
    """Other reports with a sentence that says the same."""


@dataclass(frozen=True, slots=True)
class Alignment:
    claims: tuple[ClaimSupport, ...]
    missing_here: tuple[MissingSentence, ...]


def word_keys(word: str, language: str) -> tuple[str, str, str] | None:
    """``(term key, folded word, name key or "")`` of one word, or None for a stop word.

    Exactly the word analysis of the same-story score
    (:func:`parallax.domain.similarity.features`): lower-cased, folded to ASCII, the first four
    letters as the term key, a consonant skeleton as the name key of a capitalised word (one key
    across languages and scripts). Cached in the similarity module.
    """
    return _similarity._analyse(word, language)


# --- sentence features ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Facts:
    text: str
    language: str
    keys: frozenset[str]
    tokens: tuple[str, ...]
    """Normalised tokens for alignment: lower case, numbers in one notation."""
    raw: tuple[str, ...]
    kinds: tuple[str, ...]
    """Per token: "number", "date", "name" or ""."""
    numbers: frozenset[str]
    words: int


def _normal_number(raw: str) -> str:
    parts = re.split(r"[.,]", raw)
    if len(parts) > 1 and all(len(p) == 3 for p in parts[1:]):
        value = "".join(parts)
    elif len(parts) == 2:
        value = (parts[0].lstrip("0") or "0") + "." + (parts[1].rstrip("0") or "0")
        value = value.removesuffix(".0")
    else:
        value = "".join(parts)
    return value if "." in value else value.lstrip("0") or "0"


def _facts(text: str, language: str) -> _Facts:
    """One pass over a sentence: the same-story keys and the tokens for alignment.

    The keys are those of :func:`parallax.domain.similarity.features` (:func:`word_keys` makes
    them: stop words dropped, folded to ASCII, four-letter prefixes, consonant-skeleton keys of
    capitalised words), read here in the same pass as the tokens: calling ``features`` per
    sentence cost five times as much, for lead weights and phrases a sentence does not need.
    """
    text = unicodedata.normalize("NFKC", text[:_MAX_SENTENCE_CHARS])
    language = primary_language(language) if language else "und"
    raw = tuple(_TOKEN.findall(text))
    tokens: list[str] = []
    kinds: list[str] = []
    keys: set[str] = set()
    numbers: set[str] = set()
    # German capitalises every noun: a capital says nothing about a name there.
    capitals_are_names = language not in _CAPITALISED_NOUNS
    for index, token in enumerate(raw):
        if token[0].isdigit():
            value = _normal_number(token)
            tokens.append("#" + value)
            kinds.append("number")
            numbers.add(value)
            # Every number is a key, not only those of two or more digits as in the story
            # score: in one sentence "3 dead" is the fact.
            keys.add("#" + value)
            continue
        lower = token.casefold()
        tokens.append(lower)
        if lower in _DATE_WORDS:
            kinds.append("date")
        elif capitals_are_names and index > 0 and token[0].isupper():
            kinds.append("name")
        else:
            kinds.append("")
        if not token.isascii() and _CJK.search(token):
            # Written without spaces: character pairs stand in for words, as in the story score.
            keys.update(token[i : i + 2] for i in range(max(1, len(token) - 1)))
            continue
        analysed = word_keys(token, language)
        if analysed is None:
            continue
        term, _, name = analysed
        keys.add(term)
        if name and index > 0:
            keys.add(name)
    return _Facts(
        text=text,
        language=language,
        keys=frozenset(keys),
        tokens=tuple(tokens),
        raw=raw,
        kinds=tuple(kinds),
        numbers=frozenset(numbers),
        words=len(raw),
    )


def _coverage(claim: _Facts, sentence: _Facts) -> float:
    """The share of the claim's keys that ``sentence`` holds: how much of the claim it says.

    Asymmetric on purpose: a longer sentence that says the claim and more still supports it.
    Measured on SemEval dev (original pairs), coverage separates same-story pairs better than the
    cosine (ROC AUC 0.846 against 0.840, across languages 0.810 against 0.755), and plain key
    counts do as well as weights by the request's own document frequencies, which punish exactly
    the keys two reports share.
    """
    if not claim.keys or not sentence.keys:
        return 0.0
    shared = sum(1 for key in claim.keys if key in sentence.keys)
    return _scaled(shared / len(claim.keys), claim.language, sentence.language)


def _scaled(score: float, language_a: str, language_b: str) -> float:
    if language_a != language_b and "und" not in (language_a, language_b):
        score *= _CROSS_SCALE
    return min(1.0, score)


# --- differences ---------------------------------------------------------------------------------


def _span(facts: _Facts, start: int, end: int) -> str:
    return " ".join(facts.raw[start:end])


_FACT_KINDS: tuple[Literal["number", "date", "name"], ...] = ("number", "date", "name")


def _fact_kind(kinds: Sequence[str]) -> Literal["number", "date", "name"] | None:
    for wanted in _FACT_KINDS:
        if wanted in kinds:
            return wanted
    return None


def _token_differences(here: _Facts, there: _Facts) -> tuple[Difference, ...] | None:
    """Replaced fact spans in otherwise aligned wording; None when the wording does not align."""
    if not here.tokens or not there.tokens:
        return None
    matcher = difflib.SequenceMatcher(None, here.tokens, there.tokens, autojunk=False)
    aligned = sum(block.size for block in matcher.get_matching_blocks())
    if aligned < _ALIGNED_SHARE * min(len(here.tokens), len(there.tokens)):
        return None
    found: list[Difference] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or i2 - i1 > _MAX_REPLACED_TOKENS or j2 - j1 > _MAX_REPLACED_TOKENS:
            continue
        here_kind = _fact_kind(here.kinds[i1:i2])
        there_kind = _fact_kind(there.kinds[j1:j2])
        # A fact against a fact of the same kind: "12" for "15", "Tuesday" for "Monday",
        # "Smith" for "Jones". A name against a plain word is wording, not a conflict.
        if here_kind is None or here_kind != there_kind:
            continue
        if here_kind == "name" and _same_stem(here.raw[i1:i2], there.raw[j1:j2], here.language):
            continue  # "Cengiz" / "Cengiz'den": one name with a case ending, not two names
        found.append(Difference(here_kind, _span(here, i1, i2), _span(there, j1, j2)))
    return tuple(found)


def _same_stem(here: Sequence[str], there: Sequence[str], language: str) -> bool:
    keys = {analysed[0] for word in here if (analysed := word_keys(word, language))}
    return any((analysed := word_keys(word, language)) and analysed[0] in keys for word in there)


def _number_differences(here: _Facts, there: _Facts) -> tuple[Difference, ...]:
    only_here = sorted(here.numbers - there.numbers)
    only_there = sorted(there.numbers - here.numbers)
    if not only_here or not only_there:
        return ()
    return (Difference("number", ", ".join(only_here), ", ".join(only_there)),)


def _differences(here: _Facts, there: _Facts, score: float) -> tuple[Difference, ...]:
    by_tokens = _token_differences(here, there)
    if by_tokens is not None:
        return by_tokens
    if (
        here.language != there.language
        and score >= _CROSS_DIFFER_THRESHOLD
        # The same actor or place on both sides: a figure then belongs to the same event.
        and any(key.startswith("~") and key in there.keys for key in here.keys)
    ):
        return _number_differences(here, there)
    return ()


def sentence_differences(
    here: str, there: str, language_here: str = "en", language_there: str | None = None
) -> tuple[Difference, ...]:
    """The facts on which two sentences about the same thing disagree (for tests and tools)."""
    a = _facts(here, language_here)
    b = _facts(there, language_there or language_here)
    return _differences(a, b, _coverage(a, b))


# --- alignment ------------------------------------------------------------------------------------


class _Index:
    """Key -> sentences holding it, for one report, so a query touches only sentences that share
    a key with it."""

    def __init__(self, sentences: Sequence[_Facts]) -> None:
        self.sentences = sentences
        self.postings: defaultdict[str, list[int]] = defaultdict(list)
        for position, facts in enumerate(sentences):
            for key in facts.keys:
                self.postings[key].append(position)

    def best(self, query: _Facts) -> tuple[float, int] | None:
        """(coverage of ``query`` by the best sentence, its position), or None."""
        top = self.top(query, 1)
        return top[0] if top else None

    def top(self, query: _Facts, limit: int) -> list[tuple[float, int]]:
        """Up to ``limit`` (coverage, position), best first; on a tie the earlier sentence."""
        if not query.keys or not self.sentences:
            return []
        shared: defaultdict[int, int] = defaultdict(int)
        for key in query.keys:
            for position in self.postings.get(key, ()):
                shared[position] += 1
        if not shared:
            return []
        order = lambda item: (-item[1], item[0])  # noqa: E731 -- most keys, then earliest
        ranked = (
            [min(shared.items(), key=order)]
            if limit == 1
            else heapq.nsmallest(limit, shared.items(), key=order)
        )
        return [
            (
                _scaled(count / len(query.keys), query.language, self.sentences[p].language),
                p,
            )
            for p, count in ranked
        ]


def _claim_sentences(claim: Claim, article: Sequence[_Facts], language: str) -> list[_Facts]:
    cited = [article[i] for i in dict.fromkeys(claim.sentence_ids) if 0 <= i < len(article)]
    return cited or [_facts(claim.text, language)]


def align(
    article_sentences: Sequence[str],
    language: str,
    claims: Sequence[Claim],
    others: Sequence[Report],
    *,
    max_missing: int = MAX_MISSING,
) -> Alignment:
    """Support for each claim in each other report, and what the others say that this does not."""
    article = [_facts(s, language) for s in article_sentences[:MAX_SENTENCES_PER_REPORT]]
    indexes = [
        _Index([_facts(s, other.language) for s in other.sentences[:MAX_SENTENCES_PER_REPORT]])
        for other in others
    ]
    supported: list[ClaimSupport] = []
    for claim in claims:
        cited = _claim_sentences(claim, article, language)
        support: list[SupportMatch] = []
        for other, index in zip(others, indexes, strict=True):
            match = _best_support(claim, cited, article, index)
            if match is not None:
                support.append(_as_match(other.id, match))
        supported.append(ClaimSupport(claim, tuple(support)))
    missing = _missing_here(article, others, indexes, max_missing)
    return Alignment(tuple(supported), missing)


def claim_scores(
    article_sentences: Sequence[str], language: str, claims: Sequence[Claim], other: Report
) -> list[float]:
    """Each claim's best support score in ``other``, thresholded or not (for measuring)."""
    article = [_facts(s, language) for s in article_sentences[:MAX_SENTENCES_PER_REPORT]]
    index = _Index([_facts(s, other.language) for s in other.sentences[:MAX_SENTENCES_PER_REPORT]])
    scores: list[float] = []
    for claim in claims:
        hits = [index.best(f) for f in _claim_sentences(claim, article, language)]
        scores.append(max((hit[0] for hit in hits if hit is not None), default=0.0))
    return scores


def support_strength(score: float) -> float:
    """How strongly a sentence with this support score (coverage of the claim's keys) supports
    the claim, from 0 to 1: the labels use a threshold, a ranking wants the margin too."""
    return min(1.0, max(0.0, (score - _STRENGTH_FROM) / (_STRENGTH_FULL - _STRENGTH_FROM)))


def claim_strengths(
    article_sentences: Sequence[str], language: str, claims: Sequence[Claim], other: Report
) -> list[float]:
    """Each claim's :func:`support_strength` in ``other`` (its best-supporting sentence)."""
    return [support_strength(s) for s in claim_scores(article_sentences, language, claims, other)]


def pair_support(
    a: Report, a_claims: Sequence[Claim], b: Report, b_claims: Sequence[Claim]
) -> float:
    """Whether two reports tell one story, from their claims alone: the mean support strength
    of A's bullets in B and of B's bullets in A, averaged over both directions.

    Both directions because a report's bullets are a sample of three or so sentences: one
    Brief can lead on a side fact the other report also has, while the other Brief's lead is
    the shared story. Measured on SemEval-2022 dev (``parallax eval corroboration``).
    """
    forward = claim_strengths(a.sentences, a.language, a_claims, b)
    backward = claim_strengths(b.sentences, b.language, b_claims, a)
    # A report without bullets supports nothing in its direction.
    return sum(sum(side) / len(side) for side in (forward, backward) if side) / 2


@dataclass(frozen=True, slots=True)
class _Candidate:
    score: float
    position: int
    facts: _Facts
    claim_sentence_id: int | None
    differences: tuple[Difference, ...]


def _best_support(
    claim: Claim, cited: Sequence[_Facts], article: Sequence[_Facts], index: _Index
) -> _Candidate | None:
    best: _Candidate | None = None
    ids: list[int | None] = [
        i for i in dict.fromkeys(claim.sentence_ids) if 0 <= i < len(article)
    ] or [None]
    for claim_id, facts in zip(ids, cited, strict=False):
        top = index.top(facts, _CANDIDATES)
        if not top:
            continue
        # Near-ties (a short claim shares as many keys with two sentences) go to the sentence
        # whose wording follows the claim's: it is the one that reports the same fact.
        near = [hit for hit in top if hit[0] >= top[0][0] - _NEAR_TIE]
        score, position = max(
            near, key=lambda hit: (_wording(facts, index.sentences[hit[1]]), hit[0], -hit[1])
        )
        if best is None or score > best.score:
            best = _Candidate(score, position, index.sentences[position], claim_id, ())
    if best is None or best.score < SUPPORT_THRESHOLD:
        return None
    here = article[best.claim_sentence_id] if best.claim_sentence_id is not None else cited[0]
    return _Candidate(
        best.score,
        best.position,
        best.facts,
        best.claim_sentence_id,
        _differences(here, best.facts, best.score),
    )


def _wording(a: _Facts, b: _Facts) -> float:
    return difflib.SequenceMatcher(None, a.tokens, b.tokens, autojunk=False).ratio()


def _as_match(other: str, candidate: _Candidate) -> SupportMatch:
    return SupportMatch(
        other=other,
        sentence_id=candidate.position,
        sentence=candidate.facts.text,
        relation="differs" if candidate.differences else "agrees",
        score=round(candidate.score, 3),
        claim_sentence_id=candidate.claim_sentence_id,
        differences=candidate.differences,
    )


def _missing_here(
    article: Sequence[_Facts], others: Sequence[Report], indexes: Sequence[_Index], limit: int
) -> tuple[MissingSentence, ...]:
    if limit <= 0:
        return ()
    here = _Index(article)
    ranked: list[tuple[tuple[float, ...], MissingSentence, _Facts]] = []
    for number, (other, index) in enumerate(zip(others, indexes, strict=True)):
        for position, facts in enumerate(index.sentences[:_MISSING_SCAN]):
            if not _MIN_MISSING_WORDS <= facts.words <= _MAX_MISSING_WORDS:
                continue
            if _BOILERPLATE.search(facts.text):
                continue
            covered = here.best(facts)
            if covered is not None and covered[0] >= _MISSING_THRESHOLD:
                continue
            also_in = tuple(
                others[k].id
                for k, other_index in enumerate(indexes)
                if k != number
                and (hit := other_index.best(facts)) is not None
                and hit[0] >= SUPPORT_THRESHOLD
            )
            fact_count = sum(1 for kind in facts.kinds if kind in ("number", "name"))
            order = (-len(also_in), -min(fact_count, 3), position, number)
            ranked.append((order, MissingSentence(other.id, position, facts.text, also_in), facts))
    ranked.sort(key=lambda item: item[0])
    chosen: list[tuple[MissingSentence, _Facts]] = []
    for _, missing, facts in ranked:
        # One of several reports of the same fact is enough.
        if any(_coverage(facts, kept) >= SUPPORT_THRESHOLD for _, kept in chosen):
            continue
        chosen.append((missing, facts))
        if len(chosen) == limit:
            break
    return tuple(missing for missing, _ in chosen)
