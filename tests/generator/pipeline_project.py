"""A throwaway project root (specs/ with pins and patches) and a stand-in upstream host, for pipeline tests."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import threading
from pathlib import Path
from typing import Any


def copy_project(repo_root: Path, target: Path) -> Path:
    """The repo's pins and patches, nothing else, under `target`."""
    shutil.copytree(repo_root / "specs", target / "specs")
    (target / "pyproject.toml").write_text("[project]\nname = 'scratch'\n", encoding="utf-8")
    return target


def write_pinned_document(root: Path, mirror: Path, api_version: str, document: dict[str, Any]) -> bytes:
    """Pin `document` as `api_version` in a scratch project and put its bytes in `mirror`."""
    data = json.dumps(document, indent=1).encode()
    (mirror / api_version).mkdir(parents=True, exist_ok=True)
    (mirror / api_version / "inference.json").write_bytes(data)
    pin = {
        "api_version": api_version,
        "channel": "ga",
        "repository": "example/specs",
        "commit": "0" * 40,
        "path": f"{api_version}/inference.json",
        "url": f"http://127.0.0.1:9/{api_version}/inference.json",
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
    }
    (root / "specs" / api_version).mkdir(parents=True, exist_ok=True)
    (root / "specs" / api_version / "pin.json").write_text(json.dumps(pin, indent=2), encoding="utf-8")
    (root / "pyproject.toml").write_text("[project]\nname = 'scratch'\n", encoding="utf-8")
    return data


class Served:
    """Files served on 127.0.0.1 (path -> bytes; anything else is a 404), standing in for the upstream host."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.hits: list[str] = []
        files, hits = self.files, self.hits

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                body = files.get(self.path)
                self.send_response(200 if body is not None else 404)
                self.send_header("Content-Length", str(len(body or b"")))
                self.end_headers()
                self.wfile.write(body or b"")

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()
