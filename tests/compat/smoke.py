"""A whole call path on the oldest supported Python: `make check-py310` runs this in a fresh 3.10 venv.

Why not in `make test`: it needs a second interpreter and a fresh install from the package
index; the generator itself needs 3.11+, so what is checked is the wheel built here,
installed there. Exits non-zero (with the traceback) on any failure.
"""

from __future__ import annotations

import asyncio
import sys

import aoai
from aoai_emulator.testing import running_emulator

MESSAGES = [{"role": "user", "content": "Hello there"}]


async def _async_chat(base_url: str, key: str) -> str:
    async with aoai.AsyncAzureOpenAI(
        azure_endpoint=base_url, api_key=key, api_version="2024-10-01-preview"
    ) as c:
        reply = await c.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        return str(reply.choices[0].message.content)


def main() -> None:
    with running_emulator() as em:
        client = aoai.AzureOpenAI(azure_endpoint=em.base_url, api_key=em.api_key, api_version="2024-10-21")
        reply = client.chat.completions.create(model="gpt-4o", messages=MESSAGES)
        assert reply.choices[0].message.content and str(reply.choices[0].finish_reason) == "stop"
        with client.chat.completions.create(model="gpt-4o", messages=MESSAGES, stream=True) as stream:
            folded = stream.get_final_completion()
        assert folded.choices[0].message.content == reply.choices[0].message.content
        vectors = client.embeddings.create(model="text-embedding-3-small", input=["a", "b"])
        assert len(vectors.data) == 2 and len(vectors.data[0].embedding) == 1536
        assert asyncio.run(_async_chat(em.base_url, em.api_key)) == reply.choices[0].message.content
    print(f"Python {sys.version.split()[0]}: chat, stream, embeddings and async chat ok")


if __name__ == "__main__":
    main()
