"""What a handler gets: the validated request and the emulator's shared state."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aoai_emulator.config import EmulatorConfig
from aoai_emulator.documents import Document
from aoai_emulator.operations import Operation

if TYPE_CHECKING:
    from aoai_emulator.state import State


@dataclass
class Call:
    doc: Document
    operation: Operation
    params: dict[str, str]
    query: dict[str, str]
    body: dict[str, Any]
    files: dict[str, tuple[str, bytes]]
    config: EmulatorConfig
    state: State
    base_url: str
    model: str = field(default="")
