"""`aoai emulator`: the emulator's own command line, in the foreground, stopped by Ctrl-C."""

from __future__ import annotations

import signal

import httpx2

from tests.cli.conftest import GA, run, spawn


def test_emulator_serves_until_ctrl_c() -> None:
    proc = spawn(["emulator", "--host", "127.0.0.1", "--port", "0"], {})
    try:
        assert proc.stdout is not None
        printed = {}
        for line in proc.stdout:
            name, sep, value = line.strip().partition("=")
            if sep:
                printed[name] = value
            if name == "IDENTITY_HEADER":
                break
        endpoint, key = printed["AZURE_OPENAI_ENDPOINT"], printed["AZURE_OPENAI_API_KEY"]
        assert endpoint.startswith("http://127.0.0.1:")
        reply = httpx2.post(
            f"{endpoint}/openai/deployments/text-embedding-3-small/embeddings",
            params={"api-version": GA},
            headers={"api-key": key},
            json={"input": "hello"},
        )
        assert reply.status_code == 200
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
    assert "Traceback" not in stderr


def test_emulator_help_is_the_emulators_own() -> None:
    result = run(["emulator", "--help"], {})
    assert result.returncode == 0
    assert "--port" in result.stdout and "--trigger-word" in result.stdout
