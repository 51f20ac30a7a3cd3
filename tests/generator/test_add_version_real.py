"""add-version as a new user would run it, on a realistic document the patches were not written for.

The document is the pinned GA one, changed the way newer Azure documents change: no stream
schemas (the chat reply's oneOf names only the completion), a new titled schema, and the
`stream_options` member that carried patch 09 adds already declared. Then, in a fresh
interpreter with the new package on its path, the facade runs against the emulator:
chat, a stream (chunks as plain data, folded into the version's completion) and embeddings.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from aoai_codegen.cli import main
from aoai_codegen.layout import Layout
from aoai_codegen.surface import extract_surface
from click.testing import CliRunner

from tests.conftest import ROOT
from tests.generator.pipeline_project import copy_project

NEW = "2026-01-01"
COMMIT = "c0ffee" + "0" * 34
CHAT = "/paths/~1deployments~1{deployment-id}~1chat~1completions/post/responses/200/content/application~1json/schema"


def newer_document(mirror: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((mirror / "2024-10-21" / "inference.json").read_text("utf-8"))
    document["info"]["version"] = NEW
    schemas = document["components"]["schemas"]
    del schemas["createChatCompletionStreamResponse"], schemas["chatCompletionStreamResponseDelta"]
    chat = document["paths"]["/deployments/{deployment-id}/chat/completions"]["post"]
    chat["responses"]["200"]["content"]["application/json"]["schema"] = {
        "$ref": "#/components/schemas/createChatCompletionResponse"
    }
    schemas["chatCompletionRequestDeveloperMessage"] = {
        "title": "Developer message",
        "type": "object",
        "required": ["role", "content"],
        "properties": {"role": {"type": "string", "enum": ["developer"]}, "content": {"type": "string"}},
    }
    schemas["chatCompletionRequestMessage"]["oneOf"].append(
        {"$ref": "#/components/schemas/chatCompletionRequestDeveloperMessage"}
    )
    schemas["createChatCompletionRequest"]["allOf"][1]["properties"]["stream_options"] = {
        "$ref": "#/components/schemas/chatCompletionStreamOptions"
    }
    return document


@pytest.fixture(scope="module")
def added(tmp_path_factory: pytest.TempPathFactory, specs_mirror: Path) -> tuple[Layout, str]:
    root = tmp_path_factory.mktemp("add-version-real")
    project = copy_project(ROOT, root / "project")
    for version in [p.parent.name for p in (project / "specs").glob("*/pin.json")]:
        if version != "2024-10-21":  # the project as it was when only the GA version mattered
            shutil.rmtree(project / "specs" / version)
    mirror = root / "mirror"
    (mirror / "2024-10-21").mkdir(parents=True)
    shutil.copy(specs_mirror / "2024-10-21" / "inference.json", mirror / "2024-10-21")
    (mirror / NEW).mkdir()
    (mirror / NEW / "inference.json").write_text(json.dumps(newer_document(specs_mirror), indent=1))
    env = {"SPECS_MIRROR": str(mirror), "AOAI_SPECS_CACHE": str(root / "cache")}
    runner = CliRunner(env=env)
    generated = runner.invoke(main, ["--root", str(project), "generate", "2024-10-21"])
    assert generated.exit_code == 0, generated.output
    result = runner.invoke(
        main,
        ["--root", str(project), "add-version", NEW, "--channel", "ga", "--commit", COMMIT, "--trust-mirror"],
    )
    assert result.exit_code == 0, result.output
    return Layout(project, project / "specs", project / "generated", root / "cache", mirror), result.output


def test_carried_patches_are_reported_one_line_each(added: tuple[Layout, str]) -> None:
    layout, output = added
    lines = output.splitlines()
    patch_lines = [line for line in lines if line.startswith("patch ")]
    assert len(patch_lines) == len(list((ROOT / "specs" / "2024-10-21" / "patches").glob("*.json")))
    assert max(len(line) for line in lines) < 600  # one line per finding, never a document dump
    assert (
        "patch 03-chat-response-json-is-a-completion.json (from 2024-10-21): REDUNDANT: operation 0 "
        f"(test {CHAT}/oneOf/1/$ref): nothing at {CHAT}/oneOf; not copied"
    ) in lines
    assert (
        "patch 08-stream-chunks-as-sent.json (from 2024-10-21): DROPPED: operation 0 (test "
        "/components/schemas/createChatCompletionStreamResponse/properties/choices/items/properties/finish_reason/enum): "
        "nothing at /components/schemas/createChatCompletionStreamResponse; not copied"
    ) in lines
    redundant_09 = next(line for line in lines if line.startswith("patch 09-"))
    assert redundant_09.startswith(
        "patch 09-chat-request-stream-options.json (from 2024-10-21): REDUNDANT: operation 1 "
        "(add /components/schemas/createChatCompletionRequest/allOf/1/properties/stream_options): "
        "add onto a member the document already has"
    )
    copied = sorted(p.name for p in layout.patches_dir(NEW).iterdir())
    assert copied == sorted(line.split()[1] for line in patch_lines if line.endswith(": applies"))
    assert "03-chat-response-json-is-a-completion.json" not in copied
    pin = json.loads(layout.pin_file(NEW).read_text())
    assert pin["path"].endswith(f"/stable/{NEW}/inference.json") and pin["commit"] == COMMIT


def test_the_diff_is_printed_oldest_first_and_joins_cleanly(added: tuple[Layout, str]) -> None:
    layout, output = added
    assert f"Surface diff 2024-10-21 -> {NEW}" in output
    assert "model.added                  ChatCompletionRequestDeveloperMessage" in output
    assert "model.removed                CreateChatCompletionStreamResponse" in output
    surface = extract_surface(layout.package_dir(NEW))
    assert surface.problems == []


def test_the_new_package_records_no_stream_chunk_and_names_the_titled_schema_by_its_key(
    added: tuple[Layout, str],
) -> None:
    layout, _ = added
    package = layout.package_dir(NEW)
    facade = (package / "_facade.py").read_text("utf-8")
    namespace: dict[str, Any] = {}
    exec(compile(facade, str(package / "_facade.py"), "exec"), namespace)
    chat = namespace["OPERATIONS"][namespace["FACADE"]["chat.completions.create"]]
    assert chat["stream"] == {"schema": None, "model": None, "variants": (), "events": {}, "found_by": None}
    fates = {f["schema"]: f for f in json.loads((package / "schemas.json").read_text("utf-8"))}
    assert (
        fates["chatCompletionRequestDeveloperMessage"]["class_name"]
        == "ChatCompletionRequestDeveloperMessage"
    )


FACADE_RUN = """
import asyncio, json, sys
import aoai
from aoai.plain import PlainObject
from aoai_emulator.testing import running_emulator

