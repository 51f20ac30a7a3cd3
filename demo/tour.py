"""The scripted tour behind `make demo`: the real `aoai` CLI and library against the emulator.

Why a script and not a README of commands to paste: a new user (or CI) types one
command and sees every promise of the project kept, offline, in under a minute; and a
test runs this same file, so the tour cannot rot. Each step checks its own outcome
and the tour exits non-zero on the first one that does not hold.

It starts the emulator in this process on a free 127.0.0.1 port, runs the CLI as a
real subprocess (the `aoai` console script beside this Python), uses the library
in-process for the two steps that are about catching and retrying, and stops the
emulator at the end, whatever happened.
"""

from __future__ import annotations

import io
import json
import math
import os
import shlex
import struct
import subprocess
import sys
import tempfile
import time
import wave
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

GA = "2024-10-21"
PREVIEW = "2024-10-01-preview"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class TourError(Exception):
    """A step did not do what the tour promised."""


def say(text: str = "") -> None:
    print(text, flush=True)


def step(number: int, title: str) -> None:
    say()
    say(f"── {number}. {title}")


def aoai_command() -> list[str]:
    """The installed `aoai` console script beside this interpreter, else `python -m aoai.cli`."""
    script = Path(sys.executable).with_name("aoai")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "aoai.cli"]


def cli(
    args: Sequence[str],
    env: Mapping[str, str],
    *,
    cwd: Path | None = None,
    expect_exit: int = 0,
    expect: Sequence[str] = (),
) -> str:
    """Run `aoai ARGS`, echoing its output as it arrives (so streaming shows), and check it."""
    say("$ aoai " + shlex.join(args))
    proc = subprocess.Popen(
        [*aoai_command(), *args], env=dict(env), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert proc.stdout is not None
    seen = io.BytesIO()
    while chunk := os.read(proc.stdout.fileno(), 4096):  # whatever has arrived, unbuffered
        seen.write(chunk)
        sys.stdout.buffer.write(chunk)
        sys.stdout.buffer.flush()
    code = proc.wait()
    output = seen.getvalue().decode("utf-8", "replace")
    if code != expect_exit:
        raise TourError(f"`aoai {shlex.join(args)}` exited {code}, expected {expect_exit}")
    missing = [text for text in expect if text not in output]
    if missing:
        raise TourError(f"`aoai {shlex.join(args)}` did not print {missing!r}")
    return output


def clean_environ() -> dict[str, str]:
    """This process's environment minus anything that would point the CLI at a real resource."""
    drop = {"AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN", "OPENAI_API_VERSION"}
    drop |= {"IDENTITY_ENDPOINT", "IDENTITY_HEADER", "MSI_ENDPOINT", "MSI_SECRET"}
    drop |= {"AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET", "AZURE_CLIENT_CERTIFICATE_PATH"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def make_wav(path: Path, seconds: float = 1.0, rate: int = 16000) -> None:
    """A short 440 Hz tone, 16-bit mono, written with the stdlib `wave` module."""
    frames = b"".join(
        struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(int(seconds * rate))
    )
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(frames)


@contextmanager
def emulator() -> Iterator[Any]:
    from aoai_emulator.testing import running_emulator

    with running_emulator() as handle:
        yield handle


def library_content_filter(emu: Any) -> None:
    from aoai import AzureOpenAI, ContentFilterError

    say(
        ">>> client.chat.completions.create(model='gpt-4o', messages=[{'role': 'user', 'content': 'a forbidden topic'}])"
    )
    client = AzureOpenAI(azure_endpoint=emu.base_url, api_key=emu.api_key, api_version=GA)
    try:
        client.chat.completions.create(
            model="gpt-4o", messages=[{"role": "user", "content": "a forbidden topic"}]
        )
    except ContentFilterError as exc:
        filtered = sorted(
            k for k, v in exc.content_filter_result.items() if isinstance(v, dict) and v.get("filtered")
        )
        say(
            f"caught {type(exc).__name__}: status {exc.status_code}, code {exc.code}, filtered: {', '.join(filtered) or '-'}"
        )
        say(f"  request id {exc.request_id}")
        return
    raise TourError("the content filter did not raise ContentFilterError")


def library_rate_limit_retry(emu: Any) -> None:
    from aoai import AzureOpenAI

    test_id = f"tour-429-{os.getpid()}"
    headers = {"x-aoai-emulator-fault": "429; retry-after-ms=50; times=1", "x-aoai-test-id": test_id}
    say(">>> client = AzureOpenAI(..., max_retries=2)")
    say(
        f">>> client.chat.completions.create(..., extra_headers={{'x-aoai-emulator-fault': '{headers['x-aoai-emulator-fault']}'}})"
    )
    client = AzureOpenAI(azure_endpoint=emu.base_url, api_key=emu.api_key, api_version=GA, max_retries=2)
    completion = client.chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "Say hello."}], extra_headers=headers
    )
    seen = [request.get("fault") or "200 OK" for request in emu.stats(test_id)["requests"]]
    if seen != ["429", "200 OK"]:
        raise TourError(f"expected one 429 then a success, the emulator saw {seen}")
    answer = completion.choices[0].message.content
    say(f"the emulator saw: attempt 1 -> 429 (retry-after-ms: 50), attempt 2 -> 200 OK; answer: {answer!r}")


