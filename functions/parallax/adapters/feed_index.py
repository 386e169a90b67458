"""The feed index: one SQLite file with the items ingest collected, searchable with FTS5 and BM25.

``parallax ingest`` writes it (locally under PARALLAX_HOME; in the cloud the ingest function
builds it and the API function reads a snapshot); :class:`IndexProvider` answers related-coverage
queries from it.

Identity: an item is its canonical URL, and within one outlet also its GUID. Re-ingesting a feed
updates what changed and inserts nothing twice, so a run that died half-way is simply run again.

Search safety: user text never reaches FTS5 as syntax. Queries are cut into ``\\w+`` tokens and
every token or phrase is double-quoted, so ``"``, ``NEAR(``, ``*``, ``OR``, ``-`` and ``:`` in a
title are just characters to match (or nothing at all).

Failure policy, chosen for the reader: an index that does not exist yet is not a failure but a
state: :meth:`IndexProvider.search` finds nothing and :meth:`IndexProvider.index_state` says
"not filled" (or "filling", "failing"), which the Brief carries in ``related.index`` and marks
``partial``, so the panel never says "no coverage was found" when it could not look. An
unreadable or corrupt index makes search raise :class:`IndexUnavailable` (a ``ParallaxError``),
so the Brief names the index among its failed sources; a search that runs past its time budget
raises ``UpstreamTimeout``. Ingest, on the other hand, moves a corrupt file aside and starts a
fresh index: the feeds will fill it again.

Readers never wait for ingest: the file is in WAL mode, so searches read the last committed
state while a feed's transaction is being written.
"""

from __future__ import annotations

import heapq
import json
import math
import re
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

from aws_lambda_powertools import Logger

from parallax.adapters.index_status import (
    RUN_STALE_S,
    SELECT_RUN,
    FeedCounts,
    IngestProgress,
    PollProgress,
    RecordedRun,
    index_state,
)
from parallax.adapters.sqlite_files import open_wal_database
from parallax.domain.bidi import visible_text, without_bidi_controls
from parallax.domain.errors import InternalError, ItemsRejected, UpstreamTimeout
from parallax.domain.ingest_ports import IndexItem
from parallax.domain.languages import primary_language
from parallax.domain.models import IndexState
from parallax.domain.ports import Candidate, PartialAnswer, StoryQuery
from parallax.domain.related_ranking import is_language_neutral
from parallax.domain.scripts import script_of
from parallax.domain.similarity_stopwords import CJK_STOP_CHARACTERS
from parallax.domain.text_terms import (
    NAME_STEM_LANGUAGES,
    korean_stem,
    name_stem,
    stop_words,
)
from parallax.domain.timestamps import iso_utc, parse_iso_utc
from parallax.domain.urls import canonical_url

__all__ = [
    "MAX_CJK_BIGRAMS",
    "MIN_CJK_HITS",
    "FeedIndex",
    "IndexItem",
    "IndexNotBuilt",
    "IndexProvider",
    "IndexStats",
    "IndexUnavailable",
    "QueryClause",
    "cjk_bigrams",
    "match_expression",
    "query_clauses",
]

logger = Logger(service="parallax", child=True)

SCHEMA_VERSION: Final = 3
# Bump SCHEMA_VERSION with any change below; the value is written into the file's meta table.
# Version 2 (session 16) added items.feed; a version 1 file gets it when ingest opens it
# (_MIGRATIONS), and readers never select it, so either version is searched alike.
# Version 3 (session 17): no title or summary holds a bidi control. Ingest has removed them
# before storing since session 15, but rows stored before kept them, and in the FTS5 index
# (unicode61 splits words at them) "Bud<U+2066>get" was "bud" and "get" until the row was
# stored again; an older file's rows are cleaned once, when ingest opens it (_clean_bidi).
_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('schema_version', '3');
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    guid TEXT,
    outlet_id TEXT NOT NULL,
    outlet_name TEXT,
    outlet_domain TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    language TEXT,
    published TEXT,
    fetched_at TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    feed TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS items_outlet_guid ON items (outlet_id, guid)
    WHERE guid IS NOT NULL;
CREATE INDEX IF NOT EXISTS items_age ON items (COALESCE(published, seen_at));
CREATE VIRTUAL TABLE IF NOT EXISTS items_fts USING fts5(
    title, summary,
    content='items', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS items_vocab USING fts5vocab(items_fts, 'row');
CREATE TRIGGER IF NOT EXISTS items_fts_insert AFTER INSERT ON items BEGIN
    INSERT INTO items_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
CREATE TRIGGER IF NOT EXISTS items_fts_delete AFTER DELETE ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, summary)
        VALUES ('delete', old.id, old.title, old.summary);
END;
CREATE TRIGGER IF NOT EXISTS items_fts_update AFTER UPDATE OF title, summary ON items BEGIN
    INSERT INTO items_fts (items_fts, rowid, title, summary)
        VALUES ('delete', old.id, old.title, old.summary);
    INSERT INTO items_fts (rowid, title, summary) VALUES (new.id, new.title, new.summary);
END;
"""
# Columns added after version 1, each with the statement that adds it to an older file.
_MIGRATIONS: Final = (("feed", "ALTER TABLE items ADD COLUMN feed TEXT"),)
# Every row is read once to find those that hold an embedding, override or isolate
# (parallax.domain.bidi); only those are rewritten, and the FTS5 update trigger re-indexes
# those alone. Once per file, in ingest, never in a request; retention bounds the rows.
_SELECT_TEXTS: Final = "SELECT id, title, summary FROM items"


def _missing_columns(conn: sqlite3.Connection) -> list[str]:
    """The statements of :data:`_MIGRATIONS` that the file at ``conn`` still needs."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(items)")}
    return [statement for column, statement in _MIGRATIONS if column not in columns]


