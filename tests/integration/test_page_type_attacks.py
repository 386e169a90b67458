"""Hostile and unlucky pages through the real path (issue 16, atk16): the fixture site on loopback
serves them, `POST /v1/briefs` fetches, reads and judges them. Never a 5xx, never a summary of a
wall, a gate or an error page: a 422 ``not_an_article`` with a fitting reason."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from parallax.api.app import create_app
from parallax.api.local_server import LocalServer
from parallax.config import Settings
from parallax.wiring import lazy_brief_service
from tests.support.fixture_site import FixtureSite
from tests.support.page_backend import backend_for_pages
from tests.unit.test_page_type import (
    _CONSENT,
    _DECLARES_ARTICLE,
    _SHORT_FURNITURE,
    _declared_article,
    _wall_of_cart_buttons,
)

_PAGES = {
    **{
        name.replace(" ", "_").replace(",", "") + ".html": html
        for name, html in _SHORT_FURNITURE.items()
    },
    "wall_of_cart_buttons.html": _wall_of_cart_buttons(400),
    "consent_dialog_66_words.html": _declared_article(
        "News", f"<div class='consent'><p>{_CONSENT}</p><button>Accept all</button></div>"
    ),
}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FixtureSite]:
    pages = tmp_path_factory.mktemp("hostile-pages")
    for name, html in _PAGES.items():
        (pages / name).write_text(html, encoding="utf-8")
    with FixtureSite(pages_dir=pages) as site:
        yield site


@pytest.fixture(scope="module")
def server(hostile_site: FixtureSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = int(hostile_site.base_url.rsplit(":", 1)[1])
    home: Path = tmp_path_factory.mktemp("home")
    settings = Settings(
        home=home, allow_private_hosts=True, allowed_ports=(port,), providers=("index",)
    )
    service = lazy_brief_service(settings)
    local = LocalServer(lambda: create_app(settings, service), host="127.0.0.1", port=0).start()
    yield local.base_url
    local.stop()


@pytest.mark.parametrize("page", sorted(_PAGES))
def test_a_hostile_page_fetched_by_url_is_refused_with_a_reason(
    server: str, hostile_site: FixtureSite, page: str
) -> None:
    # Given a page that declares an article but is a wall, a gate, an error or a shop's buttons
    url = hostile_site.url(f"/articles/{page}")
    # When a Brief is asked for by its URL
    response = httpx.post(f"{server}/v1/briefs", json={"url": url}, timeout=60)
    # Then it is refused as not an article, with a reason, never a 5xx or a summary
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "not_an_article"
    expected = "product_page" if page.startswith("wall_of_cart") else {"no_text", "cookie_wall"}
    reason = problem.get("reason")
    assert reason == expected if isinstance(expected, str) else reason in expected, problem


# Issue 13: the same walls, gates and errors under a real headline of a few words. Intended to
# change: only the paywall stub and the login page, which name their story and hide it behind a
# gate: the Brief answers 200 with related coverage and the notice behind_gate; and (session 9)
# the consent walls refused cookie_wall, which answer 200 with the notice behind_consent. The
# consent dialog that names no cookie (refused no_text), the error pages and the age gate stay
# refused as above.
_REAL_HEADLINE = _DECLARES_ARTICLE.replace(
    '"headline":"Harbour budget"', '"headline":"Council approves new harbour budget"'
)
_HEADLINED = {
    name.replace(" ", "_").replace(",", "") + "_with_headline.html": html.replace(
        _DECLARES_ARTICLE, _REAL_HEADLINE
    )
    for name, html in _SHORT_FURNITURE.items()
}
_HEADLINED |= {
    "consent_dialog_66_words_with_headline.html": _declared_article(
        "News",
        f"<div class='consent'><p>{_CONSENT}</p><button>Accept all</button></div>",
        head=_REAL_HEADLINE,
    ),
    "cookie_banner_with_headline.html": _declared_article(
        "Harbour news",
        "<div class='consent'><p>We use cookies to improve your experience.</p><p>Accept all "
        "cookies or manage your cookie settings.</p><button>OK</button></div>",
        head=_REAL_HEADLINE,
    ),
}
_BEHIND_GATE = {"paywall_stub_with_headline.html", "login_page_with_headline.html"}
_BEHIND_CONSENT = {"consent_dialog_66_words_with_headline.html", "cookie_banner_with_headline.html"}


@pytest.fixture(scope="module")
def headlined_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, FixtureSite]]:
    with backend_for_pages(_HEADLINED, tmp_path_factory, "headlined") as served:
        yield served


@pytest.mark.parametrize("page", sorted(_HEADLINED))
def test_under_a_real_headline_only_a_gate_or_consent_wall_gets_the_story_elsewhere(
    headlined_server: tuple[str, FixtureSite], page: str
) -> None:
    server, site = headlined_server
    assert all(_REAL_HEADLINE in html for html in _HEADLINED.values())
    # Given a wall, gate or error page under a real headline, fetched by its URL
    response = httpx.post(
        f"{server}/v1/briefs", json={"url": site.url(f"/articles/{page}")}, timeout=60
    )
    if page in _BEHIND_GATE | _BEHIND_CONSENT:
        # Then a paywall, login gate or consent wall is answered: no bullets, the notice, the
        # related step ran
        assert response.status_code == 200, response.text
        brief = response.json()
        assert brief["summary"]["bullets"] == []
        notice = "behind_gate" if page in _BEHIND_GATE else "behind_consent"
        assert brief["summary"]["notice"] == notice
        assert brief["article"]["title"] == "Council approves new harbour budget"
        assert brief["related"]["sources_queried"] == ["index"]
    else:
        # Then everything else is refused as before
        assert response.status_code == 422, response.text
        assert response.json()["reason"] in {"no_text", "cookie_wall"}
