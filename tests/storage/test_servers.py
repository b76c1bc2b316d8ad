"""The server fixtures themselves: real, reachable, and locked down as promised."""

from __future__ import annotations

import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError
from sqlalchemy import create_engine, text

from tests.servers import S3Server


@pytest.mark.postgres
def test_postgres_server_answers(postgres_server: str) -> None:
    assert postgres_server.startswith("postgresql+psycopg://")
    engine = create_engine(postgres_server)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar_one() == 1
            assert conn.execute(text("SHOW server_encoding")).scalar_one() == "UTF8"
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_postgres_url_is_a_fresh_database(postgres_url: str, postgres_server: str) -> None:
    assert postgres_url != postgres_server
    engine = create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            tables = conn.execute(text(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            )).scalar_one()
            assert tables == 0
            conn.execute(text("CREATE TABLE volume (id text PRIMARY KEY, title text)"))
            conn.execute(text("INSERT INTO volume VALUES ('v1', '萍乡县志')"))
            assert conn.execute(text("SELECT title FROM volume")).scalar_one() == "萍乡县志"
    finally:
        engine.dispose()


@pytest.mark.s3
def test_s3_server_requires_signed_requests(s3_server: S3Server) -> None:
    bucket = s3_server.make_bucket()
    anonymous = s3_server.client(config=Config(signature_version=UNSIGNED,
                                               s3={"addressing_style": "path"}))
    with pytest.raises(ClientError) as info:
        anonymous.put_object(Bucket=bucket, Key="k", Body=b"x")
    assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
