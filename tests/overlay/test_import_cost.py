"""`import aoai` and constructing a client load neither azure-identity/azure-core nor generated code
(nor the typed facade: `aoai_typing` and `aoai.types` are for type checkers), nor the bulk runner
and its progress bar (tqdm), nor the pacer unless a client asks for pacing.

For every generated api-version (the list comes from the pins, so a version added later is
covered with no edit): construction finds the package without importing it.
"""

from __future__ import annotations

import json
import subprocess
import sys

from aoai.versions import package_name
from aoai_codegen.layout import Layout
from aoai_codegen.pins import known_versions

from tests.conftest import ROOT

SCRIPT = """
import json, sys
import aoai
versions = json.loads(sys.argv[1])
for version in versions:
    aoai.AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version=version, api_key="k")
    aoai.AsyncAzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version=version, api_key="k")
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("azure", "aoai_v", "aoai_typing", "aoai.types", "openai", "tqdm", "aoai.bulk", "aoai.pacing")))))
"""

PACED = """
import json, sys
import aoai
c = aoai.AzureOpenAI(azure_endpoint="https://x.openai.azure.com", api_version="2024-10-21", api_key="k", pacing=True)
print(json.dumps(sorted(m for m in sys.modules if m.startswith(("tqdm", "aoai.bulk", "aoai.pacing")))))
"""


def test_import_and_construct_stay_lean_for_every_version() -> None:
    versions = known_versions(Layout.at(ROOT))
    assert len(versions) >= 5
    for version in versions:
        assert (ROOT / "generated" / package_name(version)).is_dir(), f"{version} not generated"
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(versions)], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == []


def test_pacing_loads_only_the_pacer() -> None:
    out = subprocess.run([sys.executable, "-c", PACED], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == ["aoai.pacing", "aoai.pacing.cost", "aoai.pacing.pacer", "aoai.pacing.state"]
