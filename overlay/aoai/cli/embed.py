"""`aoai embed`: embed texts and show the shape of the result.

A vector of 1536 floats is not something to read in a terminal, so the default
output is one line per input (dimensions, norm and the first values) and `--json`
prints the whole response for scripts.
"""

from __future__ import annotations

import math
from typing import Any

import click

from aoai.cli._connection import Connection, connection_options
from aoai.cli._output import echo_json
from aoai.cli._report import reported

SHOWN_VALUES = 5


@click.command()
@click.argument("texts", nargs=-1, required=True)
@click.option(
    "-d", "--deployment", default="text-embedding-3-small", show_default=True, help="Deployment name."
)
@click.option("--dimensions", type=click.IntRange(min=1), help="Shorter vectors (text-embedding-3 models).")
@click.option("--json", "as_json", is_flag=True, help="Print the response as JSON.")
@connection_options
def embed(
    texts: tuple[str, ...], deployment: str, dimensions: int | None, as_json: bool, connection: Connection
) -> None:
    """Embed each of TEXTS; print dimensions and the first values of each vector."""
    params: dict[str, Any] = {"model": deployment, "input": list(texts) if len(texts) > 1 else texts[0]}
    if dimensions is not None:
        params["dimensions"] = dimensions
    with reported():
        response = connection.client().embeddings.create(**params)
    if as_json:
        echo_json(response)
        return
    for item, text in zip(response.data, texts, strict=False):
        vector = [float(v) for v in item.embedding]
        head = ", ".join(f"{v:+.4f}" for v in vector[:SHOWN_VALUES])
        more = ", ..." if len(vector) > SHOWN_VALUES else ""
        norm = math.sqrt(sum(v * v for v in vector))
        click.echo(f"{_clip(text)!r}: {len(vector)} dimensions, norm {norm:.3f}, [{head}{more}]")


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
