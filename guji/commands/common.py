"""Options and helpers every command shares: settings flags and the console."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from guji.pipeline.settings import Settings, describe, load_settings

F = TypeVar("F", bound=Callable[..., Any])
console = Console(stderr=True)  # stdout stays clean for data (--json, --format text)
_HELP = {name: help for name, help, _default in describe()}


def store_options(func: F) -> F:
    """--store, --db and --config, the options that say which archive a command reads."""
    func = click.option("--config", "config", type=click.Path(dir_okay=False, path_type=Path),
                        help="TOML settings file (default: ./guji.toml if present).")(func)
    func = click.option("--db", default=None, metavar="URL", help=_HELP["db"])(func)
    func = click.option("--store", default=None, metavar="URI", help=_HELP["store"])(func)
    return func


def build_settings(config: Path | None = None, **flags: Any) -> Settings:
    return load_settings(flags, config_file=config)


def setting_help(name: str) -> str:
    return _HELP[name]
