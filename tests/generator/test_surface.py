"""The surface extractor on a tiny generated package, and on the real pinned packages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from aoai_codegen.surface import Surface, SurfaceError, extract_surface, package_for

from tests.generator.diff_fixtures import OLD, pin_and_generate, project

ROOT = Path(__file__).resolve().parents[2]
REAL = [ROOT / "generated" / p for p in ("aoai_v2024_10_21", "aoai_v2024_10_01_preview")]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Surface:
    layout = project(tmp_path_factory.mktemp("surface"))
    return extract_surface(pin_and_generate(layout, "2024-01-01", OLD))


def test_operation_speaks_python_and_api(tiny: Surface) -> None:
    op = tiny.operations["Things_Create"]
    assert (op.method, op.path, op.module) == (
        "POST",
        "/deployments/{deployment-id}/things",
        "things.things_create",
    )
    assert op.api == "#/paths/~1deployments~1{deployment-id}~1things/post"
    assert op.functions == ["sync", "sync_detailed", "asyncio", "asyncio_detailed"]
    assert op.body == "CreateThingRequest" and op.responses == {"200": "ThingResponse"} and op.streaming
    params = {p.name: p for p in op.parameters}
    assert (params["deployment_id"].location, params["deployment_id"].api_name) == ("path", "deployment-id")
    assert (params["api_version"].location, params["api_version"].required) == ("query", True)
    assert params["limit"].python_type == "int | Unset" and not params["limit"].required
    assert params["limit"].api == "#/paths/~1deployments~1{deployment-id}~1things/post/parameters/2"
    assert tiny.operations["List_Items"].parameters[0].default == "1"
    assert not tiny.operations["List_Items"].streaming


def test_models_fields_and_enums(tiny: Surface) -> None:
    request = tiny.models["CreateThingRequest"]
    fields = {f.name: f for f in request.fields}
    assert request.api == "#/components/schemas/createThingRequest" and request.roles == ["request"]
    assert fields["name"].required and fields["name"].python_type == "str"
    assert fields["size"].python_type == "int | Unset" and not fields["size"].nullable
    assert fields["size"].api == "#/components/schemas/createThingRequest/properties/size"
    assert fields["note"].default == "'x'"
    kind = {f.name: f for f in tiny.models["ThingResponse"].fields}["kind"]
    assert kind.nullable and kind.required and tiny.models["ThingResponse"].roles == ["response"]
    assert sorted(tiny.enums["Color"].values) == ["green", "red"]
    assert tiny.enums["Color"].api == "#/components/schemas/color"
    assert tiny.schemas["color"].python == "Color" and tiny.problems == []


def test_surface_round_trips_through_json(tiny: Surface) -> None:
    again = Surface.from_dict(json.loads(tiny.to_json()))
    assert again == tiny


def test_not_a_package_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SurfaceError, match="not a generated package"):
        extract_surface(tmp_path)


def test_package_for_says_what_to_run(tmp_path: Path) -> None:
    layout = project(tmp_path)
    with pytest.raises(SurfaceError, match="neither a pinned api-version nor a folder; pinned: none"):
        package_for(layout.generated, layout.specs, "2030-01-01")
    (layout.specs / "2030-01-01").mkdir()
    (layout.specs / "2030-01-01" / "pin.json").write_text("{}")
    with pytest.raises(SurfaceError, match=r"not generated .*aoai-codegen generate 2030-01-01"):
        package_for(layout.generated, layout.specs, "2030-01-01")


@pytest.mark.parametrize("package", REAL, ids=lambda p: p.name)
def test_real_packages_agree_with_their_documents(package: Path) -> None:
    assert package.is_dir(), f"{package} not generated: run `make generate`"
    surface = extract_surface(package)
    document = json.loads((package / "openapi.json").read_text())
    ids = {
        op["operationId"]
        for item in document["paths"].values()
        for op in item.values()
        if "operationId" in op
    }
    assert set(surface.operations) == ids
    assert set(surface.schemas) == set(document["components"]["schemas"])
    assert surface.problems == []
    chat = surface.operations["ChatCompletions_Create"]
    assert chat.module == "chat.chat_completions_create" and chat.streaming
    seed = {f.name: f for f in surface.models["CreateChatCompletionRequest"].fields}["seed"]
    assert seed.python_type == "int | None | Unset"
    assert seed.api == "#/components/schemas/createChatCompletionRequest/properties/seed"
