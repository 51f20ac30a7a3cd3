"""The canned bodies every contender receives, built once per server process.

Shapes follow what Azure OpenAI really sends (see ../shared/azure-captures):
prompt and per-choice content-filter results, a first stream event with an
empty `choices` list, and a `[DONE]` sentinel. The data here is synthetic (the
captures are not copied into the repo); only the shapes matter for parsing cost.
"""

from __future__ import annotations

import array
import base64
import json
import random

DEPLOYMENT = "gpt-4o-mini"
EMBED_DEPLOYMENT = "text-embedding-3-small"
API_VERSION = "2024-10-21"
CREATED = 1732540800

_SAFE = {"filtered": False, "severity": "safe"}
_FILTERS = {"hate": _SAFE, "self_harm": _SAFE, "sexual": _SAFE, "violence": _SAFE}
_PROMPT_FILTERS = [{"prompt_index": 0, "content_filter_results": _FILTERS}]


def _dumps(obj: object) -> bytes:
    return json.dumps(obj, separators=(",", ":")).encode()


def chat_completion() -> bytes:
    """A small non-streaming chat completion (~700 bytes), the round-trip figure's reply."""
    return _dumps(
        {
            "id": "chatcmpl-bench0001",
            "object": "chat.completion",
            "created": CREATED,
            "model": "gpt-4o-mini-2024-07-18",
            "system_fingerprint": "fp_bench",
            "prompt_filter_results": _PROMPT_FILTERS,
            "choices": [
                {
                    "index": 0,
                    "finish_reason": "stop",
                    "logprobs": None,
                    "message": {"role": "assistant", "content": "Hello! How can I help you today?"},
                    "content_filter_results": _FILTERS,
                }
            ],
            "usage": {"prompt_tokens": 9, "completion_tokens": 9, "total_tokens": 18},
        }
    )


def _chunk(index: int, delta: dict[str, object], finish: str | None) -> dict[str, object]:
    return {
        "choices": [
            {
                "content_filter_results": _FILTERS if delta.get("content") else {},
                "delta": delta,
                "finish_reason": finish,
                "index": 0,
                "logprobs": None,
            }
        ],
        "created": CREATED,
        "id": "chatcmpl-bench0002",
        "model": "gpt-4o-mini-2024-07-18",
        "object": "chat.completion.chunk",
        "system_fingerprint": "fp_bench",
    }


def chat_stream(chunks: int) -> bytes:
    """An SSE body of exactly `chunks` chat chunks (plus Azure's filter-only first event and [DONE]).

    The first event has `choices: []` and only `prompt_filter_results`, as Azure
    sends it; it is not counted as a chunk.
    """
    first = {
        "choices": [],
        "created": 0,
        "id": "",
        "model": "",
        "object": "",
        "prompt_filter_results": _PROMPT_FILTERS,
    }
    events = [first, _chunk(0, {"content": "", "role": "assistant"}, None)]
    events += [_chunk(i, {"content": f" tok{i % 97}"}, None) for i in range(1, chunks - 1)]
    events.append(_chunk(chunks - 1, {}, "stop"))
    body = b"".join(b"data: " + _dumps(e) + b"\n\n" for e in events)
    return body + b"data: [DONE]\n\n"


def _response_object(status: str, text: str | None) -> dict[str, object]:
    output = []
    if text is not None:
        part = {"type": "output_text", "text": text, "annotations": []}
        output = [
            {
                "id": "msg_bench",
                "type": "message",
                "status": "completed",
                "role": "assistant",
                "content": [part],
            }
        ]
    return {
        "id": "resp_bench0001",
        "object": "response",
        "created_at": CREATED,
        "status": status,
        "model": "gpt-4o-mini-2024-07-18",
        "output": output,
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "metadata": {},
        "parallel_tool_calls": True,
        "temperature": 1.0,
        "top_p": 1.0,
        "tool_choice": "auto",
        "tools": [],
        "text": {"format": {"type": "text"}},
        "truncation": "disabled",
        "usage": {"input_tokens": 9, "output_tokens": 0, "total_tokens": 9} if text is not None else None,
    }


def responses_stream(deltas: int) -> bytes:
    """The Responses API's stream (`POST /openai/v1/responses`, `stream: true`): named SSE events in
    the order the service sends them, `deltas` text deltas among them, and no `[DONE]`."""
    tokens = [f" tok{i % 97}" for i in range(deltas)]
    where = {"item_id": "msg_bench", "output_index": 0, "content_index": 0}
    part = {"type": "output_text", "text": "", "annotations": []}
    item = {"id": "msg_bench", "type": "message", "status": "in_progress", "role": "assistant", "content": []}
    events: list[dict[str, object]] = [
        {"type": "response.created", "response": _response_object("in_progress", None)},
        {"type": "response.in_progress", "response": _response_object("in_progress", None)},
        {"type": "response.output_item.added", "output_index": 0, "item": item},
        {"type": "response.content_part.added", **where, "part": part},
    ]
    events += [
        {"type": "response.output_text.delta", **where, "delta": t, "obfuscation": "bench"} for t in tokens
    ]
    text = "".join(tokens)
    done = _response_object("completed", text)
    events += [
        {"type": "response.output_text.done", **where, "text": text},
        {"type": "response.content_part.done", **where, "part": {**part, "text": text}},
        {"type": "response.output_item.done", "output_index": 0, "item": done["output"][0]},  # type: ignore[index]
        {"type": "response.completed", "response": done},
    ]
    return b"".join(
        b"event: " + str(e["type"]).encode() + b"\ndata: " + _dumps({**e, "sequence_number": n}) + b"\n\n"
        for n, e in enumerate(events)
    )


def _vectors(rows: int, dims: int) -> list[list[float]]:
    """Deterministic vectors with Azure-like magnitudes and float32 precision."""
    rng = random.Random(9)
    # Azure prints about nine significant digits (e.g. -0.020021979); so do we.
    row = [float(f"{v:.9g}") for v in array.array("f", (rng.uniform(-0.08, 0.08) for _ in range(dims)))]
    # Rows differ by rotation only: cheap to build, same decode cost as random data.
    return [row[i % dims :] + row[: i % dims] for i in range(rows)]


def embeddings(rows: int, dims: int, *, b64: bool) -> bytes:
    """An embeddings response of `rows` x `dims`, float lists or base64 float32 strings."""
    data = []
    for i, vec in enumerate(_vectors(rows, dims)):
        value: object = base64.b64encode(array.array("f", vec).tobytes()).decode() if b64 else vec
        data.append({"object": "embedding", "index": i, "embedding": value})
    return _dumps(
        {
            "object": "list",
            "model": "text-embedding-3-small",
            "data": data,
            "usage": {"prompt_tokens": rows * 8, "total_tokens": rows * 8},
        }
    )
