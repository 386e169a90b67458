"""Feed items in DynamoDB: where the feed workers put what they polled, and where the index
publisher reads it back to build the SQLite FTS5 snapshot the API function searches.

Table (``FeedItemsTable`` in template.yaml): partition key ``url`` (S, the canonical URL);
``outlet_id``, ``outlet_name``, ``outlet_domain``, ``guid``, ``title``, ``summary``, ``language``,
``published`` (ISO 8601 UTC), ``seen_at``, ``first_seen_at``, ``digest``, ``feed_url`` (S: the
feed that wrote the text; of two feeds of one outlet listing a URL under two titles, it keeps
it) and ``expires_at``
(N, epoch seconds, the TTL attribute: published, or last seen when undated, plus the retention).

Write side (:meth:`DynamoItemStore.upsert_items`, called by the ingest runner in place of the
local index): a feed answered 200 lists mostly items already stored, and DynamoDB charges a
write unit per KB written but only half a read unit per 4 KB read. So the stored digests are read
first (one batch read per 100 items) and only new or changed items are written — plus undated
ones once a day, which keeps their TTL moving while the feed, or another feed of the outlet,
still lists them (as the local index keeps their ``seen_at``). The write is
conditional on the digest so that two workers polling the same feed (SQS delivers at least once)
count the change once. The outlet is identity and is set on insert only, as locally; another
outlet's feed listing a stored URL changes nothing, title included (read with the digests, and a
condition of the write), unless the URL is on that outlet's own catalogue domain
(``IndexItem.owns_url``): the owner takes the item from an aggregator that listed it first.

Read side (:meth:`DynamoItemStore.iter_recent`): a parallel scan of the unexpired items. A scan
reads the whole table; at 14 days of catalogue feeds that is tens of MB, well within a publisher
run, and the cost is worked out in docs/deploy.md.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from aws_lambda_powertools import Logger

from parallax.adapters.aws._items import AttributeMap, num, opt_str, string
from parallax.adapters.aws.clients import AWS_ERRORS, AwsClient, error_code
from parallax.domain.ingest_ports import IndexItem
from parallax.domain.timestamps import iso_utc, parse_iso_utc

__all__ = ["KEY_ATTRIBUTE", "TTL_ATTRIBUTE", "DynamoItemStore"]

logger = Logger(service="parallax", child=True)

KEY_ATTRIBUTE: Final = "url"
TTL_ATTRIBUTE: Final = "expires_at"
_BATCH_GET_MAX: Final = 100
_UNPROCESSED_ATTEMPTS: Final = 5
_MAX_KEY_BYTES: Final = 2048
"""DynamoDB's limit for a partition key value."""
_UNDATED_REFRESH_S: Final = 86_400.0
_PROJECTION: Final = (
    "#url, outlet_id, outlet_name, outlet_domain, guid, title, summary, #language, published, "
    "seen_at"
)
_NAMES: Final = {"#url": KEY_ATTRIBUTE, "#language": "language"}


def _epoch(iso: str | None) -> float | None:
    when = parse_iso_utc(iso)
    return when.timestamp() if when else None


def digest(item: IndexItem) -> str:
    """What makes an item "changed": its text, language and date (not the outlet, which is set
    once). Short: it is compared, never trusted for anything else."""
    data = [item.title, item.summary, item.language, item.published, item.guid]
    return hashlib.sha256(json.dumps(data).encode("utf-8")).hexdigest()[:20]


def _optional(value: str | None) -> dict[str, object]:
    return {"NULL": True} if value is None else string(value)


