"""The outlet catalogue: who publishes what, where their feeds are, and what kind of outlet they are.

The data lives in ``catalogue.json`` next to this module (package data, so the Lambda bundle
carries it). A pydantic model checks every entry when the file is loaded: a typo in a country code
or a duplicated domain fails the load (and the test that loads it) instead of mislabelling outlets
at run time. Loading is lazy and cached; nothing is read at import time.

Two uses: ingest polls ``feeds``; the Brief labels any article's outlet (also those found through
search providers) with :meth:`Catalogue.outlet_for_domain` → :meth:`OutletEntry.to_outlet`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from parallax.domain.hosts import host_of
from parallax.domain.languages import SUPPORTED_LANGUAGES
from parallax.domain.models import Outlet

__all__ = [
    "COUNTRY_CODES",
    "OUTLET_TYPES",
    "Catalogue",
    "CatalogueError",
    "FeedSpec",
    "OutletEntry",
    "OutletType",
    "load_catalogue",
]

OutletType = Literal[
    "public_broadcaster",
    "private",
    "wire_agency",
    "state_affiliated",
    "nonprofit",
    "cooperative",
]
OUTLET_TYPES: frozenset[str] = frozenset(get_args(OutletType))

# ISO 3166-1 alpha-2, officially assigned codes (plus XK, Kosovo, which news outlets use).
COUNTRY_CODES: frozenset[str] = frozenset(
    {
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
        "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
        "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
        "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
        "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
        "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
        "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
        "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
        "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
        "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
        "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
        "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
        "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
        "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
        "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
        "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
        "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
    }
)  # fmt: skip

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DOMAIN = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


class CatalogueError(ValueError):
    """The catalogue file is missing, not JSON, or has an invalid entry (the message says which)."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FeedSpec(_Frozen):
    """One feed of an outlet. ``language`` is needed only when the outlet publishes in several
    languages; otherwise the outlet's first language applies."""

    url: str
    language: str | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("a feed URL must be an absolute http(s) URL")
        if any(ch.isspace() for ch in value):
            raise ValueError("a feed URL must not contain white space")
        return value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        if value is not None and value not in SUPPORTED_LANGUAGES:
            raise ValueError(f"unsupported language {value!r}")
        return value


