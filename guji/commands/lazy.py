"""A click group that imports a command's module only when that command is used.

The command modules import pyvips, Prefect, SQLAlchemy, iiif-prezi3 and onnxruntime, which
take seconds to load; `guji --help` and a typo need none of them. The group knows each
command's name, module and one-line summary, so its own help lists every command without
importing one; `guji NAME ...` and `guji NAME --help` import NAME's module alone.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

import click


@dataclass(frozen=True)
class CommandSpec:
    """Where a command lives (`module:attribute`) and the first sentence of its help."""

    target: str
    summary: str

    def load(self) -> click.Command:
        module_name, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


class LazyCommands(MutableMapping[str, click.Command]):
    """Commands by name, each imported the first time it is looked up."""

    def __init__(self, specs: Mapping[str, CommandSpec]) -> None:
        self.specs = dict(specs)
        self._loaded: dict[str, click.Command] = {}

    def is_loaded(self, name: str) -> bool:
        return name in self._loaded

    def __contains__(self, name: object) -> bool:
        return name in self.specs or name in self._loaded  # without importing it

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            self._loaded[name] = self.specs[name].load()  # KeyError: no such command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self:
            raise KeyError(name)
        self.specs.pop(name, None)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self.specs
        yield from (name for name in self._loaded if name not in self.specs)

    def __len__(self) -> int:
        return len(self.specs.keys() | self._loaded.keys())


class LazyGroup(click.Group):
    """A group whose help lists its commands from their specs, importing none of them."""

    commands: LazyCommands

    def __init__(self, name: str | None = None, *, specs: Mapping[str, CommandSpec],
                 **kwargs: Any) -> None:
        super().__init__(name, commands=LazyCommands(specs), **kwargs)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if self.commands.is_loaded(name):
                command = self.commands[name]
            else:
                # A stand-in with the summary as its help: click shortens it as it would the
                # real command's help, so the listing reads the same either way.
                command = click.Command(name, help=self.commands.specs[name].summary)
            if not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
