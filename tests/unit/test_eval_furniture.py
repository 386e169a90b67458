"""The evaluation's furniture detector, apart from the summariser's own filter (issue 16)."""

# ruff: noqa: RUF001 -- Turkish dotless i is the point here

from __future__ import annotations

import pytest

from parallax.evaluation.furniture import furniture_kind, near_duplicate_pairs

TITLE = "Storm floods the lower town as the river bursts its banks"
AUTHORS = ["Roland Brockmann", "Sebastian Drescher"]


@pytest.mark.parametrize(
    ("bullet", "kind"),
    [
        ("Storm floods lower town as river bursts its banks", "headline"),
        ("Von Roland Brockmann und Sebastian Drescher", "byline"),
        ("Posted: Thursday, April 21, 2022.", "date"),
        ("Aktualisiert am 19.02.2020, 14:35 Uhr", "date"),
        ("SIOUX FALLS, S.D.", "dateline"),
        ("LOWER SAXONY, GERMANY (AP) —", "dateline"),
        ("Skip to main content and read the latest news", "interface"),
        ("Sign up for our newsletter to get the best stories every morning.", "interface"),
        ("Read more", "fragment"),
    ],
)
def test_furniture_is_named_by_kind(bullet: str, kind: str) -> None:
    assert furniture_kind(bullet, TITLE, AUTHORS) == kind


@pytest.mark.parametrize(
    "bullet",
    [
        "The river rose two metres overnight and flooded 300 homes in the lower town, the mayor said.",
        "Roland Brockmann, the fire chief, said the dam would hold until Friday at least.",
        "On April 21, 2022, the council voted to build a new flood wall along the river.",
    ],
)
def test_statements_are_not_furniture(bullet: str) -> None:
    assert furniture_kind(bullet, TITLE, AUTHORS) is None


def test_near_duplicates_are_counted_once_per_pair() -> None:
    bullets = [
        "The council approved a budget of 120 million dollars on Monday.",
        "On Monday the council approved a budget of 120 million dollars.",
        "Schools will receive 8 million dollars more than last year.",
    ]
    assert near_duplicate_pairs(bullets) == 1


# --- notice (issue 16, page notices) ----------------------------------------------------------


@pytest.mark.parametrize(
    "bullet",
    [
        "We noticed you are using an ad blocker.",
        "Please disable your ad blocker or whitelist our site to continue enjoying our journalism.",
        "Please enable JavaScript in your browser to view the interactive map.",
        "We use cookies to give you the best experience on our website.",
        "By continuing to browse the site you agree to our use of cookies.",
        "Your browser is out of date and may not display this page correctly.",
        "Wir verwenden Cookies, um Ihnen ein optimales Webseiten-Erlebnis zu bieten.",
        "Bitte aktivieren Sie JavaScript in Ihrem Browser.",
        "Sie nutzen einen Werbeblocker.",
        "Nous utilisons des cookies pour vous offrir la meilleure expérience sur notre site.",
        "Veuillez activer JavaScript dans votre navigateur.",
        "Utilizamos cookies propias y de terceros para mejorar nuestros servicios.",
        "Este contenido no está disponible en tu país.",
        "Utilizziamo i cookie per migliorare la tua esperienza di navigazione.",
        "Você está usando um bloqueador de anúncios.",
        "Je gebruikt een adblocker.",
        "Używamy plików cookie, aby zapewnić Ci najlepsze wrażenia.",
        "Lütfen reklam engelleyicinizi devre dışı bırakın.",
        "Please confirm that you are not a robot.",
        "Your IP address has been blocked.",
    ],
)
def test_page_notices_are_their_own_kind(bullet: str) -> None:
    # Given the page talking to its reader about itself / When judged / Then a notice
    assert furniture_kind(bullet, TITLE, AUTHORS) == "notice"


@pytest.mark.parametrize(
    "bullet",
    [
        "The EU court ruled that websites must ask users before placing cookies on their computers.",
        "Google said it would stop supporting third-party cookies in its Chrome browser next year.",
        "Ad blockers cost publishers billions, the study found.",
        "Google kündigte an, dass sie Cookies von Drittanbietern in ihrem Chrome-Browser nicht "
        "mehr unterstützen werde.",
        "Ihre Studie zeigt, dass Werbeblocker Verlage Milliarden kosten.",
        "Les bloqueurs de publicité coûtent des milliards aux éditeurs, selon l'étude.",
        "Google dejará de admitir las cookies de terceros en su navegador Chrome el próximo año.",
        "The recipe makes 24 cookies, and you can freeze the dough.",
        # Bullets of the development sets that the first draft of this kind flagged wrongly:
        "PII, as described in US privacy law and information security, is information that can "
        "be used on its own or with other information to identify a single person.",
        "In this article, we're going to highlight seven agencies with proven experience "
        "helping brands grow their visibility, traffic, and revenue.",
    ],
)
def test_news_about_the_web_is_not_a_notice(bullet: str) -> None:
    # Given a statement about cookies, blockers or browsers addressed to nobody / When judged
    # Then it is no furniture
    assert furniture_kind(bullet, TITLE, AUTHORS) is None
