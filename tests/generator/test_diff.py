"""The surface diff on synthetic versions: every change kind, both classifications, every format, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from aoai_codegen.cli import main
from aoai_codegen.diff import Diff, compare_types, diff_surfaces
from aoai_codegen.render import SCHEMA_PATH, render, to_data
from aoai_codegen.surface import Surface, extract_surface
from click.testing import CliRunner

from tests.generator.diff_fixtures import EXPECTED, OLD, new_document, pin_and_generate, project


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("diff")
    layout = project(root)
    return (
        root,
        pin_and_generate(layout, "2024-01-01", OLD),
        pin_and_generate(layout, "2024-02-01", new_document()),
    )


@pytest.fixture(scope="module")
def surfaces(packages: tuple[Path, Path, Path]) -> tuple[Surface, Surface]:
    return extract_surface(packages[1]), extract_surface(packages[2])


@pytest.fixture(scope="module")
def diff(surfaces: tuple[Surface, Surface]) -> Diff:
    return diff_surfaces(*surfaces)


def test_every_change_kind_is_found_and_classified(diff: Diff) -> None:
    found = {(c.kind, c.subject, c.breaking) for c in diff.changes}
    assert found == EXPECTED
    assert {c.breaking for c in diff.changes} == {True, False}
    assert all(c.reason for c in diff.changes)


def test_changes_name_both_python_and_api(diff: Diff) -> None:
    by_subject = {c.subject: c for c in diff.changes}
    assert (
        by_subject["CreateThingRequest.owner"].api
        == "#/components/schemas/createThingRequest/properties/owner"
    )
    assert by_subject["things.things_create(mode)"].api == "POST /deployments/{deployment-id}/things"
    assert (by_subject["CreateThingRequest.size"].old, by_subject["CreateThingRequest.size"].new) == (
        "int | Unset",
        "int | None | Unset",
    )


def test_a_version_against_itself_has_no_change(surfaces: tuple[Surface, Surface]) -> None:
    for surface in surfaces:
        assert diff_surfaces(surface, surface).changes == []


def test_compare_types() -> None:
    assert compare_types("int", "int | None") == "widened"
    assert compare_types("list[A | B] | None", "list[A | B]") == "narrowed"
    assert compare_types("int", "str") == "changed"
    assert compare_types("A | B", "B | A") == "same"


def test_text_is_grouped_with_a_summary_line(diff: Diff) -> None:
    text = render(diff, "text")
    lines = text.splitlines()
    assert lines[-1] == diff.summary()
    assert lines[-1].startswith("2024-01-01 -> 2024-02-01: 33 changes, 19 breaking, 14 non-breaking")
    assert "operations +1 -1 ~4" in lines[-1] and "schemas +1 -0 ~0" in lines[-1]
    sections = [line for line in lines if line and not line.startswith(" ") and "(" in line]
    assert [s.split()[0] for s in sections[:4]] == ["operations", "models", "enums", "schemas"]
    assert "BREAKING field.removed" in text


def test_markdown_is_a_table_per_section(diff: Diff) -> None:
    md = render(diff, "markdown")
    assert md.startswith("## API surface: `2024-01-01` → `2024-02-01`")
    assert "### Models (" in md and "| :boom: | field.removed | `CreateThingRequest.legacy` |" in md
    assert "`int \\| Unset` → `int \\| None \\| Unset`" in md


def test_json_matches_its_documented_schema(diff: Diff) -> None:
    schema = json.loads(SCHEMA_PATH.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(render(diff, "json"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data == json.loads(json.dumps(to_data(diff)))
    assert data["summary"]["breaking"] == len(diff.breaking) == 19
    kinds = set(schema["$defs"]["change"]["properties"]["kind"]["enum"])
    assert {c.kind for c in diff.changes} <= kinds


def _run(root: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--root", str(root), *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_exit_codes(packages: tuple[Path, Path, Path]) -> None:
    root, old, new = packages
    assert _run(root, "diff", "2024-01-01", "2024-02-01")[0] == 0
    code, out, _ = _run(root, "diff", "2024-01-01", "2024-02-01", "--fail-on", "breaking")
    assert code == 1 and "19 breaking" in out
    assert _run(root, "diff", "2024-02-01", "2024-02-01", "--fail-on", "breaking")[0] == 0
    code, out, _ = _run(root, "diff", str(old), str(new), "--format", "json")
    assert code == 0 and json.loads(out)["summary"]["changes"] == 33


def test_cli_bad_input_exits_2_saying_what_to_run(packages: tuple[Path, Path, Path], tmp_path: Path) -> None:
    root = packages[0]
    code, _, err = _run(root, "diff", "2024-01-01", "2031-01-01")
    assert (
        code == 2
        and "'2031-01-01' is neither a pinned api-version nor a folder" in err
        and "add-version" in err
    )
    pin = root / "specs" / "2024-03-01" / "pin.json"
    pin.parent.mkdir()
    pin.write_text("{}")
    try:
        code, _, err = _run(root, "diff", "2024-01-01", "2024-03-01")
    finally:
        pin.unlink()
        pin.parent.rmdir()
    assert code == 2 and "run `aoai-codegen generate 2024-03-01`" in err
    code, _, err = _run(root, "diff", "2024-01-01", str(tmp_path))
    assert code == 2 and "not a generated package" in err
