"""Fixtures shared by the generator tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.generator.pipeline_project import Served


@pytest.fixture
def served() -> Iterator[Served]:
    """A local stand-in for the upstream raw-file host, on 127.0.0.1."""
    server = Served()
    yield server
    server.close()
