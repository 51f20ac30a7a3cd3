"""aoai runs on httpx2 only: a whole call, generated code included, loads no httpx 0.x or httpcore 1.x.

Both stacks installed side by side would double the import cost and the pools; the dev venv
has httpx 0.x (openapi-python-client needs it), so this is checked where it could go wrong.
"""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = r"""
import http.server, json, sys, threading
import aoai

BODY = json.dumps({"id": "c", "object": "chat.completion", "created": 1, "model": "m",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "hi"}}]}).encode()

class Handler(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers["content-length"]))
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)
    def log_message(self, *args):
        pass

server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
client = aoai.AzureOpenAI(azure_endpoint=f"http://127.0.0.1:{server.server_port}", api_version="2024-10-21", api_key="k")
reply = client.chat.completions.create(model="d", messages=[{"role": "user", "content": "hi"}])
server.shutdown()
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("httpx", "httpcore", "httpx_sse", "httpx2", "httpcore2"))
print(json.dumps({"content": reply.choices[0].message.content, "roots": sorted({m.split(".")[0] for m in loaded})}))
"""


def test_a_whole_call_loads_httpx2_and_nothing_of_httpx_0() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen == {"content": "hi", "roots": ["httpcore2", "httpx2"]}
