"""Attempt counting per client-supplied test id (`x-aoai-test-id`), so retry tests can assert exactly
how many attempts reached the server and which credential each one carried."""

from __future__ import annotations

import threading
from typing import Any

MAX_KEPT = 1000


class Stats:
    """Thread-safe: the server thread records, the test thread reads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_id: dict[str, dict[str, Any]] = {}

    def record(self, test_id: str, **attempt: Any) -> int:
        """Record one attempt; returns its 1-based number for this test id."""
        with self._lock:
            entry = self._by_id.setdefault(test_id, {"attempts": 0, "requests": []})
            entry["attempts"] += 1
            entry["requests"].append(attempt)
            del entry["requests"][:-MAX_KEPT]  # bounded: a benchmark may send millions
            return int(entry["attempts"])

    def note(self, test_id: str, **facts: Any) -> None:
        """Add facts (e.g. the injected fault) to the latest attempt of `test_id`."""
        with self._lock:
            entry = self._by_id.get(test_id)
            if entry and entry["requests"]:
                entry["requests"][-1].update(facts)

    def get(self, test_id: str) -> dict[str, Any]:
        with self._lock:
            entry = self._by_id.get(test_id, {"attempts": 0, "requests": []})
            requests = [dict(r) for r in entry["requests"]]
            return {
                "test_id": test_id,
                "attempts": entry["attempts"],
                "requests": requests,
                "auth": [r.get("auth") for r in requests],
                "credential_hashes": [r.get("credential_sha256") for r in requests],
            }

    def all_ids(self) -> list[str]:
        with self._lock:
            return sorted(self._by_id)

    def reset(self) -> None:
        with self._lock:
            self._by_id.clear()