def library_v1_files(emu: Any) -> None:
    from aoai import AzureOpenAI

    say(">>> client = AzureOpenAI(azure_endpoint=..., api_key=..., api_version='v1')")
    client = AzureOpenAI(azure_endpoint=emu.base_url, api_key=emu.api_key, api_version="v1")
    uploaded = []
    for name in ("a.jsonl", "b.jsonl", "c.jsonl"):
        say(f">>> client.files.create(file=('{name}', b'...'), purpose='assistants')")
        uploaded.append(client.files.create(file=(name, b'{"prompt": "hi"}\n'), purpose="assistants").id)
    say(">>> for f in client.files.list(limit=2): ...   # two files a page; the pages are fetched as needed")
    first = client.files.list(limit=2, order="asc")
    pages = [len(page.data) for page in first.pages()]
    names = [f.filename for f in client.files.list(limit=2, order="asc") if f.id in uploaded]
    if names != ["a.jsonl", "b.jsonl", "c.jsonl"] or len(pages) < 2:
        raise TourError(f"expected the three uploads across pages, got {names} in pages of {pages}")
    say(f"listed {', '.join(names)} across {len(pages)} pages of {pages} file(s)")
    say(f">>> client.files.content('{uploaded[0]}') -> {client.files.content(uploaded[0])!r}")


def respond_v1(env: Mapping[str, str]) -> None:
    v1_env = {**env, "OPENAI_API_VERSION": "v1"}
    say("OPENAI_API_VERSION=v1   ({endpoint}/openai/v1/..., the deployment in the body's model)")
    first = cli(["respond", "My name is Ada.", "--instructions", "Be brief."], v1_env)
    response_id = next(
        (line.rsplit(" ", 1)[1] for line in first.splitlines() if line.startswith("aoai: response id: ")),
        None,
    )
    if response_id is None:
        raise TourError("aoai respond did not name its response")
    cli(
        ["respond", "What is my name?", "--previous", response_id],
        v1_env,
        expect=["earlier in this conversation: My name is Ada."],
    )


def diff_summary(env: Mapping[str, str]) -> None:
    say(f"$ aoai diff {GA} {PREVIEW} --format json   (summarised)")
    proc = subprocess.run(
        [*aoai_command(), "diff", GA, PREVIEW, "--format", "json"],
        env=dict(env),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise TourError(f"aoai diff exited {proc.returncode}: {proc.stderr.strip()}")
    report = json.loads(proc.stdout)
    say(report["summary"]["line"])
    for change in report["changes"]:
        if change["breaking"]:
            say(f"  BREAKING {change['kind']}: {change['subject']}")


def tour(workdir: Path) -> None:
    started = time.perf_counter()
    with emulator() as emu:
        say(f"aoai tour: emulator on {emu.base_url} (offline; no Azure account needed)")
        base = clean_environ()
        env = {
            **base,
            "AZURE_OPENAI_ENDPOINT": emu.base_url,
            "AZURE_OPENAI_API_KEY": emu.api_key,
            "OPENAI_API_VERSION": GA,
        }
        say(
            f"AZURE_OPENAI_ENDPOINT={emu.base_url} AZURE_OPENAI_API_KEY={emu.api_key} OPENAI_API_VERSION={GA}"
        )

        step(1, "A streamed chat (API key)")
        question = "Explain in one sentence what an api-version is."
        cli(["chat", question, "--system", "Be brief."], env)

        step(2, "The same with Entra ID (DefaultAzureCredential -> the emulator's managed-identity endpoint)")
        entra_env = {k: v for k, v in env.items() if k != "AZURE_OPENAI_API_KEY"}
        entra_env.update(IDENTITY_ENDPOINT=emu.identity_endpoint, IDENTITY_HEADER=emu.identity_header)
        say(f"IDENTITY_ENDPOINT={emu.identity_endpoint} (and no API key in the environment)")
        test_id = f"tour-entra-{os.getpid()}"
        cli(
            ["chat", question, "--system", "Be brief.", "--entra", "-H", f"x-aoai-test-id: {test_id}"],
            entra_env,
        )
        auth = emu.stats(test_id)["auth"]
        if auth != ["bearer"]:
            raise TourError(f"expected one request with an Entra bearer token, the emulator saw {auth}")
        say("the emulator saw: Authorization: Bearer <token from its managed-identity endpoint>, no api-key")

        step(3, "Embeddings")
        cli(["embed", "The quick brown fox", "jumps over the lazy dog"], env, expect=["dimensions"])

        step(4, "An image")
        cli(
            ["image", "A lighthouse at dawn, watercolour", "--out", "tour.png"],
            env,
            cwd=workdir,
            expect=["wrote"],
        )
        if not (workdir / "tour.png").read_bytes().startswith(PNG_MAGIC):
            raise TourError("tour.png is not a PNG")

        step(5, "A transcription (a 1 s WAV made with the stdlib `wave` module)")
        make_wav(workdir / "tone.wav")
        cli(["transcribe", "tone.wav"], env, cwd=workdir)
        cli(["transcribe", "tone.wav", "--format", "srt"], env, cwd=workdir, expect=["00:00:00,000 --> "])

        step(6, "A content-filter error: one line from the CLI, ContentFilterError in the library")
        cli(
            ["chat", "Tell me something forbidden."],
            env,
            expect_exit=1,
            expect=["ContentFilterError", "content_filter"],
        )
        library_content_filter(emu)

        step(7, "A 429 that is retried and succeeds")
        library_rate_limit_retry(emu)

        step(8, f"The surface diff, GA {GA} -> preview {PREVIEW}")
        diff_summary(env)

        step(9, "The v1 API: a streamed Responses call, a follow-up by previous_response_id, files")
        respond_v1(env)
        library_v1_files(emu)
    say()
    say(f"tour done: 9 steps in {time.perf_counter() - started:.1f} s; emulator stopped")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="aoai-tour-") as tmp:
        try:
            tour(Path(tmp))
        except TourError as exc:
            say(f"tour failed: {exc}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
