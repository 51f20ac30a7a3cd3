"""The user installs figure 1 measures: fresh venvs with what `pip install` gives a user, no extras.

The dev venv is not what users get: it has dev tools (rich, pygments, typer, ...) that change
what `import httpx2` loads, and hundreds of distributions that `importlib.metadata` walks
(httpx2 reads its own version through it on import). So `python -m bench.venvs` (`make
bench-venvs`) builds, under `.cache/bench/`:

- `user-aoai`: aoai as a user gets it, from a wheel of this checkout (built here, with the
  generated packages in it) and its dependencies from the package index;
- `user-openai`: `pip install openai==<the dev venv's version>`, so both columns compare the
  same openai.

aoai's venv is refreshed on every run (a new wheel, reinstalled without touching its
dependencies), so it measures the code in this checkout. Without the venvs, figure 1 says
so and simulates a user install in the dev venv instead.
"""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .servers import ROOT

HOME = ROOT / ".cache" / "bench"
NAMES = ("user-aoai", "user-openai")


def python(name: str) -> Path | None:
    """The interpreter of venv `name`, if it was built."""
    exe = HOME / name / "bin" / "python"
    return exe if exe.is_file() else None


def _run(*cmd: str | Path) -> None:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(map(str, cmd))} failed:\n{(done.stderr or done.stdout)[-3000:]}")


def _venv(name: str) -> tuple[Path, bool]:
    folder = HOME / name
    fresh = python(name) is None
    if fresh:
        shutil.rmtree(folder, ignore_errors=True)
        _run(sys.executable, "-m", "venv", folder)
    return folder / "bin" / "pip", fresh


def _installed(name: str, dist: str) -> str | None:
    exe = python(name)
    if exe is None:
        return None
    code = f"import importlib.metadata as m; print(m.version({dist!r}))"
    done = subprocess.run([str(exe), "-c", code], capture_output=True, text=True, check=False)
    return done.stdout.strip() or None


def build() -> None:
    HOME.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="aoai-wheel-") as tmp:
        # With this venv's hatchling and generator: the wheel carries generated/ as it is now.
        _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", tmp, ROOT)
        (wheel,) = Path(tmp).glob("aoai-*.whl")
        pip, fresh = _venv("user-aoai")
        if fresh:
            _run(pip, "install", "-q", wheel)
        else:
            _run(pip, "install", "-q", "--force-reinstall", "--no-deps", wheel)
    pip, fresh = _venv("user-openai")
    wanted = importlib.metadata.version("openai")
    if fresh or _installed("user-openai", "openai") != wanted:
        _run(pip, "install", "-q", f"openai=={wanted}")
    for name in NAMES:
        print(f"{HOME / name}: ready")


if __name__ == "__main__":
    build()
