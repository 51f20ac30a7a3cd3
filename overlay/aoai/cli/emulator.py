"""`aoai emulator`: the local Azure OpenAI emulator in the foreground.

It is `aoai-emulator` itself, with its own flags (`--port 0` picks a free port), so a
user who has `aoai` needs no second command name to try the CLI offline. It prints
the `AZURE_OPENAI_*` and `IDENTITY_*` lines to export in another shell.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from aoai.cli._delegate import PASSTHROUGH, load, needs_extra


@click.command(context_settings=PASSTHROUGH, add_help_option=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def emulator(args: tuple[str, ...]) -> None:
    """Run the local emulator (same flags as `aoai-emulator`; try --help, --port 0).

    \b
    aoai emulator --port 8080
    """
    run: Callable[[list[str]], int] = load(  # type: ignore[assignment]
        "aoai_emulator.__main__", "main", what="aoai emulator", extra="emulator"
    )
    try:
        with needs_extra("aoai emulator", "emulator"):
            code = run(list(args))
    except KeyboardInterrupt:
        code = 0  # Ctrl-C is how a foreground server is meant to stop
    sys.exit(code)
