"""Start and stop the canned server (`bench.server`) in a subprocess on 127.0.0.1.

A separate process so the server's work never shares the client's interpreter
(GIL, GC, event loop); its stdin is our lifeline, so it exits with us.
"""

from __future__ import annotations

import select
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DESCRIPTION = "canned asyncio HTTP/1.1 keep-alive server (bench/server.py), own process, 127.0.0.1"


@dataclass(frozen=True)
class Sizes:
    stream_chunks: int = 10_000
    embed_rows: int = 2048
    embed_dims: int = 1536


@contextmanager
def canned_server(sizes: Sizes, *, delay_ms: float = 0.0, start_timeout: float = 120.0) -> Iterator[str]:
    """Yield the base URL (`http://127.0.0.1:PORT`) of a fresh canned server (answering `delay_ms` late)."""
    cmd = [
        sys.executable,
        "-m",
        "bench.server",
        f"--stream-chunks={sizes.stream_chunks}",
        f"--embed-rows={sizes.embed_rows}",
        f"--embed-dims={sizes.embed_dims}",
        f"--delay-ms={delay_ms}",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        ready, _, _ = select.select([proc.stdout], [], [], start_timeout)
        line = proc.stdout.readline() if ready else ""
        if not line.strip().isdigit():
            why = f"said {line!r}" if ready else f"silent for {start_timeout:.0f} s"
            raise RuntimeError(f"bench server did not start ({why}, exit {proc.poll()})")
        yield f"http://127.0.0.1:{int(line)}"
    finally:
        if proc.stdin:
            proc.stdin.close()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
