"""Embeddings: deterministic unit vectors per input, honouring `dimensions` and `encoding_format`.

Vectors are float32 values (so `float` and `base64` outputs decode to exactly the same numbers, as
with OpenAI, whose base64 is little-endian float32).
"""

from __future__ import annotations

import base64
import math
import random
import struct
from typing import Any

from aoai_emulator import text

NATIVE_DIMENSIONS = {"text-embedding-3-large": 3072}
DEFAULT_DIMENSIONS = 1536


def _inputs(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if value and all(isinstance(v, int) for v in value):
        return [" ".join(str(v) for v in value)]
    return [v if isinstance(v, str) else " ".join(str(t) for t in v) for v in value]


def vector(source: str, dimensions: int) -> list[float]:
    """A normalized float32 vector seeded by the text; same text, same vector."""
    rng = random.Random(text.digest("embedding", source))
    raw = [rng.gauss(0.0, 1.0) for _ in range(dimensions)]
    norm = math.sqrt(sum(x * x for x in raw)) or 1.0
    packed = struct.pack(f"<{dimensions}f", *(x / norm for x in raw))
    return list(struct.unpack(f"<{dimensions}f", packed))


def native_dimensions(model: str) -> int:
    return NATIVE_DIMENSIONS.get(model, DEFAULT_DIMENSIONS)


def invalid_field(body: dict[str, Any], model: str) -> tuple[str, str] | None:
    """(param, message) for a body the schema lets through but Azure refuses, else None."""
    if body.get("input") is None:
        return (
            "input",
            "'input' must be a string, an array of strings, or an array of token arrays; got null.",
        )
    dimensions = body.get("dimensions")
    if dimensions is not None and not 1 <= dimensions <= native_dimensions(model):
        return "dimensions", (
            f"'dimensions' must be between 1 and {native_dimensions(model)} for this model; got {dimensions}."
        )
    return None


def embeddings_response(body: dict[str, Any], model: str) -> dict[str, Any]:
    inputs = _inputs(body["input"])
    dimensions = int(body.get("dimensions") or native_dimensions(model))
    as_base64 = body.get("encoding_format") == "base64"
    data = []
    for index, item in enumerate(inputs):
        values = vector(item, dimensions)
        embedding: Any = values
        if as_base64:
            embedding = base64.b64encode(struct.pack(f"<{dimensions}f", *values)).decode()
        data.append({"object": "embedding", "index": index, "embedding": embedding})
    tokens = sum(max(1, text.count_tokens(i)) for i in inputs)
    return {
        "object": "list",
        "model": model,
        "data": data,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }
