"""Find a pinned document's bytes and prove they are the pinned ones.

Order: the local cache, then the mirror folder (`SPECS_MIRROR`), then the upstream
URL at the pinned commit. Cache and mirror both hold `<api-version>/<upstream file name>`. Whatever the source, the sha256 and size must match the
pin; a verified download is written to the cache so the network is asked once.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import attrs
import httpx2

from .layout import Layout
from .pins import Pin


class FetchError(Exception):
    """No source had the document, or a source had different bytes."""


@attrs.frozen
class Fetched:
    pin: Pin
    data: bytes
    source: str


def verify(pin: Pin, data: bytes, source: str) -> None:
    found = hashlib.sha256(data).hexdigest()
    if found != pin.sha256 or len(data) != pin.size:
        raise FetchError(
            f"api-version {pin.api_version}: {source} does not match its pin: "
            f"expected sha256 {pin.sha256} ({pin.size} bytes), found sha256 {found} ({len(data)} bytes)"
        )


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def download(url: str, *, timeout: float = 30.0) -> bytes:
    try:
        response = httpx2.get(url, timeout=timeout, follow_redirects=True)
    except httpx2.HTTPError as exc:
        raise FetchError(f"cannot download {url}: {exc.__class__.__name__}: {exc}") from exc
    if response.status_code != 200:
        raise FetchError(f"cannot download {url}: HTTP {response.status_code}")
    return response.content


def fetch(layout: Layout, pin: Pin, *, offline: bool = False) -> Fetched:
    """The verified bytes of `pin`'s document, from the first source that has them."""
    cached = layout.cache_file(pin.api_version, pin.path)
    if cached.is_file():
        data = cached.read_bytes()
        verify(pin, data, str(cached))
        return Fetched(pin, data, str(cached))
    mirrored = layout.mirror_file(pin.api_version, pin.path)
    if mirrored is not None and mirrored.is_file():
        data = mirrored.read_bytes()
        verify(pin, data, str(mirrored))
        return Fetched(pin, data, str(mirrored))
    if offline:
        raise FetchError(
            f"api-version {pin.api_version}: not in the cache ({cached}) nor the mirror "
            f"({mirrored or 'SPECS_MIRROR unset'}), and downloading is off"
        )
    data = download(pin.url)
    verify(pin, data, pin.url)
    _write_atomically(cached, data)
    return Fetched(pin, data, pin.url)
