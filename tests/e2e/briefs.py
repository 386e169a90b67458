"""Briefs for the fake backend: a plausible one with related coverage, and a hostile one."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

# The first sentences of tests/fixtures/pages/de_article.html, as the backend splits them.
DE_SENTENCES = [
    "Nach fast zehn Jahren Planung und zahlreichen Bürgerversammlungen hat der Stadtrat am "
    "Mittwochabend den Bau der Straßenbahnlinie 7 beschlossen.",
    "Die neue Strecke soll den Hauptbahnhof mit dem wachsenden Stadtteil Nordheim verbinden und "
    "2031 in Betrieb gehen.",
    "Mit 38 zu 21 Stimmen fiel die Entscheidung deutlicher aus als erwartet.",
]


def ago(hours: float) -> str:
    return (datetime.now(UTC) - timedelta(hours=hours)).isoformat(timespec="seconds")


def outlet(name: str, domain: str, kind: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"name": name, "domain": domain}
    if kind:
        found["type"] = kind
    return found


def wire_copy(url: str, by: dict[str, Any]) -> dict[str, Any]:
    """A collapsed copy of the dpa report below (``RelatedItem.copies``)."""
    return {
        "url": url,
        "title": "Straßenbahn nach Nordheim: 214 Millionen Euro für die Linie 7",
        "outlet": by,
        "language": "de",
        "published": ago(4.5),
    }


def related_items(
    link: str = "https://www.rhine-courier.example/news/tram-nordheim",
    copy_link: str = "https://www.rheinpost.example/nordheim/linie-7",
) -> list[Any]:
    """Coverage in three languages, one translated headline, and two collapsed wire reports:
    dpa's with its copies' addresses, Euro Wire's as an older backend sends it (names only)."""
    return [
        {
            "url": "https://www.westfunk.example/nachrichten/nordheim-linie-7-100.html",
            "title": "Nordheim bekommt die Linie 7: Stadtrat stimmt für die Straßenbahn",
            "outlet": outlet("Westfunk", "westfunk.example", "public_broadcaster"),
            "language": "de",
            "published": ago(1.2),
            "similarity": 0.81,
            "snippet": (
                "Mit 38 zu 21 Stimmen hat der Stadtrat am Mittwochabend den Bau der "
                "Straßenbahnlinie 7 beschlossen. Die Strecke soll den Hauptbahnhof mit Nordheim "
                "verbinden; Anwohner hatten fast zehn Jahre über Trasse, Lärm und Kosten gestritten."
            ),
            "also_reported_by": [],
            "provider": "index",
        },
        {
            "url": "https://www.dpa-news.example/politik/strassenbahn-nordheim",
            "title": "Straßenbahn nach Nordheim: 214 Millionen Euro für die Linie 7",
            "outlet": outlet("dpa", "dpa-news.example", "wire_agency"),
            "language": "de",
            "published": ago(5),
            "similarity": 0.74,
            "also_reported_by": [
                outlet("Rheinpost", "rheinpost.example", "private"),
                outlet("Stadtanzeiger", "stadtanzeiger.example", "private"),
                outlet("Abendblatt Süd", "abendblatt-sued.example", "private"),
            ],
            # Abendblatt Süd has no copy (the backend leaves out one it cannot send): a name.
            "copies": [
                wire_copy(copy_link, outlet("Rheinpost", "rheinpost.example", "private")),
                wire_copy(
                    "https://www.stadtanzeiger.example/region/linie-7",
                    outlet("Stadtanzeiger", "stadtanzeiger.example", "private"),
                ),
            ],
            "provider": "google_news",
        },
        {
            "url": link,
            "title": "City council approves new tram line to Nordheim after decade of debate",
            "outlet": outlet("Rhine Courier", "rhine-courier.example", "private"),
            "language": "en",
            "published": ago(3),
            "similarity": 0.69,
            "also_reported_by": [outlet("Euro Wire", "eurowire.example", "wire_agency")],
            "provider": "gdelt",
        },
        {
            "url": "https://www.radio-rhin.example/info/tramway-nordheim",
            "title": "Le conseil municipal approuve une ligne de tramway vers Nordheim",
            "translated_title": "City council approves a tram line to Nordheim",
            "outlet": outlet("Radio Rhin", "radio-rhin.example", "public_broadcaster"),
            "language": "fr",
            "published": ago(30),
            "similarity": 0.66,
            "also_reported_by": [],
            "provider": "gdelt",
        },
    ]


