"""Base64 embeddings to floats, fast, without numpy.

Why base64 on the wire: a 1,536-float vector is ~6 KiB of base64 against ~30 KiB of JSON
numbers, and `json.loads` of millions of floats dominates a batch call. The service's
base64 is little-endian float32; `array` turns it into Python floats in C.
"""

from __future__ import annotations

import base64
import sys
from array import array

_BIG_ENDIAN = sys.byteorder == "big"


def floats_from_base64(data: str) -> list[float]:
    raw = base64.b64decode(data, validate=True)  # garbage is an error, not silently fewer floats
    if len(raw) % 4:
        raise ValueError(f"a base64 embedding must hold float32 values, got {len(raw)} bytes")
    values = array("f")
    values.frombytes(raw)
    if _BIG_ENDIAN:
        values.byteswap()
    return values.tolist()
