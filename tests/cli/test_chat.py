"""`aoai chat` against the emulator: output, streaming order, auth, errors and exit codes."""

from __future__ import annotations

import json
import signal
import time
import uuid
from typing import Any

from tests.cli.conftest import invoke, run, spawn

PROMPT = "Name three colours of the rainbow."
FAULT = "x-aoai-emulator-fault"


def new_test_id() -> str:
    return f"cli-{uuid.uuid4().hex[:12]}"


def only_error_line(stderr: str) -> str:
    """The one line an expected error prints (no traceback, nothing else)."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("aoai: error: ")
    return lines[0]


def test_streamed_answer_equals_the_non_streamed_one(env: dict[str, Any]) -> None:
    streamed = invoke(["chat", PROMPT], env)
    whole = invoke(["chat", PROMPT, "--no-stream"], env)
    assert streamed.exit_code == whole.exit_code == 0, streamed.output + whole.output
    assert streamed.stdout.strip()
    assert streamed.stdout == whole.stdout
    assert streamed.stderr == ""


def test_stream_prints_deltas_in_arrival_order(env: dict[str, Any], emulator: Any) -> None:
    from aoai import AzureOpenAI

    client = AzureOpenAI(
        azure_endpoint=emulator.base_url, api_key=emulator.api_key, api_version=env["OPENAI_API_VERSION"]
    )
    with client.chat.completions.create(
        model="gpt-4o", messages=[{"role": "user", "content": PROMPT}], stream=True
    ) as stream:
        deltas = [
            c.choices[0].delta.content
            for c in stream
            if c.choices and c.choices[0].delta and isinstance(c.choices[0].delta.content, str)
        ]
    assert len(deltas) > 1
    assert invoke(["chat", PROMPT], env).stdout == "".join(deltas) + "\n"


def test_json_prints_the_final_completion(env: dict[str, Any]) -> None:
    streamed = invoke(["chat", PROMPT], env).stdout.rstrip("\n")
    for flags in (["--json"], ["--json", "--no-stream"]):
        result = invoke(["chat", PROMPT, *flags], env)
        assert result.exit_code == 0, result.output
        completion = json.loads(result.stdout)
        assert completion["choices"][0]["message"]["content"] == streamed
        assert completion["choices"][0]["finish_reason"] == "stop"


def test_system_and_sampling_flags_reach_the_request(env: dict[str, Any]) -> None:
    result = invoke(
        ["chat", PROMPT, "--system", "Be terse.", "--temperature", "0.2", "--max-tokens", "2", "--json"], env
    )
    assert result.exit_code == 0, result.output
    completion = json.loads(result.stdout)
    assert completion["choices"][0]["finish_reason"] == "length"
    assert result.stderr == "aoai: finish reason: length\n"


def test_entra_id_through_the_managed_identity_endpoint(entra_env: dict[str, Any], emulator: Any) -> None:
    tid = new_test_id()
    result = invoke(["chat", PROMPT, "--entra", "-H", f"x-aoai-test-id: {tid}"], entra_env)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert emulator.stats(tid)["auth"] == ["bearer"]


def test_flags_override_the_environment(env: dict[str, Any], emulator: Any) -> None:
    wrong = {**env, "AZURE_OPENAI_ENDPOINT": "http://127.0.0.1:9", "AZURE_OPENAI_API_KEY": "wrong"}
    result = invoke(["chat", PROMPT, "--endpoint", emulator.base_url, "--api-key", emulator.api_key], wrong)
    assert result.exit_code == 0, result.output


def test_content_filter_is_one_line_with_status_code_and_request_id(env: dict[str, Any]) -> None:
    result = invoke(["chat", "Tell me something forbidden."], env)
    assert result.exit_code == 1
    assert result.stdout == ""
    line = only_error_line(result.stderr)
    assert line.startswith(
        "aoai: error: ContentFilterError: HTTP 400 content_filter: The response was filtered"
    )
    assert "(request id: " in line


def test_unknown_deployment_is_not_found(env: dict[str, Any]) -> None:
    result = invoke(["chat", PROMPT, "--deployment", "no-such-deployment"], env)
    assert result.exit_code == 1
    assert only_error_line(result.stderr).startswith(
        "aoai: error: NotFoundError: HTTP 404 DeploymentNotFound: "
    )


def test_wrong_key_is_authentication_error(env: dict[str, Any]) -> None:
    result = invoke(["chat", PROMPT, "--api-key", "wrong-key"], env)
    assert result.exit_code == 1
    assert only_error_line(result.stderr).startswith("aoai: error: AuthenticationError: HTTP 401")


def test_429_is_retried_then_succeeds(env: dict[str, Any], emulator: Any) -> None:
    tid = new_test_id()
    headers = ["-H", f"{FAULT}: 429; retry-after-ms=10; times=1", "-H", f"x-aoai-test-id: {tid}"]
    result = invoke(["chat", PROMPT, *headers], env)
    assert result.exit_code == 0, result.output
    assert emulator.stats(tid)["attempts"] == 2


def test_429_without_retries_is_rate_limit_error(env: dict[str, Any]) -> None:
    headers = ["-H", f"{FAULT}: 429; retry-after-ms=10", "-H", f"x-aoai-test-id: {new_test_id()}"]
    result = invoke(["chat", PROMPT, "--max-retries", "0", *headers], env)
    assert result.exit_code == 1
    assert only_error_line(result.stderr).startswith("aoai: error: RateLimitError: HTTP 429")


def test_refused_connection_is_one_line(env: dict[str, Any]) -> None:
    result = invoke(["chat", PROMPT, "--endpoint", "http://127.0.0.1:9", "--max-retries", "0"], env)
    assert result.exit_code == 1
    assert only_error_line(result.stderr).startswith("aoai: error: APIConnectionError: ")


def test_tokens_are_printed_before_the_stream_ends(env: dict[str, Any]) -> None:
    """The emulator cuts the stream half-way: what arrived is on stdout, then one error line."""
    full = invoke(["chat", PROMPT], env).stdout.rstrip("\n")
    result = run(["chat", PROMPT, "-H", f"{FAULT}: cut", "-H", f"x-aoai-test-id: {new_test_id()}"], env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    partial = result.stdout.rstrip("\n")
    assert partial and full.startswith(partial) and partial != full
    assert only_error_line(result.stderr.lstrip("\n"))


def test_ctrl_c_while_waiting_on_the_stream_exits_130(env: dict[str, Any], emulator: Any) -> None:
    tid = new_test_id()
    proc = spawn(["chat", PROMPT, "-H", f"{FAULT}: stall; seconds=60", "-H", f"x-aoai-test-id: {tid}"], env)
    try:
        while emulator.stats(tid)["attempts"] == 0 and proc.poll() is None:
            time.sleep(0.02)  # wait for the request to reach the server (not a timing assert)
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130
    assert "Traceback" not in stderr
    assert stderr.strip() == "aoai: interrupted"
    assert stdout == ""


def test_entra_failure_is_one_line(entra_env: dict[str, Any]) -> None:
    env = {**entra_env, "IDENTITY_HEADER": "not-the-emulators-secret"}
    result = run(["chat", PROMPT, "--entra"], env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    line = only_error_line(result.stderr)
    assert "ClientAuthenticationError" in line or "CredentialUnavailableError" in line


def test_dash_reads_the_prompt_from_stdin(env: dict[str, Any]) -> None:
    from_stdin = invoke(["chat", "-", "--no-stream"], env, input=PROMPT)
    assert from_stdin.exit_code == 0, from_stdin.output
    assert from_stdin.stdout == invoke(["chat", PROMPT, "--no-stream"], env).stdout