def topic_items() -> list[Any]:
    """On the topic: earlier and background stories about the same tram line."""
    return [
        {
            "url": "https://www.westfunk.example/nachrichten/linie-7-kosten-100.html",
            "title": "Linie 7: Kosten für die Straßenbahn nach Nordheim steigen auf 214 Millionen",
            "outlet": outlet("Westfunk", "westfunk.example", "public_broadcaster"),
            "language": "de",
            "published": ago(24 * 40),
            "similarity": 0.52,
            "snippet": "Die Stadt rechnet mit höheren Baukosten als 2021 geplant.",
            "also_reported_by": [],
            "provider": "index",
        },
        {
            "url": "https://www.rhine-courier.example/news/nordheim-residents-tram",
            "title": "Nordheim residents split over the planned tram route",
            "outlet": outlet("Rhine Courier", "rhine-courier.example", "private"),
            "language": "en",
            "published": ago(24 * 200),
            "similarity": 0.44,
            "also_reported_by": [],
            "provider": "index",
        },
    ]


def index_state(status: str = "filled", **values: Any) -> dict[str, Any]:
    """related.index as the backend reports it."""
    state: dict[str, Any] = {
        "status": status,
        "feeds_total": 120,
        "feeds_done": 120 if status == "filled" else 0,
        "feeds_failing": 0,
        "items": 0 if status in ("not_filled", "failing") else 4812,
        "newest_item_age_s": None if status in ("not_filled", "failing") else 420,
    }
    state.update(values)
    return state


def sample_brief(
    *,
    summary_language: str = "de",
    notice: str | None = "not_translated",
    method: str = "extractive",
    model: str | None = None,
    related: list[Any] | None = None,
    partial: bool = False,
    failed_sources: list[str] | None = None,
    topic: list[Any] | None = None,
    index: dict[str, Any] | None = None,
    hidden_other_languages: int = 0,
    **summary_extra: Any,
) -> dict[str, Any]:
    summary: dict[str, Any] = {
        "language": summary_language,
        "method": method,
        "bullets": [{"text": text, "sentence_ids": [i]} for i, text in enumerate(DE_SENTENCES)],
    }
    if notice:
        summary["notice"] = notice
    if model:
        summary["model"] = model
    summary.update(summary_extra)
    return {
        "article": {
            "url": "https://www.rheinblick.example/politik/stadtrat-linie-7.html",
            "canonical_url": "https://www.rheinblick.example/politik/stadtrat-linie-7.html",
            "title": "Stadtrat beschließt neue Straßenbahnlinie nach Nordheim",
            "text": " ".join(DE_SENTENCES),
            "sentences": [{"id": i, "text": text} for i, text in enumerate(DE_SENTENCES)],
            "outlet": outlet("Rheinblick", "rheinblick.example", "private"),
            "published": "2024-03-14T09:30:00+01:00",
            "authors": ["Katrin Albers"],
            "language": "de",
            "word_count": 514,
        },
        "summary": summary,
        "related": {
            "items": related if related is not None else related_items(),
            "sources_queried": ["index", "google_news", "gdelt"],
            "partial": partial,
            "failed_sources": failed_sources or [],
            "topic": topic or [],
            "hidden_other_languages": hidden_other_languages,
            "index": index,
        },
        "cache": {"hit": False, "key": "k", "stored_at": ago(0), "ttl_s": 21600},
        "timings_ms": {"total": 12.0},
    }


