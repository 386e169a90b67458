"""One typed Settings object, read from ``PARALLAX_*`` environment variables once.

Nothing else in the package reads ``os.environ``: handlers call :func:`get_settings` at cold start,
tests build ``Settings`` directly or through :meth:`Settings.from_env` with a dict. A bad value
fails loudly at start-up instead of at the first request that needs it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

__all__ = [
    "DEFAULT_EXTENSION_ORIGIN",
    "MAX_INGEST_INTERVAL_S",
    "MIN_INGEST_INTERVAL_S",
    "Settings",
    "SettingsError",
    "get_settings",
]

# The extension's id is pinned by the manifest `key`, so its origin is known in advance.
DEFAULT_EXTENSION_ORIGIN = "chrome-extension://abcnaopliegkipjfhllbmpobejklbpki"

_PREFIX = "PARALLAX_"
MIN_INGEST_INTERVAL_S = 60.0
MAX_INGEST_INTERVAL_S = 86_400.0


_SETTING_NAME = re.compile(r"PARALLAX_[A-Z0-9_*]+")
_HEADER_TEXT = re.compile(r"[\x20-\x7e]+")
MAX_USER_AGENT_CHARS = 256
"""PARALLAX_USER_AGENT's bound: real crawlers' fit in 200; sites cap a request's headers at
8 KB in all (some at 4 KB), and one of several KB made every fetch a 400 or 431."""
# An origin as browsers serialise it (RFC 6454): lower-case scheme and host, an optional port.
# A host may end in one dot: a browser at "https://example.com./" sends Origin
# "https://example.com." (a fully qualified name, another origin than "https://example.com").
_ORIGIN = re.compile(
    r"[a-z][a-z0-9+.-]*://(?:[a-z0-9_~-]+(?:\.[a-z0-9_~-]+)*\.?|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?"
)
# A browser leaves the scheme's default port out of Origin: "https://x:443" never matches.
_DEFAULT_PORT = re.compile(r"https://.*:443|http://.*:80")


class SettingsError(ValueError):
    """A PARALLAX_* variable has a value that cannot be used.

    The message names each variable and what is wrong with it, never the value (it may be a key
    or a token), so that it can be logged and printed as it is.
    """

    @property
    def settings(self) -> tuple[str, ...]:
        """The variables the message names, in order, each once (for a structured log line)."""
        return tuple(dict.fromkeys(_SETTING_NAME.findall(str(self))))

    def log_fields(self) -> dict[str, Any]:
        """What one structured log line of a failed start-up carries: the variables and the
        problems, no value."""
        return {"code": "misconfigured", "settings": list(self.settings), "problem": str(self)}


def _default_home() -> Path:
    # platformdirs is imported here, not at module level: nothing happens at import time.
    from platformdirs import user_data_dir

    return Path(user_data_dir("parallax", appauthor=False))


_BLANK = "must not be blank (unset the variable for the default)"


def _not_blank(value: Any) -> Any:
    # Surrounding white space is never part of a model id, a table name or a URL (a key read
    # with `$(cat key.txt)` ends in a newline), and a value of white space only was taken as the
    # value itself: PARALLAX_LLM_MODEL="  " failed at the first model call, not at start-up.
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise ValueError(_BLANK)
    return value


def _split_csv(value: Any) -> Any:
    if isinstance(value, str):
        parts = [part.strip() for part in _not_blank(value).split(",") if part.strip()]
        if not parts:  # " , " names nothing: no port to fetch from, no provider to ask
            raise ValueError(_BLANK)
        return parts
    return value


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    home: Path = Field(
        default_factory=_default_home, description="Where embedded SQLite files live."
    )
    stage: str = "local"

    # Fetcher
    allow_private_hosts: bool = Field(
        default=False,
        description="Development and tests only: let the fetcher reach private hosts.",
    )
    allowed_ports: tuple[int, ...] = (80, 443)
    fetch_timeout_s: Annotated[float, Field(gt=0, le=60)] = 10.0
    fetch_max_bytes: Annotated[int, Field(gt=0)] = 5_000_000
    max_redirects: Annotated[int, Field(ge=0, le=10)] = 5
    user_agent: str = "ParallaxBot/0.1 (+https://github.com/parallax-news/parallax)"

    # API
    cors_origins: tuple[str, ...] = (DEFAULT_EXTENSION_ORIGIN,)
    max_body_bytes: Annotated[int, Field(gt=0)] = 6_000_000
    cache_backend: Literal["sqlite", "none", "dynamodb"] = "sqlite"
    cache_ttl_s: Annotated[int, Field(ge=0)] = 6 * 3600
    brief_deadline_s: Annotated[
        float,
        Field(gt=0, le=300, description="A Brief not made in this long is upstream_timeout."),
    ] = 24.0
    brief_workers: Annotated[
        int, Field(ge=1, le=64, description="Briefs made at once per process (a bounded pool).")
    ] = 4

    # Related coverage
    providers: tuple[Literal["index", "google_news", "gdelt"], ...] = (
        "index",
        "google_news",
        "gdelt",
    )
    """Out of the box the local feed index and the two search services: a fresh install finds
    coverage before its first poll is done. ``index`` alone asks no outside service."""
    google_news_base_url: str = "https://news.google.com"
    gdelt_base_url: str = "https://api.gdeltproject.org"
    provider_timeout_s: Annotated[float, Field(gt=0, le=30)] = 2.5
    related_budget_s: Annotated[float, Field(gt=0, le=30)] = 3.0
    feed_retention_days: Annotated[int, Field(ge=1, le=365)] = 14
    catalogue_path: Path | None = Field(
        default=None, description="Outlet catalogue file; default: the one shipped in the package."
    )
    ingest_interval_s: Annotated[float, Field(ge=0, le=MAX_INGEST_INTERVAL_S)] = Field(
        default=900.0,
        description=(
            "`parallax serve` polls the catalogue's feeds into the local index at start, then "
            "this often, in the background; 0 turns it off (then `parallax ingest` fills it)."
        ),
    )

    # Corroboration (POST /v1/corroborations): how many other reports are read, and how long
    # the reader waits for them (reports not read by then are named as timed out).
    corroboration_sources: Annotated[int, Field(ge=0, le=10)] = 5
    corroboration_budget_s: Annotated[float, Field(gt=0, le=25)] = 4.0

    # Model (Claude). The one place the llm_* defaults and bounds live (the README's table is
    # checked against them); parallax.adapters.llm.LlmSettings takes each field from here.
    llm_provider: Literal["none", "anthropic", "bedrock"] = "none"
    llm_model: str = Field(default="claude-haiku-4-5", min_length=1)
    """Model id for the Anthropic API."""
    llm_bedrock_model: str = Field(default="anthropic.claude-haiku-4-5-20251001-v1:0", min_length=1)
    """Model id or inference profile for Bedrock (e.g. ``eu.anthropic.claude-...``)."""
    llm_aws_region: str | None = None
    """Bedrock region; default: the SDK's (``AWS_REGION``, which Lambda sets)."""
    llm_base_url: str | None = None
    """Override the endpoint (a gateway, or the loopback fake in tests). Default: the SDK's,
    which honours ``ANTHROPIC_BASE_URL`` / ``ANTHROPIC_BEDROCK_BASE_URL``."""
    llm_api_key: SecretStr | None = None
    """Anthropic API key for local use; without it the SDK reads ``ANTHROPIC_API_KEY``."""
    llm_api_key_secret: str | None = None
    """Secrets Manager name or ARN holding the key (plain, or JSON with ``ANTHROPIC_API_KEY`` or
    ``api_key``); used when ``llm_api_key`` is not set."""
    llm_secret_max_age_s: int = Field(default=3600, ge=0)
    llm_max_tokens: int = Field(default=1024, ge=128, le=8192)
    llm_temperature: float | None = Field(default=None, ge=0.0, le=1.0, allow_inf_nan=False)
    """Sent only when set: recent models fix sampling themselves and may refuse the parameter."""
    llm_timeout_s: float = Field(default=12.0, gt=0, le=25, allow_inf_nan=False)
    """Deadline for one summary, retries included; well under the API function's 25 s."""
    llm_max_retries: int = Field(default=1, ge=0, le=5)
    llm_input_token_budget: int = Field(default=2500, ge=500, le=100_000)
    """Estimated input tokens per summary call (the domain's ``DEFAULT_INPUT_TOKEN_BUDGET``)."""
    llm_translate_timeout_s: float = Field(default=6.0, gt=0, le=25, allow_inf_nan=False)
    llm_translate_max_tokens: int = Field(default=2048, ge=128, le=8192)
    llm_translate_cache_size: int = Field(default=4096, ge=0, le=20_000)
    """Headline translations the process keeps (24 h at most) so that the next Brief showing a
    headline does not pay the model for it again; 0 keeps none."""

    # Cloud (AWS). Used only when cache_backend / feed_state_backend / index_backend name an AWS
    # service, or by the ingest Lambda handlers; locally everything above stays on SQLite files.
    # Endpoints and credentials are boto3's own business (AWS_REGION, AWS_ENDPOINT_URL_*).
    aws_region: str | None = None
    aws_max_attempts: Annotated[int, Field(ge=1, le=10)] = 3
    """botocore attempts per call (first try included), standard retry mode (throttles back off)."""
    aws_connect_timeout_s: Annotated[float, Field(gt=0, le=30)] = 1.0
    aws_read_timeout_s: Annotated[float, Field(gt=0, le=60)] = 2.0
    cache_table: str | None = None
    """DynamoDB table of the Brief cache (cache_backend=dynamodb)."""
    feed_state_backend: Literal["sqlite", "dynamodb"] = "sqlite"
    feed_state_table: str | None = None
    feed_items_table: str | None = None
    """DynamoDB table the feed workers write items to and the index publisher scans."""
    index_backend: Literal["file", "s3"] = "file"
    """file: the index at ``index_path``; s3: the snapshot the index publisher uploads."""
    index_bucket: str | None = None
    index_key: str = "index/feed-index.sqlite3"
    index_refresh_s: Annotated[float, Field(ge=0, le=86_400)] = 300.0
    """How often (at most) the API function asks S3 whether the snapshot's ETag changed."""
    index_scan_segments: Annotated[int, Field(ge=1, le=32)] = 4
    feed_queue_url: str | None = None

    # Local server
    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 8787
    # Per client address, a token bucket: `burst` requests at once, refilled at `per_minute`.
    # API Gateway throttles in the cloud; this keeps one noisy tab from starving the others here.
    rate_limit_per_minute: Annotated[
        int, Field(ge=0, description="Requests per minute per client address; 0 disables.")
    ] = 120
    rate_limit_burst: Annotated[
        int, Field(ge=0, description="Requests a client may send at once (the bucket's size).")
    ] = 30
    client_timeout_s: Annotated[
        float,
        Field(gt=0, le=300, description="A request's line, headers and body must arrive in this."),
    ] = 15.0
    header_timeout_s: Annotated[
        float,
        Field(
            gt=0,
            le=300,
            description="A request's line and headers must arrive in this (at most the above).",
        ),
    ] = 5.0
    # Each connection is served on its own thread: these bound the threads, and keep one address
    # from holding them all (bound to 0.0.0.0, another host could open thousands).
    max_connections: Annotated[
        int, Field(ge=1, le=10_000, description="Connections served at once; more get 503.")
    ] = 256
    max_connections_per_client: Annotated[
        int,
        Field(
            ge=0,
            le=10_000,
            description=(
                "Connections per client address at once when serve listens off loopback; 0: no cap."
            ),
        ),
    ] = 32

    @field_validator("*", mode="before")
    @classmethod
    def _stripped(cls, value: Any) -> Any:
        return _not_blank(value)

    @field_validator("allowed_ports", "cors_origins", "providers", mode="before")
    @classmethod
    def _csv(cls, value: Any) -> Any:
        return _split_csv(value)

    @field_validator("cors_origins")
    @classmethod
    def _origins_only(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # The CORS grant is an exact match on what the browser sends. '*' granted every web page
        # the answers (on `parallax serve`, a page could then ask whether the reader's cache holds
        # a Brief of any URL: their reading history), 'null' every sandboxed frame and data: URL,
        # and a value with a path, a slash or capitals never matched anything.
        if not all(
            _ORIGIN.fullmatch(origin) and not _DEFAULT_PORT.fullmatch(origin) for origin in value
        ):
            raise ValueError(
                "each entry must be an origin as a browser sends it: scheme://host[:port], "
                "lower case, no path, no default port (:443 for https, :80 for http); '*' and "
                "'null' are not accepted"
            )
        return value

    @field_validator("user_agent")
    @classmethod
    def _header_value(cls, value: str) -> str:
        # It is an HTTP header on every fetch, feed poll and provider request: a line break made
        # every fetch fail as "the connection to the site failed", a character outside ASCII
        # ("€") every Brief a 500 (UnicodeEncodeError), both only once a request was made.
        if not _HEADER_TEXT.fullmatch(value):
            raise ValueError("must be printable ASCII (letters, digits, spaces, punctuation)")
        # Checked here, at start, not found at the first fetch as `fetch_failed` on every site.
        if len(value) > MAX_USER_AGENT_CHARS:
            raise ValueError(
                f"must be at most {MAX_USER_AGENT_CHARS} characters (it has {len(value)}): "
                "sites refuse requests whose headers are this long"
            )
        return value

    @field_validator("ingest_interval_s")
    @classmethod
    def _polite_interval(cls, value: float) -> float:
        # Every poll asks hundreds of outlets; more often than once a minute is not polite.
        if 0 < value < MIN_INGEST_INTERVAL_S:
            raise ValueError(f"must be 0 (off) or at least {MIN_INGEST_INTERVAL_S:.0f} seconds")
        return value

    @property
    def cache_path(self) -> Path:
        return self.home / "cache.sqlite3"

    @property
    def index_path(self) -> Path:
        """The feed index (SQLite FTS5) that ``parallax ingest`` fills."""
        return self.home / "index.sqlite3"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Build settings from ``PARALLAX_<FIELD>`` variables (case-insensitive field names)."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name in cls.model_fields:
            raw = env.get(_PREFIX + name.upper())
            if raw is not None and raw != "":
                values[name] = raw
        try:
            return cls(**values)
        except ValidationError as exc:
            problems = "; ".join(
                f"{_PREFIX}{'.'.join(str(p) for p in err['loc']).upper()}: "
                f"{err['msg'].removeprefix('Value error, ')}"
                for err in exc.errors(include_input=False, include_url=False)
            )
            raise SettingsError(problems) from None


def anthropic_key_in_environment(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the Anthropic SDK finds credentials of its own in the environment
    (``ANTHROPIC_API_KEY`` or ``ANTHROPIC_AUTH_TOKEN``), for a model set up without
    ``PARALLAX_LLM_API_KEY`` or ``PARALLAX_LLM_API_KEY_SECRET``."""
    env = os.environ if environ is None else environ
    return any(env.get(name, "").strip() for name in ("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN"))


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read on first use (cold start), then cached."""
    return Settings.from_env()
