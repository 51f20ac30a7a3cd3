"""Fixtures for the `aoai` CLI tests: one emulator per session, and two ways to run the CLI.

In-process (click's `CliRunner`) is fast and covers arguments, output and exit codes;
a real subprocess (`python -m aoai.cli`) is the only way to test what a terminal
sees: a signal (Ctrl-C), output that arrives before a stream ends, the console entry.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from aoai.cli import cli
from click.testing import CliRunner, Result

GA = "2024-10-21"
PREVIEW = "2024-10-01-preview"

#: Environment a test must not inherit from the developer's shell.
CLEARED = (
    "AZURE_OPENAI_ENDPOINT",
    "AZURE_OPENAI_API_KEY",
    "AZURE_OPENAI_AD_TOKEN",
    "OPENAI_API_VERSION",
    "IDENTITY_ENDPOINT",
    "IDENTITY_HEADER",
    "AZURE_CLIENT_ID",
    "AZURE_TENANT_ID",
    "AZURE_CLIENT_SECRET",
)


@pytest.fixture(scope="session")
def emulator() -> Iterator[Any]:
    from aoai_emulator.testing import running_emulator

    with running_emulator() as handle:
        yield handle


@pytest.fixture
def env(emulator: Any) -> dict[str, str | None]:
    """Environment pointing the CLI at the emulator with its API key (the common case)."""
    values: dict[str, str | None] = dict.fromkeys(CLEARED)
    values.update(
        AZURE_OPENAI_ENDPOINT=emulator.base_url,
        AZURE_OPENAI_API_KEY=emulator.api_key,
        OPENAI_API_VERSION=GA,
    )
    return values


@pytest.fixture
def entra_env(emulator: Any) -> dict[str, str | None]:
    """Environment for `--entra`: no key, the emulator's App Service managed-identity endpoint."""
    values: dict[str, str | None] = dict.fromkeys(CLEARED)
    values.update(
        AZURE_OPENAI_ENDPOINT=emulator.base_url,
        OPENAI_API_VERSION=GA,
        IDENTITY_ENDPOINT=emulator.identity_endpoint,
        IDENTITY_HEADER=emulator.identity_header,
    )
    return values


def invoke(args: list[str], env: Mapping[str, str | None], **kwargs: Any) -> Result:
    """Run `aoai ARGS` in-process; stdout and stderr stay apart (`result.stdout` / `.stderr`)."""
    return CliRunner().invoke(cli, args, env=dict(env), catch_exceptions=False, **kwargs)


def subprocess_env(env: Mapping[str, str | None]) -> dict[str, str]:
    merged = {k: v for k, v in os.environ.items() if k not in env}
    merged.update({k: v for k, v in env.items() if v is not None})
    merged["PYTHONUNBUFFERED"] = "1"
    return merged


def spawn(args: list[str], env: Mapping[str, str | None], **kwargs: Any) -> subprocess.Popen[str]:
    """Start `python -m aoai.cli ARGS` with pipes, as a terminal user would run `aoai`."""
    return subprocess.Popen(
        [sys.executable, "-m", "aoai.cli", *args],
        env=subprocess_env(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def run(args: list[str], env: Mapping[str, str | None]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aoai.cli", *args],
        env=subprocess_env(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
