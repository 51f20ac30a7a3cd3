"""Audio: transcription/translation of an uploaded file (text derived from its name and bytes) in
every `response_format`, and speech synthesis returning bytes of the requested format.
"""

from __future__ import annotations

import io
import json
import struct
import wave
from typing import Any

from aoai_emulator import text

SPEECH_TYPES = {
    "mp3": "audio/mpeg",
    "opus": "audio/ogg",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
}


def transcript(task: str, filename: str, data: bytes, prompt: str | None) -> str:
    tag = text.digest("audio", filename, data)[:8]
    verb = "transcription" if task == "transcribe" else "translation"
    extra = f" Prompt: {prompt}." if prompt else ""
    return f"This is an emulated {verb} of {filename} ({len(data)} bytes, id {tag}).{extra}"


def _stamp(seconds: float, sep: str) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}{sep}{rest % 1000:03d}"


def render(task: str, content: str, response_format: str | None) -> tuple[str, str]:
    """(body, content type) for the requested response format; json is the default."""
    duration = max(1.0, 0.4 * len(content.split()))
    fmt = response_format or "json"
    if fmt == "text":
        return content, "text/plain; charset=utf-8"
    if fmt == "srt":
        return f"1\n{_stamp(0, ',')} --> {_stamp(duration, ',')}\n{content}\n\n", "text/plain; charset=utf-8"
    if fmt == "vtt":
        body = f"WEBVTT\n\n{_stamp(0, '.')} --> {_stamp(duration, '.')}\n{content}\n\n"
        return body, "text/plain; charset=utf-8"
    if fmt == "verbose_json":
        segment = {
            "id": 0,
            "seek": 0,
            "start": 0.0,
            "end": duration,
            "text": content,
            "tokens": list(range(1, len(content.split()) + 1)),
            "temperature": 0.0,
            "avg_logprob": -0.2,
            "compression_ratio": 1.2,
            "no_speech_prob": 0.01,
        }
        payload: dict[str, Any] = {
            "task": task if task == "transcribe" else "translate",
            "language": "english",
            "duration": duration,
            "text": content,
            "segments": [segment],
        }
        return json.dumps(payload), "application/json"
    return json.dumps({"text": content}), "application/json"


def speech(content: str, response_format: str | None) -> tuple[bytes, str]:
    """Audio bytes: a real (silent) WAV for `wav`, tagged placeholder bytes for the other formats."""
    fmt = response_format or "mp3"
    frames = 2400 * max(1, len(content.split()))
    if fmt in ("wav", "pcm"):
        pcm = struct.pack(f"<{frames}h", *([0] * frames))
        if fmt == "pcm":
            return pcm, SPEECH_TYPES["pcm"]
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as out:
            out.setnchannels(1)
            out.setsampwidth(2)
            out.setframerate(24000)
            out.writeframes(pcm)
        return buffer.getvalue(), SPEECH_TYPES["wav"]
    marker = {"mp3": b"ID3\x04\x00\x00", "flac": b"fLaC", "opus": b"OggS", "aac": b"\xff\xf1"}.get(fmt, b"")
    return marker + text.digest("speech", content).encode() * 8, SPEECH_TYPES.get(
        fmt, "application/octet-stream"
    )
