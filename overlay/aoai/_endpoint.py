"""What a client is pointed at and built with: the endpoint, checked and shown safely, and the http_client.

Why apart from the client core: these are the checks a constructor runs before anything
else, and the one rule for showing a URL (a password in its userinfo is never printed).
"""

from __future__ import annotations

import re

import httpx2

#: What a copied URL may end with that is the client's to add: the `/openai` of the dated route
#: model or the `/openai/v1` (any `/openai/v<N>`) of the v1 API's, as the portal and the docs show them.
_SERVER_PATH_TAIL = re.compile(r"/openai(?:/v\d+)?/*$", re.IGNORECASE)


def wrong_http_client(given: object, expected: str) -> TypeError:
    """aoai runs on httpx2; a client of httpx 0.x (what older code passes) gets the way over."""
    kind = f"{type(given).__module__.split('.')[0]}.{type(given).__name__}"
    hint = ""
    if kind.startswith("httpx."):
        hint = (
            f": aoai runs on httpx2, httpx's successor; build the same client with {expected}(...) "
            "(same arguments: mounts/proxy, verify, limits, timeout, event_hooks)"
        )
    return TypeError(f"http_client must be an {expected}, got {kind}{hint}")


def check_endpoint(endpoint: object) -> str:
    """The endpoint as given, checked, without trailing slashes or a trailing `/openai` / `/openai/v1`.

    Any host works (`*.openai.azure.com`, `*.services.ai.azure.com`, a gateway): the route
    model's server path is joined to what is left, so a server path given here is not doubled.
    """
    if not endpoint:
        raise ValueError(
            "azure_endpoint is required: pass azure_endpoint='https://<resource>.openai.azure.com' "
            "or set AZURE_OPENAI_ENDPOINT"
        )
    if not isinstance(endpoint, str):
        raise TypeError(f"azure_endpoint must be a string URL, got {type(endpoint).__name__}")
    url = httpx2.URL(endpoint)
    if url.scheme not in ("http", "https") or not url.host or url.query or url.fragment:
        raise ValueError(
            f"azure_endpoint must be an http(s) URL without query or fragment, such as "
            f"'https://<resource>.openai.azure.com', got {shown_url(endpoint)!r}"
        )
    return _SERVER_PATH_TAIL.sub("", endpoint.rstrip("/"))


def shown_url(url: str) -> str:
    """`url` as it may be shown (repr, errors): a password in its userinfo is masked."""
    try:
        parsed = httpx2.URL(url)
    except (httpx2.InvalidURL, TypeError):
        return "<an unparsable URL>"
    if not parsed.password:
        return url
    rest = url.rsplit("@", 1)[1] if "@" in url else parsed.netloc.decode("ascii")
    return f"{parsed.scheme}://{parsed.username}:[secure]@{rest}"
