"""Legacy completions (`/completions`), same plan-then-render approach as chat.

A prompt may be a string, a list of strings or token arrays; each prompt gets `n` choices.
"""

from __future__ import annotations

import json
import time
from typing import Any

from aoai_emulator import text


def _prompts(prompt: Any) -> list[str]:
    if prompt is None:
        return ["<|endoftext|>"]
    if isinstance(prompt, str):
        return [prompt]
    if prompt and all(isinstance(p, int) for p in prompt):
        return [" ".join(str(p) for p in prompt)]
    return [p if isinstance(p, str) else " ".join(str(t) for t in p) for p in prompt]


def _stable(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k not in ("stream", "stream_options")}


def plan_completion(body: dict[str, Any], model: str, trigger: str) -> dict[str, Any]:
    """The non-streamed body; streaming is rendered from it so both always agree."""
    prompts = _prompts(body.get("prompt"))
    n = int(body.get("n") or 1)
    max_tokens = body.get("max_tokens")
    max_tokens = 16 if max_tokens is None else max_tokens
    choices = []
    completion_tokens = 0
    for p_index, prompt in enumerate(prompts):
        for i in range(n):
            content, cut = text.truncate(text.reply(prompt, i), max_tokens)
            finish = "length" if cut else "stop"
            results = text.safe_results()
            if text.output_trips_filter(prompt, trigger):
                content, finish, results = text.filter_cut(content), "content_filter", text.filtered_results()
            completion_tokens += len(text.pieces(content))
            if body.get("echo"):
                content = prompt + content
            choices.append(
                {
                    "text": content,
                    "index": p_index * n + i,
                    "logprobs": None,
                    "finish_reason": finish,
                    "content_filter_results": results,
                }
            )
    prompt_tokens = sum(text.count_tokens(p) for p in prompts)
    return {
        "id": "cmpl-" + text.digest(json.dumps(_stable(body), sort_keys=True))[:29],
        "object": "text_completion",
        "created": int(time.time()),
        "model": model,
        "prompt_filter_results": text.prompt_filter_results(len(prompts)),
        "choices": choices,
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
        "system_fingerprint": "fp_emulator",
    }


def completion_chunks(response: dict[str, Any], include_usage: bool) -> list[dict[str, Any]]:
    head = {key: response[key] for key in ("id", "object", "created", "model")}
    first = {"id": "", "object": "", "created": 0, "model": "", "choices": []}
    chunks: list[dict[str, Any]] = [{**first, "prompt_filter_results": response["prompt_filter_results"]}]
    for choice in response["choices"]:
        base = {"index": choice["index"], "logprobs": None}
        for piece in text.pieces(choice["text"]):
            results = text.safe_results()
            chunks.append(
                {
                    **head,
                    "choices": [
                        {**base, "text": piece, "finish_reason": None, "content_filter_results": results}
                    ],
                }
            )
        final = {**base, "text": "", "finish_reason": choice["finish_reason"], "content_filter_results": {}}
        if choice["finish_reason"] == "content_filter":
            final["content_filter_results"] = choice["content_filter_results"]
        chunks.append({**head, "choices": [final]})
    if include_usage:
        chunks.append({**head, "choices": [], "usage": response["usage"]})
    return chunks
