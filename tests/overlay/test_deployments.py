"""Deployment names are one path segment: unsafe names are refused, the rest percent-encoded."""

from __future__ import annotations

import pytest
from aoai.deployments import check_deployment_name, deployment_segment
from core_support import Api


@pytest.mark.parametrize("name", ["a/b", "..", ".", "", "  ", "a\\b", "bad\nname", "tab\there", "del\x7f"])
def test_unsafe_names_rejected_with_reason(name: str) -> None:
    with pytest.raises(ValueError, match=r"invalid deployment name") as caught:
        check_deployment_name(name)
    assert "single path segment" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "segment"),
    [("gpt-4o-mini", "gpt-4o-mini"), ("x?y", "x%3Fy"), ("a b", "a%20b"), ("50%", "50%25"), ("x#y", "x%23y")],
)
def test_other_names_percent_encoded(name: str, segment: str) -> None:
    assert deployment_segment(name) == segment


def test_client_deployment_path_falls_back_to_default(api: Api) -> None:
    client = api.client(azure_deployment="gpt-4o-mini")
    assert client.deployment_path(None) == "gpt-4o-mini"
    assert client.deployment_path("x?y") == "x%3Fy"
    assert client.deployment_name("x?y") == "x?y"
    with pytest.raises(ValueError, match=r"no deployment given"):
        api.client().deployment_path(None)
    with pytest.raises(ValueError, match=r"invalid deployment name 'a/b'"):
        client.deployment_path("a/b")
    with pytest.raises(ValueError, match=r"invalid deployment name '..'"):
        api.client(azure_deployment="..")


def test_encoded_name_reaches_the_server_as_one_segment(api: Api) -> None:
    """`x?y` must not start a query string: the emulator sees deployment `x?y` and answers 404."""
    import aoai

    client = api.client()
    with pytest.raises(aoai.NotFoundError) as caught:
        api.chat(client, deployment="x?y")
    assert caught.value.response.request.url.raw_path.startswith(
        b"/openai/deployments/x%3Fy/chat/completions?"
    )
