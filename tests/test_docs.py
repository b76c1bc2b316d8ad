"""The README is a contract: its commands and settings must match the CLI."""

import re
from pathlib import Path

from click.testing import CliRunner

from guji.cli import cli
from guji.pipeline.settings import Settings

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented_and_every_documented_command_exists() -> None:
    documented = set(re.findall(r"`guji ([a-z][a-z-]+)", README))
    assert documented == set(cli.commands)


def test_documented_options_exist() -> None:
    for command, flags in re.findall(r"\| `guji ([a-z-]+) ([^`]*)`", README):
        params = {opt for p in cli.commands[command].params for opt in p.opts}
        for flag in re.findall(r"--[a-z-]+", flags):
            assert flag in params, f"README documents {command} {flag}, the CLI lacks it"


def test_every_setting_is_in_the_settings_table() -> None:
    table = set(re.findall(r"^\| `([a-z_]+)` \|", README, flags=re.M))
    assert table == set(Settings.__dataclass_fields__)


def test_every_command_has_help() -> None:
    runner = CliRunner()
    for name in cli.commands:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage:" in result.output


def test_run_script_commands_are_documented() -> None:
    assert "./run.sh demo" in README and "./run.sh test" in README
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "./run.sh test" in ci
