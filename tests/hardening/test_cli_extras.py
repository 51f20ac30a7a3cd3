"""Item 18a: on a user install without extras, every command that needs one says so in one line.

Before: `aoai emulator` died with a `ModuleNotFoundError: starlette` traceback (its module
imported fine; the server's did not), while `aoai diff` named its extra. A subprocess stands
in for `pip install .` without extras: the extras' modules are made unimportable in it.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

EXTRA_MODULES = [
    "starlette",
    "uvicorn",
    "multipart",
    "python_multipart",
    "jsonschema",
    "openapi_python_client",
    "jsonpatch",
    "griffe",
]
RUN_WITHOUT_EXTRAS = f"""
import sys
for name in {EXTRA_MODULES!r}:
    sys.modules[name] = None  # `import name` now fails as it does where the extra is not installed
from aoai.cli import main
main(sys.argv[1:])
"""


def _aoai(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_WITHOUT_EXTRAS, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "extra"),
    [
        (("emulator", "--port", "0"), "emulator"),
        (("diff", "2024-10-21", "2024-10-01-preview"), "codegen"),
    ],
)
def test_a_command_without_its_extra_fails_in_one_line(args: tuple[str, ...], extra: str) -> None:
    result = _aoai(*args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("aoai: error: ") and f"pip install 'aoai[{extra}]'" in line


def test_commands_that_need_no_extra_still_work() -> None:
    result = _aoai("versions")
    assert result.returncode == 0, result.stderr
    assert "2024-10-21" in result.stdout
