"""What every figure gets: run size (quick or full), rounds, and the canned servers, started lazily.

A server starts on first use, so `--only import` or `--only generate` never pays
for building a 40 MB embeddings body. Each answer delay (`server(delay_ms=...)`)
gets its own server process, so an instant figure never shares a loop with slow answers.
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field

from .servers import Sizes, canned_server


@dataclass
class Context:
    quick: bool
    rounds: int
    sizes: Sizes
    budget_s: float  # per figure: rounds stop early (keeping at least one) past it
    _stack: ExitStack = field(default_factory=ExitStack)
    _urls: dict[float, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The instant server: every figure's, unless it asks for answers that take time."""
        return self.server()

    def server(self, delay_ms: float = 0.0) -> str:
        if delay_ms not in self._urls:
            sizes = self.sizes if not delay_ms else Sizes(stream_chunks=16, embed_rows=1, embed_dims=8)
            self._urls[delay_ms] = self._stack.enter_context(canned_server(sizes, delay_ms=delay_ms))
        return self._urls[delay_ms]

    def close(self) -> None:
        self._stack.close()