def with_related(brief: dict[str, Any], items: list[Any]) -> dict[str, Any]:
    """A real Brief from the backend, with related coverage added (the local index is empty)."""
    augmented = copy.deepcopy(brief)
    augmented["related"] = {
        "items": items,
        "sources_queried": ["index", "google_news", "gdelt"],
        "partial": False,
        "failed_sources": [],
    }
    return augmented


XSS_IMG = '<img src=x onerror="window.__pwned=1">'
XSS_SCRIPT = "<script>window.__pwned=2</script>"
HOSTILE_URLS = [
    "javascript:window.__pwned=3",
    "JaVaScRiPt:window.__pwned=4",
    " javascript:window.__pwned=5",
    "java\tscript:window.__pwned=6",
    "data:text/html,<script>window.__pwned=7</script>",
    "vbscript:msgbox(1)",
    "//evil.example/protocol-relative",
    "file:///etc/passwd",
]
SAFE_URL = "https://safe.example/article?q=<b>"


def malicious_brief() -> dict[str, Any]:
    """Valid in shape, hostile in content: HTML everywhere, script URLs for links."""
    brief = sample_brief()
    brief["article"]["title"] = f"{XSS_IMG}Hostile title{XSS_SCRIPT}"
    brief["article"]["outlet"] = outlet(
        "<b>Bold</b> outlet", "evil.example", "<svg onload=alert(1)>"
    )
    brief["article"]["published"] = "javascript:alert(1)"
    brief["article"]["language"] = 'de" onmouseover="alert(1)'
    brief["article"]["authors"] = ['<a href="javascript:alert(1)">author</a>']
    brief["summary"]["method"] = "llm"
    brief["summary"]["model"] = XSS_IMG
    brief["summary"]["notice"] = XSS_SCRIPT
    brief["summary"]["bullets"] = [
        {"text": f'<a href="javascript:alert(1)">click me</a>{XSS_IMG}', "sentence_ids": [0]},
        {"text": "Odd ids", "sentence_ids": ["0", 1e9, -1, {"x": 1}]},
    ]
    items: list[Any] = [
        {
            "url": url,
            "title": f"{XSS_IMG}Hostile link {index}",
            "translated_title": f'<iframe src="javascript:alert({index})"></iframe>',
            "outlet": outlet(f"<i>Outlet {index}</i>", "evil.example"),
            "language": '"><img src=x onerror=alert(1)>',
            "published": "<script>",
            "similarity": 0.5,
            "also_reported_by": [outlet(XSS_IMG, "evil.example")],
            "copies": [{"url": url, "title": XSS_IMG, "outlet": outlet(XSS_IMG, "evil.example")}],
            "provider": "index",
        }
        for index, url in enumerate(HOSTILE_URLS)
    ]
    # Wire copies whose addresses are not to be linked: script and data URLs, an address
    # longer than the backend ever sends, a copy naming another outlet, copies that are not
    # objects, and the same outlet twice.
    copy_outlets = [outlet(f"Copy {n}", f"copy-{n}.example") for n in range(5)]
    items.append(
        {
            "url": SAFE_URL,
            "title": "A safe link",
            "outlet": outlet("Safe", "safe.example"),
            "language": "en",
            "similarity": 0.5,
            "also_reported_by": [*copy_outlets, copy_outlets[0]],
            "copies": [
                {"url": HOSTILE_URLS[0], "outlet": copy_outlets[0]},
                {"url": HOSTILE_URLS[4], "outlet": copy_outlets[1]},
                {"url": "https://copy-2.example/" + "a" * 2100, "outlet": copy_outlets[2]},
                {"url": "https://copy-3.example/a", "outlet": outlet("Other", "other.example")},
                None,
                "https://copy-4.example/a",
                {"url": HOSTILE_URLS[1], "outlet": copy_outlets[0]},
            ],
            "provider": "index",
        }
    )
    items.append("not an object")
    brief["related"]["items"] = items
    brief["related"]["partial"] = True
    brief["related"]["failed_sources"] = [XSS_IMG]
    brief["related"]["topic"] = [{**items[0], "snippet": XSS_SCRIPT}, 42, None]
    brief["related"]["hidden_other_languages"] = f"{XSS_IMG}"
    brief["related"]["index"] = {"status": XSS_IMG, "items": 1e300}
    return brief


