"""What CI must have is there: a missing prerequisite fails the run instead of skipping whole files.

Why a test of its own: a parametrisation over an empty folder (recorded streams) is
collected as a skip, and an import that fails inside a fixture would only show up as
errors in the tests that use it; this names the missing piece in one place.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


@pytest.mark.parametrize(
    "module",
    [
        "aoai_v2024_10_21",
        "aoai_v2024_10_01_preview",
        "aoai_emulator.testing",
        "aoai_codegen.layout",
        "schemathesis",
        "hypothesis",
        "openai",
        "azure.identity",
    ],
)
def test_module_is_importable(module: str) -> None:
    importlib.import_module(module)


def test_recorded_azure_streams_are_present() -> None:
    captures = Path(os.environ.get("AZURE_CAPTURES") or SHARED / "azure-captures")
    assert sorted(captures.glob("*.sse")), f"no recorded streams (*.sse) in {captures}"


def test_pinned_documents_are_present() -> None:
    mirror = Path(os.environ.get("SPECS_MIRROR") or SHARED / "specs")
    assert (mirror / "SHA256SUMS").is_file(), f"no pinned documents at {mirror}"
