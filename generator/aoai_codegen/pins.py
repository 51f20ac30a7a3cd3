"""Pins: what one api-version's document is (where it lives upstream, its sha256 and size)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs

from .layout import Layout
from .names import ordered

CHANNELS = ("ga", "preview")


class PinError(Exception):
    """A pin is missing, malformed, or names an api-version nobody pinned."""


@attrs.frozen
class Pin:
    api_version: str
    channel: str
    repository: str
    commit: str
    path: str
    url: str
    sha256: str
    size: int

    @classmethod
    def from_file(cls, path: Path) -> Pin:
        try:
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PinError(f"{path}: cannot read pin: {exc}") from exc
        fields = {f.name for f in attrs.fields(cls)}
        missing = sorted(fields - data.keys())
        if missing:
            raise PinError(
                f"{path}: pin lacks {', '.join(missing)} (expected keys: {', '.join(sorted(fields))})"
            )
        if data["channel"] not in CHANNELS:
            raise PinError(f"{path}: channel {data['channel']!r} is not one of {', '.join(CHANNELS)}")
        return cls(**{k: data[k] for k in fields})

    def to_json(self) -> str:
        return json.dumps(attrs.asdict(self), indent=2) + "\n"


def known_versions(layout: Layout) -> list[str]:
    """Pinned api-versions, oldest first (`names.sort_key`: dated by date, then the v1 API)."""
    if not layout.specs.is_dir():
        return []
    return ordered([p.parent.name for p in layout.specs.glob("*/pin.json")])


def load_pin(layout: Layout, api_version: str) -> Pin:
    path = layout.pin_file(api_version)
    if not path.is_file():
        known = ", ".join(known_versions(layout)) or "none"
        raise PinError(f"unknown api-version {api_version!r}: no pin at {path}; pinned versions: {known}")
    pin = Pin.from_file(path)
    if pin.api_version != api_version:
        raise PinError(f"{path}: pin says api_version {pin.api_version!r}, its folder says {api_version!r}")
    return pin
