"""The Brief and its parts: the contract between the backend and the extension.

Models at the edge forbid unknown fields so that a typo in a client is an error, not a silently
ignored option. The OpenAPI document in ``docs/openapi.json`` is generated from these classes.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from parallax.domain.languages import normalise_language
from parallax.domain.urls import canonical_url

__all__ = [
    "MAX_HTML_BYTES",
    "MAX_RELATED",
    "MAX_URL_LENGTH",
    "Article",
    "Brief",
    "BriefRequest",
    "Bullet",
    "CacheInfo",
    "Include",
    "IndexState",
    "Outlet",
    "Related",
    "RelatedCopy",
    "RelatedItem",
    "Sentence",
    "StrictModel",
    "Summary",
]

MAX_URL_LENGTH = 2048
MAX_HTML_BYTES = 5_000_000
MAX_RELATED = 50
"""The most related items a Brief request may ask for (``max_related``)."""


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Include(StrictModel):
    """Which parts of the Brief to compute."""

    summary: bool = True
    related: bool = True
    other_languages: bool = Field(
        default=True, description="Also look for coverage in languages other than the reader's."
    )


class BriefRequest(StrictModel):
    """``POST /v1/briefs`` body."""

    url: Annotated[str, Field(min_length=1, description="The article's address (http or https).")]
    html: Annotated[
        str | None,
        Field(
            default=None,
            description=(
                "The page's HTML as the reader's browser has it. When absent, the backend fetches "
                "the URL; a URL with a hash route (#/story/1, #!/story/1, #story/1), which no fetch "
                "carries, needs it (invalid_request without). "
                f"At most {MAX_HTML_BYTES} bytes (UTF-8)."
            ),
        ),
    ] = None
    language: Annotated[
        str,
        Field(description="The reader's language as a BCP 47 tag; the primary subtag is used."),
    ] = "en"
    include: Include = Field(default_factory=Include)
    max_related: Annotated[int, Field(ge=0, le=MAX_RELATED)] = 10

    @field_validator("url")
    @classmethod
    def _url_is_http(cls, value: str) -> str:
        value = value.strip()
        if len(value) > MAX_URL_LENGTH:
            raise ValueError(f"URL longer than {MAX_URL_LENGTH} characters")
        scheme, sep, rest = value.partition("://")
        if not sep or scheme.lower() not in {"http", "https"} or not rest:
            raise ValueError("URL must be an absolute http or https address")
        if any(ch.isspace() or ord(ch) < 0x20 for ch in value):
            raise ValueError("URL must not contain white space or control characters")
        try:
            # The cache key is made from the canonical form, so a URL without one (no host, a
            # port out of range, a broken IPv6 literal) is refused here as the client's error
            # instead of failing later as ours (a 500 found by fuzzing).
            canonical_url(value)
        except ValueError:
            raise ValueError("URL must have a valid host and port") from None
        return value

    @field_validator("language")
    @classmethod
    def _language_is_supported(cls, value: str) -> str:
        return normalise_language(value)


class Outlet(StrictModel):
    """Who published an article. ``id``/``type``/``country`` come from the outlet catalogue."""

    id: str | None = None
    name: str
    domain: str
    type: str | None = None
    country: str | None = None


class Sentence(StrictModel):
    id: int = Field(ge=0, description="Position of the sentence in the article text, from 0.")
    text: str


class Article(StrictModel):
    url: str
    canonical_url: str
    title: str
    text: str
    sentences: list[Sentence]
    outlet: Outlet
    published: str | None = Field(default=None, description="ISO 8601 date or date-time.")
    authors: list[str] = Field(default_factory=list)
    language: str
    word_count: int = Field(ge=0)
    about_browsing: bool | None = Field(
        default=None,
        description=(
            "Whether the article's own subject is cookies, ad blockers, JavaScript or browsers "
            "(tech news, a how-to), decided once when its page was read: there only interface "
            "text about those is a page notice, so its advice is summarised and corroborated. "
            "Null for an article that was not read from a page."
        ),
    )


class Bullet(StrictModel):
    text: str
    sentence_ids: list[int] = Field(
        description="Ids of the article sentences this bullet rests on."
    )


class Summary(StrictModel):
    language: str = Field(description="Language the bullets are written in.")
    method: Literal["extractive", "llm"]
    bullets: list[Bullet]
    notice: str | None = Field(
        default=None,
        description=(
            "A stable code when the summary is not what was asked for, e.g. "
            "'not_translated' (no model is configured, so extractive bullets stay in the "
            "article's language; with a model, an article too short to summarise has its "
            "sentences translated, method 'llm'), or 'llm_*' when a model was asked and its "
            "answer was not used (the bullets are then the article's own sentences). "
            "With no bullets: 'too_short' (the page shows too little of the article to "
            "summarise: a one-sentence item under its headline), 'behind_gate' (the text is a "
            "paywall or login notice) or 'behind_consent' (the page shows only a cookie or "
            "consent notice: once the reader accepts or closes it, a new request can be "
            "summarised); the page declares an article and names its story by its headline, so "
            "related coverage is looked for with that headline and the page's description."
        ),
    )
    model: str | None = Field(default=None, description="Model id when method is 'llm'.")
    headline: str | None = Field(default=None, description="A neutral headline (model only).")
    disputed: str | None = Field(
        default=None, description="What is disputed or unclear, when the model found something."
    )
    dropped_bullets: int = Field(
        default=0, ge=0, description="Model bullets dropped by the faithfulness guard."
    )


class RelatedCopy(StrictModel):
    """Another outlet's copy of a related item (the same wire report or syndicated text),
    collapsed into the item's row: where the reader can open that outlet's version."""

    url: str = Field(
        max_length=MAX_URL_LENGTH,
        pattern=r"^https?://",
        description="The copy's address (http or https, canonical form).",
    )
    title: str
    outlet: Outlet
    language: str
    published: str | None = Field(default=None, description="ISO 8601 date-time (UTC).")


class RelatedItem(StrictModel):
    url: str
    title: str
    translated_title: str | None = None
    outlet: Outlet
    language: str
    published: str | None = None
    snippet: str | None = None
    similarity: float = Field(ge=0.0, le=1.0)
    also_reported_by: list[Outlet] = Field(
        default_factory=list,
        description=(
            "Other outlets that ran a near-identical report (a wire copy), collapsed into this "
            "row; sorted by name."
        ),
    )
    copies: list[RelatedCopy] = Field(
        default_factory=list,
        description=(
            "Those outlets' copies, so the reader can open the outlet they prefer: one per "
            "outlet of also_reported_by, in its order, each naming its outlet. An outlet whose "
            "copy has no usable address (longer than the URL limit) has none, so match copies "
            "to outlets by their outlet, not by position. Empty in answers from before this "
            "field."
        ),
    )
    provider: str


class IndexState(StrictModel):
    """The feed index as the related step found it, so the panel can say honestly whether it
    could look: an empty index is "could not look yet", not "nothing found"."""

    status: Literal["not_filled", "filling", "filled", "failing"] = Field(
        description=(
            "not_filled: no feed has been read yet; filling: a first poll is under way "
            "(feeds_done of feeds_total); filled: items are searchable; failing: the last poll "
            "read no feed (or most feeds failed) and the index holds nothing usable."
        )
    )
    feeds_total: int = Field(default=0, ge=0, description="Feeds in the outlet catalogue.")
    feeds_done: int = Field(
        default=0,
        ge=0,
        description=(
            "Feeds tried (read or failed): in the poll under way while filling, otherwise every "
            "feed with a recorded attempt, at most feeds_total."
        ),
    )
    feeds_failing: int = Field(default=0, ge=0, description="Feeds whose last read failed.")
    items: int = Field(default=0, ge=0, description="Items the index holds.")
    newest_item_age_s: int | None = Field(
        default=None, ge=0, description="Age of the newest item, in seconds."
    )


class Related(StrictModel):
    items: list[RelatedItem] = Field(
        default_factory=list,
        description="The same story: other outlets' reports of this event, best match first.",
    )
    topic: list[RelatedItem] = Field(
        default_factory=list,
        description=(
            "On the topic: earlier and background stories (same actors and subject, another "
            "event), best match first."
        ),
    )
    hidden_other_languages: int = Field(
        default=0,
        ge=0,
        description=(
            "Reports found in other languages and left out because include.other_languages "
            "was false."
        ),
    )
    sources_queried: list[str] = Field(default_factory=list)
    partial: bool = Field(
        default=False,
        description=(
            "True when the list may be incomplete: a source failed (failed_sources), or the feed "
            "index was asked but is not filled (index.status not_filled, filling or failing). An "
            "empty partial list means 'could not look', never 'no coverage exists'."
        ),
    )
    failed_sources: list[str] = Field(
        default_factory=list,
        description=(
            "Sources that failed or missed the time budget for this request; an index that is "
            "not filled yet is not a failure (see index)."
        ),
    )
    index: IndexState | None = Field(
        default=None, description="The feed index's state, when the index was asked."
    )


class CacheInfo(StrictModel):
    hit: bool
    key: str
    stored_at: str | None = Field(default=None, description="When the Brief was computed (UTC).")
    ttl_s: int = Field(
        ge=0,
        description="How long this Brief is kept in the cache, in seconds: shorter than the "
        "configured TTL while the feed index is not filled (60) or when a source or the model "
        "failed (300); a cache hit reports the TTL its Brief was stored with.",
    )


class Brief(StrictModel):
    article: Article
    summary: Summary | None = Field(description="Absent when include.summary is false.")
    related: Related
    cache: CacheInfo
    timings_ms: dict[str, float]
