"""Related coverage links only to public hosts, whichever provider found it.

:class:`PublicLinksOnly` wraps a :class:`~parallax.domain.ports.RelatedProvider` and drops every
candidate whose URL :func:`~parallax.domain.ssrf_rules.is_public_link` refuses: loopback, private,
link-local and metadata addresses, invalid A-labels (``xn--a``), credentials, other schemes. A
search provider's answer is not trusted to be well formed (issue 15: a Google News or GDELT answer
linking to ``http://127.0.0.1/admin`` was shown to the reader as related coverage), and a feed
index built before ingest refused such items still holds them.

Why a wrapper the wiring puts around every provider, and not a check in each adapter: one
wrapper in ``wiring.build_providers`` covers every provider the app runs, including ones added
later, where a check per adapter would have to be remembered in each. The rule itself is the
fetcher's SSRF rule set, a domain module, which ingest applies to feed items too.
"""

from __future__ import annotations

import logging

from parallax.domain.models import IndexState
from parallax.domain.ports import Candidate, IndexStateSource, RelatedProvider, StoryQuery
from parallax.domain.ssrf_rules import is_public_link

__all__ = ["PublicLinksOnly", "public_links_only"]

_LOG = logging.getLogger(__name__)


class PublicLinksOnly:
    """A :class:`RelatedProvider` answering what ``inner`` does, minus non-public links."""

    def __init__(self, inner: RelatedProvider) -> None:
        self.inner = inner
        self.name = inner.name

    def search(self, query: StoryQuery, limit: int, timeout_s: float) -> list[Candidate]:
        found = self.inner.search(query, limit, timeout_s)
        public = [candidate for candidate in found if is_public_link(candidate.url)]
        if len(public) < len(found):
            # Counted, never quoted: the link is whatever the provider's answer said.
            _LOG.warning(
                "related candidates with non-public links dropped",
                extra={"provider": self.name, "dropped": len(found) - len(public)},
            )
        return public


class _PublicLinksOnlyIndex(PublicLinksOnly):
    """The same, for a provider that also reports the feed index's state: the wrapper must not
    hide it, or every Brief would lose ``related.index``."""

    def __init__(self, inner: IndexStateSource) -> None:
        super().__init__(inner)  # type: ignore[arg-type]
        self._state_source = inner

    def index_state(self) -> IndexState:
        return self._state_source.index_state()


def public_links_only(provider: RelatedProvider) -> RelatedProvider:
    """``provider`` answering only public links, keeping what else it reports (index state)."""
    if isinstance(provider, IndexStateSource):
        return _PublicLinksOnlyIndex(provider)
    return PublicLinksOnly(provider)
