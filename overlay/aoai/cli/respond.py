"""`aoai respond`: one prompt to the Responses API, the reply streamed as it is written.

The text deltas (`response.output_text.delta`) are written as they arrive; the reply's id
goes to stderr (stdout holds only the answer), so a follow-up can continue the
conversation with `--previous <id>`. `--json` prints the final `Response`, the same
object a non-streamed call returns. The api-version must have the Responses API (`v1`,
`preview`, `2025-04-01-preview`); another one fails in one line saying so.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from aoai.cli._connection import Connection, connection_options
from aoai.cli._output import DeltaEcho, echo_json, text_of
from aoai.cli._report import reported

TEXT_DELTA = "response.output_text.delta"


@click.command()
@click.argument("prompt")
@click.option(
    "-d", "--deployment", default="gpt-4o", show_default=True, help="Deployment name (the body's model)."
)
@click.option("-i", "--instructions", help="System instructions for the model.")
@click.option("-p", "--previous", "previous_response_id", help="Continue from this response id.")
@click.option("--stream/--no-stream", default=True, show_default=True, help="Print text as it arrives.")
@click.option("--max-output-tokens", type=click.IntRange(min=1), help="Upper bound on generated tokens.")
@click.option("--json", "as_json", is_flag=True, help="Print the final response as JSON.")
@connection_options
def respond(
    prompt: str,
    deployment: str,
    instructions: str | None,
    previous_response_id: str | None,
    stream: bool,
    max_output_tokens: int | None,
    as_json: bool,
    connection: Connection,
) -> None:
    """Send PROMPT (or '-' to read it from stdin) to the Responses API."""
    if prompt == "-":
        prompt = sys.stdin.read()
    params: dict[str, Any] = {"model": deployment, "input": prompt}
    for name, value in (
        ("instructions", instructions),
        ("previous_response_id", previous_response_id),
        ("max_output_tokens", max_output_tokens),
    ):
        if value is not None:
            params[name] = value
    with reported():
        responses = connection.client().responses
        if stream:
            response = _stream(responses, params, echo=not as_json)
        else:
            response = responses.create(**params)
            if not as_json:
                click.echo(response.output_text)
    if as_json:
        echo_json(response)
    click.echo(f"aoai: response id: {response.id}", err=True)


def _stream(responses: Any, params: dict[str, Any], *, echo: bool) -> Any:
    """Print text deltas as they arrive; return the final response. The line is ended however it ends."""
    with DeltaEcho(echo) as out, responses.create(**params, stream=True) as events:
        for event in events:
            if text_of(getattr(event, "type_", None) or getattr(event, "type", None)) == TEXT_DELTA:
                out.write(text_of(getattr(event, "delta", None)))
        return events.get_final_response()
