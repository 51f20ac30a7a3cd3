"""The real GA -> preview diff, checked against an independent count straight from the two patched documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aoai_codegen.diff import diff_surfaces
from aoai_codegen.surface import extract_surface

ROOT = Path(__file__).resolve().parents[2]
GA, PREVIEW = ROOT / "generated" / "aoai_v2024_10_21", ROOT / "generated" / "aoai_v2024_10_01_preview"


@pytest.fixture(autouse=True)
def generated() -> None:
    assert GA.is_dir() and PREVIEW.is_dir(), "real packages not generated: run `make generate`"


def _document(package: Path) -> tuple[set[str], set[str]]:
    doc = json.loads((package / "openapi.json").read_text())
    operations = {f"{m.upper()} {p}" for p, item in doc["paths"].items() for m in item if m != "parameters"}
    return operations, set(doc["components"]["schemas"])


def test_counts_agree_with_the_documents() -> None:
    (old_ops, old_schemas), (new_ops, new_schemas) = _document(GA), _document(PREVIEW)
    diff = diff_surfaces(extract_surface(GA), extract_surface(PREVIEW))

    def touched(verb: str, section: str) -> set[str]:
        return {c.api or "" for c in diff.changes if c.kind.endswith("." + verb) and c.section == section}

    assert touched("added", "operations") == new_ops - old_ops
    assert touched("removed", "operations") == old_ops - new_ops
    components = {"models", "enums", "schemas"}
    added = {c.api for c in diff.changes if c.section in components and c.kind.split(".")[1] == "added"}
    removed = {c.api for c in diff.changes if c.section in components and c.kind.split(".")[1] == "removed"}
    prefix = "#/components/schemas/"
    assert {
        a[len(prefix) :] for a in added if a and a.startswith(prefix) and "/" not in a[len(prefix) :]
    } == (new_schemas - old_schemas)
    assert {
        a[len(prefix) :] for a in removed if a and a.startswith(prefix) and "/" not in a[len(prefix) :]
    } == (old_schemas - new_schemas)
    counts = diff.counts()
    assert counts["operations"]["added"] == len(new_ops - old_ops) == 36
    assert counts["operations"]["removed"] == len(old_ops - new_ops) == 0


def test_each_real_version_against_itself_is_empty() -> None:
    for package in (GA, PREVIEW):
        surface = extract_surface(package)
        assert diff_surfaces(surface, surface).changes == []
