"""Briefs and corroboration answers a demanding reader meets: an Arabic article in an English
panel, very long names and URLs for a narrow panel, 500 related items and 60 bullets, and
answers that break the contract."""

from __future__ import annotations

from typing import Any

from tests.e2e.briefs import ago, corroboration, outlet, related_items, sample_brief

# An Arabic article: a number inside the title, and a final full stop that a left-to-right
# paragraph would put on the wrong end.
AR_TITLE = "مجلس المدينة يوافق على خط الترام 7 بعد 10 سنوات من النقاش."
AR_SENTENCES = [
    "وافق مجلس المدينة مساء الأربعاء على بناء خط الترام رقم 7 بأغلبية 38 صوتا مقابل 21.",
    "ومن المقرر أن يربط الخط المحطة الرئيسية بحي نوردهايم وأن يبدأ تشغيله في عام 2031.",
    "وقالت البلدية إن تكلفة المشروع تبلغ 214 مليون يورو.",
]
AR_AUTHORS = ["محمد علي", "سارة أحمد"]
AR_OUTLET = "قناة العربية"
AR_OUTLET_2 = "الجزيرة"
HE_TITLE = "מועצת העיר אישרה את קו 7 של הרכבת הקלה"
AR_URL = "https://www.arabiya-news.example/ar/tram-7"
AR2_URL = "https://www.jazeera-news.example/ar/tram-7"
HE_URL = "https://www.haaretz-news.example/he/tram-7"
EN_URL = "https://www.rhine-courier.example/news/tram-nordheim"

LONG_WORD = "Donaudampfschifffahrtsgesellschaftskapitän" * 5  # 210 characters, no break
LONG_OUTLET = (
    "Allgemeine Rundfunk- und Fernsehanstalt der Vereinigten Stadtwerke Nordheim-Südstadt "
    "(Regionalprogramm Mitte-West)"
)
LONG_URL = "https://www." + "very-long-subdomain-" * 6 + "example/" + "a" * 150


def arabic_related() -> list[dict[str, Any]]:
    """Coverage in Arabic, Hebrew and English, best first."""
    return [
        {
            "url": AR_URL,
            # Opens with a Latin name: its first strong letter is left to right, the text is not
            "title": "BBC عربي: البلدية توافق على خط الترام 7 إلى نوردهايم",
            "outlet": outlet(AR_OUTLET, "arabiya-news.example", "private"),
            "language": "ar",
            "published": ago(2),
            "snippet": "بأغلبية 38 صوتا مقابل 21 وافق المجلس على المشروع الذي تبلغ تكلفته 214 مليون يورو.",
            "also_reported_by": [outlet(AR_OUTLET_2, "jazeera-news.example", "private")],
            "provider": "index",
        },
        {
            "url": HE_URL,
            "title": HE_TITLE,
            "outlet": outlet("הארץ", "haaretz-news.example", "private"),
            "language": "he",
            "published": ago(4),
            "also_reported_by": [],
            "provider": "gdelt",
        },
        {
            "url": EN_URL,
            "title": "City council approves new tram line to Nordheim after decade of debate",
            "outlet": outlet("Rhine Courier", "rhine-courier.example", "private"),
            "language": "en",
            "published": ago(3),
            "also_reported_by": [],
            "provider": "gdelt",
        },
    ]


def arabic_brief() -> dict[str, Any]:
    """An Arabic article, summarised extractively in Arabic (no model to translate)."""
    brief = sample_brief(summary_language="ar", related=arabic_related())
    brief["article"].update(
        {
            "url": "https://www.arabiya-news.example/ar/article",
            "canonical_url": "https://www.arabiya-news.example/ar/article",
            "title": AR_TITLE,
            "text": " ".join(AR_SENTENCES),
            "sentences": [{"id": i, "text": text} for i, text in enumerate(AR_SENTENCES)],
            "outlet": outlet(AR_OUTLET, "arabiya-news.example", "private"),
            "authors": AR_AUTHORS,
            "language": "ar",
        }
    )
    brief["summary"]["bullets"] = [
        {"text": text, "sentence_ids": [i]} for i, text in enumerate(AR_SENTENCES)
    ]
    return brief


def arabic_corroboration() -> dict[str, Any]:
    """Claim by claim for the Arabic article: an Arabic and an English outlet, two Arabic
    outlets that never answered."""
    arabiya = {"url": AR_URL, "outlet": outlet(AR_OUTLET, "arabiya-news.example"), "language": "ar"}
    courier = {"url": EN_URL, "outlet": outlet("Rhine Courier", "x.example"), "language": "en"}
    answer = corroboration()
    answer["language"] = "ar"
    bullets = answer["bullets"]
    for bullet, text in zip(bullets, AR_SENTENCES, strict=False):
        bullet["text"] = text  # the answer names the Brief's own bullets
    bullets[0]["support"] = [
        {**arabiya, "sentence": "CNN: وافق المجلس على الخط رقم 7.", "relation": "agrees"},
        {**courier, "sentence": "The council approved line 7.", "relation": "agrees"},
    ]
    bullets[1]["support"] = [
        {
            **arabiya,
            "sentence": "سيبدأ التشغيل في عام 2032.",
            "relation": "differs",
            "claim_sentence_id": 1,
            "differences": [{"kind": "number", "here": "2031", "there": "2032"}],
        }
    ]
    answer["missing_here"] = [{**courier, "sentence": "Residents had sued against the route."}]
    answer["others"] = [
        {"id": "o1", "url": AR_URL, "status": "ok"},
        {"id": "o2", "url": AR2_URL, "status": "timeout", "outlet": outlet(AR_OUTLET, "a.example")},
        {
            "id": "o3",
            "url": HE_URL,
            "status": "timeout",
            "outlet": outlet(AR_OUTLET_2, "b.example"),
        },
    ]
    return answer


