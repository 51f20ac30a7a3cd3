"""Client-side pacing: wait before sending when a deployment's quota is spent (opt-in).

`AzureOpenAI(..., pacing=True)` gives a client a `Pacer` of its own; one `Pacer()`
passed to several clients (sync and async) paces them together. See `state.py` for the
model and `cost.py` for how a request's token cost is estimated.
"""

from __future__ import annotations

from aoai.pacing.cost import Cost, estimate_body, estimate_request
from aoai.pacing.pacer import DEFAULT_MAX_PAUSE, Pacer, PacerStats

__all__ = ["DEFAULT_MAX_PAUSE", "Cost", "Pacer", "PacerStats", "estimate_body", "estimate_request"]
