"""The generated modules import httpx2 (the stock templates say httpx), and a package that does not is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from aoai_codegen.layout import Layout
from aoai_codegen.pins import known_versions
from aoai_codegen.transport import TransportImportError, check_imports


def test_every_generated_package_imports_httpx2_only(repo_root: Path) -> None:
    layout = Layout.at(repo_root)
    versions = known_versions(layout)
    assert versions, "no pinned api-versions"
    for version in versions:
        package = layout.package_dir(version)
        modules = [p.read_text(encoding="utf-8") for p in package.rglob("*.py")]
        assert (
            sum("import httpx2 as httpx" in text for text in modules)
            > len(list((package / "api").rglob("*.py"))) // 2
        )
        check_imports(package)  # raises on any `import httpx` / `from httpx import`


@pytest.mark.parametrize("line", ["import httpx", "from httpx import Response", "import httpx._types as t"])
def test_a_module_importing_httpx_is_refused_naming_it(tmp_path: Path, line: str) -> None:
    package = tmp_path / "aoai_vtest"
    (package / "api").mkdir(parents=True)
    (package / "api" / "op.py").write_text(f'"""An operation."""\n\n{line}\n', encoding="utf-8")
    (package / "client.py").write_text("import httpx2 as httpx\n", encoding="utf-8")
    with pytest.raises(TransportImportError) as caught:
        check_imports(package)
    assert f"aoai_vtest/api/op.py: {line}" in str(caught.value)
    assert "client.py" not in str(caught.value)
