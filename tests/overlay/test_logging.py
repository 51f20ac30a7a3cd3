"""One DEBUG line per attempt through `logging.getLogger("aoai")`, and secrets never in logs, reprs or errors."""

from __future__ import annotations

import aoai
import pytest
from core_support import Api, fault

KEY = "emulator-key"


def _everything_logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.name} {r.getMessage()}" for r in caplog.records)


def test_one_debug_line_per_attempt(api: Api, test_id: str, debug_log: pytest.LogCaptureFixture) -> None:
    client = api.client(max_retries=2)
    api.send(
        client, options=aoai.RequestOptions(extra_headers=fault(test_id, "503; retry-after-ms=5; times=2"))
    )
    lines = [r.getMessage() for r in debug_log.records if r.name == "aoai"]
    assert len(lines) == 3
    assert lines[0].startswith(
        "POST /openai/deployments/gpt-4o-mini/chat/completions -> 503 (attempt 1 of 3)"
    )
    assert "retrying in 0.005 s" in lines[0]
    assert "-> 200 (attempt 3 of 3); done" in lines[2]
    assert all(r.levelname == "DEBUG" for r in debug_log.records if r.name == "aoai")


def test_api_key_redacted_everywhere(api: Api, test_id: str, debug_log: pytest.LogCaptureFixture) -> None:
    assert api.emulator.api_key == KEY
    debug_log.set_level("DEBUG")  # httpx and httpcore too
    client = api.client(max_retries=1)
    api.send(client, options=aoai.RequestOptions(extra_headers=fault(test_id, "500; times=1")))
    logged = _everything_logged(debug_log)
    assert "api-key" in logged and "<redacted>" in logged
    assert KEY not in logged
    assert KEY not in repr(client) and KEY not in str(client)
    assert KEY not in repr(client.http_client.auth)


def test_bearer_token_redacted_everywhere(api: Api, debug_log: pytest.LogCaptureFixture) -> None:
    token = api.emulator.issue_token()
    debug_log.set_level("DEBUG")
    client = api.client(azure_ad_token=token)
    with pytest.raises(aoai.NotFoundError) as caught:
        api.chat(client, deployment="nope")
    texts = [_everything_logged(debug_log), repr(client), str(caught.value), repr(caught.value)]
    assert all(token not in text for text in texts)
    assert "authorization" in texts[0].lower()


def test_bad_key_not_echoed_in_errors(api: Api) -> None:
    client = api.client(api_key="sk-wrong-secret-value")
    with pytest.raises(aoai.AuthenticationError) as caught:
        api.chat(client)
    assert "sk-wrong-secret-value" not in str(caught.value) + repr(caught.value) + repr(client)