class OutletEntry(_Frozen):
    id: Annotated[str, Field(min_length=1, max_length=64)]
    name: Annotated[str, Field(min_length=1, max_length=120)]
    domains: Annotated[tuple[str, ...], Field(min_length=1)]
    """Registrable domains or dedicated hosts (``news.sky.com``), without ``www.``. The first one
    is the outlet's main domain."""
    country: str
    languages: Annotated[tuple[str, ...], Field(min_length=1)]
    type: OutletType
    owner: str | None = None
    feeds: tuple[FeedSpec, ...] = ()

    @field_validator("feeds", mode="before")
    @classmethod
    def _feed_strings(cls, value: Any) -> Any:
        # A bare URL is the common case; the object form only adds a language.
        if isinstance(value, list | tuple):
            return [{"url": item} if isinstance(item, str) else item for item in value]
        return value

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.fullmatch(value):
            raise ValueError("id must be a slug: lower-case letters, digits and single hyphens")
        return value

    @field_validator("domains")
    @classmethod
    def _domains(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for domain in value:
            if not _DOMAIN.fullmatch(domain):
                raise ValueError(f"{domain!r} is not a lower-case domain name")
            if domain.startswith("www."):
                raise ValueError(f"{domain!r}: leave out 'www.', subdomains match anyway")
        if len(set(value)) != len(value):
            raise ValueError("domains are listed twice")
        return value

    @field_validator("country")
    @classmethod
    def _country(cls, value: str) -> str:
        if value not in COUNTRY_CODES:
            raise ValueError(f"{value!r} is not an ISO 3166-1 alpha-2 country code")
        return value

    @field_validator("languages")
    @classmethod
    def _languages(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [lang for lang in value if lang not in SUPPORTED_LANGUAGES]
        if unknown:
            raise ValueError(f"unsupported languages: {', '.join(unknown)}")
        if len(set(value)) != len(value):
            raise ValueError("languages are listed twice")
        return value

    @model_validator(mode="after")
    def _feed_languages_are_the_outlets(self) -> OutletEntry:
        for feed in self.feeds:
            if feed.language is not None and feed.language not in self.languages:
                raise ValueError(f"feed {feed.url} is in {feed.language}, not an outlet language")
        if len({feed.url for feed in self.feeds}) != len(self.feeds):
            raise ValueError("a feed URL is listed twice")
        return self

    @property
    def domain(self) -> str:
        return self.domains[0]

    def feed_language(self, feed: FeedSpec) -> str:
        return feed.language or self.languages[0]

    def to_outlet(self, domain: str | None = None) -> Outlet:
        """The Brief's view of this outlet; ``domain`` overrides the main domain (e.g. the host
        an article was actually found on)."""
        return Outlet(
            id=self.id, name=self.name, domain=domain or self.domain, type=self.type,
            country=self.country,
        )  # fmt: skip


class Catalogue(_Frozen):
    version: Literal[1] = 1
    outlets: tuple[OutletEntry, ...]

    # Lookup tables, built once by the validator below.
    _by_domain: dict[str, OutletEntry] = PrivateAttr(default_factory=dict)
    _by_id: dict[str, OutletEntry] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _unique(self) -> Catalogue:
        seen_ids: set[str] = set()
        seen_domains: dict[str, str] = {}
        seen_feeds: dict[str, str] = {}
        for outlet in self.outlets:
            if outlet.id in seen_ids:
                raise ValueError(f"outlet id {outlet.id!r} is used twice")
            seen_ids.add(outlet.id)
            for domain in outlet.domains:
                if domain in seen_domains:
                    raise ValueError(
                        f"domain {domain!r} belongs to both {seen_domains[domain]!r} "
                        f"and {outlet.id!r}"
                    )
                seen_domains[domain] = outlet.id
            for feed in outlet.feeds:
                if feed.url in seen_feeds:
                    raise ValueError(f"feed {feed.url} is listed by two outlets")
                seen_feeds[feed.url] = outlet.id
        self._by_id = {outlet.id: outlet for outlet in self.outlets}
        self._by_domain = {d: outlet for outlet in self.outlets for d in outlet.domains}
        return self

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(lang for outlet in self.outlets for lang in outlet.languages)

    def by_id(self, outlet_id: str) -> OutletEntry | None:
        return self._by_id.get(outlet_id)

    def outlet_for_domain(self, domain_or_url: str) -> OutletEntry | None:
        """The outlet a host belongs to: the entry listing the host itself or, failing that, the
        nearest parent domain (``edition.cnn.com`` → ``cnn.com``; ``cnnespanol.cnn.com`` is its
        own outlet because it is listed). ``None`` for an unknown host."""
        host = host_of(domain_or_url)
        if host is None:
            return None
        labels = host.split(".")
        # Longest suffix first, so a listed subdomain wins over its parent; stop before the TLD.
        for start in range(len(labels) - 1):
            outlet = self._by_domain.get(".".join(labels[start:]))
            if outlet is not None:
                return outlet
        return None


def load_catalogue(path: Path | None = None) -> Catalogue:
    """The catalogue at ``path``, or the one shipped in the package when ``path`` is None.

    Read and validated on first use, then cached per path. Raises :class:`CatalogueError`.
    """
    return _load(None if path is None else str(Path(path).resolve()))


@lru_cache(maxsize=8)
def _load(path: str | None) -> Catalogue:
    try:
        if path is None:
            raw = resources.files("parallax.ingest").joinpath("catalogue.json").read_bytes()
            where = "the packaged catalogue"
        else:
            raw = Path(path).read_bytes()
            where = path
    except OSError as exc:
        raise CatalogueError(f"cannot read the outlet catalogue: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CatalogueError(f"{where} is not valid JSON: {exc}") from None
    try:
        return Catalogue.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
            for err in exc.errors(include_input=False, include_url=False)[:10]
        )
        raise CatalogueError(f"{where} is invalid: {problems}") from None
