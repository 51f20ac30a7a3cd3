"""`python -m aoai_emulator.bench`: requests/s for a small non-streaming chat completion with one
httpx client, the server in its own process (so client and server do not share a GIL).

A measurement, not a test: it prints the number and asserts nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import httpx2

BODY = {"messages": [{"role": "user", "content": "Hello, how are you?"}], "max_tokens": 16}


def start_server() -> tuple[subprocess.Popen[str], str, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "aoai_emulator", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    base_url = api_key = ""
    while not (base_url and api_key):
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("emulator exited before printing its address")
        if line.startswith("AZURE_OPENAI_ENDPOINT="):
            base_url = line.split("=", 1)[1].strip()
        if line.startswith("AZURE_OPENAI_API_KEY="):
            api_key = line.split("=", 1)[1].strip()
    return process, base_url, api_key


def measure(
    base_url: str, api_key: str, seconds: float, api_version: str = "2024-10-21"
) -> tuple[int, float]:
    url = f"{base_url}/openai/deployments/gpt-4o-mini/chat/completions?api-version={api_version}"
    with httpx2.Client(headers={"api-key": api_key}) as client:
        for _ in range(50):  # warm-up: connection, caches
            client.post(url, json=BODY).raise_for_status()
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            client.post(url, json=BODY).raise_for_status()
            count += 1
        return count, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args(argv)
    process, base_url, api_key = start_server()
    try:
        count, elapsed = measure(base_url, api_key, args.seconds)
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()
    print(
        f"{count / elapsed:.0f} requests/s ({count} small chat completions in {elapsed:.2f} s, one httpx client)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
