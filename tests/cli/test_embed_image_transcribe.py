"""`aoai embed`, `aoai image` and `aoai transcribe` against the emulator, errors included."""

from __future__ import annotations

import json
import math
import struct
import wave
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import invoke

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_embed_prints_one_summary_line_per_text(env: dict[str, Any]) -> None:
    result = invoke(["embed", "first text", "second text"], env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("'first text': ") and "dimensions" in lines[0]
    assert lines[1].startswith("'second text': ")


def test_embed_json_and_dimensions(env: dict[str, Any]) -> None:
    result = invoke(["embed", "hello", "--dimensions", "64", "--json"], env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["data"][0]["embedding"]) == 64
    assert invoke(["embed", "hello", "--dimensions", "64"], env).stdout.startswith("'hello': 64 dimensions")


def test_embed_unknown_deployment_is_one_line(env: dict[str, Any]) -> None:
    result = invoke(["embed", "hello", "-d", "nope"], env)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("aoai: error: NotFoundError: HTTP 404 DeploymentNotFound: ")


def test_image_writes_a_png(env: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "picture.png"
    result = invoke(["image", "a red square", "--out", str(out)], env)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(PNG_MAGIC)
    assert result.stdout == ""
    assert result.stderr.startswith(f"wrote {out} (")


def test_image_unknown_deployment_writes_nothing(env: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "picture.png"
    result = invoke(["image", "a red square", "--out", str(out), "-d", "nope"], env)
    assert result.exit_code == 1
    assert result.stderr.startswith("aoai: error: NotFoundError: HTTP 404 DeploymentNotFound")
    assert not out.exists()


def test_image_content_filter_is_one_line(env: dict[str, Any], tmp_path: Path) -> None:
    result = invoke(["image", "something forbidden", "--out", str(tmp_path / "x.png")], env)
    assert result.exit_code == 1
    [line] = result.stderr.splitlines()
    assert line.startswith("aoai: error: ContentFilterError: HTTP 400 content_filter: ")


def test_image_requires_out(env: dict[str, Any]) -> None:
    result = invoke(["image", "a red square"], env)
    assert result.exit_code == 2
    assert "--out" in result.stderr


@pytest.fixture
def wav(tmp_path: Path) -> Path:
    path = tmp_path / "tone.wav"
    rate = 8000
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(b"".join(struct.pack("<h", int(4000 * math.sin(i / 3))) for i in range(rate // 2)))
    return path


def test_transcribe_text(env: dict[str, Any], wav: Path) -> None:
    result = invoke(["transcribe", str(wav)], env)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip()
    assert result.stdout.count("\n") == 1


@pytest.mark.parametrize(("fmt", "start"), [("srt", "1\n00:00:00,000 --> "), ("vtt", "WEBVTT\n")])
def test_transcribe_subtitles(env: dict[str, Any], wav: Path, fmt: str, start: str) -> None:
    result = invoke(["transcribe", str(wav), "--format", fmt], env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start)


def test_transcribe_verbose_json(env: dict[str, Any], wav: Path) -> None:
    result = invoke(["transcribe", str(wav), "--format", "verbose_json"], env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["text"] and data["segments"]
    json_text = invoke(["transcribe", str(wav), "--format", "json"], env).stdout.strip()
    assert json_text == data["text"]


def test_transcribe_missing_file_is_a_usage_error(env: dict[str, Any], tmp_path: Path) -> None:
    result = invoke(["transcribe", str(tmp_path / "missing.wav")], env)
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
