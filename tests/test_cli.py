"""`guji --help` lists every command without importing the heavy libraries behind them."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import click

import guji.commands
from guji.cli import COMMANDS, cli

# What the command modules pull in; none is needed to print the list of commands.
HEAVY = {"pyvips", "prefect", "sqlalchemy", "iiif_prezi3", "numpy", "onnxruntime", "scipy",
         "torch", "lxml"}

_PROBE = """
import contextlib, io, json, sys
from guji.cli import cli
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        cli.main(sys.argv[1:], prog_name="guji")
    except SystemExit:
        pass
print(json.dumps({"help": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _probe(*args: str) -> tuple[str, set[str]]:
    """Run the CLI with ARGS in a fresh interpreter: its output and the modules it imported."""
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True,
                          text=True, check=True, timeout=120)
    result = json.loads(done.stdout.splitlines()[-1])
    return result["help"], set(result["modules"])


def _listed_commands(help_text: str) -> dict[str, str]:
    section = help_text.split("Commands:\n", 1)[1]
    rows = [line.split(None, 1) for line in section.splitlines() if line.startswith("  ")]
    return {row[0]: row[1] for row in rows}


def test_help_lists_every_command_without_importing_heavy_libraries() -> None:
    help_text, modules = _probe("--help")
    listed = _listed_commands(help_text)
    assert set(listed) == set(cli.commands) == set(COMMANDS)
    for name, shown in listed.items():
        # click shortens a summary with "..." to fit the width; what is shown is its start.
        assert COMMANDS[name].summary.startswith(shown.removesuffix("...")), (name, shown)
    loaded_heavy = {m for m in modules if m.split(".")[0] in HEAVY}
    assert not loaded_heavy
    assert not {m for m in modules if m.startswith("guji.commands.")} - {"guji.commands.lazy"}


def test_a_command_imports_its_own_module_only() -> None:
    help_text, modules = _probe("withdraw", "--help")
    assert "Usage: guji withdraw [OPTIONS] VOLUME" in help_text
    assert "--reason" in help_text
    assert "guji.commands.withdraw" in modules
    assert "guji.commands.ingest" not in modules
    assert "guji.commands.serve" not in modules


def test_each_summary_is_the_first_sentence_of_its_command_help() -> None:
    for name, spec in COMMANDS.items():
        command = cli.commands[name]
        assert command.name == name
        assert spec.summary == command.get_short_help_str(limit=10_000), name


def test_every_command_the_modules_define_is_registered() -> None:
    defined: dict[str, click.Command] = {}
    for module_info in pkgutil.iter_modules(guji.commands.__path__):
        module = importlib.import_module(f"guji.commands.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, click.Command) and value.callback is not None \
                    and value.callback.__module__ == module.__name__:
                assert value.name is not None
                defined[value.name] = value
    assert set(defined) == set(COMMANDS)
    for name, command in defined.items():
        assert cli.commands[name] is command


def test_the_deployment_guide_gives_only_flags_the_commands_have() -> None:
    guide = (Path(__file__).resolve().parents[1] / "docs" / "deployment.md").read_text(
        encoding="utf-8")
    # Commands in code blocks (a backslash goes on to the next line) and in `inline code`.
    blocks = re.findall(r"^```sh\n(.*?)^```", guide, flags=re.M | re.S)
    code = [*re.sub(r"\\\n\s*", " ", "".join(blocks)).splitlines(),
            *re.findall(r"`(guji [^`]*)`", guide)]
    uses = [m.groups() for m in (re.match(r"\s*guji ([a-z-]+)(.*)", c) for c in code) if m]
    assert "ingest" in {name for name, _ in uses}
    for name, rest in uses:
        assert name in cli.commands, f"docs/deployment.md: no command guji {name}"
        options = {opt for p in cli.commands[name].params for opt in p.opts}
        for flag in re.findall(r"(?<![\w-])--[a-z][a-z-]*", rest):
            assert flag in options, f"docs/deployment.md: guji {name} has no {flag}"
