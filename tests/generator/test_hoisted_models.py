"""Generated models import the models they refer to once per module, not on every call (aoai_codegen.hoist)."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from aoai_codegen.hoist import IMPORTS_AT_END, QUOTED_CASTS, HoistError, check_hoisted
from aoai_codegen.layout import Layout
from aoai_codegen.pins import known_versions
from aoai_codegen.rewrites import StaleRewriteError, rewrite, stock_templates


def _packages(repo_root: Path) -> list[Path]:
    layout = Layout.at(repo_root)
    versions = known_versions(layout)
    assert versions, "no pinned api-versions"
    return [layout.package_dir(version) for version in versions]


def test_no_generated_model_imports_a_model_per_call(repo_root: Path) -> None:
    for package in _packages(repo_root):
        check_hoisted(package)
        texts = [p.read_text(encoding="utf-8") for p in (package / "models").glob("*.py")]
        hoisted = sum("# aoai: the models this one refers to" in text for text in texts)
        assert hoisted > 20, f"{package.name}: only {hoisted} models refer to others"
        assert not any("noqa: PLC0415" in text for text in texts)
        assert not any(re.search(r"\bcast\((?!\s*\")", text) for text in texts), "a cast builds its type"


def test_every_model_module_imports_in_a_fresh_interpreter(repo_root: Path) -> None:
    """Models that refer to each other (cycles) still import, in any order the first touch picks."""
    for package in _packages(repo_root):
        names = sorted(p.stem for p in (package / "models").glob("*.py") if p.stem != "__init__")
        script = (
            "import importlib, sys\n"
            f"names = {names!r}\n"
            # Reverse order too: each cycle is entered from both ends.
            "for order in (names, names[::-1]):\n"
            f"    for m in [k for k in sys.modules if k.startswith('{package.name}.models.')]:\n"
            "        del sys.modules[m]\n"
            "    for name in order:\n"
            f"        importlib.import_module('{package.name}.models.' + name)\n"
            "print(len(names))\n"
        )
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=package.parent, capture_output=True, text=True, timeout=120
        )
        assert out.returncode == 0, out.stderr[-2000:]
        assert out.stdout.strip() == str(len(names))


def test_a_hoisted_model_still_decodes_its_nested_models(repo_root: Path) -> None:
    package = _packages(repo_root)[0]
    models = importlib.import_module(f"{package.name}.models")
    chunk = models.CreateChatCompletionStreamResponse.from_dict(
        {
            "id": "c1",
            "created": 1,
            "model": "m",
            "object": "chat.completion.chunk",
            "choices": [{"index": 0, "delta": {"content": "hi", "role": "assistant"}, "finish_reason": None}],
        }
    )
    delta = chunk.choices[0].delta
    assert type(delta).__name__ == "ChatCompletionStreamResponseDelta"
    assert delta.content == "hi"
    assert chunk.to_dict()["choices"][0]["delta"] == {"content": "hi", "role": "assistant"}


def _model(tmp_path: Path, body: str, *, name: str = "thing") -> Path:
    package = tmp_path / "aoai_vtest"
    (package / "models").mkdir(parents=True, exist_ok=True)
    (package / "models" / "other.py").write_text(
        "class Other:\n    @classmethod\n    def from_dict(cls, d):\n        return cls()\n", encoding="utf-8"
    )
    (package / "models" / f"{name}.py").write_text(body, encoding="utf-8")
    return package


def test_a_model_importing_a_model_inside_a_function_is_refused(tmp_path: Path) -> None:
    package = _model(
        tmp_path,
        "class Thing:\n    @classmethod\n    def from_dict(cls, d):\n"
        "        from ..models.other import Other\n        return cls()\n",
    )
    with pytest.raises(HoistError) as caught:
        check_hoisted(package)
    assert "aoai_vtest/models/thing.py: imports a model inside a function" in str(caught.value)


def test_a_model_importing_a_model_above_its_class_is_refused(tmp_path: Path) -> None:
    package = _model(tmp_path, "from ..models.other import Other\n\n\nclass Thing:\n    pass\n")
    with pytest.raises(HoistError) as caught:
        check_hoisted(package)
    assert "aoai_vtest/models/thing.py: imports the model module other above its class" in str(caught.value)


def test_an_enum_imported_above_the_class_is_fine(tmp_path: Path) -> None:
    package = _model(tmp_path, "from ..models.kind import Kind\n\n\nclass Thing:\n    pass\n")
    (package / "models" / "kind.py").write_text("class Kind(str):\n    pass\n", encoding="utf-8")
    check_hoisted(package)


def test_a_rewrite_that_no_longer_matches_the_stock_template_fails_naming_it() -> None:
    with pytest.raises(StaleRewriteError) as caught:
        rewrite("model.py.jinja", "a template openapi-python-client rewrote\n", IMPORTS_AT_END)
    assert "models referred to: not under TYPE_CHECKING at the top" in str(caught.value)
    assert "model.py.jinja" in str(caught.value)


def test_the_rewrites_match_the_installed_stock_templates() -> None:
    stock = stock_templates()
    model = rewrite("model.py.jinja", stock["model.py.jinja"], IMPORTS_AT_END)
    assert model is not None
    assert "TYPE_CHECKING:" not in model and "PLC0415" not in model
    casts = [
        rewrite(name, text, (QUOTED_CASTS,)) for name, text in stock.items() if name.startswith("property_")
    ]
    assert sum(text is not None for text in casts) >= 2  # union and list properties at least
