"""A click group whose commands are imported only when they run.

Why: `aoai --help` and shell completion must answer instantly, while the data-plane
commands pull in httpx, the generated models and sometimes azure-identity (about a
second together). The group lists its commands from a static table (name, module,
one-line help) and imports a command's module only when that command is chosen.
"""

from __future__ import annotations

import importlib
from typing import NamedTuple

import click


class LazyCommand(NamedTuple):
    """Where a command lives and the line `aoai --help` shows for it."""

    module: str
    attribute: str
    short_help: str


class LazyGroup(click.Group):
    """`click.Group` that resolves its commands from a table of `LazyCommand`s."""

    def __init__(self, *args: object, lazy_commands: dict[str, LazyCommand], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy_commands = lazy_commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = self.lazy_commands.get(cmd_name)
        if entry is None:
            return super().get_command(ctx, cmd_name)
        module = importlib.import_module(entry.module)
        command = getattr(module, entry.attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{entry.module}.{entry.attribute} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List commands from the table, so `--help` imports none of them."""
        rows = [(name, self.lazy_commands[name].short_help) for name in sorted(self.lazy_commands)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)
