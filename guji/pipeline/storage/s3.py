"""A store in an S3-compatible bucket (AWS S3, SeaweedFS, MinIO, Ceph RGW).

An S3 PUT, single or multipart, is atomic per object: readers see the old object, or none,
until the upload completes, so no temporary key is needed. Endpoint, credentials and region
come from the standard AWS settings (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL,
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION, AWS_PROFILE, ~/.aws/*):
boto3 resolves them, guji never reads them itself.

Every botocore error is translated here into a StorageError naming the bucket and key.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
from boto3.s3.transfer import TransferConfig, create_transfer_manager
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
)

from guji.pipeline.errors import StorageError, UsageError
from guji.pipeline.storage.base import (
    CHUNK,
    StoredObject,
    check_key,
    content_type_for,
    sha256_file,
)

# Objects above this size go up in parts: one failed part is retried alone, and a page
# master of a few hundred MB never has to travel in a single request.
MULTIPART_THRESHOLD = 16 << 20
TRANSFER = TransferConfig(
    multipart_threshold=MULTIPART_THRESHOLD, multipart_chunksize=MULTIPART_THRESHOLD,
    max_concurrency=4,
)
# S3 DeleteObjects takes at most 1000 keys per request.
DELETE_BATCH = 1000
SHA256_META = "sha256"  # sent as x-amz-meta-sha256

_MISSING = {"404", "NoSuchKey", "NotFound"}
_NO_BUCKET = {"NoSuchBucket"}
_DENIED = {
    "403", "AccessDenied", "Forbidden", "InvalidAccessKeyId", "SignatureDoesNotMatch",
    "InvalidToken", "ExpiredToken", "AuthorizationHeaderMalformed",
}
_CREDENTIALS_HINT = (
    "check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) and that this "
    "identity may read and write the bucket"
)
_ENDPOINT_HINT = (
    "check AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL and that the S3 server is running and reachable"
)


def parse_uri(uri: str) -> tuple[str, str]:
    """(bucket, prefix) of an s3://bucket/prefix URI."""
    if not uri.startswith("s3://"):
        raise UsageError(f"not an S3 store URI: {uri!r}", hint="write it as s3://bucket/prefix")
    bucket, _, prefix = uri[len("s3://"):].partition("/")
    if not bucket:
        raise UsageError(f"S3 store URI {uri!r} names no bucket",
                         hint="write it as s3://bucket/prefix")
    return bucket, prefix.strip("/")


