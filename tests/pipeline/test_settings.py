from pathlib import Path

import pytest

from guji.pipeline.errors import UsageError
from guji.pipeline.settings import Settings, describe, load_settings


def test_defaults_are_the_embedded_ones(tmp_path: Path) -> None:
    s = load_settings({}, environ={}, config_file=tmp_path / "none.toml")
    assert s.store == "./archive"
    assert s.db_url == f"sqlite:///{(Path('archive') / 'catalogue.db').resolve()}"


def test_precedence_file_env_flags(tmp_path: Path) -> None:
    config = tmp_path / "guji.toml"
    config.write_text('[guji]\nworkers = 3\nstore = "/from/file"\nocr = false\n')
    env = {"GUJI_WORKERS": "5", "GUJI_BASE_URL": "https://iiif.example.org"}
    s = load_settings({"store": "s3://b/p", "workers": None}, environ=env, config_file=config)
    assert (s.store, s.workers, s.ocr, s.base_url) == ("s3://b/p", 5, False,
                                                        "https://iiif.example.org")
    assert s.db_url.startswith("sqlite:///") and s.db_url.endswith("catalogue.db")


@pytest.mark.parametrize(("env", "message"), [
    ({"GUJI_WORKERS": "many"}, "not a whole number"),
    ({"GUJI_OCR": "perhaps"}, "not a yes/no value"),
    ({"GUJI_SPLIT": "sometimes"}, "not auto, always or never"),
    ({"GUJI_WORKERS": "-1"}, "0 \\(one per core\\) or more"),
    ({"GUJI_VOLUMES": "0"}, "volumes: must be at least 1"),
])
def test_bad_values_are_usage_errors(tmp_path: Path, env: dict[str, str], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        load_settings({}, environ=env, config_file=tmp_path / "none.toml")


def test_unknown_setting_in_file(tmp_path: Path) -> None:
    config = tmp_path / "guji.toml"
    config.write_text("colour = 'red'\n")
    with pytest.raises(UsageError, match="unknown settings"):
        load_settings({}, environ={}, config_file=config)


def test_every_setting_is_described() -> None:
    names = {name for name, help, _ in describe() if len(help) > 10}
    assert names == set(Settings.__dataclass_fields__)


def test_limits_and_access_default_closed(tmp_path: Path) -> None:
    s = load_settings({}, environ={}, config_file=tmp_path / "none.toml")
    assert (s.max_page_pixels, s.max_file_bytes, s.default_access) == (
        300_000_000, 4_000_000_000, "reading-room")
    s = load_settings({}, environ={"GUJI_MAX_PAGE_PIXELS": "1000",
                                   "GUJI_DEFAULT_ACCESS": "public"},
                      config_file=tmp_path / "none.toml")
    assert (s.max_page_pixels, s.default_access) == (1000, "public")


@pytest.mark.parametrize(("env", "message"), [
    ({"GUJI_DEFAULT_ACCESS": "open"}, "default_access: 'open' is not one of"),
    ({"GUJI_MAX_PAGE_PIXELS": "0"}, "max_page_pixels: must be at least 1"),
    ({"GUJI_MAX_FILE_BYTES": "-5"}, "max_file_bytes: must be at least 1"),
    ({"GUJI_STORE": "ftp://host/archive"}, "ftp:// stores are not supported"),
    ({"GUJI_STORE": "s3://"}, "names no bucket"),
    ({"GUJI_DB": "postgres//u:secret-pw@host/db"}, "setting db is not a database URL"),
    ({"GUJI_DB": "nosuch://u:secret-pw@host/db"}, "no database dialect 'nosuch'"),
    ({"GUJI_DB": "mysql://u:secret-pw@host/db"}, "the driver for mysql is not installed"),
])
def test_bad_locations_are_usage_errors(tmp_path: Path, env: dict[str, str],
                                        message: str) -> None:
    with pytest.raises(UsageError) as refused:
        load_settings({}, environ=env, config_file=tmp_path / "none.toml")
    assert message in str(refused.value) and "secret-pw" not in str(refused.value)


def test_good_locations_pass(tmp_path: Path) -> None:
    for store in ("./archive", "file:///srv/archive", "s3://bucket", "s3://bucket/a/b"):
        assert load_settings({"store": store}, environ={}, config_file=tmp_path / "x").store \
            == store
    db = "postgresql+psycopg://guji:pw@db.example.org/guji"
    assert load_settings({"db": db}, environ={}, config_file=tmp_path / "x").db == db


def test_workers_zero_is_one_per_core_and_one_more_without_ocr(tmp_path: Path) -> None:
    import os

    cores = len(os.sched_getaffinity(0))
    auto = load_settings({}, environ={}, config_file=tmp_path / "none.toml")
    assert auto.workers == 0
    assert auto.page_workers == cores  # with OCR: the recognizer's memory
    assert auto.replace(ocr=False).page_workers == cores + 1
    assert auto.replace(workers=3, ocr=False).page_workers == 3  # given: as given
