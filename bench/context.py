"""What every figure gets: run size (quick or full), rounds, and the canned server, started lazily.

The server starts on first use, so `--only import` or `--only generate` never
pays for building a 40 MB embeddings body.
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
    _url: str | None = None

    @property
    def url(self) -> str:
        if self._url is None:
            self._url = self._stack.enter_context(canned_server(self.sizes))
        return self._url

    def close(self) -> None:
        self._stack.close()