class S3Store:
    def __init__(self, bucket: str, prefix: str = "", *, client: Any = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        if self.prefix:
            check_key(self.prefix)
        self.uri = f"s3://{bucket}/{self.prefix}" if self.prefix else f"s3://{bucket}"
        self._client = client if client is not None else self._default_client()
        self._bucket_checked = False

    @classmethod
    def from_uri(cls, uri: str) -> S3Store:
        bucket, prefix = parse_uri(uri)
        return cls(bucket, prefix)

    @staticmethod
    def _default_client() -> Any:
        # Path-style addressing (http://host/bucket/key) works with every S3-compatible server
        # without wildcard DNS; AWS still serves it. Everything else is left for boto3 to resolve.
        try:
            return boto3.session.Session().client(
                "s3", config=Config(s3={"addressing_style": "path"})
            )
        except BotoCoreError as e:
            raise StorageError(f"cannot set up the S3 client: {e}",
                               hint="check AWS_PROFILE, AWS_DEFAULT_REGION and ~/.aws/config") from e

    @property
    def endpoint(self) -> str:
        return str(self._client.meta.endpoint_url)

    def _full(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _relative(self, full: str) -> str:
        return full[len(self.prefix) + 1:] if self.prefix else full

    @contextmanager
    def _translate(self, action: str, key: str | None = None) -> Iterator[None]:
        """Turn botocore's errors into StorageErrors that say what to do next."""
        where = f"{self.uri}/{key}" if key else self.uri
        try:
            yield
        except ClientError as e:
            error = e.response.get("Error", {})
            code = str(error.get("Code", ""))
            if code in _NO_BUCKET:
                raise self._no_bucket() from e
            if code in _MISSING and key is not None:
                raise StorageError(f"{key} is not in the archive at {self.uri}") from e
            if code in _DENIED:
                raise StorageError(f"S3 at {self.endpoint} refused to {action} {where} ({code})",
                                   hint=_CREDENTIALS_HINT) from e
            raise StorageError(
                f"S3 at {self.endpoint} failed to {action} {where}: "
                f"{code} {error.get('Message', '')}".rstrip(),
                hint="retry; if it persists, check the S3 server's logs",
            ) from e
        except (NoCredentialsError, PartialCredentialsError) as e:
            raise StorageError(f"no S3 credentials to {action} {where}",
                               hint=_CREDENTIALS_HINT) from e
        except (ConnectionError, HTTPClientError) as e:
            raise StorageError(f"cannot reach S3 at {self.endpoint} to {action} {where}: {e}",
                               hint=_ENDPOINT_HINT) from e
        except BotoCoreError as e:
            raise StorageError(f"S3 failed to {action} {where}: {e}") from e

    def _no_bucket(self) -> StorageError:
        return StorageError(
            f"bucket {self.bucket!r} does not exist at {self.endpoint}",
            hint=f"create it first (e.g. `aws s3 mb s3://{self.bucket}`) or fix the store URI",
        )

    def _ready(self) -> None:
        """Check once that the bucket exists and is ours, so later 404s mean missing keys."""
        if self._bucket_checked:
            return
        try:
            with self._translate("open"):
                self._client.head_bucket(Bucket=self.bucket)
        except StorageError as e:
            # HEAD responses have no body, so a missing bucket shows only as a bare 404.
            cause = e.__cause__
            if isinstance(cause, ClientError) and cause.response.get("Error", {}).get("Code") in _MISSING:
                raise self._no_bucket() from cause
            raise
        self._bucket_checked = True

    def ensure_bucket(self) -> None:
        """Create the bucket if it does not exist yet."""
        with self._translate("create the bucket"):
            try:
                self._client.head_bucket(Bucket=self.bucket)
            except ClientError as e:
                if str(e.response.get("Error", {}).get("Code")) not in _MISSING | _NO_BUCKET:
                    raise
                try:
                    self._client.create_bucket(Bucket=self.bucket)
                except ClientError as race:
                    if race.response.get("Error", {}).get("Code") != "BucketAlreadyOwnedByYou":
                        raise
        self._bucket_checked = True

    def put_file(self, key: str, path: Path) -> StoredObject:
        full = self._full(key)
        self._ready()
        try:
            # Hashed before the upload so the digest travels with the object in one request.
            digest, size = sha256_file(Path(path)), Path(path).stat().st_size
        except OSError as e:
            raise StorageError(f"cannot read {path} to store it as {key}: {e.strerror or e}") from e
        extra = {"Metadata": {SHA256_META: digest}, "ContentType": content_type_for(key)}
        # The transfer manager, unlike client.upload_file, re-raises the ClientError itself,
        # so the translation below still sees the S3 error code.
        with self._translate("write", key), create_transfer_manager(self._client, TRANSFER) as tm:
            tm.upload(str(path), self.bucket, full, extra_args=extra).result()
        return StoredObject(key, size, digest)

    def put_files(self, files: list[tuple[str, Path | bytes]]) -> list[StoredObject]:
        # Each upload is atomic and visible once whole, so order is all there is to keep.
        return [self.put_file(key, content) if isinstance(content, Path)
                else self.put_bytes(key, content) for key, content in files]

    def put_bytes(self, key: str, data: bytes) -> StoredObject:
        full = self._full(key)
        self._ready()
        digest = hashlib.sha256(data).hexdigest()
        with self._translate("write", key):
            self._client.put_object(
                Bucket=self.bucket, Key=full, Body=data,
                Metadata={SHA256_META: digest}, ContentType=content_type_for(key),
            )
        return StoredObject(key, len(data), digest)

    def get_bytes(self, key: str) -> bytes:
        full = self._full(key)
        self._ready()
        with self._translate("read", key):
            body: bytes = self._client.get_object(Bucket=self.bucket, Key=full)["Body"].read()
        return body

    def get_file(self, key: str, dest: Path) -> Path:
        full = self._full(key)
        self._ready()
        dest = Path(dest)
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            # Download beside dest and rename, so dest never holds a partial object.
            fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=".tmp-", suffix=dest.suffix)
        except OSError as e:
            raise StorageError(f"cannot write {dest}: {e.strerror or e}") from e
        try:
            with open(fd, "wb") as out, self._translate("read", key):
                self._client.download_fileobj(self.bucket, full, out, Config=TRANSFER)
            Path(tmp).replace(dest)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return dest

    def _head(self, key: str) -> dict[str, Any] | None:
        full = self._full(key)
        self._ready()
        try:
            with self._translate("look up", key):
                head: dict[str, Any] = self._client.head_object(Bucket=self.bucket, Key=full)
        except StorageError as e:
            if isinstance(e.__cause__, ClientError) and str(
                e.__cause__.response.get("Error", {}).get("Code")
            ) in _MISSING:
                return None
            raise
        return head

    def exists(self, key: str) -> bool:
        return self._head(key) is not None

    def size(self, key: str) -> int | None:
        head = self._head(key)
        return None if head is None else int(head["ContentLength"])

    def sha256(self, key: str) -> str:
        full = self._full(key)
        self._ready()
        digest = hashlib.sha256()
        # The bytes are read back and hashed: the x-amz-meta-sha256 stored on write is what
        # we meant to store, not proof of what the server still holds.
        with self._translate("read", key):
            body = self._client.get_object(Bucket=self.bucket, Key=full)["Body"]
            for chunk in body.iter_chunks(CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def _list_full(self, full_prefix: str) -> Iterator[str]:
        paginator = self._client.get_paginator("list_objects_v2")
        shown = self._relative(full_prefix.rstrip("/")) if full_prefix else ""
        with self._translate("list", shown or None):
            for page in paginator.paginate(Bucket=self.bucket, Prefix=full_prefix):
                for item in page.get("Contents", []):
                    yield item["Key"]

    def list(self, prefix: str = "") -> Iterator[str]:
        self._ready()
        prefix = prefix.rstrip("/")
        if not prefix:
            root = f"{self.prefix}/" if self.prefix else ""
            yield from (self._relative(k) for k in self._list_full(root))
            return
        # As in a folder, a prefix names a whole path segment: "vol1" holds "vol1" and
        # "vol1/…" but not "vol10/…". S3 lists keys in UTF-8 byte order, the order of
        # sorted() on str, and "vol1" sorts before every "vol1/…".
        if self.exists(prefix):
            yield prefix
        yield from (self._relative(k) for k in self._list_full(self._full(prefix) + "/"))

    def delete_prefix(self, prefix: str) -> int:
        count = 0
        batch: list[str] = []
        for key in list(self.list(prefix)):
            batch.append(self._full(key))
            if len(batch) == DELETE_BATCH:
                count += self._delete(batch)
                batch = []
        if batch:
            count += self._delete(batch)
        return count

    def _delete(self, full_keys: Sequence[str]) -> int:
        with self._translate("delete under", self._relative(full_keys[0])):
            response = self._client.delete_objects(
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": k} for k in full_keys], "Quiet": True},
            )
        errors = response.get("Errors", [])
        if errors:
            first = errors[0]
            raise StorageError(
                f"S3 at {self.endpoint} did not delete {len(errors)} of {len(full_keys)} "
                f"objects, e.g. {first.get('Key')}: {first.get('Code')} {first.get('Message', '')}",
                hint=_CREDENTIALS_HINT,
            )
        return len(full_keys)

    def local_path(self, key: str) -> Path | None:
        return None

    def remove_temporaries(self, prefix: str, *, older_than_s: float = 0.0) -> int:
        """Abort multipart uploads a killed writer left under prefix; returns how many.

        They are invisible to readers but hold their parts' bytes until aborted."""
        self._ready()
        full = self._full(prefix) + "/" if prefix else (f"{self.prefix}/" if self.prefix else "")
        cutoff = datetime.now(UTC) - timedelta(seconds=older_than_s)
        count = 0
        with self._translate("clean up uploads under", prefix or None):
            paginator = self._client.get_paginator("list_multipart_uploads")
            # At the root, only its own uploads: other volumes' writers may be running.
            scope = {"Delimiter": "/"} if not prefix else {}
            for page in paginator.paginate(Bucket=self.bucket, Prefix=full, **scope):
                for upload in page.get("Uploads", []):
                    if upload.get("Initiated", cutoff) > cutoff:
                        continue
                    self._client.abort_multipart_upload(
                        Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"])
                    count += 1
        return count
