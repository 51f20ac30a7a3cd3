"""Where to connect and how to authenticate, shared by every data-plane command.

The flags mirror the library's constructor and fall back to the same environment
variables (`AZURE_OPENAI_ENDPOINT`, `AZURE_OPENAI_API_KEY`, `AZURE_OPENAI_AD_TOKEN`,
`OPENAI_API_VERSION`), so a command line that works also tells you the library call
that works. A flag left out is passed as `None` and the library reads the
environment itself: one rule, one place.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import click

from aoai.cli._report import fail

if TYPE_CHECKING:
    from aoai import AsyncAzureOpenAI, AzureOpenAI

F = TypeVar("F", bound=Callable[..., Any])
C = TypeVar("C")


@dataclass(frozen=True)
class Connection:
    """The connection flags of one invocation (`None` = let the library read the environment)."""

    endpoint: str | None = None
    api_key: str | None = None
    api_version: str | None = None
    entra: bool = False
    max_retries: int | None = None
    headers: tuple[tuple[str, str], ...] = ()

    def client(self) -> AzureOpenAI:
        """Build the client; imported here so `--help` never pays for httpx or azure-identity."""
        from aoai import AzureOpenAI

        return self._build(AzureOpenAI, asynchronous=False)

    def async_client(self, **settings: Any) -> AsyncAzureOpenAI:
        """The async client (bulk runs), with extra constructor `settings` such as `pacing=True`."""
        from aoai import AsyncAzureOpenAI

        return self._build(AsyncAzureOpenAI, asynchronous=True, **settings)

    def _build(self, cls: type[C], *, asynchronous: bool, **settings: Any) -> C:
        kwargs: dict[str, Any] = dict(settings)
        if self.endpoint is not None:
            kwargs["azure_endpoint"] = self.endpoint
        if self.api_version is not None:
            kwargs["api_version"] = self.api_version
        if self.max_retries is not None:
            kwargs["max_retries"] = self.max_retries
        if self.headers:
            kwargs["default_headers"] = dict(self.headers)
        if self.entra:
            if self.api_key is not None:
                raise click.UsageError("--entra and --api-key are two credentials: choose one")
            # An explicit credential wins over AZURE_OPENAI_API_KEY in the environment.
            if asynchronous:
                from azure.identity.aio import DefaultAzureCredential as AsyncCredential

                credential: Any = AsyncCredential()
            else:
                from azure.identity import DefaultAzureCredential

                credential = DefaultAzureCredential()

            # azure-identity logs a failure as a WARNING and then raises it; without a
            # handler Python prints that log record too, doubling the one error line.
            logging.getLogger("azure").addHandler(logging.NullHandler())

            kwargs["credential"] = credential
        elif self.api_key is not None:
            kwargs["api_key"] = self.api_key
        try:
            return cls(**kwargs)
        except (ValueError, TypeError) as exc:
            # The constructor's checks (missing endpoint, api-version not generated,
            # conflicting credentials) already say what to do; they are not bugs.
            fail(f"configuration: {exc}")


def _parse_headers(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[tuple[str, str], ...]:
    """`-H 'name: value'` (curl's spelling) -> (name, value) pairs."""
    pairs = []
    for value in values:
        name, sep, rest = value.partition(":")
        if not sep or not name.strip():
            raise click.BadParameter(f"{value!r} is not 'NAME: VALUE'", ctx=ctx, param=param)
        pairs.append((name.strip(), rest.strip()))
    return tuple(pairs)


def connection_options(command: F) -> F:
    """Add --endpoint/--api-key/--api-version/--entra/--max-retries; pass them as `connection`."""

    @click.option(
        "--endpoint",
        metavar="URL",
        help="Resource endpoint, e.g. https://NAME.openai.azure.com [env: AZURE_OPENAI_ENDPOINT].",
    )
    @click.option("--api-key", metavar="KEY", help="API key [env: AZURE_OPENAI_API_KEY].")
    @click.option(
        "--api-version", metavar="VERSION", help="api-version, e.g. 2024-10-21 [env: OPENAI_API_VERSION]."
    )
    @click.option(
        "--entra",
        is_flag=True,
        help="Authenticate with Entra ID (azure-identity DefaultAzureCredential) instead of a key.",
    )
    @click.option(
        "--max-retries", type=click.IntRange(min=0), help="Retries on 408/429/5xx/connection errors."
    )
    @click.option(
        "-H",
        "--header",
        "headers",
        multiple=True,
        metavar="'NAME: VALUE'",
        callback=_parse_headers,
        help="Extra request header (repeatable), e.g. for a gateway or the emulator's faults.",
    )
    @functools.wraps(command)
    def wrapper(
        *args: Any,
        endpoint: str | None,
        api_key: str | None,
        api_version: str | None,
        entra: bool,
        max_retries: int | None,
        headers: tuple[tuple[str, str], ...],
        **kwargs: Any,
    ) -> Any:
        connection = Connection(endpoint, api_key, api_version, entra, max_retries, headers)
        return command(*args, connection=connection, **kwargs)

    return wrapper  # type: ignore[return-value]