def _is_busy(exc: sqlite3.DatabaseError) -> bool:
    """Whether ``exc`` says the file is locked by another connection (SQLITE_BUSY or
    SQLITE_LOCKED, extended codes included), not that it is damaged."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


_SELECT_BY_URL: Final = (
    "SELECT id, outlet_id, guid, title, summary, language, published, feed FROM items WHERE url = ?"
)
_SELECT_BY_GUID: Final = (
    "SELECT id, outlet_id, guid, title, summary, language, published, feed FROM items "
    "WHERE outlet_id = ? AND guid = ?"
)
# The tokens go in as one JSON array: one statement, and no SQL assembled from query text.
_SELECT_FREQUENCIES: Final = (
    "SELECT term, doc FROM items_vocab WHERE term IN (SELECT value FROM json_each(?))"
)
_SELECT_PREFIX_FREQUENCY: Final = "SELECT sum(doc) FROM items_vocab WHERE term >= ? AND term < ?"
# A headline word is worth more than a word in the teaser: BM25 column weights (title, summary).
_RANK: Final = "bm25(3.0, 1.0)"

MAX_QUERY_CLAUSES: Final = 24
"""Every extra OR clause costs a posting-list scan; past two dozen terms recall stops improving."""
POSTINGS_BUDGET: Final = 4_000
"""About how many matching documents a search may rank (BM25 costs ~1 µs each, plus I/O)."""
MIN_CLAUSES: Final = 3
_WORD: Final = re.compile(r"\w+")
DEFAULT_WINDOW_DAYS: Final = 4.0
"""The same story is reported within days; a wider window mostly adds same-topic noise."""
BACKGROUND_SHARE: Final = 4
"""A provider's search adds up to ``limit // BACKGROUND_SHARE`` items from outside the window
(see :meth:`FeedIndex.search`): the panel's "on the topic" tier promises earlier and background
stories, and the index keeps two weeks (``PARALLAX_FEED_RETENTION_DAYS``), but only the days
around the article were searched, so a background report nine days old was never shown."""
_SNIPPET_CHARS: Final = 600
"""The whole description as ingest keeps it (600 characters): the ranking reads it."""
_PROGRESS_STEPS: Final = 2_000
_STATE_TTL_S: Final = 30.0
"""How long the index's counts are reused between Briefs: counting 100k items costs 6-14 ms
(bench_background_ingest). A poll, in this process or recorded in the file by another one
(`parallax ingest`), refreshes them at each feed it finishes; a change no run recorded (a
`parallax ingest --from-dir`, a copied file) shows within this many seconds."""
# Items dated in the future (a feed's clock, a typo) do not make the index look fresh.
_SELECT_NEWEST: Final = (
    "SELECT max(COALESCE(published, seen_at)) FROM items WHERE COALESCE(published, seen_at) <= ?"
)
_SELECT_FEED_COUNTS: Final = (
    "SELECT count(*), COALESCE(sum(consecutive_failures > 0), 0), "
    "COALESCE(sum(last_success_at IS NOT NULL), 0) FROM feed_state"
)
# Per feed, for counting only the current catalogue's feeds (a few hundred rows at most).
_SELECT_FEED_ROWS: Final = (
    "SELECT url, consecutive_failures > 0, last_success_at IS NOT NULL FROM feed_state"
)


_CJK_RUN: Final = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30a0-\u30ff\u3040-\u309f]+"
)
_HIRAGANA: Final = re.compile(r"[\u3040-\u309f]")
_CJK_COLUMNS: Final = (
    "i.url, i.title, i.outlet_name, i.outlet_domain, i.language, i.published, i.summary"
)
_CJK_LANGUAGES: Final = ("zh", "ja")
MAX_CJK_BIGRAMS: Final = 16
"""Bigrams of a Chinese or Japanese query compared with each item (the title's first)."""
MIN_CJK_HITS: Final = 3
"""Distinct bigrams an item must share with the query (all, for a query with fewer): one or
two shared bigrams are a common word ("政府", "日本"), not the same story."""


def cjk_bigrams(query: StoryQuery) -> list[str]:
    """The character bigrams a Chinese or Japanese query is searched by, title first.

    Those two languages are written without spaces, and FTS5's ``unicode61`` tokeniser keeps a
    whole clause between two punctuation marks as one token: "地铁十七号线将于明年六月全线通车"
    matched only an item holding that very clause, so two outlets' headlines of one story were
    never found. A bigram made only of function characters (的, 了) or only of hiragana (した,
    から: particles and endings) says nothing about the story and is left out.
    """
    grams: dict[str, None] = {}
    for text in (query.title, *query.terms):
        for run in _CJK_RUN.findall(text):
            for i in range(len(run) - 1):
                gram = run[i : i + 2]
                if all(ch in CJK_STOP_CHARACTERS for ch in gram) or all(
                    _HIRAGANA.match(ch) for ch in gram
                ):
                    continue
                grams[gram] = None
                if len(grams) == MAX_CJK_BIGRAMS:
                    return list(grams)
    return list(grams)


def _clean_bidi(conn: sqlite3.Connection) -> None:
    """Rewrite the rows whose title or summary holds a bidi control without it (version 3).
    100,000 rows took 0.34 s with 1 % of them holding one and 3.3 s with all of them
    (2026-12-06, the 2-core shared VM); SQL's instr() or GLOB over the 9 characters found them
    slower than Python does."""
    dirty = []
    for row_id, title, summary in conn.execute(_SELECT_TEXTS):
        clean_title, clean_summary = without_bidi_controls(title), without_bidi_controls(summary)
        if (clean_title, clean_summary) != (title, summary):
            dirty.append((clean_title, clean_summary, row_id))
    conn.executemany("UPDATE items SET title = ?, summary = ? WHERE id = ?", dirty)


def _recorded_version(conn: sqlite3.Connection) -> int:
    """The schema version the file's meta table records (1 for a value that is not a number)."""
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        return int(row[0]) if row is not None else 1
    except ValueError:
        return 1


class IndexUnavailable(InternalError):
    """The feed index cannot be read (not built yet, unreadable or corrupt)."""

    title = "The feed index is not available"


class IndexNotBuilt(IndexUnavailable):
    """No index yet: no file, or a file without the schema (ingest is creating it). The
    provider reports this as "not filled", not as a failure."""


@dataclass(frozen=True, slots=True)
class IndexStats:
    """What the index holds, for its state: items, the newest item's date, the feeds' record."""

    items: int = 0
    newest: str | None = None
    """ISO 8601 UTC date of the newest item (published, or first seen when undated)."""
    feeds: FeedCounts = field(default_factory=FeedCounts)

    def newest_age_s(self, now: float) -> int | None:
        when = parse_iso_utc(self.newest)
        return None if when is None else max(0, int(now - when.timestamp()))


def _quote(words: Sequence[str]) -> str:
    # The words come from a \w+ tokeniser and cannot contain a quote; doubling is the FTS5 escape
    # and keeps this function safe on its own.
    return '"' + " ".join(word.replace('"', '""') for word in words) + '"'


def _fold(token: str) -> str:
    """A token as ``unicode61 remove_diacritics 2`` indexes it: lower case, no diacritics on
    Latin letters. SQLite takes them off Latin letters only: "Café" is stored as "cafe", but
    Cyrillic "й", "ё", "ї" and Greek "ή" stay as written, and a folded "бирюзовои" or "киів"
    was a word the index never holds (walk8): such a word counted as absent from the index,
    and a name beginning with one ("Йемен", "Київ") was searched by a prefix that matched
    nothing. Only canonical decomposition (NFD): SQLite leaves ligatures and fullwidth letters as they are."""
    kept: list[str] = []
    latin = False
    for ch in unicodedata.normalize("NFD", token.lower()):
        if unicodedata.combining(ch):
            if not latin:
                kept.append(ch)
            continue
        latin = script_of(ch) == "latin"
        kept.append(ch)
    # NFC again: NFD takes a Hangul syllable apart into its letters (jamo), which the index never
    # holds ("서울" is stored as written; walk7). And a final sigma as SQLite folds it ("Αθήνας"
    # is stored "αθήνασ"; Python's lower() keeps ς, and the word counted as absent: walk10).
    return unicodedata.normalize("NFC", "".join(kept)).replace("\u03c2", "\u03c3")


@dataclass(frozen=True, slots=True)
class QueryClause:
    """One OR-ed clause of a MATCH expression: a quoted word or phrase."""

    fts: str
    """FTS5 text: ``"word"`` or ``"two words"``, quoted, never an operator."""
    tokens: tuple[str, ...]
    """The tokens as the index stores them, to look up how common they are; a prefix ends in
    ``*``."""
    exact: QueryClause | None = None
    """For a Korean stem's prefix or a Russian name's, the words as written: searched instead
    when the prefix matches more documents than the budget (see :func:`match_expression`)."""


def _runs(text: str, stops: frozenset[str]) -> list[list[str]]:
    """Runs of consecutive content words: "Bank of England" → [["Bank"], ["England"]]."""
    runs: list[list[str]] = [[]]
    for word in _WORD.findall(text):
        if word.casefold() in stops or (len(word) < 2 and not word.isdigit()):
            runs.append([])
        else:
            runs[-1].append(word)
    return [run for run in runs if run]


_PREFIX_CHARS: Final = 5
"""Letters of a name kept for a prefix search across languages: "Itali*" finds Italien, Italia,
Italian; "Sánch*" finds Sanchez. Four letters found one more cross-language partner in 64 and
match many more documents."""
_MIN_PREFIX_WORD: Final = 4


def _prefix_clauses(terms: Sequence[str], stops: frozenset[str]) -> list[QueryClause]:
    """Names split into words, each searched by its first letters, and numbers as written:
    what a report in another language shares with the source, spelled its own way."""
    clauses: dict[tuple[str, ...], QueryClause] = {}
    for term in terms:
        for word in _WORD.findall(term):
            folded = _fold(word)
            if word.isdigit() or any(c.isdigit() for c in word):
                if len(folded) >= 2 and (folded,) not in clauses:
                    clauses[(folded,)] = QueryClause(_quote([word]), (folded,))
                continue
            if len(folded) < _MIN_PREFIX_WORD or word.casefold() in stops or not word[:1].isupper():
                continue
            stem = folded[:_PREFIX_CHARS]
            key = (stem + "*",)
            if key not in clauses:
                clauses[key] = QueryClause(_quote([stem]) + " *", key)
    return list(clauses.values())


def query_clauses(query: StoryQuery) -> list[QueryClause]:
    """The candidate clauses for ``query``, most specific first.

    Terms (names, places, numbers) come first, then translated terms, then the title's words.
    A multi-word term becomes a phrase ("Olaf Scholz"); stop words split it, so "Bank of England"
    gives "Bank" and "England" instead of a phrase whose "of" would make it slow to match. Stop
    words are those of the text's own language: an English "war" is not the German "war".
    """
    own = stop_words(query.language)
    if query.prefix_names:
        return _prefix_clauses(query.terms, own)
    sources: list[tuple[str, frozenset[str], bool]] = [(t, own, True) for t in query.terms]
    for language in dict.fromkeys(query.languages):
        for term in (query.translated_terms or {}).get(language, ()):
            sources.append((term, stop_words(language), True))
    sources.append((query.title, own, False))

    clauses: dict[tuple[str, ...], QueryClause] = {}
    for text, stops, phrases in sources:
        for run in _runs(text, stops):
            groups = [run] if phrases else [[word] for word in run]
            for words in groups:
                clause = _stem_prefixes(words, query.language) or QueryClause(
                    _quote(words), tuple(_fold(word) for word in words)
                )
                if all(clause.tokens) and clause.tokens not in clauses:
                    clauses[clause.tokens] = clause
    return list(clauses.values())


def _stem_prefixes(words: Sequence[str], language: str) -> QueryClause | None:
    """A clause whose inflected words are searched by their stems as prefixes, or None when
    none is: a Korean word with a particle ("서울시는" as ``"서울시" *``, which finds 서울시가
    and 서울시의 in another outlet's report, and 서울시는 still; walk7), and in Russian or
    Ukrainian a name in any case ("Оренбурга" as ``"Оренбург" *``, which finds "в Оренбурге";
    walk8), and in Polish ("Krakowie" as ``"Krakow" *``, which finds "Krakowowi"; walk11). A phrase keeps its order, each word its own prefix: ``"Касым" + "Жомарт" *``."""
    declines = primary_language(language) in NAME_STEM_LANGUAGES
    parts: list[str] = []
    tokens: list[str] = []
    prefixed = False
    for word in words:
        stem = korean_stem(word) if len(words) == 1 else None
        if stem is None and declines:
            stem = name_stem(word, language)
        if stem is None:
            parts.append(_quote([word]))
            tokens.append(_fold(word))
        else:
            parts.append(_quote([stem]) + " *")
            tokens.append(_fold(stem) + "*")
            prefixed = True
    if not prefixed:
        return None
    # The words as written, searched instead when the prefixes are common past the budget
    # (attack16: merging a common stem's postings outran the provider's time).
    exact = QueryClause(_quote(words), tuple(_fold(word) for word in words))
    return QueryClause(" + ".join(parts), tuple(tokens), exact)


def match_expression(
    query: StoryQuery,
    frequencies: Mapping[str, int] | None = None,
    *,
    max_clauses: int = MAX_QUERY_CLAUSES,
    budget: int = POSTINGS_BUDGET,
) -> str | None:
    """A safe FTS5 MATCH expression for ``query``: an OR of quoted phrases and words.

    With ``frequencies`` (documents per indexed token), the rarest clauses are kept until their
    documents add up to ``budget``; at least :data:`MIN_CLAUSES` are always kept. Ranking cost
    grows with the number of matching documents, and a common word (df in the thousands) adds
    many matches while BM25 gives it almost no weight. A Korean stem's or a Russian name's
    prefix beyond the budget is searched as the word was written. Returns None when nothing is searchable.
    """
    clauses = query_clauses(query)
    if frequencies is not None:

        def documents(clause: QueryClause) -> int:
            # A phrase matches at most as many documents as its rarest word.
            return min(frequencies.get(token, 0) for token in clause.tokens)

        # A Korean stem common past the budget ("서울" *: 서울시, 서울대, 서울역 with every
        # particle, thousands of words and documents) is searched as written (서울시는), as
        # before walk7: such a prefix was kept only when among the rarest MIN_CLAUSES, and then
        # merging its words' postings cost 1.2-3.0 s on a 60,000-item Korean index, past the
        # provider's 2.5 s, where the words as written took 0.1-0.6 s (attack16).
        cheaper: dict[tuple[str, ...], QueryClause] = {}
        for clause in clauses:
            used = clause.exact if clause.exact and documents(clause) > budget else clause
            cheaper.setdefault(used.tokens, used)
        clauses = list(cheaper.values())
        chosen: list[QueryClause] = []
        total = 0
        # sorted() is stable: among equally rare clauses, terms stay ahead of title words.
        for clause in sorted(clauses, key=documents):
            count = documents(clause)
            if len(chosen) >= MIN_CLAUSES and total + count > budget:
                break
            chosen.append(clause)
            total += count
        clauses = chosen
    texts = [clause.fts for clause in clauses[:max_clauses]]
    return " OR ".join(texts) if texts else None


def _scope(
    query: StoryQuery,
    window_days: float | None,
    languages: Sequence[str] | None,
    params: list[object],
    *,
    outside: bool = False,
) -> list[str]:
    """A search's language and date-window conditions on ``items AS i``, their values appended
    to ``params`` as numbered parameters (?N, N their place in ``params``), so that they may
    follow the CJK scan's numbered bigrams as well as the FTS search's expression: items in the
    query's languages (or of none known), within ``window_days`` of its date or, ``outside``,
    only those dated beyond it."""
    sql = []
    wanted = tuple(query.languages if languages is None else languages)
    if wanted:
        marks = ", ".join(f"?{len(params) + n + 1}" for n in range(len(wanted)))
        sql.append(f"AND (i.language IS NULL OR i.language IN ({marks}))")
        params.extend(wanted)
    around = parse_iso_utc(query.published)
    if window_days is not None and around is not None:
        span = timedelta(days=window_days)
        sql.append(
            f"AND COALESCE(i.published, i.seen_at) {'NOT ' if outside else ''}"
            f"BETWEEN ?{len(params) + 1} AND ?{len(params) + 2}"
        )
        params += [iso_utc(around - span), iso_utc(around + span)]
    return sql


def _source_url(query: StoryQuery) -> str:
    """The article's own address as the index keeps addresses, to leave it out of its results."""
    try:
        return canonical_url(query.source_url)
    except ValueError:
        return query.source_url


class FeedIndex:
    """The SQLite FTS5 index at ``path``.

    Writes go through one connection (ingest is a single writer); reads use one connection per
    thread, so parallel searches from the API's threads do not queue behind each other.
    """

    def __init__(self, path: Path, *, clock: Callable[[], float] = time.time) -> None:
        self._path = Path(path)
        self._clock = clock
        self._write_lock = threading.Lock()
        self._writer: sqlite3.Connection | None = None
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()

    @property
    def path(self) -> Path:
        return self._path

    @property
    def schema_version(self) -> int:
        """The schema this code writes (the publisher records it in the snapshot's metadata)."""
        return SCHEMA_VERSION

    # -- connections -----------------------------------------------------------------------------

    def _open_writer(self) -> sqlite3.Connection:
        conn = open_wal_database(self._path, _SCHEMA)
        try:
            if _missing_columns(conn) or _recorded_version(conn) < SCHEMA_VERSION:
                # One transaction: the columns, the rows and the recorded version move together.
                conn.execute("BEGIN IMMEDIATE")
                try:
                    # Looked at again under the write lock: another process (`parallax ingest`
                    # beside `parallax serve`) may have migrated the file since, and a second
                    # ALTER TABLE failed ("duplicate column name"), which moved the index aside.
                    for statement in _missing_columns(conn):
                        conn.execute(statement)
                    recorded = _recorded_version(conn)
                    if recorded < 3:
                        _clean_bidi(conn)
                    if recorded < SCHEMA_VERSION:
                        conn.execute(
                            "UPDATE meta SET value = ? WHERE key = 'schema_version'",
                            (str(SCHEMA_VERSION),),
                        )
                except sqlite3.DatabaseError:
                    conn.execute("ROLLBACK")
                    raise
                conn.execute("COMMIT")
            conn.execute("INSERT INTO items_fts (items_fts, rank) VALUES ('rank', ?)", (_RANK,))
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _write_conn(self) -> sqlite3.Connection:
        if self._writer is not None:
            return self._writer
        self._path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._writer = self._open_writer()
        except sqlite3.DatabaseError as exc:
            if _is_busy(exc):
                # Another process holds the file's lock past the busy timeout: the file is
                # sound, and this run fails as a write inside it would. Moved aside, the index
                # was replaced by an empty one while the other process wrote into the old file.
                raise
            # The index is derived data: a corrupt file is kept for inspection and replaced.
            aside = self._path.with_name(f"{self._path.name}.corrupt-{int(self._clock())}")
            logger.warning("feed index unreadable; moved aside", extra={"moved_to": aside.name})
            for suffix in ("-wal", "-shm"):
                self._path.with_name(self._path.name + suffix).unlink(missing_ok=True)
            self._path.replace(aside)
            self._writer = self._open_writer()
        return self._writer

    def _read_conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if not self._path.is_file():
            raise IndexNotBuilt("The feed index has not been built yet (run `parallax ingest`)")
        conn = None
        try:
            conn = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
            conn.execute("PRAGMA query_only=ON")
            conn.execute("PRAGMA busy_timeout=1000")
            conn.execute("SELECT 1 FROM items_fts LIMIT 0")
        except sqlite3.DatabaseError as exc:
            if conn is not None:
                conn.close()
            if isinstance(exc, sqlite3.OperationalError) and "no such table" in str(exc):
                # A database without the schema: ingest has just created the file (or it is an
                # empty file). Nothing to search yet, which is not damage.
                raise IndexNotBuilt("The feed index is being created") from None
            raise IndexUnavailable("The feed index cannot be read") from None
        self._local.conn = conn
        with self._readers_lock:
            self._readers.append(conn)
        return conn

    def _drop_read_conn(self) -> None:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            with self._readers_lock:
                if conn in self._readers:
                    self._readers.remove(conn)
            conn.close()

    def close(self) -> None:
        with self._write_lock:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        with self._readers_lock:
            readers, self._readers = self._readers, []
        for conn in readers:
            # Connections of other threads: closing is safe with check_same_thread=False.
            conn.close()
        self._local = threading.local()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._write_lock:
            conn = self._write_conn()
            # BEGIN and COMMIT inside the try. A signal that arrives while BEGIN runs is raised
            # as it returns (`parallax ingest` stops on SIGTERM by KeyboardInterrupt): outside
            # the try, the transaction stayed open on this connection, so the run's record
            # could not be ended ("database is locked" after a 5 s wait; the run shown as
            # filling until stale). A COMMIT that fails may leave it open too (SQLite rolls
            # back by itself after some errors only).
            try:
                conn.execute("BEGIN IMMEDIATE")
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    # -- writing ---------------------------------------------------------------------------------

    def ensure(self) -> None:
        """Create the file and schema now (replacing a corrupt file), before a run needs them."""
        with self._write_lock:
            self._write_conn()

    def upsert_items(self, items: Iterable[IndexItem]) -> tuple[int, int]:
        """Insert new items and update changed ones in one transaction: ``(inserted, updated)``.

        An item matches a stored one by canonical URL or, within the same outlet, by GUID (an
        outlet that changes an article's URL keeps one row). A match whose title, summary,
        language or date changed is updated; an identical one is left alone, so ingesting the
        same feed twice reports ``(0, 0)``. A URL belongs to the outlet whose catalogue domain its
        host is on (``IndexItem.owns_url``), else to the first outlet that listed it: another
        outlet's feed listing it changes nothing, title included. An item without a date keeps
        its ``seen_at`` fresh, which is what retention measures it by.
        """
        now = iso_utc(self._clock())
        inserted = updated = 0
        try:
            with self._transaction() as conn:
                for item in items:
                    change = self._upsert_one(conn, item, now)
                    inserted += change == "inserted"
                    updated += change == "updated"
        except sqlite3.IntegrityError as exc:
            # The transaction is rolled back; callers see a domain error, not SQLite's.
            raise ItemsRejected(f"index rejected items ({exc})") from exc
        return inserted, updated

    @staticmethod
    def _upsert_one(conn: sqlite3.Connection, item: IndexItem, now: str) -> str | None:
        # Version 3 holds no bidi control in a title or summary, whoever hands the item over:
        # feeds are cleaned by ingest (feeds.plain_text), but the cloud publisher builds its
        # snapshot from the items table, whose older items older code wrote.
        title, summary = without_bidi_controls(item.title), without_bidi_controls(item.summary)
        if (title, summary) != (item.title, item.summary):
            item = replace(item, title=title, summary=summary)
        # Last listed when the item's store says (the cloud publisher's items), else now; never
        # later than now nor unreadable (another machine's clock, a hand-edited table): a sighting
        # in 2099 was beyond every search window of today and outlived every retention cutoff.
        recorded = parse_iso_utc(item.seen_at)
        seen = now if recorded is None else min(iso_utc(recorded), now)
        by_url = conn.execute(_SELECT_BY_URL, (item.url,)).fetchone()
        by_guid = None
        if item.guid:
            by_guid = conn.execute(_SELECT_BY_GUID, (item.outlet_id, item.guid)).fetchone()
        if by_url is None and by_guid is None:
            conn.execute(
                "INSERT INTO items (url, guid, outlet_id, outlet_name, outlet_domain, title, "
                "summary, language, published, fetched_at, seen_at, feed) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    item.url, item.guid, item.outlet_id, item.outlet_name, item.outlet_domain,
                    item.title, item.summary, item.language, item.published, now, seen,
                    item.feed_url,
                ),
            )  # fmt: skip
            return "inserted"
        if by_url is not None and by_guid is not None and by_url[0] != by_guid[0]:
            # The same article stored twice (old URL under this GUID, and this URL): keep the
            # URL's row, which the GUID now moves to.
            conn.execute("DELETE FROM items WHERE id = ?", (by_guid[0],))
        row = by_url if by_url is not None else by_guid
        assert row is not None
        row_id, outlet_id, guid, title, summary, language, published, feed = row
        if outlet_id != item.outlet_id:
            if item.owns_url:
                # The URL is on this outlet's own domain and another outlet (an aggregator, a
                # wire service) listed it first: the article is the owner's, under its name and
                # headline. Only one outlet owns a host, so the row never flips back.
                conn.execute(
                    "UPDATE items SET url = ?, outlet_id = ?, outlet_name = ?, "
                    "outlet_domain = ?, guid = ?, title = ?, summary = ?, language = ?, "
                    "published = ?, seen_at = ?, feed = ? WHERE id = ?",
                    (
                        item.url, item.outlet_id, item.outlet_name, item.outlet_domain,
                        item.guid, item.title, item.summary, item.language or language,
                        item.published or published, seen, item.feed_url, row_id,
                    ),
                )  # fmt: skip
                return "updated"
            # Another outlet's feed lists this URL (a wire story on a shared page, an
            # aggregator): the row stays the first outlet's, text included. Its headline under
            # the first outlet's name would be a misattribution, and two feeds with two titles
            # rewrote the row twice a run, the last-polled title winning.
            return None
        if feed is not None and item.feed_url is not None and feed != item.feed_url:
            # Another feed of the same outlet (a section's, the front page's) lists the URL
            # under its own title: the feed that wrote the text keeps it. Both writing flipped
            # the title on every run. The listing still keeps an undated item alive.
            if published is None:
                conn.execute("UPDATE items SET seen_at = ? WHERE id = ?", (seen, row_id))
            return None
        # Outlet and GUID are identity, set on insert; the outlet's own feed updates the rest
        # (a corrected headline is the outlet's to make).
        new_guid = item.guid or guid
        new_summary = item.summary or summary
        new_language = item.language or language
        new_published = item.published or published
        unchanged = (
            by_url is not None
            and item.title == title
            and (new_summary, new_language, new_published, new_guid)
            == (summary, language, published, guid)
        )
        if unchanged:
            if published is None:
                conn.execute("UPDATE items SET seen_at = ? WHERE id = ?", (seen, row_id))
            return None
        conn.execute(
            "UPDATE items SET url = ?, guid = ?, title = ?, summary = ?, language = ?, "
            "published = ?, seen_at = ?, feed = COALESCE(?, feed) WHERE id = ?",
            (
                item.url, new_guid, item.title, new_summary, new_language, new_published, seen,
                item.feed_url, row_id,
            ),
        )  # fmt: skip
        return "updated"

    def purge_older_than(self, days: float) -> int:
        """Delete items published (or, undated, last seen) more than ``days`` ago; returns how
        many."""
        cutoff = iso_utc(self._clock() - days * 86400)
        with self._transaction() as conn:
            cursor = conn.execute(
                "DELETE FROM items WHERE COALESCE(published, seen_at) < ?", (cutoff,)
            )
            return max(cursor.rowcount, 0)

    def optimize(self) -> None:
        """Merge FTS5 segments: worth it after a large ingest, before a snapshot is shipped."""
        with self._transaction() as conn:
            conn.execute("INSERT INTO items_fts (items_fts) VALUES ('optimize')")

    def snapshot(self, destination: Path) -> None:
        """Write a compact, self-contained copy to ``destination`` (what the cloud API function
        downloads): FTS segments merged, and a rollback journal instead of WAL, so that the copy
        opens read-only anywhere without -wal/-shm files beside it."""
        self.optimize()
        destination = Path(destination)
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.unlink(missing_ok=True)
        with self._write_lock:
            self._write_conn().execute("VACUUM INTO ?", (str(destination),))
        copy = sqlite3.connect(destination, isolation_level=None)
        try:
            copy.execute("PRAGMA journal_mode=DELETE")
        finally:
            copy.close()

    # -- reading ---------------------------------------------------------------------------------

    def count(self) -> int:
        try:
            row = self._read_conn().execute("SELECT count(*) FROM items").fetchone()
        except sqlite3.DatabaseError:
            self._drop_read_conn()
            raise IndexUnavailable("The feed index cannot be read") from None
        return int(row[0])

    def stats(self, feed_urls: frozenset[str] | None = None) -> IndexStats:
        """Items, the newest item's date and the feeds' record (none for an index that was
        filled from files or is a snapshot: those have no ``feed_state`` table). With
        ``feed_urls`` only those feeds count: rows of feeds since removed from the catalogue
        stay in ``feed_state`` and must not make the index look failing. Raises
        :class:`IndexUnavailable` for a missing or unreadable file."""
        conn = self._read_conn()
        try:
            items = int(conn.execute("SELECT count(*) FROM items").fetchone()[0])
            newest = conn.execute(_SELECT_NEWEST, (iso_utc(self._clock()),)).fetchone()[0]
            try:
                if feed_urls is None:
                    seen, failing, ever_read = conn.execute(_SELECT_FEED_COUNTS).fetchone()
                    feeds = FeedCounts(int(seen), int(failing), int(ever_read))
                else:
                    rows = [
                        (bool(fails), bool(read))
                        for url, fails, read in conn.execute(_SELECT_FEED_ROWS)
                        if url in feed_urls
                    ]
                    feeds = FeedCounts(len(rows), sum(f for f, _ in rows), sum(r for _, r in rows))
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    raise
                feeds = FeedCounts()
        except sqlite3.DatabaseError:
            self._drop_read_conn()
            raise IndexUnavailable("The feed index cannot be read") from None
        return IndexStats(items=items, newest=newest, feeds=feeds)

    def recorded_run(self) -> RecordedRun | None:
        """The last poll as its runner recorded it in this file (any process), or None when no
        run was recorded (an index filled from files, a snapshot). One primary-key read."""
        conn = self._read_conn()
        try:
            row = conn.execute(SELECT_RUN).fetchone()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            self._drop_read_conn()
            raise IndexUnavailable("The feed index cannot be read") from None
        except sqlite3.DatabaseError:
            self._drop_read_conn()
            raise IndexUnavailable("The feed index cannot be read") from None
        if row is None:
            return None
        running, unfilled, total, done, failed, heartbeat_at = row
        try:
            counts = (int(total), int(done), int(failed))
            beat = float(heartbeat_at)
        except (TypeError, ValueError):
            return None  # a row written by something else: no run we can vouch for
        if min(counts) < 0 or not math.isfinite(beat):
            return None
        return RecordedRun(bool(running), bool(unfilled), *counts, beat)

    def search(
        self,
        query: StoryQuery,
        limit: int = 20,
        *,
        window_days: float | None = DEFAULT_WINDOW_DAYS,
        background_limit: int = 0,
        languages: Sequence[str] | None = None,
        timeout_s: float | None = None,
    ) -> list[Candidate]:
        """Items matching ``query`` best first (BM25), without the source article.

        ``languages`` (default: ``query.languages``; empty = all) keeps items in those languages
        or of unknown language. With ``window_days`` and a parseable ``query.published``, only
        items dated (or, undated, seen) within that many days of it are considered, and then
        ``background_limit`` more, best first, of those dated outside it (the whole query only):
        the earlier and later stories the "on the topic" tier shows. They are searched apart so
        that they never crowd a same-story report out of the window's ``limit``, and marked
        ``background``: the ranking shows them on the topic only. Raises :class:`IndexUnavailable`, or
        ``UpstreamTimeout`` past ``timeout_s``.
        """
        # Opened first, so that a missing index is reported even for a query with no terms.
        conn = self._read_conn()
        if limit <= 0 or not query_clauses(query):
            return []
        found: dict[str, Candidate] = {}
        with self._guarded(conn, timeout_s):
            searches = [
                (sub, sub_limit, sub_languages, False)
                for sub, sub_limit, sub_languages in self._queries(query, limit, languages)
            ]
            dated = window_days is not None and parse_iso_utc(query.published) is not None
            if background_limit > 0 and dated:
                # In the reader's languages only, not the counted ones: the ranking shows a
                # background report on the topic only, never counts it among the hidden
                # same-story reports, so one in a counted language took a place for nothing.
                shown = tuple(query.languages) if languages is None else tuple(languages)
                searches.append((query, background_limit, shown, True))
            if not self._fts_search(conn, searches, window_days, found):
                raise PartialAnswer(list(found.values()), "The feed index search took too long")
            if grams := cjk_bigrams(query):
                # Chinese and Japanese items by shared bigrams, in the same window and languages
                # as the whole query: what the clause-sized FTS5 tokens cannot find.
                _, _, wanted = searches[0][:3]
                now = datetime.fromtimestamp(self._clock(), UTC)
                try:
                    rows = self._cjk_scan(
                        conn,
                        query,
                        grams,
                        limit,
                        window_days=window_days,
                        languages=wanted,
                        now=now,
                    )
                except sqlite3.OperationalError as exc:
                    if "interrupted" not in str(exc):
                        raise
                    # Out of time in the scan: the reports FTS5 found are still an answer
                    # (before, the timeout threw them away with it: no related coverage at all).
                    logger.warning("feed index CJK scan took too long", extra={"found": len(found)})
                    raise PartialAnswer(
                        list(found.values()), "The feed index search took too long"
                    ) from None
                for row in rows:
                    if row[0] not in found and (candidate := self._candidate(row)) is not None:
                        found[row[0]] = candidate
        return list(found.values())

    def _fts_search(
        self,
        conn: sqlite3.Connection,
        searches: Sequence[tuple[StoryQuery, int, Sequence[str] | None, bool]],
        window_days: float | None,
        found: dict[str, Candidate],
    ) -> bool:
        """Add what each FTS5 search finds to ``found``, in turn; False when one after the first
        ran out of time (it raises on the first, or when nothing was found yet)."""
        expressions: dict[int, str | None] = {}  # the background search reuses the first's
        for sub, sub_limit, sub_languages, outside in searches:
            try:
                if id(sub) not in expressions:
                    expressions[id(sub)] = match_expression(sub, self._frequencies(conn, sub))
                expression = expressions[id(sub)]
                if expression is None:
                    continue
                sql, params = self._search_sql(
                    sub, expression, sub_limit, window_days, sub_languages, outside=outside
                )
                rows = conn.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                if "interrupted" not in str(exc) or not found:
                    raise
                # Out of time in a later search (the title's words, other languages, the
                # background): the reports the earlier ones found are still an answer, as they
                # are after the CJK scan (attack16; before, the timeout lost them).
                logger.warning("feed index search took too long", extra={"found": len(found)})
                return False
            for row in rows:
                if row[0] not in found and (candidate := self._candidate(row)) is not None:
                    found[row[0]] = replace(candidate, background=outside)
        return True

    @classmethod
    def _cjk_scan(
        cls,
        conn: sqlite3.Connection,
        query: StoryQuery,
        grams: Sequence[str],
        limit: int,
        *,
        window_days: float | None,
        languages: Sequence[str] | None,
        now: datetime,
    ) -> list[Any]:
        """Items sharing at least :data:`MIN_CJK_HITS` of ``grams``, most shared first (a
        bigram in the title counts twice), as the search's rows.

        A scan of the window's items, not an index lookup: the window is a few days of feeds,
        and only a Chinese or Japanese article pays for it. Python's ``in`` compares them
        (SQLite's ``instr``, 32 calls a row, took 1.4 s for 20,000 Chinese rows with 600-character
        teasers, against 0.4 s read and compared here; attack15), one row at a time, keeping the
        best ``limit`` only. The statement's progress handler still bounds it in time."""
        statement = cls._cjk_sql(query, window_days, languages, now=now)
        if statement is None:
            return []
        sql, params = statement
        need = min(MIN_CJK_HITS, len(grams))
        best: list[tuple[int, str, int]] = []  # (score, published, id): a min-heap of `limit`
        for row_id, title, summary, published in conn.execute(sql, params):
            hits = title_hits = 0
            for gram in grams:
                if gram in title:
                    hits += 1
                    title_hits += 1
                elif gram in summary:
                    hits += 1
            if hits < need:
                continue
            entry = (hits + title_hits, published or "", row_id)
            if len(best) < limit:
                heapq.heappush(best, entry)
            elif entry > best[0]:
                heapq.heapreplace(best, entry)
        ranked = sorted(best, reverse=True)
        if not ranked:
            return []
        marks = ", ".join("?" * len(ranked))
        by_id = {
            row[0]: row[1:]
            for row in conn.execute(
                f"SELECT i.id, {_CJK_COLUMNS} FROM items AS i WHERE i.id IN ({marks})",  # noqa: S608
                [row_id for _, _, row_id in ranked],
            )
        }
        return [by_id[row_id] for _, _, row_id in ranked if row_id in by_id]

    @staticmethod
    def _cjk_sql(
        query: StoryQuery,
        window_days: float | None,
        languages: Sequence[str] | None,
        *,
        now: datetime,
    ) -> tuple[str, list[object]] | None:
        """The rows :meth:`_cjk_scan` compares: id, title, teaser and date of the window's items
        in Chinese or Japanese (or of unknown language), the source article's left out; None
        when the search is in neither language (an English article quoting a Chinese name).

        Always a window (attack15): an undated query's is the days around ``now`` (a page with
        no date, or dated ahead of now, scanned the whole index: 5-8 s for 80,000 Chinese rows,
        past the provider's 2.5 s), and only rows in Chinese or Japanese are read, not the
        counted languages' (every other row of the window)."""
        wanted = tuple(query.languages if languages is None else languages)
        # Bigrams of Han and kana are found in Chinese and Japanese text only.
        cjk = tuple(x for x in wanted or _CJK_LANGUAGES if x in _CJK_LANGUAGES)
        if not cjk:
            return None
        dated = replace(query, published=iso_utc(parse_iso_utc(query.published) or now))
        params: list[object] = [_source_url(query)]
        sql = [
            "SELECT i.id, i.title, i.summary, i.published FROM items AS i WHERE i.url != ?1",
            *_scope(
                dated,
                DEFAULT_WINDOW_DAYS if window_days is None else window_days,
                cjk,
                params,
            ),
        ]
        return " ".join(sql), params

    @staticmethod
    def _queries(
        query: StoryQuery, limit: int, languages: Sequence[str] | None
    ) -> list[tuple[StoryQuery, int, Sequence[str] | None]]:
        """More than one query per article, each finding what the others miss:

        * the whole query (names, numbers, key words, the title's words), rarest first;
        * the title's words alone: a headline that shares only ordinary words with the source
          (two outlets' wording of one event) is crowded out of the first by rarer names;
        * names and numbers alone in the other languages, each name word by its first letters
          ("Itali*", "Sánch*"): a German report of an English story shares little more than
          those, spelled its own way, and same-language matches would outrank it.
        """
        wanted = tuple(query.languages if languages is None else languages)
        if languages is None and wanted:
            wanted = (*wanted, *query.counted_languages)
        queries: list[tuple[StoryQuery, int, Sequence[str] | None]] = [(query, limit, wanted)]
        if query.title.strip():
            queries.append((replace(query, terms=(), translated_terms=None), limit // 2, wanted))
        neutral = tuple(t for t in query.terms if is_language_neutral(t))
        others = tuple(x for x in wanted if x != query.language)
        if neutral and others:
            queries.append(
                (
                    replace(
                        query, terms=neutral, title="", translated_terms=None, prefix_names=True
                    ),
                    limit // 2,
                    others,
                )
            )
        return queries

    @staticmethod
    def _candidate(row: Sequence[Any]) -> Candidate | None:
        """The row as a candidate; None for a title that shows nothing.

        Title and summary lose bidirectional embeddings, overrides and isolates here, on read,
        although ingest removes them before storing (``feeds.plain_text``) and cleans the rows
        older code stored when it first opens their file (schema version 3): a reader may
        open an older file or snapshot that no ingest has opened since. Cleaning the few rows a
        search returns costs microseconds.
        """
        url, title, outlet_name, outlet_domain, language, published, summary = row
        title = visible_text(title)
        if not title:
            return None
        summary = without_bidi_controls(summary)
        return Candidate(
            url=url,
            title=title,
            provider=IndexProvider.name,
            outlet_name=outlet_name,
            outlet_domain=outlet_domain,
            language=language,
            published=published,
            snippet=(summary[:_SNIPPET_CHARS] or None),
        )

    @staticmethod
    def _search_sql(
        query: StoryQuery,
        expression: str,
        limit: int,
        window_days: float | None,
        languages: Sequence[str] | None,
        *,
        outside: bool = False,
    ) -> tuple[str, list[object]]:
        """The search's SQL: items within ``window_days`` of the query's date or, ``outside``,
        only those dated beyond it."""
        sql = [
            "SELECT i.url, i.title, i.outlet_name, i.outlet_domain, i.language, i.published, "
            "i.summary FROM items_fts JOIN items AS i ON i.id = items_fts.rowid "
            "WHERE items_fts MATCH ?1"
        ]
        params: list[object] = [expression]
        sql += _scope(query, window_days, languages, params, outside=outside)
        params += [_source_url(query), limit]
        sql.append(f"AND i.url != ?{len(params) - 1} ORDER BY items_fts.rank LIMIT ?{len(params)}")
        return " ".join(sql), params

    @staticmethod
    def _frequencies(conn: sqlite3.Connection, query: StoryQuery) -> dict[str, int] | None:
        """Documents per token of the query, from the FTS5 vocabulary; None for an index
        without the vocabulary table (then every clause is used)."""
        tokens = sorted(
            {
                token
                for clause in query_clauses(query)
                for each in (clause, clause.exact)
                if each is not None
                for token in each.tokens
            }
        )
        whole = [t for t in tokens if not t.endswith("*")]
        try:
            found = conn.execute(_SELECT_FREQUENCIES, (json.dumps(whole),)).fetchall()
            counts = {term: int(doc) for term, doc in found}
            for token in tokens:
                if token.endswith("*"):
                    # Documents of every word with the prefix: an upper bound, enough to budget.
                    stem = token[:-1]
                    row = conn.execute(
                        _SELECT_PREFIX_FREQUENCY, (stem, stem + "\U0010ffff")
                    ).fetchone()
                    counts[token] = int(row[0] or 0)
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return None
            raise
        return counts

    @contextmanager
    def _guarded(self, conn: sqlite3.Connection, timeout_s: float | None) -> Iterator[None]:
        """Bound the statements inside to ``timeout_s`` and map SQLite errors to ours."""
        if timeout_s is not None:
            deadline = time.monotonic() + timeout_s
            # SQLite calls this every few thousand VM steps; a non-zero answer interrupts the query.
            conn.set_progress_handler(lambda: int(time.monotonic() > deadline), _PROGRESS_STEPS)
        try:
            yield
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise UpstreamTimeout("The feed index search took too long") from None
            self._drop_read_conn()
            logger.warning("feed index search failed", extra={"error": str(exc)[:200]})
            raise IndexUnavailable("The feed index cannot be searched") from None
        except sqlite3.DatabaseError as exc:
            self._drop_read_conn()
            logger.warning("feed index unreadable", extra={"error": str(exc)[:200]})
            raise IndexUnavailable("The feed index cannot be read") from None
        finally:
            if timeout_s is not None:
                conn.set_progress_handler(None, 0)


class IndexProvider:
    """``RelatedProvider`` over the local feed index (name ``"index"``), which also tells the
    related step the index's state (``IndexStateSource``).

    ``feeds_total`` is the catalogue's feed count and ``feed_urls`` its feeds (when given, only
    their records count); ``progress`` is the background poll's, when this process runs one
    (``parallax serve``).
    """

    name = "index"

    def __init__(
        self,
        index: FeedIndex,
        *,
        window_days: float | None = DEFAULT_WINDOW_DAYS,
        feeds_total: int = 0,
        feed_urls: Iterable[str] | None = None,
        progress: IngestProgress | None = None,
        clock: Callable[[], float] = time.time,
        state_ttl_s: float = _STATE_TTL_S,
        run_stale_s: float = RUN_STALE_S,
    ):
        self._index = index
        self._window_days = window_days
        self._feeds_total = feeds_total
        self._feed_urls = frozenset(feed_urls) if feed_urls is not None else None
        self._progress = progress
        self._clock = clock
        self._state_ttl_s = state_ttl_s
        self._run_stale_s = run_stale_s
        self._stats_lock = threading.Lock()
        self._stats: tuple[float, PollProgress | None, IndexStats] | None = None

    def search(self, query: StoryQuery, limit: int, timeout_s: float) -> list[Candidate]:
        try:
            return self._index.search(
                query,
                limit,
                window_days=self._window_days,
                background_limit=limit // BACKGROUND_SHARE,
                timeout_s=timeout_s,
            )
        except IndexNotBuilt:
            # Not filled yet: nothing to find, and index_state() says why. Not a failure.
            return []

    def index_state(self) -> IndexState:
        """The index's state now; a missing file is "not filled", an unreadable one "failing".

        The poll in progress is this process's own (``parallax serve``) or, when it runs none,
        the one another process records in the file (``parallax ingest``), unless that one's
        heartbeat is older than ``run_stale_s`` (it crashed)."""
        poll = self._progress.snapshot() if self._progress is not None else None
        try:
            if poll is None or not poll.running:
                recorded = self._index.recorded_run()
                live = recorded.live_poll(self._clock(), self._run_stale_s) if recorded else None
                poll = live or poll
            stats = self._current_stats(poll)
        except IndexNotBuilt:
            stats = IndexStats()
        except IndexUnavailable:
            return IndexState(status="failing", feeds_total=self._feeds_total)
        return index_state(
            items=stats.items,
            newest_item_age_s=stats.newest_age_s(self._clock()),
            feeds_total=self._feeds_total,
            feeds=stats.feeds,
            poll=poll,
        )

    def _current_stats(self, poll: PollProgress | None) -> IndexStats:
        """The index's counts, reused for ``state_ttl_s`` unless the poll has moved on since."""

        def fresh(cached: tuple[float, PollProgress | None, IndexStats] | None) -> bool:
            return (
                cached is not None
                and cached[1] == poll
                and time.monotonic() - cached[0] < self._state_ttl_s
            )

        cached = self._stats
        if cached is not None and fresh(cached):
            return cached[2]
        with self._stats_lock:
            cached = self._stats
            if cached is not None and fresh(cached):
                return cached[2]
            try:
                stats = self._index.stats(self._feed_urls)
            except IndexNotBuilt:
                return IndexStats()
            self._stats = (time.monotonic(), poll, stats)
            return stats