def harbour_related_items() -> list[Any]:
    """Coverage of tests/fixtures/pages/en_article.html (the Kestrel Bay flood barrier)."""
    return [
        {
            "url": "https://www.coastline-news.example/kestrel-bay-barrier-vote",
            "title": "Kestrel Bay backs £48m tidal barrier three years after floods",
            "outlet": outlet("Coastline News", "coastline-news.example", "private"),
            "language": "en",
            "published": ago(2),
            "similarity": 0.83,
            "also_reported_by": [
                outlet("Western Gazette", "western-gazette.example", "private"),
                outlet("Bay Radio", "bayradio.example", "private"),
            ],
            "provider": "google_news",
        },
        {
            "url": "https://www.national-broadcast.example/news/uk-kestrel-bay",
            "title": "Fishermen fear months cut off from the sea as barrier approved",
            "outlet": outlet(
                "National Broadcast", "national-broadcast.example", "public_broadcaster"
            ),
            "language": "en",
            "published": ago(6),
            "similarity": 0.71,
            "also_reported_by": [],
            "provider": "index",
        },
        {
            "url": "https://www.nordkurier-online.example/panorama/sturmflut-sperrwerk",
            "title": "Englische Küstenstadt baut Sperrwerk gegen Sturmfluten",
            "outlet": outlet("Nordkurier Online", "nordkurier-online.example", "private"),
            "language": "de",
            "published": ago(9),
            "similarity": 0.64,
            "also_reported_by": [],
            "provider": "gdelt",
        },
        {
            "url": "https://www.le-littoral.example/monde/barrage-maree-kestrel-bay",
            "title": "Au Royaume-Uni, Kestrel Bay vote un barrage contre les marées",
            "translated_title": "Kestrel Bay stimmt für ein Sperrwerk gegen Gezeiten",
            "outlet": outlet("Le Littoral", "le-littoral.example", "private"),
            "language": "fr",
            "published": ago(20),
            "similarity": 0.6,
            "also_reported_by": [],
            "provider": "gdelt",
        },
    ]


# An English model summary of the German article (what the LLM path returns).
LLM_BULLETS = [
    {
        "text": "The city council approved tram line 7 after almost ten years of planning, "
        "according to the report.",
        "sentence_ids": [0],
    },
    {
        "text": "The line is to link the main station with the growing district of Nordheim "
        "and open in 2031.",
        "sentence_ids": [1],
    },
    {"text": "The vote was 38 to 21, a wider margin than expected.", "sentence_ids": [2]},
]


def llm_brief() -> dict[str, Any]:
    brief = sample_brief(
        summary_language="en",
        method="llm",
        model="claude-sonnet-4-5",
        notice=None,
        headline="Council approves tram line 7 to Nordheim",
        disputed="Whether the EUR 214 million estimate will hold is disputed by the opposition.",
        dropped_bullets=1,
    )
    brief["summary"]["bullets"] = LLM_BULLETS
    return brief


# --- claim by claim (issue 18): an answer of POST /v1/corroborations -------------------------

WESTFUNK = "https://www.westfunk.example/nachrichten/nordheim-linie-7-100.html"
DPA = "https://www.dpa-news.example/politik/strassenbahn-nordheim"
COURIER = "https://www.rhine-courier.example/news/tram-nordheim"
RADIO = "https://www.radio-rhin.example/info/tramway-nordheim"
XSS = '<img src=x onerror="document.body.dataset.pwned=1">'


