"""Figure 6: `make generate` (`aoai-codegen generate`, every pinned api-version) from local documents.

`--quick` generates only the smallest pinned version (the figure then checks that
generation runs, nothing more; CI's time is the reason).

Runs the generator's own command in a throwaway project root (a copy of
`specs/` and `pyproject.toml`), so timing it never rewrites the `generated/`
that tests and other work are importing. Documents come from the mirror or the
project cache only; if neither has them the figure says so rather than let
the generator reach the network (benchmarks touch 127.0.0.1 only).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..context import Context
from ..model import Goal, Row
from ..rounds import Round, interleaved
from ..servers import ROOT

_SECONDS = re.compile(r"^(\S+) -> .*?, ([0-9.]+) s\b", re.M)


def _pins() -> dict[str, dict[str, object]]:
    pins = {}
    for folder in sorted((ROOT / "specs").iterdir()):
        if (folder / "pin.json").is_file():
            pins[folder.name] = json.loads((folder / "pin.json").read_text(encoding="utf-8"))
    return pins


def _sources(versions: list[str]) -> tuple[dict[str, str], str | None]:
    """Environment pointing the generator at local documents, or why there are none."""
    mirror = os.environ.get("SPECS_MIRROR") or str(ROOT.parent / "shared" / "specs")
    cache = os.environ.get("AOAI_SPECS_CACHE") or str(ROOT / ".cache" / "specs")
    pins = _pins()
    for version in versions:
        name = Path(str(pins[version].get("path", "inference.json"))).name  # the upstream file name
        if not any((Path(folder) / version / name).is_file() for folder in (mirror, cache)):
            return {}, f"no local document for {version} (set SPECS_MIRROR): not fetched, no network here"
    return {"SPECS_MIRROR": mirror, "AOAI_SPECS_CACHE": cache}, None


def _codegen() -> str:
    script = Path(sys.executable).parent / "aoai-codegen"
    return str(script) if script.exists() else "aoai-codegen"


def _round(
    workdir: Path, env: dict[str, str], versions: list[str], per_version: dict[str, list[float]]
) -> Round:
    def one() -> float:
        shutil.rmtree(workdir / "generated", ignore_errors=True)
        start = time.perf_counter()
        out = subprocess.run(
            [_codegen(), "--root", str(workdir), "generate", *versions],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, **env},
            check=False,
        )
        elapsed = time.perf_counter() - start
        if out.returncode:
            raise RuntimeError((out.stderr or out.stdout).strip()[-300:])
        for version, seconds in _SECONDS.findall(out.stdout):
            per_version.setdefault(version, []).append(float(seconds))
        return elapsed

    return one


def run(ctx: Context) -> list[Row]:
    pins = _pins()
    versions = [min(pins, key=lambda v: int(str(pins[v].get("size", 0))))] if ctx.quick else list(pins)
    what = f"only {versions[0]}" if ctx.quick else f"all {len(versions)} pinned api-versions"
    row = Row(f"6. make generate, {what}", "s", goals=[Goal(None, 10.0)])
    env, reason = _sources(versions)
    if reason:
        row.add("aoai", reason)
        return [row]
    per_version: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory(prefix="aoai-bench-gen-") as tmp:
        workdir = Path(tmp)
        shutil.copytree(ROOT / "specs", workdir / "specs")
        shutil.copy2(ROOT / "pyproject.toml", workdir / "pyproject.toml")
        rounds = 1 if ctx.quick else min(ctx.rounds, 5)
        results = interleaved(
            {"aoai": _round(workdir, env, versions if ctx.quick else [], per_version)},
            rounds=rounds,
            warmup=0,
            budget_s=ctx.budget_s / 2,
        )
    row.add("aoai", results["aoai"])
    parts = [f"{v} {sorted(s)[len(s) // 2]:.2f} s" for v, s in sorted(per_version.items())]
    row.note = "wall time of `aoai-codegen generate` (what `make generate` runs), fresh output dir; " + (
        "per version, as the generator reports it: " + ", ".join(parts) if parts else ""
    )
    return [row]
