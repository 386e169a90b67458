"""A related report's wire copies (``RelatedItem.copies``) are read by the corroboration service
when the report itself cannot be used: through the wiring's own guarded fetcher, on the stub
network of the SSRF suite, so a copy address that points inside is refused like any other URL
(no lookup for a literal internal address, no dial after an internal DNS answer) and nothing
leaves loopback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import parallax.adapters.fetcher as fetcher_module
from parallax.adapters.fetcher import FetchPolicy, GuardedFetcher
from parallax.config import Settings
from parallax.domain.corroboration_models import CorroborationRequest
from parallax.domain.models import (
    Brief,
    Bullet,
    CacheInfo,
    Outlet,
    Related,
    RelatedCopy,
    RelatedItem,
    Sentence,
    Summary,
)
from parallax.wiring import _build_cache, build_corroboration_service
from tests.fakes import make_article
from tests.hardening.harness import PUBLIC_V4, StubNetwork
from tests.support.outlets_site import OutletsSite, article_page, tram_story

NEWS = "news.example"
REPORT = f"http://{NEWS}/stub"
META = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
INSIDE = "http://internal.example/copy"
PUBLIC_COPY = f"http://{NEWS}/copy"
KEY = "brief-with-copies"


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[OutletsSite, OutletsSite]]:
    with OutletsSite() as site, OutletsSite() as trap:
        # The report is a paywall stub (not a report to compare with): its copies are tried.
        site.add("/stub", article_page("Tram", ["Subscribe to read the whole story today."]))
        site.add("/copy", article_page("Twelve hurt in Lyon", tram_story("copy", words=300)))
        trap.add("/copy", article_page("Twelve hurt in Lyon", tram_story("trap", words=300)))
        yield site, trap


def _brief(copies: list[str]) -> Brief:
    sentences = tram_story("here")
    article = make_article("https://here.example/tram").model_copy(
        update={
            "sentences": [Sentence(id=i, text=s) for i, s in enumerate(sentences)],
            "text": " ".join(sentences),
            "word_count": 60,
        }
    )
    wire = [
        RelatedCopy(url=url, title="Tram", outlet=Outlet(name=f"C{n}", domain=f"c{n}.example"),
                    language="en")
        for n, url in enumerate(copies)
    ]  # fmt: skip
    item = RelatedItem(
        url=REPORT, title="Tram", outlet=Outlet(name="News", domain=NEWS), language="en",
        similarity=0.8, also_reported_by=[c.outlet for c in wire], copies=wire, provider="index",
    )  # fmt: skip
    return Brief(
        article=article,
        summary=Summary(
            language="en",
            method="extractive",
            bullets=[Bullet(text=sentences[0], sentence_ids=[0])],
        ),
        related=Related(items=[item]),
        cache=CacheInfo(hit=False, key=KEY, ttl_s=600),
        timings_ms={},
    )


def _corroborate(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    net: StubNetwork,
    copies: list[str],
) -> tuple[str, str | None]:
    # Default settings: private hosts refused, ports 80 and 443 only.
    settings = Settings(home=tmp_path, providers=(), corroboration_budget_s=4.0)
    assert not settings.allow_private_hosts
    _build_cache(settings).put(KEY, _brief(copies), 600)

    # The wiring builds its own GuardedFetcher (policy from the settings, time-out within the
    # budget); only its resolver and connector are the stub network's. The product wiring
    # passes no resolver of its own (only ``eval corroboration-path`` does): the system's lookup.
    def guarded(policy: FetchPolicy, *, resolver: object = None) -> GuardedFetcher:
        assert resolver is None
        return GuardedFetcher(policy, resolver=net.resolve, connector=net.connect)

    monkeypatch.setattr(fetcher_module, "GuardedFetcher", guarded)
    service = build_corroboration_service(settings, briefs=lambda: pytest.fail("no Brief made"))
    answer = service.corroborate(
        CorroborationRequest.model_validate(
            {"article": {"key": KEY, "language": "en"}, "others": [{"url": REPORT}]}
        )
    )
    [other] = answer.others
    return other.status, other.read_from


def _network(sites: tuple[OutletsSite, OutletsSite]) -> StubNetwork:
    site, trap = sites
    return StubNetwork(
        routes={PUBLIC_V4: site.port},
        trap_port=trap.port,
        table={NEWS: [[PUBLIC_V4]], "internal.example": [["10.0.0.5"]]},
    )


def test_copies_pointing_inside_are_refused_by_the_guard_and_never_dialled(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sites: tuple[OutletsSite, OutletsSite],
) -> None:
    # Given a stub report whose copies are the metadata address, a name resolving inside, and
    # (third, past the two copies read) a readable public copy
    net = _network(sites)
    trapped = len(sites[1].requests)
    # When its corroboration is asked for
    status, read_from = _corroborate(tmp_path, monkeypatch, net, [META, INSIDE, PUBLIC_COPY])
    # Then the report stays what it is (no copy stands in), the literal address was never looked
    # up, the internal name was looked up once and not dialled, the third copy was not read,
    # and only the report's public address was dialled
    assert status != "ok" and read_from is None
    assert net.lookups == [NEWS, "internal.example"]
    assert net.dialled == [(PUBLIC_V4, 80)]
    assert len(sites[1].requests) == trapped


def test_a_public_copy_after_a_refused_one_is_read_through_the_same_guard(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sites: tuple[OutletsSite, OutletsSite],
) -> None:
    # Given a stub report whose first copy resolves inside and whose second is public
    net = _network(sites)
    # When its corroboration is asked for
    status, read_from = _corroborate(tmp_path, monkeypatch, net, [INSIDE, PUBLIC_COPY])
    # Then the public copy stands in, and nothing but the public address was dialled
    assert (status, read_from) == ("ok", PUBLIC_COPY)
    assert net.lookups == [NEWS, "internal.example", NEWS]
    assert net.dialled == [(PUBLIC_V4, 80), (PUBLIC_V4, 80)]
