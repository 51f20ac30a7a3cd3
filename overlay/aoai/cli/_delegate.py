"""Hand a command line over to another project tool's click command, unchanged.

`aoai diff` and `aoai emulator` are the generator's and the emulator's own commands
under one roof. Passing the raw arguments through (instead of redeclaring the flags)
keeps the two in step by construction: a flag added to `aoai-codegen diff` works in
`aoai diff` the day it lands, and `aoai diff --help` is that command's own help.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from aoai.cli._report import fail

#: Settings for a pass-through command: every argument, even `--help`, goes to the target.
PASSTHROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


def load(module: str, attribute: str, *, what: str, extra: str) -> object:
    """Import `module.attribute`, or fail in one line naming the extra that provides it."""
    try:
        return getattr(importlib.import_module(module), attribute)
    except ImportError as exc:
        fail(f"{what} needs the '{extra}' extra ({exc}); install it with: pip install 'aoai[{extra}]'")


def run_click(command: object, args: Sequence[str], *, prog_name: str) -> None:
    """Run a click command (or group, with the subcommand first in `args`) as `prog_name`."""
    if not isinstance(command, click.Command):
        raise TypeError(f"{command!r} is not a click command")
    code: object = command.main(args=list(args), prog_name=prog_name, standalone_mode=True)
    sys.exit(code if isinstance(code, int) else 0)
