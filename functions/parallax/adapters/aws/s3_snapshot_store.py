"""The feed index snapshot in S3: one object (``index_key``) in the index bucket.

S3 reads are strongly consistent, so after a publish the next HEAD sees the new ETag. The bucket
is versioned: a bad snapshot is rolled back by restoring the previous version (docs/deploy.md).
:class:`S3SnapshotStore` is both the publisher's
:class:`~parallax.domain.ingest_ports.SnapshotTarget` and the API provider's
:class:`~parallax.domain.ingest_ports.SnapshotSource`.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Final

from parallax.adapters.aws.clients import AWS_ERRORS, AwsClient, error_code
from parallax.domain.ingest_ports import SnapshotChanged, SnapshotInfo

__all__ = ["CONTENT_TYPE", "S3SnapshotStore"]

_CHUNK: Final = 1 << 20
CONTENT_TYPE: Final = "application/vnd.sqlite3"


class S3SnapshotStore:
    def __init__(self, client: AwsClient, bucket: str, key: str) -> None:
        self._client = client
        self._bucket = bucket
        self._key = key

    @property
    def location(self) -> str:
        return f"s3://{self._bucket}/{self._key}"

    def head(self) -> SnapshotInfo | None:
        try:
            response = self._client.head_object(Bucket=self._bucket, Key=self._key)
        except AWS_ERRORS as exc:
            if error_code(exc) in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        return SnapshotInfo(
            etag=str(response["ETag"]),
            size=int(response.get("ContentLength", 0)),
            metadata=dict(response.get("Metadata") or {}),
        )

    def download(self, destination: Path, etag: str) -> None:
        try:
            # IfMatch: a snapshot replaced between HEAD and GET is refused, not half-mixed.
            response = self._client.get_object(Bucket=self._bucket, Key=self._key, IfMatch=etag)
        except AWS_ERRORS as exc:
            if error_code(exc) in {"412", "PreconditionFailed", "404", "NoSuchKey"}:
                raise SnapshotChanged(self.location) from None
            raise
        body = response["Body"]
        try:
            with destination.open("wb") as handle:
                shutil.copyfileobj(body, handle, _CHUNK)
        finally:
            body.close()

    def upload(self, source: Path, metadata: Mapping[str, str]) -> str:
        """Store ``source`` as the current snapshot; returns its ETag."""
        with source.open("rb") as handle:
            response = self._client.put_object(
                Bucket=self._bucket,
                Key=self._key,
                Body=handle,
                ContentType=CONTENT_TYPE,
                Metadata=dict(metadata),
            )
        return str(response["ETag"])
