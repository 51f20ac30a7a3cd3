"""`aoai transcribe`: speech to text, in the format the user will use the text in.

`text`, `srt` and `vtt` come back from the service as plain text and are printed as
they are (pipe them to a subtitle file); `json` prints the text field and
`verbose_json` the whole response, segments and timings included.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from aoai.cli._connection import Connection, connection_options
from aoai.cli._output import echo_json, text_of
from aoai.cli._report import reported

FORMATS = ["text", "srt", "vtt", "json", "verbose_json"]


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("-d", "--deployment", default="whisper", show_default=True, help="Deployment name.")
@click.option(
    "-f", "--format", "response_format", type=click.Choice(FORMATS), default="text", show_default=True
)
@click.option("--language", help="Spoken language (ISO-639-1, e.g. en): faster and more accurate.")
@click.option("--prompt", help="Text to guide the style or continue a previous segment.")
@connection_options
def transcribe(
    file: Path,
    deployment: str,
    response_format: str,
    language: str | None,
    prompt: str | None,
    connection: Connection,
) -> None:
    """Transcribe the audio FILE (wav, mp3, m4a, webm, ...)."""
    params: dict[str, Any] = {"model": deployment, "file": file, "response_format": response_format}
    if language:
        params["language"] = language
    if prompt:
        params["prompt"] = prompt
    with reported():
        result = connection.client().audio.transcriptions.create(**params)
    if response_format == "verbose_json":
        echo_json(result)
        return
    text = result if isinstance(result, str) else text_of(getattr(result, "text", None))
    click.echo((text or "").rstrip("\n"))
