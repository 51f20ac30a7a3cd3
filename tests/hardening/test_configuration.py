"""Items 3, 13, 14 and 17: what a client is built from, checked up front and never shown unsafely.

- 3: an endpoint with a password in its userinfo kept the password in `repr(client)`;
- 13: `api_version="2024.10.21"` passed construction and failed at the first call with a bare
  `ImportError` (the package name rule maps `.` and `-` alike);
- 14: the per-client URL memo sent `flag=1` for `{"flag": True}` after a call with `{"flag": 1}`;
- 17: an endpoint given with `/openai` at its end became `/openai/openai/...`.
"""

from __future__ import annotations

from typing import Any

import aoai
import pytest

from tests.hardening.conftest import API_VERSION
from tests.hardening.wire_server import WireServer, json_reply

MESSAGES = [{"role": "user", "content": "hi"}]
COMPLETION = {"id": "c", "object": "chat.completion", "created": 1, "model": "m", "choices": []}


def test_repr_and_errors_never_show_a_password_in_the_endpoint() -> None:
    client = aoai.AzureOpenAI(
        azure_endpoint="http://user:s3cret-pw@127.0.0.1:9", api_version=API_VERSION, api_key="k"
    )
    assert "s3cret-pw" not in repr(client) and "s3cret-pw" not in str(client)
    assert "user:[secure]@127.0.0.1:9" in repr(client)
    with pytest.raises(ValueError) as caught:
        aoai.AzureOpenAI(azure_endpoint="ftp://user:s3cret-pw@host", api_version=API_VERSION, api_key="k")
    assert "s3cret-pw" not in str(caught.value)


@pytest.mark.parametrize("name", ["2024.10.21", "2024_10_21", "2024-10-21 ", "2024-10-01_preview"])
def test_an_api_version_that_only_maps_to_a_package_is_refused_up_front(name: str) -> None:
    with pytest.raises(ValueError) as caught:
        aoai.AzureOpenAI(azure_endpoint="http://127.0.0.1:9", api_version=name, api_key="k")
    message = str(caught.value)
    assert repr(name) in message
    assert "2024-10-21" in message and "2024-10-01-preview" in message  # the known ones, listed


@pytest.mark.parametrize(
    ("first", "then", "sent"),
    [(1, True, "true"), (True, 1, "1"), (1, 1.0, "1.0"), (1.0, 1, "1"), ("1", 1, "1")],
)
def test_the_url_memo_keeps_the_type_of_each_query_value(
    server: WireServer, first: Any, then: Any, sent: str
) -> None:
    server.script(json_reply(COMPLETION))
    with aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k") as client:
        for value in (first, then):
            client.chat.completions.create(model="d", messages=MESSAGES, extra_query={"flag": value})
    assert server.seen[-1].path.endswith(f"flag={sent}"), server.seen[-1].path


@pytest.mark.parametrize("suffix", ["/openai", "/openai/", "/"])
def test_an_endpoint_ending_in_openai_is_normalised(server: WireServer, suffix: str) -> None:
    server.script(json_reply(COMPLETION))
    endpoint = server.base_url + suffix
    with aoai.AzureOpenAI(azure_endpoint=endpoint, api_version=API_VERSION, api_key="k") as client:
        assert client.azure_endpoint == server.base_url
        client.chat.completions.create(model="d", messages=MESSAGES)
    assert server.seen[0].path.startswith("/openai/deployments/d/chat/completions?")


def test_an_endpoint_path_other_than_openai_is_kept(server: WireServer) -> None:
    """A gateway mounting the service under a prefix keeps its prefix."""
    server.script(json_reply(COMPLETION))
    with aoai.AzureOpenAI(
        azure_endpoint=server.base_url + "/gateway/aoai", api_version=API_VERSION, api_key="k"
    ) as client:
        client.chat.completions.create(model="d", messages=MESSAGES)
    assert server.seen[0].path.startswith("/gateway/aoai/openai/deployments/d/chat/completions?")
