"""Item 1: a header value the wire cannot carry is a `ValueError` before sending that never shows the value.

h11 refuses a value with a space or tab at either end (and control characters anywhere)
as a *connection* error whose text quotes the value: an API key or token ended up whole
in the exception, in httpcore's DEBUG log and on the CLI's stderr, after pointless retries.
Every case here runs over real HTTP with DEBUG logging on for every logger, and checks
that nothing reached the server, nothing shows the secret, and nothing was retried.
"""

from __future__ import annotations

import traceback
import uuid
from typing import Any

import aoai
import pytest
from aoai.cli import cli
from click.testing import CliRunner

from tests.hardening.conftest import API_VERSION
from tests.hardening.wire_server import Reply, WireServer, json_reply

MESSAGES = [{"role": "user", "content": "hi"}]


def _secret() -> str:
    return f"sk-SECRET-{uuid.uuid4().hex}"


def _no_trace_of(secret: str, exc: BaseException, caplog: pytest.LogCaptureFixture) -> None:
    shown = "".join(traceback.format_exception(exc)) + repr(exc) + caplog.text
    assert secret.strip() not in shown
    assert "not shown" in str(exc)


class Token:
    def __init__(self, token: str) -> None:
        self.token, self.expires_on = token, 2**31


class Credential:
    def __init__(self, token: str) -> None:
        self.token, self.calls = token, 0

    def get_token(self, *scopes: str, **kwargs: Any) -> Token:
        self.calls += 1
        return Token(self.token)


class AsyncCredential(Credential):
    async def get_token(self, *scopes: str, **kwargs: Any) -> Token:  # type: ignore[override]
        self.calls += 1
        return Token(self.token)


@pytest.mark.parametrize("where", ["trailing space", "leading space", "trailing tab", "inner newline"])
@pytest.mark.parametrize("kind", ["api_key", "azure_ad_token"])
def test_a_static_credential_with_bad_whitespace_is_refused_at_construction(
    server: WireServer, all_debug: pytest.LogCaptureFixture, kind: str, where: str
) -> None:
    secret = _secret()
    value = {
        "trailing space": secret + " ",
        "leading space": " " + secret,
        "trailing tab": secret + "\t",
        "inner newline": secret[:8] + "\n" + secret[8:],
    }[where]
    with pytest.raises(ValueError) as caught:
        aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, **{kind: value})
    _no_trace_of(secret[8:], caught.value, all_debug)
    assert server.seen == []


def test_a_key_from_the_environment_with_a_trailing_space_is_refused(
    server: WireServer, all_debug: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret = _secret()
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", secret + " ")
    with pytest.raises(ValueError) as caught:
        aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION)
    _no_trace_of(secret, caught.value, all_debug)


def _providers(secret: str) -> dict[str, Any]:
    return {
        "api_key callable": {"api_key": lambda: secret + " "},
        "token provider": {"azure_ad_token_provider": lambda: secret + " "},
        "token credential": {"credential": Credential(secret + " ")},
    }


@pytest.mark.parametrize("mode", ["api_key callable", "token provider", "token credential"])
def test_a_provider_returning_bad_whitespace_fails_once_without_showing_it(
    server: WireServer, all_debug: pytest.LogCaptureFixture, mode: str
) -> None:
    secret = _secret()
    asked: list[int] = []
    kwargs = _providers(secret)[mode]
    for name, value in list(kwargs.items()):
        if callable(value) and not hasattr(value, "get_token"):
            kwargs[name] = lambda value=value: asked.append(1) or value()
    client = aoai.AzureOpenAI(
        azure_endpoint=server.base_url, api_version=API_VERSION, max_retries=3, **kwargs
    )
    with client, pytest.raises(ValueError) as caught:
        client.chat.completions.create(model="d", messages=MESSAGES)
    _no_trace_of(secret, caught.value, all_debug)
    assert server.seen == []
    credential = kwargs.get("credential")
    assert (credential.calls if credential is not None else len(asked)) == 1  # not retried


