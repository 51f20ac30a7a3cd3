"""The typed facade as a user's type checker sees it: mypy --strict and pyright over every target.

Targets: the cases in `cases/` (one concern per file: the generic client, chat and embeddings,
streams, async/raw/pages, wrong arguments, preview-only APIs), the README's usage sample, and
for every generated api-version its stub (`typed.pyi`), its TypedDicts (`params.py`) and its
probe (`_typing_probe.py`: every facade method called with its required arguments, sync, async
and raw, result types asserted), plus the cross-version `aoai_typing`. Expected errors are
`# type: ignore[code]` / `# pyright: ignore[rule]` comments that each checker requires to be
needed, so a mistake that stops being an error fails the run too.

pyright is basedpyright's self-contained wheel (the `pyright` wrapper downloads its npm package
on first use, which CI cannot rely on), run as plain pyright `strict` (`pyrightconfig.json`).
Both checkers run at once, each over everything.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from aoai.versions import package_name
from aoai_codegen.layout import Layout
from aoai_codegen.pins import known_versions

from tests.conftest import ROOT

HERE = Path(__file__).parent
BIN = Path(sys.executable).parent


def readme_sample() -> str:
    """The first Python block of the README's "Use it" section, as a user would paste it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Use it\n", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None, "README.md: no ```python block under '## Use it'"
    return match.group(1)


def targets(tmp_path: Path) -> list[str]:
    sample = tmp_path / "readme_sample.py"
    sample.write_text(readme_sample(), encoding="utf-8")
    found = [str(p) for p in sorted((HERE / "cases").glob("*.py"))] + [str(sample)]
    found.append(str(ROOT / "generated" / "aoai_typing" / "__init__.pyi"))
    for version in known_versions(Layout.at(ROOT)):
        package = ROOT / "generated" / package_name(version)
        found += [str(package / name) for name in ("typed.pyi", "params.py", "_typing_probe.py")]
    missing = [t for t in found if not Path(t).is_file()]
    assert not missing, f"not generated (run `make generate`): {missing}"
    return found


def test_mypy_strict_and_pyright_accept_the_typed_facade(tmp_path: Path) -> None:
    files = targets(tmp_path)
    assert len(files) >= 6 + 1 + 1 + 3 * 5
    runs = {
        "mypy --strict": [str(BIN / "mypy"), "--config-file", str(HERE / "mypy.ini"), *files],
        "pyright": [
            str(BIN / "basedpyright"),
            "--project",
            str(HERE / "pyrightconfig.json"),
            "--pythonpath",
            sys.executable,
            *files,
        ],
    }
    started = {
        name: subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for name, cmd in runs.items()
    }
    failed = []
    for name, process in started.items():
        out, _ = process.communicate(timeout=300)
        if process.returncode != 0:
            failed.append(f"{name} (exit {process.returncode}):\n{out[-6000:]}")
    assert not failed, "\n\n".join(failed)


def test_the_readme_sample_is_found() -> None:
    sample = readme_sample()
    assert 'api_version="2024-10-21"' in sample
    assert "client.chat.completions.create(" in sample
