"""What a request will cost against a deployment's quota, estimated from its body, without a tokenizer.

Azure charges a request against tokens-per-minute *when it arrives*, before the model
runs: its prompt, estimated, plus the most it may generate (`max_tokens`), so that is
what the pacer must estimate too. No tokenizer is downloaded (tiktoken fetches its
tables from the network at first use, and each model family has its own); instead:

- prompt: every string in the JSON body, in characters, divided by 4 and rounded up
  (OpenAI's rule of thumb for English: one token is about 4 characters), plus 4 tokens of
  framing for every object inside a list (a chat message, a content part; OpenAI's
  accounting adds 3-4 per message) and 3 for priming the reply. Integers inside lists
  count one token each (embeddings input given as token ids). `data:` URLs (inline
  images, audio) are not text and count nothing: Azure prices them per image tile;
- output: the largest `max_..._tokens` field of the body (`max_tokens`,
  `max_completion_tokens`, ...), times `n` when it asks for several choices. Without
  one, only the prompt is counted, as Azure's own headers show it does.

The estimate errs slightly high for English prose; for code or non-Latin scripts it
can err low, which the pacer corrects from the `x-ratelimit-remaining-tokens` the
service reports back. A body that is not JSON (multipart audio) costs one request and
no tokens.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import attrs
import httpx2

CHARS_PER_TOKEN = 4
FRAMING_TOKENS = 4
PRIMING_TOKENS = 3
_OUTPUT_FIELD = re.compile(r"^max_(?:\w+_)?tokens$")


@attrs.frozen
class Cost:
    """One request's charge against the two quotas."""

    requests: int = 1
    tokens: int = 0


def estimate_body(body: Any) -> Cost:
    """The cost of a JSON request body (any shape; see the module docstring)."""
    if not isinstance(body, dict):
        return Cost()
    chars = 0
    framed = 0
    ids = 0
    stack: list[tuple[Any, bool]] = [(body, False)]
    while stack:
        value, in_list = stack.pop()
        if isinstance(value, str):
            if not value.startswith("data:"):
                chars += len(value)
        elif isinstance(value, dict):
            framed += in_list
            stack.extend((item, False) for item in value.values())
        elif isinstance(value, list):
            stack.extend((item, True) for item in value)
        elif in_list and isinstance(value, int) and not isinstance(value, bool):
            ids += 1
    prompt = math.ceil(chars / CHARS_PER_TOKEN) + FRAMING_TOKENS * framed + ids + PRIMING_TOKENS
    return Cost(tokens=prompt + _output_tokens(body))


def _output_tokens(body: dict[str, Any]) -> int:
    limits = [
        value
        for key, value in body.items()
        if _OUTPUT_FIELD.match(key) and isinstance(value, int) and not isinstance(value, bool) and value > 0
    ]
    if not limits:
        return 0
    choices = body.get("n")
    times = choices if isinstance(choices, int) and not isinstance(choices, bool) and choices > 1 else 1
    return max(limits) * times


def estimate_request(request: httpx2.Request) -> Cost:
    """The cost of an outgoing request; a body that is not JSON costs one request and no tokens."""
    if "json" not in request.headers.get("content-type", ""):
        return Cost()
    try:
        body = json.loads(request.content)
    except (httpx2.RequestNotRead, ValueError, RecursionError):
        return Cost()
    return estimate_body(body)
