"""audio.transcriptions / audio.translations: multipart uploads from a path, bytes or a file object,
every response_format (text ones come back as str)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import aoai
import pytest

from .conftest import models_of

WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + bytes(28)


@pytest.mark.parametrize("kind", ["path", "bytes", "file", "tuple"])
def test_transcription_file_inputs(client: aoai.AzureOpenAI, tmp_path: Path, kind: str) -> None:
    path = tmp_path / "meeting.wav"
    path.write_bytes(WAV)
    file: Any = {"path": path, "bytes": WAV, "file": io.BytesIO(WAV), "tuple": ("meeting.wav", WAV)}[kind]
    result = client.audio.transcriptions.create(model="whisper", file=file)
    assert isinstance(result, models_of(client).AudioResponse)
    assert ".wav" in result.text


@pytest.mark.parametrize("fmt", ["json", "verbose_json", "text", "srt", "vtt"])
def test_transcription_response_formats(client: aoai.AzureOpenAI, fmt: str) -> None:
    result = client.audio.transcriptions.create(model="whisper", file=WAV, response_format=fmt, language="en")
    if fmt in ("text", "srt", "vtt"):
        assert isinstance(result, str) and result.strip()
        if fmt == "vtt":
            assert result.startswith("WEBVTT")
        if fmt == "srt":
            assert "-->" in result
    else:
        assert result.text


def test_translation(client: aoai.AzureOpenAI) -> None:
    result = client.audio.translations.create(model="whisper", file=WAV, response_format="text")
    assert isinstance(result, str) and result.strip()


@pytest.mark.anyio
async def test_async(aclient: aoai.AsyncAzureOpenAI) -> None:
    result = await aclient.audio.transcriptions.create(model="whisper", file=io.BytesIO(WAV), temperature=0.0)
    assert result.text
    text = await aclient.audio.translations.create(model="whisper", file=WAV, response_format="srt")
    assert "-->" in text


def test_text_mode_file_is_a_clear_error(client: aoai.AzureOpenAI) -> None:
    with pytest.raises(TypeError, match="binary mode"):
        client.audio.transcriptions.create(model="whisper", file=io.StringIO("not audio"))
