"""Feed index benchmark: ingest throughput (parse and index local feed files) and related-lookup
latency on an index of synthetic but realistic news items.

Items are generated from a small multilingual vocabulary (en, de, fr, es, it, pt, nl, pl) as
*stories*: one event (a person, a place, a topic, a figure, a day) reported by several catalogue
outlets in several languages with varied headlines, as real coverage is. They are written as
RSS 2.0 and Atom files (about 100 items each), ingested with ``ingest_directory`` (the code behind
``parallax ingest --from-dir``), then searched with queries built like the Brief builds them: a
paraphrased headline, the story's names and figures, the reader's language first.

Goals (issue 4): ingest >= 500 items/s; lookup p50 <= 20 ms, p95 <= 60 ms on 100,000 items.

Example:
    uv run python bench/bench_index.py --items 100000 --queries 200 --json /tmp/index.json
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from time import perf_counter, process_time, thread_time
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import bench_parser, machine, median, percentile, progress

LANGUAGES = ("en", "de", "fr", "es", "it", "pt", "nl", "pl")


def _words(text: str) -> list[str]:
    return text.split()


# Ten topics, aligned across languages, and eight verbs per language.
TOPICS = {
    "en": ["budget", "reform", "tariffs", "ceasefire", "pension plan", "climate deal",
           "election", "strike", "trade pact", "rate cut"],
    "de": ["Haushalt", "Reform", "Zölle", "Waffenruhe", "Rentenplan", "Klimaabkommen",
           "Wahl", "Streik", "Handelsabkommen", "Zinssenkung"],
    "fr": ["le budget", "la réforme", "les droits de douane", "le cessez-le-feu",
           "la réforme des retraites", "l'accord climatique", "l'élection", "la grève",
           "l'accord commercial", "la baisse des taux"],
    "es": ["el presupuesto", "la reforma", "los aranceles", "el alto el fuego",
           "el plan de pensiones", "el acuerdo climático", "las elecciones", "la huelga",
           "el pacto comercial", "la bajada de tipos"],
    "it": ["il bilancio", "la riforma", "i dazi", "il cessate il fuoco",
           "la riforma delle pensioni", "l'accordo sul clima", "le elezioni", "lo sciopero",
           "il patto commerciale", "il taglio dei tassi"],
    "pt": ["o orçamento", "a reforma", "as tarifas", "o cessar-fogo", "a reforma da previdência",
           "o acordo climático", "as eleições", "a greve", "o pacto comercial",
           "o corte de juros"],
    "nl": ["de begroting", "de hervorming", "de invoerheffingen", "het staakt-het-vuren",
           "het pensioenplan", "het klimaatakkoord", "de verkiezingen", "de staking",
           "het handelsakkoord", "de renteverlaging"],
    "pl": ["budżet", "reformę", "cła", "zawieszenie broni", "reformę emerytalną",
           "porozumienie klimatyczne", "wybory", "strajk", "umowę handlową", "obniżkę stóp"],
}  # fmt: skip
VERBS = {
    "en": ["announces", "rejects", "backs", "defends", "unveils", "criticises", "approves", "delays"],
    "de": ["verkündet", "lehnt", "stützt", "verteidigt", "präsentiert", "kritisiert", "billigt", "vertagt"],
    "fr": ["annonce", "rejette", "soutient", "défend", "dévoile", "critique", "approuve", "reporte"],
    "es": ["anuncia", "rechaza", "respalda", "defiende", "presenta", "critica", "aprueba", "aplaza"],
    "it": ["annuncia", "respinge", "sostiene", "difende", "presenta", "critica", "approva", "rinvia"],
    "pt": ["anuncia", "rejeita", "apoia", "defende", "apresenta", "critica", "aprova", "adia"],
    "nl": ["kondigt", "verwerpt", "steunt", "verdedigt", "presenteert", "bekritiseert", "keurt", "stelt"],
    "pl": ["ogłasza", "odrzuca", "popiera", "broni", "przedstawia", "krytykuje", "zatwierdza", "odkłada"],
}  # fmt: skip
PLACE_WORD = {"en": "in", "de": "in", "fr": "à", "es": "en", "it": "a", "pt": "em", "nl": "in",
              "pl": "w"}  # fmt: skip
FILLER = {
    "en": "after talks amid protests despite warnings as markets react officials say new plan "
          "government opposition ministers week vote deal crisis talks report analysts",
    "de": "nach Gesprächen trotz Warnungen Regierung Opposition Minister Woche Abstimmung "
          "Einigung Krise Bericht Experten Märkte reagieren neuer Plan",
    "fr": "après des discussions malgré les avertissements gouvernement opposition ministres "
          "semaine vote accord crise rapport marchés réagissent nouveau plan",
    "es": "tras las negociaciones pese a las advertencias gobierno oposición ministros semana "
          "votación acuerdo crisis informe mercados reaccionan nuevo plan",
    "it": "dopo i colloqui nonostante gli avvertimenti governo opposizione ministri settimana "
          "voto accordo crisi rapporto mercati reagiscono nuovo piano",
    "pt": "após negociações apesar dos avisos governo oposição ministros semana votação acordo "
          "crise relatório mercados reagem novo plano",
    "nl": "na gesprekken ondanks waarschuwingen regering oppositie ministers week stemming "
          "akkoord crisis rapport markten reageren nieuw plan",
    "pl": "po rozmowach mimo ostrzeżeń rząd opozycja ministrowie tydzień głosowanie porozumienie "
          "kryzys raport rynki reagują nowy plan",
}  # fmt: skip
FIRST = _words(
    "Anna Marta Olaf Jean Pedro Giulia Sofia Lars Ewa Tomasz Pieter Ana Luca Marie Hans "
    "Elena Carlos Irene Jonas Claire Mateo Nora Paulo Inês Bram Zofia Karel Aino Dmitri "
    "Leila Omar Yuki Amara Felix Greta Hugo Iris Nils Rosa Viktor"
)  # fmt: skip
LAST = _words(
    "Scholz Moreau García Rossi Silva Jansen Kowalski Novak Berg Dubois Fischer Romano "
    "Santos Visser Nowak Lindqvist Meyer Ferrari Costa Bakker Wójcik Horvat Müller Lefèvre "
    "Fernández Bianchi Pereira Mulder Zieliński Kovač Weber Laurent López Greco Almeida "
    "Smit Lewandowski Petrov Hansen Martin Schmidt Girard Torres Esposito Rocha Dekker "
    "Kamiński Popescu Nielsen Keller Fontaine Ruiz Colombo Carvalho Vos Szymański Ionescu "
    "Larsen Wagner"
)  # fmt: skip
PLACES = _words(
    "Berlin Paris Madrid Rome Lisbon Warsaw Amsterdam Brussels Vienna Geneva Kyiv Athens "
    "Prague Budapest Stockholm Oslo Helsinki Copenhagen Dublin Edinburgh Marseille Lyon "
    "Munich Hamburg Milan Naples Porto Seville Valencia Kraków Gdańsk Rotterdam Antwerp "
    "Zürich Bratislava Bucharest Sofia Zagreb Ljubljana Vilnius Riga Tallinn Istanbul "
    "Ankara Cairo Nairobi Lagos Johannesburg Toronto Montréal Chicago Boston Tokyo Seoul "
    "Bogotá Lima Santiago Brasília Valparaíso Córdoba"
)  # fmt: skip


@dataclass(frozen=True)
class Story:
    id: int
    topic: int
    person: str
    place: str
    figure: str
    when: datetime
    language: str


def headline(story: Story, language: str, rng: random.Random) -> str:
    verb = rng.choice(VERBS[language])
    filler = rng.sample(FILLER[language].split(), 2)
    parts = [story.person, verb, TOPICS[language][story.topic], PLACE_WORD[language], story.place]
    if rng.random() < 0.6:
        parts.append(f"({story.figure})")
    parts.append(" ".join(filler))
    return " ".join(parts)


def teaser(story: Story, language: str, rng: random.Random) -> str:
    words = rng.sample(FILLER[language].split(), 8)
    return (
        f"{story.place}: {story.person} {' '.join(words[:4])} {TOPICS[language][story.topic]} "
        f"{story.figure} {' '.join(words[4:])}."
    )


def make_stories(count: int, now: datetime, rng: random.Random) -> list[Story]:
    return [
        Story(
            id=n,
            topic=rng.randrange(len(TOPICS["en"])),
            person=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            place=rng.choice(PLACES),
            figure=rng.choice(
                [
                    f"{rng.randint(2, 999)} million",
                    f"{rng.randint(1, 99)}%",
                    f"{rng.randint(1990, 2030)}",
                    f"{rng.randint(10, 9999)}",
                ]
            ),
            when=now - timedelta(hours=rng.uniform(1, 10 * 24)),
            language=rng.choice(LANGUAGES),
        )
        for n in range(count)
    ]


def write_feeds(folder: Path, items: int, rng: random.Random) -> tuple[list[Story], int]:
    """Write about ``items`` items as feed files; returns the stories and the number of files."""
    from parallax.ingest.catalogue import load_catalogue

    catalogue = load_catalogue()
    by_language: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for outlet in catalogue.outlets:
        for language in outlet.languages:
            if language in LANGUAGES:
                by_language[language].append((outlet.id, outlet.domain))
    now = datetime.now(tz=UTC)
    stories = make_stories(max(1, items // 12), now, rng)
    per_outlet: dict[str, list[str]] = defaultdict(list)
    formats: dict[str, str] = {}
    made = 0
    while made < items:
        story = rng.choice(stories)
        # Most coverage is in the story's own language, some in others.
        language = story.language if rng.random() < 0.6 else rng.choice(LANGUAGES)
        outlet_id, domain = rng.choice(by_language[language])
        when = story.when + timedelta(minutes=rng.uniform(-600, 600))
        when = min(when, now)
        title = escape(headline(story, language, rng))
        summary = escape(teaser(story, language, rng))
        url = f"https://www.{domain}/{when:%Y/%m/%d}/story-{story.id}-{made}"
        kind = formats.setdefault(outlet_id, "atom" if rng.random() < 0.25 else "rss")
        if kind == "rss":
            entry = (
                f"<item><title>{title}</title><link>{url}</link><guid>{outlet_id}-{made}</guid>"
                f"<pubDate>{format_datetime(when)}</pubDate><description>{summary}</description>"
                "</item>"
            )
        else:
            entry = (
                f'<entry><title>{title}</title><link rel="alternate" href="{url}"/>'
                f"<id>tag:{domain},2024:{made}</id><updated>{when.isoformat()}</updated>"
                f"<summary>{summary}</summary></entry>"
            )
        per_outlet[f"{outlet_id}|{language}"].append(entry)
        made += 1
    files = 0
    for key, entries in per_outlet.items():
        outlet_id, language = key.split("|")
        for start in range(0, len(entries), 100):
            chunk = "".join(entries[start : start + 100])
            if formats[outlet_id] == "rss":
                document = (
                    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                    f"<title>{outlet_id}</title><link>https://{outlet_id}.example/</link>"
                    f"<language>{language}</language>{chunk}</channel></rss>"
                )
            else:
                document = (
                    '<?xml version="1.0" encoding="utf-8"?>'
                    f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{language}">'
                    f"<title>{outlet_id}</title><id>urn:{outlet_id}</id>"
                    f"<updated>{now.isoformat()}</updated>{chunk}</feed>"
                )
            (folder / f"{outlet_id}--{language}-{start // 100:04d}.xml").write_text(
                document, encoding="utf-8"
            )
            files += 1
    return stories, files


def make_queries(stories: list[Story], count: int, rng: random.Random) -> list[tuple[int, object]]:
    from parallax.domain.ports import StoryQuery

    queries: list[tuple[int, object]] = []
    for story in rng.sample(stories, min(count, len(stories))):
        reader = story.language
        title = headline(story, reader, rng)  # a fresh paraphrase, not an indexed headline
        queries.append(
            (
                story.id,
                StoryQuery(
                    title=title,
                    lead=teaser(story, reader, rng),
                    language=reader,
                    terms=(story.person, story.place, story.figure, TOPICS[reader][story.topic]),
                    published=story.when.isoformat(),
                    source_url=f"https://source.example/{story.id}",
                    languages=(reader, *(lang for lang in LANGUAGES if lang != reader)),
                ),
            )
        )
    return queries


def main() -> None:
    parser = bench_parser(__doc__)
    parser.add_argument("--items", type=int, default=100_000, help="items to index (100000)")
    parser.add_argument("--queries", type=int, default=200, help="lookups to time (200)")
    parser.add_argument("--limit", type=int, default=20, help="candidates per lookup (20)")
    parser.add_argument("--seed", type=int, default=7, help="random seed (7)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()

    from parallax.adapters.feed_index import FeedIndex, IndexProvider
    from parallax.ingest.catalogue import load_catalogue
    from parallax.ingest.runner import ingest_directory

    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as tmp:
        folder = Path(tmp) / "feeds"
        folder.mkdir()
        started = perf_counter()
        stories, files = write_feeds(folder, args.items, rng)
        generated_s = perf_counter() - started
        size_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6

        index = FeedIndex(Path(tmp) / "index.sqlite3")
        started, cpu_started = perf_counter(), process_time()
        report = ingest_directory(
            folder, index=index, catalogue=load_catalogue(), retention_days=14,
            progress=sys.stderr,
        )  # fmt: skip
        ingest_s = perf_counter() - started
        ingest_cpu_s = process_time() - cpu_started
        stored = index.count()
        index_mb = (Path(tmp) / "index.sqlite3").stat().st_size / 1e6

        provider = IndexProvider(index)
        queries = make_queries(stories, args.queries, rng)
        for _, query in queries[:5]:  # warm the page cache and the connection
            provider.search(query, args.limit, 5.0)  # type: ignore[arg-type]
        latencies: list[float] = []
        cpu: list[float] = []
        hits = 0
        precision: list[float] = []
        for story_id, query in progress(queries, "lookups"):
            started, cpu_started = perf_counter(), thread_time()
            found = provider.search(query, args.limit, 5.0)  # type: ignore[arg-type]
            latencies.append((perf_counter() - started) * 1000)
            cpu.append((thread_time() - cpu_started) * 1000)
            same = [f"/story-{story_id}-" in candidate.url for candidate in found]
            hits += any(same)
            precision.append(sum(same[:10]) / max(1, min(10, len(same))))
        index.close()

    rate = report.items_inserted / ingest_s
    cpu_rate = report.items_inserted / ingest_cpu_s
    result = {
        "machine": machine(),
        "items_requested": args.items,
        "feed_files": files,
        "feed_mb": round(size_mb, 1),
        "generate_s": round(generated_s, 2),
        "ingest_s": round(ingest_s, 2),
        "items_inserted": report.items_inserted,
        "items_stored": stored,
        "failed_files": report.feeds_failed,
        "ingest_items_per_s": round(rate),
        "ingest_cpu_s": round(ingest_cpu_s, 2),
        "ingest_items_per_cpu_s": round(cpu_rate),
        "index_mb": round(index_mb, 1),
        "queries": len(latencies),
        "lookup_ms": {
            "p50": round(median(latencies), 2),
            "p95": round(percentile(latencies, 95), 2),
            "p99": round(percentile(latencies, 99), 2),
            "max": round(max(latencies), 2) if latencies else None,
        },
        "lookup_cpu_ms": {
            "p50": round(median(cpu), 2),
            "p95": round(percentile(cpu, 95), 2),
        },
        "same_story_in_top": {"k": args.limit, "share": round(hits / max(1, len(latencies)), 3)},
        "same_story_share_of_top_10": round(sum(precision) / max(1, len(precision)), 3),
    }
    print(f"machine: {result['machine']}")
    print(f"feeds: {files} files, {size_mb:.1f} MB, {report.items_inserted} items inserted "
          f"({stored} stored, {report.feeds_failed} files failed)")  # fmt: skip
    print(
        f"ingest (parse + index): {ingest_s:.1f} s = {rate:,.0f} items/s   (goal >= 500); "
        f"CPU {ingest_cpu_s:.1f} s = {cpu_rate:,.0f} items per CPU second"
    )
    print(f"index file: {index_mb:.1f} MB")
    print(
        f"lookup, {len(latencies)} queries, top {args.limit}: p50 {median(latencies):.1f} ms  "
        f"p95 {percentile(latencies, 95):.1f} ms  p99 {percentile(latencies, 99):.1f} ms   "
        "(goals p50 <= 20, p95 <= 60)"
    )
    print(
        f"lookup CPU time (this thread): p50 {median(cpu):.1f} ms  p95 {percentile(cpu, 95):.1f} ms"
        "   (wall minus CPU = waiting for a core on a busy machine)"
    )
    print(
        f"same story among the top {args.limit}: {hits}/{len(latencies)}; "
        f"same-story share of the top 10: {sum(precision) / max(1, len(precision)):.0%}"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
