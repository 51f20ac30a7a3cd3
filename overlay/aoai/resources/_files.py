"""Upload files for multipart operations: a path, bytes, a binary file object, or a (name, data) tuple.

Why the name matters: the speech service picks the audio decoder from the file name's
extension, so bytes without a name get one from their magic number.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

#: (leading bytes, offset, extension) of the formats the audio operations accept.
_MAGIC = (
    (b"RIFF", 0, "wav"),
    (b"fLaC", 0, "flac"),
    (b"OggS", 0, "ogg"),
    (b"ID3", 0, "mp3"),
    (b"\xff\xfb", 0, "mp3"),
    (b"\xff\xf3", 0, "mp3"),
    (b"\x1a\x45\xdf\xa3", 0, "webm"),
    (b"ftyp", 4, "m4a"),
)


def guess_name(data: bytes, stem: str = "audio", unnamed: str = "audio.wav") -> str:
    for magic, offset, ext in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return f"{stem}.{ext}"
    return unnamed


def file_part(file: Any, unnamed: str = "audio.wav") -> tuple[str, bytes, str]:
    """(file name, content, content type) for httpx's `files=`.

    `unnamed`: the name of bytes (or a nameless file object) whose format the magic numbers do
    not tell; the audio operations keep their `audio.wav`, other uploads say `upload`.
    """
    if isinstance(file, tuple):
        if len(file) < 2:
            raise TypeError("a file tuple must be (name, data) or (name, data, content_type)")
        name, data = file[0], file[1]
        _, content, ctype = file_part(data, unnamed)
        return str(name), content, (file[2] if len(file) > 2 else ctype)
    if isinstance(file, (str, os.PathLike)):
        path = Path(file)
        if not path.is_file():
            raise FileNotFoundError(f"no such file to upload: {path}")
        return path.name, path.read_bytes(), "application/octet-stream"
    if isinstance(file, (bytes, bytearray, memoryview)):
        data = bytes(file)
        return guess_name(data, unnamed=unnamed), data, "application/octet-stream"
    read = getattr(file, "read", None)
    if callable(read):
        data = read()
        if isinstance(data, str):
            raise TypeError("open the file in binary mode ('rb'): got text from read()")
        name = getattr(file, "name", None)
        return (
            (Path(name).name if isinstance(name, str) else guess_name(data, unnamed=unnamed)),
            data,
            "application/octet-stream",
        )
    raise TypeError(
        f"file must be a path, bytes, a binary file object or (name, data), got {type(file).__name__}"
    )
