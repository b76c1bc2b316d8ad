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
    ({"GUJI_WORKERS": "0"}, "at least 1"),
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