class DynamoItemStore:
    """The runner's :class:`~parallax.domain.ingest_ports.ItemSink` in the cloud (``ensure``/
    ``upsert_items``/``purge_older_than``), and the publisher's
    :class:`~parallax.domain.ingest_ports.ItemSource` (:meth:`iter_recent`)."""

    def __init__(
        self,
        client: AwsClient,
        table: str,
        *,
        retention_days: float,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._client = client
        self._table = table
        self._retention_s = retention_days * 86_400
        self._clock = clock
        self._sleep = sleep

    # -- the runner's side ---------------------------------------------------------------------

    def ensure(self) -> None:
        """Nothing to create: the table belongs to the stack."""

    def purge_older_than(self, days: float) -> int:
        """Nothing to do: items expire through the table's TTL (``expires_at``)."""
        return 0

    def upsert_items(self, items: Iterable[IndexItem]) -> tuple[int, int]:
        """Write new and changed items: ``(inserted, updated)``; unchanged ones cost a read."""
        unique: dict[str, IndexItem] = {}
        for item in items:
            if len(item.url.encode("utf-8")) > _MAX_KEY_BYTES:
                logger.info("item URL too long for a key; skipped", extra={"chars": len(item.url)})
                continue
            unique.setdefault(item.url, item)
        stored = self._stored(list(unique))
        now = self._clock()
        inserted = updated = 0
        for url, item in unique.items():
            known = stored.get(url)
            if known is not None and known[2] not in (None, item.outlet_id) and not item.owns_url:
                # Another outlet's item: its headline under the first outlet's name would be a
                # misattribution, and two feeds with two titles rewrote it twice a run.
                continue
            if (
                known is not None
                and known[2] == item.outlet_id
                and None not in (known[3], item.feed_url)
                and known[3] != item.feed_url
            ):
                # Another feed of the same outlet: the feed that wrote the text keeps it (both
                # writing flipped the title every run). The listing still keeps an undated item
                # alive, as in the local index: once a day, as its own feed does.
                if not known[4] and now - known[1] >= _UNDATED_REFRESH_S:
                    self._seen(item, now)
                continue
            item_digest = digest(item)
            if known is not None and known[0] == item_digest and known[2] in (None, item.outlet_id):
                fresh = item.published is not None or now - known[1] < _UNDATED_REFRESH_S
                if fresh:
                    continue
            change = self._write(item, item_digest, now)
            inserted += change == "inserted"
            updated += change == "updated"
        return inserted, updated

    def _stored(
        self, urls: list[str]
    ) -> dict[str, tuple[str, float, str | None, str | None, bool]]:
        """``url -> (digest, seen_at epoch, outlet id, feed URL, dated)`` of the stored items
        among ``urls``."""
        found: dict[str, tuple[str, float, str | None, str | None, bool]] = {}
        for start in range(0, len(urls), _BATCH_GET_MAX):
            keys: list[AttributeMap] = [
                {KEY_ATTRIBUTE: string(url)} for url in urls[start : start + _BATCH_GET_MAX]
            ]
            for attempt in range(_UNPROCESSED_ATTEMPTS):
                response = self._client.batch_get_item(
                    RequestItems={
                        self._table: {
                            "Keys": keys,
                            "ProjectionExpression": (
                                "#url, #digest, seen_at, outlet_id, feed_url, published"
                            ),
                            "ExpressionAttributeNames": {
                                "#url": KEY_ATTRIBUTE,
                                "#digest": "digest",
                            },
                        }
                    }
                )
                for item in response.get("Responses", {}).get(self._table, []):
                    url, known = opt_str(item, KEY_ATTRIBUTE), opt_str(item, "digest")
                    if url is not None and known is not None:
                        found[url] = (
                            known,
                            _epoch(opt_str(item, "seen_at")) or 0.0,
                            opt_str(item, "outlet_id"),
                            opt_str(item, "feed_url"),
                            opt_str(item, "published") is not None,
                        )
                keys = response.get("UnprocessedKeys", {}).get(self._table, {}).get("Keys", [])
                if not keys:
                    break
                self._sleep(0.05 * 2**attempt)
            # Keys still unread are treated as unknown and written: a few extra writes, no loss.
        return found

    def _seen(self, item: IndexItem, now: float) -> None:
        """Record that a stored undated item is still listed: ``seen_at`` and its TTL move on,
        nothing else. Conditional, against a concurrent worker: still the outlet's, still
        undated, and not refreshed today."""
        try:
            self._client.update_item(
                TableName=self._table,
                Key={KEY_ATTRIBUTE: string(item.url)},
                UpdateExpression="SET seen_at = :now, #expires_at = :expires_at",
                ConditionExpression=(
                    "outlet_id = :outlet_id AND seen_at < :refresh AND "
                    "(attribute_not_exists(published) OR attribute_type(published, :null))"
                ),
                ExpressionAttributeNames={"#expires_at": TTL_ATTRIBUTE},
                ExpressionAttributeValues={
                    ":outlet_id": string(item.outlet_id),
                    ":now": string(iso_utc(now)),
                    ":refresh": string(iso_utc(now - _UNDATED_REFRESH_S)),
                    ":expires_at": num(int(now + self._retention_s)),
                    ":null": string("NULL"),
                },
            )
        except AWS_ERRORS as exc:
            if error_code(exc) != "ConditionalCheckFailedException":
                raise

    def _write(self, item: IndexItem, item_digest: str, now: float) -> str | None:
        dated = _epoch(item.published)
        expires_at = int((dated if dated is not None else now) + self._retention_s)
        # DynamoDB refuses redundant parentheses: `changed` has none around it.
        changed = "#digest <> :digest OR seen_at < :refresh"
        feed = ""
        extra: dict[str, object] = {}
        if item.feed_url is not None:
            # Only the feed that wrote the text changes it (another feed of the outlet is
            # skipped before the write; this holds it against a concurrent worker).
            feed = "feed_url = :feed_url, "
            changed = f"(attribute_not_exists(feed_url) OR feed_url = :feed_url) AND ({changed})"
            extra[":feed_url"] = string(item.feed_url)
        if item.owns_url:
            # The URL is on this outlet's own domain: it takes the item from an outlet that
            # listed it first (an aggregator, a wire service). One outlet owns a host, so the
            # item never flips back.
            outlet = "outlet_id = :outlet_id, outlet_name = :outlet_name, "
            outlet += "outlet_domain = :outlet_domain, "
            condition = f"attribute_not_exists(#url) OR outlet_id <> :outlet_id OR ({changed})"
        else:
            outlet = "outlet_id = if_not_exists(outlet_id, :outlet_id), "
            outlet += "outlet_name = if_not_exists(outlet_name, :outlet_name), "
            outlet += "outlet_domain = if_not_exists(outlet_domain, :outlet_domain), "
            condition = f"attribute_not_exists(#url) OR (outlet_id = :outlet_id AND ({changed}))"
        try:
            response = self._client.update_item(
                TableName=self._table,
                Key={KEY_ATTRIBUTE: string(item.url)},
                UpdateExpression=(
                    "SET " + outlet + feed + "guid = :guid, "
                    "first_seen_at = if_not_exists(first_seen_at, :now), "
                    "title = :title, summary = :summary, #language = :language, "
                    "published = :published, #digest = :digest, seen_at = :now, "
                    "#expires_at = :expires_at"
                ),
                ConditionExpression=condition,
                ExpressionAttributeNames={
                    "#url": KEY_ATTRIBUTE,
                    "#language": "language",
                    "#digest": "digest",
                    "#expires_at": TTL_ATTRIBUTE,
                },
                ExpressionAttributeValues={
                    ":outlet_id": string(item.outlet_id),
                    ":outlet_name": _optional(item.outlet_name),
                    ":outlet_domain": _optional(item.outlet_domain),
                    ":guid": _optional(item.guid),
                    ":title": string(item.title),
                    ":summary": string(item.summary),
                    ":language": _optional(item.language),
                    ":published": _optional(item.published),
                    ":digest": string(item_digest),
                    ":now": string(iso_utc(now)),
                    ":refresh": string(iso_utc(now - _UNDATED_REFRESH_S)),
                    ":expires_at": num(expires_at),
                    **extra,
                },
                ReturnValues="UPDATED_OLD",
            )
        except AWS_ERRORS as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return None  # another worker wrote this very version a moment ago
            raise
        # UPDATED_OLD returns the previous values of the attributes set: none for a new item.
        return "updated" if response.get("Attributes") else "inserted"

    # -- the publisher's side ------------------------------------------------------------------

    def iter_recent(self, segments: int = 4) -> Iterator[list[IndexItem]]:
        """Pages of unexpired items, read by ``segments`` parallel scans. A failed scan raises
        (after the other segments stop): a publisher run either sees every item or publishes
        nothing."""
        pages: queue.Queue[list[IndexItem] | BaseException | None] = queue.Queue(maxsize=8)
        stop = threading.Event()
        now = str(int(self._clock()))

        def scan(segment: int) -> None:
            kwargs: dict[str, object] = {
                "TableName": self._table,
                "Segment": segment,
                "TotalSegments": segments,
                "ProjectionExpression": _PROJECTION,
                "FilterExpression": "#expires_at > :now",
                "ExpressionAttributeNames": {**_NAMES, "#expires_at": TTL_ATTRIBUTE},
                "ExpressionAttributeValues": {":now": {"N": now}},
            }
            try:
                while not stop.is_set():
                    page = self._client.scan(**kwargs)
                    items = [_index_item(raw) for raw in page.get("Items", [])]
                    pages.put([item for item in items if item is not None])
                    if "LastEvaluatedKey" not in page:
                        break
                    kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
            except BaseException as exc:  # handed to the consumer, which re-raises it
                pages.put(exc)
            finally:
                pages.put(None)

        threads = [
            threading.Thread(target=scan, args=(n,), name=f"parallax-scan-{n}", daemon=True)
            for n in range(segments)
        ]
        for thread in threads:
            thread.start()
        running = segments
        try:
            while running:
                page = pages.get()
                if page is None:
                    running -= 1
                elif isinstance(page, BaseException):
                    raise page
                elif page:
                    yield page
        finally:
            stop.set()
            # Drain so that no scanning thread stays blocked on a full queue.
            while any(thread.is_alive() for thread in threads):
                with contextlib.suppress(queue.Empty):
                    pages.get(timeout=0.1)


def _index_item(raw: AttributeMap) -> IndexItem | None:
    url, outlet_id, title = (opt_str(raw, k) for k in (KEY_ATTRIBUTE, "outlet_id", "title"))
    if not url or not outlet_id or not title:
        return None
    return IndexItem(
        url=url,
        outlet_id=outlet_id,
        title=title,
        summary=opt_str(raw, "summary") or "",
        guid=opt_str(raw, "guid"),
        language=opt_str(raw, "language"),
        published=opt_str(raw, "published"),
        outlet_name=opt_str(raw, "outlet_name"),
        outlet_domain=opt_str(raw, "outlet_domain"),
        # The snapshot dates an undated item by it (not by when it is built): see IndexItem.
        seen_at=_iso_or_none(opt_str(raw, "seen_at")),
    )


def _iso_or_none(value: str | None) -> str | None:
    """``value`` as the index writes dates (``YYYY-MM-DDTHH:MM:SSZ``), None when unreadable."""
    when = parse_iso_utc(value)
    return iso_utc(when) if when is not None else None
