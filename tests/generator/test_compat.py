"""Generated enums run on Python 3.10: `(str, Enum)` where the stock template writes 3.11's StrEnum."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from aoai_codegen.compat import CompatError, check_enums
from aoai_codegen.layout import Layout
from aoai_codegen.pins import known_versions


def test_every_generated_package_has_3_10_enums(repo_root: Path) -> None:
    layout = Layout.at(repo_root)
    for version in known_versions(layout):
        package = layout.package_dir(version)
        check_enums(package)  # raises on any StrEnum
        texts = [p.read_text(encoding="utf-8") for p in (package / "models").glob("*.py")]
        assert sum("(str, Enum):" in text for text in texts) >= 10, version


def test_a_generated_string_enum_behaves_as_a_str_enum_would() -> None:
    models = importlib.import_module("aoai_v2024_10_21.models")
    member = models.AudioResponseFormat.VERBOSE_JSON
    assert isinstance(member, str) and member == "verbose_json"
    assert str(member) == "verbose_json" and f"{member}" == "verbose_json"
    assert json.dumps({"f": member}) == '{"f": "verbose_json"}'
    assert models.AudioResponseFormat("srt") is models.AudioResponseFormat.SRT


def test_a_package_using_str_enum_is_refused_naming_the_module(tmp_path: Path) -> None:
    models = tmp_path / "aoai_vtest" / "models"
    models.mkdir(parents=True)
    (models / "colour.py").write_text("from enum import StrEnum\n\nclass Colour(StrEnum):\n    RED = 'red'\n")
    (models / "size.py").write_text(
        "from enum import Enum  # not StrEnum\n\nclass Size(str, Enum):\n    S = 's'\n"
    )
    with pytest.raises(CompatError) as caught:
        check_enums(tmp_path / "aoai_vtest")
    assert "aoai_vtest/models/colour.py" in str(caught.value) and "size.py" not in str(caught.value)
