"""``POST /v1/corroborations``: the request and the answer (part of the OpenAPI contract).

The client names the article (the Brief's cache key, or its URL and language) and the other
reports by URL only. Their text is never taken from the client: the backend fetches each one itself
through the guarded fetcher, so a client cannot put words in another outlet's mouth.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from parallax.domain.languages import normalise_language
from parallax.domain.models import BriefRequest, Outlet, StrictModel

__all__ = [
    "MAX_OTHER_REPORTS",
    "BulletCorroboration",
    "Corroboration",
    "CorroborationArticle",
    "CorroborationCache",
    "CorroborationRequest",
    "FactDifference",
    "MissingHere",
    "OtherReport",
    "OtherReportRef",
    "OtherStatus",
    "SupportingSentence",
]

MAX_OTHER_REPORTS = 20
"""A Brief lists at most 10 same-story reports (each with its wire copies); the rest is abuse."""

OtherStatus = Literal[
    "ok",
    "duplicate",
    "skipped",
    "timeout",
    "failed",
    "blocked",
    "not_an_article",
    "too_short",
    "too_large",
    "not_in_brief",
    "own_outlet",
]


def _http_url(value: str) -> str:
    # The same rules as the Brief's URL (absolute http(s), a valid host, no white space).
    return BriefRequest.model_validate({"url": value}).url


class CorroborationArticle(StrictModel):
    """The Brief's article: its cache key (``cache.key`` of the Brief), or URL and language (the
    backend then makes or reuses the Brief of its own fetch, related coverage included, and reads
    only that Brief's related reports). A key that has expired is ``not_found``, a URL beside it
    notwithstanding: ask for the Brief again and send its key."""

    key: Annotated[str | None, Field(default=None, min_length=1, max_length=256)] = None
    url: Annotated[str | None, Field(default=None, description="The article's address.")] = None
    language: Annotated[
        str, Field(description="The reader's language (BCP 47), as for the Brief.")
    ] = "en"

    @field_validator("url")
    @classmethod
    def _url_is_http(cls, value: str | None) -> str | None:
        return None if value is None else _http_url(value)

    @field_validator("language")
    @classmethod
    def _language_is_supported(cls, value: str) -> str:
        return normalise_language(value)

    @model_validator(mode="after")
    def _key_or_url(self) -> CorroborationArticle:
        if self.key is None and self.url is None:
            raise ValueError("give the Brief's cache key or the article's url")
        return self


class OtherReportRef(StrictModel):
    """Another report of the same story, by address (from the Brief's related items)."""

    url: str

    @field_validator("url")
    @classmethod
    def _url_is_http(cls, value: str) -> str:
        return _http_url(value)


class CorroborationRequest(StrictModel):
    """``POST /v1/corroborations`` body."""

    article: CorroborationArticle
    others: Annotated[
        list[OtherReportRef],
        Field(
            max_length=MAX_OTHER_REPORTS,
            description=(
                "Independent reports of the same story, best first. Only the first "
                "PARALLAX_CORROBORATION_SOURCES (default 5) distinct ones are read."
            ),
        ),
    ]


class OtherReport(StrictModel):
    """What became of one requested report."""

    id: str = Field(description="Short id the support and missing_here entries refer to.")
    url: str
    status: OtherStatus = Field(
        description=(
            "ok: read and aligned; duplicate: the same text as duplicate_of (a wire copy), "
            "or, with duplicate_of null, the article's own text (the address led to the article "
            "itself, or the page is a copy of it), which confirms nothing; "
            "skipped: over the source limit; timeout: not read within the time budget; "
            "failed/blocked/not_an_article/too_short/too_large: could not be used; "
            "not_in_brief: not among the Brief's related reports, so not fetched; "
            "own_outlet: its final address (after redirects) is on the article's own site (the "
            "same registrable domain), another article of the same outlet, which confirms "
            "nothing."
        )
    )
    outlet: Outlet | None = None
    title: str | None = None
    language: str | None = None
    duplicate_of: str | None = None
    read_from: str | None = Field(
        default=None,
        description=(
            "When the report itself could not be used (failed, blocked, paywalled), the address "
            "of the wire copy read instead (one of the Brief's related item copies); outlet, "
            "title and the sentences' url are that copy's."
        ),
    )
    story_relation: Literal["same_story", "doubtful", "other_story"] | None = Field(
        default=None,
        description=(
            "For a report read (status ok): whether its whole text tells this article's story, "
            "judged before any of its sentences may count. same_story: its sentences support "
            "bullets as usual; doubtful: only its sentences that match a bullet strongly do; "
            "other_story: another story (retrieval can show one on the same subject), so it "
            "supports no bullet and adds nothing to missing_here. Null when not read."
        ),
    )


class FactDifference(StrictModel):
    kind: Literal["number", "date", "name"]
    here: str = Field(description="What this article says.")
    there: str = Field(description="What the other report says instead.")


class SupportingSentence(StrictModel):
    other: str = Field(description="Id of the report (see others).")
    url: str
    outlet: Outlet | None = None
    language: str
    sentence_id: int = Field(ge=0, description="Position of the sentence in that report.")
    sentence: str
    relation: Literal["agrees", "differs"]
    score: float = Field(ge=0.0, le=1.0)
    claim_sentence_id: int | None = Field(
        default=None, description="The cited sentence of this article it was compared with."
    )
    differences: list[FactDifference] = Field(default_factory=list)


class BulletCorroboration(StrictModel):
    text: str
    sentence_ids: list[int]
    status: Literal["agrees", "differs", "only_here", "unchecked"] = Field(
        description=(
            "differs when any report differs; only_here when none of the reports compared "
            "supports it; unchecked when no report could be compared (each failed, timed out, "
            "was no article or told another story): nobody else was read, so nothing says the "
            "article is alone in reporting it."
        )
    )
    agreeing: int = Field(ge=0, description="Reports that say the same.")
    differing: int = Field(ge=0, description="Reports that say it with another fact.")
    support: list[SupportingSentence]


class MissingHere(StrictModel):
    other: str
    url: str
    outlet: Outlet | None = None
    language: str
    sentence_id: int = Field(ge=0)
    sentence: str
    also_in: list[str] = Field(default_factory=list, description="Other reports saying the same.")


class CorroborationCache(StrictModel):
    hit: bool
    key: str


class Corroboration(StrictModel):
    article_url: str
    language: str = Field(description="The article's language.")
    method: Literal["offline", "llm"]
    bullets: list[BulletCorroboration]
    missing_here: list[MissingHere] = Field(
        description=(
            "Up to 3 sentences other reports have and this article does not. With method llm the "
            "model chose them among the candidates its prompt could carry (about 12,000 tokens); "
            "a candidate left out of the prompt is the offline choice, unchecked, never dropped."
        )
    )
    others: list[OtherReport]
    partial: bool = Field(
        description="True when a requested report could not be read: it failed or timed out."
    )
    notice: str | None = Field(
        default=None, description="A stable code when the model check was asked for but not used."
    )
    cache: CorroborationCache
    timings_ms: dict[str, float]
