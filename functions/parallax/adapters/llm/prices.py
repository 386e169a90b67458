"""List prices per model and the cost estimate of one call from its token counts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class Price:
    """USD per million tokens. Cache writes (5-minute TTL) cost 1.25x input, cache reads 0.1x."""

    input: float
    output: float

    @property
    def cache_write(self) -> float:
        return self.input * 1.25

    @property
    def cache_read(self) -> float:
        return self.input * 0.1


PRICES: Final[Mapping[str, Price]] = {
    # Anthropic list prices (USD / MTok); Bedrock's on-demand prices for these models match.
    # A model missing here gets no cost estimate rather than a wrong one.
    "claude-haiku-4-5": Price(1.00, 5.00),
    "claude-sonnet-4-5": Price(3.00, 15.00),
    "claude-sonnet-4": Price(3.00, 15.00),
    "claude-opus-4-5": Price(5.00, 25.00),
    "claude-opus-4-1": Price(15.00, 75.00),
    "claude-opus-4": Price(15.00, 75.00),
    "claude-3-5-haiku": Price(0.80, 4.00),
}


def _price_key(model: str) -> str:
    """``eu.anthropic.claude-haiku-4-5-20251001-v1:0`` → ``claude-haiku-4-5``."""
    key = model.strip().lower()
    for prefix in ("global.", "us.", "eu.", "apac.", "jp.", "au.", "anthropic."):
        if key.startswith(prefix):
            key = key[len(prefix) :]
    for sep in (":", "@"):
        key = key.split(sep, 1)[0]
    parts = key.split("-")
    while parts and (
        parts[-1] == "latest" or (parts[-1].startswith("v") and parts[-1][1:].isdigit())
    ):
        parts.pop()
    if parts and len(parts[-1]) == 8 and parts[-1].isdigit():
        parts.pop()
    return "-".join(parts)


@dataclass(frozen=True, slots=True)
class Usage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0


def estimate_cost_usd(
    model: str,
    *,
    input_tokens: int,
    output_tokens: int,
    cache_read_tokens: int = 0,
    cache_write_tokens: int = 0,
    prices: Mapping[str, Price] = PRICES,
) -> float | None:
    """Estimated USD for one call, or ``None`` for a model without a known price."""
    price = prices.get(_price_key(model))
    if price is None:
        return None
    return (
        input_tokens * price.input
        + output_tokens * price.output
        + cache_read_tokens * price.cache_read
        + cache_write_tokens * price.cache_write
    ) / 1_000_000
