"""`client.files`: upload, list (paged), retrieve, delete, and download a file's content.

`create(file=..., purpose=...)` takes a path, bytes, a binary file object or `(name, data)` /
`(name, data, content_type)` (the generic multipart method, `_bind`); `content(file_id)`
returns the bytes. What this layer adds is `write_content(file_id, path)`: a large file
written to disk in chunks as it arrives, never held whole in memory, and only once complete
(into a temporary file beside the target, renamed at the end), so a broken download leaves
no half-written file behind. The drivers move the bytes (`_call`); `FileSink` decides what
happens to them, once for sync and async.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import IO, Any

import httpx2

from aoai.resources._call import Call
from aoai.resources._generic import operation_call
from aoai.resources._resource import Resource
from aoai.streaming import IncompleteStreamError


class FileSink:
    """Where a download goes: a temporary file beside `target`, renamed to it when complete."""

    def __init__(self, target: str | os.PathLike[str]) -> None:
        self.target = Path(target)
        self.written = 0
        self._out: IO[bytes] | None = None
        self._partial: str | None = None

    def start(self) -> None:
        fd, self._partial = tempfile.mkstemp(
            prefix=f".{self.target.name}.", suffix=".part", dir=self.target.parent or None
        )
        self._out = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        if self._out is None:
            raise RuntimeError("FileSink.write() before start()")
        self.written += self._out.write(chunk)

    def done(self) -> int:
        """Complete: the file takes its name. Returns the number of bytes written."""
        if self._out is not None:
            self._out.close()
        if self._partial is not None:
            os.replace(self._partial, self.target)
            self._partial = None
        return self.written

    def failed(self, exc: BaseException, response: httpx2.Response) -> BaseException:
        """Remove what was written; the error to raise (a broken connection is a typed one)."""
        if self._out is not None:
            self._out.close()
        if self._partial is not None:
            Path(self._partial).unlink(missing_ok=True)
            self._partial = None
        if isinstance(exc, httpx2.HTTPError):
            return IncompleteStreamError(
                f"the download broke after {self.written} byte(s): {type(exc).__name__}: {exc}",
                request=response.request,
            )
        return exc


class Files(Resource):
    _prefix = "files"

    def write_content(self, file_id: str, path: str | os.PathLike[str], **options: Any) -> Any:
        """Download the content of `file_id` into `path`, in chunks; returns the number of bytes written.

        Takes the per-call options as every method does; awaited in the async client.
        """
        call = operation_call(self, "files.content", (file_id,), dict(options))
        return self._driver.download(
            self._client, Call(call.request, call.options, call.parse), FileSink(path)
        )
