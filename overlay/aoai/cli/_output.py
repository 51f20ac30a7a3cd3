"""Turning the generated models into terminal output.

The facade returns the generated attrs models of whichever api-version the client
uses; they differ per version, so the CLI reads them generically: `to_dict()` for
JSON (it keeps fields a newer version adds) and `text_of` for optional strings, which
may be `UNSET` or `None` rather than absent.
"""

from __future__ import annotations

import json
import sys
from enum import Enum
from typing import Any

import click


def text_of(value: Any) -> str | None:
    """A string field's value (an enum's value too), or None when it is unset, null or not text."""
    if isinstance(value, Enum):
        value = value.value
    return value if isinstance(value, str) else None


def as_dict(model: Any) -> Any:
    """JSON-ready form of a generated model (or of plain data)."""
    to_dict = getattr(model, "to_dict", None)
    return to_dict() if callable(to_dict) else model


def echo_json(model: Any) -> None:
    click.echo(json.dumps(as_dict(model), indent=2, ensure_ascii=False, default=str))


def first_choice(model: Any) -> Any | None:
    """`model.choices[0]`, tolerating Azure's chunks that carry no choices at all."""
    choices = getattr(model, "choices", None)
    if not isinstance(choices, list) or not choices:
        return None
    return choices[0]


class DeltaEcho:
    """Writes streamed text as it arrives (when `enabled`) and ends the line however the stream ends.

    Done, error or Ctrl-C: the newline is written on exit, so an error message or the shell
    prompt never lands after half an answer.
    """

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.wrote = False

    def write(self, text: str | None) -> None:
        if self.enabled and text:
            sys.stdout.write(text)
            sys.stdout.flush()
            self.wrote = True

    def __enter__(self) -> DeltaEcho:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self.wrote:
            sys.stdout.write("\n")
            sys.stdout.flush()
