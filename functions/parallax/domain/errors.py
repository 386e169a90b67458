"""The domain error hierarchy.

Every failure a caller can cause or observe is a :class:`ParallaxError` with a stable ``code``.
The API maps codes to HTTP in one place (``parallax.api.problems``); the extension localises by
code. Messages are written for the reader of an error, never contain page text or secrets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from parallax.domain.extraction.short_story import ShortStory

__all__ = [
    "BlockedUrl",
    "FetchFailed",
    "InternalError",
    "InvalidRequest",
    "ItemsRejected",
    "MethodNotAllowed",
    "Misconfigured",
    "NotAnArticle",
    "NotFound",
    "Overloaded",
    "ParallaxError",
    "RateLimited",
    "TooLarge",
    "UnsupportedMedia",
    "UnsupportedRequestMedia",
    "UpstreamTimeout",
]


class ParallaxError(Exception):
    """Base of every error Parallax reports on purpose."""

    code: ClassVar[str] = "internal"
    title: ClassVar[str] = "Internal error"

    def __init__(self, detail: str | None = None) -> None:
        self.detail = detail or self.title
        super().__init__(self.detail)


class InvalidRequest(ParallaxError):
    code = "invalid_request"
    title = "The request is not valid"

    def __init__(
        self, detail: str | None = None, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.errors = errors or []


class BlockedUrl(ParallaxError):
    code = "blocked_url"
    title = "This address may not be fetched"


class FetchFailed(ParallaxError):
    code = "fetch_failed"
    title = "The page could not be fetched"


class NotAnArticle(ParallaxError):
    """``reason`` says why, as a stable code the panel localises (see
    ``parallax.domain.page_type.REASONS``): ``section_front``, ``listing``, ``product_page``,
    ``service_page``, ``navigation_only``, ``cookie_wall``, ``pdf_viewer`` or ``no_text``.

    ``story`` is set when a page refused as ``no_text`` or ``cookie_wall`` still names its story
    (a paywall stub, a one-sentence item or a consent notice under its headline): the Brief
    pipeline then answers with related coverage and no bullets instead of this error; everything
    else sees the refusal as before."""

    code = "not_an_article"
    title = "This page does not look like an article"

    def __init__(
        self, detail: str | None = None, reason: str = "no_text", story: ShortStory | None = None
    ) -> None:
        super().__init__(detail)
        self.reason = reason
        self.story = story


class NotFound(ParallaxError):
    code = "not_found"
    title = "No such resource"


class MethodNotAllowed(ParallaxError):
    """A declared path called with a method the route table does not declare for it."""

    code = "method_not_allowed"
    title = "Method not allowed"

    def __init__(self, detail: str, allowed: tuple[str, ...]) -> None:
        super().__init__(detail)
        self.allowed = allowed


class TooLarge(ParallaxError):
    code = "too_large"
    title = "The input is too large"


class UnsupportedMedia(ParallaxError):
    code = "unsupported_media"
    title = "The content is not an HTML page"


class UnsupportedRequestMedia(UnsupportedMedia):
    """The request's own body is of a media type (or coding) the API does not take. Same code:
    the extension never sends such a body; the title tells another client what to fix."""

    title = "The request body's media type is not supported"


class RateLimited(ParallaxError):
    code = "rate_limited"
    title = "Too many requests"


class Overloaded(ParallaxError):
    """The server holds as many connections as it takes at once: try again shortly."""

    code = "overloaded"
    title = "The server is busy"


class UpstreamTimeout(ParallaxError):
    code = "upstream_timeout"
    title = "An upstream service took too long"


class Misconfigured(ParallaxError):
    """The server's own settings cannot be used (a bad ``PARALLAX_*`` value): the operator's
    fault, not the reader's, and nothing a retry changes until the settings are fixed."""

    code = "misconfigured"
    title = "The server is not configured correctly"


class InternalError(ParallaxError):
    code = "internal"
    title = "Internal error"


class ItemsRejected(InternalError):
    """An item sink refused a batch of feed items (a constraint the upsert did not foresee). The
    batch is rolled back; the ingest runner fails that one feed and goes on with the others."""

    title = "The feed index rejected the items"
