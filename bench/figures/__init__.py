"""The figures of issue 9, one module each; `FIGURES` maps the `--only` name to its runner.

Imported lazily by name so a figure's dependencies (and import side effects) load
only when that figure runs.
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
    "async": "concurrency",
    "embeddings": "embeddings",
    "generate": "generate",
}


def runner(name: str) -> Callable[[Context], list[Row]]:
    module = importlib.import_module(f"{__name__}.{FIGURES[name]}")
    run: Callable[[Context], list[Row]] = module.run
    return run
