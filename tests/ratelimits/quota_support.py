"""Constants and helpers shared by the rate-limit, pacing and bulk tests (imported by name)."""

from __future__ import annotations

from typing import Any

API_VERSION = "2024-10-21"
CHAT = "gpt-4o-mini"


def chat_body(text: str = "hi", max_tokens: int = 40) -> dict[str, Any]:
    return {"model": CHAT, "messages": [{"role": "user", "content": text}], "max_tokens": max_tokens}
