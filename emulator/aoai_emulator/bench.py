"""`python -m aoai_emulator.bench`: requests/s for small requests with one httpx client, the server
in its own process (so client and server do not share a GIL): a chat completion on the dated and
on the v1 routes, and a Responses call, plain and streamed (`--route` picks some).

A measurement, not a test: it prints the numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import httpx2

BODY = {"messages": [{"role": "user", "content": "Hello, how are you?"}], "max_tokens": 16}
#: name -> (path under the endpoint, JSON body); each a small request a client would send.
ROUTES = {
    "dated-chat": ("/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21", BODY),
    "v1-chat": ("/openai/v1/chat/completions", {"model": "gpt-4o-mini", **BODY}),
    "v1-responses": ("/openai/v1/responses", {"model": "gpt-4o-mini", "input": "Hello, how are you?"}),
    "v1-responses-stream": (
        "/openai/v1/responses",
        {"model": "gpt-4o-mini", "input": "Hello, how are you?", "stream": True},
    ),
}


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


def measure(base_url: str, api_key: str, seconds: float, route: str = "dated-chat") -> tuple[int, float]:
    path, body = ROUTES[route]
    url = base_url + path
    with httpx2.Client(headers={"api-key": api_key}) as client:
        for _ in range(50):  # warm-up: connection, caches
            client.post(url, json=body).raise_for_status()
        count, start = 0, time.perf_counter()
        while time.perf_counter() - start < seconds:
            client.post(url, json=body).raise_for_status()
            count += 1
        return count, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=3.0, help="per route")
    parser.add_argument("--route", action="append", choices=sorted(ROUTES), help="repeatable; default: all")
    args = parser.parse_args(argv)
    process, base_url, api_key = start_server()
    try:
        for route in args.route or list(ROUTES):
            count, elapsed = measure(base_url, api_key, args.seconds, route)
            print(f"{route}: {count / elapsed:.0f} requests/s ({count} in {elapsed:.2f} s, one httpx client)")
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
