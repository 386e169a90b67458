"""DynamoDB attribute values: the few conversions the adapters need, by hand.

boto3's ``TypeSerializer`` turns numbers into ``Decimal`` and back; the adapters store ISO
strings, small integers and epoch seconds, so explicit helpers are shorter and typed.
"""

from __future__ import annotations

from typing import Any

__all__ = ["AttributeMap", "num", "opt_int", "opt_str", "string", "to_attributes"]

AttributeMap = dict[str, dict[str, Any]]


def string(value: str) -> dict[str, Any]:
    return {"S": value}


def num(value: float) -> dict[str, Any]:
    # Whole numbers without a trailing ".0": DynamoDB compares numbers, but humans read them.
    return {"N": str(int(value)) if float(value).is_integer() else repr(float(value))}


def to_attributes(values: dict[str, str | int | float | None]) -> AttributeMap:
    """Strings as S, numbers as N; None is left out (absent attribute = no value)."""
    out: AttributeMap = {}
    for name, value in values.items():
        if value is None:
            continue
        out[name] = string(value) if isinstance(value, str) else num(value)
    return out


def opt_str(item: AttributeMap, name: str) -> str | None:
    value = item.get(name)
    if value is None or "NULL" in value:
        return None
    text = value.get("S")
    return str(text) if text is not None else None


def opt_int(item: AttributeMap, name: str) -> int | None:
    value = item.get(name)
    if value is None or "N" not in value:
        return None
    return int(float(value["N"]))
