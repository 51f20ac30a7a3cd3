"""Relative request paths, checked segment by segment before httpx2 normalises them.

Why: a generated `_get_kwargs` percent-encodes each path parameter, which leaves `.` and
`..` as they are, and httpx2 then resolves dot segments: `vector_store_id=".."` turned
`DELETE /vector_stores/../files/file-1` into `DELETE /files/file-1`, and an empty id
(`/threads//runs`) shifts a route as well. Every request of every call path (facade,
`operations`, `generated_client`, `http_client`) is built by our httpx2 client, which
still sees the URL as written, so one check here covers every path parameter of every
operation without knowing any of them.
"""

from __future__ import annotations

#: Segments that navigate instead of naming something (percent-encoded dots included: servers decode them).
_DOT_SEGMENTS = frozenset({".", "..", "%2e", "%2e%2e", ".%2e", "%2e."})


def check_relative_path(url: str) -> None:
    """Raise `ValueError` if a relative URL has an empty, `.` or `..` segment; absolute URLs pass."""
    path = url.partition("?")[0].partition("#")[0]
    if not path or path == "/" or "://" in path:
        return
    segments = path[1:].split("/") if path.startswith("/") else path.split("/")
    for segment in segments:
        if segment and segment.lower() not in _DOT_SEGMENTS:
            continue
        what = f"path segment {segment!r}" if segment else "an empty path segment"
        raise ValueError(
            f"{what} in {path!r} would change which route is called: a path parameter (an id "
            "or a name) must not be empty, '.' or '..'; expected one id per segment, such as "
            "'thread_abc123'"
        )
