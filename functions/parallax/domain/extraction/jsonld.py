"""JSON-LD: the blocks' nodes that describe the page itself, the node of its article, and the people
and organisations named in it.
"""

from __future__ import annotations

import json
import logging
import re
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from parallax.domain.extraction.addresses import without_anchor
from parallax.domain.extraction.authors import dedupe, split_names
from parallax.domain.extraction.markers import ARTICLE_TYPES
from parallax.domain.extraction.text import clean_inline
from parallax.domain.extraction.thresholds import MAX_JSONLD_ITEMS

LOGGER = logging.getLogger(__name__)


def jsonld_documents(scripts: list[str]) -> Iterator[Any]:
    for script in scripts:
        raw = script.strip()
        if not raw:
            continue
        try:
            yield json.loads(raw, strict=False)
        except RecursionError:
            LOGGER.debug("JSON-LD block nested too deeply, skipped")
        except ValueError:
            # Hand-written JSON-LD is often wrapped in HTML comments or CDATA, or carries a
            # trailing comma; anything beyond that is not worth guessing at.
            repaired = re.sub(r"^\s*(?:<!--|<!\[CDATA\[)|(?:-->|\]\]>)\s*$", "", raw)
            repaired = re.sub(r",\s*([}\]])", r"\1", repaired)
            try:
                yield json.loads(repaired, strict=False)
            except (ValueError, RecursionError):
                LOGGER.debug("unreadable JSON-LD block skipped")


def top_level_nodes(documents: Iterable[Any]) -> list[dict[str, Any]]:
    """Nodes the page describes itself with: top-level objects, ``@graph`` members and their
    ``mainEntity``. Deeper nodes (an ``ItemList`` of teasers) describe other pages."""
    nodes: list[dict[str, Any]] = []
    pending: deque[Any] = deque(documents)
    # Bounded, because the page decides how large these lists are.
    for _ in range(MAX_JSONLD_ITEMS):
        if not pending:
            break
        item = pending.popleft()
        if isinstance(item, list):
            pending.extendleft(reversed(item[:MAX_JSONLD_ITEMS]))
        elif isinstance(item, dict):
            nodes.append(item)
            graph = item.get("@graph")
            if isinstance(graph, list):
                pending.extendleft(reversed(graph[:MAX_JSONLD_ITEMS]))
            main = item.get("mainEntity")
            if isinstance(main, dict | list):
                pending.append(main)
    return nodes


def node_types(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type")
    values = raw if isinstance(raw, list) else [raw]
    return {v.rsplit("/", 1)[-1].rsplit(":", 1)[-1].lower() for v in values if isinstance(v, str)}


def jsonld_article(
    nodes: list[dict[str, Any]], url: str
) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The node describing this page's article, if any, and all nodes by ``@id``."""
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    articles = [n for n in nodes if node_types(n) & ARTICLE_TYPES]
    if not articles:
        return None, by_id
    page = without_anchor(url).rstrip("/")

    def rank(node: dict[str, Any]) -> int:
        own = {_node_url(node.get(k)) for k in ("url", "mainEntityOfPage", "@id")}
        return (2 if page and page in own else 0) + (1 if node.get("articleBody") else 0)

    return max(articles, key=rank), by_id


def _node_url(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url")
    return without_anchor(value).rstrip("/") if isinstance(value, str) else ""


def inline_value(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    return (clean_inline(value) or None) if isinstance(value, str) else None


def _resolve(value: Any, by_id: dict[str, Any]) -> Any:
    if isinstance(value, dict) and set(value) <= {"@id", "@type"}:
        return by_id.get(value.get("@id", ""), value)
    return value


def first_name(value: Any, by_id: dict[str, Any]) -> str | None:
    names = people(value, by_id)
    return names[0] if names else None


def people(value: Any, by_id: dict[str, Any]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:20]:
        person = _resolve(item, by_id)
        name = (
            person.get("name") or person.get("alternateName")
            if isinstance(person, dict)
            else person
        )
        if isinstance(name, list):
            name = next((v for v in name if isinstance(v, str)), None)
        if isinstance(name, str):
            names.extend(split_names(name))
    return dedupe(names)


def jsonld_site_name(nodes: list[dict[str, Any]]) -> str | None:
    for node in nodes:
        if node_types(node) & {"website", "newsmediaorganization", "organization"}:
            name = inline_value(node.get("name"))
            if name:
                return name
    return None
