"""What a client is pointed at and built with: the endpoint, checked and shown safely, and the http_client.

Why apart from the client core: these are the checks a constructor runs before anything
else, and the one rule for showing a URL (a password in its userinfo is never printed).
"""

from __future__ import annotations

import httpx2


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
    """The endpoint as given, checked, without a trailing slash or a trailing `/openai`."""
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
    endpoint = endpoint.rstrip("/")
    # The portal shows `https://<resource>.openai.azure.com/openai/...` URLs; `/openai` is ours to add.
    if endpoint.lower().endswith("/openai"):
        endpoint = endpoint[: -len("/openai")]
    return endpoint


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
