"""`aoai image`: generate one image and write it to a file.

It asks for `b64_json` so the bytes arrive in the response itself: a URL would need
a second download from blob storage whose link expires, and a file is what the user
asked for. The revised prompt (DALL-E 3 rewrites prompts) goes to stderr beside the
file name, so stdout stays empty for scripts that only want the file.
"""

from __future__ import annotations

import base64
import binascii
import struct
from pathlib import Path
from typing import Any

import click

from aoai.cli._connection import Connection, connection_options
from aoai.cli._output import text_of
from aoai.cli._report import fail, reported


@click.command()
@click.argument("prompt")
@click.option(
    "-o",
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Image file.",
)
@click.option("-d", "--deployment", default="dall-e-3", show_default=True, help="Deployment name.")
@click.option(
    "--size",
    type=click.Choice(["1024x1024", "1792x1024", "1024x1792"]),
    default="1024x1024",
    show_default=True,
)
@click.option("--quality", type=click.Choice(["standard", "hd"]), help="Image quality.")
@click.option("--style", type=click.Choice(["vivid", "natural"]), help="Image style.")
@connection_options
def image(
    prompt: str,
    out: Path,
    deployment: str,
    size: str,
    quality: str | None,
    style: str | None,
    connection: Connection,
) -> None:
    """Generate an image for PROMPT and write it to --out."""
    params: dict[str, Any] = {
        "model": deployment,
        "prompt": prompt,
        "size": size,
        "response_format": "b64_json",
    }
    if quality:
        params["quality"] = quality
    if style:
        params["style"] = style
    with reported():
        response = connection.client().images.generate(**params)
    data = response.data[0] if response.data else None
    encoded = text_of(getattr(data, "b64_json", None))
    if encoded is None:
        fail("the response carries no image data (b64_json)")
    try:
        content = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        fail(f"the image data is not valid base64: {exc}")
    try:
        out.write_bytes(content)
    except OSError as exc:
        fail(f"cannot write {out}: {exc.strerror or exc}")
    click.echo(f"wrote {out} ({len(content)} bytes{_png_size(content)})", err=True)
    revised = text_of(getattr(data, "revised_prompt", None))
    if revised:
        click.echo(f"revised prompt: {revised}", err=True)


def _png_size(content: bytes) -> str:
    """`, 1024x1024 PNG` from the IHDR chunk: the size the service made, not the one asked for."""
    if content[:8] != b"\x89PNG\r\n\x1a\n" or len(content) < 24:
        return ""
    width, height = struct.unpack(">II", content[16:24])
    return f", {width}x{height} PNG"
