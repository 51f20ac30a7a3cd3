"""The progress bar of a bulk run: done/total, rate, ETA (tqdm's), plus successes, failures and 429s.

tqdm because it is small, dependency-free and already the usual progress bar of Python
tools; it is imported only here, when a bulk run starts, never by `import aoai`. Lines
such as a skipped request are written through the bar so they do not tear it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aoai.bulk.runner import BulkSummary


class Progress:
    def __init__(self, total: int, *, enabled: bool, report: Callable[[str], None]) -> None:
        self._report = report
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="req", file=sys.stderr, dynamic_ncols=True, smoothing=0.05)

    def advance(self, summary: BulkSummary) -> None:
        if self._bar is None:
            return
        self._bar.set_postfix(
            {"ok": summary.succeeded, "failed": summary.failed, "429s": summary.throttled}, refresh=False
        )
        self._bar.update(1)

    def note(self, text: str) -> None:
        if self._bar is None:
            self._report(text)
        else:
            self._bar.write(text, file=sys.stderr)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
