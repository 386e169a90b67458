"""How the model's answer is read: the forced tool call's input (or a JSON object in plain text),
validated with pydantic into a :class:`DraftSummary`; bullet markers and direction controls
stripped. :class:`OutputInvalid` when the shape is wrong.
"""

# ruff: noqa: RUF001 -- look-alike angle brackets, quotes and dashes are the point here

from __future__ import annotations

import json
import re

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from parallax.domain.neutral_summary.prompts import SPACES
from parallax.domain.neutral_summary.thresholds import MAX_BULLET_CHARS, MAX_BULLETS, MIN_BULLETS


class OutputInvalid(ValueError):
    """The model's answer is not a summary of the agreed shape."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


_BULLET_MARKER = re.compile(r"^\s*(?:[-*•·–—]|\d{1,2}[.)])\s+")

# Bidirectional embeddings, overrides and isolates (and the invisible direction marks): in a
# model's answer they can only reorder what the reader sees ("Trojan Source"), never carry
# meaning, so they are removed from everything the model writes.
_BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_bidi_controls(text: str) -> str:
    """``text`` without bidirectional control characters (U+202A-U+202E, U+2066-U+2069, and the
    LRM/RLM/ALM marks)."""
    return _BIDI_CONTROLS.sub("", text)


def _clean_line(value: object) -> object:
    if isinstance(value, str):
        return SPACES.sub(" ", _BULLET_MARKER.sub("", strip_bidi_controls(value))).strip()
    return value


class DraftBullet(BaseModel):
    """One bullet as the model wrote it, before the guard."""

    model_config = ConfigDict(extra="ignore")

    text: str = Field(min_length=1, max_length=MAX_BULLET_CHARS)
    sentence_ids: list[int] = Field(default_factory=list, max_length=12)

    @field_validator("text", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return _clean_line(value)


class DraftSummary(BaseModel):
    """The tool input, validated. Extra keys are ignored (harmless); a missing headline is
    tolerated (the bullets are the summary); the bullet count is not (3 to 5)."""

    model_config = ConfigDict(extra="ignore")

    headline: str | None = Field(default=None, max_length=400)
    bullets: list[DraftBullet] = Field(min_length=MIN_BULLETS, max_length=MAX_BULLETS)
    disputed: str | None = Field(default=None, max_length=1000)

    @field_validator("headline", "disputed", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        value = _clean_line(value)
        if isinstance(value, str) and value.casefold() in {"", "null", "none", "n/a", "-"}:
            return None
        return value


def as_json_object(raw: object) -> object:
    """A dict from ``raw``: the tool input as given, or a JSON object inside text."""
    if isinstance(raw, dict):
        return raw
    if isinstance(raw, (bytes, bytearray)):
        raw = raw.decode("utf-8", "replace")
    if not isinstance(raw, str):
        raise OutputInvalid("schema")
    text = raw.strip()
    try:
        return json.loads(text)
    except ValueError:
        pass
    start, end = text.find("{"), text.rfind("}")
    if start < 0 or end <= start:
        raise OutputInvalid("json")
    try:
        return json.loads(text[start : end + 1])
    except ValueError:
        raise OutputInvalid("json") from None


def parse_summary_output(raw: object) -> DraftSummary:
    """Validate the model's tool input (a dict, or JSON text) or raise :class:`OutputInvalid`."""
    data = as_json_object(raw)
    try:
        return DraftSummary.model_validate(data)
    except ValidationError:
        raise OutputInvalid("schema") from None