def english_brief_in(summary_language: str = "en") -> dict[str, Any]:
    """An English article (the Kestrel Bay barrier) summarised in ``summary_language``, with a
    French report whose headline a model translated into that language."""
    brief = sample_brief(summary_language=summary_language, notice=None, related=related_items())
    brief["article"].update({"title": "Kestrel Bay backs tidal barrier", "language": "en"})
    for item in brief["related"]["items"]:
        if item["language"] == "fr":
            item["translated_title"] = "Der Stadtrat billigt eine Straßenbahnlinie nach Nordheim"
    return brief


def long_names_brief() -> dict[str, Any]:
    """Everything a narrow panel has to wrap: long outlet names, URLs and words."""
    items = related_items()
    for item in items:
        item["outlet"]["name"] = LONG_OUTLET
        item["title"] = f"{item['title']} {LONG_WORD}"
        item["snippet"] = f"{LONG_WORD} {LONG_URL}"
        item["also_reported_by"] = [outlet(LONG_OUTLET + " " + LONG_WORD, "x.example")]
    brief = sample_brief(related=items, topic=[{**items[0], "url": LONG_URL}])
    brief["article"]["title"] = f"{LONG_WORD} {LONG_URL}"
    brief["article"]["outlet"] = outlet(LONG_OUTLET + LONG_WORD, "x.example", "public_broadcaster")
    brief["article"]["authors"] = [LONG_WORD, LONG_OUTLET]
    brief["summary"]["bullets"][0]["text"] += f" {LONG_WORD} {LONG_URL}"
    brief["related"]["partial"] = True
    brief["related"]["failed_sources"] = [LONG_WORD]
    brief["related"]["hidden_other_languages"] = 3
    return brief


def long_names_corroboration() -> dict[str, Any]:
    answer = corroboration()
    answer["bullets"][0]["text"] = long_names_brief()["summary"]["bullets"][0]["text"]
    for bullet in answer["bullets"]:
        for support in bullet["support"]:
            support["outlet"] = outlet(LONG_OUTLET + LONG_WORD, "x.example")
            support["sentence"] = f"{support['sentence']} {LONG_WORD} {LONG_URL}"
            for difference in support["differences"]:
                difference["there"] = LONG_WORD
    for missing in answer["missing_here"]:
        missing["sentence"] = f"{LONG_WORD} {LONG_URL}"
    answer["others"][1]["outlet"] = outlet(LONG_WORD, "x.example")
    return answer


def huge_brief(related: int = 500, bullets: int = 60) -> dict[str, Any]:
    """500 related items (in four languages, half of them on the topic) and 60 bullets."""
    items = [
        {
            "url": f"https://outlet-{i}.example/story/{i}",
            "title": f"Report {i} on the tram line",
            "outlet": outlet(f"Outlet {i}", f"outlet-{i}.example", "private"),
            "language": ("de", "en", "fr", "ar")[i % 4],
            "published": ago(i % 40),
            "snippet": "Long snippet. " * 20,
            "also_reported_by": [outlet(f"Copy {i}", f"copy-{i}.example")],
            "provider": "index",
        }
        for i in range(related)
    ]
    brief = sample_brief(related=items[: related // 2], topic=items[related // 2 :])
    sentences = [f"Sentence {i} of a long article." for i in range(bullets)]
    brief["article"]["sentences"] = [{"id": i, "text": s} for i, s in enumerate(sentences)]
    brief["summary"]["bullets"] = [
        {"text": s, "sentence_ids": [i]} for i, s in enumerate(sentences)
    ]
    return brief


def huge_corroboration(bullets: int = 60) -> dict[str, Any]:
    support = corroboration()["bullets"][0]["support"]
    answer = corroboration()
    answer["bullets"] = [
        {
            "text": f"Sentence {i} of a long article.",
            "agreeing": 2,
            "differing": 0,
            "support": support,
        }
        for i in range(bullets)
    ]
    return answer


def minimal_brief() -> dict[str, Any]:
    """Only what the panel requires: every optional field missing."""
    return {"article": {"sentences": []}, "related": {"items": []}}


def empty_strings_brief() -> dict[str, Any]:
    """Every string empty, every list empty or holding empties."""
    return {
        "article": {
            "url": "",
            "title": "",
            "sentences": [],
            "outlet": {"name": "", "domain": "", "type": ""},
            "published": "",
            "authors": ["", "  "],
            "language": "",
        },
        "summary": {"language": "", "method": "", "bullets": [{"text": "", "sentence_ids": []}]},
        "related": {
            "items": [
                {"url": "", "title": "", "outlet": {"name": "", "domain": ""}, "language": ""}
            ],
            "topic": [],
            "failed_sources": [""],
        },
        "cache": {},
    }
