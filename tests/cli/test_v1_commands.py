"""`aoai chat/embed --api-version v1` and `aoai respond` against the emulator's v1 routes."""

from __future__ import annotations

import json
from typing import Any

from tests.cli.conftest import invoke


def _v1(env: dict[str, Any], version: str = "v1") -> dict[str, Any]:
    return {**env, "OPENAI_API_VERSION": version}


def test_chat_and_embed_on_the_v1_api(env: dict[str, Any]) -> None:
    for version in ("v1", "preview"):
        streamed = invoke(["chat", "Say hi", "--api-version", version], env)
        whole = invoke(["chat", "Say hi", "--api-version", version, "--no-stream"], env)
        assert streamed.exit_code == whole.exit_code == 0, streamed.output + whole.output
        assert streamed.stdout == whole.stdout == "This is an emulated reply to: Say hi\n"
        embedded = invoke(["embed", "a", "b", "--api-version", version], env)
        dated = invoke(["embed", "a", "b"], env)  # the same emulated vectors through the dated route
        assert embedded.exit_code == dated.exit_code == 0, embedded.output
        assert embedded.stdout == dated.stdout and embedded.stdout.count(": 1536 dimensions, norm 1.000") == 2


def test_respond_streams_the_reply_and_names_it_for_a_follow_up(env: dict[str, Any]) -> None:
    first = invoke(["respond", "My name is Ada"], _v1(env))
    assert first.exit_code == 0, first.output
    assert first.stdout == "This is an emulated reply to: My name is Ada\n"
    [line] = first.stderr.splitlines()
    assert line.startswith("aoai: response id: resp_")
    response_id = line.rsplit(" ", 1)[1]
    again = invoke(
        ["respond", "What is my name?", "--previous", response_id, "--no-stream"], _v1(env, "preview")
    )
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        "This is an emulated reply to: What is my name? (earlier in this conversation: My name is Ada)\n"
    )


def test_respond_json_prints_the_final_response(env: dict[str, Any]) -> None:
    streamed = invoke(["respond", "Say hi", "--json", "-i", "Be brief."], _v1(env))
    whole = invoke(["respond", "Say hi", "--json", "-i", "Be brief.", "--no-stream"], _v1(env))
    assert streamed.exit_code == whole.exit_code == 0, streamed.output + whole.output
    mine, theirs = json.loads(streamed.stdout), json.loads(whole.stdout)
    assert mine["object"] == "response" and mine["status"] == "completed"
    assert mine["output_text"] == theirs["output_text"] == "This is an emulated reply to: Say hi"
    assert mine["instructions"] == "Be brief."


def test_respond_with_entra_id(entra_env: dict[str, Any]) -> None:
    result = invoke(["respond", "Say hi", "--entra", "--api-version", "v1"], entra_env)
    assert result.exit_code == 0, result.output
    assert result.stdout == "This is an emulated reply to: Say hi\n"


def test_respond_on_a_version_without_the_responses_api_fails_in_one_line(env: dict[str, Any]) -> None:
    result = invoke(["respond", "Say hi"], env)  # the GA dated version
    assert result.exit_code == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(
        "aoai: error: UnsupportedOperationError: api-version 2024-10-21 has no responses.create()"
    )


def test_respond_errors_are_one_line(env: dict[str, Any]) -> None:
    result = invoke(["respond", "Say hi", "-d", "no-such-deployment"], _v1(env))
    assert result.exit_code == 1 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("aoai: error: NotFoundError: HTTP 404 DeploymentNotFound")
