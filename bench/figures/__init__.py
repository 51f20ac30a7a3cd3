"""The figures, one module each; `FIGURES` maps the `--only` name to its module.

Imported lazily by name so a figure's dependencies (and import side effects) load
only when that figure runs. `DEFAULT` is what `make bench` runs: the pool study
(`pools`) is the long experiment behind a default, run on demand.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..context import Context
from ..model import Row

FIGURES = {
    "import": "imports",
    "roundtrip": "roundtrip",
    "stream": "streaming",
    "responses": "responses_stream",
    "ttft": "first_token",
    "memory": "stream_memory",
    "async": "concurrency",
    "embeddings": "embeddings",
    "generate": "generate",
    "pools": "pools",
}
DEFAULT = [name for name in FIGURES if name != "pools"]


def runner(name: str) -> Callable[[Context], list[Row]]:
    module = importlib.import_module(f"{__name__}.{FIGURES[name]}")
    run: Callable[[Context], list[Row]] = module.run
    return run
