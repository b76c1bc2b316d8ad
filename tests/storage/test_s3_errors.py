"""S3 failures reach the user as StorageErrors that say what went wrong and what to do."""

from __future__ import annotations

import hashlib

import pytest

from guji.pipeline.errors import StorageError, UsageError
from guji.pipeline.storage.s3 import S3Store
from tests.servers import S3Server, free_ports

pytestmark = pytest.mark.s3


def test_metadata_records_sha256_but_fixity_reads_bytes(s3_env: S3Server) -> None:
    bucket = s3_env.make_bucket()
    store = S3Store.from_uri(f"s3://{bucket}")
    stored = store.put_bytes("vol1/a.txt", b"original")
    head = s3_env.client().head_object(Bucket=bucket, Key="vol1/a.txt")
    assert head["Metadata"]["sha256"] == stored.sha256
    assert head["ContentType"].startswith("text/plain")
    # Replace the bytes behind the store's back, keeping the old digest in the metadata:
    # a fixity check must notice.
    s3_env.client().put_object(Bucket=bucket, Key="vol1/a.txt", Body=b"tampered",
                               Metadata={"sha256": stored.sha256})
    assert store.sha256("vol1/a.txt") == hashlib.sha256(b"tampered").hexdigest()


def test_wrong_credentials(s3_env: S3Server, monkeypatch: pytest.MonkeyPatch) -> None:
    bucket = s3_env.make_bucket()
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    store = S3Store.from_uri(f"s3://{bucket}/archive")
    with pytest.raises(StorageError, match="refused") as info:
        store.put_bytes("vol1/a.json", b"{}")
    assert "AWS_SECRET_ACCESS_KEY" in str(info.value)
    assert info.value.exit_code == 3


def test_unknown_access_key(s3_env: S3Server, monkeypatch: pytest.MonkeyPatch) -> None:
    bucket = s3_env.make_bucket()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "NOSUCHKEY")
    with pytest.raises(StorageError, match="AWS_ACCESS_KEY_ID"):
        S3Store.from_uri(f"s3://{bucket}").exists("vol1/a.json")


def test_missing_bucket(s3_env: S3Server) -> None:
    store = S3Store.from_uri("s3://guji-no-such-bucket/archive")
    for call in (lambda: store.exists("a.json"), lambda: store.put_bytes("a.json", b"{}"),
                 lambda: list(store.list())):
        with pytest.raises(StorageError, match="bucket 'guji-no-such-bucket' does not exist") as info:
            call()
        assert "s3 mb s3://guji-no-such-bucket" in str(info.value)


def test_ensure_bucket_creates_it_once(s3_env: S3Server) -> None:
    name = f"guji-ensure-{s3_env.make_bucket()[-6:]}"
    store = S3Store.from_uri(f"s3://{name}")
    store.ensure_bucket()
    store.ensure_bucket()  # already there: no error
    store.put_bytes("k.txt", b"x")
    assert S3Store.from_uri(f"s3://{name}").get_bytes("k.txt") == b"x"


def test_server_down(s3_env: S3Server, monkeypatch: pytest.MonkeyPatch) -> None:
    (port,) = free_ports(1)  # nothing listens there
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")  # fail at once instead of backing off
    store = S3Store.from_uri("s3://any-bucket")
    with pytest.raises(StorageError, match=f"cannot reach S3 at http://127.0.0.1:{port}") as info:
        store.get_bytes("vol1/a.json")
    assert "AWS_ENDPOINT_URL" in str(info.value)


def test_no_credentials(s3_env: S3Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(StorageError, match="no S3 credentials"):
        S3Store.from_uri(f"s3://{s3_env.make_bucket()}").exists("a.json")


@pytest.mark.parametrize("uri", ["s3://", "s3:///prefix", "http://bucket/x"])
def test_bad_uri(uri: str) -> None:
    with pytest.raises(UsageError):
        S3Store.from_uri(uri)