version = sys.argv[1]
with running_emulator() as emulator:
    assert version in emulator.api_versions, emulator.api_versions
    with aoai.AzureOpenAI(azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=version) as client:
        reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hello"}])
        texts, kinds = [], set()
        with client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "Hello"}], stream=True,
            stream_options={"include_usage": True},
        ) as stream:
            for chunk in stream:
                kinds.add(type(chunk).__name__)
                if chunk.choices and chunk.choices[0].delta and chunk.choices[0].delta.content:
                    texts.append(chunk.choices[0].delta.content)
            final = stream.get_final_completion()
        vectors = client.embeddings.create(model="text-embedding-3-small", input=["a", "b"])

    async def streamed_async():
        async with aoai.AsyncAzureOpenAI(
            azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=version
        ) as aclient:
            stream = await aclient.chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": "Hello"}], stream=True
            )
            return (await stream.get_final_completion()).choices[0].message.content

    print(json.dumps({
        "reply_type": type(reply).__name__,
        "reply": reply.choices[0].message.content,
        "chunk_types": sorted(kinds),
        "streamed": "".join(texts),
        "final_type": type(final).__name__,
        "final": final.choices[0].message.content,
        "async_final": asyncio.run(streamed_async()),
        "embedding_type": type(vectors).__name__,
        "embeddings": [len(item.embedding) for item in vectors.data],
        "floats": all(isinstance(x, float) for x in vectors.data[0].embedding),
    }))
"""


def test_the_facade_runs_the_new_version_against_the_emulator(added: tuple[Layout, str]) -> None:
    layout, _ = added
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(layout.generated), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-c", FACADE_RUN, NEW],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["reply_type"] == "CreateChatCompletionResponse" and seen["reply"]
    assert seen["chunk_types"] == ["PlainObject"]  # the document describes no chunk
    assert seen["streamed"] == seen["final"] == seen["async_final"] and seen["final"]
    assert seen["final_type"] == "CreateChatCompletionResponse"
    assert seen["embedding_type"] == "EmbeddingsCreateResponse200"  # the GA document declares it inline
    assert len(seen["embeddings"]) == 2 and seen["embeddings"][0] == seen["embeddings"][1] > 0
    assert seen["floats"] is True


def test_make_add_version_passes_trust_mirror(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            "make",
            "-n",
            "-C",
            str(ROOT),
            "add-version",
            "VERSION=v9",
            "CHANNEL=ga",
            f"COMMIT={COMMIT}",
            "TRUST_MIRROR=1",
        ],
        capture_output=True,
        text=True,
    )
    command = next(line for line in done.stdout.splitlines() if "aoai-codegen add-version" in line)
    assert command.split()[1:] == [
        "add-version",
        "v9",
        "--channel",
        "ga",
        "--commit",
        COMMIT,
        "--trust-mirror",
    ]
    without = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "add-version", "VERSION=v9", "CHANNEL=ga", f"COMMIT={COMMIT}"],
        capture_output=True,
        text=True,
    )
    assert "--trust-mirror" not in without.stdout
