"""Hand a command line over to another project tool's click command, unchanged.

`aoai diff` and `aoai emulator` are the generator's and the emulator's own commands
under one roof. Passing the raw arguments through (instead of redeclaring the flags)
keeps the two in step by construction: a flag added to `aoai-codegen diff` works in
`aoai diff` the day it lands, and `aoai diff --help` is that command's own help.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import NoReturn

import click

from aoai.cli._report import fail

#: Settings for a pass-through command: every argument, even `--help`, goes to the target.
PASSTHROUGH = {"ignore_unknown_options": True, "allow_extra_args": True, "help_option_names": []}


#: The top-level modules each extra installs (pyproject's optional dependencies).
EXTRA_MODULES = {
    "emulator": frozenset({"starlette", "uvicorn", "multipart", "python_multipart", "jsonschema"}),
    "codegen": frozenset({"openapi_python_client", "jsonpatch", "griffe"}),
}


def _missing_extra(what: str, extra: str, exc: ImportError) -> NoReturn:
    fail(f"{what} needs the '{extra}' extra ({exc}); install it with: pip install 'aoai[{extra}]'")


def load(module: str, attribute: str, *, what: str, extra: str) -> object:
    """Import `module.attribute`, or fail in one line naming the extra that provides it."""
    try:
        return getattr(importlib.import_module(module), attribute)
    except ImportError as exc:
        _missing_extra(what, extra, exc)


@contextmanager
def needs_extra(what: str, extra: str) -> Iterator[None]:
    """A module of `extra` missing while the command runs (imported lazily) is the same one-line failure.

    Why: a command's entry module can import fine while the server or generator it starts
    imports the extra later; a `ModuleNotFoundError` traceback then buried the one fact needed.
    """
    try:
        yield
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] not in EXTRA_MODULES[extra]:
            raise
        _missing_extra(what, extra, exc)


def run_click(command: object, args: Sequence[str], *, prog_name: str) -> None:
    """Run a click command (or group, with the subcommand first in `args`) as `prog_name`."""
    if not isinstance(command, click.Command):
        raise TypeError(f"{command!r} is not a click command")
    code: object = command.main(args=list(args), prog_name=prog_name, standalone_mode=True)
    sys.exit(code if isinstance(code, int) else 0)
