"""Item 2: every path parameter of every generated operation is one segment, whatever the call path.

The generated `_get_kwargs` percent-encodes each parameter, which leaves `.` and `..` as they
are, and httpx2 then normalises dot segments away: `vector_store_id=".."` turned
`DELETE /vector_stores/../files/file-1` into `DELETE /files/file-1` (deleting the file
itself). An empty id (`threads//runs`) shifts the route the same way. Each case checks,
on a real server, that nothing was sent and the error names the segment.
"""

from __future__ import annotations

from typing import Any

import aoai
import pytest

from tests.hardening.wire_server import WireServer, json_reply

PREVIEW = "2024-10-01-preview"
BAD_IDS = ["..", ".", ""]


def _client(server: WireServer, **kwargs: Any) -> aoai.AzureOpenAI:
    return aoai.AzureOpenAI(
        azure_endpoint=server.base_url, api_version=PREVIEW, api_key="k", max_retries=0, **kwargs
    )


@pytest.mark.parametrize("bad", BAD_IDS)
def test_facade_operations_refuse_dot_and_empty_ids(server: WireServer, bad: str) -> None:
    with _client(server) as client:
        with pytest.raises(ValueError) as caught:
            client.operations.vector_stores.delete_vector_store_file(vector_store_id=bad, file_id="file-1")
        with pytest.raises(ValueError):
            client.operations.threads.delete_thread(thread_id=bad)
    assert server.seen == []
    message = str(caught.value)
    assert "path segment" in message and "/vector_stores/" in message
    assert "expected" in message


def test_the_generated_client_path_is_checked_too(server: WireServer) -> None:
    from aoai_v2024_10_01_preview.api.threads import delete_thread
    from aoai_v2024_10_01_preview.api.vector_stores import delete_vector_store_file

    with _client(server) as client:
        with pytest.raises(ValueError, match=r"'\.\.'"):
            delete_thread.sync("..", client=client.generated_client, api_version=PREVIEW)
        with pytest.raises(ValueError):
            delete_vector_store_file.sync_detailed(
                "..", "file-1", client=client.generated_client, api_version=PREVIEW
            )
    assert server.seen == []


def test_a_deployment_passed_positionally_is_checked(server: WireServer) -> None:
    with _client(server) as client, pytest.raises(ValueError):
        client.operations.chat.chat_completions_create("..", body={"messages": []})
    assert server.seen == []


def test_the_raw_http_client_is_checked_too(server: WireServer) -> None:
    with _client(server) as client, pytest.raises(ValueError):
        client.http_client.delete("threads/../files/file-1")
    assert server.seen == []


def test_the_async_client_refuses_the_same_way(server: WireServer, portal: Any) -> None:
    async def call() -> BaseException:
        async with aoai.AsyncAzureOpenAI(
            azure_endpoint=server.base_url, api_version=PREVIEW, api_key="k", max_retries=0
        ) as client:
            try:
                await client.operations.threads.delete_thread(thread_id="..")
            except Exception as exc:
                return exc
        raise AssertionError("no error")

    assert isinstance(portal.call(call), ValueError)  # type: ignore[attr-defined]
    assert server.seen == []


@pytest.mark.parametrize("good", ["a..b", ".hidden", "x.", "%2E%2E", "a/b", "thread_1"])
def test_ids_that_merely_contain_dots_or_slashes_are_one_encoded_segment(
    server: WireServer, good: str
) -> None:
    server.script(json_reply({"id": "x", "object": "thread.deleted", "deleted": True}))
    with _client(server) as client:
        client.operations.threads.delete_thread(thread_id=good)
    (seen,) = server.seen
    path = seen.path.partition("?")[0]
    prefix = "/openai/threads/"
    assert path.startswith(prefix) and "/" not in path[len(prefix) :]
    from urllib.parse import unquote

    assert unquote(path[len(prefix) :]) == good
