"""`aoai`: the command line of the Azure OpenAI client.

One module per command (`chat`, `respond`, `embed`, `image`, `transcribe`, `versions`, `diff`,
`emulator`, `bulk`), loaded lazily by `LazyGroup` so that `aoai --help` stays instant.
Connection flags and error reporting are shared (`_connection`, `_report`), so every
data-plane command reads the same environment variables as the library and fails
with the same one-line message.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from aoai.cli._group import LazyCommand, LazyGroup
from aoai.cli._report import interrupted

__all__ = ["cli", "main"]

COMMANDS = {
    "chat": LazyCommand("aoai.cli.chat", "chat", "Chat with a deployment; streams tokens as they arrive."),
    "respond": LazyCommand("aoai.cli.respond", "respond", "Ask the Responses API; streams the reply."),
    "embed": LazyCommand("aoai.cli.embed", "embed", "Embed one or more texts."),
    "image": LazyCommand("aoai.cli.image", "image", "Generate an image and write it to a file."),
    "transcribe": LazyCommand("aoai.cli.transcribe", "transcribe", "Transcribe an audio file."),
    "versions": LazyCommand("aoai.cli.versions", "versions", "List the pinned api-versions."),
    "diff": LazyCommand("aoai.cli.diff", "diff", "Diff the generated surfaces of two api-versions."),
    "emulator": LazyCommand("aoai.cli.emulator", "emulator", "Run the local Azure OpenAI emulator."),
    "bulk": LazyCommand("aoai.cli.bulk", "bulk", "Run a JSONL of requests, paced to the quota, resumable."),
}

EPILOG = """\b
Connection (chat, respond, embed, image, transcribe, bulk run): --endpoint, --api-key,
--api-version and --entra, or the library's environment variables
AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY, AZURE_OPENAI_AD_TOKEN and
OPENAI_API_VERSION. Flags override the environment."""


@click.group(cls=LazyGroup, lazy_commands=COMMANDS, epilog=EPILOG)
@click.version_option(package_name="aoai", prog_name="aoai")
def cli() -> None:
    """Azure OpenAI from the command line, against Azure or the local emulator."""


def main(argv: Sequence[str] | None = None) -> None:
    """Console-script entry point: click's handling, except Ctrl-C exits 130 quietly.

    click turns Ctrl-C into "Aborted!" and exit 1; a shell user (and a script) expects
    130, the conventional 128 + SIGINT, so an interrupted stream reads as interrupted.
    """
    try:
        # Without standalone mode click returns the code of `ctx.exit(code)` (e.g. `--help`).
        code = cli.main(
            args=list(argv) if argv is not None else None, prog_name="aoai", standalone_mode=False
        )
    except click.exceptions.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt) or isinstance(exc.__cause__, KeyboardInterrupt):
            interrupted()
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        interrupted()
    if isinstance(code, int) and code:
        sys.exit(code)
