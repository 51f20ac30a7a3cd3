"""`aoai chat`: one prompt in, the answer out, streamed token by token by default.

Streaming writes each delta as it arrives and flushes, so the terminal shows the
answer growing (and a pipe reader gets it early). A finish reason other than `stop`
(`length`, `content_filter`) goes to stderr, because stdout holds only the answer.
Ctrl-C closes the stream (and its connection) and exits 130.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from aoai.cli._connection import Connection, connection_options
from aoai.cli._output import DeltaEcho, echo_json, first_choice, text_of
from aoai.cli._report import reported


@click.command()
@click.argument("prompt")
@click.option("-d", "--deployment", default="gpt-4o", show_default=True, help="Deployment name.")
@click.option("-s", "--system", help="System message.")
@click.option("--stream/--no-stream", default=True, show_default=True, help="Print tokens as they arrive.")
@click.option("--max-tokens", type=click.IntRange(min=1), help="Upper bound on generated tokens.")
@click.option("--temperature", type=click.FloatRange(0, 2), help="Sampling temperature, 0 to 2.")
@click.option("--json", "as_json", is_flag=True, help="Print the final completion as JSON.")
@connection_options
def chat(
    prompt: str,
    deployment: str,
    system: str | None,
    stream: bool,
    max_tokens: int | None,
    temperature: float | None,
    as_json: bool,
    connection: Connection,
) -> None:
    """Send PROMPT (or '-' to read it from stdin) to a chat deployment."""
    if prompt == "-":
        prompt = sys.stdin.read()
    messages: list[dict[str, str]] = []
    if system:
        messages.append({"role": "system", "content": system})
    messages.append({"role": "user", "content": prompt})
    params: dict[str, Any] = {"model": deployment, "messages": messages}
    if max_tokens is not None:
        params["max_tokens"] = max_tokens
    if temperature is not None:
        params["temperature"] = temperature
    with reported():
        completions = connection.client().chat.completions
        if stream:
            completion = _stream(completions, params, echo=not as_json)
        else:
            completion = completions.create(**params)
            if not as_json:
                message = getattr(first_choice(completion), "message", None)
                click.echo(text_of(getattr(message, "content", None)) or "")
    if as_json:
        echo_json(completion)
    _note_finish(completion)


def _stream(completions: Any, params: dict[str, Any], *, echo: bool) -> Any:
    """Print deltas as they arrive; return the completion they add up to (the line is ended
    however the stream ends: `DeltaEcho`)."""
    with DeltaEcho(echo) as out, completions.create(**params, stream=True) as chunks:
        for chunk in chunks:
            out.write(text_of(getattr(getattr(first_choice(chunk), "delta", None), "content", None)))
        return chunks.get_final_completion()


def _note_finish(completion: Any) -> None:
    reason = text_of(getattr(first_choice(completion), "finish_reason", None))
    if reason not in (None, "stop"):
        click.echo(f"aoai: finish reason: {reason}", err=True)
