"""Small helpers shared by the emulator tests."""

from __future__ import annotations

GA = "2024-10-21"
PREVIEW = "2024-10-01-preview"


def url(path: str, api_version: str = GA) -> str:
    return f"/openai{path}?api-version={api_version}"


def chat_body(content: str = "Hello there", **extra: object) -> dict:
    return {"messages": [{"role": "user", "content": content}], **extra}
