"""Project-wide test fixtures: where the repo is and where the pinned documents are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def specs_mirror() -> Path:
    """The folder of pinned documents (`SPECS_MIRROR`, or ../shared/specs beside the repo)."""
    mirror = Path(os.environ.get("SPECS_MIRROR") or ROOT.parent / "shared" / "specs")
    if not (mirror / "SHA256SUMS").is_file():
        pytest.fail(f"no pinned documents at {mirror}: set SPECS_MIRROR (a missing prerequisite fails CI)")
    return mirror


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"
