"""Chat completions: one plan per request, rendered either as one JSON body or as Azure's SSE chunks.

Both renderings come from the same `ChatPlan`, which is what guarantees that the concatenated
streamed content, `finish_reason` and `usage` equal the non-streamed ones for the same request.
Tool calls: the reply calls a function when `tool_choice` names it, when `tool_choice` is
`"required"` (the first tool), or when `tool_choice` is `"auto"`/absent and the last user message
mentions a tool's function name.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from aoai_emulator import text
from aoai_emulator.synth import local_resolver, minimal


@dataclass
class ChoicePlan:
    index: int
    content: str | None
    finish_reason: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)

    @property
    def completion_tokens(self) -> int:
        if self.tool_calls:
            return sum(text.count_tokens(c["function"]["arguments"]) + 3 for c in self.tool_calls)
        return len(text.pieces(self.content or ""))


@dataclass
class ChatPlan:
    id: str
    model: str
    created: int
    choices: list[ChoicePlan]
    prompt_tokens: int

    @property
    def usage(self) -> dict[str, int]:
        completion = sum(c.completion_tokens for c in self.choices)
        return {
            "prompt_tokens": self.prompt_tokens,
            "completion_tokens": completion,
            "total_tokens": self.prompt_tokens + completion,
        }


def _chosen_tool(body: dict[str, Any], prompt: str) -> dict[str, Any] | None:
    tools = [t for t in body.get("tools") or [] if t.get("type") == "function" and "function" in t]
    choice = body.get("tool_choice")
    if not tools or choice == "none":
        return None
    if isinstance(choice, dict):
        name = choice.get("function", {}).get("name")
        return next((t["function"] for t in tools if t["function"].get("name") == name), None)
    if choice == "required":
        return tools[0]["function"]
    lowered = prompt.lower()
    return next((t["function"] for t in tools if t["function"].get("name", "").lower() in lowered), None)


def _tool_call(function: dict[str, Any], request_digest: str, prompt: str) -> dict[str, Any]:
    params = function.get("parameters") or {"type": "object", "properties": {}}
    arguments = minimal(params, local_resolver(params), text=" ".join(prompt.split()[:6]) or "emulated")
    return {
        "id": "call_" + request_digest[:24],
        "type": "function",
        "function": {"name": function["name"], "arguments": json.dumps(arguments)},
    }


def _content(body: dict[str, Any], reply: str) -> str:
    fmt = body.get("response_format") or {}
    if fmt.get("type") == "json_object":
        return json.dumps({"reply": reply})
    if fmt.get("type") == "json_schema":
        schema = (fmt.get("json_schema") or {}).get("schema") or {"type": "object"}
        return json.dumps(minimal(schema, local_resolver(schema), text=reply))
    return reply


def plan_chat(body: dict[str, Any], model: str, trigger: str) -> ChatPlan:
    messages = body.get("messages") or []
    prompt = text.chat_prompt(messages)
    user_text = text.last_user_text(messages)
    stable = {k: v for k, v in body.items() if k not in ("stream", "stream_options")}
    request_digest = text.digest(json.dumps(stable, sort_keys=True))
    max_tokens = body.get("max_completion_tokens") or body.get("max_tokens")
    tool = _chosen_tool(body, user_text)
    choices = []
    for index in range(int(body.get("n") or 1)):
        if tool is not None:
            call = _tool_call(tool, request_digest, user_text)
            choices.append(ChoicePlan(index, None, "tool_calls", [call]))
            continue
        content, cut = text.truncate(_content(body, text.reply(user_text, index)), max_tokens)
        finish = "length" if cut else "stop"
        if text.output_trips_filter(user_text, trigger):
            content, finish = text.filter_cut(content), "content_filter"
        choices.append(ChoicePlan(index, content, finish))
    prompt_tokens = text.count_tokens(prompt) + 3 * len(messages) + 3
    return ChatPlan("chatcmpl-" + request_digest[:29], model, int(time.time()), choices, prompt_tokens)


def _filter_results(choice: ChoicePlan) -> dict[str, Any]:
    return text.filtered_results() if choice.finish_reason == "content_filter" else text.safe_results()


def chat_response(plan: ChatPlan) -> dict[str, Any]:
    choices = []
    for choice in plan.choices:
        message: dict[str, Any] = {"role": "assistant", "content": choice.content, "refusal": None}
        if choice.tool_calls:
            message["tool_calls"] = choice.tool_calls
        choices.append(
            {
                "index": choice.index,
                "message": message,
                "finish_reason": choice.finish_reason,
                "logprobs": None,
                "content_filter_results": _filter_results(choice),
            }
        )
    return {
        "id": plan.id,
        "object": "chat.completion",
        "created": plan.created,
        "model": plan.model,
        "system_fingerprint": "fp_emulator",
        "prompt_filter_results": text.prompt_filter_results(),
        "choices": choices,
        "usage": plan.usage,
    }


def _tool_deltas(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tool calls split the way the service streams them: header first, then argument fragments."""
    deltas: list[dict[str, Any]] = []
    for position, call in enumerate(calls):
        head = {"index": position, "id": call["id"], "type": "function"}
        deltas.append(
            {"tool_calls": [{**head, "function": {"name": call["function"]["name"], "arguments": ""}}]}
        )
        args = call["function"]["arguments"]
        for start in range(0, len(args), 8):
            deltas.append(
                {"tool_calls": [{"index": position, "function": {"arguments": args[start : start + 8]}}]}
            )
    return deltas


def chat_chunks(plan: ChatPlan, include_usage: bool) -> list[dict[str, Any]]:
    """Azure's chunk sequence (without the final `[DONE]`)."""
    head = {"created": plan.created, "id": plan.id, "model": plan.model, "object": "chat.completion.chunk"}
    head["system_fingerprint"] = "fp_emulator"
    if include_usage:
        head["usage"] = None
    first = {"choices": [], "created": 0, "id": "", "model": "", "object": ""}
    chunks: list[dict[str, Any]] = [{**first, "prompt_filter_results": text.prompt_filter_results()}]

    def chunk(choice: dict[str, Any]) -> dict[str, Any]:
        return {**head, "choices": [choice]}

    for choice in plan.choices:
        base = {"index": choice.index, "finish_reason": None, "logprobs": None}
        if choice.tool_calls:
            chunks.append(
                chunk({**base, "content_filter_results": {}, "delta": {"role": "assistant", "content": None}})
            )
            for delta in _tool_deltas(choice.tool_calls):
                chunks.append(chunk({**base, "content_filter_results": {}, "delta": delta}))
        else:
            role = {"role": "assistant", "content": "", "refusal": None}
            chunks.append(chunk({**base, "content_filter_results": {}, "delta": role}))
            for piece in text.pieces(choice.content or ""):
                chunks.append(
                    chunk(
                        {**base, "content_filter_results": text.safe_results(), "delta": {"content": piece}}
                    )
                )
        final_filter = _filter_results(choice) if choice.finish_reason == "content_filter" else {}
        chunks.append(
            chunk(
                {
                    **base,
                    "finish_reason": choice.finish_reason,
                    "content_filter_results": final_filter,
                    "delta": {},
                }
            )
        )
        if choice.finish_reason != "content_filter":
            end = len(choice.content or "")
            offsets = {"check_offset": 0, "start_offset": 0, "end_offset": end}
            filter_only = {
                "index": choice.index,
                "finish_reason": None,
                "content_filter_results": text.safe_results(),
            }
            chunks.append(chunk({**filter_only, "content_filter_offsets": offsets}))
    if include_usage:
        chunks.append({**head, "choices": [], "usage": plan.usage})
    return chunks
