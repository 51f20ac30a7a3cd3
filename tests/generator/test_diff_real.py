"""The real surface diffs between pinned versions: zero join problems, counts checked against the documents.

Pairs: every consecutive pair of the pins (oldest first, within each route model), plus the
pairs a reviewer reads (GA -> preview of the same period). Counts are recounted straight from
the two patched documents, independently of the surface code. Across route models (dated -> v1)
the diff is a migration note: it must run, its counts are not a contract.
"""

from __future__ import annotations

import itertools
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from aoai_codegen.diff import Diff, diff_surfaces
from aoai_codegen.layout import Layout
from aoai_codegen.names import is_dated
from aoai_codegen.pins import known_versions
from aoai_codegen.routes import operations
from aoai_codegen.surface import Surface, extract_surface

from tests.conftest import ROOT

VERSIONS = known_versions(Layout.at(ROOT))
FAMILIES = [[v for v in VERSIONS if is_dated(v)], [v for v in VERSIONS if not is_dated(v)]]
CONSECUTIVE = [pair for family in FAMILIES for pair in itertools.pairwise(family)]
READERS = [
    (a, b) for a, b in [("2024-10-21", "2024-10-01-preview"), ("v1", "preview")] if {a, b} <= set(VERSIONS)
]
PAIRS = sorted(set(CONSECUTIVE + READERS), key=lambda p: (VERSIONS.index(p[0]), VERSIONS.index(p[1])))


def _package(version: str) -> Path:
    from aoai.versions import package_name

    package = ROOT / "generated" / package_name(version)
    if not package.is_dir():
        pytest.fail(f"{package} is missing: run `make generate`")
    return package


@cache
def _surface(version: str) -> Surface:
    return extract_surface(_package(version))


def _document(version: str) -> tuple[set[str], set[str]]:
    doc: dict[str, Any] = json.loads((_package(version) / "openapi.json").read_text("utf-8"))
    return {op["operationId"] for _p, _m, op in operations(doc)}, set(doc["components"]["schemas"])


@pytest.mark.parametrize("version", VERSIONS)
def test_every_surface_joins_its_document_without_problems(version: str) -> None:
    surface = _surface(version)
    assert surface.problems == []
    ops, _ = _document(version)
    assert set(surface.operations) == ops


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_counts_agree_with_the_documents(old: str, new: str) -> None:
    (old_ops, old_schemas), (new_ops, new_schemas) = _document(old), _document(new)
    diff: Diff = diff_surfaces(_surface(old), _surface(new))
    counts = diff.counts()
    assert counts["operations"]["added"] == len(new_ops - old_ops)
    assert counts["operations"]["removed"] == len(old_ops - new_ops)
    prefix = "#/components/schemas/"

    def keys(verb: str) -> set[str]:
        return {
            c.api[len(prefix) :]
            for c in diff.changes
            if c.section in ("models", "enums", "schemas")
            and c.kind.split(".")[1] == verb
            and c.api
            and c.api.startswith(prefix)
            and "/" not in c.api[len(prefix) :]
        }

    assert keys("added") == new_schemas - old_schemas
    assert keys("removed") == old_schemas - new_schemas


def test_each_version_against_itself_is_empty() -> None:
    for version in VERSIONS:
        surface = _surface(version)
        assert diff_surfaces(surface, surface).changes == []


def test_across_route_models_the_diff_runs() -> None:
    dated, v1 = FAMILIES
    if dated and v1:
        diff = diff_surfaces(_surface(dated[-1]), _surface(v1[0]))
        assert diff.changes and diff.summary().startswith(f"{dated[-1]} -> {v1[0]}:")
