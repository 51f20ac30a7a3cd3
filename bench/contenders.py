"""How each contender's client is built, identically configured where it matters.

All three point at the same canned server with an API key and a 60 s timeout
(a hung call must not outlive the run's time budget); retries stay at each SDK's
default (every request succeeds, so they cost only their bookkeeping).
Raw httpx is the floor: the stack both SDKs sit on, with nothing on top but
`json.loads`.
"""

from __future__ import annotations

import importlib
from typing import Any

from .payloads import API_VERSION, DEPLOYMENT

KEY = "bench-key"
MESSAGES = [{"role": "user", "content": "Say hello."}]
CHAT_PATH = f"/openai/deployments/{DEPLOYMENT}/chat/completions?api-version={API_VERSION}"


def aoai_unavailable() -> str | None:
    """Why the aoai contender cannot run yet (None when it can): it is built alongside this bench."""
    try:
        aoai = importlib.import_module("aoai")
    except Exception as exc:
        return f"import aoai failed: {type(exc).__name__}: {exc}"
    for name in ("AzureOpenAI", "AsyncAzureOpenAI"):
        if not hasattr(aoai, name):
            return f"aoai has no {name} yet"
    return None


def sdk(name: str, url: str, *, is_async: bool = False, **kwargs: Any) -> Any:
    """`aoai` or `openai`'s Azure client (sync or async), same arguments for both."""
    module = importlib.import_module(name)
    cls = getattr(module, "AsyncAzureOpenAI" if is_async else "AzureOpenAI")
    # 60 s instead of the SDKs' 600 s: a hung call must not outlive the run's time budget.
    return cls(azure_endpoint=url, api_key=KEY, api_version=API_VERSION, timeout=60.0, **kwargs)


def aoai_limits() -> Any:
    """aoai's default pool limits, which the raw async column shares (the SDK's if aoai is not there)."""
    import httpx2

    try:
        from aoai._http import DEFAULT_LIMITS
    except Exception:
        return httpx2.Limits(max_connections=1000, max_keepalive_connections=100)
    return DEFAULT_LIMITS


def raw_sync(url: str) -> Any:
    import httpx2

    return httpx2.Client(base_url=url, headers={"api-key": KEY}, timeout=60.0)


def raw_async(url: str, limits: Any = None) -> Any:
    """With aoai's pool limits unless told otherwise, so aoai/httpx is the cost of aoai's layer."""
    import httpx2

    limits = limits or aoai_limits()
    return httpx2.AsyncClient(base_url=url, headers={"api-key": KEY}, limits=limits, timeout=60.0)
