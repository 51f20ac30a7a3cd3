"""The HTTP client's fast paths (remembered URLs, cookie parsing only when set) change nothing on the wire."""

from __future__ import annotations

import httpx2
from aoai._http import SyncHTTPClient


def _client() -> SyncHTTPClient:
    return SyncHTTPClient(
        max_retries=0,
        base_url="https://r.openai.azure.com/openai/",
        params={"api-version": "2024-10-21", "tenant": "a b"},
    )


def test_urls_match_what_httpx_builds_and_are_reused(monkeypatch) -> None:
    client = _client()
    merges: list[object] = []
    real_merge = client._merge_url
    monkeypatch.setattr(client, "_merge_url", lambda url: merges.append(url) or real_merge(url))
    plain = httpx2.Client(
        base_url="https://r.openai.azure.com/openai/", params={"api-version": "2024-10-21", "tenant": "a b"}
    )
    for path, params in [
        ("/deployments/gpt-4o/chat/completions", {"api-version": "2024-10-21"}),
        ("/deployments/x%3Fy/embeddings", {"extra": "1"}),
        ("/assistants", None),
    ]:
        ours = client.build_request("POST", path, params=params)
        theirs = plain.build_request("POST", path, params=params)
        assert ours.url == theirs.url
        assert client.build_request("POST", path, params=params).url == ours.url
    # Three distinct (path, query) pairs joined once each; the repeats came from the memo.
    assert [m for m in merges if isinstance(m, str)] == [
        "/deployments/gpt-4o/chat/completions",
        "/deployments/x%3Fy/embeddings",
        "/assistants",
    ]
    assert len(client._urls) == 3


def test_per_call_query_overrides_the_default_and_unhashable_values_still_work() -> None:
    client = _client()
    url = client.build_request("GET", "/assistants", params={"api-version": "2099-01-01"}).url
    assert url.params["api-version"] == "2099-01-01" and url.params["tenant"] == "a b"
    listed = client.build_request("GET", "/assistants", params={"include": ["a", "b"]}).url
    assert listed.params.get_list("include") == ["a", "b"] and listed.params["api-version"] == "2024-10-21"
    absolute = client.build_request(
        "GET", httpx2.URL("https://r.openai.azure.com/openai/x"), params={"q": "1"}
    ).url
    assert absolute.params["q"] == "1" and absolute.params["api-version"] == "2024-10-21"


def test_the_memo_is_bounded() -> None:
    client = _client()
    for n in range(client.MAX_URLS + 5):
        client.build_request("GET", f"/threads/t{n}")
    assert len(client._urls) <= client.MAX_URLS


def test_cookies_a_response_sets_are_still_sent_back() -> None:
    seen: list[str | None] = []

    def reply(request: httpx2.Request) -> httpx2.Response:
        seen.append(request.headers.get("cookie"))
        if request.url.path.endswith("/login"):
            return httpx2.Response(200, headers={"set-cookie": "affinity=node-7; Path=/"})
        return httpx2.Response(200)

    client = SyncHTTPClient(
        max_retries=0, base_url="https://r.openai.azure.com/openai/", transport=httpx2.MockTransport(reply)
    )
    client.get("/assistants")
    client.get("/login")
    client.get("/assistants")
    assert seen == [None, None, "affinity=node-7"]
    assert client.cookies.get("affinity") == "node-7"
