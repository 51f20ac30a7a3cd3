"""How a command fails: one line on stderr and a non-zero exit, never a traceback.

An expected failure (the service said no, the network is down, a credential is
unavailable, the configuration is incomplete) is the user's to fix, and a traceback
buries the one fact they need. The line carries what Azure support asks for: the
error class, HTTP status, Azure error code, message and request id. Anything else is
a bug in `aoai` and keeps its traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import click

EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C

# Exception classes that mean "the user's environment or the service", by module, so they
# can be recognised without importing a module the command never used.
_EXPECTED = {
    "aoai.errors": ("AzureOpenAIError",),
    "azure.core.exceptions": ("ClientAuthenticationError",),
}


def is_expected(exc: BaseException) -> bool:
    """True for errors a user causes or fixes (service, network, credentials, configuration)."""
    for module_name, names in _EXPECTED.items():
        module = sys.modules.get(module_name)
        if module is None:
            continue
        classes = tuple(getattr(module, name) for name in names if hasattr(module, name))
        if classes and isinstance(exc, classes):
            return True
    return False


def one_line(text: object) -> str:
    """Collapse whitespace so a multi-line service message stays on one line."""
    return " ".join(str(text).split())


def describe(exc: BaseException) -> str:
    """`ContentFilterError: HTTP 400 content_filter: <message> (request id: <id>)`."""
    name = type(exc).__name__
    status = getattr(exc, "status_code", None)
    if status is None:
        return f"{name}: {one_line(exc) or 'no details'}"
    code = getattr(exc, "code", None)
    message = getattr(exc, "message", None) or str(exc)
    request_id = getattr(exc, "request_id", None)
    head = f"HTTP {status}" + (f" {code}" if code else "")
    tail = f" (request id: {request_id})" if request_id else ""
    return f"{name}: {head}: {one_line(message)}{tail}"


def fail(message: str) -> NoReturn:
    """Print `aoai: error: <message>` on stderr and exit 1."""
    click.echo(f"aoai: error: {message}", err=True)
    sys.exit(EXIT_FAILURE)


def interrupted() -> NoReturn:
    """Ctrl-C: end the line the stream was writing, say so, exit 130."""
    click.echo("", err=True)
    click.echo("aoai: interrupted", err=True)
    sys.exit(EXIT_INTERRUPTED)


@contextmanager
def reported() -> Iterator[None]:
    """Run a command body, turning expected errors, Ctrl-C and a closed pipe into clean exits."""
    try:
        yield
    except KeyboardInterrupt:
        interrupted()
    except BrokenPipeError:
        # `aoai chat ... | head -1`: the reader left; stop writing, and keep Python's
        # shutdown flush from raising the same error again.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        sys.exit(EXIT_FAILURE)
    except Exception as exc:
        if not is_expected(exc):
            raise
        fail(describe(exc))
