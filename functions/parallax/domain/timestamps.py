"""UTC timestamps as the text the API, the caches and the feed index store: one writer, one reader.

Every stored or answered moment is ``YYYY-MM-DDTHH:MM:SSZ`` (UTC, whole seconds). Readers accept
what other systems send: a bare date, a naive date-time (read as UTC), an offset or ``Z``.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["iso_utc", "parse_iso_utc"]

_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def iso_utc(when: float | datetime) -> str:
    """``2026-11-29T10:15:00Z`` for a Unix time in seconds or a datetime (naive means UTC);
    fractions of a second are dropped."""
    if isinstance(when, datetime):
        moment = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    else:
        moment = datetime.fromtimestamp(when, tz=UTC)
    return moment.strftime(_FORMAT)


def parse_iso_utc(value: str | None) -> datetime | None:
    """The aware UTC datetime an ISO 8601 text names, or None when it names none.

    ``2026-11-29`` is midnight UTC that day; a naive date-time is read as UTC (feeds and search
    providers that leave the zone out mean UTC far more often than the server's zone).
    """
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        # OverflowError: a time whose UTC is before year 1 or after 9999 ("0001-01-01T00:00+01:00").
        return None
