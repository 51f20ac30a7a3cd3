"""Image generation: a tiny valid PNG whose colour comes from the prompt, as `url` or `b64_json`.

URLs point back at the emulator (`/_emulator/images/<id>.png`), like Azure's pre-signed blob URLs
need no API key; the store keeps the most recent images only.
"""

from __future__ import annotations

import base64
import struct
import threading
import time
import zlib
from collections import OrderedDict
from typing import Any

from aoai_emulator import text

SIDE = 16
_MAX_STORED = 256


def png(prompt: str, side: int = SIDE) -> bytes:
    """A `side` x `side` RGB PNG filled with a colour derived from the prompt."""
    red, green, blue = bytes.fromhex(text.digest("image", prompt)[:6])
    row = b"\x00" + bytes((red, green, blue)) * side
    raw = row * side

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class ImageStore:
    """Bounded in-memory store of generated images, served by id."""

    def __init__(self) -> None:
        self._images: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, image_id: str, data: bytes) -> None:
        with self._lock:
            self._images[image_id] = data
            while len(self._images) > _MAX_STORED:
                self._images.popitem(last=False)

    def get(self, image_id: str) -> bytes | None:
        with self._lock:
            return self._images.get(image_id)


def _filters() -> dict[str, Any]:
    return {name: {"filtered": False, "severity": "safe"} for name in text.CATEGORIES}


def images_response(body: dict[str, Any], store: ImageStore, base_url: str) -> dict[str, Any]:
    prompt = body["prompt"]
    data = []
    for index in range(int(body.get("n") or 1)):
        image = png(f"{prompt}#{index}")
        item: dict[str, Any] = {
            "revised_prompt": f"An emulated image of: {prompt}",
            "content_filter_results": _filters(),
            "prompt_filter_results": {
                **_filters(),
                "profanity": {"filtered": False, "detected": False},
                "jailbreak": {"filtered": False, "detected": False},
            },
        }
        if body.get("response_format") == "b64_json":
            item["b64_json"] = base64.b64encode(image).decode()
        else:
            image_id = text.digest("image-id", prompt, index, body.get("size"))[:32]
            store.put(image_id, image)
            item["url"] = f"{base_url}/_emulator/images/{image_id}.png"
        data.append(item)
    return {"created": int(time.time()), "data": data}