def _corroboration_outlet(name: str, domain: str) -> dict[str, Any]:
    return {"name": name, "domain": domain}


def corroboration() -> dict[str, Any]:
    s = DE_SENTENCES
    westfunk = {
        "url": WESTFUNK,
        "outlet": _corroboration_outlet("Westfunk", "westfunk.example"),
        "language": "de",
    }
    courier = {
        "url": COURIER,
        "outlet": _corroboration_outlet("Rhine Courier", "rhine-courier.example"),
        "language": "en",
    }
    return {
        "article_url": "https://www.example.de/politik/a",
        "language": "de",
        "method": "offline",
        "bullets": [
            {
                "text": s[0],
                "sentence_ids": [0],
                "status": "agrees",
                "agreeing": 2,
                "differing": 0,
                "support": [
                    {
                        **westfunk,
                        "other": "o1",
                        "sentence_id": 0,
                        "sentence": "Der Stadtrat hat die Linie 7 beschlossen.",
                        "relation": "agrees",
                        "score": 0.8,
                        "claim_sentence_id": 0,
                        "differences": [],
                    },
                    {
                        **courier,
                        "other": "o3",
                        "sentence_id": 1,
                        "sentence": "The council approved tram line 7 on Wednesday.",
                        "relation": "agrees",
                        "score": 0.5,
                        "claim_sentence_id": 0,
                        "differences": [],
                    },
                ],
            },
            {
                "text": s[1],
                "sentence_ids": [1],
                "status": "differs",
                "agreeing": 0,
                "differing": 1,
                "support": [
                    {
                        **westfunk,
                        "other": "o1",
                        "sentence_id": 2,
                        "sentence": "Die Strecke soll 2032 in Betrieb gehen. " + XSS,
                        "relation": "differs",
                        "score": 0.7,
                        "claim_sentence_id": 1,
                        "differences": [{"kind": "number", "here": "2031", "there": "2032"}],
                    },
                ],
            },
            {
                "text": s[2],
                "sentence_ids": [2],
                "status": "only_here",
                "agreeing": 0,
                "differing": 0,
                "support": [],
            },
        ],
        "missing_here": [
            {
                **courier,
                "other": "o3",
                "sentence_id": 4,
                "sentence": "The line will cost 214 million euros, the city said.",
                "also_in": [],
            },
            {
                **westfunk,
                "other": "o1",
                "sentence_id": 5,
                "sentence": "Anwohner hatten gegen die Trasse geklagt.",
                "also_in": [],
            },
        ],
        "others": [
            {
                "id": "o1",
                "url": WESTFUNK,
                "status": "ok",
                "outlet": _corroboration_outlet("Westfunk", "westfunk.example"),
            },
            {"id": "o2", "url": DPA, "status": "timeout"},
            {"id": "o3", "url": COURIER, "status": "ok"},
            {"id": "o4", "url": RADIO, "status": "not_an_article"},
        ],
        "partial": True,
        "cache": {"hit": False, "key": "c"},
        "timings_ms": {},
    }


def corroboration_brief() -> dict[str, Any]:
    """The Brief whose related items the corroboration compares with."""
    brief = sample_brief(related=related_items(COURIER))
    # With a model, headlines in other languages come translated into the reader's language
    for item in brief["related"]["items"]:
        if item["url"] == COURIER:
            item["translated_title"] = "Stadtrat beschließt Straßenbahn nach Nordheim"
    return brief


ENGLISH_BULLETS = [
    "The city council approved tram line 7 to Nordheim.",
    "The line is to open in 2031.",
    "The project costs 214 million euros.",
]


def model_brief(language: str) -> dict[str, Any]:
    """The German tram article's Brief as a model wrote it in ``language`` (de or en)."""
    brief = sample_brief(summary_language=language, method="llm", model="claude-test", notice=None)
    if language == "en":
        for bullet, text in zip(brief["summary"]["bullets"], ENGLISH_BULLETS, strict=False):
            bullet["text"] = text
    return brief
