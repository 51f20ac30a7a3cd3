"""Side-by-side benchmarks: aoai vs the official `openai` SDK vs raw httpx.

Run `python -m bench` (or `make bench`). Every contender talks to the same
canned-response server on 127.0.0.1 (`bench.server`), so what differs between
columns is client-side cost, not the server.
"""
