"""`aoai diff OLD NEW`: the generator's surface diff, with the same flags.

It is `aoai-codegen diff` itself (see `_delegate`), so the two can never disagree on
flags, output formats or exit codes (`--fail-on breaking` exits non-zero when the
diff holds a breaking change, which is what a release check wants).
"""

from __future__ import annotations

import click

from aoai.cli._delegate import PASSTHROUGH, load, needs_extra, run_click


@click.command(context_settings=PASSTHROUGH, add_help_option=False)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def diff(args: tuple[str, ...]) -> None:
    """Diff the generated surfaces of two api-versions (same flags as `aoai-codegen diff`).

    \b
    aoai diff 2024-10-21 2024-10-01-preview
    aoai diff OLD NEW --format markdown --fail-on breaking
    """
    codegen = load("aoai_codegen.cli", "main", what="aoai diff", extra="codegen")
    with needs_extra("aoai diff", "codegen"):
        run_click(codegen, ["diff", *args], prog_name="aoai")
