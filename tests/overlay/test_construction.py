"""Construction is where mistakes surface: endpoint, api-version, credentials, settings."""

from __future__ import annotations

import aoai
import httpx2
import pytest
from aoai import versions
from core_support import API_VERSION

ENDPOINT = "https://example.openai.azure.com"


def test_environment_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_ENDPOINT", ENDPOINT + "/")
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "k")
    monkeypatch.setenv("OPENAI_API_VERSION", API_VERSION)
    client = aoai.AzureOpenAI()
    assert (client.azure_endpoint, client.api_version) == (ENDPOINT, API_VERSION)
    assert client.max_retries == 2


def test_missing_endpoint() -> None:
    with pytest.raises(ValueError, match=r"azure_endpoint is required.*AZURE_OPENAI_ENDPOINT"):
        aoai.AzureOpenAI(api_version=API_VERSION, api_key="k")
    with pytest.raises(ValueError, match=r"http\(s\) URL"):
        aoai.AzureOpenAI(azure_endpoint="example.openai.azure.com", api_version=API_VERSION, api_key="k")


def test_missing_credentials() -> None:
    with pytest.raises(ValueError, match=r"missing credentials.*AZURE_OPENAI_API_KEY"):
        aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_version=API_VERSION)


@pytest.mark.parametrize(
    "credentials",
    [
        {"api_key": "k", "azure_ad_token": "t"},
        {"api_key": "k", "azure_ad_token_provider": lambda: "t"},
        {"azure_ad_token": "t", "credential": object()},
    ],
)
def test_conflicting_credentials(credentials: dict[str, object]) -> None:
    with pytest.raises(ValueError, match=r"conflicting credentials: got .*pass exactly one"):
        aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_version=API_VERSION, **credentials)


def test_conflicting_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "k")
    monkeypatch.setenv("AZURE_OPENAI_AD_TOKEN", "t")
    with pytest.raises(ValueError, match=r"both AZURE_OPENAI_API_KEY and AZURE_OPENAI_AD_TOKEN"):
        aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_version=API_VERSION)
    # An explicit credential settles it.
    assert aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_version=API_VERSION, api_key="x")


def test_unknown_api_version_lists_generated_ones() -> None:
    with pytest.raises(ValueError) as caught:
        aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_version="2023-01-01", api_key="k")
    message = str(caught.value)
    assert "'2023-01-01'" in message
    assert "2024-10-21" in message and "2024-10-01-preview" in message
    with pytest.raises(ValueError, match=r"api_version is required"):
        aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_key="k")


def test_package_name_rule_matches_the_generator() -> None:
    from aoai_codegen import layout

    for version in versions.available_api_versions():
        assert versions.package_name(version) == layout.package_name(version)


def test_generated_package_is_lazy_and_right() -> None:
    client = aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_version="2024-10-01-preview", api_key="k")
    assert client.generated.__name__ == "aoai_v2024_10_01_preview"
    assert client.generated_client.get_httpx_client() is client.http_client


def test_sync_client_refuses_async_providers() -> None:
    async def provider() -> str:
        return "t"

    class AsyncCredential:
        async def get_token(self, *scopes: str) -> object:
            raise AssertionError

    for credentials in ({"azure_ad_token_provider": provider}, {"credential": AsyncCredential()}):
        with pytest.raises(TypeError, match=r"use aoai.AsyncAzureOpenAI"):
            aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_version=API_VERSION, **credentials)


def test_bad_settings_are_named() -> None:
    with pytest.raises(ValueError, match=r"max_retries must be an integer >= 0, got -1"):
        aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_version=API_VERSION, api_key="k", max_retries=-1)
    with pytest.raises(TypeError, match=r"api_key must give a non-empty string"):
        aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_version=API_VERSION, api_key="")
    with pytest.raises(TypeError, match=r"credential must be an azure.core.credentials.TokenCredential"):
        aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_version=API_VERSION, credential="not a credential")
    with pytest.raises(TypeError, match=r"http_client must be an httpx2.Client"):
        aoai.AzureOpenAI(
            azure_endpoint=ENDPOINT, api_version=API_VERSION, api_key="k", http_client=httpx2.AsyncClient()
        )


def test_an_httpx_0_client_is_refused_with_the_way_to_httpx2() -> None:
    """Code written for httpx 0.x passes its client; the error says what to build instead."""
    import httpx  # httpx 0.x: installed here because openapi-python-client needs it

    for cls, given in ((aoai.AzureOpenAI, httpx.Client()), (aoai.AsyncAzureOpenAI, httpx.AsyncClient())):
        expected = "httpx2.AsyncClient" if cls is aoai.AsyncAzureOpenAI else "httpx2.Client"
        with pytest.raises(TypeError) as caught:
            cls(azure_endpoint=ENDPOINT, api_version=API_VERSION, api_key="k", http_client=given)
        message = str(caught.value)
        assert message.startswith(f"http_client must be an {expected}, got httpx.{type(given).__name__}")
        assert f"build the same client with {expected}(...)" in message


def test_http_client_timeout_is_kept_unless_default() -> None:
    own = httpx2.Client(timeout=42.0)
    assert aoai.AzureOpenAI(
        azure_endpoint=ENDPOINT, api_version=API_VERSION, api_key="k", http_client=own
    ).timeout == httpx2.Timeout(42.0)
    plain = httpx2.Client()
    assert aoai.AzureOpenAI(
        azure_endpoint=ENDPOINT, api_version=API_VERSION, api_key="k", http_client=plain
    ).timeout == httpx2.Timeout(600.0, connect=5.0)


def test_repr_names_the_auth_kind_not_the_secret() -> None:
    client = aoai.AzureOpenAI(azure_endpoint=ENDPOINT, api_version=API_VERSION, api_key="sk-secret")
    assert "api key" in repr(client) and "sk-secret" not in repr(client)