@pytest.mark.parametrize("mode", ["token provider", "token credential"])
def test_the_async_client_refuses_the_same_way(
    server: WireServer, all_debug: pytest.LogCaptureFixture, portal: Any, mode: str
) -> None:
    secret = _secret()

    async def provider() -> str:
        return secret + " "

    kwargs: dict[str, Any] = (
        {"azure_ad_token_provider": provider}
        if mode == "token provider"
        else {"credential": AsyncCredential(secret + " ")}
    )

    async def call() -> BaseException:
        async with aoai.AsyncAzureOpenAI(
            azure_endpoint=server.base_url, api_version=API_VERSION, max_retries=3, **kwargs
        ) as client:
            try:
                await client.chat.completions.create(model="d", messages=MESSAGES)
            except Exception as exc:
                return exc
        raise AssertionError("no error")

    error = portal.call(call)  # type: ignore[attr-defined]
    assert isinstance(error, ValueError), repr(error)
    _no_trace_of(secret, error, all_debug)
    assert server.seen == []


@pytest.mark.parametrize(
    "value", ["{s}\t", " {s}", "{s} ", "{s}\r\nX-Injected: 1", "{s}\x00", "{s}\x7f", "é{s}"]
)
@pytest.mark.parametrize("where", ["extra_headers", "default_headers"])
def test_user_headers_the_overlay_lists_as_secret_never_show_their_value(
    server: WireServer, all_debug: pytest.LogCaptureFixture, where: str, value: str
) -> None:
    secret = _secret()
    headers = {"Ocp-Apim-Subscription-Key": value.format(s=secret)}
    with pytest.raises(ValueError) as caught:
        kwargs: dict[str, Any] = {"default_headers": headers} if where == "default_headers" else {}
        with aoai.AzureOpenAI(
            azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k", **kwargs
        ) as client:
            client.chat.completions.create(model="d", messages=MESSAGES, extra_headers=headers)
    _no_trace_of(secret, caught.value, all_debug)
    assert "Ocp-Apim-Subscription-Key" in str(caught.value)  # which header, never its value
    assert server.seen == []


def test_every_call_path_is_checked_the_raw_http_client_included(
    server: WireServer, all_debug: pytest.LogCaptureFixture
) -> None:
    secret = _secret()
    client = aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k")
    with client, pytest.raises(ValueError) as caught:
        client.http_client.post("deployments/d/chat/completions", json={}, headers={"x-key": secret + " "})
    _no_trace_of(secret, caught.value, all_debug)
    assert server.seen == []


def test_an_invalid_header_name_is_refused_by_name(server: WireServer) -> None:
    client = aoai.AzureOpenAI(azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k")
    with client, pytest.raises(ValueError, match="'bad name'"):
        client.chat.completions.create(model="d", messages=MESSAGES, extra_headers={"bad name": "v"})
    assert server.seen == []


def test_a_local_protocol_error_is_not_retried(all_debug: pytest.LogCaptureFixture) -> None:
    """A request h11 refuses to finish (a body shorter than its Content-Length) fails the same every time."""
    with (
        WireServer(json_reply({})) as server,
        aoai.AzureOpenAI(
            azure_endpoint=server.base_url, api_version=API_VERSION, api_key="k", max_retries=3
        ) as client,
    ):
        with pytest.raises(aoai.APIConnectionError, match="LocalProtocolError") as caught:
            client.http_client.post("deployments/d/x", content=b"abc", headers={"content-length": "10"})
        assert "not retried" in str(caught.value)
    assert "(attempt 1 of 4); done" in all_debug.text
    assert "retrying in" not in all_debug.text


def test_the_cli_never_prints_a_key_with_a_trailing_space(server: WireServer) -> None:
    secret = _secret()
    server.script(Reply(500))
    env = {
        "AZURE_OPENAI_ENDPOINT": server.base_url,
        "AZURE_OPENAI_API_KEY": secret + " ",
        "OPENAI_API_VERSION": API_VERSION,
        "AZURE_OPENAI_AD_TOKEN": None,
    }
    result = CliRunner().invoke(cli, ["chat", "-d", "d", "hi"], env=env, catch_exceptions=False)
    assert result.exit_code == 1
    assert secret not in result.stdout + result.stderr
    assert "AZURE_OPENAI_API_KEY" in result.stderr or "api_key" in result.stderr
    assert server.seen == []
