"""Emulator fixtures (`emulator`, `emulator_env`, `test_id`) live in aoai_emulator.testing."""

import pytest
from aoai_emulator.testing import emulator, emulator_env, test_id  # noqa: F401


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
